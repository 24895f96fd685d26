//! The form's state while a student fills it in, shared by its parts through context: the
//! draft, which fields have been left, whether Send was pressed, and the problems the
//! model's rules find, each shown once its field was left or Send pressed.

use leptos::prelude::*;

use crate::app::components::dates::lang_of;
use crate::app::form::{
    draft::{Draft, Problem, Slot},
    messages::message,
};
use crate::app::state::{store_cache::use_store, today::today};
use crate::i18n::use_i18n;

/// A submission id that passes the rules, for checking a draft that is not sent yet.
const CHECKING_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The form's signals; `Copy`, so every part holds it.
#[derive(Clone, Copy)]
pub struct FormState {
    /// What the student has typed.
    pub draft: RwSignal<Draft>,
    /// Whether Send was pressed since the last deed was kept.
    pub tried: RwSignal<bool>,
    /// The fields left at least once.
    pub touched: RwSignal<Vec<Slot>>,
    /// Every problem of the draft now.
    pub problems: Memo<Vec<Problem>>,
}

impl FormState {
    /// A fresh form, checked against the store's universities and today in Kazakhstan.
    fn new() -> FormState {
        let i18n = use_i18n();
        let store = use_store();
        let draft = RwSignal::new(Draft::default());
        let today = today();
        let problems = Memo::new(move |_| {
            let Some(Ok(directory)) = store.directory.get() else {
                return Vec::new();
            };
            let lang = lang_of(i18n.get_locale());
            draft
                .with(|d| d.check(&directory, lang, today, CHECKING_ID))
                .err()
                .unwrap_or_default()
        });
        FormState {
            draft,
            tried: RwSignal::new(false),
            touched: RwSignal::new(Vec::new()),
            problems,
        }
    }

    /// The message to show at `slot`, once it was left or Send pressed.
    pub fn error(self, slot: Slot) -> Signal<Option<String>> {
        Signal::derive(move || self.error_now(slot))
    }

    /// The message at `slot` now (tracked), for a field whose slot changes (a photo's).
    pub fn error_now(self, slot: Slot) -> Option<String> {
        if !self.tried.get() && !self.touched.with(|t| t.contains(&slot)) {
            return None;
        }
        let i18n = use_i18n();
        self.problems.with(|all| {
            all.iter()
                .find(|p| p.slot() == slot)
                .map(|p| message(i18n, p))
        })
    }

    /// Marks `slot` as left: its problems show from now on.
    pub fn leave(self, slot: Slot) {
        self.touched.update(|t| {
            if !t.contains(&slot) {
                t.push(slot);
            }
        })
    }

    /// A callback that writes a field's text into the draft.
    pub fn edit(self, change: fn(&mut Draft, String)) -> Callback<String> {
        Callback::new(move |text: String| self.draft.update(|d| change(d, text)))
    }

    /// Starts the next deed: most likely the same student and university.
    pub fn next_deed(self) {
        crate::app::form::photos::forget_files();
        self.draft.update(|d| {
            *d = Draft {
                university: d.university.clone(),
                author: d.author.clone(),
                ..Draft::default()
            }
        });
        self.tried.set(false);
        self.touched.set(Vec::new());
    }
}

/// Shares a fresh form's state with the parts of the page.
pub fn provide_form_state() -> FormState {
    let state = FormState::new();
    provide_context(state);
    state
}

/// The form's state, from [`provide_form_state`].
pub fn use_form_state() -> FormState {
    expect_context::<FormState>()
}
