//! The one derivation of the store's files from deeds: [`StoreBuilder`].
//!
//! The store is made in two ways: a full build from the whole source (`qq publish`, a
//! rebuild of the inbox's store) and an approval, which appends new deeds to a store
//! already on disk while reading only its newest pages. Both used to be written out
//! separately and were kept equal only by tests; now both are this builder, so they
//! cannot drift apart:
//!
//! - a full build starts it empty ([`StoreBuilder::new`]: every list of every university,
//!   virtue and region present with no deed) and adds every deed;
//! - an approval starts it from the store under a site ([`StoreBuilder::from_site`]: the
//!   manifest, `stats.json`, `counts.json`, `newest.json` and `relay-pairs.json`; a list's newest page or a search segment is
//!   read only when a new deed lands on it) and adds the new deeds.
//!
//! Adding a deed puts it into every list it belongs to (`all`, `u/{id}`, `v/{virtue}`,
//! `r/{region}`), the university's stats, its month's count, its university's count of
//! the month (`counts.json`), the newest deeds (`newest.json`), the relay, the keyword
//! index and `deeds.csv`. Deeds come in publication order, each numbered after the last:
//! a list's pages fill from the oldest, so only its newest page is ever open, and a page
//! the builder has moved past is final and serialised at once. [`StoreBuilder::files`]
//! returns the files it touched, with `relay-pairs.json`, `relay.json`, `stats.json`,
//! `counts.json`, `newest.json`,
//! `universities.json`, the open data (`universities.geojson`, and `deeds.csv` once a
//! deed is added: an approval reads the file and appends its rows) and the manifest.
//!
//! The builder also says which deeds and universities it touched, for whatever else is
//! derived per deed or per university.

use std::{
    collections::{BTreeMap, BTreeSet, VecDeque},
    path::Path,
};

use serde::Serialize;

use super::{PublishError, StoreFiles, manifest_path};
use crate::model::{
    BatonPass, Deed, Region, SCHEMA_VERSION, University, Virtue,
    relay::path::ORIGIN,
    search_index::deed_keys,
    store::{
        ByVirtue, CountsFile, ListId, Manifest, Month, NEWEST_SIZE, NewestFile, PAGE_SIZE, Page,
        RelayFile, RelayLink, STORE_DIR, StatsFile, UniversitiesFile, UniversityMonths,
        UniversityStats, counts_url, newest_url, page_of_deed,
    },
};

mod months;
mod open_data;
mod origin;
mod relay;
mod search;

use months::Months;
use open_data::{DeedsCsv, universities_geojson};
use origin::{Origin, read_store_file};
use relay::Relay;
use search::SearchIndex;
pub use search::index_postings;

/// The store's files as deeds are added to it (see the module docs).
#[derive(Debug)]
pub struct StoreBuilder {
    /// Where pages and segments the builder has not touched yet come from.
    origin: Origin,
    /// Every university, in the order of `universities.json`.
    universities: Vec<University>,
    /// A university's index in `universities`, by id.
    by_id: BTreeMap<String, usize>,
    /// `last_id`, `updated_at`, and the counts of the lists not in `lists`.
    manifest: Manifest,
    /// Each university's stats, by id.
    stats: BTreeMap<String, UniversityStats>,
    /// The deeds of each month by virtue.
    months: Months,
    /// Each university's deeds by month and virtue (`counts.json`).
    counts: BTreeMap<String, BTreeMap<Month, ByVirtue>>,
    /// The newest deeds' JSON, oldest first, at most [`NEWEST_SIZE`] (`newest.json`).
    newest: VecDeque<Vec<u8>>,
    /// The relay's links.
    relay: Relay,
    /// The lists a deed has landed on.
    lists: BTreeMap<ListId, OpenList>,
    /// The keys of the deeds added, for the keyword index.
    search: SearchIndex,
    /// `deeds.csv`, once read or started.
    csv: Option<DeedsCsv>,
    /// Pages and segments the builder has moved past: final, serialised.
    finished: StoreFiles,
    /// The numbers of the deeds added.
    deeds: Vec<u64>,
    /// The universities whose deeds, stats or relay facts changed, or that are new.
    touched: BTreeSet<String>,
}

/// A list a deed has landed on.
#[derive(Debug)]
struct OpenList {
    /// How many deeds it holds.
    count: u64,
    /// Its newest page, once read or started.
    page: Option<OpenPage>,
}

/// The newest page of a list, its deeds kept as JSON: a deed in four lists is serialised
/// once, when it is added.
#[derive(Debug)]
struct OpenPage {
    /// The page's number, from 0 for the oldest.
    number: u64,
    /// Its deeds' JSON, oldest first, separated by commas.
    deeds: Vec<u8>,
}

