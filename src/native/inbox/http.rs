//! The inbox's HTTP API, mounted by `qq serve --data DIR` at `{base}api/v1/` beside the
//! static site (see [`crate::native::server`]). The README documents every route and shape.
//!
//! - `POST deeds`: a submission (JSON, at most [`BODY_LIMIT`] bytes; or with photos,
//!   `multipart/form-data` of at most [`MULTIPART_LIMIT`]) is rate-limited by client
//!   address, checked with the model's rules (422 with `{"errors": [...]}`), its photos
//!   checked and re-encoded ([`super::photos`]), and stored by the writer thread, within
//!   the photo limits (429 `photo_quota`, 503 `photo_queue_full`); `201 {"id", "state":
//!   "pending"}` once committed. The same UUID with the same body and photos answers the
//!   same; with another, 409.
//! - `GET deeds/{uuid}/status`: `pending`, `published` (with `deed_id`) or `rejected`
//!   (with `reason`).
//! - `moderation/...` (`http/moderate.rs`): a moderator's bearer token, checked before
//!   anything else of the request is read; then [`super::moderation`]'s actions, each
//!   followed by a sync of the store, the queue, the audit log and a submission's photos
//!   (`moderation/photos/{uuid}/{index}`, the kept JPEG, never cached).
//!
//! Built from axum's own parts: extractors (`http/extract.rs`: [`ApiJson`] under
//! [`DefaultBodyLimit`], [`SubmissionBody`], [`Moderator`], [`Submitter`]) read bodies, tokens and client
//! addresses, and every handler returns `Result<_, AppError>`: one error type
//! (`http/error.rs`) gives every failure its documented shape, `{"error": code,
//! "message": text}` unless it is about fields.

mod error;
mod extract;
mod moderate;

pub use error::AppError;
pub use extract::{ApiJson, Moderator, SubmissionBody, Submitter};

use std::{
    collections::HashSet,
    net::IpAddr,
    path::PathBuf,
    sync::{Arc, Mutex, RwLock},
};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware,
    routing::{get, post},
};
use rusqlite::Connection;

use super::{
    InboxError, Seed,
    access::{Limiter, LiveModerators, RateLimit},
    db::{self, NewSubmission, PhotoLimits, Stored},
    moderation::ModerationError,
    now_ms, photos, rfc3339_millis,
    store_sync::{self, SyncKind},
    today,
    writer::Writer,
};
use crate::model::{
    photo::{MAX_PHOTO_BYTES, MAX_PHOTOS},
    rules,
    submission::{SubmissionStatus, validate_submission},
};
use crate::native::bucket::publisher::{self, PublishTarget, Publisher};
use crate::native::site::live::LivePages;

/// The largest submission body accepted, in bytes.
pub const BODY_LIMIT: usize = 16 * 1024;
/// The largest submission with photos (`multipart/form-data`): the JSON, the most photos
/// at their largest, and room for the parts' headers.
pub const MULTIPART_LIMIT: usize = BODY_LIMIT + MAX_PHOTOS * MAX_PHOTO_BYTES + 16 * 1024;
/// The most submissions one queue request lists.
pub const QUEUE_MAX: usize = 1000;
/// The most records one audit log request lists.
pub const AUDIT_MAX: usize = 1000;

/// How the inbox is set up.
#[derive(Debug, Clone)]
pub struct InboxOptions {
    /// The data folder: the database and the published store.
    pub data: PathBuf,
    /// What an empty data folder starts with.
    pub seed: Seed,
    /// Submissions per client address.
    pub rate: RateLimit,
    /// Photos per client address and day, and photos waiting in all.
    pub photos: PhotoLimits,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Origins allowed to call the API from a browser (none: same origin only).
    pub cors_origins: Vec<String>,
    /// The moderators' tokens, read again when their file changes.
    pub moderators: Arc<LiveModerators>,
    /// The site folder `qq site` wrote, whose pages the inbox renders again over its
    /// store as decisions change it (see `native::site::live`); none for a plain build.
    pub site: Option<PathBuf>,
    /// A bucket the inbox's files are published into after each decision
    /// (`--publish-to`, see `native::bucket::publisher`).
    pub publish_to: Option<PublishTarget>,
}

