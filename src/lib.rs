//! The Qayirimdy Qogam (#AlFarabiQQ) site: the web app and the code it shares with the
//! native server.
//!
//! Data flows one way: [`model`] (types and rules, shared with the native inbox) ->
//! [`api`] (fetching static JSON) -> [`state`] (context providers) -> [`pages`] ->
//! [`components`]. [`FeedApp`], [`ReadApp`], [`MapApp`] and [`SubmitApp`] wire the
//! providers (and, but for the feed, the router) for the site's four public parts, and
//! [`ModerateApp`] for the moderators' page ([`Part`]); `src/main.rs` and
//! `src/bin/{read,map,submit,moderate}.rs` only mount them, so tests can mount them too. The native server lives in `server`, compiled for the
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

pub mod app;
pub mod model;
/// The native side: the server, the inbox and the publisher. The one gate for code that
/// never runs in a browser.
#[cfg(not(target_arch = "wasm32"))]
pub mod native;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};

use crate::app::base_path::{CurrentRoute, RouterBase};
use crate::app::components::{
    header::{Header, ModerateHeader},
    skip_link::SkipLink,
    tab_bar::TabBar,
};
use crate::app::pages::{
    about_page::AboutPage, deed_page::DeedPage, elsewhere::Elsewhere, feed_page::FeedPage,
    map_page::MapPage, moderate_page::ModeratePage, not_found_page::NotFoundPage,
    relay_page::RelayPage, submit_page::SubmitPage, university_page::UniversityPage,
};
use crate::app::state::{
    config::provide_config_context, locale::provide_locale_context,
    store_cache::provide_store_context,
};

/// The site is four public apps, each its own wasm file, so a page downloads only its own
/// code: the feed, the reading pages, the map, and the submit form; and the moderators'
/// page, a fifth that no public page downloads. The public ones share [`Frame`] and the
/// library; a link from one to another loads the page afresh (it is marked
/// `rel="external"`, see [`base_path::link_rel`]; [`pages::elsewhere`] covers any other
/// way). index.html picks the app from the address by the same rule as [`Part::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The feed, the site's first screen. Its one page needs no router.
    Feed,
    /// The reading pages: deeds, universities, the relay, about, and "not found".
    Read,
    /// The map of universities.
    Map,
    /// The submit form and the phone's own deeds.
    Submit,
    /// The moderators' page.
    Moderate,
}

impl Part {
    /// The app a route belongs to (the route relative to the site's base: `"/map"`).
    pub fn of(route: &str) -> Part {
        match route.trim_end_matches('/') {
            "" => Part::Feed,
            "/map" => Part::Map,
            "/submit" => Part::Submit,
            "/moderate" => Part::Moderate,
            _ => Part::Read,
        }
    }

    /// The name index.html gives it in `<html data-app>`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Feed => "feed",
            Part::Read => "read",
            Part::Map => "map",
            Part::Submit => "submit",
            Part::Moderate => "moderate",
        }
    }
}

/// The frame every app shares: translations, the store, where the site is
/// mounted and which app and route are showing, and the page frame (skip link, header, the
/// app's page or routes as `children`, tab bar).
#[component]
fn Frame(
    /// The app this frame is part of.
    part: Part,
    children: Children,
) -> impl IntoView {
    let i18n = provide_locale_context();
    provide_store_context();
    app::base_path::provide_router_base();
    provide_context(part);
    provide_context(CurrentRoute::from_address());

    view! {
        <SkipLink label=Signal::derive(move || {
            crate::i18n::t_string!(i18n, shell.skip_to_content).to_string()
        }) />
        <Header />
        <main id="main" tabindex="-1" class="main">
            {children()}
        </main>
        <TabBar />
    }
}

/// The router, for the apps with more than one page, under the site's base, which
/// index.html writes into `<base href>` so the same build serves any sub-path. It also
/// keeps [`CurrentRoute`] (which the navigation marks) in step with the address.
#[component]
fn Routed(children: Children) -> impl IntoView {
    let RouterBase(base) = expect_context::<RouterBase>();
    view! {
        <Router base=base>
            <FollowRoute />
            {children()}
        </Router>
    }
}

/// Writes the router's address into [`CurrentRoute`].
#[component]
fn FollowRoute() -> impl IntoView {
    let location = use_location();
    let route = expect_context::<CurrentRoute>();
    Effect::new(move |_| route.set_path(&location.pathname.get()));
}

/// The feed's app, the site's first screen. Its one page keeps its filters in the address
/// through the history API ([`state::query`]), with no router.
#[component]
pub fn FeedApp() -> impl IntoView {
    view! {
        <Frame part=Part::Feed>
            <FeedPage />
        </Frame>
    }
}

