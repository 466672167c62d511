//! Serves the built widget (`dist/`) for everything that is not an API route.
//!
//! Page-like paths without a file extension fall back to `index.html` so deep links into the
//! page keep working; a missing *asset* (`/app.js`) is a JSON 404 instead, because answering a
//! script request with HTML produces baffling "unexpected token <" errors in the browser.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::AppState;

#[derive(Debug, Clone)]
pub struct StaticFiles {
    dir: PathBuf,
}

impl StaticFiles {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The router's fallback: every request no API route matched ends up here.
pub async fn serve(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    // Unknown API paths must stay JSON so the widget can diagnose a wrong endpoint URL.
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return ApiError::NotFound.into_response();
    }

    let dir = state.static_files.dir();
    let (parts, body) = request.into_parts();
    let retry = Request::from_parts(parts.clone(), Body::empty());

    let response = match ServeDir::new(dir)
        .oneshot(Request::from_parts(parts, body))
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if response.status() != StatusCode::NOT_FOUND {
        return finish(response.map(Body::new));
    }
    if !looks_like_page(&path) {
        return ApiError::NotFound.into_response();
    }

    let index = match ServeFile::new(dir.join("index.html")).oneshot(retry).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if index.status() == StatusCode::NOT_FOUND {
        return ApiError::NotFound.into_response();
    }
    finish(index.map(Body::new))
}

/// A path whose last segment has no dot is a page route, not a file.
fn looks_like_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

/// HTML must be revalidated so a redeploy takes effect on the next load; the hashed asset names
/// Trunk emits can be cached as the browser likes.
fn finish(mut response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::looks_like_page;

    #[test]
    fn page_paths_vs_asset_paths() {
        assert!(looks_like_page("/"));
        assert!(looks_like_page("/call"));
        assert!(looks_like_page("/call/abc/"));
        assert!(!looks_like_page("/app.js"));
        assert!(!looks_like_page("/pkg/widget_bg.wasm"));
    }
}
