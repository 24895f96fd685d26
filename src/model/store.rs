//! The published store: static JSON under `data/v1/`, laid out so the first screen costs
//! the same at 100 and at 100,000 deeds and publishing a deed rewrites a few small files.
//!
//! - `manifest.json`: the schema version, the page size and how many deeds each list has.
//!   It is written last, so a reader never sees a list longer than its pages.
//! - `universities.json`: every university: names, city, country, coordinates. It changes
//!   only when a university is added, so the first screen costs the same however many
//!   deeds there are.
//! - `stats.json`: each university's place in the relay and its counts, for the map and
//!   the university pages, and the deeds of each month by virtue, for the relay's charts.
//! - `relay.json`: the baton passes the relay page and the map read, bounded by the
//!   number of universities: each university's first received baton (the tree from
//!   KazNU) and at most a few further passes per giving university, one record per pair.
//! - `relay-pairs.json`: every pair of universities the baton passed between, in the same
//!   shape; the publisher counts on from it when an approval passes the baton, and no
//!   page reads it.
//! - `counts.json`: each university's deeds by month and virtue, sparse, for the feed
//!   filters' counts under dates (see [`crate::model::filter_counts`]); bounded by
//!   universities x months x virtues, read only once the filters are opened or set.
//! - `newest.json`: the newest [`NEWEST_SIZE`] deeds, for the feed's first screen, which
//!   shows a few and would otherwise read a whole page of 50.
//! - `{list}/{page}.json`: a list's deeds in pages of [`PAGE_SIZE`], numbered from the
//!   oldest, so a full page never changes again. The lists are `all`, `u/{university}`,
//!   `v/{virtue}` and `r/{region}`: filtering by one of them fetches only its pages.
//!   In `all`, page `n` holds the deeds numbered `n*PAGE_SIZE+1 ..= (n+1)*PAGE_SIZE`, so a
//!   deed's permalink costs one fetch of one page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Date, Deed, Region, University, Virtue};

/// Where the store lives, relative to the site.
pub const STORE_DIR: &str = "data/v1";
/// Deeds per page.
pub const PAGE_SIZE: u64 = 50;
/// Deeds in `newest.json`: the feed's first step (see the app's `deed_feed/newest.rs`),
/// which shows 4 first; twice that, for a tall screen.
pub const NEWEST_SIZE: usize = 8;

/// The URL of `newest.json`, relative to the site.
pub fn newest_url() -> String {
    format!("{STORE_DIR}/newest.json")
}

/// The URL of `counts.json`, relative to the site.
pub fn counts_url() -> String {
    format!("{STORE_DIR}/counts.json")
}

/// One of the lists the store keeps its deeds in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListId {
    /// Every deed.
    All,
    /// The deeds of one university.
    University(String),
    /// The deeds serving one virtue.
    Virtue(Virtue),
    /// The deeds of the universities of one region.
    Region(Region),
}

impl ListId {
    /// The list's folder, relative to the store (`all`, `u/kaznu`, `v/honesty`, `r/near`).
    pub fn key(&self) -> String {
        match self {
            ListId::All => "all".to_string(),
            ListId::University(id) => format!("u/{id}"),
            ListId::Virtue(virtue) => format!("v/{}", virtue.slug()),
            ListId::Region(region) => format!("r/{}", region.slug()),
        }
    }

    /// The URL of page `page`, relative to the site.
    pub fn page_url(&self, page: u64) -> String {
        format!("{STORE_DIR}/{}/{page}.json", self.key())
    }
}

/// The page of `all` that holds deed `id`.
pub fn page_of_deed(id: u64) -> u64 {
    id.saturating_sub(1) / PAGE_SIZE
}

/// The number of the last page of a list of `count` deeds (`None` when empty).
pub fn last_page(count: u64) -> Option<u64> {
    count.checked_sub(1).map(|last| last / PAGE_SIZE)
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The store's schema version; a reader refuses any other.
    pub schema: u32,
    /// Deeds per page.
    pub page_size: u64,
    /// When the newest deed was published (RFC 3339), or empty.
    pub updated_at: String,
    /// The number of the newest deed (the pages of `all` end there).
    pub last_id: u64,
    /// How many deeds each list holds, by [`ListId::key`].
    pub lists: BTreeMap<String, u64>,
    /// Where the keyword index's shards begin (see [`crate::model::search_index`]).
    #[serde(default)]
    pub search: crate::model::search_index::IndexLayout,
}

