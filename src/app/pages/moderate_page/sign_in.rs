//! Signing in: the moderator's token, kept for this tab only. Whether it is valid is
//! learnt from the inbox's first answer; a refused one brings the moderator back here,
//! told so.

use leptos::{ev::SubmitEvent, html, prelude::*};

use crate::app::moderation::session::{SignedOut, clean_token, use_session};
use crate::i18n::{t_string, use_i18n};

/// The sign-in form.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let typed = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    let error = move || {
        if missing.get() {
            Some(t_string!(i18n, moderate.token_missing))
        } else if session.signed_out.get() == SignedOut::TokenRefused {
            Some(t_string!(i18n, moderate.token_invalid))
        } else {
            None
        }
    };
    let has_error = move || error().is_some();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        match clean_token(&typed.get_untracked()) {
            Some(token) => {
                typed.set(String::new());
                missing.set(false);
                session.sign_in(token);
            }
            None => {
                missing.set(true);
                if let Some(input) = input.get_untracked() {
                    let _ = input.focus();
                }
            }
        }
    };
    // A refused token: the field is where the moderator goes next.
    Effect::new(move |_| {
        if session.signed_out.get() == SignedOut::TokenRefused
            && let Some(input) = input.get()
        {
            let _ = input.focus();
        }
    });
    view! {
        <form class="moderate-form sign-in" novalidate on:submit=submit>
            <div class="field">
                <label for="mod-token">{move || t_string!(i18n, moderate.token_label)}</label>
                <p class="field__hint" id="mod-token-hint">
                    {move || t_string!(i18n, moderate.token_hint)}
                </p>
                <input
                    node_ref=input
                    id="mod-token"
                    name="token"
                    type="password"
                    autocomplete="current-password"
                    spellcheck="false"
                    aria-describedby=move || {
                        if has_error() { "mod-token-hint mod-token-error" } else { "mod-token-hint" }
                    }
                    aria-invalid=move || has_error().to_string()
                    prop:value=move || typed.get()
                    on:input=move |event| typed.set(event_target_value(&event))
                />
                <p class="field__error" id="mod-token-error" role="alert">
                    {error}
                </p>
            </div>
            <button type="submit" class="button">
                {move || t_string!(i18n, moderate.sign_in)}
            </button>
        </form>
    }
}
