//! A list of deeds that loads page by page from the static store, newest or oldest first,
//! keeping only those that pass the filters: used by the feed and by a university's page.
//!
//! It reads the smallest stored list that holds every match (see
//! [`crate::model::feed::Filter::list`]) and shows a batch at a time; "show more" (or
//! scrolling to the end) loads the next. A failed page shows a translated error for the
//! list alone, with a retry that resumes where it stopped.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::api::ApiError;
use crate::app::components::{deed_card::DeedCard, error_view::ErrorView};
use crate::app::hooks::use_near_viewport::{UseNearViewportReturn, use_near_viewport};
use crate::app::state::store_cache::{StoreContext, use_store};
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    Deed,
    feed::{Directory, Filter, next_page},
    search_index::segment_of,
    store::{ListId, page_of_deed},
};

/// Deeds shown per step.
const BATCH: usize = 20;
/// Deeds shown first on opening the page: more than a tall screen holds, fewer to build
/// before the first paint.
const FIRST_BATCH: usize = 4;
/// Cards built per turn of the browser: a step's batch is added a few cards at a time, so
/// a letter typed or a chip pressed while a batch is being built waits for a few cards at
/// most, not for the whole batch.
const CARDS_PER_TURN: usize = 4;
/// Pages read per step at most, so a rare filter cannot read the whole store at once.
const MAX_PAGES_PER_STEP: usize = 20;
/// Index segments read per step at most.
const MAX_SEGMENTS_PER_STEP: usize = 3;
/// Cards kept in the page at most; scrolling further puts the earliest away, so a long
/// session on a phone keeps a bounded DOM.
pub const MAX_LIVE_CARDS: usize = 200;

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    More,
    Done,
    Failed(ApiError),
}

struct Step {
    deeds: Vec<Deed>,
    cursor: Option<u64>,
    done: bool,
}

/// The deeds of one unit of reading, in reading order: a page of the chosen list, or the
/// hits of one segment of the keyword index (then only the pages that hold them are read).
async fn read_unit(
    store: StoreContext,
    filter: &Filter,
    list: &ListId,
    unit: u64,
) -> Result<Vec<Deed>, ApiError> {
    let mut deeds = Vec::new();
    if filter.query.is_empty() {
        deeds.extend(store.page(list, unit).await?.iter().cloned());
    } else {
        for id in store.search_segment(unit).await?.find(&filter.query) {
            let page = store.page(&ListId::All, page_of_deed(id)).await?;
            deeds.extend(page.iter().find(|deed| deed.id == id).cloned());
        }
        deeds.reverse(); // hits come newest first; pages oldest first
    }
    if !filter.oldest_first {
        deeds.reverse();
    }
    Ok(deeds)
}

/// The next batch after `cursor`, the last unit read: pages of the smallest list that
/// answers the filters or, for a keyword search, segments of the index.
async fn load_step(
    store: StoreContext,
    filter: &Filter,
    cursor: Option<u64>,
    carried: Vec<Deed>,
) -> Result<Step, ApiError> {
    let manifest = store.manifest.await?;
    let directory = store.directory.await?;
    let list = filter.list(&manifest);
    let (last, max_units) = if filter.query.is_empty() {
        (manifest.last_page(&list), MAX_PAGES_PER_STEP)
    } else {
        let last = (manifest.last_id > 0).then(|| segment_of(manifest.last_id));
        (last, MAX_SEGMENTS_PER_STEP)
    };
    let mut current = cursor;
    let mut found = carried;
    for _ in 0..max_units {
        if found.len() >= BATCH {
            break;
        }
        let Some(unit) = next_page(last, filter.oldest_first, current) else {
            break;
        };
        current = Some(unit);
        for deed in read_unit(store, filter, &list, unit).await? {
            if directory.get(&deed.university).is_none() {
                leptos::logging::warn!(
                    "deed {} names an unknown university {:?}: skipped",
                    deed.id,
                    deed.university
                );
                continue;
            }
            // A deed the keyword index found matches the words already.
            let passes = if filter.query.is_empty() {
                filter.matches(&deed, &directory)
            } else {
                filter.matches_besides_keywords(&deed, &directory)
            };
            if passes {
                found.push(deed);
            }
        }
    }
    let done = next_page(last, filter.oldest_first, current).is_none();
    Ok(Step {
        deeds: found,
        cursor: current,
        done,
    })
}

