//! What a call keeps so that a page reload, or a navigation within the site, can rejoin it: the
//! same room, with the same identity, while the token is still valid (option `resume`).
//!
//! LiveKit lets a token join as long as it has not expired, and a participant that joins with an
//! identity already in the room replaces it; an agent session linked to that identity picks the
//! new connection up and keeps its conversation. So the ticket is the token answer itself, plus
//! its expiry to decide without asking anyone whether a rejoin can still work. It lives in
//! `sessionStorage`: one tab, gone with the tab, never sent anywhere.

use crate::json::{self, Value};

/// A ticket that expires sooner than this is not used: the rejoin (SDK load, connect) must
/// finish before the token's `exp`.
pub const MIN_VALIDITY_S: i64 = 15;

/// The storage key's prefix; the rest names the widget (see [`ResumeTicket::storage_key`]). The
/// embed loader loads the wasm at once when a key with it is there (generated contract).
pub const KEY_PREFIX: &str = "lkw-resume:";

#[derive(Clone, PartialEq, Eq)]
pub struct ResumeTicket {
    pub server_url: String,
    /// The access token. Never logged: see the `Debug` impl.
    pub token: String,
    pub room: String,
    pub identity: String,
    /// The token's `exp` (Unix seconds).
    pub expires_unix_s: i64,
}

impl std::fmt::Debug for ResumeTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResumeTicket")
            .field("server_url", &self.server_url)
            .field("room", &self.room)
            .field("identity", &self.identity)
            .field("expires_unix_s", &self.expires_unix_s)
            .finish_non_exhaustive()
    }
}

/// Why a stored ticket is not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotResumable {
    /// Not what this widget wrote (another version, edited by hand).
    Unreadable,
    /// The token expires within [`MIN_VALIDITY_S`] or already has.
    Expired,
}

impl ResumeTicket {
    /// The storage key of the widget that calls `endpoint` for `agent`: two widgets on one page
    /// that differ in either keep separate tickets.
    pub fn storage_key(endpoint: &str, agent: Option<&str>) -> String {
        format!("{KEY_PREFIX}{endpoint}#{}", agent.unwrap_or(""))
    }

    pub fn to_json(&self) -> String {
        Value::object(vec![
            ("server_url", Value::from(&self.server_url)),
            ("token", Value::from(&self.token)),
            ("room", Value::from(&self.room)),
            ("identity", Value::from(&self.identity)),
            ("expires", Value::Number(self.expires_unix_s.to_string())),
        ])
        .to_json()
    }

    /// The ticket in `text`, if it is one that can still rejoin at `now_s`.
    pub fn read(text: &str, now_s: i64) -> Result<Self, NotResumable> {
        let value = json::parse(text).map_err(|_| NotResumable::Unreadable)?;
        let text_of = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .ok_or(NotResumable::Unreadable)
        };
        let ticket = ResumeTicket {
            server_url: text_of("server_url")?,
            token: text_of("token")?,
            room: text_of("room")?,
            identity: text_of("identity")?,
            expires_unix_s: value
                .get("expires")
                .and_then(Value::as_i64)
                .ok_or(NotResumable::Unreadable)?,
        };
        if ticket.expires_unix_s - now_s < MIN_VALIDITY_S {
            return Err(NotResumable::Expired);
        }
        Ok(ticket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn ticket() -> ResumeTicket {
        ResumeTicket {
            server_url: "wss://lk.example.org".into(),
            token: "eyJhbGciOiJIUzI1NiJ9.e30.sig".into(),
            room: "call-7".into(),
            identity: "visitor-\"7\"".into(),
            expires_unix_s: NOW + 600,
        }
    }

    #[test]
    fn a_ticket_reads_back_as_written() {
        assert_eq!(ResumeTicket::read(&ticket().to_json(), NOW), Ok(ticket()));
    }

    #[test]
    fn a_ticket_about_to_expire_is_not_used() {
        let mut soon = ticket();
        soon.expires_unix_s = NOW + MIN_VALIDITY_S - 1;
        assert_eq!(
            ResumeTicket::read(&soon.to_json(), NOW),
            Err(NotResumable::Expired)
        );
        soon.expires_unix_s = NOW + MIN_VALIDITY_S;
        assert!(ResumeTicket::read(&soon.to_json(), NOW).is_ok());
    }

    #[test]
    fn anything_else_is_unreadable() {
        for text in [
            "",
            "null",
            "{}",
            r#"{"server_url":"wss://x","token":"t","room":"r","identity":"i"}"#,
            r#"{"server_url":"wss://x","token":"","room":"r","identity":"i","expires":1900000000}"#,
            r#"{"server_url":"wss://x","token":"t","room":"r","identity":"i","expires":"soon"}"#,
        ] {
            assert_eq!(
                ResumeTicket::read(text, NOW),
                Err(NotResumable::Unreadable),
                "{text}"
            );
        }
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        assert!(!format!("{:?}", ticket()).contains("eyJ"));
    }

    #[test]
    fn widgets_that_call_different_endpoints_or_agents_keep_separate_tickets() {
        let a = ResumeTicket::storage_key("/api/token", Some("sofia"));
        assert_eq!(a, "lkw-resume:/api/token#sofia");
        assert_ne!(a, ResumeTicket::storage_key("/api/token", None));
        assert_ne!(a, ResumeTicket::storage_key("/other", Some("sofia")));
    }
}
