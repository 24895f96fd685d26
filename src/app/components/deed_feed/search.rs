//! A keyword search, asked of the search worker ([`crate::app::search_worker`]): the
//! feed's app carries none of the index's code. The worker starts on the first search
//! and lives for the visit; a worker that cannot start (offline before it was ever
//! fetched) is a network error with a retry, and the next search starts it again.

use crate::app::api::ApiError;
pub use crate::app::search_worker::Reply;
use crate::model::feed::Filter;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static WORKER: std::cell::RefCell<Option<web_sys::Worker>> =
        const { std::cell::RefCell::new(None) };
    static LAST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Starts the search worker if it is not yet: the search box calls this as the reader
/// begins to type, so the worker's code arrives while they type.
#[cfg(target_arch = "wasm32")]
pub fn prepare() {
    let _ = worker();
}

/// The search worker, started now if it is not yet.
#[cfg(target_arch = "wasm32")]
fn worker() -> Option<web_sys::Worker> {
    if let Some(worker) = WORKER.with_borrow(Clone::clone) {
        return Some(worker);
    }
    let worker = web_sys::Worker::new(crate::app::search_worker::WORKER_SCRIPT).ok()?;
    WORKER.set(Some(worker.clone()));
    Some(worker)
}

/// Natively there is no worker to start.
#[cfg(not(target_arch = "wasm32"))]
pub fn prepare() {}

/// The deeds the keyword search and the filters of `filter` find together, from hit
/// `from` on: how many in all, and the next batch.
#[cfg(target_arch = "wasm32")]
pub async fn find(filter: &Filter, from: usize) -> Result<Reply, ApiError> {
    use crate::app::search_worker::WORKER_SCRIPT;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |message: String| ApiError::Network {
        url: WORKER_SCRIPT.to_string(),
        message,
    };
    /// The worker's next message as text; `None` when the worker failed (its code could
    /// not load), which ends it, so that the next search starts another.
    async fn next_message(worker: &web_sys::Worker) -> Option<String> {
        // Each message resolves the promise waiting then: the next is waited for only
        // after this one is taken, within the same turn of the browser.
        let answer = js_sys::Promise::new(&mut |resolve, reject| {
            worker.set_onmessage(Some(resolve.unchecked_ref()));
            worker.set_onerror(Some(reject.unchecked_ref()));
        });
        match JsFuture::from(answer).await {
            Ok(event) => Some(
                (event.unchecked_into::<web_sys::MessageEvent>().data())
                    .as_string()
                    .unwrap_or_default(),
            ),
            Err(_) => {
                WORKER.set(None);
                worker.terminate();
                None
            }
        }
    }
    let not_started = || failed("the search could not start".into());
    let worker = worker().ok_or_else(not_started)?;
    let id = LAST.get().wrapping_add(1);
    LAST.set(id);
    worker
        .post_message(&format!("{id}\n{from}\n{}", filter.to_query_string()).into())
        .map_err(|_| failed("the search could not be asked".into()))?;
    loop {
        // An answer to an earlier search (the reader typed on) is passed over.
        let text = next_message(&worker).await.ok_or_else(not_started)?;
        let mut reply: Reply = serde_json::from_str(&text).map_err(|e| ApiError::Invalid {
            url: WORKER_SCRIPT.to_string(),
            message: e.to_string(),
        })?;
        if reply.id != id {
            continue;
        }
        return match reply.error.take() {
            Some(error) => Err(error.into()),
            None => Ok(reply),
        };
    }
}

/// Natively (the publisher's pages) nothing is searched.
#[cfg(not(target_arch = "wasm32"))]
pub async fn find(_filter: &Filter, _from: usize) -> Result<Reply, ApiError> {
    Ok(Reply::default())
}