impl OpenPage {
    fn from_page(page: &Page) -> OpenPage {
        let mut open = OpenPage {
            number: page.page,
            deeds: Vec::new(),
        };
        for deed in &page.deeds {
            open.push(&serde_json::to_vec(deed).expect("a deed always serialises"));
        }
        open
    }

    fn push(&mut self, deed: &[u8]) {
        if !self.deeds.is_empty() {
            self.deeds.push(b',');
        }
        self.deeds.extend_from_slice(deed);
    }

    /// The page's file: what [`json`] makes of the [`Page`], its deeds spliced in.
    fn file(&self, list: &ListId) -> Vec<u8> {
        let mut bytes = json(&Page {
            schema: SCHEMA_VERSION,
            list: list.key(),
            page: self.number,
            deeds: Vec::new(),
        });
        // `deeds` is the page's last field: the file ends `[]}` and a newline.
        let end = b"]}\n";
        debug_assert!(bytes.ends_with(b"[]}\n"), "a page ends with its deeds");
        bytes.truncate(bytes.len() - end.len());
        bytes.extend_from_slice(&self.deeds);
        bytes.extend_from_slice(end);
        bytes
    }
}

impl StoreBuilder {
    /// An empty store of `universities`, for a full build: every list present, none with
    /// a deed, and every university touched.
    pub fn new(universities: &[University]) -> StoreBuilder {
        let manifest = Manifest {
            schema: SCHEMA_VERSION,
            page_size: PAGE_SIZE,
            updated_at: String::new(),
            last_id: 0,
            lists: BTreeMap::new(),
            search: Default::default(),
        };
        let stats = StatsFile {
            schema: SCHEMA_VERSION,
            universities: Vec::new(),
            months: Vec::new(),
        };
        let counts = CountsFile {
            schema: SCHEMA_VERSION,
            universities: Vec::new(),
        };
        let start = Start {
            manifest,
            stats,
            counts,
            newest: Vec::new(),
            links: Vec::new(),
        };
        let mut builder = StoreBuilder::starting_from(Origin(None), universities, start);
        builder.csv = Some(DeedsCsv::new());
        builder
    }

    /// The store written under `site`, to add newer deeds to it. `universities` is the
    /// whole list, in its order; those the store does not know yet count as touched.
    pub fn from_site(
        site: &Path,
        universities: &[University],
    ) -> Result<StoreBuilder, PublishError> {
        let manifest: Manifest = read_store_file(site, &manifest_path())?;
        let stats: StatsFile = read_store_file(site, &stats_path())?;
        let relay: RelayFile = read_store_file(site, &relay_pairs_path())?;
        let counts: CountsFile = read_store_file(site, &counts_url())?;
        let newest: NewestFile = read_store_file(site, &newest_url())?;
        let start = Start {
            manifest,
            stats,
            counts,
            newest: newest.deeds,
            links: relay.links,
        };
        Ok(StoreBuilder::starting_from(
            Origin(Some(site.to_path_buf())),
            universities,
            start,
        ))
    }

    fn starting_from(origin: Origin, universities: &[University], start: Start) -> StoreBuilder {
        let Start {
            mut manifest,
            stats,
            counts,
            newest,
            links,
        } = start;
        let months = Months::new(stats.months);
        let mut stats: BTreeMap<String, UniversityStats> = (stats.universities.into_iter())
            .map(|s| (s.id.clone(), s))
            .collect();
        let mut touched = BTreeSet::new();
        for university in universities {
            if !stats.contains_key(&university.id) {
                stats.insert(university.id.clone(), empty_stats(&university.id));
                touched.insert(university.id.clone());
            }
        }
        for list in every_list(universities) {
            manifest.lists.entry(list.key()).or_insert(0);
        }
        StoreBuilder {
            origin,
            universities: universities.to_vec(),
            by_id: (universities.iter().enumerate())
                .map(|(index, u)| (u.id.clone(), index))
                .collect(),
            manifest,
            stats,
            months,
            counts: (counts.universities.into_iter())
                .map(|row| {
                    let months = row.months().filter(|(_, d)| *d != [0; 4]).collect();
                    (row.id, months)
                })
                .collect(),
            newest: (newest.iter())
                .map(|deed| serde_json::to_vec(deed).expect("a deed always serialises"))
                .collect(),
            relay: Relay::new(links),
            lists: BTreeMap::new(),
            search: SearchIndex::default(),
            csv: None,
            finished: StoreFiles::new(),
            deeds: Vec::new(),
            touched,
        }
    }

