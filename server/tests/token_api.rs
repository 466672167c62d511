//! POST /api/token over real HTTP: the success shape, the token's contents, and every error.

mod common;

use common::{decode_claims, error_of, TestServer, SECRET};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn ok_token(server: &TestServer, body: &str) -> (Value, Value) {
    let resp = server.post_token(body.to_owned()).await;
    assert_eq!(resp.status(), StatusCode::OK, "body {body:?}");
    assert_eq!(
        resp.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let json: Value = resp.json().await.expect("JSON response");
    let token = json["participant_token"]
        .as_str()
        .expect("participant_token is a string");
    let claims = decode_claims(token, SECRET);
    (json, claims)
}

#[tokio::test]
async fn empty_body_gets_a_token_with_the_default_policy() {
    let server = TestServer::start(&[]).await;
    let (json, claims) = ok_token(&server, "").await;

    assert_eq!(json["server_url"], "ws://127.0.0.1:7880");
    assert_eq!(json.as_object().map(|o| o.len()), Some(2), "{json}");

    let sub = claims["sub"].as_str().unwrap();
    assert!(
        sub.starts_with("user-") && sub.len() > "user-".len(),
        "{sub}"
    );
    assert_eq!(claims["iss"], common::API_KEY);

    let video = &claims["video"];
    let room = video["room"].as_str().unwrap();
    assert!(
        room.starts_with("call-") && room.len() > "call-".len(),
        "{room}"
    );
    assert_eq!(video["roomJoin"], true);
    assert_eq!(video["canPublish"], true);
    assert_eq!(video["canSubscribe"], true);
    assert_eq!(video["canPublishData"], true);
    assert_eq!(video["canPublishSources"], json!(["microphone"]));
    assert!(video.get("roomAdmin").is_none() && video.get("roomCreate").is_none());

    let ttl = claims["exp"].as_i64().unwrap() - claims["nbf"].as_i64().unwrap();
    assert!((900..=901).contains(&ttl), "exp - nbf = {ttl}");

    let agents = &claims["roomConfig"]["agents"];
    assert_eq!(agents.as_array().map(Vec::len), Some(1), "{claims}");
    assert_eq!(agents[0]["agentName"], "sofia");
    assert!(agents[0].get("metadata").is_none());

    server.stop().await.unwrap();
}

#[tokio::test]
async fn empty_object_and_null_are_valid_too() {
    let server = TestServer::start(&[]).await;
    ok_token(&server, "{}").await;
    ok_token(&server, "null").await;
    // No content-type at all, as a bare `fetch(url, {method: 'POST'})` sends.
    let resp = server
        .client
        .post(server.url("/api/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_call_gets_a_fresh_room() {
    let server = TestServer::start(&[]).await;
    let body = r#"{"room_name": "shared", "participant_identity": "ana"}"#;
    let (_, a) = ok_token(&server, body).await;
    let (_, b) = ok_token(&server, body).await;
    assert_ne!(a["video"]["room"], b["video"]["room"]);
    assert_ne!(
        a["video"]["room"], "shared",
        "requested room names are ignored unless LK_ALLOW_ROOM_NAMES is set"
    );
}

#[tokio::test]
async fn fixed_rooms_are_an_opt_in_within_the_prefix() {
    let server = TestServer::start(&[("LK_ALLOW_ROOM_NAMES", "1")]).await;
    let body = r#"{"room_name": "call-support-7", "participant_identity": "ana"}"#;
    let (_, a) = ok_token(&server, body).await;
    let (_, b) = ok_token(&server, body).await;
    assert_eq!(a["video"]["room"], "call-support-7");
    assert_eq!(b["video"]["room"], "call-support-7");
    // Still dispatches the default agent (LiveKit applies it if this call creates the room).
    assert_eq!(a["roomConfig"]["agents"][0]["agentName"], "sofia");
    // Without a name, still a fresh room.
    let (_, fresh) = ok_token(&server, "{}").await;
    assert_ne!(fresh["video"]["room"], "call-support-7");

    let json = error_of(
        server.post_token(r#"{"room_name": "board-meeting"}"#).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert!(
        json["message"].as_str().unwrap().contains("\"call-\""),
        "{json}"
    );
}

#[tokio::test]
async fn allowlisted_agents_are_dispatched_with_their_metadata() {
    let server = TestServer::start(&[("LK_ALLOWED_AGENTS", "maria,triage")]).await;
    let body = json!({"room_config": {"agents": [
        {"agent_name": "maria", "metadata": "{\"persona\":\"nurse\",\"scenario\":\"intake\"}"},
        {"agentName": "triage"}
    ]}});
    let (_, claims) = ok_token(&server, &body.to_string()).await;
    let agents = claims["roomConfig"]["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 2, "{claims}");
    assert_eq!(agents[0]["agentName"], "maria");
    assert_eq!(
        agents[0]["metadata"],
        "{\"persona\":\"nurse\",\"scenario\":\"intake\"}"
    );
    assert_eq!(agents[1]["agentName"], "triage");

    // Naming none (or an unnamed entry) gets the default agent, with the metadata.
    let body = json!({"room_config": {"agents": [{"metadata": "ctx"}]}});
    let (_, claims) = ok_token(&server, &body.to_string()).await;
    assert_eq!(
        claims["roomConfig"]["agents"],
        json!([{"agentName": "sofia", "metadata": "ctx"}])
    );

    let json = error_of(
        server
            .post_token(json!({"room_config": {"agents": [{"agent_name": "billing"}]}}).to_string())
            .await,
        StatusCode::FORBIDDEN,
        "agent_not_allowed",
    )
    .await;
    let message = json["message"].as_str().unwrap();
    assert!(
        message.contains("maria") && message.contains("billing"),
        "{message}"
    );
}

#[tokio::test]
async fn agent_metadata_is_size_limited() {
    let server = TestServer::start(&[]).await;
    let body =
        json!({"room_config": {"agents": [{"agent_name": "sofia", "metadata": "m".repeat(2049)}]}});
    let json = error_of(
        server.post_token(body.to_string()).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("room_config.agents[0].metadata"),
        "{json}"
    );
    let body =
        json!({"room_config": {"agents": [{"agent_name": "sofia", "metadata": "m".repeat(2048)}]}});
    ok_token(&server, &body.to_string()).await;
}

#[tokio::test]
async fn unsafe_names_and_oversized_fields_are_400() {
    let server = TestServer::start(&[]).await;
    let long = "a".repeat(129);
    let cases = [
        (
            json!({"participant_identity": "ana smith"}),
            "participant_identity",
        ),
        (
            json!({"participant_identity": "<script>"}),
            "participant_identity",
        ),
        (
            json!({"participant_identity": long}),
            "participant_identity",
        ),
        (
            json!({"participant_name": "Ana\u{202e}nimda"}),
            "participant_name",
        ),
        (
            json!({"participant_name": "Ana\nAdmin"}),
            "participant_name",
        ),
        (
            json!({"participant_name": "é".repeat(129)}),
            "participant_name",
        ),
        (json!({"room_name": "../etc"}), "room_name"),
        (json!({"room_name": long}), "room_name"),
        (
            json!({"participant_metadata": "x".repeat(2049)}),
            "participant_metadata",
        ),
        (
            json!({"participant_attributes": {"lk.agent.state": "speaking"}}),
            "lk.",
        ),
        (
            json!({"room_config": {"agents": [{"agent_name": "so fia"}]}}),
            "agent_name",
        ),
    ];
    for (body, field) in cases {
        let json = error_of(
            server.post_token(body.to_string()).await,
            StatusCode::BAD_REQUEST,
            "invalid_request",
        )
        .await;
        assert!(
            json["message"].as_str().unwrap().contains(field),
            "{body} -> {json}"
        );
    }
    // Unicode display names are fine.
    let (_, claims) = ok_token(
        &server,
        &json!({"participant_name": "José Ñúñez 李"}).to_string(),
    )
    .await;
    assert_eq!(claims["name"], "José Ñúñez 李");
}

#[tokio::test]
async fn snake_case_request_fields_reach_the_token() {
    let server = TestServer::start(&[]).await;
    let body = json!({
        "room_name": "ignored",
        "participant_name": "Ana",
        "participant_identity": "ana-42",
        "participant_metadata": "{\"plan\":\"pro\"}",
        "participant_attributes": {"lang": "es", "page": "/pricing"},
        "room_config": {"agents": [{"agent_name": "sofia", "metadata": "{\"topic\":\"billing\"}"}]},
        "some_future_field": true
    });
    let (_, claims) = ok_token(&server, &body.to_string()).await;
    assert_eq!(claims["sub"], "ana-42");
    assert_eq!(claims["name"], "Ana");
    assert_eq!(claims["metadata"], "{\"plan\":\"pro\"}");
    assert_eq!(
        claims["attributes"],
        json!({"lang": "es", "page": "/pricing"})
    );
    assert_eq!(claims["roomConfig"]["agents"][0]["agentName"], "sofia");
    assert_eq!(
        claims["roomConfig"]["agents"][0]["metadata"],
        "{\"topic\":\"billing\"}"
    );
}

#[tokio::test]
async fn camel_case_request_fields_are_accepted() {
    let server = TestServer::start(&[]).await;
    let body = json!({
        "roomName": "ignored",
        "participantName": "Bea",
        "participantIdentity": "bea-7",
        "participantMetadata": "m",
        "participantAttributes": {"lang": "pt"},
        "roomConfig": {"agents": [{"agentName": "sofia", "metadata": "ctx"}]}
    });
    let (_, claims) = ok_token(&server, &body.to_string()).await;
    assert_eq!(claims["sub"], "bea-7");
    assert_eq!(claims["name"], "Bea");
    assert_eq!(claims["metadata"], "m");
    assert_eq!(claims["attributes"], json!({"lang": "pt"}));
    assert_eq!(claims["roomConfig"]["agents"][0]["metadata"], "ctx");
}

#[tokio::test]
async fn configuration_shapes_the_token() {
    let server = TestServer::start(&[
        ("LIVEKIT_URL", "wss://voice.example.com"),
        ("LK_AGENT_NAME", "maria"),
        ("LK_ROOM_PREFIX", "support-"),
        ("LK_TOKEN_TTL_SECS", "60"),
    ])
    .await;
    let (json, claims) = ok_token(&server, "{}").await;
    assert_eq!(json["server_url"], "wss://voice.example.com");
    assert!(claims["video"]["room"]
        .as_str()
        .unwrap()
        .starts_with("support-"));
    assert_eq!(claims["roomConfig"]["agents"][0]["agentName"], "maria");
    let ttl = claims["exp"].as_i64().unwrap() - claims["nbf"].as_i64().unwrap();
    assert!((60..=61).contains(&ttl), "exp - nbf = {ttl}");
}

#[tokio::test]
async fn malformed_json_is_400() {
    let server = TestServer::start(&[]).await;
    for body in ["{", "{\"participant_name\": }", "not json", "{}{}"] {
        error_of(
            server.post_token(body).await,
            StatusCode::BAD_REQUEST,
            "invalid_json",
        )
        .await;
    }
}

#[tokio::test]
async fn wrong_types_are_400_and_name_the_field() {
    let server = TestServer::start(&[]).await;
    let json = error_of(
        server.post_token(r#"{"participant_name": 5}"#).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("participant_name"),
        "{json}"
    );

    for body in [
        r#"{"participant_attributes": {"a": 1}}"#,
        r#"{"room_config": {"agents": {"agent_name": "sofia"}}}"#,
        r#"[]"#,
    ] {
        error_of(
            server.post_token(body).await,
            StatusCode::BAD_REQUEST,
            "invalid_request",
        )
        .await;
    }
}

#[tokio::test]
async fn bodies_over_16_kib_are_413() {
    let server = TestServer::start(&[]).await;
    let filler = "x".repeat(16 * 1024);
    let body = json!({ "participant_metadata": filler }).to_string();
    error_of(
        server.post_token(body).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;

    // Just under the limit is fine (unknown fields are ignored, so padding is allowed).
    let filler = "x".repeat(16 * 1024 - 100);
    let body = json!({ "padding": filler }).to_string();
    assert!(body.len() <= 16 * 1024);
    ok_token(&server, &body).await;
}

#[tokio::test]
async fn chunked_oversized_bodies_are_413_too() {
    // Without Content-Length the limit must still hold while the body is read. reqwest can't
    // send chunked bodies without its `stream` feature, so speak HTTP/1.1 by hand.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = TestServer::start(&[]).await;
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/token HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("400\r\n{}\r\n", "x".repeat(0x400));
    for _ in 0..20 {
        // The server may answer and close before all chunks are sent; that's the point.
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;

    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(
        response.contains("\"error\":\"payload_too_large\""),
        "{response}"
    );
}

#[tokio::test]
async fn asking_for_another_agent_is_403() {
    let server = TestServer::start(&[]).await;
    let body = json!({"room_config": {"agents": [{"agent_name": "someone-else"}]}});
    let json = error_of(
        server.post_token(body.to_string()).await,
        StatusCode::FORBIDDEN,
        "agent_not_allowed",
    )
    .await;
    assert!(
        json["message"].as_str().unwrap().contains("sofia"),
        "{json}"
    );
    // camelCase too.
    let body = json!({"roomConfig": {"agents": [{"agentName": "someone-else"}]}});
    error_of(
        server.post_token(body.to_string()).await,
        StatusCode::FORBIDDEN,
        "agent_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn the_secret_never_appears_in_a_response() {
    let server = TestServer::start(&[]).await;
    let resp = server.post_token("{}").await;
    let text = resp.text().await.unwrap();
    assert!(!text.contains(SECRET));
    let resp = server.post_token("{").await;
    assert!(!resp.text().await.unwrap().contains(SECRET));
}
