//! What the API's handlers take from a request, each an axum extractor that rejects with
//! [`AppError`], so a handler's signature says what it reads and in which order:
//!
//! - [`ApiJson`]: a JSON body through axum's [`Json`], within the router's
//!   [`DefaultBodyLimit`](axum::extract::DefaultBodyLimit); as `Option<ApiJson<T>>`, a body
//!   that may be left out.
//! - [`Moderator`]: the moderator a bearer token belongs to. The router runs it as a
//!   middleware on every moderation route, before the path, query or body is read; a
//!   handler that takes it gets the name that check found.
//! - [`Submitter`]: the client's address, once its rate limit let it through (before the
//!   body is read, so a flood costs no parsing).
//! - [`SubmissionBody`]: a submission, as plain JSON or as `multipart/form-data` with its
//!   photos' bytes, each within its own limit; a body declared larger than its limit is
//!   refused before any of it is read.

use std::{
    collections::BTreeMap,
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Instant,
};

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{
        ConnectInfo, FromRequest, FromRequestParts, Multipart, OptionalFromRequest, Request,
        multipart::{Field, MultipartError},
    },
    http::{HeaderMap, StatusCode, header, request::Parts},
};
use axum_extra::{
    TypedHeader,
    headers::{Authorization, authorization::Bearer},
};
use serde::de::DeserializeOwned;

use super::{AppError, BODY_LIMIT, Inbox, MULTIPART_LIMIT};
use crate::model::{photo::MAX_PHOTO_BYTES, submission::Submission};
use crate::native::inbox::{InboxError, access::client_addr};

/// A JSON body of type `T`.
///
/// Required (`ApiJson<T>`), it is axum's [`Json`]: `Content-Type: application/json` (or a
/// `+json` type), else 415 `not_json`; over the body limit, 413 `too_large`; not JSON or
/// not `T`'s shape, 400 `malformed`.
///
/// Optional (`Option<ApiJson<T>>`, the moderators' bodies), an empty or blank body is
/// `None` whatever its `Content-Type`, and any other body is read as JSON whatever it is
/// labelled: moderators' tools such as `curl -d` label JSON as a form, and a body must
/// never be ignored for its label.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let Json(value) = <Json<T> as FromRequest<S>>::from_request(request, state).await?;
        Ok(ApiJson(value))
    }
}

impl<T, S> OptionalFromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Option<Self>, AppError> {
        let bytes = Bytes::from_request(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let Json(value) = Json::<T>::from_bytes(&bytes)?;
        Ok(Some(ApiJson(value)))
    }
}

/// The moderator making a request: the name their bearer token belongs to
/// (`Authorization: Bearer <token>`, compared by [`LiveModerators::who`]). A missing,
/// malformed, non-Bearer or unknown token is 401 `unauthorized`; a token in the URL is
/// never read.
///
/// [`LiveModerators::who`]: crate::native::inbox::access::LiveModerators::who
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderator(pub String);

impl FromRequestParts<Arc<Inbox>> for Moderator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, inbox: &Arc<Inbox>) -> Result<Self, AppError> {
        // Checked once per request: the middleware leaves what it found for the handler.
        if let Some(known) = parts.extensions.get::<Moderator>() {
            return Ok(known.clone());
        }
        let TypedHeader(Authorization(bearer)) =
            TypedHeader::<Authorization<Bearer>>::from_request_parts(parts, inbox)
                .await
                .map_err(|_| AppError::Unauthorized)?;
        let name = inbox
            .moderators
            .who(bearer.token())
            .ok_or(AppError::Unauthorized)?;
        let moderator = Moderator(name);
        parts.extensions.insert(moderator.clone());
        Ok(moderator)
    }
}

/// The address a submission comes from ([`client_addr`]: the peer, or what a trusted
/// proxy says), once the address's rate limit let it through; else 429 `rate_limited`
/// with `Retry-After`. Taking it spends one of the address's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitter(pub IpAddr);

