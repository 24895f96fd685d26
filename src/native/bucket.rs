//! The site in an S3-compatible bucket (Amazon S3, Cloudflare R2, Yandex Object Storage,
//! MinIO) behind a CDN: the read path is static files, so readers are served by the
//! bucket and the CDN, and the inbox only takes writes.
//!
//! Two writers share one bucket and never undo each other ([`owner`] is the one rule):
//!
//! - [`deploy`] (`qq deploy`) owns the app: its content-hashed files, `loader.js`,
//!   `sw.js`, `config.json`, the icons and the pages that do not depend on deeds. The
//!   first deploy of a fresh bucket also uploads the store and the pages from the site
//!   folder; later ones leave them to the inbox.
//! - [`publisher`] (`qq serve --publish-to`) owns the store (`data/v1/`), the pages of
//!   deeds and universities, the pages that list deeds, the share images and the
//!   sitemap: each decision's changed files, recorded in SQLite first, then uploaded.
//!
//! Every object gets its `Content-Type` ([`content_type`], the rule `qq serve` uses) and
//! its `Cache-Control` ([`cache_control`]: a year and `immutable` only for the names
//! `qq serve` treats as immutable, else `no-cache`); objects are stored as their plain
//! bytes, never with a `Content-Encoding` a client did not ask for. Within one upload,
//! files go in [`Stage`] order: what a pointer names before the pointer.

pub mod deploy;
pub mod publisher;

use std::{path::PathBuf, sync::Arc, time::Duration};

use object_store::{
    Attribute, Attributes, ClientOptions, ObjectStore, PutOptions, PutPayload, RetryConfig,
    aws::{AmazonS3, AmazonS3Builder},
    path::Path as Key,
};

use crate::model::store::STORE_DIR;
use crate::native::server;

/// A bucket and the folder in it that the site lives in: `s3://BUCKET/PREFIX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketUrl {
    pub bucket: String,
    /// Empty, or a folder ending with `/` (`qq/`).
    pub prefix: String,
}

impl std::str::FromStr for BucketUrl {
    type Err = BucketError;

    fn from_str(url: &str) -> Result<BucketUrl, BucketError> {
        let bad = || BucketError::BadUrl(url.to_string());
        let rest = url.trim().strip_prefix("s3://").ok_or_else(bad)?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b));
        let prefix = prefix.trim_matches('/');
        let prefix_ok = prefix.split('/').all(|segment| {
            prefix.is_empty()
                || (!segment.is_empty()
                    && segment != "."
                    && segment != ".."
                    && segment
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)))
        });
        if !bucket_ok || !prefix_ok {
            return Err(bad());
        }
        Ok(BucketUrl {
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        })
    }
}

impl std::fmt::Display for BucketUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// Why a bucket could not be used, each saying what to fix.
#[derive(Debug, thiserror::Error)]
pub enum BucketError {
    #[error("{0:?} is not a bucket address: write s3://BUCKET or s3://BUCKET/FOLDER")]
    BadUrl(String),
    #[error("--endpoint {0:?} is not an http(s) address such as http://127.0.0.1:9000")]
    BadEndpoint(String),
    #[error(
        "{endpoint} refused the credentials for bucket {bucket} ({detail}): check \
         AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), and that they \
         may read and write the bucket"
    )]
    Credentials {
        bucket: String,
        endpoint: String,
        detail: String,
    },
    #[error(
        "bucket {bucket} does not exist at {endpoint}: create it, or fix the name in s3://{bucket}/…"
    )]
    NoBucket { bucket: String, endpoint: String },
    #[error(
        "{endpoint} does not answer as S3 ({detail}): check --endpoint (an S3 API address \
         such as https://s3.eu-central-1.amazonaws.com or https://ACCOUNT.r2.cloudflarestorage.com)"
    )]
    NotS3 { endpoint: String, detail: String },
    #[error("cannot reach {endpoint} ({detail}): check --endpoint and the network")]
    Unreachable { endpoint: String, detail: String },
    #[error("{endpoint} failed ({detail}): the bucket's service is in trouble; try again later")]
    Server { endpoint: String, detail: String },
    #[error("{endpoint}: {detail}")]
    Other { endpoint: String, detail: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the deploy state {key} is not valid ({reason}): delete it to deploy everything again")]
    State { key: String, reason: String },
}

