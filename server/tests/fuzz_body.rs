//! Property tests: random bodies thrown at the token endpoint never panic and never produce a
//! 5xx; every refusal is a 4xx JSON `{error, message}`, every success a token.
//!
//! Three generators: raw bytes, random JSON built from the request's own field names (so values
//! reach the policy checks, not just the JSON parser), and byte-level mutations of valid bodies.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use lk_token_server::config::Config;
use lk_token_server::policy::CallPolicy;
use lk_token_server::request::parse_body;
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt;

const FIELDS: &[&str] = &[
    "room_name",
    "roomName",
    "participant_name",
    "participantName",
    "participant_identity",
    "participantIdentity",
    "participant_metadata",
    "participantMetadata",
    "participant_attributes",
    "participantAttributes",
    "room_config",
    "roomConfig",
    "agents",
    "agent_name",
    "agentName",
    "metadata",
];

const VALID: &[&str] = &[
    "{}",
    r#"{"participant_name": "Ana", "participant_identity": "ana-1"}"#,
    r#"{"room_name": "call-x", "room_config": {"agents": [{"agent_name": "maria", "metadata": "{\"persona\":\"nurse\"}"}]}}"#,
    r#"{"roomConfig": {"agents": [{"agentName": "sofia"}]}, "participantAttributes": {"lang": "es"}}"#,
];

fn config() -> Config {
    let vars: HashMap<&str, &str> = HashMap::from([
        ("LK_RATE_LIMIT_PER_MIN", "0"),
        ("LK_ALLOWED_AGENTS", "maria"),
        ("LK_ALLOW_ROOM_NAMES", "1"),
        ("LK_STATIC_DIR", "/nonexistent/lk-token-server-fuzz"),
    ]);
    Config::from_lookup(|name| vars.get(name).map(|v| (*v).to_owned())).unwrap()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z0-9_@.:-]{0,12}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
        (0usize..5000).prop_map(|n| Value::String("x".repeat(n))),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            3 => prop::sample::select(FIELDS).prop_map(str::to_owned),
            1 => any::<String>(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Objects whose keys are mostly the request's own fields, so the policy sees typed values.
fn request_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::btree_map(prop::sample::select(FIELDS), json_value(), 0..6).prop_map(|m| {
        let object: serde_json::Map<String, Value> =
            m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        serde_json::to_vec(&Value::Object(object)).unwrap()
    })
}

fn mutated_valid() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(VALID),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    )
        .prop_map(|(valid, edits)| {
            let mut bytes = valid.as_bytes().to_vec();
            for (at, byte, op) in edits {
                let i = at.index(bytes.len() + 1);
                match op {
                    0 => bytes.insert(i, byte),
                    1 if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ if i < bytes.len() => bytes[i] = byte,
                    _ => bytes.push(byte),
                }
            }
            bytes
        })
}

fn any_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        request_like(),
        mutated_valid(),
    ]
}

/// Posts `body` through the whole router in-process and checks the response contract.
fn check_response(
    runtime: &tokio::runtime::Runtime,
    app: &Router,
    body: Vec<u8>,
) -> Result<(), TestCaseError> {
    let (status, content_type, bytes) = runtime.block_on(async {
        let request = Request::post("/api/token")
            .header("content-type", "application/json")
            .body(Body::from(body.clone()))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, content_type, bytes)
    });
    let shown = String::from_utf8_lossy(&body);
    prop_assert!(
        status == StatusCode::OK || status.is_client_error(),
        "status {status} for body {shown:?}"
    );
    prop_assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let json: Value = serde_json::from_slice(&bytes).expect("a JSON body");
    if status == StatusCode::OK {
        prop_assert!(json["participant_token"].is_string(), "{json}");
    } else {
        prop_assert!(json["error"].is_string(), "{json}");
        prop_assert!(
            json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{json}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_parser_and_policy_never_panic_and_refuse_with_4xx(body in any_body()) {
        let policy = CallPolicy::new(&config());
        let outcome = parse_body(&body).and_then(|parsed| policy.resolve(parsed));
        if let Err(e) = outcome {
            prop_assert!(e.status().is_client_error(), "{} for {:?}", e.status(), String::from_utf8_lossy(&body));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_endpoint_answers_every_body_with_a_token_or_a_4xx_json(body in any_body()) {
        thread_local! {
            static FIXTURE: (tokio::runtime::Runtime, Router) = (
                tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap(),
                lk_token_server::app(&config()),
            );
        }
        FIXTURE.with(|(runtime, app)| check_response(runtime, app, body))?;
    }
}
