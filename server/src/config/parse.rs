//! One parser per variable. Each error names its variable and says what would be accepted.

use std::fmt::Display;
use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::time::Duration;

use super::*;
use crate::client_ip::IpNet;
use crate::validate;

/// Shorter than this and a token can expire between minting and the WebSocket handshake on a slow
/// network; LiveKit refreshes tokens of connected participants itself, so long TTLs buy nothing.
const MIN_TTL_SECS: u64 = 10;
const MAX_TTL_SECS: u64 = 24 * 60 * 60;

/// Room names end up in URLs, logs and dashboards; keeping the prefix to a safe alphabet avoids
/// quoting surprises in all of them.
const MAX_ROOM_PREFIX_LEN: usize = 64;

pub(super) fn livekit_url(url: String) -> Result<String, ConfigError> {
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

/// The dev credentials (`devkey`/`secret`) are the defaults, but only for a LiveKit server on
/// this machine: pointed anywhere else they are either wrong (a real project rejects them) or,
/// worse, right (a server left in `--dev` mode that anyone can mint tokens for).
pub(super) fn credentials(
    livekit_url: &str,
    key: Option<String>,
    secret: Option<String>,
) -> Result<(String, ApiSecret), ConfigError> {
    if let (Some(key), None) = (&key, &secret) {
        if key != DEFAULT_API_KEY {
            return Err(ConfigError::new(
                LIVEKIT_API_SECRET,
                format!("is not set; LIVEKIT_API_KEY {key:?} needs the secret that goes with it"),
            ));
        }
    }
    let key_given = key.is_some();
    let secret_given = secret.is_some();
    let key = key.unwrap_or_else(|| DEFAULT_API_KEY.to_owned());
    let secret = ApiSecret::new(secret.unwrap_or_else(|| DEFAULT_API_SECRET.to_owned()));
    if !url_is_loopback(livekit_url) {
        let reason = |what: &str| {
            format!(
                "{what} the public development credential, but LIVEKIT_URL {livekit_url} is not a \
                 LiveKit server on this machine; set LIVEKIT_API_KEY and LIVEKIT_API_SECRET to \
                 that project's key and secret"
            )
        };
        if key == DEFAULT_API_KEY {
            let what = if key_given {
                "is devkey,"
            } else {
                "is not set, so it would default to devkey,"
            };
            return Err(ConfigError::new(LIVEKIT_API_KEY, reason(what)));
        }
        if secret.expose() == DEFAULT_API_SECRET {
            let what = if secret_given {
                "is"
            } else {
                "is not set, so it would default to"
            };
            return Err(ConfigError::new(LIVEKIT_API_SECRET, reason(what)));
        }
    }
    Ok((key, secret))
}

/// `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: the URLs `livekit-server --dev` is used with.
pub fn url_is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

pub(super) fn agent_name(name: String) -> Result<String, ConfigError> {
    validate::agent_name(LK_AGENT_NAME, &name)
        .map_err(|e| ConfigError::new(LK_AGENT_NAME, e.problem))?;
    Ok(name)
}

/// The default agent first, then the others in the order given, without duplicates.
pub(super) fn allowed_agents(
    default: &str,
    raw: Option<String>,
) -> Result<Vec<String>, ConfigError> {
    let mut agents = vec![default.to_owned()];
    for name in raw.iter().flat_map(|r| r.split(',')).map(str::trim) {
        if name.is_empty() {
            continue;
        }
        validate::agent_name(LK_ALLOWED_AGENTS, name)
            .map_err(|e| ConfigError::new(LK_ALLOWED_AGENTS, format!("{name:?} {}", e.problem)))?;
        if !agents.iter().any(|a| a == name) {
            agents.push(name.to_owned());
        }
    }
    Ok(agents)
}

pub(super) fn number<T>(
    var: &'static str,
    raw: Option<String>,
    default: T,
    range: RangeInclusive<T>,
) -> Result<T, ConfigError>
where
    T: FromStr + PartialOrd + Display + Copy,
{
    let Some(raw) = raw else {
        return Ok(default);
    };
    let describe = || {
        format!(
            "use a whole number from {} to {}",
            range.start(),
            range.end()
        )
    };
    let value: T = raw
        .parse()
        .map_err(|_| ConfigError::new(var, format!("{raw:?} is not a number; {}", describe())))?;
    if !range.contains(&value) {
        return Err(ConfigError::new(
            var,
            format!("{value} is out of range; {}", describe()),
        ));
    }
    Ok(value)
}

pub(super) fn flag(var: &'static str, raw: Option<String>) -> Result<bool, ConfigError> {
    match raw.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("0" | "false" | "no" | "off") => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some(other) => Err(ConfigError::new(
            var,
            format!("{other:?} is not a yes/no value; use 1 or 0"),
        )),
    }
}

