//! The keyword index, partitioned by word, fetched only when a reader searches.
//!
//! - **Shards** (`search/s/{bound}.json`): the folded words from one bound to the next,
//!   each with the deeds that have it ([`Postings`]: ascending deed numbers written as
//!   gaps). The bounds are in the manifest the page already has ([`IndexLayout`]), so the
//!   shard of a word, and the shards a prefix spans, are known without a request. Words
//!   are sorted, so a prefix spans one shard, rarely two.
//! - **Own files** (`search/w/{key}.json`): a word found in many deeds leaves its shard
//!   (which then lists it in `own`) for a file of its own, so a rare word's shard stays
//!   small however common its neighbours are. Facets are own files too: the deeds of a
//!   virtue, a university, a region, a month and a year (keys beginning with `~`, which no
//!   folded word has), so a search combined with filters downloads no deed that fails
//!   them.
//! - **Pending** (`search/pending.json`): postings an approval has not yet written into
//!   their shard or own file. An approval rewrites at most [`FILES_PER_APPROVAL`] index
//!   files, those with the most pending first; every search reads this small file too.
//!
//! Searching: [`IndexLayout::shards_for`] names the shards of the query's words;
//! [`own_keys`] the own files those shards point to; [`Found::evaluate`] intersects.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};

use crate::model::{
    CHALLENGE_START, Date, Deed, Region, University, Virtue,
    feed::Filter,
    search::{MAX_WORD_CHARS, QueryWord, words},
    store::STORE_DIR,
};

/// Index files one approval rewrites at most, `pending.json` included.
pub const FILES_PER_APPROVAL: usize = 60;

/// Deed numbers, ascending, written as the first number and then the gaps between them:
/// `[12, 3, 1]` is deeds 12, 15 and 16.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings(pub Vec<u64>);

impl Serialize for Postings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut before = 0;
        serializer.collect_seq(self.0.iter().map(|&id| {
            let gap = id - before;
            before = id;
            gap
        }))
    }
}

impl<'de> Deserialize<'de> for Postings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let gaps = Vec::<u64>::deserialize(deserializer)?;
        let mut id: u64 = 0;
        let mut ids = Vec::with_capacity(gaps.len());
        for (at, gap) in gaps.into_iter().enumerate() {
            if gap == 0 && at > 0 {
                return Err(D::Error::custom("postings repeat a deed"));
            }
            id = id
                .checked_add(gap)
                .ok_or_else(|| D::Error::custom("postings overflow"))?;
            ids.push(id);
        }
        Ok(Postings(ids))
    }
}

impl Postings {
    /// Adds deed `id`, keeping the order.
    pub fn insert(&mut self, id: u64) {
        if let Err(at) = self.0.binary_search(&id) {
            self.0.insert(at, id);
        }
    }

    /// Adds every deed of `other`.
    pub fn merge(&mut self, other: &Postings) {
        if other.0.first() > self.0.last() {
            self.0.extend_from_slice(&other.0);
        } else {
            self.0.extend_from_slice(&other.0);
            self.0.sort_unstable();
            self.0.dedup();
        }
    }
}

/// A filter the index answers, as the key of its own file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Facet {
    Virtue(Virtue),
    University(String),
    Region(Region),
    /// The deeds done in a month.
    Month {
        year: i32,
        month: u8,
    },
    /// The deeds done in a year.
    Year(i32),
}

impl Facet {
    /// The key, `~v:honesty`, `~u:kaznu`, `~r:far`, `~m:2020-03`, `~y:2020`.
    pub fn key(&self) -> String {
        match self {
            Facet::Virtue(virtue) => format!("~v:{}", virtue.slug()),
            Facet::University(id) => format!("~u:{id}"),
            Facet::Region(region) => format!("~r:{}", region.slug()),
            Facet::Month { year, month } => format!("~m:{year:04}-{month:02}"),
            Facet::Year(year) => format!("~y:{year:04}"),
        }
    }
}

