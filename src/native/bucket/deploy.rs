//! `qq deploy --site DIR --to s3://BUCKET/PREFIX`: the site folder `qq site` wrote, put
//! into a bucket, uploading only what changed.
//!
//! What the bucket holds is recorded in a small deploy-state object beside the site
//! ([`STATE_KEY`]: each object's SHA-256, type and caching, and the objects of older
//! releases waiting out their grace period), so a deploy reads one object, hashes the
//! app's files and uploads the ones whose record differs: nothing when nothing changed,
//! whatever the number of deeds, as the inbox's files are not even read.
//!
//! - The first deploy into a fresh bucket (no state and no store) uploads everything;
//!   later deploys skip what [`super::owner`] gives the inbox, which publishes those.
//! - Uploads go in [`super::Stage`] order, a few at a time within a stage: hashed app
//!   files and store pages, then pages, then the pointers (`loader.js`, `sw.js`,
//!   `config.json`, the store's manifest), so no reader is pointed at a missing file.
//! - An object of an older release that the site no longer has is deleted once it has
//!   been gone from the site for the grace period (a reader's open tab or cached page may
//!   still ask for the older app's files); the inbox's objects never are.
//! - The state is written last: a deploy cut short uploads again what it did not record.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use futures::{StreamExt, stream};
use sha2::{Digest, Sha256};

use super::{Bucket, BucketError, Owner, aliases, cache_control, content_type, owner, stage};
use crate::native::publish::manifest_path;

/// The deploy state's key, relative to the site's folder in the bucket.
pub const STATE_KEY: &str = ".qq-deploy.json";
/// Uploads in flight at once.
const PARALLEL: usize = 16;

/// What to deploy where.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The site folder (`qq site`'s `--out`).
    pub site: PathBuf,
    /// How long an older release's files stay after the site stops having them.
    pub grace: Duration,
    /// Say what would be done, and do nothing.
    pub dry_run: bool,
    /// Now, in milliseconds since the Unix epoch (the grace period counts from it).
    pub now_ms: i64,
}

/// One object as the state records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub sha256: String,
    pub content_type: String,
    pub cache_control: String,
}

/// The deploy state: what `qq deploy` put into the bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeployState {
    pub schema: u32,
    /// When the last deploy finished (ms since the epoch).
    pub deployed_at_ms: i64,
    /// Every object the deploy keeps, by key relative to the site.
    pub objects: BTreeMap<String, Entry>,
    /// Objects the site no longer has, by key: since when (ms since the epoch).
    pub retired: BTreeMap<String, i64>,
}

/// What a deploy did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployReport {
    /// Whether the bucket was fresh, so the inbox's files went up too.
    pub fresh: bool,
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub unchanged: usize,
    pub deleted: usize,
    /// Older release objects still in their grace period.
    pub waiting: usize,
    /// The inbox's files left to it.
    pub left_to_inbox: usize,
    /// The keys uploaded, in order (for `--dry-run` and tests).
    pub keys: Vec<String>,
    pub deleted_keys: Vec<String>,
    pub elapsed: Duration,
}

impl std::fmt::Display for DeployReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} uploaded ({} bytes), {} unchanged, {} deleted, {} of older releases kept for their grace period, {} left to the inbox{} in {} ms",
            self.uploaded,
            self.uploaded_bytes,
            self.unchanged,
            self.deleted,
            self.waiting,
            self.left_to_inbox,
            if self.fresh {
                " (a fresh bucket: everything went up)"
            } else {
                ""
            },
            self.elapsed.as_millis()
        )
    }
}

/// How far a deploy is, after each object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub bytes: u64,
}

