//! The submit form: its [`draft`] and checks in plain Rust (tested natively), and its
//! parts as components. The page that puts them together is
//! [`crate::app::pages::submit_page`].
//!
//! - [`state`]: the form's signals, shared with its parts by context.
//! - [`field`]: one labelled input with its hint and error.
//! - [`university`], [`virtues`], [`passes`]: the fields with more to them than text.
//! - [`messages`]: what each problem says, in the reader's language.
//! - [`notice`]: what pressing Send did.
//! - [`photos`]: the deed's photos, checked, shrunk on the phone and described.
//! - [`received`]: who passed the baton, when the form was opened from an invitation.
//! - [`my_deeds`]: the deeds this phone keeps and where each one stands.

pub mod draft;
pub mod field;
pub mod messages;
pub mod my_deeds;
pub mod notice;
pub mod passes;
pub mod photos;
pub mod received;
pub mod state;
pub mod university;
pub mod virtues;
