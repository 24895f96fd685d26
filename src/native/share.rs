//! Link-preview images ("share images", for Open Graph and Twitter cards): PNG, 1200x630,
//! drawn by the publisher for a university's page ([`university_image`]), a virtue
//! ([`virtue_image`]) and the site itself ([`site_image`]), in the site's look: teal, gold,
//! the project's mark, #AlFarabiQQ.
//!
//! Each image is an SVG written here (`svg`), with every line placed and sized by
//! `layout` so that long names wrap, shrink, or at worst end in "…" instead of running
//! off the image, then drawn by resvg. Text is set in the committed Noto Sans
//! (`fonts`, Latin and Cyrillic with the Kazakh letters), never a system font, so an
//! image is the same bytes on every machine. Every word the images draw besides the
//! data's own names comes from the locale files ([`ShareTexts`]), in Kazakh, Russian and
//! English: a page is published once for the three languages, and so is its image.
//!
//! A deed's page is meant to use its university's image (or the deed's own photo): see
//! the figures below for why one image per deed does not pay.
//!
//! # What it costs
//!
//! `cargo run --release --example bench_share` (the release profile, `opt-level = "z"`,
//! one thread on this project's 2-core machine), the sample's longest name:
//!
//! | image | time to draw | PNG |
//! | --- | --- | --- |
//! | a university | 24 ms | 35 KB |
//! | a virtue | 18 ms | 27 KB |
//! | the site | 15 ms | 26 KB |
//!
//! Every one of the 44 sample universities: 0.9 s and 1.3 MB (30 KB each). Of a
//! university's 24 ms, laying out the text takes 0.2 ms, parsing the SVG (with the text's
//! shaping) 2 ms, rasterising 11 ms and the PNG's compression the rest; the PNG is
//! indexed (a palette of the image's own colours, lossless), half the size of RGBA. The
//! raster and PNG crates at `opt-level = 3` would draw a university in 16 ms: not worth a
//! profile override at these numbers.
//!
//! One image per deed at 100,000 deeds would be 100,000 × 24 ms = 40 minutes of CPU,
//! 20 minutes on two cores at best, for every full rebuild, and 3.5 GB of PNGs to store
//! and serve, against about 10 MB for 300 universities: per-deed images do not pay.

mod fonts;
mod layout;
mod svg;
mod texts;

pub use svg::{HEIGHT, WIDTH};
pub use texts::ShareTexts;

use crate::model::{HASHTAG, University, Virtue};
use fonts::Weight;
use layout::{Anchor, Area, Block, Font};
use svg::Svg;

/// Why an image could not be drawn. Neither should happen for any data: the SVG is
/// written here with every text escaped.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("the share image's SVG is invalid: {0}")]
    Svg(#[from] resvg::usvg::Error),
    #[error("the share image could not be encoded as PNG: {0}")]
    Png(#[from] png::EncodingError),
    #[error("an image of {0} pixels a side cannot be drawn")]
    Size(u32),
}

/// The app icons `qq site` writes (`icons/…`), as the web app manifest and the pages' head
/// name them: file name, size in pixels, and whether it is maskable.
pub const APP_ICONS: [(&str, u32, bool); 4] = [
    ("icon-192.png", 192, false),
    ("icon-512.png", 512, false),
    ("icon-maskable-512.png", 512, true),
    ("apple-touch-icon.png", 180, false),
];

/// The site's mark (`public/icon.svg`: a gold ring and four rays, the baton passed in every
/// direction) as an app icon of `size` pixels on a full-bleed teal square, which launchers
/// round or cut as their platform does. A `maskable` icon keeps the mark within the middle
/// 56 %, inside the circle no launcher's mask cuts into (the middle 80 %).
pub fn app_icon(size: u32, maskable: bool) -> Result<Vec<u8>, ShareError> {
    let scale = f64::from(size) / 64.0 * if maskable { 0.75 } else { 1.0 };
    let drawing = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}"><rect width="{size}" height="{size}" fill="{TEAL}"/><g transform="translate({half} {half}) scale({scale}) translate(-32 -32)"><circle cx="32" cy="32" r="13" fill="none" stroke="{GOLD}" stroke-width="5"/><path d="M32 8v9M32 47v9M8 32h9M47 32h9" stroke="{GOLD}" stroke-width="5" stroke-linecap="round"/></g></svg>"#,
        half = f64::from(size) / 2.0,
    );
    svg::render_square(&drawing, size)
}

