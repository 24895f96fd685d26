//! One deed's permalink, /deed/:id.

use leptos::prelude::*;

use crate::components::{page_heading::PageHeading, upcoming::Upcoming};
use crate::i18n::{t_string, use_i18n};

/// A single deed, with its whole story.
#[component]
pub fn DeedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, deed.title).to_string()) />
        <Upcoming />
    }
}
