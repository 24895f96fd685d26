//! The map's geometry: where a place is drawn, which markers merge into one, how a baton
//! arc bends and which labels fit. Pure arithmetic, shared by the map component (in the
//! browser) and by `qq geometry`, which projects the world's borders into the static
//! asset `data/geo/world.json` ([`WorldMap`]) with the very same [`project`].
//!
//! # The projection
//!
//! Azimuthal equidistant, centred on Kazakhstan ([`CENTER_LAT`] N, [`CENTER_LON`] E):
//! - distances and directions from the relay's home are true: the distance from the centre
//!   on the map is the distance on the globe, and north is straight up at the centre;
//! - the whole world fits in one disc, so far-abroad partners in the Americas and East Asia
//!   are on the same map as the Kazakh universities, with no second sheet;
//! - the only cut is the rim around the antipode (in the South Pacific, west of Chile), so
//!   no meridian cuts a partner country in two.
//!
//! The rim is [`CLIP_DEGREES`] of arc from the centre: beyond it shapes stretch into thin
//! rings, so nothing is drawn there. The frame is an SVG one: `0..=MAP_SIZE` on both axes,
//! the centre at [`MAP_CENTER`], `y` growing downward, the disc of radius [`MAP_RADIUS`].
//!
//! "Scale" below is always screen pixels per map unit (the map's zoom).

use serde::{Deserialize, Serialize};

/// Width and height of the map's frame, in map units.
pub const MAP_SIZE: f64 = 1000.0;

/// The centre of the map (Kazakhstan), in map units.
pub const MAP_CENTER: Point = Point { x: 500.0, y: 500.0 };

/// Radius of the drawn disc, in map units: the clip angle's distance from the centre. A
/// little under half of [`MAP_SIZE`], so the rim's stroke stays inside the frame.
pub const MAP_RADIUS: f64 = 490.0;

/// Latitude of the projection's centre, degrees north.
pub const CENTER_LAT: f64 = 48.0;

/// Longitude of the projection's centre, degrees east.
pub const CENTER_LON: f64 = 68.0;

/// How far from the centre, in degrees of arc, the map reaches.
pub const CLIP_DEGREES: f64 = 165.0;

/// Map units per degree of arc from the centre (about 111 km a degree).
pub const UNITS_PER_DEGREE: f64 = MAP_RADIUS / CLIP_DEGREES;

/// The geometry asset's path, relative to the site.
pub const WORLD_MAP_PATH: &str = "data/geo/world.json";

/// Version of [`WorldMap`]'s format; a reader refuses another.
pub const WORLD_MAP_VERSION: u32 = 1;

/// A position on the map, in map units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    /// The point at `x`, `y`.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// Distance to `other`, in map units.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// The geometry asset: every country's outline, projected (`data/geo/world.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorldMap {
    /// [`WORLD_MAP_VERSION`].
    pub version: u32,
    /// Where the outlines come from.
    pub source: String,
    /// [`MAP_SIZE`] when written: the frame the paths are drawn in.
    pub size: u32,
    pub countries: Vec<CountryShape>,
}

/// One country's outline on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryShape {
    /// ISO 3166-1 numeric code (`"398"` is Kazakhstan); absent for the few territories
    /// that have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The English name, as Natural Earth gives it.
    pub name: String,
    /// SVG path data in map units: one closed subpath per ring, relative commands.
    pub d: String,
}

/// The position of `lat`, `lon` (degrees) on the map; `None` for a value that is not a
/// coordinate or for a place beyond the map's rim ([`CLIP_DEGREES`]).
pub fn project(lat: f64, lon: f64) -> Option<Point> {
    let valid = lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon);
    if !valid {
        return None;
    }
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    let p = [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat];
    let [center, east, north] = frame();
    let (along, e, n) = (dot(p, center), dot(p, east), dot(p, north));
    let sin_c = e.hypot(n);
    let degrees = sin_c.atan2(along).to_degrees();
    if degrees > CLIP_DEGREES {
        return None;
    }
    let r = degrees * UNITS_PER_DEGREE;
    let (dx, dy) = if sin_c > 0.0 {
        (e / sin_c * r, n / sin_c * r)
    } else {
        (0.0, 0.0)
    };
    Some(Point::new(MAP_CENTER.x + dx, MAP_CENTER.y - dy))
}

