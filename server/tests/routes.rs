//! Everything around the token endpoint: health, unknown routes, CORS, static files, shutdown.

mod common;

use common::{error_of, json_body, temp_dir, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn healthz_is_ok() {
    let server = TestServer::start(&[]).await;
    let resp = server.get("/healthz").await;
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
    let resp = server.get("/api/token").await;
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json_body(resp).await["error"], "method_not_allowed");
}

#[tokio::test]
async fn any_origin_may_read_answers_without_credentials() {
    let server = TestServer::start(&[("LK_ALLOWED_ORIGINS", "https://shop.example")]).await;
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
    assert_eq!(resp.status(), StatusCode::OK);
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(h.get("access-control-allow-credentials").is_none());
    assert!(h["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase()
        .contains("retry-after"));
}

/// POSTs `{}` to /api/token as a page on `origin` would (`None`: no Origin header, as curl).
async fn post_from(server: &TestServer, origin: Option<&str>) -> reqwest::Response {
    let mut req = server.client.post(server.url("/api/token")).body("{}");
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn only_the_servers_own_pages_get_tokens_by_default() {
    let server = TestServer::start(&[]).await;
    let own = server.base.clone();
    assert_eq!(
        post_from(&server, Some(&own)).await.status(),
        StatusCode::OK
    );
    assert_eq!(post_from(&server, None).await.status(), StatusCode::OK);

    let foreign = format!(
        "http://localhost:{}",
        server.addr().rsplit(':').next().unwrap()
    );
    let resp = post_from(&server, Some(&foreign)).await;
    // Readable by the refused page, so its widget can say what to list.
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let json = error_of(resp, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    assert_eq!(json["origin"], foreign.as_str());
    let message = json["message"].as_str().unwrap();
    assert!(message.contains("LK_ALLOWED_ORIGINS"), "{message}");
    assert!(message.contains(&foreign), "{message}");

    let json = error_of(
        post_from(&server, Some("null")).await,
        StatusCode::FORBIDDEN,
        "origin_not_allowed",
    )
    .await;
    assert_eq!(json["origin"], "null");
}

#[tokio::test]
async fn listed_origins_get_tokens_and_others_do_not() {
    let server =
        TestServer::start(&[("LK_ALLOWED_ORIGINS", "https://a.example,https://b.example")]).await;
    for origin in ["https://b.example", "https://a.example", &server.base] {
        assert_eq!(
            post_from(&server, Some(origin)).await.status(),
            StatusCode::OK,
            "{origin}"
        );
    }
    for origin in [
        "https://evil.example",
        "http://a.example",
        "https://a.example.evil",
    ] {
        let resp = post_from(&server, Some(origin)).await;
        error_of(resp, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    }
    // Other routes are not the token endpoint: the widget's files are fetched cross-origin.
    let health = server
        .client
        .get(server.url("/healthz"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn star_serves_every_site() {
    let server = TestServer::start(&[("LK_ALLOWED_ORIGINS", "*")]).await;
    assert_eq!(
        post_from(&server, Some("https://anyone.example"))
            .await
            .status(),
        StatusCode::OK
    );
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
    let resp = server.get("/healthz").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let base = server.base.clone();
    server.stop().await.expect("run returns Ok after shutdown");
    let after = reqwest::Client::new()
        .get(format!("{base}/healthz"))
        .send()
        .await;
    assert!(after.is_err(), "the listener is closed after shutdown");
}
