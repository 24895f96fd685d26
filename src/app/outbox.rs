//! The outbox: submissions kept on the phone until the inbox has them, and followed until
//! they are published or rejected. This module is the plain-Rust part, tested natively:
//! the states, what an answer from the inbox means, and when to try again. The browser
//! part (storage, sending, timers) is [`crate::app::outbox::sender`].

pub mod sender;

use serde::{Deserialize, Serialize};

use crate::model::{
    rules::{FieldError, FieldErrors},
    submission::{PublicState, Submission, SubmissionStatus},
};

/// Where a submission stands, as "My deeds" shows it. Stored in serde's default
/// (externally tagged) form: internally tagged or flattened forms would bring serde's
/// buffering machinery into the web app's download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Saved on the phone, not yet accepted by an inbox.
    Waiting,
    /// The inbox refused it for a reason the student can fix (422).
    NeedsAttention { errors: Vec<FieldError> },
    /// The inbox has it; a moderator has not decided yet.
    Sent,
    /// Published as deed `deed_id`.
    Published { deed_id: u64 },
    /// A moderator declined it.
    Rejected { reason: String },
}

/// One submission in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub submission: Submission,
    pub state: State,
    /// Failed tries since the last success, for the backoff.
    #[serde(default)]
    pub attempts: u32,
    /// When it was saved (ms since the epoch), to list the newest first.
    pub saved_at: u64,
}

impl Entry {
    /// A new submission, waiting to be sent.
    pub fn new(submission: Submission, now_ms: u64) -> Entry {
        Entry {
            submission,
            state: State::Waiting,
            attempts: 0,
            saved_at: now_ms,
        }
    }

    /// Whether the outbox should still send it.
    pub fn to_send(&self) -> bool {
        self.state == State::Waiting
    }

    /// Whether the inbox may still change its state (so "My deeds" asks).
    pub fn to_follow(&self) -> bool {
        self.state == State::Sent
    }
}

/// What an answer to `POST /api/v1/deeds` means for the submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored by the inbox.
    Accepted,
    /// Try again later: no network, no inbox here (a plain static host answers 404 or
    /// 405), an overloaded or failing inbox, or a rate limit.
    Retry,
    /// The student must correct it.
    Fix(Vec<FieldError>),
}

/// Reads the inbox's answer: its status code and body.
pub fn outcome(status: Option<u16>, body: &str) -> Outcome {
    match status {
        Some(200 | 201) => Outcome::Accepted,
        Some(422) => match serde_json::from_str::<FieldErrors>(body) {
            Ok(errors) if !errors.errors.is_empty() => Outcome::Fix(errors.errors),
            // A 422 we cannot read: still the student's to look at, not to resend forever.
            _ => Outcome::Fix(Vec::new()),
        },
        // The id belongs to another submission: only a new id can fix that, which a
        // correction makes.
        Some(409) => Outcome::Fix(Vec::new()),
        // 400 would mean this app and the inbox disagree on the format (an older app):
        // keep it and try later, after an update, rather than lose it.
        _ => Outcome::Retry,
    }
}

/// The state a status answer puts a sent submission in.
pub fn followed(status: &SubmissionStatus) -> State {
    match status.state {
        PublicState::Pending => State::Sent,
        PublicState::Published => match status.deed_id {
            Some(deed_id) => State::Published { deed_id },
            None => State::Sent,
        },
        PublicState::Rejected => State::Rejected {
            reason: status.reason.clone().unwrap_or_default(),
        },
    }
}

/// What the form says of the deed it has just kept, as the outbox moves it along: one
/// place for the rule, so the form never calls a sent deed "kept on this phone", nor a
/// queued one "sent".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Kept, and the first try is under way (and the phone says it is online).
    Sending,
    /// Kept on the phone: no inbox answered yet; sent as soon as one does.
    Queued,
    /// The inbox has it: it waits for a moderator.
    Sent,
    /// A moderator published it as deed `deed_id`.
    Published { deed_id: u64 },
    /// A moderator declined it.
    Rejected,
    /// The inbox asks for a correction.
    NeedsAttention,
}

impl Progress {
    /// Where the deed kept as `entry` stands for the form (`None` once it is deleted from
    /// the outbox); `online` is the browser's word on the connection.
    pub fn of(entry: Option<&Entry>, online: bool) -> Option<Progress> {
        let entry = entry?;
        Some(match &entry.state {
            State::Waiting if entry.attempts == 0 && online => Progress::Sending,
            State::Waiting => Progress::Queued,
            State::Sent => Progress::Sent,
            State::Published { deed_id } => Progress::Published { deed_id: *deed_id },
            State::Rejected { .. } => Progress::Rejected,
            State::NeedsAttention { .. } => Progress::NeedsAttention,
        })
    }
}

