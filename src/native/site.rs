//! `qq site`: the one deployable folder. It takes the app as Trunk built it (`dist/`,
//! an intermediate) and the store, and writes `site/`: the app's files, `loader.js`, the
//! service worker, every public page prerendered with the app's own components
//! ([`crate::native::prerender`]), the sitemap, `robots.txt` and `404.html`. Any static
//! host serves the folder as it is.
//!
//! - [`shell`]: the document around a page, its policy and its one inline script.
//! - [`loader`]: the script of a stable name that starts a page's app.
//! - [`pages`]: which pages there are and what each one's head says.
//!
//! The folder is written beside the old one and swapped in at the end, so a reader never
//! sees half a site; pages are written without a sync each.

pub mod live;
pub mod loader;
pub mod pages;
pub mod precache;
pub mod shell;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    rc::Rc,
    sync::Arc,
    time::{Duration, Instant},
};

use crate::Part;
use crate::app::rendering::{PreparedStore, RenderedPage};
use crate::model::{
    Deed, University,
    feed::Directory,
    store::{ListId, Manifest, STORE_DIR, newest_url},
};
use crate::native::prerender;
use loader::AppFiles;
use pages::Plain;
use shell::{PageMeta, Shell};

/// The file in which `qq site` records how it wrote the pages, so the inbox renders the
/// pages an approval changes the same way ([`live`]).
pub const SITE_RECORD: &str = "site.json";

/// What a page's shell is made from, as `qq site` found it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SiteRecord {
    pub base: String,
    pub public_url: String,
    /// The app's main stylesheet, inlined in every page.
    pub main_css: String,
    /// Each app's own stylesheet, by the app's name (`map`).
    pub app_styles: Vec<(String, String)>,
    pub inbox_origin: Option<String>,
}

impl SiteRecord {
    /// The shell every page of this site is written in.
    pub fn shell(&self) -> Shell {
        let app_styles = self
            .app_styles
            .iter()
            .filter_map(|(name, sheet)| {
                Part::ALL
                    .into_iter()
                    .find(|part| part.name() == name)
                    .map(|part| (part, sheet.clone()))
            })
            .collect();
        Shell::new(
            &self.base,
            &self.public_url,
            &self.main_css,
            app_styles,
            self.inbox_origin.as_deref(),
        )
    }
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Trunk's build of the app.
    pub dist: PathBuf,
    /// The site folder to write (replaced as a whole).
    pub out: PathBuf,
    /// Where the site is mounted: `/` or `/qq/`.
    pub base: String,
    /// The site's public address (`https://alfarabiqq.kz/`), for link previews and
    /// canonical links; it ends with the base.
    pub public_url: String,
    /// An inbox on another host (`https://inbox.example.org/`), if any.
    pub inbox: Option<String>,
    /// A folder whose `data/v1/` is the store to publish (an inbox's data folder), in
    /// place of the build's own.
    pub store: Option<PathBuf>,
}

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct SiteReport {
    /// Pages rendered.
    pub pages: usize,
    /// Bytes of those pages.
    pub page_bytes: u64,
    /// Pages whose three languages could not be merged (the page's own language alone
    /// was written), with why.
    pub unmerged: Vec<String>,
    /// What the service worker keeps at install, and what it weighs.
    pub precache: precache::Precache,
    pub elapsed: Duration,
}

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{}: {reason}; build the app first (`make build`)", dist.display())]
    NotBuilt { dist: PathBuf, reason: String },
    #[error("the base path must be / or /name/, got {0:?}")]
    BadBase(String),
    #[error(
        "the public address must be http(s)://host/… and end with the base {base}, got {url:?}"
    )]
    BadPublicUrl { url: String, base: String },
    #[error("the inbox must be an http(s) address, got {0:?}")]
    BadInbox(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    Store { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The base normalised to `/` or `/name/`.
pub fn normalise_base(base: &str) -> Result<String, SiteError> {
    let trimmed = base.trim().trim_matches('/');
    let ok = base.trim().starts_with('/')
        && !base.contains("//")
        && trimmed.split('/').all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
        })
        || trimmed.is_empty();
    if !ok {
        return Err(SiteError::BadBase(base.to_string()));
    }
    Ok(if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    })
}

