//! The universities a student named but the site does not list, each with a field for
//! the listed id the moderator picks (the page's datalist offers the listed ones). A
//! problem with a pick, found before sending or by the inbox, shows under its field.

use leptos::prelude::*;

use super::messages::{error_text, pick_text};
use crate::app::moderation::{
    client::ModerationError,
    preview::{PickProblem, Place, Unlisted},
};
use crate::i18n::{t_string, use_i18n};
use crate::model::rules::{Field, FieldError};

/// The element id of the pick field `index` of the entry `entry_id`.
pub fn pick_id(entry_id: &str, index: usize) -> String {
    format!("{entry_id}-pick-{index}")
}

/// The inbox's field errors that belong to the pick field of `unlisted`.
pub fn errors_at(failure: &Option<ModerationError>, unlisted: &Unlisted) -> Vec<FieldError> {
    let Some(ModerationError::Fields(errors)) = failure else {
        return Vec::new();
    };
    errors
        .iter()
        .filter(|e| match unlisted.place {
            Place::University => e.field == Field::University,
            Place::Pass(i) => e.field == Field::PassesTo && e.index == Some(i),
        })
        .cloned()
        .collect()
}

/// The pick fields of one queue entry.
#[component]
pub fn UnlistedPicks(
    /// The entry's element id.
    entry_id: String,
    /// The universities to pick for, in order.
    unlisted: Vec<Unlisted>,
    /// The ids picked so far, one per university of `unlisted`.
    chosen: RwSignal<Vec<String>>,
    /// What is wrong with the picks, found before sending, by index.
    problems: RwSignal<Vec<(usize, PickProblem)>>,
    /// The inbox's refusal of the last approval, if any.
    failure: RwSignal<Option<ModerationError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = unlisted
        .into_iter()
        .enumerate()
        .map(|(index, unlisted)| {
            let input_id = pick_id(&entry_id, index);
            let error_id = format!("{input_id}-error");
            let label = unlisted.label();
            let place = unlisted.place;
            let message = Memo::new(move |_| {
                let own = problems.with(|p| p.iter().find(|(at, _)| *at == index).map(|(_, p)| *p));
                match own {
                    Some(problem) => Some(pick_text(i18n, problem)),
                    None => failure.with(|f| {
                        let errors = errors_at(f, &unlisted);
                        (!errors.is_empty())
                            .then(|| error_text(i18n, &ModerationError::Fields(errors)))
                    }),
                }
            });
            let text = move || {
                match place {
                    Place::University => t_string!(i18n, moderate.pick_university, name = &label),
                    Place::Pass(_) => t_string!(i18n, moderate.pick_pass, name = &label),
                }
            };
            view! {
                <div class="field">
                    <label for=input_id.clone()>{text}</label>
                    <input
                        id=input_id
                        type="text"
                        list="moderate-universities"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby=error_id.clone()
                        aria-invalid=move || message.with(Option::is_some).to_string()
                        prop:value=move || chosen.with(|c| c.get(index).cloned().unwrap_or_default())
                        on:input=move |event| {
                            let value = event_target_value(&event);
                            chosen.update(|c| {
                                if let Some(slot) = c.get_mut(index) {
                                    *slot = value;
                                }
                            });
                        }
                    />
                    <p class="field__error" id=error_id>{move || message.get()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="queue-entry__unlisted">
            <p class="queue-entry__unlisted-title">
                {move || t_string!(i18n, moderate.unlisted_title)}
            </p>
            <p class="field__hint">{move || t_string!(i18n, moderate.unlisted_hint)}</p>
            {fields}
        </div>
    }
}
