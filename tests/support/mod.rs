//! What the inbox's integration tests share: an inbox on a loopback port over a real
//! SQLite database, and a client that speaks to it as the apps and the moderators do.
#![allow(dead_code)] // each test file uses its own part of it

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
};

use alfarabi_qq::native::{
    inbox::{
        Seed,
        access::{LiveModerators, Moderators, RateLimit},
        db::PhotoLimits,
        http::{self, Inbox, InboxOptions},
    },
    server::{self, Site},
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

/// The one moderator's token (`alma`).
pub const TOKEN: &str = "alma-0123456789abcdef";

/// The n-th test UUID.
pub fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A submission as the form sends it, without photos.
pub fn submission(id: &str) -> Value {
    json!({
        "id": id,
        "university": {"id": "kaznu"},
        "virtue": "kindness",
        "title": "Сдали кровь",
        "story": "25 студентов сдали кровь для детской больницы.",
        "link": "",
        "done_on": "2020-02-10",
        "author": "",
        "passes_to": [{"id": "enu"}],
        "consent": true,
        "lang": "ru",
        "website": ""
    })
}

/// A site folder with only a page, as Trunk's build would start it.
pub fn build_folder(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>test</title>",
    )
    .unwrap();
    dist
}

/// How a test's inbox differs from the usual one: no limit it would meet, the sample's
/// universities, `alma` as the one moderator.
pub struct Setup {
    pub rate: RateLimit,
    pub photos: PhotoLimits,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The site folder whose pages it keeps up to date, if any.
    pub site: Option<PathBuf>,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            rate: RateLimit {
                burst: 1000.0,
                per_second: 1000.0,
            },
            photos: PhotoLimits::DEFAULT,
            trusted_proxies: Vec::new(),
            site: None,
        }
    }
}

/// An answer: its status, headers, body as JSON (the text as a JSON string when it is not
/// JSON) and bytes.
pub struct Answer {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

/// An inbox serving `dist` and its API on a free loopback port.
pub struct Served {
    pub addr: SocketAddr,
    /// Its data folder (the database, the published store).
    pub data: PathBuf,
    pub client: reqwest::Client,
}

impl Served {
    /// Starts an inbox over `data`, serving `dist`, as `setup` says.
    pub async fn start(dist: PathBuf, data: PathBuf, setup: Setup) -> Served {
        let options = InboxOptions {
            data: data.clone(),
            seed: Seed::Sample,
            rate: setup.rate,
            photos: setup.photos,
            trusted_proxies: setup.trusted_proxies,
            cors_origins: Vec::new(),
            moderators: Arc::new(LiveModerators::fixed(
                Moderators::parse(&format!("alma:{TOKEN}"), '\n', "test").unwrap(),
            )),
            site: setup.site,
            publish_to: None,
        };
        let inbox = Inbox::start(&options).expect("the inbox starts");
        let site = Site::new(dist, "/").unwrap().with_data(&data);
        let app = server::app(&site, Some(http::router(inbox, &[])));
        let (listener, addr) = server::bind("127.0.0.1:0").await.expect("a free port");
        tokio::spawn(server::serve_app(listener, app));
        Served {
            addr,
            data,
            client: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.data.join("inbox.sqlite3")).unwrap()
    }

    /// The single figure `sql` answers.
    pub fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |row| row.get(0)).unwrap()
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap().to_vec();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Answer {
            status,
            headers,
            body,
            bytes,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.client.get(self.url(path))).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(
            self.client
                .post(self.url(path))
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.to_string()),
        )
        .await
    }

    /// A moderator's POST to `moderation/{path}`, with `body` as JSON if any.
    pub async fn moderate(&self, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self
            .client
            .post(self.url(&format!("/api/v1/moderation/{path}")))
            .bearer_auth(TOKEN);
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        self.send(request).await
    }
}

/// An inbox for one test, with the temporary folder it lives in (removed after it).
pub struct TestInbox {
    pub served: Served,
    pub dir: tempfile::TempDir,
}

impl std::ops::Deref for TestInbox {
    type Target = Served;

    fn deref(&self) -> &Served {
        &self.served
    }
}
