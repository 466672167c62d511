#!/usr/bin/env bash
# Load benchmark for lk-token-server on loopback. See README.md beside this script.
#
# Builds the release binary and the load generator (server/examples/loadgen.rs), then:
#   1. throughput: a server with the rate limiter on but set out of reach; closed-loop clients
#      at 1, 4 and 16 connections -> tokens/s and latency percentiles.
#   2. flood: a server with the default limits; 50 clients from their own addresses at 1.5
#      requests/s each, first alone, then while one address floods (2000 req/s, then as fast as
#      the server answers) -> 429s with Retry-After, and the other clients' latency.
# Prints a summary and writes everything as JSON to $OUT.
#
# Environment: OUT (default target/bench/token-server.json), DURATION seconds per run (10),
# CONNECTIONS (1,4,16), SKIP_BUILD=1 to reuse the binaries.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$ROOT/target/bench/token-server"
OUT="${OUT:-$ROOT/target/bench/token-server.json}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-1,4,16}"
mkdir -p "$WORK" "$(dirname "$OUT")"

# The same profile `scripts/build` ships, so the numbers are the deployed binary's.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building release binaries (cargo build --release -p lk-token-server --example loadgen)…" >&2
  cargo build --release -q -p lk-token-server --bin lk-token-server --example loadgen
fi
SERVER_BIN="$ROOT/target/release/lk-token-server"
LOADGEN="$ROOT/target/release/examples/loadgen"

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT

# start_server NAME [VAR=value…]: starts the server on a free loopback port with a clean
# environment (a LIVEKIT_URL in the caller's shell must not change the run) and sets ADDR.
start_server() {
  local name=$1; shift
  : >"$WORK/$name.stdout"
  env -i PATH="$PATH" LK_BIND=127.0.0.1:0 LK_STATIC_DIR="$WORK/no-static" RUST_LOG=info "$@" \
    "$SERVER_BIN" >"$WORK/$name.stdout" 2>"$WORK/$name.log" &
  SERVER_PID=$!
  ADDR=""
  for _ in $(seq 1 100); do
    ADDR="$(sed -n 's#^lk-token-server listening on http://##p' "$WORK/$name.stdout")"
    [ -n "$ADDR" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start; see $WORK/$name.log" >&2
  exit 1
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

start_server throughput LK_RATE_LIMIT_PER_MIN=1000000 LK_RATE_LIMIT_BURST=1000000
"$LOADGEN" throughput --addr "$ADDR" --connections "$CONNECTIONS" --duration "$DURATION" \
  >"$WORK/throughput.json"
stop_server

start_server flood
"$LOADGEN" flood --addr "$ADDR" --duration "$DURATION" --flood-rate 2000 >"$WORK/flood.json"
stop_server
start_server flood-max
"$LOADGEN" flood --addr "$ADDR" --duration "$DURATION" --flood-rate 0 >"$WORK/flood-max.json"
stop_server

# 3. fleet: one instance, one on the Redis limiter, two sharing it (bench/token-server/fleet.sh).
FLEET_JSON=null
if command -v redis-server >/dev/null; then
  OUT="$WORK/fleet.json" SKIP_BUILD=1 DURATION="$DURATION" bash "$ROOT/bench/token-server/fleet.sh"
  FLEET_JSON="$(cat "$WORK/fleet.json")"
fi

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
{
  printf '{\n"machine": {"cpus": %s, "loadavg_before": "%s", "loadavg_after": "%s", "rustc": "%s", "date": "%s"},\n' \
    "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" "$(rustc --version)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '"server": "release profile of the workspace; RUST_LOG=info, log to a file",\n'
  printf '"target": {"tokens_per_s": 5000, "p99_ms": 5},\n'
  printf '"throughput": %s,\n' "$(cat "$WORK/throughput.json")"
  printf '"flood_2000_per_s": %s,\n' "$(cat "$WORK/flood.json")"
  printf '"flood_max": %s,\n' "$(cat "$WORK/flood-max.json")"
  printf '"fleet": %s\n}\n' "$FLEET_JSON"
} >"$OUT"
echo "load average before/after: $LOAD_BEFORE / $LOAD_AFTER (cpus: $(nproc))" >&2
echo "wrote $OUT" >&2
