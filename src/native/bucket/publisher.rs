//! `qq serve --publish-to s3://BUCKET/PREFIX`: the inbox's files (see [`super::owner`])
//! published into a bucket after each decision, the database staying the source of
//! truth.
//!
//! 1. After the store and the pages are brought up to date on disk, [`record_changes`]
//!    compares the inbox's files (the store under `DIR/data/v1/`, the pages under
//!    `DIR/pages/`) with what `published_files` says they held, and records each changed
//!    key as a `put` and each vanished one as a `delete` in `publications`, in one
//!    transaction. A file whose size and modification time are as recorded is not read
//!    again, so an approval costs a walk of the folders and the few files it wrote.
//! 2. The [`Publisher`]'s task uploads pending publications from the data folder: the
//!    latest op of each key, in [`super::Stage`] order (store pages and images, then
//!    pages, then the store's manifest), deletes last, and marks them done. A failure
//!    stops the pass before anything that points to what failed, and the pass is tried
//!    again with backoff; a restart resumes the pending rows. Objects are written whole
//!    (S3 has no partial object), so a reader sees an old or a new file, never half.
//!
//! A page counts as in the bucket ([`page_in_bucket`]) once it was recorded and no
//! publication of it is pending: the submitter's status links to it only then.

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use futures::{StreamExt, stream};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Bucket, BucketError, BucketUrl, Owner, aliases, cache_control, content_type};
use crate::model::{moderation::Publications, store::STORE_DIR};
use crate::native::inbox::{InboxError, db, now_ms, rfc3339_millis};
use crate::native::site::live::PAGES_DIR;

/// Where the inbox publishes.
#[derive(Debug, Clone)]
pub struct PublishTarget {
    pub url: BucketUrl,
    /// An S3-compatible endpoint other than Amazon's (path-style, http allowed).
    pub endpoint: Option<String>,
    /// The first wait after a failed pass; it doubles up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl PublishTarget {
    /// `url` at `endpoint`, retried after 1 s, doubling up to a minute.
    pub fn new(url: BucketUrl, endpoint: Option<String>) -> PublishTarget {
        PublishTarget {
            url,
            endpoint,
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// What [`record_changes`] recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    pub puts: usize,
    pub deletes: usize,
}

/// A file of the data folder as the bucket gets it.
struct Found {
    path: PathBuf,
    size: i64,
    mtime_ns: i64,
}

/// The inbox's files under `data`, by key, and for the store and the pages each,
/// whether every folder could be read (a key missing from an incomplete walk, such as
/// the pages' folder being swapped, is not a deletion).
fn inbox_files(data: &Path) -> (BTreeMap<String, Found>, [bool; 2]) {
    let mut found = BTreeMap::new();
    let mut walked = [true; 2];
    let roots = [
        (data.join(STORE_DIR), format!("{STORE_DIR}/")),
        (data.join(PAGES_DIR), String::new()),
    ];
    for (index, (root, prefix)) in roots.into_iter().enumerate() {
        let complete = &mut walked[index];
        if !root.is_dir() {
            *complete = false;
            continue;
        }
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                *complete = false;
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(meta) = entry.metadata() else {
                    *complete = false;
                    continue;
                };
                if meta.is_dir() {
                    folders.push(path);
                    continue;
                }
                let Ok(relative) = path.strip_prefix(&root) else {
                    continue;
                };
                let key = format!(
                    "{prefix}{}",
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                );
                if !super::uploaded(&key) || super::owner(&key) != Owner::Inbox {
                    continue;
                }
                let mtime_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i64);
                found.insert(
                    key,
                    Found {
                        path,
                        size: meta.len() as i64,
                        mtime_ns,
                    },
                );
            }
        }
    }
    (found, walked)
}

fn sha256_of(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// What `published_files` holds: each key's SHA-256, size and modification time.
pub type Known = HashMap<String, (String, i64, i64)>;

/// Reads `published_files`.
pub fn load_known(conn: &Connection) -> rusqlite::Result<Known> {
    conn.prepare("SELECT key, sha256, size, mtime_ns FROM published_files")?
        .query_map([], |row| {
            Ok((row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?)))
        })?
        .collect()
}

/// Records what changed among the inbox's files since the last call (see the module
/// docs): a `put` for each new or changed file and its alias, a `delete` for each one
/// gone.
pub fn record_changes(conn: &Connection, data: &Path) -> Result<Recorded, InboxError> {
    let mut known = load_known(conn)?;
    record_changes_in(conn, data, &mut known)
}