/// The bucket's `Cache-Control` for the object at `key` (relative to the site): a year
/// and `immutable` for the names `qq serve` treats as immutable (Trunk's hashed files),
/// `no-cache` for everything else, which a CDN and a browser revalidate.
pub fn cache_control(key: &str) -> &'static str {
    if server::is_immutable(key) {
        server::IMMUTABLE
    } else {
        server::REVALIDATE
    }
}

/// The object's `Content-Type`: the type `qq serve` sends for the file's extension
/// (mime_guess, as tower-http's ServeDir), with `charset=utf-8` on text; a page's alias
/// without an extension ([`aliases`]) is HTML.
pub fn content_type(key: &str) -> String {
    let name = key.rsplit('/').next().unwrap_or_default();
    if !name.contains('.') {
        return "text/html; charset=utf-8".to_string();
    }
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == mime_guess::mime::JAVASCRIPT
        || mime.subtype() == mime_guess::mime::JSON
        || mime.suffix() == Some(mime_guess::mime::JSON)
        || mime.suffix() == Some(mime_guess::mime::XML)
        || mime.subtype() == mime_guess::mime::XML;
    if text && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Who writes an object of the bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// `qq deploy`: the app's files and the pages that do not depend on deeds.
    Deploy,
    /// The inbox (`qq serve --publish-to`): the store, the pages that show deeds, the
    /// share images, the photos and the sitemap. A deploy uploads them only into a
    /// fresh bucket and never deletes them.
    Inbox,
}

/// The pages whose content depends only on the build, not on deeds: `qq deploy` keeps
/// them, though the inbox renders them too.
const BUILD_PAGES: [&str; 5] = ["about/", "submit/", "moderate/", "404.html", "offline.html"];

/// Who writes `key` (relative to the site): the one rule of ownership, shared by
/// `qq deploy` and the inbox's publisher (see the module docs).
pub fn owner(key: &str) -> Owner {
    let key = key.trim_start_matches('/');
    let name = key.rsplit('/').next().unwrap_or_default();
    let store = key.starts_with(&format!("{STORE_DIR}/"));
    let drawn = key.starts_with("share/") || key.starts_with("photos/");
    let sitemap = !key.contains('/') && name.starts_with("sitemap");
    let page = name.ends_with(".html") || !name.contains('.');
    let build_page = BUILD_PAGES
        .iter()
        .any(|page| key == *page || key.starts_with(page) || key == page.trim_end_matches('/'));
    if store || drawn || sitemap || (page && !build_page) {
        Owner::Inbox
    } else {
        Owner::Deploy
    }
}

/// When an object goes up within one upload: what a pointer names before the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Files nothing is read through before they exist: hashed app files, store pages,
    /// images.
    Content,
    /// Pages, which name app files and store pages.
    Pages,
    /// What names the rest: the store's manifest, `config.json`, `loader.js`, `sw.js`,
    /// the web manifest: stable names at the site's top (or the store's manifest).
    Pointers,
}

