//! The native HTTP server for the built site (`qq serve`).
//!
//! It serves Trunk's `dist/` folder as a static host should for a single-page app: the
//! app's routes (`/map`, `/deed/…`) get index.html, while a missing file under `/data` or
//! anything that looks like a file (`/main-….css`) is a real 404, so a broken data URL is
//! never mistaken for a page. Hashed assets are cached for a year; index.html, config.json
//! and the data are revalidated on every load. Responses are compressed (brotli, gzip):
//! the app's files as the build compressed them, the store's JSON at brotli's best quality
//! once per content ([`StoreBrotli`]), anything else as it is sent.
//! The same site can be mounted under a sub-path (`--base /qq/`). With a data folder
//! (`--data DIR`), the store under `DIR/data/` is served at `data/` instead of the built
//! copy, and the inbox's API ([`crate::native::inbox::http`]) answers at `api/v1/`.
//!
//! What an attacker or a slow network meets:
//! - a path with an empty segment (`//other-host/…`) is redirected to its single-slash
//!   form, so no relative URL on the page can resolve to another host; encoded slashes,
//!   `..` and over-long segments are refused;
//! - every page carries the site's Content-Security-Policy as a header too (read from the
//!   `<meta>` the build wrote into index.html), with `frame-ancestors 'none'`, which a meta
//!   tag cannot carry, and the other security headers ([`security_headers`]);
//! - every file that can change in place carries a strong ETag made from its bytes, and
//!   dates are never used to revalidate: two changes within one second are told apart;
//! - connections have deadlines and a cap ([`connections`]), and requests and their
//!   bodies deadlines of their own.

pub mod connections;

use std::{
    collections::HashMap,
    hash::{Hash, Hasher},
    io::{self, Write},
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Redirect, Response},
};
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
    timeout::RequestBodyTimeoutLayer,
};

/// Cache-Control for files whose name carries a content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control for everything else: use a copy only after checking it is current.
pub const REVALIDATE: &str = "no-cache";
/// Cache-Control for the inbox's API: answers are about this moment only.
pub const NO_STORE: &str = "no-store";
/// How long a request may take before its answer starts.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// How long a submission with photos (`multipart/form-data`, up to 1.2 MB) may take:
/// three phone photos of 300 KB at 15 KB/s, a weak mobile connection outdoors. Its body
/// must still keep arriving ([`BODY_TIMEOUT`] between two pieces).
pub const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);
/// How long a client may take to send a request's body.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);
/// The longest path segment a file name can have; a longer one is no page of ours.
pub const MAX_SEGMENT_BYTES: usize = 255;
/// The longest request path served.
pub const MAX_PATH_BYTES: usize = 2048;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct Site {
    /// The built site: Trunk's `dist/`, with index.html at its top.
    pub dist: PathBuf,
    /// The URL path the site is mounted at: `/` or a sub-path such as `/qq/`.
    pub base: String,
    /// The data folder whose `data/` replaces the built site's, if any.
    pub data: Option<PathBuf>,
    /// The site's Content-Security-Policy, as the build wrote it into index.html.
    policy: Arc<SitePolicy>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{} has no index.html: build the site first (`make build`)", .0.display())]
    NotBuilt(PathBuf),
    #[error("the base path must start with '/', got {0:?}")]
    BadBase(String),
    #[error("cannot serve on {addr}: {source}")]
    Io { addr: String, source: io::Error },
}

impl Site {
    /// Checks the folder and normalises the base to `/` or `/name/`.
    pub fn new(dist: impl Into<PathBuf>, base: &str) -> Result<Self, ServeError> {
        let dist = dist.into();
        if !dist.join("index.html").is_file() {
            return Err(ServeError::NotBuilt(dist));
        }
        if !base.starts_with('/') {
            return Err(ServeError::BadBase(base.to_string()));
        }
        let trimmed = base.trim_matches('/');
        let base = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        let policy = Arc::new(SitePolicy::new(dist.join("index.html")));
        Ok(Site {
            dist,
            base,
            data: None,
            policy,
        })
    }

    /// The same site with its store served from `data`'s `data/` folder.
    pub fn with_data(mut self, data: impl Into<PathBuf>) -> Self {
        self.data = Some(data.into());
        self
    }
}

/// The router serving `site`, with every rule in the module docs applied.
pub fn router(site: &Site) -> Router {
    app(site, None)
}

