//! The key sets of the locale files, compared.
//!
//! leptos_i18n treats a key missing from one locale as a warning and falls back to the
//! default language, which would show Kazakh text in the middle of a Russian page. Both
//! `build.rs` (so the build fails) and the test suite use this to demand that
//! `locales/kk.json`, `ru.json` and `en.json` have exactly the same keys.

use std::collections::BTreeMap;

/// The dotted keys of a locale file and their strings (`about.title` -> "...").
pub fn flatten(value: &serde_json::Value) -> BTreeMap<String, String> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&path, child, out);
                }
            }
            serde_json::Value::String(text) => {
                out.insert(prefix.to_string(), text.clone());
            }
            other => {
                out.insert(prefix.to_string(), other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk("", value, &mut out);
    out
}

/// For each locale, the keys that some other locale has and it lacks. Empty when the sets
/// are equal.
pub fn missing_keys(
    locales: &BTreeMap<String, serde_json::Value>,
) -> BTreeMap<String, Vec<String>> {
    let flat: BTreeMap<&String, BTreeMap<String, String>> = locales
        .iter()
        .map(|(name, value)| (name, flatten(value)))
        .collect();
    let mut every: Vec<&String> = flat.values().flat_map(|keys| keys.keys()).collect();
    every.sort();
    every.dedup();
    let mut missing = BTreeMap::new();
    for (name, keys) in &flat {
        let lacks: Vec<String> = every
            .iter()
            .filter(|key| !keys.contains_key(key.as_str()))
            .map(|key| key.to_string())
            .collect();
        if !lacks.is_empty() {
            missing.insert(name.to_string(), lacks);
        }
    }
    missing
}
