//! Where the map stands on screen and how it gets there: the view the layer was last
//! drawn for, the one the reader sees during a gesture, and the frame whose size is the
//! viewport's. A gesture *previews* a view (one CSS transform on the drawing, no redraw);
//! when it ends the view *settles* and the layer is drawn again for it
//! ([`super::draw`]).

use leptos::{html, prelude::*, svg};
use web_sys::Element;

use crate::app::map::{layer::Place, view::View};

/// The map's view and the elements that show it. Copied into every handler.
#[derive(Clone, Copy)]
pub struct Camera {
    /// The frame that takes the input; its size is the viewport's.
    pub frame: NodeRef<html::Div>,
    /// The drawing, moved as one layer during a gesture.
    pub moving: NodeRef<svg::Svg>,
    /// The view the layer was drawn for.
    pub drawn: RwSignal<Option<View>>,
    /// The view the reader sees, ahead of `drawn` during a gesture.
    live: StoredValue<Option<View>>,
}

impl Camera {
    /// A map not yet on screen.
    pub fn new() -> Camera {
        Camera {
            frame: NodeRef::new(),
            moving: NodeRef::new(),
            drawn: RwSignal::new(None),
            live: StoredValue::new(None),
        }
    }

    /// The frame's size in CSS pixels.
    pub fn size(self) -> (f64, f64) {
        self.frame.get_untracked().map_or((640.0, 480.0), |el| {
            let el: &Element = el.as_ref();
            (
                f64::from(el.client_width().max(1)),
                f64::from(el.client_height().max(1)),
            )
        })
    }

    /// A position in the window (an event's client x and y) in the frame's pixels.
    pub fn local(self, x: f64, y: f64) -> (f64, f64) {
        self.frame.get_untracked().map_or((x, y), |el| {
            let el: &Element = el.as_ref();
            let rect = el.get_bounding_client_rect();
            (x - rect.left(), y - rect.top())
        })
    }

    /// The view the reader sees now.
    pub fn current(self) -> Option<View> {
        self.live.get_value().or_else(|| self.drawn.get_untracked())
    }

    /// Shows `view` at once by moving what is drawn.
    pub fn preview(self, view: View) {
        self.live.set_value(Some(view));
        if let (Some(drawing), Some(base)) =
            (self.moving.get_untracked(), self.drawn.get_untracked())
        {
            let _ = drawing
                .style()
                .set_property("transform", &view.transform_from(base));
        }
    }

    /// Draws for `view`.
    pub fn settle(self, view: View) {
        self.live.set_value(Some(view));
        self.drawn.set(Some(view));
    }

    /// Draws for the view a gesture previewed.
    pub fn settle_live(self) {
        if let Some(view) = self.live.get_value() {
            self.settle(view);
        }
    }

    /// Whether a gesture has moved the view from where it was drawn.
    pub fn moved(self) -> bool {
        matches!(
            (self.live.get_value(), self.drawn.get_untracked()),
            (Some(view), Some(base)) if view != base
        )
    }

    /// Zooms by `factor` about `at` (the frame's pixels), else about the centre; false
    /// when the view is already as close as it goes.
    pub fn zoom_by(self, factor: f64, at: Option<(f64, f64)>) -> bool {
        let Some(view) = self.current() else {
            return false;
        };
        let (x, y) = at.unwrap_or((view.width / 2.0, view.height / 2.0));
        let next = view.zoom_at(factor, x, y);
        self.settle(next);
        (next.k - view.k).abs() > 1e-9
    }

    /// Back to the first view.
    pub fn reset(self) {
        let (w, h) = self.size();
        self.settle(View::first(w, h));
    }

    /// The frame's size, if it is laid out: a frame drawn off-screen (the app is built
    /// beside the prerendered page, then swapped in) has none yet.
    fn laid_out_size(self) -> Option<(f64, f64)> {
        let el = self.frame.get_untracked()?;
        let el: &Element = el.as_ref();
        (el.client_width() > 0 && el.client_height() > 0)
            .then(|| (f64::from(el.client_width()), f64::from(el.client_height())))
    }

    /// Shows the first view once the frame has a size, and keeps the view centred when
    /// the frame's size changes (a rotated phone, a resized window).
    pub fn follow_size(self) {
        let fit = move || {
            let Some((w, h)) = self.laid_out_size() else {
                return;
            };
            match self.current() {
                None => self.settle(View::first(w, h)),
                Some(view) if (view.width, view.height) != (w, h) => {
                    self.settle(view.resized(w, h))
                }
                Some(_) => {}
            }
        };
        Effect::new(move |_| {
            if self.frame.get().is_some() {
                fit();
            }
        });
        #[cfg(target_arch = "wasm32")]
        {
            use leptos::wasm_bindgen::{JsCast, closure::Closure};

            Effect::new(move |_| {
                let Some(frame) = self.frame.get() else {
                    return;
                };
                let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |_: js_sys::Array| fit());
                let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())
                else {
                    return;
                };
                observer.observe(&frame);
                let observer = send_wrapper::SendWrapper::new((observer, callback));
                on_cleanup(move || observer.0.disconnect());
            });
        }
    }

    /// Brings a newly selected university into view, close enough to stand on its own
    /// where its neighbours allow.
    pub fn follow_selection(
        self,
        places: Signal<std::sync::Arc<Vec<Place>>>,
        selected: Signal<Option<usize>>,
    ) {
        Effect::new(move |previous: Option<Option<usize>>| {
            let chosen = selected.get();
            let places = places.get();
            if chosen != previous.flatten()
                && let Some(at) = chosen.and_then(|i| places.get(i)?.at)
                && let Some(view) = self.current()
            {
                let wanted = (4.0 / view.zoom()).max(1.0);
                let (x, y) = view.to_screen(at);
                self.settle(view.zoom_at(wanted, x, y).centred_on(at));
            }
            // Until the places are loaded, the selection is not yet shown.
            if places.is_empty() { None } else { chosen }
        });
    }
}
