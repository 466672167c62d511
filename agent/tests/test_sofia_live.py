"""End-to-end for the real agent (sofia.py): its own livekit-server (loopback ports 27980-27982),
the worker, and a Python user whose microphone plays espeak-ng speech (`-v en-us`).

1. Voice booking: greeting; the user says "i would like an appointment" -> the user transcript
   (sent with the user's identity, lk.transcribed_track_id = the user's mic) says exactly that,
   the agent looks up the page's calendar over RPC and speaks the offer; "yes please" -> it books
   the offered slot over RPC and says so; a typed question is answered by speech only.
2. Pre-connect buffer: the mic is published with the pre-connect feature and the words go into the
   `lk.agent.pre-connect-audio-buffer` byte stream (raw s16le, as livekit-client sends it) -> the
   agent answers those words instead of greeting.

Measurements (start time, RSS, end of speech -> first agent audio) are printed; run with -s.
Skipped only when the livekit-server binary is missing.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator

import numpy as np
import psutil
import pytest

import levels
import tts
from live_stack import API_KEY, API_SECRET, find_server_bin, livekit_server, stop_group, tail

AGENT_DIR = Path(__file__).resolve().parent.parent
HTTP, TCP, UDP = 27980, 27981, 27982
URL = f"ws://127.0.0.1:{HTTP}"
REGISTER_TIMEOUT = 120.0
TIMEOUT = 30.0
RATE, FRAME = 48000, 480  # the user's mic: 48 kHz, 10 ms frames
LOUD_DBFS = -45.0

GREETING = "Hello, this is Sofia from the dental practice. How can I help you?"
SLOT = {"start": "2026-11-24T10:00", "end": "2026-11-24T10:30", "label": "Tue 24 Nov, 10:00"}
OFFER = "The next free slot is Tuesday, 24 November at 10:00. Shall I book it?"
CANNED_OFFER = "The next free slot is Tuesday at 10 a.m. Shall I book it?"

SERVER_BIN = find_server_bin()
pytestmark = pytest.mark.skipif(SERVER_BIN is None, reason="livekit-server binary not found")

MEASURED: dict[str, object] = {}


# ---- processes ---------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """RSS of a process and all its children, MB."""
    proc = psutil.Process(pid)
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 1e6


class Worker:
    def __init__(self, proc: subprocess.Popen, log: Path, name: str) -> None:
        self.proc, self.log, self.name = proc, log, name


@pytest.fixture(scope="module")
def sofia(tmp_path_factory) -> Iterator[Worker]:
    tmp = tmp_path_factory.mktemp("sofia")
    with livekit_server(SERVER_BIN, tmp, HTTP, TCP, UDP) as server_log:
        name = f"sofia-test-{uuid.uuid4().hex[:6]}"
        log = tmp / "sofia.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LK_AGENT_", "SOFIA_"))}
        env.update(LIVEKIT_URL=URL, LIVEKIT_API_KEY=API_KEY, LIVEKIT_API_SECRET=API_SECRET,
                   SOFIA_AGENT_NAME=name)
        started = time.monotonic()
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, str(AGENT_DIR / "sofia.py"), "start"],
                                    cwd=AGENT_DIR.parent, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while "registered worker" not in log.read_text(errors="replace"):
                if proc.poll() is not None:
                    pytest.fail(f"sofia exited with {proc.returncode}\n{tail(log)}")
                if time.monotonic() - started > REGISTER_TIMEOUT:
                    pytest.fail(f"sofia did not register in {REGISTER_TIMEOUT}s\n{tail(log)}")
                time.sleep(0.05)
            MEASURED["start_s"] = round(time.monotonic() - started, 2)
            time.sleep(1.0)  # the idle job process is prewarmed
            MEASURED["rss_idle_mb"] = round(rss_mb(proc.pid), 1)
            worker = Worker(proc, log, name)
            worker.server_log = server_log  # type: ignore[attr-defined]
            yield worker
        finally:
            clean = stop_group(proc)
            print(f"\nsofia measurements: {json.dumps(MEASURED)}")
            assert clean, f"sofia did not stop on SIGTERM\n{tail(log)}"


# ---- the user ----------------------------------------------------------------------------------


def speech(text: str) -> np.ndarray:
    """espeak-ng's US voice saying `text`, as 48 kHz mono int16."""
    from livekit import rtc

    wav = subprocess.run(["espeak-ng", "-v", "en-us", "--stdout", text], check=True,
                         capture_output=True).stdout
    pcm = tts.parse_wav(wav)
    resampler = rtc.AudioResampler(pcm.sample_rate, RATE, num_channels=1,
                                   quality=rtc.AudioResamplerQuality.HIGH)
    frames = resampler.push(rtc.AudioFrame(pcm.samples.tobytes(), pcm.sample_rate, 1,
                                           pcm.samples_per_channel)) + resampler.flush()
    return np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])


