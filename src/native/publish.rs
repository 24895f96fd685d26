//! Publishing: the static store (see [`crate::model::store`]) built from its source and
//! written atomically.
//!
//! The source is two JSON Lines files, `universities.jsonl` and `deeds.jsonl`, one record
//! a line, so an error can name its line. Today the source is the committed sample
//! (`src/sample/`); the inbox will feed approved deeds into the same path. Every rule of
//! [`crate::model::rules`] is checked first: an invalid source is refused with the file,
//! the line and the reason, and nothing is written.
//!
//! Writing is atomic per file (a temporary file, then a rename) and the manifest comes last,
//! so a reader never sees a half-written file or a manifest ahead of its pages. Unchanged
//! files are not rewritten: publishing one more deed touches the newest page of each of its
//! lists, `stats.json`, `relay.json` and the manifest, however large the store.

use std::{
    collections::{BTreeMap, BTreeSet},
    io,
    path::{Path, PathBuf},
};

use serde::{Serialize, de::DeserializeOwned};

use crate::model::{
    Date, Deed, SCHEMA_VERSION, University, Virtue,
    relay::{joined_dates, received_from},
    rules::validate_deed,
    store::{
        ListId, Manifest, PAGE_SIZE, Page, RelayFile, RelayLink, STORE_DIR, StatsFile,
        UniversitiesFile, UniversityStats,
    },
};

/// The store's source: universities and deeds, deeds numbered in publication order.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub universities: Vec<University>,
    pub deeds: Vec<Deed>,
}

/// Why publishing failed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{}:{line}: {reason}", file.display())]
    Invalid {
        file: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("cannot read {}: {source}", file.display())]
    Read { file: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", file.display())]
    Write { file: PathBuf, source: io::Error },
}

/// The store's files: path relative to the site -> contents.
pub type StoreFiles = BTreeMap<String, Vec<u8>>;

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed).
    pub files_written: usize,
    /// Bytes in those files.
    pub bytes_written: u64,
    /// Files removed because the store no longer has them.
    pub files_removed: usize,
    /// Files left alone because their contents were already right.
    pub files_unchanged: usize,
}

fn read_text(file: &Path) -> Result<String, PublishError> {
    std::fs::read_to_string(file).map_err(|source| PublishError::Read {
        file: file.to_path_buf(),
        source,
    })
}

fn read_lines<T: DeserializeOwned>(
    file: &Path,
    text: &str,
) -> Result<Vec<(usize, T)>, PublishError> {
    let mut records = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(line).map_err(|error| PublishError::Invalid {
            file: file.to_path_buf(),
            line: index + 1,
            reason: error.to_string(),
        })?;
        records.push((index + 1, record));
    }
    Ok(records)
}

/// Reads and checks the source in `dir`, numbering the deeds by publication time.
/// `today` bounds the deeds' dates (Kazakhstan time).
pub fn read_source(dir: &Path, today: Date) -> Result<Source, PublishError> {
    let universities_file = dir.join("universities.jsonl");
    let deeds_file = dir.join("deeds.jsonl");
    let universities = read_text(&universities_file)?;
    let deeds = read_text(&deeds_file)?;
    source_from_text(
        (&universities_file, &universities),
        (&deeds_file, &deeds),
        today,
    )
}

/// [`read_source`] over texts already read: `(file name for errors, JSON Lines)` for the
/// universities and for the deeds. The inbox seeds its database from the sample this way,
/// with the sample built into the binary.
pub fn source_from_text(
    (universities_file, universities_text): (&Path, &str),
    (deeds_file, deeds_text): (&Path, &str),
    today: Date,
) -> Result<Source, PublishError> {
    let invalid = |file: &Path, line: usize, reason: String| PublishError::Invalid {
        file: file.to_path_buf(),
        line,
        reason,
    };

    let mut universities = Vec::new();
    let mut ids = BTreeSet::new();
    for (line, university) in read_lines::<University>(universities_file, universities_text)? {
        let slug_ok = !university.id.is_empty()
            && university
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !slug_ok {
            return Err(invalid(
                universities_file,
                line,
                format!(
                    "id {:?} must be lower-case letters, digits and '-'",
                    university.id
                ),
            ));
        }
        if !ids.insert(university.id.clone()) {
            return Err(invalid(
                universities_file,
                line,
                format!("university {:?} is listed twice", university.id),
            ));
        }
        universities.push(university);
    }

    let mut deeds = Vec::new();
    for (line, deed) in read_lines::<Deed>(deeds_file, deeds_text)? {
        let errors = validate_deed(&deed, |id| ids.contains(id), today);
        if let Some(error) = errors.first() {
            return Err(invalid(deeds_file, line, error.to_string()));
        }
        if deed.published_at.len() != 20 || !deed.published_at.ends_with('Z') {
            return Err(invalid(
                deeds_file,
                line,
                format!(
                    "published_at {:?} must be UTC, like 2020-02-07T05:00:00Z",
                    deed.published_at
                ),
            ));
        }
        deeds.push(deed);
    }
    // Publication order; the sort is stable, so equal times keep the file's order.
    deeds.sort_by(|a, b| a.published_at.cmp(&b.published_at));
    for (index, deed) in deeds.iter_mut().enumerate() {
        deed.id = index as u64 + 1;
    }
    Ok(Source {
        universities,
        deeds,
    })
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("store records always serialise");
    bytes.push(b'\n');
    bytes
}

