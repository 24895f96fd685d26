//! The relay's path as the relay page shows it, worked out from the store's `relay.json`,
//! `universities.json` and `stats.json`: the relay in figures, the chain of batons as a
//! tree from KazNU, and who holds the baton now.
//!
//! The tree follows each university's FIRST received baton. Every other pass is kept on the
//! nodes it touches, never as a new branch: a later baton to a university already reached
//! ("also received from"), a baton passed back to an earlier university of its own branch
//! ("returned to"). Universities the baton reached by a path that does not start at KazNU
//! are kept under "other starts" rather than dropped. Plain Rust, tested natively; the page
//! (`src/app/pages/relay_page.rs`) only draws it.

use crate::model::{
    CHALLENGE_START, Date,
    feed::Directory,
    store::{RelayLink, UniversityStats},
};

/// The university where the relay started, on [`CHALLENGE_START`].
pub const ORIGIN: &str = "kaznu";

/// The relay in figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// Universities in the relay: KazNU and every university that passed or received a
    /// baton.
    pub universities: usize,
    /// Their countries.
    pub countries: usize,
    /// Their cities.
    pub cities: usize,
    /// Published deeds, of every university.
    pub deeds: u64,
    /// Days from 6 February 2020 to today (Kazakhstan's days).
    pub days: i64,
    /// The most passes from KazNU to a university along the tree.
    pub longest_chain: usize,
}

/// One pass of the baton that is not a branch of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherPass {
    /// The other university: the giver for "also received", the receiver for "returned".
    pub university: String,
    /// The day of the first such pass.
    pub date: Date,
}

/// A university in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The university's id.
    pub id: String,
    /// Passes from the tree's root: 0 for KazNU (or another start), 1 for those it passed to.
    pub generation: usize,
    /// The day it received its first baton; `None` for a root.
    pub received: Option<Date>,
    /// Later batons it received, oldest first (for a root, every baton it received).
    pub also_received: Vec<OtherPass>,
    /// Batons it passed back to a university earlier on its own branch, oldest first.
    pub returned: Vec<OtherPass>,
    /// The universities it passed its first baton to, by the day they received it.
    pub children: Vec<Node>,
}

/// The chain of batons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The tree from KazNU.
    pub origin: Node,
    /// Trees of universities the baton reached by no path from KazNU, by their first pass.
    pub other_starts: Vec<Node>,
}

/// A university that received the baton and has not passed it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The university's id.
    pub id: String,
    /// The university it received the baton from first.
    pub from: String,
    /// The day it received the baton first.
    pub since: Date,
    /// Days it has held it, to today (Kazakhstan's days).
    pub days: i64,
}

/// A sort key: a day, a number and two names. Every order on this page is one of these, so
/// the reading pages' download carries one sort and no tree map (it has a size budget).
type Key<'a> = (i64, u64, &'a str, &'a str);

/// The positions of `keys` in their order (equal keys keep theirs).
fn order(keys: &[Key<'_>]) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..keys.len()).collect();
    positions.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    positions
}

/// The different keys among `keys`, in order.
fn distinct<'a>(keys: &[Key<'a>]) -> Vec<Key<'a>> {
    let mut out: Vec<Key<'a>> = Vec::new();
    for i in order(keys) {
        if out.last() != Some(&keys[i]) {
            out.push(keys[i]);
        }
    }
    out
}

/// The earliest pass to each university (by date, then deed, then giver), ignoring a
/// university passing to itself.
fn first_received(links: &[RelayLink]) -> Vec<&RelayLink> {
    let key = |l: &RelayLink| (l.date, l.deed, l.from.clone());
    let mut first: Vec<&RelayLink> = Vec::new();
    for link in links.iter().filter(|link| link.from != link.to) {
        match first.iter_mut().find(|known| known.to == link.to) {
            Some(known) if key(link) < key(known) => *known = link,
            Some(_) => {}
            None => first.push(link),
        }
    }
    first
}

/// The first baton that came back to KazNU, which started the relay (by date, then deed,
/// then giver), if one did.
pub fn first_return(links: &[RelayLink]) -> Option<&RelayLink> {
    let key = |l: &RelayLink| (l.date, l.deed, l.from.clone());
    (links.iter())
        .filter(|link| link.to == ORIGIN && link.from != ORIGIN)
        .min_by_key(|link| key(link))
}

