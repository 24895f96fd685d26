//! The audit log: every moderator's action, newest first, as a table (who, when on the
//! reader's clock, what, on what, and the server's note). Read when the page opens and
//! again after each action of this moderator; an inbox without the route says so.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::{Desk, messages::error_text};
use crate::app::base_path::href;
use crate::app::components::{dates::format_date, loading::Loading};
use crate::app::moderation::{session::use_session, when::on_readers_clock};
use crate::i18n::{Locale, t_string, use_i18n};
use crate::model::moderation::AuditEntry;

/// An action's name in the reader's language; an action this app does not know by its
/// code.
fn action_text(i18n: I18nContext<Locale>, action: &str) -> String {
    match action {
        "approve" => t_string!(i18n, moderate.action.approve).to_string(),
        "reject" => t_string!(i18n, moderate.action.reject).to_string(),
        "add_university" => t_string!(i18n, moderate.action.add_university).to_string(),
        "unpublish" => t_string!(i18n, moderate.action.unpublish).to_string(),
        other => other.to_string(),
    }
}

/// The page an action's target has on the site, if it has one: an added university's.
/// (A submission has none, and an unpublished deed's page is gone.)
fn target_route(entry: &AuditEntry) -> Option<String> {
    (entry.action == "add_university").then(|| format!("/u/{}", entry.target))
}

/// One row.
#[component]
fn AuditRow(
    /// The entry.
    entry: AuditEntry,
) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at.clone();
    let when = move || match on_readers_clock(&at) {
        Some(when) => t_string!(
            i18n,
            moderate.when_pattern,
            date = format_date(i18n, when.date),
            time = when.clock()
        ),
        None => at.clone(),
    };
    let action = entry.action.clone();
    let target = match target_route(&entry) {
        Some(route) => view! { <a href=href(&route)>{entry.target.clone()}</a> }.into_any(),
        None => view! { <span class="audit__target">{entry.target.clone()}</span> }.into_any(),
    };
    view! {
        <tr>
            <td>{entry.moderator.clone()}</td>
            <td>
                <time datetime=entry.at.clone()>{when}</time>
            </td>
            <td>{move || action_text(i18n, &action)}</td>
            <td>{target}</td>
            <td>{entry.detail.clone()}</td>
        </tr>
    }
}

/// The audit log's section.
#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let desk = expect_context::<Desk>();
    let log = LocalResource::new(move || {
        let moderator = session.moderator();
        desk.audit_version.track();
        async move {
            let moderator = moderator?;
            let answer = moderator.audit().await;
            Some(answer.map_err(|error| session.unless_refused(error)))
        }
    });
    let table = move || match log.get().flatten() {
        None => view! { <Loading /> }.into_any(),
        // The token was refused: the page is signing out.
        Some(Err(None)) => ().into_any(),
        Some(Err(Some(error))) => view! {
            <div class="notice notice--error" role="alert">
                <p class="notice__title">{move || t_string!(i18n, moderate.audit_failed)}</p>
                <p>{move || error_text(i18n, &error)}</p>
                <button type="button" class="secondary-button" on:click=move |_| log.refetch()>
                    {move || t_string!(i18n, error.retry)}
                </button>
            </div>
        }
        .into_any(),
        Some(Ok(entries)) if entries.is_empty() => {
            view! { <p class="note">{move || t_string!(i18n, moderate.audit_empty)}</p> }.into_any()
        }
        Some(Ok(entries)) => view! {
            <div class="audit" role="region" aria-labelledby="audit-intro" tabindex="0">
                <table class="audit__table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, moderate.audit_who)}</th>
                            <th scope="col">{move || t_string!(i18n, moderate.audit_when)}</th>
                            <th scope="col">{move || t_string!(i18n, moderate.audit_what)}</th>
                            <th scope="col">{move || t_string!(i18n, moderate.audit_target)}</th>
                            <th scope="col">{move || t_string!(i18n, moderate.audit_detail)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {entries
                            .into_iter()
                            .map(|entry| view! { <AuditRow entry /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    };
    view! {
        <section class="moderate-section" aria-labelledby="audit-title">
            <div class="moderate-section__head">
                <h2 id="audit-title">{move || t_string!(i18n, moderate.audit_title)}</h2>
                <button type="button" class="secondary-button" on:click=move |_| log.refetch()>
                    {move || t_string!(i18n, moderate.refresh)}
                </button>
            </div>
            <p class="moderate-section__intro" id="audit-intro">
                {move || t_string!(i18n, moderate.audit_intro)}
            </p>
            {table}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, target: &str) -> AuditEntry {
        AuditEntry {
            id: 1,
            moderator: "alma".into(),
            at: "2026-11-26T10:00:00.000Z".into(),
            action: action.into(),
            target: target.into(),
            detail: None,
        }
    }

    #[test]
    fn an_added_university_links_to_its_page_and_other_targets_do_not() {
        assert_eq!(
            target_route(&entry("add_university", "tsu")).as_deref(),
            Some("/u/tsu")
        );
        assert_eq!(target_route(&entry("unpublish", "12")), None);
        assert_eq!(
            target_route(&entry("approve", "0f8fad5b-d9cb-469f-a165-70867728950e")),
            None
        );
    }
}
