//! The feed's region choice: Kazakhstan, the near or the far abroad, or everywhere, each
//! with how many deeds it has under the other filters ([`super::counts`]).

use leptos::prelude::*;

use super::counts::{Counts, count_text};
use super::{FilterEdit, region_name, with_count};
use crate::i18n::{t_string, use_i18n};
use crate::model::{Region, feed::Filter, filter_counts::Choice, store::ListId};

/// The region field, showing and changing the filters of `edit`.
pub(super) fn region_choice(edit: FilterEdit, counts: Counts) -> impl IntoView {
    let i18n = use_i18n();
    let filter = edit.filter;
    view! {
        <label class="field">
            <span>{move || t_string!(i18n, feed.region_label)}</span>
            <select on:change=move |event| {
                let region = Region::from_slug(&event_target_value(&event));
                edit.set(&move |f: &mut Filter| f.region = region);
            }>
                <option value="" selected=move || filter.with(|f| f.region.is_none())>
                    {move || t_string!(i18n, region.all)}
                </option>
                {Region::ALL
                    .into_iter()
                    .map(|region| {
                        let name = move || {
                            with_count(
                                region_name(i18n, region).to_string(),
                                counts
                                    .of(
                                        counts.now().as_ref(),
                                        Choice::Region,
                                        &ListId::Region(region),
                                        &|c| c.region(region),
                                    )
                                    .map(|n| count_text(i18n, n)),
                            )
                        };
                        view! {
                            <option
                                value=region.slug()
                                selected=move || filter.with(|f| f.region == Some(region))
                            >
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
