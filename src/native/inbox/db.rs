//! The inbox's SQLite database: its schema, its migrations and the queries every part of
//! the inbox shares.
//!
//! The database is the source of truth: submissions and their state, the universities
//! (the seed's and those moderators add), the published deeds by number, the moderators'
//! audit log, and `store_changes`, the log of what the static store must show, which
//! [`super::store_sync`] replays into `data/v1/`. It runs in WAL mode with
//! `synchronous=FULL`: a commit is on disk before anyone is told it happened.
//! Migrations are numbered by `PRAGMA user_version`; a database newer than this program
//! is refused rather than guessed at.

use std::{path::Path, time::Duration};

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{
    Deed, University,
    submission::{PublicState, SubmissionStatus},
};

use super::{InboxError, photos::Reencoded};

/// The database's file name inside the data folder.
pub const DB_FILE: &str = "inbox.sqlite3";

/// The schema, one step per version. Never edit a step that has shipped; add one.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "
    CREATE TABLE submissions (
        seq          INTEGER PRIMARY KEY,
        uuid         TEXT NOT NULL UNIQUE,
        body         TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN
                         ('pending', 'approved', 'rejected', 'quarantined', 'published')),
        reason       TEXT,
        deed_id      INTEGER,
        client_addr  TEXT NOT NULL
    );
    CREATE INDEX submissions_by_state ON submissions (state, seq);

    CREATE TABLE universities (
        ord       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        json      TEXT NOT NULL,
        added_at  TEXT NOT NULL,
        added_by  TEXT
    );

    CREATE TABLE deeds (
        id              INTEGER PRIMARY KEY,
        json            TEXT NOT NULL,
        submission      TEXT,
        unpublished_at  TEXT,
        unpublished_by  TEXT
    );

    CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        moderator  TEXT NOT NULL,
        at         TEXT NOT NULL,
        action     TEXT NOT NULL,
        target     TEXT NOT NULL,
        detail     TEXT
    );

    CREATE TABLE store_changes (
        generation  INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL CHECK (kind IN ('seed', 'deed', 'university', 'unpublish')),
        target      TEXT NOT NULL
    );
    ",
    // 2: publishing into a bucket (`qq serve --publish-to`): what each published file
    // held when last recorded, and the puts and deletes the bucket still lacks.
    "
    CREATE TABLE publications (
        id        INTEGER PRIMARY KEY,
        key       TEXT NOT NULL,
        op        TEXT NOT NULL CHECK (op IN ('put', 'delete')),
        created   TEXT NOT NULL,
        attempts  INTEGER NOT NULL DEFAULT 0,
        done      TEXT,
        error     TEXT
    );
    CREATE INDEX publications_pending ON publications (key) WHERE done IS NULL;

    CREATE TABLE published_files (
        key       TEXT PRIMARY KEY,
        sha256    TEXT NOT NULL,
        size      INTEGER NOT NULL,
        mtime_ns  INTEGER NOT NULL
    ) WITHOUT ROWID;
    ",
    // 3: the photos of submissions, as the inbox re-encoded them (`jpeg`, a JPEG with no
    // metadata; NULL once no one will see it again), named by their content. In the
    // database, so the online backup carries them with their submissions.
    "
    CREATE TABLE photos (
        id           INTEGER PRIMARY KEY,
        submission   TEXT NOT NULL REFERENCES submissions (uuid),
        idx          INTEGER NOT NULL,
        name         TEXT NOT NULL,
        jpeg         BLOB,
        width        INTEGER NOT NULL,
        height       INTEGER NOT NULL,
        client_addr  TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        UNIQUE (submission, idx)
    );
    CREATE INDEX photos_by_client ON photos (client_addr, received_at);
    CREATE INDEX photos_by_name ON photos (name);
    ",
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) the database at `path`, with the pragmas every connection
/// needs, and migrates it to [`SCHEMA_VERSION`]. The file is readable by its owner only
/// (it holds client addresses); SQLite gives its `-wal` and `-shm` the same mode.
pub fn open(path: &Path) -> Result<Connection, InboxError> {
    make_private(path)?;
    let mut conn = Connection::open(path).map_err(|e| InboxError::db(path, e))?;
    configure(&conn).map_err(|e| InboxError::db(path, e))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Creates the database file with mode 600 if it is missing, and takes group and others'
/// access from it and from its journal files if a looser mode was left by an older
/// version or a copy.
pub fn make_private(path: &Path) -> Result<(), InboxError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(|e| InboxError::io(path, e))?;
        }
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            if let Ok(meta) = std::fs::metadata(&file)
                && meta.permissions().mode() & 0o077 != 0
            {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| InboxError::io(&file, e))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// How long a submission's client address is kept: enough to trace abuse of the
