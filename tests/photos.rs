//! Photos of deeds through the real inbox on a real port: submissions with photos as
//! `multipart/form-data`, each bad photo of issue 18 refused with its code and nothing
//! stored, metadata gone from what is kept and what is published, a moderator leaving one
//! photo out, unpublishing removing the files, the quota and the cap, retries, and a
//! backup restored with its photos. The test images are made here with the image crate.
#![cfg(not(target_arch = "wasm32"))]

use std::{
    io::{Cursor, Read, Write},
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use alfarabi_qq::model::photo::Photo;
use alfarabi_qq::native::{
    inbox::{self, db::PhotoLimits},
    server,
};
use image::{DynamicImage, ImageFormat, RgbImage, codecs::jpeg::JpegEncoder};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

mod support;
use support::{Answer, Served, Setup, TOKEN, TestInbox, uuid};

const BOUNDARY: &str = "qq-test-boundary-7f3a";

/// The photos of a deed as the store writes them (each one string, read by the model).
fn photos(deed: &Value) -> Vec<Photo> {
    serde_json::from_value(deed["photos"].clone()).unwrap()
}

/// An inbox over `data` (a fresh folder when none), with `photos` as its limits.
async fn start_on(data: Option<PathBuf>, photos: PhotoLimits) -> TestInbox {
    let dir = tempfile::tempdir().unwrap();
    let dist = support::build_folder(dir.path());
    let data = data.unwrap_or_else(|| dir.path().join("data"));
    let setup = Setup {
        photos,
        ..Setup::default()
    };
    TestInbox {
        served: Served::start(dist, data, setup).await,
        dir,
    }
}

async fn start() -> TestInbox {
    start_on(None, PhotoLimits::DEFAULT).await
}

/// A submission describing a photo with each of `alts`.
fn submission(id: &str, alts: &[&str]) -> Value {
    let mut deed = support::submission(id);
    deed["photos"] = alts.iter().map(|alt| json!({"alt": alt})).collect();
    deed
}

/// A `multipart/form-data` body: the part `deed`, then each `(name, bytes)`.
fn multipart(deed: &Value, parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"deed\"\r\n\
         Content-Type: application/json\r\n\r\n{deed}\r\n"
    )
    .into_bytes();
    for (name, bytes) in parts {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .bytes(),
        );
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

impl TestInbox {
    async fn submit(&self, deed: &Value, parts: &[(&str, &[u8])]) -> Answer {
        self.send(
            self.client
                .post(self.url("/api/v1/deeds"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(multipart(deed, parts)),
        )
        .await
    }

    /// Deed `id` as the database published it.
    fn deed(&self, id: u64) -> Value {
        let json: String = self
            .db()
            .query_row("SELECT json FROM deeds WHERE id = ?1", [id as i64], |row| {
                row.get(0)
            })
            .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    fn photo_file(&self, name: &str, width: u32) -> PathBuf {
        self.data.join(format!("data/v1/photos/{name}-{width}.jpg"))
    }

    fn nothing_stored(&self) {
        assert_eq!(self.count("SELECT COUNT(*) FROM submissions"), 0);
        assert_eq!(self.count("SELECT COUNT(*) FROM photos"), 0);
    }
}

/// A photo-like picture: smooth colours, so its JPEG is a realistic size.
fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x + y) % 97 + 80) as u8,
        ])
    })
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&picture(width, height))
        .unwrap();
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(picture(width, height))
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

/// A camera's JPEG: an APP1 `Exif` segment with GPS tags (where it was taken) right
/// after the start marker, as a phone writes it.
fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    // A TIFF header and the tags' names and values, as an EXIF reader would find them.
    let mut exif = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
    exif.extend(b"GPSInfo GPSLatitudeRef N GPSLatitude 43/1 13/1 1920/100 ");
    exif.extend(b"GPSLongitudeRef E GPSLongitude 76/1 55/1 4440/100 Make Phone");
    let mut bytes = plain[..2].to_vec();
    bytes.extend([0xFF, 0xE1]);
    bytes.extend(((exif.len() + 2) as u16).to_be_bytes());
    bytes.extend(exif);
    bytes.extend(&plain[2..]);
    bytes
}

