//! Sharing a deed: the system share sheet where the browser has one (phones), otherwise
//! the link and the #AlFarabiQQ text copied to the clipboard, with a short notice.

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

/// The text that travels with the link.
pub fn share_text(title: &str, url: &str) -> String {
    format!("{title} {HASHTAG} {url}")
}

#[cfg(target_arch = "wasm32")]
async fn share(title: &str, url: &str) -> Shared {
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    let navigator = window().navigator();
    let has_share = js_sys::Reflect::get(&navigator, &JsValue::from_str("share"))
        .map(|f| f.is_function())
        .unwrap_or(false);
    if has_share {
        let data = web_sys::ShareData::new();
        data.set_title(title);
        data.set_text(&format!("{title} {HASHTAG}"));
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
    match JsFuture::from(clipboard.write_text(&share_text(title, url))).await {
        Ok(_) => Shared::Copied,
        Err(_) => Shared::Failed,
    }
}

#[cfg(not(target_arch = "wasm32"))]
async fn share(_title: &str, _url: &str) -> Shared {
    Shared::Failed
}

/// A "share" button for the page at `url` titled `title`.
#[component]
pub fn ShareButton(
    /// The deed's title.
    title: String,
    /// The absolute address of the page shared.
    url: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let (toast, set_toast) = signal(None::<Shared>);
    let action = Action::new_local(move |(): &()| {
        let (title, url) = (title.clone(), url.clone());
        async move {
            let shared = share(&title, &url).await;
            set_toast.set(Some(shared));
            set_timeout(
                move || set_toast.set(None),
                std::time::Duration::from_secs(4),
            );
        }
    });
    view! {
        <button
            type="button"
            class="button"
            disabled=move || action.pending().get()
            on:click=move |_| {
                action.dispatch(());
            }
        >
            {move || t_string!(i18n, deed.share)}
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
    use super::share_text;

    #[test]
    fn the_shared_text_carries_the_hashtag_and_the_link() {
        assert_eq!(
            share_text("Сдали кровь", "https://qq.example/deed/7"),
            "Сдали кровь #AlFarabiQQ https://qq.example/deed/7"
        );
    }
}
