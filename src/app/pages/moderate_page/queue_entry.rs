//! One pending deed: the public card as it will show, when it arrived, its photos (each
//! of which may be left out), a listed id to pick for each university the student could
//! not find, Publish and Reject, and the keyboard's shortcuts while it has the focus. A
//! refused action leaves everything typed in place and says why next to the field at
//! fault, or under the buttons.

use std::sync::Arc;

use leptos::{
    ev::{KeyboardEvent, MouseEvent},
    html,
    prelude::*,
    wasm_bindgen::JsCast,
};

use super::{
    Announcement, Desk,
    messages::error_text,
    queue::{entry_id, focus_later},
    reject_form::RejectForm,
    submission_photos::SubmissionPhotos,
    unlisted_picks::{UnlistedPicks, errors_at, pick_id},
};
use crate::app::components::{dates::format_date, deed_card::DeedCard};
use crate::app::moderation::{
    client::ModerationError,
    preview::{leads_nowhere, picks, preview},
    session::use_session,
    shortcuts::{Shortcut, shortcut},
    when::on_readers_clock,
};
use crate::i18n::{Locale, t_string, td_string, use_i18n};
use crate::model::{
    Lang,
    feed::Directory,
    moderation::{Picks, QueueItem, ReasonError, check_reason},
    rules::FieldError,
};

/// The "not listed" mark in each language, for the card's placeholders.
fn unlisted_mark(lang: Lang) -> String {
    match lang {
        Lang::Kk => td_string!(Locale::kk, moderate.unlisted_mark),
        Lang::Ru => td_string!(Locale::ru, moderate.unlisted_mark),
        Lang::En => td_string!(Locale::en, moderate.unlisted_mark),
    }
    .to_string()
}

/// Whether a key press comes from a field the moderator types in.
fn typing(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
}

/// Moves the focus to the entry before or after the one `event` happened in.
fn focus_sibling(event: &KeyboardEvent, next: bool) {
    let Some(entry) = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let sibling = if next {
        entry.next_element_sibling()
    } else {
        entry.previous_element_sibling()
    };
    if let Some(sibling) = sibling.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = sibling.focus();
    }
}

