//! What the feed shows: the filters a reader can set (kept in the URL query, so a filtered
//! feed can be shared and reloaded), which stored list answers them with the fewest
//! fetches, and whether a deed passes them.

use std::collections::HashMap;

use crate::model::{
    Date, Deed, Region, University, Virtue, search,
    store::{ListId, Manifest},
};

/// The feed's filters. Every field is optional; unknown or malformed values in a URL are
/// ignored rather than failing the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `u`: one university's id.
    pub university: Option<String>,
    /// `v`: one virtue.
    pub virtue: Option<Virtue>,
    /// `r`: Kazakhstan, near or far abroad.
    pub region: Option<Region>,
    /// `from`: deeds done on or after this day.
    pub from: Option<Date>,
    /// `to`: deeds done on or before this day.
    pub to: Option<Date>,
    /// `q`: words that must each start a word of the title, story or university name.
    pub query: String,
    /// `sort=oldest`: oldest first (the default is newest first).
    pub oldest_first: bool,
}

impl Filter {
    /// Reads the filters from URL query parameters.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filter {
        let date = |key| get(key).and_then(|v| Date::parse(&v).ok());
        Filter {
            university: get("u").filter(|id| !id.is_empty()),
            virtue: get("v").and_then(|v| Virtue::from_slug(&v)),
            region: get("r").and_then(|r| Region::from_slug(&r)),
            from: date("from"),
            to: date("to"),
            query: get("q").unwrap_or_default().trim().to_string(),
            oldest_first: get("sort").as_deref() == Some("oldest"),
        }
    }

    /// The filters as URL query parameters, unset ones left out.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(u) = &self.university {
            query.push(("u", u.clone()));
        }
        if let Some(v) = self.virtue {
            query.push(("v", v.slug().to_string()));
        }
        if let Some(r) = self.region {
            query.push(("r", r.slug().to_string()));
        }
        if let Some(from) = self.from {
            query.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            query.push(("to", to.to_string()));
        }
        if !self.query.is_empty() {
            query.push(("q", self.query.clone()));
        }
        if self.oldest_first {
            query.push(("sort", "oldest".to_string()));
        }
        query
    }

    /// The filters as a URL query string (`?v=honesty&q=%D0%BA`), or `""` when none is set.
    pub fn to_query_string(&self) -> String {
        let pairs: Vec<String> = self
            .to_query()
            .into_iter()
            .map(|(key, value)| format!("{key}={}", percent_encode(&value)))
            .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }

    /// The stored list that holds every matching deed and the fewest others.
    pub fn list(&self, manifest: &Manifest) -> ListId {
        let mut candidates = Vec::new();
        if let Some(u) = &self.university {
            candidates.push(ListId::University(u.clone()));
        }
        if let Some(v) = self.virtue {
            candidates.push(ListId::Virtue(v));
        }
        if let Some(r) = self.region {
            candidates.push(ListId::Region(r));
        }
        candidates
            .into_iter()
            .min_by_key(|list| manifest.count(list))
            .unwrap_or(ListId::All)
    }

    /// Whether the filters are all unset.
    pub fn is_empty(&self) -> bool {
        *self
            == Filter {
                oldest_first: self.oldest_first,
                ..Filter::default()
            }
    }

    /// Whether `deed` passes every filter. `directory` gives the university's region and
    /// names, which the keyword search also looks at.
    pub fn matches(&self, deed: &Deed, directory: &Directory) -> bool {
        self.matches_besides_keywords(deed, directory)
            && (self.query.is_empty()
                || search::matches(
                    &self.query,
                    &searchable_text(deed, directory.get(&deed.university)),
                ))
    }

    /// Whether `deed` passes every filter but the keywords: for a deed the keyword index
    /// found, which has matched its words already (the index and [`search::matches`]
    /// agree; see search_index.rs). Folding a deed's text again is the costly part.
    pub fn matches_besides_keywords(&self, deed: &Deed, directory: &Directory) -> bool {
        let university = directory.get(&deed.university);
        self.university
            .as_ref()
            .is_none_or(|u| *u == deed.university)
            && self.virtue.is_none_or(|v| v == deed.virtue)
            && self
                .region
                .is_none_or(|r| university.is_some_and(|u| u.region() == r))
            && self.from.is_none_or(|from| deed.done_on >= from)
            && self.to.is_none_or(|to| deed.done_on <= to)
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn searchable_text(deed: &Deed, university: Option<&University>) -> String {
    let mut text = format!("{} {}", deed.title, deed.story);
    for name in university.into_iter().flat_map(|u| u.names(true)) {
        text.push(' ');
        text.push_str(name);
    }
    text
}

/// How far the relay has come, as the home page's introduction counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reach {
    /// Published deeds.
    pub deeds: u64,
    /// Universities with at least one published deed.
    pub universities: u64,
    /// Their countries.
    pub countries: u64,
}

