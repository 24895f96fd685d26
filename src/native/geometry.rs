//! `qq geometry`: builds the map's country outlines, `data/geo/world.json`
//! ([`crate::model::geo::WorldMap`]), from Natural Earth's 1:50m countries as the npm
//! package world-atlas 2.0.2 ships them (TopoJSON, `countries-50m.json`).
//!
//! TopoJSON stores each border once, as an arc that both neighbours refer to. Each arc is
//! decoded (quantized, delta-encoded integers and a transform), projected with
//! [`crate::model::geo::project`], simplified once (Douglas-Peucker) and rounded once, and
//! only then joined into rings; so two neighbours get the very same border points and the
//! map has no gaps or overlaps between countries. Simplification is fine near Kazakhstan
//! and coarser with distance: the tolerance at a point grows with its angular distance
//! from the centre ([`Settings`]). Points are rounded to a tenth of a map unit (about
//! 4 km), the same everywhere, so a point where three countries meet is the same in each.
//!
//! Dropped: Antarctica (it would wrap the map's rim); every polygon whose outer ring has a
//! point beyond the rim and every hole that has one, whole, never cut; rings that shrink
//! under [`Settings::min_ring_area`] once simplified, unless one is its country's largest.
//! The asset is written atomically (a temporary file, then a rename).

use std::{
    collections::BTreeMap,
    io,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use crate::model::geo::{
    CountryShape, MAP_SIZE, Point, WORLD_MAP_VERSION, WorldMap, degrees_from_center, project,
    push_tenths,
};

/// Where the outlines come from, as the asset says.
pub const SOURCE: &str = "Natural Earth 1:50m via world-atlas 2.0.2";

/// ISO 3166-1 numeric code of Antarctica, which the map leaves out.
const ANTARCTICA: &str = "010";

/// Why building the geometry failed.
#[derive(Debug, thiserror::Error)]
pub enum GeometryError {
    #[error("cannot read {}: {source}", file.display())]
    Read { file: PathBuf, source: io::Error },
    #[error("{}: {source}", file.display())]
    Invalid {
        file: PathBuf,
        source: TopologyError,
    },
    #[error("cannot write {}: {source}", file.display())]
    Write { file: PathBuf, source: io::Error },
}

/// What is wrong with a topology.
#[derive(Debug, thiserror::Error)]
#[error("not a countries topology: {0}")]
pub struct TopologyError(String);

/// The countries of a topology, arcs decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Every arc as longitude, latitude pairs (degrees).
    pub arcs: Vec<Vec<[f64; 2]>>,
    pub countries: Vec<Country>,
}

/// A country as the topology describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 numeric code, when it has one.
    pub id: Option<String>,
    pub name: String,
    /// Polygons; each a list of rings (the outer one first, then holes); each ring a list
    /// of arc references: `i` is arc `i`, `!i` (that is `-i - 1`) is arc `i` reversed.
    pub polygons: Vec<Vec<Vec<i64>>>,
}

#[derive(Deserialize)]
struct RawTopology {
    #[serde(default)]
    transform: Option<Transform>,
    arcs: Vec<Vec<Vec<f64>>>,
    objects: BTreeMap<String, serde_json::Value>,
}

/// TopoJSON's quantization: a position is `translate + delta-decoded integer * scale`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Transform {
    pub scale: [f64; 2],
    pub translate: [f64; 2],
}

#[derive(Deserialize)]
struct RawCollection {
    geometries: Vec<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    arcs: serde_json::Value,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    properties: Option<RawProperties>,
}

#[derive(Deserialize)]
struct RawProperties {
    #[serde(default)]
    name: Option<String>,
}

