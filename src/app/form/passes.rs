//! The universities the deed passes the baton to: up to [`MAX_PASSES`], each a listed
//! name or one not listed yet with its city.

use leptos::prelude::*;

use crate::app::form::{
    draft::{Slot, UniversityInput},
    field::FormField,
    state::use_form_state,
    university::UNIVERSITIES_LIST,
};
use crate::i18n::{t_string, use_i18n};
use crate::model::rules::MAX_PASSES;

/// One baton pass: its university, its "not listed" box and city, and a remove button.
#[component]
fn Pass(
    /// Its place in the list, from 0.
    index: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    let i = index;
    let unlisted = move || draft.with(|d| d.passes_to.get(i).is_some_and(|p| p.unlisted));
    view! {
        <li class="pass">
            <FormField
                at=Slot::Pass(i)
                label=Signal::derive(move || format!("{} {}", t_string!(i18n, submit.pass_label), i + 1))
                error=form.error(Slot::Pass(i))
                value=Signal::derive(move || draft.with(|d| d.passes_to.get(i).map(|p| p.text.clone()).unwrap_or_default()))
                on_input=Callback::new(move |text: String| draft.update(|d| if let Some(p) = d.passes_to.get_mut(i) { p.text = text }))
                list=UNIVERSITIES_LIST
            />
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=unlisted
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| if let Some(p) = d.passes_to.get_mut(i) { p.unlisted = on });
                    }
                />
                {move || t_string!(i18n, submit.unlisted_pass)}
            </label>
            <Show when=unlisted>
                <FormField
                    at=Slot::PassCity(i)
                    label=Signal::derive(move || t_string!(i18n, submit.city_label).to_string())
                    error=form.error(Slot::PassCity(i))
                    value=Signal::derive(move || draft.with(|d| d.passes_to.get(i).map(|p| p.city.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |text: String| draft.update(|d| if let Some(p) = d.passes_to.get_mut(i) { p.city = text }))
                    autocomplete="address-level2"
                />
            </Show>
            <button
                type="button"
                class="button button--quiet"
                on:click=move |_| draft.update(|d| {
                    if i < d.passes_to.len() {
                        d.passes_to.remove(i);
                    }
                })
            >
                {move || t_string!(i18n, submit.pass_remove)}
            </button>
        </li>
    }
}

/// The list of baton passes, and a button to add one while fewer than the most.
#[component]
pub fn Passes() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    let passes = move || {
        let count = draft.with(|d| d.passes_to.len());
        (0..count)
            .map(|index| view! { <Pass index=index /> })
            .collect_view()
    };
    view! {
        <fieldset class="field" id=Slot::Passes.element_id()>
            <legend>{move || t_string!(i18n, submit.passes_label)}</legend>
            <p class="field__hint">{move || t_string!(i18n, submit.passes_hint)}</p>
            <ol class="passes">{passes}</ol>
            <Show when=move || draft.with(|d| d.passes_to.len() < MAX_PASSES)>
                <button
                    type="button"
                    class="button button--quiet"
                    on:click=move |_| draft.update(|d| d.passes_to.push(UniversityInput::default()))
                >
                    {move || t_string!(i18n, submit.pass_add)}
                </button>
            </Show>
        </fieldset>
    }
}
