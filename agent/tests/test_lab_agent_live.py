"""End-to-end for the lab worker (lab_agent.py): a real `livekit-server --dev`, the worker, and a
Python user client.

Starts its own server on non-default loopback ports (27880 signal, 27881 ICE/TCP, 27882 ICE/UDP)
and its own worker with a unique agent name, then joins a fresh room as a user whose token
dispatches the agent. Every process started here runs in its own process group and is stopped
(SIGTERM, then SIGKILL) also when a test fails.

What the user checks: the greeting (audio and its `lk.transcription` stream), a voice turn
(a 1 s sine burst, then silence), a chat question, mute, SIGTERM mid-call, and a German call
(dispatch metadata) with snapshot-style transcripts.

Skipped only when the livekit-server binary is missing: $LIVEKIT_SERVER_BIN, else
`livekit-server` on PATH, else ~/.cache/lk-voice-widget/gobin/server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import re
import uuid
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

import levels
import live_stack
import replies
from live_stack import API_KEY, API_SECRET, group_alive, stop_group, tail

AGENT_DIR = Path(__file__).resolve().parent.parent
HTTP_PORT, RTC_TCP_PORT, RTC_UDP_PORT = 27880, 27881, 27882
URL = f"ws://127.0.0.1:{HTTP_PORT}"

# generous: the CI box has 2 cores and runs other builds
SERVER_START_TIMEOUT = 60.0
WORKER_REGISTER_TIMEOUT = 120.0
AGENT_JOIN_TIMEOUT = 60.0
STATE_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0  # worker: 5 s drain + job shutdown

SERVER_BIN = live_stack.find_server_bin()
pytestmark = pytest.mark.skipif(
    SERVER_BIN is None,
    reason="livekit-server binary not found (set LIVEKIT_SERVER_BIN, put livekit-server on PATH, "
    "or build ~/.cache/lk-voice-widget/gobin/server)",
)


class Worker:
    def __init__(self, proc: subprocess.Popen, log: Path, agent_name: str) -> None:
        self.proc, self.log, self.agent_name = proc, log, agent_name


@contextlib.contextmanager
def run_worker(tmp_path: Path, agent_name: str, **extra_env: str) -> Iterator[Worker]:
    log = tmp_path / f"worker-{agent_name}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LK_AGENT_")}
    env.update(
        LIVEKIT_URL=URL,
        LIVEKIT_API_KEY=API_KEY,
        LIVEKIT_API_SECRET=API_SECRET,
        LK_AGENT_NAME=agent_name,
        **extra_env,
    )
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(AGENT_DIR / "lab_agent.py"), "start"],
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
        stop_group(proc, timeout=STOP_TIMEOUT)  # no-op when the test already stopped it


@pytest.fixture(scope="module")
def livekit_server(tmp_path_factory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("livekit")
    try:
        with live_stack.livekit_server(SERVER_BIN, tmp, HTTP_PORT, RTC_TCP_PORT, RTC_UDP_PORT,
                                       start_timeout=SERVER_START_TIMEOUT) as log:
            yield log
    except RuntimeError as e:
        pytest.fail(str(e))


# ---- the user side -----------------------------------------------------------------------------


def user_token(room_name: str, agent_name: str, identity: str = "test-user",
               agent_metadata: str | None = None) -> str:
    from livekit import api

    dispatch = api.RoomAgentDispatch(agent_name=agent_name)
    if agent_metadata is not None:
        dispatch.metadata = agent_metadata
    return (
        api.AccessToken(API_KEY, API_SECRET)
        .with_identity(identity)
        .with_name("Test User")
        .with_grants(api.VideoGrants(room_join=True, room=room_name))
        .with_room_config(api.RoomConfiguration(agents=[dispatch]))
        .to_jwt()
    )


class Stream:
    """One received text stream."""

    def __init__(self, topic: str, identity: str, info) -> None:
        self.topic = topic
        self.identity = identity  # as reported to the handler
        self.stream_id = info.stream_id
        self.open_attrs: dict[str, str] = dict(info.attributes or {})
        self.end_attrs: dict[str, str] | None = None  # after the stream ended (trailer merged)
        self.chunks: list[tuple[float, str]] = []
        self.opened_at = time.monotonic()
        self.error: str | None = None

    @property
    def text(self) -> str:
        return "".join(c for _, c in self.chunks)

    @property
    def done(self) -> bool:
        return self.end_attrs is not None

    @property
    def segment_id(self) -> str | None:
        return self.open_attrs.get("lk.segment_id")

    @property
    def final(self) -> bool:
        return (self.end_attrs or self.open_attrs).get("lk.transcription_final") == "true"

    def __repr__(self) -> str:
        return (f"Stream({self.topic} from {self.identity} open={self.open_attrs} "
                f"end={self.end_attrs} chunks={len(self.chunks)} text={self.text!r})")


class Observed:
    def __init__(self) -> None:
        self.agent_identity: str | None = None
        self.agent_kind: int | None = None
        self.agent_track_sid: str | None = None
        self.agent_track_name: str | None = None
        self.user_track_sid: str | None = None
        self.states: list[str] = []
        self.attributes: dict[str, str] = {}
        self.dbfs_history: list[int] = []
        self.agent_frame_levels: list[float] = []
        self.streams: list[Stream] = []
        self.events: list[str] = []

    def transcripts(self) -> list[Stream]:
        return [s for s in self.streams if s.topic == "lk.transcription"]

    def agent_segments(self) -> dict[str, list[Stream]]:
        """lk.transcription streams for the agent's own track, grouped by segment id."""
        out: dict[str, list[Stream]] = {}
        for s in self.transcripts():
            if s.open_attrs.get("lk.transcribed_track_id") == self.agent_track_sid:
                out.setdefault(s.segment_id or "?", []).append(s)
        return out

    def final_agent_text(self, pred) -> tuple[str, list[Stream]] | None:
        for seg, streams in self.agent_segments().items():
            if any(s.done and s.final and pred(s.text) for s in streams):
                return seg, streams
        return None

    def chats_from_agent(self) -> list[Stream]:
        return [s for s in self.streams if s.topic == "lk.chat" and s.done
                and s.identity == self.agent_identity]

    def states_since(self, mark: int) -> list[str]:
        return self.states[mark:]