/// moderators' queue, no longer (the README states it).
pub const KEEP_CLIENT_ADDRESS_DAYS: i64 = 30;

/// Erases the client address of every submission received before `cutoff` (RFC 3339,
/// as `received_at` is written); returns how many were erased.
pub fn forget_client_addresses(conn: &Connection, cutoff: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE photos SET client_addr = '' WHERE client_addr != '' AND received_at < ?1",
        [cutoff],
    )?;
    conn.execute(
        "UPDATE submissions SET client_addr = '' WHERE client_addr != '' AND received_at < ?1",
        [cutoff],
    )
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(30))?;
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode stayed {mode}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), InboxError> {
    let db = |e| InboxError::db(path, e);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(db)?;
    if version > SCHEMA_VERSION {
        return Err(InboxError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(db)?;
        tx.execute_batch(step).map_err(db)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)
            .map_err(db)?;
        tx.commit().map_err(db)?;
    }
    Ok(())
}

/// A submission to store, already checked.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    /// Lower-case UUID.
    pub uuid: String,
    /// The submission as canonical JSON (compared byte for byte on a retry).
    pub body: String,
    pub received_at: String,
    /// `pending`, or `quarantined` for a filled honeypot.
    pub quarantined: bool,
    pub client_addr: String,
    /// Its photos, re-encoded, in order (index = position).
    pub photos: Vec<Reencoded>,
}

/// How many photos the inbox takes (`qq serve --photos-per-day`, `--photos-waiting`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoLimits {
    /// Photos one client address may send in a UTC day.
    pub per_address_per_day: u32,
    /// Photos that may wait for a moderator, from everyone.
    pub waiting: u32,
}

impl PhotoLimits {
    /// 30 a day from one address (ten deeds of three: a class's phone shared, not a
    /// robot); 2,000 waiting (about 200 MB, a day or two of a flash mob's moderation).
    pub const DEFAULT: PhotoLimits = PhotoLimits {
        per_address_per_day: 30,
        waiting: 2000,
    };
}

/// What storing a submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Stored now, or stored before with the same body and photos: its status.
    Accepted(SubmissionStatus),
    /// The UUID is taken by a different submission.
    Conflict,
    /// Its client address has sent its photos for the UTC day.
    PhotoQuota,
    /// Too many photos wait for a moderator.
    PhotoQueueFull,
}

/// Stores `new` unless its UUID is there already; then compares the bodies and the
/// photos. A new submission with photos is held to `limits` first; a retry of one
/// already stored is not counted again.
pub fn insert_submission(
    conn: &Connection,
    new: &NewSubmission,
    limits: PhotoLimits,
) -> rusqlite::Result<Stored> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT body FROM submissions WHERE uuid = ?1")?
        .query_row([&new.uuid], |row| row.get(0))
        .optional()?;
    if let Some(body) = stored {
        let names: Vec<String> = conn
            .prepare_cached("SELECT name FROM photos WHERE submission = ?1 ORDER BY idx")?
            .query_map([&new.uuid], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let same_photos = names.iter().eq(new.photos.iter().map(|photo| &photo.name));
        if body != new.body || !same_photos {
            return Ok(Stored::Conflict);
        }
        return Ok(status(conn, &new.uuid)?.map_or(Stored::Conflict, Stored::Accepted));
    }
    if !new.photos.is_empty() {
        let count = new.photos.len() as i64;
        // `received_at` is RFC 3339 in UTC: its first ten characters are the UTC day.
        let day_start = format!("{}T00:00:00.000Z", new.received_at.get(..10).unwrap_or(""));
        let today: i64 = conn
            .prepare_cached(
                "SELECT COUNT(*) FROM photos WHERE client_addr = ?1 AND received_at >= ?2",
            )?
            .query_row(params![new.client_addr, day_start], |row| row.get(0))?;
        if today + count > i64::from(limits.per_address_per_day) {
            return Ok(Stored::PhotoQuota);
        }
        if waiting_photos(conn)? + count > i64::from(limits.waiting) {
            return Ok(Stored::PhotoQueueFull);
        }
    }
    let state = if new.quarantined {
        "quarantined"
    } else {
        "pending"
    };
    conn.prepare_cached(
        "INSERT INTO submissions (uuid, body, received_at, state, client_addr)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        new.uuid,
        new.body,
        new.received_at,
        state,
        new.client_addr
    ])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO photos (submission, idx, name, jpeg, width, height, client_addr, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (index, photo) in new.photos.iter().enumerate() {
        // A robot's photos are counted and named, never kept: no one will look at them.
        let jpeg = (!new.quarantined).then_some(photo.jpeg.as_slice());
        insert.execute(params![
            new.uuid,
            index as i64,
            photo.name,
            jpeg,
            photo.width,
            photo.height,
            new.client_addr,
            new.received_at
        ])?;
    }
    Ok(Stored::Accepted(SubmissionStatus {
        id: new.uuid.clone(),
        state: PublicState::Pending,
        deed_id: None,
        reason: None,
    }))
}

