//! The moderators' app (see [`alfarabi_qq::Part`]), mounted into `#app`. index.html loads
//! it instead of the feed's app when the address is `/moderate`; no public page loads it.

#[cfg(target_arch = "wasm32")]
fn main() {
    alfarabi_qq::start(alfarabi_qq::ModerateApp);
}

/// The web app only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq-moderate is part of the web app: build it with `trunk build`.");
    std::process::exit(2);
}
