//! The balance of Al-Farabi's four virtues among a set of deeds: one bar split by virtue,
//! drawn as SVG, and beside it each virtue's count and share as a list that a screen
//! reader reads as the figures. Shown on a university's page, in the map's panel and on
//! the relay's page. The shapes are the model's ([`crate::model::relay::charts`]).

use leptos::prelude::*;

use crate::app::components::virtue_badge::virtue_name;
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    Virtue,
    relay::charts::{Balance, balance_markup, percents},
};

/// The bar's view box: wide and thin, stretched to the width it is given.
const WIDTH: u32 = 100;
const HEIGHT: u32 = 10;

/// The balance bar and its legend.
#[component]
pub fn VirtueBalance(
    /// Deeds by virtue, in [`Virtue::ALL`]'s order.
    balance: Balance,
) -> impl IntoView {
    let i18n = use_i18n();
    let shares = percents(&balance);
    let label = move || {
        let parts: Vec<String> = Virtue::ALL
            .into_iter()
            .zip(shares)
            .map(|(virtue, share)| format!("{} {share}%", virtue_name(i18n, virtue)))
            .collect();
        format!(
            "{}: {}",
            t_string!(i18n, charts.balance_label),
            parts.join(", ")
        )
    };
    let legend = Virtue::ALL
        .into_iter()
        .zip(balance)
        .zip(shares)
        .map(|((virtue, n), share)| {
            view! {
                <li data-virtue=virtue.slug() data-count=n>
                    <span class=format!("swatch fill--{}", virtue.slug()) aria-hidden="true"></span>
                    <span class="balance__name">{move || virtue_name(i18n, virtue)}</span>
                    " "
                    <span class="balance__count">{n}</span>
                    " "
                    <span class="balance__share">{format!("({share}%)")}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="balance" data-testid="virtue-balance">
            <svg
                class="balance__bar"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                role="img"
                aria-label=label
                inner_html=balance_markup(&balance, WIDTH, HEIGHT)
            ></svg>
            <ul class="balance__legend">{legend}</ul>
        </div>
    }
}
