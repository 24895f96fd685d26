//! The rules a deed must follow, as functions with typed errors. The submit form checks
//! them as the student types, the inbox checks them again, and `publish` refuses a source
//! that breaks them: one set of rules for all three.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::model::{CHALLENGE_START, Date, Deed};

/// Characters allowed in a title.
pub const TITLE_CHARS: RangeInclusive<usize> = 3..=120;
/// Characters allowed in a story.
pub const STORY_CHARS: RangeInclusive<usize> = 20..=2000;
/// The longest display name.
pub const AUTHOR_MAX_CHARS: usize = 60;
/// The longest link.
pub const LINK_MAX_CHARS: usize = 500;
/// The most universities one deed may pass the baton to.
pub const MAX_PASSES: usize = 3;
/// Characters allowed in the name of a university that is not listed yet.
pub const UNLISTED_NAME_CHARS: RangeInclusive<usize> = 3..=150;
/// Characters allowed in the city of a university that is not listed yet.
pub const UNLISTED_CITY_CHARS: RangeInclusive<usize> = 2..=80;
/// Characters allowed in each of a university's names (short, full, city).
pub const UNIVERSITY_NAME_CHARS: RangeInclusive<usize> = 1..=200;
/// Characters allowed in a university's id (a slug).
pub const UNIVERSITY_ID_CHARS: RangeInclusive<usize> = 2..=40;

/// The part of a deed a rule is about, for showing the error next to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    University,
    Title,
    Story,
    Link,
    DoneOn,
    Author,
    PassesTo,
    /// A submission's client-made UUID, or a university's slug.
    Id,
    /// The student's consent to publication.
    Consent,
    /// The name of a university the student says is not listed.
    UniversityName,
    /// The city of that university.
    UniversityCity,
    /// The name of a not-listed university the baton passes to (with its index).
    PassesToName,
    /// The city of that university.
    PassesToCity,
    /// A university's short name (moderators adding a university).
    Short,
    /// A university's full name.
    Name,
    /// A university's city.
    City,
    /// A university's country code.
    Country,
    /// A university's latitude and longitude.
    Coordinates,
    /// The university the deed's own received the baton from (an invitation's).
    ReceivedFrom,
    /// A photo (with its index): its bytes.
    Photo,
    /// A photo's description, its alt text (with its index).
    PhotoAlt,
}

/// A broken rule. `code()` is its stable, machine-readable name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{field:?} needs at least {min} characters")]
    TooShort { field: Field, min: usize },
    #[error("{field:?} allows at most {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field:?} needs letters or digits, not only marks or invisible characters")]
    NoLetters { field: Field },
    #[error("the link must be a web address starting with http:// or https://")]
    LinkNotHttp,
    #[error("the link must not hide a name or password before its host, nor invisible characters")]
    LinkDisguised,
    #[error("the date is before the challenge began on {CHALLENGE_START}")]
    DateBeforeChallenge,
    #[error("the date is in the future")]
    DateInFuture,
    #[error("unknown university {0:?}")]
    UnknownUniversity(String),
    #[error("the baton can pass to at most {MAX_PASSES} universities")]
    TooManyPasses,
    #[error("a university cannot pass the baton to itself")]
    PassToSelf,
    #[error("the baton passes to {0:?} twice")]
    DuplicatePass(String),
    #[error("a university cannot receive the baton from itself")]
    ReceivedFromSelf,
    #[error("a display name must not be an email address or a phone number")]
    AuthorIsContact,
    #[error("the deed may be published only with the student's consent")]
    ConsentRequired,
    #[error("{0:?} is not a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e")]
    InvalidUuid(String),
    #[error("id {0:?} must be lower-case letters, digits and '-'")]
    InvalidSlug(String),
    #[error("university {0:?} is listed already")]
    UniversityExists(String),
    #[error("{0:?} is not an ISO 3166-1 alpha-2 country code")]
    InvalidCountry(String),
    #[error("latitude must be -90..=90 and longitude -180..=180")]
    InvalidCoordinates,
    #[error("a deed may have at most {} photos", crate::model::photo::MAX_PHOTOS)]
    TooManyPhotos,
    #[error("a photo must be a JPEG, WebP or PNG image")]
    PhotoType,
    #[error("the photo is larger than allowed")]
    PhotoTooLarge,
    #[error("the photo has more pixels than allowed")]
    PhotoTooManyPixels,
    #[error("the photo is damaged, cut short, or carries data after its end")]
    PhotoDamaged,
    #[error("the photo described is not in the request")]
    PhotoMissing,
}

