//! "My deeds": the submissions this phone keeps in its outbox, newest first, each with
//! where it stands (waiting, sent, published with a link, declined with the reason, or
//! needing the student's attention with each error and a way to correct it).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::base_path::href;
use crate::app::components::dates::{format_date, lang_of};
use crate::app::form::{
    draft::{Draft, Problem},
    messages::message,
};
use crate::app::outbox::{State, sender::use_outbox};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};

/// The submissions this phone keeps, newest first, each with where it stands.
#[component]
pub fn MyDeeds(
    /// The form's draft, which "Correct" fills with a submission to fix.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let store = use_store();
    let items = move || {
        outbox
            .entries
            .get()
            .into_iter()
            .map(|entry| {
                let id = entry.submission.id.clone();
                let (label, class) = match &entry.state {
                    State::Waiting => (t_string!(i18n, submit.state.waiting), "waiting"),
                    State::NeedsAttention { .. } => (t_string!(i18n, submit.state.attention), "attention"),
                    State::Sent => (t_string!(i18n, submit.state.sent), "sent"),
                    State::Published { .. } => (t_string!(i18n, submit.state.published), "published"),
                    State::Rejected { .. } => (t_string!(i18n, submit.state.rejected), "rejected"),
                };
                let detail = match entry.state.clone() {
                    State::Published { deed_id } => Some(
                        view! { <A href=href(&format!("/deed/{deed_id}"))>{move || t_string!(i18n, submit.open)}</A> }
                            .into_any(),
                    ),
                    State::Rejected { reason } => Some(
                        view! { <p>{move || t_string!(i18n, submit.reason)} " " {reason.clone()}</p> }.into_any(),
                    ),
                    State::NeedsAttention { errors } => {
                        let submission = entry.submission.clone();
                        let messages: Vec<String> =
                            errors.into_iter().map(|e| message(i18n, &Problem::Rule(e))).collect();
                        Some(
                            view! {
                                <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                <button
                                    type="button"
                                    class="button"
                                    on:click=move |_| {
                                        if let Some(Ok(directory)) = store.directory.get_untracked() {
                                            let lang = lang_of(i18n.get_locale_untracked());
                                            draft.set(Draft::from_submission(&submission, &directory, lang));
                                            if let Some(form) = document().query_selector(".submit-form").ok().flatten() {
                                                form.scroll_into_view();
                                            }
                                        }
                                    }
                                >
                                    {move || t_string!(i18n, submit.correct)}
                                </button>
                            }
                            .into_any(),
                        )
                    }
                    _ => None,
                };
                let deletable = matches!(entry.state, State::Waiting | State::NeedsAttention { .. } | State::Rejected { .. });
                let day = entry.submission.done_on;
                view! {
                    <li class=format!("mine__item mine__item--{class}") data-state=class>
                        <strong>{entry.submission.title.clone()}</strong>
                        <span>{move || format_date(i18n, day)}</span>
                        <span class="mine__state">{label}</span>
                        {detail}
                        {deletable.then(|| view! {
                            <button type="button" class="button button--quiet" on:click=move |_| outbox.remove(&id)>
                                {move || t_string!(i18n, submit.delete)}
                            </button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="mine" aria-labelledby="mine-title" data-testid="my-deeds">
            <h2 id="mine-title">{move || t_string!(i18n, submit.mine_title)}</h2>
            <Show
                when=move || outbox.entries.with(|e| !e.is_empty())
                fallback=move || view! { <p>{move || t_string!(i18n, submit.mine_empty)}</p> }
            >
                <ul class="mine__list">{items}</ul>
            </Show>
        </section>
    }
}
