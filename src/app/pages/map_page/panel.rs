//! The panels over the map: the selected university's (its name, place, links to its page
//! and its feed, relay facts and three latest deeds), or, for a cluster that zooming
//! cannot split, its universities to choose from. On a phone the university's panel is a
//! sheet over the lower part of the map, in view as it opens: its heading takes the
//! focus, and Escape (or the back button, see the map page) closes it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::state::loaded::Loaded;
use leptos_router::components::A;

use crate::app::api::ApiError;
use crate::app::base_path::href;
use crate::app::components::{
    dates::format_date, deed_photo::DeedPhoto, error_view::ErrorView,
    university_facts::UniversityFacts,
};
use crate::app::state::store_cache::{StoreContext, use_store};
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    Deed, Lang,
    feed::{Directory, percent_encode},
    store::{ListId, RelayLink, UniversityStats},
};

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

/// The panel of university `id`, or a notice when the store has no such university.
#[component]
pub fn UniversityPanel(
    /// The university's id, from the address.
    id: String,
    /// The universities.
    directory: Arc<Directory>,
    /// The reader's language.
    lang: Lang,
    /// `stats.json`, for the relay facts.
    stats: Loaded<Result<Vec<UniversityStats>, ApiError>>,
    /// `relay.json`, for the relay facts.
    relay: Loaded<Result<Vec<RelayLink>, ApiError>>,
    /// Closes the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(u) = directory.get(&id).cloned() else {
        return view! {
            <section class="map-panel" data-testid="map-panel">
                <p class="notice">{move || t_string!(i18n, university.not_found)}</p>
            </section>
        }
        .into_any();
    };
    let place = format!("{} · {}", u.city.get(lang), country_name(lang, &u.country));
    let page = href(&format!("/u/{}", u.id));
    let feed = href(&format!("/?u={}", percent_encode(&u.id)));
    // The heading takes the focus as the panel opens (and when another university's
    // replaces it), so a screen reader reads where the tap led.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    // (In a browser only: the publisher renders pages natively, with no window.)
    #[cfg(target_arch = "wasm32")]
    {
        let escape = window_event_listener(leptos::ev::keydown, move |event| {
            if event.key() == "Escape" {
                on_close.run(());
            }
        });
        on_cleanup(move || escape.remove());
    }
    view! {
        <section class="map-panel map-panel--sheet" aria-labelledby="map-panel-title" data-testid="map-panel">
            <div class="map-panel__head">
                <h2 id="map-panel-title" tabindex="-1" node_ref=heading>{u.name.get(lang).to_string()}</h2>
                <button
                    type="button"
                    class="map-panel__close"
                    aria-label=move || t_string!(i18n, map.close)
                    on:click=move |_| on_close.run(())
                >
                    "×"
                </button>
            </div>
            <p>{u.short.get(lang).to_string()} " · " {place}</p>
            <p class="map-panel__links">
                <A href=page>{move || t_string!(i18n, map.open_page)}</A>
                <A href=feed>{move || t_string!(i18n, map.open_feed)}</A>
            </p>
            <UniversityFacts id=u.id.clone() directory=directory stats=stats relay=relay nested=true />
            <h3>{move || t_string!(i18n, map.latest)}</h3>
            <LatestDeeds id=u.id.clone() />
        </section>
    }
    .into_any()
}

/// The three latest deeds of university `id`: the newest page of its list, and the one
/// before if that page holds fewer than three. The manifest says where the list ends, so
/// this waits for it: the panel may open before it has arrived.
async fn latest_deeds(store: StoreContext, id: String) -> Result<Vec<Deed>, ApiError> {
    let manifest = store.manifest.await?;
    let list = ListId::University(id);
    let Some(page) = manifest.last_page(&list) else {
        return Ok(Vec::new());
    };
    let mut deeds = store.page(&list, page).await?.as_ref().clone();
    if deeds.len() < 3 && page > 0 {
        let mut earlier = store.page(&list, page - 1).await?.as_ref().clone();
        earlier.append(&mut deeds);
        deeds = earlier;
    }
    deeds.reverse();
    deeds.truncate(3);
    Ok(deeds)
}

/// The latest deeds of university `id`, each a link to its page, with a retry when they
/// fail to load.
#[component]
fn LatestDeeds(
    /// The university's id.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let latest = RwSignal::new(None::<Result<Vec<Deed>, ApiError>>);
    let load = move || {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            latest.set(Some(latest_deeds(store, id).await));
        });
    };
    load();
    move || {
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
                            let thumb = deed.photos.into_iter().next().map(|photo| {
                                view! {
                                    <DeedPhoto
                                        photo
                                        sizes="3rem"
                                        class="deed-photo deed-photo--mini"
                                    />
                                }
                            });
                            view! {
                                <li class="map-panel__deed">
                                    {thumb}
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
                let retry = load.clone();
                let on_retry = Callback::new(move |()| {
                    store.retry();
                    retry();
                });
                view! { <ErrorView error=error on_retry /> }.into_any()
            }
        })
    }
}

/// The universities of a cluster too close to split (one city's), to choose from.
#[component]
pub fn ClusterChoice(
    /// Their ids.
    ids: Vec<String>,
    /// The universities.
    directory: Arc<Directory>,
    /// The reader's language.
    lang: Lang,
    /// Gets the id of the one chosen.
    on_select: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="map-panel" aria-labelledby="map-here-title" data-testid="map-here">
            <h2 id="map-here-title">{move || t_string!(i18n, map.here)}</h2>
            <ul class="map-here">
                {ids
                    .into_iter()
                    .filter_map(|id| {
                        let name = directory.get(&id)?.short.get(lang).to_string();
                        Some(view! {
                            <li>
                                <button type="button" class="chip" on:click=move |_| on_select.run(id.clone())>
                                    {name}
                                </button>
                            </li>
                        })
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
