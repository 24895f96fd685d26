//! The moderation API's bodies (`api/v1/moderation/…`, README "The API"), as plain serde
//! types: what the queue lists, what an approval picks, a university a moderator adds, the
//! audit log, and the rule a rejection's reason follows. The moderators' app
//! (`src/app/moderation/`) reads and writes exactly these; the inbox answers with the same
//! shapes (its own copies live in `src/native/inbox/`, which may move to these).

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::model::{Names, University, rules::visible_chars, submission::Submission};

/// Characters allowed in the reason for a rejection or an unpublication (trimmed).
pub const REASON_CHARS: RangeInclusive<usize> = 1..=500;

/// How many pending submissions the app asks for at once.
pub const QUEUE_LIMIT: usize = 100;

/// How many audit entries the app asks for at once.
pub const AUDIT_LIMIT: usize = 100;

/// A pending submission as `GET moderation/queue` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    /// The submission's UUID.
    pub id: String,
    /// When it arrived (RFC 3339, UTC).
    pub received_at: String,
    /// What the student sent.
    pub submission: Submission,
}

/// The answer to `GET moderation/queue`: pending submissions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub submissions: Vec<QueueItem>,
}

/// The body of `POST moderation/{id}/approve`: listed ids for a university, or batons,
/// that the student could not find in the list, and photos to leave out. `passes_to`, when given, replaces every
/// pass of the submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub university: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes_to: Option<Vec<String>>,
    /// The submission's photos (by index) the moderator leaves out; the rest are
    /// published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_photos: Vec<usize>,
}

/// The body of `POST moderation/universities`: a [`University`] whose short name may be
/// left out (the full name is used then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUniversity {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Names>,
    pub name: Names,
    pub city: Names,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

impl NewUniversity {
    /// The university as the store will list it, for checking it with
    /// [`crate::model::rules::validate_university`] before it is sent.
    pub fn to_university(&self) -> University {
        University {
            id: self.id.clone(),
            short: self.short.clone().unwrap_or_else(|| self.name.clone()),
            name: self.name.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// The body of `POST moderation/{id}/reject` and, optionally, of
/// `POST moderation/deeds/{n}/unpublish`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub reason: String,
}

/// The answer to `POST moderation/deeds/{n}/unpublish`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unpublished {
    pub deed_id: u64,
}

/// The answer to `POST moderation/universities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    pub id: String,
}

/// One moderator's action, as `GET moderation/audit` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: u64,
    /// The moderator's name.
    pub moderator: String,
    /// When (RFC 3339, UTC, with milliseconds).
    pub at: String,
    /// `approve`, `reject`, `add_university`, `unpublish`, or an action added later.
    pub action: String,
    /// What it was done to: a submission's UUID, a deed's number or a university's id.
    pub target: String,
    /// What the server noted beside it (a rejection's reason, "deed 12"), if anything.
    #[serde(default)]
    pub detail: Option<String>,
}

/// The answer to `GET moderation/audit`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
}

/// The answer to `GET moderation/publications`: what the bucket the inbox publishes into
/// (`qq serve --publish-to`) does not have yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publications {
    /// Whether the inbox publishes into a bucket at all.
    pub bucket: bool,
    /// Puts and deletes not yet done.
    pub pending: u64,
    /// When the oldest of them was recorded (RFC 3339), if any.
    #[serde(default)]
    pub oldest: Option<String>,
    /// The most tries any of them has had.
    #[serde(default)]
    pub attempts: u64,
    /// Why the last try failed, if it did.
    #[serde(default)]
    pub error: Option<String>,
}

/// Why a reason cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("a reason is needed")]
    Empty,
    #[error("a reason allows at most {max} characters")]
    TooLong { max: usize },
}

/// A reason of 1 to 500 characters once trimmed, as the inbox requires of a rejection,
/// and something a student can read: invisible characters alone do not count.
pub fn check_reason(reason: &str) -> Result<(), ReasonError> {
    let reason = reason.trim();
    if visible_chars(reason) < *REASON_CHARS.start() {
        Err(ReasonError::Empty)
    } else if reason.chars().count() > *REASON_CHARS.end() {
        Err(ReasonError::TooLong {
            max: *REASON_CHARS.end(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_publications_answer_parses() {
        let waiting: Publications = serde_json::from_str(
            r#"{"bucket": true, "pending": 3, "oldest": "2026-11-26T10:00:00.000Z",
                "attempts": 2, "error": "cannot reach http://127.0.0.1:9000"}"#,
        )
        .unwrap();
        assert_eq!(waiting.pending, 3);
        assert_eq!(waiting.attempts, 2);
        let none: Publications =
            serde_json::from_str(r#"{"bucket": false, "pending": 0}"#).unwrap();
        assert_eq!(none, Publications::default());
    }

    #[test]
    fn the_documented_audit_answer_parses() {
        let log: AuditLog = serde_json::from_str(
            r#"{"entries": [
                {"id": 12, "moderator": "alma", "at": "2026-11-26T10:00:00.000Z",
                 "action": "approve", "target": "0f8fad5b-d9cb-469f-a165-70867728950e",
                 "detail": "deed 301"},
                {"id": 11, "moderator": "bek", "at": "2026-11-26T09:00:00.000Z",
                 "action": "add_university", "target": "tsu", "detail": null}
            ]}"#,
        )
        .unwrap();
        assert_eq!(log.entries.len(), 2);
        assert_eq!(log.entries[0].detail.as_deref(), Some("deed 301"));
        assert_eq!(log.entries[1].detail, None);
    }

    #[test]
    fn picks_send_only_what_was_picked() {
        assert_eq!(serde_json::to_string(&Picks::default()).unwrap(), "{}");
        let picks = Picks {
            university: Some("tsu".into()),
            passes_to: None,
            remove_photos: Vec::new(),
        };
        assert_eq!(
            serde_json::to_string(&picks).unwrap(),
            r#"{"university":"tsu"}"#
        );
    }

    #[test]
    fn a_new_university_without_a_short_name_is_listed_under_its_full_name() {
        let names = |text: &str| Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        };
        let new = NewUniversity {
            id: "tsu".into(),
            short: None,
            name: names("Tashkent State University"),
            city: names("Tashkent"),
            country: "UZ".into(),
            lat: 41.35,
            lon: 69.2,
        };
        assert_eq!(
            new.to_university().short,
            names("Tashkent State University")
        );
        let json = serde_json::to_value(&new).unwrap();
        assert!(json.get("short").is_none(), "{json}");
    }

    #[test]
    fn a_reason_has_one_to_five_hundred_visible_characters() {
        assert_eq!(check_reason("An advertisement."), Ok(()));
        assert_eq!(check_reason("x"), Ok(()));
        assert_eq!(check_reason(&format!("  {}  ", "я".repeat(500))), Ok(()));
        assert_eq!(check_reason(""), Err(ReasonError::Empty));
        assert_eq!(check_reason("  \u{200B} "), Err(ReasonError::Empty));
        assert_eq!(
            check_reason(&"я".repeat(501)),
            Err(ReasonError::TooLong { max: 500 })
        );
    }
}
