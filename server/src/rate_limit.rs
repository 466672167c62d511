//! Per-client request limits: a token bucket per client address, in GCRA form.
//!
//! Each client costs one `u64` (the "theoretical arrival time" of its next request), so the
//! check is a hash lookup and a comparison under one of many small locks: a flood from one
//! address is refused without slowing anyone else down. Memory is bounded: a client whose bucket
//! has refilled is forgotten (it is indistinguishable from a new one), and when the table is full
//! of live entries, e.g. during an attack from many addresses, new clients share one extra
//! bucket rather than growing the table or being let through unlimited.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::client_ip::mask;

/// Upper bound on remembered clients, across all shards (~100 bytes each with map overhead).
pub const MAX_TRACKED_CLIENTS: usize = 100_000;
const SHARDS: usize = 32;
/// A full shard is swept at most this often, so a flood of new addresses can't turn every
/// request into a scan of the shard.
const PRUNE_EVERY_NS: u64 = 1_000_000_000;
const OVERFLOW_WARN_EVERY_NS: u64 = 60_000_000_000;
const NS_PER_MIN: u64 = 60_000_000_000;

/// The configured limit: `per_minute` sustained, with up to `burst` at once. `per_minute == 0`
/// turns limiting off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Refused; the earliest moment one more request would be allowed.
    Deny {
        retry_after: Duration,
    },
}

#[derive(Debug)]
pub struct RateLimiter {
    /// Nanoseconds between two requests at the sustained rate; 0 when limiting is off.
    interval_ns: u64,
    /// How far ahead of now a client's arrival time may run: `burst` intervals.
    tolerance_ns: u64,
    epoch: Instant,
    hasher: std::collections::hash_map::RandomState,
    shards: Box<[Mutex<Shard>]>,
    max_per_shard: usize,
    last_overflow_warning: AtomicU64,
}

#[derive(Debug, Default)]
struct Shard {
    clients: HashMap<u128, u64>,
    /// The bucket shared by clients that arrive while the shard is full.
    overflow: u64,
    last_prune: u64,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self::with_capacity(limit, MAX_TRACKED_CLIENTS)
    }

    /// `max_clients` is exposed for tests of the full-table behaviour.
    pub fn with_capacity(limit: RateLimit, max_clients: usize) -> Self {
        let interval_ns = if limit.per_minute == 0 {
            0
        } else {
            NS_PER_MIN / u64::from(limit.per_minute)
        };
        Self {
            interval_ns,
            tolerance_ns: interval_ns.saturating_mul(u64::from(limit.burst.max(1))),
            epoch: Instant::now(),
            hasher: Default::default(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            max_per_shard: max_clients.div_ceil(SHARDS).max(1),
            last_overflow_warning: AtomicU64::new(0),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.interval_ns > 0
    }

    pub fn check(&self, client: IpAddr) -> Decision {
        if !self.is_enabled() {
            return Decision::Allow;
        }
        self.check_at(client, self.now_ns())
    }

    fn check_at(&self, client: IpAddr, now: u64) -> Decision {
        let key = client_key(client);
        let hash = self.hasher.hash_one(key);
        let mut shard = self.shard(hash as usize % SHARDS);
        if let Some(tat) = shard.clients.get_mut(&key) {
            return self.gcra(tat, now);
        }
        if shard.clients.len() >= self.max_per_shard
            && now.saturating_sub(shard.last_prune) >= PRUNE_EVERY_NS
        {
            shard.clients.retain(|_, tat| *tat > now);
            shard.last_prune = now;
        }
        if shard.clients.len() >= self.max_per_shard {
            self.warn_overflow(now);
            return self.gcra(&mut shard.overflow, now);
        }
        let mut tat = 0;
        let decision = self.gcra(&mut tat, now);
        shard.clients.insert(key, tat);
        decision
    }

    /// Allows the request if the client's arrival time, advanced by one interval, stays within
    /// the burst tolerance of now.
    fn gcra(&self, tat: &mut u64, now: u64) -> Decision {
        let next = (*tat).max(now) + self.interval_ns;
        let ahead = next - now;
        if ahead > self.tolerance_ns {
            Decision::Deny {
                retry_after: Duration::from_nanos(ahead - self.tolerance_ns),
            }
        } else {
            *tat = next;
            Decision::Allow
        }
    }

    fn shard(&self, index: usize) -> MutexGuard<'_, Shard> {
        // A panic while holding the lock can't leave a u64 map half-updated in a harmful way.
        self.shards[index]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn now_ns(&self) -> u64 {
        // u64 nanoseconds last 584 years of uptime.
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn warn_overflow(&self, now: u64) {
        let last = self.last_overflow_warning.load(Ordering::Relaxed);
        if (last == 0 || now.saturating_sub(last) >= OVERFLOW_WARN_EVERY_NS)
            && self
                .last_overflow_warning
                .compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                max_clients = MAX_TRACKED_CLIENTS,
                "rate limiter table is full (many distinct client addresses); new clients share \
                 one bucket until entries expire"
            );
        }
    }
}

