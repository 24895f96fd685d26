//! The moderators' page (`/moderate`, its own app: [`crate::ModerateApp`]): sign in with a
//! token, then the queue of pending deeds shown as the public cards will show them, with
//! Publish and Reject (and keyboard shortcuts); adding a university; unpublishing a deed;
//! the audit log; and, for an inbox that publishes into a bucket, what the bucket lacks
//! yet. The parts are in `moderate_page/`; their logic, apart from the views, in
//! [`crate::app::moderation`].

mod add_university;
mod audit_log;
mod messages;
mod publications;
mod queue;
mod queue_entry;
mod reject_form;
mod sign_in;
mod submission_photos;
mod unlisted_picks;
mod unpublish;

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::page_heading::PageHeading;
use crate::app::moderation::session::use_session;
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::feed::Directory;

/// What the last action did, announced in the page's status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Announcement {
    Approved(u64),
    Rejected,
    Added(String),
    Unpublished(u64),
}

/// What the parts of the signed-in page share.
#[derive(Clone, Copy)]
pub struct Desk {
    /// The last action's result.
    pub announcement: RwSignal<Option<Announcement>>,
    /// Bumped after every action, so the audit log reads itself again.
    pub audit_version: RwSignal<u32>,
    /// The listed universities as last loaded (kept while they load again after a
    /// university is added, so nothing on the page is rebuilt meanwhile).
    pub directory: RwSignal<Option<Arc<Directory>>>,
}

impl Desk {
    /// Records a successful action.
    pub fn done(self, announcement: Announcement) {
        self.announcement.set(Some(announcement));
        self.audit_version.update(|v| *v += 1);
    }
}

/// The moderators' page.
#[component]
pub fn ModeratePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = Memo::new(move |_| session.signed_in());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, moderate.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, moderate.intro).to_string())
        />
        {move || {
            if signed_in.get() {
                view! { <SignedIn /> }.into_any()
            } else {
                view! { <sign_in::SignIn /> }.into_any()
            }
        }}
    }
}

/// Everything a signed-in moderator works with.
#[component]
fn SignedIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let store = use_store();
    let desk = Desk {
        announcement: RwSignal::new(None),
        audit_version: RwSignal::new(0),
        directory: RwSignal::new(None),
    };
    provide_context(desk);
    Effect::new(move |_| {
        if let Some(Ok(directory)) = store.directory.get() {
            desk.directory.set(Some(directory));
        }
    });
    let announcement = move || {
        desk.announcement.get().map(|done| match done {
            Announcement::Approved(n) => {
                t_string!(i18n, moderate.approved, n = n)
            }
            Announcement::Rejected => t_string!(i18n, moderate.rejected).to_string(),
            Announcement::Added(id) => t_string!(i18n, moderate.added, name = &id),
            Announcement::Unpublished(n) => {
                t_string!(i18n, moderate.unpublished, n = n)
            }
        })
    };
    view! {
        <div class="moderate-bar">
            <p class="moderate-bar__status" role="status">
                {announcement}
            </p>
            <button type="button" class="secondary-button" on:click=move |_| session.sign_out()>
                {move || t_string!(i18n, moderate.sign_out)}
            </button>
        </div>
        <publications::PublicationsNote />
        <queue::QueueSection />
        <add_university::AddUniversity />
        <unpublish::Unpublish />
        <audit_log::AuditLog />
    }
}
