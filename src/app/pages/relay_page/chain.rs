//! The chain of batons as nested lists: one `<ul>` per generation, each university with the
//! day it received its first baton, its later and returned batons in words, and its branch
//! in a `<details open>` so it can be folded (folded branches stay in the document).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::short_name;
use crate::app::base_path::href;
use crate::app::components::dates::format_date;
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::{
    CHALLENGE_START, Region,
    feed::Directory,
    relay::path::{Chain, Node, OtherPass},
};
use leptos_i18n::I18nContext;

/// A link to university `id`'s page, named by its short name.
pub fn university_link(
    i18n: I18nContext<Locale>,
    directory: Arc<Directory>,
    id: String,
) -> impl IntoView {
    let route = href(&format!("/u/{id}"));
    view! { <A href=route>{move || short_name(i18n, &directory, &id)}</A> }
}

/// "Also received the baton from X, DATE" or "passed it back to X, DATE".
fn other_pass(
    i18n: I18nContext<Locale>,
    directory: Arc<Directory>,
    pass: OtherPass,
    returned: bool,
) -> impl IntoView {
    let label = move || {
        if returned {
            t_string!(i18n, relay.chain.returned)
        } else {
            t_string!(i18n, relay.chain.also_received)
        }
    };
    let date = pass.date;
    let kind = if returned { "returned" } else { "also" };
    view! {
        <p class="relay-node__note" data-pass=kind>
            {label} " " {university_link(i18n, directory, pass.university)} ", "
            {move || format_date(i18n, date)}
        </p>
    }
}

/// One university of the tree and, folded in a `<details>`, its branch.
fn node_view(
    i18n: I18nContext<Locale>,
    directory: Arc<Directory>,
    node: Node,
    origin: bool,
    region: Option<Region>,
) -> AnyView {
    let Node {
        id,
        generation,
        received,
        also_received,
        returned,
        children,
    } = node;
    let date = move || match received {
        Some(day) => format_date(i18n, day),
        None if origin => format!(
            "{} {}",
            t_string!(i18n, relay.chain.started),
            format_date(i18n, CHALLENGE_START)
        ),
        None => String::new(),
    };
    let notes = also_received
        .into_iter()
        .map(|pass| other_pass(i18n, directory.clone(), pass, false).into_any())
        .chain(
            returned
                .into_iter()
                .map(|pass| other_pass(i18n, directory.clone(), pass, true).into_any()),
        )
        .collect_view();
    let count = children.len();
    let branch = (count > 0).then(|| {
        let items = children
            .into_iter()
            .map(|child| node_view(i18n, directory.clone(), child, false, region))
            .collect_view();
        view! {
            <details open class="relay-node__branch">
                <summary>{move || t_string!(i18n, relay.chain.passed_on)} " (" {count} ")"</summary>
                <ul class="relay-tree">{items}</ul>
            </details>
        }
    });
    // Outside the region chosen: shown only as the way to those in it.
    let context = region.is_some_and(|r| directory.get(&id).is_none_or(|u| u.region() != r));
    let link = university_link(i18n, directory.clone(), id.clone());
    view! {
        <li
            class=if context { "relay-node relay-node--context" } else { "relay-node" }
            data-generation=generation
            data-university=id
        >
            <p class="relay-node__head">
                {link}
                " "
                <span class="relay-node__date">{date}</span>
            </p>
            {notes}
            {branch}
        </li>
    }
    .into_any()
}

/// The chain of batons from KazNU, and the other starts when there are any.
#[component]
pub fn RelayChain(
    /// The tree the model built.
    chain: Chain,
    /// The universities, for their names.
    directory: Arc<Directory>,
    /// The region chosen: universities outside it are shown as the way to it.
    region: Option<Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Chain {
        origin,
        other_starts,
    } = chain;
    let others = (!other_starts.is_empty()).then(|| {
        let items = other_starts
            .into_iter()
            .map(|node| node_view(i18n, directory.clone(), node, false, region))
            .collect_view();
        view! {
            <h3>{move || t_string!(i18n, relay.chain.other_starts)}</h3>
            <p>{move || t_string!(i18n, relay.chain.other_starts_intro)}</p>
            <ul class="relay-tree relay-tree--root" data-testid="relay-other-starts">{items}</ul>
        }
    });
    view! {
        <section class="relay-section" aria-labelledby="relay-chain-title">
            <h2 id="relay-chain-title">{move || t_string!(i18n, relay.chain.title)}</h2>
            <p>{move || t_string!(i18n, relay.chain.intro)}</p>
            <ul class="relay-tree relay-tree--root" data-testid="relay-chain">
                {node_view(i18n, directory.clone(), origin, true, region)}
            </ul>
            {others}
        </section>
    }
}
