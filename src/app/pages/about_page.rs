//! What the challenge is, how to take part, Al-Farabi's four virtues, and where to
//! download the open data (`deeds.csv`, `universities.geojson`, written by the publisher
//! beside the store's JSON).

use leptos::prelude::*;

use crate::app::components::page_heading::PageHeading;
use crate::i18n::{t_string, use_i18n};
use crate::model::{HASHTAG, Virtue, store::STORE_DIR};

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    let virtue = move |virtue: Virtue| {
        let (name, text) = match virtue {
            Virtue::Kindness => (
                t_string!(i18n, virtue.kindness.name),
                t_string!(i18n, virtue.kindness.text),
            ),
            Virtue::Decency => (
                t_string!(i18n, virtue.decency.name),
                t_string!(i18n, virtue.decency.text),
            ),
            Virtue::Honesty => (
                t_string!(i18n, virtue.honesty.name),
                t_string!(i18n, virtue.honesty.text),
            ),
            Virtue::Justice => (
                t_string!(i18n, virtue.justice.name),
                t_string!(i18n, virtue.justice.text),
            ),
        };
        (name.to_string(), text.to_string())
    };
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, about.title).to_string())
            intro=Signal::derive(move || t_string!(i18n, about.lead).to_string())
        />
        <figure class="quote">
            <blockquote>{move || t_string!(i18n, about.quote)}</blockquote>
            <figcaption>{move || t_string!(i18n, about.quote_author)}</figcaption>
        </figure>
        <p>{move || t_string!(i18n, about.goal)}</p>
        <p>{move || t_string!(i18n, about.anyone)}</p>
        <section aria-labelledby="how-title">
            <h2 id="how-title">{move || t_string!(i18n, about.how_title)}</h2>
            <ol class="steps">
                <li>{move || t_string!(i18n, about.step_deed)}</li>
                <li>{move || t_string!(i18n, about.step_post)}</li>
                <li>{move || t_string!(i18n, about.step_pass)}</li>
                <li>{move || t_string!(i18n, about.step_add)}</li>
            </ol>
            <p class="hashtag">{HASHTAG}</p>
        </section>
        <section aria-labelledby="virtues-title">
            <h2 id="virtues-title">{move || t_string!(i18n, about.virtues_title)}</h2>
            <ul class="virtues">
                {Virtue::ALL
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li class=format!("virtue virtue--{}", item.slug())>
                                <h3 class="virtue__name">{move || virtue(item).0}</h3>
                                <p>{move || virtue(item).1}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="sample-title" class="notice">
            <h2 id="sample-title" class="notice__title">{move || t_string!(i18n, about.sample_title)}</h2>
            <p>{move || t_string!(i18n, about.sample_text)}</p>
        </section>
        <section aria-labelledby="data-title" data-testid="open-data">
            <h2 id="data-title">{move || t_string!(i18n, about.data_title)}</h2>
            <p>{move || t_string!(i18n, about.data_text)}</p>
            // Relative to the page's <base>, so under any base path; files, not routes.
            <ul>
                <li>
                    <a href=format!("{STORE_DIR}/deeds.csv") download rel="external">
                        {move || t_string!(i18n, about.data_csv)}
                    </a>
                </li>
                <li>
                    <a href=format!("{STORE_DIR}/universities.geojson") download rel="external">
                        {move || t_string!(i18n, about.data_geojson)}
                    </a>
                </li>
            </ul>
        </section>
        <p class="source">{move || t_string!(i18n, about.source)}</p>
    }
}
