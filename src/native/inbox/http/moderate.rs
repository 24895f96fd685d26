//! The moderators' routes under `moderation/`, all of one shape: the [`Moderator`] first
//! (the router's middleware has checked the token by then), then the path or query, then
//! an optional body ([`ApiJson`]); each returns `Result<Json<_>, AppError>`.
//!
//! A decision ([`super::super::moderation`]) runs on the writer thread and the store is
//! synced before the answer ([`Inbox::decide`]); approve and reject then answer the
//! submission's status, written once in [`decide_on`]. The queue, the audit log and a
//! submission's photo are plain reads.

use std::sync::Arc;

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::IntoResponse,
};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{AUDIT_MAX, ApiJson, AppError, Inbox, Moderator, QUEUE_MAX};
use crate::{
    model::submission::SubmissionStatus,
    native::inbox::{
        db::{self, AuditEntry, QueueItem},
        moderation::{self, ModerationError, NewUniversity, Picks},
        now_ms,
    },
};

/// How many records a list asks for when it does not say.
const DEFAULT_LIMIT: usize = 100;

/// `?limit=N` of a list: [`DEFAULT_LIMIT`] when absent, held to `1..=max`.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Limit {
    limit: Option<usize>,
}

impl Limit {
    fn at_most(&self, max: usize) -> usize {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, max)
    }
}

/// The answer to `GET moderation/queue`.
#[derive(Debug, Serialize)]
pub(super) struct Queue {
    submissions: Vec<QueueItem>,
}

/// `GET moderation/queue?limit=N`: pending submissions, oldest first.
pub(super) async fn queue(
    _: Moderator,
    State(inbox): State<Arc<Inbox>>,
    Query(limit): Query<Limit>,
) -> Result<Json<Queue>, AppError> {
    let limit = limit.at_most(QUEUE_MAX);
    let submissions = inbox.read(move |conn| db::queue(conn, limit)).await?;
    Ok(Json(Queue { submissions }))
}

/// The answer to `GET moderation/audit`.
#[derive(Debug, Serialize)]
pub(super) struct AuditLog {
    entries: Vec<AuditEntry>,
}

/// `GET moderation/audit?limit=N`: the moderators' latest actions, newest first.
pub(super) async fn audit(
    _: Moderator,
    State(inbox): State<Arc<Inbox>>,
    Query(limit): Query<Limit>,
) -> Result<Json<AuditLog>, AppError> {
    let limit = limit.at_most(AUDIT_MAX);
    let entries = inbox.read(move |conn| db::audit_log(conn, limit)).await?;
    Ok(Json(AuditLog { entries }))
}

/// `GET moderation/publications`: how many of the inbox's changes the bucket does not
/// have yet, since when, and why the last try failed.
pub(super) async fn publications(
    _: Moderator,
    State(inbox): State<Arc<Inbox>>,
) -> Result<Json<crate::model::moderation::Publications>, AppError> {
    inbox.publications().await.map(Json)
}

/// Runs `decision` on submission `id` (in any case), then answers its status.
async fn decide_on(
    inbox: &Arc<Inbox>,
    id: String,
    decision: impl FnOnce(&mut Connection, &str) -> Result<(), ModerationError> + Send + 'static,
) -> Result<Json<SubmissionStatus>, AppError> {
    let id = id.to_ascii_lowercase();
    let uuid = id.clone();
    inbox.decide(move |conn| decision(conn, &uuid)).await?;
    inbox.status_of(id).await.map(Json)
}

/// `POST moderation/{id}/approve`, with the moderator's [`Picks`] or none.
pub(super) async fn approve(
    Moderator(name): Moderator,
    State(inbox): State<Arc<Inbox>>,
    Path(id): Path<String>,
    picks: Option<ApiJson<Picks>>,
) -> Result<Json<SubmissionStatus>, AppError> {
    let picks = picks.map(|ApiJson(picks)| picks).unwrap_or_default();
    decide_on(&inbox, id, move |conn, uuid| {
        moderation::approve(conn, &name, uuid, &picks, now_ms()).map(drop)
    })
    .await
}

/// `GET moderation/photos/{id}/{index}`: photo `index` of submission `id` as the inbox
/// keeps it (a JPEG without metadata), for the moderator's eyes only: never cached.
/// 404 when there is no such photo, or it is no longer kept.
pub(super) async fn photo(
    _: Moderator,
    State(inbox): State<Arc<Inbox>>,
    Path((id, index)): Path<(String, usize)>,
) -> Result<impl IntoResponse, AppError> {
    let id = id.to_ascii_lowercase();
    let jpeg = inbox
        .read(move |conn| Ok(db::photo_jpeg(conn, &id, index)?))
        .await?
        .ok_or(AppError::NoPhoto)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        jpeg,
    ))
}

/// The body of a rejection or an unpublishing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Reason {
    #[serde(default)]
    reason: Option<String>,
}

impl Reason {
    fn of(body: Option<ApiJson<Reason>>) -> Option<String> {
        body.and_then(|ApiJson(body)| body.reason)
    }
}

/// `POST moderation/{id}/reject` with `{"reason": "…"}`; without one, 400.
pub(super) async fn reject(
    Moderator(name): Moderator,
    State(inbox): State<Arc<Inbox>>,
    Path(id): Path<String>,
    reason: Option<ApiJson<Reason>>,
) -> Result<Json<SubmissionStatus>, AppError> {
    let reason = Reason::of(reason).unwrap_or_default();
    decide_on(&inbox, id, move |conn, uuid| {
        moderation::reject(conn, &name, uuid, &reason, now_ms()).map(drop)
    })
    .await
}

/// The answer to an added university.
#[derive(Debug, Serialize)]
pub(super) struct Added {
    id: String,
}

/// `POST moderation/universities` with a [`NewUniversity`]: `201 {"id"}`.
pub(super) async fn add_university(
    Moderator(name): Moderator,
    State(inbox): State<Arc<Inbox>>,
    body: Option<ApiJson<NewUniversity>>,
) -> Result<(StatusCode, Json<Added>), AppError> {
    let ApiJson(new) =
        body.ok_or_else(|| AppError::Malformed("send the university to add as the body".into()))?;
    let university = new.into_university();
    let known = Arc::clone(&inbox);
    let id = inbox
        .decide(move |conn| {
            moderation::add_university(conn, &name, &university, now_ms())?;
            // Submissions may name it from its commit on, before the store shows it.
            known.learn(university.id.clone());
            Ok(university.id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Added { id })))
}

/// The answer to an unpublished deed.
#[derive(Debug, Serialize)]
pub(super) struct Unpublished {
    deed_id: u64,
    state: &'static str,
}

/// `POST moderation/deeds/{n}/unpublish`, with an optional `{"reason": "…"}`.
pub(super) async fn unpublish(
    Moderator(name): Moderator,
    State(inbox): State<Arc<Inbox>>,
    Path(deed_id): Path<u64>,
    reason: Option<ApiJson<Reason>>,
) -> Result<Json<Unpublished>, AppError> {
    let reason = Reason::of(reason);
    inbox
        .decide(move |conn| {
            moderation::unpublish(conn, &name, deed_id, reason.as_deref(), now_ms())
        })
        .await?;
    Ok(Json(Unpublished {
        deed_id,
        state: "unpublished",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_limit_defaults_to_a_hundred_and_stays_within_bounds() {
        let limit = |limit| Limit { limit }.at_most(1000);
        assert_eq!(limit(None), 100);
        assert_eq!(limit(Some(0)), 1);
        assert_eq!(limit(Some(7)), 7);
        assert_eq!(limit(Some(5000)), 1000);
    }
}