/// Whether `key` is a facet's rather than a word's.
pub fn is_facet(key: &str) -> bool {
    key.starts_with('~')
}

/// `manifest.json`'s `search`: the index's shards, by the folded word each begins with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexLayout {
    /// Ascending; the first is `""`. Shard `i` holds the words from `shards[i]` up to
    /// (not including) `shards[i + 1]`. Empty while the store has no index.
    pub shards: Vec<String>,
    /// The size, in bytes of JSON, the publisher keeps shards near: one twice as large
    /// splits.
    #[serde(default)]
    pub shard_bytes: u64,
}

impl IndexLayout {
    /// The bound of the shard that holds `word`.
    pub fn shard_of(&self, word: &str) -> Option<&str> {
        let after = self.shards.partition_point(|bound| bound.as_str() <= word);
        after.checked_sub(1).map(|at| self.shards[at].as_str())
    }

    /// The bounds of the shards a query word's words can be in: the shard of each form
    /// and, for a prefix, every later shard that begins within the prefix.
    pub fn shards_for(&self, word: &QueryWord) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for form in &word.forms {
            found.extend(self.shard_of(form).map(str::to_string));
            if word.prefix {
                let from = self.shards.partition_point(|bound| bound <= form);
                found.extend(
                    self.shards[from..]
                        .iter()
                        .take_while(|bound| bound.starts_with(form.as_str()))
                        .cloned(),
                );
            }
        }
        found
    }
}

/// Where the index lives, relative to the site.
pub fn index_dir() -> String {
    format!("{STORE_DIR}/search")
}

/// Lower-case hexadecimal of `text`'s bytes: a file name any host serves as is.
fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// The URL of the shard that begins at `bound`.
pub fn shard_url(bound: &str) -> String {
    format!(
        "{}/s/{}.json",
        index_dir(),
        if bound.is_empty() {
            "-".to_string()
        } else {
            hex(bound)
        }
    )
}

/// The URL of the own file of `key` (a word or a facet).
pub fn own_url(key: &str) -> String {
    format!("{}/w/{}.json", index_dir(), hex(key))
}

/// The URL of `pending.json`.
pub fn pending_url() -> String {
    format!("{}/pending.json", index_dir())
}

/// One shard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub schema: u32,
    /// Words kept here, with their deeds.
    pub words: BTreeMap<String, Postings>,
    /// Words of this shard's range kept in their own files.
    #[serde(default)]
    pub own: BTreeSet<String>,
}

/// The own file of a word or facet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnFile {
    pub schema: u32,
    pub key: String,
    pub ids: Postings,
}

/// `pending.json`: postings not yet written into their shard or own file, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub schema: u32,
    pub keys: BTreeMap<String, Postings>,
}

/// The keys a deed is found by: the folded words of its title, its story and its
/// university's names (none longer than [`MAX_WORD_CHARS`]), and its facets.
pub fn deed_keys(deed: &Deed, university: Option<&University>) -> BTreeSet<String> {
    let mut found: BTreeSet<String> = words(&deed.title)
        .into_iter()
        .chain(words(&deed.story))
        .collect();
    for name in university.into_iter().flat_map(|u| u.names(true)) {
        found.extend(words(name));
    }
    found.retain(|word| word.chars().count() <= MAX_WORD_CHARS);
    let day = deed.done_on;
    found.extend(
        [
            Some(Facet::Virtue(deed.virtue)),
            Some(Facet::University(deed.university.clone())),
            university.map(|u| Facet::Region(u.region())),
            Some(Facet::Month {
                year: day.year,
                month: day.month,
            }),
            Some(Facet::Year(day.year)),
        ]
        .into_iter()
        .flatten()
        .map(|facet| facet.key()),
    );
    found
}

