//! Publishing: the static store (see [`crate::model::store`]) built from its source and
//! written atomically.
//!
//! The source is two JSON Lines files, `universities.jsonl` and `deeds.jsonl`, one record
//! a line, so an error can name its line. Today the source is the committed sample
//! (`src/sample/`); the inbox will feed approved deeds into the same path. Every rule of
//! [`crate::model::rules`] is checked first: an invalid source is refused with the file,
//! the line and the reason, and nothing is written.
//!
//! The files themselves are derived by one [`StoreBuilder`], for a full build
//! ([`build_store`]) as for new deeds joining a store on disk ([`appended_files`]).
//! Deeds' photos are files of their own, written from the inbox's database by [`photos`]
//! before the pages that name them; the store's writers leave their folder alone.
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

use serde::de::DeserializeOwned;

pub mod photos;
mod store_builder;

pub use store_builder::{StoreBuilder, index_postings};

use crate::model::{Date, Deed, University, rules::validate_deed, store::STORE_DIR};

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
    #[error("deed {deed} is not newer than the store's last, {last}")]
    NotNewer { deed: u64, last: u64 },
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

/// Builds every file of the store from a checked source: a [`StoreBuilder`] started empty,
/// with every deed added. Fails only if the deeds are not in publication order.
pub fn build_store(source: &Source) -> Result<StoreFiles, PublishError> {
    let mut builder = StoreBuilder::new(&source.universities);
    for deed in &source.deeds {
        builder.add(deed)?;
    }
    builder.files()
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
    // Files of an older store that this one no longer has (the photos are
    // `photos::remove_unreferenced`'s).
    let store = site.join(STORE_DIR);
    for old in walk(&store) {
        let relative = old
            .strip_prefix(site)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !files.contains_key(&relative) && !photos::is_photo_path(&relative) {
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

/// Every file of the store written under `site`, by its path in the site (as
/// [`build_store`] names them; the photos are not its).
pub fn read_store(site: &Path) -> Result<StoreFiles, PublishError> {
    let mut files = StoreFiles::new();
    for file in walk(&site.join(STORE_DIR)) {
        let relative = (file.strip_prefix(site))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if photos::is_photo_path(&relative) {
            continue;
        }
        let bytes = std::fs::read(&file).map_err(|source| PublishError::Read {
            file: file.clone(),
            source,
        })?;
        files.insert(relative, bytes);
    }
    Ok(files)
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

/// The files that change when `deeds` (numbered after every deed in the store, in
/// order) and any new `universities` join the store written under `site`: a
/// [`StoreBuilder`] started from that store, with `deeds` added. The newest page of each
/// list a deed is in, the newest search segment, `stats.json`, `relay.json`,
/// `universities.json` and the manifest; only those are read, so publishing one approved
/// deed into a store of 100,000 costs a few small files, not a rebuild. `universities` is
/// the whole list, in its order.
pub fn appended_files(
    site: &Path,
    universities: &[University],
    deeds: &[Deed],
) -> Result<StoreFiles, PublishError> {
    let mut builder = StoreBuilder::from_site(site, universities)?;
    for deed in deeds {
        builder.add(deed)?;
    }
    builder.files()
}
