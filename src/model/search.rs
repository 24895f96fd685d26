//! Folding text for keyword search, the same way on both sides (the index and the query),
//! so a word typed without its special letters is still found: case is ignored, Kazakh
//! letters become their Russian look-alikes (ә→а, і→и, ң→н, ғ→г, ү→у, ұ→у, қ→к, ө→о,
//! һ→х), ё→е, and a Latin i typed for і counts as і.

//!
//! Lower-casing and telling letters and digits from the rest follow Unicode. In the web app
//! the browser's own tables do both (`toLowerCase`, and a `\p{Alphabetic}\p{N}` pattern),
//! so the download carries no Unicode tables of its own (about 7 KB brotli of the feed's
//! first load); natively, the standard library's (`to_lowercase`, `is_alphanumeric`, the
//! same two properties). tests/web.rs checks the browser's against the cases here.

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

/// `text` lower-cased by Unicode's rules.
fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(text).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    text.to_lowercase()
}

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
    lowercase(text)
        .chars()
        .filter(|&c| c != '\u{307}')
        .map(fold_lower)
        .collect()
}

/// The folded words of a text: runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    #[cfg(target_arch = "wasm32")]
    let words: Vec<String> = NOT_WORD.with(|pattern| {
        js_sys::JsString::from(folded.as_str())
            .split_by_pattern(pattern)
            .iter()
            .filter_map(|word| word.as_string())
            .filter(|word| !word.is_empty())
            .collect()
    });
    #[cfg(not(target_arch = "wasm32"))]
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    words
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// What separates words: anything but `char::is_alphanumeric`'s two properties.
    static NOT_WORD: js_sys::RegExp = js_sys::RegExp::new(r"[^\p{Alphabetic}\p{N}]+", "u");
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
