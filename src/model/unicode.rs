//! The Unicode services the model's rules and search need: lower-casing, splitting a text
//! into its words (runs of letters and digits), and telling whether a text has a letter
//! or digit at all.
//!
//! Both sides follow Unicode, from different tables. Natively the standard library's
//! ([`Std`], the default). In the web app, the browser's own (`toLowerCase` and a
//! `\p{Alphabetic}\p{N}` pattern), which the page has already: carrying Rust's tables
//! would add about 7 KB brotli to every app that searches or checks a form. The app
//! installs its implementation when it starts (`crate::app::text::install`); this module
//! only declares what is needed, so the model names no browser crate. tests/web.rs holds
//! the browser's answers to the native ones.

use std::sync::OnceLock;

/// What the model asks of Unicode.
pub trait Unicode: Sync {
    /// `text` lower-cased by Unicode's rules.
    fn lowercase(&self, text: &str) -> String;
    /// The runs of letters and digits (Unicode's Alphabetic and Number) of `text`.
    fn words(&self, text: &str) -> Vec<String>;
    /// Whether `text` has a letter or digit.
    fn has_letter_or_digit(&self, text: &str) -> bool;
}

static INSTALLED: OnceLock<&'static dyn Unicode> = OnceLock::new();

/// Makes `tables` the model's Unicode for the rest of the program (the first call wins).
pub fn install(tables: &'static dyn Unicode) {
    let _ = INSTALLED.set(tables);
}

/// The installed Unicode: natively the standard library's unless another was installed.
pub fn tables() -> &'static dyn Unicode {
    #[cfg(not(target_arch = "wasm32"))]
    {
        *INSTALLED.get_or_init(|| &Std)
    }
    #[cfg(target_arch = "wasm32")]
    {
        *INSTALLED
            .get()
            .expect("the web app installs the browser's Unicode tables as it starts")
    }
}

/// The standard library's tables.
#[cfg(not(target_arch = "wasm32"))]
pub struct Std;

#[cfg(not(target_arch = "wasm32"))]
impl Unicode for Std {
    fn lowercase(&self, text: &str) -> String {
        text.to_lowercase()
    }

    fn words(&self, text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn has_letter_or_digit(&self, text: &str) -> bool {
        text.chars().any(char::is_alphanumeric)
    }
}
