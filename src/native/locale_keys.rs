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

/// The placeholders (`{{ n }}`) a translation interpolates, sorted, each once.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        found.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    found.sort();
    found.dedup();
    found
}

/// Every key whose placeholders differ between locales, as
/// `"submit.error.too_short: kk {{ n }}, ru {{ count }}"`; and every translation still
/// written with the old `%N`-style placeholders, which nothing fills any more. Empty when
/// all agree.
pub fn mismatched_placeholders(locales: &BTreeMap<String, serde_json::Value>) -> Vec<String> {
    let flat: BTreeMap<&String, BTreeMap<String, String>> = locales
        .iter()
        .map(|(name, value)| (name, flatten(value)))
        .collect();
    let mut problems = Vec::new();
    let Some(first) = flat.values().next() else {
        return problems;
    };
    for key in first.keys() {
        let forms: BTreeMap<&String, Vec<String>> = flat
            .iter()
            .filter_map(|(name, keys)| Some((*name, placeholders(keys.get(key)?))))
            .collect();
        let mut distinct: Vec<&Vec<String>> = forms.values().collect();
        distinct.dedup();
        if distinct.len() > 1 {
            let each: Vec<String> = forms
                .iter()
                .map(|(name, names)| format!("{name} {{{{ {} }}}}", names.join(" }}, {{ ")))
                .collect();
            problems.push(format!("{key}: {}", each.join(", ")));
        }
    }
    for (name, keys) in &flat {
        for (key, text) in keys {
            let old = text.char_indices().any(|(i, c)| {
                c == '%' && text[i + 1..].starts_with(|n: char| n.is_ascii_uppercase())
            });
            if old {
                problems.push(format!(
                    "{name}.json {key}: a %-placeholder; write {{{{ name }}}}"
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales(pairs: &[(&str, &str)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(name, text)| (name.to_string(), serde_json::json!({ "a": { "b": text } })))
            .collect()
    }

    #[test]
    fn placeholders_are_read_once_each() {
        assert_eq!(placeholders("{{ n }} of {{n}} by {{ who }}"), ["n", "who"]);
        assert!(placeholders("no placeholder, {{ unclosed").is_empty());
    }

    #[test]
    fn a_placeholder_named_differently_in_one_locale_is_found() {
        let same = locales(&[("en", "{{ n }} deeds"), ("ru", "{{ n }} дел")]);
        assert!(mismatched_placeholders(&same).is_empty());
        let differ = locales(&[("en", "{{ n }} deeds"), ("ru", "{{ count }} дел")]);
        assert_eq!(mismatched_placeholders(&differ).len(), 1);
        let missing = locales(&[("en", "{{ n }} deeds"), ("ru", "дела")]);
        assert_eq!(mismatched_placeholders(&missing).len(), 1);
        let old = locales(&[("en", "%N deeds"), ("ru", "%N дел")]);
        assert_eq!(
            mismatched_placeholders(&old).len(),
            2,
            "the old form is refused"
        );
    }
}
