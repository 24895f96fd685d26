//! The outbox in the browser: every submission is written to `localStorage` (`qq.outbox`)
//! before it is sent, then sent with retries and backoff, again when the browser comes
//! back online and when the app starts, and followed until a moderator decides.
//!
//! A submission's photos are files too large for `localStorage`: they are kept in
//! IndexedDB by its id ([`crate::app::photo_files`]) before the submission itself is
//! written, sent with it as one multipart request (the same id on every try, so the inbox
//! stores it once), and forgotten once a moderator has decided or the student deletes it.
//!
//! Why `localStorage` rather than IndexedDB: a submission is at most 16 KB and a phone
//! holds a handful; `localStorage` writes synchronously, so the submission is on disk
//! before the first byte is sent and no async gap can lose it; it survives reloads and
//! restarts in every browser; and it costs no extra bindings in the download. Its one
//! limit, no access from a service worker, does not matter: the app sends, not the worker.
//! The rules of what an answer means live in [`crate::app::outbox`].
//!
//! The outbox belongs to the submit form's app. So that the feed's and the map's pages do
//! not download it, each save also writes how many submissions wait to be sent
//! ([`WAITING_KEY`]); index.html reads that number on every other page and, when it is not
//! zero, starts the form's app without a view ([`crate::send_waiting`]) to send them.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;

use crate::app::outbox::{Entry, Held, Outcome, State, backoff_ms, followed, outcome};
use crate::app::photo_files::{self, PhotoError};
use crate::app::state::config::{RuntimeConfig, use_runtime_config};
use crate::model::submission::{Submission, SubmissionStatus};

const KEY: &str = "qq.outbox";
/// How many submissions wait to be sent, as a decimal number; index.html reads it.
pub const WAITING_KEY: &str = "qq.outbox.waiting";

/// The shared outbox.
#[derive(Clone, Copy)]
pub struct OutboxContext {
    /// Every submission on this phone, newest first.
    pub entries: RwSignal<Vec<Entry>>,
    /// Whether the last save to the phone's storage failed.
    pub storage_failed: RwSignal<bool>,
    sending: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Held here, since sending also happens from timers and events, outside any component.
    config: Signal<Option<RuntimeConfig>>,
}

fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now() as u64;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

use crate::app::state::storage::local as storage;

fn load() -> Vec<Entry> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return Vec::new();
    };
    serde_json::from_str(&text).unwrap_or_else(|error| {
        leptos::logging::warn!("the outbox in this browser could not be read: {error}");
        Vec::new()
    })
}

/// The inbox's API root: the one `config.json` names, or this site's own `api/v1/`
/// (where `qq serve --data` answers, and a plain static host answers 404: keep waiting).
pub fn api_root(inbox: Option<&str>) -> String {
    match inbox {
        Some(url) => format!("{}/api/v1/", url.trim_end_matches('/')),
        None => "api/v1/".to_string(),
    }
}

/// A random UUID, for a new submission.
pub fn new_id() -> String {
    #[cfg_attr(not(target_arch = "wasm32"), allow(unused_mut))]
    let mut bytes = [0u8; 16];
    #[cfg(target_arch = "wasm32")]
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    crate::app::form::draft::uuid_v4(bytes)
}

/// Sends a submission: its JSON, or, with photos, the multipart body of its JSON (`deed`)
/// and its kept photos (`photo0`..).
#[cfg(target_arch = "wasm32")]
async fn post(url: &str, submission: &Submission) -> (Option<u16>, String) {
    let request = if submission.photos.is_empty() {
        gloo_net::http::Request::post(url).json(submission)
    } else {
        let Ok(json) = serde_json::to_string(submission) else {
            return (None, String::new());
        };
        let body = photo_files::body(&submission.id, &json, submission.photos.len()).await;
        let Ok(body) = body else {
            return (None, String::new());
        };
        gloo_net::http::Request::post(url).body(body)
    };
    let Ok(request) = request else {
        return (None, String::new());
    };
    match request.send().await {
        Ok(response) => (
            Some(response.status()),
            response.text().await.unwrap_or_default(),
        ),
        Err(_) => (None, String::new()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
async fn post(_: &str, _: &Submission) -> (Option<u16>, String) {
    (None, String::new())
}

/// Starts the outbox: loads what this browser kept, sends what waits, and listens for the
/// connection coming back.
pub fn provide_outbox_context() {
    let config = use_runtime_config();
    let outbox = OutboxContext {
        entries: RwSignal::new(load()),
        storage_failed: RwSignal::new(false),
        sending: StoredValue::new(false),
        timer: StoredValue::new(None),
        config,
    };
    provide_context(outbox);
    // Once config.json has been read, send and follow.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        if config.get().is_none() {
            return false;
        }
        outbox.flush();
        outbox.follow();
        true
    });
    #[cfg(target_arch = "wasm32")]
    {
        let online = window_event_listener(leptos::ev::online, move |_| outbox.flush());
        on_cleanup(move || online.remove());
    }
}

/// The shared outbox.
pub fn use_outbox() -> OutboxContext {
    expect_context::<OutboxContext>()
}

impl OutboxContext {
    fn save(self) -> bool {
        let (text, waiting) = self.entries.with_untracked(|e| {
            let waiting = e.iter().filter(|e| e.to_send()).count();
            (serde_json::to_string(e).unwrap_or_default(), waiting)
        });
        let saved = storage().is_some_and(|s| {
            s.set_item(KEY, &text).is_ok() && s.set_item(WAITING_KEY, &waiting.to_string()).is_ok()
        });
        self.storage_failed.set(!saved);
        saved
    }

