//! The feed's order: newest first (the default) or oldest first.

use leptos::prelude::*;

use super::FilterEdit;
use crate::i18n::{t_string, use_i18n};
use crate::model::feed::Filter;

/// The order's field, showing and changing the filters of `edit`.
pub(super) fn order_choice(edit: FilterEdit) -> impl IntoView {
    let i18n = use_i18n();
    let filter = edit.filter;
    view! {
        <label class="field">
            <span>{move || t_string!(i18n, feed.sort_label)}</span>
            <select on:change=move |event| {
                let oldest = event_target_value(&event) == "oldest";
                edit.set(&move |f: &mut Filter| f.oldest_first = oldest);
            }>
                <option value="newest" selected=move || filter.with(|f| !f.oldest_first)>
                    {move || t_string!(i18n, feed.sort_newest)}
                </option>
                <option value="oldest" selected=move || filter.with(|f| f.oldest_first)>
                    {move || t_string!(i18n, feed.sort_oldest)}
                </option>
            </select>
        </label>
    }
}