/// A pending deed in the queue.
#[component]
pub fn QueueEntry(
    /// The submission.
    item: QueueItem,
    /// The listed universities.
    directory: Arc<Directory>,
    /// Called with the submission's id once it is published or rejected.
    on_decided: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let desk = expect_context::<Desk>();
    let shown = preview(&item, &directory, unlisted_mark);
    let unlisted = StoredValue::new(shown.unlisted.clone());
    let submission = StoredValue::new(item.submission.clone());
    let dom_id = entry_id(&item.id);
    let chosen = RwSignal::new(vec![String::new(); shown.unlisted.len()]);
    let pick_problems = RwSignal::new(Vec::new());
    let removed_photos = RwSignal::new(Vec::<usize>::new());
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_problem = RwSignal::new(None::<ReasonError>);
    let failure = RwSignal::new(None::<ModerationError>);
    let pending = RwSignal::new(false);
    let reject_button = NodeRef::<html::Button>::new();
    let pick_field = {
        let dom_id = dom_id.clone();
        move |index: usize| pick_id(&dom_id, index)
    };

    // Runs after an answer, when the page may have moved on (signed out): nothing here
    // may insist that the entry still exists.
    let finish = move |id: String, answer: Result<Announcement, ModerationError>| match answer {
        Ok(done) => {
            desk.done(done);
            on_decided.try_run(id);
        }
        Err(error) => {
            if let Some(error) = session.unless_refused(error) {
                failure.try_set(Some(error));
            }
        }
    };
    let approve = {
        let pick_field = pick_field.clone();
        let id = item.id.clone();
        move || {
            if pending.get_untracked() {
                return;
            }
            let known = |id: &str| {
                desk.directory
                    .with_untracked(|d| d.as_ref().is_some_and(|d| d.get(id).is_some()))
            };
            let picked = submission.with_value(|s| picks(s, &chosen.get_untracked(), known));
            let picks = match picked {
                Ok(picks) => Picks {
                    remove_photos: removed_photos.get_untracked(),
                    ..picks
                },
                Err(problems) => {
                    if let Some((first, _)) = problems.first() {
                        focus_later(pick_field(*first));
                    }
                    pick_problems.set(problems);
                    return;
                }
            };
            pick_problems.set(Vec::new());
            let Some(moderator) = session.moderator_now() else {
                return;
            };
            pending.set(true);
            failure.set(None);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let answer = moderator.approve(&id, &picks).await;
                pending.try_set(false);
                finish(
                    id,
                    answer.and_then(|status| {
                        status.deed_id.map(Announcement::Approved).ok_or_else(|| {
                            ModerationError::Invalid("an approval without a deed number".into())
                        })
                    }),
                );
            });
        }
    };
    let start_reject = move || {
        rejecting.set(true);
        failure.set(None);
    };
    let confirm_reject = Callback::new({
        let id = item.id.clone();
        move |()| {
            if pending.get_untracked() {
                return;
            }
            let text = reason.get_untracked();
            if let Err(problem) = check_reason(&text) {
                reason_problem.set(Some(problem));
                return;
            }
            reason_problem.set(None);
            let Some(moderator) = session.moderator_now() else {
                return;
            };
            pending.set(true);
            failure.set(None);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let answer = moderator.reject(&id, &text).await;
                pending.try_set(false);
                finish(id, answer.map(|_| Announcement::Rejected));
            });
        }
    });
    let cancel_reject = Callback::new(move |()| {
        rejecting.set(false);
        reason_problem.set(None);
        if let Some(button) = reject_button.get_untracked() {
            let _ = button.focus();
        }
    });
    let on_key = {
        let approve = approve.clone();
        move |event: KeyboardEvent| {
            let modified = event.ctrl_key() || event.alt_key() || event.meta_key();
            let Some(action) = shortcut(&event.key(), modified, typing(&event)) else {
                return;
            };
            event.prevent_default();
            match action {
                Shortcut::Approve => approve(),
                Shortcut::Reject => start_reject(),
                Shortcut::Next => focus_sibling(&event, true),
                Shortcut::Previous => focus_sibling(&event, false),
            }
        }
    };
    // The card's links to pages that do not exist before publication go nowhere.
    let on_click = |event: MouseEvent| {
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten());
        if link.is_some_and(|a| leads_nowhere(&a.get_attribute("href").unwrap_or_default())) {
            event.prevent_default();
        }
    };

    let received = item.received_at.clone();
    let received_text = move || {
        let when = on_readers_clock(&received)?;
        let at = t_string!(
            i18n,
            moderate.when_pattern,
            date = format_date(i18n, when.date),
            time = when.clock()
        );
        Some(t_string!(i18n, moderate.received, when = at))
    };
    let picks_view = (!shown.unlisted.is_empty()).then(|| {
        view! {
            <UnlistedPicks
                entry_id=dom_id.clone()
                unlisted=shown.unlisted.clone()
                chosen=chosen
                problems=pick_problems
                failure=failure
            />
        }
    });
    // What the inbox said that no pick field shows.
    let general_failure = move || {
        failure.with(|f| match f {
            Some(ModerationError::Fields(errors)) => {
                let rest: Vec<FieldError> = errors
                    .iter()
                    .filter(|e| {
                        unlisted.with_value(|u| u.iter().all(|u| !errors_at(f, u).contains(e)))
                    })
                    .cloned()
                    .collect();
                (!rest.is_empty()).then(|| error_text(i18n, &ModerationError::Fields(rest)))
            }
            Some(error) => Some(error_text(i18n, error)),
            None => None,
        })
    };
    let photos_view = (!item.submission.photos.is_empty()).then(|| {
        view! {
            <SubmissionPhotos
                id=item.id.clone()
                notes=item.submission.photos.clone()
                entry_id=dom_id.clone()
                removed=removed_photos
            />
        }
    });
    let reject_form_id = format!("{dom_id}-reject");
    view! {
        <li
            class="queue-entry"
            id=dom_id.clone()
            tabindex="0"
            aria-label=shown.deed.title.clone()
            aria-keyshortcuts=Shortcut::all_keys()
            aria-busy=move || pending.get().to_string()
            on:keydown=on_key
            on:click=on_click
        >
            <p class="queue-entry__received">
                <time datetime=item.received_at.clone()>{received_text}</time>
            </p>
            <DeedCard deed=shown.deed.clone() directory=shown.directory.clone() />
            {photos_view}
            {picks_view}
            <div class="queue-entry__actions">
                <button
                    type="button"
                    class="button"
                    aria-keyshortcuts=Shortcut::Approve.key()
                    disabled=move || pending.get()
                    on:click=move |_| approve()
                >
                    {move || t_string!(i18n, moderate.approve)}
                </button>
                <button
                    node_ref=reject_button
                    type="button"
                    class="secondary-button"
                    aria-keyshortcuts=Shortcut::Reject.key()
                    aria-expanded=move || rejecting.get().to_string()
                    aria-controls={
                        let form = reject_form_id.clone();
                        move || rejecting.get().then(|| form.clone())
                    }
                    disabled=move || pending.get()
                    on:click=move |_| start_reject()
                >
                    {move || t_string!(i18n, moderate.reject)}
                </button>
            </div>
            {move || {
                rejecting
                    .get()
                    .then(|| {
                        view! {
                            <RejectForm
                                form_id=reject_form_id.clone()
                                reason=reason
                                problem=reason_problem
                                pending=pending
                                on_confirm=confirm_reject
                                on_cancel=cancel_reject
                            />
                        }
                    })
            }}
            <p class="queue-entry__error" role="alert">{general_failure}</p>
        </li>
    }
}