/// [`record_changes`] with `published_files` as already read (`known`), which it keeps
/// equal to the table: a running publisher reads the table once, not at every decision.
pub fn record_changes_in(
    conn: &Connection,
    data: &Path,
    known: &mut Known,
) -> Result<Recorded, InboxError> {
    let (files, walked) = inbox_files(data);
    // Hash outside the transaction: only files whose size or time moved.
    let mut changed = Vec::new();
    let mut touched = Vec::new();
    for (key, file) in &files {
        let old = known.get(key);
        if old.is_some_and(|(_, size, mtime)| *size == file.size && *mtime == file.mtime_ns) {
            continue;
        }
        let Some(sha) = sha256_of(&file.path) else {
            continue;
        };
        if old.is_some_and(|(old_sha, _, _)| *old_sha == sha) {
            touched.push((key.clone(), sha, file.size, file.mtime_ns));
        } else {
            changed.push((key.clone(), sha, file.size, file.mtime_ns));
        }
    }
    let store = format!("{STORE_DIR}/");
    let gone: Vec<String> = known
        .keys()
        .filter(|key| walked[usize::from(!key.starts_with(&store))] && !files.contains_key(*key))
        .cloned()
        .collect();
    let mut recorded = Recorded::default();
    if changed.is_empty() && touched.is_empty() && gone.is_empty() {
        return Ok(recorded);
    }
    let created = rfc3339_millis(now_ms());
    let tx = conn.unchecked_transaction()?;
    {
        let mut remember = tx.prepare_cached(
            "INSERT INTO published_files (key, sha256, size, mtime_ns) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET sha256 = ?2, size = ?3, mtime_ns = ?4",
        )?;
        let mut publish =
            tx.prepare_cached("INSERT INTO publications (key, op, created) VALUES (?1, ?2, ?3)")?;
        for (key, sha, size, mtime) in &touched {
            remember.execute(params![key, sha, size, mtime])?;
        }
        for (key, sha, size, mtime) in &changed {
            remember.execute(params![key, sha, size, mtime])?;
            for key in std::iter::once(key.clone()).chain(aliases(key)) {
                publish.execute(params![key, "put", created])?;
                recorded.puts += 1;
            }
        }
        let mut forget = tx.prepare_cached("DELETE FROM published_files WHERE key = ?1")?;
        for key in &gone {
            forget.execute([key])?;
            for key in std::iter::once(key.clone()).chain(aliases(key)) {
                publish.execute(params![key, "delete", created])?;
                recorded.deletes += 1;
            }
        }
    }
    tx.commit()?;
    for (key, sha, size, mtime) in touched.into_iter().chain(changed) {
        known.insert(key, (sha, size, mtime));
    }
    for key in &gone {
        known.remove(key);
    }
    Ok(recorded)
}

/// The publications not yet done, as the moderators are told.
pub fn pending(conn: &Connection) -> rusqlite::Result<Publications> {
    conn.query_row(
        "SELECT COUNT(*), MIN(created), COALESCE(MAX(attempts), 0),
                (SELECT error FROM publications WHERE done IS NULL AND error IS NOT NULL
                 ORDER BY id DESC LIMIT 1)
         FROM publications WHERE done IS NULL",
        [],
        |row| {
            Ok(Publications {
                bucket: true,
                pending: row.get::<_, i64>(0)? as u64,
                oldest: row.get(1)?,
                attempts: row.get::<_, i64>(2)? as u64,
                error: row.get(3)?,
            })
        },
    )
}