/// Reads the `countries` object of a TopoJSON topology and decodes its arcs.
pub fn parse_topology(text: &str) -> Result<Topology, TopologyError> {
    let invalid = |reason: String| TopologyError(reason);
    let raw: RawTopology = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let arcs = decode_arcs(&raw.arcs, raw.transform)?;
    let countries = raw
        .objects
        .get("countries")
        .ok_or_else(|| invalid("it has no \"countries\" object".into()))?;
    let collection =
        RawCollection::deserialize(countries).map_err(|e| invalid(format!("countries: {e}")))?;
    let mut parsed = Vec::new();
    for (at, geometry) in collection.geometries.into_iter().enumerate() {
        let polygons: Vec<Vec<Vec<i64>>> = match geometry.kind.as_str() {
            "Polygon" => vec![
                serde_json::from_value(geometry.arcs)
                    .map_err(|e| invalid(format!("country {at}: {e}")))?,
            ],
            "MultiPolygon" => serde_json::from_value(geometry.arcs)
                .map_err(|e| invalid(format!("country {at}: {e}")))?,
            // Points, lines and empty geometries have no outline.
            _ => continue,
        };
        let reference_ok = |r: &i64| {
            let index = if *r < 0 { !*r } else { *r };
            usize::try_from(index).is_ok_and(|i| i < arcs.len())
        };
        if !polygons.iter().flatten().flatten().all(reference_ok) {
            return Err(invalid(format!("country {at} refers to a missing arc")));
        }
        let id = geometry.id.and_then(|id| match id {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        let name = geometry
            .properties
            .and_then(|p| p.name)
            .or_else(|| id.clone())
            .unwrap_or_default();
        parsed.push(Country { id, name, polygons });
    }
    Ok(Topology {
        arcs,
        countries: parsed,
    })
}

/// Decodes arcs to longitude, latitude: with a transform, positions are quantized and each
/// is a delta from the previous one in its arc.
pub fn decode_arcs(
    raw: &[Vec<Vec<f64>>],
    transform: Option<Transform>,
) -> Result<Vec<Vec<[f64; 2]>>, TopologyError> {
    raw.iter()
        .enumerate()
        .map(|(index, arc)| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .map(|position| {
                    let &[px, py, ..] = position.as_slice() else {
                        return Err(TopologyError(format!("arc {index} has a short position")));
                    };
                    Ok(match transform {
                        Some(t) => {
                            // Integers: the sums are exact.
                            x += px;
                            y += py;
                            [
                                snap(x * t.scale[0] + t.translate[0], 180.0),
                                snap(y * t.scale[1] + t.translate[1], 90.0),
                            ]
                        }
                        None => [px, py],
                    })
                })
                .collect()
        })
        .collect()
}

/// `value`, or `±limit` when it overshoots that by a rounding error of the transform (a
/// point on the antimeridian must stay on the map).
fn snap(value: f64, limit: f64) -> f64 {
    if value.abs() > limit && value.abs() - limit < 1e-9 {
        limit.copysign(value)
    } else {
        value
    }
}

/// How much detail the map keeps, by angular distance from the centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Douglas-Peucker tolerance, in map units (a unit is about 37 km), up to
    /// [`Settings::near_degrees`] from the centre.
    pub tolerance_near: f64,
    /// The tolerance from [`Settings::far_degrees`] on; it grows linearly in between.
    pub tolerance_far: f64,
    /// Degrees of arc from the centre that get the finest detail.
    pub near_degrees: f64,
    /// Degrees of arc from the centre from which on detail is coarsest.
    pub far_degrees: f64,
    /// A ring is dropped when its area, in square map units, is under this times the
    /// square of the tolerance where it is (unless it is its country's largest).
    pub min_ring_area: f64,
}

impl Settings {
    /// The asset's settings, about 43 KB with brotli: Kazakhstan and its neighbours
    /// (to 30 degrees out) within 0.03 units (about 1 km, finer than the rounding to a
    /// tenth), the far side of the world from 80 degrees out within 0.7 (about 26 km).
    pub const DEFAULT: Settings = Settings {
        tolerance_near: 0.03,
        tolerance_far: 0.7,
        near_degrees: 30.0,
        far_degrees: 80.0,
        min_ring_area: 2.0,
    };

