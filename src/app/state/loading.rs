//! How many loads are under way in the app: a page the publisher prerendered is taken
//! over once nothing is loading any more (see `crate::app::takeover`), so the reader never
//! sees the app's loading state in place of the finished page.

use std::cell::Cell;

thread_local! {
    static PENDING: Cell<usize> = const { Cell::new(0) };
}

/// One load under way, until dropped.
#[must_use = "a load counts as under way only while its guard is kept"]
pub struct Underway(());

/// Counts a load as under way until the guard is dropped.
pub fn begin() -> Underway {
    PENDING.with(|pending| pending.set(pending.get() + 1));
    Underway(())
}

impl Drop for Underway {
    fn drop(&mut self) {
        PENDING.with(|pending| pending.set(pending.get().saturating_sub(1)));
    }
}

/// Whether no load is under way.
pub fn settled() -> bool {
    PENDING.with(|pending| pending.get() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_counts_until_its_guard_goes() {
        assert!(settled());
        let one = begin();
        let two = begin();
        assert!(!settled());
        drop(one);
        assert!(!settled());
        drop(two);
        assert!(settled());
    }
}