/// The origin of an http(s) address (`https://inbox.example.org`).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    if host.is_empty() || host.contains(['@', ' ', '<', '>', '"']) {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

/// What Trunk built: each app's files, the main stylesheet's text, and the stylesheets
/// of the apps that have one of their own.
struct Build {
    apps: Vec<AppFiles>,
    main_css: String,
    app_styles: Vec<(Part, String)>,
}

/// The app files Trunk built, found by name.
fn app_files(dist: &Path) -> Result<Build, SiteError> {
    let names: Vec<String> = std::fs::read_dir(dist)
        .map_err(io(dist))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let hashed = |prefix: &str, suffix: &str| {
        names.iter().find(|name| {
            name.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                // Trunk writes its hash in hex without leading zeros: up to 16 digits.
                .is_some_and(|hash| {
                    (1..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
                })
        })
    };
    let not_built = |reason: String| SiteError::NotBuilt {
        dist: dist.to_path_buf(),
        reason,
    };
    let mut apps = Vec::new();
    for part in Part::ALL {
        let prefix = match part {
            Part::Feed => "alfarabi-qq-".to_string(),
            other => format!("alfarabi-qq-{}-", other.name()),
        };
        let (Some(js), Some(wasm)) = (hashed(&prefix, ".js"), hashed(&prefix, "_bg.wasm")) else {
            return Err(not_built(format!("no {} app", part.name())));
        };
        apps.push(AppFiles {
            part,
            js: js.clone(),
            wasm: wasm.clone(),
        });
    }
    let main = match hashed("main-", ".css") {
        Some(name) => std::fs::read_to_string(dist.join(name)).map_err(io(dist))?,
        None => {
            // An older build inlined the main styles into its index.html.
            let index = std::fs::read_to_string(dist.join("index.html")).map_err(io(dist))?;
            index
                .split_once("<style>")
                .and_then(|(_, rest)| rest.split_once("</style>"))
                .map(|(style, _)| style.to_string())
                .ok_or_else(|| not_built("no main stylesheet".into()))?
        }
    };
    let mut styles = Vec::new();
    for part in Part::ALL {
        if let Some(name) = hashed(&format!("{}-", part.name()), ".css") {
            styles.push((part, name.clone()));
        }
    }
    Ok(Build {
        apps,
        main_css: main,
        app_styles: styles,
    })
}

/// Copies `from` into `to`, file by file, leaving out Trunk's intermediate index.html.
fn copy_build(from: &Path, to: &Path) -> Result<(), SiteError> {
    for entry in std::fs::read_dir(from).map_err(io(from))?.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            std::fs::create_dir_all(&target).map_err(io(&target))?;
            copy_build(&path, &target)?;
        } else if !name.starts_with("index.html") {
            std::fs::copy(&path, &target).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Writes `bytes` at `path` (relative to `root`), making its folders. The file is written
/// beside and renamed into place, so a reader (the inbox rewrites pages the server is
/// serving) never gets half a page.
fn write(root: &Path, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
    let target = root.join(path);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let mut part = target.clone().into_os_string();
    part.push(".part");
    let part = PathBuf::from(part);
    std::fs::write(&part, bytes).map_err(io(&part))?;
    std::fs::rename(&part, &target).map_err(io(&target))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SiteError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&bytes).map_err(|error| SiteError::Store {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })
}

/// The store as the pages read it: its small files as text, and the parsed manifest and
/// universities shared by every page.
struct Store {
    root: PathBuf,
    manifest: Arc<Manifest>,
    universities: Vec<University>,
    directory: Arc<Directory>,
    texts: HashMap<String, Rc<str>>,
}

impl Store {
    /// The store under `root` (`root/data/v1`); the map's outlines and config.json from
    /// the site folder `site`.
    fn read(root: &Path, site: &Path) -> Result<Store, SiteError> {
        let dir = root.join(STORE_DIR);
        let manifest: Manifest = read_json(&dir.join("manifest.json"))?;
        let universities: crate::model::store::UniversitiesFile =
            read_json(&dir.join("universities.json"))?;
        let mut texts = HashMap::new();
        for (url, path) in [
            ("manifest.json", dir.join("manifest.json")),
            ("universities.json", dir.join("universities.json")),
            ("stats.json", dir.join("stats.json")),
            ("relay.json", dir.join("relay.json")),
        ] {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            texts.insert(format!("{STORE_DIR}/{url}"), Rc::from(text.as_str()));
        }
        // The map's outlines: the map page's app loads them as it starts (its drawing is the
        // browser's, but the page renders the same way with them).
        let outlines = site.join("data/geo/world.json");
        if let Ok(text) = std::fs::read_to_string(&outlines) {
            texts.insert("data/geo/world.json".to_string(), Rc::from(text.as_str()));
        }
        let config = site.join("config.json");
        if let Ok(text) = std::fs::read_to_string(&config) {
            texts.insert("config.json".to_string(), Rc::from(text.as_str()));
        }
        Ok(Store {
            root: root.to_path_buf(),
            manifest: Arc::new(manifest),
            directory: Arc::new(Directory::new(universities.universities.clone())),
            universities: universities.universities,
            texts,
        })
    }

    fn page(&self, url: &str) -> Result<Rc<Vec<Deed>>, SiteError> {
        let path = self.root.join(url);
        match std::fs::read(&path) {
            Ok(bytes) => {
                // A page of a list, or newest.json: their deeds are what is read.
                let page: Deeds =
                    serde_json::from_slice(&bytes).map_err(|error| SiteError::Store {
                        path: path.clone(),
                        reason: error.to_string(),
                    })?;
                Ok(Rc::new(page.deeds))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Rc::new(Vec::new())),
            Err(error) => Err(io(&path)(error)),
        }
    }
}

/// What the publisher reads of a list's page or of `newest.json`: their deeds.
#[derive(serde::Deserialize)]
struct Deeds {
    deeds: Vec<Deed>,
}

/// A page to render: its head, the app and the address it renders at, and the list pages
/// its first screen reads.
struct Job {
    meta: PageMeta,
    file: String,
    route: String,
    lists: Vec<String>,
    /// Whether the page is prerendered (the moderators' page is drawn by its app alone).
    render: bool,
}

/// Which pages to render.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Which {
    /// Every page.
    All,
    /// What deeds after `last_deed` change: their pages, their universities' and the
    /// pages of the whole relay (home, relay, map).
    Since { last_deed: u64 },
}

