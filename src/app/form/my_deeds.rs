//! "My deeds": the submissions this phone keeps in its outbox, newest first, each with
//! where it stands (waiting, and why when the inbox said; sent; published with a link;
//! declined with the reason; or needing the student's attention with each error or the
//! reason it was refused, and a way to correct it and send it again), and the photos of
//! those still waiting or sent, as small thumbnails read from the phone's storage, with
//! their descriptions as alt text.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::base_path::href;
use crate::app::components::dates::{format_date, lang_of};
use crate::app::form::{
    draft::{Draft, Problem},
    messages::message,
    photos::take_back,
};
use crate::app::outbox::{Held, Refusal, State, sender::use_outbox};
use crate::app::photo_files;
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};

/// The submissions this phone keeps, newest first, each with where it stands.
#[component]
pub fn MyDeeds(
    /// The form's draft, which "Correct" fills with a submission to fix.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let store = use_store();
    // The thumbnails of the deeds listed, from the phone's storage, once they are drawn.
    Effect::new(move |_| {
        outbox.entries.track();
        request_animation_frame(photo_files::show_kept);
    });
    let items = move || {
        outbox
            .entries
            .get()
            .into_iter()
            .map(|entry| {
                let id = entry.submission.id.clone();
                let (label, class) = match &entry.state {
                    State::Waiting => (t_string!(i18n, submit.state.waiting), "waiting"),
                    State::NeedsAttention { .. } => (t_string!(i18n, submit.state.attention), "attention"),
                    State::Sent => (t_string!(i18n, submit.state.sent), "sent"),
                    State::Published { .. } => (t_string!(i18n, submit.state.published), "published"),
                    State::Rejected { .. } => (t_string!(i18n, submit.state.rejected), "rejected"),
                };
                let detail = match entry.state.clone() {
                    State::Published { deed_id } => Some(
                        view! { <A href=href(&format!("/deed/{deed_id}"))>{move || t_string!(i18n, submit.open)}</A> }
                            .into_any(),
                    ),
                    State::Rejected { reason } => Some(
                        view! { <p>{move || t_string!(i18n, submit.reason)} " " {reason.clone()}</p> }.into_any(),
                    ),
                    State::Waiting => entry.held.map(|held| {
                        let why = match held {
                            Held::PhotoQuota => t_string!(i18n, mine.held_photo_quota),
                            Held::PhotoQueueFull => t_string!(i18n, mine.held_photo_queue_full),
                        };
                        view! { <p class="mine__why">{why}</p> }.into_any()
                    }),
                    State::NeedsAttention { errors, refusal } => {
                        let submission = entry.submission.clone();
                        let mut messages: Vec<String> =
                            errors.into_iter().map(|e| message(i18n, &Problem::Rule(e))).collect();
                        if let Some(refusal) = refusal {
                            messages.push(match refusal {
                                Refusal::TooLarge => t_string!(i18n, mine.refused_too_large),
                                Refusal::Unreadable => t_string!(i18n, mine.refused_unreadable),
                                Refusal::Conflict => t_string!(i18n, mine.refused_conflict),
                                Refusal::Unsupported => t_string!(i18n, mine.refused_unsupported),
                                Refusal::Refused => t_string!(i18n, mine.refused_other),
                            }.to_string());
                        }
                        Some(
                            view! {
                                <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                <button
                                    type="button"
                                    class="button"
                                    on:click=move |_| {
                                        if let Some(Ok(directory)) = store.directory.get_untracked() {
                                            let lang = lang_of(i18n.get_locale_untracked());
                                            draft.set(Draft::from_submission(&submission, &directory, lang));
                                            take_back(draft, submission.id.clone());
                                            if let Some(form) = document().query_selector(".submit-form").ok().flatten() {
                                                form.scroll_into_view();
                                            }
                                        }
                                    }
                                >
                                    {move || t_string!(i18n, submit.correct)}
                                </button>
                            }
                            .into_any(),
                        )
                    }
                    _ => None,
                };
                let deletable = matches!(entry.state, State::Waiting | State::NeedsAttention { .. } | State::Rejected { .. });
                let day = entry.submission.done_on;
                // Filled in from the phone's storage once drawn (`photo_files::show_kept`).
                let thumbnails = entry.keeps_photos().then(|| {
                    let kept = entry.submission.photos.iter().enumerate().map(|(i, note)| view! {
                        <li><img data-kept=format!("{id}/{i}") alt=note.alt.clone() width="64" height="64" /></li>
                    });
                    view! { <ul class="mine__photos" aria-label=move || t_string!(i18n, mine.photos)>{kept.collect_view()}</ul> }
                });
                view! {
                    <li class=format!("mine__item mine__item--{class}") data-state=class>
                        <strong>{entry.submission.title.clone()}</strong>
                        <span>{move || format_date(i18n, day)}</span>
                        <span class="mine__state">{label}</span>
                        {thumbnails}
                        {detail}
                        {deletable.then(|| view! {
                            <button type="button" class="button button--quiet" on:click=move |_| outbox.remove(&id)>
                                {move || t_string!(i18n, submit.delete)}
                            </button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="mine" aria-labelledby="mine-title" data-testid="my-deeds">
            <h2 id="mine-title">{move || t_string!(i18n, submit.mine_title)}</h2>
            <Show
                when=move || outbox.entries.with(|e| !e.is_empty())
                fallback=move || view! { <p>{move || t_string!(i18n, submit.mine_empty)}</p> }
            >
                <ul class="mine__list">{items}</ul>
            </Show>
        </section>
    }
}
