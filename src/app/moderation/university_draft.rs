//! The add-a-university form's text, read into the API's [`NewUniversity`] and checked
//! with the shared rule ([`validate_university`]) before it is sent, so a moderator
//! sees every problem next to its field at once; the inbox checks again.
//!
//! The rule reports a group of names (short, full, city) as one error; the form marks
//! which of the group's three languages is at fault with the same length rule.

use crate::model::{
    Lang, Names,
    moderation::NewUniversity,
    rules::{
        Field, FieldError, RuleCode, UNIVERSITY_NAME_CHARS, check_length, validate_university,
    },
};

/// One input of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Id,
    Short(Lang),
    Name(Lang),
    City(Lang),
    Country,
    Lat,
    Lon,
}

impl Input {
    /// The field of the API (and of the rule) this input is part of.
    pub fn field(self) -> Field {
        match self {
            Input::Id => Field::Id,
            Input::Short(_) => Field::Short,
            Input::Name(_) => Field::Name,
            Input::City(_) => Field::City,
            Input::Country => Field::Country,
            Input::Lat | Input::Lon => Field::Coordinates,
        }
    }

    /// The inputs of a field.
    pub fn of(field: Field) -> Vec<Input> {
        match field {
            Field::Short => Lang::ALL.map(Input::Short).to_vec(),
            Field::Name => Lang::ALL.map(Input::Name).to_vec(),
            Field::City => Lang::ALL.map(Input::City).to_vec(),
            Field::Country => vec![Input::Country],
            Field::Coordinates => vec![Input::Lat, Input::Lon],
            _ => vec![Input::Id],
        }
    }

    /// The element id of the input.
    pub fn element_id(self) -> String {
        match self {
            Input::Id => "uni-id".into(),
            Input::Short(lang) => format!("uni-short-{}", lang.tag()),
            Input::Name(lang) => format!("uni-name-{}", lang.tag()),
            Input::City(lang) => format!("uni-city-{}", lang.tag()),
            Input::Country => "uni-country".into(),
            Input::Lat => "uni-lat".into(),
            Input::Lon => "uni-lon".into(),
        }
    }
}

/// The form as typed. Names are in [`Lang::ALL`]'s order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UniversityDraft {
    pub id: String,
    pub short: [String; 3],
    pub name: [String; 3],
    pub city: [String; 3],
    pub country: String,
    pub lat: String,
    pub lon: String,
}

fn slot(lang: Lang) -> usize {
    Lang::ALL
        .iter()
        .position(|l| *l == lang)
        .expect("Lang::ALL holds every language")
}

fn names(texts: &[String; 3]) -> Names {
    let [kk, ru, en] = texts.clone().map(|text| text.trim().to_string());
    Names { kk, ru, en }
}

/// A number of degrees as typed: a decimal comma is read as a point.
fn degrees(text: &str) -> Option<f64> {
    let number: f64 = text.trim().replace(',', ".").parse().ok()?;
    number.is_finite().then_some(number)
}

impl UniversityDraft {
    /// What `input` holds.
    pub fn get(&self, input: Input) -> &str {
        match input {
            Input::Id => &self.id,
            Input::Short(lang) => &self.short[slot(lang)],
            Input::Name(lang) => &self.name[slot(lang)],
            Input::City(lang) => &self.city[slot(lang)],
            Input::Country => &self.country,
            Input::Lat => &self.lat,
            Input::Lon => &self.lon,
        }
    }

    /// Puts `value` into `input`.
    pub fn set(&mut self, input: Input, value: String) {
        let place = match input {
            Input::Id => &mut self.id,
            Input::Short(lang) => &mut self.short[slot(lang)],
            Input::Name(lang) => &mut self.name[slot(lang)],
            Input::City(lang) => &mut self.city[slot(lang)],
            Input::Country => &mut self.country,
            Input::Lat => &mut self.lat,
            Input::Lon => &mut self.lon,
        };
        *place = value;
    }

    /// The university to send, if the form follows every rule; else every problem, in
    /// the form's order. `exists` says whether an id is listed already.
    pub fn check(&self, exists: impl Fn(&str) -> bool) -> Result<NewUniversity, Vec<FieldError>> {
        let lat = degrees(&self.lat);
        let lon = degrees(&self.lon);
        let short = self.short.iter().any(|s| !s.trim().is_empty());
        let new = NewUniversity {
            id: self.id.trim().to_string(),
            short: short.then(|| names(&self.short)),
            name: names(&self.name),
            city: names(&self.city),
            country: self.country.trim().to_ascii_uppercase(),
            lat: lat.unwrap_or_default(),
            lon: lon.unwrap_or_default(),
        };
        let mut errors: Vec<FieldError> = validate_university(&new.to_university(), exists)
            .iter()
            .map(FieldError::from)
            // Without a short name the full name stands for it: one error, at the name.
            .filter(|e: &FieldError| short || e.field != Field::Short)
            .collect();
        if lat.is_none() || lon.is_none() {
            errors.retain(|e| e.field != Field::Coordinates);
            errors.push(FieldError {
                field: Field::Coordinates,
                code: RuleCode::NotANumber,
                min: None,
                max: None,
                index: None,
                value: None,
            });
        }
        if errors.is_empty() {
            Ok(new)
        } else {
            Err(errors)
        }
    }