/// Builds the chain of batons from `links` (see the module docs).
pub fn chain(links: &[RelayLink]) -> Chain {
    let first = first_received(links);
    // The tree's passes, by the day they were made.
    let keys: Vec<Key> = first
        .iter()
        .map(|l| (l.date.days_since_epoch(), l.deed, l.to.as_str(), ""))
        .collect();
    let tree: Vec<&RelayLink> = order(&keys)
        .into_iter()
        .map(|i| first[i])
        .filter(|link| link.to != ORIGIN)
        .collect();
    let builder = Builder { links, tree: &tree };
    let mut placed = Vec::new();
    let origin = builder.node(ORIGIN, None, &mut Vec::new(), &mut placed);

    // Starts other than KazNU: givers who never received a baton, by their first pass.
    let starts: Vec<Key> = links
        .iter()
        .filter(|link| link.from != ORIGIN && !first.iter().any(|f| f.to == link.from))
        .map(|link| {
            (
                link.date.days_since_epoch(),
                link.deed,
                link.from.as_str(),
                "",
            )
        })
        .collect();
    let mut other_starts = Vec::new();
    for (_, _, id, _) in distinct(&starts) {
        if !placed.iter().any(|placed| placed == id) {
            other_starts.push(builder.node(id, None, &mut Vec::new(), &mut placed));
        }
    }
    // What is left is closed in a loop of passes: the loop starts where its earliest baton
    // was received.
    while let Some(next) = tree.iter().find(|link| !placed.contains(&link.to)) {
        other_starts.push(builder.node(&next.to, None, &mut Vec::new(), &mut placed));
    }
    Chain {
        origin,
        other_starts,
    }
}

struct Builder<'a> {
    links: &'a [RelayLink],
    /// Each university's first pass, by day.
    tree: &'a [&'a RelayLink],
}

/// `passes` by day, then by university.
fn by_day(passes: Vec<OtherPass>) -> Vec<OtherPass> {
    let keys: Vec<Key> = passes
        .iter()
        .map(|p| (p.date.days_since_epoch(), 0, p.university.as_str(), ""))
        .collect();
    order(&keys)
        .into_iter()
        .map(|i| passes[i].clone())
        .collect()
}

impl Builder<'_> {
    /// The node of `id`, reached by `tree_link` (`None` for a root), below `branch`.
    fn node(
        &self,
        id: &str,
        tree_link: Option<&RelayLink>,
        branch: &mut Vec<String>,
        placed: &mut Vec<String>,
    ) -> Node {
        placed.push(id.to_string());
        let also_received = by_day(
            self.links
                .iter()
                .filter(|link| link.to == id && link.from != id)
                .filter(|link| tree_link.is_none_or(|tree| !std::ptr::eq(*link, tree)))
                .map(|link| OtherPass {
                    university: link.from.clone(),
                    date: link.date,
                })
                .collect(),
        );
        branch.push(id.to_string());
        let returned = by_day(
            self.links
                .iter()
                .filter(|link| link.from == id && branch.contains(&link.to) && link.to != id)
                .map(|link| OtherPass {
                    university: link.to.clone(),
                    date: link.date,
                })
                .collect(),
        );
        let mut children = Vec::new();
        for link in self.tree.iter().filter(|link| link.from == id) {
            if !placed.contains(&link.to) {
                children.push(self.node(&link.to, Some(link), branch, placed));
            }
        }
        branch.pop();
        Node {
            id: id.to_string(),
            generation: branch.len(),
            received: tree_link.map(|link| link.date),
            also_received,
            returned,
            children,
        }
    }
}

impl Node {
    /// The most generations below this node.
    pub fn depth(&self) -> usize {
        self.children
            .iter()
            .map(|child| 1 + child.depth())
            .max()
            .unwrap_or(0)
    }
}

/// The relay in figures, from its passes, their `chain`, the universities and their
/// counts, with `today` in Kazakhstan.
pub fn figures(
    links: &[RelayLink],
    chain: &Chain,
    directory: &Directory,
    stats: &[UniversityStats],
    today: Date,
) -> Figures {
    figures_where(links, chain, directory, stats, today, &|_| true)
}

