//! Everything the map page draws and how it moves, in one place. Plain Rust, tested
//! natively: what is drawn, from the store ([`places`]), the view's arithmetic
//! ([`view`]), the gestures' ([`gesture`]), the drawn layer of markers, arcs and labels
//! ([`layer`]), the country outlines' asset ([`outline`]) and what the page keeps in its
//! address ([`query`]). The component that puts them on screen and wires the events to
//! them is [`map_view`]; the page around it is [`crate::app::pages::map_page`].

pub mod gesture;
pub mod layer;
pub mod map_view;
pub mod outline;
pub mod places;
pub mod query;
pub mod view;
