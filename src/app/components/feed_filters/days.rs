//! The feed's days: deeds done from one day, up to another, both within the challenge
//! (from its first day to today).

use leptos::prelude::*;

use super::FilterEdit;
use crate::app::state::today::today;
use crate::i18n::{t_string, use_i18n};
use crate::model::{CHALLENGE_START, Date, feed::Filter};

/// A day as a date field's value, `""` for none.
fn date_value(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// The "from" and "to" fields, showing and changing the filters of `edit`.
pub(super) fn day_fields(edit: FilterEdit) -> impl IntoView {
    let i18n = use_i18n();
    let filter = edit.filter;
    let min = CHALLENGE_START.to_string();
    let max = today().to_string();
    view! {
        <label class="field">
            <span>{move || t_string!(i18n, feed.from_label)}</span>
            <input
                type="date"
                min=min.clone()
                max=max.clone()
                prop:value=move || date_value(filter.with(|f| f.from))
                on:change=move |event| {
                    let from = Date::parse(&event_target_value(&event)).ok();
                    edit.set(&move |f: &mut Filter| f.from = from);
                }
            />
        </label>
        <label class="field">
            <span>{move || t_string!(i18n, feed.to_label)}</span>
            <input
                type="date"
                min=min
                max=max
                prop:value=move || date_value(filter.with(|f| f.to))
                on:change=move |event| {
                    let to = Date::parse(&event_target_value(&event)).ok();
                    edit.set(&move |f: &mut Filter| f.to = to);
                }
            />
        </label>
    }
}