impl RuleError {
    /// The field the error belongs to.
    pub fn field(&self) -> Field {
        match self {
            RuleError::TooShort { field, .. }
            | RuleError::TooLong { field, .. }
            | RuleError::NoLetters { field } => *field,
            RuleError::LinkNotHttp | RuleError::LinkDisguised => Field::Link,
            RuleError::DateBeforeChallenge | RuleError::DateInFuture => Field::DoneOn,
            RuleError::UnknownUniversity(_) => Field::University,
            RuleError::TooManyPasses | RuleError::PassToSelf | RuleError::DuplicatePass(_) => {
                Field::PassesTo
            }
            RuleError::ReceivedFromSelf => Field::ReceivedFrom,
            RuleError::AuthorIsContact => Field::Author,
            RuleError::ConsentRequired => Field::Consent,
            RuleError::InvalidUuid(_)
            | RuleError::InvalidSlug(_)
            | RuleError::UniversityExists(_) => Field::Id,
            RuleError::InvalidCountry(_) => Field::Country,
            RuleError::InvalidCoordinates => Field::Coordinates,
            RuleError::TooManyPhotos
            | RuleError::PhotoType
            | RuleError::PhotoTooLarge
            | RuleError::PhotoTooManyPixels
            | RuleError::PhotoDamaged
            | RuleError::PhotoMissing => Field::Photo,
        }
    }

    /// The error's stable code, for machines and translations.
    pub fn code(&self) -> RuleCode {
        match self {
            RuleError::TooShort { .. } => RuleCode::TooShort,
            RuleError::TooLong { .. } => RuleCode::TooLong,
            RuleError::NoLetters { .. } => RuleCode::NoLetters,
            RuleError::LinkNotHttp => RuleCode::LinkNotHttp,
            RuleError::LinkDisguised => RuleCode::LinkDisguised,
            RuleError::DateBeforeChallenge => RuleCode::DateBeforeChallenge,
            RuleError::DateInFuture => RuleCode::DateInFuture,
            RuleError::UnknownUniversity(_) => RuleCode::UnknownUniversity,
            RuleError::TooManyPasses => RuleCode::TooManyPasses,
            RuleError::PassToSelf => RuleCode::PassToSelf,
            RuleError::DuplicatePass(_) => RuleCode::DuplicatePass,
            RuleError::ReceivedFromSelf => RuleCode::ReceivedFromSelf,
            RuleError::AuthorIsContact => RuleCode::AuthorIsContact,
            RuleError::ConsentRequired => RuleCode::ConsentRequired,
            RuleError::InvalidUuid(_) => RuleCode::InvalidUuid,
            RuleError::InvalidSlug(_) => RuleCode::InvalidSlug,
            RuleError::UniversityExists(_) => RuleCode::UniversityExists,
            RuleError::InvalidCountry(_) => RuleCode::InvalidCountry,
            RuleError::InvalidCoordinates => RuleCode::InvalidCoordinates,
            RuleError::TooManyPhotos => RuleCode::TooManyPhotos,
            RuleError::PhotoType => RuleCode::PhotoType,
            RuleError::PhotoTooLarge => RuleCode::PhotoTooLarge,
            RuleError::PhotoTooManyPixels => RuleCode::PhotoTooManyPixels,
            RuleError::PhotoDamaged => RuleCode::PhotoDamaged,
            RuleError::PhotoMissing => RuleCode::PhotoMissing,
        }
    }
}

/// The stable code of a broken rule, as the API writes it (`"too_short"`) and as both
/// sides match on it: the form translates each one, and a code it does not know (from a
/// newer inbox) reads as [`RuleCode::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleCode {
    TooShort,
    TooLong,
    NoLetters,
    LinkNotHttp,
    LinkDisguised,
    DateBeforeChallenge,
    DateInFuture,
    UnknownUniversity,
    TooManyPasses,
    PassToSelf,
    DuplicatePass,
    ReceivedFromSelf,
    AuthorIsContact,
    ConsentRequired,
    InvalidUuid,
    InvalidSlug,
    UniversityExists,
    InvalidCountry,
    InvalidCoordinates,
    TooManyPhotos,
    PhotoType,
    PhotoTooLarge,
    PhotoTooManyPixels,
    PhotoDamaged,
    PhotoMissing,
    /// A field that takes a number holds none (a form's own check).
    NotANumber,
    /// A code this side does not know.
    #[serde(other)]
    Other,
}

