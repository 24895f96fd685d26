//! A deed's photos as files in the browser: checked by the model's rules on their bytes
//! before anything decodes them ([`check_picked`]), then shrunk, kept in IndexedDB with
//! their deed, and sent with it. The work is done by two plain JavaScript files beside the
//! app, so it costs the form's download nothing: `public/photos.js` (this module's other
//! half: the worker's client, IndexedDB and the multipart body; loaded the first time a
//! photo is picked, kept or sent) and `public/photo-worker.js` (the shrinking, off the
//! page's thread). Both are loaded from the site's base, as the search worker is.
//!
//! The form ([`crate::app::form::photos`]) and the outbox ([`crate::app::outbox::sender`])
//! use it; natively (the prerendered form) nothing here runs, and each call says so.

use leptos::wasm_bindgen::JsValue;
use thiserror::Error;

use crate::model::{
    photo::{MAX_PICKED_BYTES, check_picked},
    rules::RuleError,
};

/// The page script (`public/photos.js`), relative to the site's base.
pub const PAGE_SCRIPT: &str = "photos.js";

/// Why a photo could not be taken, kept or read back.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhotoError {
    /// The model's rules refuse the file's bytes (type, size, pixels, damage).
    #[error("the photo is refused: {0}")]
    Refused(RuleError),
    /// The browser cannot decode it (HEIC outside Safari, a broken file).
    #[error("this browser cannot open the photo")]
    Unreadable,
    /// The phone's storage is full (IndexedDB's `QuotaExceededError`).
    #[error("the phone's storage is full")]
    StorageFull,
    /// IndexedDB failed otherwise (blocked, private mode), with the error's name.
    #[error("the photos could not be stored: {0}")]
    Storage(String),
    /// The page script could not be loaded (offline before it was ever kept), or this is
    /// not a browser.
    #[error("the photos' script is not available")]
    Unavailable,
}

impl PhotoError {
    /// The error a rejection of `photos.js` names.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn from_js(name: &str) -> PhotoError {
        match name {
            "unreadable" => PhotoError::Unreadable,
            "QuotaExceededError" => PhotoError::StorageFull,
            other => PhotoError::Storage(other.to_string()),
        }
    }
}

/// A shrunk photo: its file (a `Blob`), a preview's object URL, and its bytes.
#[derive(Debug, Clone)]
pub struct Shrunk {
    pub blob: JsValue,
    pub url: String,
    pub bytes: u32,
}

