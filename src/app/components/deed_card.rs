//! One deed in the feed: an `<article>` whose heading is its title.

use leptos::prelude::*;

use crate::app::base_path::href;
use crate::app::components::dates::{format_ago, format_date};
use crate::app::components::deed_photo::{DeedPhoto, Priority};
use crate::app::components::virtue_badge::VirtueBadge;
use crate::app::state::today::today;
use crate::i18n::{t_string, use_i18n};
use crate::model::{Deed, feed::Directory};

/// Stories longer than this are clamped, with a "read more" button.
const CLAMP_CHARS: usize = 220;

/// A deed as the feed shows it: virtue, university, date, title, story (clamped with
/// "read more"), the post it links to, the baton it received and those it passed.
#[component]
pub fn DeedCard(
    /// The deed.
    deed: Deed,
    /// The universities, for names.
    directory: std::sync::Arc<Directory>,
    /// On the deed's own page: no title (the page heading has it) and the whole story.
    #[prop(optional)]
    full: bool,
    /// The first card of a list: its photo is asked for at once, the others' when they
    /// come near the screen. (The deed's own page shows its photos below the card.)
    #[prop(optional)]
    first: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (expanded, set_expanded) = signal(false);
    let long = !full && deed.story.chars().count() > CLAMP_CHARS;
    let story_id = format!("story-{}", deed.id);
    let done_on = deed.done_on;
    let university = directory.get(&deed.university).cloned();
    let university_name = {
        let university = university.clone();
        let id = deed.university.clone();
        move || {
            let lang = crate::app::components::dates::lang_of(i18n.get_locale());
            university
                .as_ref()
                .map_or_else(|| id.clone(), |u| u.short.get(lang).to_string())
        }
    };
    let pass_links = deed
        .passes_to
        .iter()
        .map(|to| {
            let record = directory.get(to).cloned();
            let id = to.clone();
            let url = href(&format!("/u/{to}"));
            let name = move || {
                let lang = crate::app::components::dates::lang_of(i18n.get_locale());
                record
                    .as_ref()
                    .map_or_else(|| id.clone(), |u| u.short.get(lang).to_string())
            };
            view! {
                <li>
                    <a href=url>{name}</a>
                </li>
            }
        })
        .collect_view();
    let has_passes = !deed.passes_to.is_empty();
    let received = (deed.received_from.clone())
        .filter(|from| *from != deed.university)
        .map(|from| {
            let record = directory.get(&from).cloned();
            let url = href(&format!("/u/{from}"));
            let name = move || {
                let lang = crate::app::components::dates::lang_of(i18n.get_locale());
                record
                    .as_ref()
                    .map_or_else(|| from.clone(), |u| u.short.get(lang).to_string())
            };
            view! {
                <p class="deed-card__received" data-testid="received-from">
                    {move || t_string!(i18n, deed.received_from)} " " <a href=url>{name}</a>
                </p>
            }
        });
    // In the feed, the first photo, small, after the title and beside the rest: the text
    // stays the card's largest paint. The deed's page shows them all below the card.
    let thumb = (!full)
        .then(|| deed.photos.first().cloned())
        .flatten()
        .map(|photo| {
            let priority = if first {
                Priority::Eager
            } else {
                Priority::Lazy
            };
            view! { <DeedPhoto photo sizes="6rem" class="deed-photo deed-photo--thumb" priority /> }
        });
    view! {
        <article class="deed-card" data-testid="deed-card" data-deed-id=deed.id>
            <div class="deed-card__tags">
                <VirtueBadge virtue=deed.virtue />
                {deed
                    .illustrative
                    .then(|| {
                        view! {
                            <span
                                class="badge badge--example"
                                title=move || t_string!(i18n, deed.illustrative_note)
                            >
                                {move || t_string!(i18n, deed.illustrative)}
                            </span>
                        }
                    })}
            </div>
            {(!full)
                .then(|| {
                    view! {
                        <h2 class="deed-card__title" lang=deed.lang.tag()>
                            <a href=href(&format!("/deed/{}", deed.id))>{deed.title.clone()}</a>
                        </h2>
                    }
                })}
            {thumb}
            <p class="deed-card__meta">
                <a href=href(&format!("/u/{}", deed.university))>{university_name}</a>
                " · "
                <time datetime=done_on.to_string()>{move || format_date(i18n, done_on)}</time>
                " · "
                <span>{move || format_ago(i18n, today(), done_on)}</span>
            </p>
            <p
                id=story_id.clone()
                class="deed-card__story"
                class:deed-card__story--clamped=move || long && !expanded.get()
                lang=deed.lang.tag()
            >
                {deed.story.clone()}
            </p>
            {long
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="link-button"
                            aria-expanded=move || expanded.get().to_string()
                            aria-controls=story_id
                            on:click=move |_| set_expanded.update(|open| *open = !*open)
                        >
                            {move || {
                                if expanded.get() {
                                    t_string!(i18n, deed.less)
                                } else {
                                    t_string!(i18n, deed.more)
                                }
                            }}
                        </button>
                    }
                })}
            {received}
            {has_passes
                .then(|| {
                    view! {
                        <div class="deed-card__passes">
                            <span>{move || t_string!(i18n, deed.passed_to)}</span>
                            <ul class="inline-list">{pass_links}</ul>
                        </div>
                    }
                })}
            <div class="deed-card__footer">
                {deed
                    .author
                    .clone()
                    .map(|author| {
                        view! {
                            <span class="deed-card__author">
                                {move || t_string!(i18n, deed.by)} " " {author}
                            </span>
                        }
                    })}
                {deed
                    .link
                    .clone()
                    // A store is data from elsewhere: a link that is not plain http(s)
                    // (`javascript:` in a tampered file) is never made clickable.
                    .filter(|link| crate::model::rules::check_link(link).is_ok())
                    .map(|link| {
                        view! {
                            <a
                                class="deed-card__post"
                                href=link
                                target="_blank"
                                rel="noopener noreferrer"
                            >
                                {move || t_string!(i18n, deed.post)}
                                <span class="visually-hidden">" " {move || t_string!(i18n, deed.new_tab)}</span>
                            </a>
                        }
                    })}
            </div>
        </article>
    }
}
