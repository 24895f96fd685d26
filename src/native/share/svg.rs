//! The SVG a share image is drawn from, and its drawing into a PNG.
//!
//! [`Svg`] writes the few shapes the images use (rectangles, the project's mark, lines of
//! text set by [`super::layout`]) with every text escaped, so a name with `&`, `<` or
//! quotes is drawn as those characters. [`render`] parses it with usvg against the
//! committed fonts only and draws it with resvg.

use std::collections::HashMap;
use std::fmt::Write as _;

use resvg::{tiny_skia, usvg};

use super::ShareError;
use super::fonts;
use super::layout::{Anchor, Font, Line};

/// The image's size: the link-preview size Open Graph and Twitter cards expect.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// An SVG being written.
pub struct Svg {
    out: String,
    clips: usize,
}

impl Svg {
    /// A canvas of the image's size filled with `background`.
    pub fn new(background: &str) -> Svg {
        let mut out = String::with_capacity(4096);
        // Writing to a String cannot fail; here and below the results are ignored.
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{}">"#,
            fonts::FAMILY
        );
        let _ = write!(
            out,
            r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/>"#
        );
        Svg { out, clips: 0 }
    }

    /// A rectangle, with corners rounded by `radius`.
    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, radius: f32, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="{height:.1}" rx="{radius:.1}" fill="{fill}"/>"#
        );
    }

    /// A bar of coloured segments (`(width, colour)`, left to right) inside a rounded
    /// track of `track` colour.
    pub fn bar(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        track: &str,
        segments: &[(f32, &str)],
    ) {
        self.clips += 1;
        let id = self.clips;
        let radius = height / 2.0;
        let _ = write!(
            self.out,
            r#"<clipPath id="bar{id}"><rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="{height:.1}" rx="{radius:.1}"/></clipPath><g clip-path="url(#bar{id})">"#
        );
        self.rect(x, y, width, height, 0.0, track);
        let mut left = x;
        for (segment, colour) in segments {
            if *segment > 0.0 {
                self.rect(left, y, *segment, height, 0.0, colour);
                left += segment;
            }
        }
        self.out.push_str("</g>");
    }

    /// A filled circle.
    pub fn dot(&mut self, cx: f32, cy: f32, radius: f32, fill: &str) {
        let _ = write!(
            self.out,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{radius:.1}" fill="{fill}"/>"#
        );
    }

    /// The project's mark, as the site's header draws it (`src/app/components/header.rs`):
    /// a rounded square of `plate` colour with a circle and four strokes in `ink`,
    /// `size` pixels wide with its top left corner at (`x`, `y`).
    pub fn mark(&mut self, x: f32, y: f32, size: f32, plate: &str, ink: &str) {
        let scale = size / 64.0;
        let _ = write!(
            self.out,
            r#"<g transform="translate({x:.1} {y:.1}) scale({scale:.4})"><rect width="64" height="64" rx="14" fill="{plate}"/><g fill="none" stroke="{ink}" stroke-width="5" stroke-linecap="round"><circle cx="32" cy="32" r="13"/><path d="M32 8v9M32 47v9M8 32h9M47 32h9"/></g></g>"#
        );
    }

    /// A line of text.
    pub fn line(&mut self, line: &Line) {
        let anchor = match line.anchor {
            Anchor::Start => "",
            Anchor::End => r#" text-anchor="end""#,
        };
        let _ = write!(
            self.out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.2}" font-weight="{}" fill="{}"{anchor}>{}</text>"#,
            line.x,
            line.baseline,
            line.size,
            line.weight.css(),
            line.fill,
            escape(&line.text)
        );
    }

    /// Lines of text.
    pub fn lines(&mut self, lines: &[Line]) {
        for line in lines {
            self.line(line);
        }
    }

    /// `text` on one line in `font`, from (`x`, `baseline`) as `anchor` says.
    pub fn text(&mut self, text: &str, x: f32, baseline: f32, font: Font, anchor: Anchor) {
        self.line(&Line {
            text: text.to_string(),
            x,
            baseline,
            size: font.size,
            weight: font.weight,
            fill: font.fill,
            anchor,
        });
    }

    /// The finished SVG.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// `text` as XML character data: markup characters escaped, and the characters XML
/// cannot hold at all (control characters other than tab and line breaks) left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(character),
        }
    }
    out
}

/// Parses `svg` with the committed fonts (and no others).
pub fn parse(svg: &str) -> Result<usvg::Tree, ShareError> {
    let options = usvg::Options {
        font_family: fonts::FAMILY.to_string(),
        fontdb: fonts::database(),
        ..usvg::Options::default()
    };
    Ok(usvg::Tree::from_str(svg, &options)?)
}

/// Draws `svg` into a PNG of the image's size.
pub fn render(svg: &str) -> Result<Vec<u8>, ShareError> {
    let tree = parse(svg)?;
    let mut pixmap =
        tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("1200x630 is a valid, small pixmap size");
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap)
}

