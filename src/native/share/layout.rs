//! Text set into boxes: wrapped at word boundaries, shrunk, and as a last resort cut with
//! an ellipsis, so that no name, however long, runs off the image.
//!
//! SVG has no line breaking, so [`stack`] and [`one_line`] decide every line and size here,
//! from widths measured by [`super::fonts`], and [`super::svg`] only writes them out.

use super::fonts::{self, ASCENT, DESCENT, Weight};

/// A line's height, in ems.
pub const LINE_HEIGHT: f32 = 1.2;

/// The smallest a block shrinks to, as a share of its own size, before it is cut.
pub const MIN_SCALE: f32 = 0.5;

/// The step by which blocks shrink.
const SCALE_STEP: f32 = 0.05;

/// What is left of a box's width for a line: a little slack against rounding.
const SLACK: f32 = 0.99;

const ELLIPSIS: char = '…';

/// A rectangle of the image, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Which edge of a line its `x` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    End,
}

/// How a line of text looks: its face, size in pixels and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    pub weight: Weight,
    pub size: f32,
    pub fill: &'static str,
}

impl Font {
    pub fn regular(size: f32, fill: &'static str) -> Font {
        Font {
            weight: Weight::Regular,
            size,
            fill,
        }
    }

    pub fn bold(size: f32, fill: &'static str) -> Font {
        Font {
            weight: Weight::Bold,
            size,
            fill,
        }
    }
}

/// A line ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Where the line starts (or ends, with [`Anchor::End`]).
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub weight: Weight,
    pub fill: &'static str,
    pub anchor: Anchor,
}

/// A paragraph of a [`stack`], and how it is set at its largest.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    pub text: &'a str,
    /// The font, its size at scale 1.
    pub font: Font,
    /// The most lines it may take.
    pub max_lines: usize,
    /// Space above it, in pixels at scale 1 (none above the first block).
    pub gap_before: f32,
}

/// How far the font's ascent and descent, centred in a line as CSS does, reach beyond
/// the line's box above and below, in ems.
const OVERHANG: f32 = ((ASCENT + DESCENT) - LINE_HEIGHT) / 2.0;

/// The offset from a line's top to its baseline, in ems.
pub fn baseline_offset() -> f32 {
    ASCENT - OVERHANG
}

/// Whether a line may break at `character`: at spaces, but not at no-break ones.
fn breaks_at(character: char) -> bool {
    character.is_whitespace() && !matches!(character, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The words of `text`, between the spaces a line may break at.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(breaks_at).filter(|word| !word.is_empty())
}

/// A text's words, each measured once, in ems.
struct Measured {
    words: Vec<(String, f32)>,
    space: f32,
    weight: Weight,
}

impl Measured {
    fn new(text: &str, weight: Weight) -> Measured {
        Measured {
            words: words(text)
                .map(|word| (word.to_string(), fonts::width_em(word, weight)))
                .collect(),
            space: fonts::width_em(" ", weight),
            weight,
        }
    }
}

/// Splits a word too wide for a line (`max_em`) into pieces that fit, at characters.
fn split_word(word: &str, weight: Weight, max_em: f32) -> Vec<(String, f32)> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut width = 0.0;
    for character in word.chars() {
        let advance = fonts::width_em(character.encode_utf8(&mut [0; 4]), weight);
        if !piece.is_empty() && width + advance > max_em {
            let measured = fonts::width_em(&piece, weight);
            pieces.push((std::mem::take(&mut piece), measured));
            width = 0.0;
        }
        piece.push(character);
        width += advance;
    }
    if !piece.is_empty() {
        let measured = fonts::width_em(&piece, weight);
        pieces.push((piece, measured));
    }
    pieces
}

