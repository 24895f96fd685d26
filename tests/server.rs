//! The native server (`qq serve`), started on 127.0.0.1:0 against a small site folder.
#![cfg(not(target_arch = "wasm32"))]

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    path::Path,
};

use alfarabi_qq::native::server::{self, IMMUTABLE, REVALIDATE, Site};
use reqwest::{StatusCode, header};

const INDEX: &str = "<!doctype html><title>index of the test site</title>";
const WASM: &str = "alfarabi-qq-0f1e2d3c4b5a6978_bg.wasm";
const CSS: &str = "main-0f1e2d3c4b5a6978.css";
const NOT_FOUND: &str = "<!doctype html><title>No such page</title>";
const DEED_PAGE: &str = "<!doctype html><title>Deed 5</title>";
const SECRET: &str = "a file beside the site, never to be served";

/// A built-site look-alike in a temporary folder, with a secret file beside (not inside) it.
fn site_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("data/v1")).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    for page in ["map", "about", "moderate", "u/kaznu", "deed/1"] {
        std::fs::create_dir_all(dist.join(page)).unwrap();
        std::fs::write(dist.join(page).join("index.html"), INDEX).unwrap();
    }
    std::fs::create_dir_all(dist.join("deed/5")).unwrap();
    std::fs::write(dist.join("deed/5/index.html"), DEED_PAGE).unwrap();
    std::fs::write(dist.join("404.html"), NOT_FOUND).unwrap();
    std::fs::write(dist.join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join(CSS), "body { color: black; }\n".repeat(200)).unwrap();
    std::fs::write(dist.join("config.json"), r#"{ "inbox": "" }"#).unwrap();
    std::fs::write(dist.join("data/v1/manifest.json"), r#"{ "schema": 1 }"#).unwrap();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    dir
}

async fn start(dist: &Path, base: &str) -> SocketAddr {
    let site = Site::new(dist, base).expect("the folder is a site");
    let (listener, addr) = server::bind("127.0.0.1:0").await.expect("a free port");
    tokio::spawn(async move { server::serve(listener, &site).await });
    addr
}

async fn get(addr: SocketAddr, path: &str) -> reqwest::Response {
    reqwest::get(format!("http://{addr}{path}"))
        .await
        .expect("the server answers")
}

fn header_of(response: &reqwest::Response, name: header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Sends a request line as written, so no client tidies the path first.
fn raw_get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[tokio::test]
async fn a_page_is_its_folders_index_html_revalidated() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    for path in ["/", "/map/", "/about", "/u/kaznu/", "/deed/1", "/deed/5/"] {
        let response = get(addr, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(header_of(&response, header::CACHE_CONTROL), REVALIDATE);
        let expected = if path.starts_with("/deed/5") {
            DEED_PAGE
        } else {
            INDEX
        };
        assert_eq!(response.text().await.unwrap(), expected, "{path}");
    }
}

#[tokio::test]
async fn an_address_with_no_page_gets_the_not_found_page_with_404() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    for path in ["/no/such/page", "/deed/999/", "/u/nowhere"] {
        let response = get(addr, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(response.text().await.unwrap(), NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_missing_data_file_or_asset_is_a_real_404() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    for path in [
        "/data/v1/missing.json",
        "/data/v1/",
        "/main-aaaaaaaaaaaaaaaa.css",
        "/favicon.ico",
        "/api/v1/deeds",
    ] {
        let response = get(addr, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            !response.text().await.unwrap().contains("<title>"),
            "{path} got the app's HTML"
        );
    }
}

#[tokio::test]
async fn content_types_and_cache_headers() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;

    let wasm = get(addr, &format!("/{WASM}")).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(header_of(&wasm, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(header_of(&wasm, header::CACHE_CONTROL), IMMUTABLE);

    let css = get(addr, &format!("/{CSS}")).await;
    assert!(header_of(&css, header::CONTENT_TYPE).starts_with("text/css"));
    assert_eq!(header_of(&css, header::CACHE_CONTROL), IMMUTABLE);

    for path in ["/data/v1/manifest.json", "/config.json"] {
        let json = get(addr, path).await;
        assert_eq!(json.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&json, header::CONTENT_TYPE), "application/json");
        assert_eq!(
            header_of(&json, header::CACHE_CONTROL),
            REVALIDATE,
            "{path}"
        );
        assert_eq!(header_of(&json, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    }
}

#[tokio::test]
async fn responses_are_compressed_as_the_client_accepts() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    let client = reqwest::Client::new();
    for encoding in ["br", "gzip"] {
        let response = client
            .get(format!("http://{addr}/{CSS}"))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(header_of(&response, header::CONTENT_ENCODING), encoding);
        let body = response.bytes().await.unwrap();
        assert!(
            body.len() < 4600 / 4,
            "{encoding} body of {} bytes",
            body.len()
        );
    }
}

#[tokio::test]
async fn the_builds_own_compressed_copies_are_sent_as_they_are() {
    let dir = site_folder();
    let dist = dir.path().join("dist");
    // Marked bodies, so the test knows which file answered.
    std::fs::write(dist.join(format!("{WASM}.br")), b"brotli copy").unwrap();
    std::fs::write(dist.join(format!("{WASM}.gz")), b"gzip copy").unwrap();
    std::fs::write(dist.join("map/index.html.br"), b"brotli index").unwrap();
    let addr = start(&dist, "/").await;
    let client = reqwest::Client::new();
    for (path, encoding, body) in [
        (format!("/{WASM}"), "br", "brotli copy"),
        (format!("/{WASM}"), "gzip", "gzip copy"),
        ("/map/".to_string(), "br", "brotli index"),
    ] {
        let response = client
            .get(format!("http://{addr}{path}"))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&response, header::CONTENT_ENCODING), encoding);
        assert_ne!(header_of(&response, header::CONTENT_TYPE), "");
        assert_eq!(
            response.bytes().await.unwrap(),
            body.as_bytes(),
            "{path} {encoding}"
        );
    }
    // A client that takes no encoding gets the file itself.
    let plain = get(addr, &format!("/{WASM}")).await;
    assert_eq!(header_of(&plain, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
}

/// A store file of some size, different for each `n`: a deed list as the app reads it.
fn store_page(n: u32) -> String {
    let deeds: Vec<String> = (1..=50)
        .map(|i| {
            format!(
                r#"{{"id":{i},"university":"kaznu","virtue":"kindness","title":"Deed {i} of version {n}","story":"Students of the university helped their neighbours, {i} times over.","done_on":"2020-02-{:02}","lang":"en"}}"#,
                i % 28 + 1
            )
        })
        .collect();
    format!(
        r#"{{"schema":1,"list":"all","page":0,"deeds":[{}]}}"#,
        deeds.join(",")
    )
}

fn unbrotli(body: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(body, 4096)
        .read_to_string(&mut text)
        .expect("a brotli body");
    text
}

#[tokio::test]
async fn store_files_are_sent_at_brotlis_best_quality_and_never_stale() {
    let dir = site_folder();
    let dist = dir.path().join("dist");
    let page = dist.join("data/v1/all/0.json");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(&page, store_page(1)).unwrap();
    let addr = start(&dist, "/").await;
    let client = reqwest::Client::new();
    let fetch = |accept: &'static str| {
        let client = client.clone();
        async move {
            client
                .get(format!("http://{addr}/data/v1/all/0.json"))
                .header(header::ACCEPT_ENCODING, accept)
                .send()
                .await
                .unwrap()
        }
    };

    for version in [1, 1, 2, 3] {
        std::fs::write(&page, store_page(version)).unwrap();
        let mut best = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut best, 4096, 11, 22);
            writer.write_all(store_page(version).as_bytes()).unwrap();
        }
        // Every answer is the current file; once its copy is made in the background, the
        // answer is as small as quality 11 makes it here.
        let mut sizes = Vec::new();
        for _ in 0..100 {
            let response = fetch("gzip, deflate, br").await;
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(header_of(&response, header::CONTENT_ENCODING), "br");
            assert_eq!(header_of(&response, header::CACHE_CONTROL), REVALIDATE);
            assert!(header_of(&response, header::VARY).contains("accept-encoding"));
            let body = response.bytes().await.unwrap();
            assert_eq!(unbrotli(&body), store_page(version), "version {version}");
            sizes.push(body.len());
            if body.len() <= best.len() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            sizes.last().is_some_and(|&size| size <= best.len()),
            "version {version}: sizes {sizes:?}, quality 11 makes {}",
            best.len()
        );
    }

    // Without brotli the quicker compression (or none) answers as before.
    let gzip = fetch("gzip").await;
    assert_eq!(header_of(&gzip, header::CONTENT_ENCODING), "gzip");
    let plain = fetch("identity").await;
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), "");
    assert_eq!(plain.text().await.unwrap(), store_page(3));
    let refused = fetch("br;q=0, gzip").await;
    assert_eq!(header_of(&refused, header::CONTENT_ENCODING), "gzip");
}

