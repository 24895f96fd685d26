//! One step of reading the feed: the next batch of deeds that pass the filters, read from
//! the smallest stored list that holds every match (see
//! [`crate::model::feed::Filter::list`]) or, for a keyword search, from the segments of
//! the keyword index. Plain async functions over the store; the feed's state is
//! [`super::loader`].

use crate::app::api::ApiError;
use crate::app::state::store_cache::StoreContext;
use crate::model::{
    Deed,
    feed::{Filter, next_page},
    search_index::segment_of,
    store::{ListId, page_of_deed},
};

/// Deeds shown per step.
pub const BATCH: usize = 20;
/// Pages read per step at most, so a rare filter cannot read the whole store at once.
const MAX_PAGES_PER_STEP: usize = 20;
/// Index segments read per step at most.
const MAX_SEGMENTS_PER_STEP: usize = 3;

/// What a step read.
pub struct Step {
    /// The deeds found, in reading order (with those carried over from the last step).
    pub deeds: Vec<Deed>,
    /// The last unit read (a page, or a segment of the index).
    pub cursor: Option<u64>,
    /// Whether there is nothing more to read.
    pub done: bool,
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
/// answers the filters or, for a keyword search, segments of the index. `carried` are
/// deeds read before but not shown yet.
pub async fn load_step(
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
