//! Keeps `document.title` in step with the page and the language.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// Sets the tab title to "`title` · Qayirimdy Qogam" (in the current language) while the
/// calling page is shown.
pub fn use_page_title(title: impl Fn() -> String + Send + Sync + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let text = format!("{} · {}", title(), t_string!(i18n, site.name));
        leptos::prelude::document().set_title(&text);
    });
}
