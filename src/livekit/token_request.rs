//! The token request the widget sends: the protocol crate's type, and its body as sent.
//!
//! Kept apart from the `fetch` in `token_client` (which needs a browser) so the exact bytes are
//! tested natively, here and in the token server's round-trip test.

pub use lkw_protocol::{AgentDispatchRequest, RoomConfigRequest, TokenRequest};

use crate::json::Value;

/// The `room_config` asking for `agent` with `metadata` (the embed options `agent` and
/// `agentMetadata`). Metadata without a name is for the endpoint's default agent, so it goes in
/// an entry with an empty name (our token server dispatches `LK_AGENT_NAME` for it); neither
/// leaves `room_config` out, and the endpoint picks.
pub fn agent_room_config(
    agent: Option<String>,
    metadata: Option<String>,
) -> Option<RoomConfigRequest> {
    if agent.is_none() && metadata.is_none() {
        return None;
    }
    Some(RoomConfigRequest {
        agents: vec![AgentDispatchRequest {
            agent_name: agent.unwrap_or_default(),
            metadata,
        }],
    })
}

/// The JSON body of a POST token request, written by hand: the protocol crate's `Serialize`
/// would link a serialiser into the wasm for one object. Byte for byte what that derive writes
/// (same names, same order, absent fields left out); the tests below compare the two.
pub fn request_body(request: &TokenRequest) -> String {
    let mut members = Vec::new();
    for (name, value) in [
        ("room_name", &request.room_name),
        ("participant_name", &request.participant_name),
        ("participant_identity", &request.participant_identity),
        ("participant_metadata", &request.participant_metadata),
    ] {
        if let Some(value) = value {
            members.push((name, Value::from(value)));
        }
    }
    if !request.participant_attributes.is_empty() {
        let attributes = request
            .participant_attributes
            .iter()
            .map(|(name, value)| (name.as_str(), Value::from(value)))
            .collect();
        members.push(("participant_attributes", Value::object(attributes)));
    }
    if let Some(config) = &request.room_config {
        let agents = config.agents.iter().map(agent_value).collect();
        members.push((
            "room_config",
            Value::object(vec![("agents", Value::Array(agents))]),
        ));
    }
    Value::object(members).to_json()
}

fn agent_value(agent: &AgentDispatchRequest) -> Value {
    let mut members = vec![("agent_name", Value::from(&agent.agent_name))];
    if let Some(metadata) = &agent.metadata {
        members.push(("metadata", Value::from(metadata)));
    }
    Value::object(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_request_is_an_empty_object() {
        assert_eq!(request_body(&TokenRequest::default()), "{}");
    }

    #[test]
    fn the_body_names_only_what_was_set() {
        let mut request = TokenRequest {
            participant_name: Some("Ana".into()),
            room_config: agent_room_config(Some("maria".into()), None),
            ..TokenRequest::default()
        };
        request
            .participant_attributes
            .insert("lang".into(), "de".into());
        assert_eq!(
            request_body(&request),
            r#"{"participant_name":"Ana","participant_attributes":{"lang":"de"},"room_config":{"agents":[{"agent_name":"maria"}]}}"#
        );
    }

    #[test]
    fn agent_metadata_without_a_name_asks_for_the_default_agent() {
        let request = TokenRequest {
            room_config: agent_room_config(None, Some("{\"persona\":\"support\"}".into())),
            ..TokenRequest::default()
        };
        assert_eq!(
            request_body(&request),
            r#"{"room_config":{"agents":[{"agent_name":"","metadata":"{\"persona\":\"support\"}"}]}}"#
        );
        assert_eq!(agent_room_config(None, None), None);
    }

    /// The protocol crate's derive is what the token server reads: every field set, and every
    /// character that needs escaping, must come out the same.
    #[test]
    fn the_body_is_what_the_protocols_serialize_writes() {
        let awkward = "Ana \"María\" \\ \n\t\u{1} 😀";
        let full = TokenRequest {
            room_name: Some("call-support".into()),
            participant_name: Some(awkward.into()),
            participant_identity: Some("ana-42".into()),
            participant_metadata: Some(r#"{"plan":"pro"}"#.into()),
            participant_attributes: [("lang", "de"), ("a\"b", awkward), ("", "")]
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            room_config: Some(RoomConfigRequest {
                agents: vec![
                    AgentDispatchRequest {
                        agent_name: "maria".into(),
                        metadata: Some(awkward.into()),
                    },
                    AgentDispatchRequest::default(),
                ],
            }),
        };
        let empty_config = TokenRequest {
            room_config: Some(RoomConfigRequest::default()),
            ..TokenRequest::default()
        };
        for request in [full, empty_config, TokenRequest::default()] {
            assert_eq!(
                request_body(&request),
                serde_json::to_string(&request).unwrap()
            );
        }
    }
}
