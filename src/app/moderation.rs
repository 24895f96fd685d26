//! The moderators' app's own logic, apart from its views (`src/app/pages/moderate_page/`):
//! [`session`] keeps the moderator's token in this tab; [`client`] speaks to the inbox's
//! moderation API with it and turns every answer into a typed result; [`preview`] makes
//! a queued submission into the [`crate::model::Deed`] the public card shows, and an
//! approval's picks; [`shortcuts`] maps keys to actions; [`university_draft`] reads the
//! add-a-university form; [`when`] puts the audit log's times in the reader's clock.
//! Only the moderators' app (`src/bin/moderate.rs`) uses any of it.

pub mod client;
pub mod preview;
pub mod session;
pub mod shortcuts;
pub mod university_draft;
pub mod when;
