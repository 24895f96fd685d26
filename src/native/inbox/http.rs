//! The inbox's HTTP API, mounted by `qq serve --data DIR` at `{base}api/v1/` beside the
//! static site (see [`crate::native::server`]). The README documents every route and shape.
//!
//! - `POST deeds`: a submission (JSON, at most [`BODY_LIMIT`] bytes) is rate-limited by
//!   client address, checked with the model's rules (422 with `{"errors": [...]}`), and
//!   stored by the writer thread; `201 {"id", "state": "pending"}` once committed. The same
//!   UUID with the same body answers the same; with another body, 409.
//! - `GET deeds/{uuid}/status`: `pending`, `published` (with `deed_id`) or `rejected`
//!   (with `reason`).
//! - `moderation/...`: a moderator's bearer token, then [`super::moderation`]'s actions,
//!   each followed by a sync of the store.
//!
//! Errors other than field errors are `{"error": code, "message": text}`.

use std::{
    collections::HashSet,
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    sync::{Arc, Mutex, RwLock},
    time::Instant,
};

use axum::{
    Extension, Json, Router,
    body::{Body, Bytes},
    extract::{ConnectInfo, Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;

use super::{
    InboxError, Seed,
    access::{Limiter, LiveModerators, RateLimit, client_addr},
    db::{self, NewSubmission, Stored},
    moderation::{self, ModerationError, NewUniversity, Picks},
    now_ms, rfc3339_millis, store_sync, today,
    writer::Writer,
};
use crate::model::{
    rules::{self, FieldErrors},
    submission::{Submission, validate_submission},
};

/// The largest submission body accepted, in bytes.
pub const BODY_LIMIT: usize = 16 * 1024;
/// The most submissions one queue request lists.
pub const QUEUE_MAX: usize = 1000;

/// How the inbox is set up.
#[derive(Debug, Clone)]
pub struct InboxOptions {
    /// The data folder: the database and the published store.
    pub data: PathBuf,
    /// What an empty data folder starts with.
    pub seed: Seed,
    /// Submissions per client address.
    pub rate: RateLimit,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Origins allowed to call the API from a browser (none: same origin only).
    pub cors_origins: Vec<String>,
    /// The moderators' tokens, read again when their file changes.
    pub moderators: Arc<LiveModerators>,
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
}

impl Inbox {
    /// Opens the data folder (seeding and syncing it) and starts the writer thread.
    pub fn start(options: &InboxOptions) -> Result<Arc<Inbox>, InboxError> {
        cors_origins(&options.cors_origins)?;
        let conn = super::open_data(&options.data, options.seed)?;
        let known = db::universities(&conn)?.into_iter().map(|u| u.id).collect();
        let (writer, _thread) = Writer::start(conn);
        let inbox = Arc::new(Inbox {
            data: options.data.clone(),
            writer,
            readers: Mutex::new(Vec::new()),
            known: RwLock::new(known),
            limiter: Limiter::new(options.rate),
            trusted: options.trusted_proxies.clone(),
            moderators: Arc::clone(&options.moderators),
            publishing: tokio::sync::Mutex::new(()),
        });
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
            Ok(report) => tracing::info!(
                "store {:?} to generation {} in {} ms: {} files written",
                report.kind,
                report.generation,
                report.elapsed.as_millis(),
                report.write.files_written
            ),
            Err(error) => tracing::error!("cannot sync the store: {error}"),
        }
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

/// The API's routes, to be nested at `/api/v1`. Moderation routes check the bearer token
/// before anything else of the request is read ([`require_moderator`]).
pub fn router(inbox: Arc<Inbox>, cors_origins: &[String]) -> Router {
    let moderation = Router::new()
        .route("/queue", get(queue))
        .route("/universities", post(add_university))
        .route("/deeds/{id}/unpublish", post(unpublish))
        .route("/{id}/approve", post(approve))
        .route("/{id}/reject", post(reject))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&inbox),
            require_moderator,
        ));
    let router = Router::new()
        .route("/deeds", post(submit))
        .route("/deeds/{id}/status", get(status))
        .nest("/moderation", moderation)
        .fallback(|| async { error(StatusCode::NOT_FOUND, "not_found", "no such API route") })
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

fn error(status: StatusCode, code: &str, message: impl std::fmt::Display) -> Response {
    (
        status,
        Json(json!({"error": code, "message": message.to_string()})),
    )
        .into_response()
}

fn internal(failure: impl std::fmt::Display) -> Response {
    tracing::error!("inbox: {failure}");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the inbox could not do this; try again later",
    )
}

