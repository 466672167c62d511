"""Processes for the live tests: a loopback-only livekit-server and a worker, each in its own
process group, stopped (SIGTERM, then SIGKILL) also when a test fails."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Iterator

API_KEY, API_SECRET = "devkey", "secret"

# Loopback only, verified with this Python client and with headless Chromium (fake mic):
# - node_ip 127.0.0.1: advertise loopback, and no public STUN lookups (offline box);
# - interfaces [lo]: otherwise the UDP mux also listens on eth0/IPv6 and ICE may pick those;
# - enable_loopback_candidate: REQUIRED once only `lo` is allowed; without it the server has no
#   ICE candidate at all and clients fail with "wait_pc_connection timed out" (no TCP fallback).
# The same via flags: --dev --bind 127.0.0.1 --port <http> --rtc.tcp_port <tcp> --udp-port <udp>
#   --node-ip 127.0.0.1 --rtc.enable_loopback_candidate  (interfaces need the YAML).
SERVER_CONFIG = """\
port: {http}
bind_addresses: ["127.0.0.1"]
rtc:
  tcp_port: {tcp}
  udp_port: {udp}
  node_ip: 127.0.0.1
  use_external_ip: false
  enable_loopback_candidate: true
  interfaces:
    includes: [lo]
keys:
  {key}: {secret}
logging:
  level: info
"""


def find_server_bin() -> str | None:
    for c in (os.environ.get("LIVEKIT_SERVER_BIN"), shutil.which("livekit-server"),
              str(Path.home() / ".cache/lk-voice-widget/bin/livekit-server"),
              str(Path.home() / ".cache/lk-voice-widget/gobin/server")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_group(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30.0) -> bool:
    """Signal the process group, wait, SIGKILL leftovers. True if it ended by itself."""
    pgid = proc.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)
    deadline = time.monotonic() + timeout
    clean = True
    while True:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.2)
        if proc.poll() is not None and not group_alive(pgid):
            break
        if time.monotonic() > deadline:
            clean = False
            break
    if group_alive(pgid) or proc.poll() is None:
        clean = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
    return clean


def tail(path: Path, n: int = 60) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return f"<no {path.name}>"
    return f"--- {path} (last {n} lines) ---\n" + "\n".join(lines[-n:])


def port_free(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as s:
        if kind == socket.SOCK_STREAM:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def livekit_server(server_bin: str, tmp: Path, http: int, tcp: int, udp: int,
                   start_timeout: float = 60.0) -> Iterator[Path]:
    """A livekit-server --dev on the given loopback ports; yields its log path."""
    for port, kind in ((http, socket.SOCK_STREAM), (tcp, socket.SOCK_STREAM),
                       (udp, socket.SOCK_DGRAM)):
        if not port_free(port, kind):
            raise RuntimeError(f"port {port} is in use: another livekit-server (or test run)?")
    config = tmp / "livekit.yaml"
    config.write_text(SERVER_CONFIG.format(http=http, tcp=tcp, udp=udp, key=API_KEY,
                                           secret=API_SECRET))
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([server_bin, "--dev", "--config", str(config)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"livekit-server exited with {proc.returncode}\n{tail(log)}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"http://127.0.0.1:{http}/", timeout=2) as r:
                    if r.status == 200:
                        break
            if time.monotonic() > deadline:
                raise RuntimeError(f"livekit-server not ready in {start_timeout}s\n{tail(log)}")
            time.sleep(0.2)
        yield log
    finally:
        stop_group(proc, timeout=15)
