//! Config parsing: defaults, each variable's rules, and the start-up refusals.

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
    assert_eq!(c.allowed_origins, AllowedOrigins::Listed(vec![]));
    assert_eq!(c.redis_url, None);
    assert_eq!(c.metrics_addr, None);
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
            "LK_ALLOWED_ORIGINS",
            "https://a.example, HTTP://localhost:3000, https://a.example:443",
        ),
        ("LK_REDIS_URL", "redis://:hunter2@10.0.0.5:6379/2"),
        ("LK_METRICS_ADDR", "127.0.0.1:9464"),
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
        c.allowed_origins,
        AllowedOrigins::Listed(vec![
            "https://a.example".to_owned(),
            "http://localhost:3000".to_owned(),
        ])
    );
    let redis = c.redis_url.as_ref().unwrap();
    assert_eq!(redis.expose(), "redis://:hunter2@10.0.0.5:6379/2");
    assert!(!format!("{c:?}").contains("hunter2"));
    assert_eq!(c.metrics_addr, Some("127.0.0.1:9464".parse().unwrap()));
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
fn allowed_origins_are_origins() {
    for bad in [
        "example.com",
        "https://example.com/",
        "*, https://a.example",
        " , ",
        "null",
    ] {
        assert_eq!(
            err_var(&[("LK_ALLOWED_ORIGINS", bad)]),
            "LK_ALLOWED_ORIGINS",
            "{bad}"
        );
    }
    assert_eq!(
        parse(&[("LK_ALLOWED_ORIGINS", " * ")])
            .unwrap()
            .allowed_origins,
        AllowedOrigins::Any
    );
}

#[test]
fn the_old_cors_variable_is_refused_with_the_new_name() {
    let e = parse(&[("LK_CORS_ORIGINS", "https://a.example")]).unwrap_err();
    assert_eq!(e.var, "LK_CORS_ORIGINS");
    assert!(
        e.reason.contains("LK_ALLOWED_ORIGINS=https://a.example"),
        "{e}"
    );
}

