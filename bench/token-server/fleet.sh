#!/usr/bin/env bash
# Token throughput of the fleet: one instance (its own limiter), one instance on the Redis limiter,
# two instances sharing it. The same load generator (server/examples/loadgen.rs) for all three,
# interleaved (ROUNDS rounds of the three in turn) so a change in the machine's load hits all
# alike. Everything on loopback: a redis-server on a free port, the servers, the generator; every
# process is stopped at the end. Writes JSON to $OUT (default target/bench/token-fleet.json).
#
# Environment: DURATION seconds per run (10), CONNECTIONS (4), ROUNDS (2), SKIP_BUILD=1.
# Requests come from one address (127.0.0.1), a client alternating between the instances; the
# limit is on but out of reach, so every request pays the limiter's full path (a Redis round trip).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$ROOT/target/bench/token-fleet"
OUT="${OUT:-$ROOT/target/bench/token-fleet.json}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-4}"
ROUNDS="${ROUNDS:-2}"
mkdir -p "$WORK" "$(dirname "$OUT")"
command -v redis-server >/dev/null || { echo "fleet bench: redis-server missing (scripts/setup installs it)" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release -q -p lk-token-server --bin lk-token-server --example loadgen
fi
SERVER_BIN="$ROOT/target/release/lk-token-server"
LOADGEN="$ROOT/target/release/examples/loadgen"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap cleanup EXIT

REDIS_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for _ in $(seq 1 100); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done

# start NAME [VAR=value…]: sets ADDR (not a $(…) subshell, so its PID is kept for cleanup)
start() {
  local name=$1; shift
  : >"$WORK/$name.stdout"
  env -i PATH="$PATH" LK_BIND=127.0.0.1:0 LK_STATIC_DIR="$WORK/no-static" RUST_LOG=warn \
    LK_RATE_LIMIT_PER_MIN=1000000 LK_RATE_LIMIT_BURST=1000000 "$@" \
    "$SERVER_BIN" >"$WORK/$name.stdout" 2>"$WORK/$name.log" &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    ADDR="$(sed -n 's#^lk-token-server listening on http://##p' "$WORK/$name.stdout")"
    if [ -n "$ADDR" ]; then return 0; fi
    sleep 0.1
  done
  echo "fleet bench: $name did not start; see $WORK/$name.log" >&2
  exit 1
}

REDIS="LK_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
start local; LOCAL=$ADDR
start shared-a "$REDIS"; SHARED_A=$ADDR
start shared-b "$REDIS"; SHARED_B=$ADDR
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

results=()
for round in $(seq 1 "$ROUNDS"); do
  for setup in one_local one_redis two_redis; do
    case $setup in
      one_local) addrs="$LOCAL" ;;
      one_redis) addrs="$SHARED_A" ;;
      two_redis) addrs="$SHARED_A,$SHARED_B" ;;
    esac
    echo "fleet bench: round $round, $setup" >&2
    json="$("$LOADGEN" throughput --addr "$addrs" --connections "$CONNECTIONS" --duration "$DURATION")"
    results+=("{\"round\": $round, \"setup\": \"$setup\", \"result\": $json}")
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  printf '{"machine": {"cpus": %s, "loadavg_before": "%s", "loadavg_after": "%s", "redis": "%s", "date": "%s"},\n' \
    "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" "$(redis-server --version | cut -d' ' -f3)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '"connections": %s, "duration_s": %s, "rounds": [%s]}\n' "$CONNECTIONS" "$DURATION" "$(IFS=,; echo "${results[*]}")"
} >"$OUT"
echo "wrote $OUT" >&2
