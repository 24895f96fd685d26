//! The deed's photos in the form: up to [`MAX_PHOTOS`] from the camera or the gallery, each
//! checked by the model's rules on its bytes (a drawing, a document, a file too large, a
//! decompression bomb or a damaged photo is refused at once, with the rest of the draft
//! untouched), then shrunk on the phone ([`crate::app::photo_files`]) with its progress
//! shown, previewed, described (its alt text, required), moved earlier or later, removed.
//!
//! The draft holds each photo's description and preview ([`DraftPhoto`]); its shrunk file,
//! a browser `Blob`, waits here under the photo's key until Send keeps it in the outbox.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;

use crate::app::form::{
    draft::{Draft, DraftPhoto, Problem, Slot},
    messages::message,
    state::use_form_state,
};
use crate::app::photo_files::{self, PhotoError};
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    photo::{MAX_PHOTOS, PHOTO_ALT_CHARS},
    rules::{FieldError, RuleError},
};

thread_local! {
    /// The shrunk files of the draft's photos, by key (three at most: a list will do).
    static FILES: RefCell<Vec<(u32, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The draft's shrunk files in its photos' order (Send keeps them with the deed).
pub fn files_of(draft: &Draft) -> Vec<JsValue> {
    FILES.with(|files| {
        let files = files.borrow();
        draft
            .photos
            .iter()
            .filter_map(|photo| {
                files
                    .iter()
                    .find(|(key, _)| *key == photo.key)
                    .map(|(_, file)| file.clone())
            })
            .collect()
    })
}

/// Forgets every file the form holds (the deed is kept, or another one corrected).
pub fn forget_files() {
    FILES.with(|files| files.borrow_mut().clear());
}

fn forget(photo: &DraftPhoto) {
    FILES.with(|files| files.borrow_mut().retain(|(key, _)| *key != photo.key));
    if let Some(url) = &photo.preview {
        photo_files::revoke(url);
    }
}

/// The problem a photo refused when picked shows at the picker.
fn picked_problem(error: PhotoError) -> Problem {
    match error {
        PhotoError::Refused(rule) => Problem::PhotoPicked(FieldError::from(rule)),
        _ => Problem::PhotoUnreadable,
    }
}

/// Takes `files` (picked `File`s) into the draft: each checked on its bytes, then all
/// shrunk one after the other. A refusal is said at the picker and adds nothing.
async fn take(draft: RwSignal<Draft>, picked: RwSignal<Option<Problem>>, files: Vec<JsValue>) {
    let mut taken = Vec::new();
    for file in files {
        if draft.with_untracked(Draft::photo_room) == 0 {
            picked.set(Some(Problem::PhotoPicked(FieldError::from(
                RuleError::TooManyPhotos,
            ))));
            break;
        }
        if let Err(error) = photo_files::check(&file).await {
            picked.set(Some(picked_problem(error)));
            continue;
        }
        let key = draft.with_untracked(Draft::next_photo_key);
        draft.update(|d| {
            d.photos.push(DraftPhoto {
                key,
                ..DraftPhoto::default()
            })
        });
        taken.push((key, file));
    }
    for (key, file) in taken {
        let shrunk = photo_files::shrink(&file).await;
        let still = draft.with_untracked(|d| d.photos.iter().any(|p| p.key == key));
        match shrunk {
            Ok(shrunk) if still => {
                FILES.with(|files| files.borrow_mut().push((key, shrunk.blob)));
                draft.update(|d| {
                    if let Some(photo) = d.photos.iter_mut().find(|p| p.key == key) {
                        photo.preview = Some(shrunk.url);
                        photo.bytes = shrunk.bytes;
                    }
                });
            }
            // Removed while it shrank.
            Ok(shrunk) => photo_files::revoke(&shrunk.url),
            Err(error) => {
                draft.update(|d| d.photos.retain(|p| p.key != key));
                picked.set(Some(picked_problem(error)));
            }
        }
    }
}

/// Fills the photos of a draft made from a kept submission (a correction) from the outbox;
/// a photo whose file is gone is left out.
pub fn take_back(draft: RwSignal<Draft>, uuid: String) {
    forget_files();
    let count = draft.with_untracked(|d| d.photos.len());
    if count == 0 {
        return;
    }
    leptos::task::spawn_local(async move {
        let kept = photo_files::load(&uuid, count).await;
        draft.update(|d| {
            let mut index = 0;
            d.photos.retain_mut(|photo| {
                let file = kept.get(index).cloned().flatten();
                index += 1;
                let Some(file) = file else { return false };
                FILES.with(|files| files.borrow_mut().push((photo.key, file.blob)));
                photo.preview = Some(file.url);
                photo.bytes = file.bytes;
                true
            });
        });
    });
}

/// The files the picker `ev` came from holds, and the picker emptied, so that the same
/// file can be picked again after it was removed.
fn picked_files(ev: &leptos::ev::Event) -> Vec<JsValue> {
    #[cfg(target_arch = "wasm32")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(target) = ev.target() else {
            return Vec::new();
        };
        let list = js_sys::Reflect::get(&target, &JsValue::from_str("files"))
            .unwrap_or(JsValue::UNDEFINED);
        let files = js_sys::Array::from(&list).iter().collect();
        target
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value("");
        files
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = ev;
        Vec::new()
    }
}

