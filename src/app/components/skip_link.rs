//! The first stop of the keyboard: a link past the header and navigation to the content.

use leptos::prelude::*;
use leptos::{wasm_bindgen::JsCast, web_sys::HtmlElement};

/// "Skip to content": hidden until focused; moves focus to `<main id="main">`.
///
/// Focus is moved by hand: the router handles clicks on links, and a `#main` fragment alone
/// would not move the keyboard focus.
#[component]
pub fn SkipLink(
    /// The translated link text.
    label: Signal<String>,
) -> impl IntoView {
    let skip = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        let main = document()
            .get_element_by_id("main")
            .and_then(|main| main.dyn_into::<HtmlElement>().ok());
        if let Some(main) = main {
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>
            {move || label.get()}
        </a>
    }
}