/// The space around everything, in pixels.
const MARGIN: f32 = 64.0;
/// The right edge of the text.
const RIGHT: f32 = WIDTH as f32 - MARGIN;

/// The site's colours (`style/main.css`): `--accent`, `--gold`, `--text`, `--muted`,
/// `--line`.
const TEAL: &str = "#00677a";
const GOLD: &str = "#fec50c";
const INK: &str = "#14212b";
const MUTED: &str = "#465662";
const TRACK: &str = "#d5dfe4";
const WHITE: &str = "#ffffff";
/// Secondary text on teal.
const SOFT: &str = "#cfe6eb";
/// The mark's square on a teal background: a darker teal, so the mark stands out.
const PLATE: &str = "#004f5d";

/// Where the white panel with the numbers begins.
const PANEL_TOP: f32 = 462.0;

/// A virtue's colour, as the site's virtue cards have it (`.virtue--*`).
fn virtue_colour(virtue: Virtue) -> &'static str {
    match virtue {
        Virtue::Kindness => "#e0679b",
        Virtue::Decency => "#00a5bd",
        Virtue::Honesty => GOLD,
        Virtue::Justice => "#6f7bd9",
    }
}

/// The image for a university's page: its short and full names (Kazakh first, then
/// Russian and English where they differ), its city, its number of deeds and the balance
/// of their virtues (`by_virtue`, any order; virtues left out count 0).
pub fn university_image(
    university: &University,
    deeds: u64,
    by_virtue: &[(Virtue, u64)],
    texts: &ShareTexts,
) -> Result<Vec<u8>, ShareError> {
    svg::render(&university_svg(university, deeds, by_virtue, texts))
}

/// The image for a virtue: its name in the three languages and its short description.
pub fn virtue_image(virtue: Virtue, texts: &ShareTexts) -> Result<Vec<u8>, ShareError> {
    svg::render(&virtue_svg(virtue, texts))
}

/// The site's own image: the relay's name, #AlFarabiQQ, and how many deeds, universities
/// and countries it counts.
pub fn site_image(
    deeds: u64,
    universities: u64,
    countries: u64,
    texts: &ShareTexts,
) -> Result<Vec<u8>, ShareError> {
    svg::render(&site_svg(deeds, universities, countries, texts))
}

/// The characters of `text` the images' fonts cannot draw (they would show as boxes),
/// each once, in order: for the publisher to name a university whose image would.
pub fn undrawable(text: &str) -> Vec<char> {
    let mut missing = fonts::missing_glyphs(text, Weight::Regular);
    for character in fonts::missing_glyphs(text, Weight::Bold) {
        if !missing.contains(&character) {
            missing.push(character);
        }
    }
    missing
}

/// The texts that differ, in order, leaving out empty ones: a city called the same in all
/// three languages is written once.
fn distinct<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut kept: Vec<&str> = Vec::new();
    for text in texts {
        let text = text.trim();
        if !text.is_empty() && !kept.contains(&text) {
            kept.push(text);
        }
    }
    kept
}

/// A number as the images write it: from 10 000 on, digits in groups of three parted by
/// a narrow no-break space, which reads right in all three languages.
fn number(n: u64) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

/// The top of the university and virtue images: the mark, #AlFarabiQQ and the site's
/// name, and `right` (if any) at the right end of the hashtag's line.
fn header(svg: &mut Svg, texts: &ShareTexts, right: Option<&str>) {
    const TOP: f32 = 48.0;
    const MARK: f32 = 76.0;
    let x = MARGIN + MARK + 20.0;
    svg.mark(MARGIN, TOP, MARK, PLATE, GOLD);
    let tag_size = 34.0;
    let tag_baseline = TOP + 34.0;
    svg.text(
        HASHTAG,
        x,
        tag_baseline,
        Font::bold(tag_size, GOLD),
        Anchor::Start,
    );
    let site = distinct(texts.site_name).join(" · ");
    let (site, size) = layout::one_line(&site, Weight::Regular, 22.0, RIGHT - x);
    svg.text(
        &site,
        x,
        TOP + 66.0,
        Font::regular(size, SOFT),
        Anchor::Start,
    );
    if let Some(right) = right {
        let tag_width = fonts::width_em(HASHTAG, Weight::Bold) * tag_size;
        let room = RIGHT - (x + tag_width + 48.0);
        let (text, size) = layout::one_line(right, Weight::Regular, 26.0, room);
        svg.text(
            &text,
            RIGHT,
            tag_baseline,
            Font::regular(size, WHITE),
            Anchor::End,
        );
    }
}