/// Moves the keyboard to the element `id` once the list has been redrawn.
fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id)
            && let Ok(element) =
                leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
        {
            let _ = element.focus();
        }
    });
}

/// One photo: its preview (or its progress while it shrinks), its description with the
/// hint and error, and its buttons.
#[component]
fn PhotoItem(
    /// Its place in the list, from 0.
    index: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    let i = index;
    let n = i + 1;
    let photo = move || draft.with(|d| d.photos.get(i).cloned()).unwrap_or_default();
    let alt_id = Slot::PhotoAlt(i).element_id();
    let (hint_id, error_id) = (format!("{alt_id}-hint"), format!("{alt_id}-error"));
    let photo_error_id = format!("{}-error", Slot::Photo(i).element_id());
    let alt_error = move || form.error_now(Slot::PhotoAlt(i));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if alt_error().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let move_to = move |to: usize| {
        let moved = draft.try_update(|d| d.move_photo(i, to)).flatten();
        if let Some(at) = moved {
            // The same button at the photo's new place, or the other one where this one
            // no longer applies (first or last).
            let earlier = to < i;
            let len = draft.with_untracked(|d| d.photos.len());
            let usable = if earlier { at > 0 } else { at + 1 < len };
            let which = if earlier == usable {
                "earlier"
            } else {
                "later"
            };
            focus_later(format!("sub-photo-{which}-{at}"));
        }
    };
    let remove = move |_| {
        let gone = draft.with_untracked(|d| d.photos.get(i).cloned());
        let next = draft.try_update(|d| d.remove_photo(i)).flatten();
        if let Some(gone) = gone {
            forget(&gone);
        }
        focus_later(match next {
            Some(at) => format!("sub-photo-remove-{at}"),
            None => Slot::Photos.element_id(),
        });
    };
    view! {
        <li class="photo" id=Slot::Photo(i).element_id() tabindex="-1" data-testid="photo">
            {move || match photo().preview {
                Some(url) => view! { <img class="photo__preview" src=url alt="" /> }.into_any(),
                None => view! {
                    <div class="photo__shrinking" data-testid="photo-shrinking">
                        <progress aria-label=move || t_string!(i18n, submit.photos.shrinking, n = n)></progress>
                        <span>{move || t_string!(i18n, submit.photos.shrinking, n = n)}</span>
                    </div>
                }.into_any(),
            }}
            <div class="photo__fields" on:focusout=move |_| form.leave(Slot::PhotoAlt(i))>
                <label for=alt_id.clone()>{move || t_string!(i18n, submit.photos.alt_label, n = n)}</label>
                <p class="field__hint" id=hint_id>{move || t_string!(i18n, submit.photos.alt_hint)}</p>
                <input
                    id=alt_id.clone()
                    name=alt_id
                    type="text"
                    maxlength=PHOTO_ALT_CHARS.end().to_string()
                    aria-describedby=described
                    aria-invalid=move || alt_error().is_some().to_string()
                    prop:value=move || photo().alt
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        draft.update(|d| if let Some(p) = d.photos.get_mut(i) { p.alt = text });
                    }
                />
                <p class="field__error" id=error_id aria-live="polite">{alt_error}</p>
                <p class="field__error" id=photo_error_id aria-live="polite">
                    {move || form.error_now(Slot::Photo(i))}
                </p>
            </div>
            <div class="photo__actions">
                <button
                    type="button"
                    class="button button--quiet"
                    id=format!("sub-photo-earlier-{i}")
                    disabled=move || i == 0
                    on:click=move |_| move_to(i.saturating_sub(1))
                >
                    {move || t_string!(i18n, submit.photos.earlier)}
                    <span class="visually-hidden">{move || t_string!(i18n, submit.photos.which, n = n)}</span>
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    id=format!("sub-photo-later-{i}")
                    disabled=move || { i + 1 >= draft.with(|d| d.photos.len()) }
                    on:click=move |_| move_to(i + 1)
                >
                    {move || t_string!(i18n, submit.photos.later)}
                    <span class="visually-hidden">{move || t_string!(i18n, submit.photos.which, n = n)}</span>
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    id=format!("sub-photo-remove-{i}")
                    on:click=remove
                >
                    {move || t_string!(i18n, submit.photos.remove)}
                    <span class="visually-hidden">{move || t_string!(i18n, submit.photos.which, n = n)}</span>
                </button>
            </div>
        </li>
    }
}

