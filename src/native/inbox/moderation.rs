//! Moderators' decisions, each one transaction with its audit record: approve a pending
//! submission (it becomes a numbered deed, with its photos but those the moderator left
//! out), reject it with a reason, add a university, unpublish a deed. A photo no one will
//! see again (left out, rejected, unpublished) loses its JPEG in the same transaction. The HTTP API runs them on the writer thread; `qq moderate` runs them
//! on its own connection. Neither writes the store: [`super::store_sync::sync_store`]
//! follows the change log afterwards.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::{InboxError, db, rfc3339_millis, rfc3339_seconds};
use crate::model::{
    Date, University,
    photo::Photo,
    rules::{self, FieldError},
    submission::{Choice, Submission},
};

/// The longest reason a moderator may give.
pub const REASON_MAX_CHARS: usize = 500;

/// Why a decision was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error("no submission {0}")]
    NoSubmission(String),
    #[error("no deed {0}")]
    NoDeed(u64),
    #[error("submission {id} is {state}, not pending")]
    NotPending { id: String, state: String },
    #[error("deed {0} is unpublished already")]
    AlreadyUnpublished(u64),
    #[error("{0}")]
    Unlisted(String),
    #[error("a reason of 1 to {REASON_MAX_CHARS} characters is needed")]
    Reason,
    #[error("the submission has no photo {0}")]
    NoPhoto(usize),
    #[error("{}", .0.iter().map(|e| e.code.as_str()).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Inbox(#[from] InboxError),
}

impl From<rusqlite::Error> for ModerationError {
    fn from(error: rusqlite::Error) -> ModerationError {
        ModerationError::Inbox(InboxError::Sql(error))
    }
}

impl ModerationError {
    /// A stable name for the error.
    pub fn code(&self) -> &'static str {
        match self {
            ModerationError::NoSubmission(_) => "no_submission",
            ModerationError::NoDeed(_) => "no_deed",
            ModerationError::NotPending { .. } => "not_pending",
            ModerationError::AlreadyUnpublished(_) => "already_unpublished",
            ModerationError::Unlisted(_) => "unlisted_university",
            ModerationError::Reason => "reason_required",
            ModerationError::NoPhoto(_) => "no_photo",
            ModerationError::Invalid(_) => "invalid",
            ModerationError::Inbox(_) => "internal",
        }
    }
}

/// What a moderator picks when approving: listed ids for choices the student could not
/// find in the list, and photos to leave out. `university` replaces the deed's
/// university; `passes_to` replaces the whole list of passes; `remove_photos` lists the
/// submission's photos (by index) not to publish. All optional: `{}` approves the
/// submission as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Picks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub university: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes_to: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_photos: Vec<usize>,
}

/// The photos submission `uuid` publishes: its kept photos but `remove`, each with its
/// description and the size of its widest published file ([`Photo::sizes`]).
fn published_photos(
    conn: &Connection,
    uuid: &str,
    submission: &Submission,
    remove: &[usize],
) -> Result<Vec<Photo>, ModerationError> {
    let rows = db::photo_rows(conn, uuid)?;
    if let Some(unknown) = remove.iter().find(|i| !rows.iter().any(|r| r.index == **i)) {
        return Err(ModerationError::NoPhoto(*unknown));
    }
    let mut photos = Vec::new();
    for row in rows.iter().filter(|row| !remove.contains(&row.index)) {
        let note = submission.photos.get(row.index);
        let (Some(note), true) = (note, row.kept) else {
            return Err(InboxError::Corrupt {
                what: format!("photo {} of submission {uuid}", row.index),
                reason: "its description or its JPEG is missing".into(),
            }
            .into());
        };
        let full = Photo {
            name: row.name.clone(),
            alt: note.alt.trim().to_string(),
            width: row.width,
            height: row.height,
        };
        let [_, (width, height)] = full.sizes();
        photos.push(Photo {
            width,
            height,
            ..full
        });
    }
    Ok(photos)
}

fn unlisted(choice: &Choice) -> String {
    match choice {
        Choice::Listed { id } => id.clone(),
        Choice::Unlisted { name, city } => format!("{:?} ({})", name.trim(), city.trim()),
    }
}

