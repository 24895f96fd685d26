//! The relay's links as the [`super::StoreBuilder`] keeps them while deeds are added:
//! every pair of universities the baton passed between, each pair's link found again as
//! more batons pass that way, written whole to `relay-pairs.json` (which an approval
//! counts on from) and, bounded by the number of universities, to `relay.json` (which
//! the relay page and the map read).
//!
//! `relay.json` holds the first-pass tree (each university's earliest received baton)
//! and at most [`FURTHER_LINKS`] further links per giving university: first the
//! earliest baton it passed back to KazNU or to a university above it on its branch,
//! then its earliest pass of all, then its earliest others. So every fact
//! [`crate::model::relay::path`] derives from the whole relay (the tree, each
//! generation, the longest chain, who passed the baton at all and so who holds it, the
//! other starts and their order, the figures) comes out the same from the bounded file;
//! only the lists of later and returned batons are shortened.

use std::collections::{HashMap, HashSet};

use crate::model::{
    BatonPass, SCHEMA_VERSION,
    relay::path::ORIGIN,
    store::{RelayFile, RelayLink},
};

/// Links `relay.json` keeps per giving university beyond the tree's.
pub const FURTHER_LINKS: usize = 3;

/// The links: one per pair of universities, with the first pass between them (by
/// date, then deed) and how many there were.
///
/// The links read from a store are found by a scan: an approval adds a few passes, and
/// indexing thousands of links would cost more than the scans. The links made here are
/// indexed, as a full build makes thousands.
#[derive(Debug)]
pub(super) struct Relay {
    /// In `relay-pairs.json`'s order (by first pass), new pairs after them.
    links: Vec<RelayLink>,
    /// How many of `links` were read from the store.
    read: usize,
    /// Where each new pair's link is in `links`, by receiver, then giver.
    made: HashMap<String, HashMap<String, usize>>,
}

impl Relay {
    pub(super) fn new(links: Vec<RelayLink>) -> Relay {
        Relay {
            read: links.len(),
            links,
            made: HashMap::new(),
        }
    }

    /// Where the link from `from` to `to` is in `links`, if the baton has passed that way.
    fn find(&self, from: &str, to: &str) -> Option<usize> {
        let made = self.made.get(to).and_then(|givers| givers.get(from));
        made.copied().or_else(|| {
            (self.links[..self.read].iter()).position(|link| link.from == from && link.to == to)
        })
    }

    /// The link from `from` to `to`, if the baton has passed that way.
    pub(super) fn link(&self, from: &str, to: &str) -> Option<&RelayLink> {
        self.find(from, to).map(|index| &self.links[index])
    }

    pub(super) fn add(&mut self, pass: BatonPass) {
        if let Some(index) = self.find(&pass.from, &pass.to) {
            let link = &mut self.links[index];
            link.count += 1;
            if (pass.date, pass.deed) < (link.date, link.deed) {
                link.date = pass.date;
                link.deed = pass.deed;
            }
            return;
        }
        (self.made.entry(pass.to.clone()).or_default()).insert(pass.from.clone(), self.links.len());
        self.links.push(RelayLink {
            from: pass.from,
            to: pass.to,
            deed: pass.deed,
            date: pass.date,
            count: 1,
        });
    }

    /// `relay-pairs.json` and `relay.json`: every link, and the bounded few (see the
    /// module docs), each by first pass. The links are nearly in that order already, so
    /// sorting them again is quick.
    pub(super) fn files(&mut self) -> (RelayFile, RelayFile) {
        let mut links = std::mem::take(&mut self.links);
        links.sort_by(|a, b| (a.date, a.deed, &a.to).cmp(&(b.date, b.deed, &b.to)));
        let bounded = bounded(&links);
        let file = |links| RelayFile {
            schema: SCHEMA_VERSION,
            links,
        };
        (file(links), file(bounded))
    }
}

/// The links `relay.json` keeps of `links` (in their order, by first pass): see the
/// module docs.
pub fn bounded(links: &[RelayLink]) -> Vec<RelayLink> {
    // Each university's first received baton, by (date, deed, giver) as the relay's path
    // orders them; a university passing to itself is no pass.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (index, link) in links.iter().enumerate() {
        if link.from == link.to {
            continue;
        }
        let key = |l: &RelayLink| (l.date, l.deed, l.from.clone());
        let earlier = first
            .get(link.to.as_str())
            .is_none_or(|&known| key(link) < key(&links[known]));
        if earlier {
            first.insert(&link.to, index);
        }
    }
    let mut keep = vec![false; links.len()];
    for &index in first.values() {
        keep[index] = true;
    }
    let mut by_giver: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, link) in links.iter().enumerate() {
        if link.from != link.to {
            by_giver.entry(&link.from).or_default().push(index);
        }
    }
    for (giver, passes) in by_giver {
        let above = above(giver, &first, links);
        let returned = (passes.iter())
            .find(|&&i| links[i].to == ORIGIN || above.contains(links[i].to.as_str()));
        let wanted = returned.into_iter().chain(passes.first()).chain(&passes);
        let mut further = 0;
        for &index in wanted {
            if further == FURTHER_LINKS {
                break;
            }
            if !keep[index] {
                keep[index] = true;
                further += 1;
            }
        }
    }
    (links.iter().zip(keep))
        .filter(|(_, kept)| *kept)
        .map(|(link, _)| link.clone())
        .collect()
}