/// [`figures`] counting only the universities `keep` accepts (those of one region); the
/// longest chain is `chain`'s, so pass it [`Chain::narrowed`] the same way.
pub fn figures_where(
    links: &[RelayLink],
    chain: &Chain,
    directory: &Directory,
    stats: &[UniversityStats],
    today: Date,
    keep: &dyn Fn(&str) -> bool,
) -> Figures {
    let mut ids: Vec<Key> = vec![(0, 0, ORIGIN, "")];
    for link in links {
        ids.push((0, 0, &link.from, ""));
        ids.push((0, 0, &link.to, ""));
    }
    ids.retain(|(_, _, id, _)| keep(id));
    let ids = distinct(&ids);
    let known: Vec<_> = ids
        .iter()
        .filter_map(|(_, _, id, _)| directory.get(id))
        .collect();
    let countries: Vec<Key> = known
        .iter()
        .map(|u| (0, 0, u.country.as_str(), ""))
        .collect();
    let cities: Vec<Key> = known
        .iter()
        .map(|u| (0, 0, u.country.as_str(), u.city.en.as_str()))
        .collect();
    Figures {
        universities: ids.len(),
        countries: distinct(&countries).len(),
        cities: distinct(&cities).len(),
        deeds: stats.iter().filter(|s| keep(&s.id)).map(|s| s.deeds).sum(),
        days: CHALLENGE_START.days_until(today).max(0),
        longest_chain: chain.origin.depth(),
    }
}

impl Chain {
    /// The chain narrowed to the universities `keep` accepts: a university stays when it
    /// or one below it is accepted, so the way from KazNU to each stays whole; a start
    /// with nothing accepted goes. KazNU always stays, as the root.
    pub fn narrowed(self, keep: &dyn Fn(&str) -> bool) -> Chain {
        let Chain {
            mut origin,
            other_starts,
        } = self;
        origin.children = origin
            .children
            .into_iter()
            .filter_map(|child| child.narrowed(keep))
            .collect();
        Chain {
            origin,
            other_starts: other_starts
                .into_iter()
                .filter_map(|node| node.narrowed(keep))
                .collect(),
        }
    }
}

impl Node {
    /// This node and its branch narrowed to `keep` ([`Chain::narrowed`]), or `None` when
    /// nothing in it is accepted.
    fn narrowed(mut self, keep: &dyn Fn(&str) -> bool) -> Option<Node> {
        self.children = self
            .children
            .into_iter()
            .filter_map(|child| child.narrowed(keep))
            .collect();
        (keep(&self.id) || !self.children.is_empty()).then_some(self)
    }
}