/// Builds every file of the store from a checked source.
pub fn build_store(source: &Source) -> StoreFiles {
    let mut files = StoreFiles::new();
    let region_of: BTreeMap<&str, _> = source
        .universities
        .iter()
        .map(|u| (u.id.as_str(), u.region()))
        .collect();

    // The lists, each oldest first.
    let mut lists: BTreeMap<ListId, Vec<&Deed>> = BTreeMap::new();
    lists.insert(ListId::All, Vec::new());
    for virtue in Virtue::ALL {
        lists.insert(ListId::Virtue(virtue), Vec::new());
    }
    for region in crate::model::Region::ALL {
        lists.insert(ListId::Region(region), Vec::new());
    }
    for university in &source.universities {
        lists.insert(ListId::University(university.id.clone()), Vec::new());
    }
    for deed in &source.deeds {
        let mut push = |list: ListId| lists.entry(list).or_default().push(deed);
        push(ListId::All);
        push(ListId::University(deed.university.clone()));
        push(ListId::Virtue(deed.virtue));
        if let Some(region) = region_of.get(deed.university.as_str()) {
            push(ListId::Region(*region));
        }
    }

    for (list, deeds) in &lists {
        let pages: Vec<(u64, Vec<Deed>)> = match list {
            // In `all`, a deed's page follows from its number.
            ListId::All => {
                let mut by_page: BTreeMap<u64, Vec<Deed>> = BTreeMap::new();
                for deed in deeds {
                    by_page
                        .entry(crate::model::store::page_of_deed(deed.id))
                        .or_default()
                        .push((*deed).clone());
                }
                by_page.into_iter().collect()
            }
            _ => deeds
                .chunks(PAGE_SIZE as usize)
                .enumerate()
                .map(|(page, chunk)| (page as u64, chunk.iter().map(|d| (*d).clone()).collect()))
                .collect(),
        };
        for (page, deeds) in pages {
            files.insert(
                list.page_url(page),
                json(&Page {
                    schema: SCHEMA_VERSION,
                    list: list.key(),
                    page,
                    deeds,
                }),
            );
        }
    }

    // The relay.
    let passes: Vec<_> = source.deeds.iter().flat_map(Deed::passes).collect();
    let joined = joined_dates(&source.deeds);
    let first_pass = received_from(&passes);
    let mut links: BTreeMap<(String, String), RelayLink> = BTreeMap::new();
    for pass in &passes {
        links
            .entry((pass.from.clone(), pass.to.clone()))
            .and_modify(|link| {
                link.count += 1;
                if (pass.date, pass.deed) < (link.date, link.deed) {
                    link.date = pass.date;
                    link.deed = pass.deed;
                }
            })
            .or_insert(RelayLink {
                from: pass.from.clone(),
                to: pass.to.clone(),
                deed: pass.deed,
                date: pass.date,
                count: 1,
            });
    }
    let mut links: Vec<RelayLink> = links.into_values().collect();
    links.sort_by(|a, b| (a.date, a.deed, &a.to).cmp(&(b.date, b.deed, &b.to)));
    files.insert(
        format!("{STORE_DIR}/relay.json"),
        json(&RelayFile {
            schema: SCHEMA_VERSION,
            links,
        }),
    );

    let stats = source
        .universities
        .iter()
        .map(|university| {
            let own = &lists[&ListId::University(university.id.clone())];
            let by_virtue = Virtue::ALL
                .into_iter()
                .map(|virtue| {
                    let count = own.iter().filter(|d| d.virtue == virtue).count() as u64;
                    (virtue.slug().to_string(), count)
                })
                .collect();
            UniversityStats {
                id: university.id.clone(),
                joined: joined.get(&university.id).copied(),
                received_from: first_pass.get(&university.id).map(|p| p.from.clone()),
                deeds: own.len() as u64,
                by_virtue,
            }
        })
        .collect();
    let by_id: BTreeMap<&str, &University> = source
        .universities
        .iter()
        .map(|u| (u.id.as_str(), u))
        .collect();
    let segments = crate::model::search_index::build_segments(
        &source.deeds,
        |id| by_id.get(id).copied(),
        SCHEMA_VERSION,
    );
    for (number, segment) in segments {
        files.insert(
            crate::model::search_index::segment_url(number),
            json(&segment),
        );
    }

    files.insert(
        format!("{STORE_DIR}/stats.json"),
        json(&StatsFile {
            schema: SCHEMA_VERSION,
            universities: stats,
        }),
    );
    files.insert(
        format!("{STORE_DIR}/universities.json"),
        json(&UniversitiesFile {
            schema: SCHEMA_VERSION,
            universities: source.universities.clone(),
        }),
    );

    files.insert(
        format!("{STORE_DIR}/manifest.json"),
        json(&Manifest {
            schema: SCHEMA_VERSION,
            page_size: PAGE_SIZE,
            updated_at: source
                .deeds
                .iter()
                .map(|d| d.published_at.clone())
                .max()
                .unwrap_or_default(),
            last_id: source.deeds.last().map_or(0, |d| d.id),
            lists: lists
                .iter()
                .map(|(list, deeds)| (list.key(), deeds.len() as u64))
                .collect(),
        }),
    );
    files
}

