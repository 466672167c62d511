//! The process contract scripts rely on: the start line, exit codes, signals, quiet secrets.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lk_token_server::config::VARS;

const SECRET: &str = "binary-test-secret-never-printed-0123456789";

fn command(vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lk-token-server"));
    for var in VARS {
        cmd.env_remove(var);
    }
    cmd.env("RUST_LOG", "debug")
        .env("LIVEKIT_API_SECRET", SECRET)
        .env("LK_STATIC_DIR", "/nonexistent/lk-token-server-test")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

fn wait_with_timeout(child: &mut Child, timeout: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            panic!("process did not exit within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Everything the (exited) child wrote to stderr.
fn stderr_text(child: &mut Child) -> String {
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

#[test]
fn invalid_config_exits_2_with_one_line() {
    let mut child = command(&[("LK_BIND", "not-an-address")]).spawn().unwrap();
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    assert_eq!(status.code(), Some(2));
    let stderr = stderr_text(&mut child);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("LK_BIND"), "{stderr}");
    assert!(!stderr.contains(SECRET));
}

#[test]
fn dev_credentials_with_a_remote_livekit_refuse_to_start() {
    for vars in [
        vec![("LIVEKIT_URL", "wss://my-project.livekit.cloud")],
        vec![
            ("LIVEKIT_URL", "wss://my-project.livekit.cloud"),
            ("LIVEKIT_API_KEY", "devkey"),
        ],
    ] {
        let mut child = command(&vars).spawn().unwrap();
        let status = wait_with_timeout(&mut child, Duration::from_secs(30));
        assert_eq!(status.code(), Some(2), "{vars:?}");
        let stderr = stderr_text(&mut child);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("LIVEKIT_API_KEY"), "{stderr}");
        assert!(stderr.contains("my-project.livekit.cloud"), "{stderr}");
        assert!(!stderr.contains(SECRET));
    }
}

#[test]
fn a_key_without_a_secret_refuses_to_start() {
    let mut cmd = command(&[("LIVEKIT_API_KEY", "APIreal")]);
    cmd.env_remove("LIVEKIT_API_SECRET");
    let mut child = cmd.spawn().unwrap();
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    assert_eq!(status.code(), Some(2));
    let stderr = stderr_text(&mut child);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("LIVEKIT_API_SECRET"), "{stderr}");
}

#[cfg(unix)] // sends SIGTERM with kill(1)
#[tokio::test]
async fn prints_start_line_serves_and_stops_on_sigterm() {
    run_and_stop(&[("LK_BIND", "127.0.0.1:0")], |stderr| {
        assert!(stderr.contains("minted token"), "{stderr}");
    })
    .await;
}

#[cfg(unix)]
#[tokio::test]
async fn json_logs_are_one_object_per_line_without_the_secret() {
    run_and_stop(
        &[("LK_BIND", "127.0.0.1:0"), ("LK_LOG_FORMAT", "json")],
        |stderr| {
            let mut minted = false;
            for line in stderr.lines() {
                let json: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                minted |= json["fields"]["message"] == "minted token";
            }
            assert!(minted, "{stderr}");
        },
    )
    .await;
}

/// Starts the binary, checks the start line, mints one token, sends SIGTERM, expects a clean
/// exit and hands the log to `check`. The secret must not appear in it.
#[cfg(unix)]
async fn run_and_stop(vars: &[(&str, &str)], check: impl FnOnce(&str)) {
    let mut child = command(vars).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let addr = first
        .trim_end()
        .strip_prefix("lk-token-server listening on http://")
        .unwrap_or_else(|| panic!("unexpected start line {first:?}"))
        .to_owned();
    assert!(
        addr.starts_with("127.0.0.1:") && !addr.ends_with(":0"),
        "{addr}"
    );

    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let token = client
        .post(format!("http://{addr}/api/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 200);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    assert!(status.success(), "{status:?}");

    let stderr = stderr_text(&mut child);
    assert!(
        !stderr.contains(SECRET),
        "the secret leaked into the log:\n{stderr}"
    );
    check(&stderr);
}
