//! The relay's links as the [`super::StoreBuilder`] keeps them while deeds are added:
//! in `relay.json`'s order, each pair's link found again as more batons pass that way.

use std::collections::HashMap;

use crate::model::{
    BatonPass, SCHEMA_VERSION,
    store::{RelayFile, RelayLink},
};

/// The links: one per pair of universities, with the first pass between them (by
/// date, then deed) and how many there were.
///
/// The links read from a store are found by a scan: an approval adds a few passes, and
/// indexing thousands of links would cost more than the scans. The links made here are
/// indexed, as a full build makes thousands.
#[derive(Debug)]
pub(super) struct Relay {
    /// In `relay.json`'s order (by first pass), new pairs after them.
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

    /// `relay.json`: the links by first pass. They are nearly in that order already, so
    /// sorting them again is quick.
    pub(super) fn file(&mut self) -> RelayFile {
        let mut links = std::mem::take(&mut self.links);
        links.sort_by(|a, b| (a.date, a.deed, &a.to).cmp(&(b.date, b.deed, &b.to)));
        RelayFile {
            schema: SCHEMA_VERSION,
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

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
        let file = relay.file();
        let order: Vec<u64> = file.links.iter().map(|l| l.deed).collect();
        assert_eq!(order, [1, 7, 9], "by first pass");
        assert_eq!(file.links[0].count, 2);
    }
}
