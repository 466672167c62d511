//! The rate limit a token request meets: the fleet's shared budget in Redis when `LK_REDIS_URL`
//! is set and Redis answers, this instance's own budget otherwise.
//!
//! When Redis does not answer, requests are served under the local limit and the outage is
//! logged as an error (at once, then every minute while it lasts) and counted in the metrics.
//! Refusing instead would turn a Redis outage into an outage of every call; the local limit
//! still holds each client to the configured rate per instance, so during the outage a client
//! can get at most N times its budget from N instances.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use crate::metrics::{LimiterKind, Metrics};
use crate::rate_limit::{Decision, RateLimit, RateLimiter};
use crate::shared_limit::{SharedLimitError, SharedLimiter};

const OUTAGE_LOG_EVERY_S: u64 = 60;

#[derive(Debug)]
pub struct Limiter {
    local: RateLimiter,
    shared: Option<SharedLimiter>,
    degraded: AtomicBool,
    last_outage_log_s: AtomicU64,
    epoch: Instant,
}

impl Limiter {
    pub fn new(local: RateLimiter, shared: Option<SharedLimiter>) -> Self {
        Self {
            local,
            shared,
            degraded: AtomicBool::new(false),
            last_outage_log_s: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }

    /// Builds the limiter a config asks for. An unusable Redis URL was refused by the config, so
    /// a failure here is the client library's own and is reported at start.
    pub fn from_limit(
        limit: RateLimit,
        redis_url: Option<&crate::config::RedisUrl>,
    ) -> Result<Self, redis::RedisError> {
        let shared = match redis_url {
            Some(url) if limit.per_minute > 0 => Some(SharedLimiter::new(url, limit)?),
            _ => None,
        };
        Ok(Self::new(RateLimiter::new(limit), shared))
    }

    pub fn shared(&self) -> Option<&SharedLimiter> {
        self.shared.as_ref()
    }

    pub async fn check(&self, client: IpAddr, metrics: &Metrics) -> (Decision, LimiterKind) {
        if !self.local.is_enabled() {
            return (Decision::Allow, LimiterKind::Local);
        }
        let Some(shared) = &self.shared else {
            return (self.local.check(client), LimiterKind::Local);
        };
        match shared.check(client).await {
            Ok(decision) => {
                if self.degraded.swap(false, Ordering::Relaxed) {
                    tracing::warn!("Redis rate limiter answers again: the fleet shares one budget");
                }
                (decision, LimiterKind::Redis)
            }
            Err(error) => {
                metrics.redis_fallback();
                self.log_outage(&error);
                (self.local.check(client), LimiterKind::Local)
            }
        }
    }

    fn log_outage(&self, error: &SharedLimitError) {
        let now_s = self.epoch.elapsed().as_secs() + 1;
        let first = !self.degraded.swap(true, Ordering::Relaxed);
        let last = self.last_outage_log_s.load(Ordering::Relaxed);
        if first || now_s.saturating_sub(last) >= OUTAGE_LOG_EVERY_S {
            self.last_outage_log_s.store(now_s, Ordering::Relaxed);
            tracing::error!(
                %error,
                "Redis rate limiter unreachable (LK_REDIS_URL): serving with this instance's own \
                 limit, so each instance allows the full rate until Redis answers"
            );
        }
    }
}
