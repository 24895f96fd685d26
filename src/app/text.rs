//! The browser's Unicode tables for the model ([`crate::model::unicode`]): lower-casing
//! with `toLowerCase`, words and letters with a `\p{Alphabetic}\p{N}` pattern. The page has
//! these tables already; Rust's own would add about 7 KB brotli to each app. Natively
//! (tests, rendering pages) the model keeps the standard library's.

/// Installs the browser's tables as the model's Unicode; every app does so as it starts.
pub fn install() {
    #[cfg(target_arch = "wasm32")]
    crate::model::unicode::install(&browser::Browser);
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use crate::model::unicode::Unicode;

    /// The browser's tables, through JavaScript's strings and regular expressions.
    pub struct Browser;

    thread_local! {
        /// What separates words: anything but the letters and digits `char::is_alphanumeric`
        /// knows, by the same two Unicode properties.
        static NOT_WORD: js_sys::RegExp = js_sys::RegExp::new(r"[^\p{Alphabetic}\p{N}]+", "u");
        /// One letter or digit.
        static WORD_CHAR: js_sys::RegExp = js_sys::RegExp::new(r"[\p{Alphabetic}\p{N}]", "u");
    }

    impl Unicode for Browser {
        fn lowercase(&self, text: &str) -> String {
            js_sys::JsString::from(text).to_lower_case().into()
        }

        fn words(&self, text: &str) -> Vec<String> {
            NOT_WORD.with(|pattern| {
                js_sys::JsString::from(text)
                    .split_by_pattern(pattern)
                    .iter()
                    .filter_map(|word| word.as_string())
                    .filter(|word| !word.is_empty())
                    .collect()
            })
        }

        fn has_letter_or_digit(&self, text: &str) -> bool {
            WORD_CHAR.with(|pattern| pattern.test(text))
        }
    }
}
