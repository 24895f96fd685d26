//! One university's page, /u/:id.

use leptos::prelude::*;

use crate::components::{page_heading::PageHeading, upcoming::Upcoming};
use crate::i18n::{t_string, use_i18n};

/// A participating university: its place in the relay and its deeds.
#[component]
pub fn UniversityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, university.title).to_string()) />
        <Upcoming />
    }
}
