//! The success answer: exactly LiveKit's standard response.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::object::json_object;

/// Where to connect and with which access token.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct TokenResponse {
    pub server_url: String,
    /// A JWT that lets its holder join a room: never logged whole.
    pub participant_token: String,
}

json_object!(TokenResponse);

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("server_url", &self.server_url)
            .field(
                "participant_token",
                &format_args!("({} chars)", self.participant_token.chars().count()),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_names_and_no_token_in_debug() {
        let answer = TokenResponse {
            server_url: "wss://x".into(),
            participant_token: "eyJ.secret.sig".into(),
        };
        let body = serde_json::to_string(&answer).unwrap();
        assert_eq!(
            body,
            r#"{"server_url":"wss://x","participant_token":"eyJ.secret.sig"}"#
        );
        assert_eq!(
            serde_json::from_str::<TokenResponse>(&body).unwrap(),
            answer
        );
        assert!(!format!("{answer:?}").contains("secret"));
    }
}