fn jobs(store: &Store, which: &Which) -> Result<Vec<Job>, SiteError> {
    let manifest = &store.manifest;
    let list_pages = |meta: &PageMeta| -> Vec<String> {
        meta.early
            .iter()
            .filter(|url| url.contains("/all/") || url.contains("/u/") || *url == &newest_url())
            .cloned()
            .collect()
    };
    let mut jobs = Vec::new();
    let mut add = |meta: PageMeta, file: String, route: String| {
        let lists = list_pages(&meta);
        jobs.push(Job {
            meta,
            file,
            route,
            lists,
            render: true,
        });
    };
    let all = *which == Which::All;
    // The new deeds first: they name the universities whose pages change.
    let since = match which {
        Which::All => 0,
        Which::Since { last_deed } => *last_deed,
    };
    let mut deeds = Vec::new();
    if let Some(last) = manifest.last_page(&ListId::All) {
        let first = crate::model::store::page_of_deed(since + 1);
        for page in first..=last {
            let list = store.page(&ListId::All.page_url(page))?;
            deeds.extend(list.iter().filter(|deed| deed.id > since).cloned());
        }
    }
    let touched: std::collections::HashSet<&str> = deeds
        .iter()
        .flat_map(|deed| {
            std::iter::once(deed.university.as_str())
                .chain(deed.passes_to.iter().map(String::as_str))
        })
        .collect();
    add(pages::home(), "index.html".into(), "/".into());
    for (part, path, plain) in [
        (Part::Relay, "relay/", Plain::Relay),
        (Part::Read, "about/", Plain::About),
        (Part::Map, "map/", Plain::Map),
        (Part::Submit, "submit/", Plain::Submit),
        (Part::Submit, "invite/", Plain::Invite),
    ] {
        if all || matches!(plain, Plain::Relay | Plain::Map) {
            add(
                pages::plain(part, path, plain),
                format!("{path}index.html"),
                format!("/{path}"),
            );
        }
    }
    if all {
        add(
            pages::plain(Part::Read, "404.html", Plain::NotFound),
            "404.html".into(),
            "/404/".into(),
        );
    }
    for university in &store.universities {
        if all || touched.contains(university.id.as_str()) {
            let meta = pages::university(university, manifest);
            let file = format!("{}index.html", meta.path);
            let route = format!("/{}", meta.path);
            add(meta, file, route);
        }
    }
    // Deeds in number order, so a worker reads each page of `all` once.
    for deed in &deeds {
        let meta = pages::deed(deed, store.directory.get(&deed.university));
        let file = format!("{}index.html", meta.path);
        let route = format!("/{}", meta.path);
        add(meta, file, route);
    }
    if !all {
        return Ok(jobs);
    }
    jobs.push(Job {
        meta: pages::moderate(),
        file: "moderate/index.html".into(),
        route: "/moderate/".into(),
        lists: Vec::new(),
        render: false,
    });
    Ok(jobs)
}

