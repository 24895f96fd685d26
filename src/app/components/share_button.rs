//! Sharing a deed or an invitation to carry the baton: the system share sheet where the
//! browser has one (phones), otherwise the #AlFarabiQQ text and the link copied to the
//! clipboard, with a short notice.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};
use crate::model::HASHTAG;

/// What sharing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The share sheet opened (and the reader chose or cancelled).
    Sheet,
    /// The text was copied.
    Copied,
    /// Neither was possible.
    Failed,
}

/// A deed's message: its title and the hashtag.
pub fn deed_message(title: &str) -> String {
    format!("{title} {HASHTAG}")
}

/// What is copied: the message, then the link.
pub fn share_text(message: &str, url: &str) -> String {
    format!("{message} {url}")
}

#[cfg(target_arch = "wasm32")]
async fn share(title: &str, message: &str, url: &str) -> Shared {
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    let navigator = window().navigator();
    let has_share = js_sys::Reflect::get(&navigator, &JsValue::from_str("share"))
        .map(|f| f.is_function())
        .unwrap_or(false);
    if has_share {
        let data = web_sys::ShareData::new();
        data.set_title(title);
        data.set_text(message);
        data.set_url(url);
        match JsFuture::from(navigator.share_with_data(&data)).await {
            Ok(_) => return Shared::Sheet,
            // The reader closed the sheet: nothing to report.
            Err(error)
                if error
                    .dyn_ref::<web_sys::DomException>()
                    .is_some_and(|e| e.name() == "AbortError") =>
            {
                return Shared::Sheet;
            }
            Err(_) => {}
        }
    }
    let clipboard = navigator.clipboard();
    match JsFuture::from(clipboard.write_text(&share_text(message, url))).await {
        Ok(_) => Shared::Copied,
        Err(_) => Shared::Failed,
    }
}

#[cfg(not(target_arch = "wasm32"))]
async fn share(_title: &str, _message: &str, _url: &str) -> Shared {
    Shared::Failed
}

/// A "share" button for the page at `url` titled `title`.
#[component]
pub fn ShareButton(
    /// The title of what is shared (a deed's, or the invitation's).
    title: String,
    /// The absolute address shared.
    url: String,
    /// The message that goes with the link, read when pressed (in the reader's language
    /// then); a deed's title and the hashtag by default.
    #[prop(optional)]
    message: Option<Signal<String>>,
    /// The button's text; "Share" by default.
    #[prop(optional)]
    label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (toast, set_toast) = signal(None::<Shared>);
    // One share at a time; a plain task and a flag, not an `Action`, whose machinery would
    // weigh on the form's app (the invitation page shares too).
    let (busy, set_busy) = signal(false);
    let press = move |_| {
        let message = message.map_or_else(|| deed_message(&title), |m| m.get_untracked());
        let (title, url) = (title.clone(), url.clone());
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let shared = share(&title, &message, &url).await;
            set_busy.set(false);
            set_toast.set(Some(shared));
            set_timeout(
                move || set_toast.set(None),
                std::time::Duration::from_secs(4),
            );
        });
    };
    view! {
        <button type="button" class="button" disabled=busy on:click=press>
            {move || match label {
                Some(label) => label.get(),
                None => t_string!(i18n, deed.share).to_string(),
            }}
        </button>
        <p class="toast" role="status" aria-live="polite" data-testid="toast">
            {move || match toast.get() {
                Some(Shared::Copied) => t_string!(i18n, deed.copied),
                Some(Shared::Failed) => t_string!(i18n, deed.copy_failed),
                Some(Shared::Sheet) | None => "",
            }}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::{deed_message, share_text};

    #[test]
    fn the_shared_text_carries_the_hashtag_and_the_link() {
        assert_eq!(
            share_text(&deed_message("Сдали кровь"), "https://qq.example/deed/7"),
            "Сдали кровь #AlFarabiQQ https://qq.example/deed/7"
        );
    }
}
