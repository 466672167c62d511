"""Demo voice agent "Sofia" for lk-voice-widget's dev stack and e2e tests.

A plain livekit-agents worker (no AgentSession, no model plugins): it greets the user with
espeak-ng speech and measures the user's microphone level, publishing it as participant
attributes so a browser test can prove its audio reached the agent.

    python agent/agent.py start

Environment: LIVEKIT_URL (ws://127.0.0.1:7880), LIVEKIT_API_KEY (devkey),
LIVEKIT_API_SECRET (secret), LK_AGENT_NAME (sofia), LK_AGENT_VOICE (espeak-ng voice, default
espeak's own), LK_AGENT_GREETING (override the greeting text), LK_AGENT_DRAIN_TIMEOUT (seconds a
SIGTERM waits for running calls, default 5).

Participant attributes it sets on itself:
    lk.agent.state        initializing -> speaking -> listening
    demo.user_audio_dbfs  max user mic level (dBFS, rounded int) over the last ~500 ms
    demo.heard_user       "true" once the user's level exceeded -50 dBFS
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import sys
import time
from pathlib import Path

# `python agent/agent.py` puts agent/ on sys.path already; this keeps imports working when the
# module is loaded some other way (e.g. `python -m` from elsewhere, tests).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import numpy as np  # noqa: E402
from livekit import rtc  # noqa: E402
from livekit.agents import (  # noqa: E402
    AutoSubscribe,
    JobContext,
    JobExecutorType,
    WorkerOptions,
    cli,
)

import levels  # noqa: E402
import tts  # noqa: E402

logger = logging.getLogger("sofia-agent")

DEFAULT_URL = "ws://127.0.0.1:7880"
DEFAULT_API_KEY = "devkey"
DEFAULT_API_SECRET = "secret"
DEFAULT_AGENT_NAME = "sofia"

GREETING = "Hello, this is Sofia from the dental practice. How can I help you?"
TRACK_NAME = "agent-voice"
LEAD_IN_SILENCE_MS = 300
LISTENER_WAIT_S = 10.0
LEVEL_REPORT_INTERVAL_S = 0.5
LEVEL_LOG_INTERVAL_S = 1.0
# espeak-ng's native rate; used for the track if the first synthesis fails.
FALLBACK_SAMPLE_RATE = 22050

ATTR_AGENT_STATE = "lk.agent.state"
ATTR_USER_DBFS = "demo.user_audio_dbfs"
ATTR_HEARD_USER = "demo.heard_user"
# Topics reserved for later work (transcripts / chat), named here so they live in one place.
TOPIC_TRANSCRIPTION = "lk.transcription"
TOPIC_CHAT = "lk.chat"


class AgentState:
    IDLE = "idle"
    INITIALIZING = "initializing"
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"


def is_user(participant: rtc.Participant) -> bool:
    """A human-side participant: not another agent and not an avatar worker."""
    return (
        participant.kind != rtc.ParticipantKind.PARTICIPANT_KIND_AGENT
        and "lk.publish_on_behalf" not in participant.attributes
    )


class Speaker:
    """Owns the published audio track and plays PCM into it in real time."""

    def __init__(self, room: rtc.Room, sample_rate: int, num_channels: int = 1) -> None:
        self._room = room
        self.source = rtc.AudioSource(sample_rate, num_channels)
        self.track = rtc.LocalAudioTrack.create_audio_track(TRACK_NAME, self.source)
        self.publication: rtc.LocalTrackPublication | None = None
        self._lock = asyncio.Lock()

    @property
    def sample_rate(self) -> int:
        return self.source.sample_rate

    async def publish(self) -> rtc.LocalTrackPublication:
        opts = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
        self.publication = await self._room.local_participant.publish_track(self.track, opts)
        return self.publication

    def _conform(self, pcm: tts.Pcm) -> tts.Pcm:
        """Match the source's rate/channels (a later voice may not be 22050 Hz mono)."""
        if pcm.num_channels != self.source.num_channels:
            if pcm.num_channels > 1 and self.source.num_channels == 1:
                mono = pcm.samples.reshape(-1, pcm.num_channels).mean(axis=1).astype(np.int16)
                pcm = tts.Pcm(pcm.sample_rate, 1, mono)
            else:
                raise tts.TtsError(
                    f"cannot play {pcm.num_channels}-channel audio on a "
                    f"{self.source.num_channels}-channel source"
                )
        if pcm.sample_rate == self.sample_rate:
            return pcm
        resampler = rtc.AudioResampler(pcm.sample_rate, self.sample_rate, num_channels=1)
        frame = rtc.AudioFrame(
            pcm.samples.tobytes(), pcm.sample_rate, 1, pcm.samples_per_channel
        )
        out = resampler.push(frame) + resampler.flush()
        samples = np.concatenate(
            [np.frombuffer(f.data, dtype=np.int16) for f in out] or [np.zeros(0, np.int16)]
        )
        return tts.Pcm(self.sample_rate, 1, samples)

    async def play(self, pcm: tts.Pcm, *, lead_in_ms: int = LEAD_IN_SILENCE_MS) -> None:
        """Push `pcm` (after `lead_in_ms` of silence) in 10/20 ms frames; returns after playout.

        `capture_frame` blocks while the source's queue is full, so the loop is paced in real
        time by the AudioSource itself.
        """
        async with self._lock:
            pcm = tts.with_leading_silence(self._conform(pcm), lead_in_ms)
            spf = tts.frame_samples(pcm.sample_rate)
            for chunk in tts.iter_frames(pcm, spf):
                frame = rtc.AudioFrame(chunk.tobytes(), pcm.sample_rate, pcm.num_channels, spf)
                await self.source.capture_frame(frame)
            await self.source.wait_for_playout()

    async def aclose(self) -> None:
        await self.source.aclose()


