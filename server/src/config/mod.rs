//! Server settings, read once from the environment and checked before anything binds.
//!
//! Every check happens here so that a bad deployment fails at start with one line that names the
//! variable, instead of failing later on the first call a visitor makes.

mod parse;
#[cfg(test)]
mod tests;

pub use parse::url_is_loopback;

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::client_ip::TrustedProxies;
use crate::rate_limit::RateLimit;

/// Defaults match `livekit-server --dev`, so a bare `cargo run -p lk-token-server` works locally.
pub const DEFAULT_LIVEKIT_URL: &str = "ws://127.0.0.1:7880";
pub const DEFAULT_API_KEY: &str = "devkey";
pub const DEFAULT_API_SECRET: &str = "secret";
pub const DEFAULT_AGENT_NAME: &str = "sofia";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_STATIC_DIR: &str = "dist";
pub const DEFAULT_ROOM_PREFIX: &str = "call-";
pub const DEFAULT_TOKEN_TTL_SECS: u64 = 900;
/// Generous for one person (a call needs one token) and for test suites that mint ~100 tokens a
/// minute from 127.0.0.1; an abuser from one address is held to two a second.
pub const DEFAULT_RATE_LIMIT_PER_MIN: u32 = 120;
pub const DEFAULT_MAX_CONNECTIONS: usize = 1000;

pub const LIVEKIT_URL: &str = "LIVEKIT_URL";
pub const LIVEKIT_API_KEY: &str = "LIVEKIT_API_KEY";
pub const LIVEKIT_API_SECRET: &str = "LIVEKIT_API_SECRET";
pub const LK_AGENT_NAME: &str = "LK_AGENT_NAME";
pub const LK_ALLOWED_AGENTS: &str = "LK_ALLOWED_AGENTS";
pub const LK_BIND: &str = "LK_BIND";
pub const LK_STATIC_DIR: &str = "LK_STATIC_DIR";
pub const LK_ROOM_PREFIX: &str = "LK_ROOM_PREFIX";
pub const LK_ALLOW_ROOM_NAMES: &str = "LK_ALLOW_ROOM_NAMES";
pub const LK_TOKEN_TTL_SECS: &str = "LK_TOKEN_TTL_SECS";
pub const LK_ALLOWED_ORIGINS: &str = "LK_ALLOWED_ORIGINS";
/// The old name of `LK_ALLOWED_ORIGINS`, when it defaulted to `*`; refused at start so a
/// deployment that set it learns that the default changed instead of silently losing its list.
pub const LK_CORS_ORIGINS: &str = "LK_CORS_ORIGINS";
pub const LK_RATE_LIMIT_PER_MIN: &str = "LK_RATE_LIMIT_PER_MIN";
pub const LK_RATE_LIMIT_BURST: &str = "LK_RATE_LIMIT_BURST";
pub const LK_TRUSTED_PROXIES: &str = "LK_TRUSTED_PROXIES";
pub const LK_MAX_CONNECTIONS: &str = "LK_MAX_CONNECTIONS";
pub const LK_LOG_FORMAT: &str = "LK_LOG_FORMAT";
pub const LK_REDIS_URL: &str = "LK_REDIS_URL";
pub const LK_METRICS_ADDR: &str = "LK_METRICS_ADDR";

/// Every variable the server reads, for error messages, tests and documentation.
pub const VARS: [&str; 19] = [
    LIVEKIT_URL,
    LIVEKIT_API_KEY,
    LIVEKIT_API_SECRET,
    LK_AGENT_NAME,
    LK_ALLOWED_AGENTS,
    LK_BIND,
    LK_STATIC_DIR,
    LK_ROOM_PREFIX,
    LK_ALLOW_ROOM_NAMES,
    LK_TOKEN_TTL_SECS,
    LK_ALLOWED_ORIGINS,
    LK_CORS_ORIGINS,
    LK_RATE_LIMIT_PER_MIN,
    LK_RATE_LIMIT_BURST,
    LK_TRUSTED_PROXIES,
    LK_MAX_CONNECTIONS,
    LK_LOG_FORMAT,
    LK_REDIS_URL,
    LK_METRICS_ADDR,
];