/// The facets a filter asks for: all of each group (one of the keys in it). The dates
/// become whole years and months from `from` to `to` (absent: from the challenge's start
/// to `last_day`); `true` with them when a bound falls inside a month, so the months'
/// deeds are more than the dates' (the deeds shown are checked one by one).
pub fn facet_groups(filter: &Filter, last_day: Date) -> (Vec<Vec<String>>, bool) {
    let mut groups = Vec::new();
    if let Some(virtue) = filter.virtue {
        groups.push(vec![Facet::Virtue(virtue).key()]);
    }
    if let Some(university) = &filter.university {
        groups.push(vec![Facet::University(university.clone()).key()]);
    }
    if let Some(region) = filter.region {
        groups.push(vec![Facet::Region(region).key()]);
    }
    let mut approximate = false;
    if filter.from.is_some() || filter.to.is_some() {
        let from = filter.from.unwrap_or(CHALLENGE_START).max(CHALLENGE_START);
        let to = filter.to.unwrap_or(last_day);
        approximate = (from.day != 1 && from > CHALLENGE_START)
            || (to < last_day && next_day(to).month == to.month);
        groups.push(month_keys(from, to));
    }
    (groups, approximate)
}

fn next_day(day: Date) -> Date {
    Date::from_days_since_epoch(day.days_since_epoch() + 1)
}

/// The whole years and the months of the days `from..=to`.
fn month_keys(from: Date, to: Date) -> Vec<String> {
    let mut keys = Vec::new();
    let (mut year, mut month) = (from.year, from.month);
    while (year, month) <= (to.year, to.month) {
        if month == 1 && (year, 12) <= (to.year, to.month) {
            keys.push(Facet::Year(year).key());
            year += 1;
            continue;
        }
        keys.push(Facet::Month { year, month }.key());
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    keys
}

/// The own files a search needs: those of the words the query words find in `shards`
/// (and in `pending`), and those of the facets.
pub fn own_keys<'a>(
    words: &[QueryWord],
    facets: &[Vec<String>],
    shards: impl IntoIterator<Item = &'a Shard>,
) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = facets.iter().flatten().cloned().collect();
    for shard in shards {
        keys.extend(
            (shard.own.iter())
                .filter(|word| words.iter().any(|needle| needle.finds(word)))
                .cloned(),
        );
    }
    keys
}

/// The parts of the index a search has read.
pub struct Found<'a> {
    pub shards: Vec<&'a Shard>,
    pub pending: &'a Pending,
    /// The own files read, by key (a key with no file has no deed).
    pub own: BTreeMap<String, &'a Postings>,
}

