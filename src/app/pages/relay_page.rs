//! The relay's path: which university passed the baton to which, and when.

use leptos::prelude::*;

use crate::app::components::{page_heading::PageHeading, upcoming::Upcoming};
use crate::i18n::{t_string, use_i18n};

/// The relay's path: which university passed the baton to which
#[component]
pub fn RelayPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, relay.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, relay.intro).to_string())
        />
        <Upcoming />
    }
}
