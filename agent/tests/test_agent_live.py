"""End-to-end: a real `livekit-server --dev`, the real worker, and a Python user client.

Starts its own server on non-default loopback ports (27880 signal, 27881 ICE/TCP, 27882 ICE/UDP)
and its own worker with a unique agent name, then joins a fresh room as a user whose token
dispatches the agent. Every process started here runs in its own process group and is stopped
(SIGTERM, then SIGKILL) also when a test fails.

Skipped only when the livekit-server binary is missing: $LIVEKIT_SERVER_BIN, else
`livekit-server` on PATH, else ~/.cache/lk-voice-widget/gobin/server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

import levels

AGENT_DIR = Path(__file__).resolve().parent.parent
HTTP_PORT, RTC_TCP_PORT, RTC_UDP_PORT = 27880, 27881, 27882
URL = f"ws://127.0.0.1:{HTTP_PORT}"
API_KEY, API_SECRET = "devkey", "secret"

# generous: the CI box has 2 cores and runs other builds
SERVER_START_TIMEOUT = 60.0
WORKER_REGISTER_TIMEOUT = 120.0
AGENT_JOIN_TIMEOUT = 60.0
STATE_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0  # worker: 5 s drain + job shutdown

# Loopback only, verified with this Python client and with headless Chromium (fake mic):
# - node_ip 127.0.0.1: advertise loopback, and no public STUN lookups (offline box);
# - interfaces [lo]: otherwise the UDP mux also listens on eth0/IPv6 and ICE may pick those;
# - enable_loopback_candidate: REQUIRED once only `lo` is allowed; without it the server has no
#   ICE candidate at all and clients fail with "wait_pc_connection timed out" (no TCP fallback).
# The same via flags: --dev --bind 127.0.0.1 --port 27880 --rtc.tcp_port 27881 --udp-port 27882
#   --node-ip 127.0.0.1 --rtc.enable_loopback_candidate  (interfaces need the YAML).
SERVER_CONFIG = f"""\
port: {HTTP_PORT}
bind_addresses: ["127.0.0.1"]
rtc:
  tcp_port: {RTC_TCP_PORT}
  udp_port: {RTC_UDP_PORT}
  node_ip: 127.0.0.1
  use_external_ip: false
  enable_loopback_candidate: true
  interfaces:
    includes: [lo]
keys:
  {API_KEY}: {API_SECRET}
logging:
  level: info