    /// The simplification tolerance at `degrees` from the centre.
    pub fn tolerance(&self, degrees: f64) -> f64 {
        let t = if self.far_degrees > self.near_degrees {
            ((degrees - self.near_degrees) / (self.far_degrees - self.near_degrees)).clamp(0.0, 1.0)
        } else if degrees <= self.near_degrees {
            0.0
        } else {
            1.0
        };
        self.tolerance_near + (self.tolerance_far - self.tolerance_near) * t
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::DEFAULT
    }
}

/// Douglas-Peucker with a tolerance that may vary along the line: of the points between
/// two kept ones, the one farthest off their chord relative to the tolerance where it lies
/// is kept when that distance exceeds its tolerance, and so on. The endpoints are always
/// kept. A closed line (first point = last) keeps at least four corners, so an island
/// stays a shape rather than folding into a line.
pub fn simplify(points: &[Point], tolerance: impl Fn(Point) -> f64) -> Vec<Point> {
    let n = points.len();
    if n <= 2 {
        return points.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut spans = Vec::new();
    if points[0] == points[n - 1] && n > 4 {
        let far = farthest(points, 0, n - 1, |_| 1.0).map_or(n / 2, |(k, _)| k);
        keep[far] = true;
        for (a, b) in [(0, far), (far, n - 1)] {
            match farthest(points, a, b, |_| 1.0) {
                Some((k, _)) => {
                    keep[k] = true;
                    spans.extend([(a, k), (k, b)]);
                }
                None => spans.push((a, b)),
            }
        }
    } else {
        spans.push((0, n - 1));
    }
    while let Some((a, b)) = spans.pop() {
        if let Some((k, ratio)) = farthest(points, a, b, &tolerance)
            && ratio > 1.0
        {
            keep[k] = true;
            spans.extend([(a, k), (k, b)]);
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, kept)| kept.then_some(*p))
        .collect()
}

/// The point strictly between `a` and `b` farthest from the segment `a`-`b`, measured in
/// units of `tolerance` at that point, with that measure.
fn farthest(
    points: &[Point],
    a: usize,
    b: usize,
    tolerance: impl Fn(Point) -> f64,
) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for (k, &p) in points.iter().enumerate().take(b).skip(a + 1) {
        let ratio = segment_distance(p, points[a], points[b]) / tolerance(p).max(f64::EPSILON);
        if best.is_none_or(|(_, r)| ratio > r) {
            best = Some((k, ratio));
        }
    }
    best
}

fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    if length2 == 0.0 {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0);
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

/// A point in tenths of a map unit, exact.
type Tenths = (i64, i64);

/// An arc projected, simplified and rounded; `None` when part of it is beyond the rim.
fn prepare_arc(arc: &[[f64; 2]], settings: &Settings) -> Option<Vec<Tenths>> {
    let projected: Vec<Point> = arc
        .iter()
        .map(|&[lon, lat]| project(lat, lon))
        .collect::<Option<_>>()?;
    let simplified = simplify(&projected, |p| settings.tolerance(degrees_from_center(p)));
    let mut rounded: Vec<Tenths> = Vec::with_capacity(simplified.len());
    for p in simplified {
        let q = ((p.x * 10.0).round() as i64, (p.y * 10.0).round() as i64);
        if rounded.last() != Some(&q) {
            rounded.push(q);
        }
    }
    Some(rounded)
}

/// A ring's points from its arcs (the closing point not repeated); `None` when an arc is
/// beyond the rim.
fn ring_points(references: &[i64], arcs: &[Option<Vec<Tenths>>]) -> Option<Vec<Tenths>> {
    let mut ring: Vec<Tenths> = Vec::new();
    for &reference in references {
        let (index, reversed) = if reference < 0 {
            (!reference, true)
        } else {
            (reference, false)
        };
        let arc = arcs[usize::try_from(index).ok()?].as_ref()?;
        let mut add = |p: Tenths| {
            if ring.last() != Some(&p) {
                ring.push(p);
            }
        };
        if reversed {
            arc.iter().rev().copied().for_each(&mut add);
        } else {
            arc.iter().copied().for_each(&mut add);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    Some(ring)
}

/// Twice the signed area of a ring, in square tenths.
fn doubled_area(ring: &[Tenths]) -> i128 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i128::from(a.0) * i128::from(b.1) - i128::from(b.0) * i128::from(a.1)
        })
        .sum()
}