/// The manifest's path, relative to the site.
pub fn manifest_path() -> String {
    format!("{STORE_DIR}/manifest.json")
}

/// Writes `files` under `site`: each changed file atomically, the manifest last, then
/// removes files of an older store that this one no longer has.
pub fn write_store(site: &Path, files: &StoreFiles) -> Result<WriteReport, PublishError> {
    write_store_until(site, files, usize::MAX)
}

/// [`write_store`], stopping after `limit` files: what a crash between two files leaves.
pub fn write_store_until(
    site: &Path,
    files: &StoreFiles,
    limit: usize,
) -> Result<WriteReport, PublishError> {
    let mut report = write_files_until(site, files, limit)?;
    if report.files_written + report.files_unchanged < files.len() {
        return Ok(report);
    }
    // Files of an older store that this one no longer has.
    let store = site.join(STORE_DIR);
    for old in walk(&store) {
        let relative = old
            .strip_prefix(site)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !files.contains_key(&relative) {
            std::fs::remove_file(&old).map_err(|source| PublishError::Write {
                file: old.clone(),
                source,
            })?;
            report.files_removed += 1;
        }
    }
    Ok(report)
}

/// Writes `files` under `site`, each changed one atomically and the manifest last, and
/// leaves every other file of the store as it is: how new deeds join a store.
pub fn write_files(site: &Path, files: &StoreFiles) -> Result<WriteReport, PublishError> {
    write_files_until(site, files, usize::MAX)
}

/// Threads that write a large store at once: on a real disk each file costs a few
/// metadata round trips, so several in flight take a fraction of the time (a first
/// build of 100,000 deeds writes about 8,000 files).
const WRITERS: usize = 4;
/// Fewer files than this are written by one thread.
const PARALLEL_FROM: usize = 64;

/// Writes one file unless it already holds `bytes`.
fn write_one(site: &Path, path: &str, bytes: &[u8]) -> Result<WriteReport, PublishError> {
    let target = site.join(path);
    if std::fs::read(&target).is_ok_and(|old| old == bytes) {
        return Ok(WriteReport {
            files_unchanged: 1,
            ..WriteReport::default()
        });
    }
    write_atomically(&target, bytes)?;
    Ok(WriteReport {
        files_written: 1,
        bytes_written: bytes.len() as u64,
        ..WriteReport::default()
    })
}

