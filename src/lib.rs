//! The Qayirimdy Qogam (#AlFarabiQQ) site: the web app and the code it shares with the
//! native server.
//!
//! Data flows one way: [`model`] (types and rules, shared with the native inbox) ->
//! [`api`] (fetching static JSON) -> [`state`] (context providers) -> [`pages`] ->
//! [`components`]. [`App`] wires the providers and the router; `src/main.rs` only mounts
//! it, so tests can mount it too. The native server lives in `server`, compiled for the
//! host only, as are `publish`, which builds the static data store, `geometry`, which
//! builds the map's country outlines, and `inbox`, which takes submissions and
//! moderators' decisions.

// The macro reads locales/*.json at compile time. Its build.rs successor generates the same
// module but adds a heavy build-time dependency tree; the macro is still supported in 0.6.
#[allow(deprecated)]
mod translations {
    leptos_i18n::load_locales!();
}
pub use translations::i18n;

pub mod api;
pub mod base_path;
pub mod components;
pub mod draft;
pub mod hooks;
pub mod map;
pub mod model;
pub mod outbox;
pub mod pages;
pub mod state;

#[cfg(not(target_arch = "wasm32"))]
pub mod geometry;
#[cfg(not(target_arch = "wasm32"))]
pub mod inbox;
#[cfg(not(target_arch = "wasm32"))]
pub mod locale_keys;
#[cfg(not(target_arch = "wasm32"))]
pub mod publish;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
#[cfg(not(target_arch = "wasm32"))]
pub mod synthetic;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::{header::Header, skip_link::SkipLink, tab_bar::TabBar};
use crate::pages::{
    about_page::AboutPage, deed_page::DeedPage, feed_page::FeedPage, map_page::MapPage,
    not_found_page::NotFoundPage, relay_page::RelayPage, submit_page::SubmitPage,
    university_page::UniversityPage,
};
use crate::state::{
    config::provide_config_context, locale::provide_locale_context, store::provide_store_context,
};

/// The whole app: translations, runtime config, the router and the page frame (skip
/// link, header, routes, tab bar).
///
/// The router's base is read from `<base href>`, which index.html sets from the address,
/// so the same build serves the site root and any sub-path.
#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_locale_context();
    provide_config_context();
    provide_store_context();
    state::outbox::provide_outbox_context();
    let base = base_path::provide_router_base();

    view! {
        <Router base=base>
            <SkipLink label=Signal::derive(move || {
                crate::i18n::t_string!(i18n, shell.skip_to_content).to_string()
            }) />
            <Header />
            <main id="main" tabindex="-1" class="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=FeedPage />
                    <Route path=path!("/map") view=MapPage />
                    <Route path=path!("/submit") view=SubmitPage />
                    <Route path=path!("/relay") view=RelayPage />
                    <Route path=path!("/about") view=AboutPage />
                    <Route path=path!("/deed/:id") view=DeedPage />
                    <Route path=path!("/u/:id") view=UniversityPage />
                </Routes>
            </main>
            <TabBar />
        </Router>
    }
}
