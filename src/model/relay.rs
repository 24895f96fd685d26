//! The relay as derived from the deeds: a university joins with its first published deed,
//! and "who passed it the baton" is the earliest pass to it.

pub mod charts;
pub mod path;

use std::collections::BTreeMap;

use crate::model::{BatonPass, Date, Deed};

/// Each university's day of joining: the day of its first deed.
pub fn joined_dates<'a>(deeds: impl IntoIterator<Item = &'a Deed>) -> BTreeMap<String, Date> {
    let mut joined: BTreeMap<String, Date> = BTreeMap::new();
    for deed in deeds {
        joined
            .entry(deed.university.clone())
            .and_modify(|day| *day = (*day).min(deed.done_on))
            .or_insert(deed.done_on);
    }
    joined
}

/// For each university that received the baton, the earliest pass to it (by date, then
/// by deed number, so the answer never depends on the order of the input). KazNU
/// ([`path::ORIGIN`]) started the relay and receives none: a baton that reaches it came
/// back. A university passing to itself is no pass.
pub fn received_from<'a>(
    passes: impl IntoIterator<Item = &'a BatonPass>,
) -> BTreeMap<String, BatonPass> {
    let mut first: BTreeMap<String, BatonPass> = BTreeMap::new();
    for pass in passes {
        if pass.to == path::ORIGIN || pass.to == pass.from {
            continue;
        }
        let earlier = first
            .get(&pass.to)
            .is_none_or(|known| (pass.date, pass.deed) < (known.date, known.deed));
        if earlier {
            first.insert(pass.to.clone(), pass.clone());
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, Virtue};

    fn deed(id: u64, university: &str, day: &str, passes_to: &[&str]) -> Deed {
        Deed {
            id,
            university: university.into(),
            virtue: Virtue::Kindness,
            title: "t".into(),
            story: "s".into(),
            link: None,
            done_on: Date::parse(day).unwrap(),
            author: None,
            lang: Lang::En,
            published_at: format!("{day}T05:00:00Z"),
            illustrative: false,
            passes_to: passes_to.iter().map(|s| s.to_string()).collect(),
            received_from: None,
            photos: Vec::new(),
        }
    }

    #[test]
    fn a_university_joins_with_its_first_deed() {
        let deeds = [
            deed(2, "enu", "2020-02-20", &[]),
            deed(1, "kaznu", "2020-02-06", &["enu"]),
            deed(3, "enu", "2020-02-10", &[]),
        ];
        let joined = joined_dates(&deeds);
        assert_eq!(joined["kaznu"].to_string(), "2020-02-06");
        assert_eq!(joined["enu"].to_string(), "2020-02-10");
    }

    #[test]
    fn the_earliest_pass_wins_whatever_the_order() {
        let deeds = [
            deed(5, "satbayev", "2020-03-01", &["nu"]),
            deed(4, "enu", "2020-02-15", &["nu"]),
            deed(6, "kaznu", "2020-02-15", &["nu"]),
        ];
        let passes: Vec<BatonPass> = deeds.iter().flat_map(Deed::passes).collect();
        let mut reversed = passes.clone();
        reversed.reverse();
        for order in [&passes, &reversed] {
            let first = received_from(order.iter());
            // Two passes on the same day: the lower deed number was published first.
            assert_eq!(first["nu"].from, "enu");
            assert_eq!(first["nu"].deed, 4);
        }
    }

    #[test]
    fn a_baton_that_reaches_kaznu_came_back_and_is_no_first_pass() {
        let deeds = [
            deed(1, "kaznu", "2020-02-06", &["enu"]),
            deed(2, "enu", "2020-02-07", &["kaznu", "enu"]),
        ];
        let passes: Vec<BatonPass> = deeds.iter().flat_map(Deed::passes).collect();
        let first = received_from(&passes);
        assert_eq!(first.keys().collect::<Vec<_>>(), ["enu"]);
        assert_eq!(first["enu"].from, "kaznu");
    }
}
