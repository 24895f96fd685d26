//! The map itself: country outlines, baton arcs and university markers in one SVG, moved
//! by dragging, zoomed by the wheel, a pinch or a double tap (anchored at the pointer), by
//! the +, - and reset buttons and by the keyboard (arrows, +, -, 0).
//!
//! During a gesture only one `transform` attribute changes, so a step costs a style
//! recalculation, not a redraw; when the gesture settles the markers are clustered and
//! drawn again for the new view ([`crate::app::map::layer`]).

use std::sync::Arc;

use leptos::{prelude::*, svg};
use web_sys::{Element, KeyboardEvent, MouseEvent, PointerEvent};

use crate::app::map::{
    layer::{self, Pass, Place},
    view::View,
};
use crate::i18n::{t_string, use_i18n};
use crate::model::geo::Point;

/// How long the wheel must rest before the view is redrawn.
const WHEEL_SETTLE_MS: u64 = 140;
/// Pixels a pointer may move and still count as a tap.
const TAP_SLOP: f64 = 6.0;
/// Two taps within this many milliseconds zoom in.
const DOUBLE_TAP_MS: f64 = 320.0;
/// One arrow key's move, in pixels.
const KEY_STEP: f64 = 60.0;
/// One button's or key's zoom.
const ZOOM_STEP: f64 = 1.6;

/// The pointers on the map and how the current gesture began.
#[derive(Debug, Default)]
struct Gesture {
    pointers: Vec<(i32, f64, f64)>,
    moved: f64,
    dragged: bool,
    last_tap: Option<(f64, f64, f64)>,
}

