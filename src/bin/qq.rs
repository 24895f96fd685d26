//! `qq`, the native side of the site: it serves the built app and, with a data folder,
//! the inbox (`qq serve`); builds stores (`qq publish`, `qq sample`) and the map's
//! outlines (`qq geometry`); puts the site into an S3-compatible bucket (`qq deploy`);
//! and lets a moderator work from a shell (`qq moderate`, `qq backup`, `qq restore`).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::{
        io::Write,
        net::IpAddr,
        path::{Path, PathBuf},
        process::ExitCode,
    };

    use alfarabi_qq::native::bucket::publisher::PublishTarget;
    use alfarabi_qq::{
        native::inbox::{
            self, InboxError, Seed,
            access::{self, RateLimit},
            db::{self, PhotoLimits},
            http::{Inbox, InboxOptions},
            moderation::{self, ModerationError, NewUniversity, Picks},
            store_sync,
        },
        native::server::{self, Site},
    };
    use clap::{Parser, Subcommand, ValueEnum};

    /// The Qayirimdy Qogam (#AlFarabiQQ) site's server.
    #[derive(Parser)]
    #[command(version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Serve the built site (Trunk's dist/) over HTTP.
        Serve {
            /// Address to listen on; port 0 picks a free one.
            #[arg(long, default_value = "127.0.0.1:8080")]
            addr: String,
            /// The built site.
            #[arg(long, default_value = "dist")]
            dist: PathBuf,
            /// URL path the site is mounted at, such as /qq/.
            #[arg(long, default_value = "/")]
            base: String,
            #[command(flatten)]
            inbox: InboxArgs,
        },
        /// Write the deployable site: the app as Trunk built it, every public page
        /// prerendered over the store, the sitemap and robots.txt.
        Site {
            /// The app as Trunk built it.
            #[arg(long, default_value = "dist")]
            dist: PathBuf,
            /// The site folder to write (replaced as a whole).
            #[arg(long, default_value = "site")]
            out: PathBuf,
            /// URL path the site is mounted at, such as /qq/.
            #[arg(long, default_value = "/")]
            base: String,
            /// The site's public address, for link previews and canonical links.
            #[arg(long, default_value = "http://127.0.0.1:8080/")]
            public_url: String,
            /// An inbox on another host (its origin joins the pages' policy).
            #[arg(long)]
            inbox: Option<String>,
            /// A folder whose data/v1/ is the store to publish (an inbox's data folder)
            /// instead of the build's own.
            #[arg(long)]
            store: Option<PathBuf>,
        },
        /// Put the site folder into an S3-compatible bucket, uploading only what changed
        /// (credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).
        Deploy {
            /// The site folder `qq site` wrote.
            #[arg(long, default_value = "site")]
            site: PathBuf,
            /// The bucket and folder: s3://BUCKET or s3://BUCKET/FOLDER.
            #[arg(long)]
            to: String,
            /// An S3-compatible endpoint other than Amazon's (R2, MinIO, a local server);
            /// path-style addresses, plain http allowed.
            #[arg(long)]
            endpoint: Option<String>,
            /// How long files of an older release stay after the site stops having them:
            /// 7d, 12h, 30m, 0s.
            #[arg(long, default_value = "7d")]
            grace: String,
            /// Say what would be uploaded and deleted; change nothing.
            #[arg(long)]
            dry_run: bool,
        },
        /// Build the static data store (data/v1/ under --site) from its source.
        Publish {
            /// The source folder: universities.jsonl and deeds.jsonl.
            #[arg(long, default_value = "src/sample")]
            source: PathBuf,
            /// The site folder the store is written into.
            #[arg(long, default_value = "public")]
            site: PathBuf,
        },
        /// Build the map's country outlines (data/geo/world.json) from Natural Earth's
        /// TopoJSON, as the npm package world-atlas 2.0.2 ships it.
        Geometry {
            /// world-atlas's countries-50m.json.
            #[arg(long)]
            topology: PathBuf,
            /// The asset to write.
            #[arg(long, default_value = "public/data/geo/world.json")]
            out: PathBuf,
        },
        /// Write a synthetic store (for benchmarks) under --site; prints what was written.
        Sample {
            /// How many deeds.
            #[arg(long, default_value_t = 10_000)]
            deeds: usize,
            /// How many universities.
            #[arg(long, default_value_t = 300)]
            universities: usize,
            /// The site folder the store is written into.
            #[arg(long)]
            site: PathBuf,
        },
        /// Moderate from a shell, on the data folder's database (a running server may
        /// stay up).
        Moderate {
            /// The data folder.
            #[arg(long, default_value = "data", global = true)]
            data: PathBuf,
            /// The moderator's name in the audit log (default: $USER).
            #[arg(long = "as", global = true)]
            moderator: Option<String>,
            #[command(subcommand)]
            action: Action,
        },
        /// Copy the database, consistently even while the server runs (SQLite's online
        /// backup).
        Backup {
            /// The data folder.
            #[arg(long, default_value = "data")]
            data: PathBuf,
            /// The copy to write.
            #[arg(long)]
            to: PathBuf,
        },
        /// Give a moderator a token, or take it back; a running server follows the tokens
        /// file without a restart.
        Moderators {
            /// The data folder, whose own `moderator-tokens` file is used unless --tokens.
            #[arg(long, default_value = "data", global = true)]
            data: PathBuf,
            /// The tokens file `qq serve --tokens` reads, instead of the data folder's.
            #[arg(long, global = true)]
            tokens: Option<PathBuf>,
            #[command(subcommand)]
            action: TokenAction,
        },
        /// Replace the database with a backup and rebuild the store from it. Stop the
        /// server first: restore refuses while one uses the folder.
        Restore {
            /// The data folder.
            #[arg(long, default_value = "data")]
            data: PathBuf,
            /// The backup to restore.
            #[arg(long)]
            from: PathBuf,
        },
    }

    /// The inbox's flags for `qq serve`.
    #[derive(clap::Args)]
    struct InboxArgs {
        /// The data folder: the inbox's database and the published store (served at
        /// data/v1/ instead of the built copy). Without it, only the static site is
        /// served.
        #[arg(long)]
        data: Option<PathBuf>,
        /// What an empty data folder starts with.
        #[arg(long, value_enum, default_value_t = SeedArg::Sample)]
        seed: SeedArg,
        /// Moderators' tokens, one `name:token` a line. Else QQ_MODERATOR_TOKENS
        /// (`name:token,name:token`); else the data folder's own, made on first start.
        #[arg(long)]
        tokens: Option<PathBuf>,
        /// A proxy (IP address) whose X-Forwarded-For names the client; repeatable.
        #[arg(long = "trusted-proxy")]
        trusted_proxies: Vec<IpAddr>,
        /// An origin allowed to call the API from a browser; repeatable. None: CORS off.
        #[arg(long = "cors-origin")]
        cors_origins: Vec<String>,
        /// Submissions one client address may send at once.
        #[arg(long, default_value_t = RateLimit::DEFAULT.burst)]
        rate_burst: f64,
        /// Submissions per second one client address regains after its burst.
        #[arg(long, default_value_t = RateLimit::DEFAULT.per_second)]
        rate_per_second: f64,
        /// Photos one client address may send in a UTC day (then 429 photo_quota).
        #[arg(long, default_value_t = PhotoLimits::DEFAULT.per_address_per_day)]
        photos_per_day: u32,
        /// Photos that may wait for moderators, from everyone (then 503 photo_queue_full).
        #[arg(long, default_value_t = PhotoLimits::DEFAULT.waiting)]
        photos_waiting: u32,
        /// Publish every decision's files into this bucket too (s3://BUCKET/FOLDER),
        /// recorded in the database first and retried until the bucket has them.
        #[arg(long, requires = "data")]
        publish_to: Option<String>,
        /// The --publish-to bucket's S3-compatible endpoint, if not Amazon's.
        #[arg(long, requires = "publish_to")]
        endpoint: Option<String>,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum SeedArg {
        /// The committed sample (src/sample).
        Sample,
        /// Nothing.
        None,
    }

    #[derive(Subcommand)]
    enum TokenAction {
        /// Make a token for NAME; it is printed once and only its hash is kept.
        Add { name: String },
        /// Remove NAME's token: its requests are refused from the next one on.
        Revoke { name: String },
        /// The moderators' names.
        List,
        /// Keep only hashes of tokens written in plain text in the file.
        Rehash,
    }

    #[derive(Subcommand)]
    enum Action {
        /// Print the pending submissions, oldest first, as JSON lines.
        List {
            #[arg(long, default_value_t = 100)]
            limit: usize,
        },
        /// Approve a submission and publish it.
        Approve {
            uuid: String,
            /// The listed university for one the student could not find.
            #[arg(long)]
            university: Option<String>,
            /// The listed universities the baton passes to (replaces the student's list).
            #[arg(long = "passes-to", value_delimiter = ',')]
            passes_to: Option<Vec<String>>,
            /// The submission's photos (by index from 0) to leave out of the deed.
            #[arg(long = "remove-photos", value_delimiter = ',')]
            remove_photos: Vec<usize>,
        },
        /// Reject a submission; its author sees the reason.
        Reject {
            uuid: String,
            #[arg(long)]
            reason: String,
        },
        /// Add a university from a JSON file (id, short?, name, city, country, lat, lon).
        AddUniversity {
            #[arg(long)]
            json: PathBuf,
        },
        /// Take a published deed off the site.
        Unpublish {
            id: u64,
            #[arg(long)]
            reason: Option<String>,
        },
        /// Rebuild the whole store from the database.
        Rebuild,
    }

    pub fn main() -> ExitCode {
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "info".into()),
            )
            .with_writer(std::io::stderr)
            .init();
        let cli = Cli::parse();
        let (name, outcome) = match cli.command {
            Command::Publish { source, site } => ("publish", publish(&source, &site)),
            Command::Deploy {
                site,
                to,
                endpoint,
                grace,
                dry_run,
            } => (
                "deploy",
                deploy(site, &to, endpoint.as_deref(), &grace, dry_run),
            ),
            Command::Site {
                dist,
                out,
                base,
                public_url,
                inbox,
                store,
            } => (
                "site",
                site(&alfarabi_qq::native::site::SiteOptions {
                    dist,
                    out,
                    base,
                    public_url,
                    inbox,
                    store,
                }),
            ),
            Command::Geometry { topology, out } => ("geometry", geometry(&topology, &out)),
            Command::Sample {
                deeds,
                universities,
                site,
            } => ("sample", sample(deeds, universities, &site)),
            Command::Moderate {
                data,
                moderator,
                action,
            } => ("moderate", moderate(&data, moderator, action)),
            Command::Backup { data, to } => ("backup", backup(&data, &to)),
            Command::Moderators {
                data,
                tokens,
                action,
            } => ("moderators", moderators(&data, tokens.as_deref(), action)),
            Command::Restore { data, from } => ("restore", restore(&data, &from)),
            Command::Serve {
                addr,
                dist,
                base,
                inbox,
            } => ("serve", run_server(&addr, dist, &base, inbox)),
        };
        finish(name, outcome)
    }

    /// What a command did: what to print, or why it failed, a line for each reason.
    type Outcome = Result<String, Vec<String>>;

    /// One reason a command failed.
    fn failed(error: impl std::fmt::Display) -> Vec<String> {
        vec![error.to_string()]
    }

    /// Prints what `command` did, or each reason it failed (`qq publish: …`), and the exit
    /// code that says which.
    fn finish(command: &str, outcome: Outcome) -> ExitCode {
        match outcome {
            Ok(out) => {
                if !out.is_empty() {
                    println!("{}", out.trim_end_matches('\n'));
                }
                ExitCode::SUCCESS
            }
            Err(reasons) => {
                for reason in reasons {
                    eprintln!("qq {command}: {reason}");
                }
                ExitCode::FAILURE
            }
        }
    }

    /// `qq serve` on its own runtime, which gets a moment after the server stops for
    /// work left on blocking threads (a store being written): the process ends within the
    /// shutdown deadline whatever it does.
    fn run_server(addr: &str, dist: PathBuf, base: &str, inbox: InboxArgs) -> Outcome {
        let runtime = tokio::runtime::Runtime::new()
            .map_err(|error| failed(format!("cannot start the async runtime: {error}")))?;
        let served = runtime.block_on(serve(addr, dist, base, inbox));
        runtime.shutdown_timeout(std::time::Duration::from_secs(1));
        served.map(|()| String::new()).map_err(failed)
    }

    /// `qq deploy`, with a progress line on stderr and the summary on stdout.
    fn deploy(
        site: PathBuf,
        to: &str,
        endpoint: Option<&str>,
        grace: &str,
        dry_run: bool,
    ) -> Outcome {
        use alfarabi_qq::native::bucket::{
            Bucket, BucketUrl,
            deploy::{self, DeployOptions, Progress},
        };
        let url: BucketUrl = to.parse().map_err(failed)?;
        let grace = deploy::parse_grace(grace).map_err(failed)?;
        let bucket =
            Bucket::connect(&url, endpoint, std::time::Duration::from_secs(30)).map_err(failed)?;
        let options = DeployOptions {
            site,
            grace,
            dry_run,
            now_ms: inbox::now_ms(),
        };
        let last = std::sync::Mutex::new(std::time::Instant::now());
        let progress = |p: Progress| {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            if p.done == p.total || last.elapsed() >= std::time::Duration::from_millis(250) {
                *last = std::time::Instant::now();
                eprint!("\r{}/{} objects, {} bytes", p.done, p.total, p.bytes);
                if p.done == p.total {
                    eprintln!();
                }
            }
        };
        let runtime = tokio::runtime::Runtime::new()
            .map_err(|error| failed(format!("cannot start the async runtime: {error}")))?;
        let report = runtime
            .block_on(deploy::deploy(&bucket, &options, &progress))
            .map_err(failed)?;
        if dry_run {
            let mut out = String::new();
            for key in &report.keys {
                out.push_str(&format!("would upload {key}\n"));
            }
            for key in &report.deleted_keys {
                out.push_str(&format!("would delete {key}\n"));
            }
            out.push_str(&format!("dry run into {url}: {report}"));
            return Ok(out);
        }
        Ok(format!("deployed into {url}: {report}"))
    }

    fn publish(source: &std::path::Path, site: &std::path::Path) -> Outcome {
        let source =
            alfarabi_qq::native::publish::read_source(source, inbox::today()).map_err(failed)?;
        let files = alfarabi_qq::native::publish::build_store(&source).map_err(failed)?;
        let report = alfarabi_qq::native::publish::write_store(site, &files).map_err(failed)?;
        Ok(format!(
            "published {} deeds in {} files under {}: {} written ({} bytes), {} removed",
            source.deeds.len(),
            files.len(),
            site.display(),
            report.files_written,
            report.bytes_written,
            report.files_removed
        ))
    }

    fn site(options: &alfarabi_qq::native::site::SiteOptions) -> Outcome {
        let report = alfarabi_qq::native::site::build(options).map_err(failed)?;
        let mut out = format!(
            "wrote {} pages ({} bytes) to {} in {} ms",
            report.pages,
            report.page_bytes,
            options.out.display(),
            report.elapsed.as_millis()
        );
        for page in &report.unmerged {
            out.push_str(&format!("\nin its own language only: {page}"));
        }
        let list = &report.precache;
        out.push_str(&format!(
            "\nthe offline copy: {} files, {} bytes ({} brotli; cap {} and {} brotli)",
            list.files().count(),
            list.raw,
            list.brotli,
            alfarabi_qq::native::site::precache::CAP_RAW,
            alfarabi_qq::native::site::precache::CAP_BROTLI,
        ));
        if !list.dropped.is_empty() {
            out.push_str(&format!(", left out: {}", list.dropped.join(", ")));
        }
        Ok(out)
    }

    fn geometry(topology: &std::path::Path, out: &std::path::Path) -> Outcome {
        let settings = alfarabi_qq::native::geometry::Settings::DEFAULT;
        let report =
            alfarabi_qq::native::geometry::run(topology, out, &settings).map_err(failed)?;
        Ok(format!(
            "wrote {} countries to {} ({} bytes); left out: {}",
            report.countries,
            out.display(),
            report.bytes,
            report.dropped.join(", ")
        ))
    }

    fn sample(deeds: usize, universities: usize, site: &std::path::Path) -> Outcome {
        let started = std::time::Instant::now();
        let source = alfarabi_qq::native::synthetic::synthetic_source(universities, deeds);
        let files = alfarabi_qq::native::publish::build_store(&source).map_err(failed)?;
        let built = started.elapsed();
        let report = alfarabi_qq::native::publish::write_store(site, &files).map_err(failed)?;
        // One JSON line, for `make bench`.
        Ok(format!(
            "{{\"deeds\":{deeds},\"universities\":{universities},\"files\":{},\"files_written\":{},\"bytes_written\":{},\"build_ms\":{},\"total_ms\":{}}}",
            files.len(),
            report.files_written,
            report.bytes_written,
            built.as_millis(),
            started.elapsed().as_millis()
        ))
    }

    async fn serve(
        addr: &str,
        dist: PathBuf,
        base: &str,
        args: InboxArgs,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut site = Site::new(dist, base)?;
        let mut api = None;
        let mut shown_token = None;
        // Held while serving, so `qq restore` and a second server keep off the folder.
        let mut _serving = None;
        if let Some(data) = &args.data {
            std::fs::create_dir_all(data)?;
            _serving = Some(lock_data(data)?);
            let env = std::env::var("QQ_MODERATOR_TOKENS").ok();
            let (moderators, token) =
                access::load_moderators(data, args.tokens.as_deref(), env.as_deref())?;
            shown_token = token;
            let options = InboxOptions {
                data: data.clone(),
                seed: match args.seed {
                    SeedArg::Sample => Seed::Sample,
                    SeedArg::None => Seed::None,
                },
                rate: RateLimit {
                    burst: args.rate_burst,
                    per_second: args.rate_per_second,
                },
                photos: PhotoLimits {
                    per_address_per_day: args.photos_per_day,
                    waiting: args.photos_waiting,
                },
                trusted_proxies: args.trusted_proxies.clone(),
                cors_origins: args.cors_origins.clone(),
                moderators: std::sync::Arc::new(moderators),
                site: Some(site.dist.clone()),
                publish_to: match &args.publish_to {
                    Some(url) => Some(PublishTarget::new(url.parse()?, args.endpoint.clone())),
                    None => None,
                },
            };
            let started = Inbox::start(&options)?;
            api = Some(inbox::http::router(started, &options.cors_origins));
            site = site.with_data(data);
        }
        let (listener, local) = server::bind(addr).await?;
        // The first line of stdout is the address: scripts and tests read it.
        println!(
            "Serving {} at http://{local}{}",
            site.dist.display(),
            site.base
        );
        if let (Some(token), Some(data)) = (shown_token, &args.data) {
            println!(
                "Moderator token for admin (shown once; kept in {}): {token}",
                data.join(access::TOKENS_FILE).display()
            );
        }
        let _ = std::io::stdout().flush();
        server::serve_app(listener, server::app(&site, api))
            .await
            .map_err(|source| server::ServeError::Io {
                addr: local.to_string(),
                source,
            })?;
        Ok(())
    }

    /// Locks the data folder for a server; fails while another process holds it.
    fn lock_data(data: &Path) -> Result<std::fs::File, InboxError> {
        let path = data.join("serve.lock");
        let file = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| InboxError::Io {
                path: path.clone(),
                source,
            })?;
        file.try_lock().map_err(|_| {
            InboxError::Config(format!(
                "{} is in use by a running `qq serve`; stop it first",
                data.display()
            ))
        })?;
        Ok(file)
    }

    fn open_existing(data: &Path) -> Result<rusqlite::Connection, InboxError> {
        let path = inbox::db_path(data);
        if !path.is_file() {
            return Err(InboxError::Config(format!(
                "{} has no database: start `qq serve --data {}` once first",
                data.display(),
                data.display()
            )));
        }
        db::open(&path)
    }

    fn moderate(data: &Path, moderator: Option<String>, action: Action) -> Outcome {
        let moderator = moderator
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "shell".to_string());
        let result = (|| -> Result<String, ModerationError> {
            let mut conn = open_existing(data)?;
            let now = inbox::now_ms();
            let done = match action {
                Action::List { limit } => {
                    let mut out = String::new();
                    for item in db::queue(&conn, limit)? {
                        out.push_str(
                            &serde_json::to_string(&item).expect("a queue item serialises"),
                        );
                        out.push('\n');
                    }
                    return Ok(out);
                }
                Action::Approve {
                    uuid,
                    university,
                    passes_to,
                    remove_photos,
                } => {
                    let picks = Picks {
                        university,
                        passes_to,
                        remove_photos,
                    };
                    let uuid = uuid.to_ascii_lowercase();
                    let deed = moderation::approve(&mut conn, &moderator, &uuid, &picks, now)?;
                    format!("approved {uuid} as deed {deed}")
                }
                Action::Reject { uuid, reason } => {
                    let uuid = uuid.to_ascii_lowercase();
                    moderation::reject(&mut conn, &moderator, &uuid, &reason, now)?;
                    format!("rejected {uuid}")
                }
                Action::AddUniversity { json } => {
                    let text = std::fs::read_to_string(&json).map_err(|source| InboxError::Io {
                        path: json.clone(),
                        source,
                    })?;
                    let new: NewUniversity = serde_json::from_str(&text)
                        .map_err(|e| InboxError::Config(format!("{}: {e}", json.display())))?;
                    let university = new.into_university();
                    moderation::add_university(&mut conn, &moderator, &university, now)?;
                    format!(
                        "added {} (a running server knows it after its restart)",
                        university.id
                    )
                }
                Action::Unpublish { id, reason } => {
                    moderation::unpublish(&mut conn, &moderator, id, reason.as_deref(), now)?;
                    format!("unpublished deed {id}")
                }
                Action::Rebuild => {
                    let report = store_sync::rebuild_store(&conn, data)?;
                    return Ok(format!(
                        "rebuilt the store in {} ms: {} files written, {} removed\n",
                        report.elapsed.as_millis(),
                        report.write.files_written,
                        report.write.files_removed
                    ));
                }
            };
            let report = store_sync::sync_store(&conn, data)?;
            Ok(format!(
                "{done}; store {:?} in {} ms\n",
                report.kind,
                report.elapsed.as_millis()
            ))
        })();
        result.map_err(|error| match error {
            // Each broken rule on a line of its own, as the API writes it.
            ModerationError::Invalid(errors) => errors
                .iter()
                .map(|error| serde_json::to_string(error).expect("an error serialises"))
                .collect(),
            error => failed(error),
        })
    }

    fn moderators(data: &Path, tokens: Option<&Path>, action: TokenAction) -> Outcome {
        let own = data.join(access::TOKENS_FILE);
        let file = tokens.unwrap_or(&own);
        let result = match action {
            TokenAction::Add { name } => access::add_moderator(file, &name).map(|token| {
                format!(
                    "token for {name} (shown once; {} keeps only its hash):\n{token}",
                    file.display()
                )
            }),
            TokenAction::Revoke { name } => access::revoke_moderator(file, &name)
                .map(|_| format!("revoked {name}'s token in {}", file.display())),
            TokenAction::List => std::fs::read_to_string(file)
                .map_err(|source| InboxError::Io {
                    path: file.to_path_buf(),
                    source,
                })
                .and_then(|text| {
                    access::Moderators::parse(&text, '\n', &file.display().to_string())
                })
                .map(|moderators| moderators.names().join("\n")),
            TokenAction::Rehash => access::rehash_tokens_file(file).map(|n| {
                format!(
                    "{n} plain token(s) in {} now kept as hashes",
                    file.display()
                )
            }),
        };
        result.map_err(failed)
    }

    fn backup(data: &Path, to: &Path) -> Outcome {
        let conn = open_existing(data).map_err(failed)?;
        inbox::backup(&conn, to).map_err(failed)
    }

    fn restore(data: &Path, from: &Path) -> Outcome {
        std::fs::create_dir_all(data)
            .map_err(|error| failed(format!("{}: {error}", data.display())))?;
        let _serving = lock_data(data).map_err(failed)?;
        inbox::restore(data, from).map_err(failed)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

/// The server does not run in a browser; this keeps `cargo test --target wasm32` building.
#[cfg(target_arch = "wasm32")]
fn main() {}
