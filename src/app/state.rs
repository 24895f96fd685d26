//! App-wide state, shared through context: each file a `provide_x` / `use_x` pair, and
//! [`loaded`], how the store loads its files. [`store_cache`] is the store as this visit
//! has read it (the store's own shape is [`crate::model::store`]).

pub mod config;
pub mod loaded;
pub mod loading;
pub mod locale;
pub mod query;
pub mod storage;
pub mod store_cache;
pub mod today;