/// Waits for the browser's next turn (a zero-delay timer), so what the reader just did is
/// painted before a batch of cards is built.
async fn yield_to_browser() {
    #[cfg(target_arch = "wasm32")]
    {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// The deeds that pass `filter`, loaded a batch at a time.
#[component]
pub fn DeedFeed(
    /// Which deeds to show; a change starts the list again.
    filter: Signal<Filter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let items = RwSignal::new(Vec::<Deed>::new());
    let status = RwSignal::new(Status::Loading);
    let cursor = StoredValue::new(None::<u64>);
    // Deeds read but not shown yet: a step shows at most BATCH cards.
    let carried = StoredValue::new(Vec::<Deed>::new());
    let generation = StoredValue::new(0_u64);
    let trimmed = RwSignal::new(false);
    // After a change of filters, the cards shown are the previous filters' until the first
    // batch of the new ones replaces them all at once: the change itself (a pressed chip,
    // a typed letter) paints at once, without first taking every card down.
    let stale = RwSignal::new(false);
    let shown = StoredValue::new(false);

    let load = move || {
        let mine = generation.get_value();
        status.set(Status::Loading);
        let filter = filter.get_untracked();
        leptos::task::spawn_local(async move {
            let step = load_step(store, &filter, cursor.get_value(), carried.get_value()).await;
            // Let the browser paint the pressed button or typed letter before the cards. The
            // page's first cards go with its first paint instead, and are only as many as a
            // screen holds: the rest follow as the end of the list comes near.
            let first = !shown.get_value();
            if !first {
                yield_to_browser().await;
            }
            if generation.get_value() != mine {
                return; // the filters changed meanwhile
            }
            match step {
                Ok(mut step) => {
                    let size = if first { FIRST_BATCH } else { BATCH };
                    shown.set_value(true);
                    let rest = step.deeds.split_off(step.deeds.len().min(size));
                    let done = step.done && rest.is_empty();
                    carried.set_value(rest);
                    cursor.set_value(step.cursor);
                    step.done = done;
                    let mut deeds = step.deeds.into_iter().peekable();
                    let mut turn = 0;
                    while turn == 0 || deeds.peek().is_some() {
                        if turn > 0 {
                            yield_to_browser().await;
                            if generation.get_value() != mine {
                                return; // the filters changed meanwhile
                            }
                        }
                        turn += 1;
                        let chunk: Vec<Deed> = deeds.by_ref().take(CARDS_PER_TURN).collect();
                        // The first cards of new filters replace the previous filters' all
                        // at once.
                        let replace = stale.get_untracked();
                        stale.set(false);
                        items.update(|items| {
                            if replace {
                                items.clear();
                            }
                            // A deed shown already is not shown twice: after an unpublish,
                            // a list's pages shift by one under a reader's older manifest.
                            for deed in chunk {
                                if !items.iter().any(|shown| shown.id == deed.id) {
                                    items.push(deed);
                                }
                            }
                            if items.len() > MAX_LIVE_CARDS {
                                items.drain(..items.len() - MAX_LIVE_CARDS);
                                trimmed.set(true);
                            }
                        });
                    }
                    status.set(if step.done {
                        Status::Done
                    } else {
                        Status::More
                    });
                }
                Err(error) => {
                    if stale.get_untracked() {
                        stale.set(false);
                        items.set(Vec::new());
                    }
                    status.set(Status::Failed(error));
                }
            }
        });
    };

    let restart = move || {
        generation.update_value(|g| *g += 1);
        cursor.set_value(None);
        carried.set_value(Vec::new());
        trimmed.set(false);
        stale.set(items.with_untracked(|items| !items.is_empty()));
        load();
    };
    Effect::new(move |_| {
        filter.track();
        restart();
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
        if near.get() && status.get_untracked() == Status::More {
            load();
        }
    });

    let retry = Callback::new(move |()| {
        store.retry();
        load();
    });

    view! {
        <div
            class="feed"
            class:feed--stale=move || stale.get()
            aria-busy=move || (status.get() == Status::Loading).to_string()
        >
            {move || {
                trimmed
                    .get()
                    .then(|| {
                        view! {
                            <p class="feed__status" data-testid="feed-trimmed">
                                {move || t_string!(i18n, feed.trimmed)} " "
                                <button
                                    type="button"
                                    class="link-button"
                                    on:click=move |_| {
                                        restart();
                                        window().scroll_to_with_x_and_y(0.0, 0.0);
                                    }
                                >
                                    {move || t_string!(i18n, feed.back_to_start)}
                                </button>
                            </p>
                        }
                    })
            }}
            <For each=move || items.get() key=|deed| deed.id let:deed>
                <DeedCard deed=deed directory=directory() />
            </For>
            {move || match status.get() {
                Status::Loading if items.with(Vec::is_empty) => {
                    view! {
                        <div class="skeletons" aria-hidden="true">
                            <div class="skeleton"></div>
                            <div class="skeleton"></div>
                            <div class="skeleton"></div>
                        </div>
                        <p class="visually-hidden" role="status">
                            {move || t_string!(i18n, feed.loading)}
                        </p>
                    }
                        .into_any()
                }
                Status::Loading => {
                    view! {
                        <p class="feed__status" role="status">
                            {move || t_string!(i18n, feed.loading)}
                        </p>
                    }
                        .into_any()
                }
                Status::More => {
                    view! {
                        <button type="button" class="button feed__more" on:click=move |_| load()>
                            {move || t_string!(i18n, feed.load_more)}
                        </button>
                    }
                        .into_any()
                }
                Status::Done if items.with(Vec::is_empty) => {
                    view! {
                        <div class="notice" data-testid="feed-empty">
                            <h2 class="notice__title">{move || t_string!(i18n, feed.empty_title)}</h2>
                            <p>{move || t_string!(i18n, feed.empty_text)}</p>
                        </div>
                    }
                        .into_any()
                }
                Status::Done => {
                    view! { <p class="feed__status">{move || t_string!(i18n, feed.end)}</p> }.into_any()
                }
                Status::Failed(error) => {
                    view! { <ErrorView error=error on_retry=retry /> }.into_any()
                }
            }}
            <div node_ref=end class="feed__end" aria-hidden="true"></div>
        </div>
    }
}