impl RuleCode {
    /// The code as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleCode::TooShort => "too_short",
            RuleCode::TooLong => "too_long",
            RuleCode::NoLetters => "no_letters",
            RuleCode::LinkNotHttp => "link_not_http",
            RuleCode::LinkDisguised => "link_disguised",
            RuleCode::DateBeforeChallenge => "date_before_challenge",
            RuleCode::DateInFuture => "date_in_future",
            RuleCode::UnknownUniversity => "unknown_university",
            RuleCode::TooManyPasses => "too_many_passes",
            RuleCode::PassToSelf => "pass_to_self",
            RuleCode::DuplicatePass => "duplicate_pass",
            RuleCode::ReceivedFromSelf => "received_from_self",
            RuleCode::AuthorIsContact => "author_is_contact",
            RuleCode::ConsentRequired => "consent_required",
            RuleCode::InvalidUuid => "invalid_uuid",
            RuleCode::InvalidSlug => "invalid_slug",
            RuleCode::UniversityExists => "university_exists",
            RuleCode::InvalidCountry => "invalid_country",
            RuleCode::InvalidCoordinates => "invalid_coordinates",
            RuleCode::TooManyPhotos => "too_many_photos",
            RuleCode::PhotoType => "photo_type",
            RuleCode::PhotoTooLarge => "photo_too_large",
            RuleCode::PhotoTooManyPixels => "photo_too_many_pixels",
            RuleCode::PhotoDamaged => "photo_damaged",
            RuleCode::PhotoMissing => "photo_missing",
            RuleCode::NotANumber => "not_a_number",
            RuleCode::Other => "other",
        }
    }
}

/// A broken rule as an API answers it: the field it belongs to, its stable code and the
/// numbers or value a message needs. A list of them is the body of a 422:
/// `{"errors":[{"field":"title","code":"too_short","min":3}]}`. The app translates by
/// `code` and shows the message next to `field` (and, for a list, its `index`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    /// [`RuleError::code`].
    pub code: RuleCode,
    /// The fewest characters allowed (`too_short`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// The most characters, or items, allowed (`too_long`, `too_many_passes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
    /// Which item of a list (`passes_to`) it is about, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The offending id (`unknown_university`, `duplicate_pass`, `university_exists`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl FieldError {
    /// The same error about item `index` of a list.
    pub fn at(mut self, index: usize) -> FieldError {
        self.index = Some(index);
        self
    }
}

impl From<&RuleError> for FieldError {
    fn from(error: &RuleError) -> FieldError {
        let (min, max, value) = match error {
            RuleError::TooShort { min, .. } => (Some(*min), None, None),
            RuleError::TooLong { max, .. } => (None, Some(*max), None),
            RuleError::TooManyPasses => (None, Some(MAX_PASSES), None),
            RuleError::TooManyPhotos => (None, Some(crate::model::photo::MAX_PHOTOS), None),
            RuleError::PhotoTooLarge => (None, Some(crate::model::photo::MAX_PHOTO_BYTES), None),
            RuleError::UnknownUniversity(id)
            | RuleError::DuplicatePass(id)
            | RuleError::UniversityExists(id) => (None, None, Some(id.clone())),
            _ => (None, None, None),
        };
        FieldError {
            field: error.field(),
            code: error.code(),
            min,
            max,
            index: None,
            value,
        }
    }
}

impl From<RuleError> for FieldError {
    fn from(error: RuleError) -> FieldError {
        FieldError::from(&error)
    }
}

/// The body of a 422 answer: every broken rule, in field order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors {
    pub errors: Vec<FieldError>,
}