/// A PNG's header saying `width` x `height`, with a tiny IDAT and its IEND: all a bomb
/// needs to look like a huge image.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        bytes.extend((data.len() as u32).to_be_bytes());
        bytes.extend(kind);
        bytes.extend(data);
        bytes.extend([0, 0, 0, 0]);
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &header);
    chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00]);
    chunk(b"IEND", &[]);
    bytes
}

fn has_metadata(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == [0xFF, 0xE1])
        || bytes.windows(4).any(|w| w == b"Exif")
        || bytes.windows(3).any(|w| w == b"GPS")
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    image::load_from_memory_with_format(bytes, ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8()
        .dimensions()
}

#[tokio::test]
async fn each_bad_photo_is_refused_with_its_code_and_nothing_is_stored() {
    let inbox = start().await;
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let text = b"This is a letter, not a photo, renamed to photo.jpg".to_vec();
    let good = jpeg(640, 480);
    let truncated = good[..good.len() / 2].to_vec();
    let mut after_end = png(64, 64);
    after_end.extend(b"tEXt hidden after IEND: <?php system($_GET['c']); ?>");
    let mut oversized = good.clone();
    oversized.resize(410 * 1024, 0x55);
    let bomb = png_header(20_000, 20_000);
    for (what, bytes, code) in [
        ("a text renamed .jpg", text.as_slice(), "photo_type"),
        ("an SVG", svg.as_slice(), "photo_type"),
        (
            "a 20000x20000 PNG",
            bomb.as_slice(),
            "photo_too_many_pixels",
        ),
        ("a truncated JPEG", truncated.as_slice(), "photo_damaged"),
        (
            "a PNG with text after IEND",
            after_end.as_slice(),
            "photo_damaged",
        ),
        ("410 KiB", oversized.as_slice(), "photo_too_large"),
    ] {
        // The bad photo second: the first is good, and is not stored either.
        let deed = submission(&uuid(1), &["Donors at the blood bank", "The queue outside"]);
        let answer = inbox
            .submit(&deed, &[("photo0", &good), ("photo1", bytes)])
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        let error = &answer.body["errors"][0];
        assert_eq!(
            (
                error["field"].as_str(),
                error["code"].as_str(),
                error["index"].as_u64()
            ),
            (Some("photo"), Some(code), Some(1)),
            "{what}: {}",
            answer.body
        );
        inbox.nothing_stored();
    }

    let described = submission(&uuid(1), &["Donors at the blood bank", "The queue outside"]);
    let missing = inbox.submit(&described, &[("photo0", &good)]).await;
    assert_eq!(
        missing.body,
        json!({"errors": [{"field": "photo", "code": "photo_missing", "index": 1}]})
    );
    let undescribed = inbox
        .submit(&submission(&uuid(1), &[]), &[("photo0", &good)])
        .await;
    assert_eq!(undescribed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(undescribed.body["errors"][0]["field"], "photo_alt");
    assert_eq!(undescribed.body["errors"][0]["index"], 0);
    let four = inbox
        .submit(
            &submission(&uuid(1), &["one photo", "two photo", "three ph"]),
            &[
                ("photo0", &good),
                ("photo1", &good),
                ("photo2", &good),
                ("photo3", &good),
            ],
        )
        .await;
    assert_eq!(four.body["errors"][0]["code"], "too_many_photos");
    inbox.nothing_stored();
}

/// Sends a `multipart/form-data` request declaring `declared` bytes (or chunked) over a
/// plain socket, writing until the server answers or stops reading; returns the answer's
/// status line and how many bytes of the body were written.
fn send_huge(addr: SocketAddr, declared: Option<usize>) -> (String, usize) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let length = match declared {
        Some(length) => format!("Content-Length: {length}\r\n"),
        None => "Transfer-Encoding: chunked\r\n".to_string(),
    };
    write!(
        stream,
        "POST /api/v1/deeds HTTP/1.1\r\nHost: test\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{length}\r\n"
    )
    .unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let mut writer = stream.try_clone().unwrap();
    let counter = Arc::clone(&written);
    let chunked = declared.is_none();
    std::thread::spawn(move || {
        let head =
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo0\"\r\n\r\n");
        let block = vec![0x42u8; 64 * 1024];
        let mut first = true;
        while counter.load(Ordering::Relaxed) < 50 * 1024 * 1024 {
            let data: &[u8] = if first { head.as_bytes() } else { &block };
            first = false;
            let sent = if chunked {
                write!(writer, "{:x}\r\n", data.len())
                    .and_then(|()| writer.write_all(data))
                    .and_then(|()| writer.write_all(b"\r\n"))
            } else {
                writer.write_all(data)
            };
            if sent.is_err() {
                return;
            }
            counter.fetch_add(data.len(), Ordering::Relaxed);
        }
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend(&buffer[..n]),
        }
    }
    let line = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    (line, written.load(Ordering::Relaxed))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifty_megabyte_body_is_refused_without_being_read() {
    let inbox = start().await;
    let addr = inbox.addr;
    let started = Instant::now();
    let (declared, written) =
        tokio::task::spawn_blocking(move || send_huge(addr, Some(50 * 1024 * 1024)))
            .await
            .unwrap();
    assert!(declared.contains(" 413 "), "{declared}");
    assert!(
        written < 50 * 1024 * 1024,
        "answered before the body was sent"
    );
    let (chunked, written) = tokio::task::spawn_blocking(move || send_huge(addr, None))
        .await
        .unwrap();
    assert!(chunked.contains(" 413 "), "{chunked}");
    // Cut off near the limit: the server stopped reading there (the rest of what was
    // written sits in the sockets' buffers, never in the server's memory).
    assert!(written < 20 * 1024 * 1024, "{written} bytes written");
    assert!(started.elapsed() < Duration::from_secs(15));
    inbox.nothing_stored();
}

