//! The submit app (see [`alfarabi_qq::Part`]), mounted into `#app`. index.html loads it
//! instead of the feed's app when the address is `/submit`; on any other page it loads it
//! beside that page's app only to send deeds waiting in the outbox.

#[cfg(target_arch = "wasm32")]
fn main() {
    let running = leptos::prelude::document()
        .document_element()
        .and_then(|html| html.get_attribute("data-app"));
    if running.as_deref() == Some(alfarabi_qq::Part::Submit.name()) {
        alfarabi_qq::start(alfarabi_qq::SubmitApp);
    } else {
        alfarabi_qq::send_waiting();
    }
}

/// The web app only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq-submit is part of the web app: build it with `trunk build`.");
    std::process::exit(2);
}
