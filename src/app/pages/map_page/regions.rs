//! The map page's region chips: all universities, or only Kazakhstan's, the near or the
//! far abroad's. The chosen one is pressed; the page keeps it in its address.

use leptos::prelude::*;

use crate::app::components::feed_filters::region_name;
use crate::i18n::{t_string, use_i18n};
use crate::model::Region;

/// One chip per region, and one for all.
#[component]
pub fn RegionChips(
    /// The region shown, `None` for all.
    region: Memo<Option<Region>>,
    /// Gets the region chosen.
    on_choose: Callback<Option<Region>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices = [
        None,
        Some(Region::Kz),
        Some(Region::Near),
        Some(Region::Far),
    ];
    let chips = choices
        .into_iter()
        .map(|choice| {
            let label = move || match choice {
                Some(r) => region_name(i18n, r).to_string(),
                None => t_string!(i18n, region.all).to_string(),
            };
            view! {
                <button
                    type="button"
                    class="chip"
                    aria-pressed=move || (region.get() == choice).to_string()
                    on:click=move |_| on_choose.run(choice)
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="map-filters chips" role="group" aria-label=move || t_string!(i18n, feed.region_label)>
            {chips}
        </div>
    }
}
