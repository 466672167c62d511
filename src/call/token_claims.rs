//! What an access token says about itself, read from its payload (no signature check: only the
//! server can do that). Lets the widget name an expired token or a missing grant before the
//! server answers a bare 401.

use crate::json::{self, Value};

/// The claims the widget checks. A claim that is absent or `null` is `None`; one of the wrong
/// type makes the token [`ClaimProblem::Unreadable`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenClaims {
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
    /// The participant identity.
    pub sub: Option<String>,
    pub video: Option<VideoGrant>,
    /// `roomConfig`.
    pub room_config: Option<RoomConfigClaim>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VideoGrant {
    pub room: Option<String>,
    /// `roomJoin`.
    pub room_join: Option<bool>,
    /// `canPublish`.
    pub can_publish: Option<bool>,
    /// `canSubscribe`.
    pub can_subscribe: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomConfigClaim {
    pub agents: Vec<AgentDispatchClaim>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentDispatchClaim {
    /// `agentName`.
    pub agent_name: String,
}

/// The member `name` of `object` read by `read`: `None` when absent or `null`, an error when it
/// holds something `read` does not take (or `object` is not an object).
fn claim<'a, T>(
    object: &'a Value,
    name: &str,
    read: impl Fn(&'a Value) -> Option<T>,
) -> Result<Option<T>, ClaimProblem> {
    member(object, name)?
        .map(|value| read(value).ok_or(ClaimProblem::Unreadable))
        .transpose()
}

/// The member `name` of `object`, `None` when absent or `null`; the part of [`claim`] that is
/// the same for every type, kept out of its copies (issue 15).
fn member<'a>(object: &'a Value, name: &str) -> Result<Option<&'a Value>, ClaimProblem> {
    object.as_object().ok_or(ClaimProblem::Unreadable)?;
    Ok(object
        .get(name)
        .filter(|value| !matches!(value, Value::Null)))
}

/// An object-valued claim read by `read`.
fn nested<T>(
    object: &Value,
    name: &str,
    read: fn(&Value) -> Result<T, ClaimProblem>,
) -> Result<Option<T>, ClaimProblem> {
    claim(object, name, Some)?.map(read).transpose()
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

impl VideoGrant {
    fn read(value: &Value) -> Result<Self, ClaimProblem> {
        Ok(Self {
            room: claim(value, "room", text)?,
            room_join: claim(value, "roomJoin", Value::as_bool)?,
            can_publish: claim(value, "canPublish", Value::as_bool)?,
            can_subscribe: claim(value, "canSubscribe", Value::as_bool)?,
        })
    }
}

impl RoomConfigClaim {
    fn read(value: &Value) -> Result<Self, ClaimProblem> {
        let agents = claim(value, "agents", Value::as_array)?.unwrap_or_default();
        let agents = agents
            .iter()
            .map(|agent| {
                Ok(AgentDispatchClaim {
                    agent_name: claim(agent, "agentName", text)?.unwrap_or_default(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { agents })
    }
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
        let bytes = super::base64url::decode(payload.trim_end_matches('='))
            .ok_or(ClaimProblem::Unreadable)?;
        let utf8 = std::str::from_utf8(&bytes).map_err(|_| ClaimProblem::Unreadable)?;
        let payload = json::parse(utf8).map_err(|_| ClaimProblem::Unreadable)?;
        Ok(TokenClaims {
            exp: claim(&payload, "exp", Value::as_i64)?,
            nbf: claim(&payload, "nbf", Value::as_i64)?,
            sub: claim(&payload, "sub", text)?,
            video: nested(&payload, "video", VideoGrant::read)?,
            room_config: nested(&payload, "roomConfig", RoomConfigClaim::read)?,
        })
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
        let video = self.video.as_ref();
        if video.and_then(|v| v.room_join) != Some(true) {
            problems.push(ClaimProblem::NoRoomJoin);
        }
        if video.and_then(|v| v.can_publish) == Some(false) {
            problems.push(ClaimProblem::CannotPublish);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

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
    fn a_claim_of_the_wrong_type_is_unreadable_and_null_is_absent() {
        for payload in [
            r#"{"exp":"1800000900"}"#,
            r#"{"exp":1800000900.5}"#,
            r#"{"sub":7}"#,
            r#"{"video":[true]}"#,
            r#"{"video":{"roomJoin":"yes"}}"#,
            r#"{"roomConfig":{"agents":{"agentName":"a"}}}"#,
            r#"{"roomConfig":{"agents":[{"agentName":1}]}}"#,
            r#"{"roomConfig":{"agents":["a"]}}"#,
        ] {
            assert_eq!(
                TokenClaims::decode(&token(payload)),
                Err(ClaimProblem::Unreadable),
                "{payload}"
            );
        }
        let nulls = TokenClaims::decode(&token(
            r#"{"exp":null,"sub":null,"video":{"room":null},"roomConfig":{"agents":null},"x":[1]}"#,
        ))
        .expect("decodes");
        assert_eq!(nulls.exp, None);
        assert_eq!(nulls.room(), None);
        assert!(nulls.requested_agents().is_empty());
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
        assert_eq!(
            TokenClaims::decode(&format!("a.{}.c", URL_SAFE_NO_PAD.encode([0xff, b'{']))),
            Err(ClaimProblem::Unreadable),
            "not UTF-8"
        );
        assert!(TokenClaims::decode(&token("{}"))
            .expect("empty object")
            .requested_agents()
            .is_empty());
    }
}
