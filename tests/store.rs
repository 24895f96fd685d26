//! The published store: the committed sample equals what `publish` makes of its source, its
//! invariants hold, a bad source is refused with its file and line, and an interrupted
//! write leaves the old manifest valid.
#![cfg(not(target_arch = "wasm32"))]

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use alfarabi_qq::{
    model::{
        Date, SCHEMA_VERSION,
        search_index::FILES_PER_APPROVAL,
        store::{
            ListId, Manifest, PAGE_SIZE, Page, RelayFile, StatsFile, UniversitiesFile, page_of_deed,
        },
    },
    native::publish::{
        PublishError, Source, StoreFiles, appended_files, build_store, index_postings, read_source,
        write_files, write_store, write_store_until,
    },
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn today() -> Date {
    Date::parse("2026-01-01").unwrap()
}

fn sample() -> alfarabi_qq::native::publish::Source {
    read_source(&root().join("src/sample"), today()).expect("the sample source is valid")
}

fn parse<T: serde::de::DeserializeOwned>(
    files: &alfarabi_qq::native::publish::StoreFiles,
    path: &str,
) -> T {
    serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_committed_sample_store_equals_publishs_output() {
    let built = build_store(&sample()).unwrap();
    let committed_dir = root().join("public");
    let mut committed = BTreeSet::new();
    let mut stack = vec![committed_dir.join("data/v1")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("public/data/v1 exists: run `qq publish`") {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(&committed_dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let bytes = std::fs::read(&path).unwrap();
                assert_eq!(
                    Some(&bytes),
                    built.get(&relative),
                    "{relative} differs from publish's output: run `cargo run --bin qq -- publish`"
                );
                committed.insert(relative);
            }
        }
    }
    let expected: BTreeSet<String> = built.keys().cloned().collect();
    assert_eq!(
        committed, expected,
        "the committed store lacks or has extra files"
    );
}

/// Checks every invariant of a built store; returns the number of deeds.
fn check_invariants(files: &alfarabi_qq::native::publish::StoreFiles) -> u64 {
    let manifest: Manifest = parse(files, "data/v1/manifest.json");
    assert_eq!(manifest.schema, SCHEMA_VERSION);
    assert_eq!(manifest.page_size, PAGE_SIZE);
    let universities: UniversitiesFile = parse(files, "data/v1/universities.json");
    let known: BTreeSet<&str> = universities
        .universities
        .iter()
        .map(|u| u.id.as_str())
        .collect();

    for (key, count) in &manifest.lists {
        let pages = count.div_ceil(PAGE_SIZE);
        let mut seen = 0;
        let mut previous = 0;
        let page_numbers: Vec<u64> = if key == "all" {
            (0..=page_of_deed(manifest.last_id)).collect()
        } else {
            (0..pages).collect()
        };
        for page in page_numbers {
            let path = format!("data/v1/{key}/{page}.json");
            let page_file: Page = parse(files, &path);
            assert_eq!(page_file.list, *key);
            assert_eq!(page_file.page, page);
            assert!(page_file.deeds.len() as u64 <= PAGE_SIZE, "{path} too long");
            for deed in &page_file.deeds {
                assert!(deed.id > previous, "{path}: deeds out of order");
                previous = deed.id;
                assert!(
                    known.contains(deed.university.as_str()),
                    "{path}: unknown university"
                );
                for to in &deed.passes_to {
                    assert!(known.contains(to.as_str()), "{path}: pass to unknown {to}");
                }
                if key == "all" {
                    assert_eq!(
                        page_of_deed(deed.id),
                        page,
                        "{path}: deed {} on the wrong page",
                        deed.id
                    );
                }
            }
            seen += page_file.deeds.len() as u64;
        }
        assert_eq!(
            seen, *count,
            "list {key}: the manifest's count differs from its pages"
        );
        assert!(!files.contains_key(&format!("data/v1/{key}/{pages}.json")) || key == "all");
    }
    let total = manifest.count(&ListId::All);
    let stats: StatsFile = parse(files, "data/v1/stats.json");
    let stat_ids: Vec<&str> = stats.universities.iter().map(|s| s.id.as_str()).collect();
    let directory_ids: Vec<&str> = universities
        .universities
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(
        stat_ids, directory_ids,
        "stats.json covers every university, in order"
    );
    let by_university: u64 = stats.universities.iter().map(|u| u.deeds).sum();
    assert_eq!(
        by_university, total,
        "university counts add up to the whole"
    );
    for record in &stats.universities {
        assert_eq!(
            record.by_virtue.values().sum::<u64>(),
            record.deeds,
            "{}",
            record.id
        );
        assert_eq!(record.joined.is_some(), record.deeds > 0);
    }
    // The keyword index: every deed is found by its title's words and by its facets.
    let index = index_postings(files).unwrap();
    for page in 0..=page_of_deed(manifest.last_id) {
        let deeds: Page = parse(files, &format!("data/v1/all/{page}.json"));
        for deed in &deeds.deeds {
            for word in alfarabi_qq::model::search::words(&deed.title) {
                assert!(
                    index.get(&word).is_some_and(|ids| ids.0.contains(&deed.id)),
                    "the index does not find deed {} by {word:?}",
                    deed.id
                );
            }
            let virtue = format!("~v:{}", deed.virtue.slug());
            assert!(index[&virtue].0.contains(&deed.id));
        }
    }
    let relay: RelayFile = parse(files, "data/v1/relay.json");
    for link in &relay.links {
        assert!(known.contains(link.from.as_str()) && known.contains(link.to.as_str()));
        assert!(link.deed >= 1 && link.deed <= manifest.last_id);
    }
    total
}

#[test]
fn the_sample_store_keeps_its_invariants() {
    let source = sample();
    let total = check_invariants(&build_store(&source).unwrap());
    assert_eq!(total, source.deeds.len() as u64);
    assert!(total >= 250, "about 300 sample deeds, got {total}");
    assert!(source.deeds.iter().all(|d| d.illustrative));
}

#[test]
fn the_sample_relay_starts_at_kaznu_and_reaches_every_university() {
    let source = sample();
    let first = &source.deeds[0];
    assert_eq!(first.university, "kaznu");
    assert_eq!(first.done_on.to_string(), "2020-02-06");
    let files = build_store(&source).unwrap();
    let universities: UniversitiesFile = parse(&files, "data/v1/universities.json");
    let stats: StatsFile = parse(&files, "data/v1/stats.json");
    let kz = universities
        .universities
        .iter()
        .filter(|u| u.country == "KZ")
        .count();
    assert!(kz >= 25, "{kz} universities in Kazakhstan");
    assert!(universities.universities.len() - kz >= 10);
    for record in &stats.universities {
        assert!(record.deeds > 0, "{} has no deed", record.id);
        if record.id != "kaznu" {
            let from = record
                .received_from
                .as_deref()
                .unwrap_or_else(|| panic!("{} got no baton", record.id));
            let giver = stats.universities.iter().find(|u| u.id == from).unwrap();
            assert!(
                giver.joined <= record.joined,
                "{} joined before its giver",
                record.id
            );
        }
    }
}

fn write_source(dir: &Path, universities: &str, deeds: &str) {
    std::fs::write(dir.join("universities.jsonl"), universities).unwrap();
    std::fs::write(dir.join("deeds.jsonl"), deeds).unwrap();
}

const ONE_UNIVERSITY: &str = r#"{"id":"kaznu","short":{"kk":"ҚазҰУ","ru":"КазНУ","en":"KazNU"},"name":{"kk":"a","ru":"b","en":"c"},"city":{"kk":"Алматы","ru":"Алматы","en":"Almaty"},"country":"KZ","lat":43.2,"lon":76.9}"#;

fn deed_line(title: &str, link: &str) -> String {
    format!(
        r#"{{"university":"kaznu","virtue":"honesty","title":"{title}","story":"A story long enough to pass the rule.","link":"{link}","done_on":"2020-03-01","lang":"en","published_at":"2020-03-02T05:00:00Z"}}"#
    )
}

#[test]
fn an_invalid_source_is_refused_with_its_file_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let deeds = format!(
        "{}\n{}\n",
        deed_line("Fine title", "https://example.org"),
        deed_line("Bad link", "javascript:alert(1)")
    );
    write_source(dir.path(), ONE_UNIVERSITY, &deeds);
    let error = read_source(dir.path(), today()).expect_err("the second deed is invalid");
    let message = error.to_string();
    assert!(
        matches!(error, PublishError::Invalid { line: 2, .. }),
        "{message}"
    );
    assert!(message.contains("deeds.jsonl:2:"), "{message}");
    assert!(message.contains("http"), "{message}");

    write_source(dir.path(), ONE_UNIVERSITY, "{not json\n");
    let message = read_source(dir.path(), today()).unwrap_err().to_string();
    assert!(message.contains("deeds.jsonl:1:"), "{message}");
}

#[test]
fn an_interrupted_write_leaves_the_old_manifest_valid() {
    let dir = tempfile::tempdir().unwrap();
    let source = sample();
    let mut older = source.clone();
    older.deeds.truncate(120);
    let old_files = build_store(&older).unwrap();
    write_store(dir.path(), &old_files).unwrap();

    // The new store stops after a few files, before its manifest.
    let new_files = build_store(&source).unwrap();
    write_store_until(dir.path(), &new_files, 5).unwrap();

    let on_disk = |path: &str| std::fs::read(dir.path().join(path)).unwrap();
    assert_eq!(
        on_disk("data/v1/manifest.json"),
        old_files["data/v1/manifest.json"]
    );
    let manifest: Manifest = serde_json::from_slice(&on_disk("data/v1/manifest.json")).unwrap();
    for (key, count) in &manifest.lists {
        for page in 0..count.div_ceil(PAGE_SIZE) {
            let page: Page =
                serde_json::from_slice(&on_disk(&format!("data/v1/{key}/{page}.json")))
                    .unwrap_or_else(|e| panic!("{key}/{page}: {e}"));
            assert_eq!(page.list, *key);
        }
    }
    let leftovers = std::fs::read_dir(dir.path().join("data/v1"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0, "no temporary file is left behind");
}

#[test]
fn publishing_one_more_deed_rewrites_only_a_few_files() {
    let dir = tempfile::tempdir().unwrap();
    let source = sample();
    let mut before = source.clone();
    let last = before.deeds.pop().unwrap();
    write_store(dir.path(), &build_store(&before).unwrap()).unwrap();

    let files = appended_files(
        dir.path(),
        &source.universities,
        std::slice::from_ref(&last),
    )
    .unwrap();
    write_files(dir.path(), &files).unwrap();
    // all, u/…, v/…, r/… pages, stats.json, counts.json, newest.json, the relay's two
    // files, deeds.csv, universities.json and .geojson, the manifest; and the keyword
    // index's files, at most FILES_PER_APPROVAL.
    let index = files
        .keys()
        .filter(|p| p.starts_with("data/v1/search/"))
        .count();
    assert!((2..=FILES_PER_APPROVAL).contains(&index), "{index}");
    assert_eq!(files.len() - index, 13, "{:?}", files.keys());
    let again = write_store(dir.path(), &build_store(&source).unwrap()).unwrap();
    let rebuilt = write_store(dir.path(), &build_store(&source).unwrap()).unwrap();
    assert!(
        again.files_written > 0,
        "the rebuild lays the index out anew"
    );
    assert_eq!(
        rebuilt.files_written, 0,
        "an unchanged store writes nothing"
    );
}

/// Every file of `dir`'s store equals `expected`, and there is no other; the keyword
/// index, whose files depend on how the deeds came (an approval defers some postings to
/// `pending.json`), finds the same deeds by every key.
fn assert_store_equals(dir: &Path, expected: &StoreFiles) {
    let index = |path: &str| path.starts_with("data/v1/search/");
    for (path, bytes) in expected.iter().filter(|(path, _)| !index(path)) {
        let on_disk = std::fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        if path.ends_with("manifest.json") {
            let mut on_disk: Manifest = serde_json::from_slice(&on_disk).unwrap();
            let mut expected: Manifest = serde_json::from_slice(bytes).unwrap();
            on_disk.search = Default::default();
            expected.search = Default::default();
            assert_eq!(on_disk, expected);
            continue;
        }
        assert!(
            on_disk == *bytes,
            "{path} differs:\n{}\n{}",
            String::from_utf8_lossy(&on_disk),
            String::from_utf8_lossy(bytes)
        );
    }
    let on_disk = store_files(dir);
    let extra: Vec<&String> = (on_disk.keys())
        .filter(|path| !index(path) && !expected.contains_key(*path))
        .collect();
    assert!(extra.is_empty(), "the store has extra files: {extra:?}");
    assert_eq!(
        index_postings(&on_disk).unwrap(),
        index_postings(expected).unwrap()
    );
}

/// Every file of the store under `dir`.
fn store_files(dir: &Path) -> StoreFiles {
    alfarabi_qq::native::publish::read_store(dir).unwrap()
}

#[test]
fn appending_the_sample_deed_by_deed_equals_building_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = sample();
    let empty = Source {
        universities: source.universities.clone(),
        deeds: Vec::new(),
    };
    write_store(dir.path(), &build_store(&empty).unwrap()).unwrap();
    for deed in &source.deeds {
        let files =
            appended_files(dir.path(), &source.universities, std::slice::from_ref(deed)).unwrap();
        write_files(dir.path(), &files).unwrap();
    }
    assert_store_equals(dir.path(), &build_store(&source).unwrap());
}

#[test]
fn appending_deeds_and_a_new_university_equals_building_the_larger_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut large = alfarabi_qq::native::synthetic::synthetic_source(30, 2030);
    let small = Source {
        universities: large.universities.clone(),
        deeds: large.deeds[..1990].to_vec(),
    };
    write_store(dir.path(), &build_store(&small).unwrap()).unwrap();

    // A moderator adds a university, and its first deed passes the baton to u1.
    let mut newcomer = large.universities[0].clone();
    newcomer.id = "tsu".into();
    newcomer.country = "UZ".into();
    large.universities.push(newcomer);
    let mut first = large.deeds[5].clone();
    first.id = 2031;
    first.university = "tsu".into();
    first.passes_to = vec!["u1".into()];
    first.done_on = Date::parse("2020-02-06").unwrap();
    first.published_at = "2025-01-01T00:00:00Z".into();
    large.deeds.push(first);

    let files = appended_files(dir.path(), &large.universities, &large.deeds[1990..2000]).unwrap();
    write_files(dir.path(), &files).unwrap();
    let files = appended_files(dir.path(), &large.universities, &large.deeds[2000..]).unwrap();
    let report = write_files(dir.path(), &files).unwrap();
    assert!(report.files_written > 0);
    assert_store_equals(dir.path(), &build_store(&large).unwrap());

    let stale = appended_files(dir.path(), &large.universities, &large.deeds[2000..2001]);
    assert!(
        stale.is_err(),
        "a deed older than the store's last is refused"
    );
}

#[test]
fn a_baton_passed_to_a_university_new_in_the_same_approval_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut large = alfarabi_qq::native::synthetic::synthetic_source(30, 100);
    let small = large.clone();
    write_store(dir.path(), &build_store(&small).unwrap()).unwrap();

    // A moderator adds a university, and the next deed passes it the baton before it has
    // a deed of its own.
    let mut newcomer = large.universities[0].clone();
    newcomer.id = "tsu".into();
    large.universities.push(newcomer);
    let mut pass = large.deeds[99].clone();
    pass.id = 101;
    pass.passes_to = vec!["tsu".into()];
    large.deeds.push(pass);

    let files = appended_files(dir.path(), &large.universities, &large.deeds[100..]).unwrap();
    write_files(dir.path(), &files).unwrap();
    assert_store_equals(dir.path(), &build_store(&large).unwrap());
    let stats: StatsFile = parse(&files, "data/v1/stats.json");
    let tsu = stats.universities.iter().find(|u| u.id == "tsu").unwrap();
    assert_eq!(
        tsu.received_from.as_deref(),
        Some(large.deeds[99].university.as_str())
    );
}