/// Renders and writes `jobs` on every core: each thread reads the store's small files
/// itself (the rendering's state is the thread's own) and takes every n-th job.
fn render_all(
    shell: &Shell,
    root: &Path,
    site: &Path,
    out: &Path,
    jobs: &[Job],
) -> Result<SiteReport, SiteError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(jobs.len().div_ceil(64).max(1));
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..workers)
            .map(|first| {
                scope.spawn(move || {
                    let store = Store::read(root, site)?;
                    render_jobs(shell, &store, out, jobs, first, workers)
                })
            })
            .collect();
        let mut total = SiteReport::default();
        for thread in threads {
            let report = thread.join().map_err(|_| SiteError::Store {
                path: out.to_path_buf(),
                reason: "a rendering thread failed".into(),
            })??;
            total.pages += report.pages;
            total.page_bytes += report.page_bytes;
            total.unmerged.extend(report.unmerged);
        }
        Ok(total)
    })
}

/// Renders and writes `jobs` (every `step`th from `first`), on this thread.
fn render_jobs(
    shell: &Shell,
    store: &Store,
    out: &Path,
    jobs: &[Job],
    first: usize,
    step: usize,
) -> Result<SiteReport, SiteError> {
    let router_base = shell.base.trim_end_matches('/').to_string();
    let texts = Rc::new(store.texts.clone());
    let mut cache: HashMap<String, Rc<Vec<Deed>>> = HashMap::new();
    let mut report = SiteReport::default();
    for job in jobs.iter().skip(first).step_by(step) {
        let mut pages = HashMap::new();
        for url in &job.lists {
            if !cache.contains_key(url) {
                if cache.len() > 8 {
                    cache.clear();
                }
                cache.insert(url.clone(), store.page(url)?);
            }
            pages.insert(url.clone(), cache[url].clone());
        }
        let page = RenderedPage {
            path: format!("{router_base}{}", job.route),
            base: router_base.clone(),
            locale: String::new(),
            files: texts.clone(),
            store: Some(Rc::new(PreparedStore {
                manifest: store.manifest.clone(),
                directory: store.directory.clone(),
                pages,
            })),
        };
        let body = if job.render {
            let (body, unmerged) = prerender::render(job.meta.part, &page);
            if let Some(error) = unmerged {
                report.unmerged.push(format!("{}: {error}", job.file));
            }
            body
        } else {
            String::new()
        };
        let html = shell::document(shell, &job.meta, &body);
        write(out, &job.file, html.as_bytes())?;
        report.pages += 1;
        report.page_bytes += html.len() as u64;
    }
    Ok(report)
}