fn known_ids(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    let mut statement = conn.prepare_cached("SELECT id FROM universities")?;
    let ids = statement
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

fn check_reason(reason: &str) -> Result<String, ModerationError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        return Err(ModerationError::Reason);
    }
    Ok(reason.to_string())
}

/// Approves pending submission `uuid` as moderator `moderator` at `now_ms`: it becomes
/// deed number (the largest ever given) + 1. Refused while a university in it is not
/// listed and not picked. Returns the deed's number.
pub fn approve(
    conn: &mut Connection,
    moderator: &str,
    uuid: &str,
    picks: &Picks,
    now_ms: i64,
) -> Result<u64, ModerationError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<(String, String)> = tx
        .query_row(
            "SELECT body, state FROM submissions WHERE uuid = ?1",
            [uuid],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((body, state)) = row else {
        return Err(ModerationError::NoSubmission(uuid.to_string()));
    };
    if state != "pending" {
        return Err(ModerationError::NotPending {
            id: uuid.to_string(),
            state,
        });
    }
    let submission: Submission = serde_json::from_str(&body).map_err(|e| InboxError::Corrupt {
        what: format!("submission {uuid}"),
        reason: e.to_string(),
    })?;

    let university = match (&picks.university, submission.university.id()) {
        (Some(id), _) => id.clone(),
        (None, Some(id)) => id.to_string(),
        (None, None) => {
            return Err(ModerationError::Unlisted(format!(
                "the university {} is not listed: add it, then approve with {{\"university\": \"its-id\"}}",
                unlisted(&submission.university)
            )));
        }
    };
    let passes_to = match &picks.passes_to {
        Some(ids) => ids.clone(),
        None => {
            let missing: Vec<String> = submission
                .passes_to
                .iter()
                .filter(|c| c.id().is_none())
                .map(unlisted)
                .collect();
            if !missing.is_empty() {
                return Err(ModerationError::Unlisted(format!(
                    "the baton passes to {} which is not listed: add it, then approve with {{\"passes_to\": [\"id\", …]}}",
                    missing.join(", ")
                )));
            }
            submission
                .passes_to
                .iter()
                .filter_map(|c| c.id().map(str::to_string))
                .collect()
        }
    };

    let photos = published_photos(&tx, uuid, &submission, &picks.remove_photos)?;
    let id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM deeds", [], |row| {
        row.get(0)
    })?;
    let mut deed = submission.to_deed(university, passes_to, id as u64, rfc3339_seconds(now_ms));
    deed.photos = photos;
    let known = known_ids(&tx)?;
    let today = Date::in_kazakhstan_at(now_ms);
    let errors = rules::validate_deed(&deed, |id| known.contains(id), today);
    if !errors.is_empty() {
        return Err(ModerationError::Invalid(
            errors.iter().map(FieldError::from).collect(),
        ));
    }
    let json = serde_json::to_string(&deed).expect("a deed serialises");
    tx.execute(
        "INSERT INTO deeds (id, json, submission) VALUES (?1, ?2, ?3)",
        params![id, json, uuid],
    )?;
    tx.execute(
        "UPDATE submissions SET state = 'approved', deed_id = ?2, reason = NULL WHERE uuid = ?1",
        params![uuid, id],
    )?;
    // The photos left out are not kept: no one will see them again.
    let published: Vec<usize> = (db::photo_rows(&tx, uuid)?.into_iter())
        .map(|row| row.index)
        .filter(|index| !picks.remove_photos.contains(index))
        .collect();
    db::drop_photos(&tx, uuid, &published)?;
    db::record_change(&tx, "deed", &id.to_string())?;
    db::audit(
        &tx,
        moderator,
        &rfc3339_millis(now_ms),
        "approve",
        uuid,
        Some(&format!("deed {id}")),
    )?;
    tx.commit()?;
    Ok(id as u64)
}

