//! The three locale files are complete: the same keys, no empty strings, and Kazakh and
//! Russian texts that are not English left in place. The feed's preview in index.html,
//! shown before the app starts, uses their words.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use alfarabi_qq::native::locale_keys::{flatten, mismatched_placeholders, missing_keys};

fn load() -> BTreeMap<String, serde_json::Value> {
    ["kk", "ru", "en"]
        .into_iter()
        .map(|name| {
            let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("locale file is readable");
            let value = serde_json::from_str(&text).expect("locale file is JSON");
            (name.to_string(), value)
        })
        .collect()
}

#[test]
fn the_three_locales_have_the_same_keys() {
    let missing = missing_keys(&load());
    assert!(missing.is_empty(), "keys missing: {missing:?}");
}

#[test]
fn every_translation_fills_the_same_placeholders() {
    assert_eq!(mismatched_placeholders(&load()), Vec::<String>::new());
}

#[test]
fn a_missing_key_is_reported_for_the_locale_that_lacks_it() {
    let mut locales = load();
    let en = locales.get_mut("en").expect("en is loaded");
    en["about"]
        .as_object_mut()
        .expect("about is a group")
        .remove("title");
    let missing = missing_keys(&locales);
    assert_eq!(missing.get("en"), Some(&vec!["about.title".to_string()]));
    assert!(!missing.contains_key("kk"));
}

#[test]
fn no_string_is_empty() {
    for (name, value) in load() {
        for (key, text) in flatten(&value) {
            assert!(!text.trim().is_empty(), "{name}.json: {key} is empty");
        }
    }
}

#[test]
fn kazakh_and_russian_sentences_are_translated() {
    let locales = load();
    let en = flatten(&locales["en"]);
    for name in ["kk", "ru"] {
        let other = flatten(&locales[name]);
        for (key, english) in &en {
            // Short strings (brand names, "Карта", a pattern of placeholders) may
            // legitimately agree; sentences may not.
            let words = english
                .split_whitespace()
                .filter(|word| !word.contains("{{") && !word.contains("}}"))
                .filter(|word| word.chars().any(char::is_alphabetic))
                .count();
            if words >= 3 {
                assert_ne!(&other[key], english, "{name}.json: {key} is still English");
            }
        }
    }
}