impl Found<'_> {
    /// The deeds that have every query word and one facet of each group, newest first.
    pub fn evaluate(&self, words: &[QueryWord], facets: &[Vec<String>]) -> Vec<u64> {
        let mut sets: Vec<Vec<u64>> = Vec::new();
        for needle in words {
            let mut ids = Postings::default();
            for shard in &self.shards {
                for (word, postings) in &shard.words {
                    if needle.finds(word) {
                        ids.merge(postings);
                    }
                }
            }
            for (key, postings) in &self.own {
                if !is_facet(key) && needle.finds(key) {
                    ids.merge(postings);
                }
            }
            for (key, postings) in &self.pending.keys {
                if !is_facet(key) && needle.finds(key) {
                    ids.merge(postings);
                }
            }
            sets.push(ids.0);
        }
        for group in facets {
            let mut ids = Postings::default();
            for key in group {
                for postings in [self.own.get(key).copied(), self.pending.keys.get(key)]
                    .into_iter()
                    .flatten()
                {
                    ids.merge(postings);
                }
            }
            sets.push(ids.0);
        }
        sets.sort_by_key(Vec::len);
        let mut sets = sets.into_iter();
        let Some(mut result) = sets.next() else {
            return Vec::new();
        };
        for other in sets {
            result.retain(|id| other.binary_search(id).is_ok());
        }
        result.reverse();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::search::Query;

    fn ids(list: &[u64]) -> Postings {
        Postings(list.to_vec())
    }

    #[test]
    fn postings_are_written_as_gaps_and_read_back() {
        let postings = ids(&[3, 4, 10, 1000]);
        let json = serde_json::to_string(&postings).unwrap();
        assert_eq!(json, "[3,1,6,990]");
        assert_eq!(serde_json::from_str::<Postings>(&json).unwrap(), postings);
        assert!(
            serde_json::from_str::<Postings>("[3,0]").is_err(),
            "a repeated deed"
        );
        assert!(serde_json::from_str::<Postings>("[18446744073709551615,1]").is_err());
        let mut merged = ids(&[1, 5]);
        merged.merge(&ids(&[2, 5, 9]));
        assert_eq!(merged, ids(&[1, 2, 5, 9]));
        merged.insert(3);
        merged.insert(3);
        assert_eq!(merged, ids(&[1, 2, 3, 5, 9]));
    }

    #[test]
    fn a_word_and_a_prefix_name_their_shards_from_the_layout() {
        let layout = IndexLayout {
            shards: vec![
                "".into(),
                "б".into(),
                "до".into(),
                "доно".into(),
                "е".into(),
            ],
            shard_bytes: 1000,
        };
        assert_eq!(layout.shard_of("абай"), Some(""));
        assert_eq!(layout.shard_of("до"), Some("до"));
        assert_eq!(layout.shard_of("донор"), Some("доно"));
        assert_eq!(layout.shard_of("яблоко"), Some("е"));
        let word = |text: &str| match Query::parse(text) {
            Query::Words(words) => words[0].clone(),
            other => panic!("{other:?}"),
        };
        let names = |set: BTreeSet<String>| set.into_iter().collect::<Vec<_>>();
        assert_eq!(names(layout.shards_for(&word("дон"))), ["до", "доно"]);
        assert_eq!(names(layout.shards_for(&word("донор"))), ["доно"]);
        assert_eq!(
            names(layout.shards_for(&word("до"))),
            ["до"],
            "exact: one shard"
        );
        assert!(
            layout.shards_for(&word("donor")).contains("доно"),
            "Latin letters reach the Cyrillic shard"
        );
        assert_eq!(IndexLayout::default().shard_of("a"), None);
        assert_eq!(shard_url(""), "data/v1/search/s/-.json");
        assert_eq!(shard_url("до"), "data/v1/search/s/d0b4d0be.json");
        assert_eq!(
            own_url("~v:honesty"),
            "data/v1/search/w/7e763a686f6e65737479.json"
        );
    }

    #[test]
    fn dates_become_whole_years_and_months() {
        let day = |text: &str| Date::parse(text).unwrap();
        let filter = |from: Option<&str>, to: Option<&str>| Filter {
            from: from.map(day),
            to: to.map(day),
            ..Filter::default()
        };
        let last = day("2023-05-20");
        let (groups, approximate) =
            facet_groups(&filter(Some("2020-11-01"), Some("2022-02-28")), last);
        assert_eq!(
            groups,
            [vec![
                "~m:2020-11",
                "~m:2020-12",
                "~y:2021",
                "~m:2022-01",
                "~m:2022-02"
            ]]
        );
        assert!(!approximate, "whole months");
        let (groups, approximate) = facet_groups(&filter(Some("2020-11-15"), None), last);
        assert!(approximate, "a bound inside a month");
        assert_eq!(groups[0].first().map(String::as_str), Some("~m:2020-11"));
        assert_eq!(groups[0].last().map(String::as_str), Some("~m:2023-05"));
        assert!(groups[0].contains(&"~y:2022".to_string()));
        let (groups, approximate) = facet_groups(&filter(None, Some("2020-03-31")), last);
        assert_eq!(groups, [vec!["~m:2020-02", "~m:2020-03"]]);
        assert!(!approximate, "from the start, whole months");
        let (groups, _) = facet_groups(&filter(Some("2021-01-01"), Some("2021-12-31")), last);
        assert_eq!(groups, [vec!["~y:2021"]]);
        let (groups, _) = facet_groups(&filter(Some("2022-03-01"), Some("2021-01-01")), last);
        assert_eq!(groups, [Vec::<String>::new()], "from after to: nothing");
        let chosen = Filter {
            virtue: Some(Virtue::Honesty),
            university: Some("kaznu".into()),
            region: Some(Region::Far),
            ..Filter::default()
        };
        assert_eq!(
            facet_groups(&chosen, last).0,
            [vec!["~v:honesty"], vec!["~u:kaznu"], vec!["~r:far"]]
        );
    }

    #[test]
    fn words_prefixes_pending_and_facets_intersect_newest_first() {
        let shard = Shard {
            schema: 1,
            words: BTreeMap::from([
                ("дом".to_string(), ids(&[1, 4])),
                ("донорлар".to_string(), ids(&[2])),
                ("кровь".to_string(), ids(&[2, 3])),
            ]),
            own: BTreeSet::from(["донор".to_string()]),
        };
        let pending = Pending {
            schema: 1,
            keys: BTreeMap::from([
                ("донор".to_string(), ids(&[9])),
                ("~v:honesty".to_string(), ids(&[9])),
            ]),
        };
        let donor = ids(&[3, 5, 7]);
        let honesty = ids(&[2, 5]);
        let words = |text: &str| match Query::parse(text) {
            Query::Words(words) => words,
            other => panic!("{other:?}"),
        };
        let facets = vec![vec!["~v:honesty".to_string()]];
        assert_eq!(
            own_keys(&words("донор"), &facets, [&shard]),
            BTreeSet::from(["донор".to_string(), "~v:honesty".to_string()])
        );
        assert!(own_keys(&words("дом"), &[], [&shard]).is_empty());
        let found = Found {
            shards: vec![&shard],
            pending: &pending,
            own: BTreeMap::from([
                ("донор".to_string(), &donor),
                ("~v:honesty".to_string(), &honesty),
            ]),
        };
        assert_eq!(found.evaluate(&words("донор"), &[]), [9, 7, 5, 3, 2]);
        assert_eq!(found.evaluate(&words("donor"), &[]), [9, 7, 5, 3, 2]);
        assert_eq!(found.evaluate(&words("донор кров"), &[]), [3, 2]);
        assert_eq!(found.evaluate(&words("донор"), &facets), [9, 5, 2]);
        assert_eq!(
            found.evaluate(&words("до"), &[]),
            Vec::<u64>::new(),
            "two letters: exact"
        );
        assert_eq!(found.evaluate(&words("мектеп"), &[]), Vec::<u64>::new());
        assert_eq!(found.evaluate(&[], &facets), [9, 5, 2], "filters alone");
    }

    #[test]
    fn a_deed_is_found_by_its_words_and_facets() {
        let deed = Deed {
            id: 7,
            university: "kaznu".into(),
            virtue: Virtue::Justice,
            title: "Тегін заң кеңесі".into(),
            story: format!("Студенттер көмектесті. {}", "ы".repeat(MAX_WORD_CHARS + 1)),
            link: None,
            done_on: Date::parse("2021-03-04").unwrap(),
            author: None,
            lang: crate::model::Lang::Kk,
            published_at: "2021-03-05T05:00:00Z".into(),
            illustrative: false,
            passes_to: vec![],
            received_from: None,
            photos: Vec::new(),
        };
        let keys = deed_keys(&deed, None);
        for key in [
            "тегин",
            "зан",
            "кенеси",
            "студенттер",
            "~v:justice",
            "~u:kaznu",
            "~m:2021-03",
            "~y:2021",
        ] {
            assert!(keys.contains(key), "{key}");
        }
        assert!(
            !keys.iter().any(|k| k.starts_with("~r:")),
            "no region without the university"
        );
        assert!(keys.iter().all(|k| k.chars().count() <= MAX_WORD_CHARS));
    }
}
