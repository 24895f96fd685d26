//! The feed's filters: keyword search, virtue, where, university, dates and order. Each
//! change rewrites the URL query, so the filtered feed can be shared and reloaded; typing
//! in the search box is debounced.

use std::time::Duration;

use leptos::prelude::*;

use crate::app::base_path::href;
use crate::app::components::{dates::lang_of, virtue_badge::virtue_name};
use crate::app::state::{query::use_query, store_cache::use_store, today::today};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    CHALLENGE_START, Date, Region, Virtue,
    feed::{Filter, NameMatch},
};

/// Why a name typed into the university field picked no university.
#[derive(Clone, Copy, PartialEq)]
enum NameProblem {
    /// It is a part of several universities' names.
    Several,
    /// No university's name has it.
    Unknown,
}

/// How long typing must pause before the search runs.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

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

/// The filter controls for the feed at `path`.
#[component]
pub fn FeedFilters(
    /// The filters now in force (from the URL).
    filter: Signal<Filter>,
    /// The route the filters apply to, such as `/`.
    path: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let query = use_query();
    let route = href(path);
    // A change shows in the controls at once (a pressed chip paints in the same frame as
    // the click) and reaches the URL, and so the list, once that frame is painted: the
    // list is the costly part of a change.
    let url_filter = filter;
    let pending = RwSignal::new(None::<Filter>);
    // Changes made but not yet in the URL; the controls follow the URL again when none is.
    let queued = StoredValue::new(0_u32);
    Effect::new(move |_| {
        url_filter.track();
        if queued.get_value() == 0 {
            pending.set(None);
        }
    });
    let filter = Signal::derive(move || pending.get().unwrap_or_else(|| url_filter.get()));
    let apply = move |change: &dyn Fn(&mut Filter), replace: bool| {
        let mut next = filter.get_untracked();
        change(&mut next);
        let address = format!("{route}{}", next.to_query_string());
        pending.set(Some(next));
        queued.update_value(|n| *n += 1);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    queued.update_value(|n| *n -= 1);
                    query.go(&address, replace)
                },
                Duration::ZERO,
            )
        });
    };
    let apply = StoredValue::new(apply);
    let set = move |change: &dyn Fn(&mut Filter)| apply.with_value(|apply| apply(change, false));

    // Search: the box keeps what is typed; the URL follows after a pause.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_search = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                apply.with_value(|apply| {
                    apply(&|f: &mut Filter| f.query = text.trim().to_string(), true)
                })
            },
            SEARCH_DEBOUNCE,
        )
        .ok();
        pending.set_value(handle);
    };

    let count = move |key: String| {
        store
            .manifest
            .get()
            .and_then(Result::ok)
            .and_then(|m| m.lists.get(&key).copied())
    };
    let universities = move || {
        let lang = lang_of(i18n.get_locale());
        let mut options: Vec<(String, String)> = store
            .directory
            .get()
            .and_then(Result::ok)
            .map(|directory| {
                directory
                    .all()
                    .iter()
                    .map(|r| (r.id.clone(), r.name.get(lang).to_string()))
                    .collect()
            })
            .unwrap_or_default();
        options.sort_by(|a, b| a.1.cmp(&b.1));
        options
            .into_iter()
            .map(|(id, name)| {
                let label = with_count(String::new(), count(format!("u/{id}")));
                view! { <option value=name>{label}</option> }
            })
            .collect_view()
    };
    let opened = RwSignal::new(false);
    // The university list (hundreds of options) is built when its field is first focused,
    // the one time it is needed: built with the rest of the panel, it made one long task
    // that a keystroke could land behind.
    let listed = RwSignal::new(false);
    // Why the name typed into the university field picked none: said under the field,
    // which keeps the text.
    let university_problem = RwSignal::new(None::<NameProblem>);
    request_idle_callback(move || {
        if !opened.get_untracked() {
            opened.set(true);
        }
    });
    let date_value = |date: Option<Date>| date.map(|d| d.to_string()).unwrap_or_default();
    let min = CHALLENGE_START.to_string();
    let max = today().to_string();

    view! {
        <section class="filters" aria-labelledby="filters-title">
            <h2 id="filters-title" class="visually-hidden">{move || t_string!(i18n, feed.filters)}</h2>
            <div class="filters__search">
                <label for="feed-q">{move || t_string!(i18n, feed.search_label)}</label>
                <input
                    id="feed-q"
                    type="search"
                    enterkeyhint="search"
                    autocomplete="off"
                    aria-describedby="feed-q-hint"
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=on_search
                />
                <p id="feed-q-hint" class="filters__hint">{move || t_string!(i18n, feed.search_hint)}</p>
            </div>
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
                {move || {
                    let active = filter.with(|f| {
                        [f.university.is_some(), f.virtue.is_some(), f.region.is_some(), f.from.is_some(), f.to.is_some(), f.oldest_first]
                            .into_iter()
                            .filter(|set| *set)
                            .count()
                    });
                    (active > 0).then(|| format!(" ({active})"))
                }}
            </summary>
            // Built once the filters are first opened, or once the browser is idle: not on
            // the way to the first screen.
            {move || {
                opened
                    .get()
                    .then(|| {
                        let min = min.clone();
                        let max = max.clone();
                        view! {
                    <div class="filters__virtues" role="group" aria-label=move || t_string!(i18n, feed.virtue_label)>
                        <button
                            type="button"
                            class="chip"
                            aria-pressed=move || filter.with(|f| f.virtue.is_none()).to_string()
                            on:click=move |_| set(&|f: &mut Filter| f.virtue = None)
                        >
                            {move || t_string!(i18n, feed.virtue_all)}
                        </button>
                        {Virtue::ALL
                            .into_iter()
                            .map(|virtue| {
                                view! {
                                    <button
                                        type="button"
                                        class=format!("chip chip--{}", virtue.slug())
                                        aria-pressed=move || (filter.with(|f| f.virtue) == Some(virtue)).to_string()
                                        on:click=move |_| set(&move |f: &mut Filter| f.virtue = Some(virtue))
                                    >
                                        {move || virtue_name(i18n, virtue)}
                                        {move || count(format!("v/{}", virtue.slug())).map(|n| view! { <span class="chip__count">{n}</span> })}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <div class="filters__row">
                        <label class="field">
                            <span>{move || t_string!(i18n, feed.region_label)}</span>
                            <select on:change=move |event| {
                                let region = Region::from_slug(&event_target_value(&event));
                                set(&move |f: &mut Filter| f.region = region);
                            }>
                                <option value="" selected=move || filter.with(|f| f.region.is_none())>
                                    {move || t_string!(i18n, region.all)}
                                </option>
                                {Region::ALL
                                    .into_iter()
                                    .map(|region| {
                                        let name = move || {
                                            with_count(
                                                region_name(i18n, region).to_string(),
                                                count(format!("r/{}", region.slug())),
                                            )
                                        };
                                        view! {
                                            <option
                                                value=region.slug()
                                                selected=move || filter.with(|f| f.region == Some(region))
                                            >
                                                {name}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <div class="field field--wide">
                            <label for="feed-university">{move || t_string!(i18n, feed.university_label)}</label>
                            // Type a name or a part of one, or pick from the list the browser
                            // offers.
                            <input
                                id="feed-university"
                                type="search"
                                list="feed-universities"
                                autocomplete="off"
                                aria-describedby="feed-university-problem"
                                aria-invalid=move || university_problem.with(Option::is_some).to_string()
                                on:focus=move |_| {
                                    if !listed.get_untracked() {
                                        listed.set(true);
                                    }
                                }
                                placeholder=move || t_string!(i18n, feed.university_all)
                                prop:value=move || {
                                    let lang = lang_of(i18n.get_locale());
                                    filter
                                        .with(|f| f.university.clone())
                                        .and_then(|id| {
                                            store
                                                .directory
                                                .get()
                                                .and_then(Result::ok)
                                                .and_then(|d| d.get(&id).map(|u| u.name.get(lang).to_string()))
                                        })
                                        .unwrap_or_default()
                                }
                                on:input=move |_| university_problem.set(None)
                                on:change=move |event| {
                                    let text = event_target_value(&event);
                                    if text.trim().is_empty() {
                                        university_problem.set(None);
                                        set(&|f: &mut Filter| f.university = None);
                                        return;
                                    }
                                    let Some(Ok(directory)) = store.directory.get_untracked() else {
                                        return;
                                    };
                                    match directory.match_name(&text) {
                                        NameMatch::One(found) => {
                                            // The whole name, as the list would have put it.
                                            let lang = lang_of(i18n.get_locale_untracked());
                                            event_target::<web_sys::HtmlInputElement>(&event)
                                                .set_value(found.name.get(lang));
                                            university_problem.set(None);
                                            let id = found.id.clone();
                                            set(&move |f: &mut Filter| f.university = Some(id.clone()));
                                        }
                                        NameMatch::Several => university_problem.set(Some(NameProblem::Several)),
                                        NameMatch::None => university_problem.set(Some(NameProblem::Unknown)),
                                    }
                                }
                            />
                            <datalist id="feed-universities">{move || listed.get().then(universities)}</datalist>
                            <p class="field__error" id="feed-university-problem" aria-live="polite">
                                {move || match university_problem.get() {
                                    Some(NameProblem::Several) => t_string!(i18n, feed.university_several),
                                    Some(NameProblem::Unknown) => t_string!(i18n, feed.university_unknown),
                                    None => "",
                                }}
                            </p>
                        </div>
                        <label class="field">
                            <span>{move || t_string!(i18n, feed.from_label)}</span>
                            <input
                                type="date"
                                min=min.clone()
                                max=max.clone()
                                prop:value=move || date_value(filter.with(|f| f.from))
                                on:change=move |event| {
                                    let from = Date::parse(&event_target_value(&event)).ok();
                                    set(&move |f: &mut Filter| f.from = from);
                                }
                            />
                        </label>
                        <label class="field">
                            <span>{move || t_string!(i18n, feed.to_label)}</span>
                            <input
                                type="date"
                                min=min.clone()
                                max=max.clone()
                                prop:value=move || date_value(filter.with(|f| f.to))
                                on:change=move |event| {
                                    let to = Date::parse(&event_target_value(&event)).ok();
                                    set(&move |f: &mut Filter| f.to = to);
                                }
                            />
                        </label>
                        <label class="field">
                            <span>{move || t_string!(i18n, feed.sort_label)}</span>
                            <select on:change=move |event| {
                                let oldest = event_target_value(&event) == "oldest";
                                set(&move |f: &mut Filter| f.oldest_first = oldest);
                            }>
                                <option value="newest" selected=move || filter.with(|f| !f.oldest_first)>
                                    {move || t_string!(i18n, feed.sort_newest)}
                                </option>
                                <option value="oldest" selected=move || filter.with(|f| f.oldest_first)>
                                    {move || t_string!(i18n, feed.sort_oldest)}
                                </option>
                            </select>
                        </label>
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
                                    set(&|f: &mut Filter| {
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
