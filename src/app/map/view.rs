//! Where the map stands: a scale and a translation from map units (the projection's
//! 0..MAP_SIZE square) to CSS pixels, and the moves a reader makes with it. Plain
//! arithmetic, so native tests cover the anchoring of every zoom.

use std::fmt::Write;

use crate::model::geo::{self, MAP_SIZE, Point};

/// How many map units the first view spans across its shorter side: Kazakhstan and its
/// neighbours, with room around them.
const FIRST_SPAN: f64 = 260.0;
/// The closest zoom, relative to the first view.
const MAX_ZOOM: f64 = 24.0;

/// A view: screen = map * `k` + (`tx`, `ty`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub k: f64,
    pub tx: f64,
    pub ty: f64,
    /// The viewport in CSS pixels.
    pub width: f64,
    pub height: f64,
}

impl View {
    /// The first view of a `width` x `height` viewport: the centre of the projection
    /// (Kazakhstan) in the middle.
    pub fn first(width: f64, height: f64) -> View {
        let (width, height) = (width.max(1.0), height.max(1.0));
        let k = width.min(height) / FIRST_SPAN;
        let centre = MAP_SIZE / 2.0;
        View {
            k,
            tx: width / 2.0 - centre * k,
            ty: height / 2.0 - centre * k,
            width,
            height,
        }
    }

    /// The same view kept centred on the same place in a resized viewport.
    pub fn resized(self, width: f64, height: f64) -> View {
        let centre = self.to_map(self.width / 2.0, self.height / 2.0);
        let mut view = View {
            width: width.max(1.0),
            height: height.max(1.0),
            ..self
        };
        view.tx = view.width / 2.0 - centre.x * view.k;
        view.ty = view.height / 2.0 - centre.y * view.k;
        view
    }

    /// Where a map point lands on screen.
    pub fn to_screen(self, p: Point) -> (f64, f64) {
        (p.x * self.k + self.tx, p.y * self.k + self.ty)
    }

    /// The map point under a screen position.
    pub fn to_map(self, x: f64, y: f64) -> Point {
        Point {
            x: (x - self.tx) / self.k,
            y: (y - self.ty) / self.k,
        }
    }

    /// The zoom relative to the first view of this viewport.
    pub fn zoom(self) -> f64 {
        self.k / View::first(self.width, self.height).k
    }

    /// Zoomed by `factor`, keeping the map point under (`x`, `y`) where it is; clamped
    /// between the whole world and [`MAX_ZOOM`].
    pub fn zoom_at(self, factor: f64, x: f64, y: f64) -> View {
        if !factor.is_finite() || factor <= 0.0 {
            return self;
        }
        let first = View::first(self.width, self.height).k;
        let min = self.width.min(self.height) / MAP_SIZE;
        // max/min rather than clamp: clamp's panic message formats floats, which would weigh
        // on the download.
        let k = (self.k * factor).max(min).min(first * MAX_ZOOM);
        let anchor = self.to_map(x, y);
        View {
            k,
            tx: x - anchor.x * k,
            ty: y - anchor.y * k,
            ..self
        }
    }

    /// Moved by (`dx`, `dy`) pixels, never so far that the map leaves the viewport.
    pub fn pan(self, dx: f64, dy: f64) -> View {
        let size = MAP_SIZE * self.k;
        let margin = 0.5;
        let clamp = |t: f64, extent: f64| {
            // The map's far edge stays beyond the viewport's middle, and its near edge too.
            t.max(extent * margin - size).min(extent * margin)
        };
        View {
            tx: clamp(self.tx + dx, self.width),
            ty: clamp(self.ty + dy, self.height),
            ..self
        }
    }

    /// Centred on a map point, at the same zoom.
    pub fn centred_on(self, p: Point) -> View {
        View {
            tx: self.width / 2.0 - p.x * self.k,
            ty: self.height / 2.0 - p.y * self.k,
            ..self
        }
    }

    /// The CSS transform (origin at the top left) that carries what was drawn for `drawn`
    /// to where this view puts it: used during a gesture on the whole drawing, a layer of
    /// its own, so a move costs compositing, not a repaint. Set as the `transform`
    /// property through the CSSOM (a style attribute would need the policy to allow
    /// inline styles).
    pub fn transform_from(self, drawn: View) -> String {
        let r = self.k / drawn.k;
        transform(
            self.tx - drawn.tx * r,
            self.ty - drawn.ty * r,
            r,
            "px,",
            "px",
        )
    }

