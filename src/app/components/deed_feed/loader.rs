//! The feed's state and its loading: the cards shown, where reading stopped, and whether
//! more can be read. Each [`Feed::load`] reads one step ([`super::step`]) and shows its
//! batch a few cards per turn of the browser, so a letter typed or a chip pressed meanwhile
//! waits for a few cards at most; a change of filters ([`Feed::restart`]) starts again,
//! and a step of the previous filters that is still on its way is dropped. The unfiltered
//! feed, newest first, starts from the newest deeds' small file ([`super::newest`]).

use leptos::prelude::*;

use super::newest::{below_floor, load_newest, starts_from_newest};
use super::step::{BATCH, Step, load_step};
use crate::app::api::ApiError;
use crate::app::state::store_cache::StoreContext;
use crate::model::{Deed, feed::Filter};

/// Deeds shown first on opening the page: more than a tall screen holds, fewer to build
/// before the first paint.
const FIRST_BATCH: usize = 4;
/// Cards built per turn of the browser.
const CARDS_PER_TURN: usize = 4;
/// Cards kept in the page at most; scrolling further puts the earliest away, so a long
/// session on a phone keeps a bounded DOM.
pub const MAX_LIVE_CARDS: usize = 200;

/// Where the feed's reading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading,
    More,
    Done,
    Failed(ApiError),
}

/// The feed's state. Copied into every handler.
#[derive(Clone, Copy)]
pub struct Feed {
    /// The cards shown.
    pub items: RwSignal<Vec<Deed>>,
    pub status: RwSignal<Status>,
    /// Whether the earliest cards were put away ([`MAX_LIVE_CARDS`]).
    pub trimmed: RwSignal<bool>,
    /// After a change of filters, the cards shown are the previous filters' until the
    /// first batch of the new ones replaces them all at once: the change itself (a pressed
    /// chip, a typed letter) paints at once, without first taking every card down.
    pub stale: RwSignal<bool>,
    filter: Signal<Filter>,
    store: StoreContext,
    /// The last unit read.
    cursor: StoredValue<Option<u64>>,
    /// Deeds read but not shown yet: a step shows at most [`BATCH`] cards.
    carried: StoredValue<Vec<Deed>>,
    /// How many deeds a keyword search found, and whether that is at most (see
    /// [`crate::app::search_worker::Reply::approximate`]); `None` without a search or
    /// before it answers.
    pub found: RwSignal<Option<(usize, bool)>>,
    /// The oldest deed read from `newest.json`: the pages read after it give only older
    /// deeds.
    floor: StoredValue<Option<u64>>,
    /// Counts the restarts, so a step of earlier filters knows it is late.
    generation: StoredValue<u64>,
    /// Whether the first cards are shown.
    shown: StoredValue<bool>,
}

impl Feed {
    /// The feed of `filter`, before anything is read.
    pub fn new(filter: Signal<Filter>, store: StoreContext) -> Feed {
        Feed {
            items: RwSignal::new(Vec::new()),
            status: RwSignal::new(Status::Loading),
            trimmed: RwSignal::new(false),
            stale: RwSignal::new(false),
            filter,
            store,
            cursor: StoredValue::new(None),
            carried: StoredValue::new(Vec::new()),
            found: RwSignal::new(None),
            floor: StoredValue::new(None),
            generation: StoredValue::new(0),
            shown: StoredValue::new(false),
        }
    }

    /// Reads and shows the next batch.
    pub fn load(self) {
        self.status.set(Status::Loading);
        let filter = self.filter.get_untracked();
        let underway = crate::app::state::loading::begin();
        let step = self.step(self.generation.get_value(), filter);
        leptos::task::spawn_local(async move {
            step.await;
            drop(underway);
        });
    }

    /// Starts again from the first deed, for new filters.
    pub fn restart(self) {
        self.generation.update_value(|g| *g += 1);
        self.cursor.set_value(None);
        self.carried.set_value(Vec::new());
        self.found.set(None);
        self.floor.set_value(None);
        self.trimmed.set(false);
        self.stale
            .set(self.items.with_untracked(|items| !items.is_empty()));
        self.load();
    }

    /// Whether the filters changed since generation `mine` began.
    fn late(self, mine: u64) -> bool {
        self.generation.get_value() != mine
    }

    /// Reads the next step: the first of the unfiltered feed from `newest.json` (with the
    /// floor it sets), any other from the pages, older than the floor if one is set.
    async fn read(self, filter: &Filter) -> (Result<Step, ApiError>, Option<u64>) {
        let cursor = self.cursor.get_value();
        let carried = self.carried.get_value();
        let floor = self.floor.get_value();
        if cursor.is_none() && floor.is_none() && starts_from_newest(filter) {
            match load_newest(self.store).await {
                Ok(Some((step, floor))) => return (Ok(step), Some(floor)),
                Ok(None) => {}
                Err(error) => return (Err(error), None),
            }
        }
        let kept = carried.len();
        let step = load_step(self.store, filter, cursor, carried).await;
        let step = step.map(|mut step| {
            if let Some(floor) = floor {
                step.deeds = below_floor(step.deeds, kept, floor);
            }
            step
        });
        (step, floor)
    }

