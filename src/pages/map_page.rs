//! The map of participating universities and the baton passes between them.

use leptos::prelude::*;

use crate::components::{page_heading::PageHeading, upcoming::Upcoming};
use crate::i18n::{t_string, use_i18n};

/// The map of participating universities and the baton passes between them.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, map.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, map.intro).to_string())
        />
        <Upcoming />
    }
}
