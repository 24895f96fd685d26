//! The reading pages' app (see [`alfarabi_qq::Part`]), mounted into `#app`. index.html
//! loads it for a deed's or a university's page, about, and any address the
//! site does not know.

#[cfg(target_arch = "wasm32")]
fn main() {
    alfarabi_qq::start(alfarabi_qq::ReadApp);
}

/// The web app only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq-read is part of the web app: build it with `trunk build`.");
    std::process::exit(2);
}
