//! The relay's path, /relay/: the relay in figures, the chain of batons from KazNU and the
//! universities holding the baton now. The rules are the model's
//! ([`crate::model::relay::path`]); this page loads `relay.json`, `stats.json` and the
//! universities (from the publisher's store when it renders the page) and draws them.

mod chain;
mod figures;
mod holders;

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::{
    dates::lang_of, error_view::ErrorView, loading::Loading, page_heading::PageHeading,
};
use crate::app::state::{
    loaded::Loaded,
    store_cache::{fetch_relay, fetch_stats, use_store},
    today::today,
};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    feed::Directory,
    relay::path::{chain, figures, holders},
};
use leptos_i18n::I18nContext;

/// The short name of university `id` in the current language, or its id when unknown.
fn short_name(i18n: I18nContext<Locale>, directory: &Directory, id: &str) -> String {
    directory.get(id).map_or_else(
        || id.to_string(),
        |u| u.short.get(lang_of(i18n.get_locale())).to_string(),
    )
}

/// The relay's path: its figures, its chain of batons and who holds the baton.
#[component]
pub fn RelayPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let relay = Loaded::new(fetch_relay);
    let stats = Loaded::new(fetch_stats);

    let body = move || {
        let error = |error, on_retry: Callback<()>| {
            Some(view! { <ErrorView error=error on_retry=on_retry /> }.into_any())
        };
        let directory: Arc<Directory> = match store.directory.get()? {
            Ok(directory) => directory,
            Err(e) => return error(e, Callback::new(move |()| store.retry())),
        };
        let links = match relay.get()? {
            Ok(links) => links,
            Err(e) => return error(e, Callback::new(move |()| relay.reload())),
        };
        let stats = match stats.get()? {
            Ok(stats) => stats,
            Err(e) => return error(e, Callback::new(move |()| stats.reload())),
        };
        let today = today();
        let chain = chain(&links);
        let figures = figures(&links, &chain, &directory, &stats, today);
        let holders = holders(&links, today);
        Some(
            view! {
                <figures::RelayFigures figures=figures />
                <chain::RelayChain chain=chain directory=directory.clone() />
                <holders::RelayHolders holders=holders directory=directory />
            }
            .into_any(),
        )
    };
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, relay.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, relay.intro).to_string())
        />
        {move || body().unwrap_or_else(|| view! { <Loading /> }.into_any())}
    }
}
