//! The keyword search, in a Web Worker of its own (`alfarabi-qq-search`), so its code and
//! its work stay out of the feed: the feed's app loads it only when a reader first
//! searches, and shards are parsed and intersected off the page's thread, so typing stays
//! smooth while they load.
//!
//! The conversation is two strings. The feed posts `"{id}\n{from}\n{query}"`, where
//! `query` is the feed's URL query (`?q=донор&v=honesty`) and `from` how many hits it has
//! read; the worker answers with a [`Reply`] as JSON: how many deeds the search found and
//! the next [`BATCH`] of them, whose pages it reads at once. It reads the index as
//! [`crate::model::search_index`] describes: the manifest's layout, the shards of the
//! query's words with `pending.json`, then the own files they point to and the filters'
//! facets, each kept for the worker's life (a visit), as are the last search's hits.

use serde::{Deserialize, Serialize};

use crate::app::api::ApiError;
use crate::model::Deed;

/// Deeds per answer.
pub const BATCH: usize = 20;

/// The worker's script, relative to the site: the loader (public/search-worker.js) of the
/// `alfarabi-qq-search` binary, which keeps a search asked while the code compiles.
pub const WORKER_SCRIPT: &str = "search-worker.js";

/// The worker's answer to one search.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Reply {
    /// The search it answers.
    pub id: u32,
    /// How many deeds the search found.
    #[serde(default)]
    pub count: usize,
    /// Whether the filters' dates fall inside a month, so some deeds found may be outside
    /// them (the feed checks each as it shows it) and `count` is at most.
    #[serde(default)]
    pub approximate: bool,
    /// The hits read once these are: where the next answer starts.
    #[serde(default)]
    pub next: usize,
    /// The deeds of hits `from..next`, in the feed's order (a deed taken off since the
    /// search is left out).
    #[serde(default)]
    pub deeds: Vec<Deed>,
    /// Why the search failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
}

/// An [`ApiError`] on its way from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireError {
    pub url: String,
    /// 0: no answer; 1: not valid; 2: another schema; otherwise the HTTP status.
    pub status: u16,
    pub message: String,
}

impl From<ApiError> for WireError {
    fn from(error: ApiError) -> WireError {
        match error {
            ApiError::Network { url, message } => WireError {
                url,
                status: 0,
                message,
            },
            ApiError::Invalid { url, message } => WireError {
                url,
                status: 1,
                message,
            },
            ApiError::Schema { url, found } => WireError {
                url,
                status: 2,
                message: found.to_string(),
            },
            ApiError::Status { url, status } => WireError {
                url,
                status,
                message: String::new(),
            },
        }
    }
}

impl From<WireError> for ApiError {
    fn from(wire: WireError) -> ApiError {
        let WireError {
            url,
            status,
            message,
        } = wire;
        match status {
            0 => ApiError::Network { url, message },
            1 => ApiError::Invalid { url, message },
            2 => ApiError::Schema {
                url,
                found: message.parse().unwrap_or(0),
            },
            status => ApiError::Status { url, status },
        }
    }
}