class SofiaAgent:
    """One job (= one room). Small steps so transcripts, chat and turn detection can hook in."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self.room = ctx.room
        self.voice = os.environ.get("LK_AGENT_VOICE") or None
        self.greeting = os.environ.get("LK_AGENT_GREETING") or GREETING
        self.state = AgentState.IDLE
        self.speaker: Speaker | None = None
        self.meter = levels.LevelMeter()
        self._log_limiter = levels.RateLimiter(LEVEL_LOG_INTERVAL_S)
        self._track_subscribed_by_remote = False
        self._presence_changed = asyncio.Event()
        self._stream_tasks: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- lifecycle -------------------------------------------------------------------------

    async def run(self) -> None:
        self._register_room_handlers()
        self.ctx.add_shutdown_callback(self.aclose)

        # espeak runs while we connect: on a loaded machine this hides most of its latency
        greeting_pcm = asyncio.create_task(self._synthesize(self.greeting))

        await self.ctx.connect(auto_subscribe=AutoSubscribe.AUDIO_ONLY)
        logger.info("connected to room %s as %s", self.room.name, self.room.local_participant.identity)
        await self.set_state(AgentState.INITIALIZING)

        # tracks that were already subscribed before our handlers saw them
        for participant in self.room.remote_participants.values():
            for pub in participant.track_publications.values():
                if pub.track is not None and pub.kind == rtc.TrackKind.KIND_AUDIO:
                    self._on_track_subscribed(pub.track, pub, participant)

        pcm = await greeting_pcm
        self.speaker = Speaker(self.room, pcm.sample_rate if pcm else FALLBACK_SAMPLE_RATE)
        await self.speaker.publish()
        logger.info("published %s at %d Hz", TRACK_NAME, self.speaker.sample_rate)

        self._spawn(self._report_levels_loop(), "level-reporter")

        await self._wait_for_listener(LISTENER_WAIT_S)
        if pcm is not None:
            await self.say(self.greeting, pcm=pcm)
        await self.set_state(AgentState.LISTENING)

    async def aclose(self) -> None:
        for task in list(self._stream_tasks.values()) + list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._stream_tasks.values(), *self._tasks, return_exceptions=True)
        self._stream_tasks.clear()
        self._tasks.clear()
        if self.speaker is not None:
            await self.speaker.aclose()

    def _spawn(self, coro, name: str) -> asyncio.Task[None]:  # type: ignore[no-untyped-def]
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ---- state & speech --------------------------------------------------------------------

    async def set_state(self, state: str) -> None:
        self.state = state
        await self.room.local_participant.set_attributes({ATTR_AGENT_STATE: state})
        logger.info("agent state: %s", state)

    async def _synthesize(self, text: str, voice: str | None = None) -> tts.Pcm | None:
        try:
            return await tts.synthesize(text, voice=voice or self.voice)
        except tts.TtsError:
            logger.exception("speech synthesis failed; continuing without audio for %r", text)
            return None

    async def say(self, text: str, *, pcm: tts.Pcm | None = None, voice: str | None = None) -> None:
        """Speak `text` (synthesised unless `pcm` is given): speaking -> playout.

        The caller decides the state after speaking. Transcript publishing on
        TOPIC_TRANSCRIPTION belongs here (stream `text` alongside playout).
        """
        assert self.speaker is not None, "say() before the track was published"
        if pcm is None:
            pcm = await self._synthesize(text, voice)
            if pcm is None:
                return
        await self.set_state(AgentState.SPEAKING)
        logger.info("speaking %.1fs: %s", pcm.duration_s, text)
        await self.speaker.play(pcm)

    # ---- waiting for someone to hear us ----------------------------------------------------

    def _user_present(self) -> bool:
        return any(is_user(p) for p in self.room.remote_participants.values())

    def _listener_ready(self) -> bool:
        return self._user_present() and self._track_subscribed_by_remote

    async def _wait_for_listener(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while not self._listener_ready():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                logger.warning(
                    "no user subscribed to %s within %.0fs (user present: %s); greeting anyway",
                    TRACK_NAME,
                    timeout_s,
                    self._user_present(),
                )
                return False
            self._presence_changed.clear()
            try:
                await asyncio.wait_for(self._presence_changed.wait(), timeout=remaining)
            except asyncio.TimeoutError:
                pass
        return True

    # ---- room events -----------------------------------------------------------------------

    def _register_room_handlers(self) -> None:
        room = self.room
        room.on("participant_connected", self._on_participant_connected)
        room.on("participant_disconnected", self._on_participant_disconnected)
        room.on("local_track_subscribed", self._on_local_track_subscribed)
        room.on("track_subscribed", self._on_track_subscribed)
        room.on("track_unsubscribed", self._on_track_unsubscribed)

    def _on_participant_connected(self, participant: rtc.RemoteParticipant) -> None:
        logger.info("participant joined: %s (kind %s)", participant.identity, participant.kind)
        self._presence_changed.set()

    def _on_participant_disconnected(self, participant: rtc.RemoteParticipant) -> None:
        logger.info("participant left: %s", participant.identity)
        self._presence_changed.set()
        if is_user(participant) and not self._user_present():
            logger.info("last user left; ending the job")
            self.ctx.shutdown(reason="user left")

    def _on_local_track_subscribed(self, track: rtc.Track) -> None:
        logger.info("our track %s was subscribed", track.sid)
        self._track_subscribed_by_remote = True
        self._presence_changed.set()

    def _on_track_subscribed(
        self,
        track: rtc.Track,
        publication: rtc.RemoteTrackPublication,
        participant: rtc.RemoteParticipant,
    ) -> None:
        if track.kind != rtc.TrackKind.KIND_AUDIO or not is_user(participant):
            return
        if track.sid in self._stream_tasks:
            return
        logger.info("listening to %s's audio track %s", participant.identity, track.sid)
        task = asyncio.create_task(self._meter_track(track), name=f"meter-{track.sid}")
        self._stream_tasks[track.sid] = task
        task.add_done_callback(lambda _t, sid=track.sid: self._stream_tasks.pop(sid, None))

    def _on_track_unsubscribed(
        self,
        track: rtc.Track,
        publication: rtc.RemoteTrackPublication,
        participant: rtc.RemoteParticipant,
    ) -> None:
        task = self._stream_tasks.pop(track.sid, None)
        if task is not None:
            task.cancel()

    # ---- listening -------------------------------------------------------------------------

    async def _meter_track(self, track: rtc.Track) -> None:
        """Feed the level of every received frame to the meter (later: the turn detector)."""
        stream = rtc.AudioStream(track, sample_rate=48000, num_channels=1)
        try:
            async for event in stream:
                self.meter.add(levels.pcm16_dbfs(event.frame.data))
        finally:
            await stream.aclose()

    async def _report_levels_loop(self) -> None:
        heard_published = False
        while True:
            await asyncio.sleep(LEVEL_REPORT_INTERVAL_S)
            report = self.meter.take()
            if report is None:
                continue
            if self._log_limiter.ready(time.monotonic()):
                logger.info("user audio level: %d dBFS", report.max_dbfs)
            attrs = {ATTR_USER_DBFS: str(report.max_dbfs)}
            if report.heard_user:
                attrs[ATTR_HEARD_USER] = "true"
                if not heard_published:
                    logger.info("heard the user (level above %.0f dBFS)", levels.HEARD_THRESHOLD_DBFS)
                    heard_published = True
            try:
                await self.room.local_participant.set_attributes(attrs)
            except Exception:  # a failed update must not stop the meter
                logger.warning("could not publish level attributes", exc_info=True)


async def entrypoint(ctx: JobContext) -> None:
    logger.info("job %s for room %s", ctx.job.id, ctx.job.room.name)
    await SofiaAgent(ctx).run()


def _no_load() -> float:
    """Report zero load: on a busy 2-core CI box the default CPU-based load would mark the
    worker unavailable and jobs would never be dispatched."""
    return 0.0


def worker_options() -> WorkerOptions:
    return WorkerOptions(
        entrypoint_fnc=entrypoint,
        agent_name=os.environ.get("LK_AGENT_NAME", DEFAULT_AGENT_NAME),
        ws_url=os.environ.get("LIVEKIT_URL", DEFAULT_URL),
        api_key=os.environ.get("LIVEKIT_API_KEY", DEFAULT_API_KEY),
        api_secret=os.environ.get("LIVEKIT_API_SECRET", DEFAULT_API_SECRET),
        # load never blocks dispatch (with an infinite threshold the worker is always
        # "available"; the SDK logs a warning about a threshold > 1 in start mode, harmless)
        load_fnc=_no_load,
        load_threshold=math.inf,
        # jobs run as threads of this one process: no forkserver, no warm child processes,
        # so a signal to the process group leaves nothing behind
        job_executor_type=JobExecutorType.THREAD,
        num_idle_processes=1,
        # SIGTERM: give running calls a few seconds, not the default hour
        drain_timeout=int(os.environ.get("LK_AGENT_DRAIN_TIMEOUT", "5")),
        shutdown_process_timeout=5.0,
        # health-check HTTP server on an ephemeral port so parallel workers never collide
        port=0,
    )


def main() -> None:
    # the CLI reads these from the environment too; make the documented defaults real
    os.environ.setdefault("LIVEKIT_URL", DEFAULT_URL)
    os.environ.setdefault("LIVEKIT_API_KEY", DEFAULT_API_KEY)
    os.environ.setdefault("LIVEKIT_API_SECRET", DEFAULT_API_SECRET)
    cli.run_app(worker_options())


if __name__ == "__main__":
    main()
