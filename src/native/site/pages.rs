//! Which pages the site has and what each one's head says: the home page (the feed), a
//! page per deed and per university, the relay, the map, about, the form, the
//! moderators' page and the not-found page; and the sitemap that lists the public ones.

use crate::Part;
use crate::i18n::{Locale, td_string};
use crate::model::{
    Deed, University, Virtue,
    store::{ListId, Manifest, STORE_DIR, newest_url, page_of_deed},
};
use crate::native::site::shell::{PageMeta, ShareImage};

/// The site's name in a language, after a page's own title: "About · Qayirimdy Qogam".
fn titled(locale: Locale, title: &str) -> String {
    format!("{title} · {}", td_string!(locale, site.name))
}

/// The same title in the three languages, from a translation per language.
fn three(title: impl Fn(Locale) -> String) -> [String; 3] {
    [
        titled(Locale::kk, &title(Locale::kk)),
        titled(Locale::ru, &title(Locale::ru)),
        titled(Locale::en, &title(Locale::en)),
    ]
}

/// The opening of a story for a preview: at most about `max` characters, cut at a word.
pub fn opening(story: &str, max: usize) -> String {
    let story = story.split_whitespace().collect::<Vec<_>>().join(" ");
    if story.chars().count() <= max {
        return story;
    }
    let cut: String = story.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '—', '-']))
}

/// The store's files the feed's first screen reads: the manifest, the universities and
/// the newest deeds (`newest.json`, 8 of them: the feed's first step, see the app's
/// `deed_feed/newest.rs`), whatever the size of the store.
pub fn first_screen() -> Vec<String> {
    vec![
        format!("{STORE_DIR}/manifest.json"),
        format!("{STORE_DIR}/universities.json"),
        newest_url(),
    ]
}

/// The pages the feed reads after `newest.json`: the newest page of all deeds, and the one
/// before when that holds fewer than a batch (20). For the service worker, so the feed
/// offline shows more than its first step.
pub fn newest_pages(manifest: &Manifest) -> Vec<String> {
    let mut files = Vec::new();
    if let Some(last) = manifest.last_page(&ListId::All) {
        files.push(ListId::All.page_url(last));
        let on_last = manifest.last_id - last * manifest.page_size;
        if last > 0 && on_last < 20 {
            files.push(ListId::All.page_url(last - 1));
        }
    }
    files
}

fn base_files() -> Vec<String> {
    vec![
        format!("{STORE_DIR}/manifest.json"),
        format!("{STORE_DIR}/universities.json"),
    ]
}

/// The home page: the feed.
pub fn home() -> PageMeta {
    PageMeta {
        part: Part::Feed,
        path: String::new(),
        titles: three(|l| td_string!(l, feed.title).to_string()),
        og_title: format!(
            "{} · {}",
            td_string!(Locale::kk, site.name),
            td_string!(Locale::kk, site.tagline)
        ),
        description: td_string!(Locale::kk, feed.intro).to_string(),
        image: ShareImage::card("share/site.png"),
        og_type: "website",
        noindex: false,
        early: first_screen(),
    }
}

/// A deed's page.
pub fn deed(deed: &Deed, university: Option<&University>) -> PageMeta {
    let by = university.map(|u| u.short.kk.clone()).unwrap_or_default();
    PageMeta {
        part: Part::Read,
        path: format!("deed/{}/", deed.id),
        titles: [
            titled(Locale::kk, &deed.title),
            titled(Locale::ru, &deed.title),
            titled(Locale::en, &deed.title),
        ],
        og_title: if by.is_empty() {
            deed.title.clone()
        } else {
            format!("{} · {by}", deed.title)
        },
        description: opening(&deed.story, 200),
        // The deed's first photo when it has one, else its university's card.
        image: deed.photos.first().map_or_else(
            || {
                ShareImage::card(university.map_or_else(
                    || virtue_image(deed.virtue),
                    |u| format!("share/u/{}.png", u.id),
                ))
            },
            ShareImage::photo,
        ),
        og_type: "article",
        noindex: false,
        early: {
            let mut files = base_files();
            files.push(ListId::All.page_url(page_of_deed(deed.id)));
            files
        },
    }
}

