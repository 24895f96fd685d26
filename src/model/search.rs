//! Folding text for keyword search, the same way on both sides (the index and the query),
//! so a word typed without its special letters is still found: case is ignored, Kazakh
//! letters become their Russian look-alikes (ә→а, і→и, ң→н, ғ→г, ү→у, ұ→у, қ→к, ө→о,
//! һ→х), ё→е, and a Latin i typed for і counts as і.

/// One character, folded. Lower-cases first.
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
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

/// The whole text, folded.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The folded words of a text: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(fold)
}

/// Whether every word of `query` starts some word of `text` (both folded).
pub fn matches(query: &str, text: &str) -> bool {
    let haystack: Vec<String> = words(text).collect();
    words(query).all(|needle| haystack.iter().any(|word| word.starts_with(&needle)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_fold_to_their_look_alikes() {
        assert_eq!(fold("Әділдік"), "адилдик");
        assert_eq!(fold("ҚОҒАМ"), "когам");
        assert_eq!(fold("Өңір Һәм Үміт Ұлт"), "онир хам умит улт");
        assert_eq!(fold("Ёлка"), "елка");
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
    }

    #[test]
    fn every_query_word_must_match() {
        let text = "Free legal advice in Almaty";
        assert!(matches("legal alm", text));
        assert!(!matches("legal astana", text));
        assert!(matches("", text));
    }
}