/// Photos kept for submissions that wait for a moderator.
pub fn waiting_photos(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM photos JOIN submissions ON submissions.uuid = photos.submission
         WHERE submissions.state = 'pending' AND photos.jpeg IS NOT NULL",
    )?
    .query_row([], |row| row.get(0))
}

/// A photo of a submission, as the database describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRow {
    pub index: usize,
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// Whether its JPEG is still kept.
    pub kept: bool,
}

/// The photos of submission `uuid`, in order.
pub fn photo_rows(conn: &Connection, uuid: &str) -> rusqlite::Result<Vec<PhotoRow>> {
    conn.prepare_cached(
        "SELECT idx, name, width, height, jpeg IS NOT NULL FROM photos
         WHERE submission = ?1 ORDER BY idx",
    )?
    .query_map([uuid], |row| {
        Ok(PhotoRow {
            index: row.get::<_, i64>(0)? as usize,
            name: row.get(1)?,
            width: row.get(2)?,
            height: row.get(3)?,
            kept: row.get(4)?,
        })
    })?
    .collect()
}

/// The kept JPEG of photo `index` of submission `uuid`.
pub fn photo_jpeg(
    conn: &Connection,
    uuid: &str,
    index: usize,
) -> rusqlite::Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT jpeg FROM photos WHERE submission = ?1 AND idx = ?2")?
        .query_row(params![uuid, index as i64], |row| {
            row.get::<_, Option<Vec<u8>>>(0)
        })
        .optional()?
        .flatten())
}

/// A kept JPEG named `name` (the same photo may come with two submissions).
pub fn photo_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT jpeg FROM photos WHERE name = ?1 AND jpeg IS NOT NULL LIMIT 1")?
        .query_row([name], |row| row.get(0))
        .optional()
}

/// Forgets the JPEGs of submission `uuid`'s photos but those at `keep`: the row stays (its
/// name answers a retry, its count the quota), the bytes go.
pub fn drop_photos(conn: &Connection, uuid: &str, keep: &[usize]) -> rusqlite::Result<usize> {
    let mut dropped = 0;
    for row in photo_rows(conn, uuid)? {
        if !keep.contains(&row.index) && row.kept {
            dropped += conn
                .prepare_cached("UPDATE photos SET jpeg = NULL WHERE submission = ?1 AND idx = ?2")?
                .execute(params![uuid, row.index as i64])?;
        }
    }
    Ok(dropped)
}

/// A submission's public status, if the UUID is known.
pub fn status(conn: &Connection, uuid: &str) -> rusqlite::Result<Option<SubmissionStatus>> {
    conn.prepare_cached("SELECT state, deed_id, reason FROM submissions WHERE uuid = ?1")?
        .query_row([uuid], |row| {
            let state: String = row.get(0)?;
            let deed_id: Option<i64> = row.get(1)?;
            let reason: Option<String> = row.get(2)?;
            let state = match state.as_str() {
                "published" => PublicState::Published,
                "rejected" => PublicState::Rejected,
                // Approved but not yet in the store, or kept aside as a robot's.
                _ => PublicState::Pending,
            };
            Ok(SubmissionStatus {
                id: uuid.to_string(),
                state,
                deed_id: (state == PublicState::Published)
                    .then_some(deed_id)
                    .flatten()
                    .map(|id| id as u64),
                reason: (state == PublicState::Rejected).then_some(reason).flatten(),
            })
        })
        .optional()
}