/// Whether `c` draws nothing by itself: a format character (zero-width spaces and joiners,
/// bidi marks, embeddings, overrides and isolates, the word joiner, the byte order mark,
/// soft hyphen, tags), a variation selector, or a blank filler such as the Hangul and
/// Braille ones. Such characters neither count towards a text's length nor make it
/// visible, and a link may not hold any: they can make one address look like another.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// The characters of `text` a reader sees: trimmed, without [`is_invisible`] ones.
pub fn visible_chars(text: &str) -> usize {
    text.trim().chars().filter(|&c| !is_invisible(c)).count()
}

fn length(field: Field, text: &str, allowed: RangeInclusive<usize>) -> Result<(), RuleError> {
    let count = visible_chars(text);
    if count < *allowed.start() {
        Err(RuleError::TooShort {
            field,
            min: *allowed.start(),
        })
    } else if count > *allowed.end() {
        Err(RuleError::TooLong {
            field,
            max: *allowed.end(),
        })
    } else {
        Ok(())
    }
}

/// [`length`], and at least one letter or digit: a text of only punctuation, emoji or
/// invisible characters says nothing a reader could read.
fn readable(field: Field, text: &str, allowed: RangeInclusive<usize>) -> Result<(), RuleError> {
    length(field, text, allowed)?;
    if !crate::model::unicode::tables().has_letter_or_digit(text) {
        return Err(RuleError::NoLetters { field });
    }
    Ok(())
}

/// A title of 3 to 120 visible characters, with a letter or digit among them.
pub fn check_title(title: &str) -> Result<(), RuleError> {
    readable(Field::Title, title, TITLE_CHARS)
}

/// A story of 20 to 2,000 visible characters, with a letter or digit among them.
pub fn check_story(story: &str) -> Result<(), RuleError> {
    readable(Field::Story, story, STORY_CHARS)
}

/// An http or https address with a host, and nothing that could hide another scheme:
/// `javascript:`, `data:` and `vbscript:` are refused however they are disguised, since
/// only the two literal prefixes pass and no space, control character or entity may
/// follow. Nor may a link hide where it leads: a name before the host
/// (`https://bank.kz@evil.example/`) or an invisible character (a bidi override that
/// shows the address reversed) is refused too.
pub fn check_link(link: &str) -> Result<(), RuleError> {
    let link = link.trim();
    if link.chars().count() > LINK_MAX_CHARS {
        return Err(RuleError::TooLong {
            field: Field::Link,
            max: LINK_MAX_CHARS,
        });
    }
    let lower = link.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(RuleError::LinkNotHttp)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = link
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '<' | '>' | '"' | '\\'));
    if host.is_empty() || host.starts_with('.') || !clean {
        return Err(RuleError::LinkNotHttp);
    }
    if host.contains('@') || link.chars().any(is_invisible) {
        return Err(RuleError::LinkDisguised);
    }
    Ok(())
}

/// A day from the challenge's first (2020-02-06) to `today` in Kazakhstan.
pub fn check_done_on(done_on: Date, today: Date) -> Result<(), RuleError> {
    if done_on < CHALLENGE_START {
        Err(RuleError::DateBeforeChallenge)
    } else if done_on > today {
        Err(RuleError::DateInFuture)
    } else {
        Ok(())
    }
}

/// Text of `allowed` characters (trimmed) in `field`.
pub fn check_length(
    field: Field,
    text: &str,
    allowed: RangeInclusive<usize>,
) -> Result<(), RuleError> {
    length(field, text, allowed)
}

/// A UUID in its canonical text form, 8-4-4-4-12 hexadecimal digits (either case).
pub fn check_uuid(id: &str) -> Result<(), RuleError> {
    let bytes = id.as_bytes();
    let shaped = bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    if shaped {
        Ok(())
    } else {
        Err(RuleError::InvalidUuid(id.chars().take(40).collect()))
    }
}

/// A university id: 2 to 40 lower-case ASCII letters, digits and '-', as used in URLs.
pub fn check_slug(id: &str) -> Result<(), RuleError> {
    let ok = UNIVERSITY_ID_CHARS.contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(RuleError::InvalidSlug(id.chars().take(40).collect()))
    }
}