/// [`router`] with the inbox's API (routes relative to `api/v1/`) mounted beside the site.
pub fn app(site: &Site, api: Option<Router>) -> Router {
    let missing = site.dist.join("404.html");
    // The build writes brotli and gzip copies of its files (`x.wasm.br`; see Trunk.toml):
    // sent as they are, at a quality compressing per request could not afford. A page is
    // its folder's index.html (`deed/5/` is `deed/5/index.html`; `deed/5` is redirected
    // there).
    let files = ServeDir::new(&site.dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(tower::service_fn(move |request: Request| {
            let missing = missing.clone();
            async move { Ok::<_, std::convert::Infallible>(not_found(request, &missing).await) }
        }));
    // With a data folder, its pages (kept up to date by the inbox, see
    // `native::site::live`) answer the page addresses once they are written; the site
    // folder the rest.
    let files = match &site.data {
        Some(data) => pages_first(data.join(crate::native::site::live::PAGES_DIR), files),
        None => tower::util::BoxCloneSyncService::new(
            files.map_response(|response| response.map(Body::new)),
        ),
    };
    let mut site_router = Router::new();
    if let Some(data) = &site.data {
        // Only the store comes from the data folder; the rest of data/ (the map's
        // outlines) is the build's.
        let store = crate::model::store::STORE_DIR;
        site_router =
            site_router.nest_service(&format!("/{store}"), ServeDir::new(data.join(store)));
    }
    if let Some(api) = api {
        site_router = site_router.nest("/api/v1", api);
    }
    let site_router = site_router
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            StoreBrotli::default(),
            compress_store_files,
        ))
        .layer(middleware::from_fn(etag))
        .layer(middleware::from_fn(cache_control));
    let routed = if site.base == "/" {
        site_router
    } else {
        let mount = site.base.trim_end_matches('/').to_string();
        let exact = mount.clone();
        Router::new()
            .nest_service(&mount, site_router)
            .layer(middleware::from_fn(move |request: Request, next: Next| {
                let exact = exact.clone();
                async move {
                    // "/qq" -> "/qq/", so relative URLs resolve inside the site.
                    if request.uri().path() == exact {
                        return Redirect::permanent(&format!("{exact}/")).into_response();
                    }
                    let mut response = next.run(request).await;
                    // The files see paths without the mount: their folder redirects
                    // (`deed/5` -> `deed/5/`) get it back.
                    if response.status().is_redirection() {
                        let headers = response.headers_mut();
                        if let Some(location) = headers
                            .get(header::LOCATION)
                            .and_then(|value| value.to_str().ok())
                            .filter(|value| value.starts_with('/') && !value.starts_with("//"))
                            .filter(|value| !value.starts_with(&format!("{exact}/")))
                            .and_then(|value| {
                                HeaderValue::from_str(&format!("{exact}{value}")).ok()
                            })
                        {
                            headers.insert(header::LOCATION, location);
                        }
                    }
                    response
                }
            }))
    };
    routed
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(mark_coded_etag))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&site.policy),
            security_headers,
        ))
        .layer(RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        .layer(middleware::from_fn(deadline))
        .layer(middleware::from_fn(normalise_path))
}

/// The site's files with the pages of `pages` in front: a page address is answered from
/// that folder (its own 404.html, status 404, when it has no such page), anything else
/// from `files`. While the folder is not there yet, `files` answers everything.
fn pages_first<S>(
    pages: PathBuf,
    files: S,
) -> tower::util::BoxCloneSyncService<Request, Response, std::convert::Infallible>
where
    S: tower::Service<Request, Error = std::convert::Infallible> + Clone + Send + Sync + 'static,
    S::Response: IntoResponse,
    S::Future: Send,
{
    let missing = pages.join("404.html");
    let others = files.clone();
    let own = ServeDir::new(&pages)
        .append_index_html_on_directories(true)
        .fallback(tower::service_fn(move |request: Request| {
            let missing = missing.clone();
            let others = others.clone();
            async move {
                let response = if is_page_address(request.uri().path()) {
                    not_found(request, &missing).await
                } else {
                    others.oneshot(request).await.into_response()
                };
                Ok::<_, std::convert::Infallible>(response)
            }
        }));
    tower::util::BoxCloneSyncService::new(tower::service_fn(move |request: Request| {
        let ready = pages.is_dir();
        let own = own.clone();
        let files = files.clone();
        async move {
            let response = if ready {
                own.oneshot(request).await.into_response()
            } else {
                files.oneshot(request).await.into_response()
            };
            Ok::<_, std::convert::Infallible>(response)
        }
    }))
}

