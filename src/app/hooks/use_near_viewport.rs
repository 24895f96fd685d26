//! Watches an element and reports when it comes near the viewport: the feed's infinite
//! scroll. Where the browser lacks IntersectionObserver the signal stays false and the
//! "show more" button remains the way on.

use leptos::{html::Div, prelude::*};

/// Options for [`use_near_viewport_with_options`].
#[derive(Debug, Clone)]
pub struct UseNearViewportOptions {
    /// How far outside the viewport counts as near, as a CSS margin (`"600px"`).
    pub margin: String,
}

impl Default for UseNearViewportOptions {
    fn default() -> Self {
        UseNearViewportOptions {
            margin: "600px".to_string(),
        }
    }
}

/// What the hook returns.
#[derive(Debug, Clone, Copy)]
pub struct UseNearViewportReturn {
    /// True while the element is within the margin of the viewport.
    pub near: ReadSignal<bool>,
}

/// [`use_near_viewport_with_options`] with the default margin.
pub fn use_near_viewport(target: NodeRef<Div>) -> UseNearViewportReturn {
    use_near_viewport_with_options(target, UseNearViewportOptions::default())
}

/// Reports whether `target` is near the viewport.
pub fn use_near_viewport_with_options(
    target: NodeRef<Div>,
    options: UseNearViewportOptions,
) -> UseNearViewportReturn {
    let (near, set_near) = signal(false);
    #[cfg(target_arch = "wasm32")]
    {
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

        Effect::new(move |_| {
            let Some(element) = target.get() else {
                return;
            };
            let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                if let Some(entry) = entries.get(0).dyn_ref::<IntersectionObserverEntry>() {
                    set_near.set(entry.is_intersecting());
                }
            });
            let init = IntersectionObserverInit::new();
            init.set_root_margin(&options.margin);
            let Ok(observer) =
                IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)
            else {
                return;
            };
            observer.observe(&element);
            let observer = send_wrapper::SendWrapper::new((observer, callback));
            on_cleanup(move || observer.0.disconnect());
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (target, options, set_near);
    UseNearViewportReturn { near }
}
