//! The token contract end to end, without a browser: the request exactly as the widget builds
//! and serialises it goes through this server's router (parser, policy, minter), and the
//! server's answers (a token, a 429 with `Retry-After`, `agent_not_allowed`) go through the
//! widget's parser and come out as the typed results the widget acts on.
//!
//! Both sides use `lkw_protocol`, so a renamed field fails here rather than in a visitor's call.

use std::collections::{BTreeMap, HashMap};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use lk_token_server::config::Config;
use lk_token_server::policy::CallPolicy;
use lk_token_server::request::parse_body;
use lk_token_server::token::AgentDispatch;
use lk_voice_widget::livekit::token_response::parse_token_response;
use lk_voice_widget::livekit::{agent_room_config, request_body, TokenEndpointError, TokenRequest};
use lkw_protocol::ErrorCode;
use tower::ServiceExt;

fn config(vars: &[(&str, &str)]) -> Config {
    let mut all: HashMap<&str, &str> = HashMap::from([
        ("LK_ALLOWED_AGENTS", "maria"),
        ("LK_ALLOW_ROOM_NAMES", "1"),
        ("LK_STATIC_DIR", "/nonexistent/lk-token-server-roundtrip"),
    ]);
    all.extend(vars.iter().copied());
    Config::from_lookup(|name| all.get(name).map(|v| (*v).to_owned())).unwrap()
}

/// Everything the widget can put in a request: embed options `agent` and `agentMetadata` (built
/// by the widget's own function), `participantName`, `participantIdentity`,
/// `participantMetadata`, and the `lang` attribute.
fn full_request() -> TokenRequest {
    TokenRequest {
        room_name: Some("call-support".into()),
        participant_name: Some("Ana María".into()),
        participant_identity: Some("ana-42".into()),
        participant_metadata: Some(r#"{"plan":"pro"}"#.into()),
        participant_attributes: BTreeMap::from([("lang".into(), "de".into())]),
        room_config: agent_room_config(Some("maria".into()), Some(r#"{"persona":"nurse"}"#.into())),
    }
}

/// What the server answers for `body`, as the widget's `fetch` reads it: status, content type,
/// `Retry-After` and the body text.
async fn post(app: &Router, body: String) -> (u16, String, Option<String>, String) {
    let request = Request::post("/api/token")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(header::CONTENT_TYPE).unwrap_or_default();
    let retry_after = header(header::RETRY_AFTER);
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    (status, content_type, retry_after, text)
}

#[test]
fn the_widgets_request_arrives_intact() {
    let sent = full_request();
    let body = request_body(&sent);
    let parsed = parse_body(body.as_bytes()).unwrap();
    assert_eq!(parsed, sent, "{body}");

    let call = CallPolicy::new(&config(&[])).resolve(parsed).unwrap();
    assert_eq!(call.room.as_deref(), Some("call-support"));
    assert_eq!(call.name.as_deref(), Some("Ana María"));
    assert_eq!(call.identity.as_deref(), Some("ana-42"));
    assert_eq!(call.metadata.as_deref(), Some(r#"{"plan":"pro"}"#));
    assert_eq!(call.attributes.get("lang").map(String::as_str), Some("de"));
    assert_eq!(
        call.agents,
        vec![AgentDispatch {
            agent_name: "maria".into(),
            metadata: r#"{"persona":"nurse"}"#.into(),
        }]
    );
}

#[test]
fn agent_metadata_without_a_name_goes_to_the_default_agent() {
    let sent = TokenRequest {
        room_config: agent_room_config(None, Some("ctx".into())),
        ..TokenRequest::default()
    };
    let body = request_body(&sent);
    let call = CallPolicy::new(&config(&[]))
        .resolve(parse_body(body.as_bytes()).unwrap())
        .unwrap();
    assert_eq!(
        call.agents,
        vec![AgentDispatch {
            agent_name: "sofia".into(),
            metadata: "ctx".into(),
        }]
    );
}

#[tokio::test]
async fn the_servers_token_is_the_widgets_grant() {
    let app = lk_token_server::app(&config(&[("LIVEKIT_URL", "ws://127.0.0.1:7999")]));
    let (status, content_type, retry_after, text) = post(&app, request_body(&full_request())).await;
    assert_eq!(status, 200, "{text}");
    let grant = parse_token_response(status, &content_type, &text, retry_after.as_deref()).unwrap();
    assert_eq!(grant.server_url.as_deref(), Some("ws://127.0.0.1:7999"));
    assert!(grant.participant_token.starts_with("eyJ"), "{grant:?}");
}

#[tokio::test]
async fn a_refused_agent_is_agent_not_allowed_with_its_name() {
    let app = lk_token_server::app(&config(&[]));
    let mut request = full_request();
    request.room_config.as_mut().unwrap().agents[0].agent_name = "billing".into();
    let (status, content_type, retry_after, text) = post(&app, request_body(&request)).await;
    match parse_token_response(status, &content_type, &text, retry_after.as_deref()) {
        Err(TokenEndpointError::Refused { status, body }) => {
            assert_eq!(status, 403);
            assert_eq!(body.error, ErrorCode::AgentNotAllowed);
            assert_eq!(body.agent.as_deref(), Some("billing"));
            assert!(body.message.contains("\"maria\""), "{}", body.message);
        }
        other => panic!("unexpected {other:?} for {text}"),
    }
}

#[tokio::test]
async fn a_rate_limited_visitor_gets_rate_limited_with_retry_after() {
    let app = lk_token_server::app(&config(&[
        ("LK_RATE_LIMIT_PER_MIN", "1"),
        ("LK_RATE_LIMIT_BURST", "1"),
    ]));
    let body = request_body(&TokenRequest::default());
    assert_eq!(post(&app, body.clone()).await.0, 200);
    let (status, content_type, retry_after, text) = post(&app, body).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS.as_u16(), "{text}");
    match parse_token_response(status, &content_type, &text, retry_after.as_deref()) {
        Err(TokenEndpointError::RateLimited {
            retry_after_s: Some(seconds),
            body_start,
        }) => {
            assert!((1..=60).contains(&seconds), "{seconds}");
            assert!(body_start.contains("rate_limited"), "{body_start}");
        }
        other => panic!("unexpected {other:?} for {text}"),
    }
}

#[tokio::test]
async fn a_coded_refusal_keeps_its_code() {
    let app = lk_token_server::app(&config(&[]));
    let (status, content_type, retry_after, text) =
        post(&app, r#"{"participant_identity": "a b"}"#.into()).await;
    match parse_token_response(status, &content_type, &text, retry_after.as_deref()) {
        Err(TokenEndpointError::Refused { status: 400, body }) => {
            assert_eq!(body.error, ErrorCode::InvalidRequest);
            assert!(
                body.message.contains("participant_identity"),
                "{}",
                body.message
            );
        }
        other => panic!("unexpected {other:?} for {text}"),
    }
}
