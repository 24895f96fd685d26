//! "Holding the baton": the universities that received it and have not passed it on, the
//! longest held first, each with an invitation to do a good deed and pass it on.

use std::sync::Arc;

use leptos::prelude::*;

use super::chain::university_link;
use crate::app::components::baton_invite::BatonInvite;
use crate::app::components::dates::{format_date, lang_of};
use crate::i18n::{t_string, use_i18n};
use crate::model::{
    feed::Directory,
    plural::{Plural, plural},
    relay::path::Holder,
};

/// The holders of the baton, under an `<h2>`.
#[component]
pub fn RelayHolders(
    /// The holders, longest held first.
    holders: Vec<Holder>,
    /// The universities, for their names.
    directory: Arc<Directory>,
) -> impl IntoView {
    let i18n = use_i18n();
    let days = move |n: i64| {
        let n = n.unsigned_abs();
        match plural(lang_of(i18n.get_locale()), n) {
            Plural::One => t_string!(i18n, relay.holders.days.one, n = n),
            Plural::Few => t_string!(i18n, relay.holders.days.few, n = n),
            Plural::Many => t_string!(i18n, relay.holders.days.many, n = n),
            Plural::Other => t_string!(i18n, relay.holders.days.other, n = n),
        }
    };
    let list = if holders.is_empty() {
        view! { <p>{move || t_string!(i18n, relay.holders.none)}</p> }.into_any()
    } else {
        let items = holders
            .into_iter()
            .map(|holder| {
                let (since, held) = (holder.since, holder.days);
                let link = university_link(i18n, directory.clone(), holder.id.clone());
                let invite = view! {
                    <BatonInvite to=holder.id.clone() from=holder.from directory=directory.clone() />
                };
                view! {
                    <li class="relay-holder" data-university=holder.id data-days=held>
                        <p class="relay-holder__name">
                            {link}
                        </p>
                        <p class="relay-holder__days">
                            {move || days(held)} " · " {move || t_string!(i18n, relay.holders.since)} " "
                            {move || format_date(i18n, since)}
                        </p>
                        {invite}
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="relay-holders" data-testid="relay-holders">{items}</ol> }.into_any()
    };
    view! {
        <section class="relay-section" aria-labelledby="relay-holders-title">
            <h2 id="relay-holders-title">{move || t_string!(i18n, relay.holders.title)}</h2>
            <p>{move || t_string!(i18n, relay.holders.intro)}</p>
            {list}
        </section>
    }
}