class Mic:
    """Plays queued speech in real time, silence otherwise; notes when the speech ended."""

    def __init__(self) -> None:
        from livekit import rtc

        # a short queue: capture_frame paces in real time, so `speech_ended` is when the last
        # word left the mic (the default 1 s queue would run ahead of the audio)
        self.source = rtc.AudioSource(RATE, 1, queue_size_ms=20)
        self._queue: list[np.ndarray] = []
        self.speech_ended: float | None = None

    def say(self, samples: np.ndarray) -> None:
        self.speech_ended = None
        self._queue.append(samples)

    async def run(self) -> None:
        from livekit import rtc

        silence = np.zeros(FRAME, dtype=np.int16)
        pending = np.zeros(0, dtype=np.int16)
        while True:
            if not len(pending) and self._queue:
                pending = self._queue.pop(0)
            if len(pending):
                chunk, pending = pending[:FRAME], pending[FRAME:]
                chunk = np.pad(chunk, (0, FRAME - len(chunk)))
                if not len(pending):
                    self.speech_ended = time.monotonic()
            else:
                chunk = silence
            await self.source.capture_frame(rtc.AudioFrame(chunk.tobytes(), RATE, 1, FRAME))


class Call:
    """What the user sees of the agent: states, text streams, audio levels, RPCs."""

    def __init__(self) -> None:
        self.agent: str | None = None
        self.agent_attrs: dict[str, str] = {}
        self.states: list[str] = []
        self.agent_track: str | None = None
        self.user_track: str | None = None
        self.streams: list[dict] = []
        self.loud_frames: list[float] = []  # monotonic times of loud agent audio frames
        self.rpcs: list[tuple[str, dict]] = []

    def texts(self, track: str | None, *, final: bool = True) -> list[dict]:
        return [s for s in self.streams if s["topic"] == "lk.transcription" and s["done"]
                and s["attrs"].get("lk.transcribed_track_id") == track
                and (not final or s["end_attrs"].get("lk.transcription_final") == "true")]

    def agent_said(self, needle: str) -> dict | None:
        return next((s for s in self.texts(self.agent_track) if needle in s["text"]), None)

    def user_said(self) -> list[str]:
        return [s["text"] for s in self.texts(self.user_track)]

    def first_audio_after(self, t: float) -> float | None:
        return next((x - t for x in self.loud_frames if x > t), None)

    def __repr__(self) -> str:
        lines = [f"{s['topic']} from {s['identity']} {s['attrs']} {s['text']!r}"
                 for s in self.streams]
        return f"states={self.states} rpcs={self.rpcs}\n  " + "\n  ".join(lines)


