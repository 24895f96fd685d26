//! The map's gestures as plain arithmetic: which pointers are down, when a move stops
//! being a tap and becomes a drag, the pinch's scale and centre from two pointers, when two
//! taps make a double tap, how far a turn of the wheel zooms and what a key does. The
//! component ([`super::map_view`]) feeds in the events' numbers and applies to its
//! [`View`] what comes back, so native tests cover every gesture.

use super::view::View;

/// Pixels a pointer may move and still count as a tap.
pub const TAP_SLOP: f64 = 6.0;
/// Two taps within this many milliseconds…
pub const DOUBLE_TAP_MS: f64 = 320.0;
/// …and this many pixels of each other make a double tap.
pub const DOUBLE_TAP_SLOP: f64 = 24.0;
/// A double tap's zoom.
pub const DOUBLE_TAP_ZOOM: f64 = 2.0;
/// One arrow key's move, in pixels.
pub const KEY_STEP: f64 = 60.0;
/// One button's or key's zoom.
pub const ZOOM_STEP: f64 = 1.6;

/// A pointer on the map: its id, and where it is in pixels from the frame's corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pointer {
    pub id: i32,
    pub x: f64,
    pub y: f64,
}

/// A pointer going down: where, and when (the event's time stamp, in milliseconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tap {
    pub x: f64,
    pub y: f64,
    pub at: f64,
}

impl Tap {
    /// Whether `next` comes soon enough after this tap, and near enough to it, to make a
    /// double tap rather than two taps.
    pub fn doubled_by(self, next: Tap) -> bool {
        next.at - self.at < DOUBLE_TAP_MS
            && (next.x - self.x).hypot(next.y - self.y) < DOUBLE_TAP_SLOP
    }
}

/// Two pointers moving apart or together: the zoom, about their centre, and how far that
/// centre moved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pinch {
    /// The distance between the pointers now over before.
    pub scale: f64,
    /// The pointers' centre now.
    pub centre: (f64, f64),
    /// How far the centre moved.
    pub shift: (f64, f64),
}

/// The pinch made by one pointer moving from `before` to `after` while `other` holds
/// still; `None` while the two are too close together to measure a scale.
pub fn pinch(before: (f64, f64), after: (f64, f64), other: (f64, f64)) -> Option<Pinch> {
    let distance_before = (before.0 - other.0).hypot(before.1 - other.1);
    if distance_before <= 1.0 {
        return None;
    }
    let distance_after = (after.0 - other.0).hypot(after.1 - other.1);
    let centre = ((after.0 + other.0) / 2.0, (after.1 + other.1) / 2.0);
    let previous = ((before.0 + other.0) / 2.0, (before.1 + other.1) / 2.0);
    Some(Pinch {
        scale: distance_after / distance_before,
        centre,
        shift: (centre.0 - previous.0, centre.1 - previous.1),
    })
}

/// What a pointer's move does to the view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Move {
    /// One pointer drags the map by (`dx`, `dy`); `starts` on the move that makes a tap
    /// a drag (the frame then captures the pointer).
    Drag { dx: f64, dy: f64, starts: bool },
    /// Two pointers pinch.
    Pinch(Pinch),
}

impl Move {
    /// `view` after this move: a drag pans; a pinch zooms about the pointers' centre and
    /// follows the centre's shift.
    pub fn apply(self, view: View) -> View {
        match self {
            Move::Drag { dx, dy, .. } => view.pan(dx, dy),
            Move::Pinch(Pinch {
                scale,
                centre: (x, y),
                shift: (dx, dy),
            }) => view.zoom_at(scale, x, y).pan(dx, dy),
        }
    }
}

/// The pointers on the map and how the current gesture began.
#[derive(Debug, Default)]
pub struct Gesture {
    pointers: Vec<Pointer>,
    /// How far the one pointer has travelled since it went down.
    moved: f64,
    /// Whether the pointers have moved the map since the first went down.
    dragged: bool,
    /// The last tap, while a second may still make it a double tap.
    last_tap: Option<Tap>,
}

impl Gesture {
    /// Pointer `id` goes down at `tap`. True when that makes a double tap.
    pub fn down(&mut self, id: i32, tap: Tap) -> bool {
        self.pointers.retain(|p| p.id != id);
        self.pointers.push(Pointer {
            id,
            x: tap.x,
            y: tap.y,
        });
        if self.pointers.len() > 1 {
            return false;
        }
        self.moved = 0.0;
        self.dragged = false;
        let double_tap = self
            .last_tap
            .take()
            .is_some_and(|last| last.doubled_by(tap));
        if !double_tap {
            self.last_tap = Some(tap);
        }
        double_tap
    }

