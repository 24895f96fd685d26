//! A page's heading and one-line introduction, which also name the browser tab.

use leptos::prelude::*;

use crate::app::pages::page_title::use_page_title;

/// The `<h1>` of a page and an optional lead paragraph. The title also becomes the tab
/// title, so each route names itself once.
#[component]
pub fn PageHeading(
    /// The translated title, read reactively so it follows the language.
    title: Signal<String>,
    /// The translated introduction under the title, if any.
    #[prop(optional, into)]
    intro: Option<Signal<String>>,
) -> impl IntoView {
    use_page_title(move || title.get());
    view! {
        <header class="page-heading">
            <h1>{move || title.get()}</h1>
            {intro.map(|intro| view! { <p class="page-heading__intro">{move || intro.get()}</p> })}
        </header>
    }
}