fn field_errors(errors: Vec<rules::FieldError>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(FieldErrors { errors }),
    )
        .into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads a body of at most `limit` bytes; a longer one is a 413.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Response> {
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the body may have at most {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())
}

async fn submit(
    State(inbox): State<Arc<Inbox>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    let client = client_addr(peer.ip(), forwarded, &inbox.trusted);
    if let Err(wait) = inbox.limiter.check(client, Instant::now()) {
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut response = error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many submissions from one address; try again in {seconds} s"),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    if !is_json(&headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_json",
            "send the submission as application/json",
        );
    }
    let bytes = match read_body(&headers, body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let submission = match serde_json::from_slice::<Submission>(&bytes) {
        Ok(submission) => submission.normalized(),
        Err(e) => return error(StatusCode::BAD_REQUEST, "malformed", e),
    };
    let errors = {
        let known = inbox.known.read().unwrap_or_else(|e| e.into_inner());
        validate_submission(&submission, |id| known.contains(id), today())
    };
    if !errors.is_empty() {
        return field_errors(errors);
    }
    let new = NewSubmission {
        uuid: submission.id.clone(),
        body: serde_json::to_string(&submission).expect("a submission serialises"),
        received_at: rfc3339_millis(now_ms()),
        quarantined: submission.is_robot(),
        client_addr: client.to_string(),
    };
    match inbox.writer.submit(new).await {
        Ok(Stored::Accepted(status)) => (StatusCode::CREATED, Json(status)).into_response(),
        Ok(Stored::Conflict) => error(
            StatusCode::CONFLICT,
            "id_taken",
            "this id belongs to another submission; make a new id",
        ),
        Err(e) => internal(e),
    }
}

fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "no submission has this id",
    )
}

