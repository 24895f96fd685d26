//! The map itself: country outlines, baton arcs and university markers in one SVG, moved
//! by dragging, zoomed by the wheel, a pinch or a double tap (anchored at the pointer), by
//! the +, - and reset buttons and by the keyboard (arrows, +, -, 0).
//!
//! During a gesture only one `transform` attribute changes, so a step costs a style
//! recalculation, not a redraw; when the gesture settles the markers are clustered and
//! drawn again for the new view ([`crate::app::map::layer`]). The parts: where the map
//! stands ([`camera`]), what is drawn in it ([`draw`]) and the events that move it
//! ([`input`], over the plain arithmetic of [`crate::app::map::gesture`]).

mod camera;
mod draw;
mod input;

use std::sync::Arc;

use leptos::{prelude::*, svg};

use crate::app::map::{
    gesture::{Gesture, ZOOM_STEP},
    layer::{Pass, Place},
};
use crate::i18n::{t_string, use_i18n};
use camera::Camera;
use input::Choose;

/// The interactive map.
#[component]
pub fn MapView(
    /// The universities it draws, in the store's order.
    #[prop(into)]
    places: Signal<Arc<Vec<Place>>>,
    /// The baton passes it draws as arcs, between `places` by index.
    #[prop(into)]
    passes: Signal<Arc<Vec<Pass>>>,
    /// The index in `places` of the university shown in the panel, highlighted.
    #[prop(into)]
    selected: Signal<Option<usize>>,
    /// The country outlines' markup: `None` while loading, `Some(Err)` when the asset
    /// failed (the markers then show on a plain background).
    #[prop(into)]
    outline: Signal<Option<Result<Arc<String>, ()>>>,
    /// Gets the id of a chosen marker.
    on_select: Callback<String>,
    /// Gets the ids in a cluster that zooming cannot split (universities of one city).
    on_cluster: Callback<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let camera = Camera::new();
    let countries_ref = NodeRef::<svg::G>::new();
    let layer_ref = NodeRef::<svg::G>::new();
    let gesture = StoredValue::new(Gesture::default());
    let choose = Choose {
        on_select,
        on_cluster,
    };

    camera.follow_size();
    draw::draw_countries(outline, countries_ref);
    draw::draw_layer(camera, places, passes, selected, countries_ref, layer_ref);
    camera.follow_selection(places, selected);
    input::zoom_with_wheel(camera);

    let failed = move || matches!(outline.get(), Some(Err(())));
    view! {
        <div class="map">
            <div
                node_ref=camera.frame
                class="map__frame"
                role="group"
                tabindex="0"
                aria-label=move || t_string!(i18n, map.label)
                aria-describedby="map-help"
                on:pointerdown=move |ev| input::pointer_down(camera, gesture, &ev)
                on:pointermove=move |ev| input::pointer_move(camera, gesture, &ev)
                on:pointerup=move |ev| input::pointer_up(camera, gesture, &ev)
                on:pointercancel=move |ev| input::pointer_up(camera, gesture, &ev)
                on:click=move |ev| input::click(camera, gesture, choose, &ev)
                on:keydown=move |ev| input::key(camera, choose, &ev)
            >
                <svg node_ref=camera.moving class="map__svg">
                    <rect class="map__sea" width="100%" height="100%" />
                    <g node_ref=countries_ref class="map__countries" aria-hidden="true"></g>
                    <g node_ref=layer_ref></g>
                </svg>
            </div>
            <p id="map-help" class="visually-hidden">{move || t_string!(i18n, map.help)}</p>
            <div class="map__controls">
                <button type="button" on:click=move |_| { camera.zoom_by(ZOOM_STEP, None); } aria-label=move || t_string!(i18n, map.zoom_in)>"+"</button>
                <button type="button" on:click=move |_| { camera.zoom_by(1.0 / ZOOM_STEP, None); } aria-label=move || t_string!(i18n, map.zoom_out)>"−"</button>
                <button type="button" on:click=move |_| camera.reset() aria-label=move || t_string!(i18n, map.reset)>"⟲"</button>
            </div>
            <Show when=failed>
                <p class="notice map__notice" role="status" data-testid="map-outline-error">
                    {move || t_string!(i18n, map.outline_error)}
                </p>
            </Show>
        </div>
    }
}
