//! The site in a real S3-compatible server: moto's server mode (PyPI `moto[server]`),
//! which `make test` installs under target/tools/moto and names in `QQ_MOTO_PYTHON`.
//! Each test starts its own server on a free loopback port and ends it by its pid.
//!
//! `qq deploy` (first deploy, a second that uploads nothing, a changed file only, older
//! releases deleted after their grace period and never the inbox's files, headers per
//! kind, and errors that say what to fix) and `qq serve --publish-to` (an approval
//! reaching the bucket; the bucket down, then up, across a restart: nothing lost, nothing
//! published twice; an unpublish taking the deed's page down; a deed's photos reaching
//! the bucket as JPEGs cached for good, and leaving it with the deed).
#![cfg(not(target_arch = "wasm32"))]

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use alfarabi_qq::native::site::{SITE_RECORD, SiteRecord};
use serde_json::{Value, json};

const TOKEN: &str = "alma-0123456789abcdef";
const BUCKET: &str = "qq-site";

/// A free loopback port (bound, then released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// moto's S3 server, ended by its pid when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let pid = self.child.id() as libc::pid_t;
        if pid > 0 {
            // SAFETY: kill(2) on the pid of the child this guard started and still owns.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Starts moto, or `None` (with a loud message) when `QQ_MOTO_PYTHON` is not set:
    /// only outside `make test`, which always sets it.
    fn start() -> Option<Moto> {
        Moto::start_with(&[])
    }

    fn start_with(env: &[(&str, &str)]) -> Option<Moto> {
        let Some(python) = std::env::var_os("QQ_MOTO_PYTHON") else {
            eprintln!(
                "\n\n!!! SKIPPED: QQ_MOTO_PYTHON is not set, so the S3 tests did not run. \
                 Run them with `make test` (or `make moto` and \
                 QQ_MOTO_PYTHON=target/tools/moto/bin/python cargo test --test s3).\n\n"
            );
            return None;
        };
        assert!(
            Path::new(&python).is_file(),
            "QQ_MOTO_PYTHON={} is no file: run `make moto`",
            Path::new(&python).display()
        );
        let port = free_port();
        let mut command = Command::new(&python);
        command
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command.spawn().expect("moto starts");
        let moto = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto did not listen in 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(moto)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn create_bucket(&self) {
        let response = reqwest::Client::new()
            .put(format!("{}/{BUCKET}", self.endpoint()))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// A client of its own (moto refuses unsigned reads), with the test's credentials.
    fn client(&self) -> object_store::aws::AmazonS3 {
        object_store::aws::AmazonS3Builder::new()
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_virtual_hosted_style_request(false)
            .with_access_key_id("test")
            .with_secret_access_key("test")
            .with_region("us-east-1")
            .with_bucket_name(BUCKET)
            .build()
            .unwrap()
    }

    /// The object at `key` (under the bucket): 200 or 404, the headers the server sent
    /// that describe it (type, caching, encoding), its bytes.
    async fn get(&self, key: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        use object_store::{Attribute, ObjectStore};
        let mut headers = reqwest::header::HeaderMap::new();
        let found = match self
            .client()
            .get(&object_store::path::Path::from(key))
            .await
        {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return (404, headers, Vec::new()),
            Err(error) => panic!("{key}: {error}"),
        };
        for (attribute, value) in found.attributes.iter() {
            let name = match attribute {
                Attribute::ContentType => "content-type",
                Attribute::CacheControl => "cache-control",
                Attribute::ContentEncoding => "content-encoding",
                _ => continue,
            };
            headers.insert(name, value.as_ref().parse().unwrap());
        }
        (200, headers, found.bytes().await.unwrap().to_vec())
    }

    async fn has(&self, key: &str) -> bool {
        self.get(key).await.0 == 200
    }
}

/// A site folder as `qq site` writes one, small: the app of release `release`, its
/// precompressed copy, the pointers, a static page, and the inbox's files.
fn write_site(dir: &Path, release: &str) {
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "index.html".into(),
            b"<!doctype html><title>home</title>".to_vec(),
        ),
        (
            format!("alfarabi-qq-{release}.js"),
            b"export default 1;".to_vec(),
        ),
        (
            format!("alfarabi-qq-{release}_bg.wasm"),
            b"\0asm\x01\0\0\0".to_vec(),
        ),
        (
            format!("alfarabi-qq-{release}_bg.wasm.br"),
            b"brotli".to_vec(),
        ),
        (format!("main-{release}.css"), b"body{margin:0}".to_vec()),
        (
            "loader.js".into(),
            format!("import('./alfarabi-qq-{release}.js')").into_bytes(),
        ),
        (
            "sw.js".into(),
            format!("const CACHE = \"qq-{release}\";").into_bytes(),
        ),
        ("config.json".into(), b"{\"inbox\":\"\"}".to_vec()),
        (
            "about/index.html".into(),
            b"<!doctype html><title>about</title>".to_vec(),
        ),
        ("icons/icon-192.png".into(), b"\x89PNG icon".to_vec()),
        (
            "data/v1/manifest.json".into(),
            b"{\"schema\":1,\"last_id\":1}".to_vec(),
        ),
        (
            "data/v1/all/0.json".into(),
            b"{\"schema\":1,\"deeds\":[]}".to_vec(),
        ),
        (
            "deed/1/index.html".into(),
            b"<!doctype html><title>deed 1</title>".to_vec(),
        ),
        ("share/site.png".into(), b"\x89PNG share".to_vec()),
        ("sitemap.xml".into(), b"<urlset/>".to_vec()),
    ];
    for (path, bytes) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

const RELEASE_1: &str = "0123456789abcdef";
const RELEASE_2: &str = "fedcba9876543210";

fn qq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qq"))
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("RUST_LOG", "warn")
        .output()
        .expect("qq runs")
}

