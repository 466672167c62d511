//! Prometheus metrics, served on their own address (`LK_METRICS_ADDR`), never the public port:
//! they describe traffic and errors, which is the operator's business, not a visitor's.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lkw_protocol::ErrorCode;
use std::fmt::Write as _;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::AppState;

/// Which limiter refused a request.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum LimiterKind {
    /// The fleet's shared budget.
    Redis,
    /// This instance's own (no Redis configured, or Redis unreachable).
    Local,
}

/// Label values in lower case, as Prometheus users write them (`limiter="redis"`).
impl EncodeLabelValue for LimiterKind {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        encoder.write_str(match self {
            Self::Redis => "redis",
            Self::Local => "local",
        })
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimiterLabels {
    limiter: LimiterKind,
}

/// Token endpoint latencies, 100 µs to 2.5 s: a signed token takes well under a millisecond
/// here, the slow tail is a stalled machine or a Redis that answers late.
const LATENCY_BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.25, 1.0, 2.5,
];

#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    tokens_issued: Counter,
    errors: Family<CodeLabels, Counter>,
    rate_limited: Family<LimiterLabels, Counter>,
    latency: Histogram,
    redis_up: Gauge,
    redis_fallbacks: Counter,
}

impl Metrics {
    /// `redis`: whether a shared limiter is configured; its health metrics exist only then.
    pub fn new(redis: bool) -> Self {
        let mut registry = Registry::with_prefix("lk_token_server");
        let metrics = Self {
            registry: Registry::default(),
            tokens_issued: Counter::default(),
            errors: Family::default(),
            rate_limited: Family::default(),
            latency: Histogram::new(LATENCY_BUCKETS),
            redis_up: Gauge::default(),
            redis_fallbacks: Counter::default(),
        };
        registry.register(
            "tokens_issued",
            "Tokens minted and answered",
            metrics.tokens_issued.clone(),
        );
        registry.register(
            "errors",
            "Token endpoint refusals and failures, by the error code of the JSON body",
            metrics.errors.clone(),
        );
        registry.register(
            "rate_limited",
            "Token requests answered 429, by the limiter that refused them",
            metrics.rate_limited.clone(),
        );
        registry.register(
            "token_request_duration_seconds",
            "Time to answer a token request, refusals included",
            metrics.latency.clone(),
        );
        if redis {
            registry.register(
                "redis_limiter_up",
                "1 when the last rate-limit check reached Redis, 0 while serving on the local limit",
                metrics.redis_up.clone(),
            );
            registry.register(
                "redis_limiter_fallbacks",
                "Token requests limited locally because Redis did not answer",
                metrics.redis_fallbacks.clone(),
            );
        }
        Self {
            registry,
            ..metrics
        }
    }

    pub fn rate_limited(&self, limiter: LimiterKind) {
        self.rate_limited
            .get_or_create(&LimiterLabels { limiter })
            .inc();
    }

    pub fn redis_fallback(&self) {
        self.redis_fallbacks.inc();
    }

    fn record(&self, response: &Response, started: Instant) {
        self.latency.observe(started.elapsed().as_secs_f64());
        if response.status().is_success() {
            self.tokens_issued.inc();
        } else {
            let code = response.extensions().get::<ErrorCode>().map_or_else(
                || format!("http_{}", response.status().as_u16()),
                |c| c.to_string(),
            );
            self.errors.get_or_create(&CodeLabels { code }).inc();
        }
    }

    /// The text exposition, with the gauges read now.
    pub fn render(&self, redis_up: Option<bool>) -> String {
        if let Some(up) = redis_up {
            self.redis_up.set(i64::from(up));
        }
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Wraps the token route: its latency and outcome, whatever answered.
pub async fn measure(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(&response, started);
    response
}

/// The metrics listener's app: `GET /metrics`, nothing else.
pub fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

async fn scrape(State(state): State<Arc<AppState>>) -> Response {
    let redis_up = state.limiter.shared().map(|s| s.is_up());
    let mut response = (StatusCode::OK, state.metrics.render(redis_up)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

/// For the start-up log line.
pub fn describe(addr: Option<SocketAddr>) -> String {
    addr.map_or_else(|| "off".to_owned(), |a| format!("http://{a}/metrics"))
}
