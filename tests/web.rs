//! Component tests in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use alfarabi_qq::FeedApp;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The string at a dotted key of a locale file, so the test never hard-codes a language.
fn text(locale: &str, key: &str) -> String {
    let file = match locale {
        "kk" => include_str!("../locales/kk.json"),
        "ru" => include_str!("../locales/ru.json"),
        _ => include_str!("../locales/en.json"),
    };
    let value: serde_json::Value = serde_json::from_str(file).expect("locale files are JSON");
    key.split('.')
        .fold(&value, |node, part| &node[part])
        .as_str()
        .unwrap_or_else(|| panic!("{locale}.json has no {key}"))
        .to_string()
}

fn mount_app() -> HtmlElement {
    alfarabi_qq::app::text::install();
    let document = leptos::prelude::document();
    let root: HtmlElement = document
        .create_element("div")
        .expect("a div can be created")
        .unchecked_into();
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("the root can be attached");
    leptos::mount::mount_to(root.clone(), FeedApp).forget();
    root
}

fn query(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn html_lang() -> String {
    leptos::prelude::document()
        .document_element()
        .expect("a document has a root element")
        .get_attribute("lang")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn language_switcher_changes_visible_text_html_lang_and_remembers_the_choice() {
    let storage = leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .expect("the test browser has localStorage");
    storage.clear().expect("storage can be cleared");
    let root = mount_app();
    leptos::task::tick().await;

    for locale in ["ru", "en", "kk"] {
        query(
            &root,
            &format!(".lang-switch button[data-locale='{locale}']"),
        )
        .click();
        leptos::task::tick().await;

        assert_eq!(html_lang(), locale);
        assert_eq!(
            query(&root, "main h1").text_content().unwrap_or_default(),
            text(locale, "feed.title")
        );
        assert_eq!(
            query(&root, ".brand__name")
                .text_content()
                .unwrap_or_default(),
            text(locale, "site.name")
        );
        assert_eq!(
            query(&root, ".tab-bar a[href$='/about/'] .tab-bar__label")
                .text_content()
                .unwrap_or_default(),
            text(locale, "nav.about")
        );
        assert_eq!(
            query(
                &root,
                &format!(".lang-switch button[data-locale='{locale}']")
            )
            .get_attribute("aria-pressed")
            .as_deref(),
            Some("true")
        );
        assert_eq!(
            storage.get_item("qq.locale").ok().flatten().as_deref(),
            Some(locale)
        );
    }
    root.remove();
}

#[wasm_bindgen_test]
fn search_folds_with_the_browsers_unicode_tables_as_natively() {
    use alfarabi_qq::model::search::{FOLD_EXAMPLES, fold, matches, words};
    alfarabi_qq::app::text::install();
    for (text, folded) in FOLD_EXAMPLES {
        assert_eq!(fold(text), folded, "{text}");
    }
    assert!(matches("уйине карт", "Қарттар үйіне қонаққа бардық"));
    assert!(matches("istanbul", "İstanbul Üniversitesi"));
    assert!(!matches("мектеп", "Қарттар үйіне қонаққа бардық"));
    assert_eq!(
        words("«Игі іс» — 2020-ж., №5: qayirimdy_qogam!"),
        ["иги", "ис", "2020", "ж", "5", "qayиrиmdy", "qogam"]
    );
    // The form's rule for visible letters, with the same tables.
    use alfarabi_qq::model::rules::{RuleError, check_story, check_title};
    assert_eq!(check_title("Сдали кровь"), Ok(()));
    assert!(matches!(
        check_story(&"🙂".repeat(25)),
        Err(RuleError::NoLetters { .. })
    ));
    assert!(matches!(
        check_title("!!! ..."),
        Err(RuleError::NoLetters { .. })
    ));
}

/// The store's manifest and universities are `Loaded` values: awaited by the feed, read
/// reactively by the filters, loaded again on a retry.
#[wasm_bindgen_test]
async fn a_loaded_value_is_awaited_shown_and_reloaded() {
    use alfarabi_qq::app::state::loaded::Loaded;
    use leptos::prelude::*;
    use std::{cell::Cell, rc::Rc};

    let calls = Rc::new(Cell::new(0_u32));
    let slot = Rc::new(Cell::new(None::<Loaded<u32>>));
    let document = leptos::prelude::document();
    let root: HtmlElement = document
        .create_element("div")
        .expect("a div can be created")
        .unchecked_into();
    let (counter, out) = (calls.clone(), slot.clone());
    leptos::mount::mount_to(root.clone(), move || {
        let counter = counter.clone();
        let loaded = Loaded::new(move || {
            let counter = counter.clone();
            async move {
                leptos::task::tick().await;
                counter.set(counter.get() + 1);
                counter.get() * 10
            }
        });
        out.set(Some(loaded));
        view! { <p>{move || loaded.get().map(|n| n.to_string()).unwrap_or_else(|| "…".into())}</p> }
    })
    .forget();
    let loaded = slot.get().expect("the component ran");

    assert_eq!(loaded.get_untracked(), None);
    assert_eq!(root.text_content().as_deref(), Some("…"));
    assert_eq!(loaded.await, 10);
    assert_eq!(
        loaded.await,
        10,
        "a second await gives the same value without loading again"
    );
    leptos::task::tick().await;
    assert_eq!(root.text_content().as_deref(), Some("10"));
    assert_eq!(calls.get(), 1);

    loaded.reload();
    assert_eq!(loaded.get_untracked(), None);
    assert_eq!(loaded.await, 20);
    leptos::task::tick().await;
    assert_eq!(root.text_content().as_deref(), Some("20"));
    assert_eq!(calls.get(), 2);
}

/// The moderators' app: kept out of search engines, in the reader's language, without the
/// public tab bar; a token is asked for, kept in this tab's sessionStorage only, and
/// forgotten on signing out.
#[wasm_bindgen_test]
async fn the_moderators_app_asks_for_a_token_kept_in_this_tab_only() {
    use alfarabi_qq::ModerateApp;
    let window = leptos::prelude::window();
    let local = window.local_storage().ok().flatten().expect("localStorage");
    let session = window
        .session_storage()
        .ok()
        .flatten()
        .expect("sessionStorage");
    local.clear().expect("storage can be cleared");
    local.set_item("qq.locale", "ru").expect("a locale is kept");
    session.clear().expect("storage can be cleared");
    let document = leptos::prelude::document();
    let root: HtmlElement = document
        .create_element("div")
        .expect("a div can be created")
        .unchecked_into();
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("the root can be attached");
    leptos::mount::mount_to(root.clone(), ModerateApp).forget();
    leptos::task::tick().await;

    let robots = document
        .query_selector("meta[name=robots]")
        .ok()
        .flatten()
        .expect("a robots meta");
    assert_eq!(robots.get_attribute("content").as_deref(), Some("noindex"));
    assert_eq!(
        query(&root, "main h1").text_content().unwrap_or_default(),
        text("ru", "moderate.title")
    );
    assert_eq!(
        query(&root, "label[for=mod-token]")
            .text_content()
            .unwrap_or_default(),
        text("ru", "moderate.token_label")
    );
    assert!(root.query_selector(".tab-bar").ok().flatten().is_none());

    // Nothing typed: told so, nothing kept.
    query(&root, "form.sign-in button[type=submit]").click();
    leptos::task::tick().await;
    assert_eq!(
        query(&root, "#mod-token-error")
            .text_content()
            .unwrap_or_default(),
        text("ru", "moderate.token_missing")
    );
    assert_eq!(session.get_item("qq.moderator").ok().flatten(), None);

    let input: web_sys::HtmlInputElement = query(&root, "#mod-token").unchecked_into();
    input.set_value("  a-moderators-token ");
    input
        .dispatch_event(&web_sys::Event::new("input").expect("an input event"))
        .expect("the event is dispatched");
    query(&root, "form.sign-in button[type=submit]").click();
    leptos::task::tick().await;
    assert_eq!(
        session.get_item("qq.moderator").ok().flatten().as_deref(),
        Some("a-moderators-token")
    );
    assert_eq!(local.get_item("qq.moderator").ok().flatten(), None);
    assert_eq!(
        query(&root, "#queue-title")
            .text_content()
            .unwrap_or_default(),
        text("ru", "moderate.queue_title")
    );

    query(&root, ".moderate-bar button").click();
    leptos::task::tick().await;
    assert_eq!(session.get_item("qq.moderator").ok().flatten(), None);
    assert!(root.query_selector("#mod-token").ok().flatten().is_some());
    root.remove();
    local.clear().expect("storage can be cleared");
}

/// A deed's photo: its box is laid out from its width and height before its file
/// arrives (so nothing moves when it does), lazy unless told otherwise, the first of a
/// deed's page asked for first.
#[wasm_bindgen_test]
async fn a_deed_photo_has_its_box_before_its_file_and_loads_lazily() {
    use alfarabi_qq::app::components::deed_photo::{DeedPhoto, Priority};
    use alfarabi_qq::model::photo::Photo;
    use leptos::prelude::*;

    let document = leptos::prelude::document();
    let root: HtmlElement = document
        .create_element("div")
        .expect("a div can be created")
        .unchecked_into();
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("the root can be attached");
    let photo = |name: &str| Photo {
        name: name.into(),
        alt: "Students sorting warm clothes".into(),
        width: 1200,
        height: 900,
    };
    let (lazy, high) = (photo("0000000000000001"), photo("0000000000000002"));
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <DeedPhoto photo=lazy.clone() sizes="6rem" class="lazy" />
            <DeedPhoto photo=high.clone() sizes="100vw" class="high" priority=Priority::High />
        }
    })
    .forget();
    leptos::task::tick().await;
    let (lazy, high) = (query(&root, ".lazy img"), query(&root, ".high img"));
    let attribute = |image: &HtmlElement, name: &str| image.get_attribute(name);
    assert_eq!(attribute(&lazy, "loading").as_deref(), Some("lazy"));
    assert_eq!(attribute(&high, "loading").as_deref(), Some("eager"));
    assert_eq!(attribute(&high, "fetchpriority").as_deref(), Some("high"));
    assert_eq!(
        attribute(&lazy, "alt").as_deref(),
        Some("Students sorting warm clothes")
    );
    assert_eq!(
        attribute(&lazy, "srcset").as_deref(),
        Some(
            "data/v1/photos/0000000000000001-480.jpg 480w, \
             data/v1/photos/0000000000000001-1200.jpg 1200w"
        )
    );
    // Nothing has arrived (the files do not exist here), yet the box is the photo's.
    let rect = high.get_bounding_client_rect();
    assert_eq!((rect.width(), rect.height()), (1200.0, 900.0));
    root.remove();
}
