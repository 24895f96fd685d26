//! The inbox's moderation API (`api/v1/moderation/…`, README "The API") with a
//! moderator's token, sent as `Authorization: Bearer` and never in a URL.
//!
//! Every answer goes through [`read_answer`], which keeps apart what a moderator must
//! act on differently: a token that is not valid (sign in again), no answer at all (try
//! again: nothing was lost), a university still unlisted, a submission someone else has
//! decided, and the rules a deed or a university breaks, field by field.

use serde::{Serialize, de::DeserializeOwned};

use crate::model::{
    moderation::{
        AUDIT_LIMIT, Added, AuditEntry, AuditLog, NewUniversity, Picks, Publications, QUEUE_LIMIT,
        Queue, QueueItem, Reason, Unpublished,
    },
    rules::{FieldError, FieldErrors},
    submission::SubmissionStatus,
};

/// Why a moderation request did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModerationError {
    /// `401`: the token is not (or no longer) a moderator's.
    #[error("the moderator's token is not valid")]
    Unauthorized,
    /// No answer: offline, refused, aborted.
    #[error("no answer from the inbox: {0}")]
    Network(String),
    /// `409 unlisted_university`: a university or baton is not listed and was not picked.
    #[error("a university is not listed: {0}")]
    Unlisted(String),
    /// `409 not_pending`: another moderator has decided on it.
    #[error("the submission is not pending")]
    NotPending,
    /// `404 no_submission`.
    #[error("no such submission")]
    NoSubmission,
    /// `404 no_deed`.
    #[error("no such deed")]
    NoDeed,
    /// `409 already_unpublished`.
    #[error("the deed is unpublished already")]
    AlreadyUnpublished,
    /// `400 reason_required`.
    #[error("a reason of 1 to 500 characters is needed")]
    ReasonRequired,
    /// `422`: the rules broken, field by field.
    #[error("rules broken: {}", .0.iter().map(|e| e.code.as_str()).collect::<Vec<_>>().join(", "))]
    Fields(Vec<FieldError>),
    /// Any other answer that is not 2xx (a route this inbox does not have is `404`).
    #[error("the inbox answered {status} ({code})")]
    Status { status: u16, code: String },
    /// A 2xx answer that is not what the route answers.
    #[error("the inbox's answer could not be read: {0}")]
    Invalid(String),
}

/// The `{"error": "code", "message": "…"}` of an answer that is not about fields.
#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    message: String,
}

/// What an answer means: `status` is `None` when there was none.
pub fn read_answer<T: DeserializeOwned>(
    status: Option<u16>,
    body: &str,
) -> Result<T, ModerationError> {
    let Some(status) = status else {
        return Err(ModerationError::Network(body.to_string()));
    };
    if (200..300).contains(&status) {
        return serde_json::from_str(body).map_err(|e| ModerationError::Invalid(e.to_string()));
    }
    if status == 401 {
        return Err(ModerationError::Unauthorized);
    }
    if status == 422
        && let Ok(FieldErrors { errors }) = serde_json::from_str(body)
    {
        return Err(ModerationError::Fields(errors));
    }
    let ErrorBody { error, message } = serde_json::from_str(body).unwrap_or(ErrorBody {
        error: String::new(),
        message: String::new(),
    });
    Err(match error.as_str() {
        "unlisted_university" => ModerationError::Unlisted(message),
        "not_pending" => ModerationError::NotPending,
        "no_submission" => ModerationError::NoSubmission,
        "no_deed" => ModerationError::NoDeed,
        "already_unpublished" => ModerationError::AlreadyUnpublished,
        "reason_required" => ModerationError::ReasonRequired,
        _ => ModerationError::Status {
            status,
            code: error,
        },
    })
}

/// A moderator's way into the inbox: its API root and the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderator {
    /// `api/v1/` of this site, or of the inbox `config.json` names.
    pub root: String,
    /// The token, as the moderator typed it (trimmed).
    pub token: String,
}

impl Moderator {
    fn url(&self, route: &str) -> String {
        format!("{}moderation/{route}", self.root)
    }

    /// The pending submissions, oldest first.
    pub async fn queue(&self) -> Result<Vec<QueueItem>, ModerationError> {
        let url = self.url(&format!("queue?limit={QUEUE_LIMIT}"));
        let queue: Queue = self.send(Method::Get, &url, None::<&()>).await?;
        Ok(queue.submissions)
    }

