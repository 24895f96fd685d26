//! The document around every page: what a page's `<head>` says (its policy, its base, its
//! titles in three languages, its link preview), the one inline script every page shares,
//! and the stylesheet.
//!
//! The inline script is the same on every page and in every release, so one hash in the
//! Content-Security-Policy serves all of them: it sets `<html lang>` to the reader's
//! language before the first paint (the stored choice, else the first of the browser's
//! languages the site has, else Kazakh: the app's own rule), the tab's title in that
//! language from the page's `qq-page` data, and the retry button of a page whose app
//! failed. Page data goes in `<script type="application/json">`, which never runs. The
//! app's code comes through `loader.js`, a file of a stable name (see [`super::loader`]).
//!
//! After the app's root, outside what an app replaces, every page carries the install
//! offer, hidden: an "Install the app" button and the iOS hint, in the three languages
//! from the locale files; `loader.js` shows the one this browser can use.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::Part;
use crate::i18n::{Locale, td_string};
use crate::native::prerender::languages::LANGUAGE_CSS;

/// The one inline script, byte for byte the same on every page.
pub const INLINE_SCRIPT: &str = r#"(function(){var d=document.documentElement,ok={kk:1,ru:1,en:1},l=null;try{l=localStorage.getItem("qq.locale")}catch(e){}if(!ok[l]){l=null;var w=navigator.languages||[navigator.language];for(var i=0;i<w.length&&!l;i++){var c=String(w[i]).toLowerCase().split("-")[0];if(ok[c])l=c}}l=l||"kk";d.lang=l;try{var p=JSON.parse(document.getElementById("qq-page").textContent);if(p.titles&&p.titles[l])document.title=p.titles[l]}catch(e){}try{if(localStorage.getItem("qq.intro")==="folded")d.classList.add("intro-folded")}catch(e){}if(d.dataset.app==="feed"&&/[?&][uvrq]=./.test(location.search))d.classList.add("qq-filtered");document.addEventListener("click",function(e){if(e.target.closest&&e.target.closest("[data-retry]"))location.reload()})})();"#;

/// The `'sha256-…'` source of `text` for a Content-Security-Policy.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine;
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The site's policy: its own files, the inline script and stylesheet by hash, WebAssembly,
/// photos' previews from `blob:`, and the inbox's origin when it is on another host.
pub fn policy(style: &str, inbox_origin: Option<&str>) -> String {
    let connect = match inbox_origin {
        Some(origin) => format!("connect-src 'self' {origin}"),
        None => "connect-src 'self'".to_string(),
    };
    [
        "default-src 'self'".to_string(),
        format!(
            "script-src 'self' 'wasm-unsafe-eval' {}",
            csp_hash(INLINE_SCRIPT)
        ),
        format!("style-src 'self' {}", csp_hash(style)),
        "img-src 'self' data: blob:".to_string(),
        "font-src 'self'".to_string(),
        connect,
        "worker-src 'self'".to_string(),
        "manifest-src 'self'".to_string(),
        "frame-src 'none'".to_string(),
        "base-uri 'self'".to_string(),
        "object-src 'none'".to_string(),
        "form-action 'self'".to_string(),
    ]
    .join("; ")
}

/// What stays the same for every page of one site build.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Where the site is mounted: `/` or `/qq/`.
    pub base: String,
    /// The site's public address, ending with its base (`https://alfarabiqq.kz/`): link
    /// previews and canonical links are absolute.
    pub public_url: String,
    /// The inline stylesheet: the app's main styles and the languages' rule.
    pub style: String,
    /// The stylesheet of the map's and the form's pages, by app.
    pub app_styles: Vec<(Part, String)>,
    /// The Content-Security-Policy of every page.
    pub policy: String,
}

impl Shell {
    /// A shell over the app's main styles (`main.css` as built).
    pub fn new(
        base: &str,
        public_url: &str,
        main_css: &str,
        app_styles: Vec<(Part, String)>,
        inbox_origin: Option<&str>,
    ) -> Shell {
        let style = format!("{}\n{LANGUAGE_CSS}", main_css.trim_end());
        let policy = policy(&style, inbox_origin);
        Shell {
            base: base.to_string(),
            public_url: public_url.to_string(),
            style,
            app_styles,
            policy,
        }
    }

