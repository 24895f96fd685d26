//! How the feed's filter controls change the filters: a change shows in the controls at
//! once and reaches the URL query (and so the list) once that frame is painted.

use std::time::Duration;

use leptos::prelude::*;

use crate::app::base_path::href;
use crate::app::state::query::{Query, use_query};
use crate::model::feed::Filter;

/// The filters as the controls show them, and the one way the controls change them.
///
/// A change shows in the controls at once (a pressed chip paints in the same frame as the
/// click) and reaches the URL, and so the list, once that frame is painted: the list is
/// the costly part of a change.
#[derive(Clone, Copy)]
pub(super) struct FilterEdit {
    /// The filters the controls show: the changes made, else the URL's.
    pub(super) filter: Signal<Filter>,
    /// Changes made but not yet in the URL.
    pending: RwSignal<Option<Filter>>,
    /// How many changes are on their way to the URL; the controls follow the URL again
    /// when none is.
    queued: StoredValue<u32>,
    /// The route the filters apply to, under the site's base.
    route: StoredValue<String>,
    query: Query,
}

impl FilterEdit {
    /// The controls of `url_filter`, the filters in the URL of the route `path`.
    pub(super) fn new(url_filter: Signal<Filter>, path: &'static str) -> FilterEdit {
        let query = use_query();
        let route = StoredValue::new(href(path));
        let pending = RwSignal::new(None::<Filter>);
        let queued = StoredValue::new(0_u32);
        Effect::new(move |_| {
            url_filter.track();
            if queued.get_value() == 0 {
                pending.set(None);
            }
        });
        let filter = Signal::derive(move || pending.get().unwrap_or_else(|| url_filter.get()));
        FilterEdit {
            filter,
            pending,
            queued,
            route,
            query,
        }
    }

    /// Makes `change` to the filters: in the controls now, in the URL after the next
    /// paint, as a new history entry or, when `replace`, in place of this one.
    pub(super) fn apply(self, change: &dyn Fn(&mut Filter), replace: bool) {
        let mut next = self.filter.get_untracked();
        change(&mut next);
        let address = self
            .route
            .with_value(|route| format!("{route}{}", next.to_query_string()));
        self.pending.set(Some(next));
        self.queued.update_value(|n| *n += 1);
        let (queued, query) = (self.queued, self.query);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    queued.update_value(|n| *n -= 1);
                    query.go(&address, replace)
                },
                Duration::ZERO,
            )
        });
    }

    /// Makes `change` to the filters, as a new history entry.
    pub(super) fn set(self, change: &dyn Fn(&mut Filter)) {
        self.apply(change, false);
    }
}