    fn inbox(self) -> Option<String> {
        let config = self.config.get_untracked()?;
        Some(api_root(config.inbox()))
    }

    /// Keeps `submission` with its photos' shrunk files `photos` (replacing one with the
    /// same id, after a correction) and sends it. The photos are kept first: when the
    /// phone cannot keep them or the submission, nothing changes (what was kept before
    /// stays, the form keeps the draft) and the error says why.
    pub async fn keep(self, submission: Submission, photos: Vec<JsValue>) -> Result<(), KeepError> {
        let id = submission.id.clone();
        if photos.len() != submission.photos.len() {
            return Err(KeepError::Photos(PhotoError::Unavailable));
        }
        if !photos.is_empty() {
            photo_files::keep(&id, &photos)
                .await
                .map_err(KeepError::Photos)?;
        }
        let entry = Entry::new(submission, now_ms());
        let before = self.entries.get_untracked();
        self.entries.update(|entries| {
            entries.retain(|e| e.submission.id != entry.submission.id);
            entries.insert(0, entry);
        });
        if !self.save() {
            self.entries.set(before);
            return Err(KeepError::Storage);
        }
        self.flush();
        Ok(())
    }

    /// Forgets a submission (the student deleted it) and its photos.
    pub fn remove(self, id: &str) {
        let had_photos = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .any(|e| e.submission.id == id && e.keeps_photos())
        });
        self.entries
            .update(|entries| entries.retain(|e| e.submission.id != id));
        self.save();
        if had_photos {
            forget_photos(id.to_string());
        }
    }

    fn set_state(self, id: &str, state: State, attempts: u32, held: Option<Held>) {
        let mut decided = false;
        self.entries.update(|entries| {
            if let Some(entry) = entries.iter_mut().find(|e| e.submission.id == id) {
                let kept = entry.keeps_photos();
                entry.state = state;
                entry.attempts = attempts;
                entry.held = held;
                decided = kept && !entry.keeps_photos();
            }
        });
        self.save();
        // Published or declined: the photos are the inbox's (or nobody's) now.
        if decided {
            forget_photos(id.to_string());
        }
    }

    /// Sends every waiting submission, one at a time; on failure, tries again after a
    /// backoff.
    pub fn flush(self) {
        if self.sending.get_value() {
            return;
        }
        let Some(root) = self.inbox() else {
            return;
        };
        self.sending.set_value(true);
        if let Some(timer) = self.timer.get_value() {
            timer.clear();
        }
        leptos::task::spawn_local(async move {
            let waiting: Vec<Entry> = self
                .entries
                .get_untracked()
                .into_iter()
                .filter(Entry::to_send)
                .collect();
            let mut retry_after: Option<f64> = None;
            for entry in waiting {
                let (status, body) = post(&format!("{root}deeds"), &entry.submission).await;
                let id = entry.submission.id.clone();
                match outcome(status, &body) {
                    Outcome::Accepted => self.set_state(&id, State::Sent, 0, None),
                    Outcome::Fix(errors, refusal) => {
                        self.set_state(&id, State::NeedsAttention { errors, refusal }, 0, None)
                    }
                    Outcome::Retry(held) => {
                        let attempts = entry.attempts + 1;
                        self.set_state(&id, State::Waiting, attempts, held);
                        let jitter = js_random();
                        let wait = backoff_ms(entry.attempts, jitter);
                        retry_after = Some(retry_after.map_or(wait, |w: f64| w.min(wait)));
                        // Without an answer there is no point sending the rest now.
                        break;
                    }
                }
            }
            self.sending.set_value(false);
            if let Some(wait) = retry_after {
                let handle = set_timeout_with_handle(
                    move || self.flush(),
                    std::time::Duration::from_millis(wait as u64),
                )
                .ok();
                self.timer.set_value(handle);
            }
        });
    }

    /// Asks the inbox about submissions awaiting moderation.
    pub fn follow(self) {
        let Some(root) = self.inbox() else {
            return;
        };
        let sent: Vec<String> = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .filter(|e| e.to_follow())
                .map(|e| e.submission.id.clone())
                .collect()
        });
        leptos::task::spawn_local(async move {
            for id in sent {
                let url = format!("{root}deeds/{id}/status");
                if let Ok(status) = crate::app::api::fetch_json::<SubmissionStatus>(&url).await {
                    self.set_state(&id, followed(&status), 0, None);
                }
            }
        });
    }
}

/// Why a submission could not be kept on the phone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeepError {
    /// Its photos could not be kept (storage full, IndexedDB unavailable).
    #[error("the photos could not be kept: {0}")]
    Photos(PhotoError),
    /// `localStorage` refused the outbox.
    #[error("the outbox could not be saved")]
    Storage,
}

/// Deletes a submission's photos from the phone, in the background.
fn forget_photos(id: String) {
    leptos::task::spawn_local(async move {
        if let Err(error) = photo_files::remove(&id).await {
            leptos::logging::warn!("the photos of {id} could not be deleted: {error}");
        }
    });
}

fn js_random() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::random();
    #[cfg(not(target_arch = "wasm32"))]
    0.5
}

#[cfg(test)]
mod tests {
    use super::api_root;

    #[test]
    fn the_inbox_is_this_site_unless_config_names_another() {
        assert_eq!(api_root(None), "api/v1/");
        assert_eq!(
            api_root(Some("https://inbox.example/")),
            "https://inbox.example/api/v1/"
        );
        assert_eq!(
            api_root(Some("https://example.org/qq")),
            "https://example.org/qq/api/v1/"
        );
    }
}