impl Manifest {
    /// How many deeds `list` holds.
    pub fn count(&self, list: &ListId) -> u64 {
        self.lists.get(&list.key()).copied().unwrap_or(0)
    }

    /// The last page of `list`; for `all` it follows deed numbers.
    pub fn last_page(&self, list: &ListId) -> Option<u64> {
        match list {
            ListId::All => (self.last_id > 0).then(|| page_of_deed(self.last_id)),
            other => last_page(self.count(other)),
        }
    }
}

/// One `{list}/{page}.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub schema: u32,
    /// The list's key.
    pub list: String,
    /// The page's number, from 0 for the oldest.
    pub page: u64,
    /// Oldest first.
    pub deeds: Vec<Deed>,
}

/// `newest.json`: the newest deeds of `all`, at most [`NEWEST_SIZE`], oldest first, as on
/// a page. Publishing a deed rewrites it; an unpublish rebuilds it with the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewestFile {
    pub schema: u32,
    /// Oldest first.
    pub deeds: Vec<Deed>,
}

/// Deeds by virtue, in the order of [`Virtue::ALL`].
pub type ByVirtue = [u64; 4];

/// A month as (year, 1 to 12).
pub type Month = (i32, u8);

/// `counts.json`: each university's published deeds by the month of their `done_on` and
/// by virtue. A university without deeds is left out. At most universities x months x
/// virtues figures, whatever the number of deeds. Records in a list, as in `stats.json`
/// (a map would cost the feed's app code of its own to read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsFile {
    pub schema: u32,
    /// By university id, in order of id.
    pub universities: Vec<UniversityMonths>,
}

/// One university's deeds month by month, from the month of its first deed to that of its
/// last: a dense row rather than a map of months, which brotli makes 40% smaller. The row
/// is text, numbers separated by commas: the feed's app reads it with code it has already
/// (an array of numbers of its own cost it 1 KB).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityMonths {
    /// The university's id.
    pub id: String,
    /// The first month, `YYYY-MM`.
    pub from: String,
    /// Four figures a month (a [`ByVirtue`]) from `from` on, separated by commas; a quiet
    /// month is four zeros: `"1,0,0,2,0,0,0,0"`.
    pub deeds: String,
}

impl UniversityMonths {
    /// The row of the university `id`'s `months` (a month and its deeds); `None` when
    /// there is none.
    pub fn of(id: &str, months: &BTreeMap<Month, ByVirtue>) -> Option<UniversityMonths> {
        let (&first, _) = months.first_key_value()?;
        let (&last, _) = months.last_key_value()?;
        let mut deeds = Vec::new();
        let mut month = first;
        while month <= last {
            let row = months.get(&month).copied().unwrap_or_default();
            deeds.extend(row.map(|n| n.to_string()));
            month = next_month(month);
        }
        let deeds = deeds.join(",");
        Some(UniversityMonths {
            id: id.to_string(),
            from: format!("{:04}-{:02}", first.0, first.1),
            deeds,
        })
    }

    /// Each month and its deeds, oldest first; they end where `from` is not `YYYY-MM` or
    /// a figure is not a number.
    pub fn months(&self) -> impl Iterator<Item = (Month, ByVirtue)> + '_ {
        let mut figures = self.deeds.split(',').map(|n| n.trim().parse::<u64>().ok());
        let mut month = parse_month(&self.from);
        std::iter::from_fn(move || {
            let this = month?;
            let mut row = [0; 4];
            for slot in &mut row {
                *slot = figures.next()??;
            }
            month = Some(next_month(this));
            Some((this, row))
        })
    }
}

/// The month after `month`.
pub fn next_month((year, month): Month) -> Month {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// `YYYY-MM` as a month.
pub fn parse_month(text: &str) -> Option<Month> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let month: Month = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month.1).then_some(month)
}

