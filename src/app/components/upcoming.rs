//! The notice a section shows until it is built: plain words in the reader's language,
//! never a blank page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::base_path::href;

use crate::i18n::{t_string, use_i18n};

/// "This section is being built", with a way to the About page.
#[component]
pub fn Upcoming() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice" data-testid="upcoming">
            <h2 class="notice__title">{move || t_string!(i18n, upcoming.title)}</h2>
            <p>{move || t_string!(i18n, upcoming.text)}</p>
            <p>
                <A href=href("/about")>{move || t_string!(i18n, upcoming.about_link)}</A>
            </p>
        </section>
    }
}
