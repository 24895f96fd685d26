//! The submit form's content as the student types it, and its checks: the same rules the
//! inbox applies ([`validate_submission`]), plus what only a form can lack (a virtue, a
//! date). Plain Rust, so native tests cover it.

use crate::model::{
    Date, Lang, Virtue,
    feed::Directory,
    photo::{MAX_PHOTOS, PhotoNote},
    rules::{Field, FieldError, MAX_PASSES},
    submission::{Choice, Submission, validate_submission},
};

/// A university as typed: a name found in the list, or one the student says is not listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UniversityInput {
    /// What is in the search box.
    pub text: String,
    /// "My university is not listed" (for the deed's university), or a pass whose name is
    /// not in the list: then `text` is the name and `city` its city.
    pub unlisted: bool,
    pub city: String,
}

impl UniversityInput {
    /// The choice this input makes, if any.
    pub fn choice(&self, directory: &Directory) -> Option<Choice> {
        if self.unlisted {
            return Some(Choice::Unlisted {
                name: self.text.trim().to_string(),
                city: self.city.trim().to_string(),
            });
        }
        let text = self.text.trim();
        if text.is_empty() {
            return None;
        }
        Some(match directory.find_by_name(text) {
            Some(found) => Choice::Listed {
                id: found.id.clone(),
            },
            // Not a listed name: kept by its text, so the rules report it as unknown.
            None => Choice::Listed {
                id: text.to_string(),
            },
        })
    }
}

/// A photo in the form: its description, and its shrunk file once the phone has made it
/// (the file itself, a browser `Blob`, stays beside the draft, under `key`: see
/// [`crate::app::form::photos`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftPhoto {
    /// Its key for as long as the form lives: the same when it moves.
    pub key: u32,
    /// What it shows, for people who cannot see it (its alt text).
    pub alt: String,
    /// Its preview (an object URL of the shrunk file), once shrunk.
    pub preview: Option<String>,
    /// The shrunk file's bytes, once shrunk.
    pub bytes: u32,
}

/// The form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The submission's id once made: kept when a submission is corrected.
    pub id: String,
    pub university: UniversityInput,
    pub virtue: Option<Virtue>,
    pub title: String,
    pub story: String,
    pub link: String,
    /// `YYYY-MM-DD`, as a date input gives it.
    pub done_on: String,
    pub author: String,
    pub passes_to: Vec<UniversityInput>,
    pub consent: bool,
    /// The hidden field people never fill.
    pub website: String,
    /// The listed university that passed the student's own the baton, from an invitation
    /// (`/submit/?u=…&from=…`), until the student removes it.
    pub received_from: Option<String>,
    /// Up to [`MAX_PHOTOS`] photos, in the order they are shown.
    pub photos: Vec<DraftPhoto>,
}

/// A problem with the form: a rule from the model, or a missing choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Rule(FieldError),
    /// No virtue chosen.
    NoVirtue,
    /// No date, or not a date.
    NoDate,
    /// No university chosen.
    NoUniversity,
    /// Photo `n` is still being shrunk.
    PhotoNotReady(usize),
    /// The browser could not open a picked photo (HEIC outside Safari, a broken file).
    PhotoUnreadable,
    /// A picked photo refused before it was opened, or more photos than allowed.
    PhotoPicked(FieldError),
}

/// Where a problem is shown: the form's field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    University,
    UniversityName,
    UniversityCity,
    Virtue,
    Title,
    Story,
    Link,
    DoneOn,
    Author,
    /// The pass list as a whole.
    Passes,
    /// Pass `n`: its name, and its city when not listed.
    Pass(usize),
    PassCity(usize),
    Consent,
    /// The note "Received the baton from …".
    ReceivedFrom,
    /// The photos as a whole: the picker.
    Photos,
    /// Photo `n`: its file.
    Photo(usize),
    /// Photo `n`'s description.
    PhotoAlt(usize),
}

impl Slot {
    /// The element id of its field, for labels, messages and focus.
    pub fn element_id(self) -> String {
        match self {
            Slot::University => "sub-university".into(),
            Slot::UniversityName => "sub-university-name".into(),
            Slot::UniversityCity => "sub-university-city".into(),
            Slot::Virtue => "sub-virtue".into(),
            Slot::Title => "sub-title".into(),
            Slot::Story => "sub-story".into(),
            Slot::Link => "sub-link".into(),
            Slot::DoneOn => "sub-date".into(),
            Slot::Author => "sub-author".into(),
            Slot::Passes => "sub-passes".into(),
            Slot::Pass(i) => format!("sub-pass-{i}"),
            Slot::PassCity(i) => format!("sub-pass-city-{i}"),
            Slot::Consent => "sub-consent".into(),
            Slot::ReceivedFrom => "sub-received-from".into(),
            Slot::Photos => "sub-photos".into(),
            Slot::Photo(i) => format!("sub-photo-{i}"),
            Slot::PhotoAlt(i) => format!("sub-photo-alt-{i}"),
        }
    }
}

