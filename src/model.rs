//! The shared model: the types and rules of the relay, used by the web app and by the
//! native inbox alike, so a rule is written once. Plain Rust and serde only: no web-sys,
//! nothing that needs a browser.

mod date;
mod deed;
pub mod feed;
pub mod filter_counts;
pub mod geo;
pub mod markup;
pub mod moderation;
pub mod photo;
pub mod plural;
pub mod relay;
pub mod rules;
pub mod search;
pub mod search_index;
pub mod store;
pub mod submission;
pub mod unicode;
mod university;

pub use date::{CHALLENGE_START, Date, DateError, KAZAKHSTAN_OFFSET_SECONDS};
pub use deed::{BatonPass, Deed, Lang};
pub use university::{Names, Region, University};

use serde::{Deserialize, Serialize};

/// Version of the published data's schema; readers refuse a store of another version.
pub const SCHEMA_VERSION: u32 = 1;

/// The hashtag every deed is posted with.
pub const HASHTAG: &str = "#AlFarabiQQ";

/// Al-Farabi's four virtues, which every deed serves one of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Virtue {
    /// Kindness: мейірімділік, доброта.
    Kindness,
    /// Decency: әдептілік, порядочность.
    Decency,
    /// Honesty: адалдық, честность.
    Honesty,
    /// Justice: әділдік, справедливость.
    Justice,
}

impl Virtue {
    /// All four, in the order the challenge names them.
    pub const ALL: [Virtue; 4] = [
        Virtue::Kindness,
        Virtue::Decency,
        Virtue::Honesty,
        Virtue::Justice,
    ];

    /// The stable id used in data files and URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Virtue::Kindness => "kindness",
            Virtue::Decency => "decency",
            Virtue::Honesty => "honesty",
            Virtue::Justice => "justice",
        }
    }

    /// The virtue a slug names.
    pub fn from_slug(slug: &str) -> Option<Virtue> {
        Virtue::ALL.into_iter().find(|virtue| virtue.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::Virtue;

    #[test]
    fn virtue_slugs_match_their_json_form() {
        for virtue in Virtue::ALL {
            let json = serde_json::to_string(&virtue).expect("a unit variant serialises");
            assert_eq!(json, format!("\"{}\"", virtue.slug()));
        }
    }
}
