//! What the map draws over the country outlines, as SVG markup in screen pixels: the baton
//! passes as directed arcs, the universities as markers (merged into one marker per
//! cluster when they would overlap) and the labels that fit. Built as one string per
//! settled view, so a view with 300 universities and 600 arcs costs one `innerHTML`
//! rather than thousands of reactive nodes, and so native tests can read it.

use std::fmt::Write;

use crate::app::map::view::View;
use crate::model::geo::{self, LabelCandidate, Marker, Point};
pub use crate::model::markup::escape;

/// Markers closer than this many pixels merge.
const CLUSTER_RADIUS: f64 = 30.0;
/// Half the side of a marker's hit area: at least 24 by 24 pixels.
const HIT_RADIUS: f64 = 14.0;
/// Markers, arcs and labels this far outside the viewport are still drawn, so a pan shows
/// them before the view settles.
const MARGIN: f64 = 160.0;

/// A university as the map draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Its id, carried by the marker as `data-u`.
    pub id: String,
    /// Its short name, the label.
    pub label: String,
    /// The marker's accessible name: its name, city and deeds, in the reader's language.
    pub title: String,
    /// Where the projection puts it; `None` when its coordinates cannot be drawn.
    pub at: Option<Point>,
    /// Its published deeds, which size the marker.
    pub deeds: u64,
    /// Whether the current filter shows it.
    pub shown: bool,
}

/// A baton pass between two places, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub from: usize,
    pub to: usize,
}

/// The drawn layer and what it holds, for tests and benchmarks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub markup: String,
    /// Markers drawn (a cluster counts once).
    pub markers: usize,
    /// Arcs drawn.
    pub arcs: usize,
    /// Labels drawn.
    pub labels: usize,
}

/// The marker's radius for a number of deeds.
pub fn radius(deeds: u64) -> f64 {
    7.0 + ((deeds as f64).sqrt() * 1.5).min(13.0)
}

