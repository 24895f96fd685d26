//! The site header: the #AlFarabiQQ identity, the top navigation on wide screens and the
//! language switcher; and the moderators' page's lighter one, without the navigation.

use crate::app::base_path::{href, link_rel};
use leptos::prelude::*;

use crate::app::components::{language_switcher::LanguageSwitcher, nav::NavLinks};
use crate::i18n::{t_string, use_i18n};
use crate::model::HASHTAG;

/// The header shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a href=href("/") rel=link_rel("/") class="brand">
                <svg class="brand__mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
                    <rect width="64" height="64" rx="14" />
                    <circle cx="32" cy="32" r="13" />
                    <path d="M32 8v9M32 47v9M8 32h9M47 32h9" />
                </svg>
                <span class="brand__text">
                    <span class="brand__tag">{HASHTAG}</span>
                    <span class="brand__name">{move || t_string!(i18n, site.name)}</span>
                </span>
            </a>
            <NavLinks class="top-nav" />
            <LanguageSwitcher />
        </header>
    }
}

/// The moderators' page's header: the identity, which leads back to the public site, and
/// the language switcher; no navigation, since the page is no part of the public tour.
#[component]
pub fn ModerateHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a href=href("/") rel=link_rel("/") class="brand">
                <svg class="brand__mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
                    <rect width="64" height="64" rx="14" />
                    <circle cx="32" cy="32" r="13" />
                    <path d="M32 8v9M32 47v9M8 32h9M47 32h9" />
                </svg>
                <span class="brand__text">
                    <span class="brand__tag">{HASHTAG}</span>
                    <span class="brand__name">{move || t_string!(i18n, site.name)}</span>
                </span>
            </a>
            <LanguageSwitcher />
        </header>
    }
}
