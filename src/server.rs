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
//! copy, and the inbox's API ([`crate::inbox::http`]) answers at `api/v1/`.

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
};

/// Cache-Control for files whose name carries a content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control for everything else: use a copy only after checking it is current.
pub const REVALIDATE: &str = "no-cache";
/// Cache-Control for the inbox's API: answers are about this moment only.
pub const NO_STORE: &str = "no-store";

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct Site {
    /// The built site: Trunk's `dist/`, with index.html at its top.
    pub dist: PathBuf,
    /// The URL path the site is mounted at: `/` or a sub-path such as `/qq/`.
    pub base: String,
    /// The data folder whose `data/` replaces the built site's, if any.
    pub data: Option<PathBuf>,
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
        Ok(Site {
            dist,
            base,
            data: None,
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
    let index = site.dist.join("index.html");
    // The build writes brotli and gzip copies of its files (`x.wasm.br`; see Trunk.toml):
    // sent as they are, at a quality compressing per request could not afford.
    let files = ServeDir::new(&site.dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(tower::service_fn(move |request: Request| {
            let index = index.clone();
            async move { Ok::<_, std::convert::Infallible>(app_fallback(request, &index).await) }
        }));
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
                    next.run(request).await
                }
            }))
    };
    routed
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(refuse_traversal))
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
/// the peer's address.
pub async fn serve_app(listener: TcpListener, app: Router) -> io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
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

/// Whether `path` (relative to the site's base) is one of the app's routes, to be answered
/// with index.html, rather than a file that is simply missing.
pub fn is_app_route(path: &str) -> bool {
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

async fn app_fallback(request: Request, index: &Path) -> Response {
    if !is_app_route(request.uri().path()) {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let file = ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip();
    match file.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(error) => {
            tracing::error!("cannot read {}: {error}", index.display());
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn refuse_traversal(request: Request, next: Next) -> Response {
    if escapes_site(request.uri().path()) {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    }
    next.run(request).await
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
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::from(compressed))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let relative = path.trim_start_matches('/');
    let long_lived =
        response.status().is_success() && !relative.starts_with("data/") && is_hashed_asset(&path);
    let policy = if relative.starts_with("api/") {
        NO_STORE
    } else if long_lived {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(is_app_route(path), "{path} should get index.html");
        }
        for path in [
            "/data/v1/manifest.json",
            "/data/v1/",
            "/api/v1/deeds",
            "/main-1a2b.css",
            "/favicon.ico",
        ] {
            assert!(!is_app_route(path), "{path} should be a real 404");
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
