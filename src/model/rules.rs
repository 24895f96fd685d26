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
}

/// A broken rule. `code()` is its stable, machine-readable name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{field:?} needs at least {min} characters")]
    TooShort { field: Field, min: usize },
    #[error("{field:?} allows at most {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("the link must be a web address starting with http:// or https://")]
    LinkNotHttp,
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
    #[error("a display name must not be an email address or a phone number")]
    AuthorIsContact,
}

impl RuleError {
    /// The field the error belongs to.
    pub fn field(&self) -> Field {
        match self {
            RuleError::TooShort { field, .. } | RuleError::TooLong { field, .. } => *field,
            RuleError::LinkNotHttp => Field::Link,
            RuleError::DateBeforeChallenge | RuleError::DateInFuture => Field::DoneOn,
            RuleError::UnknownUniversity(_) => Field::University,
            RuleError::TooManyPasses | RuleError::PassToSelf | RuleError::DuplicatePass(_) => {
                Field::PassesTo
            }
            RuleError::AuthorIsContact => Field::Author,
        }
    }

    /// A stable name for the error, for machines and translation keys.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::TooShort { .. } => "too_short",
            RuleError::TooLong { .. } => "too_long",
            RuleError::LinkNotHttp => "link_not_http",
            RuleError::DateBeforeChallenge => "date_before_challenge",
            RuleError::DateInFuture => "date_in_future",
            RuleError::UnknownUniversity(_) => "unknown_university",
            RuleError::TooManyPasses => "too_many_passes",
            RuleError::PassToSelf => "pass_to_self",
            RuleError::DuplicatePass(_) => "duplicate_pass",
            RuleError::AuthorIsContact => "author_is_contact",
        }
    }
}

fn length(field: Field, text: &str, allowed: RangeInclusive<usize>) -> Result<(), RuleError> {
    let count = text.trim().chars().count();
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

/// A title of 3 to 120 characters.
pub fn check_title(title: &str) -> Result<(), RuleError> {
    length(Field::Title, title, TITLE_CHARS)
}

/// A story of 20 to 2,000 characters.
pub fn check_story(story: &str) -> Result<(), RuleError> {
    length(Field::Story, story, STORY_CHARS)
}

/// An http or https address with a host, and nothing that could hide another scheme:
/// `javascript:`, `data:` and `vbscript:` are refused however they are disguised, since
/// only the two literal prefixes pass and no space, control character or entity may
/// follow.
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

/// A display name of at most 60 characters that is not an email address or phone number.
pub fn check_author(author: &str) -> Result<(), RuleError> {
    length(Field::Author, author, 1..=AUTHOR_MAX_CHARS)?;
    let digits = author.chars().filter(char::is_ascii_digit).count();
    if author.contains('@') || digits >= 7 {
        return Err(RuleError::AuthorIsContact);
    }
    Ok(())
}

/// At most three passes, to known universities other than the deed's own, each once.
pub fn check_passes(
    from: &str,
    passes_to: &[String],
    is_known: impl Fn(&str) -> bool,
) -> Result<(), RuleError> {
    if passes_to.len() > MAX_PASSES {
        return Err(RuleError::TooManyPasses);
    }
    for (index, to) in passes_to.iter().enumerate() {
        if to == from {
            return Err(RuleError::PassToSelf);
        }
        if passes_to[..index].contains(to) {
            return Err(RuleError::DuplicatePass(to.clone()));
        }
        if !is_known(to) {
            return Err(RuleError::UnknownUniversity(to.clone()));
        }
    }
    Ok(())
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
    fn every_error_names_its_field() {
        assert_eq!(RuleError::LinkNotHttp.field(), Field::Link);
        assert_eq!(RuleError::DateInFuture.field(), Field::DoneOn);
        assert_eq!(RuleError::TooManyPasses.code(), "too_many_passes");
    }
}
