//! The site's sections, in one list, so the top navigation and the tab bar agree.

use crate::app::base_path::{CurrentRoute, href, link_rel};
use leptos::prelude::*;

use crate::app::components::icons::Icon;
use leptos_i18n::I18nContext;

use crate::i18n::{Locale, t_string, use_i18n};

/// One entry of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Feed,
    Map,
    Relay,
    Submit,
    About,
}

impl Section {
    /// The sections in the order they are shown.
    pub const ALL: [Section; 5] = [
        Section::Feed,
        Section::Map,
        Section::Relay,
        Section::Submit,
        Section::About,
    ];

    /// The route, relative to the site's base.
    pub fn path(self) -> &'static str {
        match self {
            Section::Feed => "/",
            Section::Map => "/map",
            Section::Relay => "/relay",
            Section::Submit => "/submit",
            Section::About => "/about",
        }
    }

    /// The translated name.
    pub fn label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Section::Feed => t_string!(i18n, nav.feed).to_string(),
            Section::Map => t_string!(i18n, nav.map).to_string(),
            Section::Relay => t_string!(i18n, nav.relay).to_string(),
            Section::Submit => t_string!(i18n, nav.submit).to_string(),
            Section::About => t_string!(i18n, nav.about).to_string(),
        }
    }

    fn icon(self) -> Icon {
        match self {
            Section::Feed => Icon::Feed,
            Section::Map => Icon::Map,
            Section::Relay => Icon::Relay,
            Section::Submit => Icon::Add,
            Section::About => Icon::Info,
        }
    }
}

/// The main navigation: the same links as a top bar on wide screens (`class="top-nav"`)
/// and as a bottom tab bar on phones (`class="tab-bar"`). CSS shows one of the two.
#[component]
pub fn NavLinks(
    /// The CSS block name: `top-nav` or `tab-bar`.
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let route = expect_context::<CurrentRoute>();
    view! {
        <nav class=class aria-label=move || t_string!(i18n, shell.main_nav)>
            <ul class=format!("{class}__list")>
                {Section::ALL
                    .into_iter()
                    .map(|section| {
                        view! {
                            <li class=format!("{class}__item")>
                                <a
                                    href=href(section.path())
                                    rel=link_rel(section.path())
                                    class=format!("{class}__link")
                                    aria-current=move || route.is(section.path()).then_some("page")
                                >
                                    {section.icon().view()}
                                    <span class=format!("{class}__label")>
                                        {move || section.label(i18n)}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
