//! The invitation to carry the baton, /invite/?u=B&from=A, in the form's app: B holds the
//! baton, received from A (on the day of A's first pass to B, when `relay.json` has it);
//! what to do next; the QR code of the form filled in for B (`/submit/?u=B&from=A`, as an
//! absolute address) with the same address as text; a share button; and "Print a poster",
//! whose print styles (style/submit.css) lay out an A4 poster for a campus noticeboard.
//! An address naming no known university says so and links to the plain form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::app::base_path::{absolute, href};
use crate::app::components::{
    baton_invite::{form_route, invite_message, short_name},
    dates::format_date,
    error_view::ErrorView,
    loading::Loading,
    page_heading::PageHeading,
    qr_code::QrCodeImage,
    share_button::ShareButton,
};
use crate::app::state::{
    loaded::Loaded,
    store_cache::{fetch_relay, use_store},
};
use crate::i18n::{t_string, use_i18n};
use crate::model::{Date, HASHTAG, feed::Directory, store::RelayLink};

/// Who the invitation is for, once both ids name listed universities (and not the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The university that holds the baton.
    pub to: String,
    /// The one that passed it.
    pub from: String,
}

impl Invitation {
    /// Reads `?u=` and `?from=`: none when either is missing, unknown, or both are one.
    pub fn read(u: Option<&str>, from: Option<&str>, directory: &Directory) -> Option<Self> {
        let known = |id: &&str| directory.get(id).is_some();
        match (u.filter(known), from.filter(known)) {
            (Some(to), Some(from)) if to != from => Some(Invitation {
                to: to.to_string(),
                from: from.to_string(),
            }),
            _ => None,
        }
    }

    /// The day `from` first passed the baton to `to`, if the relay has that pass.
    pub fn since(&self, links: &[RelayLink]) -> Option<Date> {
        (links.iter())
            .find(|link| link.from == self.from && link.to == self.to)
            .map(|link| link.date)
    }
}

/// The invitation page.
#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let query = use_query_map();
    let relay = Loaded::new(fetch_relay);
    let body = move || {
        let directory = match store.directory.get()? {
            Ok(directory) => directory,
            Err(error) => {
                return Some(
                    view! {
                        <PageHeading title=Signal::derive(move || t_string!(i18n, invite.title).to_string()) />
                        <ErrorView error=error on_retry=Callback::new(move |()| store.retry()) />
                    }
                    .into_any(),
                );
            }
        };
        // Without the relay the invitation stands, only without its date.
        let links = relay.get()?.unwrap_or_default();
        let invitation =
            query.with(|q| Invitation::read(q.get_str("u"), q.get_str("from"), &directory));
        Some(match invitation {
            Some(invitation) => {
                let since = invitation.since(&links);
                view! { <Invite invitation=invitation since=since directory=directory /> }.into_any()
            }
            None => view! {
                <PageHeading title=Signal::derive(move || t_string!(i18n, invite.title).to_string()) />
                <p class="notice" data-testid="invite-unknown">{move || t_string!(i18n, invite.unknown)}</p>
                <p>
                    <a class="button button--primary" href=href("/submit")>
                        {move || t_string!(i18n, invite.to_form)}
                    </a>
                </p>
            }
            .into_any(),
        })
    };
    move || body().unwrap_or_else(|| view! { <Loading /> }.into_any())
}