    async fn step(self, mine: u64, filter: Filter) {
        let (step, floor) = self.read(&filter).await;
        // Let the browser paint the pressed button or typed letter before the cards. The
        // page's first cards go with its first paint instead, and are only as many as a
        // screen holds: the rest follow as the end of the list comes near.
        let first = !self.shown.get_value();
        if !first {
            yield_to_browser().await;
        }
        if self.late(mine) {
            return;
        }
        let mut step = match step {
            Ok(step) => step,
            Err(error) => {
                if self.stale.get_untracked() {
                    self.stale.set(false);
                    self.items.set(Vec::new());
                }
                self.status.set(Status::Failed(error));
                return;
            }
        };
        if step.found.is_some() && self.found.get_untracked().is_none() {
            self.found.set(step.found);
        }
        self.floor.set_value(floor);
        let size = if first { FIRST_BATCH } else { BATCH };
        self.shown.set_value(true);
        let rest = step.deeds.split_off(step.deeds.len().min(size));
        let done = step.done && rest.is_empty();
        self.carried.set_value(rest);
        self.cursor.set_value(step.cursor);
        let mut deeds = step.deeds.into_iter().peekable();
        let mut turn = 0;
        while turn == 0 || deeds.peek().is_some() {
            if turn > 0 {
                yield_to_browser().await;
                if self.late(mine) {
                    return;
                }
            }
            turn += 1;
            let chunk: Vec<Deed> = deeds.by_ref().take(CARDS_PER_TURN).collect();
            // The first cards of new filters replace the previous filters' all at once.
            let replace = self.stale.get_untracked();
            self.stale.set(false);
            let trimmed = self
                .items
                .try_update(|items| add_cards(items, chunk, replace))
                .unwrap_or(false);
            if trimmed {
                self.trimmed.set(true);
            }
        }
        self.status
            .set(if done { Status::Done } else { Status::More });
    }
}

/// Adds `chunk` to the cards shown (in place of them all when `replace`), keeping at most
/// [`MAX_LIVE_CARDS`]: true when earlier cards were put away. A deed shown already is not
/// shown twice: after an unpublish, a list's pages shift by one under a reader's older
/// manifest.
fn add_cards(items: &mut Vec<Deed>, chunk: Vec<Deed>, replace: bool) -> bool {
    if replace {
        items.clear();
    }
    for deed in chunk {
        if !items.iter().any(|shown| shown.id == deed.id) {
            items.push(deed);
        }
    }
    if items.len() > MAX_LIVE_CARDS {
        items.drain(..items.len() - MAX_LIVE_CARDS);
        return true;
    }
    false
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CHALLENGE_START, Lang, Virtue};

    fn deeds(ids: std::ops::RangeInclusive<u64>) -> Vec<Deed> {
        ids.map(|id| Deed {
            id,
            university: "kaznu".into(),
            virtue: Virtue::Kindness,
            title: format!("Deed {id}"),
            story: "Helped a neighbour carry the shopping home.".into(),
            link: None,
            done_on: CHALLENGE_START,
            author: None,
            lang: Lang::En,
            published_at: "2020-02-06T05:00:00Z".into(),
            illustrative: true,
            passes_to: vec![],
            received_from: None,
            photos: Vec::new(),
        })
        .collect()
    }

    fn ids(items: &[Deed]) -> Vec<u64> {
        items.iter().map(|deed| deed.id).collect()
    }

    #[test]
    fn cards_follow_in_order_and_no_deed_shows_twice() {
        let mut items = deeds(1..=3);
        assert!(!add_cards(&mut items, deeds(3..=5), false));
        assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    }

    #[test]
    fn the_first_cards_of_new_filters_replace_the_previous_ones() {
        let mut items = deeds(1..=3);
        assert!(!add_cards(&mut items, deeds(2..=2), true));
        assert_eq!(ids(&items), [2]);
    }

    #[test]
    fn the_earliest_cards_are_put_away_beyond_the_limit() {
        let limit = MAX_LIVE_CARDS as u64;
        let mut items = deeds(1..=limit);
        assert!(!add_cards(&mut items, Vec::new(), false));
        assert!(add_cards(&mut items, deeds(limit + 1..=limit + 3), false));
        assert_eq!(items.len(), MAX_LIVE_CARDS);
        assert_eq!(items.first().map(|d| d.id), Some(4));
        assert_eq!(items.last().map(|d| d.id), Some(limit + 3));
    }
}
