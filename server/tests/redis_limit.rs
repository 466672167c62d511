//! The fleet's shared rate limit (`LK_REDIS_URL`) against a real redis-server: two instances give
//! a client one budget, not two; without Redis each instance falls back to its own limit.

mod common;

use std::net::IpAddr;
use std::time::Duration;

use common::redis::{free_port, RedisServer};
use common::TestServer;
use reqwest::StatusCode;

fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn status(client: &reqwest::Client, server: &TestServer) -> StatusCode {
    client
        .post(server.url("/api/token"))
        .body("{}")
        .send()
        .await
        .expect("request reaches the server")
        .status()
}

/// Two token servers with burst 3 (and one request back per 10 s) on `redis_url`.
async fn fleet(redis_url: &str) -> (TestServer, TestServer) {
    let vars = [
        ("LK_RATE_LIMIT_PER_MIN", "6"),
        ("LK_RATE_LIMIT_BURST", "3"),
        ("LK_REDIS_URL", redis_url),
        ("LK_METRICS_ADDR", "127.0.0.1:0"),
    ];
    (
        TestServer::start(&vars).await,
        TestServer::start(&vars).await,
    )
}

#[tokio::test]
async fn a_client_alternating_between_two_instances_gets_one_budget() {
    let redis = RedisServer::start();
    let (a, b) = fleet(&redis.url()).await;
    let client = client_from("127.0.0.21");
    assert_eq!(status(&client, &a).await, StatusCode::OK);
    assert_eq!(status(&client, &b).await, StatusCode::OK);
    assert_eq!(status(&client, &a).await, StatusCode::OK);
    // Each instance has seen at most two requests, but the budget of three is spent.
    let refused = client
        .post(b.url("/api/token"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert_eq!(status(&client, &a).await, StatusCode::TOO_MANY_REQUESTS);
    // Another client has its own budget.
    assert_eq!(status(&client_from("127.0.0.22"), &b).await, StatusCode::OK);

    let metrics = a.metrics().await;
    assert!(
        metrics.contains("lk_token_server_redis_limiter_up 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"lk_token_server_rate_limited_total{limiter="redis"} 1"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn without_redis_each_instance_serves_on_its_own_limit() {
    // Nothing listens there: refused at once, as when Redis is down.
    let url = format!("redis://127.0.0.1:{}", free_port());
    let (a, b) = fleet(&url).await;
    let client = client_from("127.0.0.23");
    for _ in 0..3 {
        assert_eq!(status(&client, &a).await, StatusCode::OK);
    }
    // Still limited, by the instance's own budget…
    assert_eq!(status(&client, &a).await, StatusCode::TOO_MANY_REQUESTS);
    // …which the other instance does not share: the documented cost of serving through an
    // outage (N instances, N budgets) rather than refusing every call.
    assert_eq!(status(&client, &b).await, StatusCode::OK);

    let metrics = a.metrics().await;
    assert!(
        metrics.contains("lk_token_server_redis_limiter_up 0"),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"lk_token_server_rate_limited_total{limiter="local"} 1"#),
        "{metrics}"
    );
    let fallbacks = counter(&metrics, "lk_token_server_redis_limiter_fallbacks_total");
    assert_eq!(fallbacks, 4.0, "{metrics}");
}

#[tokio::test]
async fn an_outage_falls_back_and_recovery_shares_the_budget_again() {
    let mut redis = RedisServer::start();
    let port = redis.port;
    let (a, b) = fleet(&redis.url()).await;
    let client = client_from("127.0.0.24");
    assert_eq!(status(&client, &a).await, StatusCode::OK);

    redis.kill();
    // Calls go on during the outage.
    assert_eq!(status(&client, &b).await, StatusCode::OK);
    assert!(a
        .metrics()
        .await
        .contains("lk_token_server_redis_limiter_up 1"));
    assert_eq!(status(&client, &a).await, StatusCode::OK);
    assert!(a
        .metrics()
        .await
        .contains("lk_token_server_redis_limiter_up 0"));

    // Back (empty, as after a restart): after the retry pause the instances share again.
    let _redis = RedisServer::start_on(port);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let fresh = client_from("127.0.0.25");
    // The first request after the pause reconnects; give each instance one to do so.
    assert_eq!(status(&fresh, &a).await, StatusCode::OK);
    assert_eq!(status(&fresh, &b).await, StatusCode::OK);
    assert_eq!(status(&fresh, &a).await, StatusCode::OK);
    assert_eq!(status(&fresh, &b).await, StatusCode::TOO_MANY_REQUESTS);
    assert!(a
        .metrics()
        .await
        .contains("lk_token_server_redis_limiter_up 1"));
}

/// The value of an unlabelled counter in the text exposition.
fn counter(metrics: &str, name: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{name} not in {metrics}"))
}
