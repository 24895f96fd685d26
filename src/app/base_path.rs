//! Where the site is mounted (`/` or a sub-path like `/qq/`), and which route shows.
//!
//! index.html works the mount point out from the address before anything loads and writes
//! it into `<base href>`; asset and data URLs are relative, so they follow it. This module
//! turns that base URI into the router's base, which has no trailing slash (`""` at the
//! root, `"/qq"` under a sub-path), and shares it: links are absolute, so every link to a
//! route goes through [`href`], and one to another app's route is marked by [`link_rel`].

use leptos::prelude::*;

use crate::Part;

/// The router base, shared by context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterBase(pub String);

/// Reads the page's base and shares it.
pub fn provide_router_base() {
    provide_context(RouterBase(current_router_base()));
}

/// `rel="external"` for a link to a route another app shows ([`Part`]): the router then
/// leaves the click to the browser, which loads that app's page.
pub fn link_rel(route: &str) -> Option<&'static str> {
    let running = use_context::<Part>()?;
    (Part::of(route) != running).then_some("external")
}

/// The route the page shows, relative to the site's base (`"/about"`), which the
/// navigation marks as current.
#[derive(Debug, Clone, Copy)]
pub struct CurrentRoute(RwSignal<String>);

impl CurrentRoute {
    /// The route in the browser's address now.
    pub fn from_address() -> CurrentRoute {
        #[cfg(target_arch = "wasm32")]
        let path = window().location().pathname().unwrap_or_default();
        #[cfg(not(target_arch = "wasm32"))]
        let path =
            crate::app::rendering::current().map_or_else(|| "/".to_string(), |page| page.path);
        let route = CurrentRoute(RwSignal::new(String::new()));
        route.set_path(&path);
        route
    }

    /// Follows the address `path` (`"/qq/about"`).
    pub fn set_path(self, path: &str) {
        self.0.set(route_of(&current_router_base(), path));
    }

    /// Whether the page shows `route` (tracked).
    pub fn is(self, route: &str) -> bool {
        self.0.with(|current| current == route)
    }
}

/// The route of the address `path` under the router base `base`.
fn route_of(base: &str, path: &str) -> String {
    let route = path.strip_prefix(base).unwrap_or(path);
    let route = route.trim_end_matches('/');
    if route.is_empty() {
        "/".to_string()
    } else {
        route.to_string()
    }
}

/// The page's own address, to share: the browser's; natively, the path of the page being
/// rendered (the share button reads it only when pressed, in a browser).
pub fn page_url() -> String {
    #[cfg(target_arch = "wasm32")]
    return window().location().href().unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    crate::app::rendering::current().map_or_else(String::new, |page| page.path)
}

/// The absolute address of an app route (`https://host/qq/submit/?u=enu`), for what leaves
/// the page: a shared text, a QR code. Natively, where a page has no origin, [`href`].
pub fn absolute(route: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return window().location().origin().unwrap_or_default() + &href(route);
    #[cfg(not(target_arch = "wasm32"))]
    href(route)
}

/// The address of an app route (`"/about"`) under the site's base (`"/qq/about"`).
pub fn href(route: &str) -> String {
    let base = use_context::<RouterBase>().map(|RouterBase(base)| base);
    join(base.as_deref().unwrap_or_default(), route)
}

/// A page's address ends with a slash (`/deed/5/`), as its folder on a static host does
/// (`deed/5/index.html`): no redirect on the way to it.
fn join(base: &str, route: &str) -> String {
    let split = route.find(['?', '#']).unwrap_or(route.len());
    let (path, rest) = route.split_at(split);
    let slash = if path.ends_with('/') { "" } else { "/" };
    format!("{base}{path}{slash}{rest}")
}

/// The router base for a document base URI such as `https://host/qq/`.
pub fn router_base_from_base_uri(base_uri: &str) -> String {
    let after_scheme = base_uri
        .split_once("://")
        .map_or(base_uri, |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        Some(slash) => &after_scheme[slash..],
        None => "/",
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    path.trim_end_matches('/').to_string()
}

/// The router base of the running page (`""` outside a browser).
fn current_router_base() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        leptos::prelude::document()
            .base_uri()
            .ok()
            .flatten()
            .map(|uri| router_base_from_base_uri(&uri))
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        crate::app::rendering::current()
            .map(|page| page.base)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{join, route_of, router_base_from_base_uri};

    #[test]
    fn an_address_is_read_as_a_route_under_the_base() {
        assert_eq!(route_of("", "/"), "/");
        assert_eq!(route_of("", "/about"), "/about");
        assert_eq!(route_of("/qq", "/qq/"), "/");
        assert_eq!(route_of("/qq", "/qq"), "/");
        assert_eq!(route_of("/qq", "/qq/deed/5"), "/deed/5");
        assert_eq!(route_of("/qq", "/qq/map/"), "/map");
    }

    #[test]
    fn routes_are_joined_under_the_base() {
        assert_eq!(join("", "/"), "/");
        assert_eq!(join("", "/about"), "/about/");
        assert_eq!(join("/qq", "/"), "/qq/");
        assert_eq!(join("/qq", "/deed/5"), "/qq/deed/5/");
        assert_eq!(join("", "/map?u=kaznu"), "/map/?u=kaznu");
        assert_eq!(join("", "/?v=kindness"), "/?v=kindness");
        assert_eq!(join("", "/relay/"), "/relay/");
    }

    #[test]
    fn root_has_an_empty_base() {
        assert_eq!(router_base_from_base_uri("http://127.0.0.1:8080/"), "");
        assert_eq!(router_base_from_base_uri("https://qq.example"), "");
    }

    #[test]
    fn sub_path_loses_its_trailing_slash() {
        assert_eq!(router_base_from_base_uri("https://example.org/qq/"), "/qq");
        assert_eq!(
            router_base_from_base_uri("https://example.org/a/b/?x=1#top"),
            "/a/b"
        );
    }
}