/// The latitude and longitude (degrees, longitude in -180..=180) drawn at `point`; `None`
/// outside the map's disc or for a non-finite point.
pub fn invert(point: Point) -> Option<(f64, f64)> {
    if !(point.x.is_finite() && point.y.is_finite()) {
        return None;
    }
    let dx = (point.x - MAP_CENTER.x) / UNITS_PER_DEGREE;
    let dy = (MAP_CENTER.y - point.y) / UNITS_PER_DEGREE;
    let degrees = dx.hypot(dy);
    if degrees > CLIP_DEGREES + 1e-9 {
        return None;
    }
    if degrees == 0.0 {
        return Some((CENTER_LAT, CENTER_LON));
    }
    let (sin_c, cos_c) = degrees.to_radians().sin_cos();
    let [center, east, north] = frame();
    let (ue, un) = (dx / degrees * sin_c, dy / degrees * sin_c);
    let p: [f64; 3] = std::array::from_fn(|i| cos_c * center[i] + ue * east[i] + un * north[i]);
    let lat = p[2].atan2(p[0].hypot(p[1])).to_degrees();
    let lon = p[1].atan2(p[0]).to_degrees();
    Some((lat, lon))
}

/// Degrees of arc from the centre (Kazakhstan) to the place drawn at `point`: in this
/// projection, its distance from [`MAP_CENTER`] over [`UNITS_PER_DEGREE`].
pub fn degrees_from_center(point: Point) -> f64 {
    point.distance(MAP_CENTER) / UNITS_PER_DEGREE
}

/// The centre's unit vector and the unit vectors east and north of it.
fn frame() -> [[f64; 3]; 3] {
    let (sin_lat, cos_lat) = CENTER_LAT.to_radians().sin_cos();
    let (sin_lon, cos_lon) = CENTER_LON.to_radians().sin_cos();
    [
        [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat],
        [-sin_lon, cos_lon, 0.0],
        [-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat],
    ]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// A university's marker, to be clustered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    /// The caller's index of the university.
    pub index: usize,
    /// Position in map units.
    pub x: f64,
    pub y: f64,
    /// Its published deeds.
    pub weight: u32,
}

/// Markers drawn as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Position in map units: the members' centroid, weighted by their deeds (a member
    /// with none counts as one, so it still pulls).
    pub x: f64,
    pub y: f64,
    /// The members' indices ([`Marker::index`]), heaviest first.
    pub members: Vec<usize>,
    /// The members' deeds, summed.
    pub weight: u32,
}

/// Merges markers that would be drawn less than `radius_px` screen pixels apart at
/// `scale` (pixels per map unit).
///
/// Greedy and deterministic: the heaviest marker not yet taken (ties: the lower index,
/// then the input order) takes every other free marker within the radius of it, so a big
/// university keeps its place and small neighbours fold into it. Clusters come heaviest
/// first. Markers with a non-finite position stay on their own. Quadratic in the number of
/// markers, which is a few hundred.
pub fn cluster(points: &[Marker], scale: f64, radius_px: f64) -> Vec<Cluster> {
    let weights: Vec<u64> = points.iter().map(|p| u64::from(p.weight)).collect();
    let order = descending(&weights);
    let reach = if scale > 0.0 && radius_px > 0.0 {
        radius_px / scale
    } else {
        0.0
    };
    let mut taken = vec![false; points.len()];
    let mut clusters = Vec::new();
    for (at, &seed) in order.iter().enumerate() {
        if taken[seed] {
            continue;
        }
        taken[seed] = true;
        let center = Point::new(points[seed].x, points[seed].y);
        let mut members = vec![seed];
        for &other in &order[at + 1..] {
            let p = &points[other];
            if !taken[other] && Point::new(p.x, p.y).distance(center) < reach {
                taken[other] = true;
                members.push(other);
            }
        }
        let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
        let mut weight = 0u32;
        for &m in &members {
            let p = &points[m];
            let w = f64::from(p.weight.max(1));
            sx += p.x * w;
            sy += p.y * w;
            sw += w;
            weight = weight.saturating_add(p.weight);
        }
        clusters.push(Cluster {
            x: sx / sw,
            y: sy / sw,
            members: members.iter().map(|&m| points[m].index).collect(),
            weight,
        });
    }
    clusters
}

