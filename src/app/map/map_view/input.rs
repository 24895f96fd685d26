//! The map's input wired to its [`Camera`]: pointers (drag, pinch, double tap), the
//! wheel, the keyboard, and a click or Enter on a marker. What each gesture does is
//! worked out in [`crate::app::map::gesture`]; here only the events are read and the
//! results applied.

use leptos::prelude::*;
use web_sys::{Element, KeyboardEvent, MouseEvent, PointerEvent};

use super::camera::Camera;
use crate::app::map::gesture::{self, DOUBLE_TAP_ZOOM, Gesture, Key, Tap};

/// How long the wheel must rest before the view is redrawn.
const WHEEL_SETTLE_MS: u64 = 140;
/// A tap on a cluster's zoom.
const CLUSTER_ZOOM: f64 = 2.5;

/// What a marker does when chosen: a university's id goes to `on_select`; the members of
/// a cluster that zooming cannot split go to `on_cluster`.
#[derive(Clone, Copy)]
pub struct Choose {
    pub on_select: Callback<String>,
    pub on_cluster: Callback<Vec<String>>,
}

/// A pointer goes down: the start of a tap, a drag or a pinch; the second of two taps
/// zooms in where it lands.
pub fn pointer_down(camera: Camera, gesture: StoredValue<Gesture>, ev: &PointerEvent) {
    if ev.pointer_type() == "mouse" && ev.button() != 0 {
        return;
    }
    let (x, y) = camera.local(f64::from(ev.client_x()), f64::from(ev.client_y()));
    let tap = Tap {
        x,
        y,
        at: ev.time_stamp(),
    };
    let double_tap = gesture
        .try_update_value(|g| g.down(ev.pointer_id(), tap))
        .unwrap_or(false);
    if double_tap {
        camera.zoom_by(DOUBLE_TAP_ZOOM, Some((x, y)));
    }
}

/// A pointer moves: a drag or a pinch previews the new view.
pub fn pointer_move(camera: Camera, gesture: StoredValue<Gesture>, ev: &PointerEvent) {
    let (x, y) = camera.local(f64::from(ev.client_x()), f64::from(ev.client_y()));
    let id = ev.pointer_id();
    let Some(view) = camera.current() else {
        return;
    };
    let Some(step) = gesture.try_update_value(|g| g.moved(id, x, y)).flatten() else {
        return;
    };
    if let gesture::Move::Drag { starts: true, .. } = step
        && let Some(el) = camera.frame.get_untracked()
    {
        let el: &Element = el.as_ref();
        let _ = el.set_pointer_capture(id);
    }
    camera.preview(step.apply(view));
}

/// A pointer is up or cancelled: when it was the last, the view settles.
pub fn pointer_up(camera: Camera, gesture: StoredValue<Gesture>, ev: &PointerEvent) {
    let ended = gesture
        .try_update_value(|g| g.up(ev.pointer_id()))
        .unwrap_or(false);
    if ended && camera.moved() {
        camera.settle_live();
    }
}

/// A click chooses the marker under it, unless it ends a drag.
pub fn click(camera: Camera, gesture: StoredValue<Gesture>, choose: Choose, ev: &MouseEvent) {
    if gesture.with_value(Gesture::dragged) {
        return;
    }
    activate(ev.target(), choose, camera);
}

/// A key on the frame or a marker: move, zoom, reset or choose.
pub fn key(camera: Camera, choose: Choose, ev: &KeyboardEvent) {
    let handled = match gesture::key(&ev.key()) {
        Some(Key::Activate) => activate(ev.target(), choose, camera),
        Some(Key::Pan(dx, dy)) => {
            if let Some(view) = camera.current() {
                camera.settle(view.pan(dx, dy));
            }
            true
        }
        Some(Key::Zoom(factor)) => {
            camera.zoom_by(factor, None);
            true
        }
        Some(Key::Reset) => {
            camera.reset();
            true
        }
        None => false,
    };
    if handled {
        ev.prevent_default();
    }
}

/// Zooms with the wheel, anchored at the pointer: previewed at once, drawn when the wheel
/// rests. The listener may cancel the page's scroll, which `on:wheel` cannot.
pub fn zoom_with_wheel(camera: Camera) {
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let Some(el) = camera.frame.get() else {
            return;
        };
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        let callback =
            Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
                ev.prevent_default();
                let Some(view) = camera.current() else {
                    return;
                };
                let factor = gesture::wheel_zoom(ev.delta_y(), ev.delta_mode());
                let (x, y) = camera.local(f64::from(ev.client_x()), f64::from(ev.client_y()));
                camera.preview(view.zoom_at(factor, x, y));
                if let Some(timer) = timer.get_value() {
                    timer.clear();
                }
                let next = set_timeout_with_handle(
                    move || camera.settle_live(),
                    std::time::Duration::from_millis(WHEEL_SETTLE_MS),
                )
                .ok();
                timer.set_value(next);
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let target: &web_sys::EventTarget = el.as_ref();
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            callback.as_ref().unchecked_ref(),
            &options,
        );
        // The listener lives as long as the element.
        callback.forget();
    });
}

/// The marker at `target`: selects a university, or zooms into a cluster (or, as close as
/// the map goes, hands its members to `on_cluster`). Whether there was one.
fn activate(target: Option<web_sys::EventTarget>, choose: Choose, camera: Camera) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Some(element) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    if let Ok(Some(marker)) = element.closest("[data-u]")
        && let Some(id) = marker.get_attribute("data-u")
    {
        choose.on_select.run(id);
        return true;
    }
    if let Ok(Some(cluster)) = element.closest("[data-zoom]") {
        let at = cluster
            .get_attribute("data-zoom")
            .and_then(|xy| zoom_anchor(&xy));
        if !camera.zoom_by(CLUSTER_ZOOM, at) {
            let members = cluster.get_attribute("data-members").unwrap_or_default();
            choose
                .on_cluster
                .run(members.split(' ').map(str::to_string).collect());
        }
        return true;
    }
    false
}

/// A cluster's `data-zoom` (`"120,-45"`, whole pixels in the frame) as the point to zoom
/// about. Integers: parsing them keeps the float parser out of the download.
fn zoom_anchor(xy: &str) -> Option<(f64, f64)> {
    let (x, y) = xy.split_once(',')?;
    Some((
        f64::from(x.parse::<i32>().ok()?),
        f64::from(y.parse::<i32>().ok()?),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_zooms_about_its_whole_pixel_anchor() {
        assert_eq!(zoom_anchor("120,-45"), Some((120.0, -45.0)));
        assert_eq!(zoom_anchor("0,0"), Some((0.0, 0.0)));
        assert_eq!(zoom_anchor("1.5,2"), None);
        assert_eq!(zoom_anchor("12"), None);
        assert_eq!(zoom_anchor(""), None);
    }
}