/// Draws `svg` (a `size`-pixel square drawing) into a PNG of that size.
pub fn render_square(svg: &str, size: u32) -> Result<Vec<u8>, ShareError> {
    let tree = parse(svg)?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or(ShareError::Size(size))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap)
}

/// The pixels of an opaque pixmap (every image starts with a background covering it, so
/// its premultiplied colours are its colours) as a PNG: indexed, with a palette of its
/// colours in the order they first appear, when it has at most 256, as these images do
/// (flat colours and the edges of text); as RGB otherwise. Both lose nothing.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, ShareError> {
    let rgb: Vec<[u8; 3]> = pixmap
        .pixels()
        .iter()
        .map(|pixel| [pixel.red(), pixel.green(), pixel.blue()])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let data = match palette(&rgb) {
        Some((colours, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours.concat());
            // Differences between palette indices mean nothing: filters only cost bytes.
            encoder.set_filter(png::Filter::NoFilter);
            indices
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            rgb.concat()
        }
    };
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// The distinct colours of `pixels` in the order they first appear, and each pixel's
/// index among them; `None` if there are more than 256.
fn palette(pixels: &[[u8; 3]]) -> Option<(Vec<[u8; 3]>, Vec<u8>)> {
    let mut colours: Vec<[u8; 3]> = Vec::new();
    let mut index_of: HashMap<[u8; 3], u8> = HashMap::new();
    let mut indices = Vec::with_capacity(pixels.len());
    // Runs of one colour are long: remembering the last one saves most lookups.
    let mut last: Option<([u8; 3], u8)> = None;
    for pixel in pixels {
        let index = match last {
            Some((colour, index)) if colour == *pixel => index,
            _ => match index_of.get(pixel) {
                Some(index) => *index,
                None => {
                    let index = u8::try_from(colours.len()).ok()?;
                    colours.push(*pixel);
                    index_of.insert(*pixel, index);
                    index
                }
            },
        };
        last = Some((*pixel, index));
        indices.push(index);
    }
    Some((colours, indices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_palette_holds_each_colour_once_in_order_of_appearance() {
        let (red, blue) = ([255, 0, 0], [0, 0, 255]);
        let (colours, indices) = palette(&[red, red, blue, red, blue]).expect("two colours");
        assert_eq!(colours, [red, blue]);
        assert_eq!(indices, [0, 0, 1, 0, 1]);
        let many: Vec<[u8; 3]> = (0..=256_u16)
            .map(|n| [(n % 256) as u8, (n / 256) as u8, 0])
            .collect();
        assert!(palette(&many[..256]).is_some());
        assert!(palette(&many).is_none());
    }

    #[test]
    fn encoding_loses_nothing_with_or_without_a_palette() {
        let mut few = Svg::new("#00677a");
        few.text(
            "Қазақ",
            10.0,
            100.0,
            Font::bold(80.0, "#fec50c"),
            Anchor::Start,
        );
        // 600 stripes of as many colours: too many for a palette.
        let mut many = Svg::new("#000");
        for x in 0..600_u32 {
            let colour = format!("#{:02x}{:02x}00", x % 256, x / 256);
            many.rect(x as f32 * 2.0, 0.0, 2.0, 630.0, 0.0, &colour);
        }
        for svg in [few.finish(), many.finish()] {
            let tree = parse(&svg).expect("valid");
            let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a pixmap");
            resvg::render(
                &tree,
                tiny_skia::Transform::identity(),
                &mut pixmap.as_mut(),
            );
            assert!(pixmap.pixels().iter().all(|pixel| pixel.alpha() == 255));
            let png = encode(&pixmap).expect("encoded");
            let decoded = tiny_skia::Pixmap::decode_png(&png).expect("decoded");
            assert_eq!(decoded.data(), pixmap.data());
        }
    }

    #[test]
    fn markup_characters_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape(r#"<b>Tom & "Jerry's"</b>"#),
            "&lt;b&gt;Tom &amp; &quot;Jerry&apos;s&quot;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{7}c\u{ffff}d"), "abcd");
        assert_eq!(escape("Қазақ ұлттық"), "Қазақ ұлттық");
    }

    #[test]
    fn an_escaped_text_parses_back_to_itself() {
        let text = r#"<b>&"' ]]> &amp;"#;
        let mut svg = Svg::new("#fff");
        svg.text(text, 10.0, 50.0, Font::regular(20.0, "#000"), Anchor::Start);
        let tree = parse(&svg.finish()).expect("the SVG is valid");
        let mut found = Vec::new();
        collect_texts(tree.root(), &mut found);
        assert_eq!(found, vec![text.to_string()]);
    }

    fn collect_texts(group: &usvg::Group, found: &mut Vec<String>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(group) => collect_texts(group, found),
                usvg::Node::Text(text) => {
                    found.extend(text.chunks().iter().map(|chunk| chunk.text().to_string()))
                }
                _ => {}
            }
        }
    }
}
