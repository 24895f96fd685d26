//! What the feed says about its reading: above the cards, that the earliest were put away
//! (with a way back to the start); below them, that more is loading, a "show more"
//! button, the end, an empty result, or a translated error with a retry.

use leptos::prelude::*;

use super::loader::{Feed, Status};
use crate::app::components::error_view::ErrorView;
use crate::i18n::{t_string, use_i18n};

/// How many deeds a keyword search found, once it has answered: "≈" before the number
/// when it is at most that many.
pub(super) fn result_count(feed: Feed) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        feed.found.get().map(|(count, approximate)| {
            let text = move || {
                let count = count.to_string();
                if approximate {
                    t_string!(i18n, feed.found_about, count = count.clone())
                } else {
                    t_string!(i18n, feed.found, count = count.clone())
                }
                .to_string()
            };
            view! {
                <p class="feed__count" role="status" data-testid="result-count">
                    {text}
                </p>
            }
        })
    }
}

/// The notice that the earliest cards of `feed` were put away.
pub(super) fn trimmed_notice(feed: Feed) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        feed.trimmed.get().then(|| {
            view! {
                <p class="feed__status" data-testid="feed-trimmed">
                    {move || t_string!(i18n, feed.trimmed)} " "
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| {
                            feed.restart();
                            window().scroll_to_with_x_and_y(0.0, 0.0);
                        }
                    >
                        {move || t_string!(i18n, feed.back_to_start)}
                    </button>
                </p>
            }
        })
    }
}

/// The footer under the cards of `feed`; `on_retry` tries a failed step again.
pub(super) fn feed_footer(feed: Feed, on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = move || feed.items.with(Vec::is_empty);
    move || match feed.status.get() {
        Status::Loading if empty() => view! {
            <div class="skeletons" aria-hidden="true">
                <div class="skeleton"></div>
                <div class="skeleton"></div>
                <div class="skeleton"></div>
            </div>
            <p class="visually-hidden" role="status">
                {move || t_string!(i18n, feed.loading)}
            </p>
        }
        .into_any(),
        Status::Loading => view! {
            <p class="feed__status" role="status">
                {move || t_string!(i18n, feed.loading)}
            </p>
        }
        .into_any(),
        Status::More => view! {
            <button type="button" class="button feed__more" on:click=move |_| feed.load()>
                {move || t_string!(i18n, feed.load_more)}
            </button>
        }
        .into_any(),
        Status::Done if empty() => view! {
            <div class="notice" data-testid="feed-empty">
                <h2 class="notice__title">{move || t_string!(i18n, feed.empty_title)}</h2>
                <p>{move || t_string!(i18n, feed.empty_text)}</p>
            </div>
        }
        .into_any(),
        Status::Done => {
            view! { <p class="feed__status">{move || t_string!(i18n, feed.end)}</p> }.into_any()
        }
        Status::Failed(error) => view! { <ErrorView error=error on_retry /> }.into_any(),
    }
}
