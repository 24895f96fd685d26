//! The published store as the app sees it: the manifest and the universities, loaded once
//! per visit and shared; list pages fetched when needed and kept for the visit.

use std::{collections::HashMap, rc::Rc, sync::Arc};

use leptos::prelude::*;

use super::loaded::Loaded;
use crate::app::api::{
    ApiError, fetch_manifest, fetch_records, fetch_text, parse_json, parse_records,
};
use crate::model::{
    Deed, University,
    feed::Directory,
    store::{ListId, Manifest, MonthStats, RelayLink, STORE_DIR, UniversityStats, newest_url},
};

/// The shared handles on the store.
#[derive(Clone, Copy)]
pub struct StoreContext {
    /// `manifest.json`.
    pub manifest: Loaded<Result<Arc<Manifest>, ApiError>>,
    /// `universities.json`, indexed by id.
    pub directory: Loaded<Result<Arc<Directory>, ApiError>>,
    pages: StoredValue<HashMap<String, Rc<Vec<Deed>>>, LocalStorage>,
}

async fn load_manifest() -> Result<Arc<Manifest>, ApiError> {
    fetch_manifest().await.map(Arc::new)
}

async fn load_directory() -> Result<Arc<Directory>, ApiError> {
    let records = fetch_records::<University>(&format!("{STORE_DIR}/universities.json")).await?;
    Ok(Arc::new(Directory::new(records)))
}

/// Starts loading the manifest and the universities, and shares the store. A page the
/// publisher renders starts from the store it has parsed already.
pub fn provide_store_context() {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(prepared) = crate::app::rendering::current().and_then(|page| page.store) {
        provide_context(StoreContext {
            manifest: Loaded::ready(Ok(prepared.manifest.clone()), load_manifest),
            directory: Loaded::ready(Ok(prepared.directory.clone()), load_directory),
            pages: StoredValue::new_local(prepared.pages.clone()),
        });
        return;
    }
    // Shared, not copied: every filter count reads it.
    provide_context(StoreContext {
        manifest: Loaded::new(load_manifest),
        directory: Loaded::new(load_directory),
        pages: StoredValue::new_local(HashMap::new()),
    });
}

/// The shared store.
pub fn use_store() -> StoreContext {
    expect_context::<StoreContext>()
}

impl StoreContext {
    /// One page of a list, from the visit's cache or the network.
    pub async fn page(self, list: &ListId, page: u64) -> Result<Rc<Vec<Deed>>, ApiError> {
        let url = list.page_url(page);
        if let Some(deeds) = self.pages.with_value(|pages| pages.get(&url).cloned()) {
            return Ok(deeds);
        }
        let deeds = match fetch_records::<Deed>(&url).await {
            Ok(deeds) => Rc::new(deeds),
            // The manifest this visit read is older than the store: a moderator has taken
            // deeds off since, and this page went with them. The rest of the list reads on.
            Err(ApiError::Status { status: 404, .. }) => Rc::new(Vec::new()),
            Err(error) => return Err(error),
        };
        self.pages
            .update_value(|pages| drop(pages.insert(url, deeds.clone())));
        Ok(deeds)
    }

    /// `newest.json`, the newest deeds oldest first, from the visit's cache or the network;
    /// `None` when the store has no such file (one published before it was).
    pub async fn newest(self) -> Result<Option<Rc<Vec<Deed>>>, ApiError> {
        let url = newest_url();
        if let Some(deeds) = self.pages.with_value(|pages| pages.get(&url).cloned()) {
            return Ok(Some(deeds));
        }
        let deeds = match fetch_records::<Deed>(&url).await {
            Ok(deeds) => Rc::new(deeds),
            Err(ApiError::Status { status: 404, .. }) => return Ok(None),
            Err(error) => return Err(error),
        };
        self.pages
            .update_value(|pages| drop(pages.insert(url, deeds.clone())));
        Ok(Some(deeds))
    }

    /// Drops what failed, so a retry fetches again.
    pub fn retry(self) {
        if matches!(self.manifest.get_untracked(), Some(Err(_))) {
            self.manifest.reload();
        }
        if matches!(self.directory.get_untracked(), Some(Err(_))) {
            self.directory.reload();
        }
    }
}

/// `stats.json`, fetched when a page needs the universities' counts and relay dates.
pub async fn fetch_stats() -> Result<Vec<UniversityStats>, ApiError> {
    fetch_records(&format!("{STORE_DIR}/stats.json")).await
}

/// `stats.json` whole, for the relay's page: the universities' counts and the deeds of
/// each month by virtue (absent from stores published before the months were: none then).
pub async fn fetch_stats_and_months() -> Result<(Vec<UniversityStats>, Vec<MonthStats>), ApiError> {
    #[derive(serde::Deserialize)]
    struct Months {
        #[serde(default)]
        months: Vec<MonthStats>,
    }
    let url = format!("{STORE_DIR}/stats.json");
    let text = fetch_text(&url).await?;
    let universities = parse_records(&url, &text)?.records;
    let months: Months = parse_json(&url, &text)?;
    Ok((universities, months.months))
}

/// `relay.json`, fetched when a page needs the baton passes.
pub async fn fetch_relay() -> Result<Vec<RelayLink>, ApiError> {
    fetch_records(&format!("{STORE_DIR}/relay.json")).await
}