/// A submission as the moderation queue lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueueItem {
    /// The submission's UUID.
    pub id: String,
    /// When it arrived (RFC 3339, UTC).
    pub received_at: String,
    /// What the student sent.
    pub submission: crate::model::submission::Submission,
}

/// Pending submissions, oldest first, at most `limit`.
pub fn queue(conn: &Connection, limit: usize) -> Result<Vec<QueueItem>, InboxError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT uuid, received_at, body FROM submissions
             WHERE state = 'pending' ORDER BY seq LIMIT ?1",
        )
        .map_err(InboxError::sql)?;
    let rows = statement
        .query_map([limit as i64], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })
        .map_err(InboxError::sql)?;
    let mut items = Vec::new();
    for row in rows {
        let (id, received_at, body) = row.map_err(InboxError::sql)?;
        let submission = serde_json::from_str(&body).map_err(|e| InboxError::Corrupt {
            what: format!("submission {id}"),
            reason: e.to_string(),
        })?;
        items.push(QueueItem {
            id,
            received_at,
            submission,
        });
    }
    Ok(items)
}

/// Every university, in the store's order.
pub fn universities(conn: &Connection) -> Result<Vec<University>, InboxError> {
    let mut statement = conn
        .prepare_cached("SELECT id, json FROM universities ORDER BY ord")
        .map_err(InboxError::sql)?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(InboxError::sql)?;
    let mut list = Vec::new();
    for row in rows {
        let (id, json) = row.map_err(InboxError::sql)?;
        list.push(
            serde_json::from_str(&json).map_err(|e| InboxError::Corrupt {
                what: format!("university {id}"),
                reason: e.to_string(),
            })?,
        );
    }
    Ok(list)
}

/// The published deeds (not unpublished) numbered after `after`, by number.
pub fn deeds_after(conn: &Connection, after: u64) -> Result<Vec<Deed>, InboxError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT id, json FROM deeds WHERE id > ?1 AND unpublished_at IS NULL ORDER BY id",
        )
        .map_err(InboxError::sql)?;
    let rows = statement
        .query_map([after as i64], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(InboxError::sql)?;
    let mut deeds = Vec::new();
    for row in rows {
        let (id, json) = row.map_err(InboxError::sql)?;
        let mut deed: Deed = serde_json::from_str(&json).map_err(|e| InboxError::Corrupt {
            what: format!("deed {id}"),
            reason: e.to_string(),
        })?;
        deed.id = id as u64;
        deeds.push(deed);
    }
    Ok(deeds)
}

/// Records a change the static store must show; returns its generation.
pub fn record_change(conn: &Connection, kind: &str, target: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("INSERT INTO store_changes (kind, target) VALUES (?1, ?2)")?
        .execute(params![kind, target])?;
    Ok(conn.last_insert_rowid())
}

/// The newest generation of the store's change log (0 when empty).
pub fn generation(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(MAX(generation), 0) FROM store_changes",
        [],
        |row| row.get(0),
    )
}

/// Appends to the moderators' audit log.
pub fn audit(
    conn: &Connection,
    moderator: &str,
    at: &str,
    action: &str,
    target: &str,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (moderator, at, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![moderator, at, action, target, detail])?;
    Ok(())
}

/// One record of the moderators' audit log, as `GET moderation/audit` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    /// Its number in the log; a later record has a larger one.
    pub id: i64,
    /// The moderator's name.
    pub moderator: String,
    /// When (RFC 3339, UTC, with milliseconds).
    pub at: String,
    /// `approve`, `reject`, `add_university` or `unpublish`.
    pub action: String,
    /// What it was done to: a submission's UUID, a university's id or a deed's number.
    pub target: String,
    /// The deed an approval made, a reason, or nothing.
    pub detail: Option<String>,
}

