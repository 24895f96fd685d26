//! `make bench-deploy`: the site in a bucket at scale, against moto's S3 server on
//! loopback (`--python`, the one `make moto` installs).
//!
//! 1. A site folder of `--deeds` deeds (the store from `qq sample`, a page per deed and
//!    per university, and an app's files), in a bucket the inbox already publishes into
//!    (its manifest is there): the first `qq deploy` uploads the app's files, the second,
//!    of the unchanged site, must upload nothing, within 30 s.
//! 2. A fresh bucket and a site of `--fresh-deeds` deeds: the first deploy uploads
//!    everything (objects per second).
//! 3. The inbox's side, in this process: after one approval's files change on disk
//!    (the newest page of four lists, stats, relay, the manifest; the deed's page, its
//!    university's, home, relay, map, the sitemap), what `qq serve --publish-to` records
//!    to publish, and how long the walk of `--deeds` deeds' files takes.
//!
//! Prints one JSON line and, with `--record FILE`, adds a row to its deploy table.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use std::{
        path::{Path, PathBuf},
        process::{Child, Command, Stdio},
        time::{Duration, Instant},
    };

    use alfarabi_qq::native::{
        bucket::publisher,
        inbox::{db, now_ms, rfc3339_millis},
    };
    use object_store::ObjectStore;

    struct Options {
        qq: PathBuf,
        python: PathBuf,
        deeds: usize,
        fresh_deeds: usize,
        record: Option<PathBuf>,
    }

    fn options() -> Result<Options, String> {
        let mut options = Options {
            qq: PathBuf::from("target/release/qq"),
            python: PathBuf::from("target/tools/moto/bin/python"),
            deeds: 100_000,
            fresh_deeds: 2_000,
            record: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or(format!("{flag} needs a value"))?;
            let number = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
            match flag.as_str() {
                "--qq" => options.qq = PathBuf::from(&value),
                "--python" => options.python = PathBuf::from(&value),
                "--deeds" => options.deeds = number()?,
                "--fresh-deeds" => options.fresh_deeds = number()?,
                "--record" => options.record = Some(PathBuf::from(&value)),
                other => return Err(format!("unknown flag {other}")),
            }
        }
        Ok(options)
    }

    /// moto's server, ended by its pid when dropped.
    struct Moto {
        child: Child,
        port: u16,
    }

    impl Drop for Moto {
        fn drop(&mut self) {
            let pid = self.child.id();
            if pid > 0 {
                let _ = Command::new("kill")
                    .args(["-s", "TERM", "--", &pid.to_string()])
                    .status();
            }
            let _ = self.child.wait();
        }
    }

    fn moto(python: &Path) -> Result<Moto, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(python)
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e} (run `make moto`)", python.display()))?;
        let moto = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("moto did not listen in 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(moto)
    }

    fn client(port: u16, bucket: &str) -> Result<object_store::aws::AmazonS3, String> {
        object_store::aws::AmazonS3Builder::new()
            .with_endpoint(format!("http://127.0.0.1:{port}"))
            .with_allow_http(true)
            .with_virtual_hosted_style_request(false)
            .with_access_key_id("bench")
            .with_secret_access_key("bench")
            .with_region("us-east-1")
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| e.to_string())
    }

    fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A site folder of `deeds` deeds: the store from `qq sample`, a small page per deed
    /// and per university, and an app's files.
    fn site(qq: &Path, dir: &Path, deeds: usize) -> Result<(), String> {
        let out = Command::new(qq)
            .args([
                "sample",
                "--deeds",
                &deeds.to_string(),
                "--universities",
                "300",
            ])
            .arg("--site")
            .arg(dir)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        let page =
            |title: &str| format!("<!doctype html><title>{title}</title>{}", "x".repeat(2000));
        for n in 1..=deeds {
            write(
                &dir.join(format!("deed/{n}/index.html")),
                page(&n.to_string()).as_bytes(),
            )?;
        }
        for n in 0..300 {
            write(
                &dir.join(format!("u/u{n}/index.html")),
                page("u").as_bytes(),
            )?;
        }
        for (path, size) in [
            ("index.html", 30_000),
            ("relay/index.html", 30_000),
            ("map/index.html", 30_000),
            ("about/index.html", 20_000),
            ("submit/index.html", 20_000),
            ("404.html", 10_000),
            ("sitemap.xml", 50_000),
            ("alfarabi-qq-0123456789abcdef.js", 30_000),
            ("alfarabi-qq-0123456789abcdef_bg.wasm", 500_000),
            ("alfarabi-qq-0123456789abcdef_bg.wasm.br", 150_000),
            ("alfarabi-qq-read-0123456789abcdef.js", 30_000),
            ("alfarabi-qq-read-0123456789abcdef_bg.wasm", 600_000),
            ("main-0123456789abcdef.css", 20_000),
            ("loader.js", 3_000),
            ("sw.js", 3_000),
            ("config.json", 20),
            ("share/site.png", 40_000),
        ] {
            write(&dir.join(path), &vec![b'x'; size])?;
        }
        Ok(())
    }

    /// Runs `qq deploy`; its summary line and how long it took.
    fn deploy(
        qq: &Path,
        site: &Path,
        port: u16,
        bucket: &str,
    ) -> Result<(String, Duration), String> {
        let started = Instant::now();
        let out = Command::new(qq)
            .args(["deploy", "--site"])
            .arg(site)
            .args(["--to", &format!("s3://{bucket}/")])
            .args(["--endpoint", &format!("http://127.0.0.1:{port}")])
            .env("AWS_ACCESS_KEY_ID", "bench")
            .env("AWS_SECRET_ACCESS_KEY", "bench")
            .env("AWS_REGION", "us-east-1")
            .stderr(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        let elapsed = started.elapsed();
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() {
            return Err(format!("qq deploy failed: {text}"));
        }
        Ok((text, elapsed))
    }

    fn uploaded(summary: &str) -> Result<usize, String> {
        let words: Vec<&str> = summary.split([' ', ':']).collect();
        let at = words
            .iter()
            .position(|w| *w == "uploaded")
            .ok_or(format!("no figure in {summary:?}"))?;
        words[at - 1]
            .parse()
            .map_err(|_| format!("no figure in {summary:?}"))
    }

    /// What one approval makes the inbox's publisher record, in a data folder of
    /// `deeds`: the walk's time, and the puts and deletes.
    fn approval(
        site: &Path,
        deeds: usize,
    ) -> Result<(Duration, publisher::Recorded, Duration), String> {
        // The site folder doubles as the data folder: its store under data/v1, its pages
        // moved under pages/.
        let pages = site.join("pages");
        std::fs::create_dir_all(&pages).map_err(|e| e.to_string())?;
        for name in ["deed", "u", "relay", "map", "index.html", "sitemap.xml"] {
            std::fs::rename(site.join(name), pages.join(name)).map_err(|e| e.to_string())?;
        }
        let conn = db::open(&site.join(db::DB_FILE)).map_err(|e| e.to_string())?;
        let started = Instant::now();
        // As a running publisher does: the table read once, then kept.
        let mut known = publisher::load_known(&conn).map_err(|e| e.to_string())?;
        publisher::record_changes_in(&conn, site, &mut known).map_err(|e| e.to_string())?;
        let first = started.elapsed();
        conn.execute("UPDATE publications SET done = 'bench'", [])
            .map_err(|e| e.to_string())?;
        std::thread::sleep(Duration::from_millis(20));
        let last = deeds / 50;
        for path in [
            format!("data/v1/all/{last}.json"),
            "data/v1/stats.json".into(),
            "data/v1/relay.json".into(),
            "data/v1/manifest.json".into(),
            format!("pages/deed/{deeds}/index.html"),
            "pages/u/u1/index.html".into(),
            "pages/index.html".into(),
            "pages/relay/index.html".into(),
            "pages/map/index.html".into(),
            "pages/sitemap.xml".into(),
        ] {
            write(&site.join(&path), format!("changed {path}").as_bytes())?;
        }
        let started = Instant::now();
        let recorded =
            publisher::record_changes_in(&conn, site, &mut known).map_err(|e| e.to_string())?;
        Ok((started.elapsed(), recorded, first))
    }

    fn record(file: &Path, row: &str) -> Result<(), String> {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let mut lines: Vec<&str> = text.lines().collect();
        let marker = lines
            .iter()
            .position(|line| line.trim() == "<!-- deploy -->")
            .ok_or(format!("{} has no <!-- deploy --> table", file.display()))?;
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
                eprintln!("bench_deploy: {error}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let result = (|| -> Result<bool, String> {
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            let moto = moto(&options.python)?;
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;

            // 1. A big site, the inbox's files already in the bucket.
            let big = dir.path().join("big");
            let started = Instant::now();
            site(&options.qq, &big, options.deeds)?;
            eprintln!(
                "a site of {} deeds written in {} ms",
                options.deeds,
                started.elapsed().as_millis()
            );
            let store = client(moto.port, "big")?;
            runtime.block_on(async {
                reqwest::Client::new()
                    .put(format!("http://127.0.0.1:{}/big", moto.port))
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                store
                    .put(
                        &object_store::path::Path::from("data/v1/manifest.json"),
                        b"{}".to_vec().into(),
                    )
                    .await
                    .map_err(|e| e.to_string())
            })?;
            let (first, first_time) = deploy(&options.qq, &big, moto.port, "big")?;
            eprintln!("first deploy, the inbox already publishing: {first}");
            let (second, second_time) = deploy(&options.qq, &big, moto.port, "big")?;
            eprintln!("second deploy of the unchanged site: {second}");
            let second_uploads = uploaded(&second)?;

            // 2. A fresh bucket: everything goes up.
            let small = dir.path().join("small");
            site(&options.qq, &small, options.fresh_deeds)?;
            runtime.block_on(async {
                reqwest::Client::new()
                    .put(format!("http://127.0.0.1:{}/fresh", moto.port))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })?;
            let (fresh, fresh_time) = deploy(&options.qq, &small, moto.port, "fresh")?;
            let fresh_uploads = uploaded(&fresh)?;
            eprintln!(
                "first deploy into a fresh bucket, {} deeds: {fresh}",
                options.fresh_deeds
            );
            drop(moto);

            // 3. One approval's publications at this size.
            let (walk, recorded, first_walk) = approval(&big, options.deeds)?;
            eprintln!(
                "one approval at {} deeds: {} puts, {} deletes recorded in {} ms (the first \
                 recording of every file: {} ms)",
                options.deeds,
                recorded.puts,
                recorded.deletes,
                walk.as_millis(),
                first_walk.as_millis()
            );

            let ok = second_uploads == 0 && second_time <= Duration::from_secs(30);
            let fresh_rate = fresh_uploads as f64 / fresh_time.as_secs_f64();
            println!(
                "{{\"deeds\":{},\"first_deploy_ms\":{},\"second_deploy_ms\":{},\"second_uploads\":{second_uploads},\"fresh_deeds\":{},\"fresh_uploads\":{fresh_uploads},\"fresh_ms\":{},\"approval_puts\":{},\"approval_record_ms\":{}}}",
                options.deeds,
                first_time.as_millis(),
                second_time.as_millis(),
                options.fresh_deeds,
                fresh_time.as_millis(),
                recorded.puts,
                walk.as_millis()
            );
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
                        "| {date} | {commit} | {} | {:.1} | {second_uploads} | {} | {fresh_uploads} | {fresh_rate:.0} | {} | {} | {} |",
                        options.deeds,
                        second_time.as_secs_f64(),
                        options.fresh_deeds,
                        recorded.puts,
                        walk.as_millis(),
                        if ok { "yes" } else { "no" }
                    ),
                )?;
            }
            Ok(ok)
        })();
        match result {
            Ok(true) => std::process::ExitCode::SUCCESS,
            Ok(false) => {
                eprintln!("bench_deploy: a figure missed its bar (recorded)");
                std::process::ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("bench_deploy: {error}");
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
