//! Small hooks in the leptos-use shape: one file each, `use_x()` returning what the caller
//! needs.

pub mod use_near_viewport;
