//! The map of participating universities and the baton passes between them (/map): the
//! map, a region filter, the selected university's panel and, beside the map, the text
//! list of universities that is the keyboard and screen-reader path to every one of them.
//! The selection, the region and the list's order live in the URL (`?u=kaznu&r=kz&sort=joined`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::app::api::{ApiError, fetch_text};
use crate::app::base_path::href;
use crate::app::components::{
    dates::{format_date, lang_of},
    error_view::ErrorView,
    feed_filters::region_name,
    loading::Loading,
    map_view::MapView,
    page_heading::PageHeading,
    university_facts::UniversityFacts,
};
use crate::app::map::{
    layer::{Pass, Place},
    outline::{self, OUTLINE_URL},
};
use crate::app::state::store_cache::{fetch_relay, fetch_stats, use_store};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    CHALLENGE_START, Date, Deed, Lang, Region,
    feed::Directory,
    geo::{descending, project},
    plural::{Plural, plural},
    store::{ListId, UniversityStats, last_page},
};
use leptos_i18n::I18nContext;

/// "12 deeds", with the language's plural form.
pub fn deeds_text(i18n: I18nContext<Locale>, n: u64) -> String {
    match plural(lang_of(i18n.get_locale()), n) {
        Plural::One => t_string!(i18n, map.deeds.one, n = n),
        Plural::Few => t_string!(i18n, map.deeds.few, n = n),
        Plural::Many => t_string!(i18n, map.deeds.many, n = n),
        Plural::Other => t_string!(i18n, map.deeds.other, n = n),
    }
}

/// The country's name in the reader's language, from the browser's own tables.
fn country_name(lang: Lang, code: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
        let locales = js_sys::Array::of1(&lang.tag().into());
        let names = js_sys::Intl::DisplayNames::new(&locales, &options);
        if let Some(name) = names.of(code) {
            return String::from(name);
        }
    }
    let _ = lang;
    code.to_string()
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Deeds,
    Joined,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    index: usize,
    id: String,
    name: String,
    city: String,
    deeds: u64,
    joined: Option<Date>,
}

