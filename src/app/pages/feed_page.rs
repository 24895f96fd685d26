//! The feed of good deeds, the site's first screen.

use leptos::prelude::*;

use crate::app::components::{
    challenge_intro::ChallengeIntro, deed_feed::DeedFeed, feed_filters::FeedFilters,
    page_heading::PageHeading,
};
use crate::app::state::query::provide_query;
use crate::i18n::{t_string, use_i18n};
use crate::model::feed::Filter;

/// The feed: the challenge's introduction, filters from the URL query, then the matching
/// deeds, newest first.
#[component]
pub fn FeedPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = provide_query();
    let filter = Memo::new(move |_| query.with_params(|get| Filter::from_query(get)));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, feed.title).to_string()) />
        <ChallengeIntro />
        <FeedFilters filter=filter.into() path="/" />
        <DeedFeed filter=filter.into() />
    }
}
