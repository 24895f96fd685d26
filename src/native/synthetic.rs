//! Synthetic stores for benchmarks (`qq sample`): any number of universities and deeds,
//! with baton passes, deterministic and prefix-stable (deed `n` is the same whatever the
//! total), so "the store with one more deed" is a real next state. Never committed; the
//! committed sample is the hand-made one in `src/sample/`.

use crate::model::{CHALLENGE_START, Date, Deed, Lang, Names, University, Virtue};
use crate::native::publish::Source;

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same store, and
/// the same random test inputs (the map's tests use it too).
pub struct Mix(pub u64);

impl Mix {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (near enough for tests and samples).
    pub fn below(&mut self, n: u64) -> u64 {
        self.bits() % n.max(1)
    }

    /// Uniform in `low..high`.
    pub fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (self.bits() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }
}

/// The committed sample's deeds, whose words the synthetic deeds are made of.
const SAMPLE_DEEDS: &str = include_str!("../sample/deeds.jsonl");

/// The words of the sample's titles and stories in each language, as often as they occur
/// there: drawing from them gives the synthetic store a real vocabulary (about 5,800
/// distinct words in three languages) with real word frequencies.
fn vocabulary() -> [Vec<String>; 3] {
    let mut by_lang: [Vec<String>; 3] = Default::default();
    for line in SAMPLE_DEEDS.lines().filter(|line| !line.trim().is_empty()) {
        let Ok(deed) = serde_json::from_str::<Deed>(line) else {
            continue;
        };
        let at = Lang::ALL
            .iter()
            .position(|&lang| lang == deed.lang)
            .unwrap_or(0);
        let text = format!("{} {}", deed.title, deed.story);
        by_lang[at].extend(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(str::to_lowercase),
        );
    }
    by_lang
}

/// The word every other synthetic deed has, for the search benchmark's common word.
pub const COMMON_WORD: &str = "донор";

fn names(text: &str) -> Names {
    Names {
        kk: text.to_string(),
        ru: text.to_string(),
        en: text.to_string(),
    }
}

/// `universities` universities spread over Kazakhstan and abroad, and `deeds` deeds from
/// 2020-02-06 on, a quarter of them passing the baton. Each deed's text is drawn from the
/// sample's words in its language ([`vocabulary`]); its title ends with its number (a
/// word no other deed has) and about half the stories have [`COMMON_WORD`].
pub fn synthetic_source(universities: usize, deeds: usize) -> Source {
    let universities = universities.max(1);
    let list: Vec<University> = (0..universities)
        .map(|i| {
            let mut mix = Mix(i as u64);
            let (country, lat, lon) = match i % 10 {
                0..=5 => (
                    "KZ",
                    41.0 + mix.below(1200) as f64 / 100.0,
                    50.0 + mix.below(3500) as f64 / 100.0,
                ),
                6 | 7 => (
                    "RU",
                    45.0 + mix.below(1500) as f64 / 100.0,
                    30.0 + mix.below(6000) as f64 / 100.0,
                ),
                8 => (
                    "UZ",
                    38.0 + mix.below(500) as f64 / 100.0,
                    60.0 + mix.below(1000) as f64 / 100.0,
                ),
                _ => (
                    "DE",
                    47.0 + mix.below(800) as f64 / 100.0,
                    6.0 + mix.below(900) as f64 / 100.0,
                ),
            };
            University {
                id: format!("u{i}"),
                short: names(&format!("U{i}")),
                name: names(&format!("University number {i}")),
                city: names(&format!("City {}", i % 97)),
                country: country.to_string(),
                lat,
                lon,
            }
        })
        .collect();
    let start = CHALLENGE_START.days_since_epoch();
    let vocabulary = vocabulary();
    let deeds = (0..deeds)
        .map(|i| {
            let mut mix = Mix(0xD33D_0000 + i as u64);
            // About 24 deeds a day, in order.
            let day = Date::from_days_since_epoch(start + (i / 24) as i64);
            let university = format!("u{}", mix.below(universities as u64));
            let lang = Lang::ALL[mix.below(3) as usize];
            let words = &vocabulary[Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0)];
            let mut draw = |n: u64| -> Vec<&str> {
                (0..n)
                    .map(|_| words[mix.below(words.len() as u64) as usize].as_str())
                    .collect()
            };
            let title_words = draw(2 + i as u64 % 4);
            let mut story = draw(25 + i as u64 % 40);
            if mix.below(2) == 0 {
                let at = mix.below(story.len() as u64) as usize;
                story.insert(at, COMMON_WORD);
            }
            let passes_to = if universities > 1 && mix.below(4) == 0 {
                let to = format!("u{}", mix.below(universities as u64));
                if to == university { vec![] } else { vec![to] }
            } else {
                vec![]
            };
            Deed {
                id: i as u64 + 1,
                university,
                virtue: Virtue::ALL[mix.below(4) as usize],
                title: format!("{} {}", capitalised(&title_words.join(" ")), i + 1),
                story: format!("{}.", capitalised(&story.join(" "))),
                link: (mix.below(3) == 0).then(|| format!("https://example.org/post/{i}")),
                done_on: day,
                author: None,
                lang,
                published_at: format!("{day}T{:02}:{:02}:00Z", (i % 24), (i / 24) % 60),
                illustrative: true,
                passes_to,
                received_from: None,
                photos: Vec::new(),
            }
        })
        .collect();
    Source {
        universities: list,
        deeds,
    }
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{COMMON_WORD, synthetic_source};
    use crate::native::publish::build_store;

    #[test]
    fn one_more_deed_extends_the_same_store() {
        let small = synthetic_source(30, 200);
        let large = synthetic_source(30, 201);
        assert_eq!(small.deeds[..], large.deeds[..200]);
        assert_eq!(small.universities, large.universities);
        assert!(large.deeds.iter().any(|d| !d.passes_to.is_empty()));
        let common = (large.deeds.iter())
            .filter(|d| d.story.contains(COMMON_WORD))
            .count();
        assert!(
            (80..=120).contains(&common),
            "{common} of 201 have the common word"
        );
        let distinct: std::collections::BTreeSet<&str> = (large.deeds.iter())
            .flat_map(|d| d.story.split(' '))
            .collect();
        assert!(distinct.len() > 2000, "{} distinct words", distinct.len());
        for deed in &large.deeds {
            assert!(
                deed.title.ends_with(&format!(" {}", deed.id)),
                "{}",
                deed.title
            );
        }
        assert!(
            build_store(&large)
                .unwrap()
                .contains_key("data/v1/all/4.json")
        );
    }
}
