//! Building blocks shared by the pages.

pub mod header;
pub mod icons;
pub mod language_switcher;
pub mod nav;
pub mod page_heading;
pub mod skip_link;
pub mod tab_bar;
pub mod upcoming;
