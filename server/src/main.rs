//! `lk-token-server`: mints LiveKit tokens for the voice widget and serves its files.
//!
//! Output contract relied on by scripts and tests: exactly one stdout line,
//! `lk-token-server listening on http://ADDR`, once the port is bound; logs go to stderr.

use std::io::IsTerminal;
use std::process::ExitCode;

use lk_token_server::config::{Config, LogFormat};
use lk_token_server::{shutdown_signal, Server};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // Config first: a refusal is one plain line on stderr, whatever the log format would be.
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("lk-token-server: invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(config.log_format);

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lk-token-server: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };

    runtime.block_on(async {
        let server = match Server::bind(&config).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("lk-token-server: cannot listen on {}: {e}", config.bind);
                return ExitCode::FAILURE;
            }
        };
        println!(
            "lk-token-server listening on http://{}",
            server.local_addr()
        );
        tracing::info!(
            livekit_url = %config.livekit_url,
            api_key = %config.api_key,
            default_agent = %config.agent_name,
            allowed_agents = ?config.allowed_agents,
            fixed_rooms = config.allow_room_names,
            static_dir = %config.static_dir.display(),
            ttl_secs = config.token_ttl.as_secs(),
            rate_limit_per_min = config.rate_limit.per_minute,
            rate_limit_burst = config.rate_limit.burst,
            rate_limit_shared = config.redis_url.as_ref().map(|u| u.redacted()),
            allowed_origins = ?config.allowed_origins,
            metrics = %lk_token_server::metrics::describe(server.metrics_addr()),
            trusted_proxies = config.trusted_proxies.nets().len(),
            max_connections = config.max_connections,
            "ready"
        );
        match server.run(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lk-token-server: server error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// `RUST_LOG` works as usual; without it, info. A malformed `RUST_LOG` falls back rather than
/// stopping the server, since logging is not worth an outage. `LK_LOG_FORMAT=json` writes one
/// JSON object per line for log collectors.
fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::builder()
        .with_default_directive(tracing::level_filters::LevelFilter::INFO.into())
        .from_env_lossy();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().with_current_span(false).init(),
        // Colour codes make piped logs (scripts, CI, docker) unreadable; only colour a terminal.
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
    }
}
