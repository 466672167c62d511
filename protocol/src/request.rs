//! LiveKit's standard `TokenSource` request: what the widget sends and the server parses.
//!
//! Every field is optional. The standard names are snake_case; camelCase aliases are read
//! because some LiveKit SDK versions and hand-written clients send protobuf JSON names. Unknown
//! fields are ignored so that newer clients adding fields keep working. Parsing only checks JSON
//! types; what the values may be is the token server's policy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::object::{json_object, null_as_default};

/// The request body. Absent fields are left out when serialised, so an endpoint that does not
/// know a field never sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default)]
pub struct TokenRequest {
    #[serde(alias = "roomName", skip_serializing_if = "Option::is_none")]
    pub room_name: Option<String>,
    #[serde(alias = "participantName", skip_serializing_if = "Option::is_none")]
    pub participant_name: Option<String>,
    #[serde(alias = "participantIdentity", skip_serializing_if = "Option::is_none")]
    pub participant_identity: Option<String>,
    #[serde(alias = "participantMetadata", skip_serializing_if = "Option::is_none")]
    pub participant_metadata: Option<String>,
    /// Ordered, so the serialised body is the same on every run.
    #[serde(
        alias = "participantAttributes",
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub participant_attributes: BTreeMap<String, String>,
    #[serde(alias = "roomConfig", skip_serializing_if = "Option::is_none")]
    pub room_config: Option<RoomConfigRequest>,
}

/// `room_config` of the request: which agents to dispatch into the room.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default)]
pub struct RoomConfigRequest {
    #[serde(deserialize_with = "null_as_default")]
    pub agents: Vec<AgentDispatchRequest>,
}

/// One agent to dispatch. An empty `agent_name` asks for the endpoint's default agent (our token
/// server: `LK_AGENT_NAME`); it is still sent, as LiveKit's protobuf has it as a plain string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default)]
pub struct AgentDispatchRequest {
    #[serde(alias = "agentName", deserialize_with = "null_as_default")]
    pub agent_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

json_object!(TokenRequest);
json_object!(RoomConfigRequest);
json_object!(AgentDispatchRequest);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: &str) -> Result<TokenRequest, serde_json::Error> {
        serde_json::from_str(body)
    }

    #[test]
    fn absent_fields_are_left_out() {
        assert_eq!(
            serde_json::to_string(&TokenRequest::default()).unwrap(),
            "{}"
        );
        let request = TokenRequest {
            participant_name: Some("Ana".into()),
            room_config: Some(RoomConfigRequest {
                agents: vec![AgentDispatchRequest {
                    agent_name: String::new(),
                    metadata: None,
                }],
            }),
            ..TokenRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"participant_name": "Ana", "room_config": {"agents": [{"agent_name": ""}]}})
        );
    }

    #[test]
    fn what_is_serialised_parses_back_the_same() {
        let request = TokenRequest {
            room_name: Some("call-x".into()),
            participant_name: Some("Ana".into()),
            participant_identity: Some("ana-1".into()),
            participant_metadata: Some("{\"plan\":\"pro\"}".into()),
            participant_attributes: BTreeMap::from([("lang".into(), "de".into())]),
            room_config: Some(RoomConfigRequest {
                agents: vec![AgentDispatchRequest {
                    agent_name: "maria".into(),
                    metadata: Some("{\"persona\":\"nurse\"}".into()),
                }],
            }),
        };
        let body = serde_json::to_string(&request).unwrap();
        assert_eq!(parse(&body).unwrap(), request);
    }

    #[test]
    fn camel_case_names_are_read_and_unknown_fields_ignored() {
        let parsed = parse(
            r#"{"roomName": "r", "participantAttributes": {"a": "b"}, "future": 1,
                "roomConfig": {"agents": [{"agentName": "a", "metadata": "m"}]}}"#,
        )
        .unwrap();
        assert_eq!(parsed.room_name.as_deref(), Some("r"));
        assert_eq!(parsed.participant_attributes["a"], "b");
        assert_eq!(parsed.room_config.unwrap().agents[0].agent_name, "a");
        // Both spellings of one field is ambiguous.
        assert!(parse(r#"{"room_name": "a", "roomName": "b"}"#).is_err());
    }

    #[test]
    fn structs_must_be_objects() {
        for body in [
            "[]",
            r#"["room"]"#,
            r#"{"room_config": [[{"agent_name": "x"}]]}"#,
            r#"{"room_config": {"agents": [["x", "md"]]}}"#,
            r#"{"roomConfig": [null]}"#,
        ] {
            let err = parse(body).unwrap_err();
            assert!(err.to_string().contains("a JSON object"), "{body}: {err}");
        }
    }

    #[test]
    fn null_means_not_given() {
        let parsed =
            parse(r#"{"room_name": null, "participant_attributes": null, "room_config": null}"#)
                .unwrap();
        assert_eq!(parsed, TokenRequest::default());
        let parsed = parse(r#"{"room_config": {"agents": null}}"#).unwrap();
        assert!(parsed.room_config.unwrap().agents.is_empty());
        let parsed = parse(r#"{"room_config": {"agents": [{"agent_name": null}]}}"#).unwrap();
        assert_eq!(parsed.room_config.unwrap().agents[0].agent_name, "");
    }

    #[test]
    fn wrong_types_are_errors() {
        for body in [
            r#"{"room_name": 3}"#,
            r#"{"participant_attributes": {"a": 1}}"#,
            r#"{"room_config": {"agents": [{"agent_name": 3}]}}"#,
        ] {
            assert!(parse(body).is_err(), "{body}");
        }
    }
}