/// Breaks `text` into lines no wider than `width` pixels at `size`, greedily at spaces
/// (a word wider than a line is broken at characters). The lines, all of them.
fn wrap(text: &Measured, size: f32, width: f32) -> Vec<String> {
    let max_em = width * SLACK / size;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_em = 0.0;
    for (word, word_em) in &text.words {
        let pieces = if *word_em > max_em {
            split_word(word, text.weight, max_em)
        } else {
            vec![(word.clone(), *word_em)]
        };
        for (piece, piece_em) in pieces {
            if line.is_empty() {
                line = piece;
                line_em = piece_em;
            } else if line_em + text.space + piece_em <= max_em {
                line.push(' ');
                line.push_str(&piece);
                line_em += text.space + piece_em;
            } else {
                lines.push(std::mem::replace(&mut line, piece));
                line_em = piece_em;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `line` shortened at its end until, with an ellipsis after it, it is no wider than
/// `width` pixels at `size`.
fn ellipsize(line: &str, weight: Weight, size: f32, width: f32) -> String {
    let characters: Vec<char> = line.chars().collect();
    let cut = |kept: usize| {
        let prefix: String = characters[..kept].iter().collect();
        format!("{}{ELLIPSIS}", prefix.trim_end())
    };
    let fits = |kept: usize| fonts::width_em(&cut(kept), weight) * size <= width * SLACK;
    // The most characters that fit, by bisection: a width grows with its characters.
    let (mut fitting, mut too_many) = (0, characters.len() + 1);
    while too_many - fitting > 1 {
        let middle = (fitting + too_many) / 2;
        if fits(middle) {
            fitting = middle;
        } else {
            too_many = middle;
        }
    }
    cut(fitting)
}

/// A block set at the largest size from `size` down to its floor at which it fits
/// `max_lines` lines of `width`; at the floor, its last line is cut with an ellipsis.
fn set_block(text: &Measured, block: &Block, scale: f32, width: f32) -> (f32, Vec<String>) {
    let floor = block.font.size * MIN_SCALE;
    let mut size = block.font.size * scale;
    loop {
        let lines = wrap(text, size, width);
        if lines.len() <= block.max_lines {
            return (size, lines);
        }
        if size <= floor {
            let mut lines = lines;
            lines.truncate(block.max_lines.max(1));
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(last, block.font.weight, size, width);
            }
            return (size, lines);
        }
        size = (size - block.font.size * SCALE_STEP).max(floor);
    }
}

/// Sets `blocks` one under another in `area`, centred vertically: every block as large as
/// a common scale allows (from 1 down to [`MIN_SCALE`]) and each within its own lines; if
/// even the smallest does not fit the height, all of it is scaled down to fit. Nothing
/// it returns lies outside `area`.
pub fn stack(blocks: &[Block], area: Area) -> Vec<Line> {
    let measured: Vec<Measured> = blocks
        .iter()
        .map(|block| Measured::new(block.text, block.font.weight))
        .collect();
    let mut scale = 1.0_f32;
    loop {
        let set: Vec<(f32, Vec<String>)> = blocks
            .iter()
            .zip(&measured)
            .map(|(block, text)| set_block(text, block, scale, area.width))
            .collect();
        let gaps: f32 = blocks.iter().skip(1).map(|block| block.gap_before).sum();
        let text_height: f32 = set
            .iter()
            .map(|(size, lines)| size * LINE_HEIGHT * lines.len() as f32)
            .sum();
        let sizes = || {
            set.iter()
                .filter(|(_, lines)| !lines.is_empty())
                .map(|(size, _)| *size)
        };
        let first = sizes().next().unwrap_or(0.0);
        let last = sizes().next_back().unwrap_or(0.0);
        // The first line's ascent and the last one's descent reach out of their boxes.
        let height = text_height + gaps * scale + OVERHANG * (first + last);
        if height <= area.height || scale <= MIN_SCALE {
            let shrink = (area.height / height).min(1.0);
            let top = area.y + (area.height - height * shrink) / 2.0 + OVERHANG * first * shrink;
            return place(blocks, &set, scale, shrink, area.x, top);
        }
        scale = (scale - SCALE_STEP).max(MIN_SCALE);
    }
}

/// The lines of `set` (each block's size and lines), the first line's box at `top`.
fn place(
    blocks: &[Block],
    set: &[(f32, Vec<String>)],
    scale: f32,
    shrink: f32,
    x: f32,
    mut top: f32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for (index, (block, (size, texts))) in blocks.iter().zip(set).enumerate() {
        if index > 0 {
            top += block.gap_before * scale * shrink;
        }
        let size = size * shrink;
        for text in texts {
            lines.push(Line {
                text: text.clone(),
                x,
                baseline: top + size * baseline_offset(),
                size,
                weight: block.font.weight,
                fill: block.font.fill,
                anchor: Anchor::Start,
            });
            top += size * LINE_HEIGHT;
        }
    }
    lines
}

/// One line of `text` no wider than `max_width` pixels: at `size` if it fits, else
/// smaller, down to [`MIN_SCALE`] of it, and cut with an ellipsis below that.
pub fn one_line(text: &str, weight: Weight, size: f32, max_width: f32) -> (String, f32) {
    let text = words(text).collect::<Vec<_>>().join(" ");
    let width_em = fonts::width_em(&text, weight);
    let fits = max_width * SLACK / width_em.max(f32::EPSILON);
    if fits >= size {
        (text, size)
    } else if fits >= size * MIN_SCALE {
        (text, fits)
    } else {
        let size = size * MIN_SCALE;
        (ellipsize(&text, weight, size, max_width), size)
    }
}

/// The size, at most `size`, at which `text` is no wider than `max_width` pixels on one
/// line, however small: for numbers, which must never be cut.
pub fn shrink_to_fit(text: &str, weight: Weight, size: f32, max_width: f32) -> f32 {
    let width_em = fonts::width_em(text, weight);
    size.min(max_width * SLACK / width_em.max(f32::EPSILON))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: Area = Area {
        x: 10.0,
        y: 20.0,
        width: 400.0,
        height: 200.0,
    };

    fn block(text: &str, max_lines: usize) -> Block<'_> {
        Block {
            text,
            font: Font::regular(30.0, "#fff"),
            max_lines,
            gap_before: 10.0,
        }
    }

    fn widest(lines: &[Line]) -> f32 {
        lines
            .iter()
            .map(|line| fonts::width_em(&line.text, line.weight) * line.size)
            .fold(0.0, f32::max)
    }

    #[test]
    fn a_short_text_keeps_its_size_on_one_line() {
        let lines = stack(&[block("Алматы", 2)], AREA);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "Алматы");
        assert_eq!(lines[0].size, 30.0);
    }

    #[test]
    fn a_long_text_wraps_within_the_width_and_keeps_every_word() {
        let text = "Әл-Фараби атындағы Қазақ ұлттық университеті";
        let lines = stack(&[block(text, 3)], AREA);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(widest(&lines) <= AREA.width, "{lines:?}");
        let joined: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_text_that_cannot_fit_is_cut_with_an_ellipsis_inside_the_area() {
        let text = "Қазақ ".repeat(200) + &"ұ".repeat(300);
        let lines = stack(&[block(&text, 2), block(&text, 2)], AREA);
        assert!(lines.len() <= 4);
        assert!(lines.iter().any(|line| line.text.ends_with(ELLIPSIS)));
        assert!(widest(&lines) <= AREA.width, "{lines:?}");
        let first = &lines[0];
        let last = &lines[lines.len() - 1];
        assert!(first.baseline - first.size * ASCENT >= AREA.y - 0.5);
        assert!(last.baseline + last.size * DESCENT <= AREA.y + AREA.height + 0.5);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_at_characters() {
        let lines = stack(&[block(&"ә".repeat(60), 4)], AREA);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(widest(&lines) <= AREA.width);
        assert_eq!(
            lines
                .iter()
                .map(|line| line.text.as_str())
                .collect::<String>(),
            "ә".repeat(60)
        );
    }

    #[test]
    fn too_many_blocks_for_the_height_are_all_scaled_down_to_fit() {
        let blocks: Vec<Block> = (0..12).map(|_| block("Алматы", 1)).collect();
        let lines = stack(&blocks, AREA);
        assert_eq!(lines.len(), 12);
        let last = &lines[11];
        assert!(last.baseline + last.size * DESCENT <= AREA.y + AREA.height + 0.5);
        assert!(lines[0].baseline > AREA.y);
    }

    #[test]
    fn a_number_shrinks_whole() {
        let number = "18\u{202f}446\u{202f}744\u{202f}073\u{202f}709\u{202f}551\u{202f}615";
        assert_eq!(shrink_to_fit("42", Weight::Bold, 80.0, 300.0), 80.0);
        let size = shrink_to_fit(number, Weight::Bold, 80.0, 300.0);
        assert!(size < 40.0);
        assert!(fonts::width_em(number, Weight::Bold) * size <= 300.0);
    }

    #[test]
    fn lines_never_break_at_a_no_break_space() {
        let number = "100\u{202f}000\u{202f}000";
        assert_eq!(one_line(number, Weight::Bold, 20.0, 500.0).0, number);
        let lines = stack(&[block(&format!("{number} {number}"), 2)], AREA);
        assert!(
            lines.iter().all(|line| line.text.contains(number)),
            "{lines:?}"
        );
    }

    #[test]
    fn one_line_shrinks_then_cuts() {
        assert_eq!(
            one_line("Алматы", Weight::Bold, 20.0, 500.0),
            ("Алматы".to_string(), 20.0)
        );
        let (text, size) = one_line("Алматы Астана", Weight::Bold, 40.0, 200.0);
        assert_eq!(text, "Алматы Астана");
        assert!((20.0..40.0).contains(&size), "{size}");
        let (text, size) = one_line(&"Алматы ".repeat(30), Weight::Bold, 40.0, 200.0);
        assert!(text.ends_with(ELLIPSIS));
        assert_eq!(size, 20.0);
        assert!(fonts::width_em(&text, Weight::Bold) * size <= 200.0);
    }
}
