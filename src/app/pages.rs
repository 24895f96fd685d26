//! One component per route, each named `…Page` in its own `*_page.rs`.

pub mod about_page;
pub mod deed_page;
pub mod elsewhere;
pub mod feed_page;
pub mod invite_page;
pub mod map_page;
pub mod moderate_page;
pub mod not_found_page;
pub mod page_title;
pub mod relay_page;
pub mod submit_page;
pub mod university_page;
