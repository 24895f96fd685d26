//! A good deed as published, and the baton passes it makes.

use serde::{Deserialize, Serialize};

use crate::model::{Date, Virtue, photo::Photo};

/// A language a deed can be written in (the site's three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    /// All three, in the site's order.
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// The BCP 47 tag (`kk`, `ru`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language a tag names.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }
}

/// A published deed. In a source file (the sample, or the inbox's output) `id` is absent:
/// publishing numbers deeds from 1 in the order they were published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deed {
    /// Its number in publication order; the permalink is `/deed/{id}`.
    #[serde(default)]
    pub id: u64,
    /// The university's id.
    pub university: String,
    /// The virtue it serves.
    pub virtue: Virtue,
    /// A one-line title.
    pub title: String,
    /// What was done, as the student tells it.
    pub story: String,
    /// The post on a social network, http(s) only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The day the deed was done (Kazakhstan time).
    pub done_on: Date,
    /// The name the student chose to show, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The language it is written in.
    pub lang: Lang,
    /// When it was published, RFC 3339 in UTC (`2020-02-07T05:12:00Z`).
    pub published_at: String,
    /// True for the sample content that shows how the site works.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
    /// The universities it passed the baton to (0 to 3 ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passes_to: Vec<String>,
    /// The university its own received the baton from, as the student said when they came
    /// by an invitation (`/submit/?u=…&from=…`). Absent from older store files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_from: Option<String>,
    /// Its photos, published under `photos/` beside the store's pages, each one string
    /// (see [`Photo`]). Absent when none.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::model::photo::read_photos"
    )]
    pub photos: Vec<Photo>,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// One baton pass: the one record of the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatonPass {
    /// The university that passed it.
    pub from: String,
    /// The university that received it.
    pub to: String,
    /// The deed that passed it.
    pub deed: u64,
    /// The day of that deed.
    pub date: Date,
}

impl Deed {
    /// The baton passes this deed records: those it makes (`passes_to`), and the one its
    /// university received (`received_from`, when it names another university), dated by
    /// this deed. A pass the giver's own deed also made is the same link in the relay,
    /// which keeps each pair once with its earliest pass.
    pub fn passes(&self) -> impl Iterator<Item = BatonPass> + '_ {
        let received = (self.received_from.as_ref())
            .filter(|from| **from != self.university)
            .map(|from| BatonPass {
                from: from.clone(),
                to: self.university.clone(),
                deed: self.id,
                date: self.done_on,
            });
        received
            .into_iter()
            .chain(self.passes_to.iter().map(|to| BatonPass {
                from: self.university.clone(),
                to: to.clone(),
                deed: self.id,
                date: self.done_on,
            }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deed(id: u64, university: &str, passes_to: &[&str], received_from: Option<&str>) -> Deed {
        Deed {
            id,
            university: university.into(),
            virtue: Virtue::Kindness,
            title: "Planted trees".into(),
            story: "We planted twenty trees in the yard.".into(),
            link: None,
            done_on: Date::parse("2020-03-01").unwrap(),
            author: None,
            lang: Lang::En,
            published_at: "2020-03-01T05:00:00Z".into(),
            illustrative: false,
            passes_to: passes_to.iter().map(|s| s.to_string()).collect(),
            received_from: received_from.map(str::to_string),
            photos: Vec::new(),
        }
    }

    fn pairs(deed: &Deed) -> Vec<(String, String, u64)> {
        deed.passes().map(|p| (p.from, p.to, p.deed)).collect()
    }

    #[test]
    fn a_deed_records_the_baton_it_received_and_those_it_passed() {
        let pair = |from: &str, to: &str, deed: u64| (from.to_string(), to.to_string(), deed);
        assert_eq!(
            pairs(&deed(7, "enu", &["nu"], Some("kaznu"))),
            vec![pair("kaznu", "enu", 7), pair("enu", "nu", 7)]
        );
        assert_eq!(
            deed(7, "enu", &[], Some("kaznu"))
                .passes()
                .next()
                .unwrap()
                .date,
            Date::parse("2020-03-01").unwrap()
        );
        // Received from itself (a tampered file): no pass.
        assert_eq!(pairs(&deed(7, "enu", &[], Some("enu"))), vec![]);
        assert_eq!(
            pairs(&deed(7, "enu", &["nu"], None)),
            vec![pair("enu", "nu", 7)]
        );
    }

    #[test]
    fn an_old_deed_without_received_from_still_parses_and_writes_none() {
        let json = r#"{"id":3,"university":"enu","virtue":"kindness","title":"t","story":"s",
            "done_on":"2020-03-01","lang":"en","published_at":"2020-03-01T05:00:00Z"}"#;
        let old: Deed = serde_json::from_str(json).unwrap();
        assert_eq!(old.received_from, None);
        assert!(
            !serde_json::to_string(&old)
                .unwrap()
                .contains("received_from")
        );
        let new = deed(3, "enu", &[], Some("kaznu"));
        let text = serde_json::to_string(&new).unwrap();
        assert!(text.contains(r#""received_from":"kaznu""#), "{text}");
        assert_eq!(serde_json::from_str::<Deed>(&text).unwrap(), new);
    }
}