/// A ring's area in square map units.
fn area(ring: &[Tenths]) -> f64 {
    (doubled_area(ring).abs() as f64) / 200.0
}

/// The tolerance where a ring lies (at the middle of its bounds).
fn ring_tolerance(ring: &[Tenths], settings: &Settings) -> f64 {
    let (min, max) = ring.iter().fold(
        ((i64::MAX, i64::MAX), (i64::MIN, i64::MIN)),
        |(lo, hi), p| {
            (
                (lo.0.min(p.0), lo.1.min(p.1)),
                (hi.0.max(p.0), hi.1.max(p.1)),
            )
        },
    );
    let middle = Point::new((min.0 + max.0) as f64 / 20.0, (min.1 + max.1) as f64 / 20.0);
    settings.tolerance(degrees_from_center(middle))
}

/// SVG path data for closed rings, in relative commands but the first: `M` to the first
/// ring's start and `l` (relative lines) through it, then for each other ring `m` from the
/// start of the one before (its pairs after the first are relative lines too); `z` closes
/// each ring.
pub fn path_data(rings: &[Vec<Tenths>]) -> String {
    let mut d = String::new();
    let mut start: Option<Tenths> = None;
    for ring in rings {
        let Some(&first) = ring.first() else {
            continue;
        };
        // After `z` the current point is the ring's start, so `m` is relative to it.
        match start {
            None => {
                d.push('M');
                push_pair(&mut d, first);
                d.push('l');
            }
            Some(s) => {
                d.push('m');
                push_pair(&mut d, (first.0 - s.0, first.1 - s.1));
            }
        }
        for pair in ring.windows(2) {
            push_pair(&mut d, (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1));
        }
        d.push('z');
        start = Some(first);
    }
    d
}

/// Appends two numbers, separated by a space unless the sign separates them (`3-4`),
/// and by one from the number before.
fn push_pair(d: &mut String, (x, y): Tenths) {
    for v in [x, y] {
        if v >= 0 && d.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
            d.push(' ');
        }
        push_tenths(d, v);
    }
}

/// Projects, simplifies and draws every country of `topology`.
pub fn build_world(topology: &Topology, settings: &Settings) -> WorldMap {
    let arcs: Vec<Option<Vec<Tenths>>> = topology
        .arcs
        .iter()
        .map(|arc| prepare_arc(arc, settings))
        .collect();
    let mut countries = Vec::new();
    for country in &topology.countries {
        if country.id.as_deref() == Some(ANTARCTICA) || country.name == "Antarctica" {
            continue;
        }
        let mut rings: Vec<Vec<Tenths>> = Vec::new();
        // The largest outer ring, in case every ring is small.
        let mut largest: Option<(f64, Vec<Tenths>)> = None;
        for polygon in &country.polygons {
            let Some((outer, holes)) = polygon.split_first() else {
                continue;
            };
            // An outer ring beyond the rim takes its holes with it.
            let Some(outer) = ring_points(outer, &arcs) else {
                continue;
            };
            let shapes = std::iter::once((true, Some(outer)))
                .chain(holes.iter().map(|hole| (false, ring_points(hole, &arcs))));
            for (is_outer, ring) in shapes {
                let Some(ring) = ring.filter(|r| r.len() >= 3) else {
                    continue;
                };
                let size = area(&ring);
                if size >= settings.min_ring_area * ring_tolerance(&ring, settings).powi(2) {
                    rings.push(ring);
                } else if is_outer && size > 0.0 && largest.as_ref().is_none_or(|(a, _)| size > *a)
                {
                    largest = Some((size, ring));
                }
            }
        }
        if rings.is_empty()
            && let Some((_, ring)) = largest
        {
            rings.push(ring);
        }
        if rings.is_empty() {
            continue;
        }
        countries.push(CountryShape {
            id: country.id.clone(),
            name: country.name.clone(),
            d: path_data(&rings),
        });
    }
    WorldMap {
        version: WORLD_MAP_VERSION,
        source: SOURCE.into(),
        size: MAP_SIZE as u32,
        countries,
    }
}

