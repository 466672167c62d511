//! Token server and static host for the lk-voice-widget.
//!
//! A library as well as a binary so integration tests can start the real app in-process on an
//! ephemeral port and talk HTTP to it, exactly as the browser would.

pub mod api;
pub mod client_ip;
pub mod config;
pub mod error;
pub mod policy;
pub mod rate_limit;
pub mod request;
pub mod serve;
pub mod static_files;
pub mod token;
pub mod validate;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, Method};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::client_ip::TrustedProxies;
use crate::config::{Config, CorsOrigins};
use crate::policy::CallPolicy;
use crate::rate_limit::RateLimiter;
use crate::serve::ServeLimits;
use crate::static_files::StaticFiles;
use crate::token::TokenMinter;

/// Shared state of the running app; read-only except for the rate limiter's table.
#[derive(Debug)]
pub struct AppState {
    /// Handed to the browser so it knows where to open the WebSocket.
    pub server_url: String,
    pub policy: CallPolicy,
    pub minter: TokenMinter,
    pub limiter: RateLimiter,
    pub trusted_proxies: TrustedProxies,
    pub body_timeout: Duration,
    pub static_files: StaticFiles,
}

/// Builds the whole HTTP app from a validated config.
pub fn app(config: &Config) -> Router {
    let state = Arc::new(AppState {
        server_url: config.livekit_url.clone(),
        policy: CallPolicy::new(config),
        minter: TokenMinter::new(config),
        limiter: RateLimiter::new(config.rate_limit),
        trusted_proxies: config.trusted_proxies.clone(),
        body_timeout: config.timeouts.body,
        static_files: StaticFiles::new(&config.static_dir),
    });
    api::routes(state.clone())
        .fallback(static_files::serve)
        .with_state(state)
        .layer(cors_layer(&config.cors_origins))
        .layer(TraceLayer::new_for_http())
}

/// The widget is embedded on other sites and fetches tokens cross-origin. Credentials are never
/// allowed, so even `*` can't leak cookies; request headers are mirrored so a site that adds an
/// `Authorization` header to its token requests passes the preflight (`*` does not cover it).
/// `Retry-After` is exposed so the widget can tell the user how long to wait after a 429.
fn cors_layer(origins: &CorsOrigins) -> CorsLayer {
    let allow_origin = match origins {
        CorsOrigins::Any => AllowOrigin::any(),
        CorsOrigins::List(list) => AllowOrigin::list(list.iter().cloned()),
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([header::RETRY_AFTER])
        .allow_credentials(false)
        .max_age(Duration::from_secs(600))
}

/// A bound but not yet serving server. Binding is separate from serving so the caller learns the
/// real address (port 0 in tests) before the first request can arrive.
pub struct Server {
    listener: TcpListener,
    router: Router,
    local_addr: SocketAddr,
    limits: ServeLimits,
}

impl Server {
    pub async fn bind(config: &Config) -> io::Result<Self> {
        warn_about_risky_setup(config);
        let listener = TcpListener::bind(config.bind).await?;
        let local_addr = listener.local_addr()?;
        Ok(Self {
            listener,
            router: app(config),
            local_addr,
            limits: ServeLimits {
                max_connections: config.max_connections,
                header_timeout: config.timeouts.header,
                shutdown_grace: config.timeouts.shutdown_grace,
            },
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
        serve::serve(self.listener, self.router, self.limits, shutdown).await
    }
}

/// These are not errors (both are normal in local development) but each has bitten someone in
/// a deployment, so say it once at start.
fn warn_about_risky_setup(config: &Config) {
    if !config.static_dir.is_dir() {
        tracing::warn!(
            dir = %config.static_dir.display(),
            "static dir not found; / answers 404 until the widget is built (set LK_STATIC_DIR)"
        );
    }
    let public = !config.bind.ip().is_loopback();
    if public && config.cors_origins == CorsOrigins::Any {
        tracing::warn!(
            bind = %config.bind,
            "LK_CORS_ORIGINS is *: any website can use this token endpoint from its pages; list \
             the sites that embed the widget"
        );
    }
    if public && config.rate_limit.per_minute > 0 && config.trusted_proxies.is_empty() {
        tracing::info!(
            "rate limits apply per TCP peer; behind a reverse proxy set LK_TRUSTED_PROXIES, or \
             every visitor shares the proxy's limit"
        );
    }
    if config.livekit_url.starts_with("ws://") && !config::url_is_loopback(&config.livekit_url) {
        tracing::warn!(
            livekit_url = %config.livekit_url,
            "LIVEKIT_URL is ws:// on another machine; browsers block it from https pages (mixed \
             content), use wss://"
        );
    }
    if config.uses_dev_credentials() && public {
        tracing::warn!(
            bind = %config.bind,
            "using the public dev API key/secret on a non-loopback address; anyone who can reach \
             this server can mint tokens for your LiveKit server with well-known credentials"
        );
    }
}

/// Resolves on Ctrl-C or SIGTERM (what `docker stop` and systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down; finishing in-flight requests");
}
