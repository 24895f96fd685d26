//! Every public page as finished HTML, rendered natively with the app's own components.
//!
//! The publisher renders a page the way the browser would: the app's `FeedApp`,
//! `ReadApp`, `MapApp` or `SubmitApp` ([`crate::Part`]), at the page's address, over the
//! store's files its first screen reads, which the app takes from
//! [`crate::app::rendering`] instead of fetching. Its tasks run at once
//! ([`executor`]), so the data is in the markup. The page is rendered once per language and
//! the three merged ([`languages`]). The browser's app then takes the page over.

pub mod executor;
pub mod languages;

use leptos::prelude::*;

use crate::Part;
use crate::app::rendering::{self, RenderedPage};

/// The languages a page is rendered in; the first is the page's own (without JavaScript,
/// and the default).
pub const LANGUAGES: [&str; 3] = ["kk", "ru", "en"];

/// Renders `part`'s app at `page` (its address, base and files; its `locale` is set
/// here) in one language: the markup that goes inside `#app`.
pub fn render_one(part: Part, page: &RenderedPage, locale: &str) -> String {
    executor::install();
    rendering::begin(RenderedPage {
        locale: locale.to_string(),
        ..page.clone()
    });
    let owner = Owner::new();
    let html = owner.with(|| {
        // What the router renders: the page's own address.
        provide_context(leptos_router::location::RequestUrl::new(&page.path));
        match part {
            Part::Feed => view! { <crate::FeedApp /> }.into_any().to_html(),
            Part::Read => view! { <crate::ReadApp /> }.into_any().to_html(),
            Part::Relay => view! { <crate::RelayApp /> }.into_any().to_html(),
            Part::Map => view! { <crate::MapApp /> }.into_any().to_html(),
            Part::Submit => view! { <crate::SubmitApp /> }.into_any().to_html(),
            Part::Moderate => view! { <crate::ModerateApp /> }.into_any().to_html(),
        }
    });
    owner.unset_with_forced_cleanup();
    executor::reset();
    rendering::finish();
    html
}

/// Renders `part`'s app at `page` in every language and merges them; when the renders
/// cannot be merged (they differ in shape), the page's own language alone, and why.
pub fn render(part: Part, page: &RenderedPage) -> (String, Option<languages::MergeError>) {
    let renders: Vec<(&str, String)> = LANGUAGES
        .iter()
        .map(|locale| (*locale, render_one(part, page, locale)))
        .collect();
    let borrowed: Vec<(&str, &str)> = renders.iter().map(|(l, h)| (*l, h.as_str())).collect();
    match languages::merge(&borrowed) {
        Ok(merged) => (merged, None),
        Err(error) => (renders[0].1.clone(), Some(error)),
    }
}

#[cfg(test)]
mod tests {
    use std::{collections::HashMap, rc::Rc};

    use super::*;

    fn sample_files() -> HashMap<String, Rc<str>> {
        files_of(crate::native::inbox::sample_source().expect("the sample is valid"))
    }

    fn files_of(source: crate::native::publish::Source) -> HashMap<String, Rc<str>> {
        let files = crate::native::publish::build_store(&source).expect("the sample builds");
        files
            .into_iter()
            .map(|(path, bytes)| {
                let text = String::from_utf8(bytes).expect("the store is UTF-8");
                (path, Rc::from(text.as_str()))
            })
            .collect()
    }

    fn page(path: &str) -> RenderedPage {
        RenderedPage {
            path: path.to_string(),
            base: String::new(),
            locale: String::new(),
            files: Rc::new(sample_files()),
            store: None,
        }
    }

    #[test]
    fn the_about_page_renders_in_each_language() {
        let kk = render_one(Part::Read, &page("/about"), "kk");
        let en = render_one(Part::Read, &page("/about"), "en");
        assert!(kk.contains("<main"), "{kk}");
        assert_ne!(kk, en);
        let (merged, error) = render(Part::Read, &page("/about"));
        assert_eq!(error, None);
        assert!(merged.contains("class=\"l-ru\""));
    }

    #[test]
    fn a_deed_page_shows_its_deed() {
        let html = render_one(Part::Read, &page("/deed/1"), "en");
        let source = crate::native::inbox::sample_source().unwrap();
        let first = &source.deeds[0];
        assert!(html.contains(&first.title), "{html}");
    }

    #[test]
    fn every_public_page_renders_in_every_language_and_merges() {
        for (part, path) in [
            (Part::Feed, "/"),
            (Part::Read, "/deed/1"),
            (Part::Read, "/u/kaznu"),
            (Part::Relay, "/relay"),
            (Part::Read, "/about"),
            (Part::Read, "/no-such-page"),
            (Part::Map, "/map"),
            (Part::Submit, "/submit"),
            (Part::Submit, "/invite"),
        ] {
            let (html, error) = render(part, &page(path));
            assert_eq!(error, None, "{path}");
            assert!(html.contains("<main"), "{path}");
            assert!(html.contains("l-en"), "{path} has no English text");
        }
    }

    #[test]
    fn the_relay_page_is_published_with_its_chain_and_holders() {
        let html = render_one(Part::Relay, &page("/relay/"), "en");
        assert!(html.contains("data-testid=\"relay-chain\""), "{html}");
        assert!(
            html.contains("data-generation=\"0\" data-university=\"kaznu\""),
            "{html}"
        );
        assert!(html.contains("href=\"/u/satbayev/\""), "{html}");
        assert!(html.contains("data-testid=\"relay-holders\""), "{html}");
        assert!(html.contains("<details open"), "{html}");
    }