"""


def find_server_bin() -> str | None:
    candidates = [
        os.environ.get("LIVEKIT_SERVER_BIN"),
        shutil.which("livekit-server"),
        str(Path.home() / ".cache/lk-voice-widget/gobin/server"),
    ]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


SERVER_BIN = find_server_bin()
pytestmark = pytest.mark.skipif(
    SERVER_BIN is None,
    reason="livekit-server binary not found (set LIVEKIT_SERVER_BIN, put livekit-server on PATH, "
    "or build ~/.cache/lk-voice-widget/gobin/server)",
)


# ---- process helpers ---------------------------------------------------------------------------


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_group(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> bool:
    """Signal the whole process group, wait, SIGKILL leftovers. True if it ended by itself."""
    pgid = proc.pid  # start_new_session=True: the child leads its own group
    clean = True
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.2)
        if proc.poll() is not None and not group_alive(pgid):
            break
    else:
        clean = False
    if group_alive(pgid) or proc.poll() is None:
        clean = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
    return clean


def tail(path: Path, n: int = 40) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return f"<no {path.name}>"
    return f"--- {path} (last {n} lines) ---\n" + "\n".join(lines[-n:])


def port_free(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as s:
        if kind == socket.SOCK_STREAM:
            # like the server's own listener: TIME_WAIT leftovers of a previous run are fine
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Worker:
    def __init__(self, proc: subprocess.Popen, log: Path, agent_name: str) -> None:
        self.proc, self.log, self.agent_name = proc, log, agent_name


@contextlib.contextmanager
def run_worker(tmp_path: Path, agent_name: str) -> Iterator[Worker]:
    log = tmp_path / f"worker-{agent_name}.log"
    env = dict(
        os.environ,
        LIVEKIT_URL=URL,
        LIVEKIT_API_KEY=API_KEY,
        LIVEKIT_API_SECRET=API_SECRET,
        LK_AGENT_NAME=agent_name,
    )
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(AGENT_DIR / "agent.py"), "start"],
            cwd=AGENT_DIR.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + WORKER_REGISTER_TIMEOUT
        while "registered worker" not in log.read_text(errors="replace"):
            if proc.poll() is not None:
                pytest.fail(f"worker exited with {proc.returncode} before registering\n{tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"worker did not register within {WORKER_REGISTER_TIMEOUT}s\n{tail(log)}")
            time.sleep(0.2)
        yield Worker(proc, log, agent_name)
    finally:
        stop_group(proc)  # no-op when the test already stopped it


@pytest.fixture(scope="module")
def livekit_server(tmp_path_factory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("livekit")
    for port, kind in ((HTTP_PORT, socket.SOCK_STREAM), (RTC_TCP_PORT, socket.SOCK_STREAM),
                       (RTC_UDP_PORT, socket.SOCK_DGRAM)):
        if not port_free(port, kind):
            pytest.fail(f"port {port} is in use: another livekit-server (or test run) is running")
    config = tmp / "livekit.yaml"
    config.write_text(SERVER_CONFIG)
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [SERVER_BIN, "--dev", "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"livekit-server exited with {proc.returncode}\n{tail(log)}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"livekit-server not ready within {SERVER_START_TIMEOUT}s\n{tail(log)}")
            time.sleep(0.2)
        yield log
    finally:
        assert stop_group(proc, signal.SIGTERM, timeout=15), "livekit-server needed SIGKILL"


# ---- the user side -----------------------------------------------------------------------------


def user_token(room_name: str, agent_name: str, identity: str = "test-user") -> str:
    from livekit import api

    return (
        api.AccessToken(API_KEY, API_SECRET)
        .with_identity(identity)
        .with_name("Test User")
        .with_grants(api.VideoGrants(room_join=True, room=room_name))
        .with_room_config(
            api.RoomConfiguration(agents=[api.RoomAgentDispatch(agent_name=agent_name)])
        )
        .to_jwt()
    )


class Observed:
    def __init__(self) -> None:
        self.agent_identity: str | None = None
        self.agent_kind: int | None = None
        self.states: list[str] = []
        self.attributes: dict[str, str] = {}
        self.agent_track_name: str | None = None
        self.agent_frame_levels: list[float] = []
        self.events: list[str] = []


async def wait_until(pred, timeout: float, what: str, obs: Observed) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; states={obs.states} "
                f"attributes={obs.attributes} events={obs.events[-20:]}"
            )
        await asyncio.sleep(0.1)


async def user_session(agent_name: str, on_listening=None) -> Observed:
    """Join as a user with a 440 Hz sine mic and watch the agent. `on_listening(obs)` (async)
    runs while still connected, after all assertions-worthy data was collected."""
    from livekit import rtc

    obs = Observed()
    room_name = f"agent-live-{uuid.uuid4().hex[:10]}"  # fresh room: dispatch applies on creation
    room = rtc.Room()
    tasks: list[asyncio.Task] = []

    def note_agent(p: rtc.RemoteParticipant) -> None:
        if p.kind == rtc.ParticipantKind.PARTICIPANT_KIND_AGENT and obs.agent_identity is None:
            obs.agent_identity, obs.agent_kind = p.identity, p.kind
            note_attributes(p.attributes, p)

    def note_attributes(attrs, p) -> None:
        if p.identity != obs.agent_identity:
            return
        obs.attributes.update(attrs)
        state = attrs.get("lk.agent.state")
        if state and (not obs.states or obs.states[-1] != state):
            obs.states.append(state)

    async def meter_agent(track: rtc.Track) -> None:
        stream = rtc.AudioStream(track, sample_rate=48000, num_channels=1)
        try:
            async for ev in stream:
                obs.agent_frame_levels.append(levels.pcm16_dbfs(ev.frame.data))
        finally:
            await stream.aclose()

    def on_track_subscribed(track, publication, participant) -> None:
        obs.events.append(f"track_subscribed {participant.identity} {publication.name}")
        if participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_AGENT and track.kind == rtc.TrackKind.KIND_AUDIO:
            obs.agent_track_name = publication.name
            tasks.append(asyncio.create_task(meter_agent(track)))

    def on_participant_connected(p) -> None:
        obs.events.append(f"participant_connected {p.identity} kind={p.kind}")
        note_agent(p)

    def on_attributes_changed(changed, p) -> None:
        obs.events.append(f"attributes {p.identity} {dict(changed)}")
        note_attributes(dict(changed), p)

    room.on("participant_connected", on_participant_connected)
    room.on("participant_attributes_changed", on_attributes_changed)
    room.on("track_subscribed", on_track_subscribed)

    source = rtc.AudioSource(48000, 1)

    async def sine_mic() -> None:
        n, phase = 480, 0
        while True:
            t = (np.arange(n) + phase) / 48000
            phase += n
            samples = (0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
            await source.capture_frame(rtc.AudioFrame(samples.tobytes(), 48000, 1, n))

    try:
        await room.connect(URL, user_token(room_name, agent_name))
        for p in room.remote_participants.values():
            note_agent(p)
        mic = rtc.LocalAudioTrack.create_audio_track("mic", source)
        await room.local_participant.publish_track(
            mic, rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
        )
        tasks.append(asyncio.create_task(sine_mic()))

        await wait_until(lambda: obs.agent_identity is not None, AGENT_JOIN_TIMEOUT, "the agent to join", obs)
        await wait_until(lambda: "listening" in obs.states, STATE_TIMEOUT, "lk.agent.state=listening", obs)
        await wait_until(lambda: obs.attributes.get("demo.heard_user") == "true", STATE_TIMEOUT,
                         "demo.heard_user=true", obs)
        if on_listening is not None:
            await on_listening(obs)
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await room.disconnect()
        await source.aclose()
    return obs


# ---- tests -------------------------------------------------------------------------------------


def test_agent_greets_and_hears_user(livekit_server, tmp_path):
    agent_name = f"sofia-test-{uuid.uuid4().hex[:6]}"
    with run_worker(tmp_path, agent_name) as worker:
        stopped_cleanly: list[bool] = []

        async def stop_worker_mid_call(obs: Observed) -> None:
            # SIGTERM to the worker's group while the call (a job) is still running
            ok = await asyncio.to_thread(stop_group, worker.proc, signal.SIGTERM, STOP_TIMEOUT)
            stopped_cleanly.append(ok)

        try:
            obs = asyncio.run(user_session(agent_name, on_listening=stop_worker_mid_call))
        except AssertionError as e:
            raise AssertionError(f"{e}\n{tail(worker.log)}\n{tail(livekit_server)}") from None

        diag = f"states={obs.states} attributes={obs.attributes}\n{tail(worker.log)}"
        assert obs.agent_kind is not None, diag
        assert obs.agent_track_name == "agent-voice", diag
        assert obs.states[-1] == "listening" and "speaking" in obs.states, diag
        assert obs.states.index("speaking") < obs.states.index("listening"), diag
        assert obs.agent_frame_levels, "no audio frames received from the agent\n" + diag
        loudest = max(obs.agent_frame_levels)
        assert loudest > -35, f"agent audio is silent (max {loudest:.1f} dBFS)\n{diag}"
        audible = sum(lvl > -45 for lvl in obs.agent_frame_levels)
        assert audible >= 50, f"only {audible} audible 10 ms frames from the agent\n{diag}"
        assert obs.attributes.get("demo.heard_user") == "true", diag
        # the sine is 0.3 of full scale: about -13.5 dBFS
        assert -25 <= int(obs.attributes["demo.user_audio_dbfs"]) <= -5, diag

        log = worker.log.read_text(errors="replace")
        assert "user audio level: " in log and " dBFS" in log, diag

        assert stopped_cleanly == [True], f"worker group did not exit on SIGTERM\n{tail(worker.log)}"
        assert not group_alive(worker.proc.pid)


def test_idle_worker_exits_on_sigint_without_strays(livekit_server, tmp_path):
    with run_worker(tmp_path, f"sofia-idle-{uuid.uuid4().hex[:6]}") as worker:
        assert stop_group(worker.proc, signal.SIGINT, STOP_TIMEOUT), tail(worker.log)
        assert not group_alive(worker.proc.pid)