/// A university's page.
pub fn university(university: &University, manifest: &Manifest) -> PageMeta {
    let list = ListId::University(university.id.clone());
    let mut early = base_files();
    early.push(format!("{STORE_DIR}/stats.json"));
    early.push(format!("{STORE_DIR}/relay.json"));
    if let Some(last) = manifest.last_page(&list) {
        early.push(list.page_url(last));
    }
    PageMeta {
        part: Part::Read,
        path: format!("u/{}/", university.id),
        titles: [
            titled(Locale::kk, &university.name.kk),
            titled(Locale::ru, &university.name.ru),
            titled(Locale::en, &university.name.en),
        ],
        og_title: format!("{} · {}", university.name.kk, university.city.kk),
        description: format!(
            "{} ({}, {}): #AlFarabiQQ",
            university.name.kk, university.name.ru, university.city.ru
        ),
        image: ShareImage::card(format!("share/u/{}.png", university.id)),
        og_type: "website",
        noindex: false,
        early,
    }
}

/// The share image of a virtue.
pub fn virtue_image(virtue: Virtue) -> String {
    format!("share/v/{}.png", virtue.slug())
}

/// A page of its own address with no record behind it: the relay, about, the map, the form.
pub fn plain(part: Part, path: &str, which: Plain) -> PageMeta {
    let (titles, description) = match which {
        Plain::Relay => (
            three(|l| td_string!(l, relay.title).to_string()),
            td_string!(Locale::kk, relay.intro).to_string(),
        ),
        Plain::About => (
            three(|l| td_string!(l, about.title).to_string()),
            td_string!(Locale::kk, about.lead).to_string(),
        ),
        Plain::Map => (
            three(|l| td_string!(l, map.title).to_string()),
            td_string!(Locale::kk, map.intro).to_string(),
        ),
        Plain::Submit => (
            three(|l| td_string!(l, submit.title).to_string()),
            td_string!(Locale::kk, submit.intro).to_string(),
        ),
        Plain::Invite => (
            three(|l| td_string!(l, invite.title).to_string()),
            td_string!(Locale::kk, invite.intro).to_string(),
        ),
        Plain::NotFound => (
            three(|l| td_string!(l, not_found.title).to_string()),
            td_string!(Locale::kk, not_found.text).to_string(),
        ),
    };
    let mut early = base_files();
    match which {
        // The relay's figures, chain and holders read the counts and the passes.
        Plain::Relay => {
            early.push(format!("{STORE_DIR}/stats.json"));
            early.push(format!("{STORE_DIR}/relay.json"));
        }
        Plain::Map => {
            early.push(format!("{STORE_DIR}/stats.json"));
            early.push(format!("{STORE_DIR}/relay.json"));
            early.push("data/geo/world.json".into());
        }
        Plain::Submit => early.insert(0, "config.json".into()),
        // The invitation's date comes from the passes.
        Plain::Invite => {
            early.insert(0, "config.json".into());
            early.push(format!("{STORE_DIR}/relay.json"));
        }
        _ => {}
    }
    PageMeta {
        part,
        path: path.to_string(),
        og_title: titles[0].clone(),
        titles,
        description: opening(&description, 200),
        image: ShareImage::card("share/site.png"),
        og_type: "website",
        // An invitation is for the one who was sent it, not for search engines.
        noindex: matches!(which, Plain::NotFound | Plain::Invite),
        early,
    }
}

/// The moderators' page: the app draws it (nothing of it is public), kept out of search
/// engines.
pub fn moderate() -> PageMeta {
    PageMeta {
        part: Part::Moderate,
        path: "moderate/".into(),
        titles: three(|l| td_string!(l, moderate.title).to_string()),
        og_title: td_string!(Locale::kk, moderate.title).to_string(),
        description: td_string!(Locale::kk, site.tagline).to_string(),
        image: ShareImage::card("share/site.png"),
        og_type: "website",
        noindex: true,
        early: {
            let mut files = base_files();
            files.insert(0, "config.json".into());
            files
        },
    }
}

/// The pages [`plain`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    Relay,
    About,
    Map,
    Submit,
    /// The invitation to carry the baton (`/invite/?u=…&from=…`).
    Invite,
    NotFound,
}

