//! One university's page, /u/:id: its names, city, place in the relay, counts by virtue
//! and its deeds, paged.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::base_path::href;
use crate::components::feed_filters::region_name;
use crate::components::{
    dates::{format_date, lang_of},
    deed_feed::DeedFeed,
    error_view::ErrorView,
    loading::Loading,
    page_heading::PageHeading,
    virtue_badge::VirtueBadge,
};
use crate::i18n::{t_string, use_i18n};
use crate::model::{Lang, Virtue, feed::Filter};
use crate::state::store::{fetch_relay, fetch_stats, use_store};

/// A participating university: its place in the relay and its deeds.
#[component]
pub fn UniversityPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let relay = LocalResource::new(fetch_relay);
    let stats = LocalResource::new(fetch_stats);
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
        let short_name = {
            let directory = directory.clone();
            move |id: &str| {
                let lang = lang_of(i18n.get_locale());
                directory
                    .get(id)
                    .map_or_else(|| id.to_string(), |r| r.short.get(lang).to_string())
            }
        };
        let region = u.region();
        let own_id = u.id.clone();
        let facts = {
            let short_name = short_name.clone();
            move || {
                let all = match stats.get()? {
                    Ok(all) => all,
                    Err(error) => {
                        return Some(
                            view! {
                                <ErrorView error=error on_retry=Callback::new(move |()| stats.refetch()) />
                            }
                            .into_any(),
                        );
                    }
                };
                let record = all.into_iter().find(|s| s.id == own_id)?;
                let joined = record.joined;
                let received_from = record.received_from.clone().map(|from| {
                    let name = short_name(&from);
                    view! {
                        <p>
                            {move || t_string!(i18n, university.received_from)} " "
                            <A href=href(&format!("/u/{from}"))>{name}</A>
                        </p>
                    }
                });
                let counts = Virtue::ALL
                    .into_iter()
                    .map(|virtue| {
                        let n = record.by_virtue.get(virtue.slug()).copied().unwrap_or(0);
                        view! {
                            <li>
                                <VirtueBadge virtue=virtue />
                                " "
                                <span>{n}</span>
                            </li>
                        }
                    })
                    .collect_view();
                Some(
                    view! {
                        <p>
                            {move || match joined {
                                Some(day) => format!(
                                    "{} {}",
                                    t_string!(i18n, university.joined),
                                    format_date(i18n, day),
                                ),
                                None => t_string!(i18n, university.not_joined).to_string(),
                            }}
                        </p>
                        {received_from}
                        <h2>{move || t_string!(i18n, university.by_virtue)}</h2>
                        <ul class="virtue-counts">{counts}</ul>
                    }
                    .into_any(),
                )
            }
        };
        let passed_to = {
            let short_name = short_name.clone();
            let own = u.id.clone();
            move || {
                let links = relay.get()?.ok()?;
                let to: Vec<String> = links
                    .into_iter()
                    .filter(|link| link.from == own)
                    .map(|link| link.to)
                    .collect();
                (!to.is_empty()).then(|| {
                    let short_name = short_name.clone();
                    view! {
                        <div class="deed-card__passes">
                            <span>{move || t_string!(i18n, university.passed_to)}</span>
                            <ul class="inline-list">
                                {to
                                    .into_iter()
                                    .map(|to| {
                                        let name = short_name(&to);
                                        view! {
                                            <li>
                                                <A href=href(&format!("/u/{to}"))>{name}</A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
            }
        };
        Some(
            view! {
                <PageHeading title=name />
                <p class="page-heading__intro">{other_names}</p>
                <section class="university-facts">
                    <p>{city} " · " {move || region_name(i18n, region)}</p>
                    {passed_to}
                    {facts}
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