/// A number in the site's teal with its noun in the three languages beside it, on the
/// white panel, centred on `middle`. Returns where it ends on the right.
fn stat_beside(svg: &mut Svg, x: f32, middle: f32, n: u64, nouns: [&str; 3]) -> f32 {
    let digits = number(n);
    let size = layout::shrink_to_fit(&digits, Weight::Bold, 80.0, 380.0);
    let digits_width = fonts::width_em(&digits, Weight::Bold) * size;
    svg.text(
        &digits,
        x,
        middle + size * fonts::CAP_HEIGHT / 2.0,
        Font::bold(size, TEAL),
        Anchor::Start,
    );
    let label_x = x + digits_width + 20.0;
    let nouns = distinct(nouns);
    let line = 27.0;
    let first = middle - line * nouns.len() as f32 / 2.0 + line * 0.78;
    let mut right = label_x;
    for (index, noun) in nouns.iter().enumerate() {
        let (noun, size) = layout::one_line(noun, Weight::Regular, 22.0, 300.0);
        let baseline = first + line * index as f32;
        svg.text(
            &noun,
            label_x,
            baseline,
            Font::regular(size, MUTED),
            Anchor::Start,
        );
        right = right.max(label_x + fonts::width_em(&noun, Weight::Regular) * size);
    }
    right
}

/// A number with its noun in the three languages under it, in a column of the white
/// panel (which begins at `top`) starting at `x`, `width` wide.
fn stat_below(svg: &mut Svg, x: f32, top: f32, width: f32, n: u64, nouns: [&str; 3]) {
    let digits = number(n);
    let size = layout::shrink_to_fit(&digits, Weight::Bold, 76.0, width - 24.0);
    svg.text(
        &digits,
        x,
        top + 84.0,
        Font::bold(size, TEAL),
        Anchor::Start,
    );
    for (index, noun) in distinct(nouns).iter().enumerate() {
        let (noun, size) = layout::one_line(noun, Weight::Regular, 22.0, width - 24.0);
        let baseline = top + 122.0 + 27.0 * index as f32;
        svg.text(
            &noun,
            x,
            baseline,
            Font::regular(size, MUTED),
            Anchor::Start,
        );
    }
}

/// Each virtue's count, in [`Virtue::ALL`]'s order, from pairs in any order.
fn counts(by_virtue: &[(Virtue, u64)]) -> [u64; 4] {
    Virtue::ALL.map(|virtue| {
        by_virtue
            .iter()
            .filter(|(of, _)| *of == virtue)
            .map(|(_, count)| count)
            .fold(0_u64, |sum, count| sum.saturating_add(*count))
    })
}

/// The widths of the balance bar's segments, `width` shared in proportion to `counts`
/// (all zero when nothing is counted).
fn segments(counts: [u64; 4], width: f32) -> [f32; 4] {
    let total: f64 = counts.iter().map(|&count| count as f64).sum();
    if total == 0.0 {
        return [0.0; 4];
    }
    counts.map(|count| (count as f64 / total * f64::from(width)) as f32)
}

/// The balance of a university's deeds by virtue, between `left` and the right margin of
/// the white panel: a bar of the four colours and, under it, each virtue's (Kazakh) name
/// and count.
fn balance(svg: &mut Svg, left: f32, by_virtue: &[(Virtue, u64)], texts: &ShareTexts) {
    let width = RIGHT - left;
    let counts = counts(by_virtue);
    let widths = segments(counts, width);
    let coloured: Vec<(f32, &str)> = Virtue::ALL
        .iter()
        .zip(widths)
        .map(|(virtue, segment)| (segment, virtue_colour(*virtue)))
        .collect();
    svg.bar(left, PANEL_TOP + 40.0, width, 20.0, TRACK, &coloured);
    let column = width / 2.0;
    for (index, virtue) in Virtue::ALL.into_iter().enumerate() {
        let x = left + column * (index % 2) as f32;
        let baseline = PANEL_TOP + 98.0 + 36.0 * (index / 2) as f32;
        svg.dot(x + 8.0, baseline - 7.0, 8.0, virtue_colour(virtue));
        let label = format!("{} {}", texts.virtue_name(virtue)[0], number(counts[index]));
        let (label, size) = layout::one_line(&label, Weight::Regular, 22.0, column - 40.0);
        svg.text(
            &label,
            x + 24.0,
            baseline,
            Font::regular(size, INK),
            Anchor::Start,
        );
    }
}

