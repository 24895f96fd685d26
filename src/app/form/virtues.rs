//! The virtue the deed serves: one of Al-Farabi's four, as radio chips.

use leptos::prelude::*;

use crate::app::components::virtue_badge::virtue_name;
use crate::app::form::{draft::Slot, state::use_form_state};
use crate::i18n::{t_string, use_i18n};
use crate::model::Virtue;

/// The four virtues as a group of radio chips, with the group's error.
#[component]
pub fn VirtueChoice() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    let chips = Virtue::ALL
        .into_iter()
        .map(|virtue| {
            view! {
                <label class=format!("chip chip--{}", virtue.slug())>
                    <input
                        type="radio"
                        name="sub-virtue"
                        value=virtue.slug()
                        prop:checked=move || draft.with(|d| d.virtue == Some(virtue))
                        on:change=move |_| {
                            draft.update(|d| d.virtue = Some(virtue));
                            form.leave(Slot::Virtue);
                        }
                    />
                    {move || virtue_name(i18n, virtue)}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" id=Slot::Virtue.element_id() tabindex="-1" aria-describedby="sub-virtue-error">
            <legend>{move || t_string!(i18n, submit.virtue_label)}</legend>
            <div class="chips">{chips}</div>
            <p class="field__error" id="sub-virtue-error" aria-live="polite">{form.error(Slot::Virtue)}</p>
        </fieldset>
    }
}