/// The invitation itself, the poster when printed.
#[component]
fn Invite(
    /// Who holds the baton and who passed it.
    invitation: Invitation,
    /// The day it was passed, if known.
    since: Option<Date>,
    /// The universities, for their names.
    directory: std::sync::Arc<Directory>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Invitation { to, from } = invitation;
    let route = form_route(&to, &from);
    let address = absolute(&route);
    let names = Signal::derive(move || {
        let locale = i18n.get_locale();
        (
            short_name(&directory, &to, locale),
            short_name(&directory, &from, locale),
        )
    });
    let heading =
        Signal::derive(move || t_string!(i18n, invite.heading, to = names.get().0).to_string());
    let holds = move || {
        let (to, from) = names.get();
        match since {
            Some(day) => {
                let date = format_date(i18n, day);
                t_string!(i18n, invite.holds_since, to = to, from = from, date = date).to_string()
            }
            None => t_string!(i18n, invite.holds, to = to, from = from).to_string(),
        }
    };
    let qr_label =
        Signal::derive(move || t_string!(i18n, invite.qr_label, to = names.get().0).to_string());
    let message = Signal::derive(move || {
        let (to, from) = names.get();
        invite_message(i18n.get_locale(), &to, &from)
    });
    let print = move |_| {
        #[cfg(target_arch = "wasm32")]
        let _ = window().print();
    };
    view! {
        <div class="invite" data-testid="invite">
            <PageHeading title=heading />
            <p class="invite__holds" data-testid="invite-holds">{holds}</p>
            <div class="invite__code">
                <QrCodeImage text=address.clone() label=qr_label />
                <p class="invite__link">
                    <span>{move || t_string!(i18n, invite.link_label)}</span> " "
                    <a href=href(&route) data-testid="invite-link">{address.clone()}</a>
                </p>
            </div>
            <section class="invite__steps" aria-labelledby="invite-steps">
                <h2 id="invite-steps">{move || t_string!(i18n, invite.steps_title)}</h2>
                <ol>
                    <li>{move || t_string!(i18n, invite.step_deed)}</li>
                    <li>{move || t_string!(i18n, invite.step_post, hashtag = HASHTAG)}</li>
                    <li>{move || t_string!(i18n, invite.step_add)}</li>
                    <li>{move || t_string!(i18n, invite.step_pass)}</li>
                </ol>
            </section>
            <p class="invite__hashtag" aria-hidden="true">{HASHTAG}</p>
            <div class="invite__actions">
                <ShareButton
                    title=HASHTAG.to_string()
                    url=address
                    message=message
                    label=Signal::derive(move || t_string!(i18n, invite.share).to_string())
                />
                <button type="button" class="button" data-testid="invite-print" on:click=print>
                    {move || t_string!(i18n, invite.print)}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Names, University};

    fn directory() -> Directory {
        let names = |s: &str| Names {
            kk: s.into(),
            ru: s.into(),
            en: s.into(),
        };
        let u = |id: &str| University {
            id: id.into(),
            short: names(id),
            name: names(id),
            city: names("Almaty"),
            country: "KZ".into(),
            lat: 43.2,
            lon: 76.9,
        };
        Directory::new(vec![u("kaznu"), u("enu")])
    }

    #[test]
    fn an_invitation_names_two_listed_universities() {
        let directory = directory();
        assert_eq!(
            Invitation::read(Some("enu"), Some("kaznu"), &directory),
            Some(Invitation {
                to: "enu".into(),
                from: "kaznu".into()
            })
        );
        for (u, from) in [
            (None, Some("kaznu")),
            (Some("enu"), None),
            (Some("hogwarts"), Some("kaznu")),
            (Some("enu"), Some("hogwarts")),
            (Some("enu"), Some("enu")),
            (Some("enu\"><script>"), Some("kaznu")),
        ] {
            assert_eq!(
                Invitation::read(u, from, &directory),
                None,
                "{u:?} {from:?}"
            );
        }
    }

    #[test]
    fn the_day_is_the_first_pass_from_the_giver() {
        let invitation = Invitation {
            to: "enu".into(),
            from: "kaznu".into(),
        };
        let link = |from: &str, to: &str, date: &str| RelayLink {
            from: from.into(),
            to: to.into(),
            deed: 1,
            date: Date::parse(date).unwrap(),
            count: 1,
        };
        let links = [
            link("kaznu", "nu", "2020-02-06"),
            link("kaznu", "enu", "2020-02-08"),
        ];
        assert_eq!(invitation.since(&links), Date::parse("2020-02-08").ok());
        assert_eq!(invitation.since(&links[..1]), None);
    }
}