/// IPv4 addresses are keyed whole; IPv6 by /64, the block one subscriber normally gets, so an
/// attacker can't get a fresh bucket per address. Mapped IPv4 (`::ffff:a.b.c.d`) never collides
/// with a /64-masked IPv6 key, whose low 64 bits are zero.
pub fn client_key(ip: IpAddr) -> u128 {
    match ip.to_canonical() {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        v6 @ IpAddr::V6(_) => match mask(v6, 64) {
            IpAddr::V6(masked) => u128::from(masked),
            IpAddr::V4(_) => unreachable!("masking keeps the address family"),
        },
    }
}

/// `Retry-After` is whole seconds; round up so a client that obeys it is not refused again.
pub fn retry_after_secs(retry_after: Duration) -> u64 {
    retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: u64 = 1_000_000_000;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn limiter(per_minute: u32, burst: u32) -> RateLimiter {
        RateLimiter::new(RateLimit { per_minute, burst })
    }

    #[test]
    fn burst_then_sustained_rate() {
        let l = limiter(60, 3);
        let a = ip("203.0.113.1");
        for _ in 0..3 {
            assert_eq!(l.check_at(a, 10 * SEC), Decision::Allow);
        }
        let Decision::Deny { retry_after } = l.check_at(a, 10 * SEC) else {
            panic!("4th request in the same instant must be refused");
        };
        assert_eq!(retry_after, Duration::from_secs(1));
        // One token per second comes back.
        assert_eq!(l.check_at(a, 11 * SEC), Decision::Allow);
        assert!(matches!(l.check_at(a, 11 * SEC), Decision::Deny { .. }));
        // After a long pause the full burst is available again.
        for _ in 0..3 {
            assert_eq!(l.check_at(a, 100 * SEC), Decision::Allow);
        }
    }

    #[test]
    fn clients_are_independent() {
        let l = limiter(60, 1);
        assert_eq!(l.check_at(ip("203.0.113.1"), SEC), Decision::Allow);
        assert!(matches!(
            l.check_at(ip("203.0.113.1"), SEC),
            Decision::Deny { .. }
        ));
        assert_eq!(l.check_at(ip("203.0.113.2"), SEC), Decision::Allow);
        assert_eq!(l.check_at(ip("2001:db8::1"), SEC), Decision::Allow);
    }

    #[test]
    fn ipv6_is_keyed_by_slash_64() {
        let l = limiter(60, 1);
        assert_eq!(l.check_at(ip("2001:db8:0:1::1"), SEC), Decision::Allow);
        assert!(matches!(
            l.check_at(ip("2001:db8:0:1:ffff::2"), SEC),
            Decision::Deny { .. }
        ));
        assert_eq!(l.check_at(ip("2001:db8:0:2::1"), SEC), Decision::Allow);
        // A mapped IPv4 address is the IPv4 client, not a fresh one.
        assert_eq!(l.check_at(ip("198.51.100.1"), SEC), Decision::Allow);
        assert!(matches!(
            l.check_at(ip("::ffff:198.51.100.1"), SEC),
            Decision::Deny { .. }
        ));
    }

    #[test]
    fn disabled_allows_everything() {
        let l = limiter(0, 0);
        assert!(!l.is_enabled());
        for _ in 0..1000 {
            assert_eq!(l.check(ip("203.0.113.1")), Decision::Allow);
        }
    }

    #[test]
    fn a_full_table_shares_one_bucket_and_recovers() {
        let l = RateLimiter::with_capacity(
            RateLimit {
                per_minute: 60,
                burst: 1,
            },
            SHARDS,
        );
        // Fill every shard with live entries (one per shard at capacity 1 per shard).
        let mut n = 0u32;
        while l
            .shards
            .iter()
            .any(|s| s.lock().unwrap().clients.is_empty())
        {
            l.check_at(IpAddr::from(n.to_be_bytes()), 5 * SEC);
            n += 1;
        }
        let newcomers: Vec<IpAddr> = (n..n + 200)
            .map(|i| IpAddr::from(i.to_be_bytes()))
            .collect();
        let allowed = newcomers
            .iter()
            .filter(|c| l.check_at(**c, 5 * SEC) == Decision::Allow)
            .count();
        // Each shard's overflow bucket lets one through, no more.
        assert!(allowed <= SHARDS, "{allowed}");
        let total: usize = l
            .shards
            .iter()
            .map(|s| s.lock().unwrap().clients.len())
            .sum();
        assert_eq!(total, SHARDS, "the table did not grow");
        // Once the entries expire, new clients get their own buckets again.
        assert_eq!(l.check_at(newcomers[0], 60 * SEC), Decision::Allow);
        assert!(l
            .shards
            .iter()
            .all(|s| s.lock().unwrap().clients.len() <= 1));
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(2)), 2);
        assert_eq!(retry_after_secs(Duration::from_millis(2001)), 3);
    }
}