/// Rejects submission `uuid` (pending, or kept aside as a robot's) with `reason`, which
/// its author sees in the status.
pub fn reject(
    conn: &mut Connection,
    moderator: &str,
    uuid: &str,
    reason: &str,
    now_ms: i64,
) -> Result<String, ModerationError> {
    let reason = check_reason(reason)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let state: Option<String> = tx
        .query_row(
            "SELECT state FROM submissions WHERE uuid = ?1",
            [uuid],
            |row| row.get(0),
        )
        .optional()?;
    match state.as_deref() {
        None => return Err(ModerationError::NoSubmission(uuid.to_string())),
        Some("pending" | "quarantined") => {}
        Some(other) => {
            return Err(ModerationError::NotPending {
                id: uuid.to_string(),
                state: other.to_string(),
            });
        }
    }
    tx.execute(
        "UPDATE submissions SET state = 'rejected', reason = ?2 WHERE uuid = ?1",
        params![uuid, reason],
    )?;
    db::drop_photos(&tx, uuid, &[])?;
    db::audit(
        &tx,
        moderator,
        &rfc3339_millis(now_ms),
        "reject",
        uuid,
        Some(&reason),
    )?;
    tx.commit()?;
    Ok(reason)
}

/// A university as a moderator adds it: [`University`] with `short` optional (the full
/// name when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUniversity {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<crate::model::Names>,
    pub name: crate::model::Names,
    pub city: crate::model::Names,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

impl NewUniversity {
    /// The university as the store lists it.
    pub fn into_university(self) -> University {
        University {
            short: self.short.unwrap_or_else(|| self.name.clone()),
            id: self.id,
            name: self.name,
            city: self.city,
            country: self.country,
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// Adds `university` to the list (after checking it with
/// [`rules::validate_university`]); it joins the store on the next sync.
pub fn add_university(
    conn: &mut Connection,
    moderator: &str,
    university: &University,
    now_ms: i64,
) -> Result<(), ModerationError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let known = known_ids(&tx)?;
    let errors = rules::validate_university(university, |id| known.contains(id));
    if !errors.is_empty() {
        return Err(ModerationError::Invalid(
            errors.iter().map(FieldError::from).collect(),
        ));
    }
    let at = rfc3339_millis(now_ms);
    let json = serde_json::to_string(university).expect("a university serialises");
    tx.execute(
        "INSERT INTO universities (id, json, added_at, added_by) VALUES (?1, ?2, ?3, ?4)",
        params![university.id, json, at, moderator],
    )?;
    db::record_change(&tx, "university", &university.id)?;
    db::audit(&tx, moderator, &at, "add_university", &university.id, None)?;
    tx.commit()?;
    Ok(())
}

/// Takes deed `deed_id` off the site; its number is never given again. The submission
/// it came from reads as rejected, with `reason` (or a plain one).
pub fn unpublish(
    conn: &mut Connection,
    moderator: &str,
    deed_id: u64,
    reason: Option<&str>,
    now_ms: i64,
) -> Result<(), ModerationError> {
    let reason = match reason {
        Some(reason) => check_reason(reason)?,
        None => "unpublished by a moderator".to_string(),
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<Option<String>> = tx
        .query_row(
            "SELECT unpublished_at FROM deeds WHERE id = ?1",
            [deed_id as i64],
            |row| row.get(0),
        )
        .optional()?;
    match row {
        None => return Err(ModerationError::NoDeed(deed_id)),
        Some(Some(_)) => return Err(ModerationError::AlreadyUnpublished(deed_id)),
        Some(None) => {}
    }
    let at = rfc3339_millis(now_ms);
    tx.execute(
        "UPDATE deeds SET unpublished_at = ?2, unpublished_by = ?3 WHERE id = ?1",
        params![deed_id as i64, at, moderator],
    )?;
    tx.execute(
        "UPDATE submissions SET state = 'rejected', reason = ?2 WHERE deed_id = ?1",
        params![deed_id as i64, reason],
    )?;
    // Its photos go with it: the next sync removes their files, and nothing keeps them.
    tx.execute(
        "UPDATE photos SET jpeg = NULL
         WHERE submission = (SELECT submission FROM deeds WHERE id = ?1)",
        [deed_id as i64],
    )?;
    db::record_change(&tx, "unpublish", &deed_id.to_string())?;
    db::audit(
        &tx,
        moderator,
        &at,
        "unpublish",
        &deed_id.to_string(),
        Some(&reason),
    )?;
    tx.commit()?;
    Ok(())
}