/// Those above `id` on its branch, given each university's `first` received link: its
/// giver, its giver's giver, and so on, up to KazNU or round a loop.
fn above<'a>(
    id: &'a str,
    first: &HashMap<&'a str, usize>,
    links: &'a [RelayLink],
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut at = id;
    while at != ORIGIN
        && let Some(&index) = first.get(at)
    {
        at = links[index].from.as_str();
        if !seen.insert(at) {
            break;
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        model::{
            Date, Deed, Names, University,
            feed::Directory,
            relay::path::{Chain, Node, chain, figures, first_return, holders},
        },
        native::synthetic::synthetic_source,
    };

    fn pass(from: &str, to: &str, deed: u64, day: &str) -> BatonPass {
        BatonPass {
            from: from.into(),
            to: to.into(),
            deed,
            date: Date::parse(day).unwrap(),
        }
    }

    fn link(from: &str, to: &str, deed: u64, day: &str, count: u64) -> RelayLink {
        RelayLink {
            from: from.into(),
            to: to.into(),
            deed,
            date: Date::parse(day).unwrap(),
            count,
        }
    }

    #[test]
    fn links_read_and_made_are_counted_and_keep_their_first_pass() {
        let mut relay = Relay::new(vec![
            link("kaznu", "enu", 1, "2020-02-06", 1),
            link("enu", "nu", 4, "2020-02-09", 2),
        ]);
        relay.add(pass("enu", "nu", 7, "2020-02-08"));
        relay.add(pass("nu", "kaznu", 8, "2020-03-01"));
        relay.add(pass("nu", "kaznu", 9, "2020-02-20"));
        relay.add(pass("kaznu", "enu", 10, "2020-04-01"));

        assert_eq!(
            relay.link("enu", "nu"),
            Some(&link("enu", "nu", 7, "2020-02-08", 3))
        );
        assert_eq!(
            relay.link("nu", "kaznu"),
            Some(&link("nu", "kaznu", 9, "2020-02-20", 2))
        );
        assert_eq!(relay.link("kaznu", "nu"), None);
        let (file, _) = relay.files();
        let order: Vec<u64> = file.links.iter().map(|l| l.deed).collect();
        assert_eq!(order, [1, 7, 9], "by first pass");
        assert_eq!(file.links[0].count, 2);
    }

    /// A node of the chain as the bounded file must keep it: where it is and what hangs
    /// under it.
    fn shape(node: &Node, out: &mut Vec<(String, usize, Option<Date>, Vec<String>)>) {
        let children = node.children.iter().map(|c| c.id.clone()).collect();
        out.push((node.id.clone(), node.generation, node.received, children));
        node.children.iter().for_each(|child| shape(child, out));
    }

    fn shapes(chain: &Chain) -> Vec<(String, usize, Option<Date>, Vec<String>)> {
        let mut out = Vec::new();
        shape(&chain.origin, &mut out);
        for start in &chain.other_starts {
            shape(start, &mut out);
        }
        out
    }

    fn later_batons(node: &Node, out: &mut Vec<(String, String, Date, bool)>) {
        for other in &node.also_received {
            out.push((node.id.clone(), other.university.clone(), other.date, false));
        }
        for other in &node.returned {
            out.push((node.id.clone(), other.university.clone(), other.date, true));
        }
        node.children
            .iter()
            .for_each(|child| later_batons(child, out));
    }

    /// The relay's path from the bounded links is the one from every link: the same tree,
    /// holders and figures; its later and returned batons are some of the whole's. Returns
    /// the bounded links.
    fn bounded_keeps_the_path(links: &[RelayLink], directory: &Directory) -> Vec<RelayLink> {
        let mut relay = Relay::new(Vec::new());
        for link in links {
            for n in 0..link.count {
                relay.add(BatonPass {
                    from: link.from.clone(),
                    to: link.to.clone(),
                    deed: link.deed + n * 1_000_000,
                    date: link.date,
                });
            }
        }
        let (all, kept) = relay.files();
        let (all, kept) = (all.links, kept.links);
        let today = Date::parse("2026-01-01").unwrap();
        let (whole, bounded) = (chain(&all), chain(&kept));
        assert_eq!(shapes(&bounded), shapes(&whole));
        assert_eq!(holders(&kept, today), holders(&all, today));
        assert_eq!(first_return(&kept), first_return(&all));
        let stats = [];
        assert_eq!(
            figures(&kept, &bounded, directory, &stats, today),
            figures(&all, &whole, directory, &stats, today)
        );
        let (mut some, mut every) = (Vec::new(), Vec::new());
        later_batons(&bounded.origin, &mut some);
        later_batons(&whole.origin, &mut every);
        for baton in &some {
            assert!(
                every.contains(baton),
                "{baton:?} is one of the whole relay's"
            );
        }
        // Bounded by the universities: a tree link each, a few more per giver.
        let givers: HashSet<&str> = all.iter().map(|l| l.from.as_str()).collect();
        let receivers: HashSet<&str> = all.iter().map(|l| l.to.as_str()).collect();
        assert!(kept.len() <= receivers.len() + FURTHER_LINKS * givers.len());
        for link in &kept {
            assert!(
                all.contains(link),
                "{link:?} is a whole link, count and all"
            );
        }
        kept
    }

    fn directory(ids: &[&str]) -> Directory {
        let names = |text: &str| Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        };
        Directory::new(
            ids.iter()
                .enumerate()
                .map(|(i, id)| University {
                    id: id.to_string(),
                    short: names(id),
                    name: names(id),
                    city: names(&format!("city {}", i % 3)),
                    country: ["KZ", "RU", "DE"][i % 3].into(),
                    lat: 0.0,
                    lon: 0.0,
                })
                .collect(),
        )
    }

    #[test]
    fn a_giver_keeps_its_tree_links_and_three_more_a_return_first() {
        let mut links = vec![
            link("kaznu", "enu", 1, "2020-02-06", 1),
            link("enu", "nu", 2, "2020-02-07", 1),
        ];
        // nu passes to six universities that already had the baton, then back to enu,
        // which passed it to nu.
        for (n, to) in ["a", "b", "c", "d", "e", "f"].into_iter().enumerate() {
            links.push(link("kaznu", to, 3 + n as u64, "2020-02-08", 1));
            links.push(link("nu", to, 10 + n as u64, "2020-02-09", 2));
        }
        links.push(link("nu", "enu", 31, "2020-03-02", 1));
        let kept = bounded_keeps_the_path(&links, &directory(&["kaznu", "enu", "nu"]));
        let from_nu: Vec<&str> = (kept.iter())
            .filter(|l| l.from == "nu")
            .map(|l| l.to.as_str())
            .collect();
        // Its earliest return (enu), its earliest pass (a), then the next earliest (b).
        assert_eq!(from_nu, ["a", "b", "enu"]);
        assert_eq!(kept.iter().filter(|l| l.from == "kaznu").count(), 7);
    }

    #[test]
    fn the_path_survives_cycles_ties_two_givers_and_strangers() {
        let links = [
            // Ties on one day: the deed decides, then the giver.
            link("kaznu", "enu", 1, "2020-02-06", 1),
            link("kaznu", "satbayev", 1, "2020-02-06", 1),
            link("enu", "nu", 2, "2020-02-07", 3),
            link("satbayev", "nu", 3, "2020-02-07", 1),
            // A cycle back to KazNU, and one to a university above on the branch.
            link("nu", "kbtu", 4, "2020-02-08", 1),
            link("kbtu", "kaznu", 5, "2020-02-09", 2),
            link("kbtu", "enu", 6, "2020-02-09", 1),
            // A loop nobody outside started, and a baton to a university not listed.
            link("x", "y", 7, "2020-03-01", 1),
            link("y", "x", 8, "2020-03-02", 1),
            link("nu", "ghost", 9, "2020-03-03", 1),
            // A start other than KazNU.
            link("columbia", "pku", 10, "2020-04-01", 1),
        ];
        let listed = [
            "kaznu", "enu", "satbayev", "nu", "kbtu", "x", "y", "pku", "idle",
        ];
        let kept = bounded_keeps_the_path(&links, &directory(&listed));
        let nu = kept.iter().find(|l| l.to == "nu").map(|l| l.from.as_str());
        assert_eq!(nu, Some("enu"), "the earlier deed on the same day");
        assert!(kept.iter().any(|l| l.from == "kbtu" && l.to == "kaznu"));
        assert!(kept.iter().any(|l| l.to == "ghost"));
        assert_eq!(kept.iter().find(|l| l.to == "nu").map(|l| l.count), Some(3));
    }

    #[test]
    fn a_store_of_one_university_or_no_pass_has_no_links() {
        assert!(bounded_keeps_the_path(&[], &directory(&["kaznu"])).is_empty());
        assert!(bounded(&[link("kaznu", "kaznu", 1, "2020-02-06", 1)]).is_empty());
    }

    #[test]
    fn a_relay_of_three_hundred_universities_keeps_its_path_in_a_bounded_file() {
        let source = synthetic_source(300, 40_000);
        let origin = |id: &str| {
            if id == "u0" {
                ORIGIN.to_string()
            } else {
                id.to_string()
            }
        };
        let mut relay = Relay::new(Vec::new());
        for pass in source.deeds.iter().flat_map(Deed::passes) {
            relay.add(BatonPass {
                from: origin(&pass.from),
                to: origin(&pass.to),
                ..pass
            });
        }
        let (all, _) = relay.files();
        let ids: Vec<String> = (source.universities.iter())
            .map(|u| origin(&u.id))
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let kept = bounded_keeps_the_path(&all.links, &directory(&ids));
        assert!(all.links.len() > 5_000, "{} pairs", all.links.len());
        assert!(
            kept.len() <= 300 * (1 + FURTHER_LINKS),
            "{} links",
            kept.len()
        );
    }
}
