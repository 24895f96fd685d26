//! Every problem the moderators' page can meet, in the reader's language: the inbox's
//! answers ([`ModerationError`]), the rules' codes (the form's own checks and the inbox's
//! `422`), an approval's picks and a rejection's reason.

use leptos_i18n::I18nContext;

use crate::app::moderation::{client::ModerationError, preview::PickProblem};
use crate::i18n::{Locale, t_string};
use crate::model::{
    moderation::{REASON_CHARS, ReasonError},
    rules::FieldError,
};

/// A broken rule, by its code (`too_short`, `invalid_slug`, …).
pub fn rule_text(i18n: I18nContext<Locale>, error: &FieldError) -> String {
    let text = match error.code.as_str() {
        "too_short" if error.min == Some(1) => t_string!(i18n, moderate.error.required),
        "too_short" => t_string!(i18n, submit.error.too_short),
        "too_long" => t_string!(i18n, submit.error.too_long),
        "no_letters" => t_string!(i18n, submit.error.no_letters),
        "link_not_http" => t_string!(i18n, submit.error.link_not_http),
        "link_disguised" => t_string!(i18n, submit.error.link_disguised),
        "date_before_challenge" => t_string!(i18n, submit.error.date_before_challenge),
        "date_in_future" => t_string!(i18n, submit.error.date_in_future),
        "unknown_university" => t_string!(i18n, moderate.error.unknown_pick),
        "too_many_passes" => t_string!(i18n, submit.error.too_many_passes),
        "pass_to_self" => t_string!(i18n, submit.error.pass_to_self),
        "duplicate_pass" => t_string!(i18n, submit.error.duplicate_pass),
        "author_is_contact" => t_string!(i18n, submit.error.author_is_contact),
        "invalid_slug" => t_string!(i18n, moderate.error.invalid_slug),
        "university_exists" => t_string!(i18n, moderate.error.university_exists),
        "invalid_country" => t_string!(i18n, moderate.error.invalid_country),
        "invalid_coordinates" => t_string!(i18n, moderate.error.invalid_coordinates),
        "not_a_number" => t_string!(i18n, moderate.error.not_a_number),
        _ => t_string!(i18n, submit.error.other),
    };
    match error.min.or(error.max) {
        Some(n) => text.replace("%N", &n.to_string()),
        None => text.to_string(),
    }
}

/// What the inbox's answer means for the moderator.
pub fn error_text(i18n: I18nContext<Locale>, error: &ModerationError) -> String {
    match error {
        ModerationError::Unauthorized => t_string!(i18n, moderate.token_invalid).to_string(),
        ModerationError::Network(_) => t_string!(i18n, moderate.error.network).to_string(),
        ModerationError::Unlisted(_) => t_string!(i18n, moderate.error.unlisted).to_string(),
        ModerationError::NotPending => t_string!(i18n, moderate.error.not_pending).to_string(),
        ModerationError::NoSubmission => t_string!(i18n, moderate.error.not_found).to_string(),
        ModerationError::NoDeed => t_string!(i18n, moderate.error.no_deed).to_string(),
        ModerationError::AlreadyUnpublished => {
            t_string!(i18n, moderate.error.already_unpublished).to_string()
        }
        ModerationError::ReasonRequired => reason_text(
            i18n,
            ReasonError::TooLong {
                max: *REASON_CHARS.end(),
            },
        ),
        ModerationError::Fields(errors) => errors
            .iter()
            .map(|error| rule_text(i18n, error))
            .collect::<Vec<_>>()
            .join(" "),
        ModerationError::Status { status, .. } => {
            t_string!(i18n, moderate.error.status).replace("%N", &status.to_string())
        }
        ModerationError::Invalid(_) => t_string!(i18n, moderate.error.invalid).to_string(),
    }
}

/// A reason that cannot be sent: empty or too long, the message gives the range.
pub fn reason_text(i18n: I18nContext<Locale>, _error: ReasonError) -> String {
    t_string!(i18n, moderate.error.reason_required).replace("%N", &REASON_CHARS.end().to_string())
}

/// A pick that cannot be sent.
pub fn pick_text(i18n: I18nContext<Locale>, problem: PickProblem) -> String {
    match problem {
        PickProblem::Missing => t_string!(i18n, moderate.error.pick_needed).to_string(),
        PickProblem::Unknown => t_string!(i18n, moderate.error.unknown_pick).to_string(),
    }
}
