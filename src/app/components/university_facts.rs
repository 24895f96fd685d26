//! A university's place in the relay: when it joined, who passed it the baton, whom it
//! passed it to, and the balance of its deeds' virtues. Shown on the university page and in the map's
//! panel.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::state::loaded::Loaded;
use leptos_router::components::A;

use crate::app::api::ApiError;
use crate::app::base_path::href;
use crate::app::components::{
    dates::{format_date, lang_of},
    error_view::ErrorView,
    virtue_balance::VirtueBalance,
};
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    feed::Directory,
    relay::{
        charts::balance_of,
        path::{ORIGIN, first_return},
    },
    store::{RelayLink, UniversityStats},
};

/// The relay facts of university `id`, from `stats.json` and `relay.json`.
#[component]
pub fn UniversityFacts(
    id: String,
    directory: Arc<Directory>,
    stats: Loaded<Result<Vec<UniversityStats>, ApiError>>,
    relay: Loaded<Result<Vec<RelayLink>, ApiError>>,
    /// Inside a section headed by an `<h2>` (the map's panel): its heading is an `<h3>`.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let short_name = move |id: &str| {
        let lang = lang_of(i18n.get_locale());
        directory
            .get(id)
            .map_or_else(|| id.to_string(), |r| r.short.get(lang).to_string())
    };
    let own_id = id.clone();
    let facts = {
        let short_name = short_name.clone();
        move || {
            let all = match stats.get()? {
                Ok(all) => all,
                Err(error) => {
                    return Some(
                        view! {
                            <ErrorView error=error on_retry=Callback::new(move |()| stats.reload()) />
                        }
                        .into_any(),
                    );
                }
            };
            let record = all.into_iter().find(|s| s.id == own_id)?;
            let joined = record.joined;
            // KazNU started the relay: a baton that reaches it later comes back to it.
            let origin = own_id == ORIGIN;
            let started = origin.then(|| {
                view! {
                    <p data-testid="relay-origin">{move || t_string!(i18n, university.started)}</p>
                }
            });
            // KazNU received no baton: the first that reached it later came back.
            let from = match origin {
                true => (relay.get().and_then(Result::ok))
                    .and_then(|links| first_return(&links).map(|link| link.from.clone())),
                false => record.received_from.clone(),
            };
            let received_from = from.map(|from| {
                let name = short_name(&from);
                view! {
                    <p>
                        {move || {
                            if origin {
                                t_string!(i18n, university.returned_from)
                            } else {
                                t_string!(i18n, university.received_from)
                            }
                        }}
                        " "
                        <A href=href(&format!("/u/{from}"))>{name}</A>
                    </p>
                }
            });
            let balance = balance_of(&record.by_virtue);
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
                    {started}
                    {received_from}
                    {if nested {
                        view! { <h3>{move || t_string!(i18n, university.by_virtue)}</h3> }.into_any()
                    } else {
                        view! { <h2>{move || t_string!(i18n, university.by_virtue)}</h2> }.into_any()
                    }}
                    <VirtueBalance balance=balance />
                }
                .into_any(),
            )
        }
    };
    let passed_to = move || {
        let links = relay.get()?.ok()?;
        let to: Vec<String> = links
            .into_iter()
            .filter(|link| link.from == id)
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
    };
    view! {
        {passed_to}
        {facts}
    }
}
