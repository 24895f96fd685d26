//! Fetching the site's static files: config.json, the data store and the map's outlines.
//!
//! Every URL is relative, so it resolves against `<base href>` and follows the site to
//! whatever sub-path it is served from. Failures come back as one typed [`ApiError`] that
//! keeps "the network failed" apart from "the server said no" and "the file is wrong":
//! a network error must never look like "not found".

use serde::de::DeserializeOwned;

use crate::model::{
    SCHEMA_VERSION,
    store::{Manifest, STORE_DIR},
};

/// Why a fetch of static JSON failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, DNS, refused, aborted.
    #[error("could not reach {url}: {message}")]
    Network { url: String, message: String },
    /// An answer that is not 2xx.
    #[error("{url} answered with status {status}")]
    Status { url: String, status: u16 },
    /// A 2xx answer whose body is not what we expect.
    #[error("{url} is not valid: {message}")]
    Invalid { url: String, message: String },
    /// Data of another schema version than this app reads.
    #[error("{url} has schema {found}; this app reads schema {SCHEMA_VERSION}")]
    Schema { url: String, found: u32 },
}

/// A file of the store parsed record by record: a record that does not parse is left out
/// and named in `skipped`, so one bad deed does not hide a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T> {
    pub records: Vec<T>,
    pub skipped: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Envelope<'a> {
    schema: u32,
    #[serde(
        default,
        borrow,
        alias = "deeds",
        alias = "universities",
        alias = "links"
    )]
    records: Vec<&'a serde_json::value::RawValue>,
}

/// Parses a store file (`{"schema": 1, "deeds" | "universities" | "links": [...]}`),
/// refusing another schema and skipping records that are not a `T`.
pub fn parse_records<T: DeserializeOwned>(url: &str, text: &str) -> Result<Lenient<T>, ApiError> {
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|error| ApiError::Invalid {
        url: url.to_string(),
        message: error.to_string(),
    })?;
    if envelope.schema != SCHEMA_VERSION {
        return Err(ApiError::Schema {
            url: url.to_string(),
            found: envelope.schema,
        });
    }
    let mut lenient = Lenient {
        records: Vec::with_capacity(envelope.records.len()),
        skipped: Vec::new(),
    };
    for (index, raw) in envelope.records.into_iter().enumerate() {
        match serde_json::from_str(raw.get()) {
            Ok(record) => lenient.records.push(record),
            Err(error) => lenient
                .skipped
                .push(format!("{url}: record {index} skipped: {error}")),
        }
    }
    Ok(lenient)
}

/// GETs a store file and parses it with [`parse_records`], warning in the console about
/// each skipped record.
pub async fn fetch_records<T: DeserializeOwned>(url: &str) -> Result<Vec<T>, ApiError> {
    let text = fetch_text(url).await?;
    let lenient = parse_records(url, &text)?;
    for warning in &lenient.skipped {
        leptos::logging::warn!("{warning}");
    }
    Ok(lenient.records)
}

/// GETs the manifest, refusing another schema.
pub async fn fetch_manifest() -> Result<Manifest, ApiError> {
    let url = format!("{STORE_DIR}/manifest.json");
    let manifest: Manifest = fetch_json(&url).await?;
    if manifest.schema != SCHEMA_VERSION {
        return Err(ApiError::Schema {
            url,
            found: manifest.schema,
        });
    }
    Ok(manifest)
}

/// Parses `text`, fetched from `url`, as JSON of type `T`.
pub fn parse_json<T: DeserializeOwned>(url: &str, text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|error| ApiError::Invalid {
        url: url.to_string(),
        message: error.to_string(),
    })
}

/// GETs `url` (relative to the site) and parses its JSON body.
pub async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let text = fetch_text(url).await?;
    parse_json(url, &text)
}

