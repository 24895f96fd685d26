//! Folding text for keyword search, the same way on both sides (the index and the query),
//! so a word typed without its special letters is still found: case is ignored, Kazakh
//! letters become their Russian look-alikes (ә→а, і→и, ң→н, ғ→г, ү→у, ұ→у, қ→к, ө→о,
//! һ→х), ё→е, the soft and hard signs (ь, ъ) are dropped, and a Latin i typed for і counts
//! as і.
//!
//! A query word of [`PREFIX_FROM`] letters or more finds every word it begins ("донор"
//! finds «донорлар»); a shorter one finds only itself, so two letters typed do not ask for
//! half the index. A query word in Latin letters also finds the Kazakh or Russian words it
//! may spell ([`latin`]).
//!
//! Lower-casing and telling letters and digits from the rest follow Unicode, through
//! [`crate::model::unicode`]: the browser's tables in the web app, the standard library's
//! natively.

pub mod latin;

use crate::model::unicode::tables;

/// Texts and their folded forms, checked natively here and in the browser (tests/web.rs).
pub const FOLD_EXAMPLES: [(&str, &str); 8] = [
    ("Әділдік", "адилдик"),
    ("ҚОҒАМ", "когам"),
    ("Өңір Һәм Үміт Ұлт", "онир хам умит улт"),
    ("Ёлка", "елка"),
    ("ІЗГІ ІС, Igi Is", "изги ис, иgи иs"),
    ("İstanbul Üniversitesi ÇAĞ", "иstanbul ünиversиtesи çağ"),
    ("ΑΓΑΘΟΣ Добро", "αγαθος добро"),
    ("Помощь подъезду", "помощ подезду"),
];

/// Query words of at least this many letters find the words they begin.
pub const PREFIX_FROM: usize = 3;
/// The longest word the index keeps, in letters: a longer query word finds nothing.
pub const MAX_WORD_CHARS: usize = 40;
/// Query words looked up in the index at most; the deeds found are checked against the
/// rest (see [`Query::checked_on_deeds`]).
pub const MAX_QUERY_WORDS: usize = 8;

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

/// Letters the fold drops: the soft and hard signs, which nobody types in Latin letters.
fn dropped(c: char) -> bool {
    matches!(c, 'ь' | 'ъ' | '\u{307}')
}

/// The whole text, folded. The dot above that lower-casing leaves on a Turkish İ is
/// dropped, so "İstanbul" is found as "istanbul".
pub fn fold(text: &str) -> String {
    fold_lowercase(&tables().lowercase(text))
}

fn fold_lowercase(lower: &str) -> String {
    lower
        .chars()
        .filter(|&c| !dropped(c))
        .map(fold_lower)
        .collect()
}

/// The folded words of a text: runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    tables().words(&fold(text))
}

/// One word of a query: the folded forms it may stand for (itself, and the Cyrillic words
/// it spells when typed in Latin letters) and whether they find the words they begin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Folded, the word as typed first.
    pub forms: Vec<String>,
    /// Whether a form finds every word it begins, or only itself.
    pub prefix: bool,
}

impl QueryWord {
    fn new(lower: &str) -> QueryWord {
        let mut forms = vec![fold_lowercase(lower)];
        for spelling in latin::spellings(lower) {
            if !forms.contains(&spelling) {
                forms.push(spelling);
            }
        }
        QueryWord {
            forms,
            prefix: lower.chars().count() >= PREFIX_FROM,
        }
    }

    /// Whether this query word finds the (folded) word `word`.
    pub fn finds(&self, word: &str) -> bool {
        self.forms.iter().any(|form| {
            if self.prefix {
                word.starts_with(form.as_str())
            } else {
                word == form
            }
        })
    }
}

/// What a search box's text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Nothing typed (or only spaces): no search.
    Empty,
    /// Text no deed can match: no letter or digit at all (punctuation, emoji), or a word
    /// longer than any indexed one. Found at once, without a request.
    Nothing,
    /// Deeds that have every one of these words.
    Words(Vec<QueryWord>),
}

impl Query {
    /// Reads a search box's text.
    pub fn parse(text: &str) -> Query {
        if text.trim().is_empty() {
            return Query::Empty;
        }
        let lower = tables().lowercase(text);
        let mut words: Vec<QueryWord> = Vec::new();
        for word in tables().words(&lower) {
            if word.chars().count() > MAX_WORD_CHARS {
                return Query::Nothing;
            }
            let word = QueryWord::new(&word);
            if word.forms[0].is_empty() {
                continue; // only signs the fold drops
            }
            if !words.contains(&word) {
                words.push(word);
            }
        }
        if words.is_empty() {
            Query::Nothing
        } else {
            Query::Words(words)
        }
    }

    /// The words looked up in the index: the first [`MAX_QUERY_WORDS`].
    pub fn indexed(&self) -> &[QueryWord] {
        match self {
            Query::Words(words) => &words[..words.len().min(MAX_QUERY_WORDS)],
            _ => &[],
        }
    }

    /// Whether the index cannot answer alone: more words than it looks up, so the deeds
    /// it finds are checked against the text.
    pub fn checked_on_deeds(&self) -> bool {
        matches!(self, Query::Words(words) if words.len() > MAX_QUERY_WORDS)
    }
}

/// Whether `text` has every word of `query`, by the same rules as the index. An empty
/// query matches everything; a query that can match nothing matches nothing.
pub fn matches(query: &str, text: &str) -> bool {
    match Query::parse(query) {
        Query::Empty => true,
        Query::Nothing => false,
        Query::Words(needles) => {
            let haystack = words(text);
            needles
                .iter()
                .all(|needle| haystack.iter().any(|word| needle.finds(word)))
        }
    }
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
        assert!(
            !matches("ка", title),
            "two letters find only a word of two letters"
        );
        assert!(matches("ка", "Ка Ли"));
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
        assert!(matches("  ", text));
    }

    #[test]
    fn text_without_words_or_with_an_overlong_word_finds_nothing() {
        assert_eq!(Query::parse("   "), Query::Empty);
        assert_eq!(Query::parse("!!! — ... ???"), Query::Nothing);
        assert_eq!(Query::parse("🙂🙂 🎉"), Query::Nothing);
        assert_eq!(
            Query::parse(&"а".repeat(MAX_WORD_CHARS + 1)),
            Query::Nothing
        );
        assert!(!matches("🙂", "🙂 smile"));
        let long = "слово ".repeat(100);
        let query = Query::parse(&long);
        assert_eq!(
            query.indexed().len(),
            1,
            "a repeated word is looked up once"
        );
        assert!(!query.checked_on_deeds());
        let many: String = (0..20).map(|i| format!("w{i} ")).collect();
        let query = Query::parse(&many);
        assert_eq!(query.indexed().len(), MAX_QUERY_WORDS);
        assert!(query.checked_on_deeds());
    }

    #[test]
    fn latin_letters_find_kazakh_and_russian_words() {
        assert!(matches("qaiyrymdy", "Қайырымды қоғам"));
        assert!(matches("qayirimdy qogam", "Қайырымды қоғам"));
        assert!(matches("donor", "Сдали кровь, доноры помогли"));
        assert!(matches("krov", "Сдали кровь"));
        assert!(
            matches("legal", "Free legal advice"),
            "English stays English"
        );
        assert!(!matches("qaiyrymdy", "Қарттар үйі"));
    }
}