    /// Adds `deed`, numbered after every deed already in the store, to every list it
    /// belongs to, the stats, the relay and the keyword index. A deed not newer than the
    /// store's last is refused, as is one whose pages cannot be read from the site; either
    /// way the builder is left as it was.
    pub fn add(&mut self, deed: &Deed) -> Result<(), PublishError> {
        if deed.id <= self.manifest.last_id {
            return Err(PublishError::NotNewer {
                deed: deed.id,
                last: self.manifest.last_id,
            });
        }
        let lists = self.lists_of(deed);
        for list in &lists {
            self.open_page(list, deed)?;
        }
        self.open_csv()?;
        // Everything the deed lands on is open: from here on nothing fails.
        let deed_json = serde_json::to_vec(deed).expect("a deed always serialises");
        for list in lists {
            self.put_on_list(&list, &deed_json);
        }
        (self.search).add(deed.id, deed_keys(deed, self.university(&deed.university)));
        self.newest.push_back(deed_json.clone());
        if self.newest.len() > NEWEST_SIZE {
            self.newest.pop_front();
        }
        (self.csv.as_mut())
            .expect("deeds.csv was opened first")
            .add(deed);
        self.add_to_stats(deed);
        for pass in deed.passes() {
            self.add_pass(pass);
        }
        self.manifest.last_id = deed.id;
        if deed.published_at > self.manifest.updated_at {
            self.manifest.updated_at = deed.published_at.clone();
        }
        self.deeds.push(deed.id);
        Ok(())
    }

    /// The numbers of the deeds added, in order.
    pub fn touched_deeds(&self) -> &[u64] {
        &self.deeds
    }

    /// The universities whose published facts changed: those with a new deed, those
    /// passed the baton, and those the store did not have (every one, in a full build).
    pub fn touched_universities(&self) -> &BTreeSet<String> {
        &self.touched
    }

    /// The files the builder touched (pages and index files), with
    /// `relay-pairs.json`, `relay.json`, `stats.json`, `universities.json` and the
    /// manifest. Fails when the site's keyword index cannot be read.
    pub fn files(mut self) -> Result<StoreFiles, PublishError> {
        for (list, open) in std::mem::take(&mut self.lists) {
            if let Some(page) = open.page {
                self.finished
                    .insert(list.page_url(page.number), page.file(&list));
            }
            self.manifest.lists.insert(list.key(), open.count);
        }
        let mut files = std::mem::take(&mut self.finished);
        let search = std::mem::take(&mut self.search);
        if self.origin.0.is_none() {
            let (layout, index) = search.full();
            self.manifest.search = layout;
            files.extend(index);
        } else {
            files.extend(search.appended(&self.origin, &mut self.manifest.search)?);
        }
        let (pairs, relay) = self.relay.files();
        files.insert(relay_pairs_path(), json(&pairs));
        files.insert(relay_path(), json(&relay));
        let stats = self.stats_file();
        files.insert(
            format!("{STORE_DIR}/universities.geojson"),
            universities_geojson(&self.universities, &stats.universities),
        );
        files.insert(stats_path(), json(&stats));
        let counts = CountsFile {
            schema: SCHEMA_VERSION,
            universities: (self.counts.iter())
                .filter_map(|(id, months)| UniversityMonths::of(id, months))
                .collect(),
        };
        files.insert(counts_url(), json(&counts));
        files.insert(newest_url(), self.newest_file());
        if let Some(csv) = self.csv.take() {
            files.insert(deeds_csv_path(), csv.file());
        }
        files.insert(
            format!("{STORE_DIR}/universities.json"),
            json(&UniversitiesFile {
                schema: SCHEMA_VERSION,
                universities: std::mem::take(&mut self.universities),
            }),
        );
        files.insert(manifest_path(), json(&self.manifest));
        Ok(files)
    }

    fn university(&self, id: &str) -> Option<&University> {
        self.by_id.get(id).map(|&index| &self.universities[index])
    }

    /// The lists `deed` belongs to; a university the store does not list has no region.
    fn lists_of(&self, deed: &Deed) -> Vec<ListId> {
        let mut lists = vec![
            ListId::All,
            ListId::University(deed.university.clone()),
            ListId::Virtue(deed.virtue),
        ];
        if let Some(university) = self.university(&deed.university) {
            lists.push(ListId::Region(university.region()));
        }
        lists
    }

