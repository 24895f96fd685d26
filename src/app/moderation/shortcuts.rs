//! The moderation queue's keyboard shortcuts: with a queue item focused, `a` publishes
//! it, `r` starts its rejection, `j` and `k` move to the next and previous item. They are
//! plain keys, so they never act while the moderator types in a field, nor with Ctrl, Alt
//! or Meta held (the browser's and the screen reader's own shortcuts).

/// What a key does in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Approve,
    Reject,
    Next,
    Previous,
}

impl Shortcut {
    /// All of them, in the order the page lists them.
    pub const ALL: [Shortcut; 4] = [
        Shortcut::Approve,
        Shortcut::Reject,
        Shortcut::Next,
        Shortcut::Previous,
    ];

    /// The key, as `aria-keyshortcuts` names it and as the page shows it (upper case).
    pub fn key(self) -> &'static str {
        match self {
            Shortcut::Approve => "a",
            Shortcut::Reject => "r",
            Shortcut::Next => "j",
            Shortcut::Previous => "k",
        }
    }

    /// Every key, for a queue item's `aria-keyshortcuts`.
    pub fn all_keys() -> String {
        Shortcut::ALL.map(Shortcut::key).join(" ")
    }
}

/// The shortcut for a key press: `key` as `KeyboardEvent.key` gives it, `modified` when
/// Ctrl, Alt or Meta is held, `typing` when the focus is in a text field.
pub fn shortcut(key: &str, modified: bool, typing: bool) -> Option<Shortcut> {
    if modified || typing {
        return None;
    }
    Shortcut::ALL
        .into_iter()
        .find(|shortcut| key.eq_ignore_ascii_case(shortcut.key()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_maps_to_its_action() {
        assert_eq!(shortcut("a", false, false), Some(Shortcut::Approve));
        assert_eq!(shortcut("r", false, false), Some(Shortcut::Reject));
        assert_eq!(shortcut("j", false, false), Some(Shortcut::Next));
        assert_eq!(shortcut("k", false, false), Some(Shortcut::Previous));
        // Caps Lock or Shift.
        assert_eq!(shortcut("A", false, false), Some(Shortcut::Approve));
        assert_eq!(shortcut("x", false, false), None);
        assert_eq!(shortcut("Enter", false, false), None);
        assert_eq!(shortcut("ArrowDown", false, false), None);
    }

    #[test]
    fn no_shortcut_while_typing_or_with_a_modifier() {
        assert_eq!(shortcut("a", false, true), None);
        assert_eq!(shortcut("r", true, false), None);
        // Ctrl+A selects all, Ctrl+R reloads: the browser's, not ours.
        assert_eq!(shortcut("a", true, false), None);
    }

    #[test]
    fn aria_keyshortcuts_names_every_key() {
        assert_eq!(Shortcut::all_keys(), "a r j k");
    }
}
