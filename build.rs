//! Two jobs before the crate compiles:
//!
//! - fails the build when the locale files' key sets or a key's placeholders differ, so a
//!   missing translation or a misnamed `{{ n }}` cannot compile (leptos_i18n alone only
//!   warns);
//! - generates the `i18n` module from `locales/*.json` with leptos_i18n's own code
//!   generator, as its `load_locales!()` macro does, but with interpolation into strings
//!   (`t_string!(i18n, key, n = 3)`), which that macro leaves off. The generated module is
//!   included by `src/lib.rs`.

#[path = "src/native/locale_keys.rs"]
#[allow(dead_code)]
mod locale_keys;

use std::{collections::BTreeMap, path::PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=Cargo.toml");
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
    let mismatched = locale_keys::mismatched_placeholders(&locales);
    if !mismatched.is_empty() {
        panic!(
            "the locale files' placeholders differ: {}",
            mismatched.join("; ")
        );
    }
    generate_translations();
}

/// Writes `$OUT_DIR/i18n.rs`, the module `leptos_i18n::load_locales!()` would expand to,
/// with interpolation into strings on.
fn generate_translations() {
    use leptos_i18n_parser::parse_locales::{
        cfg_file::ConfigFile,
        options::{Config, ParseOptions},
        parse_locales,
    };
    let mut manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let config_file = ConfigFile::new(&mut manifest_dir)
        .unwrap_or_else(|error| panic!("leptos_i18n's configuration in Cargo.toml: {error}"));
    let mut config: Config = config_file.into();
    config.options = ParseOptions::default().interpolate_display(true);
    let parsed = parse_locales(Some(manifest_dir), config)
        .unwrap_or_else(|error| panic!("locales/*.json: {error}"));
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)
        .unwrap_or_else(|error| panic!("generating the translations: {error}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n.rs");
    std::fs::write(&out, code.to_string())
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", out.display()));
}
