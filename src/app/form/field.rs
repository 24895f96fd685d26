//! One labelled input of the form, with its hint and its error, wired for screen readers.

use leptos::prelude::*;

use crate::app::form::draft::Slot;

/// A labelled input or text area; its error is announced politely and named by
/// `aria-describedby` while it shows.
#[component]
pub fn FormField(
    /// Which field it is (its element id follows).
    at: Slot,
    /// The label's text.
    #[prop(into)]
    label: Signal<String>,
    /// A hint under the label, if any.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The message for what is wrong, if anything.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The text in the field.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every input.
    on_input: Callback<String>,
    /// The input's type (`text`, `url`, `date`).
    #[prop(default = "text")]
    kind: &'static str,
    /// A text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// The browser's autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The on-screen keyboard to show.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    /// The most characters allowed (0: no limit).
    #[prop(default = 0)]
    max: usize,
    /// The earliest day a date field takes.
    #[prop(optional)]
    min_date: Option<String>,
    /// The latest day a date field takes.
    #[prop(optional)]
    max_date: Option<String>,
) -> impl IntoView {
    let id = at.element_id();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let max = (max > 0).then(|| max.to_string());
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=id.clone()
                rows="6"
                maxlength=max
                aria-describedby=described
                aria-invalid=invalid
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=id.clone()
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                list=list
                maxlength=max
                min=min_date
                max=max_date
                aria-describedby=described
                aria-invalid=invalid
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            {input}
            <p class="field__error" id=error_id.clone() aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
