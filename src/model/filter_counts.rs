//! How many deeds each option of the feed's filters would show, given the other filters
//! in force: a virtue chip counts the deeds of the chosen university or region and dates,
//! a region the deeds of the chosen virtue, university and dates, a university those of
//! the chosen virtue, region and dates.
//!
//! The counts come from `counts.json` ([`CountsFile`]: each university's deeds by month
//! and virtue), never from deeds, so they cost the same at 100 and at 100,000 deeds. The
//! dates are day-precise and the figures monthly: a month wholly inside the dates counts
//! whole, a month wholly outside not at all, and a month the dates cut into counts whole
//! too, an upper bound, so that option's count is marked not [`Count::exact`] (the app
//! shows it as approximate). Without dates, or with dates on month bounds, every count is
//! exact. Keywords cannot be counted from the figures: [`option_counts`] gives none then.

use crate::model::{
    Date, Region, Virtue,
    feed::{Directory, Filter},
    store::{ByVirtue, CountsFile},
};

/// An option's count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Deeds.
    pub deeds: u64,
    /// False when a month the dates cut into added deeds: then `deeds` is at most that
    /// many more than the dates hold.
    pub exact: bool,
}

impl Count {
    fn add(&mut self, deeds: u64, exact: bool) {
        self.deeds += deeds;
        self.exact &= exact || deeds == 0;
    }

    fn zero() -> Count {
        Count {
            deeds: 0,
            exact: true,
        }
    }
}

/// The count of every option of the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionCounts {
    /// In the order of [`Virtue::ALL`].
    pub virtues: [Count; 4],
    /// In the order of [`Region::ALL`].
    pub regions: [Count; 3],
    /// By university, in the order of [`Directory::all`].
    pub universities: Vec<Count>,
}

impl OptionCounts {
    /// The count of the chip of `virtue`.
    pub fn virtue(&self, virtue: Virtue) -> Count {
        self.virtues[virtue_index(virtue)]
    }

    /// The count of the option of `region`.
    pub fn region(&self, region: Region) -> Count {
        let index = Region::ALL.iter().position(|r| *r == region).unwrap_or(0);
        self.regions[index]
    }

    /// The count of the university `id` of `directory`, the directory counted with.
    pub fn university(&self, directory: &Directory, id: &str) -> Count {
        (directory.position(id))
            .and_then(|at| self.universities.get(at).copied())
            .unwrap_or_else(Count::zero)
    }
}

/// One kind of option of the filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Virtue,
    Region,
    University,
}

/// Whether the options of `choice` count as their whole lists (the manifest's counts, in
/// hand before any figures): when no other filter is set.
pub fn whole_lists_answer(filter: &Filter, choice: Choice) -> bool {
    let others = Filter {
        virtue: filter.virtue.filter(|_| choice != Choice::Virtue),
        region: filter.region.filter(|_| choice != Choice::Region),
        university: (filter.university.clone()).filter(|_| choice != Choice::University),
        oldest_first: false,
        ..filter.clone()
    };
    others.is_empty()
}

/// How a month stands to the filter's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    Whole,
    Cut,
    Outside,
}

/// How the month `(year, month)` stands to the days `from ..= to`.
fn cover(year: i32, month: u8, from: Option<Date>, to: Option<Date>) -> Cover {
    let Some(first) = Date::new(year, month, 1) else {
        return Cover::Outside;
    };
    let last =
        Date::new(year, month, crate::model::date::days_in_month(year, month)).unwrap_or(first);
    if from.is_some_and(|from| from > last) || to.is_some_and(|to| to < first) {
        Cover::Outside
    } else if from.is_some_and(|from| from > first) || to.is_some_and(|to| to < last) {
        Cover::Cut
    } else {
        Cover::Whole
    }
}

fn virtue_index(virtue: Virtue) -> usize {
    Virtue::ALL.iter().position(|v| *v == virtue).unwrap_or(0)
}