/// The interactive map. `places` and `passes` are what it draws; `selected` is the
/// university shown in the panel; `on_select` gets the id of a chosen marker.
/// `outline` is the country outlines' markup (`None` while loading, `Some(Err)` when the
/// asset failed: the markers then show on a plain background).
#[component]
pub fn MapView(
    #[prop(into)] places: Signal<Arc<Vec<Place>>>,
    #[prop(into)] passes: Signal<Arc<Vec<Pass>>>,
    #[prop(into)] selected: Signal<Option<usize>>,
    #[prop(into)] outline: Signal<Option<Result<Arc<String>, ()>>>,
    on_select: Callback<String>,
    /// Gets the ids in a cluster that zooming cannot split (universities of one city).
    on_cluster: Callback<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The frame takes the input; the drawing inside it moves as one layer during a gesture.
    let svg_ref = NodeRef::<leptos::html::Div>::new();
    let moving_ref = NodeRef::<svg::Svg>::new();
    let countries_ref = NodeRef::<svg::G>::new();
    let layer_ref = NodeRef::<svg::G>::new();
    // The view the layer was drawn for, and the one the reader sees during a gesture.
    let drawn = RwSignal::new(None::<View>);
    let live = StoredValue::new(None::<View>);
    let gesture = StoredValue::new(Gesture::default());
    let wheel_timer = StoredValue::new(None::<TimeoutHandle>);

    let size = move || {
        svg_ref.get_untracked().map_or((640.0, 480.0), |el| {
            let el: &Element = el.as_ref();
            (
                f64::from(el.client_width().max(1)),
                f64::from(el.client_height().max(1)),
            )
        })
    };
    let current = move || live.get_value().or_else(|| drawn.get_untracked());
    // Shows `view` at once by moving what is drawn.
    let preview = move |view: View| {
        live.set_value(Some(view));
        if let (Some(drawing), Some(base)) = (moving_ref.get_untracked(), drawn.get_untracked()) {
            let _ = drawing
                .style()
                .set_property("transform", &view.transform_from(base));
        }
    };
    // Draws for `view`.
    let settle = move |view: View| {
        live.set_value(Some(view));
        drawn.set(Some(view));
    };

    // The first view, once the map has a size; again when the window is resized.
    Effect::new(move |_| {
        if svg_ref.get().is_some() && drawn.get_untracked().is_none() {
            let (w, h) = size();
            settle(View::first(w, h));
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(view) = current() {
            let (w, h) = size();
            settle(view.resized(w, h));
        }
    });
    on_cleanup(move || resize.remove());

    // The countries, once loaded.
    Effect::new(move |_| {
        let markup = match outline.get() {
            Some(Ok(markup)) => markup,
            _ => Arc::new(String::new()),
        };
        if let Some(g) = countries_ref.get() {
            g.set_inner_html(&markup);
        }
    });

    // The markers, arcs and labels for the settled view, in the same frame as the reset of
    // the gesture's transform, so nothing jumps.
    Effect::new(move |_| {
        let Some(view) = drawn.get() else {
            return;
        };
        let places = places.get();
        let passes = passes.get();
        let selected = selected.get();
        let universities = t_string!(i18n, map.universities);
        let zoom_in = t_string!(i18n, map.zoom_in);
        let drawn_layer = layer::draw(&places, &passes, view, selected, |n, deeds| {
            format!("{n} {universities}, {deeds} · {zoom_in}")
        });
        let (Some(moving), Some(countries), Some(layer_g)) =
            (moving_ref.get(), countries_ref.get(), layer_ref.get())
        else {
            return;
        };
        let focused = focused_marker(&layer_g);
        layer_g.set_inner_html(&drawn_layer.markup);
        let _ = countries.set_attribute("transform", &view.transform());
        let _ = moving.style().remove_property("transform");
        if let Some(selector) = focused
            && let Ok(Some(el)) = layer_g.query_selector(&selector)
            && let Ok(el) = leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::SvgElement>(el)
        {
            let _ = el.focus();
        }
    });

    let local = move |x: f64, y: f64| -> (f64, f64) {
        svg_ref.get_untracked().map_or((x, y), |el| {
            let el: &Element = el.as_ref();
            let rect = el.get_bounding_client_rect();
            (x - rect.left(), y - rect.top())
        })
    };
    // Zooms; false when the view is already as close as it goes.
    let zoom_by = move |factor: f64, at: Option<(f64, f64)>| -> bool {
        let Some(view) = current() else {
            return false;
        };
        let (x, y) = at.unwrap_or((view.width / 2.0, view.height / 2.0));
        let next = view.zoom_at(factor, x, y);
        settle(next);
        (next.k - view.k).abs() > 1e-9
    };

    // A newly selected university comes into view, close enough to stand on its own
    // where its neighbours allow.
    Effect::new(move |previous: Option<Option<usize>>| {
        let chosen = selected.get();
        let places = places.get();
        if chosen != previous.flatten()
            && let Some(at) = chosen.and_then(|i| centre_of(&places, i))
            && let Some(view) = current()
        {
            let wanted = (4.0 / view.zoom()).max(1.0);
            let (x, y) = view.to_screen(at);
            settle(view.zoom_at(wanted, x, y).centred_on(at));
        }
        // Until the places are loaded, the selection is not yet shown.
        if places.is_empty() { None } else { chosen }
    });
    let reset = move || {
        let (w, h) = size();
        settle(View::first(w, h));
    };

    let on_pointer_down = move |ev: PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let (x, y) = local(f64::from(ev.client_x()), f64::from(ev.client_y()));
        let now = ev.time_stamp();
        let mut double_tap = false;
        gesture.update_value(|g| {
            g.pointers.retain(|p| p.0 != ev.pointer_id());
            g.pointers.push((ev.pointer_id(), x, y));
            if g.pointers.len() == 1 {
                g.moved = 0.0;
                g.dragged = false;
                if let Some((tx, ty, at)) = g.last_tap.take() {
                    double_tap = now - at < DOUBLE_TAP_MS && (x - tx).hypot(y - ty) < 24.0;
                }
                if !double_tap {
                    g.last_tap = Some((x, y, now));
                }
            }
        });
        if double_tap {
            zoom_by(2.0, Some((x, y)));
        }
    };
    let on_pointer_move = move |ev: PointerEvent| {
        let (x, y) = local(f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        let Some(view) = current() else {
            return;
        };
        let mut next = None;
        let mut capture = false;
        gesture.update_value(|g| {
            let Some(index) = g.pointers.iter().position(|p| p.0 == id) else {
                return;
            };
            let (_, px, py) = g.pointers[index];
            if g.pointers.len() == 1 {
                g.moved += (x - px).hypot(y - py);
                if g.moved > TAP_SLOP {
                    capture = !g.dragged;
                    g.dragged = true;
                    g.last_tap = None;
                    next = Some(view.pan(x - px, y - py));
                }
            } else if let [a, b, ..] = g.pointers[..] {
                let other = if index == 0 { b } else { a };
                let before = (px - other.1).hypot(py - other.2);
                let after = (x - other.1).hypot(y - other.2);
                let (mx, my) = ((x + other.1) / 2.0, (y + other.2) / 2.0);
                let (pmx, pmy) = ((px + other.1) / 2.0, (py + other.2) / 2.0);
                if before > 1.0 {
                    g.dragged = true;
                    g.last_tap = None;
                    next = Some(view.zoom_at(after / before, mx, my).pan(mx - pmx, my - pmy));
                }
            }
            g.pointers[index] = (id, x, y);
        });
        if capture && let Some(el) = svg_ref.get_untracked() {
            let el: &Element = el.as_ref();
            let _ = el.set_pointer_capture(id);
        }
        if let Some(next) = next {
            preview(next);
        }
    };
    let on_pointer_up = move |ev: PointerEvent| {
        let mut ended = false;
        gesture.update_value(|g| {
            g.pointers.retain(|p| p.0 != ev.pointer_id());
            ended = g.pointers.is_empty();
        });
        if ended
            && let (Some(view), Some(base)) = (live.get_value(), drawn.get_untracked())
            && view != base
        {
            settle(view);
        }
    };
    let on_click = move |ev: MouseEvent| {
        if gesture.with_value(|g| g.dragged) {
            return;
        }
        activate(ev.target(), on_select, on_cluster, zoom_by);
    };
    let on_key = move |ev: KeyboardEvent| {
        let key = ev.key();
        let handled = match key.as_str() {
            "Enter" | " " => activate(ev.target(), on_select, on_cluster, zoom_by),
            "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" => {
                if let Some(view) = current() {
                    let (dx, dy) = match key.as_str() {
                        "ArrowLeft" => (KEY_STEP, 0.0),
                        "ArrowRight" => (-KEY_STEP, 0.0),
                        "ArrowUp" => (0.0, KEY_STEP),
                        _ => (0.0, -KEY_STEP),
                    };
                    settle(view.pan(dx, dy));
                }
                true
            }
            "+" | "=" => {
                zoom_by(ZOOM_STEP, None);
                true
            }
            "-" | "_" => {
                zoom_by(1.0 / ZOOM_STEP, None);
                true
            }
            "0" => {
                reset();
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };

    // The wheel needs a listener that may cancel the page's scroll.
    Effect::new(move |_| {
        let Some(el) = svg_ref.get() else {
            return;
        };
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        let callback =
            Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
                ev.prevent_default();
                let Some(view) = current() else {
                    return;
                };
                let scale = match ev.delta_mode() {
                    1 => 40.0,
                    2 => 400.0,
                    _ => 1.0,
                };
                let factor = (-ev.delta_y() * scale * 0.002).exp();
                let (x, y) = local(f64::from(ev.client_x()), f64::from(ev.client_y()));
                preview(view.zoom_at(factor, x, y));
                if let Some(timer) = wheel_timer.get_value() {
                    timer.clear();
                }
                let timer = set_timeout_with_handle(
                    move || {
                        if let Some(view) = live.get_value() {
                            settle(view);
                        }
                    },
                    std::time::Duration::from_millis(WHEEL_SETTLE_MS),
                )
                .ok();
                wheel_timer.set_value(timer);
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

    let failed = move || matches!(outline.get(), Some(Err(())));
    view! {
        <div class="map">
            <div
                node_ref=svg_ref
                class="map__frame"
                role="group"
                tabindex="0"
                aria-label=move || t_string!(i18n, map.label)
                aria-describedby="map-help"
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=on_pointer_up
                on:click=on_click
                on:keydown=on_key
            >
                <svg node_ref=moving_ref class="map__svg">
                    <rect class="map__sea" width="100%" height="100%" />
                    <g node_ref=countries_ref class="map__countries" aria-hidden="true"></g>
                    <g node_ref=layer_ref></g>
                </svg>
            </div>
            <p id="map-help" class="visually-hidden">{move || t_string!(i18n, map.help)}</p>
            <div class="map__controls">
                <button type="button" on:click=move |_| { zoom_by(ZOOM_STEP, None); } aria-label=move || t_string!(i18n, map.zoom_in)>"+"</button>
                <button type="button" on:click=move |_| { zoom_by(1.0 / ZOOM_STEP, None); } aria-label=move || t_string!(i18n, map.zoom_out)>"−"</button>
                <button type="button" on:click=move |_| reset() aria-label=move || t_string!(i18n, map.reset)>"⟲"</button>
            </div>
            <Show when=failed>
                <p class="notice map__notice" role="status" data-testid="map-outline-error">
                    {move || t_string!(i18n, map.outline_error)}
                </p>
            </Show>
        </div>
    }
}

/// The marker at `target`: selects a university, or zooms into a cluster (or, as close as
/// the map goes, hands its members to `on_cluster`). Whether there was one.
fn activate(
    target: Option<web_sys::EventTarget>,
    on_select: Callback<String>,
    on_cluster: Callback<Vec<String>>,
    zoom_by: impl Fn(f64, Option<(f64, f64)>) -> bool,
) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Some(element) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    if let Ok(Some(marker)) = element.closest("[data-u]")
        && let Some(id) = marker.get_attribute("data-u")
    {
        on_select.run(id);
        return true;
    }
    if let Ok(Some(cluster)) = element.closest("[data-zoom]") {
        // Whole pixels: parsing integers keeps the float parser out of the download.
        let at = cluster.get_attribute("data-zoom").and_then(|xy| {
            let (x, y) = xy.split_once(',')?;
            Some((
                f64::from(x.parse::<i32>().ok()?),
                f64::from(y.parse::<i32>().ok()?),
            ))
        });
        if !zoom_by(2.5, at) {
            let members = cluster.get_attribute("data-members").unwrap_or_default();
            on_cluster.run(members.split(' ').map(str::to_string).collect());
        }
        return true;
    }
    false
}

/// The selector of the marker that has the keyboard focus, to give it back after a redraw.
fn focused_marker(layer: &web_sys::SvgElement) -> Option<String> {
    let active = document().active_element()?;
    let inside: &web_sys::Node = layer.as_ref();
    if !inside.contains(Some(active.as_ref())) {
        return None;
    }
    if let Some(id) = active.get_attribute("data-u") {
        return Some(format!("[data-u=\"{}\"]", layer::escape(&id)));
    }
    active
        .get_attribute("data-zoom")
        .map(|xy| format!("[data-zoom=\"{xy}\"]"))
}

/// Where a university is on the map, for centring the first view on it.
pub fn centre_of(places: &[Place], index: usize) -> Option<Point> {
    places.get(index)?.at
}