/// Whether the page file `key` (`deed/5/index.html`) is in the bucket: recorded, and no
/// publication of it (or of its alias) pending.
pub fn page_in_bucket(conn: &Connection, key: &str) -> rusqlite::Result<bool> {
    let recorded = conn
        .prepare_cached("SELECT 1 FROM published_files WHERE key = ?1")?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some();
    let alias = aliases(key).unwrap_or_else(|| key.to_string());
    let waiting = conn
        .prepare_cached(
            "SELECT 1 FROM publications WHERE done IS NULL AND (key = ?1 OR key = ?2) LIMIT 1",
        )?
        .query_row([key, alias.as_str()], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(recorded && !waiting)
}

/// The file of the data folder that `key` is published from.
fn source_of(data: &Path, key: &str) -> PathBuf {
    if key.starts_with(&format!("{STORE_DIR}/")) {
        return data.join(key);
    }
    let pages = data.join(PAGES_DIR);
    let name = key.rsplit('/').next().unwrap_or_default();
    if name.contains('.') {
        pages.join(key)
    } else {
        pages.join(key).join("index.html")
    }
}

/// One pending key: its latest op, and every row it answers for.
#[derive(Debug)]
struct Work {
    key: String,
    put: bool,
    ids: Vec<i64>,
}

/// When a key goes up in a pass: puts by [`super::Stage`], then deletes, so a page is
/// taken down only once nothing links to it any more.
fn rank(work: &Work) -> u8 {
    if work.put {
        super::stage(&work.key) as u8
    } else {
        3
    }
}

/// Publishes the inbox's recorded changes into the bucket, in the background.
pub struct Publisher {
    bucket: Bucket,
    data: PathBuf,
    /// The publisher's connection, and `published_files` once read.
    conn: Mutex<(Connection, Option<Known>)>,
    wake: tokio::sync::Notify,
    target: PublishTarget,
}

/// How many pending rows one pass takes.
const PASS: usize = 20_000;
/// Uploads in flight at once.
const PARALLEL: usize = 8;

impl Publisher {
    /// A publisher for the data folder `data` (its database open already).
    pub fn new(target: &PublishTarget, data: &Path) -> Result<Arc<Publisher>, InboxError> {
        let bucket = Bucket::connect(
            &target.url,
            target.endpoint.as_deref(),
            Duration::from_secs(10),
        )
        .map_err(|error| InboxError::Config(format!("--publish-to: {error}")))?;
        let conn = db::open(&crate::native::inbox::db_path(data))?;
        Ok(Arc::new(Publisher {
            bucket,
            data: data.to_path_buf(),
            conn: Mutex::new((conn, None)),
            wake: tokio::sync::Notify::new(),
            target: target.clone(),
        }))
    }

    /// Records the inbox's changed files (off the async threads) and wakes the task.
    pub async fn record(self: &Arc<Self>) {
        let publisher = Arc::clone(self);
        let recorded = tokio::task::spawn_blocking(move || publisher.record_now()).await;
        match recorded {
            Ok(Ok(recorded)) => {
                if recorded != Recorded::default() {
                    tracing::info!(
                        "to publish into {}: {} puts, {} deletes",
                        self.bucket.url(),
                        recorded.puts,
                        recorded.deletes
                    );
                }
                self.wake.notify_one();
            }
            Ok(Err(error)) => tracing::error!("cannot record what to publish: {error}"),
            Err(error) => tracing::error!("the recording task failed: {error}"),
        }
    }

    /// [`record_changes`] on this thread.
    pub fn record_now(&self) -> Result<Recorded, InboxError> {
        let mut guard = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let (conn, cached) = &mut *guard;
        let mut known = match cached.take() {
            Some(known) => known,
            None => load_known(conn)?,
        };
        // Kept only when the table and it agree: after a failure, read again.
        let recorded = record_changes_in(conn, &self.data, &mut known)?;
        *cached = Some(known);
        Ok(recorded)
    }

    /// What is not yet published.
    pub fn pending(&self) -> Result<Publications, InboxError> {
        let guard = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        Ok(pending(&guard.0)?)
    }

    /// Starts the background task: a pass whenever something is recorded (and every
    /// minute), again after a failure with backoff, until the runtime stops.
    pub fn spawn(self: &Arc<Self>) {
        let publisher = Arc::clone(self);
        tokio::spawn(async move {
            let mut backoff = publisher.target.first_backoff;
            loop {
                match publisher.pass().await {
                    Ok(0) => {
                        backoff = publisher.target.first_backoff;
                        let _ = tokio::time::timeout(
                            Duration::from_secs(60),
                            publisher.wake.notified(),
                        )
                        .await;
                    }
                    Ok(done) => {
                        backoff = publisher.target.first_backoff;
                        tracing::info!("published {done} objects into {}", publisher.bucket.url());
                    }
                    Err(error) => {
                        // Whatever changed meanwhile (a file gone since its put was
                        // recorded) is recorded before the next try.
                        let recorder = Arc::clone(&publisher);
                        if let Ok(Err(error)) =
                            tokio::task::spawn_blocking(move || recorder.record_now()).await
                        {
                            tracing::error!("cannot record what to publish: {error}");
                        }
                        tracing::warn!(
                            "publishing into {} failed, trying again in {} s: {error}",
                            publisher.bucket.url(),
                            backoff.as_secs_f32()
                        );
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(publisher.target.max_backoff);
                    }
                }
            }
        });
    }

    /// Runs `f` on the publisher's connection, off the async threads.
    async fn db<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, BucketError> {
        let publisher = Arc::clone(self);
        let result = tokio::task::spawn_blocking(move || {
            let guard = publisher.conn.lock().unwrap_or_else(|e| e.into_inner());
            f(&guard.0)
        })
        .await;
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(BucketError::Other {
                endpoint: "the database".into(),
                detail: error.to_string(),
            }),
            Err(error) => Err(BucketError::Other {
                endpoint: "the database".into(),
                detail: error.to_string(),
            }),
        }
    }

    /// One pass over the pending publications; how many objects it published.
    pub async fn pass(self: &Arc<Self>) -> Result<usize, BucketError> {
        let rows: Vec<(i64, String, String)> = self
            .db(|conn| {
                conn.prepare_cached(
                    "SELECT id, key, op FROM publications WHERE done IS NULL ORDER BY id LIMIT ?1",
                )?
                .query_map([PASS as i64], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?
                .collect()
            })
            .await?;
        if rows.is_empty() {
            return Ok(0);
        }
        // The latest op of each key decides; every row of the key is done with it.
        let mut by_key: BTreeMap<String, Work> = BTreeMap::new();
        for (id, key, op) in rows {
            let work = by_key.entry(key.clone()).or_insert_with(|| Work {
                key,
                put: true,
                ids: Vec::new(),
            });
            work.put = op == "put";
            work.ids.push(id);
        }
        let mut work: Vec<Work> = by_key.into_values().collect();
        work.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.key.cmp(&b.key)));
        let mut published = 0;
        let mut at = 0;
        while at < work.len() {
            let this = rank(&work[at]);
            let end = work[at..]
                .iter()
                .position(|w| rank(w) != this)
                .map_or(work.len(), |n| at + n);
            let results: Vec<(usize, Result<(), BucketError>)> = stream::iter(at..end)
                .map(|index| {
                    let item = &work[index];
                    async move { (index, self.apply(item).await) }
                })
                .buffer_unordered(PARALLEL)
                .collect()
                .await;
            let mut done_ids = Vec::new();
            let mut failed_ids = Vec::new();
            let mut failure = None;
            for (index, result) in results {
                match result {
                    Ok(()) => {
                        done_ids.extend(work[index].ids.iter().copied());
                        published += 1;
                    }
                    Err(error) => {
                        failed_ids.extend(work[index].ids.iter().copied());
                        failure.get_or_insert(error);
                    }
                }
            }
            let message = failure.as_ref().map(ToString::to_string);
            let remaining: Vec<i64> = work[end..]
                .iter()
                .flat_map(|w| w.ids.iter().copied())
                .collect();
            self.db(move |conn| {
                let tx = conn.unchecked_transaction()?;
                let done = rfc3339_millis(now_ms());
                for id in done_ids {
                    tx.execute(
                        "UPDATE publications SET done = ?1, attempts = attempts + 1, error = NULL WHERE id = ?2",
                        params![done, id],
                    )?;
                }
                if let Some(message) = &message {
                    for id in failed_ids.iter().chain(&remaining) {
                        tx.execute(
                            "UPDATE publications SET attempts = attempts + 1, error = ?1 WHERE id = ?2",
                            params![message, id],
                        )?;
                    }
                }
                tx.commit()
            })
            .await?;
            if let Some(error) = failure {
                return Err(error);
            }
            at = end;
        }
        Ok(published)
    }

    /// Puts or deletes one key.
    async fn apply(&self, work: &Work) -> Result<(), BucketError> {
        if work.put {
            let path = source_of(&self.data, &work.key);
            match tokio::fs::read(&path).await {
                Ok(bytes) => {
                    return self
                        .bucket
                        .put(
                            &work.key,
                            bytes,
                            &content_type(&work.key),
                            cache_control(&work.key),
                        )
                        .await;
                }
                // Gone since it was recorded, or being swapped: tried again once the
                // recording has caught up (a delete recorded since supersedes this put).
                Err(source) => return Err(BucketError::Io { path, source }),
            }
        }
        self.bucket.delete(&work.key).await
    }
}

