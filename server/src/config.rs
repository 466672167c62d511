//! Server settings, read once from the environment and checked before anything binds.
//!
//! Every check happens here so that a bad deployment fails at start with one line that names the
//! variable, instead of failing later on the first call a visitor makes.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::http::HeaderValue;

/// Defaults match `livekit-server --dev`, so a bare `cargo run -p lk-token-server` works locally.
pub const DEFAULT_LIVEKIT_URL: &str = "ws://127.0.0.1:7880";
pub const DEFAULT_API_KEY: &str = "devkey";
pub const DEFAULT_API_SECRET: &str = "secret";
pub const DEFAULT_AGENT_NAME: &str = "sofia";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_STATIC_DIR: &str = "dist";
pub const DEFAULT_ROOM_PREFIX: &str = "call-";
pub const DEFAULT_TOKEN_TTL_SECS: u64 = 900;
pub const DEFAULT_CORS_ORIGINS: &str = "*";

/// Shorter than this and a token can expire between minting and the WebSocket handshake on a slow
/// network; LiveKit refreshes tokens of connected participants itself, so long TTLs buy nothing.
const MIN_TTL_SECS: u64 = 10;
const MAX_TTL_SECS: u64 = 24 * 60 * 60;

/// Room names end up in URLs, logs and dashboards; keeping the prefix to a safe alphabet avoids
/// quoting surprises in all of them.
const MAX_ROOM_PREFIX_LEN: usize = 64;

/// All settings the server needs. Built only through [`Config::from_env`] or
/// [`Config::from_lookup`], so a value of this type has passed validation.
#[derive(Clone, Debug)]
pub struct Config {
    pub livekit_url: String,
    pub api_key: String,
    pub api_secret: ApiSecret,
    pub agent_name: String,
    pub bind: SocketAddr,
    pub static_dir: PathBuf,
    pub room_prefix: String,
    pub token_ttl: Duration,
    pub cors_origins: CorsOrigins,
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

/// Which browser origins may call the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorsOrigins {
    /// `*`: the widget is meant to be embedded on sites we don't know in advance.
    Any,
    /// An explicit allow list, for deployments that do know their sites.
    List(Vec<HeaderValue>),
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
        Ok(Self {
            livekit_url: parse_livekit_url(env.get(LIVEKIT_URL, DEFAULT_LIVEKIT_URL)?)?,
            api_key: env.get(LIVEKIT_API_KEY, DEFAULT_API_KEY)?,
            api_secret: ApiSecret::new(env.get(LIVEKIT_API_SECRET, DEFAULT_API_SECRET)?),
            agent_name: env.get(LK_AGENT_NAME, DEFAULT_AGENT_NAME)?,
            bind: parse_bind(env.get(LK_BIND, DEFAULT_BIND)?)?,
            static_dir: PathBuf::from(env.get(LK_STATIC_DIR, DEFAULT_STATIC_DIR)?),
            room_prefix: parse_room_prefix(
                env.get_allow_empty(LK_ROOM_PREFIX, DEFAULT_ROOM_PREFIX),
            )?,
            token_ttl: parse_ttl(env.get(LK_TOKEN_TTL_SECS, &DEFAULT_TOKEN_TTL_SECS.to_string())?)?,
            cors_origins: parse_cors_origins(env.get(LK_CORS_ORIGINS, DEFAULT_CORS_ORIGINS)?)?,
        })
    }

    /// True when the server still uses the well-known `livekit-server --dev` credentials, which
    /// anyone can use to mint tokens; worth a warning when reachable from other machines.
    pub fn uses_dev_credentials(&self) -> bool {
        self.api_key == DEFAULT_API_KEY || self.api_secret.expose() == DEFAULT_API_SECRET
    }
}

