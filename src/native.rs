//! The native side of the site, compiled for the host only: it never runs in a browser,
//! and the web app never downloads it.
//!
//! - [`server`]: `qq serve`, the HTTP server for the built site.
//! - [`inbox`]: where submissions wait for a moderator, in SQLite, and the API beside the
//!   site.
//! - [`publish`]: the static data store, built from its source and written atomically.
//! - [`geometry`]: the map's country outlines, built from Natural Earth.
//! - [`synthetic`]: large synthetic stores, for benchmarks.
//! - [`locale_keys`]: the check that the three locale files have the same keys.
//! - [`prerender`]: every public page as finished HTML, with the app's own components.
//! - [`site`]: `qq site`, the one deployable folder: the app, the pages, the sitemap.
//! - [`share`]: the pages' link-preview images (PNG), drawn with the committed fonts.
//! - [`bucket`]: the site in an S3-compatible bucket: `qq deploy`, and the inbox's
//!   publisher (`qq serve --publish-to`).

pub mod bucket;
pub mod geometry;
pub mod inbox;
pub mod locale_keys;
pub mod prerender;
pub mod publish;
pub mod server;
pub mod share;
pub mod site;
pub mod synthetic;