    /// The absolute address of `path` (relative to the site's base, no leading slash).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path.trim_start_matches('/'))
    }
}

/// What a page's head says about it.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// The app that takes the page over.
    pub part: Part,
    /// The page's path relative to the site's base: `""` for the home page, `deed/5/`.
    pub path: String,
    /// The tab's title in kk, ru and en (kk is the page's own).
    pub titles: [String; 3],
    /// The link preview's title.
    pub og_title: String,
    /// A sentence or two about the page.
    pub description: String,
    /// The link preview's image.
    pub image: ShareImage,
    /// `article` for a deed, `website` for the rest.
    pub og_type: &'static str,
    /// Kept out of search engines (the not-found page, the moderators').
    pub noindex: bool,
    /// The store's files the page's first screen reads, which the loader asks for at once.
    pub early: Vec<String>,
}

/// A link preview's image: a card drawn at publish, or a deed's photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareImage {
    /// Relative to the site's base (`share/u/kaznu.png`, `data/v1/photos/….jpg`).
    pub path: String,
    /// Its width and height in pixels.
    pub size: (u32, u32),
    /// What it shows, for a photo (its description); a card's text is the page's title.
    pub alt: Option<String>,
}

impl ShareImage {
    /// A card drawn at publish (`src/native/share/`), 1200×630.
    pub fn card(path: impl Into<String>) -> ShareImage {
        ShareImage {
            path: path.into(),
            size: (1200, 630),
            alt: None,
        }
    }

    /// A deed's photo: its widest file.
    pub fn photo(photo: &crate::model::photo::Photo) -> ShareImage {
        let widest = crate::model::photo::PUBLISHED_WIDTHS[1];
        ShareImage {
            path: format!("{}/{}", crate::model::store::STORE_DIR, photo.file(widest)),
            size: photo.sizes()[1],
            alt: Some(photo.alt.clone()),
        }
    }
}

/// `text` safe inside an HTML attribute or element (`&`, `<`, `>`, quotes), with the
/// characters that draw nothing but can reorder text around them (bidi overrides) left
/// out: they have no place in a title or a preview.
pub fn escape(text: &str) -> String {
    let visible: String = (text.chars())
        .filter(|c| !crate::model::rules::is_invisible(*c))
        .collect();
    crate::model::markup::escape(&visible)
}

