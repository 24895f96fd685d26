//! The line under the form that says what happened when the student pressed Send, and
//! then what happens to the deed: sending, kept on this phone until a connection, sent
//! and waiting for a moderator, published or not ([`Progress`], the outbox's rule).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::base_path::href;
use crate::app::outbox::{Progress, sender::use_outbox};
use crate::i18n::{t_string, use_i18n};

/// What the last press of Send did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The deed is kept in the outbox under this id; the outbox says what became of it.
    Kept(String),
    /// The phone's storage refused it: nothing was kept.
    StorageFailed,
    /// The phone has no room for its photos: nothing was kept, nothing kept before lost.
    PhotosFull,
    /// Some fields need fixing first.
    Fix,
}

impl Notice {
    /// Its class modifier (`notice--saved`), for its colour.
    pub fn class(&self) -> &'static str {
        match self {
            Notice::Kept(_) => "saved",
            Notice::StorageFailed | Notice::PhotosFull => "storage",
            Notice::Fix => "fix",
        }
    }
}

/// The notice, announced politely to screen readers.
#[component]
pub fn SubmitNotice(
    /// The notice to show, if any.
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    // Whether the browser thinks it is online, followed as it changes.
    let online = RwSignal::new(is_online());
    #[cfg(target_arch = "wasm32")]
    {
        let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
    }
    let follow = move |_| {
        if let Some(mine) = document().get_element_by_id("mine-title") {
            mine.scroll_into_view();
        }
    };
    view! {
        <div role="status" class="submit-form__notice" data-testid="submit-notice">
            {move || notice.get().map(|notice| {
                let class = notice.class();
                let progress = match &notice {
                    Notice::Kept(id) => outbox.entries.with(|entries| {
                        Progress::of(entries.iter().find(|e| &e.submission.id == id), online.get())
                    }),
                    _ => None,
                };
                let (text, state) = match (&notice, &progress) {
                    (Notice::StorageFailed, _) => (t_string!(i18n, submit.storage_failed), "storage"),
                    (Notice::PhotosFull, _) => (t_string!(i18n, submit.photos.storage_full), "photos-full"),
                    (Notice::Fix, _) => (t_string!(i18n, submit.fix), "fix"),
                    (Notice::Kept(_), None) => return None,
                    (Notice::Kept(_), Some(Progress::Sending)) => (t_string!(i18n, submit.sending), "sending"),
                    (Notice::Kept(_), Some(Progress::Queued)) => (t_string!(i18n, submit.saved), "queued"),
                    (Notice::Kept(_), Some(Progress::Sent)) => (t_string!(i18n, submit.sent), "sent"),
                    (Notice::Kept(_), Some(Progress::Published { .. })) => (t_string!(i18n, submit.state.published), "published"),
                    (Notice::Kept(_), Some(Progress::Rejected)) => (t_string!(i18n, submit.rejected), "rejected"),
                    (Notice::Kept(_), Some(Progress::NeedsAttention)) => (t_string!(i18n, submit.attention), "attention"),
                };
                let action = match progress {
                    Some(Progress::Published { deed_id }) => Some(view! {
                        " " <A href=href(&format!("/deed/{deed_id}"))>{move || t_string!(i18n, submit.open)}</A>
                    }.into_any()),
                    Some(Progress::Sent | Progress::Rejected | Progress::NeedsAttention) => Some(view! {
                        " " <button type="button" class="link-button" on:click=follow>
                            {move || t_string!(i18n, submit.follow)}
                        </button>
                    }.into_any()),
                    _ => None,
                };
                Some(view! {
                    <p class=format!("notice notice--{class}") data-progress=state>{text}{action}</p>
                })
            })}
        </div>
    }
}

/// The browser's word on the connection (natively, online).
fn is_online() -> bool {
    #[cfg(target_arch = "wasm32")]
    return window().navigator().on_line();
    #[cfg(not(target_arch = "wasm32"))]
    true
}