impl FromRequestParts<Arc<Inbox>> for Submitter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, inbox: &Arc<Inbox>) -> Result<Self, AppError> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, inbox)
            .await
            .map_err(|e| InboxError::Config(format!("no peer address: {e}")))?;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        let client = client_addr(peer.ip(), forwarded, &inbox.trusted);
        inbox
            .limiter
            .check(client, Instant::now())
            .map_err(|wait| AppError::RateLimited {
                seconds: wait.as_secs_f64().ceil().max(1.0) as u64,
            })?;
        Ok(Submitter(client))
    }
}

/// The body of `POST deeds`: a [`Submission`] and its photos' bytes.
///
/// `Content-Type: multipart/form-data` (an app sending photos): the part `deed` holds the
/// submission's JSON (at most [`BODY_LIMIT`] bytes), the parts `photo0`, `photo1`, ... the
/// photos' bytes, kept up to one byte over [`MAX_PHOTO_BYTES`] (enough to know one is too
/// large); other parts are ignored, and the whole body may have [`MULTIPART_LIMIT`]
/// bytes. Anything else is read as [`ApiJson`] within [`BODY_LIMIT`], as before photos
/// existed. A `Content-Length` over the limit is answered 413 at once, unread; a body
/// that grows past it while arriving is cut off there.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionBody {
    pub submission: Submission,
    /// The photo parts by the index in their name (`photo{index}`).
    pub photos: BTreeMap<usize, Vec<u8>>,
}

/// Whether the request says its body is `multipart/form-data`.
fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// Whether the request says its body is JSON, as axum's [`Json`] reads the label:
/// `application/json` or `application/…+json`, with any parameters.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
    else {
        return false;
    };
    let kind = kind.trim().to_ascii_lowercase();
    kind.strip_prefix("application/")
        .is_some_and(|subtype| subtype == "json" || subtype.ends_with("+json"))
}

/// The body's declared length, if any.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

impl From<MultipartError> for AppError {
    fn from(error: MultipartError) -> AppError {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::Malformed(error.body_text())
        }
    }
}

/// A part's bytes, keeping at most `keep` of them and reading the rest to the end.
async fn part_bytes(field: &mut Field<'_>, keep: usize) -> Result<(Vec<u8>, usize), AppError> {
    let (mut bytes, mut seen) = (Vec::new(), 0);
    while let Some(chunk) = field.chunk().await? {
        seen += chunk.len();
        let room = keep.saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok((bytes, seen))
}

/// `photo{index}`'s index: decimal digits only, no sign, no leading zero.
fn photo_index(name: &str) -> Option<usize> {
    let digits = name.strip_prefix("photo")?;
    let plain = !digits.is_empty()
        && digits.len() <= 3
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| digits.parse().ok()).flatten()
}

impl<S: Send + Sync> FromRequest<S> for SubmissionBody {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let declared = declared_length(request.headers());
        if !is_multipart(request.headers()) {
            // 415 before 413, as [`ApiJson`] answers: a body that is not JSON at all.
            if !is_json(request.headers()) {
                return Err(AppError::NotJson);
            }
            if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
                return Err(AppError::TooLarge);
            }
            let (parts, body) = request.into_parts();
            let bytes = axum::body::to_bytes(body, BODY_LIMIT)
                .await
                .map_err(|_| AppError::TooLarge)?;
            let request = Request::from_parts(parts, Body::from(bytes));
            let ApiJson(submission) =
                <ApiJson<Submission> as FromRequest<S>>::from_request(request, state).await?;
            return Ok(SubmissionBody {
                submission,
                photos: BTreeMap::new(),
            });
        }
        if declared.is_some_and(|length| length > MULTIPART_LIMIT as u64) {
            return Err(AppError::TooLarge);
        }
        let mut multipart = <Multipart as FromRequest<S>>::from_request(request, state)
            .await
            .map_err(|rejection| AppError::Malformed(rejection.body_text()))?;
        let mut deed = None;
        let mut photos = BTreeMap::new();
        while let Some(mut field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "deed" {
                let (bytes, seen) = part_bytes(&mut field, BODY_LIMIT).await?;
                if seen > BODY_LIMIT {
                    return Err(AppError::TooLarge);
                }
                if deed.replace(bytes).is_some() {
                    return Err(AppError::Malformed("the part `deed` is sent twice".into()));
                }
            } else if let Some(index) = photo_index(&name) {
                let (bytes, _) = part_bytes(&mut field, MAX_PHOTO_BYTES + 1).await?;
                if photos.insert(index, bytes).is_some() {
                    return Err(AppError::Malformed(format!(
                        "the part `{name}` is sent twice"
                    )));
                }
            }
        }
        let deed = deed.ok_or_else(|| {
            AppError::Malformed("the part `deed`, the submission's JSON, is missing".into())
        })?;
        let Json(submission) = Json::<Submission>::from_bytes(&deed)?;
        Ok(SubmissionBody { submission, photos })
    }
}

