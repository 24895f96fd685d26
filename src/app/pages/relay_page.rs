//! The relay's path, /relay/: the relay in figures, the chain of batons from KazNU and the
//! universities holding the baton now. The rules are the model's
//! ([`crate::model::relay::path`]); this page loads `relay.json`, `stats.json` and the
//! universities (from the publisher's store when it renders the page) and draws them.

mod chain;
mod charts;
mod figures;
mod holders;

use std::sync::Arc;

use leptos::prelude::*;

use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::app::components::{
    dates::lang_of, error_view::ErrorView, loading::Loading, page_heading::PageHeading,
};
use crate::app::pages::map_page::RegionChips;
use crate::app::state::{
    loaded::Loaded,
    store_cache::{fetch_relay, fetch_stats_and_months, use_store},
    today::today,
};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    Region,
    feed::Directory,
    relay::{
        charts::months,
        path::{chain, figures_where, holders},
    },
};
use leptos_i18n::I18nContext;

/// The short name of university `id` in the current language, or its id when unknown.
fn short_name(i18n: I18nContext<Locale>, directory: &Directory, id: &str) -> String {
    directory.get(id).map_or_else(
        || id.to_string(),
        |u| u.short.get(lang_of(i18n.get_locale())).to_string(),
    )
}

/// The relay's path: its figures, its chain of batons, who holds the baton and its
/// charts, for the whole relay or one region (`?r=`, as on the map).
#[component]
pub fn RelayPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let relay = Loaded::new(fetch_relay);
    let stats = Loaded::new(fetch_stats_and_months);
    let query = use_query_map();
    let navigate = use_navigate();
    let region = Memo::new(move |_| query.with(|q| q.get("r").and_then(|r| Region::from_slug(&r))));
    let choose = Callback::new(move |choice: Option<Region>| {
        let query = choice.map_or_else(String::new, |r| format!("?r={}", r.slug()));
        navigate(
            &format!("/relay/{query}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    });

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
        let (stats, by_month) = match stats.get()? {
            Ok(stats) => stats,
            Err(e) => return error(e, Callback::new(move |()| stats.reload())),
        };
        let region = region.get();
        let keep = {
            let directory = directory.clone();
            move |id: &str| {
                region.is_none_or(|r| directory.get(id).is_some_and(|u| u.region() == r))
            }
        };
        let today = today();
        let chain = chain(&links).narrowed(&keep);
        let figures = figures_where(&links, &chain, &directory, &stats, today, &keep);
        let mut holders = holders(&links, today);
        holders.retain(|holder| keep(&holder.id));
        let stats: Vec<_> = stats.into_iter().filter(|s| keep(&s.id)).collect();
        Some(
            view! {
                <figures::RelayFigures figures=figures />
                <chain::RelayChain chain=chain directory=directory.clone() region=region />
                <holders::RelayHolders holders=holders directory=directory.clone() />
                <charts::RelayCharts
                    months=months(&by_month)
                    stats=stats
                    directory=directory
                    region=region
                />
            }
            .into_any(),
        )
    };
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, relay.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, relay.intro).to_string())
        />
        <RegionChips region=region on_choose=choose />
        {move || body().unwrap_or_else(|| view! { <Loading /> }.into_any())}
    }
}
