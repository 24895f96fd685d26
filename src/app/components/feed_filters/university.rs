//! The feed's university field: type a name or a part of one, or pick from the list the
//! browser offers. A name that picks no university keeps its text and says why under the
//! field: it is a part of several names, or of none. Each name in the list says how many
//! deeds it has under the other filters ([`super::counts`]).

use leptos::prelude::*;

use super::counts::{Counts, count_text};
use super::{FilterEdit, with_count};
use crate::app::components::dates::lang_of;
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    feed::{Filter, NameMatch},
    filter_counts::{Choice, Count, OptionCounts},
    store::ListId,
};

/// Why a name typed into the university field picked no university.
#[derive(Clone, Copy, PartialEq)]
enum NameProblem {
    /// It is a part of several universities' names.
    Several,
    /// No university's name has it.
    Unknown,
}

/// The university field, its list of names and its message, showing and changing the
/// filters of `edit`.
pub(super) fn university_field(edit: FilterEdit, counts: Counts) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let filter = edit.filter;
    // The university list (hundreds of options) is built when its field is first focused,
    // the one time it is needed: built with the rest of the panel, it made one long task
    // that a keystroke could land behind.
    let listed = RwSignal::new(false);
    // Why the name typed picked none: said under the field, which keeps the text.
    let problem = RwSignal::new(None::<NameProblem>);
    let universities = move || {
        let lang = lang_of(i18n.get_locale());
        let directory = store.directory.get().and_then(Result::ok);
        let mut options: Vec<(String, String)> = (directory.iter())
            .flat_map(|d| d.all())
            .map(|r| (r.id.clone(), r.name.get(lang).to_string()))
            .collect();
        options.sort_by(|a, b| a.1.cmp(&b.1));
        // Counted once for the whole list.
        let now = counts.now();
        options
            .into_iter()
            .map(|(id, name)| {
                let list = ListId::University(id.clone());
                let pick = |c: &OptionCounts| {
                    (directory.as_ref()).map_or_else(Count::default, |d| c.university(d, &id))
                };
                let count = counts.of(now.as_ref(), Choice::University, &list, &pick);
                let label = with_count(String::new(), count.map(|n| count_text(i18n, n)));
                view! { <option value=name>{label}</option> }
            })
            .collect_view()
    };
    // The chosen university's whole name, in the reader's language.
    let chosen = move || {
        let lang = lang_of(i18n.get_locale());
        filter
            .with(|f| f.university.clone())
            .and_then(|id| {
                store
                    .directory
                    .get()
                    .and_then(Result::ok)
                    .and_then(|d| d.get(&id).map(|u| u.name.get(lang).to_string()))
            })
            .unwrap_or_default()
    };
    let on_change = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        if text.trim().is_empty() {
            problem.set(None);
            edit.set(&|f: &mut Filter| f.university = None);
            return;
        }
        let Some(Ok(directory)) = store.directory.get_untracked() else {
            return;
        };
        match directory.match_name(&text) {
            NameMatch::One(found) => {
                // The whole name, as the list would have put it.
                let lang = lang_of(i18n.get_locale_untracked());
                event_target::<web_sys::HtmlInputElement>(&event).set_value(found.name.get(lang));
                problem.set(None);
                let id = found.id.clone();
                edit.set(&move |f: &mut Filter| f.university = Some(id.clone()));
            }
            NameMatch::Several => problem.set(Some(NameProblem::Several)),
            NameMatch::None => problem.set(Some(NameProblem::Unknown)),
        }
    };
    view! {
        <div class="field field--wide">
            <label for="feed-university">{move || t_string!(i18n, feed.university_label)}</label>
            <input
                id="feed-university"
                type="search"
                list="feed-universities"
                autocomplete="off"
                aria-describedby="feed-university-problem"
                aria-invalid=move || problem.with(Option::is_some).to_string()
                on:focus=move |_| {
                    if !listed.get_untracked() {
                        listed.set(true);
                    }
                }
                placeholder=move || t_string!(i18n, feed.university_all)
                prop:value=chosen
                on:input=move |_| problem.set(None)
                on:change=on_change
            />
            <datalist id="feed-universities">{move || listed.get().then(universities)}</datalist>
            <p class="field__error" id="feed-university-problem" aria-live="polite">
                {move || match problem.get() {
                    Some(NameProblem::Several) => t_string!(i18n, feed.university_several),
                    Some(NameProblem::Unknown) => t_string!(i18n, feed.university_unknown),
                    None => "",
                }}
            </p>
        </div>
    }
}