/// All settings the server needs. Built only through [`Config::from_env`] or
/// [`Config::from_lookup`], so a value of this type has passed validation.
#[derive(Clone, Debug)]
pub struct Config {
    pub livekit_url: String,
    pub api_key: String,
    pub api_secret: ApiSecret,
    /// Dispatched when a request names no agent.
    pub agent_name: String,
    /// Agents a request may name; always contains `agent_name`, first.
    pub allowed_agents: Vec<String>,
    pub bind: SocketAddr,
    pub static_dir: PathBuf,
    pub room_prefix: String,
    /// Whether a requested `room_name` is used (it must start with `room_prefix`).
    pub allow_room_names: bool,
    pub token_ttl: Duration,
    pub allowed_origins: AllowedOrigins,
    pub rate_limit: RateLimit,
    /// With it, every instance shares each client's budget through this Redis.
    pub redis_url: Option<RedisUrl>,
    /// Where `/metrics` is served; never the public port. `None`: no metrics listener.
    pub metrics_addr: Option<SocketAddr>,
    pub trusted_proxies: TrustedProxies,
    pub max_connections: usize,
    pub log_format: LogFormat,
    /// Not read from the environment; tests shorten them.
    pub timeouts: Timeouts,
}

/// Bounds on how long a client may hold the server's attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// From the first byte of a request head (or from connecting, or from the end of the
    /// previous response) to the end of the head: stops slowloris clients and closes idle
    /// keep-alive connections.
    pub header: Duration,
    /// Reading the body of a token request.
    pub body: Duration,
    /// How long shutdown waits for in-flight requests before exiting anyway.
    pub shutdown_grace: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header: Duration::from_secs(10),
            body: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The API secret, wrapped so that `{:?}` on the config (or anything holding it) can never print
/// it into a log line. There is deliberately no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiSecret(String);

impl ApiSecret {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// Named loudly so every place that handles the raw secret is easy to find in review.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret(<redacted>)")
    }
}

/// Which pages may request tokens, by the `Origin` their browser sends. The server's own pages
/// are always served; any other site would spend the owner's LiveKit minutes behind its own
/// button, so it must be listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedOrigins {
    /// `*`: any website, for a widget meant to be embedded on sites not known in advance.
    Any,
    /// The server's own origin plus these, each as a browser serialises it (`scheme://host[:port]`,
    /// lower case, no default port).
    Listed(Vec<String>),
}

/// A `redis://` URL. Wrapped so that `{:?}` never prints a password it may carry.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(String);

impl RedisUrl {
    /// Named loudly, like [`ApiSecret::expose`]: the URL may hold a password.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `redis://host:port/db`, with any password replaced, for logs.
    pub fn redacted(&self) -> String {
        match self.0.split_once("://").and_then(|(scheme, rest)| {
            rest.rsplit_once('@')
                .map(|(_, host)| format!("{scheme}://***@{host}"))
        }) {
            Some(redacted) => redacted,
            None => self.0.clone(),
        }
    }
}

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedisUrl({})", self.redacted())
    }
}

/// Why the configuration was refused. The text names the variable and says what would be
/// accepted; it never contains the API secret.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

impl ConfigError {
    fn new(var: &'static str, reason: impl Into<String>) -> Self {
        Self {
            var,
            reason: reason.into(),
        }
    }
}