/// The university image's SVG.
fn university_svg(
    university: &University,
    deeds: u64,
    by_virtue: &[(Virtue, u64)],
    texts: &ShareTexts,
) -> String {
    let mut svg = Svg::new(TEAL);
    let city = distinct(university.city.all().map(String::as_str)).join(" · ");
    header(&mut svg, texts, Some(&city));

    let shorts = distinct(university.short.all().map(String::as_str)).join(" · ");
    let names = distinct(university.name.all().map(String::as_str));
    let mut blocks = vec![Block {
        text: &shorts,
        font: Font::bold(56.0, GOLD),
        max_lines: 1,
        gap_before: 0.0,
    }];
    for (index, name) in names.iter().enumerate() {
        blocks.push(if index == 0 {
            Block {
                text: name,
                font: Font::bold(40.0, WHITE),
                max_lines: 2,
                gap_before: 14.0,
            }
        } else {
            Block {
                text: name,
                font: Font::regular(28.0, SOFT),
                max_lines: 2,
                gap_before: 8.0,
            }
        });
    }
    svg.lines(&layout::stack(&blocks, NAMES));

    svg.rect(
        0.0,
        PANEL_TOP,
        WIDTH as f32,
        HEIGHT as f32 - PANEL_TOP,
        0.0,
        WHITE,
    );
    let middle = (PANEL_TOP + HEIGHT as f32) / 2.0;
    let stat_right = stat_beside(
        &mut svg,
        MARGIN,
        middle,
        deeds,
        texts.deeds.all_after(deeds),
    );
    balance(&mut svg, (stat_right + 56.0).max(440.0), by_virtue, texts);
    svg.finish()
}

/// Where the university's names go: between the header and the white panel.
const NAMES: Area = Area {
    x: MARGIN,
    y: 148.0,
    width: RIGHT - MARGIN,
    height: 290.0,
};

/// The virtue image's SVG.
fn virtue_svg(virtue: Virtue, texts: &ShareTexts) -> String {
    let mut svg = Svg::new(TEAL);
    svg.rect(0.0, 0.0, 20.0, HEIGHT as f32, 0.0, virtue_colour(virtue));
    header(&mut svg, texts, None);

    let [kk, ru, en] = texts.virtue_name(virtue);
    let others = distinct([ru, en]).join(" · ");
    let mut blocks = vec![
        Block {
            text: kk,
            font: Font::bold(96.0, WHITE),
            max_lines: 1,
            gap_before: 0.0,
        },
        Block {
            text: &others,
            font: Font::regular(44.0, GOLD),
            max_lines: 1,
            gap_before: 4.0,
        },
    ];
    // The Kazakh description first and larger, then the others.
    for (index, description) in distinct(texts.virtue_text(virtue)).into_iter().enumerate() {
        let (font, gap_before) = match index {
            0 => (Font::regular(30.0, WHITE), 32.0),
            _ => (Font::regular(26.0, SOFT), 12.0),
        };
        blocks.push(Block {
            text: description,
            font,
            max_lines: 2,
            gap_before,
        });
    }
    let area = Area {
        x: MARGIN,
        y: 150.0,
        width: RIGHT - MARGIN,
        height: HEIGHT as f32 - 150.0 - 40.0,
    };
    svg.lines(&layout::stack(&blocks, area));
    svg.finish()
}