fn deploy(site: &Path, endpoint: &str, extra: &[&str]) -> Output {
    let site = site.to_string_lossy().into_owned();
    let to = format!("s3://{BUCKET}/");
    let mut args = vec![
        "deploy",
        "--site",
        &site,
        "--to",
        &to,
        "--endpoint",
        endpoint,
    ];
    args.extend_from_slice(extra);
    qq(&args)
}

/// The deploy's summary (its last line), checked to have succeeded.
fn summary(output: &Output) -> String {
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "qq deploy failed: {}{out}",
        String::from_utf8_lossy(&output.stderr)
    );
    out.lines().last().unwrap_or_default().to_string()
}

fn figure(summary: &str, what: &str) -> usize {
    let words: Vec<&str> = summary.split([' ', ',', ':', '(']).collect();
    let at = words
        .iter()
        .position(|w| *w == what)
        .unwrap_or_else(|| panic!("no {what} in {summary:?}"));
    words[at - 1].parse().unwrap()
}

#[tokio::test]
async fn a_deploy_uploads_what_changed_in_order_and_retires_old_releases_after_their_grace() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket().await;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_site(&site, RELEASE_1);

    // A dry run into the fresh bucket says everything would go up, and changes nothing.
    let dry = deploy(&site, &moto.endpoint(), &["--dry-run"]);
    let text = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(text.contains("would upload deed/1/index.html"), "{text}");
    // What a pointer names goes up before the pointer: app files and store pages, then
    // pages, then the store's manifest, the loader, the service worker, config.json.
    let at = |key: &str| {
        text.lines()
            .position(|line| line == format!("would upload {key}"))
            .unwrap_or_else(|| panic!("{key} is not uploaded: {text}"))
    };
    let wasm = format!("alfarabi-qq-{RELEASE_1}_bg.wasm");
    assert!(at(&wasm) < at("index.html") && at("data/v1/all/0.json") < at("index.html"));
    for pointer in ["loader.js", "sw.js", "config.json", "data/v1/manifest.json"] {
        assert!(
            at("deed/1/index.html") < at(pointer),
            "{pointer} goes last: {text}"
        );
    }
    assert!(!moto.has(".qq-deploy.json").await);
    assert!(!moto.has("index.html").await);

    // First deploy: everything, the inbox's files too (a fresh bucket), and each page's
    // alias; not the precompressed copy.
    let first = summary(&deploy(&site, &moto.endpoint(), &[]));
    assert!(first.contains("fresh"), "{first}");
    // 14 files (the .br stays home) and 2 aliases (about, deed/1; none for the home).
    assert_eq!(figure(&first, "uploaded"), 16, "{first}");
    for key in [
        "index.html",
        "deed/1/index.html",
        "deed/1",
        "about",
        "data/v1/manifest.json",
        "share/site.png",
        "sitemap.xml",
        &format!("alfarabi-qq-{RELEASE_1}_bg.wasm"),
    ] {
        assert!(moto.has(key).await, "{key} is in the bucket");
    }
    assert!(
        !moto
            .has(&format!("alfarabi-qq-{RELEASE_1}_bg.wasm.br"))
            .await
    );

    // Second deploy: nothing.
    let second = summary(&deploy(&site, &moto.endpoint(), &[]));
    assert_eq!(figure(&second, "uploaded"), 0, "{second}");
    assert!(!second.contains("fresh"), "{second}");

    // The inbox changed its files in the bucket since; a deploy of an older site folder
    // leaves them alone. A changed app file goes up alone.
    std::fs::write(site.join("deed/1/index.html"), "stale copy of the build").unwrap();
    std::fs::write(
        site.join("config.json"),
        "{\"inbox\":\"https://inbox.example/\"}",
    )
    .unwrap();
    let third = summary(&deploy(&site, &moto.endpoint(), &[]));
    assert_eq!(figure(&third, "uploaded"), 1, "{third}");
    assert_eq!(
        moto.get("config.json").await.2,
        b"{\"inbox\":\"https://inbox.example/\"}"
    );
    assert_ne!(
        moto.get("deed/1/index.html").await.2,
        b"stale copy of the build"
    );

    // A new release: its files go up, the old release's stay for the grace period...
    for name in [
        format!("alfarabi-qq-{RELEASE_1}.js"),
        format!("alfarabi-qq-{RELEASE_1}_bg.wasm"),
        format!("alfarabi-qq-{RELEASE_1}_bg.wasm.br"),
        format!("main-{RELEASE_1}.css"),
    ] {
        std::fs::remove_file(site.join(name)).unwrap();
    }
    write_site(&site, RELEASE_2);
    let fourth = summary(&deploy(&site, &moto.endpoint(), &["--grace", "7d"]));
    assert_eq!(figure(&fourth, "deleted"), 0, "{fourth}");
    assert!(moto.has(&format!("alfarabi-qq-{RELEASE_1}_bg.wasm")).await);
    assert!(moto.has(&format!("alfarabi-qq-{RELEASE_2}_bg.wasm")).await);
    let loader = String::from_utf8(moto.get("loader.js").await.2).unwrap();
    assert!(loader.contains(RELEASE_2), "{loader}");

    // ...and are deleted once it is over; the inbox's files never are.
    let fifth = summary(&deploy(&site, &moto.endpoint(), &["--grace", "0s"]));
    assert_eq!(figure(&fifth, "deleted"), 3, "{fifth}");
    assert!(!moto.has(&format!("alfarabi-qq-{RELEASE_1}_bg.wasm")).await);
    assert!(!moto.has(&format!("main-{RELEASE_1}.css")).await);
    assert!(moto.has(&format!("alfarabi-qq-{RELEASE_2}_bg.wasm")).await);
    std::fs::remove_dir_all(site.join("deed")).unwrap();
    std::fs::remove_dir_all(site.join("data")).unwrap();
    let sixth = summary(&deploy(&site, &moto.endpoint(), &["--grace", "0s"]));
    assert_eq!(figure(&sixth, "deleted"), 0, "{sixth}");
    for key in [
        "deed/1/index.html",
        "deed/1",
        "data/v1/manifest.json",
        "share/site.png",
    ] {
        assert!(moto.has(key).await, "the inbox's {key} stays");
    }
}

