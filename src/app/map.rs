//! The map's logic in plain Rust: the view's arithmetic ([`view`]), the drawn layer of
//! markers, arcs and labels ([`layer`]) and the country outlines' asset ([`outline`]).
//! The component that puts them on screen is [`crate::app::components::map_view`].

pub mod layer;
pub mod outline;
pub mod view;
