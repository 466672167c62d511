//! Starts the real app in-process on an ephemeral port, so tests exercise the same routing,
//! middleware and body limits a browser would hit, without spawning a binary.

#![allow(dead_code)] // each test file uses a different subset of these helpers

pub mod redis;

use std::collections::HashMap;
use std::path::PathBuf;

use lk_token_server::config::Config;
use lk_token_server::Server;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const SECRET: &str = "test-secret-that-must-never-leak-0123456789";
pub const API_KEY: &str = "APItestkey";

pub struct TestServer {
    pub base: String,
    /// `http://ADDR` of the metrics listener, when `LK_METRICS_ADDR` was given.
    pub metrics_base: Option<String>,
    pub client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Starts with test credentials and no static dir; `overrides` win over both.
    pub async fn start(overrides: &[(&str, &str)]) -> Self {
        Self::start_with(overrides, |_| {}).await
    }

    /// Like [`TestServer::start`], then lets the test change settings that have no variable
    /// (timeouts).
    pub async fn start_with(overrides: &[(&str, &str)], tweak: impl FnOnce(&mut Config)) -> Self {
        let missing_dir = std::env::temp_dir().join("lk-token-server-test-no-such-dir");
        let mut vars: HashMap<String, String> = HashMap::from([
            ("LK_BIND".into(), "127.0.0.1:0".into()),
            ("LIVEKIT_API_KEY".into(), API_KEY.into()),
            ("LIVEKIT_API_SECRET".into(), SECRET.into()),
            ("LK_STATIC_DIR".into(), missing_dir.display().to_string()),
        ]);
        for (k, v) in overrides {
            vars.insert((*k).into(), (*v).into());
        }
        let mut config = Config::from_lookup(|name| vars.get(name).cloned()).expect("test config");
        tweak(&mut config);
        let server = Server::bind(&config).await.expect("bind 127.0.0.1:0");
        let base = format!("http://{}", server.local_addr());
        let metrics_base = server.metrics_addr().map(|a| format!("http://{a}"));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = rx.await;
        }));
        Self {
            base,
            metrics_base,
            client: reqwest::Client::new(),
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_owned()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GETs `path` with no headers of its own.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request reaches the server")
    }

    /// POSTs a raw body to /api/token, the way a browser `fetch` with a JSON body does.
    pub async fn post_token(&self, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(self.url("/api/token"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request reaches the server")
    }

    /// The metrics page's text.
    pub async fn metrics(&self) -> String {
        let base = self
            .metrics_base
            .as_ref()
            .expect("started with LK_METRICS_ADDR");
        let resp = self
            .client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .expect("metrics listener answers");
        assert_eq!(resp.status(), reqwest::StatusCode::OK);
        resp.text().await.unwrap()
    }

    /// Stops the server the way SIGTERM would and reports how `run` ended.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.task.take() {
            Some(task) => task.await.expect("server task did not panic"),
            None => Ok(()),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Verifies the signature with the secret and returns the raw claims as JSON, so tests check the
/// wire names LiveKit reads (`roomJoin`, `roomConfig`, …) rather than our own structs.
///
/// jsonwebtoken 10 needs a process-wide crypto provider; livekit-token installs its HMAC one the
/// first time it signs, which has always happened in this process before a token reaches us.
pub fn decode_claims(token: &str, secret: &str) -> Value {
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.validate_aud = false;
    validation.validate_nbf = true;
    validation.set_issuer(&[API_KEY]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
    jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .expect("token verifies with the configured secret")
    .claims
}

/// A fresh directory under the system temp dir; tests in one binary run in parallel.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lk-token-server-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Asserts a JSON content type and returns the body.
pub async fn json_body(resp: reqwest::Response) -> Value {
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    resp.json().await.expect("JSON body")
}

/// Asserts a JSON error response and returns its body.
pub async fn error_of(resp: reqwest::Response, status: reqwest::StatusCode, code: &str) -> Value {
    assert_eq!(resp.status(), status);
    let json = json_body(resp).await;
    assert_eq!(json["error"], code, "{json}");
    let message = json["message"].as_str().expect("message is a string");
    assert!(
        message.len() > 20,
        "message should help a person: {message:?}"
    );
    assert!(!json.to_string().contains(SECRET));
    json
}