impl Reach {
    /// Counted from the manifest's lists (a university's list is its published deeds) and
    /// the universities' countries: no deed is read.
    pub fn of(manifest: &crate::model::store::Manifest, directory: &Directory) -> Reach {
        use crate::model::store::ListId;
        let reached: Vec<&University> = directory
            .all()
            .iter()
            .filter(|u| manifest.count(&ListId::University(u.id.clone())) > 0)
            .collect();
        let countries: std::collections::BTreeSet<&str> =
            reached.iter().map(|u| u.country.as_str()).collect();
        Reach {
            deeds: manifest.count(&ListId::All),
            universities: reached.len() as u64,
            countries: countries.len() as u64,
        }
    }
}

/// The universities by id, as the app looks them up.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    records: Vec<University>,
    index: HashMap<String, usize>,
}

impl Directory {
    /// Indexes `records`.
    pub fn new(records: Vec<University>) -> Directory {
        let index = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Directory { records, index }
    }

    /// The university with `id`.
    pub fn get(&self, id: &str) -> Option<&University> {
        self.index.get(id).map(|&i| &self.records[i])
    }

    /// The place of the university `id` in [`Directory::all`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// All universities, in the store's order.
    pub fn all(&self) -> &[University] {
        &self.records
    }

    /// The university whose short or full name, in any language, is `text` (folded, so
    /// case and Kazakh letters do not matter).
    pub fn find_by_name(&self, text: &str) -> Option<&University> {
        let wanted = search::fold(text.trim());
        if wanted.is_empty() {
            return None;
        }
        self.records
            .iter()
            .find(|u| u.names(false).any(|name| search::fold(name) == wanted))
    }

    /// What a name typed into a university picker names: the university with that name
    /// ([`Directory::find_by_name`]), else the one university whose short or full name, in
    /// any language, contains it (folded), else several or none.
    pub fn match_name(&self, text: &str) -> NameMatch<'_> {
        if let Some(found) = self.find_by_name(text) {
            return NameMatch::One(found);
        }
        let wanted = search::fold(text.trim());
        if wanted.is_empty() {
            return NameMatch::None;
        }
        let mut matching = self.records.iter().filter(|u| {
            u.names(false)
                .any(|name| search::fold(name).contains(&wanted))
        });
        match (matching.next(), matching.next()) {
            (Some(one), None) => NameMatch::One(one),
            (Some(_), Some(_)) => NameMatch::Several,
            (None, _) => NameMatch::None,
        }
    }
}

/// What a typed university name picks ([`Directory::match_name`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NameMatch<'a> {
    /// Exactly this university.
    One(&'a University),
    /// More than one university: the reader has to say which.
    Several,
    /// No university has such a name.
    None,
}

