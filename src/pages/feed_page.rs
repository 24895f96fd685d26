//! The feed of good deeds, the site's first screen.

use leptos::prelude::*;

use crate::components::{page_heading::PageHeading, upcoming::Upcoming};
use crate::i18n::{t_string, use_i18n};

/// The feed of good deeds
#[component]
pub fn FeedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, feed.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, feed.intro).to_string())
        />
        <Upcoming />
    }
}
