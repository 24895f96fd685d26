//! The two committed fonts (`fonts/`, Noto Sans Regular and Bold, see its README.md),
//! compiled in: the font database resvg draws with, and the shaper that measures text.
//!
//! No system font is ever loaded, so an image is the same on every machine. Widths come
//! from harfrust, the shaper resvg itself uses, so what [`super::layout`] measures is what
//! gets drawn.

use std::sync::{Arc, OnceLock};

use harfrust::{FontRef, ShapeOptions, ShaperData, UnicodeBuffer};
use resvg::usvg::fontdb;

/// The family name both committed fonts carry.
pub const FAMILY: &str = "Noto Sans";

const REGULAR: &[u8] = include_bytes!("fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("fonts/NotoSans-Bold.ttf");

/// Noto Sans's vertical metrics (hhea), in ems: above and below the baseline.
pub const ASCENT: f32 = 1.069;
pub const DESCENT: f32 = 0.293;
/// The height of its capital letters and digits (OS/2), in ems.
pub const CAP_HEIGHT: f32 = 0.714;

/// The two faces the images use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    /// The CSS `font-weight` that selects the face.
    pub fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// One face, ready to shape.
struct Face {
    font: FontRef<'static>,
    shaper: ShaperData,
    units_per_em: f32,
}

impl Face {
    fn new(data: &'static [u8]) -> Face {
        let font = FontRef::new(data).expect("the committed font parses (tested)");
        let shaper = ShaperData::new(&font);
        let units_per_em = shaper.shaper(&font).build().units_per_em() as f32;
        Face {
            font,
            shaper,
            units_per_em,
        }
    }

    /// Shapes `text` on one line: for each glyph, its advance in ems and whether the font
    /// had it (glyph 0 is `.notdef`, the box drawn for a missing character), with the
    /// character it stands for.
    fn shape(&self, text: &str) -> Vec<(f32, bool, char)> {
        let shaper = self.shaper.shaper(&self.font).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let glyphs = shaper.shape(buffer, ShapeOptions::new());
        glyphs
            .glyph_infos()
            .iter()
            .zip(glyphs.glyph_positions())
            .map(|(info, position)| {
                let character = text
                    .get(info.cluster as usize..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                (
                    position.x_advance as f32 / self.units_per_em,
                    info.glyph_id != 0,
                    character,
                )
            })
            .collect()
    }
}

struct Fonts {
    regular: Face,
    bold: Face,
    database: Arc<fontdb::Database>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut database = fontdb::Database::new();
        for data in [REGULAR, BOLD] {
            database.load_font_source(fontdb::Source::Binary(Arc::new(data)));
        }
        database.set_sans_serif_family(FAMILY);
        Fonts {
            regular: Face::new(REGULAR),
            bold: Face::new(BOLD),
            database: Arc::new(database),
        }
    })
}

fn face(weight: Weight) -> &'static Face {
    match weight {
        Weight::Regular => &fonts().regular,
        Weight::Bold => &fonts().bold,
    }
}

/// The font database resvg draws with: the two committed faces and nothing else.
pub fn database() -> Arc<fontdb::Database> {
    Arc::clone(&fonts().database)
}

/// The width of `text` on one line, in ems (multiply by the font size for pixels).
pub fn width_em(text: &str, weight: Weight) -> f32 {
    face(weight)
        .shape(text)
        .iter()
        .map(|(advance, _, _)| advance)
        .sum()
}

/// The characters of `text` the font has no glyph for (they would be drawn as boxes),
/// without repeats, in order.
pub fn missing_glyphs(text: &str, weight: Weight) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for (_, found, character) in face(weight).shape(text) {
        if !found && !missing.contains(&character) {
            missing.push(character);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_are_in_the_database_under_one_family() {
        let database = database();
        assert_eq!(database.len(), 2);
        for weight in [Weight::Regular, Weight::Bold] {
            let query = fontdb::Query {
                families: &[fontdb::Family::Name(FAMILY)],
                weight: fontdb::Weight(weight.css()),
                ..fontdb::Query::default()
            };
            assert!(database.query(&query).is_some(), "{weight:?}");
        }
    }

    #[test]
    fn kazakh_letters_have_glyphs_and_other_scripts_do_not() {
        let kazakh = "ӘәҒғҚқҢңӨөҰұҮүҺһІі «» — · # №";
        for weight in [Weight::Regular, Weight::Bold] {
            assert_eq!(missing_glyphs(kazakh, weight), Vec::<char>::new());
            assert_eq!(missing_glyphs("ab漢字c漢", weight), vec!['漢', '字']);
        }
    }

    #[test]
    fn bold_is_wider_and_width_grows_with_the_text() {
        let regular = width_em("Қазақ ұлттық университеті", Weight::Regular);
        let bold = width_em("Қазақ ұлттық университеті", Weight::Bold);
        assert!(regular > 10.0 && bold > regular, "{regular} {bold}");
        assert!(width_em("ab", Weight::Regular) > width_em("a", Weight::Regular));
        assert_eq!(width_em("", Weight::Regular), 0.0);
    }
}
