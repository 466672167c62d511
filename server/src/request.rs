//! The parser that turns a request body into the token request.
//!
//! The shape is [`lkw_protocol::TokenRequest`], LiveKit's standard `TokenSource` contract shared
//! with the widget, so the widget (and any stock LiveKit client) can talk to this server without
//! an adapter. Parsing only checks JSON syntax and types (and that structs are objects, which the
//! protocol types enforce); what the values may be is [`crate::policy`]'s job. The error
//! wording, with the path of the bad field, is the server's.

pub use lkw_protocol::TokenRequest;

use crate::error::ApiError;

/// Blank bodies and JSON `null` both mean "no preferences", since clients differ in which they
/// send when they have nothing to ask for.
pub fn parse_body(body: &[u8]) -> Result<TokenRequest, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(TokenRequest::default());
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed: Option<TokenRequest> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let field = if path == "." {
                "the body".to_owned()
            } else {
                format!("`{path}`")
            };
            ApiError::InvalidRequest(format!("{field}: {inner}"))
        } else {
            ApiError::InvalidJson(inner.to_string())
        }
    })?;
    // Trailing bytes such as `{}{}` mean the client built the body wrong; don't guess.
    de.end().map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    Ok(parsed.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_null_bodies_mean_defaults() {
        for body in ["", "  \n", "{}", "null"] {
            let parsed = parse_body(body.as_bytes()).unwrap();
            assert!(parsed.participant_identity.is_none(), "{body:?}");
        }
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = parse_body(br#"{"room_config": {"agents": [{"agent_name": 3}]}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        assert!(
            err.to_string().contains("room_config.agents[0].agent_name"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_are_invalid_json() {
        for body in ["{", "{\"a\":}", "{}{}", "nope", "\u{feff}{}"] {
            assert_eq!(
                parse_body(body.as_bytes()).unwrap_err().code(),
                "invalid_json",
                "{body}"
            );
        }
    }

    #[test]
    fn non_object_json_is_invalid_request() {
        assert_eq!(parse_body(b"[]").unwrap_err().code(), "invalid_request");
        assert_eq!(
            parse_body(b" [\"room\"]").unwrap_err().code(),
            "invalid_request"
        );
        assert_eq!(parse_body(b"\"x\"").unwrap_err().code(), "invalid_request");
    }

    #[test]
    fn nested_arrays_are_not_read_as_structs() {
        for body in [
            r#"{"room_config": [[{"agent_name": "x"}]]}"#,
            r#"{"room_config": {"agents": [["x", "md"]]}}"#,
            r#"{"roomConfig": [null]}"#,
        ] {
            let err = parse_body(body.as_bytes()).unwrap_err();
            assert_eq!(err.code(), "invalid_request", "{body}");
            assert!(err.to_string().contains("a JSON object"), "{body}: {err}");
        }
        let err = parse_body(br#"{"room_config": {"agents": [{}, ["x"]]}}"#).unwrap_err();
        assert!(err.to_string().contains("room_config.agents[1]"), "{err}");
        let parsed = parse_body(br#"{"room_config": null}"#).unwrap();
        assert!(parsed.room_config.is_none());
        let parsed = parse_body(br#"{"room_config": {"agents": null}}"#).unwrap();
        assert!(parsed.room_config.unwrap().agents.is_empty());
    }

    #[test]
    fn camel_case_aliases_and_duplicates() {
        let parsed =
            parse_body(br#"{"roomConfig": {"agents": [{"agentName": "a"}]}, "roomName": "r"}"#)
                .unwrap();
        assert_eq!(parsed.room_name.as_deref(), Some("r"));
        // Both spellings of one field is ambiguous: refuse rather than pick one.
        let err = parse_body(br#"{"room_name": "a", "roomName": "b"}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
    }
}
