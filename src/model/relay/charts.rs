//! The relay's charts as numbers and shapes, from the publisher's `stats.json`: deeds per
//! month stacked by virtue, universities joined over time, deeds by region and by country,
//! and the balance of the four virtues. Plain Rust, tested natively; the app only turns
//! the markup into the page. Every shape is in whole units of a fixed view box, so the
//! prerendered page and the app draw the very same markup; markup made as one string
//! costs the app's download far less than a view per bar.

use std::{collections::BTreeMap, fmt::Write};

use crate::model::{
    Region, Virtue,
    feed::Directory,
    markup::escape,
    store::{MonthStats, UniversityStats},
};

/// Counts by virtue, in [`Virtue::ALL`]'s order.
pub type Balance = [u64; 4];

/// The height of a bar chart's view box: bars are scaled to it.
pub const CHART_HEIGHT: u32 = 120;

/// The widest a time chart's view box gets: its months share it, so that its text keeps
/// one size however many months there are.
pub const MONTHS_WIDTH: u32 = 400;

/// The counts of a `by_virtue` map (slug to count), in [`Virtue::ALL`]'s order.
pub fn balance_of(by_virtue: &BTreeMap<String, u64>) -> Balance {
    Virtue::ALL.map(|virtue| by_virtue.get(virtue.slug()).copied().unwrap_or(0))
}

/// The sum of several balances.
pub fn sum(balances: impl IntoIterator<Item = Balance>) -> Balance {
    balances.into_iter().fold([0; 4], |mut total, balance| {
        for (t, b) in total.iter_mut().zip(balance) {
            *t += b;
        }
        total
    })
}

/// Each part of `balance` in whole percent, summing to exactly 100 (largest remainders
/// first); all zero for an empty balance.
pub fn percents(balance: &Balance) -> [u64; 4] {
    shares(balance, 100)
}

/// `whole` split in proportion to `parts`, in whole units that sum to `whole` exactly
/// (largest remainders get the units left over, earlier parts first on a tie); all zero
/// when the parts are. No sort and no 128-bit division: the reading pages' download pays
/// for each (counts stay far below 2^50).
pub fn shares<const N: usize>(parts: &[u64; N], whole: u64) -> [u64; N] {
    let total: u64 = parts.iter().sum();
    let mut out = [0; N];
    if total == 0 {
        return out;
    }
    let mut remainders = [0u64; N];
    for (i, part) in parts.iter().enumerate() {
        let exact = part.saturating_mul(whole);
        out[i] = exact / total;
        remainders[i] = exact % total;
    }
    let mut left = whole.saturating_sub(out.iter().sum::<u64>());
    while left > 0 {
        let mut best = 0;
        for i in 1..N {
            if remainders[i] > remainders[best] {
                best = i;
            }
        }
        out[best] += 1;
        remainders[best] = 0;
        left -= 1;
    }
    out
}

/// `n` of `top` as a part of `length` units, rounded down.
fn scale(n: u64, top: u64, length: u32) -> u32 {
    (n as f64 * f64::from(length) / top.max(1) as f64) as u32
}

/// A rectangle of a chart, in view box units, and the virtue it stands for (its colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub virtue: Virtue,
}

/// The balance as one horizontal bar of `width` units split by virtue, leaving out the
/// virtues with no deeds.
pub fn balance_bars(balance: &Balance, width: u32, height: u32) -> Vec<Bar> {
    let widths = shares(balance, u64::from(width));
    let mut x = 0;
    Virtue::ALL
        .into_iter()
        .zip(widths)
        .filter(|(_, w)| *w > 0)
        .map(|(virtue, w)| {
            let bar = Bar {
                x,
                y: 0,
                width: w as u32,
                height,
                virtue,
            };
            x += w as u32;
            bar
        })
        .collect()
}

/// One month of the relay: its `YYYY-MM` and its deeds by virtue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub month: String,
    pub deeds: Balance,
}

impl Month {
    /// The month's deeds, of every virtue.
    pub fn total(&self) -> u64 {
        self.deeds.iter().sum()
    }
}

/// The months of `stats.json` (oldest first, as the publisher writes them), each with its
/// deeds by virtue.
pub fn months(months: &[MonthStats]) -> Vec<Month> {
    months
        .iter()
        .map(|m| Month {
            month: m.month.clone(),
            deeds: balance_of(&m.by_virtue),
        })
        .collect()
}