/// The asset's JSON: one country a line, so a change reads well in a diff.
pub fn to_json(world: &WorldMap) -> String {
    let mut out = String::with_capacity(256 * 1024);
    out.push_str(&format!(
        "{{\"version\":{},\"source\":{},\"size\":{}",
        world.version,
        serde_json::Value::from(world.source.as_str()),
        world.size
    ));
    out.push_str(",\"countries\":[\n");
    for (i, country) in world.countries.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(country).expect("a country serialises"));
    }
    out.push_str("\n]}\n");
    out
}

/// What [`run`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub countries: usize,
    pub bytes: usize,
    /// Countries with no ring left (beyond the rim, Antarctica, or too small to draw).
    pub dropped: Vec<String>,
}

/// Reads the topology at `topology`, builds the asset and writes it to `out`.
pub fn run(topology: &Path, out: &Path, settings: &Settings) -> Result<Report, GeometryError> {
    let text = std::fs::read_to_string(topology).map_err(|source| GeometryError::Read {
        file: topology.to_path_buf(),
        source,
    })?;
    let parsed = parse_topology(&text).map_err(|source| GeometryError::Invalid {
        file: topology.to_path_buf(),
        source,
    })?;
    let world = build_world(&parsed, settings);
    let json = to_json(&world);
    write_atomically(out, json.as_bytes())?;
    let dropped = parsed
        .countries
        .iter()
        .filter(|c| !world.countries.iter().any(|w| w.name == c.name))
        .map(|c| c.name.clone())
        .collect();
    Ok(Report {
        countries: world.countries.len(),
        bytes: json.len(),
        dropped,
    })
}