    fn photo(name: &str, alt: &str) -> crate::model::photo::Photo {
        crate::model::photo::Photo {
            name: name.into(),
            alt: alt.into(),
            width: 1200,
            height: 900,
        }
    }

    /// The sample with photos on its two newest deeds: two on the newest, one on the next.
    fn with_photos() -> (crate::native::publish::Source, RenderedPage) {
        let mut source = crate::native::inbox::sample_source().unwrap();
        let count = source.deeds.len();
        source.deeds[count - 1].photos = vec![
            photo("aaaaaaaaaaaaaaaa", "Students carry boxes of food"),
            photo("bbbbbbbbbbbbbbbb", "A volunteer reads to a child"),
        ];
        source.deeds[count - 2].photos = vec![photo("cccccccccccccccc", "Trees planted by a road")];
        let page = RenderedPage {
            files: Rc::new(files_of(source.clone())),
            ..page("/")
        };
        (source, page)
    }

    /// The `<img …>` tag that carries `alt`.
    fn img_with<'a>(html: &'a str, alt: &str) -> &'a str {
        let at = html
            .find(&format!(r#"alt="{alt}""#))
            .unwrap_or_else(|| panic!("no image of {alt:?} in {html}"));
        let start = html[..at].rfind("<img").unwrap();
        let end = at + html[at..].find('>').unwrap();
        &html[start..=end]
    }

    #[test]
    fn the_feed_shows_a_deeds_first_photo_lazy_below_the_first_card() {
        let (_, page) = with_photos();
        let (html, error) = render(Part::Feed, &page);
        assert_eq!(error, None);
        let first = img_with(&html, "Students carry boxes of food");
        for attribute in [
            r#"src="data/v1/photos/aaaaaaaaaaaaaaaa-480.jpg""#,
            r#"srcset="data/v1/photos/aaaaaaaaaaaaaaaa-480.jpg 480w, data/v1/photos/aaaaaaaaaaaaaaaa-1200.jpg 1200w""#,
            r#"width="1200""#,
            r#"height="900""#,
            r#"sizes="6rem""#,
            r#"decoding="async""#,
        ] {
            assert!(first.contains(attribute), "{attribute} in {first}");
        }
        assert!(
            first.contains(r#"loading="eager" fetchpriority="auto""#),
            "the first card's photo is asked for at once: {first}"
        );
        // A card shows its first photo only.
        assert!(!html.contains("A volunteer reads to a child"));
        let second = img_with(&html, "Trees planted by a road");
        assert!(second.contains(r#"loading="lazy""#), "{second}");
    }

    #[test]
    fn a_deed_page_shows_every_photo_the_first_at_once() {
        let (source, page) = with_photos();
        let newest = source.deeds.last().unwrap();
        let page = RenderedPage {
            path: format!("/deed/{}", newest.id),
            ..page
        };
        let (html, error) = render(Part::Read, &page);
        assert_eq!(error, None);
        let first = img_with(&html, "Students carry boxes of food");
        assert!(first.contains(r#"fetchpriority="high""#), "{first}");
        assert!(first.contains(r#"loading="eager""#), "{first}");
        assert!(first.contains(r#"width="1200" height="900""#), "{first}");
        assert!(first.contains("aaaaaaaaaaaaaaaa-1200.jpg 1200w"), "{first}");
        let second = img_with(&html, "A volunteer reads to a child");
        assert!(second.contains(r#"loading="lazy""#), "{second}");
        assert!(second.contains(r#"fetchpriority="auto""#), "{second}");
        assert_eq!(html.matches("<img").count(), 2, "{html}");
    }

    #[test]
    fn a_deed_without_photos_shows_no_image() {
        let html = render_one(Part::Read, &page("/deed/1"), "en");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn the_feed_shows_the_newest_deeds() {
        let html = render_one(Part::Feed, &page("/"), "ru");
        let source = crate::native::inbox::sample_source().unwrap();
        let newest = source.deeds.last().unwrap();
        assert!(html.contains(&newest.title), "{html}");
    }
}

#[cfg(test)]
mod timing {
    use std::{collections::HashMap, rc::Rc, sync::Arc};

    use super::*;
    use crate::app::rendering::PreparedStore;
    use crate::model::{Deed, University, feed::Directory, store::Manifest};

    #[test]
    #[ignore = "a measurement: cargo test --release -- --ignored --nocapture"]
    fn time_deed_pages() {
        let source = crate::native::inbox::sample_source().unwrap();
        let files = crate::native::publish::build_store(&source).unwrap();
        let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
        let manifest: Manifest = serde_json::from_str(&text("data/v1/manifest.json")).unwrap();
        let universities: Vec<University> = source.universities.clone();
        let mut pages = HashMap::new();
        for (path, bytes) in &files {
            if path.starts_with("data/v1/all/") {
                let page: crate::model::store::Page = serde_json::from_slice(bytes).unwrap();
                let deeds: Vec<Deed> = page.deeds;
                pages.insert(path.clone(), Rc::new(deeds));
            }
        }
        let store = Rc::new(PreparedStore {
            manifest: Arc::new(manifest),
            directory: Arc::new(Directory::new(universities)),
            pages,
        });
        let started = std::time::Instant::now();
        let mut bytes = 0;
        for id in 1..=300 {
            let page = RenderedPage {
                path: format!("/deed/{id}/"),
                base: String::new(),
                locale: String::new(),
                files: Rc::new(HashMap::new()),
                store: Some(store.clone()),
            };
            let (html, error) = render(Part::Read, &page);
            assert!(error.is_none());
            bytes += html.len();
        }
        let took = started.elapsed();
        println!(
            "300 deed pages: {took:?}, {:?} each, {} bytes each",
            took / 300,
            bytes / 300
        );
    }
}