/// Renders the pages a store change affects; a failure is logged, and the next change
/// (or a restart) renders them again.
fn refresh_pages(pages: &LivePages, generation: i64, whole: bool) {
    match pages.refresh(generation, whole) {
        Ok((refresh, report)) => tracing::info!(
            "pages {refresh:?} for generation {generation}: {} rendered in {} ms",
            report.pages,
            report.elapsed.as_millis()
        ),
        Err(error) => tracing::error!("cannot render the pages: {error}"),
    }
}

/// The running inbox: what every request needs.
pub struct Inbox {
    data: PathBuf,
    writer: Writer,
    readers: Mutex<Vec<Connection>>,
    known: RwLock<HashSet<String>>,
    limiter: Limiter,
    trusted: Vec<IpAddr>,
    moderators: Arc<LiveModerators>,
    /// One sync of the store at a time within this process.
    publishing: tokio::sync::Mutex<()>,
    /// The site's pages over this store, if the site folder was written by `qq site`.
    pages: Option<LivePages>,
    /// What publishes the inbox's files into a bucket, if one was named.
    publisher: Option<Arc<Publisher>>,
}

impl Inbox {
    /// Opens the data folder (seeding and syncing it) and starts the writer thread.
    pub fn start(options: &InboxOptions) -> Result<Arc<Inbox>, InboxError> {
        cors_origins(&options.cors_origins)?;
        let conn = super::open_data(&options.data, options.seed)?;
        let known = db::universities(&conn)?.into_iter().map(|u| u.id).collect();
        let pages = match &options.site {
            Some(site) => LivePages::open(site, &options.data)
                .map_err(|error| InboxError::Config(error.to_string()))?,
            None => None,
        };
        if let Some(pages) = &pages {
            let generation = store_sync::generation(&options.data);
            refresh_pages(pages, generation, false);
        }
        let publisher = match &options.publish_to {
            Some(target) => {
                let publisher = Publisher::new(target, &options.data)?;
                // What changed while the inbox was down; pending rows are resumed.
                publisher.record_now()?;
                Some(publisher)
            }
            None => None,
        };
        let (writer, _thread) = Writer::start(conn, options.photos);
        let inbox = Arc::new(Inbox {
            data: options.data.clone(),
            writer,
            readers: Mutex::new(Vec::new()),
            known: RwLock::new(known),
            limiter: Limiter::new(options.rate),
            trusted: options.trusted_proxies.clone(),
            moderators: Arc::clone(&options.moderators),
            publishing: tokio::sync::Mutex::new(()),
            pages,
            publisher,
        });
        if let Some(publisher) = &inbox.publisher
            && tokio::runtime::Handle::try_current().is_ok()
        {
            publisher.spawn();
        }
        // Client addresses are erased once they are older than the stated period: on
        // start (open_data) and every hour while serving.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let weak = Arc::downgrade(&inbox);
            runtime.spawn(async move {
                let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
                hourly.tick().await;
                loop {
                    hourly.tick().await;
                    let Some(inbox) = weak.upgrade() else { break };
                    let erased = inbox
                        .writer
                        .run(|conn| super::forget_old_addresses(conn, now_ms()))
                        .await;
                    if let Ok(Err(error)) | Err(error) = erased {
                        tracing::error!("cannot erase old client addresses: {error}");
                    }
                }
            });
        }
        Ok(inbox)
    }

    /// Runs `read` on a pooled connection, off the async threads.
    async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        read: impl FnOnce(&Connection) -> Result<T, InboxError> + Send + 'static,
    ) -> Result<T, InboxError> {
        let inbox = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let pooled = inbox
                .readers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop();
            let conn = match pooled {
                Some(conn) => conn,
                None => db::open(&super::db_path(&inbox.data))?,
            };
            let result = read(&conn);
            inbox
                .readers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(conn);
            result
        })
        .await
        .map_err(|e| InboxError::Config(format!("a read task failed: {e}")))?
    }

    /// Brings the store up to date after a decision; a failure is logged, and the next
    /// sync (the next decision, or a restart) catches up.
    async fn sync(self: &Arc<Self>) {
        let _one_at_a_time = self.publishing.lock().await;
        let data = self.data.clone();
        let result = self
            .read(move |conn| store_sync::sync_store(conn, &data))
            .await;
        match result {
            Ok(report) => {
                tracing::info!(
                    "store {:?} to generation {} in {} ms: {} files written",
                    report.kind,
                    report.generation,
                    report.elapsed.as_millis(),
                    report.write.files_written
                );
                if let Some(pages) = self.pages.clone()
                    && report.kind != SyncKind::UpToDate
                {
                    // An approval's few pages are written before the moderator is
                    // answered; a rebuild's (every page: some 30 s at 100,000 deeds)
                    // in the background, the old pages served meanwhile.
                    let whole = report.kind == SyncKind::Rebuilt;
                    let publisher = self.publisher.clone();
                    let rendered = tokio::spawn(async move {
                        let done = tokio::task::spawn_blocking(move || {
                            refresh_pages(&pages, report.generation, whole)
                        })
                        .await;
                        if let Some(publisher) = publisher {
                            publisher.record().await;
                        }
                        done
                    });
                    if !whole {
                        match rendered.await {
                            Ok(Ok(())) => {}
                            Ok(Err(error)) => tracing::error!("the pages' task failed: {error}"),
                            Err(error) => tracing::error!("the pages' task failed: {error}"),
                        }
                    }
                } else if let Some(publisher) = &self.publisher
                    && report.kind != SyncKind::UpToDate
                {
                    publisher.record().await;
                }
            }
            Err(error) => tracing::error!("cannot sync the store: {error}"),
        }
    }

    /// Runs a moderator's `decision` on the writer thread, then brings the store up to
    /// date, so that what the moderator is answered is what readers see.
    async fn decide<T: Send + 'static>(
        self: &Arc<Self>,
        decision: impl FnOnce(&mut Connection) -> Result<T, ModerationError> + Send + 'static,
    ) -> Result<T, AppError> {
        let outcome = self.writer.run(decision).await??;
        self.sync().await;
        Ok(outcome)
    }

    /// Submission `id`'s status (`id` in lower case) as the database has it; 404 when
    /// there is none. The moderators are answered with it.
    async fn status_of(self: &Arc<Self>, id: String) -> Result<SubmissionStatus, AppError> {
        self.read(move |conn| Ok(db::status(conn, &id)?))
            .await?
            .ok_or(AppError::NoSubmission)
    }

    /// The status its submitter is given: with a bucket, a published deed reads as
    /// pending until its page is in the bucket, so "My deeds" never links to a page
    /// readers cannot open yet.
    async fn public_status_of(self: &Arc<Self>, id: String) -> Result<SubmissionStatus, AppError> {
        let bucket = self.publisher.is_some();
        self.read(move |conn| {
            let Some(mut status) = db::status(conn, &id)? else {
                return Ok(None);
            };
            if let (true, Some(deed)) = (bucket, status.deed_id)
                && !publisher::page_in_bucket(conn, &format!("deed/{deed}/index.html"))?
            {
                status.state = crate::model::submission::PublicState::Pending;
                status.deed_id = None;
            }
            Ok(Some(status))
        })
        .await?
        .ok_or(AppError::NoSubmission)
    }

    /// What the bucket does not have yet (nothing, without a bucket).
    async fn publications(
        self: &Arc<Self>,
    ) -> Result<crate::model::moderation::Publications, AppError> {
        let Some(publisher) = self.publisher.clone() else {
            return Ok(Default::default());
        };
        let pending = tokio::task::spawn_blocking(move || publisher.pending())
            .await
            .map_err(|e| InboxError::Config(format!("a read task failed: {e}")))??;
        Ok(pending)
    }

    /// Lets submissions name university `id` from now on.
    fn learn(&self, id: String) {
        self.known
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id);
    }
}

