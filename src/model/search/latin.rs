//! Kazakh and Russian typed in Latin letters: the Cyrillic spellings a Latin query word may
//! stand for, folded as the index folds ([`super::fold`]), so "qaiyrymdy" finds
//! «қайырымды», "ğylym" finds «ғылым» and "pomoshch" finds «помощь».
//!
//! Two spellings meet here. The official Kazakh Latin alphabet of 2021 (A Ä B D E F G Ğ H
//! I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z: ы is y, і is ı, и and й are i, ш is ş, ң
//! is ñ, ғ is ğ, қ is q) and the informal way people type on a phone without those letters
//! (sh, ch, zh, kh, ts, shch, ya, yu, yo, gh, ng; y or i for й, ы and і; j for ж or й; w
//! for у). A letter that stands for several Cyrillic ones gives several spellings: every
//! combination is tried, up to [`MAX_SPELLINGS`]. The soft and hard signs (ь, ъ) are never
//! typed, and the fold drops them from the index too. A query word with any letter
//! outside these is not transliterated.

/// Spellings tried per query word at most; a word that would give more keeps the first.
pub const MAX_SPELLINGS: usize = 128;

/// Latin letters and letter groups, longest first, with the folded Cyrillic they stand for.
const RULES: &[(&str, &[&str])] = &[
    ("shch", &["щ"]),
    ("sh", &["ш", "щ"]),
    ("ch", &["ч"]),
    ("zh", &["ж"]),
    ("kh", &["х"]),
    ("gh", &["г"]),
    ("ts", &["ц"]),
    ("ya", &["я"]),
    ("ia", &["я"]),
    ("ja", &["я"]),
    ("yu", &["ю"]),
    ("iu", &["ю"]),
    ("ju", &["ю"]),
    ("yo", &["е"]),
    ("ye", &["е"]),
    ("ng", &["н"]),
    ("a", &["а"]),
    ("ä", &["а"]),
    ("b", &["б"]),
    ("c", &["ц", "к"]),
    ("ç", &["ч"]),
    ("d", &["д"]),
    ("e", &["е", "э"]),
    ("f", &["ф"]),
    ("g", &["г"]),
    ("ğ", &["г"]),
    ("h", &["х"]),
    ("ı", &["и", "ы"]),
    ("i", &["и", "ы", "й"]),
    ("j", &["ж", "й"]),
    ("k", &["к"]),
    ("l", &["л"]),
    ("m", &["м"]),
    ("n", &["н"]),
    ("ñ", &["н"]),
    ("o", &["о"]),
    ("ö", &["о"]),
    ("p", &["п"]),
    ("q", &["к"]),
    ("r", &["р"]),
    ("s", &["с"]),
    ("ş", &["ш"]),
    ("t", &["т"]),
    ("u", &["у"]),
    ("ū", &["у"]),
    ("ü", &["у"]),
    ("v", &["в"]),
    ("w", &["у", "в"]),
    ("x", &["кс", "х"]),
    ("y", &["ы", "й", "и"]),
    ("z", &["з"]),
];

/// Whether `word` (lower-cased) is written in the Latin letters above only.
pub fn is_latin(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| RULES.iter().any(|(latin, _)| latin.starts_with(c)))
}

/// The folded Cyrillic spellings `word` (lower-cased, Latin) may stand for, at most
/// [`MAX_SPELLINGS`]; none when it is not Latin.
pub fn spellings(word: &str) -> Vec<String> {
    let mut found = Vec::new();
    if is_latin(word) {
        spell(word, &mut String::new(), &mut found);
    }
    found
}

fn spell(rest: &str, done: &mut String, found: &mut Vec<String>) {
    if found.len() >= MAX_SPELLINGS {
        return;
    }
    if rest.is_empty() {
        if !found.contains(done) {
            found.push(done.clone());
        }
        return;
    }
    for (latin, cyrillic) in RULES {
        let Some(after) = rest.strip_prefix(latin) else {
            continue;
        };
        for letters in *cyrillic {
            let before = done.len();
            done.push_str(letters);
            spell(after, done, found);
            done.truncate(before);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::search::fold;

    /// Whether one of `latin`'s spellings is `cyrillic` folded (or begins it).
    fn finds(latin: &str, cyrillic: &str) -> bool {
        let target = fold(cyrillic);
        spellings(latin)
            .iter()
            .any(|spelling| target.starts_with(spelling.as_str()))
    }

    #[test]
    fn the_official_alphabet_of_2021_finds_kazakh_words() {
        for (latin, cyrillic) in [
            ("qaiyrymdy", "қайырымды"),
            ("ğylym", "ғылым"),
            ("qoğam", "қоғам"),
            ("ädılettılık", "әділеттілік"),
            ("adaldyq", "адалдық"),
            ("meiırımdılık", "мейірімділік"),
            ("şyndyq", "шындық"),
            ("tañ", "таң"),
            ("üiıne", "үйіне"),
            ("ūlttyq", "ұлттық"),
            ("jastar", "жастар"),
            ("almaty", "Алматы"),
        ] {
            assert!(finds(latin, cyrillic), "{latin} -> {cyrillic}");
        }
    }

    #[test]
    fn informal_spellings_find_kazakh_and_russian_words() {
        for (latin, cyrillic) in [
            ("qayirimdy", "қайырымды"),
            ("kaiyrymdy", "қайырымды"),
            ("jaksylyk", "жақсылық"),
            ("zhaksylyk", "жақсылық"),
            ("mektep", "мектеп"),
            ("kitaphana", "кітапхана"),
            ("pomoshch", "помощь"),
            ("pomosh", "помощь"),
            ("donor", "донор"),
            ("volontery", "волонтёры"),
            ("detyam", "детям"),
            ("dobro", "добро"),
            ("chestnost", "честность"),
            ("spravedlivost", "справедливость"),
            ("yuridicheskaya", "юридическая"),
            ("shkola", "школа"),
            ("tsvety", "цветы"),
            ("kazakhstan", "Казахстан"),
            ("sagan", "саған"),
        ] {
            assert!(finds(latin, cyrillic), "{latin} -> {cyrillic}");
        }
    }

    #[test]
    fn wrong_words_are_not_found() {
        assert!(!finds("donor", "дом"));
        assert!(!finds("pomoshch", "помещение"));
        assert!(!finds("qoğam", "когда"));
    }

    #[test]
    fn non_latin_and_overlong_words_are_bounded() {
        assert!(spellings("донор").is_empty());
        assert!(spellings("12345").is_empty());
        assert!(spellings("don0r").is_empty());
        assert!(spellings("äділ").is_empty(), "mixed scripts");
        assert!(spellings("").is_empty());
        let long = "iy".repeat(40);
        let found = spellings(&long);
        assert_eq!(found.len(), MAX_SPELLINGS);
        assert!(found.iter().all(|s| s.chars().count() <= 80));
    }
}
