//! "Received the baton from …": the note a form opened from an invitation
//! (`/submit/?u=B&from=A`) shows, which the submission records as `received_from`, with a
//! button that takes it off, and the rules' message when it does not hold (the giver is the
//! student's own university).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::app::components::{baton_invite::short_name, dates::lang_of};
use crate::app::form::{draft::Slot, state::use_form_state};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};

/// Fills the draft from the address's `?u=` and `?from=` once the universities are known,
/// and again when the address changes (a link within the app).
pub fn take_invitation() {
    let i18n = use_i18n();
    let store = use_store();
    let draft = use_form_state().draft;
    let query = use_query_map();
    Effect::new(move |_| {
        let Some(Ok(directory)) = store.directory.get() else {
            return;
        };
        let (to, from) = query.with(|q| (q.get("u"), q.get("from")));
        if to.is_none() && from.is_none() {
            return;
        }
        let lang = lang_of(i18n.get_locale_untracked());
        draft.update(|d| d.invited(to.as_deref(), from.as_deref(), &directory, lang));
    });
}

/// The note, while the draft records who passed the baton.
#[component]
pub fn ReceivedFrom() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let form = use_form_state();
    let draft = form.draft;
    let error = form.error(Slot::ReceivedFrom);
    move || {
        let from = draft.with(|d| d.received_from.clone())?;
        let name = move || match store.directory.get() {
            Some(Ok(directory)) => short_name(&directory, &from, i18n.get_locale()),
            _ => from.clone(),
        };
        Some(view! {
            <div class="received-from" data-testid="received-from-note">
                <p id=Slot::ReceivedFrom.element_id() tabindex="-1" aria-describedby="sub-received-from-error">
                    {move || t_string!(i18n, submit.received_from, from = name())}
                </p>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| draft.update(|d| d.received_from = None)
                >
                    {move || t_string!(i18n, submit.received_remove)}
                </button>
                <p class="field__error" id="sub-received-from-error" aria-live="polite">{error}</p>
            </div>
        })
    }
}
