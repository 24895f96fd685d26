//! The feed's search box: it keeps what is typed, and the URL follows after a pause, in
//! place of the current history entry, so typing a word does not add one per letter.

use std::time::Duration;

use leptos::prelude::*;

use super::FilterEdit;
use crate::i18n::{t_string, use_i18n};
use crate::model::feed::Filter;

/// How long typing must pause before the search runs.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The keyword search, with its hint, showing and changing the filters of `edit`.
pub(super) fn search_box(edit: FilterEdit) -> impl IntoView {
    let i18n = use_i18n();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_search = move |event: leptos::ev::Event| {
        // The search's code arrives while the reader types.
        crate::app::components::deed_feed::prepare_search();
        let text = event_target_value(&event);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || edit.apply(&|f: &mut Filter| f.query = text.trim().to_string(), true),
            SEARCH_DEBOUNCE,
        )
        .ok();
        pending.set_value(handle);
    };
    view! {
        <div class="filters__search">
            <label for="feed-q">{move || t_string!(i18n, feed.search_label)}</label>
            <input
                id="feed-q"
                type="search"
                enterkeyhint="search"
                autocomplete="off"
                aria-describedby="feed-q-hint"
                prop:value=move || edit.filter.with(|f| f.query.clone())
                on:input=on_search
            />
            <p id="feed-q-hint" class="filters__hint">{move || t_string!(i18n, feed.search_hint)}</p>
        </div>
    }
}