/// The indices of `keys`, the largest key first, ties in index order. The map's orderings
/// all go through this one function: every distinct sort call is its own machine code in
/// the app's download.
pub fn descending(keys: &[u64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[b].cmp(&keys[a]).then(a.cmp(&b)));
    order
}

/// How far a baton arc bows out, as a share of its length.
pub const ARC_BEND: f64 = 0.2;

/// The control point of the baton arc from `from` to `to`: off the middle of the chord, to
/// the right of the direction of travel (on screen, `y` down), by [`ARC_BEND`] of its
/// length. A pass back (`to` to `from`) bows to the other side, so the two never overlap.
pub fn arc_control(from: Point, to: Point) -> Point {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let mid = Point::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0);
    // (dx, dy) turned a quarter clockwise on screen, scaled by ARC_BEND: |offset| is
    // proportional to the length.
    Point::new(mid.x - dy * ARC_BEND, mid.y + dx * ARC_BEND)
}

/// SVG path data for the baton arc from `from` to `to`: a quadratic curve through
/// [`arc_control`], in map units with at most one decimal.
pub fn arc_path(from: Point, to: Point) -> String {
    let control = arc_control(from, to);
    let mut d = String::with_capacity(48);
    for (command, p) in [("M", from), (" Q", control), (" ", to)] {
        d.push_str(command);
        push_number(&mut d, p.x);
        d.push(' ');
        push_number(&mut d, p.y);
    }
    d
}

/// Appends `value` rounded to one decimal, without a trailing `.0`.
pub fn push_number(out: &mut String, value: f64) {
    push_tenths(out, (value * 10.0).round() as i64);
}

/// Appends `tenths / 10` with at most one decimal (`-12`, `3.5`, `-0.5`).
pub fn push_tenths(out: &mut String, tenths: i64) {
    use std::fmt::Write;
    if tenths < 0 {
        out.push('-');
    }
    let magnitude = tenths.unsigned_abs();
    let _ = write!(out, "{}", magnitude / 10);
    if !magnitude.is_multiple_of(10) {
        let _ = write!(out, ".{}", magnitude % 10);
    }
}

/// A label that would like to be drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelCandidate {
    /// Where the label's box is centred, in map units (put it beside its marker).
    pub x: f64,
    pub y: f64,
    /// The box's size on screen, in pixels (add any padding wanted between labels).
    pub width: f64,
    pub height: f64,
    /// Higher is placed first.
    pub priority: u32,
}

/// Which labels to draw at `scale` (pixels per map unit) so that no two boxes overlap:
/// the indices into `candidates`, ascending.
///
/// Greedy: by priority (ties: the lower index), a label is kept when its box overlaps no
/// kept one; boxes that only touch do not overlap. The highest-priority label is always
/// kept; one with a non-finite position or size never is.
pub fn place_labels(candidates: &[LabelCandidate], scale: f64) -> Vec<usize> {
    let priorities: Vec<u64> = candidates.iter().map(|c| u64::from(c.priority)).collect();
    let order = descending(&priorities);
    let mut kept: Vec<(usize, [f64; 4])> = Vec::new();
    for index in order {
        let Some(mine) = label_box(&candidates[index], scale) else {
            continue;
        };
        if kept.iter().all(|(_, other)| !boxes_overlap(&mine, other)) {
            kept.push((index, mine));
        }
    }
    let mut indices: Vec<usize> = kept.into_iter().map(|(index, _)| index).collect();
    indices.sort_unstable();
    indices
}

/// A label's box on screen: left, top, right, bottom in pixels.
pub fn label_box(label: &LabelCandidate, scale: f64) -> Option<[f64; 4]> {
    let (cx, cy) = (label.x * scale, label.y * scale);
    let (hw, hh) = (label.width.max(0.0) / 2.0, label.height.max(0.0) / 2.0);
    let bounds = [cx - hw, cy - hh, cx + hw, cy + hh];
    bounds.iter().all(|v| v.is_finite()).then_some(bounds)
}

