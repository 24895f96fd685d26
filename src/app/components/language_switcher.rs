//! Kazakh / Russian / English, one tap away on every page.

use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::app::state::locale::choose_locale;
use crate::i18n::{Locale, t_string, use_i18n};

/// Three buttons, each naming its language in that language (a short code, with the full
/// name as its description); the current one is pressed.
/// A choice switches every text at once, updates `<html lang>` and is remembered.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, shell.language)>
            {Locale::get_all()
                .iter()
                .copied()
                .map(|locale| {
                    let (short, long) = match locale {
                        Locale::kk => (
                            t_string!(i18n, lang.kk_short),
                            t_string!(i18n, lang.kk),
                        ),
                        Locale::ru => (
                            t_string!(i18n, lang.ru_short),
                            t_string!(i18n, lang.ru),
                        ),
                        Locale::en => (
                            t_string!(i18n, lang.en_short),
                            t_string!(i18n, lang.en),
                        ),
                    };
                    view! {
                        <button
                            type="button"
                            class="lang-switch__button"
                            lang=locale.as_str()
                            aria-pressed=move || (i18n.get_locale() == locale).to_string()
                            title=long.to_string()
                            data-locale=locale.as_str()
                            on:click=move |_| choose_locale(i18n, locale)
                        >
                            {short.to_string()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