impl Problem {
    /// The field it belongs to.
    pub fn slot(&self) -> Slot {
        match self {
            Problem::NoVirtue => Slot::Virtue,
            Problem::NoDate => Slot::DoneOn,
            Problem::NoUniversity => Slot::University,
            Problem::PhotoNotReady(i) => Slot::Photo(*i),
            Problem::PhotoUnreadable | Problem::PhotoPicked(_) => Slot::Photos,
            Problem::Rule(error) => match (error.field, error.index) {
                (Field::University, _) => Slot::University,
                (Field::UniversityName, _) => Slot::UniversityName,
                (Field::UniversityCity, _) => Slot::UniversityCity,
                (Field::Title, _) => Slot::Title,
                (Field::Story, _) => Slot::Story,
                (Field::Link, _) => Slot::Link,
                (Field::DoneOn, _) => Slot::DoneOn,
                (Field::Author, _) => Slot::Author,
                (Field::PassesTo | Field::PassesToName, Some(i)) => Slot::Pass(i),
                (Field::PassesToCity, Some(i)) => Slot::PassCity(i),
                (Field::Consent, _) => Slot::Consent,
                (Field::ReceivedFrom, _) => Slot::ReceivedFrom,
                (Field::PhotoAlt, Some(i)) => Slot::PhotoAlt(i),
                (Field::Photo, Some(i)) => Slot::Photo(i),
                (Field::Photo | Field::PhotoAlt, None) => Slot::Photos,
                _ => Slot::Passes,
            },
        }
    }
}

impl Draft {
    /// The draft of a submission that needs correcting.
    pub fn from_submission(s: &Submission, directory: &Directory, lang: Lang) -> Draft {
        let input = |choice: &Choice| match choice {
            Choice::Listed { id } => UniversityInput {
                text: directory
                    .get(id)
                    .map_or_else(|| id.clone(), |u| u.short.get(lang).to_string()),
                unlisted: false,
                city: String::new(),
            },
            Choice::Unlisted { name, city } => UniversityInput {
                text: name.clone(),
                unlisted: true,
                city: city.clone(),
            },
        };
        Draft {
            id: s.id.clone(),
            university: input(&s.university),
            virtue: Some(s.virtue),
            title: s.title.clone(),
            story: s.story.clone(),
            link: s.link.clone(),
            done_on: s.done_on.to_string(),
            author: s.author.clone(),
            passes_to: s.passes_to.iter().map(input).collect(),
            consent: s.consent,
            website: s.website.clone(),
            received_from: s.received_from.clone(),
            // Their files are the outbox's: the form takes them back as it reads them.
            photos: s
                .photos
                .iter()
                .enumerate()
                .map(|(key, note)| DraftPhoto {
                    key: key as u32,
                    alt: note.alt.clone(),
                    preview: None,
                    bytes: 0,
                })
                .collect(),
        }
    }

    /// A key no photo of the draft has.
    pub fn next_photo_key(&self) -> u32 {
        self.photos.iter().map(|p| p.key + 1).max().unwrap_or(0)
    }

    /// How many more photos the draft takes.
    pub fn photo_room(&self) -> usize {
        MAX_PHOTOS.saturating_sub(self.photos.len())
    }

    /// Moves photo `from` to `to` (both clamped to the list), keeping the others' order.
    /// Returns where it now is.
    pub fn move_photo(&mut self, from: usize, to: usize) -> Option<usize> {
        if from >= self.photos.len() {
            return None;
        }
        let to = to.min(self.photos.len() - 1);
        let photo = self.photos.remove(from);
        self.photos.insert(to, photo);
        Some(to)
    }

    /// Removes photo `index`; returns the index focus goes to (the photo now in its place,
    /// the one before it, or `None` when none is left).
    pub fn remove_photo(&mut self, index: usize) -> Option<usize> {
        if index >= self.photos.len() {
            return None;
        }
        self.photos.remove(index);
        match self.photos.len() {
            0 => None,
            len => Some(index.min(len - 1)),
        }
    }

