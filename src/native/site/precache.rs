//! What the service worker keeps when it installs, so that after one online visit the
//! home page, the map (its outlines and markers) and the form open offline: made by `qq
//! site` from this build's real file names (no list kept by hand) and written into
//! `sw.js` (`const PRECACHE`), which keeps the files one by one in the order given here.
//!
//! Four groups, in order of need: `form` (the offline page, the loader, config.json, the
//! form's page and app: kept even under Save-Data), `pages` (the home, map and relay
//! pages), `data` (the store's files the map and the feed's first screen read, the map's
//! outlines) and `apps` (the code and style of every other public app). The whole is
//! capped ([`CAP_RAW`], [`CAP_BROTLI`]): over the cap, the optional groups are dropped
//! from the least needed on, each with a warning, and the form never is.

use std::path::Path;

use crate::Part;
use crate::model::store::{Manifest, STORE_DIR};
use crate::native::site::loader::AppFiles;
use crate::native::site::pages::{first_screen, newest_pages};

/// The most the worker keeps at install, as stored (decompressed): 5 MB.
pub const CAP_RAW: u64 = 5_000_000;
/// The most it downloads at install, brotli-compressed as the server sends it: 1.5 MB.
pub const CAP_BROTLI: u64 = 1_500_000;

/// The pages kept at install besides the form's, relative to the base.
const PAGES: [&str; 3] = ["", "map/", "relay/"];

/// The worker's list, with what it weighs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Precache {
    /// Always kept: the offline page, the loader, config.json, the form's page and app.
    pub form: Vec<String>,
    /// The home, map and relay pages.
    pub pages: Vec<String>,
    /// The store's files the map and the feed's first screen read, the map's outlines.
    pub data: Vec<String>,
    /// Each other public app's files (its code, its WebAssembly, its stylesheet).
    pub apps: Vec<(Part, Vec<String>)>,
    /// Bytes as stored.
    pub raw: u64,
    /// Bytes as sent (brotli).
    pub brotli: u64,
    /// What the cap left out, by name (`map app`, `data`).
    pub dropped: Vec<String>,
}

impl Precache {
    /// The list as the worker's `PRECACHE` literal.
    pub fn to_js(&self) -> String {
        let apps: serde_json::Map<String, serde_json::Value> = self
            .apps
            .iter()
            .map(|(part, files)| (part.name().to_string(), serde_json::json!(files)))
            .collect();
        serde_json::json!({
            "form": self.form,
            "pages": self.pages,
            "data": self.data,
            "apps": apps,
        })
        .to_string()
    }

    /// Every file on the list.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.form
            .iter()
            .chain(&self.pages)
            .chain(&self.data)
            .chain(self.apps.iter().flat_map(|(_, files)| files))
    }
}

/// The page of `path` (relative to the base) as a file of the site folder.
fn page_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The bytes of `path` in `site`, as stored and as brotli sends them (the build's `.br`
/// copy when there is one), or `None` when the site has no such file.
fn weigh(site: &Path, path: &str) -> Option<(u64, u64)> {
    let file = site.join(page_file(path));
    let bytes = std::fs::read(&file).ok()?;
    let mut br = file.clone().into_os_string();
    br.push(".br");
    let brotli = match std::fs::metadata(&br) {
        Ok(meta) => meta.len(),
        Err(_) => {
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
                // Writing into a Vec cannot fail.
                let _ = std::io::Write::write_all(&mut writer, &bytes);
            }
            out.len() as u64
        }
    };
    Some((bytes.len() as u64, brotli))
}