/// Whether two boxes (left, top, right, bottom) share more than an edge.
pub fn boxes_overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[cfg(all(test, not(target_arch = "wasm32")))] // uses the native synthetic generator
mod tests {
    use super::*;

    const ASTANA: (f64, f64) = (51.17, 71.43);

    fn at((lat, lon): (f64, f64)) -> Point {
        project(lat, lon).expect("inside the map")
    }

    // The deterministic generator of the synthetic stores, so failures reproduce.
    use crate::native::synthetic::Mix as Rng;

    #[test]
    fn the_centre_is_drawn_at_the_middle_of_the_frame() {
        let center = at((CENTER_LAT, CENTER_LON));
        assert!(center.distance(MAP_CENTER) < 1e-9);
        const { assert!(MAP_CENTER.x + MAP_RADIUS <= MAP_SIZE && MAP_CENTER.x - MAP_RADIUS >= 0.0) };
    }

    #[test]
    fn directions_from_astana_are_true() {
        let astana = at(ASTANA);
        let almaty = at((43.24, 76.89));
        let moscow = at((55.76, 37.62));
        let tokyo = at((35.68, 139.69));
        let istanbul = at((41.01, 28.98));
        // South-east: right and down (y grows downward).
        assert!(almaty.x > astana.x && almaty.y > astana.y);
        // North-west: left and up.
        assert!(moscow.x < astana.x && moscow.y < astana.y);
        assert!(tokyo.x > astana.x);
        assert!(istanbul.x < astana.x);
        // North is up along the centre's meridian.
        let north = at((CENTER_LAT + 10.0, CENTER_LON));
        assert!((north.x - MAP_CENTER.x).abs() < 1e-9 && north.y < MAP_CENTER.y);
    }

