//! Adding a deed. Until the form exists, the page says whether this deployment has an
//! inbox (from config.json), so a student knows where a deed would go.

use leptos::prelude::*;

use crate::components::{page_heading::PageHeading, upcoming::Upcoming};
use crate::i18n::{t_string, use_i18n};
use crate::state::config::use_runtime_config;

/// The page for submitting a deed.
#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_runtime_config();
    let inbox_note = move || {
        config.get().map(|config| {
            let text = if config.inbox().is_some() {
                t_string!(i18n, submit.inbox_on)
            } else {
                t_string!(i18n, submit.inbox_off)
            };
            view! { <p class="note" data-testid="inbox-note">{text.to_string()}</p> }
        })
    };
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, submit.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, submit.intro).to_string())
        />
        {inbox_note}
        <Upcoming />
    }
}