/// Binds `addr` (port 0 picks a free port) and returns the listener and its real address.
pub async fn bind(addr: &str) -> Result<(TcpListener, SocketAddr), ServeError> {
    let io_error = |source| ServeError::Io {
        addr: addr.to_string(),
        source,
    };
    let listener = TcpListener::bind(addr).await.map_err(io_error)?;
    let local = listener.local_addr().map_err(io_error)?;
    Ok((listener, local))
}

/// Serves `site` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, site: &Site) -> io::Result<()> {
    serve_app(listener, router(site)).await
}

/// Serves `app` (from [`app`]) on `listener` until Ctrl-C or SIGTERM, telling handlers
/// the peer's address, under [`connections::Limits::for_this_process`].
pub async fn serve_app(listener: TcpListener, app: Router) -> io::Result<()> {
    connections::serve(
        listener,
        app,
        connections::Limits::for_this_process(),
        shutdown_signal(),
    )
    .await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Whether `path` (relative to the site's base) is a page's address (no file name), to be
/// answered, when there is no such page, with the site's not-found page; a missing file
/// (`/data/…`, `/x.css`) gets a plain 404.
pub fn is_page_address(path: &str) -> bool {
    let path = path.trim_start_matches('/');
    let first = path.split('/').next().unwrap_or_default();
    if matches!(first, "data" | "api") {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

/// Whether a file name carries Trunk's content hash (`main-1a2b3c4d5e6f7a8b.css`,
/// `app-1a2b3c4d5e6f7a8b_bg.wasm`), so its content never changes under that name.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    let hash = tail.split(['.', '_']).next().unwrap_or_default();
    (8..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether a request path, once percent-decoded, tries to leave the site's folder.
pub fn escapes_site(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.split('/').any(|segment| segment == "..")
}

/// The answer for an address with no file: the site's not-found page, with status 404, for
/// a page's address; a plain 404 for a file.
async fn not_found(request: Request, page: &Path) -> Response {
    let plain = || (StatusCode::NOT_FOUND, "not found\n").into_response();
    if !is_page_address(request.uri().path()) || !page.is_file() {
        return plain();
    }
    match ServeFile::new(page).oneshot(request).await {
        Ok(response) => {
            let (mut parts, body) = response.map(Body::new).into_parts();
            parts.status = StatusCode::NOT_FOUND;
            Response::from_parts(parts, body)
        }
        Err(error) => {
            tracing::error!("cannot read {}: {error}", page.display());
            plain()
        }
    }
}

/// What to do with a request path before anything else sees it.
#[derive(Debug, PartialEq, Eq)]
pub enum PathCheck {
    /// Serve it as it is.
    Fine,
    /// It has empty segments: the same path with single slashes, to redirect to.
    Collapse(String),
    /// It tries to leave the site's folder: 400.
    Escapes,
    /// No file or page of ours can have it (an encoded slash, an over-long segment): 404.
    NoSuchPath,
}

/// Checks a request path (as sent, percent-encoded).
pub fn check_path(path: &str) -> PathCheck {
    if escapes_site(path) {
        return PathCheck::Escapes;
    }
    let lower = path.to_ascii_lowercase();
    if path.len() > MAX_PATH_BYTES || lower.contains("%2f") || lower.contains("%5c") {
        return PathCheck::NoSuchPath;
    }
    let too_long = path
        .split('/')
        .any(|segment| percent_encoding::percent_decode_str(segment).count() > MAX_SEGMENT_BYTES);
    if too_long {
        return PathCheck::NoSuchPath;
    }
    if path.contains("//") {
        let mut collapsed = String::with_capacity(path.len());
        for c in path.chars() {
            if !(c == '/' && collapsed.ends_with('/')) {
                collapsed.push(c);
            }
        }
        return PathCheck::Collapse(collapsed);
    }
    PathCheck::Fine
}

/// Refuses paths that leave the site or name nothing, and redirects `//`-paths to their
/// single-slash form: a page at `//other-host/deed/1` would resolve its relative URLs
/// against that host.
async fn normalise_path(request: Request, next: Next) -> Response {
    match check_path(request.uri().path()) {
        PathCheck::Fine => next.run(request).await,
        PathCheck::Escapes => (StatusCode::BAD_REQUEST, "bad path\n").into_response(),
        PathCheck::NoSuchPath => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        PathCheck::Collapse(path) => {
            let target = match request.uri().query() {
                Some(query) => format!("{path}?{query}"),
                None => path,
            };
            Redirect::permanent(&target).into_response()
        }
    }
}

/// The store's JSON files compressed at brotli's best quality, kept by content: the store
/// changes with each publish, so the build cannot compress it ahead as it does the app's
/// files, and that quality (a fifth smaller than the quick one) costs too much to spend on
/// every request: some 100 ms for a 74 KB file. A file is compressed once per content, in
/// the background, while the requests before it is ready get the quick compression; so a
/// published change is never answered with a stale copy, nor waits, nor is compressed by
/// many requests at once. Up to [`StoreBrotli::LIMIT`] bytes are kept; past that the
/// copies are dropped and made again as asked.
#[derive(Clone, Default)]
struct StoreBrotli(Arc<Mutex<StoreCopies>>);

#[derive(Default)]
struct StoreCopies {
    by_content: HashMap<(String, u64), Bytes>,
    /// Being compressed now.
    making: std::collections::HashSet<(String, u64)>,
    bytes: usize,
}

impl StoreBrotli {
    const LIMIT: usize = 64 << 20;
    /// Larger files are left to the quicker compression.
    const MAX_FILE: usize = 8 << 20;

    fn get(&self, key: &(String, u64)) -> Option<Bytes> {
        self.0.lock().ok()?.by_content.get(key).cloned()
    }

    /// Whether this caller is the one to make the copy for `key` (nobody else is).
    fn start_making(&self, key: &(String, u64)) -> bool {
        self.0
            .lock()
            .is_ok_and(|mut copies| copies.making.insert(key.clone()))
    }

    fn keep(&self, key: (String, u64), compressed: Option<Bytes>) {
        if let Ok(mut copies) = self.0.lock() {
            copies.making.remove(&key);
            let Some(compressed) = compressed else { return };
            if copies.bytes + compressed.len() > Self::LIMIT {
                copies.by_content.clear();
                copies.bytes = 0;
            }
            copies.bytes += compressed.len();
            copies.by_content.insert(key, compressed);
        }
    }
}

/// Whether the client takes brotli (`br` in Accept-Encoding, not at q=0).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next() == Some("br")
                && parts.all(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_none_or(|q| q > 0.0)
                })
        })
}

fn brotli_best(body: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(body)?;
    }
    Ok(out)
}

