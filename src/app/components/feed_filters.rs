//! The feed's filters: keyword search, virtue, where, university, dates and order. Each
//! change rewrites the URL query, so the filtered feed can be shared and reloaded; typing
//! in the search box is debounced.
//!
//! This file holds the way a change reaches the URL ([`FilterEdit`]) and the panel around
//! the controls, which are parts of their own: the search box ([`search`]), the virtue
//! chips ([`virtues`]), the region ([`region`]), the university field and its messages
//! ([`university`]), the days ([`days`]) and the order ([`order`]).

mod days;
mod order;
mod region;
mod search;
mod university;
mod virtues;

use std::time::Duration;

use leptos::prelude::*;

use crate::app::base_path::href;
use crate::app::state::{
    query::{Query, use_query},
    store_cache::StoreContext,
};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{Region, feed::Filter};
use days::DayFields;
use order::OrderChoice;
use region::RegionChoice;
use search::SearchBox;
use university::UniversityField;
use virtues::VirtueChips;

/// The translated name of a region.
pub fn region_name(i18n: leptos_i18n::I18nContext<Locale>, region: Region) -> &'static str {
    match region {
        Region::Kz => t_string!(i18n, region.kz),
        Region::Near => t_string!(i18n, region.near),
        Region::Far => t_string!(i18n, region.far),
    }
}

/// "Name (12)", or the name alone while the count is unknown.
fn with_count(name: String, count: Option<u64>) -> String {
    match count {
        Some(count) if name.is_empty() => format!("({count})"),
        Some(count) => format!("{name} ({count})"),
        None => name,
    }
}

/// How many deeds the stored list `key` (`"v/honesty"`) holds, once the manifest is in
/// (tracked).
fn list_count(store: StoreContext, key: &str) -> Option<u64> {
    store
        .manifest
        .get()
        .and_then(Result::ok)
        .and_then(|m| m.lists.get(key).copied())
}

/// The filters as the controls show them, and the one way the controls change them.
///
/// A change shows in the controls at once (a pressed chip paints in the same frame as the
/// click) and reaches the URL, and so the list, once that frame is painted: the list is
/// the costly part of a change.
#[derive(Clone, Copy)]
struct FilterEdit {
    /// The filters the controls show: the changes made, else the URL's.
    filter: Signal<Filter>,
    /// Changes made but not yet in the URL.
    pending: RwSignal<Option<Filter>>,
    /// How many changes are on their way to the URL; the controls follow the URL again
    /// when none is.
    queued: StoredValue<u32>,
    /// The route the filters apply to, under the site's base.
    route: StoredValue<String>,
    query: Query,
}

impl FilterEdit {
    /// The controls of `url_filter`, the filters in the URL of the route `path`.
    fn new(url_filter: Signal<Filter>, path: &'static str) -> FilterEdit {
        let query = use_query();
        let route = StoredValue::new(href(path));
        let pending = RwSignal::new(None::<Filter>);
        let queued = StoredValue::new(0_u32);
        Effect::new(move |_| {
            url_filter.track();
            if queued.get_value() == 0 {
                pending.set(None);
            }
        });
        let filter = Signal::derive(move || pending.get().unwrap_or_else(|| url_filter.get()));
        FilterEdit {
            filter,
            pending,
            queued,
            route,
            query,
        }
    }

    /// Makes `change` to the filters: in the controls now, in the URL after the next
    /// paint, as a new history entry or, when `replace`, in place of this one.
    fn apply(self, change: &dyn Fn(&mut Filter), replace: bool) {
        let mut next = self.filter.get_untracked();
        change(&mut next);
        let address = self
            .route
            .with_value(|route| format!("{route}{}", next.to_query_string()));
        self.pending.set(Some(next));
        self.queued.update_value(|n| *n += 1);
        let (queued, query) = (self.queued, self.query);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    queued.update_value(|n| *n -= 1);
                    query.go(&address, replace)
                },
                Duration::ZERO,
            )
        });
    }

    /// Makes `change` to the filters, as a new history entry.
    fn set(self, change: &dyn Fn(&mut Filter)) {
        self.apply(change, false);
    }
}

/// The filter controls for the feed at `path`.
#[component]
pub fn FeedFilters(
    /// The filters now in force (from the URL).
    filter: Signal<Filter>,
    /// The route the filters apply to, such as `/`.
    path: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit = FilterEdit::new(filter, path);
    let filter = edit.filter;
    // The panel is built once the filters are first opened, or once the browser is idle:
    // not on the way to the first screen.
    let opened = RwSignal::new(false);
    request_idle_callback(move || {
        if !opened.get_untracked() {
            opened.set(true);
        }
    });
    let active = move || {
        let active = filter.with(|f| {
            [
                f.university.is_some(),
                f.virtue.is_some(),
                f.region.is_some(),
                f.from.is_some(),
                f.to.is_some(),
                f.oldest_first,
            ]
            .into_iter()
            .filter(|set| *set)
            .count()
        });
        (active > 0).then(|| format!(" ({active})"))
    };

    view! {
        <section class="filters" aria-labelledby="filters-title">
            <h2 id="filters-title" class="visually-hidden">{move || t_string!(i18n, feed.filters)}</h2>
            <SearchBox edit />
            <details
                class="filters__more"
                on:toggle=move |event| {
                    // Setting the signal again would build the panel again.
                    if event_target::<web_sys::HtmlDetailsElement>(&event).open() && !opened.get_untracked() {
                        opened.set(true);
                    }
                }
            >
                <summary>
                    {move || t_string!(i18n, feed.filters)}
                    {active}
                </summary>
                {move || {
                    opened
                        .get()
                        .then(|| {
                            view! {
                                <VirtueChips edit />
                                <div class="filters__row">
                                    <RegionChoice edit />
                                    <UniversityField edit />
                                    <DayFields edit />
                                    <OrderChoice edit />
                                </div>
                            }
                        })
                }}
            </details>
            {move || {
                (!filter.with(Filter::is_empty))
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| {
                                    edit.set(&|f: &mut Filter| {
                                        *f = Filter { oldest_first: f.oldest_first, ..Filter::default() }
                                    })
                                }
                            >
                                {move || t_string!(i18n, feed.clear)}
                            </button>
                        }
                    })
            }}
        </section>
    }
}
