//! The keyword index, fetched only when a reader first searches: `search/{segment}.json`
//! for each block of [`SEGMENT_SIZE`] deeds, so publishing a deed rewrites only the newest
//! segment. Each segment maps a folded word to the deeds (as offsets within the segment)
//! whose title, story or university names contain it; a query word matches every indexed
//! word it starts, as [`crate::model::search::matches`] does.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{Deed, University, search::words};

/// Deeds per index segment.
pub const SEGMENT_SIZE: u64 = 1000;

/// One `search/{segment}.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchSegment {
    pub schema: u32,
    /// Deeds `segment * SEGMENT_SIZE + 1 ..= (segment + 1) * SEGMENT_SIZE`.
    pub segment: u64,
    /// Folded word -> offsets (deed id - first id of the segment), ascending.
    pub words: BTreeMap<String, Vec<u16>>,
}

/// The segment that indexes deed `id`.
pub fn segment_of(id: u64) -> u64 {
    id.saturating_sub(1) / SEGMENT_SIZE
}

/// The URL of segment `segment`, relative to the site.
pub fn segment_url(segment: u64) -> String {
    format!("{}/search/{segment}.json", crate::model::store::STORE_DIR)
}

/// The folded words a deed is found by: its title, its story and its university's names.
pub fn deed_words(deed: &Deed, university: Option<&University>) -> BTreeSet<String> {
    let mut found: BTreeSet<String> = words(&deed.title)
        .into_iter()
        .chain(words(&deed.story))
        .collect();
    for name in university.into_iter().flat_map(|u| u.names(true)) {
        found.extend(words(name));
    }
    found
}

/// Builds the segments for `deeds` (any order), looking universities up with `university`.
pub fn build_segments<'a>(
    deeds: impl IntoIterator<Item = &'a Deed>,
    university: impl Fn(&str) -> Option<&'a University>,
    schema: u32,
) -> BTreeMap<u64, SearchSegment> {
    let mut segments: BTreeMap<u64, SearchSegment> = BTreeMap::new();
    for deed in deeds {
        let segment = segment_of(deed.id);
        let offset = (deed.id - 1 - segment * SEGMENT_SIZE) as u16;
        let entry = segments.entry(segment).or_insert_with(|| SearchSegment {
            schema,
            segment,
            words: BTreeMap::new(),
        });
        for word in deed_words(deed, university(&deed.university)) {
            entry.words.entry(word).or_default().push(offset);
        }
    }
    for segment in segments.values_mut() {
        for offsets in segment.words.values_mut() {
            offsets.sort_unstable();
            offsets.dedup();
        }
    }
    segments
}

impl SearchSegment {
    /// The ids of the deeds in this segment that every word of `query` finds, newest first.
    /// An empty query finds nothing (the feed does not search then).
    pub fn find(&self, query: &str) -> Vec<u64> {
        let mut result: Option<BTreeSet<u16>> = None;
        for needle in words(query) {
            let found: BTreeSet<u16> = self
                .words
                .range(needle.clone()..)
                .take_while(|(word, _)| word.starts_with(&needle))
                .flat_map(|(_, offsets)| offsets.iter().copied())
                .collect();
            result = Some(match result {
                None => found,
                Some(before) => before.intersection(&found).copied().collect(),
            });
        }
        let first = self.segment * SEGMENT_SIZE + 1;
        result
            .unwrap_or_default()
            .into_iter()
            .rev()
            .map(|offset| first + u64::from(offset))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Lang, Names, Virtue};

    fn deed(id: u64, title: &str, story: &str) -> Deed {
        Deed {
            id,
            university: "kaznu".into(),
            virtue: Virtue::Kindness,
            title: title.into(),
            story: story.into(),
            link: None,
            done_on: Date::parse("2020-03-01").unwrap(),
            author: None,
            lang: Lang::Kk,
            published_at: "2020-03-02T05:00:00Z".into(),
            illustrative: false,
            passes_to: vec![],
            received_from: None,
        }
    }

    fn kaznu() -> University {
        let names = |kk: &str, ru: &str, en: &str| Names {
            kk: kk.into(),
            ru: ru.into(),
            en: en.into(),
        };
        University {
            id: "kaznu".into(),
            short: names("ҚазҰУ", "КазНУ", "KazNU"),
            name: names(
                "Әл-Фараби атындағы ҚазҰУ",
                "КазНУ имени аль-Фараби",
                "Al-Farabi KazNU",
            ),
            city: names("Алматы", "Алматы", "Almaty"),
            country: "KZ".into(),
            lat: 43.2,
            lon: 76.9,
        }
    }

    #[test]
    fn words_of_title_story_and_university_are_found_by_prefix() {
        let uni = kaznu();
        let deeds = [
            deed(1, "Қарттар үйіне бардық", "Шай іштік."),
            deed(2, "Сдали кровь", "Доноры помогли больнице."),
            deed(1001, "Toys for children", "We read fairy tales."),
        ];
        let segments = build_segments(&deeds, |_| Some(&uni), 1);
        assert_eq!(segments.len(), 2, "deed 1001 starts the second segment");
        let first = &segments[&0];
        assert_eq!(first.find("карттар"), vec![1]);
        assert_eq!(first.find("уйин бар"), vec![1]);
        assert_eq!(first.find("донор"), vec![2]);
        assert_eq!(
            first.find("алматы"),
            vec![2, 1],
            "university city, newest first"
        );
        assert_eq!(first.find("фараби кровь"), vec![2]);
        assert!(first.find("мектеп").is_empty());
        assert_eq!(segments[&1].find("fairy"), vec![1001]);
    }

    #[test]
    fn the_index_agrees_with_the_plain_matcher() {
        let uni = kaznu();
        let deeds: Vec<Deed> = (1..=60)
            .map(|i| {
                deed(
                    i,
                    &format!("Title {i} көмек"),
                    if i % 3 == 0 {
                        "Әділдік үшін"
                    } else {
                        "Адалдық"
                    },
                )
            })
            .collect();
        let segment = &build_segments(&deeds, |_| Some(&uni), 1)[&0];
        for query in ["адил", "адал", "комек title", "1", "almaty адал", "zzz"] {
            let mut expected: Vec<u64> = deeds
                .iter()
                .filter(|d| {
                    let text = format!("{} {} Алматы ҚазҰУ КазНУ KazNU Al-Farabi аль-Фараби Әл-Фараби атындағы имени Almaty", d.title, d.story);
                    crate::model::search::matches(query, &text)
                })
                .map(|d| d.id)
                .collect();
            expected.reverse();
            assert_eq!(segment.find(query), expected, "{query}");
        }
    }
}
