//! A deed's virtue as a coloured, translated badge.

use leptos::prelude::*;

use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::Virtue;

/// The translated name of a virtue.
pub fn virtue_name(i18n: leptos_i18n::I18nContext<Locale>, virtue: Virtue) -> &'static str {
    match virtue {
        Virtue::Kindness => t_string!(i18n, virtue.kindness.name),
        Virtue::Decency => t_string!(i18n, virtue.decency.name),
        Virtue::Honesty => t_string!(i18n, virtue.honesty.name),
        Virtue::Justice => t_string!(i18n, virtue.justice.name),
    }
}

/// The badge.
#[component]
pub fn VirtueBadge(
    /// The virtue shown.
    virtue: Virtue,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge--{}", virtue.slug())>
            {move || virtue_name(i18n, virtue)}
        </span>
    }
}
