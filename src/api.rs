//! Fetching the site's static JSON (config.json now; the data store later).
//!
//! Every URL is relative, so it resolves against `<base href>` and follows the site to
//! whatever sub-path it is served from. Failures come back as one typed [`ApiError`] that
//! keeps "the network failed" apart from "the server said no" and "the file is wrong":
//! a network error must never look like "not found".

use serde::de::DeserializeOwned;

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

#[cfg(target_arch = "wasm32")]
async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let network = |error: gloo_net::Error| ApiError::Network {
        url: url.to_string(),
        message: error.to_string(),
    };
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(network)?;
    if !response.ok() {
        return Err(ApiError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    response.text().await.map_err(network)
}

#[cfg(not(target_arch = "wasm32"))]
async fn fetch_text(url: &str) -> Result<String, ApiError> {
    Err(ApiError::Network {
        url: url.to_string(),
        message: "fetching needs a browser".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::{ApiError, parse_json};

    #[test]
    fn a_body_that_is_not_json_is_invalid_and_names_the_url() {
        let error = parse_json::<serde_json::Value>("config.json", "<!doctype html>")
            .expect_err("HTML is not JSON");
        assert!(matches!(error, ApiError::Invalid { .. }));
        assert!(error.to_string().starts_with("config.json is not valid"));
    }
}