/// The site image's SVG.
fn site_svg(deeds: u64, universities: u64, countries: u64, texts: &ShareTexts) -> String {
    let mut svg = Svg::new(TEAL);
    const MARK: f32 = 120.0;
    svg.mark(MARGIN, 56.0, MARK, PLATE, GOLD);
    let x = MARGIN + MARK + 32.0;
    let (tag, size) = layout::one_line(HASHTAG, Weight::Bold, 84.0, RIGHT - x);
    let baseline = 56.0 + MARK / 2.0 + size * fonts::CAP_HEIGHT / 2.0;
    svg.text(&tag, x, baseline, Font::bold(size, GOLD), Anchor::Start);

    let [kk, ru, en] = texts.site_name;
    let others = distinct([ru, en])
        .into_iter()
        .filter(|name| *name != kk.trim())
        .collect::<Vec<_>>()
        .join(" · ");
    let taglines = distinct(texts.tagline).join(" · ");
    let blocks = [
        Block {
            text: kk,
            font: Font::bold(60.0, WHITE),
            max_lines: 1,
            gap_before: 0.0,
        },
        Block {
            text: &others,
            font: Font::regular(36.0, SOFT),
            max_lines: 1,
            gap_before: 2.0,
        },
        Block {
            text: &taglines,
            font: Font::regular(28.0, SOFT),
            max_lines: 2,
            gap_before: 14.0,
        },
    ];
    const PANEL: f32 = 420.0;
    let area = Area {
        x: MARGIN,
        y: 196.0,
        width: RIGHT - MARGIN,
        height: PANEL - 196.0 - 16.0,
    };
    svg.lines(&layout::stack(&blocks, area));

    svg.rect(0.0, PANEL, WIDTH as f32, HEIGHT as f32 - PANEL, 0.0, WHITE);
    let column = (RIGHT - MARGIN) / 3.0;
    let stats = [
        (deeds, texts.deeds.all_after(deeds)),
        (universities, texts.universities.all_after(universities)),
        (countries, texts.countries.all_after(countries)),
    ];
    for (index, (n, nouns)) in stats.into_iter().enumerate() {
        stat_below(
            &mut svg,
            MARGIN + column * index as f32,
            PANEL,
            column,
            n,
            nouns,
        );
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use resvg::{tiny_skia::Pixmap, usvg};

    use super::*;
    use crate::model::Names;

    fn names(kk: &str, ru: &str, en: &str) -> Names {
        Names {
            kk: kk.to_string(),
            ru: ru.to_string(),
            en: en.to_string(),
        }
    }

    /// A university named `kk` in Kazakh (and plainly in the other two languages).
    fn university(kk: &str) -> University {
        University {
            id: "test".to_string(),
            short: names("ТУ", "ТУ", "TU"),
            name: names(kk, "Тестовый университет", "Test University"),
            city: names("Алматы", "Алматы", "Almaty"),
            country: "KZ".to_string(),
            lat: 43.2,
            lon: 76.9,
        }
    }

    const BALANCE: [(Virtue, u64); 4] = [
        (Virtue::Kindness, 12),
        (Virtue::Decency, 5),
        (Virtue::Honesty, 7),
        (Virtue::Justice, 3),
    ];

    fn decode(png: &[u8]) -> Pixmap {
        Pixmap::decode_png(png).expect("the image is a PNG")
    }

    #[test]
    fn app_icons_are_the_mark_at_their_size_the_maskable_one_inside_the_safe_zone() {
        for (name, size, maskable) in APP_ICONS {
            let icon = decode(&app_icon(size, maskable).unwrap());
            assert_eq!((icon.width(), icon.height()), (size, size), "{name}");
            // Full-bleed teal at the corners, the gold ring around the middle.
            assert!(is_background(&icon, 0, 0), "{name}");
            assert!(is_background(&icon, size - 1, size - 1), "{name}");
            let gold = |x: u32, y: u32| {
                let p = icon.pixel(x, y).unwrap();
                (p.red(), p.green(), p.blue()) == (0xfe, 0xc5, 0x0c)
            };
            let ring = (f64::from(size) * (1.0 - 13.0 / 32.0 * if maskable { 0.75 } else { 1.0 })
                / 2.0) as u32;
            assert!(
                gold(ring, size / 2),
                "{name}: the ring's left side at x = {ring}"
            );
            // The rays' ends: at 8/64 of the side, or inside the safe zone when maskable.
            let reach = (0..size / 2).find(|&x| gold(x, size / 2)).unwrap();
            let safe = (f64::from(size) * 0.1) as u32;
            if maskable {
                assert!(
                    reach > safe,
                    "{name}: the mark reaches x = {reach}, within {safe} of the edge"
                );
            } else {
                assert!(reach <= size / 8 + 1, "{name}: the rays reach x = {reach}");
            }
        }
    }

    /// Whether the pixel at (`x`, `y`) is the teal background.
    fn is_background(pixmap: &Pixmap, x: u32, y: u32) -> bool {
        let pixel = pixmap.pixel(x, y).expect("inside the image");
        (pixel.red(), pixel.green(), pixel.blue()) == (0x00, 0x67, 0x7a)
    }

    /// The left-most and right-most columns with anything but background in `rows`.
    fn ink_columns(pixmap: &Pixmap, rows: std::ops::Range<u32>) -> Option<(u32, u32)> {
        let mut found: Option<(u32, u32)> = None;
        for y in rows {
            for x in 0..pixmap.width() {
                if !is_background(pixmap, x, y) {
                    found = Some(found.map_or((x, x), |(l, r)| (l.min(x), r.max(x))));
                }
            }
        }
        found
    }

    /// Every text node of a parsed SVG.
    fn texts_of(group: &usvg::Group, found: &mut Vec<usvg::Text>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(group) => texts_of(group, found),
                usvg::Node::Text(text) => found.push((**text).clone()),
                _ => {}
            }
        }
    }

    fn texts_in(svg: &str) -> Vec<usvg::Text> {
        let tree = svg::parse(svg).expect("the SVG is valid");
        let mut found = Vec::new();
        texts_of(tree.root(), &mut found);
        found
    }

    /// Every line's text, as the SVG's reader sees it.
    fn lines_in(svg: &str) -> Vec<String> {
        texts_in(svg)
            .iter()
            .flat_map(|text| text.chunks().iter().map(|chunk| chunk.text().to_string()))
            .collect()
    }

    /// The glyphs resvg lays out for the line holding `needle`: what each stands for and
    /// its id (0 is the font's box for a missing character).
    fn glyphs_of_line(svg: &str, needle: &str) -> Vec<(String, u32)> {
        texts_in(svg)
            .iter()
            .filter(|text| {
                text.chunks()
                    .iter()
                    .any(|chunk| chunk.text().contains(needle))
            })
            .flat_map(|text| text.layouted().to_vec())
            .flat_map(|span| span.positioned_glyphs)
            .map(|glyph| (glyph.text.clone(), glyph.id.0))
            .collect()
    }

    #[test]
    fn every_image_is_a_1200x630_png() {
        let texts = ShareTexts::from_locales();
        let images = [
            university_image(&university("Қазақ университеті"), 27, &BALANCE, &texts),
            virtue_image(Virtue::Justice, &texts),
            site_image(100_000, 300, 42, &texts),
        ];
        for image in images {
            let pixmap = decode(&image.expect("the image is drawn"));
            assert_eq!((pixmap.width(), pixmap.height()), (1200, 630));
        }
    }

    #[test]
    fn every_image_is_an_indexed_png() {
        let texts = ShareTexts::from_locales();
        let images = [
            university_image(&university("Қазақ университеті"), 27, &BALANCE, &texts),
            virtue_image(Virtue::Kindness, &texts),
            site_image(100_000, 300, 42, &texts),
        ];
        for image in images {
            let image = image.expect("the image is drawn");
            // IHDR's colour type, after the signature (8), the chunk's length and name (8),
            // the size (8), and the bit depth (1): 3 is indexed.
            assert_eq!(image[25], 3);
            assert!(image.len() < 48_000, "{}", image.len());
        }
    }

    #[test]
    fn kazakh_letters_are_drawn_with_their_own_glyphs() {
        let texts = ShareTexts::from_locales();
        let name = "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі атындағы университеті";
        let svg = university_svg(&university(name), 3, &BALANCE, &texts);
        let glyphs = glyphs_of_line(&svg, "Әә");
        let drawn: String = glyphs.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(drawn.replace(' ', ""), name.replace(' ', ""));
        assert!(glyphs.iter().all(|(_, id)| *id != 0), "{glyphs:?}");

        let image = decode(&svg::render(&svg).expect("drawn"));
        let names_rows = NAMES.y as u32..(NAMES.y + NAMES.height) as u32;
        let (left, right) = ink_columns(&image, names_rows).expect("the names are drawn");
        assert!(left < 80 && right > 600, "{left}..{right}");
    }

    #[test]
    fn a_character_outside_the_fonts_is_seen_as_missing() {
        let texts = ShareTexts::from_locales();
        let svg = university_svg(&university("Қазақ 漢 университеті"), 3, &BALANCE, &texts);
        let glyphs = glyphs_of_line(&svg, "漢");
        assert!(
            glyphs.iter().any(|(text, id)| text == "漢" && *id == 0),
            "{glyphs:?}"
        );
        assert_eq!(undrawable("Қазақ 漢 университеті"), vec!['漢']);
    }

    #[test]
    fn the_fonts_draw_every_sample_university_and_every_text() {
        let source = crate::native::inbox::sample_source().expect("the sample is valid");
        for university in &source.universities {
            for name in university.names(true) {
                assert_eq!(
                    undrawable(name),
                    Vec::<char>::new(),
                    "{}: {name}",
                    university.id
                );
            }
        }
        for text in ShareTexts::from_locales().every_text() {
            assert_eq!(undrawable(text), Vec::<char>::new(), "{text}");
        }
        assert_eq!(undrawable(HASHTAG), Vec::<char>::new());
        assert_eq!(undrawable(&number(1_234_567)), Vec::<char>::new());
    }

    #[test]
    fn a_name_with_markup_characters_is_drawn_as_text() {
        let texts = ShareTexts::from_locales();
        let plain = university("Қазақ университеті");
        let marked = university(r#"Қазақ <b>&"' университеті"#);
        let svg = university_svg(&marked, 3, &BALANCE, &texts);
        assert!(lines_in(&svg).contains(&r#"Қазақ <b>&"' университеті"#.to_string()));
        let glyphs = glyphs_of_line(&svg, "<b>");
        for character in ["<", "b", ">", "&", "\"", "'"] {
            assert!(
                glyphs
                    .iter()
                    .any(|(text, id)| text == character && *id != 0),
                "{character}: {glyphs:?}"
            );
        }
        let with = university_image(&marked, 3, &BALANCE, &texts).expect("drawn");
        let without = university_image(&plain, 3, &BALANCE, &texts).expect("drawn");
        assert_ne!(with, without);
    }

    #[test]
    fn an_extremely_long_name_stays_inside_its_area() {
        let texts = ShareTexts::from_locales();
        let long = "Әл-Фараби атындағы Қазақ ұлттық университеті ".repeat(40);
        let word = "ұлттықуниверситеті".repeat(30);
        let mut huge = university(&format!("{word} {long}"));
        huge.name.ru = format!("{long}{word}");
        huge.name.en = "Extraordinarily Long Name University ".repeat(40);
        huge.short = names(&word, &long, "KazNU");
        huge.city = names(&long, &word, "Almaty");
        let svg = university_svg(&huge, u64::MAX, &BALANCE, &texts);

        for text in texts_in(&svg) {
            let bounds = text.abs_bounding_box();
            assert!(
                bounds.left() >= MARGIN - 1.0 && bounds.right() <= RIGHT + 1.0,
                "{:?}: {bounds:?}",
                text.chunks()[0].text()
            );
            assert!(bounds.top() >= 0.0 && bounds.bottom() <= HEIGHT as f32);
        }

        let image = decode(&svg::render(&svg).expect("drawn"));
        let names_bottom = (NAMES.y + NAMES.height) as u32;
        let (left, right) =
            ink_columns(&image, NAMES.y as u32..names_bottom).expect("the names are drawn");
        assert!(left >= MARGIN as u32 - 1, "{left}");
        assert!(right <= RIGHT as u32 + 1, "{right}");
        assert_eq!(
            ink_columns(&image, names_bottom + 2..PANEL_TOP as u32),
            None
        );
        // The header keeps to its band: nothing between it and the names.
        assert_eq!(ink_columns(&image, 130..NAMES.y as u32 - 2), None);
    }

    #[test]
    fn long_texts_stay_inside_the_virtue_and_site_images() {
        let mut texts = ShareTexts::from_locales();
        let long: &'static str = "Мейірімділік және әділдік ".repeat(40).leak();
        texts.site_name = [long, long, "Qayirimdy Qogam"];
        texts.tagline = [long; 3];
        for svg in [
            virtue_svg(Virtue::Kindness, &texts),
            site_svg(u64::MAX, u64::MAX, u64::MAX, &texts),
        ] {
            for text in texts_in(&svg) {
                let bounds = text.abs_bounding_box();
                assert!(bounds.left() >= MARGIN - 1.0 && bounds.right() <= RIGHT + 1.0);
                assert!(bounds.top() >= 0.0 && bounds.bottom() <= HEIGHT as f32);
            }
        }
    }

    #[test]
    fn images_are_the_same_bytes_every_time() {
        let texts = ShareTexts::from_locales();
        let kaznu = university("Әл-Фараби атындағы Қазақ ұлттық университеті");
        let draw = || {
            [
                university_image(&kaznu, 27, &BALANCE, &texts),
                virtue_image(Virtue::Honesty, &texts),
                site_image(1_234, 44, 9, &texts),
            ]
            .map(|image| image.expect("drawn"))
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn the_images_show_their_words_and_numbers() {
        let texts = ShareTexts::from_locales();
        let site = lines_in(&site_svg(100_000, 1, 3, &texts));
        for expected in [
            HASHTAG.to_string(),
            "100\u{202f}000".to_string(),
            texts
                .deeds
                .after(crate::model::Lang::Ru, 100_000)
                .to_string(),
            texts
                .universities
                .after(crate::model::Lang::En, 1)
                .to_string(),
            texts.countries.after(crate::model::Lang::Ru, 3).to_string(),
            texts.site_name[0].to_string(),
        ] {
            assert!(site.contains(&expected), "{expected} in {site:?}");
        }

        let virtue = lines_in(&virtue_svg(Virtue::Decency, &texts));
        let [kk, ru, en] = texts.virtue_name(Virtue::Decency);
        assert!(virtue.contains(&kk.to_string()));
        assert!(virtue.contains(&format!("{ru} · {en}")));
        for description in texts.virtue_text(Virtue::Decency) {
            assert!(virtue.join(" ").contains(description), "{description}");
        }

        let kaznu = lines_in(&university_svg(
            &university("Қазақ университеті"),
            5,
            &[],
            &texts,
        ));
        assert!(kaznu.contains(&"Алматы · Almaty".to_string()), "{kaznu:?}");
        assert!(kaznu.contains(&"5".to_string()));
        assert!(kaznu.contains(&format!("{} 0", texts.virtue_name(Virtue::Justice)[0])));
    }

    #[test]
    fn the_largest_numbers_are_shrunk_never_cut() {
        let texts = ShareTexts::from_locales();
        let most = number(u64::MAX);
        let site = lines_in(&site_svg(u64::MAX, u64::MAX, u64::MAX, &texts));
        assert_eq!(
            site.iter().filter(|line| **line == most).count(),
            3,
            "{site:?}"
        );
        let kaznu = university_svg(&university("Қазақ университеті"), u64::MAX, &[], &texts);
        assert!(lines_in(&kaznu).contains(&most));
    }

    #[test]
    fn numbers_are_grouped_from_ten_thousand() {
        assert_eq!(number(0), "0");
        assert_eq!(number(9_999), "9999");
        assert_eq!(number(10_000), "10\u{202f}000");
        assert_eq!(number(1_234_567), "1\u{202f}234\u{202f}567");
    }

    #[test]
    fn names_alike_in_several_languages_are_written_once() {
        assert_eq!(
            distinct(["Алматы", "Алматы", "Almaty"]),
            ["Алматы", "Almaty"]
        );
        assert_eq!(distinct([" ", "KazNU", "KazNU "]), ["KazNU"]);
    }

    #[test]
    fn the_balance_bar_shares_its_width_by_count() {
        let counts = counts(&[
            (Virtue::Honesty, 1),
            (Virtue::Kindness, 2),
            (Virtue::Honesty, 1),
        ]);
        assert_eq!(counts, [2, 0, 2, 0]);
        assert_eq!(segments(counts, 400.0), [200.0, 0.0, 200.0, 0.0]);
        assert_eq!(segments([0; 4], 400.0), [0.0; 4]);
        let widths = segments([u64::MAX, u64::MAX, 1, 0], 600.0);
        assert!(
            (widths.iter().sum::<f32>() - 600.0).abs() < 0.01,
            "{widths:?}"
        );
    }
}
