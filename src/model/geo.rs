//! The map's geometry: where a place is drawn. Pure arithmetic, shared by the map
//! component (in the browser) and by `qq geometry`, which projects the world's borders
//! into the static asset `data/geo/world.json` ([`WorldMap`]) with the very same
//! [`project`].
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
    pub size: f64,
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

#[cfg(test)]
mod tests {
    use super::*;

    const ASTANA: (f64, f64) = (51.17, 71.43);

    fn at((lat, lon): (f64, f64)) -> Point {
        project(lat, lon).expect("inside the map")
    }

    /// splitmix64: a small deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in `low..high`.
        fn range(&mut self, low: f64, high: f64) -> f64 {
            low + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
        }
    }

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
}
