//! The relay's app (see [`alfarabi_qq::Part`]), mounted into `#app`. index.html loads it
//! for the relay's page, /relay/, with its chain of batons, its holders and its charts.

#[cfg(target_arch = "wasm32")]
fn main() {
    alfarabi_qq::start(alfarabi_qq::RelayApp);
}

/// The web app only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq-relay is part of the web app: build it with `trunk build`.");
    std::process::exit(2);
}
