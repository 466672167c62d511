//! What a caller may ask for: the owner's rules applied to a parsed request.
//!
//! - Room: a fresh one per call, unless the owner set `LK_ALLOW_ROOM_NAMES` and the caller named
//!   one inside the `LK_ROOM_PREFIX` namespace (so callers can't join unrelated rooms of the same
//!   LiveKit project).
//! - Agents: only names on the owner's allowlist; the default agent when none is named. The agent
//!   name decides which worker, prompt, voice and bill answer, so it is not the caller's choice.
//! - Every string is checked by [`crate::validate`].

use std::collections::HashMap;

use lkw_protocol::{AgentDispatchRequest, TokenRequest};

use crate::config::Config;
use crate::error::ApiError;
use crate::token::{AgentDispatch, CallRequest};
use crate::validate::{self, Invalid};

#[derive(Debug, Clone)]
pub struct CallPolicy {
    /// The default agent first.
    allowed_agents: Vec<String>,
    room_prefix: String,
    allow_room_names: bool,
}

impl CallPolicy {
    pub fn new(config: &Config) -> Self {
        Self {
            allowed_agents: config.allowed_agents.clone(),
            room_prefix: config.room_prefix.clone(),
            allow_room_names: config.allow_room_names,
        }
    }

    pub fn default_agent(&self) -> &str {
        &self.allowed_agents[0]
    }

    pub fn resolve(&self, body: TokenRequest) -> Result<CallRequest, ApiError> {
        let room = self.room(non_empty(body.room_name))?;
        let identity = non_empty(body.participant_identity);
        if let Some(identity) = &identity {
            validate::identity("participant_identity", identity).map_err(invalid)?;
        }
        let name = non_empty(body.participant_name);
        if let Some(name) = &name {
            validate::display_name("participant_name", name).map_err(invalid)?;
        }
        let metadata = non_empty(body.participant_metadata);
        if let Some(metadata) = &metadata {
            validate::metadata("participant_metadata", metadata).map_err(invalid)?;
        }
        let attributes: HashMap<String, String> = body.participant_attributes.into_iter().collect();
        validate::attributes("participant_attributes", &attributes).map_err(invalid)?;
        let agents = self.agents(body.room_config.map(|rc| rc.agents).unwrap_or_default())?;

        validate::client_data_budget(data_bytes(metadata.as_deref(), &attributes, &agents))
            .map_err(invalid)?;
        Ok(CallRequest {
            room,
            identity,
            name,
            metadata,
            attributes,
            agents,
        })
    }

    fn room(&self, requested: Option<String>) -> Result<Option<String>, ApiError> {
        let Some(room) = requested else {
            return Ok(None);
        };
        // Checked even when it will be ignored: garbage is refused the same way everywhere.
        validate::room_name("room_name", &room).map_err(invalid)?;
        if !self.allow_room_names {
            tracing::debug!(
                requested_room = ?room,
                "ignoring requested room_name; each call gets a fresh room (LK_ALLOW_ROOM_NAMES)"
            );
            return Ok(None);
        }
        if room.len() <= self.room_prefix.len() || !room.starts_with(&self.room_prefix) {
            return Err(invalid(Invalid::new(
                "room_name",
                format!(
                    "must start with {:?} followed by at least one character; this server only \
                     hands out rooms in that namespace",
                    self.room_prefix
                ),
            )));
        }
        Ok(Some(room))
    }

    fn agents(&self, requested: Vec<AgentDispatchRequest>) -> Result<Vec<AgentDispatch>, ApiError> {
        if requested.is_empty() {
            return Ok(vec![AgentDispatch {
                agent_name: self.default_agent().to_owned(),
                metadata: String::new(),
            }]);
        }
        let mut agents: Vec<AgentDispatch> = Vec::with_capacity(requested.len().min(8));
        for (i, agent) in requested.into_iter().enumerate() {
            // An unnamed or blank-named dispatch means "the default agent".
            let agent_name = non_empty(Some(agent.agent_name))
                .unwrap_or_else(|| self.default_agent().to_owned());
            let field = format!("room_config.agents[{i}].agent_name");
            validate::agent_name(&field, &agent_name).map_err(invalid)?;
            if !self.allowed_agents.contains(&agent_name) {
                tracing::info!(requested = ?agent_name, "refused dispatch of an agent not on the allowlist");
                return Err(ApiError::AgentNotAllowed {
                    requested: agent_name,
                    allowed: self.allowed_agents.clone(),
                });
            }
            if agents.iter().any(|a| a.agent_name == agent_name) {
                return Err(invalid(Invalid::new(
                    field,
                    format!("asks for {agent_name:?} a second time; each agent is dispatched once"),
                )));
            }
            let metadata = agent.metadata.unwrap_or_default();
            validate::metadata(&format!("room_config.agents[{i}].metadata"), &metadata)
                .map_err(invalid)?;
            agents.push(AgentDispatch {
                agent_name,
                metadata,
            });
        }
        Ok(agents)
    }
}

fn invalid(e: Invalid) -> ApiError {
    ApiError::InvalidRequest(e.to_string())
}

/// Protobuf-JSON clients send `""` for unset strings, so empty means absent.
fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

