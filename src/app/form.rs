//! The submit form's logic in plain Rust, tested natively: the [`draft`] a student types,
//! and its checks. The page that shows it is [`crate::app::pages::submit_page`].

pub mod draft;
