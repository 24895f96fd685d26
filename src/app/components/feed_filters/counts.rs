//! The options' counts as the filters show them: under the other filters in force, from
//! `counts.json` ([`crate::model::filter_counts`] does the counting). The file is asked
//! for once the panel is opened or a filter is set, never on the way to the first screen;
//! until it is in, an option shows its whole list's count from the manifest where that is
//! the answer (no other filter set), and no count otherwise.

use std::sync::Arc;

use leptos::prelude::*;

use super::list_count;
use crate::app::api::{ApiError, fetch_records};
use crate::app::state::store_cache::StoreContext;
use crate::i18n::{Locale, t_string};
use crate::model::{
    SCHEMA_VERSION,
    feed::Filter,
    filter_counts::{Choice, Count, OptionCounts, option_counts, whole_lists_answer},
    store::{CountsFile, ListId, counts_url},
};

/// The figures and the counts made from them, for the filter controls.
#[derive(Clone, Copy)]
pub(super) struct Counts {
    filter: Signal<Filter>,
    store: StoreContext,
    figures: RwSignal<Option<Arc<CountsFile>>>,
    asked: StoredValue<bool>,
}

impl Counts {
    /// The counts for the filters `filter`, before anything is asked for.
    pub(super) fn new(filter: Signal<Filter>, store: StoreContext) -> Counts {
        Counts {
            filter,
            store,
            figures: RwSignal::new(None),
            asked: StoredValue::new(false),
        }
    }

    /// The counts under the filters now, once the figures are in (tracked). Made anew on
    /// each call, from figures bounded by universities x months: a fraction of a
    /// millisecond at 300 universities (a memo of them cost the feed's first load 1 KB).
    pub(super) fn now(self) -> Option<OptionCounts> {
        let figures = self.figures.get()?;
        let directory = self.store.directory.get()?.ok()?;
        self.filter.with(|f| option_counts(f, &directory, &figures))
    }

    /// Asks for `counts.json`, the first time only. A failure leaves the counts as the
    /// manifest has them: a count is a help, not worth an error on the feed.
    pub(super) fn ask(self) {
        if self.asked.get_value() {
            return;
        }
        self.asked.set_value(true);
        leptos::task::spawn_local(async move {
            match load().await {
                Ok(figures) => self.figures.set(Some(Arc::new(figures))),
                Err(error) => leptos::logging::warn!("{error}"),
            }
        });
    }

    /// The count of an option of `choice` whose whole list is `list`: `pick`ed from `now`
    /// ([`Counts::now`]) or, before the figures are in, the manifest's when that is the
    /// answer (tracked); `None` while unknown.
    pub(super) fn of(
        self,
        now: Option<&OptionCounts>,
        choice: Choice,
        list: &ListId,
        pick: &dyn Fn(&OptionCounts) -> Count,
    ) -> Option<Count> {
        if let Some(counts) = now {
            return Some(pick(counts));
        }
        let whole = self.filter.with(|f| whole_lists_answer(f, choice));
        whole
            .then(|| list_count(self.store, list))
            .flatten()
            .map(|deeds| Count { deeds, exact: true })
    }

    /// Whether a count shown is approximate (tracked): the dates cut into a month.
    pub(super) fn any_approximate(self) -> bool {
        self.now().is_some_and(|c| {
            (c.virtues.iter().chain(&c.regions))
                .chain(&c.universities)
                .any(|count| !count.exact)
        })
    }
}

/// `counts.json`, read record by record as the store's other files are.
async fn load() -> Result<CountsFile, ApiError> {
    let universities = fetch_records(&counts_url()).await?;
    Ok(CountsFile {
        schema: SCHEMA_VERSION,
        universities,
    })
}

/// A count as shown: `12`, or `≈12` (translated) when approximate.
pub(super) fn count_text(i18n: leptos_i18n::I18nContext<Locale>, count: Count) -> String {
    if count.exact {
        count.deeds.to_string()
    } else {
        format!("{}{}", t_string!(i18n, feed.count_approx), count.deeds)
    }
}