/// The answer to a request index.html made for `url` before the app started (its script
/// keeps them in `window.qqEarly`, keyed by the app's own relative URLs), taken once so a
/// retry asks the network again.
#[cfg(target_arch = "wasm32")]
fn take_early(url: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let early = js_sys::Reflect::get(&leptos::prelude::window(), &"qqEarly".into()).ok()?;
    let key = wasm_bindgen::JsValue::from_str(url);
    let promise = js_sys::Reflect::get(&early, &key).ok()?.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    Some(promise)
}

/// GETs `url` (relative to the site) as text, or takes the answer index.html already
/// asked for.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    let network = |error: JsValue| ApiError::Network {
        url: url.to_string(),
        message: error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "the request failed".to_string()),
    };
    // index.html's answer: { status, bytes }, read to its end.
    let early = match take_early(url) {
        Some(promise) => JsFuture::from(promise).await.ok(),
        None => None,
    };
    let field =
        |answer: &JsValue, name: &str| js_sys::Reflect::get(answer, &JsValue::from_str(name)).ok();
    if let Some(answer) = early
        && let Some(status) = field(&answer, "status").and_then(|s| s.as_f64())
        && let Some(bytes) =
            field(&answer, "bytes").and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
    {
        return match status as u16 {
            200..=299 => utf8(url, bytes),
            status => Err(ApiError::Status {
                url: url.to_string(),
                status,
            }),
        };
    }
    // None asked yet, or that early request failed: ask now. The browser's fetch itself,
    // not a wrapper crate: the reading apps need nothing more, and it keeps them small.
    let response: web_sys::Response = JsFuture::from(leptos::prelude::window().fetch_with_str(url))
        .await
        .map_err(network)?
        .unchecked_into();
    if !response.ok() {
        return Err(ApiError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    let body = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    utf8(url, js_sys::Uint8Array::new(&body))
}

/// A body as text. The bytes come into the app's memory in one copy: passing a string
/// would copy an ASCII body character by character.
#[cfg(target_arch = "wasm32")]
fn utf8(url: &str, bytes: js_sys::Uint8Array) -> Result<String, ApiError> {
    String::from_utf8(bytes.to_vec()).map_err(|error| ApiError::Invalid {
        url: url.to_string(),
        message: error.to_string(),
    })
}

/// The file at `url` (relative to the site) as text: natively, from the page being
/// rendered ([`crate::app::rendering`]), which holds every file its first screen reads;
/// a file it does not hold is a 404.
#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    match crate::app::rendering::file(url) {
        Some(text) => Ok(text.to_string()),
        None => Err(ApiError::Status {
            url: url.to_string(),
            status: 404,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{ApiError, parse_json, parse_records};
    use crate::model::Deed;

    #[test]
    fn a_bad_record_is_skipped_and_the_rest_kept() {
        let text = r#"{"schema":1,"list":"all","page":0,"deeds":[
            {"id":1,"university":"kaznu","virtue":"kindness","title":"A title","story":"A story","done_on":"2020-02-06","lang":"kk","published_at":"2020-02-07T05:00:00Z"},
            {"id":2,"university":"kaznu","virtue":"greed","title":"?","story":"?","done_on":"2020-02-07","lang":"kk","published_at":"2020-02-08T05:00:00Z"}
        ]}"#;
        let page = parse_records::<Deed>("data/v1/all/0.json", text).unwrap();
        assert_eq!(page.records.len(), 1);
        assert_eq!(page.records[0].id, 1);
        assert_eq!(page.skipped.len(), 1);
        assert!(page.skipped[0].contains("record 1"));
    }

    #[test]
    fn another_schema_is_refused() {
        let error = parse_records::<Deed>("x.json", r#"{"schema":2,"deeds":[]}"#).unwrap_err();
        assert_eq!(
            error,
            ApiError::Schema {
                url: "x.json".into(),
                found: 2
            }
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_invalid_and_names_the_url() {
        let error = parse_json::<serde_json::Value>("config.json", "<!doctype html>")
            .expect_err("HTML is not JSON");
        assert!(matches!(error, ApiError::Invalid { .. }));
        assert!(error.to_string().starts_with("config.json is not valid"));
    }
}
