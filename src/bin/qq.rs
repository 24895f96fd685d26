//! `qq`, the native side of the site: it serves the built app (`qq serve`), publishes the
//! data store (`qq publish`, `qq sample`) and builds the map's outlines (`qq geometry`);
//! the inbox joins it as a subcommand.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::{io::Write, path::PathBuf, process::ExitCode};

    use alfarabi_qq::server::{self, Site};
    use clap::{Parser, Subcommand};

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
        match cli.command {
            Command::Publish { source, site } => publish(&source, &site),
            Command::Geometry { topology, out } => geometry(&topology, &out),
            Command::Sample {
                deeds,
                universities,
                site,
            } => sample(deeds, universities, &site),
            Command::Serve { addr, dist, base } => {
                let runtime = match tokio::runtime::Runtime::new() {
                    Ok(runtime) => runtime,
                    Err(error) => {
                        eprintln!("qq: cannot start the async runtime: {error}");
                        return ExitCode::FAILURE;
                    }
                };
                match runtime.block_on(serve(&addr, dist, &base)) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(error) => {
                        eprintln!("qq: {error}");
                        ExitCode::FAILURE
                    }
                }
            }
        }
    }

    fn publish(source: &std::path::Path, site: &std::path::Path) -> ExitCode {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let today = alfarabi_qq::model::Date::in_kazakhstan_at(now_ms);
        let result = alfarabi_qq::publish::read_source(source, today).and_then(|source| {
            let files = alfarabi_qq::publish::build_store(&source);
            let report = alfarabi_qq::publish::write_store(site, &files)?;
            Ok((source.deeds.len(), files.len(), report))
        });
        match result {
            Ok((deeds, files, report)) => {
                println!(
                    "published {deeds} deeds in {files} files under {}: {} written ({} bytes), {} removed",
                    site.display(),
                    report.files_written,
                    report.bytes_written,
                    report.files_removed
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("qq publish: {error}");
                ExitCode::FAILURE
            }
        }
    }

    fn geometry(topology: &std::path::Path, out: &std::path::Path) -> ExitCode {
        let settings = alfarabi_qq::geometry::Settings::DEFAULT;
        match alfarabi_qq::geometry::run(topology, out, &settings) {
            Ok(report) => {
                println!(
                    "wrote {} countries to {} ({} bytes); left out: {}",
                    report.countries,
                    out.display(),
                    report.bytes,
                    report.dropped.join(", ")
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("qq geometry: {error}");
                ExitCode::FAILURE
            }
        }
    }

    fn sample(deeds: usize, universities: usize, site: &std::path::Path) -> ExitCode {
        let started = std::time::Instant::now();
        let source = alfarabi_qq::synthetic::synthetic_source(universities, deeds);
        let files = alfarabi_qq::publish::build_store(&source);
        let built = started.elapsed();
        match alfarabi_qq::publish::write_store(site, &files) {
            Ok(report) => {
                // One JSON line, for `make bench`.
                println!(
                    "{{\"deeds\":{deeds},\"universities\":{universities},\"files\":{},\"files_written\":{},\"bytes_written\":{},\"build_ms\":{},\"total_ms\":{}}}",
                    files.len(),
                    report.files_written,
                    report.bytes_written,
                    built.as_millis(),
                    started.elapsed().as_millis()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("qq sample: {error}");
                ExitCode::FAILURE
            }
        }
    }

    async fn serve(addr: &str, dist: PathBuf, base: &str) -> Result<(), server::ServeError> {
        let site = Site::new(dist, base)?;
        let (listener, local) = server::bind(addr).await?;
        // The first line of stdout is the address: scripts and tests read it.
        println!(
            "Serving {} at http://{local}{}",
            site.dist.display(),
            site.base
        );
        let _ = std::io::stdout().flush();
        server::serve(listener, &site)
            .await
            .map_err(|source| server::ServeError::Io {
                addr: local.to_string(),
                source,
            })
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

/// The server does not run in a browser; this keeps `cargo test --target wasm32` building.
#[cfg(target_arch = "wasm32")]
fn main() {}