/// The [`Stage`] of `key` (relative to the site).
pub fn stage(key: &str) -> Stage {
    let key = key.trim_start_matches('/');
    let name = key.rsplit('/').next().unwrap_or_default();
    let pointer_kind = [".js", ".json", ".webmanifest", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if key == crate::native::publish::manifest_path()
        || (!key.contains('/') && pointer_kind && !server::is_hashed_asset(key))
    {
        Stage::Pointers
    } else if name.ends_with(".html") || name.ends_with(".xml") || !name.contains('.') {
        Stage::Pages
    } else {
        Stage::Content
    }
}

/// The extra keys a page file is also written under, for hosts without index documents
/// (S3's REST endpoint behind a CDN, R2): `deed/5/index.html` is also `deed/5`, the
/// address the site links to, as `text/html`. The home page has none (a CDN's default
/// root object serves it).
pub fn aliases(key: &str) -> Option<String> {
    let folder = key.strip_suffix("/index.html")?;
    (!folder.is_empty()).then(|| folder.to_string())
}

/// Whether a file of the site folder becomes an object: not the build's precompressed
/// copies (`….wasm.br`, `….gz`: objects are stored as plain bytes, so no reader gets an
/// encoding it did not ask for), nor files being written (`….part`, `….tmp`).
pub fn uploaded(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or_default();
    ![".br", ".gz", ".part", ".tmp"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !name.starts_with('.')
}

/// A connection to `s3://BUCKET/PREFIX`.
#[derive(Debug, Clone)]
pub struct Bucket {
    store: Arc<AmazonS3>,
    url: BucketUrl,
    /// The endpoint, for messages.
    endpoint: String,
}

/// How long to wait for a connection, and for an answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

impl Bucket {
    /// A client for `url`, with credentials and region from the standard `AWS_*`
    /// variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
    /// `AWS_REGION`/`AWS_DEFAULT_REGION`, default `us-east-1`). With `endpoint`
    /// (MinIO, R2, a local server) requests use path-style addresses and may be plain
    /// http. Requests are retried a few times over `retry` at most.
    pub fn connect(
        url: &BucketUrl,
        endpoint: Option<&str>,
        retry: Duration,
    ) -> Result<Bucket, BucketError> {
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&url.bucket)
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(CONNECT_TIMEOUT)
                    .with_timeout(REQUEST_TIMEOUT)
                    .with_allow_http(endpoint.is_some_and(|e| e.starts_with("http://"))),
            )
            .with_retry(RetryConfig {
                backoff: Default::default(),
                max_retries: 3,
                retry_timeout: retry,
            });
        let shown = match endpoint {
            Some(endpoint) => {
                let endpoint = endpoint.trim().trim_end_matches('/');
                if crate::native::site::origin_of(endpoint).is_none() {
                    return Err(BucketError::BadEndpoint(endpoint.to_string()));
                }
                builder = builder
                    .with_endpoint(endpoint)
                    .with_virtual_hosted_style_request(false);
                endpoint.to_string()
            }
            None => "Amazon S3".to_string(),
        };
        let store = builder.build().map_err(|error| BucketError::Other {
            endpoint: shown.clone(),
            detail: error.to_string(),
        })?;
        Ok(Bucket {
            store: Arc::new(store),
            url: url.clone(),
            endpoint: shown,
        })
    }

    /// The bucket's address.
    pub fn url(&self) -> &BucketUrl {
        &self.url
    }

    fn key(&self, relative: &str) -> Key {
        Key::from(format!(
            "{}{}",
            self.url.prefix,
            relative.trim_start_matches('/')
        ))
    }

    /// What `error` means for this bucket.
    fn explain(&self, error: object_store::Error) -> BucketError {
        explain(error, &self.url.bucket, &self.endpoint)
    }

    /// Checks that the bucket exists and answers these credentials, by listing the
    /// site's folder: the error says what to fix.
    pub async fn check(&self) -> Result<(), BucketError> {
        let prefix = self.key("");
        let prefix = (!self.url.prefix.is_empty()).then_some(&prefix);
        self.store
            .list_with_delimiter(prefix)
            .await
            .map(|_| ())
            .map_err(|error| self.explain(error))
    }

    /// The object at `relative`, or `None` when there is none.
    pub async fn get(&self, relative: &str) -> Result<Option<Vec<u8>>, BucketError> {
        match self.store.get(&self.key(relative)).await {
            Ok(found) => found
                .bytes()
                .await
                .map(|bytes| Some(bytes.to_vec()))
                .map_err(|error| self.explain(error)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(self.explain(error)),
        }
    }

    /// Whether an object exists at `relative`.
    pub async fn exists(&self, relative: &str) -> Result<bool, BucketError> {
        match self.store.head(&self.key(relative)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(self.explain(error)),
        }
    }

    /// Stores `bytes` at `relative` with its type and caching (plain bytes, no
    /// `Content-Encoding`).
    pub async fn put(
        &self,
        relative: &str,
        bytes: Vec<u8>,
        content_type: &str,
        cache_control: &str,
    ) -> Result<(), BucketError> {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type.to_string().into());
        attributes.insert(Attribute::CacheControl, cache_control.to_string().into());
        self.store
            .put_opts(
                &self.key(relative),
                PutPayload::from(bytes),
                PutOptions::from(attributes),
            )
            .await
            .map(|_| ())
            .map_err(|error| self.explain(error))
    }

    /// Deletes the object at `relative` (none there is no error).
    pub async fn delete(&self, relative: &str) -> Result<(), BucketError> {
        match self.store.delete(&self.key(relative)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(self.explain(error)),
        }
    }
}

