//! Folding text for keyword search, the same way on both sides (the index and the query),
//! so a word typed without its special letters is still found: case is ignored, Kazakh
//! letters become their Russian look-alikes (ә→а, і→и, ң→н, ғ→г, ү→у, ұ→у, қ→к, ө→о,
//! һ→х), ё→е, and a Latin i typed for і counts as і.
//!
//! Lower-casing and telling letters and digits from the rest follow Unicode, through
//! [`crate::model::unicode`]: the browser's tables in the web app, the standard library's
//! natively.

use crate::model::unicode::tables;

/// Texts and their folded forms, checked natively here and in the browser (tests/web.rs).
pub const FOLD_EXAMPLES: [(&str, &str); 7] = [
    ("Әділдік", "адилдик"),
    ("ҚОҒАМ", "когам"),
    ("Өңір Һәм Үміт Ұлт", "онир хам умит улт"),
    ("Ёлка", "елка"),
    ("ІЗГІ ІС, Igi Is", "изги ис, иgи иs"),
    ("İstanbul Üniversitesi ÇAĞ", "иstanbul ünиversиtesи çağ"),
    ("ΑΓΑΘΟΣ Добро", "αγαθος добро"),
];

/// One lower-case character, folded.
fn fold_lower(c: char) -> char {
    match c {
        'ә' => 'а',
        'і' | 'i' => 'и',
        'ң' => 'н',
        'ғ' => 'г',
        'ү' | 'ұ' => 'у',
        'қ' => 'к',
        'ө' => 'о',
        'һ' => 'х',
        'ё' => 'е',
        other => other,
    }
}

/// The whole text, folded. The dot above that lower-casing leaves on a Turkish İ is
/// dropped, so "İstanbul" is found as "istanbul".
pub fn fold(text: &str) -> String {
    tables()
        .lowercase(text)
        .chars()
        .filter(|&c| c != '\u{307}')
        .map(fold_lower)
        .collect()
}

/// The folded words of a text: runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    tables().words(&fold(text))
}

/// Whether every word of `query` starts some word of `text` (both folded).
pub fn matches(query: &str, text: &str) -> bool {
    let haystack = words(text);
    words(query).iter().all(|needle| {
        haystack
            .iter()
            .any(|word| word.starts_with(needle.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_fold_to_their_look_alikes() {
        for (text, folded) in FOLD_EXAMPLES {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn a_word_typed_without_its_special_letters_is_found() {
        let title = "Қарттар үйіне қонаққа бардық";
        assert!(matches("карттар", title));
        assert!(matches("уйине", title));
        assert!(matches("Қарт", title));
        // "уйiне" with a Latin i typed for the Kazakh і.
        assert!(matches("\u{443}\u{439}i\u{43d}\u{435}", title));
        assert!(!matches("мектеп", title));
        assert!(matches("istanbul", "İstanbul Üniversitesi"));
        assert_eq!(
            words("«Игі іс» — 2020-ж., №5: qayirimdy_qogam!"),
            ["иги", "ис", "2020", "ж", "5", "qayиrиmdy", "qogam"]
        );
    }

    #[test]
    fn every_query_word_must_match() {
        let text = "Free legal advice in Almaty";
        assert!(matches("legal alm", text));
        assert!(!matches("legal astana", text));
        assert!(matches("", text));
    }
}
