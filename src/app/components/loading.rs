//! What a page shows while its data is on the way: a skeleton, and a status line for
//! screen readers.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// A placeholder block announced as "loading".
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" aria-hidden="true"></div>
        <p class="visually-hidden" role="status">{move || t_string!(i18n, feed.loading)}</p>
    }
}
