//! A deed as the app submits it to the inbox (`POST /api/v1/deeds`), and the rules it must
//! follow before the inbox stores it. The submit form checks the same rules as the student
//! types ([`validate_submission`]), the inbox checks them again, and a moderator's approval
//! turns a submission into a [`Deed`] that `publish` checks once more with
//! [`crate::model::rules::validate_deed`]: one set of rules on both sides.
//!
//! The JSON the app sends:
//!
//! ```json
//! {
//!   "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
//!   "university": {"id": "kaznu"},
//!   "virtue": "kindness",
//!   "title": "Сдали кровь",
//!   "story": "25 студентов сдали кровь для детской больницы.",
//!   "link": "",
//!   "done_on": "2020-02-10",
//!   "author": "",
//!   "passes_to": [{"id": "enu"}, {"name": "Tashkent State University", "city": "Tashkent"}],
//!   "consent": true,
//!   "lang": "ru",
//!   "website": "",
//!   "received_from": "nu"
//! }
//! ```
//!
//! `id` is made by the app (`crypto.randomUUID()`) before the first try, so a retry of the
//! same submission is recognised and stored once. A university is a [`Choice`]: a listed
//! one by its id, `{"id": "kaznu"}`, or one that is not listed yet by its name and city,
//! `{"name": "…", "city": "…"}`, which a moderator adds before approving. `link` and
//! `author` may be empty. `website` is a field people never see (a honeypot): a form that
//! fills it was filled by a robot. `received_from` is present only when the student came
//! by an invitation (`/submit/?u=…&from=…`): the listed university that passed their own
//! the baton. An older app leaves it out.
//!
//! With photos, the body is `multipart/form-data`: the part `deed` holds this JSON, with
//! `"photos": [{"alt": "…"}, …]` describing each photo in order, and the parts `photo0`,
//! `photo1`, `photo2` hold their bytes (see [`crate::model::photo`] for what is accepted).
//! Without photos, the plain JSON body works as it always has.

use serde::{Deserialize, Serialize};

use crate::model::{
    Date, Deed, Lang, Virtue,
    photo::{self, PhotoNote},
    rules::{self, Field, FieldError, RuleError, UNLISTED_CITY_CHARS, UNLISTED_NAME_CHARS},
};

/// A university as the student picked it.
///
/// Serialised untagged: `{"id": "kaznu"}` for a listed university, `{"name": "…", "city":
/// "…"}` for one that is not listed. Any other shape is refused. Read through a plain
/// struct ([`RawChoice`]) rather than serde's untagged machinery, which would weigh on the
/// web app's download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, try_from = "RawChoice")]
pub enum Choice {
    /// A university the site lists, by its id.
    Listed { id: String },
    /// A university the site does not list yet, as the student names it.
    Unlisted { name: String, city: String },
}

/// Every field a [`Choice`] may have, for reading one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: Option<String>,
    name: Option<String>,
    city: Option<String>,
}

impl TryFrom<RawChoice> for Choice {
    type Error = &'static str;

    fn try_from(raw: RawChoice) -> Result<Choice, Self::Error> {
        match raw {
            RawChoice {
                id: Some(id),
                name: None,
                city: None,
            } => Ok(Choice::Listed { id }),
            RawChoice {
                id: None,
                name: Some(name),
                city: Some(city),
            } => Ok(Choice::Unlisted { name, city }),
            _ => Err(r#"a university is {"id": …} or {"name": …, "city": …}"#),
        }
    }
}

impl Choice {
    /// The listed university's id, if it is one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Choice::Listed { id } => Some(id),
            Choice::Unlisted { .. } => None,
        }
    }

    /// Whether two choices name the same university (unlisted ones by name and city,
    /// ignoring case and surrounding spaces).
    pub fn same_as(&self, other: &Choice) -> bool {
        match (self, other) {
            (Choice::Listed { id: a }, Choice::Listed { id: b }) => a == b,
            (Choice::Unlisted { name: a, city: c }, Choice::Unlisted { name: b, city: d }) => {
                // Folded as search folds, which also ignores case.
                let same = |x: &str, y: &str| {
                    crate::model::search::fold(x.trim()) == crate::model::search::fold(y.trim())
                };
                same(a, b) && same(c, d)
            }
            _ => false,
        }
    }
}