/// The audit log's newest `limit` records, newest first.
pub fn audit_log(conn: &Connection, limit: usize) -> Result<Vec<AuditEntry>, InboxError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT id, moderator, at, action, target, detail FROM audit
             ORDER BY id DESC LIMIT ?1",
        )
        .map_err(InboxError::sql)?;
    let rows = statement
        .query_map([limit as i64], |row| {
            Ok(AuditEntry {
                id: row.get(0)?,
                moderator: row.get(1)?,
                at: row.get(2)?,
                action: row.get(3)?,
                target: row.get(4)?,
                detail: row.get(5)?,
            })
        })
        .map_err(InboxError::sql)?;
    rows.collect::<Result<_, _>>().map_err(InboxError::sql)
}

/// Whether nothing has been stored yet: no university, no deed, no change.
pub fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM universities)
            AND NOT EXISTS (SELECT 1 FROM deeds)
            AND NOT EXISTS (SELECT 1 FROM store_changes)",
        [],
        |row| row.get(0),
    )
}

/// Fills an empty database with `source` (the sample): its universities and its deeds,
/// numbered as `publish` numbered them, and one `seed` change.
pub fn seed(
    conn: &mut Connection,
    source: &crate::native::publish::Source,
    at: &str,
) -> Result<(), InboxError> {
    let tx = conn.transaction().map_err(InboxError::sql)?;
    for university in &source.universities {
        let json = serde_json::to_string(university).expect("a university serialises");
        tx.execute(
            "INSERT INTO universities (id, json, added_at) VALUES (?1, ?2, ?3)",
            params![university.id, json, at],
        )
        .map_err(InboxError::sql)?;
    }
    for deed in &source.deeds {
        let json = serde_json::to_string(deed).expect("a deed serialises");
        tx.execute(
            "INSERT INTO deeds (id, json) VALUES (?1, ?2)",
            params![deed.id as i64, json],
        )
        .map_err(InboxError::sql)?;
    }
    record_change(&tx, "seed", "sample").map_err(InboxError::sql)?;
    tx.commit().map_err(InboxError::sql)
}