/// Every rule a university added by a moderator breaks: a new slug, its three names in
/// each language, an upper-case ISO country code and coordinates on the globe.
pub fn validate_university(
    university: &crate::model::University,
    exists: impl Fn(&str) -> bool,
) -> Vec<RuleError> {
    let mut errors = Vec::new();
    if let Err(error) = check_slug(&university.id) {
        errors.push(error);
    } else if exists(&university.id) {
        errors.push(RuleError::UniversityExists(university.id.clone()));
    }
    for (field, names) in [
        (Field::Short, &university.short),
        (Field::Name, &university.name),
        (Field::City, &university.city),
    ] {
        if let Some(error) = names
            .all()
            .into_iter()
            .find_map(|text| length(field, text, UNIVERSITY_NAME_CHARS).err())
        {
            errors.push(error);
        }
    }
    let country = &university.country;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        errors.push(RuleError::InvalidCountry(country.chars().take(8).collect()));
    }
    if !university.has_valid_coordinates() {
        errors.push(RuleError::InvalidCoordinates);
    }
    errors
}

/// A display name of at most 60 characters, with a letter or digit, that is not an email
/// address or phone number.
pub fn check_author(author: &str) -> Result<(), RuleError> {
    readable(Field::Author, author, 1..=AUTHOR_MAX_CHARS)?;
    let digits = author.chars().filter(char::is_ascii_digit).count();
    if author.contains('@') || digits >= 7 {
        return Err(RuleError::AuthorIsContact);
    }
    Ok(())
}

/// What a list of batons breaks by itself, however its entries name universities (ids in a
/// deed, a student's choices in a submission): more than [`MAX_PASSES`] (the first value),
/// and for each pass, whether it goes to the deed's own university or repeats an earlier
/// one (`same` compares two entries; `name` names one in the error).
pub fn baton_list<T>(
    from: &T,
    passes_to: &[T],
    same: impl Fn(&T, &T) -> bool,
    name: impl Fn(&T) -> String,
) -> (Option<RuleError>, Vec<Option<RuleError>>) {
    let list = (passes_to.len() > MAX_PASSES).then_some(RuleError::TooManyPasses);
    let each = passes_to
        .iter()
        .enumerate()
        .map(|(index, to)| {
            if same(to, from) {
                Some(RuleError::PassToSelf)
            } else if passes_to[..index].iter().any(|earlier| same(earlier, to)) {
                Some(RuleError::DuplicatePass(name(to)))
            } else {
                None
            }
        })
        .collect();
    (list, each)
}

/// At most three passes, to known universities other than the deed's own, each once.
pub fn check_passes(
    from: &str,
    passes_to: &[String],
    is_known: impl Fn(&str) -> bool,
) -> Result<(), RuleError> {
    let from = from.to_string();
    let (list, each) = baton_list(&from, passes_to, |a, b| a == b, Clone::clone);
    if let Some(error) = list {
        return Err(error);
    }
    for (to, error) in passes_to.iter().zip(each) {
        if let Some(error) = error {
            return Err(error);
        }
        if !is_known(to) {
            return Err(RuleError::UnknownUniversity(to.clone()));
        }
    }
    Ok(())
}

/// The university a deed's own received the baton from: a known one, and not itself.
pub fn check_received_from(
    university: &str,
    from: &str,
    is_known: impl Fn(&str) -> bool,
) -> Result<(), RuleError> {
    if from == university {
        Err(RuleError::ReceivedFromSelf)
    } else if !is_known(from) {
        Err(RuleError::UnknownUniversity(from.to_string()))
    } else {
        Ok(())
    }
}