/// Builds the site folder (see the module docs).
pub fn build(options: &SiteOptions) -> Result<SiteReport, SiteError> {
    let started = Instant::now();
    let base = normalise_base(&options.base)?;
    let public_url = options.public_url.trim().to_string();
    let url_ok = origin_of(&public_url)
        .is_some_and(|origin| public_url.strip_prefix(&origin) == Some(base.as_str()));
    if !url_ok {
        return Err(SiteError::BadPublicUrl {
            url: public_url,
            base,
        });
    }
    let inbox_origin = match &options.inbox {
        Some(inbox) if !inbox.trim().is_empty() => {
            Some(origin_of(inbox).ok_or_else(|| SiteError::BadInbox(inbox.clone()))?)
        }
        _ => None,
    };
    let Build {
        apps,
        main_css,
        app_styles,
    } = app_files(&options.dist)?;
    let staging = sibling(&options.out, "next");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    copy_build(&options.dist, &staging)?;
    if let Some(store) = &options.store {
        let from = store.join(STORE_DIR);
        if !from.join("manifest.json").is_file() {
            return Err(SiteError::Store {
                path: from,
                reason: "no store here (no manifest.json)".into(),
            });
        }
        let to = staging.join(STORE_DIR);
        if to.exists() {
            std::fs::remove_dir_all(&to).map_err(io(&to))?;
        }
        std::fs::create_dir_all(&to).map_err(io(&to))?;
        copy_build(&from, &to)?;
    }

    let record = SiteRecord {
        base: base.clone(),
        public_url: public_url.clone(),
        main_css,
        app_styles: app_styles
            .iter()
            .map(|(part, sheet)| (part.name().to_string(), sheet.clone()))
            .collect(),
        inbox_origin,
    };
    write(
        &staging,
        SITE_RECORD,
        serde_json::to_string_pretty(&record)
            .expect("the record serialises")
            .as_bytes(),
    )?;
    let shell = record.shell();
    let loader_js = loader::loader(&apps);
    write(&staging, "loader.js", loader_js.as_bytes())?;
    let config = serde_json::json!({ "inbox": options.inbox.clone().unwrap_or_default() });
    write(&staging, "config.json", format!("{config}\n").as_bytes())?;
    write(&staging, "offline.html", shell::offline(&shell).as_bytes())?;

    let store = Store::read(&staging, &staging)?;
    write_share_images(&staging, &store)?;
    let jobs = jobs(&store, &Which::All)?;
    let mut report = render_all(&shell, &staging, &staging, &staging, &jobs)?;
    // Weighed once every page it names is written.
    let list = precache::precache(&staging, &apps, &app_styles, &store.manifest);
    write_worker(&staging, &loader_js, &list)?;
    report.precache = list;
    write_sitemaps(&staging, &public_url, &public_paths(&jobs))?;
    write(
        &staging,
        "robots.txt",
        pages::robots(&public_url, &base).as_bytes(),
    )?;

    // Swap the new folder in whole.
    let old = sibling(&options.out, "old");
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    if options.out.exists() {
        std::fs::rename(&options.out, &old).map_err(io(&options.out))?;
    }
    std::fs::rename(&staging, &options.out).map_err(io(&staging))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The addresses of `jobs`' pages that search engines may list.
fn public_paths(jobs: &[Job]) -> Vec<String> {
    jobs.iter()
        .filter(|job| !job.meta.noindex)
        .map(|job| job.meta.path.clone())
        .collect()
}

fn write_sitemaps(out: &Path, public_url: &str, paths: &[String]) -> Result<(), SiteError> {
    for (name, xml) in pages::sitemaps(public_url, paths) {
        write(out, &name, xml.as_bytes())?;
    }
    Ok(())
}

/// The link previews' images: the site's, one per virtue and one per university (a deed's
/// page shows its university's: one per deed would cost some 20 minutes and 3.5 GB at
/// 100,000 deeds, see [`crate::native::share`]).
fn write_share_images(out: &Path, store: &Store) -> Result<(), SiteError> {
    use crate::model::{Virtue, store::StatsFile};
    use crate::native::share;
    fn drawn(path: &str) -> impl FnOnce(crate::native::share::ShareError) -> SiteError + '_ {
        move |error| SiteError::Store {
            path: PathBuf::from(path),
            reason: error.to_string(),
        }
    }
    let texts = share::ShareTexts::from_locales();
    let stats: StatsFile = read_json(&out.join(STORE_DIR).join("stats.json"))?;
    let reached: Vec<&University> = store
        .universities
        .iter()
        .filter(|u| {
            stats
                .universities
                .iter()
                .any(|s| s.id == u.id && s.deeds > 0)
        })
        .collect();
    let mut countries: Vec<&str> = reached.iter().map(|u| u.country.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    let image = share::site_image(
        store.manifest.count(&ListId::All),
        reached.len() as u64,
        countries.len() as u64,
        &texts,
    )
    .map_err(drawn("share/site.png"))?;
    write(out, "share/site.png", &image)?;
    for (name, size, maskable) in share::APP_ICONS {
        let path = format!("icons/{name}");
        let icon = share::app_icon(size, maskable).map_err(drawn(&path))?;
        write(out, &path, &icon)?;
    }
    for virtue in Virtue::ALL {
        let path = pages::virtue_image(virtue);
        let image = share::virtue_image(virtue, &texts).map_err(drawn(&path))?;
        write(out, &path, &image)?;
    }
    for university in &store.universities {
        let own = stats.universities.iter().find(|s| s.id == university.id);
        let by_virtue: Vec<(Virtue, u64)> = Virtue::ALL
            .into_iter()
            .map(|v| {
                let n = own.and_then(|s| s.by_virtue.get(v.slug())).copied();
                (v, n.unwrap_or(0))
            })
            .collect();
        let path = format!("share/u/{}.png", university.id);
        let missing = share::undrawable(&university.name.kk);
        if !missing.is_empty() {
            tracing::warn!("{path}: the fonts cannot draw {missing:?}");
        }
        let image =
            share::university_image(university, own.map_or(0, |s| s.deeds), &by_virtue, &texts)
                .map_err(drawn(&path))?;
        write(out, &path, &image)?;
    }
    Ok(())
}

/// `dir` with `.tag` added to its name, beside it.
fn sibling(dir: &Path, tag: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    dir.with_file_name(format!("{name}.{tag}"))
}

/// The service worker, its cache named after this build's loader (which names every app
/// file), so a new release installs a new worker that drops the older caches, with the
/// list of what it keeps at install ([`precache`]).
fn write_worker(
    staging: &Path,
    loader_js: &str,
    list: &precache::Precache,
) -> Result<(), SiteError> {
    use sha2::Digest;
    let path = staging.join("sw.js");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    if !text
        .lines()
        .any(|line| line.starts_with("const PRECACHE = "))
    {
        return Err(SiteError::NotBuilt {
            dist: path,
            reason: "the service worker has no `const PRECACHE = ` line to fill".into(),
        });
    }
    let build: String = sha2::Sha256::digest(loader_js.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let named = text
        .lines()
        .map(|line| {
            if line.starts_with("const CACHE = ") {
                format!("const CACHE = \"qq-{build}\";")
            } else if line.starts_with("const PRECACHE = ") {
                format!("const PRECACHE = {};", list.to_js())
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let _ = std::fs::remove_file(staging.join("sw.js.br"));
    let _ = std::fs::remove_file(staging.join("sw.js.gz"));
    std::fs::write(&path, named + "\n").map_err(io(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_files_are_found_whatever_the_length_of_trunks_hash() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            // Trunk writes its hash without leading zeros: 15 digits here.
            "alfarabi-qq-7cda94b765596eb.js",
            "alfarabi-qq-56d4c555b36265e6_bg.wasm",
            "alfarabi-qq-read-f53e70e1fa3def0e.js",
            "alfarabi-qq-read-f53e70e1fa3def0e_bg.wasm",
            "alfarabi-qq-relay-a53e70e1fa3def0e.js",
            "alfarabi-qq-relay-a53e70e1fa3def0e_bg.wasm",
            "alfarabi-qq-map-e0862fdd61a050aa.js",
            "alfarabi-qq-map-e0862fdd61a050aa_bg.wasm",
            "alfarabi-qq-submit-6c15999872c706f7.js",
            "alfarabi-qq-submit-6c15999872c706f7_bg.wasm",
            "alfarabi-qq-moderate-d0a164bd5b4d21d4.js",
            "alfarabi-qq-moderate-d0a164bd5b4d21d4_bg.wasm",
            "main-0a1b2c3d4e5f6a7.css",
            "map-0123456789abcdef.css",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "body{}").unwrap();
        }
        let build = app_files(dir.path()).expect("every app is found");
        let feed = &build.apps[0];
        assert_eq!(feed.part, Part::Feed);
        assert_eq!(feed.js, "alfarabi-qq-7cda94b765596eb.js");
        assert_eq!(feed.wasm, "alfarabi-qq-56d4c555b36265e6_bg.wasm");
        assert_eq!(build.apps.len(), 6);
        // "relay-…" is no hash: the feed's prefix does not take the relay's files.
        assert!(
            build
                .apps
                .iter()
                .all(|app| app.part == Part::Relay || !app.js.starts_with("alfarabi-qq-relay"))
        );
        assert_eq!(build.main_css, "body{}");
        assert_eq!(
            build.app_styles,
            vec![(Part::Map, "map-0123456789abcdef.css".to_string())]
        );
    }

    #[test]
    fn the_worker_gets_its_cache_name_and_list_and_an_old_worker_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let worker = dir.path().join("sw.js");
        std::fs::write(
            &worker,
            "const CACHE = \"qq-build\";\nconst PRECACHE = { form: [], pages: [], data: [], apps: {} };\n",
        )
        .unwrap();
        let list = precache::Precache {
            form: vec!["offline.html".into(), "submit/".into()],
            ..Default::default()
        };
        write_worker(dir.path(), "loader", &list).expect("written");
        let text = std::fs::read_to_string(&worker).unwrap();
        assert!(text.contains(r#"const PRECACHE = {"apps":{},"data":[],"form":["offline.html","submit/"],"pages":[]};"#), "{text}");
        assert!(!text.contains("qq-build"));
        // A build whose worker predates the list cannot be made to work offline.
        std::fs::write(&worker, "const CACHE = \"qq-build\";\n").unwrap();
        assert!(matches!(
            write_worker(dir.path(), "loader", &list),
            Err(SiteError::NotBuilt { .. })
        ));
    }

    #[test]
    fn bases_and_addresses_are_checked() {
        assert_eq!(normalise_base("/").unwrap(), "/");
        assert_eq!(normalise_base("/qq").unwrap(), "/qq/");
        assert_eq!(normalise_base("/qq/").unwrap(), "/qq/");
        assert!(normalise_base("qq").is_err());
        assert!(normalise_base("//evil.example/").is_err());
        assert!(normalise_base("/a b/").is_err());
        assert_eq!(
            origin_of("https://inbox.example.org/api/").as_deref(),
            Some("https://inbox.example.org")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://a@b/"), None);
    }
}
