//! The one view of a failed fetch: what went wrong, in the reader's language, and a retry.

use leptos::prelude::*;

use crate::app::api::ApiError;
use crate::i18n::{t_string, use_i18n};

/// A translated error with a "try again" button. Only the part that failed shows it; the
/// rest of the page keeps working.
#[component]
pub fn ErrorView(
    /// What failed.
    error: ApiError,
    /// Called when the reader asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    leptos::logging::warn!("{error}");
    let detail = match error {
        ApiError::Network { .. } => view! { {move || t_string!(i18n, error.network)} }.into_any(),
        ApiError::Schema { .. } => view! { {move || t_string!(i18n, error.schema)} }.into_any(),
        ApiError::Status { .. } | ApiError::Invalid { .. } => {
            view! { {move || t_string!(i18n, error.data)} }.into_any()
        }
    };
    view! {
        <div class="notice notice--error" role="alert">
            <h2 class="notice__title">{move || t_string!(i18n, error.title)}</h2>
            <p>{detail}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {move || t_string!(i18n, error.retry)}
            </button>
        </div>
    }
}