    /// The SVG transform of the map-unit layer (the country outlines).
    pub fn transform(self) -> String {
        transform(self.tx, self.ty, self.k, " ", "")
    }

    /// Whether a screen position is inside the viewport, with `margin` pixels around it.
    pub fn shows(self, x: f64, y: f64, margin: f64) -> bool {
        x >= -margin && y >= -margin && x <= self.width + margin && y <= self.height + margin
    }
}

/// `translate(x y) scale(k)` (SVG) or `translate(xpx,ypx) scale(k)` (CSS), written with
/// integer arithmetic (the float formatting machinery would weigh on the app's download).
fn transform(x: f64, y: f64, k: f64, separator: &str, unit: &str) -> String {
    let mut out = String::from("translate(");
    geo::push_tenths(&mut out, (x * 10.0).round() as i64);
    out.push_str(separator);
    geo::push_tenths(&mut out, (y * 10.0).round() as i64);
    out.push_str(unit);
    out.push_str(") scale(");
    let micros = (k * 1e6).round() as i64;
    let _ = write!(out, "{}.{:06})", micros / 1_000_000, micros % 1_000_000);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_first_view_centres_kazakhstan() {
        let view = View::first(390.0, 500.0);
        let (x, y) = view.to_screen(Point {
            x: MAP_SIZE / 2.0,
            y: MAP_SIZE / 2.0,
        });
        assert!(close(x, 195.0) && close(y, 250.0));
        assert!(close(view.zoom(), 1.0));
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let view = View::first(1280.0, 800.0);
        let (x, y) = (300.0, 600.0);
        let before = view.to_map(x, y);
        let zoomed = view.zoom_at(2.5, x, y);
        let after = zoomed.to_map(x, y);
        assert!(close(before.x, after.x) && close(before.y, after.y));
        assert!(close(zoomed.zoom(), 2.5));
        let back = zoomed.zoom_at(1.0 / 2.5, x, y);
        assert!(close(back.tx, view.tx) && close(back.ty, view.ty));
    }

    #[test]
    fn zoom_is_clamped() {
        let view = View::first(400.0, 400.0);
        assert!(close(view.zoom_at(1e6, 0.0, 0.0).zoom(), MAX_ZOOM));
        let out = view.zoom_at(1e-6, 0.0, 0.0);
        assert!(close(out.k, 400.0 / MAP_SIZE));
        assert_eq!(view.zoom_at(f64::NAN, 0.0, 0.0), view);
        assert_eq!(view.zoom_at(-1.0, 0.0, 0.0), view);
    }

    #[test]
    fn panning_moves_and_stops_at_the_edge() {
        let view = View::first(400.0, 400.0);
        let moved = view.pan(30.0, -20.0);
        assert!(close(moved.tx, view.tx + 30.0) && close(moved.ty, view.ty - 20.0));
        let far = view.pan(1e7, 1e7);
        assert!(far.tx <= 200.0 && far.ty <= 200.0);
        let (x, _) = far.to_screen(Point { x: 0.0, y: 0.0 });
        assert!(x <= 200.0);
    }

    #[test]
    fn a_gesture_transform_carries_the_drawing() {
        let drawn = View::first(800.0, 600.0);
        let live = drawn.zoom_at(2.0, 100.0, 100.0).pan(15.0, 5.0);
        // What was drawn at a point must land where the live view puts that point.
        let p = Point { x: 520.0, y: 470.0 };
        let (dx, dy) = drawn.to_screen(p);
        let r = live.k / drawn.k;
        let (ox, oy) = (live.tx - drawn.tx * r, live.ty - drawn.ty * r);
        let (lx, ly) = live.to_screen(p);
        assert!(close(dx * r + ox, lx) && close(dy * r + oy, ly));
        assert_eq!(
            View {
                k: 2.5,
                tx: -12.34,
                ty: 5.0,
                width: 1.0,
                height: 1.0
            }
            .transform(),
            "translate(-12.3 5) scale(2.500000)"
        );
        assert!(live.transform_from(drawn).starts_with("translate("));
        assert!(live.transform_from(drawn).contains("px,"));
    }

    #[test]
    fn resizing_keeps_the_centre() {
        let view = View::first(800.0, 600.0).pan(40.0, 10.0);
        let centre = view.to_map(400.0, 300.0);
        let resized = view.resized(390.0, 500.0);
        let after = resized.to_map(195.0, 250.0);
        assert!(close(centre.x, after.x) && close(centre.y, after.y));
    }
}
