//! The token request the widget sends: the protocol crate's type, and its body as sent.
//!
//! Kept apart from the `fetch` in `token_client` (which needs a browser) so the exact bytes are
//! tested natively, here and in the token server's round-trip test.

pub use lkw_protocol::{AgentDispatchRequest, RoomConfigRequest, TokenRequest};

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

/// The JSON body of a POST token request.
pub fn request_body(request: &TokenRequest) -> Result<String, serde_json::Error> {
    serde_json::to_string(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_request_is_an_empty_object() {
        assert_eq!(request_body(&TokenRequest::default()).unwrap(), "{}");
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
            request_body(&request).unwrap(),
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
            request_body(&request).unwrap(),
            r#"{"room_config":{"agents":[{"agent_name":"","metadata":"{\"persona\":\"support\"}"}]}}"#
        );
        assert_eq!(agent_room_config(None, None), None);
    }
}
