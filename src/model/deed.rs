//! A good deed as published, and the baton passes it makes.

use serde::{Deserialize, Serialize};

use crate::model::{Date, Virtue};

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
    /// The baton passes this deed makes.
    pub fn passes(&self) -> impl Iterator<Item = BatonPass> + '_ {
        self.passes_to.iter().map(|to| BatonPass {
            from: self.university.clone(),
            to: to.clone(),
            deed: self.id,
            date: self.done_on,
        })
    }
}
