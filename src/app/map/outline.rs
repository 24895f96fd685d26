//! The country outlines ([`WorldMap`], `data/geo/world.json`, built from Natural Earth by
//! `qq geometry`; see the README), fetched only when the map is opened, turned into SVG.

use crate::app::map::layer::escape;
use crate::model::geo::{WORLD_MAP_VERSION, WorldMap};

/// Where the asset lives, relative to the site.
pub use crate::model::geo::WORLD_MAP_PATH as OUTLINE_URL;

/// The asset from its JSON, refusing another version.
pub fn parse(text: &str) -> Result<WorldMap, String> {
    let map: WorldMap = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if map.version != WORLD_MAP_VERSION {
        return Err(format!(
            "{OUTLINE_URL} has version {}, this app reads {WORLD_MAP_VERSION}",
            map.version
        ));
    }
    Ok(map)
}

/// The countries as SVG paths; Kazakhstan (398) marked for its own fill.
pub fn markup(map: &WorldMap) -> String {
    let mut out = String::new();
    for country in &map.countries {
        out.push_str(if country.id.as_deref() == Some("398") {
            r#"<path class="country country--home" d=""#
        } else {
            r#"<path class="country" d=""#
        });
        out.push_str(&escape(&country.d));
        out.push_str(r#""/>"#);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_asset_and_marks_kazakhstan() {
        let map = parse(
            r#"{"version":1,"source":"x","size":1000,"countries":[
                {"id":"398","name":"Kazakhstan","d":"M1 1h2v2z"},
                {"name":"Somewhere","d":"M5 5h1v1z"},
                {"id":"417","name":"Kyrgyzstan","d":"M3 3h1v1z"}]}"#,
        )
        .unwrap();
        let svg = markup(&map);
        assert_eq!(svg.matches("<path").count(), 3);
        assert!(svg.contains(r#"class="country country--home" d="M1 1h2v2z""#));
    }

    #[test]
    fn refuses_another_version_or_broken_json() {
        assert!(parse(r#"{"version":2,"source":"x","size":1000,"countries":[]}"#).is_err());
        assert!(parse("{").is_err());
        assert!(parse(r#"{"version":1}"#).is_err());
    }

    #[test]
    fn the_committed_asset_is_readable() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/geo/world.json"
        ))
        .unwrap();
        let map = parse(&text).unwrap();
        assert!(map.countries.iter().any(|c| c.id.as_deref() == Some("398")));
        assert!(map.countries.len() > 150);
    }
}
