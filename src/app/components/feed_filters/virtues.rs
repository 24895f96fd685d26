//! The feed's virtue chips: all virtues, or one, each with how many deeds it has under the
//! other filters ([`super::counts`]).

use leptos::prelude::*;

use super::FilterEdit;
use super::counts::{Counts, count_text};
use crate::app::components::virtue_badge::virtue_name;
use crate::i18n::{t_string, use_i18n};
use crate::model::{Virtue, feed::Filter, filter_counts::Choice, store::ListId};

/// One chip per virtue, and one for all, for the filters of `edit`; the chosen one is
/// pressed.
pub(super) fn virtue_chips(edit: FilterEdit, counts: Counts) -> impl IntoView {
    let i18n = use_i18n();
    let filter = edit.filter;
    view! {
        <div class="filters__virtues" role="group" aria-label=move || t_string!(i18n, feed.virtue_label)>
            <button
                type="button"
                class="chip"
                aria-pressed=move || filter.with(|f| f.virtue.is_none()).to_string()
                on:click=move |_| edit.set(&|f: &mut Filter| f.virtue = None)
            >
                {move || t_string!(i18n, feed.virtue_all)}
            </button>
            {Virtue::ALL
                .into_iter()
                .map(|virtue| {
                    let count = move || {
                        let now = counts.now();
                        counts.of(now.as_ref(), Choice::Virtue, &ListId::Virtue(virtue), &|c| c.virtue(virtue))
                    };
                    view! {
                        <button
                            type="button"
                            class=format!("chip chip--{}", virtue.slug())
                            aria-pressed=move || (filter.with(|f| f.virtue) == Some(virtue)).to_string()
                            on:click=move |_| edit.set(&move |f: &mut Filter| f.virtue = Some(virtue))
                        >
                            {move || virtue_name(i18n, virtue)}
                            {move || count().map(|n| view! { <span class="chip__count">{count_text(i18n, n)}</span> })}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