/// Every rule a deed breaks, in field order; empty when it may be published.
pub fn validate_deed(deed: &Deed, is_known: impl Fn(&str) -> bool, today: Date) -> Vec<RuleError> {
    let mut errors = Vec::new();
    if !is_known(&deed.university) {
        errors.push(RuleError::UnknownUniversity(deed.university.clone()));
    }
    errors.extend(check_title(&deed.title).err());
    errors.extend(check_story(&deed.story).err());
    if let Some(link) = &deed.link {
        errors.extend(check_link(link).err());
    }
    errors.extend(check_done_on(deed.done_on, today).err());
    if let Some(author) = &deed.author {
        errors.extend(check_author(author).err());
    }
    errors.extend(check_passes(&deed.university, &deed.passes_to, &is_known).err());
    if let Some(from) = &deed.received_from {
        errors.extend(check_received_from(&deed.university, from, &is_known).err());
    }
    errors.extend(crate::model::photo::published_errors(&deed.photos));
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_stories_have_bounded_lengths() {
        assert_eq!(check_title("Сдали кровь"), Ok(()));
        assert_eq!(
            check_title("  ab  "),
            Err(RuleError::TooShort {
                field: Field::Title,
                min: 3
            })
        );
        assert!(matches!(
            check_title(&"ә".repeat(121)),
            Err(RuleError::TooLong { .. })
        ));
        assert_eq!(check_story(&"ә".repeat(20)), Ok(()));
        assert!(matches!(
            check_story("Too short."),
            Err(RuleError::TooShort { .. })
        ));
    }

    #[test]
    fn only_http_and_https_links_pass() {
        for good in [
            "https://www.instagram.com/p/abc/",
            "http://kaznu.kz",
            " HTTPS://Example.org/a?b=1#c ",
        ] {
            assert_eq!(check_link(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "https://",
            "https:// example.org",
            "https://example.org/\"onmouseover=alert(1)",
            "ftp://example.org",
            "//example.org",
            "example.org",
        ] {
            assert_eq!(check_link(bad), Err(RuleError::LinkNotHttp), "{bad}");
        }
    }

    #[test]
    fn invisible_characters_neither_count_nor_make_a_text_readable() {
        for only_invisible in [
            "\u{200B}\u{200B}\u{200B}\u{200B}",
            "\u{202E}\u{202D}\u{2066}\u{2069}\u{200F}",
            "\u{FEFF}\u{00AD}\u{2060}\u{180E}\u{3164}",
        ] {
            assert!(
                matches!(check_title(only_invisible), Err(RuleError::TooShort { .. })),
                "{only_invisible:?}"
            );
        }
        // Long enough, but nothing to read.
        assert_eq!(
            check_title("!!! ??? ..."),
            Err(RuleError::NoLetters {
                field: Field::Title
            })
        );
        assert_eq!(
            check_story(&"🙂".repeat(25)),
            Err(RuleError::NoLetters {
                field: Field::Story
            })
        );
        assert_eq!(
            check_author("\u{200B}-\u{200B}"),
            Err(RuleError::NoLetters {
                field: Field::Author
            })
        );
        // Two letters padded with zero-width spaces are still two characters.
        assert!(matches!(
            check_title("ab\u{200B}\u{200B}\u{200B}"),
            Err(RuleError::TooShort { .. })
        ));
        // Real text may carry a joiner (emoji sequences, Persian) or a bidi mark.
        assert_eq!(check_title("Сдали кровь \u{200D}🙂"), Ok(()));
        assert_eq!(check_author("Әлия"), Ok(()));
        assert_eq!(
            RuleError::NoLetters {
                field: Field::Story
            }
            .code(),
            RuleCode::NoLetters
        );
    }

    #[test]
    fn a_link_may_not_hide_where_it_leads() {
        for disguised in [
            "https://kaznu.kz@evil.example/",
            "https://user:pass@evil.example/login",
            "https://evil.example/\u{202E}zk.unzak",
            "https://kaz\u{200B}nu.kz/",
            "https://kaznu.kz/\u{2066}x",
        ] {
            assert_eq!(
                check_link(disguised),
                Err(RuleError::LinkDisguised),
                "{disguised:?}"
            );
        }
        assert!(check_link("\u{FEFF}https://kaznu.kz/").is_err());
        // An @ after the host is a path or a query, not a user name.
        assert_eq!(check_link("https://www.instagram.com/@kaznu"), Ok(()));
        assert_eq!(check_link("https://t.me/s/kaznu?q=a@b"), Ok(()));
        assert_eq!(RuleError::LinkDisguised.field(), Field::Link);
    }

    #[test]
    fn dates_run_from_the_flash_mob_to_today() {
        let today = Date::parse("2021-06-01").unwrap();
        assert_eq!(check_done_on(CHALLENGE_START, today), Ok(()));
        assert_eq!(check_done_on(today, today), Ok(()));
        assert_eq!(
            check_done_on(Date::parse("2020-02-05").unwrap(), today),
            Err(RuleError::DateBeforeChallenge)
        );
        assert_eq!(
            check_done_on(Date::parse("2021-06-02").unwrap(), today),
            Err(RuleError::DateInFuture)
        );
    }

    #[test]
    fn a_display_name_is_not_a_contact() {
        assert_eq!(check_author("Айгерім"), Ok(()));
        assert_eq!(check_author("Group 3-B, 2nd year"), Ok(()));
        assert_eq!(
            check_author("aigerim@example.kz"),
            Err(RuleError::AuthorIsContact)
        );
        assert_eq!(
            check_author("+7 701 123 45 67"),
            Err(RuleError::AuthorIsContact)
        );
        assert!(matches!(
            check_author(&"a".repeat(61)),
            Err(RuleError::TooLong { .. })
        ));
    }

    #[test]
    fn passes_go_to_up_to_three_other_known_universities() {
        let known = |id: &str| ["kaznu", "enu", "nu", "kbtu", "satbayev"].contains(&id);
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_passes("kaznu", &ids(&["enu", "nu", "kbtu"]), known),
            Ok(())
        );
        assert_eq!(
            check_passes("kaznu", &ids(&["enu", "nu", "kbtu", "satbayev"]), known),
            Err(RuleError::TooManyPasses)
        );
        assert_eq!(
            check_passes("kaznu", &ids(&["kaznu"]), known),
            Err(RuleError::PassToSelf)
        );
        assert_eq!(
            check_passes("kaznu", &ids(&["enu", "enu"]), known),
            Err(RuleError::DuplicatePass("enu".into()))
        );
        assert_eq!(
            check_passes("kaznu", &ids(&["hogwarts"]), known),
            Err(RuleError::UnknownUniversity("hogwarts".into()))
        );
    }

    #[test]
    fn the_baton_comes_from_another_known_university() {
        let known = |id: &str| ["kaznu", "enu"].contains(&id);
        assert_eq!(check_received_from("enu", "kaznu", known), Ok(()));
        assert_eq!(
            check_received_from("enu", "enu", known),
            Err(RuleError::ReceivedFromSelf)
        );
        assert_eq!(
            check_received_from("enu", "hogwarts", known),
            Err(RuleError::UnknownUniversity("hogwarts".into()))
        );
        assert_eq!(RuleError::ReceivedFromSelf.field(), Field::ReceivedFrom);
        assert_eq!(
            RuleError::ReceivedFromSelf.code().as_str(),
            "received_from_self"
        );
    }

    #[test]
    fn uuids_and_slugs_have_one_shape() {
        assert_eq!(check_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"), Ok(()));
        assert!(matches!(
            check_uuid("0f8fad5b"),
            Err(RuleError::InvalidUuid(_))
        ));
        assert_eq!(check_slug("al-farabi-2"), Ok(()));
        for bad in [
            "",
            "a",
            "KazNU",
            "kaz nu",
            "-kaznu",
            "kaznu-",
            "қазұу",
            &"a".repeat(41),
        ] {
            assert!(
                matches!(check_slug(bad), Err(RuleError::InvalidSlug(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_new_university_has_a_free_slug_names_a_country_and_coordinates() {
        let names = |text: &str| crate::model::Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        };
        let good = crate::model::University {
            id: "tsu".into(),
            short: names("TSU"),
            name: names("Tashkent State University"),
            city: names("Tashkent"),
            country: "UZ".into(),
            lat: 41.3,
            lon: 69.2,
        };
        assert_eq!(validate_university(&good, |_| false), vec![]);
        assert_eq!(
            validate_university(&good, |id| id == "tsu"),
            vec![RuleError::UniversityExists("tsu".into())]
        );
        let bad = crate::model::University {
            id: "TSU".into(),
            name: crate::model::Names {
                en: " ".into(),
                ..names("x")
            },
            country: "uz".into(),
            lat: 91.0,
            ..good
        };
        let codes: Vec<_> = validate_university(&bad, |_| false)
            .iter()
            .map(|e| (e.field(), e.code().as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (Field::Id, "invalid_slug"),
                (Field::Name, "too_short"),
                (Field::Country, "invalid_country"),
                (Field::Coordinates, "invalid_coordinates"),
            ]
        );
    }

    #[test]
    fn every_error_names_its_field() {
        assert_eq!(RuleError::LinkNotHttp.field(), Field::Link);
        assert_eq!(RuleError::DateInFuture.field(), Field::DoneOn);
        assert_eq!(RuleError::TooManyPasses.code(), RuleCode::TooManyPasses);
    }
}
