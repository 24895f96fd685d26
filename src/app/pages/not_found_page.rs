//! What an unknown address shows: a translated "not found" and the way home.

use leptos::prelude::*;

use crate::app::base_path::{href, link_rel};

use crate::app::components::page_heading::PageHeading;
use crate::i18n::{t_string, use_i18n};

/// The 404 page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div data-testid="not-found">
            <PageHeading
                title=Signal::derive(move || t_string!(i18n, not_found.title).to_string())
                intro=Signal::derive(move || t_string!(i18n, not_found.text).to_string())
            />
            <p>
                <a href=href("/") rel=link_rel("/") class="button">{move || t_string!(i18n, not_found.home)}</a>
            </p>
        </div>
    }
}
