//! What an access token says about itself, read from its payload (no signature check: only the
//! server can do that). Lets the widget name an expired token or a missing grant before the
//! server answers a bare 401.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

/// The claims the widget checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct TokenClaims {
    #[serde(default)]
    pub exp: Option<i64>,
    #[serde(default)]
    pub nbf: Option<i64>,
    /// The participant identity.
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub video: Option<VideoGrant>,
    #[serde(default, rename = "roomConfig")]
    pub room_config: Option<RoomConfigClaim>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoGrant {
    #[serde(default)]
    pub room: Option<String>,
    #[serde(default)]
    pub room_join: Option<bool>,
    #[serde(default)]
    pub can_publish: Option<bool>,
    #[serde(default)]
    pub can_subscribe: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RoomConfigClaim {
    #[serde(default)]
    pub agents: Vec<AgentDispatchClaim>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentDispatchClaim {
    #[serde(default)]
    pub agent_name: String,
}

/// A problem with a token's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimProblem {
    /// Not a JWT (three base64url parts with a JSON payload).
    Unreadable,
    Expired {
        seconds_ago: i64,
    },
    NotYetValid {
        seconds_ahead: i64,
    },
    NoRoomJoin,
    CannotPublish,
}

impl TokenClaims {
    /// Reads the payload of `token`.
    pub fn decode(token: &str) -> Result<TokenClaims, ClaimProblem> {
        let mut parts = token.trim().split('.');
        let (Some(_header), Some(payload), Some(_signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ClaimProblem::Unreadable);
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|_| ClaimProblem::Unreadable)?;
        // An object only: serde would otherwise fill the struct from a JSON array by position.
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(value @ serde_json::Value::Object(_)) => {
                serde_json::from_value(value).map_err(|_| ClaimProblem::Unreadable)
            }
            _ => Err(ClaimProblem::Unreadable),
        }
    }

    /// The room the token admits to (`video.room`): standard token answers name it only here.
    pub fn room(&self) -> Option<&str> {
        self.video
            .as_ref()?
            .room
            .as_deref()
            .filter(|r| !r.is_empty())
    }

    /// The agents the token asks LiveKit to dispatch into the room.
    pub fn requested_agents(&self) -> Vec<String> {
        self.room_config
            .as_ref()
            .map(|c| c.agents.iter().map(|a| a.agent_name.clone()).collect())
            .unwrap_or_default()
    }

    /// What would make LiveKit refuse this token at `now_s` (Unix seconds), first problem first.
    /// A little clock skew (30 s) is tolerated.
    pub fn problems(&self, now_s: i64) -> Vec<ClaimProblem> {
        const SKEW_S: i64 = 30;
        let mut problems = Vec::new();
        if let Some(exp) = self.exp.filter(|exp| *exp + SKEW_S < now_s) {
            problems.push(ClaimProblem::Expired {
                seconds_ago: now_s - exp,
            });
        }
        if let Some(nbf) = self.nbf.filter(|nbf| *nbf - SKEW_S > now_s) {
            problems.push(ClaimProblem::NotYetValid {
                seconds_ahead: nbf - now_s,
            });
        }
        let video = self.video.clone().unwrap_or_default();
        if video.room_join != Some(true) {
            problems.push(ClaimProblem::NoRoomJoin);
        }
        if video.can_publish == Some(false) {
            problems.push(ClaimProblem::CannotPublish);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn reads_identity_room_grants_and_dispatch() {
        let claims = TokenClaims::decode(&token(
            r#"{"exp":1800000900,"nbf":1800000000,"sub":"user-1","video":{"room":"call-1","roomJoin":true,"canPublish":true},"roomConfig":{"agents":[{"agentName":"sofia"}]}}"#,
        ))
        .expect("decodes");
        assert_eq!(claims.sub.as_deref(), Some("user-1"));
        assert_eq!(claims.room(), Some("call-1"));
        assert_eq!(claims.requested_agents(), vec!["sofia".to_string()]);
        assert!(claims.problems(NOW).is_empty());
    }

    #[test]
    fn expired_token_says_how_long_ago() {
        let claims = TokenClaims::decode(&token(r#"{"exp":1799996400,"video":{"roomJoin":true}}"#))
            .expect("decodes");
        assert_eq!(
            claims.problems(NOW),
            vec![ClaimProblem::Expired { seconds_ago: 3600 }]
        );
    }

    #[test]
    fn small_clock_skew_is_tolerated() {
        let claims = TokenClaims::decode(&token(
            r#"{"exp":1799999990,"nbf":1800000020,"video":{"roomJoin":true}}"#,
        ))
        .expect("decodes");
        assert!(claims.problems(NOW).is_empty());
    }

    #[test]
    fn missing_grants_and_future_tokens_are_named() {
        let claims =
            TokenClaims::decode(&token(r#"{"nbf":1800000600,"video":{"canPublish":false}}"#))
                .expect("decodes");
        assert_eq!(
            claims.problems(NOW),
            vec![
                ClaimProblem::NotYetValid { seconds_ahead: 600 },
                ClaimProblem::NoRoomJoin,
                ClaimProblem::CannotPublish
            ]
        );
    }

    #[test]
    fn an_empty_or_missing_room_is_none() {
        let empty = TokenClaims::decode(&token(r#"{"video":{"room":""}}"#)).expect("decodes");
        assert_eq!(empty.room(), None);
        let none = TokenClaims::decode(&token(r#"{"sub":"u"}"#)).expect("decodes");
        assert_eq!(none.room(), None);
    }

    #[test]
    fn garbage_is_unreadable() {
        assert_eq!(
            TokenClaims::decode("not-a-jwt"),
            Err(ClaimProblem::Unreadable)
        );
        assert_eq!(
            TokenClaims::decode("a.!!!.c"),
            Err(ClaimProblem::Unreadable)
        );
        assert_eq!(
            TokenClaims::decode(&token("[1,2]")),
            Err(ClaimProblem::Unreadable)
        );
        assert!(TokenClaims::decode(&token("{}"))
            .expect("empty object")
            .requested_agents()
            .is_empty());
    }
}