/// The worker: answers every message (see the module docs). Runs in the worker's scope.
#[cfg(target_arch = "wasm32")]
pub fn run() {
    use wasm_bindgen::{JsCast, closure::Closure};
    crate::app::text::install();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            wasm_bindgen_futures::spawn_local(async move {
                let mut parts = text.splitn(3, '\n');
                let id = parts.next().and_then(|id| id.parse().ok()).unwrap_or(0);
                let from = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                let query = parts.next().unwrap_or("");
                let reply = match engine::answer(query, from).await {
                    Ok(mut reply) => {
                        reply.id = id;
                        reply
                    }
                    Err(error) => Reply {
                        id,
                        error: Some(error.into()),
                        ..Reply::default()
                    },
                };
                let json = serde_json::to_string(&reply).unwrap_or_default();
                let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
                let _ = scope.post_message(&json.into());
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

#[cfg(target_arch = "wasm32")]
mod engine {
    //! The search itself, over files fetched in the worker's scope and kept for its life.

    use std::{
        cell::RefCell,
        collections::{BTreeSet, HashMap},
        rc::Rc,
    };

    use futures::future::{join, try_join_all};
    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::{BATCH, Reply};
    use crate::app::api::{ApiError, parse_json};
    use crate::model::{
        Date, Deed, SCHEMA_VERSION,
        feed::Filter,
        search::Query,
        search_index::{
            Found, OwnFile, Pending, Postings, Shard, facet_groups, own_keys, own_url, pending_url,
            shard_url,
        },
        store::{ListId, Manifest, STORE_DIR, page_of_deed},
    };

    thread_local! {
        static MANIFEST: RefCell<Option<Rc<Manifest>>> = const { RefCell::new(None) };
        static SHARDS: RefCell<HashMap<String, Rc<Shard>>> = RefCell::new(HashMap::new());
        static OWN: RefCell<HashMap<String, Rc<Postings>>> = RefCell::new(HashMap::new());
        static PENDING: RefCell<Option<Rc<Pending>>> = const { RefCell::new(None) };
        static PAGES: RefCell<HashMap<u64, Rc<Vec<Deed>>>> = RefCell::new(HashMap::new());
        /// The last search.
        static LAST: RefCell<Option<Last>> = const { RefCell::new(None) };
    }

    /// A search and what it found.
    struct Last {
        /// The feed's URL query.
        query: String,
        /// Newest first.
        hits: Rc<Vec<u64>>,
        approximate: bool,
    }

    /// The answer to the feed's URL query `query` from hit `from` on.
    pub async fn answer(query: &str, from: usize) -> Result<Reply, ApiError> {
        let known = LAST.with_borrow(|last| {
            (last.as_ref())
                .filter(|last| last.query == query)
                .map(|last| (last.hits.clone(), last.approximate))
        });
        let (hits, approximate) = match known {
            Some(known) => known,
            None => {
                let (ids, approximate) = search(query).await?;
                let hits = Rc::new(ids);
                LAST.set(Some(Last {
                    query: query.to_string(),
                    hits: hits.clone(),
                    approximate,
                }));
                (hits, approximate)
            }
        };
        let oldest_first = query.contains("sort=oldest");
        let ordered: Vec<u64> = if oldest_first {
            hits.iter().rev().copied().collect()
        } else {
            hits.to_vec()
        };
        let next: Vec<u64> = ordered.iter().skip(from).take(BATCH).copied().collect();
        let numbers: BTreeSet<u64> = next.iter().map(|&id| page_of_deed(id)).collect();
        let pages = try_join_all(numbers.iter().map(|&number| page(number))).await?;
        let deeds = (next.iter())
            .filter_map(|id| {
                (pages.iter())
                    .find_map(|page| page.iter().find(|deed| deed.id == *id))
                    .cloned()
            })
            .collect();
        Ok(Reply {
            count: hits.len(),
            approximate,
            next: from + next.len(),
            deeds,
            ..Reply::default()
        })
    }

    /// Page `number` of `all` (empty when a moderator has taken its deeds off since).
    async fn page(number: u64) -> Result<Rc<Vec<Deed>>, ApiError> {
        if let Some(known) = PAGES.with_borrow(|p| p.get(&number).cloned()) {
            return Ok(known);
        }
        #[derive(serde::Deserialize, Default)]
        struct Page {
            #[serde(default)]
            schema: u32,
            #[serde(default)]
            deeds: Vec<Deed>,
        }
        let url = ListId::All.page_url(number);
        let loaded: Page = fetch_or_empty(&url).await?;
        check(&url, loaded.schema)?;
        let loaded = Rc::new(loaded.deeds);
        PAGES.with_borrow_mut(|p| p.insert(number, loaded.clone()));
        Ok(loaded)
    }

    /// The deeds the feed's URL query `query` finds, newest first, and whether dates inside
    /// a month make that more than the filters' (see [`facet_groups`]).
    async fn search(query: &str) -> Result<(Vec<u64>, bool), ApiError> {
        let params =
            web_sys::UrlSearchParams::new_with_str(query).map_err(|_| ApiError::Invalid {
                url: query.to_string(),
                message: "not a query".into(),
            })?;
        let filter = Filter::from_query(|key| params.get(key));
        let parsed = Query::parse(&filter.query);
        let Query::Words(_) = parsed else {
            return Ok((Vec::new(), false));
        };
        let manifest = manifest().await?;
        let Some(last_day) = manifest
            .updated_at
            .get(..10)
            .and_then(|d| Date::parse(d).ok())
        else {
            return Ok((Vec::new(), false));
        };
        let words = parsed.indexed();
        let (facets, approximate) = facet_groups(&filter, last_day);
        let mut bounds: Vec<String> = (words.iter())
            .flat_map(|word| manifest.search.shards_for(word))
            .collect();
        bounds.sort();
        bounds.dedup();
        let (shards, pending) =
            join(try_join_all(bounds.iter().map(|b| shard(b))), pending()).await;
        let (shards, pending) = (shards?, pending?);
        let keys: Vec<String> = own_keys(words, &facets, shards.iter().map(|s| &**s))
            .into_iter()
            .collect();
        let own = try_join_all(keys.iter().map(|key| own(key))).await?;
        let found = Found {
            shards: shards.iter().map(|s| &**s).collect(),
            pending: &pending,
            own: keys
                .iter()
                .cloned()
                .zip(own.iter().map(|ids| &**ids))
                .collect(),
        };
        Ok((found.evaluate(words, &facets), approximate))
    }

    async fn manifest() -> Result<Rc<Manifest>, ApiError> {
        if let Some(known) = MANIFEST.with_borrow(Clone::clone) {
            return Ok(known);
        }
        let url = format!("{STORE_DIR}/manifest.json");
        let loaded: Manifest = fetch(&url).await?;
        if loaded.schema != SCHEMA_VERSION {
            return Err(ApiError::Schema {
                url,
                found: loaded.schema,
            });
        }
        let loaded = Rc::new(loaded);
        MANIFEST.set(Some(loaded.clone()));
        Ok(loaded)
    }

    async fn shard(bound: &str) -> Result<Rc<Shard>, ApiError> {
        if let Some(known) = SHARDS.with_borrow(|s| s.get(bound).cloned()) {
            return Ok(known);
        }
        let url = shard_url(bound);
        let loaded: Shard = fetch_or_empty(&url).await?;
        check(&url, loaded.schema)?;
        let loaded = Rc::new(loaded);
        SHARDS.with_borrow_mut(|s| s.insert(bound.to_string(), loaded.clone()));
        Ok(loaded)
    }

    async fn own(key: &str) -> Result<Rc<Postings>, ApiError> {
        if let Some(known) = OWN.with_borrow(|o| o.get(key).cloned()) {
            return Ok(known);
        }
        let url = own_url(key);
        let loaded: OwnFile = fetch_or_empty(&url).await?;
        check(&url, loaded.schema)?;
        let loaded = Rc::new(loaded.ids);
        OWN.with_borrow_mut(|o| o.insert(key.to_string(), loaded.clone()));
        Ok(loaded)
    }

    async fn pending() -> Result<Rc<Pending>, ApiError> {
        if let Some(known) = PENDING.with_borrow(Clone::clone) {
            return Ok(known);
        }
        let url = pending_url();
        let loaded: Pending = fetch_or_empty(&url).await?;
        check(&url, loaded.schema)?;
        let loaded = Rc::new(loaded);
        PENDING.set(Some(loaded.clone()));
        Ok(loaded)
    }

    /// A file's schema, where 0 is a file the store does not have (see [`fetch_or_empty`]).
    fn check(url: &str, schema: u32) -> Result<(), ApiError> {
        if schema == SCHEMA_VERSION || schema == 0 {
            Ok(())
        } else {
            Err(ApiError::Schema {
                url: url.to_string(),
                found: schema,
            })
        }
    }

    /// The file at `url`, or an empty one when the store has none: a shard or an own file
    /// no deed has reached yet.
    async fn fetch_or_empty<T: DeserializeOwned + Default>(url: &str) -> Result<T, ApiError> {
        match fetch(url).await {
            Err(ApiError::Status { status: 404, .. }) => Ok(T::default()),
            other => other,
        }
    }

    async fn fetch<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
        let network = |error: wasm_bindgen::JsValue| ApiError::Network {
            url: url.to_string(),
            message: (error.dyn_ref::<js_sys::Error>())
                .map(|error| String::from(error.message()))
                .unwrap_or_else(|| "the request failed".to_string()),
        };
        let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
        let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
            .await
            .map_err(network)?
            .unchecked_into();
        if !response.ok() {
            return Err(ApiError::Status {
                url: url.to_string(),
                status: response.status(),
            });
        }
        let text = JsFuture::from(response.text().map_err(network)?)
            .await
            .map_err(network)?
            .as_string()
            .unwrap_or_default();
        parse_json(url, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_from_the_worker_as_they_were() {
        for error in [
            ApiError::Network {
                url: "a".into(),
                message: "offline".into(),
            },
            ApiError::Invalid {
                url: "b".into(),
                message: "bad json".into(),
            },
            ApiError::Schema {
                url: "c".into(),
                found: 7,
            },
            ApiError::Status {
                url: "d".into(),
                status: 503,
            },
        ] {
            let wire = WireError::from(error.clone());
            let json = serde_json::to_string(&Reply {
                id: 3,
                error: Some(wire),
                ..Reply::default()
            })
            .unwrap();
            let back: Reply = serde_json::from_str(&json).unwrap();
            assert_eq!(back.id, 3);
            assert_eq!(back.error.map(ApiError::from), Some(error));
        }
        let found: Reply =
            serde_json::from_str(r#"{"id":1,"count":40,"approximate":true,"next":20}"#).unwrap();
        assert_eq!((found.count, found.next), (40, 20));
        assert!(found.approximate && found.error.is_none() && found.deeds.is_empty());
    }
}
