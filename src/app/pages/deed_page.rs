//! One deed's permalink, /deed/:id: one fetch of the page of `all` that holds it.

use leptos::prelude::*;

use crate::app::state::loaded::Loaded;
use leptos_router::hooks::use_params_map;

use crate::app::api::ApiError;
use crate::app::base_path::{href, link_rel};
use crate::app::components::{
    baton_invite::BatonInvite, deed_card::DeedCard, deed_photo::DeedPhotos, error_view::ErrorView,
    loading::Loading, page_heading::PageHeading, share_button::ShareButton,
};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::store::{ListId, page_of_deed};

/// A single deed, with its whole story, its university, virtue and batons, its photos, a
/// share button, and an invitation for each university it passed the baton to.
#[component]
pub fn DeedPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<u64>().ok())));
    let deed = Loaded::new(move || {
        let id = id.get_untracked();
        async move {
            let Some(id) = id.filter(|id| *id > 0) else {
                return Ok(None);
            };
            match store.page(&ListId::All, page_of_deed(id)).await {
                Ok(deeds) => Ok(deeds.iter().find(|deed| deed.id == id).cloned()),
                // No such page: no such deed.
                Err(ApiError::Status { status: 404, .. }) => Ok(None),
                Err(error) => Err(error),
            }
        }
    });
    // Another deed of the same app (a link between deed pages): load that one.
    Effect::new(move |shown: Option<Option<u64>>| {
        let now = id.get();
        if shown.is_some_and(|shown| shown != now) {
            deed.reload();
        }
        now
    });
    let not_found = move || {
        view! {
            <PageHeading title=Signal::derive(move || t_string!(i18n, deed.title).to_string()) />
            <p class="notice" data-testid="deed-not-found">{move || t_string!(i18n, deed.not_found)}</p>
            <p>
                <a href=href("/") rel=link_rel("/")>{move || t_string!(i18n, deed.back)}</a>
            </p>
        }
    };
    let shown = move || {
        let directory = store.directory.get()?;
        let loaded = deed.get()?;
        Some(match (loaded, directory) {
            (Ok(Some(deed)), Ok(directory)) => {
                let title = deed.title.clone();
                let url = crate::app::base_path::page_url();
                let invites = (deed.passes_to.iter())
                    .map(|to| {
                        view! {
                            <BatonInvite
                                to=to.clone()
                                from=deed.university.clone()
                                directory=directory.clone()
                            />
                        }
                    })
                    .collect_view();
                view! {
                    <PageHeading title=Signal::derive(move || title.clone()) />
                    <DeedCard deed=deed.clone() directory=directory.clone() full=true />
                    {(!deed.photos.is_empty()).then(|| view! { <DeedPhotos photos=deed.photos.clone() /> })}
                    <div class="deed-actions">
                        <ShareButton title=deed.title.clone() url=url />
                        <a href=href("/") rel=link_rel("/")>{move || t_string!(i18n, deed.back)}</a>
                    </div>
                    {invites}
                }
                .into_any()
            }
            (Ok(None), _) => not_found().into_any(),
            (Err(error), _) | (_, Err(error)) => view! {
                <PageHeading title=Signal::derive(move || t_string!(i18n, deed.title).to_string()) />
                <ErrorView error=error on_retry=Callback::new(move |()| {
                    store.retry();
                    deed.reload();
                }) />
            }
            .into_any(),
        })
    };
    view! {
        {move || {
            shown()
                .unwrap_or_else(|| view! { <Loading /> }.into_any())
        }}
    }
}