#[cfg(test)]
mod tests {
    use axum::{
        Router,
        body::{Body, to_bytes},
        extract::DefaultBodyLimit,
        http::{StatusCode, header},
        routing::post,
    };
    use serde::Deserialize;
    use serde_json::{Value, json};
    use tower::ServiceExt;

    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Note {
        text: String,
    }

    /// A router that echoes a required and an optional [`ApiJson`] body.
    fn echo() -> Router {
        Router::new()
            .route(
                "/required",
                post(|ApiJson(note): ApiJson<Note>| async move { note.text }),
            )
            .route(
                "/optional",
                post(|note: Option<ApiJson<Note>>| async move {
                    note.map_or("none".to_string(), |ApiJson(note)| note.text)
                }),
            )
            .layer(DefaultBodyLimit::max(64))
    }

    async fn post_to(path: &str, content_type: Option<&str>, body: &str) -> (StatusCode, Value) {
        let mut request = Request::post(path);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = echo()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, body)
    }

    const JSON: Option<&str> = Some("application/json");

    #[tokio::test]
    async fn a_required_body_must_be_labelled_json_and_fit() {
        assert_eq!(
            post_to("/required", JSON, r#"{"text": "hi"}"#).await,
            (StatusCode::OK, json!("hi"))
        );
        for typed in [
            "application/json; charset=utf-8",
            "application/vnd.api+json",
        ] {
            assert_eq!(
                post_to("/required", Some(typed), r#"{"text": "hi"}"#)
                    .await
                    .0,
                StatusCode::OK,
                "{typed}"
            );
        }
        for content_type in [None, Some("text/plain")] {
            let (status, body) = post_to("/required", content_type, r#"{"text": "hi"}"#).await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type:?}"
            );
            assert_eq!(body["error"], "not_json");
        }
        let long = format!(r#"{{"text": "{}"}}"#, "a".repeat(64));
        let (status, body) = post_to("/required", JSON, &long).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body["error"], "too_large");
    }

    #[tokio::test]
    async fn syntax_and_shape_errors_are_malformed_and_say_where() {
        for (path, body) in [
            ("/required", "{not json"),
            ("/required", ""),
            ("/required", r#"{"text": 1}"#),
            ("/required", r#"{"text": "a"} trailing"#),
            ("/optional", r#"{"text": "a", "other": 1}"#),
        ] {
            let (status, answer) = post_to(path, JSON, body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(answer["error"], "malformed", "{body}");
            let message = answer["message"].as_str().unwrap();
            assert!(!message.starts_with("Failed to"), "{message}");
        }
        let (_, answer) = post_to("/required", JSON, r#"{"text": 1}"#).await;
        assert!(
            answer["message"].as_str().unwrap().starts_with("text: "),
            "{answer}"
        );
    }

    #[tokio::test]
    async fn an_optional_body_may_be_left_out_and_is_read_whatever_its_label() {
        for (content_type, body) in [(None, ""), (JSON, ""), (JSON, " \n"), (None, "\t")] {
            assert_eq!(
                post_to("/optional", content_type, body).await,
                (StatusCode::OK, json!("none")),
                "{content_type:?} {body:?}"
            );
        }
        for content_type in [None, JSON, Some("application/x-www-form-urlencoded")] {
            assert_eq!(
                post_to("/optional", content_type, r#"{"text": "hi"}"#).await,
                (StatusCode::OK, json!("hi")),
                "{content_type:?}"
            );
        }
        let long = format!(r#"{{"text": "{}"}}"#, "a".repeat(64));
        assert_eq!(
            post_to("/optional", None, &long).await.0,
            StatusCode::PAYLOAD_TOO_LARGE
        );
    }

    /// The answer of a route reading a [`SubmissionBody`] to `body` labelled
    /// `content_type`: the photo parts' sizes by index, or the error's code.
    async fn submit(content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let router = Router::new()
            .route(
                "/deeds",
                post(|body: SubmissionBody| async move {
                    let sizes: Vec<(usize, usize)> =
                        body.photos.iter().map(|(i, b)| (*i, b.len())).collect();
                    axum::Json(json!({"id": body.submission.id, "photos": sizes}))
                })
                .layer(DefaultBodyLimit::max(MULTIPART_LIMIT)),
            )
            .layer(DefaultBodyLimit::max(BODY_LIMIT));
        let request = Request::post("/deeds")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    const FORM: &str = "multipart/form-data; boundary=b";

    fn deed() -> Value {
        json!({
            "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "university": {"id": "kaznu"},
            "virtue": "kindness", "title": "Title", "story": "A story long enough.",
            "done_on": "2020-02-10", "passes_to": [], "consent": true, "lang": "ru"
        })
    }

    fn form(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (name, bytes) in parts {
            body.extend(
                format!("--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes(),
            );
            body.extend(*bytes);
            body.extend(b"\r\n");
        }
        body.extend(b"--b--\r\n");
        body
    }

    #[tokio::test]
    async fn a_submission_comes_as_json_or_as_a_form_with_its_photo_parts() {
        let json = deed().to_string();
        let (status, answer) = submit("application/json", json.clone().into_bytes()).await;
        assert_eq!(
            (status, answer["photos"].clone()),
            (StatusCode::OK, json!([]))
        );

        let large = vec![7u8; MAX_PHOTO_BYTES + 5000];
        let body = form(&[
            ("deed", json.as_bytes()),
            ("photo1", b"second"),
            ("photo0", &large),
            ("caption", b"ignored"),
            ("photo01", b"not an index"),
        ]);
        let (status, answer) = submit(FORM, body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        // Cut one byte past the limit: enough to say it is too large.
        assert_eq!(answer["photos"], json!([[0, MAX_PHOTO_BYTES + 1], [1, 6]]));
    }

    #[tokio::test]
    async fn a_form_without_its_deed_or_with_a_part_twice_is_malformed_and_a_large_one_too_large() {
        let json = deed().to_string();
        for body in [
            form(&[("photo0", b"x")]),
            form(&[("deed", json.as_bytes()), ("deed", json.as_bytes())]),
            form(&[
                ("deed", json.as_bytes()),
                ("photo0", b"x"),
                ("photo0", b"y"),
            ]),
            form(&[("deed", b"{not json")]),
        ] {
            let (status, answer) = submit(FORM, body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
            assert_eq!(answer["error"], "malformed");
        }
        let (status, _) = submit("multipart/form-data", form(&[("deed", b"{}")])).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "no boundary");

        let huge = vec![1u8; MULTIPART_LIMIT + 1];
        let (status, answer) =
            submit(FORM, form(&[("deed", json.as_bytes()), ("photo0", &huge)])).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(answer["error"], "too_large");
        let long_deed = vec![b' '; BODY_LIMIT + 1];
        let (status, _) = submit(FORM, form(&[("deed", &long_deed)])).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        // A plain body keeps its own limit, and 415 before 413.
        let (status, _) = submit("application/json", vec![b' '; BODY_LIMIT + 1]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        let (status, _) = submit("text/plain", vec![b' '; BODY_LIMIT + 1]).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[test]
    fn photo_parts_are_named_by_a_plain_index() {
        assert_eq!(photo_index("photo0"), Some(0));
        assert_eq!(photo_index("photo2"), Some(2));
        assert_eq!(photo_index("photo12"), Some(12));
        for name in [
            "photo",
            "photo01",
            "photo-1",
            "photo+1",
            "photo1a",
            "photo9999",
            "deed",
        ] {
            assert_eq!(photo_index(name), None, "{name}");
        }
    }
}
