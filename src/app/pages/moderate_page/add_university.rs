//! Adding a university, so that a deed naming one the site does not list can be
//! published: its id, its names and city in the three languages, its country and where it
//! is. The shared rule is checked before sending ([`UniversityDraft::check`]); each
//! problem, the form's own or the inbox's, shows next to its field.

use std::sync::Arc;

use leptos::{ev::SubmitEvent, prelude::*};

use super::{
    Announcement, Desk,
    messages::{error_text, rule_text},
    queue::focus_later,
};
use crate::app::moderation::{
    client::ModerationError,
    session::use_session,
    university_draft::{Input, UniversityDraft},
};
use crate::app::state::store_cache::use_store;
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    Lang,
    feed::Directory,
    rules::{Field, FieldError},
};

/// The element id of the message for `field`.
fn error_id(field: Field) -> String {
    let name = match field {
        Field::Id => "id",
        Field::Short => "short",
        Field::Name => "name",
        Field::City => "city",
        Field::Country => "country",
        _ => "coordinates",
    };
    format!("uni-{name}-error")
}

/// One input of the form, wired to the draft and to its field's message.
#[component]
fn DraftInput(
    /// Which input.
    input: Input,
    /// Its label.
    #[prop(into)]
    label: Signal<String>,
    /// The language of the label, when it names a language in its own.
    #[prop(optional)]
    label_lang: Option<&'static str>,
    /// A hint shown between the label and the input, if any.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The id of a hint shown elsewhere that describes it, if any.
    #[prop(optional)]
    hint_id: Option<&'static str>,
    /// The form.
    draft: RwSignal<UniversityDraft>,
    /// The problems shown.
    errors: RwSignal<Vec<FieldError>>,
    /// The mobile keyboard to show.
    #[prop(default = "text")]
    inputmode: &'static str,
) -> impl IntoView {
    let id = input.element_id();
    let own_hint = format!("{id}-hint");
    let hint_id = hint
        .is_some()
        .then(|| own_hint.clone())
        .or(hint_id.map(str::to_string));
    let described = [hint_id, Some(error_id(input.field()))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let invalid = move || errors.with(|e| draft.with(|d| d.is_invalid(input, e)));
    view! {
        <div class="field">
            <label for=id.clone() lang=label_lang>{move || label.get()}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=own_hint>{move || hint.get()}</p> })}
            <input
                id=id.clone()
                name=id
                type="text"
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                aria-describedby=described
                aria-invalid=move || invalid().to_string()
                prop:value=move || draft.with(|d| d.get(input).to_string())
                on:input=move |event| draft.update(|d| d.set(input, event_target_value(&event)))
            />
        </div>
    }
}

/// The message for `field`, under its input or group.
#[component]
fn FieldMessage(
    /// The field.
    field: Field,
    /// The problems shown.
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| rule_text(i18n, e))
        })
    };
    view! { <p class="field__error" id=error_id(field)>{text}</p> }
}

/// Three inputs, one per language, for a group of names.
#[component]
fn NamesGroup(
    /// The group's field (`Short`, `Name` or `City`).
    field: Field,
    /// The group's legend.
    #[prop(into)]
    legend: Signal<String>,
    /// A hint under the legend, if any.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The form.
    draft: RwSignal<UniversityDraft>,
    /// The problems shown.
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = hint.is_some().then_some("uni-short-hint");
    view! {
        <fieldset class="moderate-group">
            <legend>{move || legend.get()}</legend>
            {hint.map(|hint| view! { <p class="field__hint" id="uni-short-hint">{move || hint.get()}</p> })}
            <div class="moderate-group__inputs">
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        let input = match field {
                            Field::Short => Input::Short(lang),
                            Field::City => Input::City(lang),
                            _ => Input::Name(lang),
                        };
                        let label = move || match lang {
                            Lang::Kk => t_string!(i18n, lang.kk),
                            Lang::Ru => t_string!(i18n, lang.ru),
                            Lang::En => t_string!(i18n, lang.en),
                        }
                        .to_string();
                        match hint_id {
                            Some(hint_id) => view! {
                                <DraftInput input label=Signal::derive(label) label_lang=lang.tag() hint_id draft errors />
                            }
                            .into_any(),
                            None => view! {
                                <DraftInput input label=Signal::derive(label) label_lang=lang.tag() draft errors />
                            }
                            .into_any(),
                        }
                    })
                    .collect_view()}
            </div>
            <FieldMessage field errors />
        </fieldset>
    }
}

