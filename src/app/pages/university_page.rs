//! One university's page, /u/:id: its names, city, place in the relay, counts by virtue
//! and its deeds, paged.

use leptos::prelude::*;

use crate::app::state::loaded::Loaded;
use leptos_router::hooks::use_params_map;

use crate::app::components::feed_filters::region_name;
use crate::app::components::{
    dates::lang_of, deed_feed::DeedFeed, error_view::ErrorView, loading::Loading,
    page_heading::PageHeading, university_facts::UniversityFacts,
};
use crate::app::state::store_cache::{fetch_relay, fetch_stats, use_store};
use crate::i18n::{t_string, use_i18n};
use crate::model::{Lang, feed::Filter};

/// A participating university: its place in the relay and its deeds.
#[component]
pub fn UniversityPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let relay = Loaded::new(fetch_relay);
    let stats = Loaded::new(fetch_stats);
    let filter = Signal::derive(move || Filter {
        university: Some(id.get()),
        ..Filter::default()
    });

    let body = move || {
        let directory = match store.directory.get()? {
            Ok(directory) => directory,
            Err(error) => {
                return Some(
                    view! {
                        <PageHeading title=Signal::derive(move || t_string!(i18n, university.title).to_string()) />
                        <ErrorView error=error on_retry=Callback::new(move |()| store.retry()) />
                    }
                    .into_any(),
                );
            }
        };
        let Some(record) = directory.get(&id.get()).cloned() else {
            return Some(
                view! {
                    <PageHeading title=Signal::derive(move || t_string!(i18n, university.title).to_string()) />
                    <p class="notice" data-testid="university-not-found">{move || t_string!(i18n, university.not_found)}</p>
                }
                .into_any(),
            );
        };
        let u = record.clone();
        let name = {
            let u = u.clone();
            Signal::derive(move || u.name.get(lang_of(i18n.get_locale())).to_string())
        };
        let other_names = {
            let u = u.clone();
            move || {
                let lang = lang_of(i18n.get_locale());
                let mut others: Vec<String> = Lang::ALL
                    .into_iter()
                    .filter(|other| *other != lang)
                    .map(|other| u.name.get(other).to_string())
                    .filter(|other| *other != u.name.get(lang))
                    .collect();
                others.dedup();
                others.join(" · ")
            }
        };
        let city = {
            let u = u.clone();
            move || u.city.get(lang_of(i18n.get_locale())).to_string()
        };
        let region = u.region();
        Some(
            view! {
                <PageHeading title=name />
                <p class="page-heading__intro">{other_names}</p>
                <section class="university-facts">
                    <p>{city} " · " {move || region_name(i18n, region)}</p>
                    <UniversityFacts id=u.id.clone() directory=directory stats=stats relay=relay />
                </section>
                <h2>{move || t_string!(i18n, university.deeds)}</h2>
                <DeedFeed filter=filter />
            }
            .into_any(),
        )
    };
    view! {
        {move || {
            body()
                .unwrap_or_else(|| view! { <Loading /> }.into_any())
        }}
    }
}
