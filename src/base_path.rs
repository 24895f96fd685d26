//! Where the site is mounted (`/` or a sub-path like `/qq/`), as the router needs it.
//!
//! index.html works the mount point out from the address before anything loads and writes
//! it into `<base href>`; asset and data URLs are relative, so they follow it. This module
//! turns that base URI into the router's base, which has no trailing slash (`""` at the
//! root, `"/qq"` under a sub-path), and shares it: `leptos_router`'s `<A>` leaves an
//! absolute `href` as written, so every in-app link goes through [`href`].

use leptos::prelude::*;

/// The router base, shared by context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterBase(pub String);

/// Reads the page's base and shares it; returns it for the `<Router>`.
pub fn provide_router_base() -> String {
    let base = current_router_base();
    provide_context(RouterBase(base.clone()));
    base
}

/// The address of an app route (`"/about"`) under the site's base (`"/qq/about"`).
pub fn href(route: &str) -> String {
    let base = use_context::<RouterBase>().map(|RouterBase(base)| base);
    join(base.as_deref().unwrap_or_default(), route)
}

fn join(base: &str, route: &str) -> String {
    if route == "/" && !base.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}{route}")
    }
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
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::{join, router_base_from_base_uri};

    #[test]
    fn routes_are_joined_under_the_base() {
        assert_eq!(join("", "/"), "/");
        assert_eq!(join("", "/about"), "/about");
        assert_eq!(join("/qq", "/"), "/qq/");
        assert_eq!(join("/qq", "/deed/kaznu-1"), "/qq/deed/kaznu-1");
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