    /// Publishes submission `id`, with listed ids for what the student could not find.
    pub async fn approve(
        &self,
        id: &str,
        picks: &Picks,
    ) -> Result<SubmissionStatus, ModerationError> {
        let url = self.url(&format!("{}/approve", encode(id)));
        self.send(Method::Post, &url, Some(picks)).await
    }

    /// Rejects submission `id` with `reason`, which its author sees.
    pub async fn reject(
        &self,
        id: &str,
        reason: &str,
    ) -> Result<SubmissionStatus, ModerationError> {
        let url = self.url(&format!("{}/reject", encode(id)));
        let body = Reason {
            reason: reason.trim().to_string(),
        };
        self.send(Method::Post, &url, Some(&body)).await
    }

    /// Adds a university to the list.
    pub async fn add_university(
        &self,
        university: &NewUniversity,
    ) -> Result<Added, ModerationError> {
        self.send(Method::Post, &self.url("universities"), Some(university))
            .await
    }

    /// Takes deed number `deed` off the site, with an optional reason.
    pub async fn unpublish(
        &self,
        deed: u64,
        reason: Option<&str>,
    ) -> Result<Unpublished, ModerationError> {
        let url = self.url(&format!("deeds/{deed}/unpublish"));
        let body = reason.map(|reason| Reason {
            reason: reason.trim().to_string(),
        });
        self.send(Method::Post, &url, body.as_ref()).await
    }

    /// What the bucket the inbox publishes into does not have yet.
    pub async fn publications(&self) -> Result<Publications, ModerationError> {
        self.send(Method::Get, &self.url("publications"), None::<&()>)
            .await
    }

    /// The newest entries of the audit log, newest first.
    pub async fn audit(&self) -> Result<Vec<AuditEntry>, ModerationError> {
        let url = self.url(&format!("audit?limit={AUDIT_LIMIT}"));
        let log: AuditLog = self.send(Method::Get, &url, None::<&()>).await?;
        Ok(log.entries)
    }

    /// The address of photo `index` of submission `id`
    /// (`GET moderation/photos/{id}/{index}`, the inbox's re-encoded JPEG).
    fn photo_url(&self, id: &str, index: usize) -> String {
        self.url(&format!("photos/{}/{index}", encode(id)))
    }

    /// Photo `index` of submission `id` as a `blob:` address for an `<img>`; whoever
    /// shows it revokes it ([`revoke_object_url`]) once it is gone.
    pub async fn photo(&self, id: &str, index: usize) -> Result<String, ModerationError> {
        blob_url(&self.photo_url(id, index), &self.token).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ModerationError> {
        let body = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| ModerationError::Invalid(e.to_string()))?;
        let (status, text) = request(method, url, &self.token, body).await;
        read_answer(status, &text)
    }
}

/// A submission's id in a path: it is a UUID, but it came over the network.
fn encode(id: &str) -> String {
    crate::model::feed::percent_encode(id)
}

#[derive(Debug, Clone, Copy)]
enum Method {
    Get,
    Post,
}

/// Sends a request; the status (`None` when no answer came) and the body, or the reason
/// there was no answer.
#[cfg(target_arch = "wasm32")]
async fn request(
    method: Method,
    url: &str,
    token: &str,
    body: Option<String>,
) -> (Option<u16>, String) {
    use gloo_net::http::Request;
    let builder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
    }
    .header("Authorization", &format!("Bearer {token}"));
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    };
    let response = match request {
        Ok(request) => request.send().await,
        Err(error) => return (None, error.to_string()),
    };
    match response {
        Ok(response) => (
            Some(response.status()),
            response.text().await.unwrap_or_default(),
        ),
        Err(error) => (None, error.to_string()),
    }
}

/// GETs `url` with the token and makes its body a `blob:` address; an answer that is not
/// 2xx reads as [`read_answer`] reads it.
#[cfg(target_arch = "wasm32")]
async fn blob_url(url: &str, token: &str) -> Result<String, ModerationError> {
    use gloo_net::http::Request;
    let network = |error: String| ModerationError::Network(error);
    let response = Request::get(url)
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|error| network(error.to_string()))?;
    let status = response.status();
    if !(200..300).contains(&status) {
        let body = response.text().await.unwrap_or_default();
        return match read_answer::<serde::de::IgnoredAny>(Some(status), &body) {
            Err(error) => Err(error),
            Ok(_) => Err(ModerationError::Status {
                status,
                code: String::new(),
            }),
        };
    }
    let invalid = |error: wasm_bindgen::JsValue| ModerationError::Invalid(format!("{error:?}"));
    let bytes = response
        .binary()
        .await
        .map_err(|error| network(error.to_string()))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(invalid)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(invalid)
}

