//! Rejecting a deed: the reason its author will read (1 to 500 characters, checked before
//! it is sent), then a confirmation, or Cancel. The focus goes to the reason as it opens.

use leptos::{ev::SubmitEvent, html, prelude::*};

use super::messages::reason_text;
use crate::i18n::{t_string, use_i18n};
use crate::model::moderation::ReasonError;

/// The reason field and its buttons.
#[component]
pub fn RejectForm(
    /// The form's element id (the Reject button controls it).
    form_id: String,
    /// The reason as typed; kept by the entry, so closing the form loses nothing.
    reason: RwSignal<String>,
    /// Why the reason cannot be sent, once the moderator tried.
    problem: RwSignal<Option<ReasonError>>,
    /// While the rejection is on its way.
    pending: RwSignal<bool>,
    /// Sends the rejection.
    on_confirm: Callback<()>,
    /// Closes the form.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field_id = format!("{form_id}-reason");
    let error_id = format!("{field_id}-error");
    let textarea = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(textarea) = textarea.get() {
            let _ = textarea.focus();
        }
    });
    // A refused reason: back to the field.
    Effect::new(move |_| {
        if problem.with(Option::is_some)
            && let Some(textarea) = textarea.get_untracked()
        {
            let _ = textarea.focus();
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        on_confirm.run(());
    };
    let invalid = move || problem.with(Option::is_some);
    view! {
        <form class="queue-entry__reject" id=form_id novalidate on:submit=submit>
            <div class="field">
                <label for=field_id.clone()>{move || t_string!(i18n, moderate.reason_label)}</label>
                <textarea
                    node_ref=textarea
                    id=field_id
                    name="reason"
                    rows="3"
                    aria-describedby=error_id.clone()
                    aria-invalid=move || invalid().to_string()
                    prop:value=move || reason.get()
                    on:input=move |event| reason.set(event_target_value(&event))
                ></textarea>
                <p class="field__error" id=error_id>
                    {move || problem.get().map(|problem| reason_text(i18n, problem))}
                </p>
            </div>
            <div class="queue-entry__actions">
                <button type="submit" class="button button--danger" disabled=move || pending.get()>
                    {move || t_string!(i18n, moderate.reject_confirm)}
                </button>
                <button type="button" class="secondary-button" on:click=move |_| on_cancel.run(())>
                    {move || t_string!(i18n, moderate.cancel)}
                </button>
            </div>
        </form>
    }
}
