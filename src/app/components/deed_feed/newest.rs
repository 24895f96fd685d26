//! The first step of the unfiltered feed, newest first: the deeds of `newest.json`, which
//! holds the newest 8, instead of the newest page of 50, of which the first screen shows
//! 4. The steps after it read the pages of `all` from the one that holds the deed
//! before the oldest of them, leaving out the deeds at or above it (see
//! [`super::loader`]): no deed is shown twice and none is skipped.

use crate::app::api::ApiError;
use crate::app::state::store_cache::StoreContext;
use crate::model::{
    Deed,
    feed::{Directory, Filter},
    store::page_of_deed,
};

use super::step::Step;

/// Whether the feed of `filter` starts from `newest.json`: no filter, newest first.
pub fn starts_from_newest(filter: &Filter) -> bool {
    filter.is_empty() && !filter.oldest_first
}

/// What the first step read from `newest.json`: the step, and the number of its oldest
/// deed (the steps after it keep only older deeds). `None` when the store has no such
/// file: the feed then reads its pages as any other.
pub async fn load_newest(store: StoreContext) -> Result<Option<(Step, u64)>, ApiError> {
    let Some(newest) = store.newest().await? else {
        return Ok(None);
    };
    // The manifest too, as any step: a store of another schema is refused, not read.
    store.manifest.await?;
    let directory = store.directory.await?;
    Ok(after_newest(&newest, &directory))
}

/// The step of `newest` (oldest first): its deeds newest first, those of an unknown
/// university left out, and the cursor just above the page holding the deed before its
/// oldest, so the next step reads that page. `None` when `newest` is empty.
fn after_newest(newest: &[Deed], directory: &Directory) -> Option<(Step, u64)> {
    let floor = newest.iter().map(|deed| deed.id).min()?;
    // Oldest first in the file, as on a page.
    let deeds: Vec<Deed> = (newest.iter().rev())
        .filter(|deed| directory.get(&deed.university).is_some())
        .cloned()
        .collect();
    let before = floor - 1;
    let step = Step {
        deeds,
        cursor: (before > 0).then(|| page_of_deed(before) + 1),
        done: before == 0,
        found: None,
    };
    Some((step, floor))
}

/// The deeds of a step after `newest.json`'s: the first `carried` are those carried over
/// from before and stay; of the rest, read from the pages, only those older than `floor`.
pub fn below_floor(deeds: Vec<Deed>, carried: usize, floor: u64) -> Vec<Deed> {
    (deeds.into_iter().enumerate())
        .filter(|(index, deed)| *index < carried || deed.id < floor)
        .map(|(_, deed)| deed)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CHALLENGE_START, Lang, Names, University, Virtue, feed::next_page};

    fn deed(id: u64, university: &str) -> Deed {
        Deed {
            id,
            university: university.into(),
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
        }
    }

    fn directory() -> Directory {
        let names = Names {
            kk: "K".into(),
            ru: "K".into(),
            en: "K".into(),
        };
        Directory::new(vec![University {
            id: "kaznu".into(),
            short: names.clone(),
            name: names.clone(),
            city: names,
            country: "KZ".into(),
            lat: 43.2,
            lon: 76.9,
        }])
    }

    fn ids(deeds: &[Deed]) -> Vec<u64> {
        deeds.iter().map(|deed| deed.id).collect()
    }

    #[test]
    fn only_the_unfiltered_newest_first_feed_starts_from_newest() {
        assert!(starts_from_newest(&Filter::default()));
        let oldest = Filter {
            oldest_first: true,
            ..Filter::default()
        };
        assert!(!starts_from_newest(&oldest));
        let virtue = Filter {
            virtue: Some(Virtue::Honesty),
            ..Filter::default()
        };
        assert!(!starts_from_newest(&virtue));
    }

    #[test]
    fn the_next_step_reads_the_page_of_the_deed_before_the_oldest() {
        // Deeds 291..=310: the next older is 290, on page 5 (251..=300).
        let newest: Vec<Deed> = (291..=310).map(|id| deed(id, "kaznu")).collect();
        let (step, floor) = after_newest(&newest, &directory()).unwrap();
        assert_eq!(ids(&step.deeds), (291..=310).rev().collect::<Vec<_>>());
        assert_eq!(floor, 291);
        assert_eq!(next_page(Some(6), false, step.cursor), Some(5));
        assert!(!step.done);
        // Deeds 251..=270: the next older, 250, is the last of page 4: page 5 is not read
        // again.
        let newest: Vec<Deed> = (251..=270).map(|id| deed(id, "kaznu")).collect();
        let (step, _) = after_newest(&newest, &directory()).unwrap();
        assert_eq!(next_page(Some(5), false, step.cursor), Some(4));
    }

    #[test]
    fn a_young_store_is_done_after_newest() {
        let newest: Vec<Deed> = (1..=5).map(|id| deed(id, "kaznu")).collect();
        let (step, _) = after_newest(&newest, &directory()).unwrap();
        assert!(step.done, "deed 1 is the oldest: nothing more to read");
        assert!(after_newest(&[], &directory()).is_none());
    }

    #[test]
    fn a_deed_of_an_unknown_university_is_left_out() {
        let newest = vec![deed(7, "kaznu"), deed(8, "nowhere")];
        let (step, floor) = after_newest(&newest, &directory()).unwrap();
        assert_eq!(ids(&step.deeds), [7]);
        assert_eq!(floor, 7);
    }

    #[test]
    fn the_step_after_keeps_what_was_carried_and_the_older_deeds_only() {
        // Carried 300..=295 from newest.json; the page read holds 251..=300 newest first.
        let mut deeds: Vec<Deed> = (295..=300).rev().map(|id| deed(id, "kaznu")).collect();
        deeds.extend((251..=300).rev().map(|id| deed(id, "kaznu")));
        let kept = below_floor(deeds, 6, 281);
        let mut expected: Vec<u64> = (295..=300).rev().collect();
        expected.extend((251..=280).rev());
        assert_eq!(ids(&kept), expected);
    }
}
