//! App-wide state, shared through context: each file a `provide_x` / `use_x` pair.

pub mod config;
pub mod locale;
pub mod outbox;
pub mod query;
pub mod store;
pub mod today;
