//! The challenge, told on the home page to a visitor who does not know it yet: who started
//! it and when, Al-Farabi's four virtues, how to take part, and how far the relay has come.
//! A returning visitor folds it away; the choice is kept (`qq.intro`) and applied before the
//! first paint by the pages' inline script (`<html class="intro-folded">`), so nothing moves
//! when the app takes the page over.

use leptos::prelude::*;

use crate::app::base_path::href;
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::feed::Reach;

/// Where the folded choice is kept.
const FOLDED_KEY: &str = "qq.intro";
/// The class on `<html>` that folds the introduction.
const FOLDED_CLASS: &str = "intro-folded";

/// The introduction, with its fold button.
#[component]
pub fn ChallengeIntro() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let reach = Memo::new(move |_| {
        let manifest = store.manifest.get().and_then(Result::ok)?;
        let directory = store.directory.get().and_then(Result::ok)?;
        Some(Reach::of(&manifest, &directory))
    });
    let folded = RwSignal::new(is_folded());
    let toggle = move |_| {
        let now = !folded.get_untracked();
        folded.set(now);
        remember(now);
    };
    view! {
        <section class="intro" data-testid="challenge-intro" aria-labelledby="intro-title">
            <div class="intro__head">
                <h2 id="intro-title" class="intro__title">{move || t_string!(i18n, intro.title)}</h2>
                <button
                    type="button"
                    class="link-button intro__toggle"
                    aria-controls="intro-body"
                    aria-expanded=move || if folded.get() { "false" } else { "true" }
                    on:click=toggle
                >
                    <span class="intro__fold">{move || t_string!(i18n, intro.fold)}</span>
                    <span class="intro__unfold">{move || t_string!(i18n, intro.unfold)}</span>
                </button>
            </div>
            <div id="intro-body" class="intro__body">
                <p class="intro__lead">{move || t_string!(i18n, intro.lead)}</p>
                {move || {
                    reach
                        .get()
                        .map(|reach| {
                            view! {
                                <p class="intro__figures">
                                    {t_string!(
                                        i18n, intro.figures, deeds = reach.deeds, universities =
                                        reach.universities, countries = reach.countries
                                    )}
                                </p>
                            }
                        })
                }}
                <p class="intro__virtues">{move || t_string!(i18n, intro.virtues)}</p>
                <ol class="intro__steps">
                    <li>{move || t_string!(i18n, intro.step_do)}</li>
                    <li>{move || t_string!(i18n, intro.step_post)}</li>
                    <li>
                        <a href=href("/submit")>{move || t_string!(i18n, intro.step_add)}</a>
                    </li>
                </ol>
            </div>
        </section>
    }
}

/// Whether the reader folded the introduction (the inline script has marked `<html>`).
fn is_folded() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        document()
            .document_element()
            .is_some_and(|html| html.class_list().contains(FOLDED_CLASS))
    }
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Keeps the choice and folds or unfolds the page at once.
fn remember(folded: bool) {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(html) = document().document_element() {
            let _ = if folded {
                html.class_list().add_1(FOLDED_CLASS)
            } else {
                html.class_list().remove_1(FOLDED_CLASS)
            };
        }
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = if folded {
                storage.set_item(FOLDED_KEY, "folded")
            } else {
                storage.remove_item(FOLDED_KEY)
            };
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (folded, FOLDED_KEY, FOLDED_CLASS);
}