#[tokio::test]
async fn each_kind_of_object_has_its_type_and_caching_and_no_encoding() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket().await;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_site(&site, RELEASE_1);
    summary(&deploy(&site, &moto.endpoint(), &[]));
    let immutable = "public, max-age=31536000, immutable";
    for (key, kind, cache) in [
        (
            format!("alfarabi-qq-{RELEASE_1}_bg.wasm"),
            "application/wasm",
            immutable,
        ),
        (
            format!("alfarabi-qq-{RELEASE_1}.js"),
            "text/javascript",
            immutable,
        ),
        (format!("main-{RELEASE_1}.css"), "text/css", immutable),
        ("index.html".to_string(), "text/html", "no-cache"),
        ("deed/1".to_string(), "text/html", "no-cache"),
        ("loader.js".to_string(), "text/javascript", "no-cache"),
        ("sw.js".to_string(), "text/javascript", "no-cache"),
        ("config.json".to_string(), "application/json", "no-cache"),
        (
            "data/v1/manifest.json".to_string(),
            "application/json",
            "no-cache",
        ),
        ("share/site.png".to_string(), "image/png", "no-cache"),
    ] {
        let (status, headers, _) = moto.get(&key).await;
        assert_eq!(status, 200, "{key}");
        let header = |name: &str| {
            headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        assert!(
            header("content-type").starts_with(kind),
            "{key}: {}",
            header("content-type")
        );
        assert_eq!(header("cache-control"), cache, "{key}");
        assert!(
            headers.get("content-encoding").is_none(),
            "{key} has no encoding"
        );
    }
}