    /// Takes in an invitation's `?u=` (the student's university, filled in when the draft
    /// has none yet) and `?from=` (who passed the baton): ids the directory does not list
    /// are ignored, as is a giver that is the university itself.
    pub fn invited(
        &mut self,
        to: Option<&str>,
        from: Option<&str>,
        directory: &Directory,
        lang: Lang,
    ) {
        let to = to.and_then(|id| directory.get(id));
        let empty = self.university.text.trim().is_empty() && !self.university.unlisted;
        if let (Some(to), true) = (to, empty) {
            self.university.text = to.short.get(lang).to_string();
        }
        let from = from.and_then(|id| directory.get(id)).map(|u| u.id.as_str());
        if let Some(from) = from.filter(|from| to.is_none_or(|to| to.id != *from)) {
            self.received_from = Some(from.to_string());
        }
    }

    /// The submission, or every problem with the form. `id` is used when the draft has
    /// none yet.
    pub fn check(
        &self,
        directory: &Directory,
        lang: Lang,
        today: Date,
        id: &str,
    ) -> Result<Submission, Vec<Problem>> {
        let mut problems = Vec::new();
        let university = self.university.choice(directory);
        if university.is_none() {
            problems.push(Problem::NoUniversity);
        }
        if self.virtue.is_none() {
            problems.push(Problem::NoVirtue);
        }
        let done_on = Date::parse(self.done_on.trim()).ok();
        if done_on.is_none() {
            problems.push(Problem::NoDate);
        }
        let passes_to: Vec<Choice> = self
            .passes_to
            .iter()
            .filter_map(|p| p.choice(directory))
            .take(MAX_PASSES + 1)
            .collect();
        let submission = Submission {
            id: if self.id.is_empty() {
                id.to_string()
            } else {
                self.id.clone()
            },
            university: university.unwrap_or(Choice::Listed { id: String::new() }),
            virtue: self.virtue.unwrap_or(Virtue::Kindness),
            title: self.title.trim().to_string(),
            story: self.story.trim().to_string(),
            link: self.link.trim().to_string(),
            done_on: done_on.unwrap_or(today),
            author: self.author.trim().to_string(),
            passes_to,
            consent: self.consent,
            lang,
            website: self.website.clone(),
            received_from: self.received_from.clone(),
            photos: self
                .photos
                .iter()
                .map(|p| PhotoNote {
                    alt: p.alt.trim().to_string(),
                })
                .collect(),
        };
        for (index, photo) in self.photos.iter().enumerate() {
            if photo.preview.is_none() {
                problems.push(Problem::PhotoNotReady(index));
            }
        }
        let known = |id: &str| directory.get(id).is_some();
        for error in validate_submission(&submission, known, today) {
            // An empty university is already "choose one".
            let empty_university =
                error.field == Field::University && self.university.choice(directory).is_none();
            if !empty_university {
                problems.push(Problem::Rule(error));
            }
        }
        if problems.is_empty() {
            Ok(submission)
        } else {
            Err(problems)
        }
    }
}