/// The most addresses one sitemap file may list (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The sitemap of `paths` (relative to the site, each a page): one `sitemap.xml`, or, past
/// [`SITEMAP_LIMIT`], a sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`, …. Returns
/// the files as `(name, text)`.
pub fn sitemaps(public_url: &str, paths: &[String]) -> Vec<(String, String)> {
    let urlset = |chunk: &[String]| {
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
"#,
        );
        for path in chunk {
            xml.push_str("<url><loc>");
            xml.push_str(&xml_escape(&format!("{public_url}{path}")));
            xml.push_str("</loc></url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    };
    if paths.len() <= SITEMAP_LIMIT {
        return vec![("sitemap.xml".into(), urlset(paths))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
"#,
    );
    for (n, chunk) in paths.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str("<sitemap><loc>");
        index.push_str(&xml_escape(&format!("{public_url}{name}")));
        index.push_str("</loc></sitemap>\n");
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `robots.txt`: everything but the moderators' page and the API, and the sitemap.
pub fn robots(public_url: &str, base: &str) -> String {
    format!(
        "User-agent: *\nDisallow: {base}moderate/\nDisallow: {base}api/\n\nSitemap: {public_url}sitemap.xml\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storys_opening_is_cut_at_a_word() {
        assert_eq!(opening("Short story.", 200), "Short story.");
        let long = "We planted trees along the river, then painted the school fence, and finally";
        let cut = opening(long, 40);
        assert!(cut.ends_with('…') && cut.chars().count() <= 41, "{cut}");
        assert!(!cut.contains("fen"), "cut at a word: {cut}");
    }

    #[test]
    fn the_relay_page_asks_early_for_the_passes_and_the_counts() {
        let meta = plain(Part::Read, "relay/", Plain::Relay);
        for file in [
            "manifest.json",
            "universities.json",
            "stats.json",
            "relay.json",
        ] {
            let url = format!("{STORE_DIR}/{file}");
            assert!(meta.early.contains(&url), "{url} in {:?}", meta.early);
        }
    }

    #[test]
    fn a_deed_with_photos_is_previewed_by_its_first_photo_else_by_a_card() {
        use crate::native::site::shell::{Shell, document};
        let source = crate::native::inbox::sample_source().unwrap();
        let mut with = source.deeds[0].clone();
        let university = source.universities.iter().find(|u| u.id == with.university);
        let shell = Shell::new("/qq/", "https://example.kz/qq/", "", Vec::new(), None);
        let without = document(&shell, &deed(&with, university), "<main></main>");
        assert!(without.contains(&format!(
            r#"<meta property="og:image" content="https://example.kz/qq/share/u/{}.png"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630"><meta property="og:locale""#,
            with.university
        )));
        with.photos = vec![crate::model::photo::Photo {
            name: "0123456789abcdef".into(),
            alt: "Students & their \"boxes\"".into(),
            width: 900,
            height: 1200,
        }];
        let page = document(&shell, &deed(&with, university), "<main></main>");
        assert!(page.contains(
            r#"<meta property="og:image" content="https://example.kz/qq/data/v1/photos/0123456789abcdef-1200.jpg"><meta property="og:image:width" content="900"><meta property="og:image:height" content="1200"><meta property="og:image:alt" content="Students &amp; their &quot;boxes&quot;">"#
        ), "{page}");
    }

    #[test]
    fn past_fifty_thousand_addresses_the_sitemap_is_an_index() {
        let few: Vec<String> = (1..=3).map(|n| format!("deed/{n}/")).collect();
        let one = sitemaps("https://example.kz/", &few);
        assert_eq!(one.len(), 1);
        assert!(one[0].1.contains("<loc>https://example.kz/deed/2/</loc>"));
        let many: Vec<String> = (1..=100_001).map(|n| format!("deed/{n}/")).collect();
        let split = sitemaps("https://example.kz/", &many);
        assert_eq!(split.len(), 4, "an index and three files");
        assert!(split[0].1.contains("<sitemapindex"));
        assert!(split[0].1.contains("https://example.kz/sitemap-3.xml"));
        assert_eq!(split[3].1.matches("<url>").count(), 1);
    }
}