    /// Pointer `id` moves to (`x`, `y`): what that does to the view, if anything (a
    /// pointer that is not down, or a move within the tap's slop, does nothing).
    pub fn moved(&mut self, id: i32, x: f64, y: f64) -> Option<Move> {
        let index = self.pointers.iter().position(|p| p.id == id)?;
        let before = self.pointers[index];
        let mut step = None;
        if self.pointers.len() == 1 {
            self.moved += (x - before.x).hypot(y - before.y);
            if self.moved > TAP_SLOP {
                step = Some(Move::Drag {
                    dx: x - before.x,
                    dy: y - before.y,
                    starts: !self.dragged,
                });
                self.dragged = true;
                self.last_tap = None;
            }
        } else if let [a, b, ..] = self.pointers[..] {
            let other = if index == 0 { b } else { a };
            if let Some(found) = pinch((before.x, before.y), (x, y), (other.x, other.y)) {
                self.dragged = true;
                self.last_tap = None;
                step = Some(Move::Pinch(found));
            }
        }
        self.pointers[index] = Pointer { id, x, y };
        step
    }

    /// Pointer `id` is up or cancelled. True when it was the last one: the gesture ends.
    pub fn up(&mut self, id: i32) -> bool {
        self.pointers.retain(|p| p.id != id);
        self.pointers.is_empty()
    }

    /// Whether the pointers moved the map: the click that ends a drag selects nothing.
    pub fn dragged(&self) -> bool {
        self.dragged
    }
}

/// The zoom of one wheel event: `delta_y` in its `delta_mode` (0 pixels, 1 lines, 2
/// pages); turning up (a negative delta) zooms in.
pub fn wheel_zoom(delta_y: f64, delta_mode: u32) -> f64 {
    let pixels = match delta_mode {
        1 => 40.0,
        2 => 400.0,
        _ => 1.0,
    };
    (-delta_y * pixels * 0.002).exp()
}

/// What a key does on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    /// Enter or space: the focused marker's action.
    Activate,
    /// An arrow: the map moves by (`dx`, `dy`) pixels, the way the arrow points to look.
    Pan(f64, f64),
    /// `+` or `-`: zoom by this factor about the view's centre.
    Zoom(f64),
    /// `0`: back to the first view.
    Reset,
}