fn add(report: &mut WriteReport, other: WriteReport) {
    report.files_written += other.files_written;
    report.bytes_written += other.bytes_written;
    report.files_removed += other.files_removed;
    report.files_unchanged += other.files_unchanged;
}

fn write_files_until(
    site: &Path,
    files: &StoreFiles,
    limit: usize,
) -> Result<WriteReport, PublishError> {
    let manifest = manifest_path();
    let mut report = WriteReport::default();
    let others: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| **path != manifest)
        .collect();
    if limit == usize::MAX && others.len() >= PARALLEL_FROM {
        // Every file but the manifest, by several threads; the manifest after them all.
        let results: Vec<Result<WriteReport, PublishError>> = std::thread::scope(|scope| {
            let others = &others;
            let workers: Vec<_> = (0..WRITERS)
                .map(|worker| {
                    scope.spawn(move || {
                        let mut report = WriteReport::default();
                        for (path, bytes) in others.iter().skip(worker).step_by(WRITERS) {
                            add(&mut report, write_one(site, path, bytes)?);
                        }
                        Ok(report)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("a writer thread does not panic"))
                .collect()
        });
        for result in results {
            add(&mut report, result?);
        }
        if let Some(bytes) = files.get(&manifest) {
            add(&mut report, write_one(site, &manifest, bytes)?);
        }
        return Ok(report);
    }
    let ordered = others.into_iter().chain(files.get_key_value(&manifest));
    for (written, (path, bytes)) in ordered.enumerate() {
        if written >= limit {
            return Ok(report);
        }
        add(&mut report, write_one(site, path, bytes)?);
    }
    Ok(report)
}

fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    replace_file(target, bytes).map_err(|source| PublishError::Write {
        file: target.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to `target` atomically: a temporary file in the same folder, then a
/// rename, so a reader sees the old file or the new one, never half of one. The folder is
/// created if missing; the temporary file is removed if anything fails.
pub fn replace_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn read_store_file<T: DeserializeOwned>(site: &Path, path: &str) -> Result<T, PublishError> {
    let file = site.join(path);
    let text = read_text(&file)?;
    serde_json::from_str(&text).map_err(|error| PublishError::Invalid {
        file,
        line: error.line(),
        reason: error.to_string(),
    })
}

fn read_store_file_or<T: DeserializeOwned>(
    site: &Path,
    path: &str,
    absent: impl FnOnce() -> T,
) -> Result<T, PublishError> {
    if site.join(path).exists() {
        read_store_file(site, path)
    } else {
        Ok(absent())
    }
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

/// The files that change when `deeds` (numbered after every deed in the store, in
/// order) and any new `universities` join the store written under `site`: the newest page
/// of each list a deed is in, the newest search segment, `stats.json`, `relay.json`,
/// `universities.json` when a university is new, and the manifest. The result equals what
/// [`build_store`] makes of the whole source, for those files, while reading only them:
/// publishing one approved deed into a store of 100,000 costs a few small files, not a
/// rebuild. `universities` is the whole list, in its order.
pub fn appended_files(
    site: &Path,
    universities: &[University],
    deeds: &[Deed],
) -> Result<StoreFiles, PublishError> {
    let mut manifest: Manifest = read_store_file(site, &manifest_path())?;
    let stats_path = format!("{STORE_DIR}/stats.json");
    let relay_path = format!("{STORE_DIR}/relay.json");
    let stats: StatsFile = read_store_file(site, &stats_path)?;
    let mut relay: RelayFile = read_store_file(site, &relay_path)?;
    let mut files = StoreFiles::new();

    let by_id: BTreeMap<&str, &University> =
        universities.iter().map(|u| (u.id.as_str(), u)).collect();
    for university in universities {
        manifest
            .lists
            .entry(ListId::University(university.id.clone()).key())
            .or_insert(0);
    }
    let mut stats: BTreeMap<String, UniversityStats> = stats
        .universities
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();

    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    let mut segments: BTreeMap<u64, crate::model::search_index::SearchSegment> = BTreeMap::new();
    let mut receivers = BTreeSet::new();
    for deed in deeds {
        if deed.id <= manifest.last_id {
            return Err(PublishError::Invalid {
                file: site.join(manifest_path()),
                line: 0,
                reason: format!(
                    "deed {} is not newer than the store's last, {}",
                    deed.id, manifest.last_id
                ),
            });
        }
        let mut lists = vec![
            ListId::All,
            ListId::University(deed.university.clone()),
            ListId::Virtue(deed.virtue),
        ];
        if let Some(university) = by_id.get(deed.university.as_str()) {
            lists.push(ListId::Region(university.region()));
        }
        for list in lists {
            let count = manifest.lists.entry(list.key()).or_insert(0);
            let page = match list {
                ListId::All => crate::model::store::page_of_deed(deed.id),
                _ => *count / PAGE_SIZE,
            };
            let url = list.page_url(page);
            if !pages.contains_key(&url) {
                let must_exist =
                    !matches!(list, ListId::All) && !(*count).is_multiple_of(PAGE_SIZE);
                let loaded = if must_exist {
                    read_store_file(site, &url)?
                } else {
                    read_store_file_or(site, &url, || Page {
                        schema: SCHEMA_VERSION,
                        list: list.key(),
                        page,
                        deeds: Vec::new(),
                    })?
                };
                pages.insert(url.clone(), loaded);
            }
            pages
                .get_mut(&url)
                .expect("the page was loaded just above")
                .deeds
                .push(deed.clone());
            *count += 1;
        }

        let own = stats
            .entry(deed.university.clone())
            .or_insert_with(|| empty_stats(&deed.university));
        own.deeds += 1;
        *own.by_virtue
            .entry(deed.virtue.slug().to_string())
            .or_insert(0) += 1;
        own.joined = Some(own.joined.map_or(deed.done_on, |day| day.min(deed.done_on)));

        for pass in deed.passes() {
            receivers.insert(pass.to.clone());
            match relay
                .links
                .iter_mut()
                .find(|link| link.from == pass.from && link.to == pass.to)
            {
                Some(link) => {
                    link.count += 1;
                    if (pass.date, pass.deed) < (link.date, link.deed) {
                        link.date = pass.date;
                        link.deed = pass.deed;
                    }
                }
                None => relay.links.push(RelayLink {
                    from: pass.from,
                    to: pass.to,
                    deed: pass.deed,
                    date: pass.date,
                    count: 1,
                }),
            }
        }

        let number = crate::model::search_index::segment_of(deed.id);
        if let std::collections::btree_map::Entry::Vacant(entry) = segments.entry(number) {
            entry.insert(read_store_file_or(
                site,
                &crate::model::search_index::segment_url(number),
                || crate::model::search_index::SearchSegment {
                    schema: SCHEMA_VERSION,
                    segment: number,
                    words: BTreeMap::new(),
                },
            )?);
        }
        let segment = segments
            .get_mut(&number)
            .expect("the segment was loaded just above");
        let offset = (deed.id - 1 - number * crate::model::search_index::SEGMENT_SIZE) as u16;
        let words = crate::model::search_index::deed_words(
            deed,
            by_id.get(deed.university.as_str()).copied(),
        );
        for word in words {
            let offsets = segment.words.entry(word).or_default();
            if let Err(at) = offsets.binary_search(&offset) {
                offsets.insert(at, offset);
            }
        }

        manifest.last_id = deed.id;
        if deed.published_at > manifest.updated_at {
            manifest.updated_at = deed.published_at.clone();
        }
    }

    relay
        .links
        .sort_by(|a, b| (a.date, a.deed, &a.to).cmp(&(b.date, b.deed, &b.to)));
    for to in receivers {
        let first = relay
            .links
            .iter()
            .filter(|link| link.to == to)
            .min_by_key(|link| (link.date, link.deed));
        if let (Some(first), Some(entry)) = (first, stats.get_mut(&to)) {
            entry.received_from = Some(first.from.clone());
        }
    }
    let stats = universities
        .iter()
        .map(|u| stats.remove(&u.id).unwrap_or_else(|| empty_stats(&u.id)))
        .collect();

    for (url, page) in pages {
        files.insert(url, json(&page));
    }
    for (number, segment) in segments {
        files.insert(
            crate::model::search_index::segment_url(number),
            json(&segment),
        );
    }
    files.insert(relay_path, json(&relay));
    files.insert(
        stats_path,
        json(&StatsFile {
            schema: SCHEMA_VERSION,
            universities: stats,
        }),
    );
    files.insert(
        format!("{STORE_DIR}/universities.json"),
        json(&UniversitiesFile {
            schema: SCHEMA_VERSION,
            universities: universities.to_vec(),
        }),
    );
    files.insert(manifest_path(), json(&manifest));
    Ok(files)
}
