//! Per-client rate limiting over real HTTP: keyed on the TCP peer, X-Forwarded-For only from
//! trusted proxies, 429 with Retry-After, other clients unaffected.

mod common;

use std::net::IpAddr;

use common::{error_of, TestServer};
use reqwest::StatusCode;

/// A client whose connections come from `source` (any 127.0.0.0/8 address works on Linux).
fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn post(
    client: &reqwest::Client,
    server: &TestServer,
    xff: Option<&str>,
) -> reqwest::Response {
    let mut req = client.post(server.url("/api/token")).body("{}");
    if let Some(xff) = xff {
        req = req.header("x-forwarded-for", xff);
    }
    req.send().await.expect("request reaches the server")
}

#[tokio::test]
async fn over_the_limit_is_429_with_retry_after() {
    let server =
        TestServer::start(&[("LK_RATE_LIMIT_PER_MIN", "6"), ("LK_RATE_LIMIT_BURST", "3")]).await;
    for _ in 0..3 {
        assert_eq!(server.post_token("{}").await.status(), StatusCode::OK);
    }
    let resp = server.post_token("{}").await;
    let retry_after: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After is whole seconds");
    // 6 per minute: one comes back every 10 s.
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let json = error_of(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(
        json["message"].as_str().unwrap().contains("Retry-After"),
        "{json}"
    );
    // The rest of the server is not limited.
    let health = server.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_default_limit_allows_a_test_suites_worth_from_one_address() {
    let server = TestServer::start(&[]).await;
    for i in 0..110 {
        let resp = server.post_token("{}").await;
        assert_eq!(resp.status(), StatusCode::OK, "request {i}");
    }
}

#[tokio::test]
async fn clients_are_limited_by_their_own_address() {
    let server =
        TestServer::start(&[("LK_RATE_LIMIT_PER_MIN", "1"), ("LK_RATE_LIMIT_BURST", "2")]).await;
    let flooder = client_from("127.0.0.2");
    let other = client_from("127.0.0.3");
    for _ in 0..2 {
        assert_eq!(post(&flooder, &server, None).await.status(), StatusCode::OK);
    }
    for _ in 0..20 {
        let resp = post(&flooder, &server, None).await;
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(resp.headers().contains_key("retry-after"));
    }
    assert_eq!(post(&other, &server, None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn forwarded_for_is_ignored_without_trusted_proxies() {
    let server =
        TestServer::start(&[("LK_RATE_LIMIT_PER_MIN", "1"), ("LK_RATE_LIMIT_BURST", "1")]).await;
    let client = client_from("127.0.0.4");
    assert_eq!(
        post(&client, &server, Some("203.0.113.1")).await.status(),
        StatusCode::OK
    );
    // A different X-Forwarded-For does not buy a fresh bucket.
    assert_eq!(
        post(&client, &server, Some("203.0.113.2")).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn trusted_proxies_forward_the_client_address() {
    let server = TestServer::start(&[
        ("LK_RATE_LIMIT_PER_MIN", "1"),
        ("LK_RATE_LIMIT_BURST", "1"),
        ("LK_TRUSTED_PROXIES", "127.0.0.5"),
    ])
    .await;
    let proxy = client_from("127.0.0.5");
    assert_eq!(
        post(&proxy, &server, Some("203.0.113.1")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        post(&proxy, &server, Some("203.0.113.1")).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        post(&proxy, &server, Some("203.0.113.2")).await.status(),
        StatusCode::OK
    );
    // A spoofed entry in front of the one the proxy appended changes nothing.
    assert_eq!(
        post(&proxy, &server, Some("198.51.100.9, 203.0.113.2"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // A client that reaches the server directly, past the proxy, can't use the header.
    let direct = client_from("127.0.0.6");
    assert_eq!(
        post(&direct, &server, Some("203.0.113.3")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        post(&direct, &server, Some("203.0.113.4")).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn zero_disables_the_limit() {
    let server = TestServer::start(&[("LK_RATE_LIMIT_PER_MIN", "0")]).await;
    for _ in 0..300 {
        assert_eq!(server.post_token("{}").await.status(), StatusCode::OK);
    }
}
