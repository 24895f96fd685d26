//! The bottom tab bar that phones navigate with.

use leptos::prelude::*;

use crate::app::components::nav::NavLinks;

/// The main navigation fixed to the bottom of the screen; hidden on wide screens, where
/// the header's top navigation takes over.
#[component]
pub fn TabBar() -> impl IntoView {
    view! { <NavLinks class="tab-bar" /> }
}