/// JSON safe inside `<script type="application/json">`: no `<` at all (so no `</script>`
/// and no `<!--`), and no line or paragraph separators.
pub fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .expect("a JSON value serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The site's mark, as the favicon (an inline image: no request).
const ICON: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'%3E%3Crect width='64' height='64' rx='14' fill='%2300677a'/%3E%3Ccircle cx='32' cy='32' r='13' fill='none' stroke='%23fec50c' stroke-width='5'/%3E%3Cpath d='M32 8v9M32 47v9M8 32h9M47 32h9' stroke='%23fec50c' stroke-width='5' stroke-linecap='round'/%3E%3C/svg%3E";

/// The whole document: `meta` in the head, `body` (the prerendered app, or nothing for a
/// page the app draws itself) in `#app`.
pub fn document(shell: &Shell, meta: &PageMeta, body: &str) -> String {
    document_for(shell, meta, body, meta.part.name())
}

/// The page the service worker shows for an address it has not kept, when the phone is
/// offline: it says so in the reader's language and links to the pages it may have kept
/// and to the form, whose deeds wait in the outbox. No app starts on it (`data-app` names
/// none), so it never reloads itself.
pub fn offline(shell: &Shell) -> String {
    let meta = PageMeta {
        part: Part::Read,
        path: "offline.html".into(),
        titles: [
            "Желі жоқ · #AlFarabiQQ".into(),
            "Нет сети · #AlFarabiQQ".into(),
            "Offline · #AlFarabiQQ".into(),
        ],
        og_title: "#AlFarabiQQ".into(),
        description: String::new(),
        image: ShareImage::card("share/site.png"),
        og_type: "website",
        noindex: true,
        early: Vec::new(),
    };
    document_for(shell, &meta, OFFLINE, "offline")
}

/// The offline page's content, in the three languages (the languages' rule shows one).
const OFFLINE: &str = r#"<main id="main" class="page offline" data-offline><h1><span class="l-kk" lang="kk">Желі жоқ</span><span class="l-ru" lang="ru">Нет сети</span><span class="l-en" lang="en">You are offline</span></h1><p><span class="l-kk" lang="kk">Бұл бет телефонда сақталмаған. Байланыс қайта пайда болғанда ашылады. Жазған игі істеріңіз жіберілгенше телефонда сақталады.</span><span class="l-ru" lang="ru">Эта страница не сохранена на телефоне. Она откроется, когда появится связь. Написанные вами добрые дела хранятся на телефоне, пока не будут отправлены.</span><span class="l-en" lang="en">This page is not saved on this phone. It opens once you are back online. Deeds you write wait on this phone until they are sent.</span></p><p><button type="button" class="button" data-retry data-testid="offline-retry"><span class="l-kk" lang="kk">Қайталау</span><span class="l-ru" lang="ru">Повторить</span><span class="l-en" lang="en">Retry</span></button> <a class="button" href="./"><span class="l-kk" lang="kk">Басты бет</span><span class="l-ru" lang="ru">Главная</span><span class="l-en" lang="en">Home</span></a> <a class="button" href="submit/"><span class="l-kk" lang="kk">Игі іс жіберу</span><span class="l-ru" lang="ru">Отправить доброе дело</span><span class="l-en" lang="en">Send a deed</span></a></p></main>"#;

fn document_for(shell: &Shell, meta: &PageMeta, body: &str, app: &str) -> String {
    let mut html = String::with_capacity(body.len() + shell.style.len() + 4096);
    let url = shell.absolute(&meta.path);
    let titles: Vec<String> = meta.titles.iter().map(|t| escape(t)).collect();
    let plain = |text: &str| -> String {
        text.chars()
            .filter(|&c| !crate::model::rules::is_invisible(c))
            .collect()
    };
    let page = serde_json::json!({
        "titles": {
            "kk": plain(&meta.titles[0]),
            "ru": plain(&meta.titles[1]),
            "en": plain(&meta.titles[2]),
        },
        "early": meta.early,
    });
    let _ = write!(
        html,
        r##"<!doctype html><html lang="kk" data-app="{app}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{policy}"><base href="{base}"><meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"><meta name="color-scheme" content="light dark"><meta name="theme-color" content="#00677a" media="(prefers-color-scheme: light)"><meta name="theme-color" content="#0f1b24" media="(prefers-color-scheme: dark)"><title>{title}</title><meta name="description" content="{description}">"##,
        policy = escape(&shell.policy),
        base = escape(&shell.base),
        title = titles[0],
        description = escape(&meta.description),
    );
    if meta.noindex {
        html.push_str(r##"<meta name="robots" content="noindex">"##);
    } else {
        let _ = write!(html, r##"<link rel="canonical" href="{}">"##, escape(&url));
    }
    let _ = write!(
        html,
        r##"<meta property="og:site_name" content="Qayirimdy Qogam · #AlFarabiQQ"><meta property="og:type" content="{og_type}"><meta property="og:title" content="{og_title}"><meta property="og:description" content="{description}"><meta property="og:url" content="{url}"><meta property="og:image" content="{image}"><meta property="og:image:width" content="{width}"><meta property="og:image:height" content="{height}">{image_alt}<meta property="og:locale" content="kk_KZ"><meta property="og:locale:alternate" content="ru_RU"><meta property="og:locale:alternate" content="en_US"><meta name="twitter:card" content="summary_large_image"><link rel="icon" href="{ICON}"><link rel="apple-touch-icon" href="icons/apple-touch-icon.png"><link rel="manifest" href="manifest.webmanifest"><style>{style}</style>"##,
        og_type = meta.og_type,
        og_title = escape(&meta.og_title),
        description = escape(&meta.description),
        url = escape(&url),
        image = escape(&shell.absolute(&meta.image.path)),
        width = meta.image.size.0,
        height = meta.image.size.1,
        image_alt = meta
            .image
            .alt
            .as_deref()
            .map_or_else(String::new, |alt| format!(
                r#"<meta property="og:image:alt" content="{}">"#,
                escape(alt)
            )),
        style = shell.style,
    );
    if let Some((_, sheet)) = shell.app_styles.iter().find(|(part, _)| *part == meta.part) {
        let _ = write!(
            html,
            r##"<link rel="stylesheet" href="{}">"##,
            escape(sheet)
        );
    }
    let _ = write!(
        html,
        r##"<script type="application/json" id="qq-page">{page}</script><script>{INLINE_SCRIPT}</script><script src="loader.js" defer></script></head><body>{note}<div id="app"{prerendered}>{body}</div>{install}</body></html>"##,
        page = script_json(&page),
        install = install_offer(),
        note = if body.is_empty() { "" } else { BOOT_NOTE },
        prerendered = if body.is_empty() {
            ""
        } else {
            " data-prerendered"
        },
        body = if body.is_empty() { BOOT } else { body },
    );
    html
}

/// A text of the locale files in the three languages, each in its own span (the languages'
/// rule shows the reader's).
fn in_three(text: impl Fn(Locale) -> String) -> String {
    [Locale::kk, Locale::ru, Locale::en]
        .into_iter()
        .map(|l| {
            let code = l.to_string();
            format!(
                r#"<span class="l-{code}" lang="{code}">{}</span>"#,
                escape(&text(l))
            )
        })
        .collect()
}

/// The install offer, hidden until `loader.js` finds the browser can use it: the button
/// where the browser fires `beforeinstallprompt`, the hint on iOS Safari (which has no
/// such event), with a close button whose choice is remembered.
pub fn install_offer() -> String {
    format!(
        r#"<aside class="install" data-install hidden><button type="button" class="button" data-install-button data-testid="install-button" hidden>{button}</button><p class="install__hint" data-install-hint data-testid="install-hint" hidden><span>{hint}</span><button type="button" class="install__close" data-install-dismiss data-testid="install-dismiss"><span aria-hidden="true">×</span><span class="visually-hidden">{close}</span></button></p></aside>"#,
        button = in_three(|l| td_string!(l, install.button).to_string()),
        hint = in_three(|l| td_string!(l, install.ios).to_string()),
        close = in_three(|l| td_string!(l, install.dismiss).to_string()),
    )
}

/// Above a prerendered page, shown only if its app cannot start: the page stays readable
/// and its links work, but filters, sharing and the rest wait for a reload.
const BOOT_NOTE: &str = r#"<div class="boot-note" role="status"><p><span class="l-kk" lang="kk">Беттің интерактивті бөлігі жүктелмеді: жазбалар мен сілтемелер жұмыс істейді. Байланысты тексеріп, қайта көріңіз.</span><span class="l-ru" lang="ru">Интерактивная часть страницы не загрузилась: записи и ссылки работают. Проверьте связь и попробуйте ещё раз.</span><span class="l-en" lang="en">This page's interactive parts did not load: its deeds and links still work. Check your connection and try again.</span> <button type="button" class="button" data-retry><span class="l-kk" lang="kk">Қайталау</span><span class="l-ru" lang="ru">Повторить</span><span class="l-en" lang="en">Retry</span></button></p></div>"#;

/// What a page the app draws itself shows until it does, or if it cannot.
const BOOT: &str = r#"<div class="boot" role="status"><p class="boot__brand">#AlFarabiQQ</p><div class="boot__loading"><p class="boot__text" lang="kk">Жүктелуде…</p><p class="boot__text" lang="ru">Загрузка…</p><p class="boot__text" lang="en">Loading…</p></div><div class="boot__failed"><p lang="kk">Сайт жүктелмеді. Байланысты тексеріп, қайта көріңіз.</p><p lang="ru">Сайт не загрузился. Проверьте связь и попробуйте ещё раз.</p><p lang="en">The site did not load. Check your connection and try again.</p><p><button type="button" class="button" data-retry>Қайталау · Повторить · Retry</button></p></div></div>"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn shell() -> Shell {
        Shell::new(
            "/qq/",
            "https://example.kz/qq/",
            "body{color:red}",
            Vec::new(),
            None,
        )
    }

    fn meta(title: &str, description: &str) -> PageMeta {
        PageMeta {
            part: Part::Read,
            path: "deed/5/".into(),
            titles: [title.into(), title.into(), title.into()],
            og_title: title.into(),
            description: description.into(),
            image: ShareImage::card("share/site.png"),
            og_type: "article",
            noindex: false,
            early: vec!["data/v1/all/0.json".into()],
        }
    }

    #[test]
    fn the_policy_names_exactly_the_pages_inline_script_and_style() {
        let shell = shell();
        let page = document(&shell, &meta("A deed", "What was done."), "<main></main>");
        let script = page
            .split("<script>")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .unwrap();
        let style = page
            .split("<style>")
            .nth(1)
            .and_then(|rest| rest.split("</style>").next())
            .unwrap();
        assert!(shell.policy.contains(&csp_hash(script)));
        assert!(shell.policy.contains(&csp_hash(style)));
        assert!(!shell.policy.contains("'unsafe-inline'"));
        assert!(!shell.policy.contains("'unsafe-eval'"));
        // The policy comes before anything that loads or runs.
        let at = page.find("Content-Security-Policy").unwrap();
        assert!(!page[..at].contains("<script") && !page[..at].contains("<link"));
    }

    #[test]
    fn a_deeds_text_is_escaped_in_every_place_it_goes() {
        let nasty = "</script><script>alert(1)</script> \"quoted\" 'single' --> <!-- \u{202E}evil";
        let page = document(&shell(), &meta(nasty, nasty), "");
        assert!(!page.contains("<script>alert(1)"));
        assert!(
            !page.contains("\u{202E}"),
            "no bidi override in meta or data"
        );
        // The title, the description and the preview's title as text.
        assert!(page.contains(
            "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;"
        ));
        assert!(page.contains(r#"content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; --&gt; &lt;!-- evil""#));
        // The page data: no "<" at all inside it.
        let data = page
            .split(r#"id="qq-page">"#)
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .unwrap();
        assert!(!data.contains('<') && !data.contains("-->"));
        let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(parsed["titles"]["ru"], nasty.replace('\u{202E}', ""));
    }

    #[test]
    fn links_in_the_head_are_absolute_from_the_public_address() {
        let page = document(&shell(), &meta("x", "y"), "<main></main>");
        assert!(page.contains(r#"<link rel="canonical" href="https://example.kz/qq/deed/5/">"#));
        assert!(page.contains(r#"content="https://example.kz/qq/share/site.png""#));
        assert!(page.contains(r#"<base href="/qq/">"#));
        assert!(page.contains(r#"<div id="app" data-prerendered><main></main></div>"#));
    }

    #[test]
    fn every_page_carries_the_install_offer_hidden_after_the_app_in_three_languages() {
        let page = offline(&shell());
        let app = page.find(r#"<div id="app""#).expect("the app's root");
        let offer = page
            .find(r#"<aside class="install" data-install hidden>"#)
            .expect("the offer, hidden");
        assert!(offer > app, "after the app's root, which an app replaces");
        for locale in [Locale::kk, Locale::ru, Locale::en] {
            for text in [
                td_string!(locale, install.button),
                td_string!(locale, install.ios),
                td_string!(locale, install.dismiss),
            ] {
                assert!(page.contains(&escape(text)), "{locale}: {text}");
            }
        }
        // The policy allows no inline handler: the loader listens instead.
        assert!(!page.contains(" onclick="));
    }

    #[test]
    fn the_offline_page_offers_a_retry() {
        let page = offline(&shell());
        assert!(page.contains(r#"data-retry data-testid="offline-retry""#));
        assert!(page.contains("data-offline"));
    }
}