    /// Opens the page of `list` that `deed` lands on: in `all` the page its number says,
    /// in another list the page after its last full one. A page the list moves past is
    /// final and serialised.
    fn open_page(&mut self, list: &ListId, deed: &Deed) -> Result<(), PublishError> {
        if !self.lists.contains_key(list) {
            let count = self.manifest.lists.get(&list.key()).copied().unwrap_or(0);
            self.lists
                .insert(list.clone(), OpenList { count, page: None });
        }
        let open = (self.lists.get_mut(list)).expect("the list was opened just above");
        let number = match list {
            ListId::All => page_of_deed(deed.id),
            _ => open.count / PAGE_SIZE,
        };
        if open.page.as_ref().is_some_and(|page| page.number == number) {
            return Ok(());
        }
        let page = OpenPage::from_page(&self.origin.page(list, number, open.count)?);
        if let Some(done) = open.page.replace(page) {
            self.finished
                .insert(list.page_url(done.number), done.file(list));
        }
        Ok(())
    }

    /// Puts a deed, as `deed_json`, on the open page of `list`.
    fn put_on_list(&mut self, list: &ListId, deed_json: &[u8]) {
        let open = (self.lists.get_mut(list)).expect("the list's page was opened first");
        let page = (open.page.as_mut()).expect("the list's page was opened first");
        page.push(deed_json);
        open.count += 1;
    }

    /// Opens `deeds.csv`: the site's, to append to, unless it is open already.
    fn open_csv(&mut self) -> Result<(), PublishError> {
        if self.csv.is_none() {
            let before = self.origin.bytes(&deeds_csv_path())?;
            self.csv = Some(before.map_or_else(DeedsCsv::new, DeedsCsv::after));
        }
        Ok(())
    }

    /// Counts `deed` in its university's stats; its first deed's day is when it joined.
    fn add_to_stats(&mut self, deed: &Deed) {
        let own = self
            .stats
            .entry(deed.university.clone())
            .or_insert_with(|| empty_stats(&deed.university));
        own.deeds += 1;
        *own.by_virtue
            .entry(deed.virtue.slug().to_string())
            .or_insert(0) += 1;
        own.joined = Some(own.joined.map_or(deed.done_on, |day| day.min(deed.done_on)));
        self.months.add(deed.done_on, deed.virtue);
        let month = (deed.done_on.year, deed.done_on.month);
        let by_virtue = (self.counts.entry(deed.university.clone()))
            .or_default()
            .entry(month)
            .or_default();
        let virtue = (Virtue::ALL.iter())
            .position(|v| *v == deed.virtue)
            .expect("every virtue is in Virtue::ALL");
        by_virtue[virtue] += 1;
        self.touch(&deed.university);
    }

    /// `newest.json`: the newest deeds, oldest first, spliced in as a page's are.
    fn newest_file(&self) -> Vec<u8> {
        let mut bytes = json(&NewestFile {
            schema: SCHEMA_VERSION,
            deeds: Vec::new(),
        });
        let end = b"]}\n";
        debug_assert!(bytes.ends_with(b"[]}\n"), "the file ends with its deeds");
        bytes.truncate(bytes.len() - end.len());
        for (index, deed) in self.newest.iter().enumerate() {
            if index > 0 {
                bytes.push(b',');
            }
            bytes.extend_from_slice(deed);
        }
        bytes.extend_from_slice(end);
        bytes
    }

    /// Counts `pass` in the relay; its receiver got the baton from whoever passed it
    /// first, except KazNU, which started the relay: a baton that reaches it came back.
    fn add_pass(&mut self, pass: BatonPass) {
        if pass.to != ORIGIN
            && pass.from != pass.to
            && self.received_first(&pass)
            && let Some(receiver) = self.stats.get_mut(&pass.to)
        {
            receiver.received_from = Some(pass.from.clone());
        }
        self.touch(&pass.to);
        self.relay.add(pass);
    }

    /// Whether `pass` comes before every pass its receiver has had, by (date, deed): the
    /// first pass from the receiver's giver is the first it had.
    fn received_first(&self, pass: &BatonPass) -> bool {
        let giver = (self.stats.get(&pass.to)).and_then(|s| s.received_from.as_deref());
        let first = giver.and_then(|from| self.relay.link(from, &pass.to));
        first.is_none_or(|link| (pass.date, pass.deed) < (link.date, link.deed))
    }

    fn touch(&mut self, university: &str) {
        if self.by_id.contains_key(university) && !self.touched.contains(university) {
            self.touched.insert(university.to_string());
        }
    }

    /// Every university's stats, in the order of `universities.json`, and every month's.
    fn stats_file(&mut self) -> StatsFile {
        let universities = (self.universities.iter())
            .map(|u| (self.stats.remove(&u.id)).unwrap_or_else(|| empty_stats(&u.id)))
            .collect();
        StatsFile {
            schema: SCHEMA_VERSION,
            universities,
            months: self.months.file(),
        }
    }
}

