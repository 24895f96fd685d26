//! The address's query string, for the feed's app, which has no router: its one page
//! needs only the query, where its filters live, and leptos_router would add about 50 KB
//! brotli to the site's first load (measured on a bare Leptos app). A change goes into the
//! history (`pushState`, or `replaceState` while typing), so a filtered feed can be shared
//! and reloaded, and back and forward follow it (`popstate`).

use leptos::prelude::*;

/// The query string in the address (`"?v=kindness"`, or `""`), tracked.
#[derive(Debug, Clone, Copy)]
pub struct Query(RwSignal<String>);

/// The query in the browser's address; natively (a page rendered by the publisher) none:
/// pages are published unfiltered.
fn address_query() -> String {
    #[cfg(target_arch = "wasm32")]
    return window().location().search().unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// Reads the query from the address and follows the history.
pub fn provide_query() -> Query {
    let query = Query(RwSignal::new(address_query()));
    #[cfg(target_arch = "wasm32")]
    {
        let listener =
            window_event_listener(leptos::ev::popstate, move |_| query.0.set(address_query()));
        on_cleanup(move || listener.remove());
    }
    provide_context(query);
    query
}

/// The address's query, from [`provide_query`].
pub fn use_query() -> Query {
    expect_context::<Query>()
}

impl Query {
    /// Calls `read` with a lookup of the query's decoded values by key, the query parsed
    /// once (tracked).
    pub fn with_params<T>(self, read: impl FnOnce(&dyn Fn(&str) -> Option<String>) -> T) -> T {
        self.0.with(|search| {
            #[cfg(target_arch = "wasm32")]
            {
                let params = web_sys::UrlSearchParams::new_with_str(search).ok();
                read(&|key| params.as_ref().and_then(|params| params.get(key)))
            }
            #[cfg(not(target_arch = "wasm32"))]
            {
                let _ = search;
                read(&|_| None)
            }
        })
    }

    /// Moves to `address` (a route under the site's base, [`crate::app::base_path::href`], with
    /// a query): a new history entry, or in place of this one when `replace`.
    pub fn go(self, address: &str, replace: bool) {
        let history = window().history().expect("a page has a history");
        let moved = if replace {
            history.replace_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(address))
        } else {
            history.push_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(address))
        };
        if let Err(error) = moved {
            leptos::logging::warn!("the address could not follow the filters: {error:?}");
        }
        self.0.set(address_query());
    }
}
