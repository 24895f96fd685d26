//! The pages the inbox keeps up to date (`qq serve --data DIR`): every public page,
//! rendered as `qq site` renders it (the same shell, from the site's [`SITE_RECORD`]) but
//! over the inbox's published store, into `DIR/pages/`, which `qq serve` then answers page
//! addresses from instead of the site folder's.
//!
//! - At start, and after a store rebuild (an unpublished deed), every page is rendered
//!   into `pages.next/` and swapped in whole, so a page that is no longer there is gone.
//! - After an approval, only what the new deeds change: their pages, their universities'
//!   and passed-to universities' pages, the home, relay and map pages, and the sitemap.
//!   Each file is written beside and renamed into place.
//!
//! `pages.stamp` beside the folder says what it shows: the site record's digest, the last
//! deed and the store's generation; `pages.paths` lists its public pages for the sitemap.

use std::path::{Path, PathBuf};
use std::time::Instant;

use sha2::{Digest, Sha256};

use super::{
    SITE_RECORD, SiteError, SiteRecord, SiteReport, Store, Which, io, jobs, public_paths,
    read_json, render_all, render_jobs, sibling, write_sitemaps,
};
use crate::native::site::shell::Shell;

/// The folder of pages under the data folder.
pub const PAGES_DIR: &str = "pages";
const STAMP_FILE: &str = "pages.stamp";
const PATHS_FILE: &str = "pages.paths";

/// What the pages folder shows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    record: String,
    last_deed: u64,
    generation: i64,
}

impl Stamp {
    fn read(path: &Path) -> Option<Stamp> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut parts = text.split_whitespace();
        Some(Stamp {
            record: parts.next()?.to_string(),
            last_deed: parts.next()?.parse().ok()?,
            generation: parts.next()?.parse().ok()?,
        })
    }

    fn text(&self) -> String {
        format!("{} {} {}\n", self.record, self.last_deed, self.generation)
    }
}

/// How a refresh brought the pages up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// They already were.
    UpToDate,
    /// The pages new deeds change were rendered.
    Changed,
    /// Every page was rendered and swapped in.
    Whole,
}

/// The inbox's pages for one site folder and one data folder.
#[derive(Debug, Clone)]
pub struct LivePages {
    site: PathBuf,
    data: PathBuf,
    record: SiteRecord,
    digest: String,
    /// One refresh at a time: a whole render in the background and an approval's pages
    /// never write at once.
    busy: std::sync::Arc<std::sync::Mutex<()>>,
}

impl LivePages {
    /// The pages for the site folder `site` (as `qq site` wrote it) over the store in
    /// `data`; `None` for a folder `qq site` did not write (no [`SITE_RECORD`]).
    pub fn open(site: &Path, data: &Path) -> Result<Option<LivePages>, SiteError> {
        let path = site.join(SITE_RECORD);
        if !path.is_file() {
            return Ok(None);
        }
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let record: SiteRecord = read_json(&path)?;
        let digest = Sha256::digest(&bytes)[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Some(LivePages {
            site: site.to_path_buf(),
            data: data.to_path_buf(),
            record,
            digest,
            busy: Default::default(),
        }))
    }

    /// The folder `qq serve` answers page addresses from.
    pub fn dir(&self) -> PathBuf {
        self.data.join(PAGES_DIR)
    }

    /// Brings the pages up to the store of `generation`. `whole` renders every page (the
    /// store was rebuilt, so deeds may be gone); otherwise a folder that shows an older
    /// generation of this site gets the pages of the deeds it lacks, and any other
    /// (missing, or of another build of the site) is rendered whole.
    pub fn refresh(
        &self,
        generation: i64,
        whole: bool,
    ) -> Result<(Refresh, SiteReport), SiteError> {
        let _one_at_a_time = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let stamp = Stamp::read(&self.data.join(STAMP_FILE));
        let store = Store::read(&self.data, &self.site)?;
        let last_deed = store.manifest.last_id;
        let shell = self.record.shell();
        let current = Stamp {
            record: self.digest.clone(),
            last_deed,
            generation,
        };
        let same_site = stamp
            .as_ref()
            .is_some_and(|s| s.record == self.digest && self.dir().is_dir());
        let (refresh, mut report) = match stamp {
            Some(stamp) if same_site && !whole && stamp == current => {
                (Refresh::UpToDate, SiteReport::default())
            }
            Some(stamp) if same_site && !whole && stamp.last_deed <= last_deed => (
                Refresh::Changed,
                self.changed(&shell, &store, stamp.last_deed)?,
            ),
            _ => (Refresh::Whole, self.whole(&shell, &store)?),
        };
        let path = self.data.join(STAMP_FILE);
        std::fs::write(&path, current.text()).map_err(io(&path))?;
        report.elapsed = started.elapsed();
        Ok((refresh, report))
    }

    fn whole(&self, shell: &Shell, store: &Store) -> Result<SiteReport, SiteError> {
        let out = self.dir();
        let staging = sibling(&out, "next");
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        let jobs = jobs(store, &Which::All)?;
        let report = render_all(shell, &self.data, &self.site, &staging, &jobs)?;
        let paths = public_paths(&jobs);
        write_sitemaps(&staging, &self.record.public_url, &paths)?;
        self.write_paths(&paths)?;
        let old = sibling(&out, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        if out.exists() {
            std::fs::rename(&out, &old).map_err(io(&out))?;
        }
        std::fs::rename(&staging, &out).map_err(io(&staging))?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(report)
    }

    fn changed(
        &self,
        shell: &Shell,
        store: &Store,
        last_deed: u64,
    ) -> Result<SiteReport, SiteError> {
        let jobs = jobs(store, &Which::Since { last_deed })?;
        let report = render_jobs(shell, store, &self.dir(), &jobs, 0, 1)?;
        let mut paths = self.read_paths();
        let known: std::collections::HashSet<String> = paths.iter().cloned().collect();
        paths.extend(
            public_paths(&jobs)
                .into_iter()
                .filter(|path| !known.contains(path)),
        );
        write_sitemaps(&self.dir(), &self.record.public_url, &paths)?;
        self.write_paths(&paths)?;
        Ok(report)
    }

    fn read_paths(&self) -> Vec<String> {
        std::fs::read_to_string(self.data.join(PATHS_FILE))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    fn write_paths(&self, paths: &[String]) -> Result<(), SiteError> {
        let path = self.data.join(PATHS_FILE);
        let mut text = paths.join("\n");
        text.push('\n');
        std::fs::write(&path, text).map_err(io(&path))
    }
}