async def until(pred, what: str, call: Call, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{call!r}")
        await asyncio.sleep(0.05)


def token(room: str, agent_name: str, identity: str) -> str:
    from livekit import api

    return (api.AccessToken(API_KEY, API_SECRET).with_identity(identity)
            .with_grants(api.VideoGrants(room_join=True, room=room))
            .with_room_config(api.RoomConfiguration(agents=[api.RoomAgentDispatch(
                agent_name=agent_name)]))
            .to_jwt())


async def join(worker: Worker, scenario, *, calendar: bool, pre_connect: bool) -> Call:
    from livekit import rtc

    call, room, mic = Call(), rtc.Room(), Mic()
    identity = f"user-{uuid.uuid4().hex[:6]}"
    tasks: list[asyncio.Task] = []

    def agent_attrs(p) -> None:
        if p.kind != rtc.ParticipantKind.PARTICIPANT_KIND_AGENT:
            return
        call.agent = p.identity
        call.agent_attrs.update(p.attributes)
        state = p.attributes.get("lk.agent.state")
        if state and (not call.states or call.states[-1] != state):
            call.states.append(state)

    async def read(reader, s: dict) -> None:
        async for chunk in reader:
            s["text"] += chunk
        s["end_attrs"], s["done"] = dict(reader.info.attributes or {}), True

    def on_text(topic: str):
        def handler(reader, participant_identity: str) -> None:
            s = {"topic": topic, "identity": participant_identity, "text": "", "done": False,
                 "attrs": dict(reader.info.attributes or {}), "end_attrs": {}}
            call.streams.append(s)
            tasks.append(asyncio.create_task(read(reader, s)))
        return handler

    async def meter(track) -> None:
        async for ev in rtc.AudioStream(track, sample_rate=RATE, num_channels=1):
            if levels.pcm16_dbfs(ev.frame.data) > LOUD_DBFS:
                call.loud_frames.append(time.monotonic())

    def on_track(track, publication, participant) -> None:
        if participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_AGENT:
            call.agent_track = publication.sid
            tasks.append(asyncio.create_task(meter(track)))

    async def free_slots(data) -> str:
        call.rpcs.append(("calendar.freeSlots", json.loads(data.payload or "{}")))
        return json.dumps({"slots": [SLOT]})

    async def book(data) -> str:
        call.rpcs.append(("calendar.book", json.loads(data.payload or "{}")))
        return json.dumps({"booked": True})

    room.on("participant_connected", agent_attrs)
    room.on("participant_attributes_changed", lambda changed, p: agent_attrs(p))
    room.on("track_subscribed", on_track)
    room.register_text_stream_handler("lk.transcription", on_text("lk.transcription"))
    room.register_text_stream_handler("lk.chat", on_text("lk.chat"))
    try:
        room_name = f"sofia-live-{uuid.uuid4().hex[:8]}"
        await room.connect(URL, token(room_name, worker.name, identity))
        if calendar:  # the page's calendar (examples/calendar answers like this)
            room.local_participant.register_rpc_method("calendar.freeSlots", free_slots)
            room.local_participant.register_rpc_method("calendar.book", book)
        track = rtc.LocalAudioTrack.create_audio_track("mic", mic.source)
        options = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
        if pre_connect:
            options.preconnect_buffer = True
        pub = await room.local_participant.publish_track(track, options)
        call.user_track = pub.sid
        tasks.append(asyncio.create_task(mic.run()))
        for p in room.remote_participants.values():
            agent_attrs(p)
        await scenario(room, mic, call)
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await room.disconnect()
        await mic.source.aclose()
    return call


def in_call(worker: Worker, scenario, **kw) -> Call:
    try:
        return asyncio.run(join(worker, scenario, **kw))
    except AssertionError as e:
        raise AssertionError(f"{e}\n{tail(worker.log, 80)}") from None


# ---- tests -------------------------------------------------------------------------------------


def test_voice_booking_and_typed_question(sofia):
    appointment, yes = speech("i would like an appointment"), speech("yes please")
    got: dict[str, object] = {}

    async def scenario(room, mic: Mic, call: Call) -> None:
        await until(lambda: call.agent_said(GREETING), "the greeting", call)
        await until(lambda: call.states[-1:] == ["listening"], "listening after it", call)
        mic.say(appointment)
        await until(lambda: call.agent_said("Shall I book it?"), "the spoken offer", call)
        got["latency"] = call.first_audio_after(mic.speech_ended)
        got["rss"] = rss_mb(sofia.proc.pid)
        await until(lambda: call.states[-1:] == ["listening"], "listening after the offer", call)
        mic.say(yes)
        await until(lambda: call.agent_said("booked"), "the booking confirmation", call)
        await until(lambda: call.states[-1:] == ["listening"], "listening after it", call)
        await room.local_participant.send_text("What is your name?", topic="lk.chat")
        await until(lambda: call.agent_said("My name is Sofia"), "the typed answer", call)
        await asyncio.sleep(0.5)

    call = in_call(sofia, scenario, calendar=True, pre_connect=False)

    # the user's words, sent by the agent on the user's behalf for the user's track
    user_lines = call.texts(call.user_track)
    assert [s["text"] for s in user_lines] == ["i would like an appointment", "yes please"], call
    assert all(s["identity"] != call.agent for s in user_lines), call
    # she looked up the page's calendar, offered its slot, and booked that slot on "yes please"
    assert call.agent_said(OFFER), call
    assert [name for name, _ in call.rpcs] == ["calendar.freeSlots", "calendar.book"], call
    assert call.rpcs[1][1]["start"] == SLOT["start"], call
    assert call.agent_said("Done, I booked Tuesday, 24 November at 10:00 for you."), call
    # typed: answered by speech (+ transcript) only
    assert call.agent_said("My name is Sofia. I am the assistant of the dental practice."), call
    assert not [s for s in call.streams if s["topic"] == "lk.chat"], call
    assert "thinking" in call.states and "speaking" in call.states, call
    assert got["latency"] is not None and 0 < got["latency"] < 3.0, got
    MEASURED["speech_end_to_first_audio_s"] = round(got["latency"], 3)
    MEASURED["rss_in_call_mb"] = round(got["rss"], 1)


def test_pre_connect_buffer_is_answered_instead_of_greeting(sofia):
    """The words are only in the buffer (the live mic is silent): the agent must wait for it,
    transcribe it and answer it, not greet over it."""
    words = speech("i would like an appointment")
    buffer = np.concatenate([np.zeros(RATE // 4, np.int16), words, np.zeros(RATE // 2, np.int16)])

    async def scenario(room, mic: Mic, call: Call) -> None:
        # livekit-client sends the buffer once an agent is present and active
        await until(lambda: call.agent is not None and "lk.agent.state" in call.agent_attrs,
                    "the agent", call)
        writer = await room.local_participant.stream_bytes(
            "preconnect-buffer", topic="lk.agent.pre-connect-audio-buffer",
            destination_identities=[call.agent],
            attributes={"trackId": call.user_track, "sampleRate": str(RATE), "channels": "1"})
        data = buffer.tobytes()
        for i in range(0, len(data), 16000):
            await writer.write(data[i:i + 16000])
        await writer.aclose()
        await until(lambda: call.agent_said("Shall I book it?"), "the answer to the buffer", call)
        await asyncio.sleep(1.0)  # a greeting would come now at the latest

    call = in_call(sofia, scenario, calendar=False, pre_connect=True)
    assert call.user_said() == ["i would like an appointment"], call
    agent_lines = [s["text"] for s in call.texts(call.agent_track)]
    assert agent_lines == [CANNED_OFFER], call