/// Answers a GET for one of the store's JSON files with its [`StoreBrotli`] copy.
async fn compress_store_files(
    axum::extract::State(copies): axum::extract::State<StoreBrotli>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let wanted = request.method() == Method::GET
        && path.starts_with(&format!("/{}/", crate::model::store::STORE_DIR))
        && path.ends_with(".json")
        && accepts_brotli(request.headers());
    let response = next.run(request).await;
    let length = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if !wanted
        || response.status() != StatusCode::OK
        || response.headers().contains_key(header::CONTENT_ENCODING)
        || length.is_none_or(|length| length > StoreBrotli::MAX_FILE)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, StoreBrotli::MAX_FILE).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    let key = (path, hasher.finish());
    let Some(compressed) = copies.get(&key) else {
        if copies.start_making(&key) {
            let plain = body.clone();
            tokio::task::spawn_blocking(move || {
                let made = brotli_best(&plain).ok().map(Bytes::from);
                copies.keep(key, made);
            });
        }
        // Until the copy is ready, the quick compression (the layer outside) answers.
        return Response::from_parts(parts, Body::from(body));
    };
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    parts
        .headers
        .insert(header::CONTENT_LENGTH, compressed.len().into());
    if let Ok(tag) = HeaderValue::from_str(&entity_tag(&body)) {
        parts.headers.insert(header::ETAG, tag);
    }
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::from(compressed))
}

/// The largest body given an ETag; larger files are left to their Last-Modified.
const ETAG_MAX_BYTES: usize = 16 << 20;