/// An object to upload.
struct Upload {
    key: String,
    file: PathBuf,
    entry: Entry,
    size: u64,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The site folder's files, as keys relative to it (`/`-separated), sorted.
fn walk(root: &Path) -> Result<Vec<(String, PathBuf)>, BucketError> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| BucketError::Io {
            path: folder.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let kind = entry.file_type().map_err(|source| BucketError::Io {
                path: path.clone(),
                source,
            })?;
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file()
                && let Ok(relative) = path.strip_prefix(root)
            {
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                found.push((key, path));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The state in the bucket, `None` for a bucket never deployed to.
async fn read_state(bucket: &Bucket) -> Result<Option<DeployState>, BucketError> {
    let Some(bytes) = bucket.get(STATE_KEY).await? else {
        return Ok(None);
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|error| BucketError::State {
            key: format!("{}{STATE_KEY}", bucket.url()),
            reason: error.to_string(),
        })
}

/// Deploys the site folder into `bucket` (see the module docs); `progress` hears of
/// each object done.
pub async fn deploy(
    bucket: &Bucket,
    options: &DeployOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<DeployReport, BucketError> {
    let started = Instant::now();
    if !options.site.join("index.html").is_file() {
        return Err(BucketError::Io {
            path: options.site.join("index.html"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no site here: write it first (`make site` or `qq site`)",
            ),
        });
    }
    bucket.check().await?;
    let old = read_state(bucket).await?;
    let fresh = old.is_none() && !bucket.exists(&manifest_path()).await?;
    let old = old.unwrap_or_default();
    let mut report = DeployReport {
        fresh,
        ..DeployReport::default()
    };

    // What the site has: the deploy's own files always, the inbox's only into a fresh
    // bucket (and then not recorded: from now on they are the inbox's).
    let files = walk(&options.site)?;
    let mut wanted: BTreeMap<String, Entry> = BTreeMap::new();
    let mut uploads = Vec::new();
    for (key, file) in files {
        if !super::uploaded(&key) {
            continue;
        }
        let inbox = owner(&key) == Owner::Inbox;
        if inbox && !fresh {
            report.left_to_inbox += 1;
            continue;
        }
        let bytes = std::fs::read(&file).map_err(|source| BucketError::Io {
            path: file.clone(),
            source,
        })?;
        let sha256 = hex(&Sha256::digest(&bytes));
        for key in std::iter::once(key.clone()).chain(aliases(&key)) {
            let entry = Entry {
                sha256: sha256.clone(),
                content_type: content_type(&key),
                cache_control: cache_control(&key).to_string(),
            };
            if !inbox {
                wanted.insert(key.clone(), entry.clone());
            }
            if old.objects.get(&key) == Some(&entry) {
                report.unchanged += 1;
            } else {
                uploads.push(Upload {
                    key,
                    file: file.clone(),
                    entry,
                    size: bytes.len() as u64,
                });
            }
        }
    }
    uploads.sort_by(|a, b| stage(&a.key).cmp(&stage(&b.key)).then(a.key.cmp(&b.key)));

    // Older releases' objects: kept for the grace period from when the site lost them.
    let grace = options.grace.as_millis() as i64;
    let mut state = DeployState {
        schema: 1,
        deployed_at_ms: options.now_ms,
        objects: wanted.clone(),
        retired: BTreeMap::new(),
    };
    let mut deletes = Vec::new();
    for (key, entry) in &old.objects {
        if wanted.contains_key(key) || owner(key) == Owner::Inbox {
            continue;
        }
        let since = old.retired.get(key).copied().unwrap_or(options.now_ms);
        if options.now_ms - since >= grace {
            deletes.push(key.clone());
        } else {
            state.objects.insert(key.clone(), entry.clone());
            state.retired.insert(key.clone(), since);
            report.waiting += 1;
        }
    }

    report.keys = uploads.iter().map(|u| u.key.clone()).collect();
    report.deleted_keys = deletes.clone();
    if options.dry_run {
        report.uploaded = uploads.len();
        report.uploaded_bytes = uploads.iter().map(|u| u.size).sum();
        report.deleted = deletes.len();
        report.elapsed = started.elapsed();
        return Ok(report);
    }

    let total = uploads.len() + deletes.len();
    let mut done = Progress {
        total,
        ..Progress::default()
    };
    let mut at = 0;
    while at < uploads.len() {
        let this = stage(&uploads[at].key);
        let end = uploads[at..]
            .iter()
            .position(|u| stage(&u.key) != this)
            .map_or(uploads.len(), |n| at + n);
        let mut puts = stream::iter(&uploads[at..end])
            .map(|upload| async move {
                let bytes =
                    tokio::fs::read(&upload.file)
                        .await
                        .map_err(|source| BucketError::Io {
                            path: upload.file.clone(),
                            source,
                        })?;
                let size = bytes.len() as u64;
                bucket
                    .put(
                        &upload.key,
                        bytes,
                        &upload.entry.content_type,
                        &upload.entry.cache_control,
                    )
                    .await?;
                Ok::<u64, BucketError>(size)
            })
            .buffer_unordered(PARALLEL);
        while let Some(put) = puts.next().await {
            let size = put?;
            report.uploaded += 1;
            report.uploaded_bytes += size;
            done.done += 1;
            done.bytes += size;
            progress(done);
        }
        at = end;
    }
    for key in &deletes {
        bucket.delete(key).await?;
        report.deleted += 1;
        done.done += 1;
        progress(done);
    }
    let text = serde_json::to_vec(&state).expect("the state serialises");
    bucket
        .put(
            STATE_KEY,
            text,
            "application/json; charset=utf-8",
            "no-store",
        )
        .await?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A grace period as `7d`, `12h`, `30m` or `45s`.
pub fn parse_grace(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 7d, 12h, 30m or 0s"))?;
    let seconds = match unit {
        "d" => n * 86_400,
        "h" => n * 3600,
        "m" => n * 60,
        "s" | "" => n,
        _ => return Err(format!("{text:?}: the unit must be d, h, m or s")),
    };
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grace_periods_read_as_written() {
        assert_eq!(parse_grace("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_grace("12h"), Ok(Duration::from_secs(12 * 3600)));
        assert_eq!(parse_grace("0s"), Ok(Duration::ZERO));
        assert_eq!(parse_grace("90"), Ok(Duration::from_secs(90)));
        assert!(parse_grace("a week").is_err());
        assert!(parse_grace("7w").is_err());
    }

    #[test]
    fn the_site_is_walked_as_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("deed/5")).unwrap();
        std::fs::write(dir.path().join("deed/5/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        let keys: Vec<String> = walk(dir.path())
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, vec!["deed/5/index.html", "index.html"]);
    }
}