/// A university's place in the relay and its counts, as `stats.json` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityStats {
    /// The university's id.
    pub id: String,
    /// The day of its first deed; absent until it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<Date>,
    /// Who passed it the baton first; never set for KazNU, which started the relay (a
    /// baton that reached it came back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_from: Option<String>,
    /// Published deeds, in all.
    pub deeds: u64,
    /// Published deeds by virtue slug.
    pub by_virtue: BTreeMap<String, u64>,
}

/// `universities.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UniversitiesFile {
    pub schema: u32,
    pub universities: Vec<University>,
}

/// The deeds done in one month, by virtue, as `stats.json` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthStats {
    /// The month of the deeds' `done_on`, `YYYY-MM`.
    pub month: String,
    /// Published deeds done that month by virtue slug; every virtue is present, 0 or more.
    pub by_virtue: BTreeMap<String, u64>,
}

/// `stats.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsFile {
    pub schema: u32,
    pub universities: Vec<UniversityStats>,
    /// Every month from the first deed's to the last deed's, oldest first, months without
    /// a deed included (every virtue at 0); empty while the store has no deed.
    #[serde(default)]
    pub months: Vec<MonthStats>,
}

/// A pair of universities in the relay: the first pass between them and how many there
/// were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayLink {
    pub from: String,
    pub to: String,
    /// The deed of the first pass.
    pub deed: u64,
    /// The day of the first pass.
    pub date: Date,
    /// How many deeds passed the baton from `from` to `to`.
    pub count: u64,
}

/// `relay.json` and `relay-pairs.json`, links by first pass (date, deed, receiver).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayFile {
    pub schema: u32,
    pub links: Vec<RelayLink>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeds_map_to_pages_from_the_oldest() {
        assert_eq!(page_of_deed(1), 0);
        assert_eq!(page_of_deed(PAGE_SIZE), 0);
        assert_eq!(page_of_deed(PAGE_SIZE + 1), 1);
        assert_eq!(last_page(0), None);
        assert_eq!(last_page(1), Some(0));
        assert_eq!(last_page(2 * PAGE_SIZE), Some(1));
        assert_eq!(last_page(2 * PAGE_SIZE + 1), Some(2));
    }

    #[test]
    fn a_universitys_months_are_a_dense_row_from_its_first() {
        let months: BTreeMap<Month, ByVirtue> =
            [((2020, 11), [1, 0, 0, 2]), ((2021, 2), [0, 3, 0, 0])].into();
        let row = UniversityMonths::of("kaznu", &months).unwrap();
        assert_eq!(row.from, "2020-11");
        assert_eq!(
            row.deeds, "1,0,0,2,0,0,0,0,0,0,0,0,0,3,0,0",
            "November to February"
        );
        let back: BTreeMap<Month, ByVirtue> = row.months().filter(|(_, d)| *d != [0; 4]).collect();
        assert_eq!(back, months);
        assert_eq!(row.months().nth(2), Some(((2021, 1), [0; 4])));
        assert_eq!(UniversityMonths::of("kaznu", &BTreeMap::new()), None);
        let broken = UniversityMonths {
            id: "kaznu".into(),
            from: "2020-13".into(),
            deeds: "1,2,3,4".into(),
        };
        assert_eq!(broken.months().count(), 0);
        assert_eq!(parse_month("2020-2"), None);
        let cut = UniversityMonths {
            id: "kaznu".into(),
            from: "2020-12".into(),
            deeds: "1,2,3,4,5,x,7,8".into(),
        };
        assert_eq!(
            cut.months().collect::<Vec<_>>(),
            [((2020, 12), [1, 2, 3, 4])]
        );
    }

    #[test]
    fn list_urls_are_stable() {
        assert_eq!(ListId::All.page_url(3), "data/v1/all/3.json");
        assert_eq!(
            ListId::University("kaznu".into()).page_url(0),
            "data/v1/u/kaznu/0.json"
        );
        assert_eq!(ListId::Virtue(Virtue::Honesty).key(), "v/honesty");
        assert_eq!(ListId::Region(Region::Near).key(), "r/near");
    }
}