/// The photos: the list and the button that picks more (the camera or the gallery).
#[component]
pub fn Photos() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form_state();
    let draft = form.draft;
    // What the last pick refused, if anything.
    let picked = RwSignal::new(None::<Problem>);
    let input = NodeRef::<leptos::html::Input>::new();
    let error = move || {
        picked
            .get()
            .map(|problem| message(i18n, &problem))
            .or_else(|| form.error_now(Slot::Photos))
    };
    let button_id = Slot::Photos.element_id();
    let described = move || {
        if error().is_some() {
            "sub-photos-hint sub-photos-error"
        } else {
            "sub-photos-hint"
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        picked.set(None);
        leptos::task::spawn_local(take(draft, picked, picked_files(&ev)));
    };
    let photos = move || {
        let count = draft.with(|d| d.photos.len());
        (0..count)
            .map(|index| view! { <PhotoItem index=index /> })
            .collect_view()
    };
    view! {
        <fieldset class="field photos">
            <legend>{move || t_string!(i18n, submit.photos.label)}</legend>
            <p class="field__hint" id="sub-photos-hint">
                {move || t_string!(i18n, submit.photos.hint, n = MAX_PHOTOS)}
            </p>
            <ol class="photos__list">{photos}</ol>
            <button
                type="button"
                class="button"
                id=button_id
                aria-describedby=described
                disabled=move || draft.with(|d| d.photo_room() == 0)
                on:click=move |_| {
                    if let Some(input) = input.get_untracked() {
                        input.click();
                    }
                }
            >
                {move || t_string!(i18n, submit.photos.add)}
            </button>
            <input
                node_ref=input
                type="file"
                accept="image/*"
                multiple
                hidden
                tabindex="-1"
                aria-hidden="true"
                data-testid="photo-input"
                on:change=on_pick
            />
            <p class="field__error" id="sub-photos-error" aria-live="polite">{error}</p>
        </fieldset>
    }
}