/// Draws `places` and `passes` for `view`. `selected` is highlighted with the batons it
/// received and passed; `cluster_title(universities, deeds)` names a merged marker.
pub fn draw(
    places: &[Place],
    passes: &[Pass],
    view: View,
    selected: Option<usize>,
    cluster_title: impl Fn(usize, u64) -> String,
) -> Layer {
    let mut layer = Layer::default();
    let mut arcs = String::new();
    let mut markers = String::new();
    let mut labels = String::new();

    let screen = |i: usize| -> Option<Point> {
        let place = places.get(i)?;
        let (x, y) = view.to_screen(place.at?);
        place.shown.then_some(Point { x, y })
    };

    // Arcs first, under the markers. One path for the lines and one for the heads of each
    // kind of arc, not an element per arc: hundreds of elements would cost the browser
    // more to parse, style and hit-test than all the rest of the map. The selected
    // university's batons come last, on top.
    const KINDS: [&str; 4] = ["arc", "arc arc--dim", "arc arc--in", "arc arc--out"];
    let mut lines: [String; 4] = Default::default();
    let mut heads: [String; 4] = Default::default();
    for pass in passes {
        let (Some(from), Some(to)) = (screen(pass.from), screen(pass.to)) else {
            continue;
        };
        if from == to || !(view.shows(from.x, from.y, MARGIN) || view.shows(to.x, to.y, MARGIN)) {
            continue;
        }
        let kind = match selected {
            Some(s) if pass.to == s => 2,
            Some(s) if pass.from == s => 3,
            Some(_) => 1,
            None => 0,
        };
        lines[kind].push_str(&geo::arc_path(from, to));
        arrow_head(&mut heads[kind], from, to, radius(places[pass.to].deeds));
        layer.arcs += 1;
    }
    for (kind, class) in KINDS.iter().enumerate() {
        if !lines[kind].is_empty() {
            let _ = write!(
                arcs,
                r#"<g class="{class}"><path d="{}"/><path class="arc__head" d="{}"/></g>"#,
                lines[kind], heads[kind]
            );
        }
    }

    let candidates: Vec<Marker> = places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.shown)
        .filter_map(|(index, p)| {
            let at = p.at?;
            let (x, y) = view.to_screen(at);
            view.shows(x, y, MARGIN).then_some(Marker {
                index,
                x: at.x,
                y: at.y,
                weight: u32::try_from(p.deeds).unwrap_or(u32::MAX),
            })
        })
        .collect();
    let clusters = geo::cluster(&candidates, view.k, CLUSTER_RADIUS);

    // Every marker's box goes first, at the top priority, so that labels avoid markers as
    // well as one another; only the labels' boxes (`Some` text) are drawn.
    let mut label_boxes = Vec::new();
    let mut label_texts: Vec<Option<(f64, f64, &str)>> = Vec::new();
    for cluster in &clusters {
        let (x, y) = view.to_screen(Point {
            x: cluster.x,
            y: cluster.y,
        });
        let deeds: u64 = cluster.members.iter().map(|&i| places[i].deeds).sum();
        let r = radius(deeds);
        label_boxes.push(LabelCandidate {
            x,
            y,
            width: 2.0 * r,
            height: 2.0 * r,
            priority: u32::MAX,
        });
        label_texts.push(None);
        layer.markers += 1;
        if let [only] = cluster.members[..] {
            let place = &places[only];
            let class = if selected == Some(only) {
                "marker marker--selected"
            } else {
                "marker"
            };
            let _ = write!(
                markers,
                r#"<g class="{class}" data-u="{}" role="button" tabindex="0" aria-label="{}" transform="translate("#,
                escape(&place.id),
                escape(&place.title),
            );
            circles(&mut markers, x, y, r);
            markers.push_str("</g>");
            let width = place.label.chars().count() as f64 * 6.6 + 4.0;
            let left = x + r + 3.0;
            // Only labels wholly inside the view: a cut label reads as a different name.
            if left >= 0.0 && left + width <= view.width && y >= 8.0 && y + 8.0 <= view.height {
                // Boxes in screen pixels (scale 1), centred right of the marker.
                label_boxes.push(LabelCandidate {
                    x: left + width / 2.0,
                    y,
                    width,
                    height: 16.0,
                    priority: if selected == Some(only) {
                        u32::MAX - 1
                    } else {
                        u32::try_from(place.deeds)
                            .unwrap_or(u32::MAX - 2)
                            .min(u32::MAX - 2)
                    },
                });
                label_texts.push(Some((x + r + 5.0, y + 4.0, place.label.as_str())));
            }
        } else {
            let has_selected = selected.is_some_and(|s| cluster.members.contains(&s));
            let class = if has_selected {
                "marker marker--cluster marker--selected"
            } else {
                "marker marker--cluster"
            };
            // Where to zoom in, in whole pixels.
            let members: Vec<&str> = cluster
                .members
                .iter()
                .map(|&i| places[i].id.as_str())
                .collect();
            let _ = write!(
                markers,
                r#"<g class="{class}" data-zoom="{},{}" data-members="{}" role="button" tabindex="0" aria-label="{}" transform="translate("#,
                x.round() as i64,
                y.round() as i64,
                escape(&members.join(" ")),
                escape(&cluster_title(cluster.members.len(), deeds)),
            );
            circles(&mut markers, x, y, r);
            let _ = write!(
                markers,
                r#"<text class="marker__count" dy="4">{}</text></g>"#,
                cluster.members.len()
            );
        }
    }
    for kept in geo::place_labels(&label_boxes, 1.0) {
        let Some((x, y, text)) = label_texts[kept] else {
            continue;
        };
        labels.push_str(r#"<text class="label" x=""#);
        number(&mut labels, x);
        labels.push_str(r#"" y=""#);
        number(&mut labels, y);
        let _ = write!(labels, r#"">{}</text>"#, escape(text));
        layer.labels += 1;
    }

    layer.markup = format!(
        r#"<g class="arcs">{arcs}</g><g class="markers">{markers}</g><g class="labels" aria-hidden="true">{labels}</g>"#
    );
    layer
}

/// Writes a number with one decimal, without the float formatting machinery (which
/// would weigh on the app's download).
fn number(out: &mut String, value: f64) {
    geo::push_tenths(out, (value * 10.0).round() as i64);
}

/// Writes the rest of a marker's opening tag from its translate on, and its two circles.
fn circles(out: &mut String, x: f64, y: f64, r: f64) {
    number(out, x);
    out.push(' ');
    number(out, y);
    out.push_str(r#")"><circle class="marker__hit" r=""#);
    number(out, HIT_RADIUS.max(r));
    out.push_str(r#""/><circle class="marker__dot" r=""#);
    number(out, r);
    out.push_str(r#""/>"#);
}

/// Writes a small triangle pointing along the arc's end, just outside the target's marker.
fn arrow_head(out: &mut String, from: Point, to: Point, target_radius: f64) {
    let control = geo::arc_control(from, to);
    let (dx, dy) = (to.x - control.x, to.y - control.y);
    let length = dx.hypot(dy);
    if length < 1e-6 {
        return;
    }
    let (ux, uy) = (dx / length, dy / length);
    let tip = Point {
        x: to.x - ux * (target_radius + 2.0),
        y: to.y - uy * (target_radius + 2.0),
    };
    let (bx, by) = (tip.x - ux * 8.0, tip.y - uy * 8.0);
    let (nx, ny) = (-uy * 4.0, ux * 4.0);
    for (command, x, y) in [
        ('M', tip.x, tip.y),
        ('L', bx + nx, by + ny),
        ('L', bx - nx, by - ny),
    ] {
        out.push(command);
        number(out, x);
        out.push(' ');
        number(out, y);
    }
    out.push('Z');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geo::project;

    fn place(id: &str, lat: f64, lon: f64, deeds: u64) -> Place {
        Place {
            id: id.to_string(),
            label: id.to_uppercase(),
            title: format!("{id}: {deeds}"),
            at: project(lat, lon),
            deeds,
            shown: true,
        }
    }

    fn sample() -> Vec<Place> {
        vec![
            place("kaznu", 43.22, 76.92, 40),
            place("kaznmu", 43.40, 77.10, 12),
            place("enu", 51.16, 71.47, 20),
            place("msu", 55.70, 37.53, 5),
            place("broken", f64::NAN, 10.0, 3),
        ]
    }

    fn count(markup: &str, needle: &str) -> usize {
        markup.matches(needle).count()
    }

    #[test]
    fn merged_markers_keep_the_exact_sum() {
        let places = sample();
        // Zoomed out: the two Almaty universities share one marker.
        let far = View::first(390.0, 500.0).zoom_at(0.3, 195.0, 250.0);
        let layer = draw(&places, &[], far, None, |n, d| {
            format!("{n} universities, {d}")
        });
        assert!(layer.markers < 4);
        // The deeds on the markers add up to the universities' (the broken one excluded).
        let deeds: u64 = layer
            .markup
            .split("aria-label=\"")
            .skip(1)
            .map(|rest| {
                let label = rest.split('"').next().unwrap();
                let n = label
                    .rsplit([' ', ':'])
                    .find(|w| !w.is_empty() && w != &"deeds");
                n.unwrap().parse::<u64>().unwrap()
            })
            .sum();
        assert_eq!(deeds, 77);
        // Every drawn university is counted once, in a marker of its own or a cluster.
        let singles = count(&layer.markup, "data-u=");
        let merged: usize = layer
            .markup
            .split("<text class=\"marker__count\" dy=\"4\">")
            .skip(1)
            .map(|rest| rest.split('<').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(singles + merged, 4);
    }

    #[test]
    fn close_up_every_university_has_its_own_marker() {
        let places = sample();
        let almaty = places[0].at.unwrap();
        let near = View::first(1280.0, 800.0)
            .zoom_at(24.0, 640.0, 400.0)
            .centred_on(almaty);
        let layer = draw(&places, &[], near, None, |_, _| String::new());
        assert!(layer.markup.contains(r#"data-u="kaznu""#));
        assert!(layer.markup.contains(r#"data-u="kaznmu""#));
        assert!(!layer.markup.contains("broken"));
    }

    #[test]
    fn impossible_coordinates_and_filtered_places_are_not_drawn() {
        let mut places = sample();
        places[3].shown = false;
        let view = View::first(1280.0, 800.0).zoom_at(0.2, 640.0, 400.0);
        let layer = draw(&places, &[Pass { from: 0, to: 3 }], view, None, |n, _| {
            n.to_string()
        });
        assert!(!layer.markup.contains("msu"));
        assert_eq!(layer.arcs, 0);
    }

    #[test]
    fn the_selection_marks_batons_in_and_out() {
        let places = sample();
        let passes = [
            Pass { from: 0, to: 2 },
            Pass { from: 3, to: 0 },
            Pass { from: 2, to: 3 },
        ];
        let view = View::first(1280.0, 800.0).zoom_at(0.5, 640.0, 400.0);
        let layer = draw(&places, &passes, view, Some(0), |n, _| n.to_string());
        assert_eq!(layer.arcs, 3);
        // Each kind is one group whose line path holds its arcs, one `M` each.
        for class in ["arc arc--out", "arc arc--in", "arc arc--dim"] {
            assert_eq!(count(&layer.markup, &format!(r#""{class}""#)), 1, "{class}");
            assert_eq!(arcs_of(&layer.markup, class), 1, "{class}");
        }
        assert_eq!(count(&layer.markup, r#""arc""#), 0);
        // Without a selection, every arc is plain, in one group.
        let plain = draw(&places, &passes, view, None, |n, _| n.to_string());
        assert_eq!(arcs_of(&plain.markup, "arc"), 3);
        assert_eq!(count(&plain.markup, "arc--"), 0);
    }

    /// How many arcs the line path of the group of `class` draws.
    fn arcs_of(markup: &str, class: &str) -> usize {
        let group = format!(r#"<g class="{class}"><path d=""#);
        markup.split(&group).nth(1).map_or(0, |rest| {
            rest.split('"')
                .next()
                .unwrap_or_default()
                .matches('M')
                .count()
        })
    }

    #[test]
    fn labels_keep_off_markers_and_inside_the_view() {
        let places = sample();
        for zoom in [0.3, 1.0, 4.0, 24.0] {
            let view = View::first(390.0, 500.0).zoom_at(zoom, 195.0, 250.0);
            let layer = draw(&places, &[], view, Some(0), |n, _| n.to_string());
            let number = |text: &str, key: &str| -> Vec<f64> {
                text.split(key)
                    .skip(1)
                    .map(|rest| rest.split(['"', ' ', ')']).next().unwrap().parse().unwrap())
                    .collect()
            };
            let markers: Vec<(f64, f64, f64)> = layer
                .markup
                .split("transform=\"translate(")
                .skip(1)
                .map(|rest| {
                    let mut xy = rest.split([' ', ')']);
                    let x: f64 = xy.next().unwrap().parse().unwrap();
                    let y: f64 = xy.next().unwrap().parse().unwrap();
                    let r = number(rest, "marker__dot\" r=\"")[0];
                    (x, y, r)
                })
                .collect();
            for label in layer.markup.split("<text class=\"label\"").skip(1) {
                let x = number(label, " x=\"")[0];
                let y = number(label, " y=\"")[0];
                let text = label.split('>').nth(1).unwrap().split('<').next().unwrap();
                let (left, right) = (x - 2.0, x - 2.0 + text.chars().count() as f64 * 6.6 + 4.0);
                let (top, bottom) = (y - 12.0, y + 4.0);
                assert!(left >= 0.0 && right <= view.width, "{text} leaves the view");
                for (mx, my, r) in &markers {
                    let clear =
                        right <= mx - r || left >= mx + r || bottom <= my - r || top >= my + r;
                    assert!(clear, "{text} covers a marker at {mx},{my}");
                }
            }
        }
    }

    #[test]
    fn names_are_escaped() {
        let mut places = sample();
        places[2].title = r#"<script>"x" & 'y'"#.to_string();
        places[2].label = "<b>".to_string();
        let view = View::first(1280.0, 800.0);
        let layer = draw(&places, &[], view, None, |n, _| n.to_string());
        assert!(!layer.markup.contains("<script>"));
        assert!(!layer.markup.contains("<b>"));
        assert!(
            layer
                .markup
                .contains("&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;")
        );
    }

    #[test]
    fn markers_are_large_enough_to_tap() {
        assert!(radius(0) >= 7.0 && radius(10_000) <= 20.0);
        let places = [place("enu", 51.16, 71.47, 0)];
        let layer = draw(&places, &[], View::first(400.0, 400.0), None, |n, _| {
            n.to_string()
        });
        let hit: f64 = layer
            .markup
            .split(r#"class="marker__hit" r=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|r| r.parse().ok())
            .unwrap();
        assert!(hit * 2.0 >= 24.0, "hit area {hit}");
    }
}