/// `keys` (`(key, put)`) in the order a pass publishes them.
#[cfg(test)]
fn order(keys: &[(&str, bool)]) -> Vec<String> {
    let mut work: Vec<Work> = keys
        .iter()
        .map(|(key, put)| Work {
            key: key.to_string(),
            put: *put,
            ids: Vec::new(),
        })
        .collect();
    work.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.key.cmp(&b.key)));
    work.into_iter().map(|w| w.key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_folder() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join(db::DB_FILE)).unwrap();
        for (path, text) in [
            ("data/v1/manifest.json", "{}"),
            ("data/v1/all/0.json", "[]"),
            ("pages/index.html", "home"),
            ("pages/deed/1/index.html", "one"),
            ("pages/about/index.html", "about"),
            ("pages/sitemap.xml", "<urlset/>"),
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        (dir, conn)
    }

    fn publications(conn: &Connection) -> Vec<(String, String)> {
        conn.prepare("SELECT key, op FROM publications WHERE done IS NULL ORDER BY key, id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn only_the_inboxs_changed_files_are_recorded_and_a_gone_page_is_deleted() {
        let (dir, conn) = data_folder();
        let first = record_changes(&conn, dir.path()).unwrap();
        // The store's two files, the home page, the deed's page and its alias, the
        // sitemap; not the about page, which the deploy owns.
        assert_eq!(
            first,
            Recorded {
                puts: 6,
                deletes: 0
            }
        );
        assert!(
            !publications(&conn)
                .iter()
                .any(|(key, _)| key.starts_with("about"))
        );
        conn.execute("UPDATE publications SET done = 'x'", [])
            .unwrap();

        // Nothing changed: nothing recorded. A file rewritten with the same bytes: nothing.
        assert_eq!(
            record_changes(&conn, dir.path()).unwrap(),
            Recorded::default()
        );
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(dir.path().join("pages/index.html"), "home").unwrap();
        assert_eq!(
            record_changes(&conn, dir.path()).unwrap(),
            Recorded::default()
        );

        // A new manifest, and the deed's page gone.
        std::fs::write(dir.path().join("data/v1/manifest.json"), "{\"n\":1}").unwrap();
        std::fs::remove_dir_all(dir.path().join("pages/deed")).unwrap();
        let second = record_changes(&conn, dir.path()).unwrap();
        assert_eq!(
            second,
            Recorded {
                puts: 1,
                deletes: 2
            }
        );
        assert_eq!(
            publications(&conn),
            vec![
                ("data/v1/manifest.json".to_string(), "put".to_string()),
                ("deed/1".to_string(), "delete".to_string()),
                ("deed/1/index.html".to_string(), "delete".to_string()),
            ]
        );
        assert!(!page_in_bucket(&conn, "deed/1/index.html").unwrap());
        assert!(page_in_bucket(&conn, "index.html").unwrap());
    }

    #[test]
    fn a_folder_that_cannot_be_read_deletes_nothing_of_its_own() {
        let (dir, conn) = data_folder();
        record_changes(&conn, dir.path()).unwrap();
        conn.execute("UPDATE publications SET done = 'x'", [])
            .unwrap();
        // The pages folder mid-swap: no page is gone; the store's file is.
        std::fs::rename(dir.path().join("pages"), dir.path().join("pages.old")).unwrap();
        std::fs::remove_file(dir.path().join("data/v1/all/0.json")).unwrap();
        assert_eq!(
            record_changes(&conn, dir.path()).unwrap(),
            Recorded {
                puts: 0,
                deletes: 1
            }
        );
        assert_eq!(
            publications(&conn),
            vec![("data/v1/all/0.json".to_string(), "delete".to_string())]
        );
    }

    #[test]
    fn pages_go_up_before_what_lists_them_and_deletes_last() {
        assert_eq!(
            order(&[
                ("data/v1/manifest.json", true),
                ("deed/1", false),
                ("index.html", true),
                ("data/v1/all/0.json", true),
                ("deed/2/index.html", true),
            ]),
            vec![
                "data/v1/all/0.json",
                "deed/2/index.html",
                "index.html",
                "data/v1/manifest.json",
                "deed/1",
            ]
        );
    }

    #[test]
    fn each_key_is_published_from_its_file() {
        let data = Path::new("/d");
        assert_eq!(
            source_of(data, "data/v1/all/0.json"),
            Path::new("/d/data/v1/all/0.json")
        );
        assert_eq!(
            source_of(data, "deed/5/index.html"),
            Path::new("/d/pages/deed/5/index.html")
        );
        assert_eq!(
            source_of(data, "deed/5"),
            Path::new("/d/pages/deed/5/index.html")
        );
        assert_eq!(
            source_of(data, "sitemap.xml"),
            Path::new("/d/pages/sitemap.xml")
        );
    }
}