/// Writes `bytes` to `target` through a temporary file in the same folder and a rename, so
/// a reader sees the old file or the new one, never half of one.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), GeometryError> {
    crate::native::publish::replace_file(target, bytes).map_err(|source| GeometryError::Write {
        file: target.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two squares west and east of 65 E sharing a wiggly border (arc 0), quantized to a
    /// tenth of a degree from 60 E, 40 N.
    const NEIGHBOURS: &str = r#"{
        "type": "Topology",
        "transform": {"scale": [0.1, 0.1], "translate": [60, 40]},
        "arcs": [
            [[50, 0], [3, 20], [-5, 30], [4, 30], [-2, 20]],
            [[50, 100], [-50, 0], [0, -100], [50, 0]],
            [[50, 0], [50, 0], [0, 100], [-50, 0]]
        ],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "West"}},
            {"type": "Polygon", "arcs": [[2, -1]], "id": "2", "properties": {"name": "East"}}
        ]}}
    }"#;

    /// Rings in tenths of a unit, absolute, read from path data as SVG does: `M`, `m`,
    /// `l` and `z`, pairs after a move being lines of the same kind (an `m` that opens the
    /// path is absolute).
    fn parse_path(d: &str) -> Vec<Vec<Tenths>> {
        enum Token {
            Command(char),
            Tenths(i64),
        }
        let mut tokens: Vec<Token> = Vec::new();
        let mut number = String::new();
        let end_number = |number: &mut String, tokens: &mut Vec<Token>| {
            if !number.is_empty() {
                let v: f64 = number.parse().expect("a number");
                tokens.push(Token::Tenths((v * 10.0).round() as i64));
                number.clear();
            }
        };
        for c in d.chars() {
            match c {
                'M' | 'm' | 'l' | 'z' => {
                    end_number(&mut number, &mut tokens);
                    tokens.push(Token::Command(c));
                }
                ' ' => end_number(&mut number, &mut tokens),
                '-' => {
                    end_number(&mut number, &mut tokens);
                    number.push(c);
                }
                _ => number.push(c),
            }
        }
        end_number(&mut number, &mut tokens);

        let mut rings: Vec<Vec<Tenths>> = Vec::new();
        let (mut current, mut start) = ((0, 0), (0, 0));
        let mut command = ' ';
        let mut pending: Option<i64> = None;
        for token in tokens {
            match token {
                Token::Command('z') => current = start,
                Token::Command(c) => command = c,
                Token::Tenths(v) => {
                    let Some(x) = pending.take() else {
                        pending = Some(v);
                        continue;
                    };
                    let absolute = command == 'M' || (command == 'm' && rings.is_empty());
                    let point = if absolute {
                        (x, v)
                    } else {
                        (current.0 + x, current.1 + v)
                    };
                    if matches!(command, 'M' | 'm') {
                        rings.push(vec![point]);
                        start = point;
                        command = if command == 'M' { 'L' } else { 'l' };
                    } else {
                        assert_eq!(command, 'l', "only relative lines are written");
                        rings.last_mut().expect("a move first").push(point);
                    }
                    current = point;
                }
            }
        }
        rings
    }

    #[test]
    fn arcs_are_delta_decoded_with_the_transform() {
        let topology = parse_topology(NEIGHBOURS).expect("valid");
        let expected = [
            [65.0, 40.0],
            [65.3, 42.0],
            [64.8, 45.0],
            [65.2, 48.0],
            [65.0, 50.0],
        ];
        assert_eq!(topology.arcs[0].len(), expected.len());
        for (got, want) in topology.arcs[0].iter().zip(expected) {
            assert!((got[0] - want[0]).abs() < 1e-9 && (got[1] - want[1]).abs() < 1e-9);
        }
        assert_eq!(topology.arcs[2][3], topology.arcs[0][4]);
        assert_eq!(topology.countries.len(), 2);
        assert_eq!(topology.countries[1].id.as_deref(), Some("2"));
        assert_eq!(topology.countries[1].polygons, vec![vec![vec![2, -1]]]);
        // Without a transform, positions are absolute.
        let plain = decode_arcs(&[vec![vec![1.5, 2.0], vec![3.0, 4.0]]], None).expect("valid");
        assert_eq!(plain, vec![vec![[1.5, 2.0], [3.0, 4.0]]]);
        // A transform's rounding error past the antimeridian is taken back.
        let edge = Transform {
            scale: [360.0 / 99_999.0 * (1.0 + 1e-15), 1.0],
            translate: [-180.0, 0.0],
        };
        let decoded = decode_arcs(&[vec![vec![99_999.0, 0.0]]], Some(edge)).expect("valid");
        assert_eq!(decoded[0][0][0], 180.0);
    }

    #[test]
    fn a_broken_topology_is_refused_with_a_reason() {
        let missing_arc = NEIGHBOURS.replace("[[2, -1]]", "[[2, -9]]");
        let error = parse_topology(&missing_arc).expect_err("arc 8 does not exist");
        assert!(error.to_string().contains("missing arc"), "{error}");
        assert!(parse_topology("{}").is_err());
        assert!(parse_topology(r#"{"arcs": [], "objects": {}}"#).is_err());
        assert!(decode_arcs(&[vec![vec![1.0]]], None).is_err());
    }

    #[test]
    fn simplification_keeps_the_endpoints_and_what_sticks_out() {
        let line: Vec<Point> = (0..=20)
            .map(|i| {
                Point::new(
                    f64::from(i),
                    if i == 13 {
                        5.0
                    } else {
                        0.05 * f64::from(i % 2)
                    },
                )
            })
            .collect();
        let simple = simplify(&line, |_| 0.5);
        assert_eq!(simple.first(), line.first());
        assert_eq!(simple.last(), line.last());
        assert_eq!(
            simple,
            vec![line[0], line[12], line[13], line[14], line[20]]
        );
        // A tolerance that varies: tight on the left half only.
        let varying = simplify(&line, |p| if p.x < 10.0 { 0.01 } else { 10.0 });
        assert!(varying.iter().filter(|p| p.x < 10.0).count() >= 9);
        assert_eq!(
            varying.iter().filter(|p| p.x > 10.0).count(),
            1,
            "{varying:?}"
        );
        assert_eq!(simplify(&line[..2], |_| 1.0), line[..2].to_vec());
    }

    #[test]
    fn a_simplified_island_stays_a_shape() {
        let island: Vec<Point> = (0..=36)
            .map(|i| {
                let a = f64::from(i % 36) * 10f64.to_radians();
                Point::new(100.0 + a.cos(), 100.0 + a.sin())
            })
            .collect();
        let simple = simplify(&island, |_| 50.0);
        assert_eq!(simple.first(), simple.last());
        assert!(
            simple.len() >= 5,
            "four corners and the closing point: {simple:?}"
        );
    }

    #[test]
    fn neighbours_share_the_very_same_border() {
        let topology = parse_topology(NEIGHBOURS).expect("valid");
        for tolerance in [0.01, 0.5, 5.0] {
            let settings = Settings {
                tolerance_near: tolerance,
                tolerance_far: tolerance,
                min_ring_area: 0.0,
                ..Settings::DEFAULT
            };
            let world = build_world(&topology, &settings);
            assert_eq!(world.countries.len(), 2);
            let west = &parse_path(&world.countries[0].d)[0];
            let east = &parse_path(&world.countries[1].d)[0];
            let border = prepare_arc(&topology.arcs[0], &settings).expect("inside the map");
            let shared: Vec<&Tenths> = west.iter().filter(|p| east.contains(p)).collect();
            assert_eq!(shared.len(), border.len(), "tolerance {tolerance}");
            assert!(border.iter().all(|p| west.contains(p) && east.contains(p)));
            // The border runs one way in the west ring and the other way in the east one.
            let at = |ring: &[Tenths], p: &Tenths| ring.iter().position(|q| q == p).expect("on it");
            assert_eq!(at(west, &border[0]), 0);
            assert_eq!(
                at(east, &border[border.len() - 1]) + border.len() - 1,
                east.len()
            );
        }
        // The fine settings keep the wiggles; the coarse ones lose them.
        let fine = Settings {
            tolerance_near: 0.01,
            ..Settings::DEFAULT
        };
        assert_eq!(
            prepare_arc(&topology.arcs[0], &fine).map(|a| a.len()),
            Some(5)
        );
        let coarse = Settings {
            tolerance_near: 50.0,
            tolerance_far: 50.0,
            ..Settings::DEFAULT
        };
        assert_eq!(
            prepare_arc(&topology.arcs[0], &coarse).map(|a| a.len()),
            Some(2)
        );
    }

    #[test]
    fn path_data_is_relative_and_closes_every_ring() {
        let rings = vec![
            vec![(1000, 2000), (1010, 2000), (1010, 1985)],
            vec![(900, 2000), (905, 2010), (895, 2010)],
        ];
        let d = path_data(&rings);
        assert_eq!(d, "M100 200l1 0 0-1.5zm-10 0 0.5 1-1 0z");
        assert_eq!(parse_path(&d), rings);
        assert_eq!(path_data(&[]), "");
    }

    fn world_of(geometries: &str, arcs: &str, settings: &Settings) -> WorldMap {
        let text = format!(
            r#"{{"type": "Topology", "arcs": {arcs},
                "objects": {{"countries": {{"type": "GeometryCollection", "geometries": {geometries}}}}}}}"#
        );
        build_world(&parse_topology(&text).expect("valid"), settings)
    }

    #[test]
    fn antarctica_and_the_far_side_of_the_rim_are_left_out() {
        let world = world_of(
            r#"[
                {"type": "Polygon", "arcs": [[0]], "id": "010", "properties": {"name": "Antarctica"}},
                {"type": "MultiPolygon", "arcs": [[[1]], [[2]]], "id": "5", "properties": {"name": "Split"}},
                {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Beyond"}},
                {"type": "Point", "coordinates": [0, 0]}
            ]"#,
            // Antarctica; a square in Kazakhstan; a square around the antipode, 48 S 112 W,
            // one corner of it inside the rim.
            r#"[
                [[-180, -80], [0, -70], [180, -80], [-180, -80]],
                [[60, 45], [62, 45], [62, 47], [60, 47], [60, 45]],
                [[-113, -49], [-111, -49], [-111, -47], [-80, -20], [-113, -49]]
            ]"#,
            &Settings::DEFAULT,
        );
        let names: Vec<&str> = world.countries.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Split"]);
        assert_eq!(
            parse_path(&world.countries[0].d).len(),
            1,
            "only the square"
        );
        assert_eq!(world.countries[0].id.as_deref(), Some("5"));
    }

    #[test]
    fn a_tiny_ring_is_dropped_unless_it_is_all_there_is() {
        let world = world_of(
            r#"[
                {"type": "MultiPolygon", "arcs": [[[0]], [[1]]], "properties": {"name": "Big"}},
                {"type": "Polygon", "arcs": [[1]], "properties": {"name": "Small"}}
            ]"#,
            r#"[
                [[60, 45], [62, 45], [62, 47], [60, 47], [60, 45]],
                [[70, 45], [70.05, 45], [70.05, 45.05], [70, 45.05], [70, 45]]
            ]"#,
            // A ring of 0.05 degrees (about 0.1 by 0.15 units) is under 4 times 0.12
            // squared, the square of 2 by 2 degrees well over it.
            &Settings {
                tolerance_near: 0.12,
                min_ring_area: 4.0,
                ..Settings::DEFAULT
            },
        );
        let rings: Vec<usize> = world
            .countries
            .iter()
            .map(|c| parse_path(&c.d).len())
            .collect();
        assert_eq!(rings, [1, 1]);
    }

    #[test]
    fn the_asset_is_json_a_country_a_line() {
        let topology = parse_topology(NEIGHBOURS).expect("valid");
        let world = build_world(&topology, &Settings::DEFAULT);
        let json = to_json(&world);
        assert!(json.starts_with(
            r#"{"version":1,"source":"Natural Earth 1:50m via world-atlas 2.0.2","size":1000,"countries":["#
        ), "{json}");
        assert_eq!(json.lines().count(), 4);
        let back: WorldMap = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back, world);
    }

    #[test]
    fn the_asset_is_written_atomically() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let target = dir.path().join("geo/world.json");
        write_atomically(&target, b"old").expect("written");
        write_atomically(&target, b"new").expect("replaced");
        assert_eq!(std::fs::read(&target).expect("readable"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("geo"))
            .expect("listable")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        assert_eq!(names, ["world.json"], "no temporary file is left behind");
        // A failed rename (the target is a folder) leaves no temporary file either.
        let folder = dir.path().join("geo/taken");
        std::fs::create_dir_all(folder.join("inside")).expect("created");
        assert!(write_atomically(&folder, b"x").is_err());
        let count = std::fs::read_dir(dir.path().join("geo"))
            .expect("listable")
            .count();
        assert_eq!(count, 2);
    }

    #[test]
    fn run_reports_what_it_wrote() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let input = dir.path().join("countries.json");
        std::fs::write(&input, NEIGHBOURS).expect("written");
        let out = dir.path().join("world.json");
        let report = run(&input, &out, &Settings::DEFAULT).expect("built");
        assert_eq!(report.countries, 2);
        assert!(report.dropped.is_empty());
        assert_eq!(
            report.bytes as u64,
            std::fs::metadata(&out).expect("exists").len()
        );
        let missing = run(&dir.path().join("nope.json"), &out, &Settings::DEFAULT);
        assert!(matches!(missing, Err(GeometryError::Read { .. })));
    }
}
