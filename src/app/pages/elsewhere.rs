//! A route that another of the site's apps shows (see [`crate::Part`]): the page is
//! loaded afresh at that address, and index.html starts the app that owns it.

use std::time::Duration;

use leptos::prelude::*;

use crate::Part;
use crate::app::base_path::RouterBase;
use crate::app::components::loading::Loading;
use crate::app::pages::not_found_page::NotFoundPage;

/// How long to wait for the router to write the new address into the history.
const TRIES: u32 = 20;
const TRY_EVERY: Duration = Duration::from_millis(25);

/// Reloads the page once the browser's address belongs to another app, showing the
/// loading notice meanwhile.
///
/// The router renders a route before it writes the address into the history, so the
/// reload waits until the address has changed (a reload keeps the back button's order).
/// Should the address still be this app's after a while (index.html and [`Part::of`]
/// disagree), it shows "not found" rather than reload for ever.
#[component]
pub fn Elsewhere() -> impl IntoView {
    let running = document()
        .document_element()
        .and_then(|html| html.get_attribute("data-app"))
        .unwrap_or_default();
    let base = use_context::<RouterBase>()
        .map(|RouterBase(base)| base)
        .unwrap_or_default();
    let stuck = RwSignal::new(false);
    wait_to_leave(running, base, stuck, TRIES);
    move || {
        if stuck.get() {
            NotFoundPage().into_any()
        } else {
            Loading().into_any()
        }
    }
}

fn wait_to_leave(running: String, base: String, stuck: RwSignal<bool>, tries: u32) {
    set_timeout(
        move || {
            let location = window().location();
            let path = location.pathname().unwrap_or_default();
            let route = path.strip_prefix(&base).unwrap_or(&path);
            if Part::of(route).name() != running {
                let _ = location.reload();
            } else if tries == 0 {
                leptos::logging::warn!(
                    "{path} belongs to the app index.html started, which does not show it"
                );
                stuck.set(true);
            } else {
                wait_to_leave(running, base, stuck, tries - 1);
            }
        },
        TRY_EVERY,
    );
}