/// The list for this build: `apps` and `styles` as Trunk named them, the store's first
/// screen's files and the newest pages of `manifest`'s store, weighed in the site folder `site` (pages already written).
pub fn precache(
    site: &Path,
    apps: &[AppFiles],
    styles: &[(Part, String)],
    manifest: &Manifest,
) -> Precache {
    let files_of = |part: Part| -> Vec<String> {
        let mut files: Vec<String> = apps
            .iter()
            .filter(|app| app.part == part)
            .flat_map(|app| [app.js.clone(), app.wasm.clone()])
            .collect();
        files.extend(
            styles
                .iter()
                .filter(|(p, _)| *p == part)
                .map(|(_, sheet)| sheet.clone()),
        );
        files
    };
    let mut form = vec![
        "offline.html".to_string(),
        "loader.js".to_string(),
        "config.json".to_string(),
        "submit/".to_string(),
        // The photos' page script and worker (src/app/photo_files.rs): a deed waiting
        // with photos is sent from them.
        "photos.js".to_string(),
        "photo-worker.js".to_string(),
    ];
    form.extend(files_of(Part::Submit));
    let pages = PAGES.iter().map(|p| p.to_string()).collect();
    let mut data = first_screen();
    data.extend(newest_pages(manifest));
    for file in ["stats.json", "relay.json"] {
        data.push(format!("{STORE_DIR}/{file}"));
    }
    data.push("data/geo/world.json".to_string());
    let mut list = Precache {
        form,
        pages,
        data,
        apps: [Part::Feed, Part::Map, Part::Relay, Part::Read]
            .into_iter()
            .map(|part| (part, files_of(part)))
            .collect(),
        ..Precache::default()
    };
    // A file the site does not have (no outlines built) is no file to keep.
    let known = |file: &String| weigh(site, file).is_some();
    list.data.retain(known);
    let total = |list: &Precache| {
        list.files()
            .filter_map(|file| weigh(site, file))
            .fold((0, 0), |(raw, br), (r, b)| (raw + r, br + b))
    };
    loop {
        let (raw, brotli) = total(&list);
        list.raw = raw;
        list.brotli = brotli;
        if raw <= CAP_RAW && brotli <= CAP_BROTLI {
            break;
        }
        let dropped = if let Some((part, _)) = list.apps.pop() {
            format!("{} app", part.name())
        } else if !list.data.is_empty() {
            list.data.clear();
            "data".to_string()
        } else if !list.pages.is_empty() {
            list.pages.clear();
            "pages".to_string()
        } else {
            break;
        };
        tracing::warn!(
            "the offline copy ({raw} bytes, {brotli} brotli) is over its cap \
             ({CAP_RAW}, {CAP_BROTLI} brotli): {dropped} is not kept at install"
        );
        list.dropped.push(dropped);
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apps() -> Vec<AppFiles> {
        [Part::Feed, Part::Read, Part::Relay, Part::Map, Part::Submit]
            .into_iter()
            .map(|part| AppFiles {
                part,
                js: format!("alfarabi-qq-{}-0123.js", part.name()),
                wasm: format!("alfarabi-qq-{}-0123_bg.wasm", part.name()),
            })
            .collect()
    }

    fn site(wasm_bytes: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for app in apps() {
            std::fs::write(dir.path().join(&app.js), "export default 1;").unwrap();
            // Incompressible (xorshift noise), so the brotli cap is what it weighs.
            let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ app.wasm.len() as u64;
            let noise: Vec<u8> = (0..wasm_bytes)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 32) as u8
                })
                .collect();
            std::fs::write(dir.path().join(&app.wasm), noise).unwrap();
        }
        std::fs::write(dir.path().join("map-0123.css"), "svg{}").unwrap();
        for file in [
            "offline.html",
            "loader.js",
            "config.json",
            "index.html",
            "map/index.html",
            "relay/index.html",
            "submit/index.html",
            "data/v1/manifest.json",
            "data/v1/universities.json",
            "data/v1/stats.json",
            "data/v1/relay.json",
            "data/v1/newest.json",
            "data/v1/all/0.json",
            "data/geo/world.json",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        dir
    }

    fn manifest() -> Manifest {
        serde_json::from_value(serde_json::json!({
            "schema": 1, "page_size": 50, "updated_at": "2026-01-01T00:00:00Z",
            "last_id": 3, "lists": { "all": 3 }
        }))
        .unwrap()
    }

    #[test]
    fn the_list_names_every_public_app_the_map_data_and_the_feeds_newest_deeds() {
        let dir = site(1000);
        let styles = [(Part::Map, "map-0123.css".into())];
        let list = precache(dir.path(), &apps(), &styles, &manifest());
        assert!(list.form.contains(&"submit/".to_string()));
        // A deed waiting with photos is sent offline-first from the photos' scripts.
        for script in ["photos.js", "photo-worker.js"] {
            assert!(list.form.contains(&script.to_string()), "{script}");
        }
        assert!(
            list.form
                .contains(&"alfarabi-qq-submit-0123_bg.wasm".to_string())
        );
        assert_eq!(list.pages, ["", "map/", "relay/"]);
        for file in [
            "data/v1/manifest.json",
            "data/v1/universities.json",
            "data/v1/stats.json",
            "data/v1/relay.json",
            "data/v1/newest.json",
            "data/v1/all/0.json",
            "data/geo/world.json",
        ] {
            assert!(list.data.contains(&file.to_string()), "{file}");
        }
        let parts: Vec<Part> = list.apps.iter().map(|(part, _)| *part).collect();
        assert_eq!(parts, [Part::Feed, Part::Map, Part::Relay, Part::Read]);
        let map = &list.apps[1].1;
        assert!(map.contains(&"map-0123.css".to_string()));
        assert!(list.dropped.is_empty());
        assert!(list.raw > 5000 && list.brotli > 0);
        let js = list.to_js();
        assert!(
            js.contains(r#""apps":{"feed":["alfarabi-qq-feed-0123.js""#),
            "{js}"
        );
    }

    #[test]
    fn over_the_cap_the_least_needed_apps_are_dropped_and_the_form_kept() {
        // Five apps of 400 KB each that do not compress: 2 MB brotli, over 1.5 MB until the
        // reading pages' and the relay's apps are left out.
        let dir = site(400_000);
        let list = precache(dir.path(), &apps(), &[], &manifest());
        assert_eq!(list.dropped, ["read app", "relay app"]);
        assert!(list.brotli <= CAP_BROTLI, "{}", list.brotli);
        assert!(
            list.form
                .contains(&"alfarabi-qq-submit-0123_bg.wasm".to_string())
        );
        let kept: Vec<Part> = list.apps.iter().map(|(part, _)| *part).collect();
        assert_eq!(kept, [Part::Feed, Part::Map]);
    }

    #[test]
    fn a_file_the_site_lacks_is_not_on_the_list() {
        let dir = site(10);
        std::fs::remove_file(dir.path().join("data/geo/world.json")).unwrap();
        let list = precache(dir.path(), &apps(), &[], &manifest());
        assert!(!list.data.iter().any(|f| f.contains("world")));
    }
}
