//! Building blocks shared by the pages.

pub mod baton_invite;
pub mod challenge_intro;
pub mod dates;
pub mod deed_card;
pub mod deed_feed;
pub mod deed_photo;
pub mod error_view;
pub mod feed_filters;
pub mod header;
pub mod icons;
pub mod language_switcher;
pub mod loading;
pub mod nav;
pub mod page_heading;
pub mod qr_code;
pub mod share_button;
pub mod skip_link;
pub mod tab_bar;
pub mod university_facts;
pub mod virtue_badge;
pub mod virtue_balance;