pub(super) fn bind(bind: String) -> Result<SocketAddr, ConfigError> {
    bind.parse().map_err(|_| {
        ConfigError::new(
            LK_BIND,
            format!("{bind:?} is not an IP:port address, e.g. 127.0.0.1:8080 or 0.0.0.0:8080"),
        )
    })
}

pub(super) fn room_prefix(prefix: String) -> Result<String, ConfigError> {
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

pub(super) fn ttl(raw: String) -> Result<Duration, ConfigError> {
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

pub(super) fn allowed_origins(
    raw: Option<String>,
    old_name: Option<String>,
) -> Result<AllowedOrigins, ConfigError> {
    if let Some(old) = old_name {
        return Err(ConfigError::new(
            LK_CORS_ORIGINS,
            format!(
                "was renamed LK_ALLOWED_ORIGINS, and its default changed from * to this server's \
                 own pages only; set LK_ALLOWED_ORIGINS={old} (the sites that embed the widget) \
                 and unset LK_CORS_ORIGINS"
            ),
        ));
    }
    let Some(raw) = raw else {
        return Ok(AllowedOrigins::Listed(Vec::new()));
    };
    let entries: Vec<&str> = raw
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if entries == ["*"] {
        return Ok(AllowedOrigins::Any);
    }
    if entries.is_empty() || entries.contains(&"*") {
        return Err(ConfigError::new(
            LK_ALLOWED_ORIGINS,
            "use either * alone or a comma-separated list of origins like https://example.com",
        ));
    }
    let mut origins: Vec<String> = Vec::new();
    for entry in entries {
        let origin = crate::origin::normalize(entry).ok_or_else(|| {
            ConfigError::new(
                LK_ALLOWED_ORIGINS,
                format!(
                    "{entry:?} is not an origin; write it as https://host[:port] with no path or \
                     trailing slash, exactly as the browser's address bar shows the site"
                ),
            )
        })?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(AllowedOrigins::Listed(origins))
}

/// Only the URL's shape is checked here; whether Redis answers is the limiter's business (it
/// starts without Redis and keeps trying, see `shared_limit`).
pub(super) fn redis_url(raw: String) -> Result<RedisUrl, ConfigError> {
    let rest = raw.strip_prefix("redis://").ok_or_else(|| {
        ConfigError::new(
            LK_REDIS_URL,
            "must start with redis:// (e.g. redis://127.0.0.1:6379/0; TLS, rediss://, is not \
             supported: reach Redis over a private network or a local TLS tunnel)",
        )
    })?;
    let host = rest.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || raw.chars().any(char::is_whitespace) {
        return Err(ConfigError::new(
            LK_REDIS_URL,
            "needs a host, e.g. redis://127.0.0.1:6379/0",
        ));
    }
    redis::IntoConnectionInfo::into_connection_info(raw.as_str()).map_err(|e| {
        ConfigError::new(
            LK_REDIS_URL,
            format!("is not a usable Redis URL ({e}); e.g. redis://:password@10.0.0.5:6379/0"),
        )
    })?;
    Ok(RedisUrl(raw))
}

pub(super) fn metrics_addr(raw: String) -> Result<SocketAddr, ConfigError> {
    raw.parse().map_err(|_| {
        ConfigError::new(
            LK_METRICS_ADDR,
            format!(
                "{raw:?} is not an IP:port address, e.g. 127.0.0.1:9464 (keep it off the public \
                 port: metrics are for your monitoring, not for visitors)"
            ),
        )
    })
}

pub(super) fn trusted_proxies(raw: Option<String>) -> Result<TrustedProxies, ConfigError> {
    let nets = raw
        .iter()
        .flat_map(|r| r.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|entry| {
            IpNet::parse(entry).ok_or_else(|| {
                ConfigError::new(
                    LK_TRUSTED_PROXIES,
                    format!(
                        "{entry:?} is not an IP address or network; list the proxies in front of \
                         this server like 127.0.0.1,10.0.0.0/8"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TrustedProxies::new(nets))
}

pub(super) fn log_format(raw: Option<String>) -> Result<LogFormat, ConfigError> {
    match raw.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(ConfigError::new(
            LK_LOG_FORMAT,
            format!("{other:?} is not a log format; use text or json"),
        )),
    }
}