fn data_bytes(
    metadata: Option<&str>,
    attributes: &HashMap<String, String>,
    agents: &[AgentDispatch],
) -> usize {
    metadata.map_or(0, str::len)
        + attributes
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>()
        + agents.iter().map(|a| a.metadata.len()).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::parse_body;
    use lkw_protocol::RoomConfigRequest;

    fn policy(vars: &[(&str, &str)]) -> CallPolicy {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        CallPolicy::new(&Config::from_lookup(|n| vars.get(n).cloned()).unwrap())
    }

    fn resolve(p: &CallPolicy, body: &str) -> Result<CallRequest, ApiError> {
        p.resolve(parse_body(body.as_bytes()).unwrap())
    }

    fn agent(name: Option<&str>, md: Option<&str>) -> AgentDispatchRequest {
        AgentDispatchRequest {
            agent_name: name.unwrap_or_default().into(),
            metadata: md.map(Into::into),
        }
    }

    #[test]
    fn defaults_dispatch_the_default_agent_to_a_fresh_room() {
        let r = resolve(&policy(&[]), "{}").unwrap();
        assert_eq!(r.room, None);
        assert_eq!(
            r.agents,
            vec![AgentDispatch {
                agent_name: "sofia".into(),
                metadata: String::new()
            }]
        );
        let r = resolve(&policy(&[]), r#"{"room_config": {"agents": []}}"#).unwrap();
        assert_eq!(r.agents.len(), 1);
    }

    #[test]
    fn agents_must_be_on_the_allowlist() {
        let p = policy(&[("LK_ALLOWED_AGENTS", "maria")]);
        let body = |agents| TokenRequest {
            room_config: Some(RoomConfigRequest { agents }),
            ..TokenRequest::default()
        };
        let r = p
            .resolve(body(vec![
                agent(Some("maria"), Some("{\"persona\":\"nurse\"}")),
                agent(None, None),
            ]))
            .unwrap();
        assert_eq!(r.agents[0].agent_name, "maria");
        assert_eq!(r.agents[0].metadata, "{\"persona\":\"nurse\"}");
        assert_eq!(r.agents[1].agent_name, "sofia");

        let err = p.resolve(body(vec![agent(Some("bob"), None)])).unwrap_err();
        assert_eq!(err.code(), "agent_not_allowed");
        let err = p
            .resolve(body(vec![agent(Some("b ob"), None)]))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        let err = p
            .resolve(body(vec![
                agent(Some(""), None),
                agent(Some("sofia"), None),
            ]))
            .unwrap_err();
        assert!(err.to_string().contains("second time"), "{err}");
        let big = "x".repeat(validate::MAX_METADATA_BYTES + 1);
        let err = p.resolve(body(vec![agent(None, Some(&big))])).unwrap_err();
        assert!(
            err.to_string().contains("room_config.agents[0].metadata"),
            "{err}"
        );
    }

    #[test]
    fn room_names_need_the_opt_in_and_the_prefix() {
        let closed = policy(&[]);
        assert_eq!(
            resolve(&closed, r#"{"room_name": "call-x"}"#).unwrap().room,
            None
        );
        assert!(resolve(&closed, r#"{"room_name": "a b"}"#).is_err());

        let open = policy(&[("LK_ALLOW_ROOM_NAMES", "1")]);
        assert_eq!(
            resolve(&open, r#"{"room_name": "call-support"}"#)
                .unwrap()
                .room
                .as_deref(),
            Some("call-support")
        );
        for bad in ["support", "call-", "call-a/b"] {
            let body = format!(r#"{{"room_name": "{bad}"}}"#);
            assert_eq!(
                resolve(&open, &body).unwrap_err().code(),
                "invalid_request",
                "{bad}"
            );
        }
        let anything = policy(&[("LK_ALLOW_ROOM_NAMES", "1"), ("LK_ROOM_PREFIX", "")]);
        assert_eq!(
            resolve(&anything, r#"{"room_name": "support"}"#)
                .unwrap()
                .room
                .as_deref(),
            Some("support")
        );
    }

    #[test]
    fn participant_fields_are_validated() {
        let p = policy(&[]);
        for body in [
            r#"{"participant_identity": "a b"}"#,
            r#"{"participant_name": "a\u202eb"}"#,
            r#"{"participant_attributes": {"lk.agent.state": "x"}}"#,
        ] {
            assert_eq!(
                resolve(&p, body).unwrap_err().code(),
                "invalid_request",
                "{body}"
            );
        }
        // Empty strings are "not given", as protobuf JSON clients send them.
        let r = resolve(
            &p,
            r#"{"participant_identity": "", "participant_name": ""}"#,
        )
        .unwrap();
        assert!(r.identity.is_none() && r.name.is_none());
    }

    #[test]
    fn the_free_form_fields_share_a_budget() {
        let p = policy(&[]);
        let md = "m".repeat(2000);
        let attrs: HashMap<String, String> =
            (0..4).map(|i| (format!("k{i}"), "v".repeat(500))).collect();
        let body = serde_json::json!({
            "participant_metadata": md,
            "participant_attributes": attrs,
            "room_config": {"agents": [{"metadata": "a".repeat(100)}]},
        });
        let err = resolve(&p, &body.to_string()).unwrap_err();
        assert!(err.to_string().contains("WebSocket URL"), "{err}");
    }
}