/// A plain HTTP server that answers every request 404, as a web server that is no S3.
async fn not_s3() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found",
                    )
                    .await;
            });
        }
    });
    addr
}

fn failure(output: &Output) -> String {
    assert!(!output.status.success(), "qq deploy should have failed");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn a_bucket_that_cannot_be_used_says_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_site(&site, RELEASE_1);

    // No such bucket.
    let Some(moto) = Moto::start() else { return };
    let missing = failure(&deploy(&site, &moto.endpoint(), &[]));
    assert!(
        missing.contains("bucket qq-site does not exist") && missing.contains("create it"),
        "{missing}"
    );

    // Credentials the server does not know (moto checking them from the first request).
    let Some(strict) = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]) else {
        return;
    };
    let refused = failure(&deploy(&site, &strict.endpoint(), &[]));
    assert!(
        refused.contains("refused the credentials") && refused.contains("AWS_ACCESS_KEY_ID"),
        "{refused}"
    );

    // A web server that is no S3, and a port where nothing listens.
    let web = not_s3().await;
    let site_for_blocking = site.clone();
    let not = tokio::task::spawn_blocking(move || {
        failure(&deploy(&site_for_blocking, &format!("http://{web}"), &[]))
    })
    .await
    .unwrap();
    assert!(
        not.contains("does not answer as S3") && not.contains("--endpoint"),
        "{not}"
    );
    let closed = failure(&deploy(
        &site,
        &format!("http://127.0.0.1:{}", free_port()),
        &[],
    ));
    assert!(
        closed.contains("cannot reach") && closed.contains("--endpoint"),
        "{closed}"
    );

    // Nothing was written anywhere.
    moto.create_bucket().await;
    assert!(!moto.has(".qq-deploy.json").await);
}

/// A TCP proxy in front of moto that can be switched off (connections dropped at once)
/// and on again, as a bucket that goes down and comes back.
struct Switch {
    port: u16,
    up: Arc<AtomicBool>,
}