#[cfg(not(target_arch = "wasm32"))]
async fn blob_url(_url: &str, _token: &str) -> Result<String, ModerationError> {
    Err(ModerationError::Network(
        "requests need a browser".to_string(),
    ))
}

/// Lets the browser free the photo behind a `blob:` address from [`Moderator::photo`].
pub fn revoke_object_url(url: &str) {
    #[cfg(target_arch = "wasm32")]
    let _ = web_sys::Url::revoke_object_url(url);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = url;
}

#[cfg(not(target_arch = "wasm32"))]
async fn request(
    _method: Method,
    _url: &str,
    _token: &str,
    _body: Option<String>,
) -> (Option<u16>, String) {
    (None, "requests need a browser".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{rules::Field, submission::PublicState};

    fn read(status: Option<u16>, body: &str) -> Result<SubmissionStatus, ModerationError> {
        read_answer(status, body)
    }

    #[test]
    fn an_approval_reads_as_the_published_status() {
        let status = read(
            Some(200),
            r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","state":"published","deed_id":301}"#,
        )
        .unwrap();
        assert_eq!(status.state, PublicState::Published);
        assert_eq!(status.deed_id, Some(301));
    }

    #[test]
    fn no_answer_is_a_network_failure_not_a_refusal() {
        assert!(matches!(
            read(None, "offline"),
            Err(ModerationError::Network(_))
        ));
    }

    #[test]
    fn a_401_means_the_token_is_not_valid_whatever_the_body() {
        assert_eq!(read(Some(401), ""), Err(ModerationError::Unauthorized));
        assert_eq!(
            read(Some(401), r#"{"error":"unauthorized","message":"…"}"#),
            Err(ModerationError::Unauthorized)
        );
    }

    #[test]
    fn conflicts_are_told_apart_by_their_code() {
        let unlisted = read(
            Some(409),
            r#"{"error":"unlisted_university","message":"the university \"TSU\" (Tashkent) is not listed"}"#,
        );
        assert!(matches!(unlisted, Err(ModerationError::Unlisted(m)) if m.contains("TSU")));
        assert_eq!(
            read(Some(409), r#"{"error":"not_pending","message":"…"}"#),
            Err(ModerationError::NotPending)
        );
        assert_eq!(
            read(Some(404), r#"{"error":"no_deed","message":"no deed 9"}"#),
            Err(ModerationError::NoDeed)
        );
        assert_eq!(
            read(Some(400), r#"{"error":"reason_required","message":"…"}"#),
            Err(ModerationError::ReasonRequired)
        );
    }

    #[test]
    fn field_errors_are_kept_field_by_field() {
        let answer = read(
            Some(422),
            r#"{"errors":[{"field":"passes_to","code":"unknown_university","index":1,"value":"hogwarts"}]}"#,
        );
        let Err(ModerationError::Fields(errors)) = answer else {
            panic!("{answer:?}");
        };
        assert_eq!(errors[0].field, Field::PassesTo);
        assert_eq!(errors[0].index, Some(1));
    }

    #[test]
    fn a_route_the_inbox_lacks_is_a_status_with_its_code() {
        let answer: Result<AuditLog, _> = read_answer(
            Some(404),
            r#"{"error":"not_found","message":"no such API route"}"#,
        );
        assert_eq!(
            answer,
            Err(ModerationError::Status {
                status: 404,
                code: "not_found".into()
            })
        );
        // A static host's own 404 page is no JSON at all.
        let answer: Result<AuditLog, _> = read_answer(Some(404), "<!doctype html>");
        assert!(matches!(
            answer,
            Err(ModerationError::Status { status: 404, .. })
        ));
    }

    #[test]
    fn a_success_of_another_shape_is_invalid() {
        assert!(matches!(
            read(Some(200), "<!doctype html>"),
            Err(ModerationError::Invalid(_))
        ));
    }

    #[test]
    fn routes_are_under_the_api_root() {
        let moderator = Moderator {
            root: "https://inbox.example/api/v1/".into(),
            token: "t".into(),
        };
        assert_eq!(
            moderator.url("queue?limit=100"),
            "https://inbox.example/api/v1/moderation/queue?limit=100"
        );
        assert_eq!(
            moderator.photo_url("0f8fad5b-d9cb", 2),
            "https://inbox.example/api/v1/moderation/photos/0f8fad5b-d9cb/2"
        );
        assert_eq!(encode("0f8fad5b-d9cb"), "0f8fad5b-d9cb");
        assert_eq!(encode("../x"), "..%2Fx");
    }
}