    /// Whether `input` alone breaks its part of the rules.
    fn fails(&self, input: Input) -> bool {
        let text = self.get(input);
        match input {
            Input::Short(_) => {
                self.short.iter().any(|s| !s.trim().is_empty())
                    && check_length(Field::Short, text, UNIVERSITY_NAME_CHARS).is_err()
            }
            Input::Name(_) | Input::City(_) => {
                check_length(input.field(), text, UNIVERSITY_NAME_CHARS).is_err()
            }
            Input::Lat => degrees(text).is_none_or(|lat| !(-90.0..=90.0).contains(&lat)),
            Input::Lon => degrees(text).is_none_or(|lon| !(-180.0..=180.0).contains(&lon)),
            Input::Id | Input::Country => true,
        }
    }

    /// Whether `input` is to be marked invalid, given `errors` (the form's own, or the
    /// inbox's): its field has an error, and either it is at fault itself or no input
    /// of the field is on its own.
    pub fn is_invalid(&self, input: Input, errors: &[FieldError]) -> bool {
        let field = input.field();
        errors.iter().any(|e| e.field == field)
            && (self.fails(input) || !Input::of(field).into_iter().any(|i| self.fails(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> UniversityDraft {
        let three = |text: &str| [text.to_string(), text.to_string(), text.to_string()];
        UniversityDraft {
            id: " tsu ".into(),
            short: Default::default(),
            name: three("Tashkent State University"),
            city: three("Tashkent"),
            country: "uz".into(),
            lat: "41,35".into(),
            lon: "69.2".into(),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<(Field, &str)> {
        errors.iter().map(|e| (e.field, e.code.as_str())).collect()
    }

    #[test]
    fn a_good_form_becomes_the_body_to_send() {
        let new = good().check(|_| false).unwrap();
        assert_eq!(new.id, "tsu");
        assert_eq!(new.short, None);
        assert_eq!(new.country, "UZ");
        assert_eq!(new.lat, 41.35);
        assert_eq!(new.lon, 69.2);
        assert_eq!(new.name.get(Lang::En), "Tashkent State University");
    }

    #[test]
    fn the_shared_rules_are_checked_before_sending() {
        let mut draft = good();
        draft.set(Input::Id, "TSU!".into());
        draft.set(Input::Name(Lang::Ru), "  ".into());
        draft.set(Input::Country, "Uzbekistan".into());
        draft.set(Input::Lat, "91".into());
        let errors = draft.check(|_| false).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                (Field::Id, "invalid_slug"),
                (Field::Name, "too_short"),
                (Field::Country, "invalid_country"),
                (Field::Coordinates, "invalid_coordinates"),
            ]
        );
        // The error is shown at the group, and only the Russian name is marked.
        assert!(draft.is_invalid(Input::Name(Lang::Ru), &errors));
        assert!(!draft.is_invalid(Input::Name(Lang::Kk), &errors));
        assert!(draft.is_invalid(Input::Lat, &errors));
        assert!(!draft.is_invalid(Input::Lon, &errors));
        assert!(!draft.is_invalid(Input::City(Lang::En), &errors));
    }

    #[test]
    fn a_listed_id_and_words_for_numbers_are_refused() {
        let mut draft = good();
        draft.set(Input::Lon, "east".into());
        let errors = draft.check(|id| id == "tsu").unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                (Field::Id, "university_exists"),
                (Field::Coordinates, "not_a_number"),
            ]
        );
        assert!(draft.is_invalid(Input::Lon, &errors));
        assert!(!draft.is_invalid(Input::Lat, &errors));
    }

    #[test]
    fn a_short_name_once_begun_is_needed_in_every_language() {
        let mut draft = good();
        draft.set(Input::Short(Lang::En), "TSU".into());
        let errors = draft.check(|_| false).unwrap_err();
        assert_eq!(fields(&errors), vec![(Field::Short, "too_short")]);
        assert!(draft.is_invalid(Input::Short(Lang::Kk), &errors));
        assert!(!draft.is_invalid(Input::Short(Lang::En), &errors));
    }

    #[test]
    fn an_error_from_the_inbox_marks_its_whole_group_when_no_input_is_at_fault() {
        let draft = good();
        let errors = vec![FieldError::from(crate::model::rules::RuleError::TooLong {
            field: Field::City,
            max: 200,
        })];
        for lang in Lang::ALL {
            assert!(draft.is_invalid(Input::City(lang), &errors));
        }
        assert!(!draft.is_invalid(Input::Name(Lang::Kk), &errors));
    }
}
