//! Everything around the token endpoint: health, unknown routes, CORS, static files, shutdown.

mod common;

use common::{json_body, temp_dir, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn healthz_is_ok() {
    let server = TestServer::start(&[]).await;
    let resp = server
        .client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(json_body(resp).await, json!({"status": "ok"}));
}

#[tokio::test]
async fn unknown_routes_are_json_404() {
    let server = TestServer::start(&[]).await;
    for (method, path) in [
        (Method::GET, "/api/nope"),
        (Method::POST, "/api/tokens"),
        (Method::GET, "/api"),
        (Method::POST, "/somewhere"),
        (Method::DELETE, "/"),
        (Method::GET, "/no-static-dir-configured"),
    ] {
        let resp = server
            .client
            .request(method.clone(), server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            json_body(resp).await["error"],
            "not_found",
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn wrong_method_on_a_known_route_is_json_405() {
    let server = TestServer::start(&[]).await;
    let resp = server
        .client
        .get(server.url("/api/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json_body(resp).await["error"], "method_not_allowed");
}

#[tokio::test]
async fn cors_allows_any_origin_without_credentials_by_default() {
    let server = TestServer::start(&[]).await;
    let preflight = server
        .client
        .request(Method::OPTIONS, server.url("/api/token"))
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let h = preflight.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(h.get("access-control-allow-credentials").is_none());
    let allowed_headers = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed_headers.contains("content-type") && allowed_headers.contains("authorization"));
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));

    let resp = server
        .client
        .post(server.url("/api/token"))
        .header("origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn cors_origin_list_is_enforced() {
    let server =
        TestServer::start(&[("LK_CORS_ORIGINS", "https://a.example,https://b.example")]).await;
    let origin_header = |origin: &'static str| {
        let req = server
            .client
            .post(server.url("/api/token"))
            .header("origin", origin);
        async move {
            req.send()
                .await
                .unwrap()
                .headers()
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap().to_owned())
        }
    };
    assert_eq!(
        origin_header("https://b.example").await.as_deref(),
        Some("https://b.example")
    );
    assert_eq!(origin_header("https://evil.example").await, None);

    // A listed origin still gets no credentials, and may read Retry-After after a 429.
    let resp = server
        .client
        .post(server.url("/api/token"))
        .header("origin", "https://a.example")
        .send()
        .await
        .unwrap();
    let h = resp.headers();
    assert!(h.get("access-control-allow-credentials").is_none());
    assert!(h["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase()
        .contains("retry-after"));
    assert!(h["vary"]
        .to_str()
        .unwrap()
        .to_lowercase()
        .contains("origin"));
}

#[tokio::test]
async fn static_files_are_served_with_page_fallback() {
    let dir = temp_dir("static");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    std::fs::write(dir.join("app.js"), "console.log('hi')").unwrap();
    let server = TestServer::start(&[("LK_STATIC_DIR", dir.to_str().unwrap())]).await;
    let get = |path: &str| server.client.get(server.url(path)).send();

    let root = get("/").await.unwrap();
    assert_eq!(root.status(), StatusCode::OK);
    assert_eq!(root.headers()["cache-control"], "no-cache");
    assert!(root.text().await.unwrap().contains("<title>widget</title>"));

    let js = get("/app.js").await.unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));

    let deep = get("/embed/demo").await.unwrap();
    assert_eq!(deep.status(), StatusCode::OK);
    assert!(deep.text().await.unwrap().contains("<title>widget</title>"));

    let missing_asset = get("/missing.js").await.unwrap();
    assert_eq!(missing_asset.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_body(missing_asset).await["error"], "not_found");

    // API routes still win over the static fallback.
    let health = get("/healthz").await.unwrap();
    assert_eq!(json_body(health).await, json!({"status": "ok"}));

    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn shutdown_lets_run_return_cleanly() {
    let server = TestServer::start(&[]).await;
    let resp = server
        .client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let base = server.base.clone();
    server.stop().await.expect("run returns Ok after shutdown");
    let after = reqwest::Client::new()
        .get(format!("{base}/healthz"))
        .send()
        .await;
    assert!(after.is_err(), "the listener is closed after shutdown");
}
