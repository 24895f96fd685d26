//! The store's open data, for people who work with tables and maps rather than JSON:
//! `deeds.csv` (every published deed, one row each) and `universities.geojson` (every
//! university as a point, with its counts), written by the [`super::StoreBuilder`] next
//! to `stats.json`.
//!
//! `deeds.csv` is RFC 4180 (fields quoted when they hold a comma, a quote or a line
//! break, CRLF line ends) in UTF-8 with a byte order mark, so that spreadsheet programs
//! open Cyrillic and Kazakh text correctly. A cell a spreadsheet would read as a formula
//! (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with `'`
//! instead, so a deed's title can never run as one on a reader's machine. Rows are in
//! deed order, so an approval appends its rows to the file it finds.

use serde::Serialize;

use crate::model::{Date, Deed, University, store::UniversityStats};

/// The columns of `deeds.csv`, in order.
pub const CSV_COLUMNS: [&str; 13] = [
    "id",
    "published_at",
    "done_on",
    "university",
    "virtue",
    "lang",
    "title",
    "story",
    "link",
    "author",
    "passes_to",
    "received_from",
    "illustrative",
];

/// UTF-8's byte order mark, which `deeds.csv` starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The rows of `deeds.csv` as deeds are added, after whatever the file held before.
#[derive(Debug)]
pub(super) struct DeedsCsv {
    writer: csv::Writer<Vec<u8>>,
}

impl DeedsCsv {
    /// A file with its byte order mark and header and no deed yet.
    pub(super) fn new() -> DeedsCsv {
        let mut csv = DeedsCsv::after(BOM.to_vec());
        csv.write(CSV_COLUMNS.map(str::to_string));
        csv
    }

    /// The file `before` (as written earlier: mark, header, rows), to add rows to.
    pub(super) fn after(before: Vec<u8>) -> DeedsCsv {
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(before);
        DeedsCsv { writer }
    }

    /// Adds `deed`'s row.
    pub(super) fn add(&mut self, deed: &Deed) {
        self.write([
            deed.id.to_string(),
            deed.published_at.clone(),
            deed.done_on.to_string(),
            deed.university.clone(),
            deed.virtue.slug().to_string(),
            deed.lang.tag().to_string(),
            deed.title.clone(),
            deed.story.clone(),
            deed.link.clone().unwrap_or_default(),
            deed.author.clone().unwrap_or_default(),
            deed.passes_to.join(" "),
            deed.received_from.clone().unwrap_or_default(),
            deed.illustrative.to_string(),
        ]);
    }

    fn write(&mut self, cells: [String; 13]) {
        let cells = cells.map(|cell| neutralised(&cell));
        self.writer
            .write_record(&cells)
            .expect("writing to memory does not fail");
    }

    /// The whole file.
    pub(super) fn file(self) -> Vec<u8> {
        self.writer
            .into_inner()
            .expect("writing to memory does not fail")
    }
}

/// `cell`, with a `'` before it if a spreadsheet would take it for a formula.
pub fn neutralised(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// `universities.geojson`.
#[derive(Debug, Serialize)]
struct FeatureCollection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature<'a>>,
}

/// One university as a GeoJSON point.
#[derive(Debug, Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Debug, Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    /// Longitude, then latitude, as GeoJSON has them.
    coordinates: [f64; 2],
}

/// A university's fields as `universities.json` has them, and its counts from
/// `stats.json`.
#[derive(Debug, Serialize)]
struct Properties<'a> {
    #[serde(flatten)]
    university: &'a University,
    joined: Option<Date>,
    deeds: u64,
    by_virtue: &'a std::collections::BTreeMap<String, u64>,
}

/// `universities.geojson`: every university of `universities`, in their order, with its
/// record of `stats` (found by id).
pub(super) fn universities_geojson(
    universities: &[University],
    stats: &[UniversityStats],
) -> Vec<u8> {
    let features = (universities.iter())
        .filter_map(|university| {
            let record = stats.iter().find(|s| s.id == university.id)?;
            Some(Feature {
                kind: "Feature",
                geometry: Point {
                    kind: "Point",
                    coordinates: [university.lon, university.lat],
                },
                properties: Properties {
                    university,
                    joined: record.joined,
                    deeds: record.deeds,
                    by_virtue: &record.by_virtue,
                },
            })
        })
        .collect();
    let mut bytes = serde_json::to_vec(&FeatureCollection {
        kind: "FeatureCollection",
        features,
    })
    .expect("a feature collection always serialises");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, Virtue};

    fn deed(title: &str, story: &str) -> Deed {
        Deed {
            id: 7,
            university: "kaznu".into(),
            virtue: Virtue::Honesty,
            title: title.into(),
            story: story.into(),
            link: None,
            done_on: Date::parse("2020-02-06").unwrap(),
            author: Some("Әлия, \"2 курс\"".into()),
            lang: Lang::Kk,
            published_at: "2020-02-06T05:00:00Z".into(),
            illustrative: true,
            passes_to: vec!["enu".into(), "nu".into()],
            received_from: Some("satbayev".into()),
            photos: Vec::new(),
        }
    }

    fn read(file: &[u8]) -> Vec<Vec<String>> {
        let text = file
            .strip_prefix(BOM)
            .expect("the file starts with its mark");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text);
        (reader.records())
            .map(|row| row.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn a_title_that_looks_like_a_formula_is_exported_as_text() {
        let mut csv = DeedsCsv::new();
        csv.add(&deed("=HYPERLINK(\"http://evil\")", "-1 +1 @me"));
        let rows = read(&csv.file());
        assert_eq!(rows[1][6], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(rows[1][7], "'-1 +1 @me");
        for cell in ["+1", "@a", "\tx", "\rx", "-"] {
            assert!(neutralised(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(neutralised("2020-02-06"), "2020-02-06");
        assert_eq!(neutralised("a=b"), "a=b");
    }

    #[test]
    fn cyrillic_and_kazakh_text_round_trip_behind_a_byte_order_mark() {
        let story = "Біз жатақханадағы баспалдақты жөндедік,\r\nа потом — \"чай\".";
        let mut csv = DeedsCsv::new();
        csv.add(&deed("Қайырымды іс", story));
        let file = csv.file();
        assert!(file.starts_with(BOM));
        assert!(file.ends_with(b"\r\n"), "CRLF line ends");
        let rows = read(&file);
        assert_eq!(rows[0], CSV_COLUMNS);
        assert_eq!(rows[1][6], "Қайырымды іс");
        assert_eq!(rows[1][7], story);
        assert_eq!(rows[1][9], "Әлия, \"2 курс\"");
        assert_eq!(rows[1][10], "enu nu");
        assert_eq!(rows[1][8], "", "no link");
        // A file read back takes more rows after its own.
        let mut more = DeedsCsv::after(file.clone());
        more.add(&deed("Тағы бір", "ещё одна история"));
        let rows = read(&more.file());
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2][6], "Тағы бір");
    }
}
