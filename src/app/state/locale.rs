//! The reader's language: Kazakh, Russian or English.
//!
//! A language the reader chose is kept in localStorage and wins on the next visit; without
//! one, leptos_i18n picks the first of `navigator.languages` that we have, else Kazakh. An
//! unknown stored value is ignored, so the default applies. `<html lang>` follows the
//! current language, for screen readers, hyphenation and fonts.

use leptos::prelude::*;
use leptos_i18n::{I18nContext, Locale as _};

use crate::i18n::Locale;

/// The localStorage key holding the chosen language.
pub const STORAGE_KEY: &str = "qq.locale";

/// The locale a stored value names, if it names one of ours.
pub fn parse_stored_locale(stored: &str) -> Option<Locale> {
    Locale::get_all()
        .iter()
        .copied()
        .find(|locale| locale.as_str() == stored.trim())
}

/// Creates the translation context, starting from the stored choice if there is one, and
/// shares it (`crate::i18n::use_i18n` reads it). Call once, at the top of the app.
pub fn provide_locale_context() -> I18nContext<Locale> {
    let stored = read_stored().as_deref().and_then(parse_stored_locale);
    // The "subcontext" constructor is the one that takes an initial locale; with no parent
    // context it resolves like a root context: stored choice, else the browser's languages.
    #[cfg(target_arch = "wasm32")]
    let i18n = leptos_i18n::context::init_i18n_subcontext::<Locale>(stored.map(Signal::stored));
    // Natively the publisher names the language of each render: there is no request whose
    // Accept-Language leptos_i18n could read.
    #[cfg(not(target_arch = "wasm32"))]
    let i18n = leptos_i18n::context::init_i18n_subcontext_with_options::<Locale>(
        stored.map(Signal::stored),
        None,
        None,
        Some(leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| None)),
    );
    provide_context(i18n);
    Effect::new(move |_| {
        let lang = i18n.get_locale().as_str();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang);
        }
    });
    i18n
}

/// Switches to `locale` and remembers the choice. Takes the context because event handlers
/// run outside the component tree.
pub fn choose_locale(i18n: I18nContext<Locale>, locale: Locale) {
    i18n.set_locale(locale);
    write_stored(locale.as_str());
}

#[cfg(target_arch = "wasm32")]
fn read_stored() -> Option<String> {
    crate::app::state::storage::local()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
}

#[cfg(target_arch = "wasm32")]
fn write_stored(value: &str) {
    if let Some(storage) = crate::app::state::storage::local() {
        let _ = storage.set_item(STORAGE_KEY, value);
    }
}

/// Natively, the language of the page being rendered.
#[cfg(not(target_arch = "wasm32"))]
fn read_stored() -> Option<String> {
    crate::app::rendering::current().map(|page| page.locale)
}

#[cfg(not(target_arch = "wasm32"))]
fn write_stored(_value: &str) {}

#[cfg(test)]
mod tests {
    use super::parse_stored_locale;
    use crate::i18n::Locale;

    #[test]
    fn known_locales_are_read_back() {
        assert_eq!(parse_stored_locale("kk"), Some(Locale::kk));
        assert_eq!(parse_stored_locale("ru"), Some(Locale::ru));
        assert_eq!(parse_stored_locale(" en "), Some(Locale::en));
    }

    #[test]
    fn an_unknown_stored_language_falls_back_to_the_default() {
        assert_eq!(parse_stored_locale("de"), None);
        assert_eq!(parse_stored_locale(""), None);
        assert_eq!(parse_stored_locale("KK-kz<script>"), None);
    }
}
