//! Brings the static store under the data folder (`data/v1/`) up to date with the
//! database, which is its source of truth.
//!
//! Every change the store must show is a row of `store_changes` with a growing
//! generation; `store.generation` beside the store says which generation it shows. To
//! sync, [`sync_store`] takes the folder's lock (`store.lock`, so `qq serve` and
//! `qq moderate` never write the store at once), reads the changes the store lacks and:
//!
//! - when they are only new deeds and new universities, appends them in place with
//!   [`crate::native::publish::appended_files`]: a few small files, whatever the store's size;
//! - otherwise (an unpublished deed, a first start, a store that is missing or was left
//!   half-written) rebuilds every file from the database with
//!   [`crate::native::publish::build_store`], writing only the files that changed.
//!
//! Both derive the files with the same [`crate::native::publish::StoreBuilder`], so an
//! append leaves the store exactly as a rebuild would. Before the pages, the photos of
//! the deeds concerned are written from the JPEGs the database keeps
//! ([`crate::native::publish::photos`]; an existing file is left alone), and a rebuild
//! removes those no published deed names: unpublishing a deed takes its photos down.
//!
//! `store.dirty` exists while files are being written: a crash in the middle leaves it,
//! and the next sync rebuilds instead of appending onto files it cannot trust. Approved
//! submissions become `published` once their deed is in the store.

use std::{
    fs::File,
    path::Path,
    time::{Duration, Instant},
};

use rusqlite::Connection;

use super::{InboxError, db};
use crate::native::publish::{
    self, Source, WriteReport,
    photos::{self, PhotoReport},
};

/// The generation of `store_changes` the store shows.
pub const GENERATION_FILE: &str = "store.generation";
/// Present while the store is being written.
pub const DIRTY_FILE: &str = "store.dirty";
/// Held while the store is being written.
pub const LOCK_FILE: &str = "store.lock";
/// More changes than this are cheaper as one rebuild.
const MAX_APPEND: usize = 1000;

/// How the store was brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// It already was.
    UpToDate,
    /// New deeds and universities were appended.
    Appended,
    /// Every file was built from the database.
    Rebuilt,
}

/// What a sync did.
#[derive(Debug, Clone)]
pub struct SyncReport {
    pub kind: SyncKind,
    /// The generation the store shows now.
    pub generation: i64,
    pub write: WriteReport,
    /// The deeds' photo files written, found, missing and removed.
    pub photos: PhotoReport,
    pub elapsed: Duration,
}

struct Plan {
    generation: i64,
    max_deed: i64,
    universities: Vec<crate::model::University>,
    /// `None`: rebuild.
    append: Option<Vec<crate::model::Deed>>,
}

