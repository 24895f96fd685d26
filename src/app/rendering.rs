//! The page the app is being rendered into, when it is rendered natively.
//!
//! In a browser the app reads its address, the reader's stored language and the store's
//! files from the browser. The publisher renders the same components natively into
//! finished HTML ([`crate::native::prerender`]); there, those reads come from here: the
//! publisher sets the page (its address, its language and the files its first screen
//! reads) before rendering it, and the app's native fallbacks read it back. In the web app
//! nothing sets it and nothing reads it.

use std::{cell::RefCell, collections::HashMap, rc::Rc, sync::Arc};

use crate::model::{Deed, feed::Directory, store::Manifest};

/// The store as the publisher has it already parsed, shared by every page it renders: the
/// app's store context starts from these instead of parsing the files again.
#[derive(Debug, Clone)]
pub struct PreparedStore {
    /// `manifest.json`.
    pub manifest: Arc<Manifest>,
    /// `universities.json`.
    pub directory: Arc<Directory>,
    /// List pages, by URL (`data/v1/all/3.json`).
    pub pages: HashMap<String, Rc<Vec<Deed>>>,
}

/// One page being rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderedPage {
    /// The page's address path, the site's base included (`/qq/deed/5`).
    pub path: String,
    /// The router base: `""` at the root, `"/qq"` under a sub-path.
    pub base: String,
    /// The language to render in (`kk`, `ru`, `en`).
    pub locale: String,
    /// The files the page's first screen reads, by the app's relative URL
    /// (`data/v1/manifest.json`): what a fetch answers natively.
    pub files: Rc<HashMap<String, Rc<str>>>,
    /// The store already parsed, when the publisher has it.
    pub store: Option<Rc<PreparedStore>>,
}

thread_local! {
    static CURRENT: RefCell<Option<RenderedPage>> = const { RefCell::new(None) };
}

/// Makes `page` the one being rendered on this thread, until [`finish`].
pub fn begin(page: RenderedPage) {
    CURRENT.with(|current| *current.borrow_mut() = Some(page));
}

/// Ends the page being rendered.
pub fn finish() {
    CURRENT.with(|current| *current.borrow_mut() = None);
}

/// The page being rendered on this thread, if any.
pub fn current() -> Option<RenderedPage> {
    CURRENT.with(|current| current.borrow().clone())
}

/// A file the page being rendered has, by the app's relative URL.
pub fn file(url: &str) -> Option<Rc<str>> {
    CURRENT.with(|current| current.borrow().as_ref()?.files.get(url).cloned())
}

/// An effect that a page rendered natively runs too: in the browser an `Effect` (run after
/// mounting, and again when what it reads changes); natively, where effects never run,
/// `run` is called once, at once, so that what it starts (a list's first load) is in the
/// published page.
pub fn effect(run: impl Fn() + 'static) {
    #[cfg(target_arch = "wasm32")]
    leptos::prelude::Effect::new(move |_| run());
    #[cfg(not(target_arch = "wasm32"))]
    run();
}
