//! Token server and static host for the lk-voice-widget.
//!
//! A library as well as a binary so integration tests can start the real app in-process on an
//! ephemeral port and talk HTTP to it, exactly as the browser would.

pub mod api;
pub mod client_ip;
pub mod config;
pub mod error;
pub mod limiter;
pub mod metrics;
pub mod origin;
pub mod policy;
pub mod rate_limit;
pub mod request;
pub mod serve;
pub mod shared_limit;
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
use crate::config::{AllowedOrigins, Config};
use crate::limiter::Limiter;
use crate::metrics::Metrics;
use crate::policy::CallPolicy;
use crate::serve::ServeLimits;
use crate::static_files::StaticFiles;
use crate::token::TokenMinter;

/// Shared state of the running app; read-only except for the rate limiter and the metrics.
#[derive(Debug)]
pub struct AppState {
    /// Handed to the browser so it knows where to open the WebSocket.
    pub server_url: String,
    pub policy: CallPolicy,
    pub minter: TokenMinter,
    pub allowed_origins: AllowedOrigins,
    pub limiter: Limiter,
    pub metrics: Metrics,
    pub trusted_proxies: TrustedProxies,
    pub body_timeout: Duration,
    pub static_files: StaticFiles,
}

/// The app's state from a validated config (which has also run the Redis URL through the
/// client library's own parser, so building the limiter cannot fail).
pub fn state(config: &Config) -> Arc<AppState> {
    let limiter = Limiter::from_limit(config.rate_limit, config.redis_url.as_ref())
        .expect("the config checked LK_REDIS_URL with the Redis client's parser");
    Arc::new(AppState {
        server_url: config.livekit_url.clone(),
        policy: CallPolicy::new(config),
        minter: TokenMinter::new(config),
        allowed_origins: config.allowed_origins.clone(),
        metrics: Metrics::new(limiter.shared().is_some()),
        limiter,
        trusted_proxies: config.trusted_proxies.clone(),
        body_timeout: config.timeouts.body,
        static_files: StaticFiles::new(&config.static_dir),
    })
}

/// Builds the whole public HTTP app from a validated config.
pub fn app(config: &Config) -> Router {
    app_with_state(state(config))
}

fn app_with_state(state: Arc<AppState>) -> Router {
    api::routes(state.clone())
        .fallback(static_files::serve)
        .with_state(state)
        .layer(cors_layer())
        .layer(TraceLayer::new_for_http())
}

/// Every origin may *read* the answers: which pages may get a token is decided by
/// [`origin::check`], and a refused page must be able to read its `origin_not_allowed` to tell
/// its owner what to list (a CORS failure is an opaque network error). The widget's files are
/// fetched cross-origin by the one-tag embed too. Credentials are never allowed, so `*` can't
/// leak cookies; request headers are mirrored so a site that adds an `Authorization` header to
/// its token requests passes the preflight (`*` does not cover it). `Retry-After` is exposed so
/// the widget can tell the user how long to wait after a 429.
fn cors_layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
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
    metrics: Option<(TcpListener, Router)>,
    limits: ServeLimits,
}

impl Server {
    pub async fn bind(config: &Config) -> io::Result<Self> {
        warn_about_risky_setup(config);
        let state = state(config);
        if let Some(shared) = state.limiter.shared() {
            shared.announce(config.redis_url.as_ref()).await;
        }
        let listener = TcpListener::bind(config.bind).await?;
        let local_addr = listener.local_addr()?;
        let metrics = match config.metrics_addr {
            Some(addr) => Some((
                TcpListener::bind(addr).await.map_err(|e| {
                    io::Error::new(e.kind(), format!("LK_METRICS_ADDR {addr}: {e}"))
                })?,
                metrics::app(state.clone()),
            )),
            None => None,
        };
        Ok(Self {
            listener,
            router: app_with_state(state),
            local_addr,
            metrics,
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

    /// Where `/metrics` is served, if anywhere.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
    }

    /// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish.
    /// The metrics listener stops with it.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
        let Some((metrics_listener, metrics_router)) = self.metrics else {
            return serve::serve(self.listener, self.router, self.limits, shutdown).await;
        };
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let mut stop_metrics = stop_rx.clone();
        let metrics = tokio::spawn(serve::serve(
            metrics_listener,
            metrics_router,
            self.limits,
            async move {
                let _ = stop_metrics.wait_for(|stop| *stop).await;
            },
        ));
        let result = serve::serve(self.listener, self.router, self.limits, async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        })
        .await;
        drop(stop_rx);
        let _ = metrics.await;
        result
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
    if public && config.allowed_origins == AllowedOrigins::Any {
        tracing::warn!(
            bind = %config.bind,
            "LK_ALLOWED_ORIGINS is *: any website can use this token endpoint from its pages; \
             list the sites that embed the widget"
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