/// A strong entity tag for `bytes`: the first 128 bits of their SHA-256, in hex.
pub fn entity_tag(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The tags an `If-None-Match` header lists, each without the content-coding suffix
/// [`mark_coded_etag`] adds, or `None` for `*`.
fn presented_tags(headers: &HeaderMap) -> Option<Vec<String>> {
    let mut tags = Vec::new();
    for value in headers.get_all(header::IF_NONE_MATCH) {
        let Ok(value) = value.to_str() else { continue };
        for tag in value.split(',').map(str::trim) {
            if tag == "*" {
                return None;
            }
            let tag = tag.trim_start_matches("W/");
            let bare = ["-br\"", "-gzip\""]
                .iter()
                .find_map(|suffix| tag.strip_suffix(suffix).map(|t| format!("{t}\"")))
                .unwrap_or_else(|| tag.to_string());
            tags.push(bare);
        }
    }
    Some(tags)
}

/// Gives every successful GET of a file that can change in place (HTML, config.json, the
/// store, the service worker) a strong ETag from its bytes, and answers a request that
/// already holds them with 304. Dates are not used: `Last-Modified` counts whole seconds,
/// and two approvals within one second would leave readers with the older manifest.
/// Files named by their content (immutable) need no tag.
async fn etag(mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let presented = presented_tags(request.headers());
    let immutable = is_immutable(request.uri().path());
    // ServeDir would answer 304 by date; only the tag decides.
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    request.headers_mut().remove(header::IF_NONE_MATCH);
    let response = next.run(request).await;
    let length = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if response.status() != StatusCode::OK
        || immutable
        || length.is_none_or(|length| length > ETAG_MAX_BYTES)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, ETAG_MAX_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // A store file sent as its best brotli copy is tagged by its plain bytes already, so
    // it keeps one tag whichever copy answers.
    let tag = match parts
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
    {
        Some(tag) => tag.to_string(),
        None => entity_tag(&body),
    };
    parts.headers.remove(header::LAST_MODIFIED);
    parts.headers.insert(
        header::ETAG,
        HeaderValue::from_str(&tag).expect("a quoted hex tag is a header value"),
    );
    let matched = match &presented {
        None => true,
        Some(tags) => tags.contains(&tag),
    };
    if matched {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_ENCODING);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(body))
}

