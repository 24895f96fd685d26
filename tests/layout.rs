//! The layout's rules, held by a test: which crates each folder may name, so a reader can
//! tell from a file's path which target it runs on. `src/model/` is shared and names no
//! browser, server or UI crate; `src/app/` (the web apps) names no server crate, and
//! neither names the crates the publisher draws share images with;
//! `src/native/` names no browser crate; and `lib.rs` has one gate for native code.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const BROWSER: &[&str] = &["web_sys", "js_sys", "wasm_bindgen", "gloo_net", "gloo"];
const SERVER: &[&str] = &["axum", "tokio", "hyper", "tower", "rusqlite"];
/// What the publisher draws share images with: never in the web apps' wasm.
const IMAGING: &[&str] = &["resvg", "usvg", "tiny_skia", "harfrust", "png"];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the folder exists").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// Every `crate::` path or `use` of one of `crates` in the files under `dir`.
fn mentions(dir: &str, crates: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for name in crates {
                let used = code.contains(&format!("{name}::"))
                    || code.contains(&format!("use {name}"))
                    || code.contains(&format!("{name}!"));
                if used {
                    found.push(format!("{}:{}: {name}", file.display(), number + 1));
                }
            }
        }
    }
    found
}

#[test]
fn the_model_is_plain_rust_shared_by_both_sides() {
    let mut crates = BROWSER.to_vec();
    crates.extend(SERVER);
    crates.push("leptos");
    assert_eq!(mentions("src/model", &crates), Vec::<String>::new());
}

#[test]
fn the_web_apps_name_no_server_crate() {
    assert_eq!(mentions("src/app", SERVER), Vec::<String>::new());
}

#[test]
fn the_web_apps_and_the_model_name_no_imaging_crate() {
    assert_eq!(mentions("src/app", IMAGING), Vec::<String>::new());
    assert_eq!(mentions("src/model", IMAGING), Vec::<String>::new());
}

#[test]
fn the_native_side_names_no_browser_crate() {
    assert_eq!(mentions("src/native", BROWSER), Vec::<String>::new());
}

#[test]
fn lib_has_one_gate_for_native_code() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    assert_eq!(lib.matches("cfg(not(target_arch = \"wasm32\"))").count(), 1);
    assert!(lib.contains("pub mod native;"));
}
