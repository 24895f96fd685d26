//! The browser's `localStorage`, where the app keeps the reader's chosen language and the
//! phone's outbox. A private mode may refuse it (what it would keep then lasts for the
//! visit only); a page rendered natively has none.

/// The page's `localStorage`, if the browser gives it.
pub fn local() -> Option<web_sys::Storage> {
    #[cfg(target_arch = "wasm32")]
    return leptos::prelude::window().local_storage().ok().flatten();
    #[cfg(not(target_arch = "wasm32"))]
    None
}