#[tokio::test]
async fn no_metadata_survives_in_what_is_kept_or_what_is_published() {
    let inbox = start().await;
    let camera = camera_jpeg(1600, 1200);
    assert!(has_metadata(&camera));
    let deed = submission(&uuid(7), &["Donors at the blood bank"]);
    let answer = inbox.submit(&deed, &[("photo0", &camera)]).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);

    let (kept, width, height): (Vec<u8>, u32, u32) = inbox
        .db()
        .query_row("SELECT jpeg, width, height FROM photos", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .unwrap();
    assert!(
        !has_metadata(&kept),
        "the kept JPEG has no APP1, Exif or GPS"
    );
    assert_eq!(dimensions(&kept), (1600, 1200));
    assert_eq!((width, height), (1600, 1200));

    // What the moderator sees is that JPEG, never cached.
    let path = format!("/api/v1/moderation/photos/{}/0", uuid(7));
    let unauthorised = inbox.get(&path).await;
    assert_eq!(unauthorised.status, StatusCode::UNAUTHORIZED);
    let seen = inbox
        .send(inbox.client.get(inbox.url(&path)).bearer_auth(TOKEN))
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(seen.headers[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(seen.bytes, kept);
    let none = inbox
        .send(
            inbox
                .client
                .get(inbox.url(&format!("/api/v1/moderation/photos/{}/1", uuid(7))))
                .bearer_auth(TOKEN),
        )
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);

    let approved = inbox.moderate(&format!("{}/approve", uuid(7)), None).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let photo = photos(&inbox.deed(301)).remove(0);
    assert_eq!(photo.alt, "Donors at the blood bank");
    assert_eq!((photo.width, photo.height), (1200, 900));
    let name = &photo.name;
    for (width, size) in [(480, (480, 360)), (1200, (1200, 900))] {
        let published = inbox
            .get(&format!("/data/v1/photos/{name}-{width}.jpg"))
            .await;
        assert_eq!(published.status, StatusCode::OK);
        assert_eq!(published.headers[header::CONTENT_TYPE], "image/jpeg");
        assert_eq!(
            published.headers[header::CACHE_CONTROL],
            server::IMMUTABLE,
            "named by its content"
        );
        assert!(!has_metadata(&published.bytes), "{width}");
        assert_eq!(dimensions(&published.bytes), size);
    }
    // The store's pages name it.
    let newest = inbox.get("/data/v1/all/6.json").await.body;
    let last = newest["deeds"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(&photos(&last)[0].name, name);
}

#[tokio::test]
async fn a_moderator_leaves_one_photo_out_and_unpublishing_removes_the_rest() {
    let inbox = start().await;
    let (first, second) = (jpeg(800, 600), png(300, 400));
    let deed = submission(&uuid(3), &["Donors at the blood bank", "The queue outside"]);
    let answer = inbox
        .submit(&deed, &[("photo0", &first), ("photo1", &second)])
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let queue = inbox
        .send(
            inbox
                .client
                .get(inbox.url("/api/v1/moderation/queue"))
                .bearer_auth(TOKEN),
        )
        .await;
    assert_eq!(
        queue.body["submissions"][0]["submission"]["photos"][1]["alt"],
        "The queue outside"
    );

    let unknown = inbox
        .moderate(
            &format!("{}/approve", uuid(3)),
            Some(&json!({"remove_photos": [5]})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.body["error"], "no_photo");
    let approved = inbox
        .moderate(
            &format!("{}/approve", uuid(3)),
            Some(&json!({"remove_photos": [0]})),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let kept = photos(&inbox.deed(301));
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].alt, "The queue outside");
    assert_eq!((kept[0].width, kept[0].height), (300, 400));
    let name = kept[0].name.clone();
    assert!(inbox.photo_file(&name, 480).is_file());
    assert!(inbox.photo_file(&name, 1200).is_file());
    // Smaller than 480: both files at its own size, never enlarged.
    for width in [480, 1200] {
        let file = std::fs::read(inbox.photo_file(&name, width)).unwrap();
        assert_eq!(dimensions(&file), (300, 400));
    }
    let files = std::fs::read_dir(inbox.data.join("data/v1/photos"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "the photo left out is not published");
    assert_eq!(
        inbox.count("SELECT COUNT(*) FROM photos WHERE jpeg IS NULL AND idx = 0"),
        1,
        "nor kept"
    );

    let down = inbox.moderate("deeds/301/unpublish", None).await;
    assert_eq!(down.status, StatusCode::OK, "{}", down.body);
    assert!(!inbox.photo_file(&name, 480).exists());
    assert!(!inbox.photo_file(&name, 1200).exists());
    assert_eq!(
        inbox
            .get(&format!("/data/v1/photos/{name}-1200.jpg"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        inbox.count("SELECT COUNT(*) FROM photos WHERE jpeg IS NOT NULL"),
        0
    );
}

#[tokio::test]
async fn a_retry_answers_the_same_and_other_photos_under_the_same_id_conflict() {
    let inbox = start().await;
    let (photo, other) = (jpeg(320, 240), jpeg(240, 320));
    let deed = submission(&uuid(4), &["Donors at the blood bank"]);
    let first = inbox.submit(&deed, &[("photo0", &photo)]).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = inbox.submit(&deed, &[("photo0", &photo)]).await;
    assert_eq!(
        (again.status, &again.body),
        (StatusCode::CREATED, &first.body)
    );
    let changed = inbox.submit(&deed, &[("photo0", &other)]).await;
    assert_eq!(changed.status, StatusCode::CONFLICT);
    assert_eq!(changed.body["error"], "id_taken");
    assert_eq!(inbox.count("SELECT COUNT(*) FROM photos"), 1);

    // A field this inbox does not know is ignored, with photos or without.
    let mut newer = submission(&uuid(5), &["Donors at the blood bank"]);
    newer["mood"] = json!("happy");
    newer["photos"][0]["focus"] = json!([0.5, 0.5]);
    let answer = inbox
        .submit(&newer, &[("photo0", &photo), ("note", b"hello")])
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    // An older app's plain JSON still works.
    let plain = inbox
        .send(
            inbox
                .client
                .post(inbox.url("/api/v1/deeds"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(submission(&uuid(6), &[]).to_string()),
        )
        .await;
    assert_eq!(plain.status, StatusCode::CREATED, "{}", plain.body);
}

#[tokio::test]
async fn the_daily_quota_and_the_waiting_cap_are_answered_and_a_retry_is_not_counted() {
    let limits = PhotoLimits {
        per_address_per_day: 3,
        waiting: 100,
    };
    let inbox = start_on(None, limits).await;
    let photo = jpeg(320, 240);
    let two = submission(&uuid(1), &["Donors at the blood bank", "The queue outside"]);
    let parts: [(&str, &[u8]); 2] = [("photo0", &photo), ("photo1", &photo)];
    assert_eq!(inbox.submit(&two, &parts).await.status, StatusCode::CREATED);
    let more = submission(&uuid(2), &["one more", "and another"]);
    let refused = inbox.submit(&more, &parts).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.body["error"], "photo_quota");
    let wait: u64 = refused.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=86_400).contains(&wait),
        "until the UTC day ends: {wait}"
    );
    assert_eq!(
        inbox.submit(&two, &parts).await.status,
        StatusCode::CREATED,
        "a retry is not counted again"
    );
    let one = submission(&uuid(3), &["one more"]);
    assert_eq!(
        inbox.submit(&one, &[("photo0", &photo)]).await.status,
        StatusCode::CREATED
    );
    // Without photos, the quota does not apply.
    assert_eq!(
        inbox.submit(&submission(&uuid(4), &[]), &[]).await.status,
        StatusCode::CREATED
    );
    assert_eq!(inbox.count("SELECT COUNT(*) FROM photos"), 3);

    let capped = start_on(
        None,
        PhotoLimits {
            per_address_per_day: 100,
            waiting: 2,
        },
    )
    .await;
    assert_eq!(
        capped.submit(&two, &parts).await.status,
        StatusCode::CREATED
    );
    let full = capped.submit(&one, &[("photo0", &photo)]).await;
    assert_eq!(full.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(full.body["error"], "photo_queue_full");
    // Once a moderator decided, the queue has room again.
    let rejected = capped
        .moderate(
            &format!("{}/reject", uuid(1)),
            Some(&json!({"reason": "blurry"})),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK);
    assert_eq!(
        capped.submit(&one, &[("photo0", &photo)]).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_backup_carries_the_photos_and_a_restore_publishes_them_again() {
    let inbox = start().await;
    let deed = submission(&uuid(8), &["Donors at the blood bank"]);
    let photo = jpeg(1024, 768);
    assert_eq!(
        inbox.submit(&deed, &[("photo0", &photo)]).await.status,
        StatusCode::CREATED
    );
    let approved = inbox.moderate(&format!("{}/approve", uuid(8)), None).await;
    assert_eq!(approved.status, StatusCode::OK);
    let name = photos(&inbox.deed(301))[0].name.clone();
    let published = std::fs::read(inbox.photo_file(&name, 1200)).unwrap();

    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("backup.sqlite3");
    inbox::backup(&inbox.db(), &copy).unwrap();
    let restored: PathBuf = elsewhere.path().join("data");
    let report = inbox::restore(&restored, &copy).unwrap();
    assert!(report.contains("restored"), "{report}");
    assert_restored(&restored, &name, &published);

    let again = start_on(Some(restored), PhotoLimits::DEFAULT).await;
    let served = again.get(&format!("/data/v1/photos/{name}-1200.jpg")).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.bytes, published);
}

fn assert_restored(data: &Path, name: &str, published: &[u8]) {
    let file = data.join(format!("data/v1/photos/{name}-1200.jpg"));
    assert_eq!(
        std::fs::read(file).unwrap(),
        published,
        "made again from the backup"
    );
    assert!(
        data.join(format!("data/v1/photos/{name}-480.jpg"))
            .is_file()
    );
}
