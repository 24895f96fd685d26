//! A list of deeds that loads page by page from the static store, newest or oldest first,
//! keeping only those that pass the filters: used by the feed and by a university's page.
//!
//! It reads the smallest stored list that holds every match (see
//! [`crate::model::feed::Filter::list`]) and shows a batch at a time; "show more" (or
//! scrolling to the end) loads the next. A failed page shows a translated error for the
//! list alone, with a retry that resumes where it stopped.
//!
//! The parts: reading one step from the store ([`step`]; the unfiltered feed's first from
//! the newest deeds' file, [`newest`]), the feed's state and the showing
//! of each batch ([`loader`]), and what the feed says above and below its cards
//! ([`status`], plain functions built where this view used to build them inline, which
//! keeps the feed's first load from growing).

mod loader;
mod newest;
mod search;
mod status;
mod step;

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::deed_card::DeedCard;
use crate::app::hooks::use_near_viewport::{UseNearViewportReturn, use_near_viewport};
use crate::app::state::store_cache::use_store;
use crate::model::feed::{Directory, Filter};
pub use loader::MAX_LIVE_CARDS;
use loader::{Feed, Status};
pub use search::prepare as prepare_search;
use status::{feed_footer, result_count, trimmed_notice};

/// The deeds that pass `filter`, loaded a batch at a time.
#[component]
pub fn DeedFeed(
    /// Which deeds to show; a change starts the list again.
    filter: Signal<Filter>,
) -> impl IntoView {
    let store = use_store();
    let feed = Feed::new(filter, store);
    crate::app::rendering::effect(move || {
        filter.track();
        feed.restart();
    });

    let directory = move || {
        store
            .directory
            .get()
            .and_then(Result::ok)
            .unwrap_or_else(|| Arc::new(Directory::default()))
    };
    // Infinite scroll: near the end of the list, load the next batch; the button stays for
    // keyboards, screen readers and browsers without IntersectionObserver.
    let end = NodeRef::<leptos::html::Div>::new();
    let UseNearViewportReturn { near } = use_near_viewport(end);
    Effect::new(move |_| {
        if near.get() && feed.status.get_untracked() == Status::More {
            feed.load();
        }
    });

    let retry = Callback::new(move |()| {
        store.retry();
        feed.load();
    });

    view! {
        <div
            class="feed"
            class:feed--stale=move || feed.stale.get()
            aria-busy=move || (feed.status.get() == Status::Loading).to_string()
        >
            {result_count(feed)}
            {trimmed_notice(feed)}
            <For each=move || feed.items.get() key=|deed| deed.id let:deed>
                <DeedCard
                    first=feed.items.with_untracked(|items| items.first().map(|d| d.id)) == Some(deed.id)
                    deed=deed
                    directory=directory()
                />
            </For>
            {feed_footer(feed, retry)}
            <div node_ref=end class="feed__end" aria-hidden="true"></div>
        </div>
    }
}
