//! The per-client budget shared by every token server of a fleet, kept in Redis.
//!
//! The same GCRA as [`crate::rate_limit`], run as one Lua script so the read and the write are
//! atomic across instances, on Redis's clock so instances with skewed clocks agree. A client's
//! key expires when its bucket is full again, so Redis holds only clients seen recently.
//!
//! Redis is an optimisation of the limit, not a dependency of calls: when it does not answer
//! within [`REDIS_TIMEOUT`], [`SharedLimiter::check`] says so and the caller falls back to its
//! own limiter (see [`crate::limiter`]). The connection is dropped on any error and re-opened at
//! most once per [`RETRY_EVERY`], so a dead Redis costs one failed attempt a second, not one per
//! request.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;
use tokio::sync::Mutex;

use crate::config::RedisUrl;
use crate::rate_limit::{Decision, RateLimit};

/// A Redis on the same network answers in well under a millisecond; a slower one is treated as
/// down rather than let it hold every token request.
pub const REDIS_TIMEOUT: Duration = Duration::from_millis(100);
/// How long after a failure the limiter stays on the local budget before trying Redis again.
pub const RETRY_EVERY: Duration = Duration::from_secs(1);
/// Namespaces the keys, so the limiter can share a Redis (LiveKit's, say) with other users.
pub const KEY_PREFIX: &str = "lk-token-server:rate:";

/// KEYS[1]: the client; ARGV: interval and burst tolerance in microseconds. Returns 0 when the
/// request is allowed, else the microseconds until it would be.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nxt = tat + interval
local ahead = nxt - now
if ahead > tolerance then
  return ahead - tolerance
end
redis.call('SET', KEYS[1], string.format('%d', nxt), 'PX', math.ceil(ahead / 1000))
return 0
";

/// Why the shared budget could not be consulted.
#[derive(Debug, thiserror::Error)]
pub enum SharedLimitError {
    #[error("Redis did not answer within {} ms", REDIS_TIMEOUT.as_millis())]
    Timeout,
    #[error("waiting {} ms before reconnecting to Redis", RETRY_EVERY.as_millis())]
    BackingOff,
    #[error("{0}")]
    Redis(#[from] redis::RedisError),
}

pub struct SharedLimiter {
    client: redis::Client,
    script: redis::Script,
    interval_us: u64,
    tolerance_us: u64,
    link: Mutex<Link>,
    /// Whether the last attempt reached Redis; read by the metrics and for the log transitions.
    up: AtomicBool,
}

impl std::fmt::Debug for SharedLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedLimiter")
            .field("up", &self.is_up())
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Link {
    conn: Option<MultiplexedConnection>,
    retry_at: Option<Instant>,
}

impl SharedLimiter {
    /// Does not connect: the first request does. The URL was checked by the config.
    pub fn new(url: &RedisUrl, limit: RateLimit) -> Result<Self, redis::RedisError> {
        let interval_us = if limit.per_minute == 0 {
            0
        } else {
            60_000_000 / u64::from(limit.per_minute)
        };
        Ok(Self {
            client: redis::Client::open(url.expose())?,
            script: redis::Script::new(GCRA),
            interval_us,
            tolerance_us: interval_us.saturating_mul(u64::from(limit.burst.max(1))),
            link: Mutex::new(Link::default()),
            up: AtomicBool::new(false),
        })
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    /// Tries Redis once at start so the log says at once whether the fleet shares its budget;
    /// the server starts either way (Redis may come up after it).
    pub async fn announce(&self, url: Option<&RedisUrl>) {
        let url = url.map(RedisUrl::redacted).unwrap_or_default();
        let ping = async {
            let mut conn = self.connection().await?;
            redis::cmd("PING")
                .query_async::<String>(&mut conn)
                .await
                .map_err(SharedLimitError::from)
        };
        match tokio::time::timeout(REDIS_TIMEOUT * 10, ping).await {
            Ok(Ok(_)) => {
                self.up.store(true, Ordering::Relaxed);
                tracing::info!(redis = %url, "rate limit shared through Redis");
            }
            Ok(Err(error)) => tracing::error!(
                redis = %url,
                %error,
                "Redis rate limiter unreachable at start (LK_REDIS_URL): serving with this \
                 instance's own limit until it answers"
            ),
            Err(_) => tracing::error!(
                redis = %url,
                "Redis rate limiter did not answer at start (LK_REDIS_URL): serving with this \
                 instance's own limit until it answers"
            ),
        }
    }

    /// The client's decision from the fleet's shared budget.
    pub async fn check(&self, client: IpAddr) -> Result<Decision, SharedLimitError> {
        let result = tokio::time::timeout(REDIS_TIMEOUT, self.check_inner(client))
            .await
            .unwrap_or(Err(SharedLimitError::Timeout));
        match &result {
            Ok(_) => self.up.store(true, Ordering::Relaxed),
            Err(SharedLimitError::BackingOff) => {}
            Err(_) => {
                self.up.store(false, Ordering::Relaxed);
                // A timed-out future may have left the connection mid-reply: start afresh.
                let mut link = self.link.lock().await;
                link.conn = None;
                link.retry_at = Some(Instant::now() + RETRY_EVERY);
            }
        }
        result
    }

    async fn check_inner(&self, client: IpAddr) -> Result<Decision, SharedLimitError> {
        let mut conn = self.connection().await?;
        let wait_us: u64 = self
            .script
            .key(key(client))
            .arg(self.interval_us)
            .arg(self.tolerance_us)
            .invoke_async(&mut conn)
            .await?;
        Ok(if wait_us == 0 {
            Decision::Allow
        } else {
            Decision::Deny {
                retry_after: Duration::from_micros(wait_us),
            }
        })
    }

    /// The open connection, or a new one unless the last failure was less than
    /// [`RETRY_EVERY`] ago. The multiplexed connection is cheap to clone and pipelines requests
    /// from all tasks over one socket.
    async fn connection(&self) -> Result<MultiplexedConnection, SharedLimitError> {
        let mut link = self.link.lock().await;
        if let Some(conn) = &link.conn {
            return Ok(conn.clone());
        }
        if link.retry_at.is_some_and(|at| Instant::now() < at) {
            return Err(SharedLimitError::BackingOff);
        }
        // Set before trying, so requests queued behind this lock during an outage don't each
        // attempt a connection of their own.
        link.retry_at = Some(Instant::now() + RETRY_EVERY);
        let conn = self.client.get_multiplexed_async_connection().await?;
        link.conn = Some(conn.clone());
        link.retry_at = None;
        Ok(conn)
    }
}

/// The same client identity as the local limiter: IPv4 whole, IPv6 by /64.
fn key(client: IpAddr) -> String {
    format!("{KEY_PREFIX}{:032x}", crate::rate_limit::client_key(client))
}
