//! The deeds of each month by virtue, as the [`super::StoreBuilder`] keeps them while
//! deeds are added: counted by the month of `done_on`, and written to `stats.json` as
//! every month from the first to the last, so the relay's charts draw a quiet month as
//! one and not as a gap.

use std::collections::BTreeMap;

use crate::model::{Date, Virtue, store::MonthStats};

/// Deeds by (year, month), then by virtue slug.
#[derive(Debug, Default)]
pub(super) struct Months {
    counts: BTreeMap<(i32, u8), BTreeMap<String, u64>>,
}

impl Months {
    /// The months of a `stats.json`; one whose name is not `YYYY-MM` is left out (the
    /// next full build writes it again).
    pub(super) fn new(months: Vec<MonthStats>) -> Months {
        let counts = (months.into_iter())
            .filter_map(|month| Some((parse_month(&month.month)?, month.by_virtue)))
            .collect();
        Months { counts }
    }

    /// Counts one deed of `virtue` done on `day`.
    pub(super) fn add(&mut self, day: Date, virtue: Virtue) {
        let month = (self.counts.entry((day.year, day.month))).or_insert_with(zeros);
        *month.entry(virtue.slug().to_string()).or_insert(0) += 1;
    }

    /// Every month from the first counted to the last, oldest first, each with every
    /// virtue.
    pub(super) fn file(&self) -> Vec<MonthStats> {
        let (Some((&first, _)), Some((&last, _))) =
            (self.counts.first_key_value(), self.counts.last_key_value())
        else {
            return Vec::new();
        };
        let mut months = Vec::new();
        let mut month = first;
        while month <= last {
            let mut by_virtue = zeros();
            for (virtue, count) in self.counts.get(&month).into_iter().flatten() {
                by_virtue.insert(virtue.clone(), *count);
            }
            months.push(MonthStats {
                month: format!("{:04}-{:02}", month.0, month.1),
                by_virtue,
            });
            month = if month.1 == 12 {
                (month.0 + 1, 1)
            } else {
                (month.0, month.1 + 1)
            };
        }
        months
    }
}

/// Every virtue at 0.
fn zeros() -> BTreeMap<String, u64> {
    (Virtue::ALL.into_iter())
        .map(|virtue| (virtue.slug().to_string(), 0))
        .collect()
}

/// `YYYY-MM` as (year, month).
fn parse_month(text: &str) -> Option<(i32, u8)> {
    let (year, month) = text.split_once('-')?;
    let (year, month): (i32, u8) = (year.parse().ok()?, month.parse().ok()?);
    (year.to_string().len() == 4 && (1..=12).contains(&month)).then_some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn months_run_from_the_first_to_the_last_with_quiet_ones_at_zero() {
        let mut months = Months::default();
        assert!(months.file().is_empty(), "no deed, no month");
        months.add(day("2020-12-31"), Virtue::Honesty);
        months.add(day("2021-01-01"), Virtue::Kindness);
        months.add(day("2021-01-31"), Virtue::Kindness);
        months.add(day("2021-03-01"), Virtue::Justice);
        let file = months.file();
        let names: Vec<&str> = file.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(names, ["2020-12", "2021-01", "2021-02", "2021-03"]);
        for month in &file {
            assert_eq!(month.by_virtue.len(), Virtue::ALL.len(), "{}", month.month);
        }
        assert_eq!(file[0].by_virtue["honesty"], 1);
        assert_eq!(file[0].by_virtue["kindness"], 0);
        assert_eq!(file[1].by_virtue["kindness"], 2, "the 1st and the 31st");
        assert!(file[2].by_virtue.values().all(|&n| n == 0), "a quiet month");
        assert_eq!(file[3].by_virtue["justice"], 1);
    }

    #[test]
    fn months_read_back_count_on() {
        let mut months = Months::default();
        months.add(day("2020-02-06"), Virtue::Decency);
        let mut again = Months::new(months.file());
        again.add(day("2020-02-29"), Virtue::Decency);
        again.add(day("2020-04-02"), Virtue::Kindness);
        let file = again.file();
        assert_eq!(file.len(), 3);
        assert_eq!(file[0].by_virtue["decency"], 2);
        assert_eq!(file[2].month, "2020-04");
        assert_eq!(parse_month("2020-13"), None);
        assert_eq!(parse_month("20-01"), None);
    }
}
