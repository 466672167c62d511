//! Connection-level abuse: clients that send slowly, hold connections open, or never finish.

mod common;

use std::time::{Duration, Instant};

use common::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection (or `limit` passes) and returns what it sent.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut out = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut out)).await {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn a_request_head_that_never_ends_is_cut_off() {
    let server =
        TestServer::start_with(&[], |c| c.timeouts.header = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream
        .write_all(b"POST /api/token HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let start = Instant::now();
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(
        closed.is_some(),
        "the server kept a slowloris connection open"
    );
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn idle_connections_are_closed() {
    let server =
        TestServer::start_with(&[], |c| c.timeouts.header = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    assert!(read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .is_some());
}

#[tokio::test]
async fn a_body_that_never_arrives_is_408() {
    let server =
        TestServer::start_with(&[], |c| c.timeouts.body = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream
        .write_all(
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\nConnection: close\r\n\r\n{\"participant_",
        )
        .await
        .unwrap();
    let response = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the server answers and closes");
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(
        response.contains("\"error\":\"request_timeout\""),
        "{response}"
    );
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_slot() {
    let server = TestServer::start(&[("LK_MAX_CONNECTIONS", "1")]).await;
    let hog = TcpStream::connect(server.addr()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let waiting = tokio::time::timeout(
        Duration::from_millis(300),
        server.client.get(server.url("/healthz")).send(),
    )
    .await;
    assert!(
        waiting.is_err(),
        "a second connection was served beyond LK_MAX_CONNECTIONS=1"
    );

    drop(hog);
    let resp = tokio::time::timeout(
        Duration::from_secs(5),
        reqwest::Client::new().get(server.url("/healthz")).send(),
    )
    .await
    .expect("served once the slot is free")
    .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn shutdown_does_not_wait_forever_for_a_stuck_client() {
    let server = TestServer::start_with(&[], |c| {
        c.timeouts.shutdown_grace = Duration::from_millis(300);
    })
    .await;
    let mut stuck = TcpStream::connect(server.addr()).await.unwrap();
    stuck
        .write_all(b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), server.stop())
        .await
        .expect("shutdown finished")
        .expect("run returned Ok");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}
