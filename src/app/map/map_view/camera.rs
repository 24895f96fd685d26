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

    /// Shows the first view once the frame has a size, and keeps the view centred when
    /// the window is resized.
    pub fn follow_size(self) {
        Effect::new(move |_| {
            if self.frame.get().is_some() && self.drawn.get_untracked().is_none() {
                self.reset();
            }
        });
        #[cfg(target_arch = "wasm32")]
        {
            let resize = window_event_listener(leptos::ev::resize, move |_| {
                if let Some(view) = self.current() {
                    let (w, h) = self.size();
                    self.settle(view.resized(w, h));
                }
            });
            on_cleanup(move || resize.remove());
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