/// What a builder starts from: the store's files it keeps whole.
struct Start {
    manifest: Manifest,
    stats: StatsFile,
    counts: CountsFile,
    /// `newest.json`'s deeds, oldest first.
    newest: Vec<Deed>,
    links: Vec<RelayLink>,
}

/// Every list a store of `universities` has, with or without deeds.
fn every_list(universities: &[University]) -> impl Iterator<Item = ListId> + '_ {
    let fixed = std::iter::once(ListId::All)
        .chain(Virtue::ALL.into_iter().map(ListId::Virtue))
        .chain(Region::ALL.into_iter().map(ListId::Region));
    fixed.chain(
        universities
            .iter()
            .map(|u| ListId::University(u.id.clone())),
    )
}

fn stats_path() -> String {
    format!("{STORE_DIR}/stats.json")
}

fn relay_path() -> String {
    format!("{STORE_DIR}/relay.json")
}

fn deeds_csv_path() -> String {
    format!("{STORE_DIR}/deeds.csv")
}

fn relay_pairs_path() -> String {
    format!("{STORE_DIR}/relay-pairs.json")
}

fn empty_stats(id: &str) -> UniversityStats {
    UniversityStats {
        id: id.to_string(),
        joined: None,
        received_from: None,
        deeds: 0,
        by_virtue: Virtue::ALL
            .into_iter()
            .map(|virtue| (virtue.slug().to_string(), 0))
            .collect(),
    }
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("store records always serialise");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        model::{
            relay,
            search_index::{FILES_PER_APPROVAL, Postings},
        },
        native::{
            publish::{Source, build_store, write_files, write_store},
            synthetic::synthetic_source,
        },
    };

    /// A store of the first `written` deeds of `source` under a fresh site.
    fn site_with(source: &Source, written: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let older = Source {
            universities: source.universities.clone(),
            deeds: source.deeds[..written].to_vec(),
        };
        let files = build_store(&older).expect("synthetic deeds are in order");
        write_store(dir.path(), &files).expect("the store is written");
        dir
    }

    /// Every file of the store under `site`.
    fn site_files(site: &Path) -> StoreFiles {
        crate::native::publish::read_store(site).expect("the store is readable")
    }

    fn parse<T: serde::de::DeserializeOwned>(files: &StoreFiles, path: &str) -> T {
        serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_page_of_spliced_deeds_is_the_pages_json() {
        let source = synthetic_source(12, 3);
        for deeds in [&source.deeds[..0], &source.deeds[..1], &source.deeds[..]] {
            let page = Page {
                schema: SCHEMA_VERSION,
                list: "u/u1".into(),
                page: 7,
                deeds: deeds.to_vec(),
            };
            let list = ListId::University("u1".into());
            assert_eq!(OpenPage::from_page(&page).file(&list), json(&page));
        }
    }

    #[test]
    fn a_full_build_touches_every_deed_and_university() {
        let source = synthetic_source(12, 80);
        let mut builder = StoreBuilder::new(&source.universities);
        for deed in &source.deeds {
            builder.add(deed).unwrap();
        }
        let ids: Vec<u64> = source.deeds.iter().map(|d| d.id).collect();
        assert_eq!(builder.touched_deeds(), ids);
        let all: BTreeSet<String> = source.universities.iter().map(|u| u.id.clone()).collect();
        assert_eq!(*builder.touched_universities(), all);
    }

    #[test]
    fn an_approval_touches_its_university_and_those_it_passed_the_baton_to() {
        let mut source = synthetic_source(12, 80);
        source.deeds[79].passes_to = vec!["u3".into(), "u7".into()];
        let site = site_with(&source, 79);
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        assert!(builder.touched_universities().is_empty());
        builder.add(&source.deeds[79]).unwrap();

        assert_eq!(builder.touched_deeds(), [80]);
        let mut expected = BTreeSet::from(["u3".to_string(), "u7".to_string()]);
        expected.insert(source.deeds[79].university.clone());
        assert_eq!(*builder.touched_universities(), expected);
    }

    #[test]
    fn a_university_new_to_the_store_is_touched() {
        let mut source = synthetic_source(12, 80);
        let site = site_with(&source, 80);
        let mut newcomer = source.universities[0].clone();
        newcomer.id = "tsu".into();
        source.universities.push(newcomer);
        let builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        assert_eq!(
            *builder.touched_universities(),
            BTreeSet::from(["tsu".to_string()])
        );
        let stats: StatsFile = parse(&builder.files().unwrap(), "data/v1/stats.json");
        assert_eq!(
            stats.universities.last().map(|u| u.id.as_str()),
            Some("tsu")
        );
    }

    #[test]
    fn an_approval_reads_only_the_pages_its_deeds_land_on() {
        let source = synthetic_source(12, 180);
        let site = site_with(&source, 179);
        // Every full page may go: only the newest page of each of the deed's lists is read.
        std::fs::remove_file(site.path().join("data/v1/all/0.json")).unwrap();
        std::fs::remove_file(site.path().join("data/v1/all/1.json")).unwrap();
        let builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        let untouched: Vec<String> = builder.files().unwrap().into_keys().collect();
        assert_eq!(
            untouched,
            [
                "data/v1/counts.json",
                "data/v1/manifest.json",
                "data/v1/newest.json",
                "data/v1/relay-pairs.json",
                "data/v1/relay.json",
                "data/v1/search/pending.json",
                "data/v1/stats.json",
                "data/v1/universities.geojson",
                "data/v1/universities.json"
            ]
        );

        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        let deed = &source.deeds[179];
        builder.add(deed).unwrap();
        let files = builder.files().unwrap();
        let full = build_store(&source).unwrap();
        let manifest: Manifest = parse(&full, "data/v1/manifest.json");
        let region = source.universities.iter().find(|u| u.id == deed.university);
        let lists = [
            ListId::All,
            ListId::University(deed.university.clone()),
            ListId::Virtue(deed.virtue),
            ListId::Region(region.expect("a listed university").region()),
        ];
        for list in lists {
            let url = list.page_url(manifest.last_page(&list).expect("it has the deed"));
            assert!(files.get(&url) == full.get(&url), "{url}");
        }
        let index = files
            .keys()
            .filter(|path| path.starts_with("data/v1/search/"))
            .count();
        assert!(
            (2..=FILES_PER_APPROVAL).contains(&index),
            "{index} index files"
        );
        assert_eq!(files.len() - index, 4 + 9, "four pages, nine files");
        write_files(site.path(), &files).unwrap();
        let found = index_postings(&site_files(site.path())).unwrap();
        let expected = index_postings(&full).unwrap();
        assert_eq!(
            found, expected,
            "the index with the approval is the full build's"
        );
    }

    #[test]
    fn a_page_that_cannot_be_read_leaves_the_builder_as_it_was() {
        let source = synthetic_source(12, 120);
        let site = site_with(&source, 100);
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        builder.add(&source.deeds[100]).unwrap();
        // A deed of another university, whose list has begun a page: `all` takes it
        // first, then that page turns out to be gone.
        let (index, deed) = (source.deeds.iter().enumerate().skip(101))
            .find(|(_, d)| d.university != source.deeds[100].university)
            .expect("another university's deed");
        let list = ListId::University(deed.university.clone());
        let count = source.deeds[..index]
            .iter()
            .filter(|d| d.university == deed.university)
            .count() as u64;
        assert!(!count.is_multiple_of(PAGE_SIZE), "the page has begun");
        let page = site.path().join(list.page_url(count / PAGE_SIZE));
        let kept = std::fs::read(&page).unwrap();
        for earlier in &source.deeds[101..index] {
            builder.add(earlier).unwrap();
        }
        std::fs::remove_file(&page).unwrap();
        assert!(matches!(builder.add(deed), Err(PublishError::Read { .. })));

        std::fs::write(&page, kept).unwrap();
        for deed in &source.deeds[index..] {
            builder.add(deed).unwrap();
        }
        write_files(site.path(), &builder.files().unwrap()).unwrap();
        assert_like_full_build(site.path(), &build_store(&source).unwrap());
    }

    /// The store under `site` is `full`'s: the same files, but for the keyword index,
    /// whose files depend on how the deeds came and which finds the same deeds by every
    /// key.
    fn assert_like_full_build(site: &Path, full: &StoreFiles) {
        let index = |path: &str| path.starts_with("data/v1/search/");
        for (path, bytes) in full.iter().filter(|(path, _)| !index(path)) {
            let on_disk = std::fs::read(site.join(path)).unwrap();
            if path.ends_with("manifest.json") {
                let mut on_disk: Manifest = serde_json::from_slice(&on_disk).unwrap();
                on_disk.search = parse::<Manifest>(full, path).search;
                assert_eq!(on_disk, parse::<Manifest>(full, path));
                continue;
            }
            assert!(on_disk == *bytes, "{path} differs from a full build");
        }
        let on_disk = index_postings(&site_files(site)).unwrap();
        assert_eq!(on_disk, index_postings(full).unwrap());
    }

    #[test]
    fn a_deed_not_newer_than_the_store_is_refused() {
        let source = synthetic_source(12, 80);
        let site = site_with(&source, 80);
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        let error = builder.add(&source.deeds[79]).unwrap_err();
        assert!(matches!(
            error,
            PublishError::NotNewer { deed: 80, last: 80 }
        ));
        assert!(builder.touched_deeds().is_empty());

        let mut builder = StoreBuilder::new(&source.universities);
        builder.add(&source.deeds[1]).unwrap();
        let error = builder.add(&source.deeds[0]).unwrap_err();
        assert!(matches!(error, PublishError::NotNewer { deed: 1, last: 2 }));
    }

    #[test]
    fn months_count_every_deed_by_its_month_and_virtue_appended_or_built() {
        let source = synthetic_source(12, 400);
        let full = build_store(&source).unwrap();
        let stats: StatsFile = parse(&full, "data/v1/stats.json");
        let mut expected: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for deed in &source.deeds {
            let month = deed.done_on.to_string()[..7].to_string();
            *(expected.entry(month).or_default())
                .entry(deed.virtue.slug().to_string())
                .or_insert(0) += 1;
        }
        let first = expected.keys().next().cloned();
        let last = expected.keys().next_back().cloned();
        assert_eq!(stats.months.first().map(|m| m.month.clone()), first);
        assert_eq!(stats.months.last().map(|m| m.month.clone()), last);
        for month in &stats.months {
            for virtue in Virtue::ALL {
                let counted = (expected.get(&month.month))
                    .and_then(|by| by.get(virtue.slug()))
                    .copied()
                    .unwrap_or(0);
                assert_eq!(month.by_virtue.get(virtue.slug()), Some(&counted));
            }
        }
        let total: u64 = (stats.months.iter())
            .flat_map(|m| m.by_virtue.values())
            .sum();
        assert_eq!(total, 400);

        // Deeds appended to a store on disk: the same months as a full build.
        let site = site_with(&source, 390);
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        for deed in &source.deeds[390..] {
            builder.add(deed).unwrap();
        }
        let appended: StatsFile = parse(&builder.files().unwrap(), "data/v1/stats.json");
        assert_eq!(appended.months, stats.months);
    }

    #[test]
    fn counts_hold_each_universitys_deeds_by_month_and_virtue_appended_or_built() {
        let source = synthetic_source(12, 400);
        let full = build_store(&source).unwrap();
        let counts: CountsFile = parse(&full, "data/v1/counts.json");
        let mut expected: BTreeMap<String, BTreeMap<Month, ByVirtue>> = BTreeMap::new();
        for deed in &source.deeds {
            let month = (deed.done_on.year, deed.done_on.month);
            let index = Virtue::ALL.iter().position(|v| *v == deed.virtue).unwrap();
            (expected.entry(deed.university.clone()).or_default())
                .entry(month)
                .or_default()[index] += 1;
        }
        let read: BTreeMap<String, BTreeMap<Month, ByVirtue>> = (counts.universities.iter())
            .map(|row| {
                (
                    row.id.clone(),
                    row.months().filter(|(_, d)| *d != [0; 4]).collect(),
                )
            })
            .collect();
        assert_eq!(read, expected, "only universities with deeds");
        let stats: StatsFile = parse(&full, "data/v1/stats.json");
        for university in &stats.universities {
            let summed: u64 = (counts.universities.iter())
                .filter(|row| row.id == university.id)
                .flat_map(|row| row.months())
                .flat_map(|(_, deeds)| deeds)
                .sum();
            assert_eq!(summed, university.deeds, "{}", university.id);
        }

        let site = site_with(&source, 390);
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        for deed in &source.deeds[390..] {
            builder.add(deed).unwrap();
        }
        let appended: CountsFile = parse(&builder.files().unwrap(), "data/v1/counts.json");
        assert_eq!(appended, counts);
    }

    #[test]
    fn newest_holds_the_newest_deeds_oldest_first_appended_or_built() {
        let source = synthetic_source(12, 130);
        let full = build_store(&source).unwrap();
        let newest: NewestFile = parse(&full, "data/v1/newest.json");
        assert_eq!(newest.deeds, source.deeds[130 - NEWEST_SIZE..].to_vec());
        for written in [3, 125] {
            let site = site_with(&source, written);
            let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
            for deed in &source.deeds[written..] {
                builder.add(deed).unwrap();
            }
            let files = builder.files().unwrap();
            assert!(files.get("data/v1/newest.json") == full.get("data/v1/newest.json"));
        }
        let few = synthetic_source(12, 5);
        let newest: NewestFile = parse(&build_store(&few).unwrap(), "data/v1/newest.json");
        assert_eq!(newest.deeds, few.deeds, "a young store: every deed");
    }

    #[test]
    fn the_geojson_has_a_point_per_university_with_its_fields_and_counts() {
        let source = synthetic_source(12, 30);
        let files = build_store(&source).unwrap();
        let geojson: serde_json::Value = parse(&files, "data/v1/universities.geojson");
        let stats: StatsFile = parse(&files, "data/v1/stats.json");
        assert_eq!(geojson["type"], "FeatureCollection");
        let features = geojson["features"].as_array().expect("features");
        assert_eq!(features.len(), source.universities.len());
        for ((feature, university), record) in features
            .iter()
            .zip(&source.universities)
            .zip(&stats.universities)
        {
            assert_eq!(feature["type"], "Feature");
            assert_eq!(feature["geometry"]["type"], "Point");
            // JSON numbers read back to within a rounding.
            let near = |value: &serde_json::Value, expected: f64| {
                value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
            };
            let at = &feature["geometry"]["coordinates"];
            assert!(near(&at[0], university.lon) && near(&at[1], university.lat));
            let properties = &feature["properties"];
            let listed = serde_json::to_value(university).unwrap();
            for (key, value) in listed.as_object().expect("a university is an object") {
                match value.as_f64() {
                    Some(number) => assert!(near(&properties[key], number), "{key}"),
                    None => assert_eq!(&properties[key], value, "{key}"),
                }
            }
            assert_eq!(properties["deeds"], record.deeds);
            assert_eq!(
                properties["by_virtue"],
                serde_json::to_value(&record.by_virtue).unwrap()
            );
            assert_eq!(
                properties["joined"],
                serde_json::to_value(record.joined).unwrap()
            );
        }
        // With 12 universities and 30 deeds, some have none: still a point, joined null.
        assert!(
            features
                .iter()
                .any(|f| f["properties"]["deeds"] == 0 && f["properties"]["joined"].is_null())
        );
    }

    #[test]
    fn deeds_csv_has_a_row_per_deed_appended_or_built() {
        let source = synthetic_source(12, 120);
        let full = build_store(&source).unwrap();
        let rows = |bytes: &[u8]| -> Vec<csv::StringRecord> {
            let text = bytes
                .strip_prefix(open_data::BOM)
                .expect("a byte order mark");
            (csv::Reader::from_reader(text).records())
                .map(|row| row.unwrap())
                .collect()
        };
        let built = rows(&full["data/v1/deeds.csv"]);
        assert_eq!(built.len(), 120);
        assert_eq!(built[0].get(0), Some("1"));
        assert_eq!(built[119].get(6), Some(source.deeds[119].title.as_str()));

        // An approval appends to the file on disk; one that is gone cannot be appended to.
        let site = site_with(&source, 100);
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        for deed in &source.deeds[100..] {
            builder.add(deed).unwrap();
        }
        assert!(builder.files().unwrap()["data/v1/deeds.csv"] == full["data/v1/deeds.csv"]);
        std::fs::remove_file(site.path().join("data/v1/deeds.csv")).unwrap();
        let mut builder = StoreBuilder::from_site(site.path(), &source.universities).unwrap();
        assert!(matches!(
            builder.add(&source.deeds[100]),
            Err(PublishError::Read { .. })
        ));
        // An empty store still has the header.
        let empty = StoreBuilder::new(&source.universities).files().unwrap();
        assert_eq!(rows(&empty["data/v1/deeds.csv"]).len(), 0);
        assert!(empty["data/v1/deeds.csv"].starts_with(b"\xEF\xBB\xBFid,published_at,"));
    }

    #[test]
    fn stats_and_the_index_follow_the_models_rules() {
        let source = synthetic_source(40, 2500);
        let files = build_store(&source).unwrap();
        let stats: StatsFile = parse(&files, "data/v1/stats.json");
        let joined = relay::joined_dates(&source.deeds);
        let passes: Vec<BatonPass> = source.deeds.iter().flat_map(Deed::passes).collect();
        let first = relay::received_from(&passes);
        for record in &stats.universities {
            assert_eq!(
                record.joined,
                joined.get(&record.id).copied(),
                "{}",
                record.id
            );
            let giver = first.get(&record.id).map(|pass| pass.from.clone());
            assert_eq!(record.received_from, giver, "{}", record.id);
        }
        let by_id: BTreeMap<&str, &University> = (source.universities.iter())
            .map(|u| (u.id.as_str(), u))
            .collect();
        let mut expected: BTreeMap<String, Postings> = BTreeMap::new();
        for deed in &source.deeds {
            for key in deed_keys(deed, by_id.get(deed.university.as_str()).copied()) {
                expected.entry(key).or_default().insert(deed.id);
            }
        }
        assert_eq!(index_postings(&files).unwrap(), expected);
    }
}