/// The map's action for `key` (a `KeyboardEvent.key`), if it has one.
pub fn key(key: &str) -> Option<Key> {
    Some(match key {
        "Enter" | " " => Key::Activate,
        "ArrowLeft" => Key::Pan(KEY_STEP, 0.0),
        "ArrowRight" => Key::Pan(-KEY_STEP, 0.0),
        "ArrowUp" => Key::Pan(0.0, KEY_STEP),
        "ArrowDown" => Key::Pan(0.0, -KEY_STEP),
        "+" | "=" => Key::Zoom(ZOOM_STEP),
        "-" | "_" => Key::Zoom(1.0 / ZOOM_STEP),
        "0" => Key::Reset,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn tap(x: f64, y: f64, at: f64) -> Tap {
        Tap { x, y, at }
    }

    #[test]
    fn a_double_tap_is_two_taps_close_in_time_and_place() {
        let first = tap(100.0, 100.0, 1000.0);
        assert!(first.doubled_by(tap(110.0, 105.0, 1200.0)));
        // Too late, or too far: two taps.
        assert!(!first.doubled_by(tap(100.0, 100.0, 1000.0 + DOUBLE_TAP_MS)));
        assert!(!first.doubled_by(tap(100.0 + DOUBLE_TAP_SLOP, 100.0, 1100.0)));
    }

    #[test]
    fn the_gesture_tells_a_double_tap_and_forgets_it_after() {
        let mut gesture = Gesture::default();
        assert!(!gesture.down(1, tap(50.0, 50.0, 0.0)));
        assert!(gesture.up(1));
        assert!(gesture.down(1, tap(52.0, 49.0, 200.0)));
        assert!(gesture.up(1));
        // A third tap starts again: it is the first of a new pair.
        assert!(!gesture.down(1, tap(52.0, 49.0, 300.0)));
        assert!(gesture.up(1));
        // A slow second tap is a first tap of its own.
        assert!(!gesture.down(1, tap(52.0, 49.0, 1000.0)));
        assert!(gesture.up(1));
        assert!(gesture.down(1, tap(52.0, 49.0, 1100.0)));
    }

    #[test]
    fn a_drag_between_taps_is_no_double_tap() {
        let mut gesture = Gesture::default();
        gesture.down(1, tap(50.0, 50.0, 0.0));
        assert!(gesture.moved(1, 80.0, 50.0).is_some());
        gesture.up(1);
        assert!(!gesture.down(1, tap(80.0, 50.0, 100.0)));
    }

    #[test]
    fn a_move_within_the_slop_is_still_a_tap() {
        let mut gesture = Gesture::default();
        gesture.down(7, tap(10.0, 10.0, 0.0));
        assert_eq!(gesture.moved(7, 13.0, 10.0), None);
        assert_eq!(gesture.moved(7, 10.0, 10.0), None);
        assert!(!gesture.dragged());
        // Back and forth adds up: the travel, not the distance, ends the tap.
        let step = gesture.moved(7, 13.0, 10.0);
        assert_eq!(
            step,
            Some(Move::Drag {
                dx: 3.0,
                dy: 0.0,
                starts: true
            })
        );
        assert!(gesture.dragged());
        // Only the first move of a drag starts it.
        assert_eq!(
            gesture.moved(7, 20.0, 12.0),
            Some(Move::Drag {
                dx: 7.0,
                dy: 2.0,
                starts: false
            })
        );
        // A pointer that is not down moves nothing.
        assert_eq!(gesture.moved(8, 0.0, 0.0), None);
    }

    #[test]
    fn pointers_are_tracked_by_id() {
        let mut gesture = Gesture::default();
        gesture.down(1, tap(0.0, 0.0, 0.0));
        // The same pointer down again (a lost up) is not a second pointer.
        gesture.down(1, tap(5.0, 5.0, 10.0));
        gesture.down(2, tap(100.0, 0.0, 20.0));
        assert!(gesture.moved(2, 150.0, 0.0).is_some());
        assert!(gesture.dragged());
        assert!(!gesture.up(1));
        assert!(!gesture.up(3));
        assert!(gesture.up(2));
        // A new gesture starts with nothing dragged.
        gesture.down(1, tap(0.0, 0.0, 5000.0));
        assert!(!gesture.dragged());
    }

    #[test]
    fn a_pinch_scales_by_the_pointers_distance_about_their_centre() {
        let found = pinch((40.0, 100.0), (20.0, 100.0), (100.0, 100.0)).expect("apart");
        assert!(close(found.scale, 80.0 / 60.0));
        assert_eq!(found.centre, (60.0, 100.0));
        assert_eq!(found.shift, (-10.0, 0.0));
        // Two pointers on one spot give no scale.
        assert_eq!(pinch((100.5, 100.0), (50.0, 100.0), (100.0, 100.0)), None);
    }

    #[test]
    fn two_pointers_pinch_and_the_map_point_under_the_centre_follows_it() {
        let mut gesture = Gesture::default();
        gesture.down(1, tap(100.0, 200.0, 0.0));
        gesture.down(2, tap(300.0, 200.0, 5.0));
        let step = gesture.moved(2, 400.0, 200.0).expect("a pinch");
        let Move::Pinch(found) = step else {
            panic!("two pointers pinch, got {step:?}");
        };
        assert!(close(found.scale, 1.5));
        assert!(gesture.dragged());
        // Zoomed about the new centre, then moved by the centre's shift.
        let view = View::first(800.0, 600.0);
        let under = view.to_map(250.0, 200.0);
        let after = step.apply(view);
        let (x, y) = after.to_screen(under);
        assert!(close(x, 300.0) && close(y, 200.0));
        assert!(close(after.k, view.k * 1.5));
        // The first pointer's move measures against the second's new place.
        let Some(Move::Pinch(next)) = gesture.moved(1, 0.0, 200.0) else {
            panic!("still a pinch");
        };
        assert!(close(next.scale, 400.0 / 300.0));
        assert_eq!(next.centre, (200.0, 200.0));
    }

    #[test]
    fn a_drag_pans_the_view() {
        let view = View::first(800.0, 600.0);
        let moved = Move::Drag {
            dx: 12.0,
            dy: -5.0,
            starts: false,
        }
        .apply(view);
        assert!(close(moved.tx, view.tx + 12.0) && close(moved.ty, view.ty - 5.0));
    }

    #[test]
    fn the_wheel_zooms_in_when_turned_up_by_the_same_step_in_every_unit() {
        assert!(wheel_zoom(-100.0, 0) > 1.0);
        assert!(wheel_zoom(100.0, 0) < 1.0);
        assert!(close(wheel_zoom(0.0, 0), 1.0));
        assert!(close(wheel_zoom(100.0, 0) * wheel_zoom(-100.0, 0), 1.0));
        // Three lines are 120 pixels; a page is 400.
        assert!(close(wheel_zoom(3.0, 1), wheel_zoom(120.0, 0)));
        assert!(close(wheel_zoom(1.0, 2), wheel_zoom(400.0, 0)));
        assert!(close(wheel_zoom(-300.0, 0), 0.6_f64.exp()));
    }

    #[test]
    fn keys_move_zoom_and_reset() {
        assert_eq!(key("Enter"), Some(Key::Activate));
        assert_eq!(key(" "), Some(Key::Activate));
        assert_eq!(key("ArrowLeft"), Some(Key::Pan(KEY_STEP, 0.0)));
        assert_eq!(key("ArrowRight"), Some(Key::Pan(-KEY_STEP, 0.0)));
        assert_eq!(key("ArrowUp"), Some(Key::Pan(0.0, KEY_STEP)));
        assert_eq!(key("ArrowDown"), Some(Key::Pan(0.0, -KEY_STEP)));
        assert_eq!(key("+"), Some(Key::Zoom(ZOOM_STEP)));
        assert_eq!(key("="), Some(Key::Zoom(ZOOM_STEP)));
        assert_eq!(key("-"), Some(Key::Zoom(1.0 / ZOOM_STEP)));
        assert_eq!(key("_"), Some(Key::Zoom(1.0 / ZOOM_STEP)));
        assert_eq!(key("0"), Some(Key::Reset));
        assert_eq!(key("a"), None);
        assert_eq!(key("Tab"), None);
    }
}