#[tokio::test]
async fn paths_that_escape_the_site_are_refused() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/data/..%2f..%2fsecret.txt",
    ] {
        let answer = tokio::task::spawn_blocking(move || raw_get(addr, path))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 400"), "{path}: {answer}");
        assert!(!answer.contains(SECRET), "{path} leaked the file");
    }
}

#[tokio::test]
async fn the_site_can_live_under_a_sub_path() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/qq/").await;

    let about = get(addr, "/qq/about/").await;
    assert_eq!(about.status(), StatusCode::OK);
    assert_eq!(about.text().await.unwrap(), INDEX);

    let wasm = get(addr, &format!("/qq/{WASM}")).await;
    assert_eq!(header_of(&wasm, header::CONTENT_TYPE), "application/wasm");

    assert_eq!(
        get(addr, "/qq/data/v1/missing.json").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(addr, "/about").await.status(), StatusCode::NOT_FOUND);

    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("http://{addr}/qq"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header_of(&bare, header::LOCATION), "/qq/");

    // A page's folder named without its slash is redirected inside the sub-path.
    let folder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("http://{addr}/qq/deed/5?from=share"))
        .send()
        .await
        .unwrap();
    assert!(folder.status().is_redirection(), "{}", folder.status());
    assert_eq!(
        header_of(&folder, header::LOCATION),
        "/qq/deed/5/?from=share"
    );
    let page = get(addr, "/qq/deed/5").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.text().await.unwrap(), DEED_PAGE);
}

