//! The token request the widget sends: the protocol crate's type, and its body as sent.
//!
//! Kept apart from the `fetch` in `token_client` (which needs a browser) so the exact bytes are
//! tested natively, here and in the token server's round-trip test.

pub use lkw_protocol::{AgentDispatchRequest, RoomConfigRequest, TokenRequest};

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
            room_config: Some(RoomConfigRequest {
                agents: vec![AgentDispatchRequest {
                    agent_name: "maria".into(),
                    metadata: None,
                }],
            }),
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
        // What the embed options `agentMetadata` without `agent` build: an empty name, which
        // the token server reads as its default agent (LK_AGENT_NAME).
        let request = TokenRequest {
            room_config: Some(RoomConfigRequest {
                agents: vec![AgentDispatchRequest {
                    agent_name: String::new(),
                    metadata: Some("{\"persona\":\"support\"}".into()),
                }],
            }),
            ..TokenRequest::default()
        };
        assert_eq!(
            request_body(&request).unwrap(),
            r#"{"room_config":{"agents":[{"agent_name":"","metadata":"{\"persona\":\"support\"}"}]}}"#
        );
    }
}