/// The count of every option of the filters under the other filters of `filter`, from
/// `figures`; `None` while a keyword search is in force, which the figures cannot count.
/// A university `directory` does not know is left out (its region is unknown).
pub fn option_counts(
    filter: &Filter,
    directory: &Directory,
    figures: &CountsFile,
) -> Option<OptionCounts> {
    if !filter.query.is_empty() {
        return None;
    }
    let mut counts = OptionCounts {
        virtues: [Count::zero(); 4],
        regions: [Count::zero(); 3],
        universities: vec![Count::zero(); directory.all().len()],
    };
    for months in &figures.universities {
        let id = &months.id;
        let Some(at) = directory.position(id) else {
            continue;
        };
        let university = &directory.all()[at];
        let region = university.region();
        // This university's deeds within the dates, by virtue, and whether exact.
        let mut within: ByVirtue = [0; 4];
        let mut exact = [true; 4];
        for ((year, number), by_virtue) in months.months() {
            let cover = cover(year, number, filter.from, filter.to);
            if cover == Cover::Outside {
                continue;
            }
            for (index, deeds) in by_virtue.iter().enumerate() {
                within[index] += deeds;
                exact[index] &= cover == Cover::Whole || *deeds == 0;
            }
        }
        let of_virtues = |virtue: Option<Virtue>| {
            let mut count = Count::zero();
            for index in 0..4 {
                if virtue.is_none_or(|v| virtue_index(v) == index) {
                    count.add(within[index], exact[index]);
                }
            }
            count
        };
        let chosen = filter.university.as_ref().is_none_or(|u| u == id);
        let in_region = filter.region.is_none_or(|r| r == region);
        if chosen && in_region {
            for (index, count) in counts.virtues.iter_mut().enumerate() {
                count.add(within[index], exact[index]);
            }
        }
        if chosen {
            let of_region = of_virtues(filter.virtue);
            let slot = Region::ALL.iter().position(|r| *r == region).unwrap_or(0);
            counts.regions[slot].add(of_region.deeds, of_region.exact);
        }
        if in_region {
            counts.universities[at] = of_virtues(filter.virtue);
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::model::{Names, University, store::UniversityMonths};

    fn university(id: &str, country: &str) -> University {
        let names = Names {
            kk: id.into(),
            ru: id.into(),
            en: id.into(),
        };
        University {
            id: id.into(),
            short: names.clone(),
            name: names.clone(),
            city: names,
            country: country.into(),
            lat: 43.2,
            lon: 76.9,
        }
    }

    fn directory() -> Directory {
        Directory::new(vec![
            university("kaznu", "KZ"),
            university("enu", "KZ"),
            university("bsu", "BY"),
            university("mit", "US"),
        ])
    }

    /// kaznu: Feb 2020 [1 kindness, 2 honesty], Mar 2020 [4 kindness];
    /// enu: Mar 2020 [0, 1 decency]; bsu: Feb 2020 [0, 0, 0, 3 justice];
    /// mit: Apr 2020 [5 kindness]; ghost (unknown): Feb 2020 [7 kindness].
    fn figures() -> CountsFile {
        let months = |entries: &[((i32, u8), ByVirtue)]| {
            let months: BTreeMap<_, _> = entries.iter().copied().collect();
            move |id: &str| UniversityMonths::of(id, &months).unwrap()
        };
        CountsFile {
            schema: 1,
            universities: vec![
                months(&[((2020, 2), [1, 0, 2, 0]), ((2020, 3), [4, 0, 0, 0])])("kaznu"),
                months(&[((2020, 3), [0, 1, 0, 0])])("enu"),
                months(&[((2020, 2), [0, 0, 0, 3])])("bsu"),
                months(&[((2020, 4), [5, 0, 0, 0])])("mit"),
                months(&[((2020, 2), [7, 0, 0, 0])])("ghost"),
            ],
        }
    }

    fn day(text: &str) -> Option<Date> {
        Some(Date::parse(text).unwrap())
    }

    fn counts(filter: Filter) -> OptionCounts {
        option_counts(&filter, &directory(), &figures()).unwrap()
    }

    fn deeds(counts: &[Count]) -> Vec<u64> {
        counts.iter().map(|c| c.deeds).collect()
    }

    fn exact(count: u64) -> Count {
        Count {
            deeds: count,
            exact: true,
        }
    }

    #[test]
    fn without_filters_every_option_counts_its_whole_list() {
        let all = counts(Filter::default());
        assert_eq!(deeds(&all.virtues), [10, 1, 2, 3]);
        assert_eq!(deeds(&all.regions), [8, 3, 5]);
        assert_eq!(all.university(&directory(), "kaznu"), exact(7));
        assert_eq!(all.university(&directory(), "mit"), exact(5));
        assert_eq!(all.university(&directory(), "nowhere"), exact(0));
        assert!(all.virtues.iter().chain(&all.regions).all(|c| c.exact));
    }

    #[test]
    fn a_chosen_university_narrows_the_virtues_and_regions_not_the_universities() {
        let kaznu = counts(Filter {
            university: Some("kaznu".into()),
            ..Filter::default()
        });
        assert_eq!(deeds(&kaznu.virtues), [5, 0, 2, 0]);
        assert_eq!(deeds(&kaznu.regions), [7, 0, 0]);
        assert_eq!(
            kaznu.university(&directory(), "enu"),
            exact(1),
            "the other universities stay"
        );
        assert_eq!(kaznu.university(&directory(), "bsu"), exact(3));
    }

    #[test]
    fn a_chosen_region_narrows_the_virtues_and_universities_not_the_regions() {
        let kz = counts(Filter {
            region: Some(Region::Kz),
            ..Filter::default()
        });
        assert_eq!(deeds(&kz.virtues), [5, 1, 2, 0]);
        assert_eq!(deeds(&kz.regions), [8, 3, 5], "the regions stay");
        assert_eq!(kz.university(&directory(), "kaznu"), exact(7));
        assert_eq!(
            kz.university(&directory(), "bsu"),
            exact(0),
            "not in the region"
        );
        assert_eq!(kz.university(&directory(), "mit"), exact(0));
    }

    #[test]
    fn a_chosen_virtue_narrows_the_regions_and_universities_not_the_virtues() {
        let kindness = counts(Filter {
            virtue: Some(Virtue::Kindness),
            ..Filter::default()
        });
        assert_eq!(deeds(&kindness.virtues), [10, 1, 2, 3], "the virtues stay");
        assert_eq!(deeds(&kindness.regions), [5, 0, 5]);
        assert_eq!(kindness.university(&directory(), "kaznu"), exact(5));
        assert_eq!(kindness.university(&directory(), "enu"), exact(0));
    }

    #[test]
    fn dates_on_month_bounds_count_exactly() {
        let march = counts(Filter {
            from: day("2020-03-01"),
            to: day("2020-03-31"),
            ..Filter::default()
        });
        assert_eq!(deeds(&march.virtues), [4, 1, 0, 0]);
        assert_eq!(deeds(&march.regions), [5, 0, 0]);
        assert_eq!(march.university(&directory(), "kaznu"), exact(4));
        assert!(march.virtues.iter().chain(&march.regions).all(|c| c.exact));
        let from_march = counts(Filter {
            from: day("2020-03-01"),
            ..Filter::default()
        });
        assert_eq!(deeds(&from_march.virtues), [9, 1, 0, 0]);
        assert!(from_march.virtues.iter().all(|c| c.exact));
    }

    #[test]
    fn dates_inside_a_month_count_it_whole_and_say_so() {
        let mid_march = counts(Filter {
            from: day("2020-03-10"),
            to: day("2020-04-30"),
            ..Filter::default()
        });
        // March is cut (kaznu's 4 kindness, enu's 1 decency), April whole (mit's 5).
        assert_eq!(mid_march.virtue(Virtue::Kindness).deeds, 9);
        assert!(!mid_march.virtue(Virtue::Kindness).exact);
        assert!(!mid_march.virtue(Virtue::Decency).exact);
        assert_eq!(mid_march.virtue(Virtue::Justice), exact(0), "nothing cut");
        assert_eq!(mid_march.university(&directory(), "mit"), exact(5));
        assert!(!mid_march.university(&directory(), "kaznu").exact);
        assert_eq!(mid_march.region(Region::Far), exact(5));
        assert!(!mid_march.region(Region::Kz).exact);
    }

    #[test]
    fn every_filter_at_once() {
        let narrow = counts(Filter {
            university: Some("kaznu".into()),
            region: Some(Region::Kz),
            virtue: Some(Virtue::Honesty),
            from: day("2020-02-01"),
            to: day("2020-02-29"),
            ..Filter::default()
        });
        assert_eq!(deeds(&narrow.virtues), [1, 0, 2, 0]);
        assert_eq!(deeds(&narrow.regions), [2, 0, 0]);
        assert_eq!(narrow.university(&directory(), "kaznu"), exact(2));
        assert_eq!(narrow.university(&directory(), "enu"), exact(0));
    }

    #[test]
    fn a_university_outside_the_chosen_region_counts_nothing() {
        let clash = counts(Filter {
            university: Some("mit".into()),
            region: Some(Region::Kz),
            ..Filter::default()
        });
        assert_eq!(deeds(&clash.virtues), [0, 0, 0, 0]);
        assert_eq!(deeds(&clash.regions), [0, 0, 5]);
    }

    #[test]
    fn the_whole_lists_answer_only_when_no_other_filter_is_set() {
        let mut filter = Filter {
            virtue: Some(Virtue::Honesty),
            oldest_first: true,
            ..Filter::default()
        };
        assert!(whole_lists_answer(&filter, Choice::Virtue));
        assert!(!whole_lists_answer(&filter, Choice::Region));
        assert!(!whole_lists_answer(&filter, Choice::University));
        filter.virtue = None;
        filter.university = Some("kaznu".into());
        assert!(whole_lists_answer(&filter, Choice::University));
        assert!(!whole_lists_answer(&filter, Choice::Virtue));
        filter.university = None;
        filter.to = day("2021-01-01");
        assert!(!whole_lists_answer(&filter, Choice::Virtue));
        filter.to = None;
        filter.query = "tree".into();
        assert!(!whole_lists_answer(&filter, Choice::Region));
        filter.query.clear();
        filter.region = Some(Region::Far);
        assert!(whole_lists_answer(&filter, Choice::Region));
    }

    #[test]
    fn keywords_give_no_counts() {
        let filter = Filter {
            query: "tree".into(),
            ..Filter::default()
        };
        assert_eq!(option_counts(&filter, &directory(), &figures()), None);
    }

    #[test]
    fn months_are_placed_against_the_dates() {
        assert_eq!(cover(2020, 2, None, None), Cover::Whole);
        assert_eq!(
            cover(2020, 2, day("2020-02-01"), day("2020-02-29")),
            Cover::Whole
        );
        assert_eq!(cover(2020, 2, day("2020-02-02"), None), Cover::Cut);
        assert_eq!(cover(2020, 2, None, day("2020-02-28")), Cover::Cut);
        assert_eq!(cover(2020, 2, day("2020-03-01"), None), Cover::Outside);
        assert_eq!(cover(2020, 2, None, day("2020-01-31")), Cover::Outside);
    }
}
