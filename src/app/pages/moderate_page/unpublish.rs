//! Taking a published deed off the site by its number, with an optional reason (which
//! its author then reads as the reason it was not published).

use leptos::{ev::SubmitEvent, prelude::*};

use super::{
    Announcement, Desk,
    messages::{error_text, reason_text},
    queue::focus_later,
};
use crate::app::moderation::{client::ModerationError, session::use_session};
use crate::i18n::{t_string, use_i18n};
use crate::model::moderation::{ReasonError, check_reason};

/// What is wrong with the form before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Number,
    Reason(ReasonError),
}

/// A deed's number as typed: digits only, 1 or more.
fn deed_number(text: &str) -> Option<u64> {
    let text = text
        .trim()
        .trim_start_matches('#')
        .trim_start_matches('№')
        .trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| *n > 0)
}

/// The unpublish section.
#[component]
pub fn Unpublish() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let desk = expect_context::<Desk>();
    let number = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let failure = RwSignal::new(None::<ModerationError>);
    let pending = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.set(None);
        let Some(deed) = deed_number(&number.get_untracked()) else {
            problem.set(Some(Problem::Number));
            focus_later("unpublish-number".into());
            return;
        };
        let text = reason.get_untracked();
        let text = (!text.trim().is_empty()).then_some(text);
        if let Some(Err(error)) = text.as_deref().map(check_reason) {
            problem.set(Some(Problem::Reason(error)));
            focus_later("unpublish-reason".into());
            return;
        }
        problem.set(None);
        let Some(moderator) = session.moderator_now() else {
            return;
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = moderator.unpublish(deed, text.as_deref()).await;
            pending.try_set(false);
            match answer {
                Ok(done) => {
                    desk.done(Announcement::Unpublished(done.deed_id));
                    number.try_set(String::new());
                    reason.try_set(String::new());
                }
                Err(error) => {
                    if let Some(error) = session.unless_refused(error) {
                        failure.try_set(Some(error));
                    }
                }
            }
        });
    };
    let number_error = move || {
        (problem.get() == Some(Problem::Number))
            .then(|| t_string!(i18n, moderate.error.deed_number))
    };
    let reason_error = move || match problem.get() {
        Some(Problem::Reason(error)) => Some(reason_text(i18n, error)),
        _ => None,
    };
    view! {
        <section class="moderate-section" aria-labelledby="unpublish-title">
            <h2 id="unpublish-title">{move || t_string!(i18n, moderate.unpublish_title)}</h2>
            <p class="moderate-section__intro">
                {move || t_string!(i18n, moderate.unpublish_intro)}
            </p>
            <form class="moderate-form" novalidate on:submit=submit>
                <div class="moderate-pair">
                    <div class="field">
                        <label for="unpublish-number">
                            {move || t_string!(i18n, moderate.deed_number_label)}
                        </label>
                        <input
                            id="unpublish-number"
                            name="deed"
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            aria-describedby="unpublish-number-error"
                            aria-invalid=move || number_error().is_some().to_string()
                            prop:value=move || number.get()
                            on:input=move |event| number.set(event_target_value(&event))
                        />
                        <p class="field__error" id="unpublish-number-error">{number_error}</p>
                    </div>
                    <div class="field">
                        <label for="unpublish-reason">
                            {move || t_string!(i18n, moderate.unpublish_reason_label)}
                        </label>
                        <input
                            id="unpublish-reason"
                            name="reason"
                            type="text"
                            autocomplete="off"
                            aria-describedby="unpublish-reason-error"
                            aria-invalid=move || reason_error().is_some().to_string()
                            prop:value=move || reason.get()
                            on:input=move |event| reason.set(event_target_value(&event))
                        />
                        <p class="field__error" id="unpublish-reason-error">{reason_error}</p>
                    </div>
                </div>
                <p class="field__error" role="alert">
                    {move || failure.get().map(|error| error_text(i18n, &error))}
                </p>
                <div>
                    <button type="submit" class="button button--danger" disabled=move || pending.get()>
                        {move || t_string!(i18n, moderate.unpublish_submit)}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::deed_number;

    #[test]
    fn a_deed_number_is_digits_and_may_be_written_with_its_sign() {
        assert_eq!(deed_number("301"), Some(301));
        assert_eq!(deed_number(" #12 "), Some(12));
        assert_eq!(deed_number("№ 7"), Some(7));
        assert_eq!(deed_number("0"), None);
        assert_eq!(deed_number(""), None);
        assert_eq!(deed_number("12a"), None);
        assert_eq!(deed_number("-3"), None);
        assert_eq!(deed_number("99999999999999999999999"), None);
    }
}