/// A deed as the app submits it. See the module docs for the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// A UUID the app made for this submission; retries reuse it.
    pub id: String,
    /// The student's university.
    pub university: Choice,
    /// The virtue the deed serves.
    pub virtue: Virtue,
    /// A one-line title.
    pub title: String,
    /// What was done.
    pub story: String,
    /// The post on a social network (http or https), or empty.
    #[serde(default)]
    pub link: String,
    /// The day the deed was done (Kazakhstan time).
    pub done_on: Date,
    /// The name to show, or empty.
    #[serde(default)]
    pub author: String,
    /// The universities the baton passes to (0 to 3).
    #[serde(default)]
    pub passes_to: Vec<Choice>,
    /// The student agrees to the deed being published.
    pub consent: bool,
    /// The language it is written in.
    pub lang: Lang,
    /// The honeypot: empty from a person. A filled one is kept aside and never published.
    #[serde(default)]
    pub website: String,
    /// The listed university that passed the student's own the baton, from an invitation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_from: Option<String>,
    /// The photos' descriptions, in order; their bytes are the multipart parts
    /// `photo0`, `photo1`, ... beside this JSON (see the module docs). An older app sends
    /// none, and an older inbox ignores the field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoNote>,
}

impl Submission {
    /// Whether a robot filled the hidden field.
    pub fn is_robot(&self) -> bool {
        !self.website.trim().is_empty()
    }

    /// The same submission with its id in lower case, so one UUID in either case is one
    /// submission.
    pub fn normalized(mut self) -> Submission {
        self.id.make_ascii_lowercase();
        self
    }

    /// Whether any university in it is not listed yet.
    pub fn has_unlisted(&self) -> bool {
        self.university.id().is_none() || self.passes_to.iter().any(|c| c.id().is_none())
    }

    /// The deed to publish, once a moderator has picked listed ids for every choice:
    /// `university` and `passes_to` are those ids. Texts are trimmed; an empty link or
    /// author is none. `id` and `published_at` are the publication's.
    pub fn to_deed(
        &self,
        university: String,
        passes_to: Vec<String>,
        id: u64,
        published_at: String,
    ) -> Deed {
        let optional = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_string())
        };
        Deed {
            id,
            university,
            virtue: self.virtue,
            title: self.title.trim().to_string(),
            story: self.story.trim().to_string(),
            link: optional(&self.link),
            done_on: self.done_on,
            author: optional(&self.author),
            lang: self.lang,
            published_at,
            illustrative: false,
            passes_to,
            received_from: self.received_from.clone(),
            // The inbox names the photos once it has their bytes.
            photos: Vec::new(),
        }
    }
}

/// The answer to a stored submission and to `GET /api/v1/deeds/{id}/status`: where it is.
/// A submission kept aside as a robot's reads as `pending`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionStatus {
    /// The submission's UUID.
    pub id: String,
    pub state: PublicState,
    /// The published deed's number (its permalink is `/deed/{deed_id}`), once published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deed_id: Option<u64>,
    /// Why a moderator rejected or unpublished it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Where a submission is, as its author may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublicState {
    /// Waiting for a moderator.
    Pending,
    /// On the site.
    Published,
    /// Refused (or taken down) by a moderator, with a reason.
    Rejected,
}

fn choice_errors(
    choice: &Choice,
    index: Option<usize>,
    is_known: &impl Fn(&str) -> bool,
) -> Vec<FieldError> {
    let (name_field, city_field, id_field) = match index {
        None => (
            Field::UniversityName,
            Field::UniversityCity,
            Field::University,
        ),
        Some(_) => (Field::PassesToName, Field::PassesToCity, Field::PassesTo),
    };
    let mut errors: Vec<FieldError> = match choice {
        Choice::Listed { id } if is_known(id) => Vec::new(),
        Choice::Listed { id } => {
            let mut error = FieldError::from(RuleError::UnknownUniversity(id.clone()));
            error.field = id_field;
            vec![error]
        }
        Choice::Unlisted { name, city } => [
            rules::check_length(name_field, name, UNLISTED_NAME_CHARS).err(),
            rules::check_length(city_field, city, UNLISTED_CITY_CHARS).err(),
        ]
        .into_iter()
        .flatten()
        .map(FieldError::from)
        .collect(),
    };
    if let Some(index) = index {
        errors = errors.into_iter().map(|e| e.at(index)).collect();
    }
    errors
}