/// Universities that received the baton and have not passed it on, longest held first
/// (then by id), with `today` in Kazakhstan.
pub fn holders(links: &[RelayLink], today: Date) -> Vec<Holder> {
    let holders: Vec<Holder> = first_received(links)
        .into_iter()
        .filter(|first| !links.iter().any(|l| l.from == first.to && l.to != l.from))
        .map(|first| Holder {
            id: first.to.clone(),
            from: first.from.clone(),
            since: first.date,
            days: first.date.days_until(today).max(0),
        })
        .collect();
    let keys: Vec<Key> = holders
        .iter()
        .map(|h| (-h.days, 0, h.id.as_str(), ""))
        .collect();
    order(&keys)
        .into_iter()
        .map(|i| holders[i].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Names, University};

    fn day(text: &str) -> Date {
        Date::parse(text).expect("a test date")
    }

    fn link(from: &str, to: &str, deed: u64, date: &str) -> RelayLink {
        RelayLink {
            from: from.into(),
            to: to.into(),
            deed,
            date: day(date),
            count: 1,
        }
    }

    fn names(text: &str) -> Names {
        Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        }
    }

    fn university(id: &str, city: &str, country: &str) -> University {
        University {
            id: id.into(),
            short: names(id),
            name: names(id),
            city: names(city),
            country: country.into(),
            lat: 0.0,
            lon: 0.0,
        }
    }

    fn ids(nodes: &[Node]) -> Vec<&str> {
        nodes.iter().map(|n| n.id.as_str()).collect()
    }

    fn find<'a>(node: &'a Node, id: &str) -> Option<&'a Node> {
        if node.id == id {
            return Some(node);
        }
        node.children.iter().find_map(|child| find(child, id))
    }

    /// KazNU → enu, satbayev; satbayev → nu → kbtu; kbtu → kaznu (back); enu → nu (later).
    fn sample() -> Vec<RelayLink> {
        vec![
            link("satbayev", "nu", 3, "2020-02-10"),
            link("kaznu", "satbayev", 1, "2020-02-06"),
            link("kaznu", "enu", 1, "2020-02-06"),
            link("enu", "nu", 4, "2020-02-12"),
            link("nu", "kbtu", 5, "2020-02-20"),
            link("kbtu", "kaznu", 6, "2020-03-01"),
        ]
    }

    #[test]
    fn kaznu_is_generation_zero_and_children_follow_their_dates() {
        let chain = chain(&sample());
        assert_eq!(chain.origin.id, "kaznu");
        assert_eq!(chain.origin.generation, 0);
        assert_eq!(chain.origin.received, None);
        // Same day, same deed: by id.
        assert_eq!(ids(&chain.origin.children), ["enu", "satbayev"]);
        let nu = find(&chain.origin, "nu").expect("nu is reached");
        assert_eq!(nu.generation, 2);
        assert_eq!(nu.received, Some(day("2020-02-10")));
        assert_eq!(find(&chain.origin, "kbtu").map(|n| n.generation), Some(3));
        assert!(chain.other_starts.is_empty());
    }

    #[test]
    fn children_are_ordered_by_the_day_they_received_the_baton() {
        let links = [
            link("kaznu", "late", 9, "2020-03-01"),
            link("kaznu", "early", 2, "2020-02-07"),
            link("kaznu", "middle", 5, "2020-02-20"),
        ];
        assert_eq!(
            ids(&chain(&links).origin.children),
            ["early", "middle", "late"]
        );
    }

    #[test]
    fn a_university_reached_twice_is_one_node_with_its_later_baton_noted() {
        let chain = chain(&sample());
        let enu = find(&chain.origin, "enu").expect("enu is reached");
        assert!(
            enu.children.is_empty(),
            "nu was reached from satbayev first"
        );
        let nu = find(&chain.origin, "nu").expect("nu is reached");
        assert_eq!(
            nu.also_received,
            [OtherPass {
                university: "enu".into(),
                date: day("2020-02-12"),
            }]
        );
        let mut count = 0;
        fn walk(node: &Node, count: &mut usize) {
            *count += 1;
            node.children.iter().for_each(|c| walk(c, count));
        }
        walk(&chain.origin, &mut count);
        assert_eq!(count, 5, "each university once");
    }

    #[test]
    fn a_baton_back_to_kaznu_is_a_return_not_a_branch() {
        let chain = chain(&sample());
        let kbtu = find(&chain.origin, "kbtu").expect("kbtu is reached");
        assert!(kbtu.children.is_empty());
        assert_eq!(
            kbtu.returned,
            [OtherPass {
                university: "kaznu".into(),
                date: day("2020-03-01"),
            }]
        );
        assert_eq!(chain.origin.also_received.len(), 1);
        assert_eq!(chain.origin.also_received[0].university, "kbtu");
        assert_eq!(chain.origin.depth(), 3);
    }

    #[test]
    fn the_first_baton_back_to_kaznu_is_its_return() {
        let mut links = sample();
        assert_eq!(first_return(&links).map(|l| l.from.as_str()), Some("kbtu"));
        links.push(link("enu", "kaznu", 5, "2020-03-01"));
        assert_eq!(
            first_return(&links).map(|l| l.deed),
            Some(5),
            "same day: the deed"
        );
        links.retain(|l| l.to != ORIGIN);
        assert_eq!(first_return(&links), None);
    }

    #[test]
    fn universities_not_reachable_from_kaznu_are_other_starts() {
        let mut links = sample();
        links.push(link("columbia", "pku", 7, "2020-04-01"));
        links.push(link("pku", "utokyo", 8, "2020-04-05"));
        // A loop nobody outside it started: x → y → x.
        links.push(link("x", "y", 10, "2020-05-01"));
        links.push(link("y", "x", 11, "2020-05-03"));
        let chain = chain(&links);
        assert_eq!(ids(&chain.other_starts), ["columbia", "y"]);
        let columbia = &chain.other_starts[0];
        assert_eq!(columbia.generation, 0);
        assert_eq!(ids(&columbia.children), ["pku"]);
        assert_eq!(ids(&columbia.children[0].children), ["utokyo"]);
        assert_eq!(columbia.children[0].children[0].generation, 2);
        let y = &chain.other_starts[1];
        assert_eq!(y.received, None);
        assert_eq!(y.also_received[0].university, "x");
        assert_eq!(ids(&y.children), ["x"]);
        assert_eq!(y.children[0].returned[0].university, "y");
    }

    #[test]
    fn the_figures_count_the_relay() {
        let directory = Directory::new(vec![
            university("kaznu", "Almaty", "KZ"),
            university("satbayev", "Almaty", "KZ"),
            university("enu", "Astana", "KZ"),
            university("nu", "Astana", "KZ"),
            university("kbtu", "Almaty", "KZ"),
            university("msu", "Moscow", "RU"),
            university("unreached", "Paris", "FR"),
        ]);
        let mut links = sample();
        links.push(link("nu", "msu", 7, "2020-02-21"));
        let stats = [
            UniversityStats {
                id: "kaznu".into(),
                joined: None,
                received_from: None,
                deeds: 4,
                by_virtue: BTreeMap::new(),
            },
            UniversityStats {
                id: "nu".into(),
                joined: None,
                received_from: None,
                deeds: 3,
                by_virtue: BTreeMap::new(),
            },
        ];
        let figures = figures(
            &links,
            &chain(&links),
            &directory,
            &stats,
            day("2020-02-16"),
        );
        assert_eq!(
            figures,
            Figures {
                universities: 6,
                countries: 2,
                cities: 3,
                deeds: 7,
                days: 10,
                longest_chain: 3,
            }
        );
    }

    #[test]
    fn the_days_count_from_the_start_and_never_below_zero() {
        let directory = Directory::new(Vec::new());
        let empty = chain(&[]);
        let on = |today| figures(&[], &empty, &directory, &[], day(today)).days;
        assert_eq!(on("2020-02-06"), 0);
        assert_eq!(on("2021-02-06"), 366, "2020 was a leap year");
        assert_eq!(on("2020-01-01"), 0);
        assert_eq!(
            figures(&[], &empty, &directory, &[], day("2020-02-06")).universities,
            1
        );
    }

    #[test]
    fn holders_have_not_passed_the_baton_on_and_the_longest_held_come_first() {
        let mut links = sample();
        links.push(link("satbayev", "msu", 7, "2020-02-15"));
        links.push(link("satbayev", "spbu", 8, "2020-02-15"));
        links.push(link("nu", "bsu", 9, "2020-02-25"));
        let holders = holders(&links, day("2020-03-06"));
        let listed: Vec<(&str, i64)> = holders.iter().map(|h| (h.id.as_str(), h.days)).collect();
        // enu passed to nu; kbtu passed back to KazNU: neither holds it. msu and spbu tie.
        assert_eq!(listed, [("msu", 20), ("spbu", 20), ("bsu", 10)]);
        assert_eq!(holders[2].since, day("2020-02-25"));
        // Each invitation names who passed the baton.
        assert_eq!(holders[2].from, "nu");
    }

    #[test]
    fn a_holder_is_counted_from_its_first_baton() {
        let links = [
            link("kaznu", "enu", 1, "2020-02-06"),
            link("kaznu", "nu", 1, "2020-02-06"),
            link("nu", "enu", 2, "2020-02-26"),
        ];
        let holders = holders(&links, day("2020-02-16"));
        assert_eq!(holders.len(), 1);
        assert_eq!((holders[0].id.as_str(), holders[0].days), ("enu", 10));
        assert_eq!(holders[0].from, "kaznu");
    }

    #[test]
    fn a_narrowed_chain_keeps_the_way_to_each_kept_university() {
        let links = [
            link("kaznu", "enu", 1, "2020-02-06"),
            link("enu", "msu", 2, "2020-02-10"),
            link("kaznu", "satbayev", 1, "2020-02-06"),
            link("satbayev", "nu", 3, "2020-02-12"),
            link("tokyo", "seoul", 4, "2020-03-01"),
        ];
        let in_russia = |id: &str| id == "msu";
        let narrowed = chain(&links).narrowed(&in_russia);
        assert_eq!(narrowed.origin.id, "kaznu");
        assert_eq!(narrowed.origin.children.len(), 1);
        assert_eq!(narrowed.origin.children[0].id, "enu");
        assert_eq!(narrowed.origin.children[0].children[0].id, "msu");
        assert_eq!(narrowed.origin.depth(), 2);
        assert!(narrowed.other_starts.is_empty());
        let nothing = chain(&links).narrowed(&|_| false);
        assert!(nothing.origin.children.is_empty());
        assert_eq!(nothing.origin.depth(), 0);
    }

    #[test]
    fn figures_of_a_region_count_only_its_universities() {
        let directory = Directory::new(vec![
            university("kaznu", "Almaty", "KZ"),
            university("enu", "Astana", "KZ"),
            university("msu", "Moscow", "RU"),
        ]);
        let links = [
            link("kaznu", "enu", 1, "2020-02-06"),
            link("enu", "msu", 2, "2020-02-10"),
        ];
        let stat = |id: &str, deeds| UniversityStats {
            id: id.into(),
            joined: None,
            received_from: None,
            deeds,
            by_virtue: BTreeMap::new(),
        };
        let stats = [stat("kaznu", 4), stat("enu", 2), stat("msu", 3)];
        let in_russia = |id: &str| id == "msu";
        let narrowed = chain(&links).narrowed(&in_russia);
        let f = figures_where(
            &links,
            &narrowed,
            &directory,
            &stats,
            day("2020-03-01"),
            &in_russia,
        );
        assert_eq!((f.universities, f.countries, f.cities), (1, 1, 1));
        assert_eq!(f.deeds, 3);
        assert_eq!(f.longest_chain, 2);
    }
}
