//! `make bench-inbox`: the inbox under load, and publishing at 100,000 deeds.
//!
//! 1. Starts the real `qq serve` (`--qq PATH`, the release build) on a fresh data folder
//!    with its default rate limits, and for `--seconds` posts new submissions from
//!    `--concurrency` tasks spread over `--addresses` loopback source addresses
//!    (127.0.1.1, 127.0.1.2, …), as students behind several campus NATs would. Reports
//!    accepted submissions per second, the 50th and 99th percentile latency of a 201,
//!    and how many were refused.
//! 2. In this process, over a database seeded with 100,000 synthetic deeds: the first
//!    full build of the store and every page over it, approving one submission and
//!    publishing it (the database transaction, the in-place append and the pages it
//!    changes, as `qq serve --data` renders them), and unpublishing one (a full rebuild).
//!
//! Prints one JSON line and, with `--record FILE`, adds a row to its inbox table.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use std::{
        io::{BufRead, BufReader},
        net::IpAddr,
        path::{Path, PathBuf},
        process::{Command, Stdio},
        sync::{
            Arc,
            atomic::{AtomicU64, Ordering},
        },
        time::{Duration, Instant},
    };

    use alfarabi_qq::native::inbox::{
        db::{self, NewSubmission},
        moderation::{self, Picks},
        now_ms, rfc3339_millis, store_sync,
    };

    struct Options {
        qq: PathBuf,
        seconds: u64,
        concurrency: usize,
        addresses: u8,
        record: Option<PathBuf>,
    }

    fn options() -> Result<Options, String> {
        let mut options = Options {
            qq: PathBuf::from("target/release/qq"),
            seconds: 5,
            concurrency: 64,
            addresses: 200,
            record: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or(format!("{flag} needs a value"))?;
            let number = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
            match flag.as_str() {
                "--qq" => options.qq = PathBuf::from(&value),
                "--seconds" => options.seconds = number()?,
                "--concurrency" => options.concurrency = number()? as usize,
                "--addresses" => options.addresses = number()?.clamp(1, 250) as u8,
                "--record" => options.record = Some(PathBuf::from(&value)),
                other => return Err(format!("unknown flag {other}")),
            }
        }
        Ok(options)
    }

    fn submission(id: &str, n: u64) -> String {
        serde_json::json!({
            "id": id,
            "university": {"id": "kaznu"},
            "virtue": "kindness",
            "title": format!("Сдали кровь {n}"),
            "story": "25 студентов сдали кровь для детской больницы. Всем спасибо!",
            "done_on": "2020-02-10",
            "passes_to": [{"id": "enu"}],
            "consent": true,
            "lang": "ru"
        })
        .to_string()
    }

    fn uuid(run: u64, n: u64) -> String {
        format!("{:08x}-0000-4000-8000-{n:012x}", run & 0xffff_ffff)
    }

    #[derive(Default)]
    struct Load {
        accepted: u64,
        limited: u64,
        failed: u64,
        latencies_us: Vec<u64>,
    }

    async fn load(options: &Options, addr: &str) -> Load {
        let run = now_ms() as u64;
        let clients: Vec<reqwest::Client> = (1..=options.addresses)
            .map(|host| {
                let local: IpAddr = format!("127.0.1.{host}").parse().expect("an address");
                reqwest::Client::builder()
                    .local_address(local)
                    .build()
                    .expect("a client")
            })
            .collect();
        let url = format!("http://{addr}/api/v1/deeds");
        let next = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(options.seconds);
        let mut tasks = Vec::new();
        let clients = Arc::new(clients);
        for _ in 0..options.concurrency {
            let (url, next, clients) = (url.clone(), Arc::clone(&next), Arc::clone(&clients));
            tasks.push(tokio::spawn(async move {
                let mut load = Load::default();
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    // Each request from the next address, so all of them share the load.
                    let client = &clients[n as usize % clients.len()];
                    let started = Instant::now();
                    let sent = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(submission(&uuid(run, n), n))
                        .send()
                        .await;
                    match sent.map(|r| r.status().as_u16()) {
                        Ok(201) => {
                            load.accepted += 1;
                            load.latencies_us.push(started.elapsed().as_micros() as u64);
                        }
                        Ok(429) => load.limited += 1,
                        _ => load.failed += 1,
                    }
                }
                load
            }));
        }
        let mut total = Load::default();
        for task in tasks {
            let load = task.await.expect("a load task");
            total.accepted += load.accepted;
            total.limited += load.limited;
            total.failed += load.failed;
            total.latencies_us.extend(load.latencies_us);
        }
        total.latencies_us.sort_unstable();
        total
    }

    fn percentile(sorted: &[u64], p: f64) -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        let index = ((sorted.len() - 1) as f64 * p).round() as usize;
        sorted[index] as f64 / 1000.0
    }

    fn serve(qq: &Path, dir: &Path) -> Result<(std::process::Child, String), String> {
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
        std::fs::write(dist.join("index.html"), "<!doctype html>").map_err(|e| e.to_string())?;
        let mut child = Command::new(qq)
            .args(["serve", "--addr", "127.0.0.1:0", "--seed", "sample"])
            .arg("--dist")
            .arg(&dist)
            .arg("--data")
            .arg(dir.join("data"))
            .env("QQ_MODERATOR_TOKENS", "bench:bench-token-0123456789")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", qq.display()))?;
        let mut first = String::new();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        BufReader::new(stdout)
            .read_line(&mut first)
            .map_err(|e| e.to_string())?;
        let addr = first
            .trim()
            .rsplit("http://")
            .next()
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        Ok((child, addr))
    }

    struct Publishing {
        first_build_ms: u128,
        approve_ms: u128,
        approve_files: usize,
        rebuild_ms: u128,
        /// Every page rendered over the first build (qq serve's start).
        pages_whole_ms: u128,
        /// The pages one approval changes, after its store sync (within `approve_ms`).
        approve_pages_ms: u128,
        approve_pages: usize,
    }

    fn publishing_at(deeds: usize) -> Result<Publishing, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let data = dir.path();
        let text = |e: alfarabi_qq::native::inbox::InboxError| e.to_string();
        let mut conn = db::open(&alfarabi_qq::native::inbox::db_path(data)).map_err(text)?;
        let source = alfarabi_qq::native::synthetic::synthetic_source(300, deeds);
        db::seed(&mut conn, &source, &rfc3339_millis(now_ms())).map_err(text)?;
        let started = Instant::now();
        let first = store_sync::sync_store(&conn, data).map_err(text)?;
        let first_build_ms = started.elapsed().as_millis();
        // The site's pages over this store, as qq serve keeps them (a site folder that
        // `qq site` wrote, reduced to its record: the pages need nothing else of it).
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).map_err(|e| e.to_string())?;
        let record = alfarabi_qq::native::site::SiteRecord {
            base: "/".into(),
            public_url: "https://alfarabiqq.example/".into(),
            main_css: "body{margin:0}".into(),
            app_styles: Vec::new(),
            inbox_origin: None,
        };
        std::fs::write(
            site.join(alfarabi_qq::native::site::SITE_RECORD),
            serde_json::to_string(&record).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
        let pages = alfarabi_qq::native::site::live::LivePages::open(&site, data)
            .map_err(|e| e.to_string())?
            .ok_or("no site record")?;
        let started = Instant::now();
        pages
            .refresh(first.generation, false)
            .map_err(|e| e.to_string())?;
        let pages_whole_ms = started.elapsed().as_millis();

        let id = "b0000000-0000-4000-8000-000000000001";
        let body = serde_json::json!({
            "id": id, "university": {"id": "u1"}, "virtue": "honesty",
            "title": "Returned a lost wallet", "story": "We found a wallet in the library and returned it.",
            "done_on": "2020-03-01", "passes_to": [{"id": "u2"}], "consent": true, "lang": "en"
        })
        .to_string();
        let new = NewSubmission {
            uuid: id.into(),
            body,
            received_at: rfc3339_millis(now_ms()),
            quarantined: false,
            client_addr: "127.0.0.1".into(),
            photos: Vec::new(),
        };
        db::insert_submission(&conn, &new, db::PhotoLimits::DEFAULT).map_err(|e| e.to_string())?;
        let started = Instant::now();
        moderation::approve(&mut conn, "bench", id, &Picks::default(), now_ms())
            .map_err(|e| e.to_string())?;
        let report = store_sync::sync_store(&conn, data).map_err(text)?;
        let paged = Instant::now();
        let (_, rendered) = pages
            .refresh(report.generation, false)
            .map_err(|e| e.to_string())?;
        let approve_pages_ms = paged.elapsed().as_millis();
        let approve_ms = started.elapsed().as_millis();
        if report.kind != store_sync::SyncKind::Appended {
            return Err(format!("approval synced as {:?}", report.kind));
        }

        let started = Instant::now();
        moderation::unpublish(&mut conn, "bench", 77, None, now_ms()).map_err(|e| e.to_string())?;
        let rebuilt = store_sync::sync_store(&conn, data).map_err(text)?;
        let rebuild_ms = started.elapsed().as_millis();
        if rebuilt.kind != store_sync::SyncKind::Rebuilt {
            return Err(format!("unpublish synced as {:?}", rebuilt.kind));
        }
        Ok(Publishing {
            first_build_ms,
            approve_ms,
            approve_files: report.write.files_written,
            rebuild_ms,
            pages_whole_ms,
            approve_pages_ms,
            approve_pages: rendered.pages,
        })
    }

    fn record(file: &Path, row: &str) -> Result<(), String> {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let mut lines: Vec<&str> = text.lines().collect();
        let marker = lines
            .iter()
            .position(|line| line.trim() == "<!-- inbox -->")
            .ok_or(format!("{} has no <!-- inbox --> table", file.display()))?;
        let mut end = marker + 1;
        while end < lines.len() && lines[end].starts_with('|') {
            end += 1;
        }
        lines.insert(end, row);
        std::fs::write(file, lines.join("\n") + "\n").map_err(|e| e.to_string())
    }

    pub fn main() -> std::process::ExitCode {
        let options = match options() {
            Ok(options) => options,
            Err(error) => {
                eprintln!("bench_inbox: {error}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let result = (|| -> Result<bool, String> {
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let (mut child, addr) = serve(&options.qq, dir.path())?;
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            let load = runtime.block_on(load(&options, &addr));
            let pid = child.id();
            let _ = Command::new("kill")
                .args(["-s", "TERM", "--", &pid.to_string()])
                .status();
            let _ = child.wait();

            let per_second = load.accepted as f64 / options.seconds as f64;
            let (p50, p99) = (
                percentile(&load.latencies_us, 0.50),
                percentile(&load.latencies_us, 0.99),
            );
            eprintln!(
                "inbox: {per_second:.0} accepted/s over {} s from {} addresses, {} tasks; \
                 201 latency p50 {p50:.1} ms, p99 {p99:.1} ms; {} rate-limited, {} failed",
                options.seconds, options.addresses, options.concurrency, load.limited, load.failed
            );
            let publishing = publishing_at(100_000)?;
            eprintln!(
                "publishing at 100,000 deeds: first build {} ms, its pages {} ms; approving one \
                 {} ms ({} files, then {} pages in {} ms); unpublishing one (full rebuild) {} ms",
                publishing.first_build_ms,
                publishing.pages_whole_ms,
                publishing.approve_ms,
                publishing.approve_files,
                publishing.approve_pages,
                publishing.approve_pages_ms,
                publishing.rebuild_ms
            );
            println!(
                "{{\"accepted_per_second\":{per_second:.0},\"p50_ms\":{p50:.1},\"p99_ms\":{p99:.1},\"rate_limited\":{},\"failed\":{},\"approve_ms\":{},\"approve_files\":{},\"rebuild_ms\":{},\"first_build_ms\":{}}}",
                load.limited,
                load.failed,
                publishing.approve_ms,
                publishing.approve_files,
                publishing.rebuild_ms,
                publishing.first_build_ms
            );
            let ok = per_second >= 1000.0
                && load.failed == 0
                && publishing.approve_ms <= 1000
                && publishing.rebuild_ms <= 5000;
            if let Some(file) = &options.record {
                let commit = Command::new("git")
                    .args(["rev-parse", "--short", "HEAD"])
                    .output()
                    .ok()
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                    .unwrap_or_default();
                let date = rfc3339_millis(now_ms())[..10].to_string();
                record(
                    file,
                    &format!(
                        "| {date} | {commit} | {per_second:.0} | {p50:.1} | {p99:.1} | {} | {} | {} | {} | {} |",
                        load.limited,
                        load.failed,
                        publishing.approve_ms,
                        publishing.rebuild_ms,
                        if ok { "yes" } else { "no" }
                    ),
                )?;
            }
            Ok(ok)
        })();
        match result {
            Ok(true) => std::process::ExitCode::SUCCESS,
            Ok(false) => {
                eprintln!("bench_inbox: a figure missed its bar (recorded)");
                std::process::ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("bench_inbox: {error}");
                std::process::ExitCode::FAILURE
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    bench::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