fn read_generation(data: &Path) -> Option<i64> {
    std::fs::read_to_string(data.join(GENERATION_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn plan(conn: &Connection, data: &Path, force_rebuild: bool) -> Result<Option<Plan>, InboxError> {
    // One read transaction: the generation, the deeds and the universities agree.
    let tx = conn.unchecked_transaction()?;
    let generation = db::generation(&tx)?;
    let max_deed: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM deeds", [], |row| {
        row.get(0)
    })?;
    let shown = read_generation(data);
    let trusted = !data.join(DIRTY_FILE).exists()
        && data
            .join(crate::model::store::STORE_DIR)
            .join("manifest.json")
            .is_file();
    if trusted && !force_rebuild && shown == Some(generation) {
        return Ok(None);
    }
    let universities = db::universities(&tx)?;
    let mut append = None;
    if let (true, false, Some(shown)) = (trusted, force_rebuild, shown)
        && shown < generation
    {
        let mut statement = tx.prepare(
            "SELECT kind, target FROM store_changes WHERE generation > ?1 ORDER BY generation",
        )?;
        let changes: Vec<(String, String)> = statement
            .query_map([shown], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let appendable = changes.len() <= MAX_APPEND
            && changes
                .iter()
                .all(|(kind, _)| kind == "deed" || kind == "university");
        if appendable {
            let ids: Vec<u64> = changes
                .iter()
                .filter(|(kind, _)| kind == "deed")
                .filter_map(|(_, target)| target.parse().ok())
                .collect();
            let deeds = match ids.iter().min() {
                Some(first) => db::deeds_after(&tx, first - 1)?
                    .into_iter()
                    .filter(|deed| ids.contains(&deed.id))
                    .collect(),
                None => Vec::new(),
            };
            append = Some(deeds);
        }
    }
    Ok(Some(Plan {
        generation,
        max_deed,
        universities,
        append,
    }))
}

fn write_generation(data: &Path, generation: i64) -> Result<(), InboxError> {
    let target = data.join(GENERATION_FILE);
    let temporary = data.join(format!(".{GENERATION_FILE}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, format!("{generation}\n"))
        .and_then(|()| std::fs::rename(&temporary, &target))
        .map_err(|e| InboxError::io(&target, e))
}

/// Brings the store under `data` up to date with the database (see the module docs).
/// The generation of changes the store under `data` shows (0 before its first sync).
pub fn generation(data: &Path) -> i64 {
    read_generation(data).unwrap_or(0)
}

pub fn sync_store(conn: &Connection, data: &Path) -> Result<SyncReport, InboxError> {
    sync(conn, data, false)
}

/// Rebuilds every file of the store from the database, whatever it shows now.
pub fn rebuild_store(conn: &Connection, data: &Path) -> Result<SyncReport, InboxError> {
    sync(conn, data, true)
}

fn sync(conn: &Connection, data: &Path, force_rebuild: bool) -> Result<SyncReport, InboxError> {
    let started = Instant::now();
    let lock_path = data.join(LOCK_FILE);
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| InboxError::io(&lock_path, e))?;
    lock.lock().map_err(|e| InboxError::io(&lock_path, e))?;

    let Some(plan) = plan(conn, data, force_rebuild)? else {
        return Ok(SyncReport {
            kind: SyncKind::UpToDate,
            generation: read_generation(data).unwrap_or(0),
            write: WriteReport::default(),
            photos: PhotoReport::default(),
            elapsed: started.elapsed(),
        });
    };
    let dirty = data.join(DIRTY_FILE);
    std::fs::write(&dirty, b"").map_err(|e| InboxError::io(&dirty, e))?;
    let kept = |name: &str| db::photo_by_name(conn, name);
    let appended = plan.append.map(|deeds| {
        publish::appended_files(data, &plan.universities, &deeds)
            .map(|files| (files, deeds))
            .inspect_err(|error| {
                tracing::warn!("cannot append to the store ({error}); rebuilding it");
            })
    });
    let (kind, write, photos) = match appended {
        Some(Ok((files, deeds))) => {
            // The photos first: a page never names a file that is not there yet.
            let photos = photos::write_photos(data, &deeds, kept)?;
            (
                SyncKind::Appended,
                publish::write_files(data, &files)?,
                photos,
            )
        }
        _ => {
            let source = Source {
                universities: plan.universities,
                deeds: db::deeds_after(conn, 0)?
                    .into_iter()
                    .filter(|deed| deed.id as i64 <= plan.max_deed)
                    .collect(),
            };
            let files = publish::build_store(&source)?;
            let mut photos = photos::write_photos(data, &source.deeds, kept)?;
            let write = publish::write_store(data, &files)?;
            photos.removed = photos::remove_unreferenced(data, &source.deeds)?;
            (SyncKind::Rebuilt, write, photos)
        }
    };
    write_generation(data, plan.generation)?;
    std::fs::remove_file(&dirty).map_err(|e| InboxError::io(&dirty, e))?;
    conn.execute(
        "UPDATE submissions SET state = 'published'
         WHERE state = 'approved' AND deed_id <= ?1",
        [plan.max_deed],
    )?;
    drop(lock);
    Ok(SyncReport {
        kind,
        generation: plan.generation,
        write,
        photos,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::inbox::{
        db::{NewSubmission, insert_submission},
        moderation::{self, Picks},
        now_ms,
    };

    fn seeded() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = db::open(&dir.path().join(db::DB_FILE)).unwrap();
        let source = crate::native::inbox::sample_source().unwrap();
        db::seed(&mut conn, &source, "2026-01-01T00:00:00.000Z").unwrap();
        (dir, conn)
    }

    fn approve_one(conn: &mut Connection, n: u64) -> u64 {
        let id = format!("00000000-0000-4000-8000-{n:012x}");
        let body = serde_json::json!({
            "id": id, "university": {"id": "kaznu"}, "virtue": "justice",
            "title": "Fixed the stairs", "story": "We fixed the broken stairs of the dormitory.",
            "done_on": "2021-03-01", "passes_to": [], "consent": true, "lang": "en"
        });
        insert_submission(
            conn,
            &NewSubmission {
                uuid: id.clone(),
                body: body.to_string(),
                received_at: "2026-01-01T00:00:00.000Z".into(),
                quarantined: false,
                client_addr: "127.0.0.1".into(),
                photos: Vec::new(),
            },
            db::PhotoLimits::DEFAULT,
        )
        .unwrap();
        moderation::approve(conn, "test", &id, &Picks::default(), now_ms()).unwrap()
    }

    /// The justice deeds of March 2021 in the store's `stats.json`.
    fn justice_in_march_2021(data: &Path) -> u64 {
        let text = std::fs::read_to_string(data.join("data/v1/stats.json")).unwrap();
        let stats: crate::model::store::StatsFile = serde_json::from_str(&text).unwrap();
        (stats.months.iter())
            .find(|month| month.month == "2021-03")
            .map_or(0, |month| month.by_virtue["justice"])
    }

    #[test]
    fn an_unpublished_deed_leaves_its_months_count() {
        let (dir, mut conn) = seeded();
        let data = dir.path();
        sync_store(&conn, data).unwrap();
        let before = justice_in_march_2021(data);
        approve_one(&mut conn, 1);
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Appended);
        assert_eq!(justice_in_march_2021(data), before + 1);
        moderation::unpublish(&mut conn, "test", 301, None, now_ms()).unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        assert_eq!(justice_in_march_2021(data), before);
    }

    /// Every key of the keyword index under `data`, with its deeds.
    fn index(data: &Path) -> std::collections::BTreeMap<String, Vec<u64>> {
        let files = publish::read_store(data).unwrap();
        (publish::index_postings(&files).unwrap().into_iter())
            .map(|(key, ids)| (key, ids.0))
            .filter(|(_, ids)| !ids.is_empty())
            .collect()
    }

    #[test]
    fn an_approved_deed_is_found_at_once_and_an_unpublished_one_no_more() {
        let (dir, mut conn) = seeded();
        let data = dir.path();
        sync_store(&conn, data).unwrap();
        let before = index(data);
        approve_one(&mut conn, 3);
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Appended);
        let approved = index(data);
        let stairs = crate::model::search::fold("stairs");
        assert!(
            approved[&stairs].contains(&301),
            "found by a word of its title"
        );
        assert!(approved["~v:justice"].contains(&301), "and by its virtue");
        assert!(approved["~m:2021-03"].contains(&301), "and by its month");
        moderation::unpublish(&mut conn, "test", 301, None, now_ms()).unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        let after = index(data);
        assert!(
            after.values().all(|ids| !ids.contains(&301)),
            "no key finds it"
        );
        assert_eq!(after, before);
    }

    #[test]
    fn the_open_data_follows_an_approval_and_an_unpublish() {
        let (dir, mut conn) = seeded();
        let data = dir.path();
        sync_store(&conn, data).unwrap();
        let csv = || std::fs::read_to_string(data.join("data/v1/deeds.csv")).unwrap();
        let geojson =
            || std::fs::read_to_string(data.join("data/v1/universities.geojson")).unwrap();
        assert!(!csv().contains("Fixed the stairs"));
        let before = geojson();
        approve_one(&mut conn, 3);
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Appended);
        assert!(csv().contains("\r\n301,"), "deed 301 appended");
        assert!(csv().contains("Fixed the stairs"));
        assert_ne!(geojson(), before, "KazNU counts one more deed");
        moderation::unpublish(&mut conn, "test", 301, None, now_ms()).unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        assert!(!csv().contains("Fixed the stairs"));
        assert_eq!(geojson(), before);
    }

    fn manifest(data: &Path) -> crate::model::store::Manifest {
        let text = std::fs::read_to_string(data.join("data/v1/manifest.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn the_store_follows_the_change_log() {
        let (dir, mut conn) = seeded();
        let data = dir.path();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::UpToDate);

        let deed = approve_one(&mut conn, 1);
        assert_eq!(deed, 301);
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Appended);
        assert_eq!(manifest(data).last_id, 301);
        let state: String = conn
            .query_row("SELECT state FROM submissions", [], |row| row.get(0))
            .unwrap();
        assert_eq!(state, "published");

        moderation::unpublish(&mut conn, "test", 301, None, now_ms()).unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        assert_eq!(manifest(data).count(&crate::model::store::ListId::All), 300);
    }

    #[test]
    fn a_write_cut_short_is_rebuilt_not_appended_to() {
        let (dir, mut conn) = seeded();
        let data = dir.path();
        sync_store(&conn, data).unwrap();
        let page = data.join("data/v1/all/5.json");
        let good = std::fs::read(&page).unwrap();

        // A crash while appending: the marker stays, a page is half-updated.
        approve_one(&mut conn, 2);
        std::fs::write(data.join(DIRTY_FILE), b"").unwrap();
        std::fs::write(
            &page,
            b"{\"schema\":1,\"list\":\"all\",\"page\":5,\"deeds\":[",
        )
        .unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        assert_eq!(std::fs::read(&page).unwrap(), good);
        assert!(!data.join(DIRTY_FILE).exists());
        assert_eq!(manifest(data).last_id, 301);

        // A lost generation file, or a store deleted by hand: rebuilt too.
        std::fs::remove_file(data.join(GENERATION_FILE)).unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        std::fs::remove_dir_all(data.join("data")).unwrap();
        assert_eq!(sync_store(&conn, data).unwrap().kind, SyncKind::Rebuilt);
        assert_eq!(manifest(data).last_id, 301);
    }
}