/// The model's check of a picked file, on its bytes: a file over
/// [`MAX_PICKED_BYTES`] is refused by its size before it is read.
pub fn check_bytes(size: f64, bytes: impl FnOnce() -> Vec<u8>) -> Result<(), RuleError> {
    if size > MAX_PICKED_BYTES as f64 {
        return Err(RuleError::PhotoTooLarge);
    }
    check_picked(&bytes()).map(|_| ())
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use std::cell::RefCell;
    use wasm_bindgen_futures::JsFuture;

    use super::{PAGE_SCRIPT, PhotoError, Shrunk};

    thread_local! {
        static LOADED: RefCell<Option<Promise>> = const { RefCell::new(None) };
    }

    fn get(target: &JsValue, key: &str) -> JsValue {
        Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// `photos.js`, loaded once (a failed load is tried again on the next call).
    async fn api() -> Result<JsValue, PhotoError> {
        let window = leptos::prelude::window();
        let present = get(&window, "qqPhotos");
        if !present.is_undefined() {
            return Ok(present);
        }
        let loading = LOADED.with(|loaded| {
            loaded
                .borrow_mut()
                .get_or_insert_with(|| {
                    Promise::new(&mut |resolve, reject| {
                        let document = leptos::prelude::document();
                        let Ok(script) = document.create_element("script") else {
                            let _ = reject.call0(&JsValue::NULL);
                            return;
                        };
                        let _ = script.set_attribute("src", PAGE_SCRIPT);
                        let _ = Reflect::set(&script, &"onload".into(), &resolve);
                        let _ = Reflect::set(&script, &"onerror".into(), &reject);
                        if let Some(head) = document.head() {
                            let _ = head.append_child(&script);
                        }
                    })
                })
                .clone()
        });
        if JsFuture::from(loading).await.is_err() {
            LOADED.with(|loaded| loaded.borrow_mut().take());
            return Err(PhotoError::Unavailable);
        }
        let api = get(&window, "qqPhotos");
        if api.is_undefined() {
            return Err(PhotoError::Unavailable);
        }
        Ok(api)
    }

    /// Calls `qqPhotos[name](...args)` and awaits its promise.
    async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, PhotoError> {
        let api = api().await?;
        let function: Function = get(&api, name)
            .dyn_into()
            .map_err(|_| PhotoError::Unavailable)?;
        let args: Array = args.iter().collect();
        let promise = function
            .apply(&api, &args)
            .map_err(|error| PhotoError::from_js(&error.as_string().unwrap_or_default()))?;
        JsFuture::from(Promise::resolve(&promise))
            .await
            .map_err(|error| {
                PhotoError::from_js(
                    &error
                        .as_string()
                        .unwrap_or_else(|| "UnknownError".to_string()),
                )
            })
    }

    fn shrunk(value: &JsValue) -> Option<Shrunk> {
        Some(Shrunk {
            blob: get(value, "blob"),
            url: get(value, "url").as_string()?,
            bytes: get(value, "bytes").as_f64()? as u32,
        })
    }

    pub async fn check(file: &JsValue) -> Result<(), PhotoError> {
        let size = get(file, "size").as_f64().unwrap_or(0.0);
        let mut bytes = None;
        if size <= crate::model::photo::MAX_PICKED_BYTES as f64 {
            let read: Function = get(file, "arrayBuffer")
                .dyn_into()
                .map_err(|_| PhotoError::Unreadable)?;
            let promise: Promise = read
                .call0(file)
                .map_err(|_| PhotoError::Unreadable)?
                .unchecked_into();
            let buffer = JsFuture::from(promise)
                .await
                .map_err(|_| PhotoError::Unreadable)?;
            bytes = Some(Uint8Array::new(&buffer).to_vec());
        }
        super::check_bytes(size, || bytes.unwrap_or_default()).map_err(PhotoError::Refused)
    }

    pub async fn shrink(file: &JsValue) -> Result<Shrunk, PhotoError> {
        let value = call("shrink", std::slice::from_ref(file)).await?;
        shrunk(&value).ok_or(PhotoError::Unreadable)
    }

    pub async fn keep(uuid: &str, blobs: &[JsValue]) -> Result<(), PhotoError> {
        let blobs: Array = blobs.iter().collect();
        call("keep", &[uuid.into(), blobs.into()]).await.map(|_| ())
    }

    pub async fn load(uuid: &str, count: usize) -> Vec<Option<Shrunk>> {
        match call("load", &[uuid.into(), (count as u32).into()]).await {
            Ok(list) => Array::from(&list).iter().map(|v| shrunk(&v)).collect(),
            Err(_) => vec![None; count],
        }
    }

    pub async fn body(uuid: &str, json: &str, count: usize) -> Result<JsValue, PhotoError> {
        call("body", &[uuid.into(), json.into(), (count as u32).into()]).await
    }

    pub async fn remove(uuid: &str) -> Result<(), PhotoError> {
        call("remove", &[uuid.into()]).await.map(|_| ())
    }

    pub async fn show_kept() {
        let _ = call("show", &[]).await;
    }

    pub fn revoke(url: &str) {
        let api = get(&leptos::prelude::window(), "qqPhotos");
        if let Ok(function) = get(&api, "revoke").dyn_into::<Function>() {
            let _ = function.call1(&api, &url.into());
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod browser {
    //! Natively there is no browser: nothing is picked, kept or sent.
    use leptos::wasm_bindgen::JsValue;

    use super::{PhotoError, Shrunk};

    pub async fn check(_: &JsValue) -> Result<(), PhotoError> {
        Err(PhotoError::Unavailable)
    }
    pub async fn shrink(_: &JsValue) -> Result<Shrunk, PhotoError> {
        Err(PhotoError::Unavailable)
    }
    pub async fn keep(_: &str, _: &[JsValue]) -> Result<(), PhotoError> {
        Err(PhotoError::Unavailable)
    }
    pub async fn load(_: &str, count: usize) -> Vec<Option<Shrunk>> {
        vec![None; count]
    }
    pub async fn body(_: &str, _: &str, _: usize) -> Result<JsValue, PhotoError> {
        Err(PhotoError::Unavailable)
    }
    pub async fn remove(_: &str) -> Result<(), PhotoError> {
        Err(PhotoError::Unavailable)
    }
    pub async fn show_kept() {}
    pub fn revoke(_: &str) {}
}

/// Checks a picked `File` by the model's rules on its bytes, before anything decodes it.
pub async fn check(file: &JsValue) -> Result<(), PhotoError> {
    browser::check(file).await
}

/// Shrinks a picked file (see the module docs): its preview and its new file.
pub async fn shrink(file: &JsValue) -> Result<Shrunk, PhotoError> {
    browser::shrink(file).await
}

/// Keeps a deed's shrunk photos, in order, replacing any it had: all or none.
pub async fn keep(uuid: &str, blobs: &[JsValue]) -> Result<(), PhotoError> {
    browser::keep(uuid, blobs).await
}

/// The deed's kept photos, `None` for one that is missing.
pub async fn load(uuid: &str, count: usize) -> Vec<Option<Shrunk>> {
    browser::load(uuid, count).await
}

/// The multipart body of the deed `json` with its `count` kept photos.
pub async fn body(uuid: &str, json: &str, count: usize) -> Result<JsValue, PhotoError> {
    browser::body(uuid, json, count).await
}

/// Forgets a deed's photos.
pub async fn remove(uuid: &str) -> Result<(), PhotoError> {
    browser::remove(uuid).await
}

/// Fills every thumbnail of a kept photo on the page (`<img data-kept="{uuid}/{index}">`)
/// from the phone's storage, in the background.
pub fn show_kept() {
    leptos::task::spawn_local(browser::show_kept());
}

/// Frees a preview's object URL.
pub fn revoke(url: &str) {
    browser::revoke(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_too_large_is_refused_before_it_is_read() {
        let never = || -> Vec<u8> { panic!("a 50 MB file is not read") };
        assert_eq!(
            check_bytes(50.0 * 1024.0 * 1024.0, never),
            Err(RuleError::PhotoTooLarge)
        );
        assert_eq!(
            check_bytes(10.0, || b"<svg xmlns='http://www.w3.org/2000/svg'/>"
                .to_vec()),
            Err(RuleError::PhotoType)
        );
    }

    #[test]
    fn rejections_of_the_script_are_named() {
        assert_eq!(PhotoError::from_js("unreadable"), PhotoError::Unreadable);
        assert_eq!(
            PhotoError::from_js("QuotaExceededError"),
            PhotoError::StorageFull
        );
        assert_eq!(
            PhotoError::from_js("InvalidStateError"),
            PhotoError::Storage("InvalidStateError".into())
        );
    }
}
