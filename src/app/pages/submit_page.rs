//! Adding a deed (/submit): the form, checked by the model's rules as the student types
//! and again on sending, and "My deeds", the submissions this phone keeps in its outbox
//! with where each one stands.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::base_path::href;
use crate::app::components::{
    dates::{format_date, lang_of},
    page_heading::PageHeading,
    virtue_badge::virtue_name,
};
use crate::app::form::draft::{Draft, Problem, Slot, UniversityInput};
use crate::app::outbox::{
    State,
    sender::{new_id, use_outbox},
};
use crate::app::state::{store_cache::use_store, today::today};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    CHALLENGE_START, HASHTAG, Virtue,
    rules::{AUTHOR_MAX_CHARS, LINK_MAX_CHARS, MAX_PASSES, STORY_CHARS, TITLE_CHARS},
};
use leptos_i18n::I18nContext;

/// The message for a problem, in the reader's language.
fn message(i18n: I18nContext<Locale>, problem: &Problem) -> String {
    let error = match problem {
        Problem::NoVirtue => return t_string!(i18n, submit.error.no_virtue).to_string(),
        Problem::NoDate => return t_string!(i18n, submit.error.no_date).to_string(),
        Problem::NoUniversity => return t_string!(i18n, submit.error.no_university).to_string(),
        Problem::Rule(error) => error,
    };
    let text = match error.code.as_str() {
        "too_short" => t_string!(i18n, submit.error.too_short),
        "too_long" => t_string!(i18n, submit.error.too_long),
        "no_letters" => t_string!(i18n, submit.error.no_letters),
        "link_not_http" => t_string!(i18n, submit.error.link_not_http),
        "link_disguised" => t_string!(i18n, submit.error.link_disguised),
        "date_before_challenge" => t_string!(i18n, submit.error.date_before_challenge),
        "date_in_future" => t_string!(i18n, submit.error.date_in_future),
        "unknown_university" => t_string!(i18n, submit.error.unknown_university),
        "too_many_passes" => t_string!(i18n, submit.error.too_many_passes),
        "pass_to_self" => t_string!(i18n, submit.error.pass_to_self),
        "duplicate_pass" => t_string!(i18n, submit.error.duplicate_pass),
        "author_is_contact" => t_string!(i18n, submit.error.author_is_contact),
        "consent_required" => t_string!(i18n, submit.error.consent_required),
        _ => t_string!(i18n, submit.error.other),
    };
    let n = error.min.or(error.max).unwrap_or(MAX_PASSES);
    text.replace("%N", &n.to_string())
}

/// The element id of a field, for labels, messages and focus.
fn field_id(slot: Slot) -> String {
    match slot {
        Slot::University => "sub-university".into(),
        Slot::UniversityName => "sub-university-name".into(),
        Slot::UniversityCity => "sub-university-city".into(),
        Slot::Virtue => "sub-virtue".into(),
        Slot::Title => "sub-title".into(),
        Slot::Story => "sub-story".into(),
        Slot::Link => "sub-link".into(),
        Slot::DoneOn => "sub-date".into(),
        Slot::Author => "sub-author".into(),
        Slot::Passes => "sub-passes".into(),
        Slot::Pass(i) => format!("sub-pass-{i}"),
        Slot::PassCity(i) => format!("sub-pass-city-{i}"),
        Slot::Consent => "sub-consent".into(),
    }
}

