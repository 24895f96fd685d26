//! The moderator's session: the token, kept in this tab's `sessionStorage` only (never
//! in `localStorage`, never in a URL), so it is gone when the tab closes; and the inbox
//! it is sent to, from `config.json`. A `401` anywhere ends the session and says why.

use leptos::prelude::*;

use crate::app::{
    moderation::client::{ModerationError, Moderator},
    outbox::sender::api_root,
    state::config::{RuntimeConfig, use_runtime_config},
};

/// The `sessionStorage` key of the token.
pub const TOKEN_KEY: &str = "qq.moderator";

/// Why the moderator is signed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOut {
    /// Not signed in yet in this tab, or signed out by choice.
    Plainly,
    /// The inbox refused the token (`401`).
    TokenRefused,
}

/// The shared session.
#[derive(Clone, Copy)]
pub struct SessionContext {
    token: RwSignal<Option<String>>,
    /// Why there is no token, when there is none.
    pub signed_out: RwSignal<SignedOut>,
    config: Signal<Option<RuntimeConfig>>,
}

/// A token as typed: surrounding spaces dropped, empty is none.
pub fn clean_token(typed: &str) -> Option<String> {
    let token = typed.trim();
    (!token.is_empty()).then(|| token.to_string())
}

/// Reads the token this tab keeps, if any, and shares the session. Needs the runtime
/// config's context.
pub fn provide_session_context() {
    let session = SessionContext {
        token: RwSignal::new(read_stored().as_deref().and_then(clean_token)),
        signed_out: RwSignal::new(SignedOut::Plainly),
        config: use_runtime_config(),
    };
    provide_context(session);
}

/// The shared session.
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

impl SessionContext {
    /// Whether a token is kept (tracked).
    pub fn signed_in(self) -> bool {
        self.token.with(Option::is_some)
    }

    /// Keeps `token` for this tab.
    pub fn sign_in(self, token: String) {
        write_stored(Some(&token));
        self.token.set(Some(token));
    }

    /// Forgets the token.
    pub fn sign_out(self) {
        self.end(SignedOut::Plainly);
    }

    /// Forgets the token because the inbox refused it.
    pub fn refused(self) {
        self.end(SignedOut::TokenRefused);
    }

    fn end(self, why: SignedOut) {
        write_stored(None);
        self.signed_out.set(why);
        self.token.set(None);
    }

    /// [`SessionContext::moderator`], untracked: for an action.
    pub fn moderator_now(self) -> Option<Moderator> {
        untrack(|| self.moderator())
    }

    /// Ends the session when the inbox refused the token; gives any other error back.
    pub fn unless_refused(self, error: ModerationError) -> Option<ModerationError> {
        if error == ModerationError::Unauthorized {
            self.refused();
            None
        } else {
            Some(error)
        }
    }

    /// The way into the inbox, once signed in and `config.json` has been read (tracked).
    pub fn moderator(self) -> Option<Moderator> {
        let config = self.config.get()?;
        let token = self.token.get()?;
        Some(Moderator {
            root: api_root(config.inbox()),
            token,
        })
    }
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

#[cfg(target_arch = "wasm32")]
fn read_stored() -> Option<String> {
    storage()?.get_item(TOKEN_KEY).ok().flatten()
}

#[cfg(target_arch = "wasm32")]
fn write_stored(token: Option<&str>) {
    // A browser that refuses storage keeps the token for this page only.
    if let Some(storage) = storage() {
        let _ = match token {
            Some(token) => storage.set_item(TOKEN_KEY, token),
            None => storage.remove_item(TOKEN_KEY),
        };
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn read_stored() -> Option<String> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn write_stored(_token: Option<&str>) {}

#[cfg(test)]
mod tests {
    use super::clean_token;

    #[test]
    fn a_typed_token_loses_its_spaces_and_an_empty_one_is_none() {
        assert_eq!(clean_token("  abc-123 \n"), Some("abc-123".into()));
        assert_eq!(clean_token("   "), None);
        assert_eq!(clean_token(""), None);
    }
}
