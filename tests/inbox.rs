//! The inbox on a real port over a real SQLite database in a temporary folder: the
//! submission API's answers and limits, moderation and publishing into the store, many
//! concurrent submissions, and the real `qq serve` killed under load.
#![cfg(not(target_arch = "wasm32"))]

use std::{
    collections::HashSet,
    io::{BufRead, BufReader},
    net::{IpAddr, SocketAddr},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use alfarabi_qq::{
    native::inbox::{
        Seed,
        access::{LiveModerators, Moderators, RateLimit},
        db::PhotoLimits,
        http::{self, Inbox, InboxOptions},
    },
    native::server::{self, Site},
    native::site::{SITE_RECORD, SiteRecord},
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

mod support;
use support::{Answer, Served, Setup, TOKEN, TestInbox, submission, uuid};

const UUID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn site_folder(dir: &Path) -> PathBuf {
    let dist = support::build_folder(dir);
    // The build's own data: the map's outlines, and a stale copy of the store that the
    // inbox's published store must replace.
    std::fs::create_dir_all(dist.join("data/geo")).unwrap();
    std::fs::write(dist.join("data/geo/world.json"), r#"{"version":1}"#).unwrap();
    std::fs::create_dir_all(dist.join("data/v1")).unwrap();
    std::fs::write(dist.join("data/v1/manifest.json"), r#"{"stale":true}"#).unwrap();
    dist
}

async fn start_with(rate: RateLimit, trusted_proxies: Vec<IpAddr>) -> TestInbox {
    start_over(rate, trusted_proxies, false).await
}

/// An inbox over a site folder; `published` makes it one `qq site` wrote (with its record),
/// whose pages the inbox keeps up to date.
async fn start_over(rate: RateLimit, trusted_proxies: Vec<IpAddr>, published: bool) -> TestInbox {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = site_folder(dir.path());
    if published {
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
    }
    let setup = Setup {
        rate,
        trusted_proxies,
        site: Some(dist.clone()),
        ..Setup::default()
    };
    let served = Served::start(dist, dir.path().join("data"), setup).await;
    TestInbox { served, dir }
}

async fn start() -> TestInbox {
    start_with(RateLimit::DEFAULT, Vec::new()).await
}

#[tokio::test]
async fn the_published_store_replaces_the_builds_and_the_rest_of_data_stays_the_builds() {
    let inbox = start().await;
    let get = |path: &str| {
        let url = format!("http://{}{path}", inbox.addr);
        let client = inbox.client.clone();
        async move {
            let response = client.get(url).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, manifest) = get("/data/v1/manifest.json").await;
    assert_eq!(status, 200);
    assert!(manifest.contains("\"last_id\":300"), "{manifest}");
    assert_eq!(
        get("/data/geo/world.json").await,
        (200, r#"{"version":1}"#.to_string())
    );
}

impl TestInbox {
    async fn submit(&self, body: &Value) -> Answer {
        self.post_json("/api/v1/deeds", body).await
    }

    async fn status_of(&self, id: &str) -> Answer {
        self.get(&format!("/api/v1/deeds/{id}/status")).await
    }
}

#[tokio::test]
async fn a_submission_is_stored_once_however_often_it_is_retried() {
    let inbox = start().await;
    let first = inbox.submit(&submission(UUID)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body, json!({"id": UUID, "state": "pending"}));
    assert_eq!(
        first.headers[header::CACHE_CONTROL],
        server::NO_STORE,
        "API answers are not cached"
    );

    let again = inbox.submit(&submission(UUID)).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body);
    let upper = inbox.submit(&submission(&UUID.to_uppercase())).await;
    assert_eq!(upper.body, first.body, "one UUID in either case");
    assert_eq!(inbox.count("SELECT COUNT(*) FROM submissions"), 1);

    let mut other = submission(UUID);
    other["title"] = json!("Another deed entirely");
    let conflict = inbox.submit(&other).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(conflict.body["error"], "id_taken");

    let status = inbox.status_of(UUID).await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.body, json!({"id": UUID, "state": "pending"}));
    assert_eq!(
        inbox.status_of(&uuid(99)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        inbox.status_of("not-a-uuid").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn too_large_not_json_and_broken_rules_are_refused() {
    let inbox = start().await;
    let mut large = submission(UUID);
    large["story"] = json!("a".repeat(17 * 1024));
    let answer = inbox.submit(&large).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.body["error"], "too_large");

    let plain = inbox
        .send(
            inbox
                .client
                .post(inbox.url("/api/v1/deeds"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(submission(UUID).to_string()),
        )
        .await;
    assert_eq!(plain.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let broken = inbox
        .send(
            inbox
                .client
                .post(inbox.url("/api/v1/deeds"))
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .body("{not json"),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.body["error"], "malformed");

    let mut bad = submission(UUID);
    bad["title"] = json!("ab");
    bad["link"] = json!("javascript:alert(1)");
    bad["university"] = json!({"name": "X", "city": "Oxford"});
    bad["passes_to"] = json!([{"id": "enu"}, {"id": "hogwarts"}]);
    bad["consent"] = json!(false);
    let answer = inbox.submit(&bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.body,
        json!({"errors": [
            {"field": "university_name", "code": "too_short", "min": 3},
            {"field": "title", "code": "too_short", "min": 3},
            {"field": "link", "code": "link_not_http"},
            {"field": "passes_to", "code": "unknown_university", "index": 1, "value": "hogwarts"},
            {"field": "consent", "code": "consent_required"},
        ]})
    );
    assert_eq!(inbox.count("SELECT COUNT(*) FROM submissions"), 0);
}

#[tokio::test]
async fn a_flood_from_one_address_is_told_when_to_come_back() {
    let inbox = start_with(
        RateLimit {
            burst: 5.0,
            per_second: 0.5,
        },
        Vec::new(),
    )
    .await;
    for n in 0..5 {
        assert_eq!(
            inbox.submit(&submission(&uuid(n))).await.status,
            StatusCode::CREATED
        );
    }
    let limited = inbox.submit(&submission(&uuid(5))).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.body["error"], "rate_limited");
    let retry: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "Retry-After: {retry}");
}

async fn post_from(inbox: &TestInbox, id: &str, forwarded_for: &str) -> StatusCode {
    inbox
        .send(
            inbox
                .client
                .post(inbox.url("/api/v1/deeds"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-forwarded-for", forwarded_for)
                .body(submission(id).to_string()),
        )
        .await
        .status
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
    let one_each = RateLimit {
        burst: 1.0,
        per_second: 0.01,
    };
    let direct = start_with(one_each, Vec::new()).await;
    assert_eq!(
        post_from(&direct, &uuid(1), "203.0.113.1").await,
        StatusCode::CREATED
    );
    assert_eq!(
        post_from(&direct, &uuid(2), "203.0.113.2").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a client cannot pick its own address"
    );
    let stored: String = direct
        .db()
        .query_row("SELECT client_addr FROM submissions", [], |row| row.get(0))
        .unwrap();
    assert_eq!(stored, "127.0.0.1");

    let proxied = start_with(one_each, vec!["127.0.0.1".parse().unwrap()]).await;
    assert_eq!(
        post_from(&proxied, &uuid(1), "203.0.113.1").await,
        StatusCode::CREATED
    );
    assert_eq!(
        post_from(&proxied, &uuid(2), "198.51.100.7, 203.0.113.2").await,
        StatusCode::CREATED
    );
    assert_eq!(
        post_from(&proxied, &uuid(3), "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let addresses: HashSet<String> = proxied
        .db()
        .prepare("SELECT client_addr FROM submissions")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        addresses,
        HashSet::from(["203.0.113.1".to_string(), "203.0.113.2".to_string()])
    );
}

#[tokio::test]
async fn a_robots_submission_looks_accepted_but_is_never_published() {
    let inbox = start().await;
    let mut robot = submission(UUID);
    robot["website"] = json!("http://cheap-pills.example");
    let answer = inbox.submit(&robot).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(answer.body, json!({"id": UUID, "state": "pending"}));
    assert_eq!(inbox.status_of(UUID).await.body["state"], "pending");
    assert_eq!(
        inbox.count("SELECT COUNT(*) FROM submissions WHERE state = 'quarantined'"),
        1
    );

    let queue = inbox
        .send(
            inbox
                .client
                .get(inbox.url("/api/v1/moderation/queue"))
                .bearer_auth(TOKEN),
        )
        .await;
    assert_eq!(queue.body["submissions"], json!([]));
    let approve = inbox.moderate(&format!("{UUID}/approve"), None).await;
    assert_eq!(approve.status, StatusCode::CONFLICT);
    assert_eq!(approve.body["error"], "not_pending");
    let manifest = inbox.get("/data/v1/manifest.json").await;
    assert_eq!(manifest.body["last_id"], 300, "the sample's last deed");
}

#[tokio::test]
async fn moderation_needs_a_moderators_token() {
    let inbox = start().await;
    inbox.submit(&submission(UUID)).await;
    let queue_url = inbox.url("/api/v1/moderation/queue");
    let none = inbox.send(inbox.client.get(&queue_url)).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers[header::WWW_AUTHENTICATE], "Bearer");
    let wrong = inbox
        .send(
            inbox
                .client
                .get(&queue_url)
                .bearer_auth("alma-0123456789abcdeX"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let in_url = inbox
        .send(inbox.client.get(format!("{queue_url}?token={TOKEN}")))
        .await;
    assert_eq!(in_url.status, StatusCode::UNAUTHORIZED, "never in a URL");
    for path in [
        format!("/api/v1/moderation/{UUID}/approve"),
        format!("/api/v1/moderation/{UUID}/reject"),
        "/api/v1/moderation/universities".to_string(),
        "/api/v1/moderation/deeds/1/unpublish".to_string(),
    ] {
        let answer = inbox.send(inbox.client.post(inbox.url(&path))).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(inbox.status_of(UUID).await.body["state"], "pending");

    let queue = inbox
        .send(inbox.client.get(&queue_url).bearer_auth(TOKEN))
        .await;
    assert_eq!(queue.status, StatusCode::OK);
    let items = queue.body["submissions"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], UUID);
    assert_eq!(items[0]["submission"]["title"], "Сдали кровь");
}

#[tokio::test]
async fn approving_publishes_and_unpublishing_takes_it_down() {
    let inbox = start().await;
    inbox.submit(&submission(UUID)).await;
    let approved = inbox.moderate(&format!("{UUID}/approve"), None).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(
        approved.body,
        json!({"id": UUID, "state": "published", "deed_id": 301})
    );
    assert_eq!(inbox.status_of(UUID).await.body, approved.body);

    let manifest = inbox.get("/data/v1/manifest.json").await.body;
    assert_eq!(manifest["last_id"], 301);
    assert_eq!(manifest["lists"]["all"], 301);
    let newest = inbox.get("/data/v1/all/6.json").await.body;
    let deeds = newest["deeds"].as_array().unwrap();
    assert_eq!(deeds.last().unwrap()["id"], 301);
    assert_eq!(deeds.last().unwrap()["title"], "Сдали кровь");
    assert_eq!(deeds.last().unwrap()["passes_to"], json!(["enu"]));

    let twice = inbox.moderate(&format!("{UUID}/approve"), None).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let down = inbox
        .moderate(
            "deeds/301/unpublish",
            Some(&json!({"reason": "posted twice"})),
        )
        .await;
    assert_eq!(down.status, StatusCode::OK, "{}", down.body);
    let manifest = inbox.get("/data/v1/manifest.json").await.body;
    assert_eq!(manifest["lists"]["all"], 300);
    assert_eq!(
        inbox.get("/data/v1/all/6.json").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        inbox.status_of(UUID).await.body,
        json!({"id": UUID, "state": "rejected", "reason": "posted twice"})
    );
    let again = inbox.moderate("deeds/301/unpublish", None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        inbox.moderate("deeds/999/unpublish", None).await.status,
        StatusCode::NOT_FOUND
    );

    // The next deed gets a new number: 301 stays retired.
    inbox.submit(&submission(&uuid(2))).await;
    let next = inbox.moderate(&format!("{}/approve", uuid(2)), None).await;
    assert_eq!(next.body["deed_id"], 302);
    let actions: Vec<String> = inbox
        .db()
        .prepare("SELECT moderator || ':' || action FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["alma:approve", "alma:unpublish", "alma:approve"]);
}

/// The links of `relay.json` from `from` to `to`.
async fn links(inbox: &TestInbox, from: &str, to: &str) -> Vec<Value> {
    let relay = inbox.get("/data/v1/relay.json").await.body;
    let all = relay["links"].as_array().expect("relay.json lists links");
    (all.iter())
        .filter(|link| link["from"] == from && link["to"] == to)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_deed_from_an_invitation_records_who_passed_the_baton() {
    let inbox = start().await;
    let invited = |n: u64, from: &str| {
        let mut body = submission(&uuid(n));
        body["university"] = json!({"id": "enu"});
        body["passes_to"] = json!([]);
        body["received_from"] = json!(from);
        body
    };
    // Refused: from the university itself, or from one the site does not list.
    let refused = inbox.submit(&invited(1, "enu")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.body["errors"],
        json!([{"field": "received_from", "code": "received_from_self"}])
    );
    let refused = inbox.submit(&invited(2, "hogwarts")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.body["errors"],
        json!([{"field": "received_from", "code": "unknown_university", "value": "hogwarts"}])
    );

    // A giver that never passed the baton to ENU before: the pass is new, this deed's.
    let mut giver = String::new();
    for candidate in [
        "utokyo",
        "columbia",
        "heidelberg",
        "warsaw",
        "pku",
        "snu",
        "istanbul",
    ] {
        if links(&inbox, candidate, "enu").await.is_empty() {
            giver = candidate.to_string();
            break;
        }
    }
    assert!(!giver.is_empty(), "a university that never passed to ENU");
    let before = links(&inbox, "kaznu", "enu").await;
    inbox.submit(&invited(3, &giver)).await;
    let first = inbox.moderate(&format!("{}/approve", uuid(3)), None).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let deed_id = first.body["deed_id"].as_u64().unwrap();
    let page = alfarabi_qq::model::store::page_of_deed(deed_id);
    let deed = inbox.get(&format!("/data/v1/all/{page}.json")).await.body;
    let deed = (deed["deeds"].as_array().unwrap().iter())
        .find(|d| d["id"] == deed_id)
        .cloned()
        .unwrap();
    assert_eq!(deed["received_from"], json!(giver));
    let made = links(&inbox, &giver, "enu").await;
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0]["deed"], deed_id);

    // KazNU's own deeds passed to ENU already: the same link, once, with its first pass.
    inbox.submit(&invited(4, "kaznu")).await;
    let second = inbox.moderate(&format!("{}/approve", uuid(4)), None).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let after = links(&inbox, "kaznu", "enu").await;
    assert_eq!(after.len(), 1, "{after:?}");
    if let [link] = before.as_slice() {
        assert_eq!(after[0]["deed"], link["deed"]);
        assert_eq!(after[0]["date"], link["date"]);
    }
}

/// The page at `path` as a reader gets it: its status and its HTML.
async fn page(inbox: &TestInbox, path: &str) -> (StatusCode, String) {
    let response = inbox.client.get(inbox.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_pages_follow_approvals_and_unpublishing() {
    let inbox = start_over(RateLimit::DEFAULT, Vec::new(), true).await;
    // At start every page is rendered over the inbox's store.
    let pages = inbox.dir.path().join("data/pages");
    assert!(pages.join("deed/300/index.html").is_file());
    let (status, home) = page(&inbox, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains(r#"<link rel="canonical" href="https://alfarabiqq.example/">"#));
    assert_eq!(page(&inbox, "/deed/301/").await.0, StatusCode::NOT_FOUND);

    inbox.submit(&submission(UUID)).await;
    let started = Instant::now();
    let approved = inbox.moderate(&format!("{UUID}/approve"), None).await;
    assert_eq!(approved.body["deed_id"], 301, "{}", approved.body);
    // The answer comes once the deed's page is there.
    let (status, deed) = page(&inbox, "/deed/301/").await;
    println!("approval to page: {} ms", started.elapsed().as_millis());
    assert_eq!(status, StatusCode::OK);
    assert!(deed.contains("Сдали кровь"), "the deed's page shows it");
    assert!(deed.contains(r#"property="og:url" content="https://alfarabiqq.example/deed/301/""#));
    // The home page lists it first, and its universities' pages name it.
    let (_, home) = page(&inbox, "/").await;
    assert!(
        home.contains(r#"href="/deed/301/""#),
        "the home page lists the new deed"
    );
    let (_, university) = page(&inbox, "/u/kaznu/").await;
    assert!(university.contains(r#"href="/deed/301/""#));
    let (_, sitemap) = page(&inbox, "/sitemap.xml").await;
    assert!(sitemap.contains("https://alfarabiqq.example/deed/301/"));

    let down = inbox
        .moderate(
            "deeds/301/unpublish",
            Some(&json!({"reason": "posted twice"})),
        )
        .await;
    assert_eq!(down.status, StatusCode::OK, "{}", down.body);
    // Every page is rendered again in the background, then swapped in whole.
    let waited = Instant::now();
    let (mut status, mut gone) = page(&inbox, "/deed/301/").await;
    while status != StatusCode::NOT_FOUND && waited.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        (status, gone) = page(&inbox, "/deed/301/").await;
    }
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!gone.contains("Сдали кровь"));
    let (_, home) = page(&inbox, "/").await;
    assert!(!home.contains(r#"href="/deed/301/""#));
    let (_, sitemap) = page(&inbox, "/sitemap.xml").await;
    assert!(!sitemap.contains("/deed/301/"));
    // Files other than pages still come from the site folder.
    assert_eq!(page(&inbox, "/data/geo/world.json").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_audit_log_lists_the_moderators_actions_newest_first() {
    let inbox = start().await;
    for n in [1, 2] {
        assert_eq!(
            inbox.submit(&submission(&uuid(n))).await.status,
            StatusCode::CREATED
        );
    }
    let approved = inbox.moderate(&format!("{}/approve", uuid(1)), None).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    // A reason sent the way `curl -d` sends it, labelled as a form: read all the same.
    let rejected = inbox
        .send(
            inbox
                .client
                .post(inbox.url(&format!("/api/v1/moderation/{}/reject", uuid(2))))
                .bearer_auth(TOKEN)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(json!({"reason": "A duplicate."}).to_string()),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.body);

    let audit = |query: &'static str| {
        let request = inbox
            .client
            .get(inbox.url(&format!("/api/v1/moderation/audit{query}")))
            .bearer_auth(TOKEN);
        inbox.send(request)
    };
    let log = audit("").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    assert_eq!(log.headers[header::CACHE_CONTROL], server::NO_STORE);
    let entries = log.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{}", log.body);
    let (newest, oldest) = (&entries[0], &entries[1]);
    assert!(newest["id"].as_i64().unwrap() > oldest["id"].as_i64().unwrap());
    assert_eq!(newest["moderator"], "alma");
    assert_eq!(newest["action"], "reject");
    assert_eq!(newest["target"], uuid(2));
    assert_eq!(newest["detail"], "A duplicate.");
    assert_eq!(oldest["moderator"], "alma");
    assert_eq!(oldest["action"], "approve");
    assert_eq!(oldest["target"], uuid(1));
    assert_eq!(oldest["detail"], "deed 301");
    let at = newest["at"].as_str().unwrap();
    assert!(at.len() == 24 && at.ends_with('Z') && at >= oldest["at"].as_str().unwrap());

    for query in ["?limit=1", "?limit=0"] {
        let one = audit(query).await.body;
        assert_eq!(one["entries"].as_array().unwrap().len(), 1, "{query}");
        assert_eq!(one["entries"][0]["action"], "reject", "{query}");
    }
    assert_eq!(audit("?limit=many").await.status, StatusCode::BAD_REQUEST);
    for query in ["", "?limit=many"] {
        let url = inbox.url(&format!("/api/v1/moderation/audit{query}"));
        let stranger = inbox.send(inbox.client.get(url)).await;
        assert_eq!(stranger.status, StatusCode::UNAUTHORIZED, "{query}");
        assert_eq!(stranger.headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(stranger.body["error"], "unauthorized");
    }
}

#[tokio::test]
async fn a_rejection_gives_its_reason() {
    let inbox = start().await;
    inbox.submit(&submission(UUID)).await;
    let no_reason = inbox.moderate(&format!("{UUID}/reject"), None).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_reason.body["error"], "reason_required");
    let rejected = inbox
        .moderate(
            &format!("{UUID}/reject"),
            Some(&json!({"reason": "This is an advertisement."})),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.body);
    assert_eq!(
        inbox.status_of(UUID).await.body,
        json!({"id": UUID, "state": "rejected", "reason": "This is an advertisement."})
    );
    assert_eq!(
        inbox
            .moderate(
                &format!("{}/reject", uuid(7)),
                Some(&json!({"reason": "x"}))
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_unlisted_university_waits_until_a_moderator_adds_it() {
    let inbox = start().await;
    let mut named = submission(UUID);
    named["university"] = json!({"name": "Tashkent State University", "city": "Tashkent"});
    named["passes_to"] =
        json!([{"id": "kaznu"}, {"name": "Samarkand State University", "city": "Samarkand"}]);
    assert_eq!(inbox.submit(&named).await.status, StatusCode::CREATED);

    let refused = inbox.moderate(&format!("{UUID}/approve"), None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["error"], "unlisted_university");
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("Tashkent State University"),
        "{}",
        refused.body
    );

    let names = |text: &str| json!({"kk": text, "ru": text, "en": text});
    let tsu = json!({
        "id": "tsu", "name": names("Tashkent State University"), "city": names("Tashkent"),
        "country": "UZ", "lat": 41.35, "lon": 69.2
    });
    let added = inbox.moderate("universities", Some(&tsu)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.body, json!({"id": "tsu"}));
    let twice = inbox.moderate("universities", Some(&tsu)).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(twice.body["errors"][0]["code"], "university_exists");
    let universities = inbox.get("/data/v1/universities.json").await.body;
    assert!(
        universities["universities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == "tsu" && u["short"]["en"] == "Tashkent State University")
    );

    let still = inbox
        .moderate(
            &format!("{UUID}/approve"),
            Some(&json!({"university": "tsu"})),
        )
        .await;
    assert_eq!(
        still.status,
        StatusCode::CONFLICT,
        "a pass is still unlisted"
    );
    let approved = inbox
        .moderate(
            &format!("{UUID}/approve"),
            Some(&json!({"university": "tsu", "passes_to": ["kaznu"]})),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let manifest = inbox.get("/data/v1/manifest.json").await.body;
    assert_eq!(manifest["lists"]["u/tsu"], 1);
    let stats = inbox.get("/data/v1/stats.json").await.body;
    let tsu_stats = stats["universities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "tsu")
        .unwrap()
        .clone();
    assert_eq!(tsu_stats["deeds"], 1);

    // A submission naming the new university by id is accepted from now on.
    let mut by_id = submission(&uuid(3));
    by_id["university"] = json!({"id": "tsu"});
    assert_eq!(inbox.submit(&by_id).await.status, StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_submissions_are_all_stored_once() {
    let inbox = Arc::new(
        start_with(
            RateLimit {
                burst: 1e9,
                per_second: 1e9,
            },
            Vec::new(),
        )
        .await,
    );
    let mut tasks = Vec::new();
    for n in 0..1200u64 {
        // Every sixth request retries an earlier submission.
        let id = if n % 6 == 5 { uuid(n - 5) } else { uuid(n) };
        let inbox = Arc::clone(&inbox);
        tasks.push(tokio::spawn(async move {
            inbox.submit(&submission(&id)).await.status
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::CREATED);
    }
    assert_eq!(inbox.count("SELECT COUNT(*) FROM submissions"), 1000);
    assert_eq!(
        inbox.count("SELECT COUNT(DISTINCT uuid) FROM submissions"),
        1000
    );
}

/// The real `qq serve`, as a child process.
struct QqProcess {
    child: Child,
    addr: SocketAddr,
}

fn spawn_qq(dir: &Path) -> QqProcess {
    let dist = site_folder(dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_qq"))
        .args(["serve", "--addr", "127.0.0.1:0", "--seed", "sample"])
        .args([
            "--rate-burst",
            "1000000000",
            "--rate-per-second",
            "1000000000",
        ])
        .arg("--dist")
        .arg(&dist)
        .arg("--data")
        .arg(dir.join("data"))
        .env("QQ_MODERATOR_TOKENS", format!("alma:{TOKEN}"))
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
    QqProcess { child, addr }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_accepted_submission_survives_a_kill_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = spawn_qq(dir.path());
    let url = format!("http://{}/api/v1/deeds", server.addr);
    let accepted = Arc::new(Mutex::new(Vec::<String>::new()));
    let next = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let client = reqwest::Client::new();
    let mut senders = Vec::new();
    for _ in 0..32 {
        let (url, client, accepted, next, stop) = (
            url.clone(),
            client.clone(),
            Arc::clone(&accepted),
            Arc::clone(&next),
            Arc::clone(&stop),
        );
        senders.push(tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                let id = uuid(next.fetch_add(1, Ordering::Relaxed));
                let sent = client
                    .post(&url)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(submission(&id).to_string())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == StatusCode::CREATED => {
                        accepted.lock().unwrap().push(id);
                    }
                    Ok(response) => panic!("{id}: {}", response.status()),
                    Err(_) => break,
                }
            }
        }));
    }
    // Let it take load, then kill it mid-stream.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.child.kill().expect("SIGKILL");
    server.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for sender in senders {
        sender.await.unwrap();
    }
    let accepted = accepted.lock().unwrap().clone();
    eprintln!("{} submissions accepted before the kill", accepted.len());
    assert!(
        accepted.len() > 100,
        "only {} accepted before the kill",
        accepted.len()
    );

    let mut restarted = spawn_qq(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("data/inbox.sqlite3")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let stored: HashSet<String> = conn
        .prepare("SELECT uuid FROM submissions")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let lost: Vec<&String> = accepted.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} accepted submissions lost, e.g. {:?}",
        lost.len(),
        accepted.len(),
        lost.first()
    );
    // The restarted server answers for them.
    let status = reqwest::get(format!(
        "http://{}/api/v1/deeds/{}/status",
        restarted.addr, accepted[0]
    ))
    .await
    .unwrap();
    assert_eq!(status.status(), StatusCode::OK);
    let pid = restarted.child.id().to_string();
    assert!(!pid.is_empty());
    Command::new("kill")
        .args(["-s", "TERM", "--", &pid])
        .status()
        .unwrap();
    restarted.child.wait().unwrap();
}

fn qq(args: &[&str], data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qq"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "warn")
        .output()
        .expect("qq runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_can_work_and_back_up_from_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = spawn_qq(dir.path());
    let client = reqwest::Client::new();
    for n in [1, 2] {
        let sent = client
            .post(format!("http://{}/api/v1/deeds", server.addr))
            .header(header::CONTENT_TYPE, "application/json")
            .body(submission(&uuid(n)).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), StatusCode::CREATED);
    }

    let list = qq(&["moderate", "--as", "bek", "list"], &data);
    assert!(list.status.success(), "{list:?}");
    let lines: Vec<Value> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], uuid(1));

    let approve = qq(&["moderate", "--as", "bek", "approve", &uuid(1)], &data);
    assert!(approve.status.success(), "{approve:?}");
    let reject = qq(
        &[
            "moderate",
            "--as",
            "bek",
            "reject",
            &uuid(2),
            "--reason",
            "A duplicate.",
        ],
        &data,
    );
    assert!(reject.status.success(), "{reject:?}");
    let manifest: Value = serde_json::from_str(
        &reqwest::get(format!("http://{}/data/v1/manifest.json", server.addr))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["last_id"], 301, "the running server serves it");
    let status: Value = serde_json::from_str(
        &reqwest::get(format!(
            "http://{}/api/v1/deeds/{}/status",
            server.addr,
            uuid(2)
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(status["reason"], "A duplicate.");

    let copy = dir.path().join("backup.sqlite3");
    let backup = qq(&["backup", "--to", copy.to_str().unwrap()], &data);
    assert!(backup.status.success(), "{backup:?}");
    let refused = qq(&["restore", "--from", copy.to_str().unwrap()], &data);
    assert!(!refused.status.success(), "restore while serving");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("stop it first"));

    let pid = server.child.id().to_string();
    assert!(!pid.is_empty());
    Command::new("kill")
        .args(["-s", "TERM", "--", &pid])
        .status()
        .unwrap();
    server.child.wait().unwrap();

    let elsewhere = dir.path().join("restored");
    let restore = qq(&["restore", "--from", copy.to_str().unwrap()], &elsewhere);
    assert!(restore.status.success(), "{restore:?}");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(elsewhere.join("data/v1/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["last_id"], 301);
    let conn = rusqlite::Connection::open(elsewhere.join("inbox.sqlite3")).unwrap();
    let audit: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE moderator = 'bek'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(audit, 2);
}

#[tokio::test]
async fn cors_is_off_unless_an_origin_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let dist = site_folder(dir.path());
    let options = InboxOptions {
        data: dir.path().join("data"),
        seed: Seed::None,
        rate: RateLimit::DEFAULT,
        photos: PhotoLimits::DEFAULT,
        trusted_proxies: Vec::new(),
        cors_origins: vec!["https://alfarabiqq.example".into()],
        moderators: Arc::new(LiveModerators::fixed(
            Moderators::parse(&format!("alma:{TOKEN}"), '\n', "test").unwrap(),
        )),
        site: None,
        publish_to: None,
    };
    let client = reqwest::Client::new();
    let preflight = |addr: SocketAddr, origin: &'static str| {
        client
            .request(
                reqwest::Method::OPTIONS,
                format!("http://{addr}/api/v1/deeds"),
            )
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .send()
    };
    let allowed_origin = |response: &reqwest::Response| {
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().unwrap().to_string())
    };

    let with = Inbox::start(&options).unwrap();
    let site = Site::new(&dist, "/").unwrap();
    let app = server::app(&site, Some(http::router(with, &options.cors_origins)));
    let (listener, addr) = server::bind("127.0.0.1:0").await.unwrap();
    tokio::spawn(server::serve_app(listener, app));
    let ok = preflight(addr, "https://alfarabiqq.example").await.unwrap();
    assert_eq!(
        allowed_origin(&ok).as_deref(),
        Some("https://alfarabiqq.example")
    );
    let other = preflight(addr, "https://elsewhere.example").await.unwrap();
    assert_eq!(allowed_origin(&other), None);

    let without = Inbox::start(&InboxOptions {
        data: dir.path().join("other"),
        cors_origins: Vec::new(),
        ..options.clone()
    })
    .unwrap();
    let app = server::app(&site, Some(http::router(without, &[])));
    let (listener, addr) = server::bind("127.0.0.1:0").await.unwrap();
    tokio::spawn(server::serve_app(listener, app));
    let off = preflight(addr, "https://alfarabiqq.example").await.unwrap();
    assert_eq!(allowed_origin(&off), None);
}

#[tokio::test]
async fn invisible_titles_and_disguised_links_are_refused_as_the_form_refuses_them() {
    let inbox = start().await;
    let mut bad = submission(UUID);
    bad["title"] = json!("\u{200B}\u{200B}\u{202E}\u{200F}\u{FEFF}");
    bad["story"] = json!("!!! ??? ... --- !!! ??? ... ---");
    bad["author"] = json!("\u{200B}\u{2060}");
    bad["link"] = json!("https://kaznu.kz@evil.example/login");
    let answer = inbox.submit(&bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.body,
        json!({"errors": [
            {"field": "title", "code": "too_short", "min": 3},
            {"field": "story", "code": "no_letters"},
            {"field": "link", "code": "link_disguised"},
            {"field": "author", "code": "too_short", "min": 1},
        ]})
    );
    bad["link"] = json!("https://kaznu.kz/\u{202E}gnp.exe");
    let answer = inbox.submit(&bad).await;
    assert!(
        answer.body["errors"]
            .as_array()
            .unwrap()
            .contains(&json!({"field": "link", "code": "link_disguised"}))
    );
    assert_eq!(inbox.count("SELECT COUNT(*) FROM submissions"), 0);
}

#[tokio::test]
async fn moderation_checks_the_token_before_reading_the_request() {
    let inbox = start().await;
    // Malformed paths, queries and bodies: without a token the answer is 401 all the
    // same, so a stranger learns nothing from how they fail.
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/moderation/deeds/not-a-number/unpublish",
            "{",
        ),
        ("GET", "/api/v1/moderation/queue?limit=many", ""),
        ("POST", "/api/v1/moderation/not-a-uuid/approve", "[1,2"),
        ("POST", "/api/v1/moderation/universities", "not json"),
    ] {
        let request = inbox
            .client
            .request(method.parse().unwrap(), inbox.url(path))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body);
        let answer = inbox.send(request).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(answer.body["error"], "unauthorized", "{path}");
    }
    // With a token, the same malformed request gets its own answer.
    let answer = inbox
        .send(
            inbox
                .client
                .get(inbox.url("/api/v1/moderation/queue?limit=many"))
                .bearer_auth(TOKEN),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_database_is_private_and_forgets_client_addresses() {
    let inbox = start().await;
    assert_eq!(
        inbox.submit(&submission(UUID)).await.status,
        StatusCode::CREATED
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in ["inbox.sqlite3", "inbox.sqlite3-wal", "inbox.sqlite3-shm"] {
            let mode = std::fs::metadata(inbox.data.join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        let mode = std::fs::metadata(&inbox.data).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the data folder");
    }
    let conn = inbox.db();
    let address: String = conn
        .query_row("SELECT client_addr FROM submissions", [], |row| row.get(0))
        .unwrap();
    assert_eq!(address, "127.0.0.1");
    // Kept for the stated period, then erased.
    let now = alfarabi_qq::native::inbox::now_ms();
    let day = 86_400_000;
    assert_eq!(
        alfarabi_qq::native::inbox::forget_old_addresses(&conn, now + 29 * day).unwrap(),
        0
    );
    assert_eq!(
        alfarabi_qq::native::inbox::forget_old_addresses(&conn, now + 31 * day).unwrap(),
        1
    );
    let address: String = conn
        .query_row("SELECT client_addr FROM submissions", [], |row| row.get(0))
        .unwrap();
    assert_eq!(address, "");
}

#[test]
fn a_wildcard_or_malformed_cors_origin_is_refused_with_a_reason() {
    let wildcard = http::cors_origins(&["*".into()]).unwrap_err().to_string();
    assert!(wildcard.contains("wildcard is not supported"), "{wildcard}");
    for bad in ["alfarabiqq.kz", "https://alfarabiqq.kz/path", "ftp://x.kz"] {
        let error = http::cors_origins(&[bad.into()]).unwrap_err().to_string();
        assert!(error.contains("is not an origin"), "{bad}: {error}");
    }
    assert_eq!(
        http::cors_origins(&["https://alfarabiqq.kz/".into()])
            .unwrap()
            .len(),
        1
    );
    // The real server says so and exits, without a panic.
    let dir = tempfile::tempdir().unwrap();
    let dist = site_folder(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_qq"))
        .args(["serve", "--addr", "127.0.0.1:0", "--cors-origin", "*"])
        .arg("--dist")
        .arg(&dist)
        .arg("--data")
        .arg(dir.path().join("data"))
        .env("QQ_MODERATOR_TOKENS", format!("alma:{TOKEN}"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("wildcard is not supported"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
