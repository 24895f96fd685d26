//! The list of universities beside the map, by deeds or by joining: the keyboard and
//! screen-reader path to every one of them, those the map cannot draw included. Each
//! entry selects its university, as its marker does.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::state::loaded::Loaded;

use super::deeds_text;
use crate::app::api::ApiError;
use crate::app::components::{
    dates::{format_date, lang_of},
    error_view::ErrorView,
    loading::Loading,
};
use crate::app::map::{layer::Place, query::Order};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    CHALLENGE_START, Date, Lang, Region, feed::Directory, geo::descending, store::UniversityStats,
};

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

/// The list, headed by its title and its order's choice.
#[component]
pub fn UniversityList(
    /// `stats.json`, for the deeds and the days of joining.
    stats: Loaded<Result<Vec<UniversityStats>, ApiError>>,
    /// What the map draws, to note the universities it cannot.
    places: Memo<Arc<Vec<Place>>>,
    /// The index of the selected university, marked as current.
    selected: Memo<Option<usize>>,
    /// The region shown, `None` for all.
    region: Memo<Option<Region>>,
    /// The list's order.
    order: Memo<Order>,
    /// Gets the id of the university chosen.
    on_select: Callback<String>,
    /// Gets the order chosen.
    on_order: Callback<Order>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
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
        let stats = stats.get().and_then(Result::ok).unwrap_or_default();
        let rows = rows(&directory, &stats, lang, region.get(), order.get());
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
                                        on:click=move |_| on_select.run(id.clone())
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
        <section class="map-layout__list" aria-labelledby="map-list-title">
            <div class="map-list__head">
                <h2 id="map-list-title">{move || t_string!(i18n, map.list_title)}</h2>
                <label>
                    <span>{move || t_string!(i18n, map.sort_label)}</span>
                    <select on:change=move |ev| {
                        let o = if event_target_value(&ev) == "joined" { Order::Joined } else { Order::Deeds };
                        on_order.run(o);
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