/// The add-a-university section.
#[component]
pub fn AddUniversity() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let store = use_store();
    let desk = expect_context::<Desk>();
    let draft = RwSignal::new(UniversityDraft::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ModerationError>);
    let exists = move |id: &str| {
        desk.directory
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.get(id).is_some()))
    };
    // Once tried, the form's own problems follow the typing.
    Effect::new(move |_| {
        if tried.get() {
            let found = draft.with(|d| d.check(exists).err().unwrap_or_default());
            errors.set(found);
        }
    });
    let focus_first = move |found: &[FieldError]| {
        let first = draft.with_untracked(|d| {
            found.iter().find_map(|e| {
                Input::of(e.field)
                    .into_iter()
                    .find(|input| d.is_invalid(*input, found))
            })
        });
        if let Some(input) = first {
            focus_later(input.element_id());
        }
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        tried.set(true);
        failure.set(None);
        let new = match draft.with_untracked(|d| d.check(exists)) {
            Ok(new) => new,
            Err(found) => {
                focus_first(&found);
                return;
            }
        };
        let Some(moderator) = session.moderator_now() else {
            return;
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = moderator.add_university(&new).await;
            pending.try_set(false);
            match answer {
                Ok(added) => {
                    // Known at once to the pick fields; the store's copy follows.
                    desk.directory.update(|directory| {
                        if let Some(known) = directory {
                            let mut all = known.all().to_vec();
                            all.push(new.to_university());
                            *known = Arc::new(Directory::new(all));
                        }
                    });
                    store.directory.reload();
                    desk.done(Announcement::Added(added.id));
                    tried.try_set(false);
                    errors.try_set(Vec::new());
                    draft.try_set(UniversityDraft::default());
                }
                Err(ModerationError::Fields(found)) => {
                    tried.try_set(false);
                    focus_first(&found);
                    errors.try_set(found);
                }
                Err(error) => {
                    if let Some(error) = session.unless_refused(error) {
                        failure.try_set(Some(error));
                    }
                }
            }
        });
    };
    let text = move |key: fn(leptos_i18n::I18nContext<crate::i18n::Locale>) -> &'static str| {
        Signal::derive(move || key(i18n).to_string())
    };
    view! {
        <section class="moderate-section" aria-labelledby="add-title">
            <h2 id="add-title">{move || t_string!(i18n, moderate.add_title)}</h2>
            <p class="moderate-section__intro">{move || t_string!(i18n, moderate.add_intro)}</p>
            <form class="moderate-form" novalidate on:submit=submit>
                <div>
                    <DraftInput
                        input=Input::Id
                            label=text(|i18n| t_string!(i18n, moderate.id_label))
                            hint=text(|i18n| t_string!(i18n, moderate.id_hint))
                            draft
                            errors
                        />
                    <FieldMessage field=Field::Id errors />
                </div>
                <div>
                    <DraftInput
                        input=Input::Country
                            label=text(|i18n| t_string!(i18n, moderate.country_label))
                            hint=text(|i18n| t_string!(i18n, moderate.country_hint))
                            draft
                            errors
                        />
                    <FieldMessage field=Field::Country errors />
                </div>
                <NamesGroup field=Field::Name legend=text(|i18n| t_string!(i18n, moderate.name_legend)) draft errors />
                <NamesGroup
                    field=Field::Short
                    legend=text(|i18n| t_string!(i18n, moderate.short_legend))
                    hint=text(|i18n| t_string!(i18n, moderate.short_hint))
                    draft
                    errors
                />
                <NamesGroup field=Field::City legend=text(|i18n| t_string!(i18n, moderate.city_legend)) draft errors />
                <p class="field__hint" id="uni-coordinates-hint">
                    {move || t_string!(i18n, moderate.coords_hint)}
                </p>
                <div class="moderate-pair">
                    <DraftInput
                        input=Input::Lat
                        label=text(|i18n| t_string!(i18n, moderate.lat_label))
                        hint_id="uni-coordinates-hint"
                        inputmode="decimal"
                        draft
                        errors
                    />
                    <DraftInput
                        input=Input::Lon
                        label=text(|i18n| t_string!(i18n, moderate.lon_label))
                        hint_id="uni-coordinates-hint"
                        inputmode="decimal"
                        draft
                        errors
                    />
                </div>
                <FieldMessage field=Field::Coordinates errors />
                <p class="field__error" role="alert">
                    {move || {
                        if let Some(error) = failure.get() {
                            Some(error_text(i18n, &error))
                        } else if tried.get() && errors.with(|e| !e.is_empty()) {
                            Some(t_string!(i18n, moderate.fix).to_string())
                        } else {
                            None
                        }
                    }}
                </p>
                <div>
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || t_string!(i18n, moderate.add_submit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