/// The rows for `region`, in `order`: most deeds first, or the earliest to join first (those
/// not yet joined last); ties in the store's order.
fn rows(
    directory: &Directory,
    stats: &[UniversityStats],
    lang: Lang,
    region: Option<Region>,
    order: Order,
) -> Vec<Row> {
    let rows: Vec<Row> = directory
        .all()
        .iter()
        .enumerate()
        .filter(|(_, u)| region.is_none_or(|r| u.region() == r))
        .map(|(index, u)| {
            let stat = stats.iter().find(|s| s.id == u.id);
            Row {
                index,
                id: u.id.clone(),
                name: u.short.get(lang).to_string(),
                city: u.city.get(lang).to_string(),
                deeds: stat.map_or(0, |s| s.deeds),
                joined: stat.and_then(|s| s.joined),
            }
        })
        .collect();
    // Through the map's one ordering function; ties keep the store's order.
    let keys: Vec<u64> = rows
        .iter()
        .map(|row| match order {
            Order::Deeds => row.deeds,
            Order::Joined => row.joined.map_or(0, |day| {
                u64::try_from(i64::from(u32::MAX) - CHALLENGE_START.days_until(day)).unwrap_or(0)
            }),
        })
        .collect();
    let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    descending(&keys)
        .into_iter()
        .filter_map(|i| rows[i].take())
        .collect()
}

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let query = use_query_map();
    let navigate = use_navigate();
    let stats = LocalResource::new(fetch_stats);
    let relay = LocalResource::new(fetch_relay);

    // The outlines: fetched only now that the map is open.
    let outline = RwSignal::new(None::<Result<Arc<String>, ()>>);
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

    let selected_id = Memo::new(move |_| query.with(|q| q.get("u")).filter(|u| !u.is_empty()));
    let region = Memo::new(move |_| {
        query
            .with(|q| q.get("r"))
            .and_then(|r| Region::from_slug(&r))
    });
    let order = Memo::new(move |_| match query.with(|q| q.get("sort")).as_deref() {
        Some("joined") => Order::Joined,
        _ => Order::Deeds,
    });
    let go = move |u: Option<String>, r: Option<Region>, o: Order| {
        let mut query = Vec::new();
        if let Some(u) = u {
            query.push(format!("u={}", crate::model::feed::percent_encode(&u)));
        }
        if let Some(r) = r {
            query.push(format!("r={}", r.slug()));
        }
        if o == Order::Joined {
            query.push("sort=joined".to_string());
        }
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        navigate(
            &format!("/map{query}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let go = StoredValue::new(go);
    // The universities of a cluster too close to split, to choose from.
    let here = RwSignal::new(Vec::<String>::new());
    let select = Callback::new(move |id: String| {
        here.set(Vec::new());
        go.with_value(|go| go(Some(id), region.get_untracked(), order.get_untracked()));
    });
    let pick = Callback::new(move |ids: Vec<String>| here.set(ids));

    let directory = move || store.directory.get().and_then(Result::ok);
    let stats_loaded = move || stats.get().and_then(Result::ok).unwrap_or_default();

    let places = Memo::new(move |_| {
        let Some(directory) = directory() else {
            return Arc::new(Vec::new());
        };
        let lang = lang_of(i18n.get_locale());
        let stats = stats_loaded();
        let region = region.get();
        let places = directory
            .all()
            .iter()
            .map(|u| {
                let at = if u.has_valid_coordinates() {
                    project(u.lat, u.lon)
                } else {
                    None
                };
                if at.is_none() {
                    leptos::logging::warn!(
                        "{} has coordinates the map cannot draw; it is listed only",
                        u.id
                    );
                }
                let deeds = stats.iter().find(|s| s.id == u.id).map_or(0, |s| s.deeds);
                Place {
                    id: u.id.clone(),
                    label: u.short.get(lang).to_string(),
                    title: format!(
                        "{}, {}: {}",
                        u.name.get(lang),
                        u.city.get(lang),
                        deeds_text(i18n, deeds)
                    ),
                    at,
                    deeds,
                    shown: region.is_none_or(|r| u.region() == r),
                }
            })
            .collect();
        Arc::new(places)
    });
    let passes = Memo::new(move |_| {
        let (Some(directory), Some(Ok(links))) = (directory(), relay.get()) else {
            return Arc::new(Vec::new());
        };
        let index = |id: &str| directory.all().iter().position(|u| u.id == id);
        Arc::new(
            links
                .iter()
                .filter_map(|link| {
                    Some(Pass {
                        from: index(&link.from)?,
                        to: index(&link.to)?,
                    })
                })
                .collect::<Vec<_>>(),
        )
    });
    let selected = Memo::new(move |_| {
        let id = selected_id.get()?;
        directory()?.all().iter().position(|u| u.id == id)
    });

    let filters = move || {
        let choices = [
            None,
            Some(Region::Kz),
            Some(Region::Near),
            Some(Region::Far),
        ];
        choices
            .into_iter()
            .map(|choice| {
                let label = move || match choice {
                    Some(r) => region_name(i18n, r).to_string(),
                    None => t_string!(i18n, region.all).to_string(),
                };
                view! {
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=move || (region.get() == choice).to_string()
                        on:click=move |_| go.with_value(|go| go(selected_id.get_untracked(), choice, order.get_untracked()))
                    >
                        {label}
                    </button>
                }
            })
            .collect_view()
    };

    let panel = move || {
        let id = selected_id.get()?;
        let directory = directory()?;
        let Some(u) = directory.get(&id).cloned() else {
            return Some(
                view! {
                    <section class="map-panel" data-testid="map-panel">
                        <p class="notice">{move || t_string!(i18n, university.not_found)}</p>
                    </section>
                }
                .into_any(),
            );
        };
        let lang = lang_of(i18n.get_locale());
        // The three latest deeds: the newest page of its list (and the one before, if
        // that page holds fewer than three).
        let latest = RwSignal::new(None::<Result<Vec<Deed>, ApiError>>);
        let load_latest = {
            let id = id.clone();
            move || {
                let id = id.clone();
                let count = store
                    .manifest
                    .get_untracked()
                    .and_then(Result::ok)
                    .and_then(|m| m.lists.get(&format!("u/{id}")).copied())
                    .unwrap_or(0);
                leptos::task::spawn_local(async move {
                    let loaded = async {
                        let Some(page) = last_page(count) else {
                            return Ok(Vec::new());
                        };
                        let list = ListId::University(id);
                        let mut deeds = store.page(&list, page).await?.as_ref().clone();
                        if deeds.len() < 3 && page > 0 {
                            let mut earlier = store.page(&list, page - 1).await?.as_ref().clone();
                            earlier.append(&mut deeds);
                            deeds = earlier;
                        }
                        deeds.reverse();
                        deeds.truncate(3);
                        Ok(deeds)
                    };
                    latest.set(Some(loaded.await));
                });
            }
        };
        load_latest();
        let latest_view = move || {
            Some(match latest.get()? {
                Ok(deeds) if deeds.is_empty() => view! {
                    <p>{move || t_string!(i18n, map.no_deeds)}</p>
                }
                .into_any(),
                Ok(deeds) => view! {
                    <ul class="map-panel__deeds">
                        {deeds
                            .into_iter()
                            .map(|deed| {
                                let day = deed.done_on;
                                view! {
                                    <li>
                                        <A href=href(&format!("/deed/{}", deed.id))>{deed.title}</A>
                                        " · "
                                        <span>{move || format_date(i18n, day)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => {
                    let retry = load_latest.clone();
                    view! {
                        <ErrorView error=error on_retry=Callback::new(move |()| retry()) />
                    }
                    .into_any()
                }
            })
        };
        let place = format!("{} · {}", u.city.get(lang), country_name(lang, &u.country));
        let id_for_links = u.id.clone();
        Some(
            view! {
                <section class="map-panel" aria-labelledby="map-panel-title" data-testid="map-panel">
                    <div class="map-panel__head">
                        <h2 id="map-panel-title">{u.name.get(lang).to_string()}</h2>
                        <button
                            type="button"
                            class="map-panel__close"
                            aria-label=move || t_string!(i18n, map.close)
                            on:click=move |_| go.with_value(|go| go(None, region.get_untracked(), order.get_untracked()))
                        >
                            "×"
                        </button>
                    </div>
                    <p>{u.short.get(lang).to_string()} " · " {place}</p>
                    <UniversityFacts id=u.id.clone() directory=directory stats=stats relay=relay nested=true />
                    <h3>{move || t_string!(i18n, map.latest)}</h3>
                    {latest_view}
                    <p class="map-panel__links">
                        <A href=href(&format!("/u/{id_for_links}"))>{move || t_string!(i18n, map.open_page)}</A>
                        <A href=href(&format!("/?u={}", crate::model::feed::percent_encode(&id_for_links)))>
                            {move || t_string!(i18n, map.open_feed)}
                        </A>
                    </p>
                </section>
            }
            .into_any(),
        )
    };

    let choose_here = move || {
        let ids = here.get();
        if ids.is_empty() {
            return None;
        }
        let directory = directory()?;
        let lang = lang_of(i18n.get_locale());
        Some(view! {
            <section class="map-panel" aria-labelledby="map-here-title" data-testid="map-here">
                <h2 id="map-here-title">{move || t_string!(i18n, map.here)}</h2>
                <ul class="map-here">
                    {ids
                        .into_iter()
                        .filter_map(|id| {
                            let name = directory.get(&id)?.short.get(lang).to_string();
                            Some(view! {
                                <li>
                                    <button type="button" class="chip" on:click=move |_| select.run(id.clone())>
                                        {name}
                                    </button>
                                </li>
                            })
                        })
                        .collect_view()}
                </ul>
            </section>
        })
    };

    let list = move || {
        let directory = match store.directory.get()? {
            Ok(directory) => directory,
            Err(error) => {
                return Some(
                    view! { <ErrorView error=error on_retry=Callback::new(move |()| store.retry()) /> }
                        .into_any(),
                );
            }
        };
        let lang = lang_of(i18n.get_locale());
        let rows = rows(&directory, &stats_loaded(), lang, region.get(), order.get());
        let places = places.get();
        Some(
            view! {
                <ol class="map-list" data-testid="map-list">
                    {rows
                        .into_iter()
                        .map(|row| {
                            let current = selected.get() == Some(row.index);
                            let drawn = places.get(row.index).is_some_and(|p| p.at.is_some());
                            let joined = row.joined;
                            let id = row.id.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="map-list__item"
                                        aria-current=current.then_some("true")
                                        data-u=row.id.clone()
                                        on:click=move |_| select.run(id.clone())
                                    >
                                        <strong>{row.name}</strong>
                                        <span>{row.city}</span>
                                        <span>{deeds_text(i18n, row.deeds)}</span>
                                        <span>
                                            {joined.map(|day| format_date(i18n, day))}
                                        </span>
                                        {(!drawn).then(|| view! { <span class="map-list__note">{t_string!(i18n, map.not_drawn)}</span> })}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            }
            .into_any(),
        )
    };

    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, map.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, map.intro).to_string())
        />
        <div class="map-filters chips" role="group" aria-label=move || t_string!(i18n, feed.region_label)>
            {filters}
        </div>
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
            <section class="map-layout__list" aria-labelledby="map-list-title">
                <div class="map-list__head">
                    <h2 id="map-list-title">{move || t_string!(i18n, map.list_title)}</h2>
                    <label>
                        <span>{move || t_string!(i18n, map.sort_label)}</span>
                        <select on:change=move |ev| {
                            let o = if event_target_value(&ev) == "joined" { Order::Joined } else { Order::Deeds };
                            go.with_value(|go| go(selected_id.get_untracked(), region.get_untracked(), o));
                        }>
                            <option value="deeds" selected=move || order.get() == Order::Deeds>
                                {move || t_string!(i18n, map.sort_deeds)}
                            </option>
                            <option value="joined" selected=move || order.get() == Order::Joined>
                                {move || t_string!(i18n, map.sort_joined)}
                            </option>
                        </select>
                    </label>
                </div>
                {move || list().unwrap_or_else(|| view! { <Loading /> }.into_any())}
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Names, University};
    use std::collections::BTreeMap;

    fn university(id: &str, country: &str) -> University {
        let names = Names {
            kk: id.to_string(),
            ru: id.to_string(),
            en: id.to_string(),
        };
        University {
            id: id.to_string(),
            short: names.clone(),
            name: names.clone(),
            city: names,
            country: country.to_string(),
            lat: 43.0,
            lon: 76.0,
        }
    }

    fn stat(id: &str, deeds: u64, joined: Option<&str>) -> UniversityStats {
        UniversityStats {
            id: id.to_string(),
            joined: joined.map(|d| d.parse().unwrap()),
            received_from: None,
            deeds,
            by_virtue: BTreeMap::new(),
        }
    }

    #[test]
    fn the_list_sorts_by_deeds_and_by_joining() {
        let directory = Directory::new(vec![
            university("a", "KZ"),
            university("b", "KZ"),
            university("c", "RU"),
            university("d", "TR"),
        ]);
        let stats = [
            stat("a", 3, Some("2020-03-01")),
            stat("b", 9, Some("2020-02-06")),
            stat("c", 3, Some("2020-02-10")),
        ];
        let ids = |rows: Vec<Row>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(
            ids(rows(&directory, &stats, Lang::En, None, Order::Deeds)),
            ["b", "a", "c", "d"]
        );
        assert_eq!(
            ids(rows(&directory, &stats, Lang::En, None, Order::Joined)),
            ["b", "c", "a", "d"]
        );
        assert_eq!(
            ids(rows(
                &directory,
                &stats,
                Lang::En,
                Some(Region::Kz),
                Order::Deeds
            )),
            ["b", "a"]
        );
        assert_eq!(
            ids(rows(
                &directory,
                &stats,
                Lang::En,
                Some(Region::Far),
                Order::Joined
            )),
            ["d"]
        );
    }
}