async fn status(State(inbox): State<Arc<Inbox>>, Path(id): Path<String>) -> Response {
    if rules::check_uuid(&id).is_err() {
        return not_found();
    }
    let id = id.to_ascii_lowercase();
    match inbox.read(move |conn| Ok(db::status(conn, &id)?)).await {
        Ok(Some(status)) => Json(status).into_response(),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// The moderator a request's bearer token belongs to, if any.
fn moderator(inbox: &Inbox, headers: &HeaderMap) -> Option<String> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    presented.and_then(|token| inbox.moderators.who(token))
}

/// The moderator making a request, put there by [`require_moderator`].
#[derive(Debug, Clone)]
struct Moderator(String);

/// Lets a moderation request through only with a moderator's token, before its path,
/// query or body is parsed: a stranger learns nothing from how a malformed request fails.
async fn require_moderator(
    State(inbox): State<Arc<Inbox>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(name) = moderator(&inbox, request.headers()) else {
        return unauthorized();
    };
    request.extensions_mut().insert(Moderator(name));
    next.run(request).await
}

fn unauthorized() -> Response {
    let mut response = error(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "a moderator's token is needed: Authorization: Bearer <token>",
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn moderation_error(failure: ModerationError) -> Response {
    let status = match &failure {
        ModerationError::NoSubmission(_) | ModerationError::NoDeed(_) => StatusCode::NOT_FOUND,
        ModerationError::NotPending { .. }
        | ModerationError::AlreadyUnpublished(_)
        | ModerationError::Unlisted(_) => StatusCode::CONFLICT,
        ModerationError::Reason => StatusCode::BAD_REQUEST,
        ModerationError::Invalid(errors) => return field_errors(errors.clone()),
        ModerationError::Inbox(e) => return internal(e),
    };
    error(status, failure.code(), &failure)
}

/// An optional JSON body: empty is the default.
async fn optional_json<T: serde::de::DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: Body,
) -> Result<T, Response> {
    let bytes = read_body(headers, body, BODY_LIMIT).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(&bytes).map_err(|e| error(StatusCode::BAD_REQUEST, "malformed", e))
}

#[derive(Deserialize)]
struct QueueQuery {
    limit: Option<usize>,
}

async fn queue(State(inbox): State<Arc<Inbox>>, Query(query): Query<QueueQuery>) -> Response {
    let limit = query.limit.unwrap_or(100).clamp(1, QUEUE_MAX);
    match inbox.read(move |conn| db::queue(conn, limit)).await {
        Ok(items) => Json(json!({ "submissions": items })).into_response(),
        Err(e) => internal(e),
    }
}

async fn decided(inbox: &Arc<Inbox>, id: String) -> Response {
    inbox.sync().await;
    match inbox.read(move |conn| Ok(db::status(conn, &id)?)).await {
        Ok(Some(status)) => Json(status).into_response(),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

async fn approve(
    State(inbox): State<Arc<Inbox>>,
    Extension(Moderator(name)): Extension<Moderator>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let picks: Picks = match optional_json(&headers, body).await {
        Ok(picks) => picks,
        Err(response) => return response,
    };
    let id = id.to_ascii_lowercase();
    let uuid = id.clone();
    let result = inbox
        .writer
        .run(move |conn| moderation::approve(conn, &name, &uuid, &picks, now_ms()))
        .await;
    match result {
        Ok(Ok(_deed)) => decided(&inbox, id).await,
        Ok(Err(failure)) => moderation_error(failure),
        Err(e) => internal(e),
    }
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reason {
    #[serde(default)]
    reason: Option<String>,
}

async fn reject(
    State(inbox): State<Arc<Inbox>>,
    Extension(Moderator(name)): Extension<Moderator>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reason: Reason = match optional_json(&headers, body).await {
        Ok(reason) => reason,
        Err(response) => return response,
    };
    let id = id.to_ascii_lowercase();
    let uuid = id.clone();
    let text = reason.reason.unwrap_or_default();
    let result = inbox
        .writer
        .run(move |conn| moderation::reject(conn, &name, &uuid, &text, now_ms()))
        .await;
    match result {
        Ok(Ok(_)) => decided(&inbox, id).await,
        Ok(Err(failure)) => moderation_error(failure),
        Err(e) => internal(e),
    }
}

async fn add_university(
    State(inbox): State<Arc<Inbox>>,
    Extension(Moderator(name)): Extension<Moderator>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes = match read_body(&headers, body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let university = match serde_json::from_slice::<NewUniversity>(&bytes) {
        Ok(new) => new.into_university(),
        Err(e) => return error(StatusCode::BAD_REQUEST, "malformed", e),
    };
    let added = university.clone();
    let result = inbox
        .writer
        .run(move |conn| moderation::add_university(conn, &name, &added, now_ms()))
        .await;
    match result {
        Ok(Ok(())) => {
            inbox
                .known
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(university.id.clone());
            inbox.sync().await;
            (StatusCode::CREATED, Json(json!({ "id": university.id }))).into_response()
        }
        Ok(Err(failure)) => moderation_error(failure),
        Err(e) => internal(e),
    }
}

async fn unpublish(
    State(inbox): State<Arc<Inbox>>,
    Extension(Moderator(name)): Extension<Moderator>,
    Path(deed): Path<u64>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reason: Reason = match optional_json(&headers, body).await {
        Ok(reason) => reason,
        Err(response) => return response,
    };
    let result = inbox
        .writer
        .run(move |conn| {
            moderation::unpublish(conn, &name, deed, reason.reason.as_deref(), now_ms())
        })
        .await;
    match result {
        Ok(Ok(())) => {
            inbox.sync().await;
            Json(json!({ "deed_id": deed, "state": "unpublished" })).into_response()
        }
        Ok(Err(failure)) => moderation_error(failure),
        Err(e) => internal(e),
    }
}