/// How long to wait before try `attempts + 1`, in milliseconds: 2 s doubling to 5
/// minutes, with `jitter` (0..1) spreading a campus's phones apart.
#[allow(clippy::manual_clamp)] // clamp's panic message would bring float formatting along
pub fn backoff_ms(attempts: u32, jitter: f64) -> f64 {
    let base = 2_000.0 * 2f64.powi(attempts.min(8) as i32);
    base.min(300_000.0) * (0.75 + 0.5 * jitter.max(0.0).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{rules::RuleCode, submission::PublicState};

    fn submission() -> Submission {
        serde_json::from_str(
            r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","university":{"id":"kaznu"},
                "virtue":"kindness","title":"Blood drive","story":"Twenty-five of us gave blood.",
                "done_on":"2020-02-10","consent":true,"lang":"en"}"#,
        )
        .expect("a submission")
    }

    #[test]
    fn answers_decide_what_happens_next() {
        assert_eq!(outcome(Some(201), "{}"), Outcome::Accepted);
        assert_eq!(outcome(Some(200), ""), Outcome::Accepted);
        // No inbox on a static host, no network, overload, a limit: wait and retry.
        for status in [
            None,
            Some(404),
            Some(405),
            Some(429),
            Some(500),
            Some(503),
            Some(400),
        ] {
            assert_eq!(outcome(status, ""), Outcome::Retry, "{status:?}");
        }
        let body = r#"{"errors":[{"field":"title","code":"too_short","min":3}]}"#;
        let Outcome::Fix(errors) = outcome(Some(422), body) else {
            panic!("a 422 needs the student");
        };
        assert_eq!(errors[0].code, RuleCode::TooShort);
        assert_eq!(errors[0].min, Some(3));
        assert_eq!(outcome(Some(422), "not json"), Outcome::Fix(Vec::new()));
        assert_eq!(outcome(Some(409), ""), Outcome::Fix(Vec::new()));
    }

    #[test]
    fn statuses_become_states() {
        let status = |state, deed_id, reason: Option<&str>| SubmissionStatus {
            id: "x".into(),
            state,
            deed_id,
            reason: reason.map(str::to_string),
        };
        assert_eq!(
            followed(&status(PublicState::Pending, None, None)),
            State::Sent
        );
        assert_eq!(
            followed(&status(PublicState::Published, Some(301), None)),
            State::Published { deed_id: 301 }
        );
        assert_eq!(
            followed(&status(PublicState::Rejected, None, Some("An advert."))),
            State::Rejected {
                reason: "An advert.".into()
            }
        );
    }

    #[test]
    fn the_form_follows_its_deed_from_kept_to_decided() {
        let mut entry = Entry::new(submission(), 1);
        let of = |entry: &Entry, online| Progress::of(Some(entry), online);
        // Kept: sending while online, queued at once when offline.
        assert_eq!(of(&entry, true), Some(Progress::Sending));
        assert_eq!(of(&entry, false), Some(Progress::Queued));
        // No inbox answered (offline, a plain static host, 5xx): queued, whatever the
        // browser says of the connection.
        entry.attempts = 1;
        assert_eq!(of(&entry, true), Some(Progress::Queued));
        // 201: sent, waiting for a moderator; then published or declined.
        entry.state = State::Sent;
        entry.attempts = 0;
        assert_eq!(of(&entry, true), Some(Progress::Sent));
        assert_eq!(of(&entry, false), Some(Progress::Sent));
        entry.state = State::Published { deed_id: 7 };
        assert_eq!(of(&entry, true), Some(Progress::Published { deed_id: 7 }));
        entry.state = State::Rejected {
            reason: "An advert.".into(),
        };
        assert_eq!(of(&entry, true), Some(Progress::Rejected));
        entry.state = State::NeedsAttention { errors: Vec::new() };
        assert_eq!(of(&entry, true), Some(Progress::NeedsAttention));
        // Deleted from the outbox: nothing to say.
        assert_eq!(Progress::of(None, true), None);
    }

    #[test]
    fn backoff_grows_and_stops_growing() {
        assert!((backoff_ms(0, 0.5) - 2_000.0).abs() < 1e-9);
        assert!(backoff_ms(1, 0.5) > backoff_ms(0, 0.5));
        assert!((backoff_ms(30, 0.5) - 300_000.0).abs() < 1e-9);
        assert!(backoff_ms(3, 0.0) < backoff_ms(3, 1.0));
        assert!(backoff_ms(3, 7.0) <= backoff_ms(3, 1.0));
    }

    #[test]
    fn entries_survive_storage_as_json() {
        let mut entry = Entry::new(submission(), 1);
        assert!(entry.to_send() && !entry.to_follow());
        entry.state = State::NeedsAttention {
            errors: vec![FieldError {
                field: crate::model::rules::Field::Title,
                code: RuleCode::TooShort,
                min: Some(3),
                max: None,
                index: None,
                value: None,
            }],
        };
        let text = serde_json::to_string(&vec![entry.clone()]).unwrap();
        let back: Vec<Entry> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, vec![entry]);
    }
}
