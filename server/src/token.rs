//! Minting LiveKit access tokens for one voice call.
//!
//! Policy lives here, not in the HTTP layer: which room, which identity, which grants and which
//! agent. The handler only translates the wire request into a [`CallRequest`].

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

/// What the caller may choose about their own participant. Everything else is server policy.
#[derive(Debug, Default, Clone)]
pub struct CallRequest {
    pub identity: Option<String>,
    pub name: Option<String>,
    pub metadata: Option<String>,
    pub attributes: HashMap<String, String>,
    /// Passed to the agent's job as dispatch metadata (e.g. language, page context).
    pub agent_metadata: Option<String>,
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
    agent_name: String,
    room_prefix: String,
    ttl: Duration,
}

impl TokenMinter {
    pub fn new(config: &Config) -> Self {
        Self {
            api_key: config.api_key.clone(),
            api_secret: config.api_secret.clone(),
            agent_name: config.agent_name.clone(),
            room_prefix: config.room_prefix.clone(),
            ttl: config.token_ttl,
        }
    }

    pub fn agent_name(&self) -> &str {
        &self.agent_name
    }

    /// Mints a token for a brand-new room. The room must be new every time: LiveKit applies the
    /// token's `roomConfig` (and so the agent dispatch) only when the room is created, and
    /// silently ignores it when the room already exists.
    pub fn mint(&self, request: CallRequest) -> Result<MintedToken, MintError> {
        let room = format!(
            "{}{}",
            self.room_prefix,
            random_suffix(ROOM_SUFFIX_LEN).map_err(MintError::Random)?
        );
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
            agents: vec![RoomAgentDispatch {
                agent_name: self.agent_name.clone(),
                metadata: request.agent_metadata.unwrap_or_default(),
                ..RoomAgentDispatch::default()
            }],
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
                agent_metadata: Some("ctx".into()),
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
        assert!(!claims.video.room_create && !claims.video.room_admin);
        assert_eq!(claims.video.can_publish_sources, vec!["microphone"]);
        // nbf and exp are stamped by two clock reads, which may straddle a second boundary.
        assert!((900..=901).contains(&(claims.exp - claims.nbf)));
        let agents = claims.room_config.unwrap().agents;
        assert_eq!(agents.len(), 1);
        assert_eq!(agents[0].agent_name, "sofia");
        assert_eq!(agents[0].metadata, "ctx");
    }

    #[test]
    fn random_suffix_uses_only_the_alphabet() {
        let s = random_suffix(256).unwrap();
        assert!(s.bytes().all(|b| ALPHABET.contains(&b)));
    }
}