def in_order(seq: list[str], wanted: list[str]) -> bool:
    it = iter(seq)
    return all(any(x == w for x in it) for w in wanted)


async def wait_until(pred, timeout: float, what: str, obs: Observed) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; states={obs.states} "
                f"attributes={obs.attributes} events={obs.events[-20:]} streams={obs.streams[-8:]}"
            )
        await asyncio.sleep(0.1)


class Mic:
    """The user's microphone: silence, or a 440 Hz sine at 0.3 of full scale (about -13.5 dBFS),
    counted in frames so a burst lasts exactly as long as asked, whatever the event loop does."""

    RATE, N = 48000, 480

    def __init__(self) -> None:
        from livekit import rtc

        self.source = rtc.AudioSource(self.RATE, 1)
        self.on = False
        self.burst_frames = 0
        self._phase = 0

    def burst(self, seconds: float) -> None:
        self.burst_frames = int(round(seconds * self.RATE / self.N))

    async def run(self) -> None:
        from livekit import rtc

        silence = np.zeros(self.N, dtype=np.int16)
        while True:
            loud = self.on or self.burst_frames > 0
            if self.burst_frames > 0:
                self.burst_frames -= 1
            if loud:
                t = (np.arange(self.N) + self._phase) / self.RATE
                samples = (0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
            else:
                samples = silence
            self._phase += self.N
            await self.source.capture_frame(rtc.AudioFrame(samples.tobytes(), self.RATE, 1, self.N))


async def user_session(agent_name: str, scenario, *, agent_metadata: str | None = None) -> Observed:
    """Join a fresh room as a user (silent mic) whose token dispatches `agent_name`, wait for the
    agent to join and say its greeting, then run `scenario(room, mic, obs)` while connected."""
    from livekit import rtc

    obs = Observed()
    room_name = f"agent-live-{uuid.uuid4().hex[:10]}"  # fresh room: dispatch applies on creation
    room = rtc.Room()
    mic = Mic()
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
        if "demo.user_audio_dbfs" in attrs:
            obs.dbfs_history.append(int(attrs["demo.user_audio_dbfs"]))

    async def meter_agent(track: rtc.Track) -> None:
        stream = rtc.AudioStream(track, sample_rate=48000, num_channels=1)
        try:
            async for ev in stream:
                obs.agent_frame_levels.append(levels.pcm16_dbfs(ev.frame.data))
        finally:
            await stream.aclose()

    async def read_stream(reader, s: Stream) -> None:
        try:
            async for chunk in reader:
                s.chunks.append((time.monotonic(), chunk))
        except Exception as e:  # noqa: BLE001
            s.error = repr(e)
        s.end_attrs = dict(reader.info.attributes or {})

    def on_text_stream(topic: str):
        def handler(reader, participant_identity: str) -> None:
            s = Stream(topic, participant_identity, reader.info)
            obs.streams.append(s)
            tasks.append(asyncio.create_task(read_stream(reader, s)))
        return handler

    def on_track_subscribed(track, publication, participant) -> None:
        obs.events.append(f"track_subscribed {participant.identity} {publication.name}")
        if participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_AGENT and track.kind == rtc.TrackKind.KIND_AUDIO:
            obs.agent_track_name = publication.name
            obs.agent_track_sid = publication.sid
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
    room.register_text_stream_handler("lk.transcription", on_text_stream("lk.transcription"))
    room.register_text_stream_handler("lk.chat", on_text_stream("lk.chat"))

    try:
        await room.connect(URL, user_token(room_name, agent_name, agent_metadata=agent_metadata))
        for p in room.remote_participants.values():
            note_agent(p)
        track = rtc.LocalAudioTrack.create_audio_track("mic", mic.source)
        pub = await room.local_participant.publish_track(
            track, rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
        )
        obs.user_track_sid = pub.sid
        tasks.append(asyncio.create_task(mic.run()))

        await wait_until(lambda: obs.agent_identity is not None, AGENT_JOIN_TIMEOUT, "the agent to join", obs)
        await wait_until(lambda: "listening" in obs.states, STATE_TIMEOUT, "lk.agent.state=listening", obs)
        await scenario(room, track, mic, obs)
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await room.disconnect()
        await mic.source.aclose()
    return obs


def check_agent_segment(obs: Observed, seg: str, streams: list[Stream], expected_text: str,
                        mode: str) -> None:
    """The transcript of one utterance, in the given wire format."""
    diag = f"segment {seg}: {streams}"
    assert seg.startswith("SG_"), diag
    assert all(s.identity == obs.agent_identity for s in streams), diag
    assert all(s.open_attrs.get("lk.transcribed_track_id") == obs.agent_track_sid for s in streams), diag
    assert all(s.error is None for s in streams), diag
    if mode == "delta":
        # one stream: header final=false, the words as paced chunks, trailer final=true
        assert len(streams) == 1, diag
        (s,) = streams
        assert s.open_attrs.get("lk.transcription_final") == "false", diag
        assert s.end_attrs is not None and s.end_attrs.get("lk.transcription_final") == "true", diag
        assert s.end_attrs.get("lk.segment_id") == seg, diag
        assert s.text == expected_text, diag
        assert len(s.chunks) == len(expected_text.split()), diag
        spread = s.chunks[-1][0] - s.chunks[0][0]
        assert spread > 1.0, f"chunks not paced with the speech (spread {spread:.2f}s) {diag}"
    else:
        # interim snapshots (final=false, growing text), then one final stream with all of it
        interims = [s for s in streams if s.open_attrs.get("lk.transcription_final") == "false"]
        finals = [s for s in streams if s.open_attrs.get("lk.transcription_final") == "true"]
        assert len(finals) == 1 and streams[-1] is finals[0], diag
        assert finals[0].text == expected_text, diag
        assert len(interims) == len(expected_text.split()), diag
        texts = [s.text for s in interims]
        assert all(expected_text.startswith(t) for t in texts), diag
        assert texts == sorted(texts, key=len) and texts[-1] == expected_text, diag
        spread = interims[-1].opened_at - interims[0].opened_at
        assert spread > 1.0, f"interims not paced with the speech (spread {spread:.2f}s) {diag}"


# ---- tests -------------------------------------------------------------------------------------

GREETING_EN = replies.GREETINGS["en"]
GREETING_DE = replies.GREETINGS["de"]


def test_agent_call(livekit_server, tmp_path):
    """Greeting, voice turn, chat, mute, and SIGTERM mid-call, in one call."""
    agent_name = f"sofia-test-{uuid.uuid4().hex[:6]}"
    with run_worker(tmp_path, agent_name) as worker:
        stopped_cleanly: list[bool] = []
        checkpoints: dict[str, object] = {}

        async def scenario(room, track, mic: Mic, obs: Observed) -> None:
            # -- the greeting: audio and its transcript
            await wait_until(lambda: obs.final_agent_text(lambda t: t == GREETING_EN), STATE_TIMEOUT,
                             "the greeting's final transcript", obs)
            checkpoints["greeting"] = obs.final_agent_text(lambda t: t == GREETING_EN)
            checkpoints["states_after_greeting"] = list(obs.states)

            # -- a voice turn: 1 s of "speech", then silence
            mark = len(obs.states)
            mic.burst(1.0)
            await wait_until(lambda: in_order(obs.states_since(mark), ["thinking", "speaking", "listening"]),
                             STATE_TIMEOUT, "thinking -> speaking -> listening after the voice turn", obs)
            checkpoints["turn_states"] = obs.states_since(mark)
            await wait_until(lambda: obs.final_agent_text(lambda t: t.startswith("I heard you for")),
                             STATE_TIMEOUT, "the voice-turn reply transcript", obs)
            checkpoints["turn_reply"] = obs.final_agent_text(lambda t: t.startswith("I heard you for"))
            checkpoints["user_transcripts"] = [
                s for s in obs.transcripts()
                if s.open_attrs.get("lk.transcribed_track_id") == obs.user_track_sid]
            checkpoints["max_dbfs"] = max(obs.dbfs_history or [-999])

            # -- chat: answered aloud (+ transcript) only, like AgentSession; nothing on lk.chat
            mark = len(obs.states)
            question = "Hi, can I book an appointment next week?"
            await room.local_participant.send_text(question, topic="lk.chat")
            offer = "We have a free slot on Tuesday at 10 a.m. Shall I book it?"
            await wait_until(lambda: obs.final_agent_text(lambda t: t == offer), STATE_TIMEOUT,
                             "the spoken chat reply's transcript", obs)
            checkpoints["chat_spoken"] = obs.final_agent_text(lambda t: t == offer)
            await wait_until(lambda: in_order(obs.states_since(mark), ["thinking", "speaking", "listening"]),
                             STATE_TIMEOUT, "thinking -> speaking -> listening after chat", obs)
            checkpoints["chat"] = list(obs.chats_from_agent())

            # -- mute: the agent reports silence and demo.user_muted
            mic.on = True
            await wait_until(lambda: int(obs.attributes.get("demo.user_audio_dbfs", "-999")) > -25
                             and obs.attributes.get("demo.user_muted") == "false",
                             STATE_TIMEOUT, "a loud, unmuted mic", obs)
            track.mute()
            await wait_until(lambda: obs.attributes.get("demo.user_muted") == "true"
                             and obs.attributes.get("demo.user_audio_dbfs") == "-100",
                             STATE_TIMEOUT, "demo.user_muted=true and -100 dBFS", obs)
            track.unmute()
            await wait_until(lambda: obs.attributes.get("demo.user_muted") == "false"
                             and int(obs.attributes.get("demo.user_audio_dbfs", "-999")) > -25,
                             STATE_TIMEOUT, "demo.user_muted=false and the level back", obs)
            mic.on = False

            # -- SIGTERM to the worker's group while the call (a job) is still running
            ok = await asyncio.to_thread(stop_group, worker.proc, signal.SIGTERM, STOP_TIMEOUT)
            stopped_cleanly.append(ok)

        try:
            obs = asyncio.run(user_session(agent_name, scenario))
        except AssertionError as e:
            raise AssertionError(f"{e}\n{tail(worker.log, 80)}\n{tail(livekit_server)}") from None

        diag = f"states={obs.states} attributes={obs.attributes}\n{tail(worker.log, 80)}"
        assert obs.agent_kind is not None, diag
        assert obs.agent_track_name == "agent-voice", diag

        # greeting: initializing -> speaking -> listening, audible, transcript in delta format
        states = checkpoints["states_after_greeting"]
        assert in_order(states, ["initializing", "speaking", "listening"]), diag
        assert "thinking" not in states, diag
        assert obs.agent_frame_levels, "no audio frames received from the agent\n" + diag
        loudest = max(obs.agent_frame_levels)
        assert loudest > -35, f"agent audio is silent (max {loudest:.1f} dBFS)\n{diag}"
        audible = sum(lvl > -45 for lvl in obs.agent_frame_levels)
        assert audible >= 50, f"only {audible} audible 10 ms frames from the agent\n{diag}"
        seg, streams = checkpoints["greeting"]
        check_agent_segment(obs, seg, streams, GREETING_EN, "delta")

        # the voice turn: user placeholder transcript (interim, then final) + a spoken reply
        assert checkpoints["turn_states"][:3] == ["thinking", "speaking", "listening"], checkpoints
        seg, streams = checkpoints["turn_reply"]
        check_agent_segment(obs, seg, streams, streams[0].text, "delta")
        user = checkpoints["user_transcripts"]
        finals = [s for s in user if s.final and s.done]
        assert len(finals) == 1, user
        m = re.fullmatch(r"\(speech detected, (\d+\.\d) s\)", finals[0].text)
        assert m and 0.6 <= float(m.group(1)) <= 1.6, user
        assert f"{float(m.group(1)):.1f} seconds" in streams[0].text, (user, streams)
        assert all(s.segment_id == finals[0].segment_id for s in user), user
        # like livekit-agents' user transcripts: sent by the agent on behalf of the user, and
        # the server passes the user's identity on as the sender
        assert all(s.identity == "test-user" for s in user), user
        assert user[0].open_attrs.get("lk.transcription_final") == "false", user
        assert obs.attributes.get("demo.heard_user") == "true", diag
        # the sine is 0.3 of full scale: about -13.5 dBFS
        assert -25 <= checkpoints["max_dbfs"] <= -5, (checkpoints["max_dbfs"], diag)

        # chat
        assert checkpoints["chat"] == [], "the typed question was answered on lk.chat as well"
        seg, streams = checkpoints["chat_spoken"]
        check_agent_segment(obs, seg, streams,
                            "We have a free slot on Tuesday at 10 a.m. Shall I book it?", "delta")

        log = worker.log.read_text(errors="replace")
        assert "user audio level: " in log and " dBFS" in log, diag

        assert stopped_cleanly == [True], f"worker group did not exit on SIGTERM\n{tail(worker.log)}"
        assert not group_alive(worker.proc.pid)


OFFER_DE = "Wir haben am Dienstag um 10 Uhr einen freien Termin. Soll ich ihn für Sie buchen?"


def test_german_dispatch_metadata(livekit_server, tmp_path):
    """{"lang": "de"} in the dispatch metadata: German greeting and chat (snapshot transcripts,
    also chosen by the metadata); the job ends when the user leaves."""
    agent_name = f"sofia-de-{uuid.uuid4().hex[:6]}"
    with run_worker(tmp_path, agent_name) as worker:
        got: dict[str, object] = {}

        async def scenario(room, track, mic: Mic, obs: Observed) -> None:
            await wait_until(lambda: obs.final_agent_text(lambda t: t == GREETING_DE), STATE_TIMEOUT,
                             "the German greeting's final transcript", obs)
            got["greeting"] = obs.final_agent_text(lambda t: t == GREETING_DE)
            await room.local_participant.send_text("Haben Sie nächste Woche einen Termin frei?",
                                                   topic="lk.chat")
            await wait_until(lambda: obs.final_agent_text(lambda t: t == OFFER_DE), STATE_TIMEOUT,
                             "the German spoken answer's transcript", obs)
            got["spoken"] = obs.final_agent_text(lambda t: t == OFFER_DE)
            got["chat"] = [c.text for c in obs.chats_from_agent()]

        try:
            obs = asyncio.run(user_session(
                agent_name, scenario, agent_metadata='{"lang": "de", "transcript": "snapshot"}'))
        except AssertionError as e:
            raise AssertionError(f"{e}\n{tail(worker.log, 80)}\n{tail(livekit_server)}") from None

        seg, streams = got["greeting"]
        check_agent_segment(obs, seg, streams, GREETING_DE, "snapshot")
        seg, streams = got["spoken"]
        check_agent_segment(obs, seg, streams, OFFER_DE, "snapshot")
        assert got["chat"] == [], "the typed question was answered on lk.chat as well"

        # the user left: the job ends by itself
        deadline = time.monotonic() + STATE_TIMEOUT
        while "last user left; ending the job" not in worker.log.read_text(errors="replace"):
            assert time.monotonic() < deadline, tail(worker.log, 80)
            time.sleep(0.2)


def test_idle_worker_exits_on_sigint_without_strays(livekit_server, tmp_path):
    with run_worker(tmp_path, f"sofia-idle-{uuid.uuid4().hex[:6]}") as worker:
        assert stop_group(worker.proc, signal.SIGINT, STOP_TIMEOUT), tail(worker.log)
        assert not group_alive(worker.proc.pid)
