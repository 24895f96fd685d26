//! What the bucket the inbox publishes into (`qq serve --publish-to`) does not have yet:
//! how many changes wait, since when, and why the last try failed, with a button to ask
//! again. Read when the page opens and after each action of this moderator; an inbox
//! without a bucket (or without the route) shows nothing.

use leptos::prelude::*;

use super::Desk;
use crate::app::components::dates::format_date;
use crate::app::moderation::{session::use_session, when::on_readers_clock};
use crate::i18n::{t_string, use_i18n};
use crate::model::moderation::Publications;

/// The bucket's line, for an inbox that publishes into one.
#[component]
pub fn PublicationsNote() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let desk = expect_context::<Desk>();
    let answer = LocalResource::new(move || {
        let moderator = session.moderator();
        desk.audit_version.track();
        async move { moderator?.publications().await.ok() }
    });
    let note = move |publications: Publications| {
        if publications.pending == 0 {
            return view! {
                <p class="note" role="status">{move || t_string!(i18n, moderate.bucket_done)}</p>
            }
            .into_any();
        }
        let n = publications.pending;
        let since = publications.oldest.clone().map(|oldest| {
            let text = move || match on_readers_clock(&oldest) {
                Some(when) => t_string!(
                    i18n,
                    moderate.bucket_since,
                    when = t_string!(
                        i18n,
                        moderate.when_pattern,
                        date = format_date(i18n, when.date),
                        time = when.clock()
                    )
                ),
                None => t_string!(i18n, moderate.bucket_since, when = &oldest),
            };
            view! { <p>{text}</p> }
        });
        let error = publications.error.clone().map(|reason| {
            view! { <p>{move || t_string!(i18n, moderate.bucket_error, reason = &reason)}</p> }
        });
        view! {
            <div class="notice" role="status">
                <p class="notice__title">{move || t_string!(i18n, moderate.bucket_pending, n = n)}</p>
                {since}
                {error}
                <button type="button" class="secondary-button" on:click=move |_| answer.refetch()>
                    {move || t_string!(i18n, moderate.bucket_check)}
                </button>
            </div>
        }
        .into_any()
    };
    move || {
        answer
            .get()
            .flatten()
            .filter(|p| p.bucket)
            .map(|publications| {
                view! {
                    <section class="moderate-section" aria-labelledby="bucket-title">
                        <h2 id="bucket-title">{move || t_string!(i18n, moderate.bucket_title)}</h2>
                        {note(publications)}
                    </section>
                }
            })
    }
}