/// `PRAGMA integrity_check`: `ok`, or what is wrong.
pub fn integrity_check(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_a_newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let conn = open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let synchronous: i64 = conn
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .unwrap();
        assert_eq!(synchronous, 2, "FULL");
        drop(conn);
        let again = open(&path).unwrap();
        assert!(is_empty(&again).unwrap());
        again
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(again);
        assert!(matches!(open(&path), Err(InboxError::Newer { .. })));
    }

    #[test]
    fn a_submission_is_stored_once_and_a_different_body_conflicts() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join(DB_FILE)).unwrap();
        let new = NewSubmission {
            uuid: "00000000-0000-4000-8000-000000000001".into(),
            body: "{\"a\":1}".into(),
            received_at: "2026-01-01T00:00:00.000Z".into(),
            quarantined: true,
            client_addr: "203.0.113.1".into(),
            photos: Vec::new(),
        };
        let limits = PhotoLimits::DEFAULT;
        let first = insert_submission(&conn, &new, limits).unwrap();
        assert_eq!(insert_submission(&conn, &new, limits).unwrap(), first);
        let Stored::Accepted(status) = first else {
            panic!("stored")
        };
        assert_eq!(
            status.state,
            PublicState::Pending,
            "quarantined reads as pending"
        );
        let other = NewSubmission {
            body: "{\"a\":2}".into(),
            ..new
        };
        assert_eq!(
            insert_submission(&conn, &other, limits).unwrap(),
            Stored::Conflict
        );
        assert_eq!(status_of_unknown(&conn), None);
    }

    #[test]
    fn the_audit_log_lists_the_newest_first_within_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join(DB_FILE)).unwrap();
        assert_eq!(audit_log(&conn, 10).unwrap(), []);
        audit(
            &conn,
            "alma",
            "2026-11-26T10:00:00.000Z",
            "approve",
            "u1",
            Some("deed 301"),
        )
        .unwrap();
        audit(
            &conn,
            "bek",
            "2026-11-26T10:00:01.000Z",
            "add_university",
            "tsu",
            None,
        )
        .unwrap();
        audit(
            &conn,
            "alma",
            "2026-11-26T10:00:02.000Z",
            "reject",
            "u2",
            Some("spam"),
        )
        .unwrap();
        let log = audit_log(&conn, 2).unwrap();
        let seen: Vec<(&str, &str, Option<&str>)> = log
            .iter()
            .map(|e| (e.moderator.as_str(), e.action.as_str(), e.detail.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("alma", "reject", Some("spam")),
                ("bek", "add_university", None)
            ]
        );
        assert!(log[0].id > log[1].id);
        assert_eq!(log[0].at, "2026-11-26T10:00:02.000Z");
        assert_eq!(log[0].target, "u2");
        assert_eq!(audit_log(&conn, 10).unwrap().len(), 3);
    }

    fn photo(name: &str) -> Reencoded {
        Reencoded {
            name: name.into(),
            jpeg: vec![0xFF, 0xD8, 0xFF, 0xD9],
            width: 1600,
            height: 1200,
        }
    }

    fn with_photos(n: u64, addr: &str, names: &[&str], at: &str) -> NewSubmission {
        NewSubmission {
            uuid: format!("00000000-0000-4000-8000-{n:012x}"),
            body: format!("{{\"n\":{n}}}"),
            received_at: at.into(),
            quarantined: false,
            client_addr: addr.into(),
            photos: names.iter().map(|name| photo(name)).collect(),
        }
    }

    #[test]
    fn photos_are_held_to_the_day_and_the_queue_and_a_retry_is_not_counted() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join(DB_FILE)).unwrap();
        let limits = PhotoLimits {
            per_address_per_day: 3,
            waiting: 4,
        };
        let day = "2026-12-03T10:00:00.000Z";
        let first = with_photos(1, "203.0.113.1", &["a", "b"], day);
        assert!(matches!(
            insert_submission(&conn, &first, limits).unwrap(),
            Stored::Accepted(_)
        ));
        assert!(matches!(
            insert_submission(&conn, &first, limits).unwrap(),
            Stored::Accepted(_)
        ));
        let more = with_photos(2, "203.0.113.1", &["c", "d"], day);
        assert_eq!(
            insert_submission(&conn, &more, limits).unwrap(),
            Stored::PhotoQuota
        );
        // The next UTC day, the address may send again.
        let tomorrow = with_photos(2, "203.0.113.1", &["c", "d"], "2026-12-04T00:00:00.001Z");
        assert!(matches!(
            insert_submission(&conn, &tomorrow, limits).unwrap(),
            Stored::Accepted(_)
        ));
        let other = with_photos(3, "203.0.113.2", &["e"], day);
        assert_eq!(
            insert_submission(&conn, &other, limits).unwrap(),
            Stored::PhotoQueueFull
        );
        // Other photos under a stored id are another submission.
        let changed = with_photos(1, "203.0.113.1", &["a", "x"], day);
        assert_eq!(
            insert_submission(&conn, &changed, limits).unwrap(),
            Stored::Conflict
        );

        assert_eq!(waiting_photos(&conn).unwrap(), 4);
        let uuid = &first.uuid;
        assert_eq!(drop_photos(&conn, uuid, &[1]).unwrap(), 1);
        assert_eq!(photo_jpeg(&conn, uuid, 0).unwrap(), None);
        assert!(photo_jpeg(&conn, uuid, 1).unwrap().is_some());
        assert!(photo_by_name(&conn, "b").unwrap().is_some());
        assert_eq!(waiting_photos(&conn).unwrap(), 3);
        assert_eq!(
            insert_submission(&conn, &other, limits).unwrap(),
            Stored::Accepted(SubmissionStatus {
                id: other.uuid.clone(),
                state: PublicState::Pending,
                deed_id: None,
                reason: None,
            })
        );

        // A robot's photos are counted and named, not kept.
        let robot = NewSubmission {
            quarantined: true,
            ..with_photos(4, "198.51.100.9", &["r"], day)
        };
        let unlimited = PhotoLimits {
            per_address_per_day: 10,
            waiting: 10,
        };
        assert!(matches!(
            insert_submission(&conn, &robot, unlimited).unwrap(),
            Stored::Accepted(_)
        ));
        assert_eq!(photo_jpeg(&conn, &robot.uuid, 0).unwrap(), None);
        assert_eq!(photo_rows(&conn, &robot.uuid).unwrap()[0].name, "r");

        // Addresses are forgotten on photos as on submissions.
        forget_client_addresses(&conn, "2026-12-05T00:00:00.000Z").unwrap();
        let kept: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM photos WHERE client_addr != ''",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(kept, 0);
    }

    fn status_of_unknown(conn: &Connection) -> Option<SubmissionStatus> {
        status(conn, "00000000-0000-4000-8000-000000000009").unwrap()
    }
}