/// The view box units of one month of a time chart of `count` months: its bar and the gap
/// after it share them, three to one.
pub fn month_step(count: usize) -> u32 {
    (MONTHS_WIDTH / (count.max(1) as u32)).clamp(2, 40)
}

/// The width of a time chart's view box for `count` months.
pub fn months_width(count: usize) -> u32 {
    (count as u32 * month_step(count)).max(1)
}

/// The scale's top: the smallest of 1, 2 or 5 times a power of ten at or above `max`, so
/// that the axis reads in round numbers.
pub fn round_up(max: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= max {
                return step.saturating_mul(m);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// The stacked bars of `months`: one column per month, its virtues stacked from the
/// bottom in [`Virtue::ALL`]'s order, scaled so that `top` deeds reach [`CHART_HEIGHT`].
/// Each segment's edges are rounded, not its height, so a column is exactly as tall as its
/// total.
pub fn month_bars(months: &[Month], top: u64) -> Vec<Bar> {
    let scale = |n: u64| scale(n, top, CHART_HEIGHT);
    let step = month_step(months.len());
    let width = (step * 3 / 4).max(1);
    let mut bars = Vec::new();
    for (i, month) in months.iter().enumerate() {
        let x = i as u32 * step;
        let mut below = 0u64;
        for (virtue, n) in Virtue::ALL.into_iter().zip(month.deeds) {
            if n == 0 {
                continue;
            }
            let (bottom, upper) = (scale(below), scale(below + n));
            below += n;
            if upper > bottom {
                bars.push(Bar {
                    x,
                    y: CHART_HEIGHT - upper,
                    width,
                    height: upper - bottom,
                    virtue,
                });
            }
        }
    }
    bars
}

/// The months whose bar begins a year (January, or the first month shown), with the
/// year, for the axis labels: `(index, year)`.
pub fn year_marks(months: &[Month]) -> Vec<(usize, String)> {
    months
        .iter()
        .enumerate()
        .filter(|(i, m)| *i == 0 || m.month.ends_with("-01"))
        .map(|(i, m)| (i, m.month.get(..4).unwrap_or_default().to_string()))
        .collect()
}

/// How many universities had joined by the end of each month of `months`.
pub fn joined_by_month(months: &[Month], stats: &[UniversityStats]) -> Vec<u64> {
    let joined: Vec<String> = stats
        .iter()
        .filter_map(|s| s.joined)
        .map(|day| day.to_string().get(..7).unwrap_or_default().to_string())
        .collect();
    months
        .iter()
        .map(|m| joined.iter().filter(|day| **day <= m.month).count() as u64)
        .collect()
}

/// The joined universities as an area under a step line, an SVG path in the month
/// chart's view box, scaled so that `top` universities reach [`CHART_HEIGHT`].
pub fn joined_path(joined: &[u64], top: u64) -> String {
    let y = |n: u64| CHART_HEIGHT - scale(n, top, CHART_HEIGHT);
    let step = month_step(joined.len());
    let mut path = format!("M0 {CHART_HEIGHT}");
    for (i, n) in joined.iter().enumerate() {
        let x = i as u32 * step;
        path.push_str(&format!(" V{} H{}", y(*n), x + step));
    }
    path.push_str(&format!(" V{CHART_HEIGHT}Z"));
    path
}

/// Deeds and universities of one region or country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share<K> {
    pub key: K,
    pub deeds: u64,
    pub universities: u64,
}

/// Deeds and universities with deeds by region, in [`Region::ALL`]'s order (all three,
/// even when empty).
pub fn by_region(stats: &[UniversityStats], directory: &Directory) -> Vec<Share<Region>> {
    let mut out: Vec<Share<Region>> = Region::ALL
        .into_iter()
        .map(|key| Share {
            key,
            deeds: 0,
            universities: 0,
        })
        .collect();
    for s in stats.iter().filter(|s| s.deeds > 0) {
        let Some(university) = directory.get(&s.id) else {
            continue;
        };
        if let Some(share) = out.iter_mut().find(|r| r.key == university.region()) {
            share.deeds += s.deeds;
            share.universities += 1;
        }
    }
    out
}

/// Deeds and universities with deeds by country (ISO code), most deeds first, then by
/// code; countries with no deeds are left out. (Put in order by insertion: a few dozen
/// countries, and no sort in the download.)
pub fn by_country(stats: &[UniversityStats], directory: &Directory) -> Vec<Share<String>> {
    let mut out: Vec<Share<String>> = Vec::new();
    for s in stats.iter().filter(|s| s.deeds > 0) {
        let Some(university) = directory.get(&s.id) else {
            continue;
        };
        match out.iter_mut().find(|c| c.key == university.country) {
            Some(share) => {
                share.deeds += s.deeds;
                share.universities += 1;
            }
            None => out.push(Share {
                key: university.country.clone(),
                deeds: s.deeds,
                universities: 1,
            }),
        }
    }
    let mut ordered: Vec<Share<String>> = Vec::with_capacity(out.len());
    for share in out {
        let at = ordered
            .iter()
            .position(|o| (share.deeds, &o.key) > (o.deeds, &share.key))
            .unwrap_or(ordered.len());
        ordered.insert(at, share);
    }
    ordered
}

/// A country's name from the translated table `"KZ Name;RU Name;…"`, or its code when the
/// table does not have it.
pub fn country_name<'a>(table: &'a str, code: &'a str) -> &'a str {
    table
        .split(';')
        .find_map(|entry| {
            let (key, name) = entry.trim().split_once(' ')?;
            (key == code).then_some(name.trim())
        })
        .unwrap_or(code)
}

/// Room above a time chart's bars for its scale, and under them for the years.
pub const CHART_TOP: u32 = 18;
pub const CHART_AXIS: u32 = 26;

/// The width a year's label takes under a time chart, in view box units.
const YEAR_TEXT: u32 = 36;

/// A rectangle of `bars`, in markup.
fn rects(out: &mut String, bars: &[Bar]) {
    for b in bars {
        let _ = write!(
            out,
            r#"<rect class="fill--{}" x="{}" y="{}" width="{}" height="{}"/>"#,
            b.virtue.slug(),
            b.x,
            b.y,
            b.width,
            b.height
        );
    }
}

/// The balance bar's inside: a track and one rectangle per virtue with deeds.
pub fn balance_markup(balance: &Balance, width: u32, height: u32) -> String {
    let mut out =
        format!(r#"<rect class="balance__track" x="0" y="0" width="{width}" height="{height}"/>"#);
    rects(&mut out, &balance_bars(balance, width, height));
    out
}

/// A time chart's frame: the scale's top value over a line, the axis, and each year.
fn time_frame(out: &mut String, months: &[Month], top: u64) {
    let width = months_width(months.len());
    let step = month_step(months.len());
    let _ = write!(
        out,
        r#"<line class="chart__grid" x1="0" y1="0" x2="{width}" y2="0"/><text class="chart__scale" x="0" y="-6">{top}</text><line class="chart__axis" x1="0" y1="{CHART_HEIGHT}" x2="{width}" y2="{CHART_HEIGHT}"/>"#
    );
    for (i, year) in year_marks(months) {
        let x = i as u32 * step;
        // A year that begins too near the right end would be cut off: its tick stays.
        if i > 0 && x + YEAR_TEXT > width {
            let _ = write!(
                out,
                r#"<line class="chart__tick" x1="{x}" y1="{CHART_HEIGHT}" x2="{x}" y2="{}"/>"#,
                CHART_HEIGHT + 6
            );
            continue;
        }
        let _ = write!(
            out,
            r#"<line class="chart__tick" x1="{x}" y1="{CHART_HEIGHT}" x2="{x}" y2="{}"/><text class="chart__year" x="{x}" y="{}">{}</text>"#,
            CHART_HEIGHT + 6,
            CHART_HEIGHT + 22,
            escape(&year)
        );
    }
}

/// The view box of a time chart of `count` months.
pub fn time_view_box(count: usize) -> String {
    format!(
        "0 -{CHART_TOP} {} {}",
        months_width(count),
        CHART_HEIGHT + CHART_TOP + CHART_AXIS
    )
}

/// The month chart's inside: its frame and the stacked bars, scaled to a round top.
pub fn months_markup(months: &[Month]) -> String {
    let top = round_up(months.iter().map(Month::total).max().unwrap_or(0));
    let mut out = String::new();
    time_frame(&mut out, months, top);
    rects(&mut out, &month_bars(months, top));
    out
}

/// The joined chart's inside: its frame and the area under the count of universities.
pub fn joined_markup(months: &[Month], joined: &[u64]) -> String {
    let top = round_up(joined.last().copied().unwrap_or(0));
    let mut out = String::new();
    time_frame(&mut out, months, top);
    let _ = write!(
        out,
        r#"<path class="chart__area" d="{}"/>"#,
        joined_path(joined, top)
    );
    out
}

/// A bar chart's rows: their height, and the width of the longest bar.
pub const ROW: u32 = 34;
pub const ROW_WIDTH: u32 = 320;

/// The view box of a bar chart of `rows` rows (room right of the bars for the numbers).
pub fn bars_view_box(rows: usize) -> String {
    format!("0 0 {} {}", ROW_WIDTH + 60, (rows as u32 * ROW).max(1))
}

/// A bar chart's inside: per row, its name over a bar as long as its share of the
/// largest, and the number after the bar.
pub fn bars_markup(rows: &[(String, u64)]) -> String {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (i, (name, n)) in rows.iter().enumerate() {
        let y = i as u32 * ROW;
        let length = scale(*n, max, ROW_WIDTH);
        let _ = write!(
            out,
            r#"<text class="chart__label" x="0" y="{}">{}</text><rect class="chart__bar" x="0" y="{}" width="{}" height="10"/><text class="chart__value" x="{}" y="{}">{n}</text>"#,
            y + 13,
            escape(name),
            y + 17,
            length.max(1),
            length + 6,
            y + 27
        );
    }
    out
}

/// A table body: each row's first cell heads it.
pub fn table_rows(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 { r#"th scope="row""# } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let _ = write!(out, "<{tag}>{}</{close}>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Names, University};

    fn virtues(k: u64, d: u64, h: u64, j: u64) -> BTreeMap<String, u64> {
        [
            ("kindness", k),
            ("decency", d),
            ("honesty", h),
            ("justice", j),
        ]
        .into_iter()
        .map(|(slug, n)| (slug.to_string(), n))
        .collect()
    }

    fn month(month: &str, k: u64, d: u64, h: u64, j: u64) -> MonthStats {
        MonthStats {
            month: month.into(),
            by_virtue: virtues(k, d, h, j),
        }
    }

    fn stat(id: &str, joined: Option<&str>, deeds: u64) -> UniversityStats {
        UniversityStats {
            id: id.into(),
            joined: joined.map(|d| Date::parse(d).expect("a test date")),
            received_from: None,
            deeds,
            by_virtue: virtues(deeds, 0, 0, 0),
        }
    }

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
            lat: 43.0,
            lon: 76.0,
        }
    }

    #[test]
    fn a_balance_reads_every_virtue_and_missing_ones_as_zero() {
        let mut map = virtues(3, 1, 0, 2);
        map.remove("honesty");
        assert_eq!(balance_of(&map), [3, 1, 0, 2]);
        assert_eq!(sum([[1, 2, 3, 4], [4, 3, 2, 1]]), [5, 5, 5, 5]);
    }

    #[test]
    fn percents_always_sum_to_a_hundred() {
        assert_eq!(percents(&[1, 1, 1, 0]), [34, 33, 33, 0]);
        assert_eq!(percents(&[2, 1, 0, 0]), [67, 33, 0, 0]);
        assert_eq!(percents(&[0, 0, 0, 0]), [0, 0, 0, 0]);
        for balance in [[7, 13, 29, 51], [1, 0, 0, 999_999], [1 << 40, 1, 2, 3]] {
            assert_eq!(percents(&balance).iter().sum::<u64>(), 100, "{balance:?}");
        }
    }

    #[test]
    fn the_balance_bar_fills_its_width_and_skips_empty_virtues() {
        let bars = balance_bars(&[1, 0, 1, 2], 100, 10);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars.iter().map(|b| b.width).sum::<u32>(), 100);
        assert_eq!(bars[0].x, 0);
        assert_eq!(bars[1].x, bars[0].width);
        assert_eq!(bars[1].virtue, Virtue::Honesty);
        assert_eq!(bars[2].x + bars[2].width, 100);
        assert!(balance_bars(&[0; 4], 100, 10).is_empty());
    }

    #[test]
    fn months_keep_their_order_and_columns_are_as_tall_as_their_totals() {
        let months = months(&[
            month("2020-02", 3, 3, 3, 1),
            month("2020-03", 0, 0, 0, 0),
            month("2020-04", 1, 1, 1, 2),
        ]);
        assert_eq!(months[0].month, "2020-02");
        assert_eq!(months[1].total(), 0);
        let bars = month_bars(&months, 10);
        // The empty month draws nothing; the full one reaches the top exactly.
        let first: Vec<&Bar> = bars.iter().filter(|b| b.x == 0).collect();
        assert_eq!(first.len(), 4);
        assert_eq!(first.iter().map(|b| b.height).sum::<u32>(), CHART_HEIGHT);
        assert_eq!(first.iter().map(|b| b.y).min(), Some(0));
        let step = month_step(3);
        assert_eq!(step, 40);
        assert!(bars.iter().all(|b| b.x != step && b.width == 30));
        let third: Vec<&Bar> = bars.iter().filter(|b| b.x == 2 * step).collect();
        assert_eq!(
            third.iter().map(|b| b.height).sum::<u32>(),
            CHART_HEIGHT / 2
        );
        // Stacked from the bottom, kindness first.
        assert_eq!(third[0].virtue, Virtue::Kindness);
        assert_eq!(third[0].y + third[0].height, CHART_HEIGHT);
    }

    #[test]
    fn the_scale_ends_on_a_round_number() {
        assert_eq!(round_up(0), 1);
        assert_eq!(round_up(7), 10);
        assert_eq!(round_up(11), 20);
        assert_eq!(round_up(38), 50);
        assert_eq!(round_up(2_400), 5_000);
        assert_eq!(round_up(u64::MAX), u64::MAX);
    }

    #[test]
    fn years_are_marked_at_january_and_at_the_start() {
        let months = months(&[
            month("2020-11", 1, 0, 0, 0),
            month("2020-12", 1, 0, 0, 0),
            month("2021-01", 1, 0, 0, 0),
        ]);
        assert_eq!(
            year_marks(&months),
            vec![(0, "2020".to_string()), (2, "2021".to_string())]
        );
    }

    #[test]
    fn universities_join_cumulatively_by_month() {
        let months = months(&[
            month("2020-02", 1, 0, 0, 0),
            month("2020-03", 0, 0, 0, 0),
            month("2020-04", 1, 0, 0, 0),
        ]);
        let stats = [
            stat("a", Some("2020-02-06"), 1),
            stat("b", Some("2020-04-30"), 1),
            stat("c", Some("2020-02-29"), 1),
            stat("d", None, 0),
        ];
        let joined = joined_by_month(&months, &stats);
        assert_eq!(joined, vec![2, 2, 3]);
        let path = joined_path(&joined, 4);
        assert!(path.starts_with(&format!("M0 {CHART_HEIGHT} V60 H40")));
        assert!(path.ends_with(&format!("V30 H120 V{CHART_HEIGHT}Z")));
    }

    #[test]
    fn regions_and_countries_count_deeds_and_universities() {
        let directory = Directory::new(vec![
            university("kaznu", "KZ"),
            university("enu", "KZ"),
            university("msu", "RU"),
            university("tokyo", "JP"),
        ]);
        let stats = [
            stat("kaznu", Some("2020-02-06"), 5),
            stat("enu", Some("2020-02-10"), 2),
            stat("msu", Some("2020-03-01"), 3),
            stat("tokyo", None, 0),
            stat("unlisted", Some("2020-03-01"), 9),
        ];
        let regions = by_region(&stats, &directory);
        assert_eq!(regions.len(), 3);
        assert_eq!((regions[0].deeds, regions[0].universities), (7, 2));
        assert_eq!((regions[1].deeds, regions[1].universities), (3, 1));
        assert_eq!((regions[2].deeds, regions[2].universities), (0, 0));
        let countries = by_country(&stats, &directory);
        assert_eq!(
            countries.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(),
            ["KZ", "RU"]
        );
        // Most deeds first, then by code.
        let tie = Directory::new(vec![
            university("a", "US"),
            university("b", "DE"),
            university("c", "PL"),
            university("d", "KZ"),
        ]);
        let stats = [
            stat("a", None, 2),
            stat("b", None, 2),
            stat("c", None, 1),
            stat("d", None, 5),
        ];
        let order: Vec<String> = by_country(&stats, &tie)
            .into_iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(order, ["KZ", "DE", "US", "PL"]);
    }

    #[test]
    fn a_country_is_named_from_the_table_or_by_its_code() {
        let table = "KZ Kazakhstan; RU Russia;US United States";
        assert_eq!(country_name(table, "KZ"), "Kazakhstan");
        assert_eq!(country_name(table, "RU"), "Russia");
        assert_eq!(country_name(table, "US"), "United States");
        assert_eq!(country_name(table, "FR"), "FR");
        assert_eq!(country_name("", "FR"), "FR");
    }

    #[test]
    fn an_empty_relay_draws_nothing_and_does_not_divide_by_zero() {
        assert!(month_bars(&[], 0).is_empty());
        assert_eq!(joined_by_month(&[], &[]), Vec::<u64>::new());
        assert_eq!(
            joined_path(&[], 0),
            format!("M0 {CHART_HEIGHT} V{CHART_HEIGHT}Z")
        );
        assert_eq!(months_width(0), 1);
    }

    #[test]
    fn a_time_chart_keeps_its_width_however_many_months() {
        assert_eq!(month_step(83), 4);
        assert_eq!(months_width(83), 332);
        assert_eq!(month_step(1000), 2);
        assert!(months_width(12) <= MONTHS_WIDTH);
    }

    #[test]
    fn bars_are_as_long_as_their_share_and_names_are_escaped() {
        let markup = bars_markup(&[("Kazakhstan".into(), 10), ("<b>&".into(), 4)]);
        assert!(
            markup.contains(r#"<rect class="chart__bar" x="0" y="17" width="320" height="10"/>"#)
        );
        assert!(markup.contains(r#"width="128""#));
        assert!(markup.contains(">&lt;b&gt;&amp;</text>"));
        assert!(!markup.contains("<b>"));
        assert_eq!(bars_view_box(2), "0 0 380 68");
        assert_eq!(bars_markup(&[]), "");
        // Nothing to compare with: one pixel, not a division by zero.
        assert!(bars_markup(&[("x".into(), 0)]).contains(r#"width="1""#));
    }

    #[test]
    fn time_charts_hold_their_frame_and_shapes() {
        let months = months(&[month("2020-12", 2, 0, 0, 1), month("2021-01", 1, 1, 0, 0)]);
        let markup = months_markup(&months);
        assert_eq!(markup.matches("<rect ").count(), 4);
        assert!(markup.contains(r#"<text class="chart__scale" x="0" y="-6">5</text>"#));
        assert!(markup.contains(">2020</text>") && markup.contains(">2021</text>"));
        // A year beginning in the last month has its tick but no label to cut off.
        let late = months_markup(&super::months(&[
            month("2020-01", 1, 0, 0, 0),
            month("2020-02", 1, 0, 0, 0),
            month("2020-03", 1, 0, 0, 0),
            month("2020-04", 1, 0, 0, 0),
            month("2020-05", 1, 0, 0, 0),
            month("2020-06", 1, 0, 0, 0),
            month("2020-07", 1, 0, 0, 0),
            month("2020-08", 1, 0, 0, 0),
            month("2020-09", 1, 0, 0, 0),
            month("2020-10", 1, 0, 0, 0),
            month("2020-11", 1, 0, 0, 0),
            month("2020-12", 1, 0, 0, 0),
            month("2021-01", 1, 0, 0, 0),
        ]));
        assert!(late.contains(">2020</text>") && !late.contains(">2021</text>"));
        assert_eq!(late.matches("chart__tick").count(), 2);
        let joined = joined_markup(&months, &[1, 3]);
        assert!(joined.contains(r#"<path class="chart__area" d="M0 120 V"#));
        assert_eq!(time_view_box(2), "0 -18 80 164");
        let balance = balance_markup(&[1, 0, 0, 1], 100, 10);
        assert_eq!(balance.matches("<rect ").count(), 3);
    }

    #[test]
    fn table_rows_head_each_row_and_escape_cells() {
        let rows = table_rows(&[vec!["2020-02".into(), "3".into()], vec!["<x>".into()]]);
        assert_eq!(
            rows,
            r#"<tr><th scope="row">2020-02</th><td>3</td></tr><tr><th scope="row">&lt;x&gt;</th></tr>"#
        );
    }
}