/// Where the feed goes next in a list: the pages in reading order.
pub fn next_page(last_page: Option<u64>, oldest_first: bool, current: Option<u64>) -> Option<u64> {
    let last = last_page?;
    match (oldest_first, current) {
        (false, None) => Some(last),
        (false, Some(page)) => page.checked_sub(1),
        (true, None) => Some(0),
        (true, Some(page)) => (page < last).then_some(page + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, Names};

    fn names(text: &str) -> Names {
        Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        }
    }

    fn directory() -> Directory {
        let record = |id: &str, country: &str, city: &str| University {
            id: id.into(),
            short: names(id),
            name: names(&format!("{id} university")),
            city: names(city),
            country: country.into(),
            lat: 0.0,
            lon: 0.0,
        };
        Directory::new(vec![
            record("kaznu", "KZ", "Алматы"),
            record("msu", "RU", "Москва"),
            record("snu", "KR", "Seoul"),
        ])
    }

    fn deed(id: u64, university: &str, virtue: Virtue, day: &str, title: &str) -> Deed {
        Deed {
            id,
            university: university.into(),
            virtue,
            title: title.into(),
            story: "Біз көмектестік.".into(),
            link: None,
            done_on: Date::parse(day).unwrap(),
            author: None,
            lang: Lang::Kk,
            published_at: format!("{day}T05:00:00Z"),
            illustrative: true,
            passes_to: vec![],
            received_from: None,
            photos: Vec::new(),
        }
    }

    #[test]
    fn the_query_round_trips_and_ignores_nonsense() {
        let filter = Filter {
            university: Some("kaznu".into()),
            virtue: Some(Virtue::Justice),
            region: Some(Region::Kz),
            from: Date::parse("2020-03-01").ok(),
            to: Date::parse("2020-12-31").ok(),
            query: "көмек".into(),
            oldest_first: true,
        };
        let query: HashMap<&str, String> = filter.to_query().into_iter().collect();
        assert_eq!(Filter::from_query(|k| query.get(k).cloned()), filter);

        assert_eq!(
            Filter {
                query: "игі іс".into(),
                ..Filter::default()
            }
            .to_query_string(),
            "?q=%D0%B8%D0%B3%D1%96%20%D1%96%D1%81"
        );
        assert_eq!(Filter::default().to_query_string(), "");

        let nonsense: HashMap<&str, &str> = [
            ("v", "greed"),
            ("r", "moon"),
            ("from", "yesterday"),
            ("sort", "random"),
        ]
        .into();
        let parsed = Filter::from_query(|k| nonsense.get(k).map(|v| v.to_string()));
        assert_eq!(parsed, Filter::default());
        assert!(parsed.is_empty());
    }

    #[test]
    fn filters_combine() {
        let dir = directory();
        let deeds = [
            deed(
                1,
                "kaznu",
                Virtue::Kindness,
                "2020-02-06",
                "Қарттар үйіне бардық",
            ),
            deed(2, "msu", Virtue::Justice, "2020-05-01", "Free legal advice"),
            deed(
                3,
                "snu",
                Virtue::Kindness,
                "2021-01-10",
                "Toys for children",
            ),
        ];
        let ids = |filter: &Filter| -> Vec<u64> {
            deeds
                .iter()
                .filter(|d| filter.matches(d, &dir))
                .map(|d| d.id)
                .collect()
        };
        assert_eq!(ids(&Filter::default()), vec![1, 2, 3]);
        assert_eq!(
            ids(&Filter {
                virtue: Some(Virtue::Kindness),
                ..Filter::default()
            }),
            vec![1, 3]
        );
        assert_eq!(
            ids(&Filter {
                region: Some(Region::Near),
                ..Filter::default()
            }),
            vec![2]
        );
        assert_eq!(
            ids(&Filter {
                region: Some(Region::Far),
                ..Filter::default()
            }),
            vec![3]
        );
        assert_eq!(
            ids(&Filter {
                from: Date::parse("2020-03-01").ok(),
                to: Date::parse("2020-12-31").ok(),
                ..Filter::default()
            }),
            vec![2]
        );
        assert_eq!(
            ids(&Filter {
                query: "карттар".into(),
                ..Filter::default()
            }),
            vec![1]
        );
        // University names are searched too, in every language.
        assert_eq!(
            ids(&Filter {
                query: "москва".into(),
                ..Filter::default()
            }),
            vec![2]
        );
        assert_eq!(
            ids(&Filter {
                university: Some("snu".into()),
                virtue: Some(Virtue::Justice),
                ..Filter::default()
            }),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn besides_keywords_checks_every_other_filter_but_not_the_words() {
        let dir = directory();
        let kind = deed(
            1,
            "kaznu",
            Virtue::Kindness,
            "2020-02-06",
            "Қарттар үйіне бардық",
        );
        let searched = Filter {
            query: "library".into(),
            ..Filter::default()
        };
        assert!(!searched.matches(&kind, &dir));
        assert!(searched.matches_besides_keywords(&kind, &dir));
        let other_virtue = Filter {
            virtue: Some(Virtue::Justice),
            ..searched.clone()
        };
        assert!(!other_virtue.matches_besides_keywords(&kind, &dir));
        let later = Filter {
            from: Date::parse("2021-01-01").ok(),
            ..searched
        };
        assert!(!later.matches_besides_keywords(&kind, &dir));
    }

    #[test]
    fn a_university_is_found_by_any_of_its_names() {
        let dir = directory();
        assert_eq!(
            dir.find_by_name("MSU university").map(|u| u.id.as_str()),
            Some("msu")
        );
        assert_eq!(
            dir.find_by_name(" kaznu ").map(|u| u.id.as_str()),
            Some("kaznu")
        );
        assert_eq!(dir.find_by_name("Hogwarts"), None);
        assert_eq!(dir.find_by_name(""), None);
    }

    #[test]
    fn the_smallest_list_is_read() {
        let manifest = Manifest {
            schema: 1,
            page_size: 50,
            updated_at: String::new(),
            last_id: 300,
            lists: [
                ("all".to_string(), 300),
                ("u/kaznu".to_string(), 40),
                ("v/justice".to_string(), 70),
            ]
            .into(),
            search: Default::default(),
        };
        let filter = Filter {
            university: Some("kaznu".into()),
            virtue: Some(Virtue::Justice),
            ..Filter::default()
        };
        assert_eq!(filter.list(&manifest), ListId::University("kaznu".into()));
        assert_eq!(Filter::default().list(&manifest), ListId::All);
    }

    #[test]
    fn pages_are_read_newest_first_or_oldest_first() {
        assert_eq!(next_page(Some(5), false, None), Some(5));
        assert_eq!(next_page(Some(5), false, Some(1)), Some(0));
        assert_eq!(next_page(Some(5), false, Some(0)), None);
        assert_eq!(next_page(Some(5), true, None), Some(0));
        assert_eq!(next_page(Some(5), true, Some(5)), None);
        assert_eq!(next_page(None, false, None), None);
    }

    #[test]
    fn a_typed_name_picks_one_university_or_says_why_not() {
        let mut records = directory().all().to_vec();
        records[0].name = Names {
            kk: "Әл-Фараби атындағы Қазақ ұлттық университеті".into(),
            ru: "Казахский национальный университет имени аль-Фараби".into(),
            en: "Al-Farabi Kazakh National University".into(),
        };
        let directory = Directory::new(records);
        let id = |found: NameMatch| match found {
            NameMatch::One(u) => Some(u.id.clone()),
            _ => None,
        };
        // A whole name, in any language and case, then a part of one, without the
        // Kazakh letters.
        assert_eq!(id(directory.match_name(" MSU ")), Some("msu".into()));
        assert_eq!(
            id(directory.match_name("snu university")),
            Some("snu".into())
        );
        assert_eq!(id(directory.match_name("фараби")), Some("kaznu".into()));
        assert_eq!(
            id(directory.match_name("ал-фараби атындагы")),
            Some("kaznu".into())
        );
        // "kaznu" is a whole short name, though "kaznu university" contains it too.
        assert_eq!(id(directory.match_name("KazNU")), Some("kaznu".into()));
        // A part of several names, and of none.
        assert_eq!(directory.match_name("university"), NameMatch::Several);
        assert_eq!(directory.match_name("nu"), NameMatch::Several);
        assert_eq!(directory.match_name("Hogwarts"), NameMatch::None);
        assert_eq!(directory.match_name("   "), NameMatch::None);
    }
}
