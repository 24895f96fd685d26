//! Every problem the moderators' page can meet, in the reader's language: the inbox's
//! answers ([`ModerationError`]), the rules' codes (the form's own checks and the inbox's
//! `422`), an approval's picks and a rejection's reason.

use leptos_i18n::I18nContext;

use crate::app::moderation::{client::ModerationError, preview::PickProblem};
use crate::i18n::{Locale, t_string};
use crate::model::{
    moderation::{REASON_CHARS, ReasonError},
    rules::{FieldError, RuleCode},
};

/// A broken rule, by its code (`too_short`, `invalid_slug`, …).
pub fn rule_text(i18n: I18nContext<Locale>, error: &FieldError) -> String {
    let n = error.min.or(error.max).unwrap_or_default();
    match error.code {
        RuleCode::TooShort if error.min == Some(1) => {
            t_string!(i18n, moderate.error.required).to_string()
        }
        RuleCode::TooShort => t_string!(i18n, submit.error.too_short, n = n),
        RuleCode::TooLong => t_string!(i18n, submit.error.too_long, n = n),
        RuleCode::TooManyPasses => t_string!(i18n, submit.error.too_many_passes, n = n),
        RuleCode::TooManyPhotos => t_string!(i18n, submit.error.too_many_photos, n = n),
        RuleCode::PhotoType => t_string!(i18n, submit.error.photo_type).to_string(),
        RuleCode::PhotoTooLarge => t_string!(i18n, submit.error.photo_too_large).to_string(),
        RuleCode::PhotoTooManyPixels => {
            t_string!(i18n, submit.error.photo_too_many_pixels).to_string()
        }
        RuleCode::PhotoDamaged => t_string!(i18n, submit.error.photo_damaged).to_string(),
        RuleCode::PhotoMissing => t_string!(i18n, submit.error.photo_missing).to_string(),
        RuleCode::NoLetters => t_string!(i18n, submit.error.no_letters).to_string(),
        RuleCode::LinkNotHttp => t_string!(i18n, submit.error.link_not_http).to_string(),
        RuleCode::LinkDisguised => t_string!(i18n, submit.error.link_disguised).to_string(),
        RuleCode::DateBeforeChallenge => {
            t_string!(i18n, submit.error.date_before_challenge).to_string()
        }
        RuleCode::DateInFuture => t_string!(i18n, submit.error.date_in_future).to_string(),
        RuleCode::UnknownUniversity => t_string!(i18n, moderate.error.unknown_pick).to_string(),
        RuleCode::PassToSelf => t_string!(i18n, submit.error.pass_to_self).to_string(),
        RuleCode::DuplicatePass => t_string!(i18n, submit.error.duplicate_pass).to_string(),
        RuleCode::ReceivedFromSelf => t_string!(i18n, submit.error.received_from_self).to_string(),
        RuleCode::AuthorIsContact => t_string!(i18n, submit.error.author_is_contact).to_string(),
        RuleCode::InvalidSlug => t_string!(i18n, moderate.error.invalid_slug).to_string(),
        RuleCode::UniversityExists => t_string!(i18n, moderate.error.university_exists).to_string(),
        RuleCode::InvalidCountry => t_string!(i18n, moderate.error.invalid_country).to_string(),
        RuleCode::InvalidCoordinates => {
            t_string!(i18n, moderate.error.invalid_coordinates).to_string()
        }
        RuleCode::NotANumber => t_string!(i18n, moderate.error.not_a_number).to_string(),
        RuleCode::ConsentRequired | RuleCode::InvalidUuid | RuleCode::Other => {
            t_string!(i18n, submit.error.other).to_string()
        }
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
            t_string!(i18n, moderate.error.status, status = status)
        }
        ModerationError::Invalid(_) => t_string!(i18n, moderate.error.invalid).to_string(),
    }
}

/// A reason that cannot be sent: empty or too long, the message gives the range.
pub fn reason_text(i18n: I18nContext<Locale>, _error: ReasonError) -> String {
    t_string!(i18n, moderate.error.reason_required, n = REASON_CHARS.end())
}

/// A pick that cannot be sent.
pub fn pick_text(i18n: I18nContext<Locale>, problem: PickProblem) -> String {
    match problem {
        PickProblem::Missing => t_string!(i18n, moderate.error.pick_needed).to_string(),
        PickProblem::Unknown => t_string!(i18n, moderate.error.unknown_pick).to_string(),
    }
}