/// The origins `--cors-origin` names, checked: each `http(s)://host[:port]`, no path and
/// no wildcard. `*` is refused on purpose: the API takes moderators' bearer tokens, and
/// only the site's own origins should call it from a browser.
pub fn cors_origins(origins: &[String]) -> Result<Vec<HeaderValue>, InboxError> {
    origins
        .iter()
        .map(|origin| {
            let origin = origin.trim().trim_end_matches('/');
            if origin.contains('*') {
                return Err(InboxError::Config(format!(
                    "--cors-origin {origin:?}: a wildcard is not supported, since the API takes \
                     moderators' tokens; name each site's origin, such as https://alfarabiqq.kz"
                )));
            }
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            let shaped = rest.is_some_and(|host| {
                !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) && host.is_ascii()
            });
            if !shaped {
                return Err(InboxError::Config(format!(
                    "--cors-origin {origin:?} is not an origin: write scheme and host only, \
                     such as https://alfarabiqq.kz or http://localhost:8080"
                )));
            }
            HeaderValue::from_str(origin)
                .map_err(|_| InboxError::Config(format!("--cors-origin {origin:?} is not valid")))
        })
        .collect()
}

/// The API's routes, to be nested at `/api/v1`. Every moderation route checks the bearer
/// token ([`Moderator`]) before anything else of the request is read.
pub fn router(inbox: Arc<Inbox>, cors_origins: &[String]) -> Router {
    let moderation = Router::new()
        .route("/queue", get(moderate::queue))
        .route("/audit", get(moderate::audit))
        .route("/publications", get(moderate::publications))
        .route("/universities", post(moderate::add_university))
        .route("/deeds/{id}/unpublish", post(moderate::unpublish))
        .route("/{id}/approve", post(moderate::approve))
        .route("/{id}/reject", post(moderate::reject))
        .route("/photos/{id}/{index}", get(moderate::photo))
        .route_layer(middleware::from_extractor_with_state::<Moderator, _>(
            Arc::clone(&inbox),
        ));
    let router = Router::new()
        .route(
            "/deeds",
            post(submit).layer(DefaultBodyLimit::max(MULTIPART_LIMIT)),
        )
        .route("/deeds/{id}/status", get(status))
        .nest("/moderation", moderation)
        .fallback(|| async { AppError::NoRoute })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(inbox);
    // Checked when the inbox started; nothing invalid reaches here.
    let origins = self::cors_origins(cors_origins).unwrap_or_default();
    if origins.is_empty() {
        return router;
    }
    router.layer(
        tower_http::cors::CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
            .max_age(std::time::Duration::from_secs(86_400)),
    )
}