impl Config {
    /// Reads the process environment. A variable that is not valid Unicode is reported rather
    /// than treated as unset, so it can't silently fall back to a dev default.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut non_unicode = None;
        let config = Self::from_lookup(|name| match std::env::var(name) {
            Ok(value) => Some(value),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                non_unicode.get_or_insert(name.to_owned());
                None
            }
        });
        if let Some(name) = non_unicode {
            let var = VARS
                .iter()
                .copied()
                .find(|v| *v == name)
                .unwrap_or("environment");
            return Err(ConfigError::new(var, "is not valid UTF-8"));
        }
        config
    }

    /// Builds the config from any name → value source, so tests don't have to mutate the
    /// process environment (which is shared between parallel tests).
    pub fn from_lookup(lookup: impl FnMut(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut env = Env(lookup);
        let livekit_url = parse::livekit_url(env.get(LIVEKIT_URL, DEFAULT_LIVEKIT_URL)?)?;
        let (api_key, api_secret) = parse::credentials(
            &livekit_url,
            env.optional(LIVEKIT_API_KEY)?,
            env.optional(LIVEKIT_API_SECRET)?,
        )?;
        let agent_name = parse::agent_name(env.get(LK_AGENT_NAME, DEFAULT_AGENT_NAME)?)?;
        let allowed_agents = parse::allowed_agents(&agent_name, env.optional(LK_ALLOWED_AGENTS)?)?;
        let per_minute = parse::number(
            LK_RATE_LIMIT_PER_MIN,
            env.optional(LK_RATE_LIMIT_PER_MIN)?,
            DEFAULT_RATE_LIMIT_PER_MIN,
            0..=1_000_000,
        )?;
        let burst = parse::number(
            LK_RATE_LIMIT_BURST,
            env.optional(LK_RATE_LIMIT_BURST)?,
            per_minute.max(1),
            1..=1_000_000,
        )?;
        let bind = parse::bind(env.get(LK_BIND, DEFAULT_BIND)?)?;
        let metrics_addr = env
            .optional(LK_METRICS_ADDR)?
            .map(parse::metrics_addr)
            .transpose()?;
        if metrics_addr.is_some_and(|m| m == bind && m.port() != 0) {
            return Err(ConfigError::new(
                LK_METRICS_ADDR,
                "is the public address (LK_BIND); give metrics their own port, e.g. 127.0.0.1:9464",
            ));
        }
        Ok(Self {
            livekit_url,
            api_key,
            api_secret,
            agent_name,
            allowed_agents,
            bind,
            static_dir: PathBuf::from(env.get(LK_STATIC_DIR, DEFAULT_STATIC_DIR)?),
            room_prefix: parse::room_prefix(
                env.get_allow_empty(LK_ROOM_PREFIX, DEFAULT_ROOM_PREFIX),
            )?,
            allow_room_names: parse::flag(LK_ALLOW_ROOM_NAMES, env.optional(LK_ALLOW_ROOM_NAMES)?)?,
            token_ttl: parse::ttl(
                env.get(LK_TOKEN_TTL_SECS, &DEFAULT_TOKEN_TTL_SECS.to_string())?,
            )?,
            allowed_origins: parse::allowed_origins(
                env.optional(LK_ALLOWED_ORIGINS)?,
                env.optional(LK_CORS_ORIGINS)?,
            )?,
            rate_limit: RateLimit { per_minute, burst },
            redis_url: env
                .optional(LK_REDIS_URL)?
                .map(parse::redis_url)
                .transpose()?,
            metrics_addr,
            trusted_proxies: parse::trusted_proxies(env.optional(LK_TRUSTED_PROXIES)?)?,
            max_connections: parse::number(
                LK_MAX_CONNECTIONS,
                env.optional(LK_MAX_CONNECTIONS)?,
                DEFAULT_MAX_CONNECTIONS,
                1..=1_000_000,
            )?,
            log_format: parse::log_format(env.optional(LK_LOG_FORMAT)?)?,
            timeouts: Timeouts::default(),
        })
    }

    /// True when the server still uses the well-known `livekit-server --dev` credentials, which
    /// anyone can use to mint tokens; worth a warning when reachable from other machines.
    pub fn uses_dev_credentials(&self) -> bool {
        self.api_key == DEFAULT_API_KEY || self.api_secret.expose() == DEFAULT_API_SECRET
    }
}

struct Env<F>(F);

impl<F: FnMut(&str) -> Option<String>> Env<F> {
    /// A variable that is set but blank is an error, not "use the default": in a deployment it is
    /// almost always a templating mistake, and falling back to `devkey`/`secret` would hide it.
    fn optional(&mut self, var: &'static str) -> Result<Option<String>, ConfigError> {
        match (self.0)(var) {
            None => Ok(None),
            Some(value) if value.trim().is_empty() => Err(ConfigError::new(
                var,
                "is set but empty; unset it to use the default or give a value",
            )),
            Some(value) => Ok(Some(value.trim().to_owned())),
        }
    }

    fn get(&mut self, var: &'static str, default: &str) -> Result<String, ConfigError> {
        Ok(self.optional(var)?.unwrap_or_else(|| default.to_owned()))
    }

    /// For the one variable where empty is a meaningful choice (no room prefix).
    fn get_allow_empty(&mut self, var: &'static str, default: &str) -> String {
        (self.0)(var)
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| default.to_owned())
    }
}
