//! The token request as it arrives on the wire, and the parser that turns bytes into it.
//!
//! The shape follows LiveKit's standard `TokenSource` endpoint contract, so the widget (and any
//! stock LiveKit client) can talk to this server without an adapter. Parsing only checks JSON
//! syntax and types; what the values may be is [`crate::policy`]'s job.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::ApiError;

/// The TokenSource request. Every field is optional and an empty body means "all defaults".
/// The standard names are snake_case; camelCase aliases exist because some LiveKit SDK versions
/// and hand-written clients serialise protobuf JSON names. Unknown fields are ignored so that
/// newer clients adding fields keep working.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenRequestBody {
    #[serde(alias = "roomName")]
    pub room_name: Option<String>,
    #[serde(alias = "participantName")]
    pub participant_name: Option<String>,
    #[serde(alias = "participantIdentity")]
    pub participant_identity: Option<String>,
    #[serde(alias = "participantMetadata")]
    pub participant_metadata: Option<String>,
    #[serde(alias = "participantAttributes")]
    pub participant_attributes: Option<HashMap<String, String>>,
    #[serde(alias = "roomConfig", deserialize_with = "object_or_null")]
    pub room_config: Option<RoomConfigBody>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoomConfigBody {
    #[serde(deserialize_with = "objects_or_null")]
    pub agents: Option<Vec<AgentDispatchBody>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgentDispatchBody {
    #[serde(alias = "agentName")]
    pub agent_name: Option<String>,
    pub metadata: Option<String>,
}

/// The success body: exactly LiveKit's standard response.
#[derive(Debug, Serialize)]
pub struct TokenResponseBody {
    pub server_url: String,
    pub participant_token: String,
}

/// Blank bodies and JSON `null` both mean "no preferences", since clients differ in which they
/// send when they have nothing to ask for.
pub fn parse_body(body: &[u8]) -> Result<TokenRequestBody, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(TokenRequestBody::default());
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed: Option<Object<TokenRequestBody>> = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| {
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
    Ok(parsed.map(|o| o.0).unwrap_or_default())
}

/// A struct that must arrive as a JSON object. serde's derived struct impls also accept an array
/// and fill fields by position, so `["x"]` would silently become a room name; the contract says
/// object, so only a map is accepted. The map goes through the caller's `MapAccess`, so
/// `serde_path_to_error` still reports the full path of a bad field inside.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

fn object_or_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Object<T>>::deserialize(deserializer)?.map(|o| o.0))
}

fn objects_or_null<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<Object<T>>>::deserialize(deserializer)?
        .map(|list| list.into_iter().map(|o| o.0).collect()))
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
        assert!(parsed.room_config.unwrap().agents.is_none());
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
