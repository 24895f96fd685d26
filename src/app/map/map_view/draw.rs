//! What the map puts in its SVG: the country outlines once they arrive, and the markers,
//! arcs and labels ([`crate::app::map::layer`]) drawn again each time the view settles, in
//! the same frame as the reset of the gesture's transform, so nothing jumps. The marker
//! that had the keyboard focus gets it back after a redraw.

use std::sync::Arc;

use leptos::{prelude::*, svg};

use super::camera::Camera;
use crate::app::map::layer::{self, Pass, Place};
use crate::i18n::{t_string, use_i18n};

/// Puts the countries' markup into `countries` once it is loaded (nothing while it loads
/// or when it failed).
pub fn draw_countries(
    outline: Signal<Option<Result<Arc<String>, ()>>>,
    countries: NodeRef<svg::G>,
) {
    Effect::new(move |_| {
        let markup = match outline.get() {
            Some(Ok(markup)) => markup,
            _ => Arc::new(String::new()),
        };
        if let Some(g) = countries.get() {
            g.set_inner_html(&markup);
        }
    });
}

/// Draws `places` and `passes` into `layer_g` for the camera's settled view, and moves
/// the countries to it.
pub fn draw_layer(
    camera: Camera,
    places: Signal<Arc<Vec<Place>>>,
    passes: Signal<Arc<Vec<Pass>>>,
    selected: Signal<Option<usize>>,
    countries: NodeRef<svg::G>,
    layer_g: NodeRef<svg::G>,
) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let Some(view) = camera.drawn.get() else {
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
            (camera.moving.get(), countries.get(), layer_g.get())
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
