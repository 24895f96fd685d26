//! The queue of pending deeds: loaded from the inbox when the moderator signs in and on
//! Refresh, each shown by [`QueueEntry`]; a decided one leaves the list and the focus
//! moves to the deed that takes its place. The keyboard's shortcuts are listed above it.

use leptos::{prelude::*, wasm_bindgen::JsCast};

use super::{Desk, messages::error_text, queue_entry::QueueEntry};
use crate::app::components::{error_view::ErrorView, loading::Loading};
use crate::app::moderation::{client::ModerationError, session::use_session, shortcuts::Shortcut};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::moderation::QueueItem;

/// The element id of a queue entry.
pub fn entry_id(submission: &str) -> String {
    format!("q-{submission}")
}

/// Moves the keyboard focus to the element with `id`, once the page has been drawn.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            let element: web_sys::HtmlElement = JsCast::unchecked_into(element);
            let _ = element.focus();
        }
    });
}

/// The queue's section.
#[component]
pub fn QueueSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let store = use_store();
    let desk = expect_context::<Desk>();
    let items = RwSignal::new(Vec::<QueueItem>::new());
    let loaded = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let problem = RwSignal::new(None::<ModerationError>);
    let load = move || {
        let Some(moderator) = session.moderator_now() else {
            return;
        };
        loading.set(true);
        leptos::task::spawn_local(async move {
            let answer = moderator.queue().await;
            loading.try_set(false);
            match answer {
                Ok(queue) => {
                    items.try_set(queue);
                    loaded.try_set(true);
                    problem.try_set(None);
                }
                Err(error) => {
                    if let Some(error) = session.unless_refused(error) {
                        problem.try_set(Some(error));
                    }
                }
            }
        });
    };
    // Once config.json has named the inbox.
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || session.moderator().is_none() {
            return asked.unwrap_or(false);
        }
        load();
        true
    });
    let decided = Callback::new(move |id: String| {
        let at = items.with_untracked(|list| list.iter().position(|item| item.id == id));
        items.update(|list| list.retain(|item| item.id != id));
        let next = items.with_untracked(|list| {
            at.and_then(|at| list.get(at).or(list.last()))
                .map(|item| entry_id(&item.id))
        });
        focus_later(next.unwrap_or_else(|| "queue-title".to_string()));
    });
    let empty = Memo::new(move |_| items.with(Vec::is_empty));
    let has_directory = Memo::new(move |_| desk.directory.with(Option::is_some));
    let count = move || t_string!(i18n, moderate.queue_count, n = items.with(Vec::len));
    let list = move || {
        if !has_directory.get() {
            return match store.directory.get() {
                Some(Err(error)) => view! {
                    <ErrorView error=error on_retry=Callback::new(move |()| store.retry()) />
                }
                .into_any(),
                _ => view! { <Loading /> }.into_any(),
            };
        }
        if !loaded.get() {
            return if problem.with(Option::is_some) {
                ().into_any()
            } else {
                view! { <Loading /> }.into_any()
            };
        }
        if empty.get() {
            return view! { <p class="note">{move || t_string!(i18n, moderate.queue_empty)}</p> }
                .into_any();
        }
        view! {
            <ol class="queue" aria-labelledby="queue-title">
                <For each=move || items.get() key=|item| item.id.clone() let:item>
                    <QueueEntry
                        item=item
                        directory=desk.directory.get_untracked().unwrap_or_default()
                        on_decided=decided
                    />
                </For>
            </ol>
        }
        .into_any()
    };
    view! {
        <section class="moderate-section" aria-labelledby="queue-title">
            <div class="moderate-section__head">
                <h2 id="queue-title" tabindex="-1">
                    {move || t_string!(i18n, moderate.queue_title)}
                </h2>
                <p class="moderate-section__count">{move || loaded.get().then(count)}</p>
                <button
                    type="button"
                    class="secondary-button"
                    disabled=move || loading.get()
                    on:click=move |_| {
                        // Universities another moderator added since are picked too.
                        store.directory.reload();
                        load();
                    }
                >
                    {move || t_string!(i18n, moderate.refresh)}
                </button>
            </div>
            <KeysHelp />
            {move || {
                problem
                    .get()
                    .map(|error| {
                        view! {
                            <div class="notice notice--error" role="alert">
                                <p class="notice__title">
                                    {move || t_string!(i18n, moderate.queue_failed)}
                                </p>
                                <p>{move || error_text(i18n, &error)}</p>
                            </div>
                        }
                    })
            }}
            {list}
            <UniversityOptions />
        </section>
    }
}

/// The shortcuts, as the page documents them (each item also names its keys in
/// `aria-keyshortcuts`).
#[component]
fn KeysHelp() -> impl IntoView {
    let i18n = use_i18n();
    let what = move |shortcut: Shortcut| match shortcut {
        Shortcut::Approve => t_string!(i18n, moderate.key_approve),
        Shortcut::Reject => t_string!(i18n, moderate.key_reject),
        Shortcut::Next => t_string!(i18n, moderate.key_next),
        Shortcut::Previous => t_string!(i18n, moderate.key_previous),
    };
    view! {
        <div class="queue-keys" id="queue-keys">
            <p class="queue-keys__title">{move || t_string!(i18n, moderate.keys_intro)}</p>
            <ul class="queue-keys__list">
                {Shortcut::ALL
                    .into_iter()
                    .map(|shortcut| {
                        view! {
                            <li>
                                <kbd>{shortcut.key().to_ascii_uppercase()}</kbd>
                                " "
                                {move || what(shortcut)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// The listed universities, offered to the pick fields of unlisted ones.
#[component]
fn UniversityOptions() -> impl IntoView {
    let i18n = use_i18n();
    let desk = expect_context::<Desk>();
    let options = move || {
        let lang = crate::app::components::dates::lang_of(i18n.get_locale());
        desk.directory.with(|directory| {
            directory
                .iter()
                .flat_map(|d| d.all().iter())
                .map(|u| {
                    let label = format!("{} · {}", u.short.get(lang), u.city.get(lang));
                    view! { <option value=u.id.clone()>{label}</option> }
                })
                .collect_view()
        })
    };
    view! { <datalist id="moderate-universities">{options}</datalist> }
}
