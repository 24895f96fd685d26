//! What the map draws, from the store: a [`Place`] per university (where the projection
//! puts it, its deeds, whether the region shown includes it) and a [`Pass`] per baton
//! pass between two of them. Plain Rust over the model's types; the page
//! ([`crate::app::pages::map_page`]) recomputes them when the data, the language or the
//! region changes, and [`super::layer`] draws them.

use crate::model::{
    Lang, Region,
    feed::Directory,
    geo::project,
    store::{RelayLink, UniversityStats},
};

use super::layer::{Pass, Place};

/// Every university of `directory`, in its order, as the map draws it. `region` shows
/// only its universities (the others stay, hidden, so indices do not move);
/// `deeds_text` words a number of deeds for the marker's title. A university whose
/// coordinates cannot be drawn is kept, with no place, and a warning.
pub fn places(
    directory: &Directory,
    stats: &[UniversityStats],
    lang: Lang,
    region: Option<Region>,
    deeds_text: &dyn Fn(u64) -> String,
) -> Vec<Place> {
    directory
        .all()
        .iter()
        .map(|u| {
            let at = if u.has_valid_coordinates() {
                project(u.lat, u.lon)
            } else {
                None
            };
            if at.is_none() {
                leptos::logging::warn!(
                    "{} has coordinates the map cannot draw; it is listed only",
                    u.id
                );
            }
            let deeds = stats.iter().find(|s| s.id == u.id).map_or(0, |s| s.deeds);
            Place {
                id: u.id.clone(),
                label: u.short.get(lang).to_string(),
                title: format!(
                    "{}, {}: {}",
                    u.name.get(lang),
                    u.city.get(lang),
                    deeds_text(deeds)
                ),
                at,
                deeds,
                shown: region.is_none_or(|r| u.region() == r),
            }
        })
        .collect()
}

/// The relay's links as passes between places by index; a link naming a university the
/// directory does not have is left out.
pub fn passes(directory: &Directory, links: &[RelayLink]) -> Vec<Pass> {
    let index = |id: &str| directory.all().iter().position(|u| u.id == id);
    links
        .iter()
        .filter_map(|link| {
            Some(Pass {
                from: index(&link.from)?,
                to: index(&link.to)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Names, University};
    use std::collections::BTreeMap;

    fn university(id: &str, country: &str, lat: f64) -> University {
        let names = |text: &str| Names {
            kk: format!("{text} kk"),
            ru: format!("{text} ru"),
            en: format!("{text} en"),
        };
        University {
            id: id.to_string(),
            short: names(&id.to_uppercase()),
            name: names(&format!("{id} university")),
            city: names("Almaty"),
            country: country.to_string(),
            lat,
            lon: 76.9,
        }
    }

    fn directory() -> Directory {
        Directory::new(vec![
            university("kaznu", "KZ", 43.2),
            university("msu", "RU", 55.7),
            university("lost", "TR", 123.0),
        ])
    }

    #[test]
    fn every_university_is_a_place_in_the_store_order_and_the_region_hides_the_rest() {
        let stats = [UniversityStats {
            id: "msu".to_string(),
            joined: None,
            received_from: None,
            deeds: 7,
            by_virtue: BTreeMap::new(),
        }];
        let words = |n: u64| format!("{n} deeds");
        let all = places(&directory(), &stats, Lang::Ru, None, &words);
        let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["kaznu", "msu", "lost"]);
        assert!(all.iter().all(|p| p.shown));
        assert_eq!(all[1].label, "MSU ru");
        assert_eq!(all[1].title, "msu university ru, Almaty ru: 7 deeds");
        assert_eq!((all[0].deeds, all[1].deeds), (0, 7));
        assert!(all[0].at.is_some());
        // Listed, but with nowhere to be drawn.
        assert_eq!(all[2].at, None);

        let near = places(&directory(), &stats, Lang::En, Some(Region::Near), &words);
        let shown: Vec<bool> = near.iter().map(|p| p.shown).collect();
        assert_eq!(shown, [false, true, false]);
    }

    #[test]
    fn passes_join_places_by_index_and_skip_unknown_universities() {
        let link = |from: &str, to: &str| RelayLink {
            from: from.to_string(),
            to: to.to_string(),
            deed: 1,
            date: "2020-02-06".parse().expect("a date"),
            count: 1,
        };
        let found = passes(
            &directory(),
            &[
                link("kaznu", "msu"),
                link("msu", "gone"),
                link("lost", "kaznu"),
            ],
        );
        assert_eq!(found, [Pass { from: 0, to: 1 }, Pass { from: 2, to: 0 }]);
    }
}
