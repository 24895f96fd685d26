//! The relay in figures: a short list of numbers, each with its label.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};
use crate::model::relay::path::Figures;

/// The relay's figures, as a description list under an `<h2>`.
#[component]
pub fn RelayFigures(
    /// What the model counted.
    figures: Figures,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = |label: Signal<String>, value: String, key: &'static str| {
        view! {
            <div class="relay-figures__item" data-figure=key>
                <dt>{move || label.get()}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    view! {
        <section class="relay-section" aria-labelledby="relay-figures-title">
            <h2 id="relay-figures-title">{move || t_string!(i18n, relay.figures.title)}</h2>
            <dl class="relay-figures">
                {item(
                    Signal::derive(move || t_string!(i18n, relay.figures.universities).to_string()),
                    figures.universities.to_string(),
                    "universities",
                )}
                {item(
                    Signal::derive(move || t_string!(i18n, relay.figures.countries).to_string()),
                    figures.countries.to_string(),
                    "countries",
                )}
                {item(
                    Signal::derive(move || t_string!(i18n, relay.figures.cities).to_string()),
                    figures.cities.to_string(),
                    "cities",
                )}
                {item(
                    Signal::derive(move || t_string!(i18n, relay.figures.deeds).to_string()),
                    figures.deeds.to_string(),
                    "deeds",
                )}
                {item(
                    Signal::derive(move || t_string!(i18n, relay.figures.days).to_string()),
                    figures.days.to_string(),
                    "days",
                )}
                {item(
                    Signal::derive(move || t_string!(i18n, relay.figures.longest).to_string()),
                    figures.longest_chain.to_string(),
                    "longest",
                )}
            </dl>
        </section>
    }
}