#[tokio::test]
async fn an_empty_path_segment_is_redirected_to_its_single_slash_form() {
    // `SITE//other-host/deed/1` would let relative URLs resolve against other-host.
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    for (path, location) in [
        ("//other-host.example/deed/1", "/other-host.example/deed/1"),
        (
            "///other-host.example/moderate",
            "/other-host.example/moderate",
        ),
        ("/deed//1?x=1", "/deed/1?x=1"),
    ] {
        let answer = tokio::task::spawn_blocking(move || raw_get(addr, path))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 308"), "{path}: {answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains(&format!("location: {location}\r\n")),
            "{path}: {answer}"
        );
    }
    let qq = dir.path().join("dist");
    let addr = start(&qq, "/qq/").await;
    let answer = tokio::task::spawn_blocking(move || raw_get(addr, "/qq//evil.example/u/kaznu"))
        .await
        .unwrap();
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("location: /qq/evil.example/u/kaznu\r\n"),
        "{answer}"
    );
}

#[tokio::test]
async fn encoded_slashes_and_overlong_segments_are_no_page() {
    let dir = site_folder();
    let addr = start(&dir.path().join("dist"), "/").await;
    let long = format!("/deed/{}", "a".repeat(300));
    for path in [
        "/%2f%2fother-host.example/deed/1".to_string(),
        "/deed%2F1".to_string(),
        long,
    ] {
        let answer = tokio::task::spawn_blocking(move || raw_get(addr, &path))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    }
    // An encoded backslash is a way out of the folder on some systems: refused outright.
    let answer = tokio::task::spawn_blocking(move || raw_get(addr, "/u%5ckaznu"))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[tokio::test]
async fn every_answer_carries_the_sites_policy_and_security_headers() {
    let dir = site_folder();
    let dist = dir.path().join("dist");
    let policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='";
    std::fs::write(
        dist.join("index.html"),
        format!(
            r#"<!doctype html><meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="{policy}"><title>x</title>"#
        ),
    )
    .unwrap();
    let addr = start(&dist, "/").await;
    for path in ["/", "/moderate/", "/deed/1/", "/no/such/page"] {
        let page = get(addr, path).await;
        assert_eq!(
            header_of(&page, header::CONTENT_SECURITY_POLICY),
            format!("{policy}; frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(header_of(&page, header::X_FRAME_OPTIONS), "DENY");
        assert_eq!(
            header_of(&page, header::REFERRER_POLICY),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(header_of(&page, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(header_of(&page, "permissions-policy".parse().unwrap()).contains("camera=()"));
    }
    // Other files may not be framed either.
    let json = get(addr, "/config.json").await;
    assert_eq!(
        header_of(&json, header::CONTENT_SECURITY_POLICY),
        "frame-ancestors 'none'"
    );
    // A deploy that changes the policy is followed without a restart.
    let newer = "default-src 'self'; script-src 'self' 'sha256-def='";
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        dist.join("index.html"),
        format!(
            r#"<meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="{newer}">"#
        ),
    )
    .unwrap();
    let page = get(addr, "/").await;
    assert_eq!(
        header_of(&page, header::CONTENT_SECURITY_POLICY),
        format!("{newer}; frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn files_that_change_in_place_carry_a_strong_etag_from_their_bytes() {
    let dir = site_folder();
    let dist = dir.path().join("dist");
    let manifest = dist.join("data/v1/manifest.json");
    let addr = start(&dist, "/").await;
    let client = reqwest::Client::new();
    let fetch = |tag: Option<String>, since: Option<String>| {
        let client = client.clone();
        async move {
            let mut request = client
                .get(format!("http://{addr}/data/v1/manifest.json"))
                .header(header::ACCEPT_ENCODING, "identity");
            if let Some(tag) = tag {
                request = request.header(header::IF_NONE_MATCH, tag);
            }
            if let Some(since) = since {
                request = request.header(header::IF_MODIFIED_SINCE, since);
            }
            request.send().await.unwrap()
        }
    };
    let first = fetch(None, None).await;
    let tag = header_of(&first, header::ETAG);
    assert!(
        tag.starts_with('"') && tag.len() == 34,
        "a strong tag: {tag}"
    );
    assert_eq!(header_of(&first, header::LAST_MODIFIED), "");
    assert_eq!(
        fetch(Some(tag.clone()), None).await.status(),
        StatusCode::NOT_MODIFIED
    );

    // Two changes within the same second: each is a new tag, and an old copy is never
    // confirmed, by tag or by date (this date is after every change: a server deciding
    // by date would confirm the old copy).
    let since = "Fri, 31 Dec 2099 23:59:59 GMT".to_string();
    let padding = "x".repeat(400);
    for version in 2..4 {
        std::fs::write(
            &manifest,
            format!(r#"{{ "schema": 1, "version": {version}, "padding": "{padding}" }}"#),
        )
        .unwrap();
        let again = fetch(Some(tag.clone()), Some(since.clone())).await;
        assert_eq!(again.status(), StatusCode::OK, "version {version}");
        assert_ne!(header_of(&again, header::ETAG), tag);
        assert!(again.text().await.unwrap().contains(&format!("{version}")));
    }

    // A compressed answer has a tag of its own, and is confirmed by it.
    let br = client
        .get(format!("http://{addr}/data/v1/manifest.json"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    let br_tag = header_of(&br, header::ETAG);
    assert!(br_tag.ends_with("-br\""), "{br_tag}");
    let confirmed = client
        .get(format!("http://{addr}/data/v1/manifest.json"))
        .header(header::ACCEPT_ENCODING, "br")
        .header(header::IF_NONE_MATCH, &br_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::NOT_MODIFIED);

    // Files named by their content need none.
    let wasm = get(addr, &format!("/{WASM}")).await;
    assert_eq!(header_of(&wasm, header::ETAG), "");
}
