//! One step of reading the feed: the next batch of deeds that pass the filters, read from
//! the smallest stored list that holds every match (see
//! [`crate::model::feed::Filter::list`]) or, for a keyword search, the next hits of the
//! search ([`super::search`]), whose pages are read at once. Plain async functions over
//! the store; the feed's state is [`super::loader`].

use super::search::find;
use crate::app::api::ApiError;
use crate::app::state::store_cache::StoreContext;
use crate::model::{
    Deed,
    feed::{Directory, Filter, next_page},
};

/// Deeds shown per step.
pub const BATCH: usize = 20;
/// Pages read per step at most, so a rare filter cannot read the whole store at once.
const MAX_PAGES_PER_STEP: usize = 20;

/// What a step read.
pub struct Step {
    /// The deeds found, in reading order (with those carried over from the last step).
    pub deeds: Vec<Deed>,
    /// The last unit read: a page, or how many of a search's hits were read.
    pub cursor: Option<u64>,
    /// Whether there is nothing more to read.
    pub done: bool,
    /// How many deeds a keyword search found, and whether at most (see
    /// [`crate::app::search_worker::Reply::approximate`]).
    pub found: Option<(usize, bool)>,
}

/// The next batch after `cursor`: pages of the smallest list that answers the filters or,
/// for a keyword search, the next hits. `carried` are deeds read before but not shown
/// yet.
pub async fn load_step(
    store: StoreContext,
    filter: &Filter,
    cursor: Option<u64>,
    carried: Vec<Deed>,
) -> Result<Step, ApiError> {
    if !filter.query.trim().is_empty() {
        return search_step(store, filter, cursor, carried).await;
    }
    let manifest = store.manifest.await?;
    let directory = store.directory.await?;
    let list = filter.list(&manifest);
    let last = manifest.last_page(&list);
    let mut current = cursor;
    let mut found = carried;
    for _ in 0..MAX_PAGES_PER_STEP {
        if found.len() >= BATCH {
            break;
        }
        let Some(page) = next_page(last, filter.oldest_first, current) else {
            break;
        };
        current = Some(page);
        let mut deeds: Vec<Deed> = store.page(&list, page).await?.to_vec();
        if !filter.oldest_first {
            deeds.reverse();
        }
        keep_passing(
            &mut found,
            deeds,
            filter,
            &directory,
            Check::BesidesKeywords,
        );
    }
    let done = next_page(last, filter.oldest_first, current).is_none();
    Ok(Step {
        deeds: found,
        cursor: current,
        done,
        found: None,
    })
}

/// The next hits of a keyword search, found by the search worker with their deeds.
async fn search_step(
    store: StoreContext,
    filter: &Filter,
    cursor: Option<u64>,
    mut found: Vec<Deed>,
) -> Result<Step, ApiError> {
    let reply = find(filter, cursor.unwrap_or(0) as usize).await?;
    let directory = store.directory.await?;
    // The worker's facets found them; dates inside a month are checked here.
    let check = if reply.approximate {
        Check::BesidesKeywords
    } else {
        Check::Nothing
    };
    keep_passing(&mut found, reply.deeds, filter, &directory, check);
    Ok(Step {
        deeds: found,
        cursor: Some(reply.next as u64),
        done: reply.next >= reply.count,
        found: Some((reply.count, reply.approximate)),
    })
}

/// What of the filters a deed read is checked against.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// All but the keywords: a list's page holds deeds that fail some filters (without a
    /// keyword search), or the index found them by month where a date falls inside one.
    BesidesKeywords,
    /// None: the index and its facets found exactly these.
    Nothing,
}

/// Adds the deeds of `deeds` that pass `filter`, as far as `check` says, to `found`.
fn keep_passing(
    found: &mut Vec<Deed>,
    deeds: Vec<Deed>,
    filter: &Filter,
    directory: &Directory,
    check: Check,
) {
    for deed in deeds {
        if directory.get(&deed.university).is_none() {
            leptos::logging::warn!(
                "deed {} names an unknown university {:?}: skipped",
                deed.id,
                deed.university
            );
            continue;
        }
        let passes = match check {
            Check::BesidesKeywords => filter.matches_besides_keywords(&deed, directory),
            Check::Nothing => true,
        };
        if passes {
            found.push(deed);
        }
    }
}
