//! The search worker (see `alfarabi_qq::app::search_worker`): the feed's app starts it on
//! a reader's first search. Trunk builds it with a loader for `new Worker(...)`.

#[cfg(target_arch = "wasm32")]
fn main() {
    alfarabi_qq::app::search_worker::run();
}

/// The worker only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq-search is part of the web app: build it with `trunk build`.");
    std::process::exit(2);
}
