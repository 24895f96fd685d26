//! The feed's filters: keyword search, virtue, where, university, dates and order. Each
//! change rewrites the URL query, so the filtered feed can be shared and reloaded; typing
//! in the search box is debounced.
//!
//! This file holds the panel around the controls. The way a change reaches the URL is
//! [`edit`]; the options' counts under the other filters are [`counts`]; each control is a part of its own: the search box ([`search`]), the virtue
//! chips ([`virtues`]), the region ([`region`]), the university field and its messages
//! ([`university`]), the days ([`days`]) and the order ([`order`]). The parts are plain
//! functions, built where the panel used to build them inline: a component each would add
//! code to the feed's first load for nothing.

mod counts;
mod days;
mod edit;
mod order;
mod region;
mod search;
mod university;
mod virtues;

use leptos::prelude::*;

use crate::app::state::store_cache::{StoreContext, use_store};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{Region, feed::Filter, store::ListId};
use counts::Counts;
use days::day_fields;
use edit::FilterEdit;
use order::order_choice;
use region::region_choice;
use search::search_box;
use university::university_field;
use virtues::virtue_chips;

/// The translated name of a region.
pub fn region_name(i18n: leptos_i18n::I18nContext<Locale>, region: Region) -> &'static str {
    match region {
        Region::Kz => t_string!(i18n, region.kz),
        Region::Near => t_string!(i18n, region.near),
        Region::Far => t_string!(i18n, region.far),
    }
}

/// "Name (12)", or the name alone while the count is unknown.
fn with_count(name: String, count: Option<String>) -> String {
    match count {
        Some(count) if name.is_empty() => format!("({count})"),
        Some(count) => format!("{name} ({count})"),
        None => name,
    }
}

/// How many deeds the stored list `key` (`"v/honesty"`) holds, once the manifest is in
/// (tracked).
fn list_count(store: StoreContext, list: &ListId) -> Option<u64> {
    store
        .manifest
        .get()
        .and_then(Result::ok)
        .and_then(|m| m.lists.get(&list.key()).copied())
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
    let counts = Counts::new(filter, use_store());
    // The panel is built once the filters are first opened, or once the browser is idle:
    // not on the way to the first screen (nor into a published page).
    let opened = RwSignal::new(false);
    #[cfg(target_arch = "wasm32")]
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
            {search_box(edit)}
            <details
                class="filters__more"
                on:toggle=move |event| {
                    // Setting the signal again would build the panel again.
                    let open = event_target::<web_sys::HtmlDetailsElement>(&event).open();
                    if open {
                        counts.ask();
                    }
                    if open && !opened.get_untracked() {
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
                            // A filter set: its options' counts need the figures (a filter set
                            // later is set in the open panel, which has asked).
                            if !filter.with_untracked(Filter::is_empty) {
                                counts.ask();
                            }
                            view! {
                                {virtue_chips(edit, counts)}
                                <div class="filters__row">
                                    {region_choice(edit, counts)}
                                    {university_field(edit, counts)}
                                    {day_fields(edit)}
                                    {order_choice(edit)}
                                </div>
                                // Said when a count is approximate (≈).
                                <p class="filters__note" id="filters-approx">
                                    {move || {
                                        if counts.any_approximate() { t_string!(i18n, feed.count_approx_note) } else { "" }
                                    }}
                                </p>
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