pub const LIVEKIT_URL: &str = "LIVEKIT_URL";
pub const LIVEKIT_API_KEY: &str = "LIVEKIT_API_KEY";
pub const LIVEKIT_API_SECRET: &str = "LIVEKIT_API_SECRET";
pub const LK_AGENT_NAME: &str = "LK_AGENT_NAME";
pub const LK_BIND: &str = "LK_BIND";
pub const LK_STATIC_DIR: &str = "LK_STATIC_DIR";
pub const LK_ROOM_PREFIX: &str = "LK_ROOM_PREFIX";
pub const LK_TOKEN_TTL_SECS: &str = "LK_TOKEN_TTL_SECS";
pub const LK_CORS_ORIGINS: &str = "LK_CORS_ORIGINS";

/// Every variable the server reads, for error messages and documentation.
pub const VARS: [&str; 9] = [
    LIVEKIT_URL,
    LIVEKIT_API_KEY,
    LIVEKIT_API_SECRET,
    LK_AGENT_NAME,
    LK_BIND,
    LK_STATIC_DIR,
    LK_ROOM_PREFIX,
    LK_TOKEN_TTL_SECS,
    LK_CORS_ORIGINS,
];

struct Env<F>(F);

impl<F: FnMut(&str) -> Option<String>> Env<F> {
    /// A variable that is set but blank is an error, not "use the default": in a deployment it is
    /// almost always a templating mistake, and falling back to `devkey`/`secret` would hide it.
    fn get(&mut self, var: &'static str, default: &str) -> Result<String, ConfigError> {
        match (self.0)(var) {
            None => Ok(default.to_owned()),
            Some(value) if value.trim().is_empty() => Err(ConfigError::new(
                var,
                "is set but empty; unset it to use the default or give a value",
            )),
            Some(value) => Ok(value.trim().to_owned()),
        }
    }

    /// For the one variable where empty is a meaningful choice (no room prefix).
    fn get_allow_empty(&mut self, var: &'static str, default: &str) -> String {
        (self.0)(var)
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| default.to_owned())
    }
}

fn parse_livekit_url(url: String) -> Result<String, ConfigError> {
    let rest = url
        .strip_prefix("wss://")
        .or_else(|| url.strip_prefix("ws://"))
        .ok_or_else(|| {
            ConfigError::new(
                LIVEKIT_URL,
                format!(
                    "{url:?} must start with ws:// or wss:// (the browser opens a WebSocket to it)"
                ),
            )
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(ConfigError::new(
            LIVEKIT_URL,
            format!("{url:?} needs a host, e.g. wss://my-project.livekit.cloud"),
        ));
    }
    Ok(url)
}

fn parse_bind(bind: String) -> Result<SocketAddr, ConfigError> {
    bind.parse().map_err(|_| {
        ConfigError::new(
            LK_BIND,
            format!("{bind:?} is not an IP:port address, e.g. 127.0.0.1:8080 or 0.0.0.0:8080"),
        )
    })
}

fn parse_room_prefix(prefix: String) -> Result<String, ConfigError> {
    if prefix.len() > MAX_ROOM_PREFIX_LEN {
        return Err(ConfigError::new(
            LK_ROOM_PREFIX,
            format!("is longer than {MAX_ROOM_PREFIX_LEN} characters"),
        ));
    }
    if let Some(bad) = prefix
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(ConfigError::new(
            LK_ROOM_PREFIX,
            format!("{prefix:?} contains {bad:?}; use letters, digits, '-', '_' or '.'"),
        ));
    }
    Ok(prefix)
}

fn parse_ttl(raw: String) -> Result<Duration, ConfigError> {
    let secs: u64 = raw.parse().map_err(|_| {
        ConfigError::new(
            LK_TOKEN_TTL_SECS,
            format!("{raw:?} is not a whole number of seconds"),
        )
    })?;
    if !(MIN_TTL_SECS..=MAX_TTL_SECS).contains(&secs) {
        return Err(ConfigError::new(
            LK_TOKEN_TTL_SECS,
            format!("{secs} is out of range; use {MIN_TTL_SECS} to {MAX_TTL_SECS} seconds"),
        ));
    }
    Ok(Duration::from_secs(secs))
}

