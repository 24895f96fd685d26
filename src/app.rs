//! The web apps: the code that runs in the browser, built by Trunk to WebAssembly (and
//! compiled natively too, for its tests and to render pages).
//!
//! Data flows one way: [`crate::model`] (types and rules, shared with the native side) ->
//! [`api`] (fetching static JSON) -> [`state`] (context providers) -> [`pages`] ->
//! [`components`]. Beside them: [`base_path`] (where the site is mounted and which route
//! shows), [`form`] (the submit form's draft and checks), [`outbox`] (deeds kept on the
//! phone until an inbox has them), [`map`] (the map's arithmetic and drawing),
//! [`moderation`] (the moderators' app's session, API client and queue logic),
//! [`photo_files`] (a deed's photos as files: shrunk, kept and sent), [`hooks`],
//! and [`text`] (the browser's Unicode tables for the model).

pub mod api;
pub mod base_path;
pub mod components;
pub mod form;
pub mod hooks;
pub mod map;
pub mod moderation;
pub mod outbox;
pub mod pages;
pub mod photo_files;
pub mod rendering;
pub mod search_worker;
pub mod state;
pub mod takeover;
pub mod text;