/// The reading pages' app: deeds, universities, the relay and about, and "not found";
/// the feed, the map and the form are [`Elsewhere`].
#[component]
pub fn ReadApp() -> impl IntoView {
    view! {
        <Frame part=Part::Read>
            <Routed>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=Elsewhere />
                    <Route path=path!("/map") view=Elsewhere />
                    <Route path=path!("/submit") view=Elsewhere />
                    <Route path=path!("/relay") view=RelayPage />
                    <Route path=path!("/about") view=AboutPage />
                    <Route path=path!("/deed/:id") view=DeedPage />
                    <Route path=path!("/u/:id") view=UniversityPage />
                </Routes>
            </Routed>
        </Frame>
    }
}

/// The map's app: the map page; every other address is [`Elsewhere`].
#[component]
pub fn MapApp() -> impl IntoView {
    view! {
        <Frame part=Part::Map>
            <Routed>
                <Routes fallback=Elsewhere>
                    <Route path=path!("/map") view=MapPage />
                </Routes>
            </Routed>
        </Frame>
    }
}

/// The submit form's app: the form and the phone's deeds, with the outbox that keeps and
/// sends them; every other address is [`Elsewhere`].
#[component]
pub fn SubmitApp() -> impl IntoView {
    view! {
        <Frame part=Part::Submit>
            <Outbox>
                <Routed>
                    <Routes fallback=Elsewhere>
                        <Route path=path!("/submit") view=SubmitPage />
                    </Routes>
                </Routed>
            </Outbox>
        </Frame>
    }
}

/// The moderators' app: their one page, in a lighter frame than the public pages' (a
/// header with the language switcher, no navigation), kept out of search engines.
#[component]
pub fn ModerateApp() -> impl IntoView {
    let i18n = provide_locale_context();
    provide_store_context();
    provide_config_context();
    app::base_path::provide_router_base();
    provide_context(Part::Moderate);
    app::moderation::session::provide_session_context();
    forbid_indexing();
    view! {
        <SkipLink label=Signal::derive(move || {
            crate::i18n::t_string!(i18n, shell.skip_to_content).to_string()
        }) />
        <ModerateHeader />
        <main id="main" tabindex="-1" class="main main--moderate">
            <ModeratePage />
        </main>
    }
}

/// Adds `<meta name="robots" content="noindex">`: a static host can send no
/// `X-Robots-Tag` for one address of the app, so the page says it itself.
fn forbid_indexing() {
    let document = document();
    let Some(head) = document.head() else {
        return;
    };
    if document
        .query_selector("meta[name=robots]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    if let Ok(meta) = document.create_element("meta") {
        let _ = meta.set_attribute("name", "robots");
        let _ = meta.set_attribute("content", "noindex");
        let _ = head.append_child(&meta);
    }
}

/// Provides the outbox, and the runtime config that names its inbox, to `children`.
#[component]
fn Outbox(children: Children) -> impl IntoView {
    provide_config_context();
    app::outbox::sender::provide_outbox_context();
    children()
}

/// The outbox alone, without a view: sends what waits on this phone, retrying with
/// backoff and when the connection comes back, as the form's page does.
#[component]
fn WaitingSender() -> impl IntoView {
    provide_config_context();
    app::outbox::sender::provide_outbox_context();
}

/// Starts an app in `#app`, in place of the loading notice index.html shows until then.
#[cfg(target_arch = "wasm32")]
pub fn start<V: IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    let root = document()
        .get_element_by_id("app")
        .expect("index.html has a #app element");
    root.set_inner_html("");
    let root: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(root);
    leptos::mount::mount_to(root, app).forget();
}

/// Sends the submissions waiting in this phone's outbox from a page of another app:
/// index.html starts the form's app this way, beside the page's own app, when
/// [`app::outbox::sender::WAITING_KEY`] says some wait. Nothing is shown.
#[cfg(target_arch = "wasm32")]
pub fn send_waiting() {
    console_error_panic_hook::set_once();
    let detached: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        document().create_element("div").expect("a detached div"),
    );
    leptos::mount::mount_to(detached, WaitingSender).forget();
}

#[cfg(test)]
mod tests {
    use super::Part;

    #[test]
    fn each_route_belongs_to_one_app() {
        assert_eq!(Part::of("/"), Part::Feed);
        assert_eq!(Part::of(""), Part::Feed);
        assert_eq!(Part::of("/deed/kaznu-1"), Part::Read);
        assert_eq!(Part::of("/u/kaznu"), Part::Read);
        assert_eq!(Part::of("/relay"), Part::Read);
        assert_eq!(Part::of("/no-such-page"), Part::Read);
        assert_eq!(Part::of("/map"), Part::Map);
        assert_eq!(Part::of("/map/"), Part::Map);
        assert_eq!(Part::of("/submit"), Part::Submit);
        assert_eq!(Part::of("/mapping"), Part::Read);
        assert_eq!(Part::of("/moderate"), Part::Moderate);
        assert_eq!(Part::of("/moderate/"), Part::Moderate);
        assert_eq!(Part::of("/moderate.html"), Part::Read);
        assert_eq!(Part::Moderate.name(), "moderate");
    }
}