/// What an object store's `error` means, for bucket `bucket` at `endpoint`.
fn explain(error: object_store::Error, bucket: &str, endpoint: &str) -> BucketError {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        chain.push_str(": ");
        chain.push_str(&inner.to_string());
        source = inner.source();
    }
    let short = |text: &str| -> String {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        text.chars().take(300).collect()
    };
    let endpoint = endpoint.to_string();
    let bucket = bucket.to_string();
    match error {
        object_store::Error::PermissionDenied { .. }
        | object_store::Error::Unauthenticated { .. } => BucketError::Credentials {
            bucket,
            endpoint,
            detail: short(
                [
                    "InvalidAccessKeyId",
                    "SignatureDoesNotMatch",
                    "AccessDenied",
                ]
                .iter()
                .find(|code| chain.contains(*code))
                .copied()
                .unwrap_or("403"),
            ),
        },
        _ if chain.contains("NoSuchBucket") => BucketError::NoBucket { bucket, endpoint },
        object_store::Error::NotFound { .. } => BucketError::NotS3 {
            endpoint,
            detail: "404 without an S3 error".into(),
        },
        _ if chain.contains("InvalidAccessKeyId") || chain.contains("SignatureDoesNotMatch") => {
            BucketError::Credentials {
                bucket,
                endpoint,
                detail: short(&chain),
            }
        }
        _ if chain.contains("error sending request")
            || chain.contains("Connect")
            || chain.contains("connection")
            || chain.contains("dns error") =>
        {
            BucketError::Unreachable {
                endpoint,
                detail: short(&chain),
            }
        }
        _ if chain.contains("timed out") || chain.contains("Timeout") => BucketError::Unreachable {
            endpoint,
            detail: "no answer in time".into(),
        },
        _ if chain.contains("status code: 5") || chain.contains("status code 5") => {
            BucketError::Server {
                endpoint,
                detail: short(&chain),
            }
        }
        _ if chain.contains("non-2xx status")
            || chain.contains("parsing")
            || chain.contains("deserializ")
            || chain.contains("XML") =>
        {
            BucketError::NotS3 {
                endpoint,
                detail: short(&chain),
            }
        }
        _ => BucketError::Other {
            endpoint,
            detail: short(&chain),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(message: &str) -> object_store::Error {
        object_store::Error::Generic {
            store: "S3",
            source: message.to_string().into(),
        }
    }

    #[test]
    fn each_failure_names_what_to_fix() {
        let explained = |error| explain(error, "qq-site", "http://127.0.0.1:9000").to_string();
        let refused = explained(object_store::Error::PermissionDenied {
            path: "x".into(),
            source: "<Code>InvalidAccessKeyId</Code>".to_string().into(),
        });
        assert!(refused.contains("AWS_ACCESS_KEY_ID"), "{refused}");
        let missing = explained(generic("<Code>NoSuchBucket</Code>"));
        assert!(
            missing.contains("does not exist") && missing.contains("create it"),
            "{missing}"
        );
        let failing = explained(generic(
            "Server returned non-2xx status code: 500 Internal Server Error: ",
        ));
        assert!(failing.contains("try again later"), "{failing}");
        let slow = explained(generic("operation timed out"));
        assert!(
            slow.contains("no answer in time") && slow.contains("--endpoint"),
            "{slow}"
        );
        let html = explained(object_store::Error::NotFound {
            path: "x".into(),
            source: "404".to_string().into(),
        });
        assert!(html.contains("does not answer as S3"), "{html}");
    }

    #[test]
    fn bucket_addresses_are_parsed_and_checked() {
        let url: BucketUrl = "s3://qq-site/prod/v2/".parse().unwrap();
        assert_eq!(url.bucket, "qq-site");
        assert_eq!(url.prefix, "prod/v2/");
        assert_eq!(url.to_string(), "s3://qq-site/prod/v2/");
        let top: BucketUrl = "s3://qq-site".parse().unwrap();
        assert_eq!(top.prefix, "");
        for bad in [
            "qq-site/x",
            "s3://",
            "s3://Q_Q/x",
            "s3://qq/../x",
            "s3://qq-site/a//b",
            "https://qq-site/",
        ] {
            assert!(bad.parse::<BucketUrl>().is_err(), "{bad} is refused");
        }
    }

    #[test]
    fn the_inbox_owns_the_store_and_what_shows_deeds_the_deploy_the_app() {
        for key in [
            "data/v1/manifest.json",
            "data/v1/all/0.json",
            "data/v1/some-new-open-data.csv",
            "index.html",
            "deed/5/index.html",
            "deed/5",
            "u/kaznu/index.html",
            "relay/index.html",
            "map/index.html",
            "share/site.png",
            "share/u/kaznu.png",
            "photos/5/1.jpg",
            "sitemap.xml",
            "sitemap-2.xml",
        ] {
            assert_eq!(owner(key), Owner::Inbox, "{key}");
        }
        for key in [
            "alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm",
            "alfarabi-qq-read-0f1e2d3c4b5a6978.js",
            "main-0f1e2d3c4b5a6978.css",
            "loader.js",
            "sw.js",
            "config.json",
            "robots.txt",
            "icons/icon-192.png",
            "data/geo/world.json",
            "about/index.html",
            "about",
            "submit/index.html",
            "moderate/index.html",
            "404.html",
            "offline.html",
            "manifest.webmanifest",
        ] {
            assert_eq!(owner(key), Owner::Deploy, "{key}");
        }
    }

    #[test]
    fn only_hashed_names_are_cached_for_good() {
        assert_eq!(
            cache_control("alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm"),
            server::IMMUTABLE
        );
        assert_eq!(
            cache_control("main-0f1e2d3c4b5a6978.css"),
            server::IMMUTABLE
        );
        for key in [
            "index.html",
            "deed/5",
            "loader.js",
            "sw.js",
            "config.json",
            "data/v1/manifest.json",
            "data/v1/all/0.json",
            "share/site.png",
            // A store file whose name looks hashed still changes in place.
            "data/v1/u/kaznu-0123456789abcdef/0.json",
        ] {
            assert_eq!(cache_control(key), server::REVALIDATE, "{key}");
        }
    }

    #[test]
    fn a_published_photo_is_a_jpeg_cached_for_good_and_sent_before_what_names_it() {
        let photo = "data/v1/photos/0123456789abcdef-480.jpg";
        assert_eq!(content_type(photo), "image/jpeg");
        assert_eq!(cache_control(photo), server::IMMUTABLE);
        assert_eq!(owner(photo), Owner::Inbox);
        assert_eq!(stage(photo), Stage::Content);
        for naming in ["data/v1/all/6.json", "deed/301/index.html", "deed/301"] {
            assert!(stage(photo) <= stage(naming), "{naming}");
        }
        assert!(stage(photo) < stage(&crate::native::publish::manifest_path()));
        // Not a photo's name: revalidated like the rest of the store.
        assert_eq!(
            cache_control("data/v1/photos/not-a-hash-480.jpg"),
            server::REVALIDATE
        );
    }

    #[test]
    fn types_follow_the_extension_and_text_says_its_charset() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("deed/5"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("x-0f1e2d3c4b5a6978_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(content_type("loader.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("main-1a.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("data/v1/manifest.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("share/site.png"), "image/png");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
    }

    #[test]
    fn pointers_go_after_what_they_name() {
        assert_eq!(
            stage("alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm"),
            Stage::Content
        );
        assert_eq!(stage("alfarabi-qq-0f1e2d3c4b5a6978.js"), Stage::Content);
        assert_eq!(stage("data/v1/all/3.json"), Stage::Content);
        assert_eq!(stage("data/v1/stats.json"), Stage::Content);
        assert_eq!(stage("share/site.png"), Stage::Content);
        assert_eq!(stage("deed/5/index.html"), Stage::Pages);
        assert_eq!(stage("deed/5"), Stage::Pages);
        assert_eq!(stage("index.html"), Stage::Pages);
        assert_eq!(stage("sitemap.xml"), Stage::Pages);
        for pointer in [
            "data/v1/manifest.json",
            "config.json",
            "loader.js",
            "sw.js",
            "manifest.webmanifest",
        ] {
            assert_eq!(stage(pointer), Stage::Pointers, "{pointer}");
        }
    }

    #[test]
    fn pages_have_an_alias_and_compressed_copies_stay_home() {
        assert_eq!(aliases("deed/5/index.html").as_deref(), Some("deed/5"));
        assert_eq!(aliases("u/kaznu/index.html").as_deref(), Some("u/kaznu"));
        assert_eq!(aliases("index.html"), None);
        assert_eq!(aliases("404.html"), None);
        assert!(uploaded("alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm"));
        assert!(!uploaded("alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm.br"));
        assert!(!uploaded("data/geo/world.json.gz"));
        assert!(!uploaded("deed/5/index.html.part"));
        assert!(!uploaded("data/v1/.manifest.json.123.tmp"));
    }
}
