//! The runtime configuration, read from `config.json` beside index.html, so one build
//! serves every deployment: today it names the inbox that takes submissions (empty: none).

use leptos::prelude::*;

use super::loaded::Loaded;
use serde::Deserialize;

use crate::app::api::{ApiError, fetch_json};

/// What a deployment tells the app at run time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RuntimeConfig {
    /// Base URL of the inbox (`""` or absent: this deployment has none, and submissions
    /// wait in the browser's outbox).
    pub inbox: String,
}

impl RuntimeConfig {
    /// The inbox's base URL, if this deployment has one.
    pub fn inbox(&self) -> Option<&str> {
        let inbox = self.inbox.trim();
        (!inbox.is_empty()).then_some(inbox)
    }
}

/// The config as loaded: `None` while loading.
#[derive(Clone, Copy)]
pub struct ConfigContext(pub Loaded<Result<RuntimeConfig, ApiError>>);

/// Starts loading `config.json` and shares it.
pub fn provide_config_context() {
    let resource = Loaded::new(|| async {
        let loaded = fetch_json::<RuntimeConfig>("config.json").await;
        if let Err(error) = &loaded {
            leptos::logging::warn!("{error}; running without an inbox");
        }
        loaded
    });
    provide_context(ConfigContext(resource));
}

/// The runtime config once loaded; a missing or broken config.json means "no inbox".
pub fn use_runtime_config() -> Signal<Option<RuntimeConfig>> {
    let ConfigContext(resource) = expect_context::<ConfigContext>();
    Signal::derive(move || resource.get().map(|loaded| loaded.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::RuntimeConfig;

    #[test]
    fn an_empty_inbox_means_none() {
        let config: RuntimeConfig = serde_json::from_str(r#"{ "inbox": "  " }"#).unwrap();
        assert_eq!(config.inbox(), None);
        let config: RuntimeConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config.inbox(), None);
    }

    #[test]
    fn a_named_inbox_is_kept() {
        let config: RuntimeConfig =
            serde_json::from_str(r#"{ "inbox": "https://inbox.example/" }"#).unwrap();
        assert_eq!(config.inbox(), Some("https://inbox.example/"));
    }
}
