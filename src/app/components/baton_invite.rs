//! An invitation to carry the baton on: who holds it and from whom, a link to the
//! invitation page (`/invite/?u=B&from=A`, the form's app, with its QR code and poster) and
//! a share button whose text, in the reader's language, carries #AlFarabiQQ and the link to
//! the form already filled in for B (`/submit/?u=B&from=A`). Shown on a deed's page for
//! each university it passed the baton to, and on the relay's page for each holder. It
//! draws no QR code: the reading pages' download stays small.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::base_path::{absolute, href, link_rel};
use crate::app::components::{dates::lang_of, share_button::ShareButton};
use crate::i18n::{Locale, t_string, td_string, use_i18n};
use crate::model::{HASHTAG, feed::Directory};

/// The invitation page's route for `to`, which received the baton from `from`.
pub fn invite_route(to: &str, from: &str) -> String {
    format!("/invite?u={to}&from={from}")
}

/// The form's route, filled in for `to`, which received the baton from `from`.
pub fn form_route(to: &str, from: &str) -> String {
    format!("/submit?u={to}&from={from}")
}

/// The message shared with the form's address, in `locale`: the two universities by name
/// and the hashtag.
pub fn invite_message(locale: Locale, to: &str, from: &str) -> String {
    td_string!(
        locale,
        invite.share_text,
        to = to,
        from = from,
        hashtag = HASHTAG
    )
    .to_string()
}

/// A university's short name in the reader's language, or its id if it is not listed.
pub fn short_name(directory: &Directory, id: &str, locale: Locale) -> String {
    directory.get(id).map_or_else(
        || id.to_string(),
        |u| u.short.get(lang_of(locale)).to_string(),
    )
}

/// The invitation for `to`, which received the baton from `from`.
#[component]
pub fn BatonInvite(
    /// The university that holds the baton.
    to: String,
    /// The university that passed it.
    from: String,
    /// The universities, for their names.
    directory: Arc<Directory>,
) -> impl IntoView {
    let i18n = use_i18n();
    let names = {
        let (to, from) = (to.clone(), from.clone());
        move || {
            let locale = i18n.get_locale();
            (
                short_name(&directory, &to, locale),
                short_name(&directory, &from, locale),
            )
        }
    };
    let holds = {
        let names = names.clone();
        move || {
            let (to, from) = names();
            t_string!(i18n, invite.holds, to = to, from = from).to_string()
        }
    };
    let message = Signal::derive(move || {
        let (to, from) = names();
        invite_message(i18n.get_locale(), &to, &from)
    });
    let route = invite_route(&to, &from);
    view! {
        <div class="baton-invite" data-testid="baton-invite" data-to=to.clone() data-from=from.clone()>
            <p class="baton-invite__text">{holds}</p>
            <p class="baton-invite__actions">
                <a href=href(&route) rel=link_rel(&route)>{move || t_string!(i18n, invite.open)}</a>
                <ShareButton
                    title=HASHTAG.to_string()
                    url=absolute(&form_route(&to, &from))
                    message=message
                    label=Signal::derive(move || t_string!(i18n, invite.share).to_string())
                />
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invitation_leads_to_the_form_filled_in_for_the_holder() {
        assert_eq!(invite_route("enu", "kaznu"), "/invite?u=enu&from=kaznu");
        assert_eq!(form_route("enu", "kaznu"), "/submit?u=enu&from=kaznu");
    }

    #[test]
    fn the_shared_message_names_both_universities_with_the_hashtag_in_each_language() {
        for locale in [Locale::kk, Locale::ru, Locale::en] {
            let text = invite_message(locale, "ENU", "KazNU");
            assert!(text.contains("ENU"), "{text}");
            assert!(text.contains("KazNU"), "{text}");
            assert!(text.contains(HASHTAG), "{text}");
            assert!(!text.contains("{{"), "{text}");
        }
        assert_ne!(
            invite_message(Locale::kk, "ENU", "KazNU"),
            invite_message(Locale::ru, "ENU", "KazNU")
        );
    }
}
