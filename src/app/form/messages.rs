//! What the form says about a problem, in the reader's language: one translation per
//! [`RuleCode`] the inbox and the form share, and the few problems only a form has.

use leptos_i18n::I18nContext;

use crate::app::form::draft::Problem;
use crate::i18n::{Locale, t_string};
use crate::model::rules::{MAX_PASSES, RuleCode};

/// The message for a problem, in the reader's language.
pub fn message(i18n: I18nContext<Locale>, problem: &Problem) -> String {
    let error = match problem {
        Problem::NoVirtue => return t_string!(i18n, submit.error.no_virtue).to_string(),
        Problem::NoDate => return t_string!(i18n, submit.error.no_date).to_string(),
        Problem::NoUniversity => return t_string!(i18n, submit.error.no_university).to_string(),
        Problem::PhotoNotReady(_) => return t_string!(i18n, submit.photos.not_ready).to_string(),
        Problem::PhotoUnreadable => {
            return t_string!(i18n, submit.error.photo_unreadable).to_string();
        }
        Problem::Rule(error) | Problem::PhotoPicked(error) => error,
    };
    let n = error.min.or(error.max).unwrap_or(MAX_PASSES);
    match error.code {
        RuleCode::TooShort => t_string!(i18n, submit.error.too_short, n = n),
        RuleCode::TooLong => t_string!(i18n, submit.error.too_long, n = n),
        RuleCode::TooManyPasses => t_string!(i18n, submit.error.too_many_passes, n = n),
        RuleCode::TooManyPhotos => t_string!(i18n, submit.error.too_many_photos, n = n),
        code => fixed(i18n, code).to_string(),
    }
}

/// The message for a code whose text has no number in it.
fn fixed(i18n: I18nContext<Locale>, code: RuleCode) -> &'static str {
    match code {
        RuleCode::NoLetters => t_string!(i18n, submit.error.no_letters),
        RuleCode::LinkNotHttp => t_string!(i18n, submit.error.link_not_http),
        RuleCode::LinkDisguised => t_string!(i18n, submit.error.link_disguised),
        RuleCode::DateBeforeChallenge => t_string!(i18n, submit.error.date_before_challenge),
        RuleCode::DateInFuture => t_string!(i18n, submit.error.date_in_future),
        RuleCode::UnknownUniversity => t_string!(i18n, submit.error.unknown_university),
        RuleCode::PassToSelf => t_string!(i18n, submit.error.pass_to_self),
        RuleCode::DuplicatePass => t_string!(i18n, submit.error.duplicate_pass),
        RuleCode::ReceivedFromSelf => t_string!(i18n, submit.error.received_from_self),
        RuleCode::AuthorIsContact => t_string!(i18n, submit.error.author_is_contact),
        RuleCode::ConsentRequired => t_string!(i18n, submit.error.consent_required),
        RuleCode::PhotoType => t_string!(i18n, submit.error.photo_type),
        RuleCode::PhotoTooLarge => t_string!(i18n, submit.error.photo_too_large),
        RuleCode::PhotoTooManyPixels => t_string!(i18n, submit.error.photo_too_many_pixels),
        RuleCode::PhotoDamaged => t_string!(i18n, submit.error.photo_damaged),
        RuleCode::PhotoMissing => t_string!(i18n, submit.error.photo_missing),
        // Codes about a university's record or a submission's id: never a field of this
        // form. A newer inbox's code this app does not know.
        RuleCode::TooShort
        | RuleCode::TooLong
        | RuleCode::TooManyPasses
        | RuleCode::TooManyPhotos
        | RuleCode::InvalidUuid
        | RuleCode::InvalidSlug
        | RuleCode::UniversityExists
        | RuleCode::InvalidCountry
        | RuleCode::InvalidCoordinates
        | RuleCode::NotANumber
        | RuleCode::Other => t_string!(i18n, submit.error.other),
    }
}
