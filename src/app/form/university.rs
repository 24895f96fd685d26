//! The student's university: a name from the list (a `<datalist>` of every listed
//! university in the reader's language), or one the student says is not listed, with its
//! city.

use leptos::prelude::*;

use crate::app::components::dates::lang_of;
use crate::app::form::{draft::Slot, field::FormField, state::use_form_state};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};

/// The id of the list of universities that every university field suggests from.
pub const UNIVERSITIES_LIST: &str = "sub-universities";

/// The suggestions: every listed university by its short name, labelled by its full one.
#[component]
pub fn UniversityList() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let options = move || {
        let lang = lang_of(i18n.get_locale());
        store.directory.get().and_then(Result::ok).map(|directory| {
            directory
                .all()
                .iter()
                .map(|u| {
                    view! { <option value=u.short.get(lang).to_string()>{u.name.get(lang).to_string()}</option> }
                })
                .collect_view()
        })
    };
    view! { <datalist id=UNIVERSITIES_LIST>{options}</datalist> }
}

/// The university field, the "not listed" box and, when ticked, the city.
#[component]
pub fn UniversityFields() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    view! {
        <div on:focusout=move |_| form.leave(Slot::University)>
            <FormField
                at=Slot::University
                label=Signal::derive(move || t_string!(i18n, submit.university_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, submit.university_hint).to_string())
                error=form.error(Slot::University)
                value=Signal::derive(move || draft.with(|d| d.university.text.clone()))
                on_input=form.edit(|d, text| d.university.text = text)
                list=UNIVERSITIES_LIST
                autocomplete="organization"
            />
        </div>
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || draft.with(|d| d.university.unlisted)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.update(|d| d.university.unlisted = on);
                }
            />
            {move || t_string!(i18n, submit.unlisted)}
        </label>
        <Show when=move || draft.with(|d| d.university.unlisted)>
            <div on:focusout=move |_| form.leave(Slot::UniversityCity)>
                <FormField
                    at=Slot::UniversityCity
                    label=Signal::derive(move || t_string!(i18n, submit.city_label).to_string())
                    error=form.error(Slot::UniversityCity)
                    value=Signal::derive(move || draft.with(|d| d.university.city.clone()))
                    on_input=form.edit(|d, text| d.university.city = text)
                    autocomplete="address-level2"
                />
            </div>
        </Show>
    }
}
