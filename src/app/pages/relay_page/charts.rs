//! The relay over time and place: deeds per month stacked by virtue, universities joined
//! over time, deeds by region and by country, and the balance of the virtues. Each chart
//! is one SVG with `role="img"` and a name that says what it shows, and its figures are
//! also a table (folded under it) for screen readers and for reading exact numbers. The
//! shapes and their markup are the model's ([`crate::model::relay::charts`]).

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::{
    feed_filters::region_name, virtue_badge::virtue_name, virtue_balance::VirtueBalance,
};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    Region, Virtue,
    feed::Directory,
    relay::charts::{
        Month, balance_of, bars_markup, bars_view_box, by_country, by_region, country_name,
        joined_by_month, joined_markup, months_markup, sum, table_rows, time_view_box,
    },
    store::UniversityStats,
};
use leptos_i18n::I18nContext;

type Text = fn(I18nContext<Locale>) -> &'static str;

/// One chart: its caption, its image (named by `name`, drawn by `markup`, both following
/// the language), whatever goes under it, and its figures as a folded table. `class` is
/// `chart` or `chart chart--bars`.
#[allow(clippy::too_many_arguments)]
fn chart(
    i18n: I18nContext<Locale>,
    key: &'static str,
    class: &'static str,
    caption: Signal<String>,
    view_box: String,
    name: Signal<String>,
    markup: Signal<String>,
    head: Signal<Vec<String>>,
    rows: Signal<Vec<Vec<String>>>,
    under: AnyView,
) -> impl IntoView {
    view! {
        <figure class=class data-chart=key>
            <figcaption>{move || caption.get()}</figcaption>
            <svg
                class="chart__svg"
                viewBox=view_box
                role="img"
                aria-label=move || name.get()
                inner_html=move || markup.get()
            ></svg>
            {under}
            <details class="chart__table">
                <summary>{move || t_string!(i18n, charts.table)}</summary>
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr inner_html=move || {
                                head.get()
                                    .iter()
                                    .map(|cell| {
                                        format!(
                                            r#"<th scope="col">{}</th>"#,
                                            crate::model::markup::escape(cell),
                                        )
                                    })
                                    .collect::<String>()
                            }></tr>
                        </thead>
                        <tbody inner_html=move || table_rows(&rows.get())></tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// The legend of the month chart's colours.
fn legend(i18n: I18nContext<Locale>) -> AnyView {
    let items = Virtue::ALL
        .into_iter()
        .map(|virtue| {
            view! {
                <li>
                    <span class=format!("swatch fill--{}", virtue.slug()) aria-hidden="true"></span>
                    {move || virtue_name(i18n, virtue)}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="chart__legend">{items}</ul> }.into_any()
}

/// A bar chart of `rows` (a name, in the reader's language, and its deeds and
/// universities), most first.
fn bars_chart(
    i18n: I18nContext<Locale>,
    key: &'static str,
    title: Text,
    rows: Signal<Vec<(String, u64, u64)>>,
) -> impl IntoView {
    let count = rows.with_untracked(Vec::len);
    let caption = Signal::derive(move || title(i18n).to_string());
    let name = Signal::derive(move || {
        let parts: Vec<String> = rows
            .get()
            .iter()
            .map(|(name, deeds, _)| format!("{name} {deeds}"))
            .collect();
        format!("{}: {}", title(i18n), parts.join(", "))
    });
    let markup = Signal::derive(move || {
        let bars: Vec<(String, u64)> = rows.get().into_iter().map(|(n, d, _)| (n, d)).collect();
        bars_markup(&bars)
    });
    let head = Signal::derive(move || {
        vec![
            title(i18n).to_string(),
            t_string!(i18n, charts.deeds).to_string(),
            t_string!(i18n, charts.universities).to_string(),
        ]
    });
    let table = Signal::derive(move || {
        rows.get()
            .into_iter()
            .map(|(name, deeds, universities)| {
                vec![name, deeds.to_string(), universities.to_string()]
            })
            .collect()
    });
    chart(
        i18n,
        key,
        "chart chart--bars",
        caption,
        bars_view_box(count),
        name,
        markup,
        head,
        table,
        ().into_any(),
    )
}

/// The relay's charts, from `stats.json`'s months and universities (already narrowed to
/// the region the reader chose).
#[component]
pub fn RelayCharts(
    /// Deeds per month by virtue, oldest first.
    months: Vec<Month>,
    /// The universities' counts and joining days.
    stats: Vec<UniversityStats>,
    /// The universities, for their regions and countries.
    directory: Arc<Directory>,
    /// The region chosen, `None` for all: the region chart is left out when one is, and
    /// the month chart says it counts the whole relay.
    region: Option<Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let balance = sum(stats.iter().map(|s| balance_of(&s.by_virtue)));
    let count = months.len();
    let (first, last) = (
        months.first().map(|m| m.month.clone()).unwrap_or_default(),
        months.last().map(|m| m.month.clone()).unwrap_or_default(),
    );
    let (peak, most) = months
        .iter()
        .max_by_key(|m| m.total())
        .map(|m| (m.month.clone(), m.total()))
        .unwrap_or_default();

    let months_chart = {
        let caption = Signal::derive(move || {
            let title = t_string!(i18n, charts.months_title);
            match region {
                Some(_) => format!("{title} · {}", t_string!(i18n, charts.all_regions)),
                None => title.to_string(),
            }
        });
        let (first, last) = (first.clone(), last.clone());
        let name = Signal::derive(move || {
            t_string!(
                i18n,
                charts.months_label,
                from = first.clone(),
                to = last.clone(),
                peak = peak.clone(),
                n = most
            )
            .to_string()
        });
        let markup = months_markup(&months);
        let head = Signal::derive(move || {
            let mut head = vec![t_string!(i18n, charts.month).to_string()];
            head.extend(Virtue::ALL.map(|v| virtue_name(i18n, v).to_string()));
            head.push(t_string!(i18n, charts.total).to_string());
            head
        });
        let rows: Vec<Vec<String>> = months
            .iter()
            .map(|m| {
                let mut row = vec![m.month.clone()];
                row.extend(m.deeds.iter().map(u64::to_string));
                row.push(m.total().to_string());
                row
            })
            .collect();
        chart(
            i18n,
            "months",
            "chart",
            caption,
            time_view_box(count),
            name,
            Signal::stored(markup),
            head,
            Signal::stored(rows),
            legend(i18n),
        )
    };

    let joined_chart = {
        let joined = joined_by_month(&months, &stats);
        let n = joined.last().copied().unwrap_or(0);
        let name = Signal::derive(move || {
            t_string!(i18n, charts.joined_label, month = last.clone(), n = n).to_string()
        });
        let rows: Vec<Vec<String>> = months
            .iter()
            .zip(&joined)
            .map(|(m, n)| vec![m.month.clone(), n.to_string()])
            .collect();
        let head = Signal::derive(move || {
            vec![
                t_string!(i18n, charts.month).to_string(),
                t_string!(i18n, charts.universities).to_string(),
            ]
        });
        chart(
            i18n,
            "joined",
            "chart",
            Signal::derive(move || t_string!(i18n, charts.joined_title).to_string()),
            time_view_box(count),
            name,
            Signal::stored(joined_markup(&months, &joined)),
            head,
            Signal::stored(rows),
            ().into_any(),
        )
    };

    let regions = region.is_none().then(|| {
        let shares = by_region(&stats, &directory);
        let rows = Signal::derive(move || {
            shares
                .iter()
                .map(|s| {
                    (
                        region_name(i18n, s.key).to_string(),
                        s.deeds,
                        s.universities,
                    )
                })
                .collect()
        });
        bars_chart(
            i18n,
            "regions",
            |i| t_string!(i, charts.regions_title),
            rows,
        )
    });
    let shares = by_country(&stats, &directory);
    let countries = Signal::derive(move || {
        let table = t_string!(i18n, charts.country_names);
        shares
            .iter()
            .map(|s| {
                let name = country_name(table, &s.key).to_string();
                (name, s.deeds, s.universities)
            })
            .collect()
    });
    let countries = bars_chart(
        i18n,
        "countries",
        |i| t_string!(i, charts.countries_title),
        countries,
    );

    view! {
        <section class="relay-section" aria-labelledby="relay-charts-title" data-testid="relay-charts">
            <h2 id="relay-charts-title">{move || t_string!(i18n, charts.title)}</h2>
            <figure class="chart" data-chart="balance">
                <figcaption>{move || t_string!(i18n, charts.balance_title)}</figcaption>
                <VirtueBalance balance=balance />
            </figure>
            {months_chart}
            {joined_chart}
            {regions}
            {countries}
        </section>
    }
}
