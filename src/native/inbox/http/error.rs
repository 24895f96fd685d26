//! The API's one error type, [`AppError`]: every answer that is not a success, in the
//! shapes the README's "The API" section documents. A field error is `422 {"errors":
//! [...]}` ([`FieldErrors`]); anything else is `{"error": code, "message": text}`, with
//! `Retry-After` on a 429 (`rate_limited`, `photo_quota`) and `WWW-Authenticate: Bearer`
//! on a 401. A failure of the inbox
//! itself is logged here and answered with a plain 500.
//!
//! The extractors ([`super::extract`]) reject with it, and the handlers in [`super`]
//! return `Result<_, AppError>`: [`ModerationError`] and [`InboxError`] convert with `?`.

use axum::{
    Json,
    extract::rejection::{BytesRejection, JsonRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use super::{BODY_LIMIT, MULTIPART_LIMIT};
use crate::{
    model::rules::{FieldError, FieldErrors},
    native::inbox::{InboxError, moderation::ModerationError},
};

/// Why the API refused a request, or could not answer it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A body that must be JSON came with another `Content-Type`, or none (415).
    #[error("send the body as application/json")]
    NotJson,
    /// A body that is not JSON, or not the shape the route reads (400); the text says
    /// where.
    #[error("{0}")]
    Malformed(String),
    /// A body over [`BODY_LIMIT`] bytes ([`MULTIPART_LIMIT`] with photos), or one that
    /// did not arrive whole (413).
    #[error("the body may have at most {BODY_LIMIT} bytes, or {MULTIPART_LIMIT} with photos")]
    TooLarge,
    /// No moderator's bearer token (401).
    #[error("a moderator's token is needed: Authorization: Bearer <token>")]
    Unauthorized,
    /// The client address's bucket is empty; it may try again in `seconds` (429).
    #[error("too many submissions from one address; try again in {seconds} s")]
    RateLimited { seconds: u64 },
    /// The client address has sent its photos for the UTC day; it may try again in
    /// `seconds`, when the day ends (429).
    #[error("this address has sent its photos for today; try again in {seconds} s")]
    PhotoQuota { seconds: u64 },
    /// Too many photos wait for a moderator (503); try again later.
    #[error("too many photos wait for a moderator; try again later")]
    PhotoQueueFull,
    /// The submission's UUID belongs to a different submission (409).
    #[error("this id belongs to another submission; make a new id")]
    IdTaken,
    /// No submission has this id (404).
    #[error("no submission has this id")]
    NoSubmission,
    /// No kept photo at this address (404).
    #[error("no photo has this address")]
    NoPhoto,
    /// No route of the API has this address (404).
    #[error("no such API route")]
    NoRoute,
    /// Rules broken, every one in field order (422).
    #[error("{}", .0.iter().map(|e| e.code.as_str()).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<FieldError>),
    /// A moderator's decision refused, under its own code (404, 409 or 400).
    #[error(transparent)]
    Refused(ModerationError),
    /// The inbox failed (500); logged, and answered without its details.
    #[error(transparent)]
    Internal(#[from] InboxError),
}

/// The body of every error answer that is not about fields.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
}

impl AppError {
    /// The answer's status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::RateLimited { .. } | AppError::PhotoQuota { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::PhotoQueueFull => StatusCode::SERVICE_UNAVAILABLE,
            AppError::IdTaken => StatusCode::CONFLICT,
            AppError::NoSubmission | AppError::NoPhoto | AppError::NoRoute => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Refused(failure) => match failure {
                ModerationError::NoSubmission(_) | ModerationError::NoDeed(_) => {
                    StatusCode::NOT_FOUND
                }
                ModerationError::NotPending { .. }
                | ModerationError::AlreadyUnpublished(_)
                | ModerationError::Unlisted(_) => StatusCode::CONFLICT,
                ModerationError::Reason | ModerationError::NoPhoto(_) => StatusCode::BAD_REQUEST,
                ModerationError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                ModerationError::Inbox(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable name in the answer's `error`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotJson => "not_json",
            AppError::Malformed(_) => "malformed",
            AppError::TooLarge => "too_large",
            AppError::Unauthorized => "unauthorized",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::PhotoQuota { .. } => "photo_quota",
            AppError::PhotoQueueFull => "photo_queue_full",
            AppError::IdTaken => "id_taken",
            AppError::NoSubmission | AppError::NoPhoto | AppError::NoRoute => "not_found",
            AppError::Invalid(_) => "invalid",
            AppError::Refused(failure) => failure.code(),
            AppError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = (self.status(), self.code());
        let header = match &self {
            AppError::RateLimited { seconds } | AppError::PhotoQuota { seconds } => {
                Some((header::RETRY_AFTER, HeaderValue::from(*seconds)))
            }
            AppError::Unauthorized => {
                Some((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")))
            }
            _ => None,
        };
        let message = match self {
            AppError::Invalid(errors) | AppError::Refused(ModerationError::Invalid(errors)) => {
                return (status, Json(FieldErrors { errors })).into_response();
            }
            AppError::Internal(failure) | AppError::Refused(ModerationError::Inbox(failure)) => {
                tracing::error!("inbox: {failure}");
                "the inbox could not do this; try again later".to_string()
            }
            other => other.to_string(),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: code,
                message,
            }),
        )
            .into_response();
        if let Some((name, value)) = header {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

impl From<ModerationError> for AppError {
    fn from(failure: ModerationError) -> AppError {
        match failure {
            ModerationError::Invalid(errors) => AppError::Invalid(errors),
            ModerationError::Inbox(failure) => AppError::Internal(failure),
            refused => AppError::Refused(refused),
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> AppError {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::NotJson,
            JsonRejection::BytesRejection(rejection) => rejection.into(),
            // Syntax and shape errors: the text of serde's error, with the path to it.
            JsonRejection::JsonSyntaxError(e) => AppError::Malformed(source_text(&e)),
            JsonRejection::JsonDataError(e) => AppError::Malformed(source_text(&e)),
            other => AppError::Malformed(other.body_text()),
        }
    }
}

impl From<BytesRejection> for AppError {
    /// Over the limit, and also a body that broke off or came too slowly (the server's
    /// body deadline): the inbox has always answered both with 413.
    fn from(_: BytesRejection) -> AppError {
        AppError::TooLarge
    }
}

/// What went wrong below a rejection's own words ("Failed to parse the request body as
/// JSON: ..."), which speak of the server rather than of the client's body.
fn source_text(rejection: &dyn std::error::Error) -> String {
    rejection
        .source()
        .map_or_else(|| rejection.to_string(), ToString::to_string)
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;
    use serde_json::{Value, json};

    use super::*;

    async fn answer(error: AppError) -> (StatusCode, header::HeaderMap, Value) {
        let response = error.into_response();
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, headers, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn a_refusal_is_code_and_message_with_its_header() {
        let (status, headers, body) = answer(AppError::RateLimited { seconds: 2 }).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers[header::RETRY_AFTER], "2");
        assert_eq!(
            body,
            json!({"error": "rate_limited",
                   "message": "too many submissions from one address; try again in 2 s"})
        );
        let (status, headers, body) = answer(AppError::Unauthorized).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(body["error"], "unauthorized");
        let (status, _, body) = answer(AppError::TooLarge).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            body["message"],
            "the body may have at most 16384 bytes, or 1261568 with photos"
        );
        let (status, headers, body) = answer(AppError::PhotoQuota { seconds: 3600 }).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers[header::RETRY_AFTER], "3600");
        assert_eq!(body["error"], "photo_quota");
        let (status, _, body) = answer(AppError::PhotoQueueFull).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["error"], "photo_queue_full");
    }

    #[tokio::test]
    async fn field_errors_are_a_list_and_an_inbox_failure_tells_nothing() {
        let errors = vec![FieldError {
            field: crate::model::rules::Field::Title,
            code: crate::model::rules::RuleCode::TooShort,
            min: Some(3),
            max: None,
            index: None,
            value: None,
        }];
        let (status, _, body) = answer(ModerationError::Invalid(errors).into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            body,
            json!({"errors": [{"field": "title", "code": "too_short", "min": 3}]})
        );
        let failure = InboxError::Write("disk /secret/place is full".into());
        let (status, _, body) = answer(ModerationError::Inbox(failure).into()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            body,
            json!({"error": "internal", "message": "the inbox could not do this; try again later"})
        );
    }

    #[tokio::test]
    async fn a_refused_decision_keeps_its_own_code() {
        for (failure, status, code) in [
            (ModerationError::NoDeed(9), StatusCode::NOT_FOUND, "no_deed"),
            (
                ModerationError::AlreadyUnpublished(9),
                StatusCode::CONFLICT,
                "already_unpublished",
            ),
            (
                ModerationError::Reason,
                StatusCode::BAD_REQUEST,
                "reason_required",
            ),
        ] {
            let message = failure.to_string();
            let (got, _, body) = answer(failure.into()).await;
            assert_eq!(got, status, "{code}");
            assert_eq!(body, json!({"error": code, "message": message}));
        }
    }
}
