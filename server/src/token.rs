//! Minting LiveKit access tokens for one voice call.
//!
//! The grants are fixed here (least privilege for a voice call); which room, identity and agents
//! a caller may have was decided by [`crate::policy`], which hands over a [`CallRequest`].

use std::collections::HashMap;
use std::time::Duration;

use livekit_protocol::{RoomAgentDispatch, RoomConfiguration};
use livekit_token::{AccessToken, VideoGrants};

use crate::config::{ApiSecret, Config};

/// Identities we generate start with this, so generated and client-chosen ones are easy to tell
/// apart in the LiveKit dashboard.
const GENERATED_IDENTITY_PREFIX: &str = "user-";

/// 16 characters of a 32-symbol alphabet is 80 bits: room names never collide in practice, and
/// can't be guessed to join someone else's call.
const ROOM_SUFFIX_LEN: usize = 16;
const IDENTITY_SUFFIX_LEN: usize = 12;

/// Lowercase letters and digits without the look-alikes i, l, o, u, so names read back correctly
/// over the phone or from a screenshot of the dashboard.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// The widget is voice only: restricting publish sources means a leaked token can't be used to
/// stream a camera or a screen into the agent's room.
const PUBLISH_SOURCES: &[&str] = &["microphone"];

/// A validated request for one call. `None` means "generate one".
#[derive(Debug, Default, Clone)]
pub struct CallRequest {
    /// A fixed room the owner allowed; otherwise a fresh room is created.
    pub room: Option<String>,
    pub identity: Option<String>,
    pub name: Option<String>,
    pub metadata: Option<String>,
    pub attributes: HashMap<String, String>,
    /// The agents to dispatch into the room when it is created.
    pub agents: Vec<AgentDispatch>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentDispatch {
    pub agent_name: String,
    /// Passed to the agent's job (e.g. persona, scenario, page context); may be empty.
    pub metadata: String,
}

/// A signed token plus the facts about it worth logging.
#[derive(Debug, Clone)]
pub struct MintedToken {
    pub jwt: String,
    pub room: String,
    pub identity: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MintError {
    #[error("the operating system's random number generator failed: {0}")]
    Random(getrandom::Error),
    #[error("signing the token failed: {0}")]
    Sign(#[from] livekit_token::AccessTokenError),
}

/// Holds the signing key and the per-deployment policy; cheap to share behind an `Arc`.
#[derive(Debug, Clone)]
pub struct TokenMinter {
    api_key: String,
    api_secret: ApiSecret,
    room_prefix: String,
    ttl: Duration,
}

impl TokenMinter {
    pub fn new(config: &Config) -> Self {
        Self {
            api_key: config.api_key.clone(),
            api_secret: config.api_secret.clone(),
            room_prefix: config.room_prefix.clone(),
            ttl: config.token_ttl,
        }
    }

    /// Mints a token, for a brand-new room unless the request carries an allowed fixed room.
    /// Fresh rooms matter: LiveKit applies the token's `roomConfig` (and so the agent dispatch)
    /// only when the room is created, and silently ignores it when the room already exists.
    pub fn mint(&self, request: CallRequest) -> Result<MintedToken, MintError> {
        let room = match request.room {
            Some(room) => room,
            None => format!(
                "{}{}",
                self.room_prefix,
                random_suffix(ROOM_SUFFIX_LEN).map_err(MintError::Random)?
            ),
        };
        let identity = match request.identity {
            Some(identity) => identity,
            None => format!(
                "{GENERATED_IDENTITY_PREFIX}{}",
                random_suffix(IDENTITY_SUFFIX_LEN).map_err(MintError::Random)?
            ),
        };

        let grants = VideoGrants {
            room_join: true,
            room: room.clone(),
            can_publish: Some(true),
            can_subscribe: Some(true),
            can_publish_data: Some(true),
            can_publish_sources: PUBLISH_SOURCES.iter().map(|s| (*s).to_owned()).collect(),
            ..VideoGrants::default()
        };
        let room_config = RoomConfiguration {
            agents: request
                .agents
                .into_iter()
                .map(|agent| RoomAgentDispatch {
                    agent_name: agent.agent_name,
                    metadata: agent.metadata,
                    ..RoomAgentDispatch::default()
                })
                .collect(),
            ..RoomConfiguration::default()
        };

        let mut token = AccessToken::with_api_key(&self.api_key, self.api_secret.expose())
            .with_ttl(self.ttl)
            .with_identity(&identity)
            .with_grants(grants)
            .with_room_config(room_config);
        if let Some(name) = &request.name {
            token = token.with_name(name);
        }
        if let Some(metadata) = &request.metadata {
            token = token.with_metadata(metadata);
        }
        if !request.attributes.is_empty() {
            token = token.with_attributes(request.attributes);
        }

        Ok(MintedToken {
            jwt: token.to_jwt()?,
            room,
            identity,
        })
    }
}

/// Uses the OS generator directly so a failure becomes a 500 instead of a panic.
fn random_suffix(len: usize) -> Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes)?;
    // 256 is a multiple of 32, so masking keeps every symbol equally likely.
    Ok(bytes
        .into_iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use livekit_token::TokenVerifier;

    fn minter() -> TokenMinter {
        let config = Config::from_lookup(|_| None).expect("defaults are valid");
        TokenMinter::new(&config)
    }

    fn sofia(metadata: &str) -> AgentDispatch {
        AgentDispatch {
            agent_name: "sofia".into(),
            metadata: metadata.into(),
        }
    }

    #[test]
    fn rooms_are_fresh_and_prefixed() {
        let m = minter();
        let a = m.mint(CallRequest::default()).unwrap();
        let b = m.mint(CallRequest::default()).unwrap();
        assert_ne!(a.room, b.room);
        assert!(a.room.starts_with("call-"));
        assert_eq!(a.room.len(), "call-".len() + ROOM_SUFFIX_LEN);
        assert!(a.identity.starts_with("user-"));
        assert_ne!(a.identity, b.identity);
    }

    #[test]
    fn token_carries_the_policy() {
        let m = minter();
        let minted = m
            .mint(CallRequest {
                identity: Some("ana".into()),
                name: Some("Ana".into()),
                metadata: Some("{\"plan\":\"pro\"}".into()),
                attributes: HashMap::from([("lang".into(), "es".into())]),
                agents: vec![sofia("ctx")],
                ..CallRequest::default()
            })
            .unwrap();
        let claims = TokenVerifier::with_api_key("devkey", "secret")
            .verify(&minted.jwt)
            .unwrap();
        assert_eq!(claims.sub, "ana");
        assert_eq!(claims.name, "Ana");
        assert_eq!(claims.metadata, "{\"plan\":\"pro\"}");
        assert_eq!(
            claims.attributes.get("lang").map(String::as_str),
            Some("es")
        );
        assert_eq!(claims.video.room, minted.room);
        assert!(claims.video.room_join);
        assert!(!claims.video.room_create && !claims.video.room_admin && !claims.video.room_list);
        assert!(!claims.video.hidden && !claims.video.recorder && !claims.video.agent);
        assert_eq!(claims.video.can_publish_sources, vec!["microphone"]);
        // nbf and exp are stamped by two clock reads, which may straddle a second boundary.
        assert!((900..=901).contains(&(claims.exp - claims.nbf)));
        let agents = claims.room_config.unwrap().agents;
        assert_eq!(agents.len(), 1);
        assert_eq!(agents[0].agent_name, "sofia");
        assert_eq!(agents[0].metadata, "ctx");
    }

    #[test]
    fn a_fixed_room_is_used_as_given() {
        let minted = minter()
            .mint(CallRequest {
                room: Some("call-support".into()),
                ..CallRequest::default()
            })
            .unwrap();
        assert_eq!(minted.room, "call-support");
    }

    #[test]
    fn several_or_no_agents() {
        let m = minter();
        let verify = |jwt: &str| {
            TokenVerifier::with_api_key("devkey", "secret")
                .verify(jwt)
                .unwrap()
        };
        let two = m
            .mint(CallRequest {
                agents: vec![
                    sofia("a"),
                    AgentDispatch {
                        agent_name: "maria".into(),
                        metadata: String::new(),
                    },
                ],
                ..CallRequest::default()
            })
            .unwrap();
        let agents = verify(&two.jwt).room_config.unwrap().agents;
        assert_eq!(agents.len(), 2);
        assert_eq!(agents[1].agent_name, "maria");
        let none = m.mint(CallRequest::default()).unwrap();
        let rc = verify(&none.jwt).room_config.unwrap_or_default();
        assert!(rc.agents.is_empty());
    }

    #[test]
    fn random_suffix_uses_only_the_alphabet() {
        let s = random_suffix(256).unwrap();
        assert!(s.bytes().all(|b| ALPHABET.contains(&b)));
    }
}