#[test]
fn redis_and_metrics_addresses() {
    for bad in [
        "127.0.0.1:6379",
        "rediss://r.example",
        "redis://",
        "redis:///0",
    ] {
        assert_eq!(err_var(&[("LK_REDIS_URL", bad)]), "LK_REDIS_URL", "{bad}");
    }
    assert_eq!(err_var(&[("LK_METRICS_ADDR", "9464")]), "LK_METRICS_ADDR");
    assert_eq!(
        err_var(&[
            ("LK_BIND", "127.0.0.1:8080"),
            ("LK_METRICS_ADDR", "127.0.0.1:8080")
        ]),
        "LK_METRICS_ADDR"
    );
    let c = parse(&[("LK_REDIS_URL", "redis://127.0.0.1:6379")]).unwrap();
    assert_eq!(c.redis_url.unwrap().redacted(), "redis://127.0.0.1:6379");
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

const REAL_SECRET: &str = "s3cr3t-that-is-long-enough-for-prod";

#[test]
fn dev_credentials_only_work_with_a_local_livekit_server() {
    for url in [
        "ws://127.0.0.1:7880",
        "ws://localhost:7880",
        "ws://LOCALHOST",
        "ws://[::1]:7880/",
        "ws://lk.localhost:7880",
        "ws://127.0.0.2",
    ] {
        assert!(parse(&[("LIVEKIT_URL", url)]).is_ok(), "{url}");
    }
    // Nothing set: the key would default to devkey.
    let e = parse(&[("LIVEKIT_URL", "wss://x.livekit.cloud")]).unwrap_err();
    assert_eq!(e.var, "LIVEKIT_API_KEY");
    assert!(e.reason.contains("wss://x.livekit.cloud"), "{e}");
    // The dev secret with a real key, or the dev key with a real secret.
    assert_eq!(
        err_var(&[
            ("LIVEKIT_URL", "wss://x.livekit.cloud"),
            ("LIVEKIT_API_KEY", "APIabc"),
            ("LIVEKIT_API_SECRET", "secret"),
        ]),
        "LIVEKIT_API_SECRET"
    );
    assert_eq!(
        err_var(&[
            ("LIVEKIT_URL", "ws://192.168.1.20:7880"),
            ("LIVEKIT_API_KEY", "devkey"),
            ("LIVEKIT_API_SECRET", REAL_SECRET),
        ]),
        "LIVEKIT_API_KEY"
    );
    // userinfo can't smuggle a loopback host past the check.
    assert_eq!(
        err_var(&[("LIVEKIT_URL", "wss://127.0.0.1@evil.example")]),
        "LIVEKIT_API_KEY"
    );
    assert!(parse(&[
        ("LIVEKIT_URL", "wss://x.livekit.cloud"),
        ("LIVEKIT_API_KEY", "APIabc"),
        ("LIVEKIT_API_SECRET", REAL_SECRET),
    ])
    .is_ok());
}

#[test]
fn a_key_without_its_secret_is_refused() {
    let e = parse(&[("LIVEKIT_API_KEY", "APIabc")]).unwrap_err();
    assert_eq!(e.var, "LIVEKIT_API_SECRET");
    assert!(e.reason.contains("APIabc"), "{e}");
    // On loopback the dev pair may be given in part: the other half defaults.
    assert!(parse(&[("LIVEKIT_API_KEY", "devkey")]).is_ok());
    assert!(parse(&[("LIVEKIT_API_SECRET", REAL_SECRET)]).is_ok());
}

#[test]
fn refusals_are_one_line() {
    for pairs in [
        vec![("LIVEKIT_URL", "wss://x.livekit.cloud")],
        vec![("LIVEKIT_API_KEY", "APIabc")],
        vec![("LK_TRUSTED_PROXIES", "nope")],
    ] {
        let e = parse(&pairs).unwrap_err().to_string();
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn agent_names_are_checked() {
    assert_eq!(err_var(&[("LK_AGENT_NAME", "so fia")]), "LK_AGENT_NAME");
    assert_eq!(
        err_var(&[("LK_ALLOWED_AGENTS", "bob,b@d")]),
        "LK_ALLOWED_AGENTS"
    );
    let c = parse(&[("LK_ALLOWED_AGENTS", "sofia, ,bob,bob")]).unwrap();
    assert_eq!(c.allowed_agents, vec!["sofia", "bob"]);
}

#[test]
fn rate_limit_values() {
    let c = parse(&[("LK_RATE_LIMIT_PER_MIN", "0")]).unwrap();
    assert_eq!(c.rate_limit.per_minute, 0);
    let c = parse(&[("LK_RATE_LIMIT_PER_MIN", "600")]).unwrap();
    assert_eq!(
        c.rate_limit.burst, 600,
        "burst defaults to a minute's worth"
    );
    assert_eq!(
        err_var(&[("LK_RATE_LIMIT_PER_MIN", "-1")]),
        "LK_RATE_LIMIT_PER_MIN"
    );
    assert_eq!(
        err_var(&[("LK_RATE_LIMIT_PER_MIN", "lots")]),
        "LK_RATE_LIMIT_PER_MIN"
    );
    assert_eq!(
        err_var(&[("LK_RATE_LIMIT_BURST", "0")]),
        "LK_RATE_LIMIT_BURST"
    );
    assert_eq!(
        err_var(&[("LK_MAX_CONNECTIONS", "0")]),
        "LK_MAX_CONNECTIONS"
    );
}

#[test]
fn flags_and_formats() {
    assert!(
        parse(&[("LK_ALLOW_ROOM_NAMES", "true")])
            .unwrap()
            .allow_room_names
    );
    assert!(
        !parse(&[("LK_ALLOW_ROOM_NAMES", "0")])
            .unwrap()
            .allow_room_names
    );
    assert_eq!(
        err_var(&[("LK_ALLOW_ROOM_NAMES", "maybe")]),
        "LK_ALLOW_ROOM_NAMES"
    );
    assert_eq!(err_var(&[("LK_LOG_FORMAT", "xml")]), "LK_LOG_FORMAT");
    assert_eq!(
        err_var(&[("LK_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local")]),
        "LK_TRUSTED_PROXIES"
    );
}