/// Marks the ETag of a response compressed on its way out (`"…-br"`), so the compressed
/// and the plain representation never share a strong tag. [`etag`] strips the mark from
/// what a client presents.
async fn mark_coded_etag(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let coding = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let tag = response
        .headers()
        .get(header::ETAG)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    if let (Some(coding), Some(tag)) = (coding, tag)
        && let Some(bare) = tag.strip_suffix('"')
        && !bare.ends_with(&format!("-{coding}"))
        && let Ok(value) = HeaderValue::from_str(&format!("{bare}-{coding}\""))
    {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// The site's Content-Security-Policy, read from the `<meta http-equiv>` the build wrote
/// into index.html, so the header and the page can never disagree. Read again when
/// index.html changes (a deploy), at most once a second.
#[derive(Debug)]
struct SitePolicy {
    index: PathBuf,
    read: Mutex<Option<(std::time::Instant, Option<std::time::SystemTime>, String)>>,
}

impl SitePolicy {
    fn new(index: PathBuf) -> SitePolicy {
        SitePolicy {
            index,
            read: Mutex::new(None),
        }
    }

    /// The policy for this moment's index.html, with `frame-ancestors 'none'` added.
    fn header(&self) -> String {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        let now = std::time::Instant::now();
        if let Some((checked, _, policy)) = read.as_ref()
            && now.duration_since(*checked) < std::time::Duration::from_secs(1)
        {
            return policy.clone();
        }
        let modified = std::fs::metadata(&self.index)
            .and_then(|m| m.modified())
            .ok();
        if let Some((_, seen, policy)) = read.as_ref()
            && *seen == modified
        {
            let policy = policy.clone();
            *read = Some((now, modified, policy.clone()));
            return policy;
        }
        let page = std::fs::read_to_string(&self.index).unwrap_or_default();
        let policy = header_policy(meta_policy(&page).as_deref());
        *read = Some((now, modified, policy.clone()));
        policy
    }
}

/// The policy of the page's `<meta http-equiv="Content-Security-Policy">`, if any.
pub fn meta_policy(page: &str) -> Option<String> {
    let lower = page.to_ascii_lowercase();
    let at = lower.find("http-equiv=\"content-security-policy\"")?;
    let start = lower[..at].rfind("<meta")?;
    let end = start + lower[start..].find('>')?;
    let tag = &page[start..end];
    let content = tag.find("content=\"")? + "content=\"".len();
    let value = &tag[content..];
    let value = &value[..value.find('"')?];
    Some(
        value
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The header form of a page's policy: the same directives and `frame-ancestors 'none'`,
/// which only a header can carry. A page without a policy still may not be framed.
pub fn header_policy(meta: Option<&str>) -> String {
    match meta.map(str::trim).filter(|policy| !policy.is_empty()) {
        Some(policy) => format!("{}; frame-ancestors 'none'", policy.trim_end_matches(';')),
        None => "frame-ancestors 'none'".to_string(),
    }
}

/// What a page may use of the browser: nothing the site does not need.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/// The security headers every answer carries: the site's policy with
/// `frame-ancestors 'none'` (and `X-Frame-Options` for older browsers), the referrer
/// policy, no MIME sniffing, the permissions policy, and a browsing context of our own.
async fn security_headers(
    axum::extract::State(policy): axum::extract::State<Arc<SitePolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    let csp = if is_html {
        policy.header()
    } else {
        header_policy(None)
    };
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// How long `request` may take before its answer starts: [`UPLOAD_TIMEOUT`] for a
/// submission with photos, [`REQUEST_TIMEOUT`] for anything else.
pub fn deadline_for(method: &Method, headers: &HeaderMap) -> std::time::Duration {
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("multipart/form-data"));
    if method == Method::POST && multipart {
        UPLOAD_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    }
}

/// Answers 408 when a request is not answered within its [`deadline_for`].
async fn deadline(request: Request, next: Next) -> Response {
    let limit = deadline_for(request.method(), request.headers());
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// Whether the file at `path` (relative to the site's base) never changes under its name:
/// the build's hashed files, not the store, whose names are stable, but the store's
/// photos, named by their content. The bucket's objects follow the same rule
/// ([`crate::native::bucket::cache_control`]).
pub fn is_immutable(path: &str) -> bool {
    let relative = path.trim_start_matches('/');
    (!relative.starts_with("data/") && is_hashed_asset(path))
        || crate::native::publish::photos::is_photo_file(relative)
}

async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let relative = path.trim_start_matches('/');
    if relative.starts_with("api/") && response.headers().contains_key(header::CACHE_CONTROL) {
        // The API's own word (a moderator's photo: `private, no-store`).
        return response;
    }
    let long_lived = response.status().is_success() && is_immutable(&path);
    let policy = if relative.starts_with("api/") {
        NO_STORE
    } else if long_lived {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submission_with_photos_has_longer_to_arrive() {
        let mut headers = HeaderMap::new();
        assert_eq!(deadline_for(&Method::POST, &headers), REQUEST_TIMEOUT);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("multipart/form-data; boundary=x"),
        );
        assert_eq!(deadline_for(&Method::POST, &headers), UPLOAD_TIMEOUT);
        assert_eq!(deadline_for(&Method::GET, &headers), REQUEST_TIMEOUT);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert_eq!(deadline_for(&Method::POST, &headers), REQUEST_TIMEOUT);
    }

    #[test]
    fn routes_without_a_file_name_are_the_apps() {
        for path in [
            "/",
            "/map",
            "/about",
            "/deed/kaznu-0001",
            "/u/kaznu",
            "/no/such/page",
        ] {
            assert!(is_page_address(path), "{path} is a page's address");
        }
        for path in [
            "/data/v1/manifest.json",
            "/data/v1/",
            "/api/v1/deeds",
            "/main-1a2b.css",
            "/favicon.ico",
        ] {
            assert!(!is_page_address(path), "{path} is a file's");
        }
    }

    #[test]
    fn only_trunk_hashed_names_are_immutable() {
        assert!(is_hashed_asset("/alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm"));
        assert!(is_hashed_asset("/qq/main-0f1e2d3c4b5a6978.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/alfarabi-qq.js"));
    }

    #[test]
    fn dot_dot_segments_escape_even_when_encoded() {
        assert!(escapes_site("/../Cargo.toml"));
        assert!(escapes_site("/%2e%2e/Cargo.toml"));
        assert!(escapes_site("/a/..%2f..%2fetc/passwd"));
        assert!(escapes_site("/..%5cCargo.toml"));
        assert!(!escapes_site("/deed/a..b"));
        assert!(!escapes_site("/about"));
    }

    #[test]
    fn base_is_normalised() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        assert_eq!(Site::new(dir.path(), "/").unwrap().base, "/");
        assert_eq!(Site::new(dir.path(), "/qq").unwrap().base, "/qq/");
        assert_eq!(Site::new(dir.path(), "/qq/").unwrap().base, "/qq/");
        assert!(matches!(
            Site::new(dir.path(), "qq"),
            Err(ServeError::BadBase(_))
        ));
        assert!(matches!(
            Site::new(dir.path().join("missing"), "/"),
            Err(ServeError::NotBuilt(_))
        ));
    }
}
