//! Universities of the relay and where they are: Kazakhstan, the near abroad (the other
//! post-Soviet states) or the far abroad.

use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// A text in each of the site's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl Names {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// The three texts, in the site's order (kk, ru, en).
    pub fn all(&self) -> [&String; 3] {
        [&self.kk, &self.ru, &self.en]
    }
}

/// A participating university.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct University {
    /// Stable slug, used in URLs (`/u/kaznu`) and data files.
    pub id: String,
    /// A short name for cards and map labels (КазНУ, KazNU).
    pub short: Names,
    /// The full name.
    pub name: Names,
    /// The city it is in.
    pub city: Names,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
    /// Latitude in degrees, north positive.
    pub lat: f64,
    /// Longitude in degrees, east positive.
    pub lon: f64,
}

/// How far from home a university is, as the challenge counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// Kazakhstan.
    Kz,
    /// The other post-Soviet states.
    Near,
    /// Everywhere else.
    Far,
}

/// The post-Soviet states other than Kazakhstan.
const NEAR_ABROAD: [&str; 14] = [
    "AM", "AZ", "BY", "EE", "GE", "KG", "LT", "LV", "MD", "RU", "TJ", "TM", "UA", "UZ",
];

impl Region {
    /// All regions, nearest first.
    pub const ALL: [Region; 3] = [Region::Kz, Region::Near, Region::Far];

    /// The region of an ISO country code.
    pub fn of_country(country: &str) -> Region {
        if country.eq_ignore_ascii_case("KZ") {
            Region::Kz
        } else if NEAR_ABROAD.iter().any(|c| c.eq_ignore_ascii_case(country)) {
            Region::Near
        } else {
            Region::Far
        }
    }

    /// The stable id used in data files and URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Region::Kz => "kz",
            Region::Near => "near",
            Region::Far => "far",
        }
    }

    /// The region a slug names.
    pub fn from_slug(slug: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|region| region.slug() == slug)
    }
}

impl University {
    /// Every name it goes by, in every language: its short and full names, and with
    /// `with_city` its city's, for search and for matching what a student types.
    pub fn names(&self, with_city: bool) -> impl Iterator<Item = &String> {
        let city = with_city.then_some(&self.city);
        [Some(&self.short), Some(&self.name), city]
            .into_iter()
            .flatten()
            .flat_map(Names::all)
    }

    /// Where the university is, as the challenge counts it.
    pub fn region(&self) -> Region {
        Region::of_country(&self.country)
    }

    /// Whether the coordinates can be drawn on a map.
    pub fn has_valid_coordinates(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

#[cfg(test)]
mod tests {
    use super::Region;

    #[test]
    fn regions_follow_the_challenge() {
        assert_eq!(Region::of_country("KZ"), Region::Kz);
        for near in ["KG", "UZ", "RU", "TJ", "by"] {
            assert_eq!(Region::of_country(near), Region::Near, "{near}");
        }
        for far in ["TR", "DE", "KR", "US", "CN"] {
            assert_eq!(Region::of_country(far), Region::Far, "{far}");
        }
    }

    #[test]
    fn region_slugs_round_trip() {
        for region in Region::ALL {
            assert_eq!(Region::from_slug(region.slug()), Some(region));
        }
        assert_eq!(Region::from_slug("mars"), None);
    }
}
