//! Taking over a page the publisher prerendered (`qq site`): the app renders its own tree
//! apart from the page, and replaces the page's markup in one go once its first screen is
//! ready, so the reader sees the finished page until then and nothing moves when the app
//! arrives. A page without prerendered markup (the moderators') gets the app at once.
//!
//! Whatever the reader did on the page meanwhile carries over: text typed into a field (a
//! student filling in the form on a slow connection) and the focus. Once the app has the
//! page, `<html data-live>` says so (tests and the stylesheet can tell).

#[cfg(target_arch = "wasm32")]
use leptos::prelude::*;

/// How long the app waits for its first screen before taking over anyway (an error it
/// shows is better than a page that never comes alive).
#[cfg(target_arch = "wasm32")]
const PATIENCE_MS: f64 = 5000.0;

/// Starts `app` in the page's `#app`.
#[cfg(target_arch = "wasm32")]
pub fn start<V: IntoView + 'static>(app: fn() -> V) {
    use wasm_bindgen::JsCast;
    let document = document();
    let old = document
        .get_element_by_id("app")
        .expect("every page has a #app element");
    if !old.has_attribute("data-prerendered") {
        old.set_inner_html("");
        leptos::mount::mount_to(old.unchecked_into::<web_sys::HtmlElement>(), app).forget();
        mark_live();
        return;
    }
    let fresh = document.create_element("div").expect("a div can be made");
    fresh.set_id("app");
    leptos::mount::mount_to(fresh.clone().unchecked_into::<web_sys::HtmlElement>(), app).forget();
    let started = js_sys::Date::now();
    when_settled(started, 0, move || {
        carry_over(&old, &fresh);
        let focused = document
            .active_element()
            .filter(|element| old.contains(Some(element)))
            .map(|element| element.id())
            .filter(|id| !id.is_empty());
        let _ = old.replace_with_with_node_1(&fresh);
        mark_live();
        if let Some(id) = focused
            && let Some(element) = document.get_element_by_id(&id)
            && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = element.focus();
        }
    });
}

/// Says on `<html>` that the app has the page.
#[cfg(target_arch = "wasm32")]
fn mark_live() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-live", "");
    }
}

/// Calls `then` once no load has been under way for two frames in a row, or after
/// [`PATIENCE_MS`].
#[cfg(target_arch = "wasm32")]
fn when_settled(started: f64, quiet: u32, then: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        let quiet = if crate::app::state::loading::settled() {
            quiet + 1
        } else {
            0
        };
        if quiet >= 2 || js_sys::Date::now() - started > PATIENCE_MS {
            then();
        } else {
            when_settled(started, quiet, then);
        }
    });
}

/// Copies into the app's fields what the reader changed in the page's: typed text, a
/// ticked box, a chosen option, by element id, and tells the app as a reader's input would.
#[cfg(target_arch = "wasm32")]
fn carry_over(old: &web_sys::Element, fresh: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let Ok(fields) = old.query_selector_all("input[id], textarea[id], select[id]") else {
        return;
    };
    for index in 0..fields.length() {
        let Some(field) = fields
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Ok(Some(target)) = fresh.query_selector(&format!("#{}", field.id())) else {
            continue;
        };
        let changed = if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
            let Some(into) = target.dyn_ref::<web_sys::HtmlInputElement>() else {
                continue;
            };
            if input.checked() != input.default_checked() {
                into.set_checked(input.checked());
                true
            } else if input.value() != input.default_value() {
                into.set_value(&input.value());
                true
            } else {
                false
            }
        } else if let Some(text) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let Some(into) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() else {
                continue;
            };
            let changed = text
                .default_value()
                .is_ok_and(|default| text.value() != default);
            if changed {
                into.set_value(&text.value());
            }
            changed
        } else if let Some(select) = field.dyn_ref::<web_sys::HtmlSelectElement>() {
            let Some(into) = target.dyn_ref::<web_sys::HtmlSelectElement>() else {
                continue;
            };
            into.set_value(&select.value());
            true
        } else {
            false
        };
        if changed {
            for kind in ["input", "change"] {
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                    let _ = target.dispatch_event(&event);
                }
            }
        }
    }
}