/// `POST deeds`: the rate limit first, then the body, then the rules (the photos' with
/// the rest), then the photos decoded and encoded again (off the async threads), then the
/// writer, which holds them to the photo limits and stores all in one transaction.
async fn submit(
    State(inbox): State<Arc<Inbox>>,
    Submitter(client): Submitter,
    SubmissionBody { submission, photos }: SubmissionBody,
) -> Result<(StatusCode, Json<SubmissionStatus>), AppError> {
    let submission = submission.normalized();
    let mut errors = {
        let known = inbox.known.read().unwrap_or_else(|e| e.into_inner());
        validate_submission(&submission, |id| known.contains(id), today())
    };
    errors.extend(photos::part_errors(&submission.photos, &photos));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let photos = tokio::task::spawn_blocking(move || photos::reencode_all(&photos))
        .await
        .map_err(|e| InboxError::Config(format!("a photo task failed: {e}")))?
        .map_err(AppError::Invalid)?;
    let received = now_ms();
    let new = NewSubmission {
        uuid: submission.id.clone(),
        body: serde_json::to_string(&submission).expect("a submission serialises"),
        received_at: rfc3339_millis(received),
        quarantined: submission.is_robot(),
        client_addr: client.to_string(),
        photos,
    };
    match inbox.writer.submit(new).await? {
        Stored::Accepted(status) => Ok((StatusCode::CREATED, Json(status))),
        Stored::Conflict => Err(AppError::IdTaken),
        Stored::PhotoQuota => Err(AppError::PhotoQuota {
            seconds: ((86_400_000 - received.rem_euclid(86_400_000)) as u64).div_ceil(1000),
        }),
        Stored::PhotoQueueFull => Err(AppError::PhotoQueueFull),
    }
}

/// `GET deeds/{id}/status`; an id that is no UUID is as unknown as any other.
async fn status(
    State(inbox): State<Arc<Inbox>>,
    Path(id): Path<String>,
) -> Result<Json<SubmissionStatus>, AppError> {
    if rules::check_uuid(&id).is_err() {
        return Err(AppError::NoSubmission);
    }
    inbox
        .public_status_of(id.to_ascii_lowercase())
        .await
        .map(Json)
}
