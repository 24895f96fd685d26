//! The few icons the navigation uses, inline as SVG: no icon font, no extra request.

use leptos::prelude::*;

/// An icon; decorative, since a text label always stands beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Feed,
    Map,
    Relay,
    Add,
    Info,
}

impl Icon {
    /// The icon as an inline `<svg>` hidden from assistive technology.
    pub fn view(self) -> impl IntoView {
        let path = match self {
            Icon::Feed => "M4 5h16M4 12h16M4 19h10",
            Icon::Map => "M9 4 3 6v14l6-2 6 2 6-2V4l-6 2-6-2zM9 4v14M15 6v14",
            Icon::Relay => "M5 17a3 3 0 1 0 0 .1M19 7a3 3 0 1 0 0 .1M7.5 15.5l9-7",
            Icon::Add => "M12 4v16M4 12h16",
            Icon::Info => "M12 11v6M12 7.5v.1M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z",
        };
        view! {
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d=path />
            </svg>
        }
    }
}
