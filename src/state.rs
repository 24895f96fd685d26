//! App-wide state, shared through context: each file a `provide_x` / `use_x` pair, and
//! [`loaded`], how the store loads its files.

pub mod config;
pub mod loaded;
pub mod locale;
pub mod outbox;
pub mod query;
pub mod store;
pub mod today;