fn parse_cors_origins(raw: String) -> Result<CorsOrigins, ConfigError> {
    let entries: Vec<&str> = raw
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if entries == ["*"] {
        return Ok(CorsOrigins::Any);
    }
    if entries.is_empty() || entries.contains(&"*") {
        return Err(ConfigError::new(
            LK_CORS_ORIGINS,
            "use either * alone or a comma-separated list of origins like https://example.com",
        ));
    }
    let origins = entries
        .into_iter()
        .map(|origin| {
            let scheme_ok = origin.starts_with("https://") || origin.starts_with("http://");
            let host = origin.split_once("://").map(|(_, h)| h).unwrap_or_default();
            // Browsers send the Origin header as scheme://host[:port] with no path, so an entry
            // with a path or trailing slash would never match; refuse it instead.
            if !scheme_ok || host.is_empty() || host.contains('/') {
                return Err(ConfigError::new(
                    LK_CORS_ORIGINS,
                    format!("{origin:?} is not an origin; write it as https://host[:port] with no path or trailing slash"),
                ));
            }
            HeaderValue::from_str(origin).map_err(|_| {
                ConfigError::new(
                    LK_CORS_ORIGINS,
                    format!("{origin:?} contains characters not allowed in a header"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorsOrigins::List(origins))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    fn err_var(pairs: &[(&str, &str)]) -> &'static str {
        match parse(pairs) {
            Ok(config) => panic!("expected an error for {pairs:?}, got {config:?}"),
            Err(e) => e.var,
        }
    }

    #[test]
    fn defaults_match_the_local_dev_server() {
        let c = parse(&[]).expect("defaults are valid");
        assert_eq!(c.livekit_url, "ws://127.0.0.1:7880");
        assert_eq!(c.api_key, "devkey");
        assert_eq!(c.api_secret.expose(), "secret");
        assert_eq!(c.agent_name, "sofia");
        assert_eq!(c.bind, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.static_dir, PathBuf::from("dist"));
        assert_eq!(c.room_prefix, "call-");
        assert_eq!(c.token_ttl, Duration::from_secs(900));
        assert_eq!(c.cors_origins, CorsOrigins::Any);
        assert!(c.uses_dev_credentials());
    }

    #[test]
    fn explicit_values_are_used() {
        let c = parse(&[
            ("LIVEKIT_URL", "wss://example.livekit.cloud"),
            ("LIVEKIT_API_KEY", "APIabc"),
            ("LIVEKIT_API_SECRET", "s3cr3t-that-is-long-enough-for-prod"),
            ("LK_AGENT_NAME", "maria"),
            ("LK_BIND", "0.0.0.0:9000"),
            ("LK_STATIC_DIR", "/srv/widget"),
            ("LK_ROOM_PREFIX", "support_"),
            ("LK_TOKEN_TTL_SECS", "60"),
            (
                "LK_CORS_ORIGINS",
                "https://a.example, http://localhost:3000",
            ),
        ])
        .expect("valid");
        assert_eq!(c.livekit_url, "wss://example.livekit.cloud");
        assert_eq!(c.api_key, "APIabc");
        assert_eq!(c.agent_name, "maria");
        assert_eq!(c.bind.port(), 9000);
        assert_eq!(c.static_dir, PathBuf::from("/srv/widget"));
        assert_eq!(c.room_prefix, "support_");
        assert_eq!(c.token_ttl, Duration::from_secs(60));
        assert_eq!(
            c.cors_origins,
            CorsOrigins::List(vec![
                HeaderValue::from_static("https://a.example"),
                HeaderValue::from_static("http://localhost:3000"),
            ])
        );
        assert!(!c.uses_dev_credentials());
    }

    #[test]
    fn empty_room_prefix_is_allowed() {
        assert_eq!(parse(&[("LK_ROOM_PREFIX", "")]).unwrap().room_prefix, "");
    }

    #[test]
    fn set_but_empty_is_refused_rather_than_defaulted() {
        assert_eq!(err_var(&[("LIVEKIT_API_SECRET", "")]), "LIVEKIT_API_SECRET");
        assert_eq!(err_var(&[("LIVEKIT_API_KEY", "  ")]), "LIVEKIT_API_KEY");
        assert_eq!(err_var(&[("LK_AGENT_NAME", "")]), "LK_AGENT_NAME");
    }

    #[test]
    fn livekit_url_must_be_a_websocket_url() {
        assert_eq!(
            err_var(&[("LIVEKIT_URL", "https://x.livekit.cloud")]),
            "LIVEKIT_URL"
        );
        assert_eq!(err_var(&[("LIVEKIT_URL", "127.0.0.1:7880")]), "LIVEKIT_URL");
        assert_eq!(err_var(&[("LIVEKIT_URL", "wss://")]), "LIVEKIT_URL");
        assert_eq!(err_var(&[("LIVEKIT_URL", "ws://a b")]), "LIVEKIT_URL");
    }

    #[test]
    fn bind_must_be_a_socket_address() {
        assert_eq!(err_var(&[("LK_BIND", "localhost")]), "LK_BIND");
        assert_eq!(err_var(&[("LK_BIND", "8080")]), "LK_BIND");
        assert!(parse(&[("LK_BIND", "[::1]:0")]).is_ok());
    }

    #[test]
    fn ttl_must_be_a_sane_number_of_seconds() {
        assert_eq!(
            err_var(&[("LK_TOKEN_TTL_SECS", "15m")]),
            "LK_TOKEN_TTL_SECS"
        );
        assert_eq!(err_var(&[("LK_TOKEN_TTL_SECS", "-5")]), "LK_TOKEN_TTL_SECS");
        assert_eq!(err_var(&[("LK_TOKEN_TTL_SECS", "0")]), "LK_TOKEN_TTL_SECS");
        assert_eq!(
            err_var(&[("LK_TOKEN_TTL_SECS", "86401")]),
            "LK_TOKEN_TTL_SECS"
        );
        assert!(parse(&[("LK_TOKEN_TTL_SECS", "86400")]).is_ok());
    }

    #[test]
    fn room_prefix_is_restricted_to_a_safe_alphabet() {
        assert_eq!(err_var(&[("LK_ROOM_PREFIX", "call/")]), "LK_ROOM_PREFIX");
        assert_eq!(err_var(&[("LK_ROOM_PREFIX", "café-")]), "LK_ROOM_PREFIX");
        let long = "x".repeat(65);
        assert_eq!(
            err_var(&[("LK_ROOM_PREFIX", long.as_str())]),
            "LK_ROOM_PREFIX"
        );
    }

    #[test]
    fn cors_origins_are_origins() {
        assert_eq!(
            err_var(&[("LK_CORS_ORIGINS", "example.com")]),
            "LK_CORS_ORIGINS"
        );
        assert_eq!(
            err_var(&[("LK_CORS_ORIGINS", "https://example.com/")]),
            "LK_CORS_ORIGINS"
        );
        assert_eq!(
            err_var(&[("LK_CORS_ORIGINS", "*, https://a.example")]),
            "LK_CORS_ORIGINS"
        );
        assert_eq!(err_var(&[("LK_CORS_ORIGINS", " , ")]), "LK_CORS_ORIGINS");
        assert_eq!(
            parse(&[("LK_CORS_ORIGINS", " * ")]).unwrap().cors_origins,
            CorsOrigins::Any
        );
    }

    #[test]
    fn errors_and_debug_output_never_contain_the_secret() {
        let secret = "do-not-print-me-0123456789abcdef";
        let c = parse(&[("LIVEKIT_API_SECRET", secret)]).unwrap();
        assert!(!format!("{c:?}").contains(secret));

        let e = parse(&[("LIVEKIT_API_SECRET", secret), ("LK_BIND", "nope")]).unwrap_err();
        assert!(!e.to_string().contains(secret));
        assert!(e.to_string().starts_with("LK_BIND: "));
    }
}
