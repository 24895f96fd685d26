//! The map of participating universities and the baton passes between them (/map): the
//! map, a region filter, the selected university's panel and, beside the map, the text
//! list of universities that is the keyboard and screen-reader path to every one of them.
//! The selection, the region and the list's order live in the URL
//! (`?u=kaznu&r=kz&sort=joined`, a [`MapQuery`]).
//!
//! This file holds the page's state and layout; its parts are the region chips
//! ([`regions`]), the panels over the map ([`panel`]: the selected university, or the
//! universities of a cluster to choose from) and the list ([`list`]). The map itself is
//! [`MapView`]; what it draws comes from [`crate::app::map::places`].

mod list;
mod panel;
mod regions;

pub use regions::RegionChips;

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::state::loaded::Loaded;
use leptos_i18n::I18nContext;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::app::api::fetch_text;
use crate::app::components::{dates::lang_of, page_heading::PageHeading};
use crate::app::map::{
    map_view::MapView,
    outline::{self, OUTLINE_URL},
    places::{passes, places},
    query::MapQuery,
};
use crate::app::state::store_cache::{fetch_relay, fetch_stats, use_store};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::plural::{Plural, plural};
use list::UniversityList;
use panel::{ClusterChoice, UniversityPanel};

/// "12 deeds", with the language's plural form.
pub fn deeds_text(i18n: I18nContext<Locale>, n: u64) -> String {
    match plural(lang_of(i18n.get_locale()), n) {
        Plural::One => t_string!(i18n, map.deeds.one, n = n),
        Plural::Few => t_string!(i18n, map.deeds.few, n = n),
        Plural::Many => t_string!(i18n, map.deeds.many, n = n),
        Plural::Other => t_string!(i18n, map.deeds.other, n = n),
    }
}

/// The country outlines' markup, fetched only now that the map is open: `None` while it
/// loads, `Some(Err)` (after a warning) when it cannot be had.
fn load_outline() -> RwSignal<Option<Result<Arc<String>, ()>>> {
    let outline = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let loaded = match fetch_text(OUTLINE_URL).await {
            Ok(text) => outline::parse(&text).map(|map| Arc::new(outline::markup(&map))),
            Err(error) => Err(error.to_string()),
        };
        if let Err(reason) = &loaded {
            leptos::logging::warn!("the map's outlines are unavailable: {reason}");
        }
        outline.set(Some(loaded.map_err(drop)));
    });
    outline
}

/// The browser's back button, pressed.
fn go_back() {
    #[cfg(target_arch = "wasm32")]
    if let Ok(history) = window().history() {
        let _ = history.back();
    }
}

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let query = use_query_map();
    let navigate = use_navigate();
    let stats = Loaded::new(fetch_stats);
    let relay = Loaded::new(fetch_relay);
    let outline = load_outline();

    // The address, and each of its parts on its own, so a change of one redraws only
    // what shows it.
    let address = Memo::new(move |_| query.with(|q| MapQuery::from_query(|key| q.get(key))));
    let selected_id = Memo::new(move |_| address.with(|a| a.university.clone()));
    let region = Memo::new(move |_| address.with(|a| a.region));
    let order = Memo::new(move |_| address.with(|a| a.order));
    // Opening a university's panel adds a step to the history, so that the back button
    // closes it; everything else replaces the address.
    let navigate = StoredValue::new(navigate);
    let visit = move |next: MapQuery, replace: bool| {
        navigate.with_value(|navigate| {
            navigate(
                &format!("/map/{}", next.to_query_string()),
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            )
        });
    };
    let go = Callback::new(move |next: MapQuery| visit(next, true));
    let opened = StoredValue::new(false);
    // The universities of a cluster too close to split, to choose from.
    let here = RwSignal::new(Vec::<String>::new());
    let select = Callback::new(move |id: String| {
        here.set(Vec::new());
        let first = address.with_untracked(|a| a.university.is_none());
        opened.set_value(first || opened.get_value());
        visit(
            MapQuery {
                university: Some(id),
                ..address.get_untracked()
            },
            !first,
        );
    });
    let pick = Callback::new(move |ids: Vec<String>| here.set(ids));

    let directory = move || store.directory.get().and_then(Result::ok);
    let places = Memo::new(move |_| {
        let Some(directory) = directory() else {
            return Arc::new(Vec::new());
        };
        let lang = lang_of(i18n.get_locale());
        let stats = stats.get().and_then(Result::ok).unwrap_or_default();
        let words = |deeds| deeds_text(i18n, deeds);
        Arc::new(places(&directory, &stats, lang, region.get(), &words))
    });
    let passes = Memo::new(move |_| {
        let (Some(directory), Some(Ok(links))) = (directory(), relay.get()) else {
            return Arc::new(Vec::new());
        };
        Arc::new(passes(&directory, &links))
    });
    let selected = Memo::new(move |_| {
        let id = selected_id.get()?;
        directory()?.all().iter().position(|u| u.id == id)
    });

    let panel = move || {
        let id = selected_id.get()?;
        let directory = directory()?;
        let lang = lang_of(i18n.get_locale());
        // Closing goes back past the step that opened it, if this visit made one.
        let on_close = Callback::new(move |()| {
            if opened.get_value() {
                opened.set_value(false);
                go_back();
            } else {
                go.run(MapQuery {
                    university: None,
                    ..address.get_untracked()
                });
            }
        });
        Some(view! { <UniversityPanel id directory lang stats relay on_close /> })
    };
    let choose_here = move || {
        let ids = here.get();
        if ids.is_empty() {
            return None;
        }
        let directory = directory()?;
        let lang = lang_of(i18n.get_locale());
        Some(view! { <ClusterChoice ids directory lang on_select=select /> })
    };

    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, map.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, map.intro).to_string())
        />
        <RegionChips region on_choose=Callback::new(move |region| go.run(MapQuery { region, ..address.get_untracked() })) />
        <div class="map-layout">
            <div class="map-layout__map">
                <MapView
                    places=places
                    passes=passes
                    selected=selected
                    outline=outline
                    on_select=select
                    on_cluster=pick
                />
                {choose_here}
                {panel}
            </div>
            <UniversityList
                stats
                places
                selected
                region
                order
                on_select=select
                on_order=Callback::new(move |order| go.run(MapQuery { order, ..address.get_untracked() }))
            />
        </div>
    }
}
