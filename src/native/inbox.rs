//! The inbox: where students' submissions arrive, wait for a moderator and, once
//! approved, join the static store. Native only; it reuses [`crate::model`]'s rules
//! ([`crate::model::submission::validate_submission`]) and [`crate::native::publish`]'s writers,
//! and never re-implements either.
//!
//! - [`db`]: the SQLite database (WAL, `synchronous=FULL`, migrations by `user_version`),
//!   the source of truth for submissions, decisions and published deeds.
//! - [`writer`]: the one writer thread; submissions arriving together are committed in one
//!   transaction (group commit), and each is answered only once its commit is on disk.
//! - [`moderation`]: approve, reject, add a university, unpublish, each in a transaction
//!   with its audit record; shared by the HTTP API and `qq moderate`.
//! - [`photos`]: each photo of a submission checked, decoded and encoded again as a JPEG
//!   without metadata, before anything of the submission is stored.
//! - [`store_sync`]: brings `data/v1/` up to date with the database: new deeds and
//!   universities appended in place, anything else by a full rebuild.
//! - [`access`]: moderators' tokens, per-address rate limits and the client's address.
//! - [`http`]: the `/api/v1/` routes that `qq serve` mounts beside the static site.
//!
//! Everything lives in one data folder (`--data DIR`): `inbox.sqlite3` (with its `-wal`
//! and `-shm`; the photos are in it too), the published store under `data/v1/`, and `moderator-tokens` when the
//! inbox made one itself.

pub mod access;
pub mod db;
pub mod http;
pub mod moderation;
pub mod photos;
pub mod store_sync;
pub mod writer;

use std::path::{Path, PathBuf};

use crate::model::Date;

/// Why the inbox could not do something.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(
        "database {} has schema {found}, newer than this program's {known}: update qq",
        path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{what} in the database is not valid: {reason}")]
    Corrupt { what: String, reason: String },
    #[error("{0}")]
    Publish(#[from] crate::native::publish::PublishError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Config(String),
    #[error("cannot store the submission: {0}")]
    Write(String),
    #[error("the inbox's writer has stopped")]
    WriterGone,
}

impl InboxError {
    fn db(path: &Path, source: rusqlite::Error) -> InboxError {
        InboxError::Open {
            path: path.to_path_buf(),
            source,
        }
    }

    fn sql(source: rusqlite::Error) -> InboxError {
        InboxError::Sql(source)
    }