/// Every rule `submission` breaks, in field order; empty when the inbox may store it.
/// `is_known` says whether a university id is listed; `today` is the day in Kazakhstan.
pub fn validate_submission(
    submission: &Submission,
    is_known: impl Fn(&str) -> bool,
    today: Date,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    errors.extend(
        rules::check_uuid(&submission.id)
            .err()
            .map(FieldError::from),
    );
    errors.extend(choice_errors(&submission.university, None, &is_known));
    errors.extend(
        [
            rules::check_title(&submission.title).err(),
            rules::check_story(&submission.story).err(),
            (!submission.link.trim().is_empty())
                .then(|| rules::check_link(&submission.link).err())
                .flatten(),
            rules::check_done_on(submission.done_on, today).err(),
            (!submission.author.trim().is_empty())
                .then(|| rules::check_author(&submission.author).err())
                .flatten(),
        ]
        .into_iter()
        .flatten()
        .map(FieldError::from),
    );
    let (list, each) = rules::baton_list(
        &submission.university,
        &submission.passes_to,
        Choice::same_as,
        |to| match to {
            Choice::Listed { id } => id.clone(),
            Choice::Unlisted { name, .. } => name.trim().to_string(),
        },
    );
    errors.extend(list.map(FieldError::from));
    for (index, (to, error)) in submission.passes_to.iter().zip(each).enumerate() {
        match error {
            Some(error) => errors.push(FieldError::from(error).at(index)),
            None => errors.extend(choice_errors(to, Some(index), &is_known)),
        }
    }
    if let Some(from) = &submission.received_from {
        // An unlisted university of one's own cannot be the giver: only the id is compared.
        let own = submission.university.id().unwrap_or_default();
        if let Err(error) = rules::check_received_from(own, from, &is_known) {
            let mut error = FieldError::from(error);
            error.field = Field::ReceivedFrom;
            errors.push(error);
        }
    }
    errors.extend(photo::note_errors(&submission.photos));
    if !submission.consent {
        errors.push(RuleError::ConsentRequired.into());
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rules::RuleCode;

    const KNOWN: [&str; 4] = ["kaznu", "enu", "nu", "kbtu"];

    fn known(id: &str) -> bool {
        KNOWN.contains(&id)
    }

    fn today() -> Date {
        Date::parse("2021-06-01").unwrap()
    }

    fn listed(id: &str) -> Choice {
        Choice::Listed { id: id.into() }
    }

    fn unlisted(name: &str, city: &str) -> Choice {
        Choice::Unlisted {
            name: name.into(),
            city: city.into(),
        }
    }

    fn good() -> Submission {
        Submission {
            id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            university: listed("kaznu"),
            virtue: Virtue::Kindness,
            title: "Сдали кровь".into(),
            story: "25 студентов сдали кровь для детской больницы.".into(),
            link: String::new(),
            done_on: Date::parse("2020-02-10").unwrap(),
            author: String::new(),
            passes_to: vec![
                listed("enu"),
                unlisted("Tashkent State University", "Tashkent"),
            ],
            consent: true,
            lang: Lang::Ru,
            website: String::new(),
            received_from: None,
            photos: Vec::new(),
        }
    }

    fn codes(submission: &Submission) -> Vec<(Field, String, Option<usize>)> {
        validate_submission(submission, known, today())
            .into_iter()
            .map(|e| (e.field, e.code.as_str().to_string(), e.index))
            .collect()
    }

    fn only(field: Field, code: &str, index: Option<usize>) -> Vec<(Field, String, Option<usize>)> {
        vec![(field, code.to_string(), index)]
    }

    #[test]
    fn the_documented_json_parses() {
        let json = r#"{
          "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
          "university": {"id": "kaznu"},
          "virtue": "kindness",
          "title": "Сдали кровь",
          "story": "25 студентов сдали кровь для детской больницы.",
          "link": "",
          "done_on": "2020-02-10",
          "author": "",
          "passes_to": [{"id": "enu"}, {"name": "Tashkent State University", "city": "Tashkent"}],
          "consent": true,
          "lang": "ru",
          "website": ""
        }"#;
        let parsed: Submission = serde_json::from_str(json).unwrap();
        assert_eq!(parsed, good());
        let round: Submission =
            serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
        assert_eq!(round, parsed);
    }

    #[test]
    fn received_from_is_optional_both_ways() {
        // An app that does not know it sends none; the submission says none.
        let text = serde_json::to_string(&good()).unwrap();
        assert!(!text.contains("received_from"), "{text}");
        let invited = Submission {
            received_from: Some("enu".into()),
            ..good()
        };
        let text = serde_json::to_string(&invited).unwrap();
        assert!(text.contains(r#""received_from":"enu""#), "{text}");
        assert_eq!(serde_json::from_str::<Submission>(&text).unwrap(), invited);
        let deed = invited.to_deed("kaznu".into(), vec![], 9, "2020-02-10T05:00:00Z".into());
        assert_eq!(deed.received_from.as_deref(), Some("enu"));
    }

    #[test]
    fn the_baton_is_received_from_another_listed_university() {
        let from = |id: &str| Submission {
            received_from: Some(id.into()),
            ..good()
        };
        assert_eq!(codes(&from("enu")), vec![]);
        assert_eq!(
            codes(&from("kaznu")),
            only(Field::ReceivedFrom, "received_from_self", None)
        );
        let unknown = validate_submission(&from("hogwarts"), known, today());
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].field, Field::ReceivedFrom);
        assert_eq!(unknown[0].code, RuleCode::UnknownUniversity);
        assert_eq!(unknown[0].value.as_deref(), Some("hogwarts"));
        // A student whose university is not listed yet may have received it from a listed one.
        let unlisted_own = Submission {
            university: unlisted("Oxford Brookes University", "Oxford"),
            ..from("enu")
        };
        assert_eq!(codes(&unlisted_own), vec![]);
    }

    #[test]
    fn a_choice_is_an_id_or_a_name_and_city_and_nothing_else() {
        let parse = |json: &str| serde_json::from_str::<Choice>(json);
        assert_eq!(parse(r#"{"id":"kaznu"}"#).unwrap(), listed("kaznu"));
        assert_eq!(
            parse(r#"{"name":"TSU","city":"Tashkent"}"#).unwrap(),
            unlisted("TSU", "Tashkent")
        );
        assert!(parse(r#"{"id":"kaznu","name":"x"}"#).is_err());
        assert!(parse(r#"{"name":"TSU"}"#).is_err());
        assert!(parse(r#""kaznu""#).is_err());
    }

    #[test]
    fn the_honeypot_defaults_to_empty() {
        let mut value = serde_json::to_value(good()).unwrap();
        value.as_object_mut().unwrap().remove("website");
        let parsed: Submission = serde_json::from_value(value).unwrap();
        assert!(!parsed.is_robot());
        let robot = Submission {
            website: "http://spam.example".into(),
            ..good()
        };
        assert!(robot.is_robot());
    }

    #[test]
    fn a_good_submission_passes() {
        assert_eq!(codes(&good()), vec![]);
        let minimal = Submission {
            passes_to: vec![],
            link: "https://instagram.com/p/1".into(),
            author: "Айгерім".into(),
            ..good()
        };
        assert_eq!(codes(&minimal), vec![]);
    }

    #[test]
    fn the_id_must_be_a_uuid() {
        let upper = Submission {
            id: "0F8FAD5B-D9CB-469F-A165-70867728950E".into(),
            ..good()
        };
        assert_eq!(codes(&upper), vec![]);
        assert_eq!(
            upper.normalized().id,
            "0f8fad5b-d9cb-469f-a165-70867728950e"
        );
        for bad in [
            "",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5bd9cb469fa16570867728950e",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            "0f8fad5b_d9cb-469f-a165-70867728950e",
        ] {
            let submission = Submission {
                id: bad.into(),
                ..good()
            };
            assert_eq!(
                codes(&submission),
                only(Field::Id, "invalid_uuid", None),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_university_is_listed_or_named_with_its_city() {
        let unknown = Submission {
            university: listed("hogwarts"),
            ..good()
        };
        let errors = validate_submission(&unknown, known, today());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, Field::University);
        assert_eq!(errors[0].code, RuleCode::UnknownUniversity);
        assert_eq!(errors[0].value.as_deref(), Some("hogwarts"));

        let named = Submission {
            university: unlisted("Oxford Brookes University", "Oxford"),
            ..good()
        };
        assert_eq!(codes(&named), vec![]);
        let short = Submission {
            university: unlisted("Ox", " "),
            ..good()
        };
        assert_eq!(
            codes(&short),
            vec![
                (Field::UniversityName, "too_short".into(), None),
                (Field::UniversityCity, "too_short".into(), None),
            ]
        );
        let long = Submission {
            university: unlisted(&"U".repeat(151), &"C".repeat(81)),
            ..good()
        };
        assert_eq!(
            codes(&long),
            vec![
                (Field::UniversityName, "too_long".into(), None),
                (Field::UniversityCity, "too_long".into(), None),
            ]
        );
    }

    #[test]
    fn texts_link_date_and_author_follow_the_deed_rules() {
        let cases = [
            (
                Submission {
                    title: "ab".into(),
                    ..good()
                },
                Field::Title,
                "too_short",
            ),
            (
                Submission {
                    story: "Too short.".into(),
                    ..good()
                },
                Field::Story,
                "too_short",
            ),
            (
                Submission {
                    link: "javascript:alert(1)".into(),
                    ..good()
                },
                Field::Link,
                "link_not_http",
            ),
            (
                Submission {
                    done_on: Date::parse("2021-06-02").unwrap(),
                    ..good()
                },
                Field::DoneOn,
                "date_in_future",
            ),
            (
                Submission {
                    done_on: Date::parse("2020-02-05").unwrap(),
                    ..good()
                },
                Field::DoneOn,
                "date_before_challenge",
            ),
            (
                Submission {
                    author: "a@b.kz".into(),
                    ..good()
                },
                Field::Author,
                "author_is_contact",
            ),
        ];
        for (submission, field, code) in cases {
            assert_eq!(codes(&submission), only(field, code, None), "{code}");
        }
        let title = Submission {
            title: "ab".into(),
            ..good()
        };
        let error = &validate_submission(&title, known, today())[0];
        assert_eq!(error.min, Some(3));
        assert_eq!(
            serde_json::to_value(error).unwrap(),
            serde_json::json!({"field": "title", "code": "too_short", "min": 3})
        );
    }

    #[test]
    fn passes_are_few_distinct_known_and_not_to_oneself() {
        let too_many = Submission {
            passes_to: vec![
                listed("enu"),
                listed("nu"),
                listed("kbtu"),
                unlisted("TSU", "Tashkent"),
            ],
            ..good()
        };
        assert_eq!(
            codes(&too_many),
            only(Field::PassesTo, "too_many_passes", None)
        );
        let to_self = Submission {
            passes_to: vec![listed("enu"), listed("kaznu")],
            ..good()
        };
        assert_eq!(
            codes(&to_self),
            only(Field::PassesTo, "pass_to_self", Some(1))
        );
        let twice = Submission {
            passes_to: vec![unlisted("TSU", "Tashkent"), unlisted(" tsu ", "TASHKENT")],
            ..good()
        };
        assert_eq!(
            codes(&twice),
            only(Field::PassesTo, "duplicate_pass", Some(1))
        );
        let unknown = Submission {
            passes_to: vec![listed("enu"), listed("hogwarts")],
            ..good()
        };
        assert_eq!(
            codes(&unknown),
            only(Field::PassesTo, "unknown_university", Some(1))
        );
        let unnamed = Submission {
            passes_to: vec![unlisted("TSU", "T")],
            ..good()
        };
        assert_eq!(
            codes(&unnamed),
            only(Field::PassesToCity, "too_short", Some(0))
        );
    }

    #[test]
    fn consent_is_required() {
        let without = Submission {
            consent: false,
            ..good()
        };
        assert_eq!(
            codes(&without),
            only(Field::Consent, "consent_required", None)
        );
    }

    #[test]
    fn errors_serialise_as_the_422_body() {
        let bad = Submission {
            title: "ab".into(),
            consent: false,
            passes_to: vec![listed("enu"), listed("enu")],
            ..good()
        };
        let body = rules::FieldErrors {
            errors: validate_submission(&bad, known, today()),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"errors": [
                {"field": "title", "code": "too_short", "min": 3},
                {"field": "passes_to", "code": "duplicate_pass", "index": 1, "value": "enu"},
                {"field": "consent", "code": "consent_required"},
            ]})
        );
    }

    #[test]
    fn an_approved_submission_becomes_a_trimmed_deed() {
        let submission = Submission {
            title: "  Сдали кровь ".into(),
            author: "  ".into(),
            link: " https://kaznu.kz ".into(),
            ..good()
        };
        let deed = submission.to_deed(
            "kaznu".into(),
            vec!["enu".into()],
            7,
            "2021-06-01T05:00:00Z".into(),
        );
        assert_eq!(deed.title, "Сдали кровь");
        assert_eq!(deed.author, None);
        assert_eq!(deed.link.as_deref(), Some("https://kaznu.kz"));
        assert_eq!(deed.id, 7);
        assert!(!deed.illustrative);
        assert!(rules::validate_deed(&deed, known, today()).is_empty());
    }

    #[test]
    fn status_reads_without_empty_fields() {
        let status = SubmissionStatus {
            id: good().id,
            state: PublicState::Pending,
            deed_id: None,
            reason: None,
        };
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "state": "pending"})
        );
    }
}
