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
    /// The inbox refused it for a reason the student can fix: a 4xx other than 408 and
    /// 429, with the fields' errors (422) or the reason ([`Refusal`]).
    NeedsAttention {
        errors: Vec<FieldError>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        refusal: Option<Refusal>,
    },
    /// The inbox has it; a moderator has not decided yet.
    Sent,
    /// Published as deed `deed_id`.
    Published { deed_id: u64 },
    /// A moderator declined it.
    Rejected { reason: String },
}

/// Why the inbox refused a submission, when it is not its fields (those are a 422's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// 413: the request is larger than the inbox takes (its photos).
    TooLarge,
    /// 400: the inbox could not read it.
    Unreadable,
    /// 409: its id belongs to another submission.
    Conflict,
    /// 415: the inbox does not take its format (an inbox older than photos).
    Unsupported,
    /// Another 4xx from the inbox.
    Refused,
}

/// Why a submission still waits, when the inbox said so (a limit that passes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Held {
    /// 429 `photo_quota`: this address's photos for the day are used up.
    PhotoQuota,
    /// 503 `photo_queue_full`: too many photos wait for moderation.
    PhotoQueueFull,
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
    /// Why it still waits, when the inbox said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<Held>,
}

impl Entry {
    /// A new submission, waiting to be sent.
    pub fn new(submission: Submission, now_ms: u64) -> Entry {
        Entry {
            submission,
            state: State::Waiting,
            attempts: 0,
            saved_at: now_ms,
            held: None,
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

    /// How many photos it has (their files are kept beside it, by its id).
    pub fn photos(&self) -> usize {
        self.submission.photos.len()
    }

    /// Whether its photos' files are still kept: until it is published or declined.
    pub fn keeps_photos(&self) -> bool {
        self.photos() > 0 && !matches!(self.state, State::Published { .. } | State::Rejected { .. })
    }
}

/// What an answer to `POST /api/v1/deeds` means for the submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored by the inbox.
    Accepted,
    /// Try again later: no network, no inbox here (a plain static host answers 404 or
    /// 405), an overloaded or failing inbox, a timeout or a rate limit; with the reason
    /// the inbox gave, when "My deeds" has words for it.
    Retry(Option<Held>),
    /// The student must look at it: the fields' errors (422), or why it was refused.
    Fix(Vec<FieldError>, Option<Refusal>),
}

/// The `{"error": "…"}` body of the inbox's answers other than 422.
#[derive(Deserialize)]
struct ErrorBody {
    error: String,
}

/// Reads the inbox's answer: its status code and body. A 4xx other than 408 and 429 is
/// never retried forever: it needs the student. Only the inbox's own answers count as
/// such: a 404 or 405 without its `{"error": …}` body is a plain static host with no
/// inbox, and the deed waits for one.
pub fn outcome(status: Option<u16>, body: &str) -> Outcome {
    let error = serde_json::from_str::<ErrorBody>(body)
        .ok()
        .map(|b| b.error);
    let Some(status) = status else {
        return Outcome::Retry(None);
    };
    match status {
        200 | 201 => Outcome::Accepted,
        422 => match serde_json::from_str::<FieldErrors>(body) {
            Ok(errors) if !errors.errors.is_empty() => Outcome::Fix(errors.errors, None),
            // A 422 we cannot read: still the student's to look at, not to resend forever.
            _ => Outcome::Fix(Vec::new(), Some(Refusal::Refused)),
        },
        408 => Outcome::Retry(None),
        429 => {
            Outcome::Retry((error.as_deref() == Some("photo_quota")).then_some(Held::PhotoQuota))
        }
        404 | 405 if error.is_none() => Outcome::Retry(None),
        400 => Outcome::Fix(Vec::new(), Some(Refusal::Unreadable)),
        // The id belongs to another submission.
        409 => Outcome::Fix(Vec::new(), Some(Refusal::Conflict)),
        413 => Outcome::Fix(Vec::new(), Some(Refusal::TooLarge)),
        415 => Outcome::Fix(Vec::new(), Some(Refusal::Unsupported)),
        401..=499 => Outcome::Fix(Vec::new(), Some(Refusal::Refused)),
        503 if error.as_deref() == Some("photo_queue_full") => {
            Outcome::Retry(Some(Held::PhotoQueueFull))
        }
        _ => Outcome::Retry(None),
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
        // No inbox on a static host, no network, overload, a timeout, a limit: wait and
        // retry.
        for status in [
            None,
            Some(404),
            Some(405),
            Some(408),
            Some(429),
            Some(500),
            Some(502),
            Some(503),
        ] {
            assert_eq!(outcome(status, ""), Outcome::Retry(None), "{status:?}");
        }
        let page = "<!doctype html><title>Not found</title>";
        assert_eq!(outcome(Some(404), page), Outcome::Retry(None));
        let body = r#"{"errors":[{"field":"title","code":"too_short","min":3}]}"#;
        let Outcome::Fix(errors, None) = outcome(Some(422), body) else {
            panic!("a 422 needs the student");
        };
        assert_eq!(errors[0].code, RuleCode::TooShort);
        assert_eq!(errors[0].min, Some(3));
        assert_eq!(
            outcome(Some(422), "not json"),
            Outcome::Fix(Vec::new(), Some(Refusal::Refused))
        );
    }

    #[test]
    fn a_refusal_other_than_408_and_429_needs_the_student_with_its_reason() {
        let fix = |reason| Outcome::Fix(Vec::new(), Some(reason));
        let too_large = r#"{"error":"too_large"}"#;
        assert_eq!(outcome(Some(413), too_large), fix(Refusal::TooLarge));
        assert_eq!(outcome(Some(413), ""), fix(Refusal::TooLarge));
        assert_eq!(
            outcome(Some(400), r#"{"error":"bad_request"}"#),
            fix(Refusal::Unreadable)
        );
        assert_eq!(outcome(Some(400), ""), fix(Refusal::Unreadable));
        assert_eq!(
            outcome(Some(409), r#"{"error":"conflict"}"#),
            fix(Refusal::Conflict)
        );
        assert_eq!(outcome(Some(415), ""), fix(Refusal::Unsupported));
        assert_eq!(outcome(Some(403), ""), fix(Refusal::Refused));
        assert_eq!(outcome(Some(410), ""), fix(Refusal::Refused));
        // A 404 or 405 from the inbox itself (its JSON error) is a refusal, not a host
        // without an inbox.
        assert_eq!(
            outcome(Some(404), r#"{"error":"not_found"}"#),
            fix(Refusal::Refused)
        );
        assert_eq!(
            outcome(Some(405), r#"{"error":"method"}"#),
            fix(Refusal::Refused)
        );
    }

    #[test]
    fn photo_limits_wait_and_say_why() {
        assert_eq!(
            outcome(Some(429), r#"{"error":"photo_quota"}"#),
            Outcome::Retry(Some(Held::PhotoQuota))
        );
        assert_eq!(
            outcome(Some(503), r#"{"error":"photo_queue_full"}"#),
            Outcome::Retry(Some(Held::PhotoQueueFull))
        );
        // Another limit or overload: wait, with nothing more to say.
        assert_eq!(
            outcome(Some(429), r#"{"error":"rate_limited"}"#),
            Outcome::Retry(None)
        );
        assert_eq!(
            outcome(Some(503), r#"{"error":"busy"}"#),
            Outcome::Retry(None)
        );
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
        entry.state = State::NeedsAttention {
            errors: Vec::new(),
            refusal: Some(Refusal::TooLarge),
        };
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
            refusal: None,
        };
        entry.held = Some(Held::PhotoQuota);
        let text = serde_json::to_string(&vec![entry.clone()]).unwrap();
        let back: Vec<Entry> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, vec![entry]);
    }

    #[test]
    fn entries_kept_by_an_older_app_still_read() {
        let old = r#"[{"submission":{"id":"0f8fad5b-d9cb-469f-a165-70867728950e",
            "university":{"id":"kaznu"},"virtue":"kindness","title":"Blood drive",
            "story":"Twenty-five of us gave blood.","done_on":"2020-02-10","consent":true,
            "lang":"en"},"state":{"needs_attention":{"errors":[]}},"attempts":0,"saved_at":1}]"#;
        let back: Vec<Entry> = serde_json::from_str(old).unwrap();
        assert_eq!(
            back[0].state,
            State::NeedsAttention {
                errors: Vec::new(),
                refusal: None
            }
        );
        assert_eq!(back[0].held, None);
        assert_eq!(back[0].photos(), 0);
        assert!(!back[0].keeps_photos());
    }

    #[test]
    fn photos_are_kept_until_a_moderator_decides() {
        let mut entry = Entry::new(submission(), 1);
        assert!(!entry.keeps_photos(), "no photos, nothing kept");
        entry.submission.photos = vec![crate::model::photo::PhotoNote {
            alt: "Donors at the blood bank".into(),
        }];
        assert!(entry.keeps_photos());
        entry.state = State::Sent;
        assert!(entry.keeps_photos());
        entry.state = State::Published { deed_id: 3 };
        assert!(!entry.keeps_photos());
        entry.state = State::Rejected {
            reason: String::new(),
        };
        assert!(!entry.keeps_photos());
    }
}
