//! Fails the build when the locale files' key sets differ, so a missing translation cannot
//! compile (leptos_i18n alone only warns).

#[path = "src/native/locale_keys.rs"]
#[allow(dead_code)]
mod locale_keys;

use std::collections::BTreeMap;

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let mut locales = BTreeMap::new();
    for name in ["kk", "ru", "en"] {
        let path = format!("locales/{name}.json");
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{path} is not valid JSON: {error}"));
        locales.insert(name.to_string(), value);
    }
    let missing = locale_keys::missing_keys(&locales);
    if !missing.is_empty() {
        let report: Vec<String> = missing
            .iter()
            .map(|(name, keys)| format!("locales/{name}.json lacks {}", keys.join(", ")))
            .collect();
        panic!("the locale files differ: {}", report.join("; "));
    }
}
