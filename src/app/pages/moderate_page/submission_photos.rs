//! A pending submission's photos, as the moderator judges them: each at a useful size,
//! fetched from the inbox with the moderator's token (`GET moderation/photos/{id}/{index}`,
//! the inbox's re-encoded JPEG) and shown from a `blob:` address that is revoked when the
//! entry goes; each with the student's description (its alt text once published) and a
//! "Leave this photo out" switch, which the approval sends as `Picks.remove_photos`.

use leptos::prelude::*;

use super::messages::error_text;
use crate::app::moderation::{
    client::{ModerationError, revoke_object_url},
    session::use_session,
};
use crate::i18n::{t_string, use_i18n};
use crate::model::photo::PhotoNote;

/// Marks photo `index` as left out (`leave_out`) or kept, keeping `removed` sorted and
/// without repeats.
pub fn set_left_out(removed: &mut Vec<usize>, index: usize, leave_out: bool) {
    match (removed.binary_search(&index), leave_out) {
        (Err(at), true) => removed.insert(at, index),
        (Ok(at), false) => {
            removed.remove(at);
        }
        _ => {}
    }
}

/// What one photo shows while and after it loads.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    Ready(String),
    Failed(ModerationError),
}

/// The photos of submission `id`.
#[component]
pub fn SubmissionPhotos(
    /// The submission's id.
    id: String,
    /// Its photos' descriptions, in order (index = the photo's).
    notes: Vec<PhotoNote>,
    /// The entry's element id, for the switches' ids.
    entry_id: String,
    /// The photos left out, by index, sorted.
    removed: RwSignal<Vec<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let each = notes
        .into_iter()
        .enumerate()
        .map(|(index, note)| {
            view! {
                <SubmissionPhoto
                    id=id.clone()
                    index
                    alt=note.alt
                    switch_id=format!("{entry_id}-photo-{index}")
                    removed
                />
            }
        })
        .collect_view();
    view! {
        <section class="queue-photos" data-testid="queue-photos">
            <h3 class="queue-photos__title">{move || t_string!(i18n, moderate.photos.title)}</h3>
            <ul class="queue-photos__list">{each}</ul>
        </section>
    }
}

/// One photo: fetched once, its `blob:` address revoked when it goes.
#[component]
fn SubmissionPhoto(
    /// The submission's id.
    id: String,
    /// The photo's index.
    index: usize,
    /// The student's description.
    alt: String,
    /// The switch's element id.
    switch_id: String,
    /// The photos left out, by index.
    removed: RwSignal<Vec<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let shown = RwSignal::new(Shown::Loading);
    // The `blob:` address, kept outside the signal so the cleanup reaches it whatever
    // the order things are disposed in; `None` inside once the entry has gone.
    let kept = std::sync::Arc::new(std::sync::Mutex::new(Some(None::<String>)));
    if let Some(moderator) = session.moderator_now() {
        let kept = kept.clone();
        leptos::task::spawn_local(async move {
            let next = match moderator.photo(&id, index).await {
                Ok(url) => {
                    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
                    match kept.as_mut() {
                        Some(slot) => *slot = Some(url.clone()),
                        // The entry went while the photo came: nobody shows it.
                        None => {
                            revoke_object_url(&url);
                            return;
                        }
                    }
                    Shown::Ready(url)
                }
                Err(error) => match session.unless_refused(error) {
                    Some(error) => Shown::Failed(error),
                    None => return,
                },
            };
            shown.try_set(next);
        });
    }
    on_cleanup(move || {
        let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(Some(url)) = kept.take() {
            revoke_object_url(&url);
        }
    });
    let left_out = move || removed.with(|r| r.binary_search(&index).is_ok());
    let picture = {
        let alt = alt.clone();
        move || {
            match shown.get() {
            Shown::Loading => view! {
                <p class="queue-photo__status">{move || t_string!(i18n, moderate.photos.loading)}</p>
            }
            .into_any(),
            Shown::Ready(url) => view! {
                <img class="queue-photo__image" src=url alt=alt.clone() data-testid="queue-photo" />
            }
            .into_any(),
            Shown::Failed(error) => view! {
                <p class="queue-photo__status" role="alert">
                    {move || t_string!(i18n, moderate.photos.failed)} " " {error_text(i18n, &error)}
                </p>
            }
            .into_any(),
        }
        }
    };
    view! {
        <li class="queue-photo" class:queue-photo--left-out=left_out>
            <div class="queue-photo__frame">{picture}</div>
            <p class="queue-photo__alt">
                <span class="queue-photo__label">{move || t_string!(i18n, moderate.photos.description)}</span>
                " "
                {alt.clone()}
            </p>
            <label class="queue-photo__leave" for=switch_id.clone()>
                <input
                    type="checkbox"
                    id=switch_id.clone()
                    data-testid="leave-photo-out"
                    prop:checked=left_out
                    on:change=move |event| {
                        let leave_out = event_target_checked(&event);
                        removed.update(|r| set_left_out(r, index, leave_out));
                    }
                />
                " "
                {move || t_string!(i18n, moderate.photos.leave_out)}
            </label>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_left_out_stay_sorted_and_unique() {
        let mut removed = Vec::new();
        set_left_out(&mut removed, 2, true);
        set_left_out(&mut removed, 0, true);
        set_left_out(&mut removed, 2, true);
        assert_eq!(removed, vec![0, 2]);
        set_left_out(&mut removed, 0, false);
        set_left_out(&mut removed, 1, false);
        assert_eq!(removed, vec![2]);
    }
}