    #[test]
    fn distances_from_the_centre_are_true() {
        let new_york = at((40.71, -74.01));
        let berlin = at((52.52, 13.40));
        assert!(new_york.distance(MAP_CENTER) > berlin.distance(MAP_CENTER));
        // Ten degrees due south is ten degrees of arc away.
        let south = at((CENTER_LAT - 10.0, CENTER_LON));
        assert!((degrees_from_center(south) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn project_then_invert_returns_the_input() {
        let mut rng = Rng(7);
        let mut checked = 0;
        for _ in 0..20_000 {
            let (lat, lon) = (rng.range(-89.9, 89.9), rng.range(-180.0, 180.0));
            let Some(point) = project(lat, lon) else {
                continue;
            };
            let (back_lat, back_lon) = invert(point).expect("a projected point inverts");
            let lon_error = (back_lon - lon + 540.0).rem_euclid(360.0) - 180.0;
            assert!(
                (back_lat - lat).abs() < 1e-6 && lon_error.abs() < 1e-6,
                "{lat},{lon} came back as {back_lat},{back_lon}"
            );
            checked += 1;
        }
        assert!(checked > 19_000, "most of the globe is on the map");
    }

    #[test]
    fn invert_then_project_returns_the_point() {
        let mut rng = Rng(11);
        for _ in 0..5_000 {
            let point = Point::new(rng.range(0.0, MAP_SIZE), rng.range(0.0, MAP_SIZE));
            let Some((lat, lon)) = invert(point) else {
                assert!(degrees_from_center(point) > CLIP_DEGREES);
                continue;
            };
            let again = project(lat, lon).expect("an inverted point is on the map");
            assert!(again.distance(point) < 1e-6, "{point:?} became {again:?}");
        }
    }

    #[test]
    fn invalid_input_gives_none() {
        for (lat, lon) in [
            (f64::NAN, 0.0),
            (0.0, f64::NAN),
            (f64::INFINITY, 0.0),
            (0.0, f64::NEG_INFINITY),
            (90.5, 0.0),
            (-91.0, 0.0),
            (0.0, 180.5),
            (0.0, -181.0),
        ] {
            assert_eq!(project(lat, lon), None, "{lat},{lon}");
        }
        // The antipode and its surroundings are beyond the rim.
        assert_eq!(project(-CENTER_LAT, CENTER_LON - 180.0), None);
        assert_eq!(project(-CENTER_LAT + 10.0, CENTER_LON - 180.0), None);
        assert_eq!(invert(Point::new(f64::NAN, 1.0)), None);
        assert_eq!(
            invert(Point::new(0.0, 0.0)),
            None,
            "a corner is outside the disc"
        );
        assert_eq!(invert(MAP_CENTER), Some((CENTER_LAT, CENTER_LON)));
    }

    fn random_markers(rng: &mut Rng, n: usize) -> Vec<Marker> {
        (0..n)
            .map(|i| Marker {
                index: 1000 + i,
                x: rng.range(0.0, MAP_SIZE),
                y: rng.range(0.0, MAP_SIZE),
                weight: rng.below(40) as u32,
            })
            .collect()
    }

    #[test]
    fn clustering_keeps_every_marker_once_and_every_deed() {
        let mut rng = Rng(3);
        for round in 0..200 {
            let n = rng.below(120) as usize;
            let mut markers = random_markers(&mut rng, n);
            // Some markers on the same spot, as universities in one city are.
            if n > 4 {
                markers[1].x = markers[0].x;
                markers[1].y = markers[0].y;
            }
            let scale = rng.range(0.1, 20.0);
            let radius = rng.range(0.0, 60.0);
            let clusters = cluster(&markers, scale, radius);
            let mut seen: Vec<usize> = clusters.iter().flat_map(|c| c.members.clone()).collect();
            seen.sort_unstable();
            let mut expected: Vec<usize> = markers.iter().map(|m| m.index).collect();
            expected.sort_unstable();
            assert_eq!(seen, expected, "round {round}");
            let total: u32 = markers.iter().map(|m| m.weight).sum();
            assert_eq!(clusters.iter().map(|c| c.weight).sum::<u32>(), total);
            assert!(clusters.len() <= markers.len());
            assert_eq!(clusters, cluster(&markers, scale, radius), "deterministic");
            for c in &clusters {
                let members: Vec<&Marker> = markers
                    .iter()
                    .filter(|m| c.members.contains(&m.index))
                    .collect();
                let weight: u32 = members.iter().map(|m| m.weight).sum();
                assert_eq!(c.weight, weight);
                let (min_x, max_x) = members.iter().fold((f64::MAX, f64::MIN), |(lo, hi), m| {
                    (lo.min(m.x), hi.max(m.x))
                });
                assert!(
                    c.x >= min_x - 1e-9 && c.x <= max_x + 1e-9,
                    "centroid inside"
                );
            }
        }
    }

    #[test]
    fn at_a_large_scale_every_marker_is_alone() {
        let mut rng = Rng(5);
        let markers = random_markers(&mut rng, 200);
        let clusters = cluster(&markers, 1e9, 40.0);
        assert_eq!(clusters.len(), markers.len());
        assert!(clusters.iter().all(|c| c.members.len() == 1));
    }

    #[test]
    fn close_markers_merge_into_the_heaviest() {
        let markers = [
            Marker {
                index: 0,
                x: 100.0,
                y: 100.0,
                weight: 1,
            },
            Marker {
                index: 1,
                x: 102.0,
                y: 100.0,
                weight: 9,
            },
            Marker {
                index: 2,
                x: 300.0,
                y: 100.0,
                weight: 4,
            },
        ];
        // 2 map units at scale 4 are 8 px: under a 10 px radius.
        let clusters = cluster(&markers, 4.0, 10.0);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].members, vec![1, 0]);
        assert_eq!(clusters[0].weight, 10);
        assert!((clusters[0].x - 101.8).abs() < 1e-9);
        assert_eq!(clusters[1].members, vec![2]);
        // At scale 6 they are 12 px apart: separate.
        assert_eq!(cluster(&markers, 6.0, 10.0).len(), 3);
        assert!(cluster(&[], 1.0, 10.0).is_empty());
    }

    #[test]
    fn arcs_start_and_end_exactly_at_their_universities() {
        let (a, b) = (Point::new(100.0, 200.0), Point::new(400.5, 250.25));
        assert_eq!(arc_path(a, b), "M100 200 Q240.2 285.2 400.5 250.3");
    }

    #[test]
    fn a_pass_back_bows_to_the_other_side() {
        let mut rng = Rng(13);
        for _ in 0..1000 {
            let a = Point::new(rng.range(0.0, MAP_SIZE), rng.range(0.0, MAP_SIZE));
            let b = Point::new(rng.range(0.0, MAP_SIZE), rng.range(0.0, MAP_SIZE));
            let (there, back) = (arc_control(a, b), arc_control(b, a));
            // The side of the line a->b a point is on: the sign of the cross product.
            let side = |p: Point| (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
            assert!(side(there) * side(back) < 0.0, "{a:?} {b:?}");
            // Bowed in proportion to the length.
            let mid = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
            assert!((there.distance(mid) - ARC_BEND * a.distance(b)).abs() < 1e-9);
        }
    }

    #[test]
    fn a_zero_length_arc_is_a_point() {
        let p = Point::new(12.34, 56.78);
        assert_eq!(arc_control(p, p), p);
        assert_eq!(arc_path(p, p), "M12.3 56.8 Q12.3 56.8 12.3 56.8");
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        let mut out = String::new();
        for (v, text) in [
            (0.0, "0"),
            (-0.04, "0"),
            (-0.05, "-0.1"),
            (12.0, "12"),
            (3.46, "3.5"),
            (-7.26, "-7.3"),
        ] {
            out.clear();
            push_number(&mut out, v);
            assert_eq!(out, text, "{v}");
        }
    }

    fn random_labels(rng: &mut Rng, n: usize) -> Vec<LabelCandidate> {
        (0..n)
            .map(|_| LabelCandidate {
                x: rng.range(0.0, MAP_SIZE),
                y: rng.range(0.0, MAP_SIZE),
                width: rng.range(10.0, 120.0),
                height: rng.range(8.0, 24.0),
                priority: rng.below(50) as u32,
            })
            .collect()
    }

    #[test]
    fn kept_labels_never_overlap_and_the_first_is_always_kept() {
        let mut rng = Rng(17);
        for round in 0..300 {
            let n = 1 + rng.below(150) as usize;
            let labels = random_labels(&mut rng, n);
            let scale = rng.range(0.2, 8.0);
            let kept = place_labels(&labels, scale);
            for (i, &a) in kept.iter().enumerate() {
                let box_a = label_box(&labels[a], scale).expect("finite");
                for &b in &kept[i + 1..] {
                    let box_b = label_box(&labels[b], scale).expect("finite");
                    assert!(!boxes_overlap(&box_a, &box_b), "round {round}: {a} and {b}");
                }
            }
            let top = labels.iter().map(|l| l.priority).max().expect("not empty");
            let first = labels
                .iter()
                .position(|l| l.priority == top)
                .expect("present");
            assert!(kept.contains(&first), "round {round}");
            assert!(kept.windows(2).all(|w| w[0] < w[1]), "ascending");
            assert_eq!(kept, place_labels(&labels, scale), "deterministic");
        }
    }

    #[test]
    fn a_label_is_dropped_only_for_a_kept_one_it_would_cover() {
        let label = |x: f64, priority: u32| LabelCandidate {
            x,
            y: 0.0,
            width: 20.0,
            height: 10.0,
            priority,
        };
        // At scale 1, x 0 and 10 overlap; x 0 and 20 only touch.
        let labels = [label(10.0, 1), label(0.0, 5), label(20.0, 0)];
        assert_eq!(place_labels(&labels, 1.0), vec![1, 2]);
        // Zoomed in twice, nothing overlaps.
        assert_eq!(place_labels(&labels, 2.0), vec![0, 1, 2]);
        let broken = LabelCandidate {
            x: f64::NAN,
            ..label(0.0, 9)
        };
        assert_eq!(place_labels(&[broken, label(0.0, 1)], 1.0), vec![1]);
    }
}