    fn io(path: &Path, source: std::io::Error) -> InboxError {
        InboxError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Today in Kazakhstan.
pub fn today() -> Date {
    Date::in_kazakhstan_at(now_ms())
}

/// `unix_ms` as RFC 3339 in UTC to the second, as deeds' `published_at` are written
/// (`2020-02-07T05:12:00Z`).
pub fn rfc3339_seconds(unix_ms: i64) -> String {
    let seconds = unix_ms.div_euclid(1000);
    let day = Date::from_days_since_epoch(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// `unix_ms` as RFC 3339 in UTC with milliseconds, for receipt times and the audit log.
pub fn rfc3339_millis(unix_ms: i64) -> String {
    let seconds = rfc3339_seconds(unix_ms);
    format!(
        "{}.{:03}Z",
        seconds.trim_end_matches('Z'),
        unix_ms.rem_euclid(1000)
    )
}

/// The database's path in the data folder.
pub fn db_path(data: &Path) -> PathBuf {
    data.join(db::DB_FILE)
}

/// What an empty data folder starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// The committed sample (`src/sample`, built into the binary).
    #[default]
    Sample,
    /// Nothing: no university, no deed.
    None,
}

/// The committed sample, built into the binary so a data folder can be seeded anywhere.
pub fn sample_source() -> Result<crate::native::publish::Source, InboxError> {
    Ok(crate::native::publish::source_from_text(
        (
            Path::new("src/sample/universities.jsonl"),
            include_str!("../sample/universities.jsonl"),
        ),
        (
            Path::new("src/sample/deeds.jsonl"),
            include_str!("../sample/deeds.jsonl"),
        ),
        today(),
    )?)
}

/// Opens the data folder: creates it and its database if needed, seeds an empty database
/// as `seed` says, and brings the static store up to date. Returns the writer's
/// connection.
pub fn open_data(data: &Path, seed: Seed) -> Result<rusqlite::Connection, InboxError> {
    create_private_dir(data)?;
    let mut conn = db::open(&db_path(data))?;
    forget_old_addresses(&conn, now_ms())?;
    if seed == Seed::Sample && db::is_empty(&conn)? {
        let source = sample_source()?;
        db::seed(&mut conn, &source, &rfc3339_millis(now_ms()))?;
        tracing::info!(
            "seeded {} with the sample: {} universities, {} deeds",
            data.display(),
            source.universities.len(),
            source.deeds.len()
        );
    }
    store_sync::sync_store(&conn, data)?;
    Ok(conn)
}

/// Creates the data folder, if missing, readable by its owner only.
pub fn create_private_dir(data: &Path) -> Result<(), InboxError> {
    if data.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(data).map_err(|e| InboxError::io(data, e))
}

/// Erases client addresses older than [`db::KEEP_CLIENT_ADDRESS_DAYS`] at `now_ms`.
pub fn forget_old_addresses(conn: &rusqlite::Connection, now_ms: i64) -> Result<usize, InboxError> {
    let cutoff = now_ms - db::KEEP_CLIENT_ADDRESS_DAYS * 86_400_000;
    let erased = db::forget_client_addresses(conn, &rfc3339_millis(cutoff))?;
    if erased > 0 {
        tracing::info!(
            "erased the client addresses of {erased} submissions older than {} days",
            db::KEEP_CLIENT_ADDRESS_DAYS
        );
    }
    Ok(erased)
}

fn counts(conn: &rusqlite::Connection) -> Result<(i64, i64), InboxError> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM submissions), (SELECT COUNT(*) FROM deeds)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

fn copy_database(
    from: &rusqlite::Connection,
    to: &mut rusqlite::Connection,
) -> Result<(), InboxError> {
    let backup = rusqlite::backup::Backup::new(from, to)?;
    backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
    Ok(())
}

/// Copies the database behind `conn` to the file `to` with SQLite's online backup: a
/// consistent copy even while the server writes. The copy is one self-contained file
/// (not WAL), checked with `PRAGMA integrity_check`, and appears under its name only
/// when complete.
pub fn backup(conn: &rusqlite::Connection, to: &Path) -> Result<String, InboxError> {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    let temporary = to.with_file_name(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&temporary);
    // Private like the database: it holds the same client addresses.
    db::make_private(&temporary)?;
    let mut copy =
        rusqlite::Connection::open(&temporary).map_err(|e| InboxError::db(&temporary, e))?;
    copy_database(conn, &mut copy)?;
    let _: String =
        copy.pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))?;
    let check = db::integrity_check(&copy)?;
    if check != "ok" {
        return Err(InboxError::Corrupt {
            what: format!("the copy {}", temporary.display()),
            reason: check,
        });
    }
    let (submissions, deeds) = counts(&copy)?;
    drop(copy);
    std::fs::rename(&temporary, to).map_err(|e| InboxError::io(to, e))?;
    Ok(format!(
        "backed up {submissions} submissions and {deeds} deeds to {}",
        to.display()
    ))
}

/// Replaces the database in `data` with the backup `from` (checked first), then
/// rebuilds the store from it. The server must be stopped: `qq restore` takes the data
/// folder's lock before calling this.
pub fn restore(data: &Path, from: &Path) -> Result<String, InboxError> {
    if !from.is_file() {
        return Err(InboxError::Config(format!(
            "{} is not a file",
            from.display()
        )));
    }
    let source =
        rusqlite::Connection::open_with_flags(from, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| InboxError::db(from, e))?;
    let check = db::integrity_check(&source).map_err(|e| InboxError::db(from, e))?;
    if check != "ok" {
        return Err(InboxError::Corrupt {
            what: format!("the backup {}", from.display()),
            reason: check,
        });
    }
    let version: i64 = source.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > db::SCHEMA_VERSION {
        return Err(InboxError::Newer {
            path: from.to_path_buf(),
            found: version,
            known: db::SCHEMA_VERSION,
        });
    }
    std::fs::create_dir_all(data).map_err(|e| InboxError::io(data, e))?;
    let mut target = db::open(&db_path(data))?;
    copy_database(&source, &mut target)?;
    drop(target);
    // Reopened: WAL again, and migrated if the backup is older than this program.
    let conn = db::open(&db_path(data))?;
    let (submissions, deeds) = counts(&conn)?;
    let report = store_sync::rebuild_store(&conn, data)?;
    Ok(format!(
        "restored {submissions} submissions and {deeds} deeds from {}; store rebuilt in {} ms",
        from.display(),
        report.elapsed.as_millis()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_in_utc() {
        assert_eq!(rfc3339_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_seconds(1_580_966_400_000), "2020-02-06T05:20:00Z");
        assert_eq!(
            rfc3339_millis(1_580_966_400_123),
            "2020-02-06T05:20:00.123Z"
        );
    }

    #[test]
    fn the_built_in_sample_is_valid() {
        let source = sample_source().unwrap();
        assert!(source.deeds.len() > 100);
        assert_eq!(source.deeds[0].id, 1);
    }
}