/// One labelled input with its hint and its error, wired for screen readers.
#[component]
fn FormField(
    at: Slot,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] multiline: bool,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(default = 0)] max: usize,
    #[prop(optional)] min_date: Option<String>,
    #[prop(optional)] max_date: Option<String>,
) -> impl IntoView {
    let id = field_id(at);
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

/// The page for submitting a deed.
#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let outbox = use_outbox();
    // Opening the page asks the inbox about deeds awaiting moderation.
    outbox.follow();
    let draft = RwSignal::new(Draft::default());
    // Errors show for a field once it has been left, and for all after a try to send.
    let tried = RwSignal::new(false);
    let touched = RwSignal::new(Vec::<Slot>::new());
    let notice = RwSignal::new(None::<&'static str>);
    let today = today();

    let problems = Memo::new(move |_| {
        let Some(Ok(directory)) = store.directory.get() else {
            return Vec::new();
        };
        let lang = lang_of(i18n.get_locale());
        draft
            .with(|d| {
                d.check(
                    &directory,
                    lang,
                    today,
                    "00000000-0000-4000-8000-000000000000",
                )
            })
            .err()
            .unwrap_or_default()
    });
    let error = move |slot: Slot| {
        Signal::derive(move || {
            if !tried.get() && !touched.with(|t| t.contains(&slot)) {
                return None;
            }
            problems.with(|all| {
                all.iter()
                    .find(|p| p.slot() == slot)
                    .map(|p| message(i18n, p))
            })
        })
    };
    let edit = move |change: fn(&mut Draft, String)| {
        Callback::new(move |text: String| draft.update(|d| change(d, text)))
    };
    let leave = move |slot: Slot| {
        touched.update(|t| {
            if !t.contains(&slot) {
                t.push(slot);
            }
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        notice.set(None);
        let Some(Ok(directory)) = store.directory.get_untracked() else {
            return;
        };
        let lang = lang_of(i18n.get_locale_untracked());
        match draft.with_untracked(|d| d.check(&directory, lang, today, &new_id())) {
            Ok(submission) => {
                if outbox.keep(submission) {
                    // The next deed is likely from the same student and university.
                    draft.update(|d| {
                        *d = Draft {
                            university: d.university.clone(),
                            author: d.author.clone(),
                            ..Draft::default()
                        }
                    });
                    tried.set(false);
                    touched.set(Vec::new());
                    notice.set(Some("saved"));
                } else {
                    notice.set(Some("storage"));
                }
            }
            Err(problems) => {
                notice.set(Some("fix"));
                if let Some(first) = problems.first()
                    && let Some(element) = document().get_element_by_id(&field_id(first.slot()))
                    && let Ok(element) =
                        leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
                {
                    let _ = element.focus();
                }
            }
        }
    };

    let universities = move || {
        let lang = lang_of(i18n.get_locale());
        store
            .directory
            .get()
            .and_then(Result::ok)
            .map(|directory| {
                directory
                    .all()
                    .iter()
                    .map(|u| {
                        view! { <option value=u.short.get(lang).to_string()>{u.name.get(lang).to_string()}</option> }
                    })
                    .collect_view()
            })
    };

    let virtues = Virtue::ALL
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
                            leave(Slot::Virtue);
                        }
                    />
                    {move || virtue_name(i18n, virtue)}
                </label>
            }
        })
        .collect_view();

    let passes = move || {
        let count = draft.with(|d| d.passes_to.len());
        (0..count)
            .map(|i| {
                let unlisted = move || draft.with(|d| d.passes_to.get(i).is_some_and(|p| p.unlisted));
                view! {
                    <li class="pass">
                        <FormField
                            at=Slot::Pass(i)
                            label=Signal::derive(move || format!("{} {}", t_string!(i18n, submit.pass_label), i + 1))
                            error=error(Slot::Pass(i))
                            value=Signal::derive(move || draft.with(|d| d.passes_to.get(i).map(|p| p.text.clone()).unwrap_or_default()))
                            on_input=Callback::new(move |text: String| draft.update(|d| if let Some(p) = d.passes_to.get_mut(i) { p.text = text }))
                            list="sub-universities"
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
                                error=error(Slot::PassCity(i))
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
            })
            .collect_view()
    };

    let form = view! {
        <form class="submit-form" novalidate on:submit=on_submit>
            <p class="note">{move || t_string!(i18n, submit.hashtag).replace("%H", HASHTAG)}</p>
            <datalist id="sub-universities">{universities}</datalist>
            <div on:focusout=move |_| leave(Slot::University)>
                <FormField
                    at=Slot::University
                    label=Signal::derive(move || t_string!(i18n, submit.university_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, submit.university_hint).to_string())
                    error=error(Slot::University)
                    value=Signal::derive(move || draft.with(|d| d.university.text.clone()))
                    on_input=edit(|d, text| d.university.text = text)
                    list="sub-universities"
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
                <div on:focusout=move |_| leave(Slot::UniversityCity)>
                    <FormField
                        at=Slot::UniversityCity
                        label=Signal::derive(move || t_string!(i18n, submit.city_label).to_string())
                        error=error(Slot::UniversityCity)
                        value=Signal::derive(move || draft.with(|d| d.university.city.clone()))
                        on_input=edit(|d, text| d.university.city = text)
                        autocomplete="address-level2"
                    />
                </div>
            </Show>
            <fieldset class="field" id=field_id(Slot::Virtue) tabindex="-1" aria-describedby="sub-virtue-error">
                <legend>{move || t_string!(i18n, submit.virtue_label)}</legend>
                <div class="chips">{virtues}</div>
                <p class="field__error" id="sub-virtue-error" aria-live="polite">{error(Slot::Virtue)}</p>
            </fieldset>
            <div on:focusout=move |_| leave(Slot::Title)>
                <FormField
                    at=Slot::Title
                    label=Signal::derive(move || t_string!(i18n, submit.title_label).to_string())
                    error=error(Slot::Title)
                    value=Signal::derive(move || draft.with(|d| d.title.clone()))
                    on_input=edit(|d, text| d.title = text)
                    max=*TITLE_CHARS.end()
                />
            </div>
            <div on:focusout=move |_| leave(Slot::Story)>
                <FormField
                    at=Slot::Story
                    label=Signal::derive(move || t_string!(i18n, submit.story_label).to_string())
                    error=error(Slot::Story)
                    value=Signal::derive(move || draft.with(|d| d.story.clone()))
                    on_input=edit(|d, text| d.story = text)
                    multiline=true
                    max=*STORY_CHARS.end()
                />
            </div>
            <div on:focusout=move |_| leave(Slot::DoneOn)>
                <FormField
                    at=Slot::DoneOn
                    label=Signal::derive(move || t_string!(i18n, submit.date_label).to_string())
                    error=error(Slot::DoneOn)
                    value=Signal::derive(move || draft.with(|d| d.done_on.clone()))
                    on_input=edit(|d, text| d.done_on = text)
                    kind="date"
                    min_date=CHALLENGE_START.to_string()
                    max_date=today.to_string()
                />
            </div>
            <div on:focusout=move |_| leave(Slot::Link)>
                <FormField
                    at=Slot::Link
                    label=Signal::derive(move || t_string!(i18n, submit.link_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, submit.link_hint).replace("%H", HASHTAG))
                    error=error(Slot::Link)
                    value=Signal::derive(move || draft.with(|d| d.link.clone()))
                    on_input=edit(|d, text| d.link = text)
                    kind="url"
                    inputmode="url"
                    autocomplete="url"
                    max=LINK_MAX_CHARS
                />
            </div>
            <div on:focusout=move |_| leave(Slot::Author)>
                <FormField
                    at=Slot::Author
                    label=Signal::derive(move || t_string!(i18n, submit.author_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, submit.author_hint).to_string())
                    error=error(Slot::Author)
                    value=Signal::derive(move || draft.with(|d| d.author.clone()))
                    on_input=edit(|d, text| d.author = text)
                    autocomplete="nickname"
                    max=AUTHOR_MAX_CHARS
                />
            </div>
            <fieldset class="field" id=field_id(Slot::Passes)>
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
            <div class="field">
                <label class="check">
                    <input
                        type="checkbox"
                        id=field_id(Slot::Consent)
                        aria-describedby="sub-consent-error"
                        prop:checked=move || draft.with(|d| d.consent)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| d.consent = on);
                            leave(Slot::Consent);
                        }
                    />
                    {move || t_string!(i18n, submit.consent)}
                </label>
                <p class="field__error" id="sub-consent-error" aria-live="polite">{error(Slot::Consent)}</p>
            </div>
            // A field people never see: only robots fill it.
            <div class="honeypot" aria-hidden="true">
                <label>
                    "Website"
                    <input
                        type="text"
                        name="website"
                        tabindex="-1"
                        autocomplete="off"
                        on:input=move |ev| draft.update(|d| d.website = event_target_value(&ev))
                    />
                </label>
            </div>
            <div role="status" class="submit-form__notice" data-testid="submit-notice">
                {move || notice.get().map(|kind| {
                    let text = match kind {
                        "saved" => t_string!(i18n, submit.saved),
                        "storage" => t_string!(i18n, submit.storage_failed),
                        _ => t_string!(i18n, submit.fix),
                    };
                    view! { <p class=format!("notice notice--{kind}")>{text}</p> }
                })}
            </div>
            <button type="submit" class="button button--primary">{move || t_string!(i18n, submit.send)}</button>
        </form>
    };

    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, submit.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, submit.intro).to_string())
        />
        {form}
        <MyDeeds draft=draft />
    }
}

/// The submissions this phone keeps, newest first, each with where it stands.
#[component]
fn MyDeeds(draft: RwSignal<Draft>) -> impl IntoView {
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
