//! `/metrics` on its own address: tokens issued, errors by code, 429s, origin refusals, latency;
//! and nothing of it on the public port.

mod common;

use common::TestServer;
use reqwest::StatusCode;

#[tokio::test]
async fn the_metrics_page_counts_what_the_token_endpoint_answered() {
    let server = TestServer::start(&[
        ("LK_METRICS_ADDR", "127.0.0.1:0"),
        ("LK_RATE_LIMIT_PER_MIN", "60"),
        ("LK_RATE_LIMIT_BURST", "3"),
    ])
    .await;
    assert_ne!(server.metrics_base.as_deref(), Some(server.base.as_str()));
    for _ in 0..2 {
        assert_eq!(server.post_token("{}").await.status(), StatusCode::OK);
    }
    let foreign = server
        .client
        .post(server.url("/api/token"))
        .header("origin", "https://elsewhere.example")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        server.post_token("{").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        server.post_token("{}").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    let text = server.metrics().await;
    for line in [
        "lk_token_server_tokens_issued_total 2",
        r#"lk_token_server_errors_total{code="origin_not_allowed"} 1"#,
        r#"lk_token_server_errors_total{code="invalid_json"} 1"#,
        r#"lk_token_server_errors_total{code="rate_limited"} 1"#,
        r#"lk_token_server_rate_limited_total{limiter="local"} 1"#,
        "lk_token_server_token_request_duration_seconds_count 5",
        r#"lk_token_server_token_request_duration_seconds_bucket{le="+Inf"} 5"#,
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "{line} missing from:\n{text}"
        );
    }
    // Redis health is reported only when a shared limiter is configured.
    assert!(!text.contains("redis_limiter"), "{text}");

    // Not on the public port.
    let public = server.get("/metrics").await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_metrics_listener_unless_asked() {
    let server = TestServer::start(&[]).await;
    assert_eq!(server.metrics_base, None);
}
