//! Mounts the web app into `#app`; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    let root = document
        .get_element_by_id("app")
        .expect("index.html has a #app element");
    // Replace the loading notice that index.html shows until the app starts.
    root.set_inner_html("");
    let root: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(root);
    leptos::mount::mount_to(root, alfarabi_qq::App).forget();
}

/// The web app only runs in a browser; `trunk build` builds it for wasm32.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("alfarabi-qq is the web app: build it with `trunk build`; `qq serve` serves it.");
    std::process::exit(2);
}