async fn switch_to(target: u16) -> Switch {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let up = Arc::new(AtomicBool::new(true));
    let flag = Arc::clone(&up);
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            if !flag.load(Ordering::SeqCst) {
                drop(inbound);
                continue;
            }
            tokio::spawn(async move {
                if let Ok(mut outbound) =
                    tokio::net::TcpStream::connect(("127.0.0.1", target)).await
                {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    Switch { port, up }
}

/// The real `qq serve --publish-to`, ended by its pid when dropped.
struct Serve {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let pid = self.child.id() as libc::pid_t;
        if pid > 0 {
            // SAFETY: kill(2) on the pid of the child this guard started and still owns.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let _ = self.child.wait();
    }
}

/// A site folder `qq site` wrote, as far as the inbox reads one: its record.
fn inbox_site(dir: &Path) -> PathBuf {
    let dist = dir.join("site");
    std::fs::create_dir_all(dist.join("data/geo")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(dist.join("data/geo/world.json"), r#"{"version":1}"#).unwrap();
    let record = SiteRecord {
        base: "/".into(),
        public_url: "https://alfarabiqq.example/".into(),
        main_css: "body{margin:0}".into(),
        app_styles: Vec::new(),
        inbox_origin: None,
    };
    std::fs::write(
        dist.join(SITE_RECORD),
        serde_json::to_string(&record).unwrap(),
    )
    .unwrap();
    dist
}

fn serve(dir: &Path, endpoint: &str) -> Serve {
    let site = inbox_site(dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_qq"))
        .args(["serve", "--addr", "127.0.0.1:0", "--seed", "sample"])
        .arg("--dist")
        .arg(&site)
        .arg("--data")
        .arg(dir.join("data"))
        .args([
            "--publish-to",
            &format!("s3://{BUCKET}/"),
            "--endpoint",
            endpoint,
        ])
        .env("QQ_MODERATOR_TOKENS", format!("alma:{TOKEN}"))
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("qq starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .rsplit("http://")
        .next()
        .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    Serve { child, addr }
}

impl Serve {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = reqwest::Client::new()
            .request(method, format!("http://{}/api/v1/{path}", self.addr))
            .bearer_auth(TOKEN);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    async fn pending(&self) -> u64 {
        let answer = self
            .call(reqwest::Method::GET, "moderation/publications", None)
            .await;
        assert_eq!(answer["bucket"], true);
        answer["pending"].as_u64().unwrap()
    }

    /// Submits and approves a deed; returns its number.
    async fn approve(&self, n: u64) -> u64 {
        let id = uuid(n);
        let submission = json!({
            "id": id, "university": {"id": "kaznu"}, "virtue": "kindness",
            "title": "Сдали кровь", "story": "25 студентов сдали кровь для детской больницы.",
            "link": "", "done_on": "2020-02-10", "author": "", "passes_to": [{"id": "enu"}],
            "consent": true, "lang": "ru", "website": ""
        });
        self.call(reqwest::Method::POST, "deeds", Some(submission))
            .await;
        let status = self
            .call(
                reqwest::Method::POST,
                &format!("moderation/{id}/approve"),
                None,
            )
            .await;
        assert_eq!(status["state"], "published", "{status}");
        status["deed_id"].as_u64().unwrap()
    }

    async fn status(&self, n: u64) -> Value {
        self.call(
            reqwest::Method::GET,
            &format!("deeds/{}/status", uuid(n)),
            None,
        )
        .await
    }

    async fn until_published(&self, within: Duration) {
        let deadline = Instant::now() + within;
        while self.pending().await > 0 {
            assert!(Instant::now() < deadline, "publications still pending");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn publications_of(data: &Path, key: &str) -> (i64, i64) {
    let conn = rusqlite::Connection::open(data.join("inbox.sqlite3")).unwrap();
    conn.query_row(
        "SELECT COUNT(*), COUNT(done) FROM publications WHERE key = ?1",
        [key],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_reach_the_bucket_even_when_it_was_down_across_a_restart() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket().await;
    let switch = switch_to(moto.port).await;
    let endpoint = format!("http://127.0.0.1:{}", switch.port);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    // The first start publishes the inbox's files: the store and the pages.
    let server = serve(dir.path(), &endpoint);
    server.until_published(Duration::from_secs(120)).await;
    assert!(moto.has("data/v1/manifest.json").await);
    assert!(moto.has("deed/300/index.html").await);
    assert!(moto.has("deed/300").await);
    assert!(
        !moto.has("about/index.html").await,
        "the deploy's page is not the inbox's"
    );

    // An approval reaches the bucket, and the status links to it once it is there.
    let deed = server.approve(1).await;
    assert_eq!(deed, 301);
    server.until_published(Duration::from_secs(30)).await;
    assert!(moto.has("deed/301/index.html").await);
    let manifest: Value =
        serde_json::from_slice(&moto.get("data/v1/manifest.json").await.2).unwrap();
    assert_eq!(manifest["last_id"], 301);
    assert_eq!(server.status(1).await["deed_id"], 301);

    // The bucket goes down: the approval still succeeds, its files wait, and the
    // submitter is not yet given a link.
    switch.up.store(false, Ordering::SeqCst);
    assert_eq!(server.approve(2).await, 302);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(server.pending().await > 0);
    let waiting = server.status(2).await;
    assert_eq!(waiting["state"], "pending", "{waiting}");
    assert!(
        waiting.get("deed_id").is_none_or(Value::is_null),
        "{waiting}"
    );
    assert!(!moto.has("deed/302/index.html").await);
    let manifest: Value =
        serde_json::from_slice(&moto.get("data/v1/manifest.json").await.2).unwrap();
    assert_eq!(manifest["last_id"], 301, "no manifest ahead of its pages");

    // The inbox restarts while the bucket is down; the bucket comes back: everything
    // recorded is published, once.
    drop(server);
    let server = serve(dir.path(), &endpoint);
    tokio::time::sleep(Duration::from_millis(500)).await;
    switch.up.store(true, Ordering::SeqCst);
    server.until_published(Duration::from_secs(90)).await;
    assert!(moto.has("deed/302/index.html").await);
    let manifest: Value =
        serde_json::from_slice(&moto.get("data/v1/manifest.json").await.2).unwrap();
    assert_eq!(manifest["last_id"], 302);
    assert_eq!(server.status(2).await["deed_id"], 302);
    assert_eq!(publications_of(&data, "deed/302/index.html"), (1, 1));

    // An unpublish takes the deed's page (and its alias) out of the bucket.
    server
        .call(
            reqwest::Method::POST,
            "moderation/deeds/301/unpublish",
            Some(json!({"reason": "a test"})),
        )
        .await;
    let deadline = Instant::now() + Duration::from_secs(120);
    while moto.has("deed/301/index.html").await || moto.has("deed/301").await {
        assert!(
            Instant::now() < deadline,
            "the unpublished page is still in the bucket"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(moto.has("deed/302/index.html").await);
}

/// A small JPEG for a submission's photo.
fn photo_jpeg() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&pixels)
        .unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deeds_photos_reach_the_bucket_cached_for_good_and_leave_with_it() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket().await;
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path(), &moto.endpoint());
    server.until_published(Duration::from_secs(120)).await;

    let id = uuid(9);
    let deed = json!({
        "id": id, "university": {"id": "kaznu"}, "virtue": "kindness",
        "title": "Сдали кровь", "story": "25 студентов сдали кровь для детской больницы.",
        "done_on": "2020-02-10", "passes_to": [], "consent": true, "lang": "ru",
        "photos": [{"alt": "Donors at the blood bank"}]
    });
    let boundary = "qq-s3-test";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"deed\"\r\n\r\n{deed}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo0\"; filename=\"a.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend(photo_jpeg());
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let sent = reqwest::Client::new()
        .post(format!("http://{}/api/v1/deeds", server.addr))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), reqwest::StatusCode::CREATED);
    let approved = server
        .call(
            reqwest::Method::POST,
            &format!("moderation/{id}/approve"),
            None,
        )
        .await;
    let number = approved["deed_id"].as_u64().unwrap();
    server.until_published(Duration::from_secs(60)).await;

    let page: Value = serde_json::from_slice(&moto.get("data/v1/all/6.json").await.2).unwrap();
    let last = page["deeds"].as_array().unwrap().last().unwrap().clone();
    let photo: Vec<alfarabi_qq::model::photo::Photo> =
        serde_json::from_value(last["photos"].clone()).unwrap();
    let name = photo[0].name.clone();
    let keys = [480, 1200].map(|width| format!("data/v1/photos/{name}-{width}.jpg"));
    for key in &keys {
        let (status, headers, bytes) = moto.get(key).await;
        assert_eq!(status, 200, "{key}");
        assert_eq!(headers["content-type"], "image/jpeg", "{key}");
        assert_eq!(
            headers["cache-control"], "public, max-age=31536000, immutable",
            "{key}"
        );
        assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "{key}");
    }

    server
        .call(
            reqwest::Method::POST,
            &format!("moderation/deeds/{number}/unpublish"),
            None,
        )
        .await;
    let deadline = Instant::now() + Duration::from_secs(120);
    for key in &keys {
        while moto.has(key).await {
            assert!(Instant::now() < deadline, "{key} is still in the bucket");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}
