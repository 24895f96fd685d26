//! The line under the form that says what happened when the student pressed Send.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// What the last press of Send did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The deed is kept on this phone, and goes out as soon as it can.
    Saved,
    /// The phone's storage refused it: nothing was kept.
    StorageFailed,
    /// Some fields need fixing first.
    Fix,
}

impl Notice {
    /// Its class modifier (`notice--saved`), for its colour.
    pub fn class(self) -> &'static str {
        match self {
            Notice::Saved => "saved",
            Notice::StorageFailed => "storage",
            Notice::Fix => "fix",
        }
    }
}

/// The notice, announced politely to screen readers.
#[component]
pub fn SubmitNotice(
    /// The notice to show, if any.
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="status" class="submit-form__notice" data-testid="submit-notice">
            {move || notice.get().map(|notice| {
                let text = match notice {
                    Notice::Saved => t_string!(i18n, submit.saved),
                    Notice::StorageFailed => t_string!(i18n, submit.storage_failed),
                    Notice::Fix => t_string!(i18n, submit.fix),
                };
                view! { <p class=format!("notice notice--{}", notice.class())>{text}</p> }
            })}
        </div>
    }
}
