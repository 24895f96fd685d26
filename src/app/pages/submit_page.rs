//! Adding a deed (/submit): the form, checked by the model's rules as the student types
//! and again on sending, and "My deeds", the submissions this phone keeps in its outbox
//! with where each one stands. The form's parts live in [`crate::app::form`].

use leptos::prelude::*;

use crate::app::components::{dates::lang_of, page_heading::PageHeading};
use crate::app::form::{
    draft::Slot,
    field::FormField,
    my_deeds::MyDeeds,
    notice::{Notice, SubmitNotice},
    passes::Passes,
    photos::{Photos, files_of},
    received::{ReceivedFrom, take_invitation},
    state::{FormState, provide_form_state, use_form_state},
    university::{UniversityFields, UniversityList},
    virtues::VirtueChoice,
};
use crate::app::outbox::sender::{KeepError, OutboxContext, new_id, use_outbox};
use crate::app::photo_files::PhotoError;
use crate::app::state::{
    store_cache::{StoreContext, use_store},
    today::today,
};
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    CHALLENGE_START, HASHTAG,
    rules::{AUTHOR_MAX_CHARS, LINK_MAX_CHARS, STORY_CHARS, TITLE_CHARS},
};

/// Moves the keyboard to the field at `slot`, after a Send with problems.
fn focus(slot: Slot) {
    if let Some(element) = document().get_element_by_id(&slot.element_id())
        && let Ok(element) = leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
    {
        let _ = element.focus();
    }
}

/// Checks the draft and, when it passes, keeps it in the outbox (which sends it) with its
/// photos; `keeping` is set meanwhile.
fn send(
    form: FormState,
    notice: RwSignal<Option<Notice>>,
    keeping: RwSignal<bool>,
    lang: crate::model::Lang,
    store: StoreContext,
    outbox: OutboxContext,
) {
    form.tried.set(true);
    notice.set(None);
    let Some(Ok(directory)) = store.directory.get_untracked() else {
        return;
    };
    let checked = form
        .draft
        .with_untracked(|d| d.check(&directory, lang, today(), &new_id()));
    match checked {
        Ok(submission) => {
            let id = submission.id.clone();
            let photos = form.draft.with_untracked(files_of);
            keeping.set(true);
            leptos::task::spawn_local(async move {
                match outbox.keep(submission, photos).await {
                    Ok(()) => {
                        form.next_deed();
                        notice.set(Some(Notice::Kept(id)));
                    }
                    Err(KeepError::Photos(PhotoError::StorageFull)) => {
                        notice.set(Some(Notice::PhotosFull))
                    }
                    Err(_) => notice.set(Some(Notice::StorageFailed)),
                }
                keeping.set(false);
            });
        }
        Err(problems) => {
            notice.set(Some(Notice::Fix));
            if let Some(first) = problems.first() {
                focus(first.slot());
            }
        }
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
    let form = provide_form_state();
    take_invitation();
    let draft = form.draft;
    let notice = RwSignal::new(None::<Notice>);
    let keeping = RwSignal::new(false);
    let today = today();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if keeping.get_untracked() {
            return;
        }
        let lang = lang_of(i18n.get_locale_untracked());
        send(form, notice, keeping, lang, store, outbox);
    };

    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, submit.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, submit.intro).to_string())
        />
        <form class="submit-form" novalidate on:submit=on_submit>
            <p class="note">{move || t_string!(i18n, submit.hashtag, hashtag = HASHTAG)}</p>
            <UniversityList />
            <UniversityFields />
            <ReceivedFrom />
            <VirtueChoice />
            <div on:focusout=move |_| form.leave(Slot::Title)>
                <FormField
                    at=Slot::Title
                    label=Signal::derive(move || t_string!(i18n, submit.title_label).to_string())
                    error=form.error(Slot::Title)
                    value=Signal::derive(move || draft.with(|d| d.title.clone()))
                    on_input=form.edit(|d, text| d.title = text)
                    max=*TITLE_CHARS.end()
                />
            </div>
            <div on:focusout=move |_| form.leave(Slot::Story)>
                <FormField
                    at=Slot::Story
                    label=Signal::derive(move || t_string!(i18n, submit.story_label).to_string())
                    error=form.error(Slot::Story)
                    value=Signal::derive(move || draft.with(|d| d.story.clone()))
                    on_input=form.edit(|d, text| d.story = text)
                    multiline=true
                    max=*STORY_CHARS.end()
                />
            </div>
            <div on:focusout=move |_| form.leave(Slot::DoneOn)>
                <FormField
                    at=Slot::DoneOn
                    label=Signal::derive(move || t_string!(i18n, submit.date_label).to_string())
                    error=form.error(Slot::DoneOn)
                    value=Signal::derive(move || draft.with(|d| d.done_on.clone()))
                    on_input=form.edit(|d, text| d.done_on = text)
                    kind="date"
                    min_date=CHALLENGE_START.to_string()
                    max_date=today.to_string()
                />
            </div>
            <div on:focusout=move |_| form.leave(Slot::Link)>
                <FormField
                    at=Slot::Link
                    label=Signal::derive(move || t_string!(i18n, submit.link_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, submit.link_hint, hashtag = HASHTAG))
                    error=form.error(Slot::Link)
                    value=Signal::derive(move || draft.with(|d| d.link.clone()))
                    on_input=form.edit(|d, text| d.link = text)
                    kind="url"
                    inputmode="url"
                    autocomplete="url"
                    max=LINK_MAX_CHARS
                />
            </div>
            <div on:focusout=move |_| form.leave(Slot::Author)>
                <FormField
                    at=Slot::Author
                    label=Signal::derive(move || t_string!(i18n, submit.author_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, submit.author_hint).to_string())
                    error=form.error(Slot::Author)
                    value=Signal::derive(move || draft.with(|d| d.author.clone()))
                    on_input=form.edit(|d, text| d.author = text)
                    autocomplete="nickname"
                    max=AUTHOR_MAX_CHARS
                />
            </div>
            <Photos />
            <Passes />
            <Consent />
            <Honeypot />
            <SubmitNotice notice=notice />
            <button type="submit" class="button button--primary" aria-disabled=move || keeping.get().then_some("true")>
                {move || t_string!(i18n, submit.send)}
            </button>
        </form>
        <MyDeeds draft=draft />
    }
}

/// The student's consent to publication, with its error.
#[component]
fn Consent() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    view! {
        <div class="field">
            <label class="check">
                <input
                    type="checkbox"
                    id=Slot::Consent.element_id()
                    aria-describedby="sub-consent-error"
                    prop:checked=move || draft.with(|d| d.consent)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| d.consent = on);
                        form.leave(Slot::Consent);
                    }
                />
                {move || t_string!(i18n, submit.consent)}
            </label>
            <p class="field__error" id="sub-consent-error" aria-live="polite">{form.error(Slot::Consent)}</p>
        </div>
    }
}

/// A field people never see: only robots fill it.
#[component]
fn Honeypot() -> impl IntoView {
    let draft = use_form_state().draft;
    view! {
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
    }
}
