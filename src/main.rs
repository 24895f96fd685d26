//! The feed's app, the site's first screen (see [`alfarabi_qq::Part`]), mounted into
//! `#app`; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    alfarabi_qq::start(alfarabi_qq::FeedApp);
}

/// The web app only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq is the web app: build it with `trunk build`; `qq serve` serves it.");
    std::process::exit(2);
}