/// A version 4 UUID from 16 random bytes (the browser's `crypto.getRandomValues`, which,
/// unlike `randomUUID`, also works on a plain-http address).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Names, University,
        rules::{RuleCode, check_uuid},
    };

    fn directory() -> Directory {
        let names = |s: &str| Names {
            kk: s.to_string(),
            ru: s.to_string(),
            en: s.to_string(),
        };
        let u = |id: &str, short: &str| University {
            id: id.to_string(),
            short: names(short),
            name: names(short),
            city: names("Almaty"),
            country: "KZ".to_string(),
            lat: 43.2,
            lon: 76.9,
        };
        Directory::new(vec![u("kaznu", "KazNU"), u("enu", "ENU")])
    }

    fn today() -> Date {
        Date::parse("2026-11-26").unwrap()
    }

    fn good() -> Draft {
        Draft {
            university: UniversityInput {
                text: "kaznu".into(),
                ..UniversityInput::default()
            },
            virtue: Some(Virtue::Honesty),
            title: "Returned a lost wallet".into(),
            story: "We found a wallet in the library and took it to its owner.".into(),
            done_on: "2020-03-01".into(),
            passes_to: vec![UniversityInput {
                text: "ENU".into(),
                ..UniversityInput::default()
            }],
            consent: true,
            ..Draft::default()
        }
    }

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    #[test]
    fn a_good_draft_becomes_a_submission() {
        let s = good().check(&directory(), Lang::En, today(), ID).unwrap();
        assert_eq!(s.university, Choice::Listed { id: "kaznu".into() });
        assert_eq!(s.passes_to, vec![Choice::Listed { id: "enu".into() }]);
        assert_eq!(s.id, ID);
        // And back, for a correction, keeping its id.
        let again = Draft::from_submission(&s, &directory(), Lang::En);
        assert_eq!(
            again
                .check(&directory(), Lang::En, today(), "other")
                .unwrap(),
            s
        );
    }

    #[test]
    fn missing_choices_and_broken_rules_are_placed_by_field() {
        let draft = Draft {
            title: "Hi".into(),
            link: "javascript:alert(1)".into(),
            author: "me@example.com".into(),
            passes_to: vec![UniversityInput {
                text: "Nowhere University".into(),
                unlisted: true,
                city: String::new(),
            }],
            ..Draft::default()
        };
        let problems = draft
            .check(&directory(), Lang::En, today(), ID)
            .unwrap_err();
        let slots: Vec<Slot> = problems.iter().map(Problem::slot).collect();
        for slot in [
            Slot::University,
            Slot::Virtue,
            Slot::DoneOn,
            Slot::Title,
            Slot::Story,
            Slot::Link,
            Slot::Author,
            Slot::PassCity(0),
            Slot::Consent,
        ] {
            assert!(slots.contains(&slot), "{slot:?} in {slots:?}");
        }
        // "Choose a university" once, not also "unknown university".
        assert_eq!(slots.iter().filter(|s| **s == Slot::University).count(), 1);
    }

    #[test]
    fn an_unlisted_university_needs_a_name_and_a_city() {
        let mut draft = good();
        draft.university = UniversityInput {
            text: "New University".into(),
            unlisted: true,
            city: "Taraz".into(),
        };
        let s = draft.check(&directory(), Lang::En, today(), ID).unwrap();
        assert!(s.has_unlisted());
        draft.university.city.clear();
        let problems = draft
            .check(&directory(), Lang::En, today(), ID)
            .unwrap_err();
        assert_eq!(problems[0].slot(), Slot::UniversityCity);
    }

    #[test]
    fn a_name_not_in_the_list_is_unknown() {
        let mut draft = good();
        draft.university.text = "Atlantis".into();
        let problems = draft
            .check(&directory(), Lang::En, today(), ID)
            .unwrap_err();
        assert!(matches!(&problems[0], Problem::Rule(e) if e.code == RuleCode::UnknownUniversity));
    }

    #[test]
    fn an_invitation_fills_in_the_university_and_who_passed_the_baton() {
        let mut draft = Draft {
            university: UniversityInput::default(),
            passes_to: Vec::new(),
            ..good()
        };
        draft.invited(Some("enu"), Some("kaznu"), &directory(), Lang::En);
        assert_eq!(draft.university.text, "ENU");
        assert_eq!(draft.received_from.as_deref(), Some("kaznu"));
        let s = draft.check(&directory(), Lang::En, today(), ID).unwrap();
        assert_eq!(s.university, Choice::Listed { id: "enu".into() });
        assert_eq!(s.received_from.as_deref(), Some("kaznu"));
        // A correction keeps it.
        assert_eq!(
            Draft::from_submission(&s, &directory(), Lang::En)
                .received_from
                .as_deref(),
            Some("kaznu")
        );

        // A university already typed stays; the giver is still noted.
        let mut typed = good();
        typed.invited(Some("enu"), Some("enu"), &directory(), Lang::En);
        assert_eq!(typed.university.text, "kaznu");
        assert_eq!(typed.received_from, None, "not from the university itself");
        typed.invited(Some("enu"), Some("kaznu"), &directory(), Lang::En);
        assert_eq!(typed.university.text, "kaznu");
        // ... and the rules then refuse a baton from one's own university, at the note.
        let problems = typed
            .check(&directory(), Lang::En, today(), ID)
            .unwrap_err();
        assert_eq!(
            problems.iter().map(Problem::slot).collect::<Vec<_>>(),
            [Slot::ReceivedFrom]
        );

        // Ids the site does not list change nothing.
        let mut unknown = Draft::default();
        unknown.invited(Some("hogwarts"), Some("atlantis"), &directory(), Lang::En);
        assert_eq!(unknown, Draft::default());
    }

    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert!(check_uuid(&id).is_ok());
        assert_ne!(uuid_v4([0; 16]), uuid_v4([1; 16]));
    }

    #[test]
    fn every_field_has_its_own_element_id() {
        let slots = [
            Slot::University,
            Slot::UniversityName,
            Slot::UniversityCity,
            Slot::Virtue,
            Slot::Title,
            Slot::Story,
            Slot::Link,
            Slot::DoneOn,
            Slot::Author,
            Slot::Passes,
            Slot::Pass(0),
            Slot::Pass(1),
            Slot::PassCity(0),
            Slot::PassCity(1),
            Slot::Consent,
            Slot::ReceivedFrom,
            Slot::Photos,
            Slot::Photo(0),
            Slot::Photo(1),
            Slot::PhotoAlt(0),
            Slot::PhotoAlt(1),
        ];
        let ids: std::collections::BTreeSet<String> =
            slots.iter().map(|slot| slot.element_id()).collect();
        assert_eq!(ids.len(), slots.len());
        assert_eq!(Slot::DoneOn.element_id(), "sub-date");
    }

    fn photo(key: u32, alt: &str) -> DraftPhoto {
        DraftPhoto {
            key,
            alt: alt.into(),
            preview: Some(format!("blob:{key}")),
            bytes: 1000,
        }
    }

    #[test]
    fn photos_travel_as_descriptions_in_their_order() {
        let mut draft = good();
        draft.photos = vec![photo(0, " Donors at the bank "), photo(1, "Our team")];
        let s = draft.check(&directory(), Lang::En, today(), ID).unwrap();
        let alts: Vec<&str> = s.photos.iter().map(|p| p.alt.as_str()).collect();
        assert_eq!(alts, ["Donors at the bank", "Our team"]);
        assert_eq!(draft.move_photo(1, 0), Some(0));
        let s = draft.check(&directory(), Lang::En, today(), ID).unwrap();
        assert_eq!(s.photos[0].alt, "Our team");
        // A correction brings the descriptions back, the files to be read from the outbox.
        let again = Draft::from_submission(&s, &directory(), Lang::En);
        assert_eq!(again.photos.len(), 2);
        assert_eq!(again.photos[1].alt, "Donors at the bank");
        assert_eq!(again.photos[1].preview, None);
        assert_eq!(again.next_photo_key(), 2);
    }

    #[test]
    fn a_photo_needs_a_description_and_its_shrunk_file() {
        let mut draft = good();
        draft.photos = vec![photo(4, "ok photo"), photo(7, " a ")];
        let problems = draft
            .check(&directory(), Lang::En, today(), ID)
            .unwrap_err();
        assert_eq!(
            problems.iter().map(Problem::slot).collect::<Vec<_>>(),
            [Slot::PhotoAlt(1)]
        );
        draft.photos[1].alt = "Three of us".into();
        draft.photos[0].preview = None;
        let problems = draft
            .check(&directory(), Lang::En, today(), ID)
            .unwrap_err();
        assert_eq!(problems, [Problem::PhotoNotReady(0)]);
        assert_eq!(problems[0].slot(), Slot::Photo(0));
        assert_eq!(Slot::PhotoAlt(1).element_id(), "sub-photo-alt-1");
    }

    #[test]
    fn photos_move_and_go_keeping_the_rest_in_order() {
        let mut draft = Draft {
            photos: vec![photo(0, "a"), photo(1, "b"), photo(2, "c")],
            ..Draft::default()
        };
        let keys = |d: &Draft| d.photos.iter().map(|p| p.key).collect::<Vec<_>>();
        assert_eq!(draft.photo_room(), 0);
        assert_eq!(draft.move_photo(0, 1), Some(1));
        assert_eq!(keys(&draft), [1, 0, 2]);
        // Later than the last stays last; a photo that is not there moves nothing.
        assert_eq!(draft.move_photo(2, 9), Some(2));
        assert_eq!(draft.move_photo(5, 0), None);
        assert_eq!(keys(&draft), [1, 0, 2]);
        // Focus goes to the photo taking the removed one's place, else the one before.
        assert_eq!(draft.remove_photo(2), Some(1));
        assert_eq!(draft.remove_photo(0), Some(0));
        assert_eq!(keys(&draft), [0]);
        assert_eq!(draft.remove_photo(0), None);
        assert_eq!(draft.photo_room(), 3);
        assert_eq!(draft.next_photo_key(), 0);
    }

    #[test]
    fn photo_errors_from_the_inbox_land_at_their_photo() {
        let at = |field, index| {
            Problem::Rule(FieldError {
                field,
                code: crate::model::rules::RuleCode::PhotoDamaged,
                min: None,
                max: None,
                index,
                value: None,
            })
            .slot()
        };
        assert_eq!(at(Field::Photo, Some(2)), Slot::Photo(2));
        assert_eq!(at(Field::PhotoAlt, Some(1)), Slot::PhotoAlt(1));
        assert_eq!(at(Field::Photo, None), Slot::Photos);
    }
}
