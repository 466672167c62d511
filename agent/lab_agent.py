"""The lab worker "sofia-lab": a hand-written livekit-agents worker for the widget's fault tests.

The real agent is sofia.py (an AgentSession). This one imitates the protocol by hand, so tests can
ask it for what a real agent never does on purpose: it stays in `initializing` until a user
listens, joins without audio (`{"fault": "no-audio"}` dispatch metadata) or leaves after its
greeting (`{"fault": "leave-after-greeting"}`), and reports the user's
microphone level / mute state as `demo.*` attributes. No AgentSession, no model plugins, nothing
downloaded: it greets with espeak-ng speech, captions everything it says on `lk.transcription`,
answers chat typed on `lk.chat` by speech (+ its transcript) only, as AgentSession does
(appointments are booked in the user's page calendar over RPC when the page offers
`calendar.freeSlots` / `calendar.book`, see calendar_tools.py), and detects the user's turns with
an energy-based detector and answers them.

    python agent/lab_agent.py start

Environment: LIVEKIT_URL (ws://127.0.0.1:7880), LIVEKIT_API_KEY (devkey),
LIVEKIT_API_SECRET (secret), LK_AGENT_NAME (sofia-lab), LK_AGENT_LANG (default language: en | de),
LK_AGENT_VOICE (espeak-ng voice for every language, default per language), LK_AGENT_GREETING
(override the greeting text), LK_AGENT_TRANSCRIPT (delta | snapshot, default delta),
LK_AGENT_VAD_THRESHOLD_DBFS (speech threshold, default -40), LK_AGENT_DRAIN_TIMEOUT (seconds a
SIGTERM waits for running calls, default 5).

Participant attributes it sets on itself:
    lk.agent.state        initializing -> speaking (greeting) -> listening;
                          a reply: thinking (~300 ms) -> speaking -> listening
    demo.user_audio_dbfs  max user mic level (dBFS, rounded int) over the last ~500 ms;
                          "-100" while the user's track is muted or sends no frames for 1 s
    demo.user_muted       "true" while muted / no frames for 1 s, else "false"
    demo.heard_user       "true" once the user's level exceeded -50 dBFS
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# `python agent/agent.py` puts agent/ on sys.path already; this keeps imports working when the
# module is loaded some other way (e.g. `python -m` from elsewhere, tests).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

# This worker uses no model: without this, livekit-agents preloads its local inference models
# (389 → 136 MB RSS measured) before the worker registers. Set before livekit imports.
os.environ.setdefault("LIVEKIT_AGENTS_PRELOAD_LOCAL_INFERENCE", "0")

import numpy as np  # noqa: E402
from livekit import rtc  # noqa: E402
from livekit.agents import (  # noqa: E402
    AutoSubscribe,
    JobContext,
    JobExecutorType,
    WorkerOptions,
    cli,
)

import calendar_tools  # noqa: E402
import levels  # noqa: E402
import replies  # noqa: E402
import transcript  # noqa: E402
import tts  # noqa: E402
import turns  # noqa: E402

logger = logging.getLogger("sofia-lab")

DEFAULT_URL = "ws://127.0.0.1:7880"
DEFAULT_API_KEY = "devkey"
DEFAULT_API_SECRET = "secret"
DEFAULT_AGENT_NAME = "sofia-lab"

GREETING = replies.GREETINGS[replies.EN]
TRACK_NAME = "agent-voice"
LEAD_IN_SILENCE_MS = 300
LISTENER_WAIT_S = 10.0
LEVEL_REPORT_INTERVAL_S = 0.5
LEVEL_LOG_INTERVAL_S = 1.0
THINKING_S = 0.3
# a user track that delivered no frame for this long counts as muted
STALE_AUDIO_S = 1.0
MUTED_DBFS = int(levels.DBFS_FLOOR)
# interim user-transcript updates while the user speaks
USER_INTERIM_INTERVAL_S = 1.0
# spoken replies waiting behind the current one; chat beyond this is answered in writing only
MAX_QUEUED_REPLIES = 3
MAX_CHAT_CHARS = 2000
# espeak-ng's native rate; used for the track if the first synthesis fails.
FALLBACK_SAMPLE_RATE = 22050

ATTR_AGENT_STATE = "lk.agent.state"
ATTR_USER_DBFS = "demo.user_audio_dbfs"
ATTR_USER_MUTED = "demo.user_muted"
ATTR_HEARD_USER = "demo.heard_user"
TOPIC_TRANSCRIPTION = transcript.TOPIC_TRANSCRIPTION
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


def env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        logger.warning("ignoring %s=%r (not a number)", name, os.environ.get(name))
        return default


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

    @property
    def track_sid(self) -> str | None:
        return self.publication.sid if self.publication is not None else None

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


@dataclass
class Utterance:
    """Something to say. `think`: show `thinking` for ~THINKING_S first (a reply)."""

    text: str
    think: bool = False
    why: str = "reply"


class UserAudio:
    """One subscribed user audio track: its level/turn state and its transcript segment."""

    def __init__(
        self,
        participant: rtc.RemoteParticipant,
        publication: rtc.RemoteTrackPublication,
        track: rtc.Track,
        threshold_dbfs: float,
    ) -> None:
        self.identity = participant.identity
        self.publication = publication
        self.track = track
        self.track_sid = track.sid
        self.detector = turns.TurnDetector(threshold_dbfs=threshold_dbfs)
        self.subscribed_at = time.monotonic()
        self.last_frame: float | None = None
        self.task: asyncio.Task[None] | None = None
        self.segment: transcript.Segment | None = None  # the user's current placeholder turn
        self.last_interim = 0.0
        # placeholder transcript sends for this track go out in order
        self.send_lock = asyncio.Lock()

    def silent(self, now: float) -> bool:
        """Muted, or no frame for STALE_AUDIO_S (muted tracks may stop sending frames)."""
        if self.publication.muted:
            return True
        last = self.last_frame if self.last_frame is not None else self.subscribed_at
        return now - last >= STALE_AUDIO_S


class SofiaAgent:
    """One job (= one room)."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self.room = ctx.room
        self.job_metadata = ctx.job.metadata or ""
        meta = replies.parse_metadata(self.job_metadata)
        self.default_lang = replies.normalize_lang(os.environ.get("LK_AGENT_LANG")) or replies.EN
        self.lang = replies.pick_lang(job_metadata=self.job_metadata, default=self.default_lang)
        self.voice_override = os.environ.get("LK_AGENT_VOICE") or None
        self.greeting_override = os.environ.get("LK_AGENT_GREETING") or None
        self.transcript_mode = (
            transcript.normalize_mode(meta.get("transcript"))
            or transcript.normalize_mode(os.environ.get("LK_AGENT_TRANSCRIPT"))
            or transcript.DELTA
        )
        self.vad_threshold = env_float("LK_AGENT_VAD_THRESHOLD_DBFS", turns.SPEECH_THRESHOLD_DBFS)
        # Fault injection for the widget's diagnostics tests, from dispatch metadata:
        # {"fault": "no-audio"} joins and gets ready but never publishes a voice track;
        # {"fault": "leave-after-greeting"} greets, then ends its job (leaves the room by itself).
        self.fault = str(meta.get("fault") or "")
        self.conversation = replies.Conversation(lang=self.lang)
        # appointments through the user's page (RPC), when the page offers a calendar
        self.calendar = calendar_tools.CalendarFlow(calendar_tools.room_rpc(self.room))
        self.state = AgentState.IDLE
        self.speaker: Speaker | None = None
        self.meter = levels.LevelMeter()
        self._log_limiter = levels.RateLimiter(LEVEL_LOG_INTERVAL_S)
        self._track_subscribed_by_remote = False
        self._presence_changed = asyncio.Event()
        self._user_audio: dict[str, UserAudio] = {}
        self._had_user_audio = False
        self._published: dict[str, str] = {}
        self._speech_queue: asyncio.Queue[Utterance] = asyncio.Queue()
        self._greeting_done = False
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- lifecycle -------------------------------------------------------------------------

    async def run(self) -> None:
        self._register_room_handlers()
        self.ctx.add_shutdown_callback(self.aclose)
        logger.info("language %s (from dispatch metadata / LK_AGENT_LANG), transcripts: %s",
                    self.lang, self.transcript_mode)

        # espeak runs while we connect: on a loaded machine this hides most of its latency
        greeting_lang = self.lang
        greeting_pcm = asyncio.create_task(self._synthesize(self._greeting(greeting_lang)))

        await self.ctx.connect(auto_subscribe=AutoSubscribe.AUDIO_ONLY)
        logger.info("connected to room %s as %s", self.room.name, self.room.local_participant.identity)
        await self.set_state(AgentState.INITIALIZING)

        # tracks that were already subscribed before our handlers saw them
        for participant in self.room.remote_participants.values():
            for pub in participant.track_publications.values():
                if pub.track is not None and pub.kind == rtc.TrackKind.KIND_AUDIO:
                    self._on_track_subscribed(pub.track, pub, participant)

        if self.fault == "no-audio":
            logger.info("fault injection: present and ready, but publishing no audio")
            greeting_pcm.cancel()
            await self.set_state(AgentState.LISTENING)
            return

        pcm = await greeting_pcm
        self.speaker = Speaker(self.room, pcm.sample_rate if pcm else FALLBACK_SAMPLE_RATE)
        await self.speaker.publish()
        logger.info("published %s at %d Hz", TRACK_NAME, self.speaker.sample_rate)

        self._spawn(self._report_levels_loop(), "level-reporter")

        await self._wait_for_listener(LISTENER_WAIT_S)
        # the user (now present) may ask for another language through attributes / metadata
        self._update_lang()
        if self.lang != greeting_lang:
            pcm = await self._synthesize(self._greeting(self.lang))
        if pcm is not None:
            await self._speak(self._greeting(self.lang), pcm, why="greeting")
        self._greeting_done = True
        await self.set_state(AgentState.LISTENING)
        if self.fault == "leave-after-greeting":
            logger.info("fault injection: leaving the room after the greeting")
            self.ctx.shutdown(reason="fault injection: leave after greeting")
            return
        self._spawn(self._speech_loop(), "speech")

    async def aclose(self) -> None:
        logger.info("job closing")
        with_tasks = [ua.task for ua in self._user_audio.values() if ua.task] + list(self._tasks)
        for task in with_tasks:
            task.cancel()
        await asyncio.gather(*with_tasks, return_exceptions=True)
        self._user_audio.clear()
        self._tasks.clear()
        if self.speaker is not None:
            self.speaker.source.clear_queue()
            await self.speaker.aclose()

    def _spawn(self, coro, name: str) -> asyncio.Task[None]:  # type: ignore[no-untyped-def]
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("task %s failed", task.get_name(), exc_info=task.exception())

    # ---- language --------------------------------------------------------------------------

    def _user(self) -> rtc.RemoteParticipant | None:
        return next((p for p in self.room.remote_participants.values() if is_user(p)), None)

    def _update_lang(self) -> None:
        user = self._user()
        lang = replies.pick_lang(
            job_metadata=self.job_metadata,
            user_attributes=user.attributes if user else None,
            user_metadata=user.metadata if user else None,
            default=self.default_lang,
        )
        if lang != self.lang:
            logger.info("language: %s", lang)
            self.lang = lang
            self.conversation.lang = lang

    def _greeting(self, lang: str) -> str:
        return self.greeting_override or replies.greeting(lang)

    def _voice(self, lang: str) -> str | None:
        return self.voice_override or replies.VOICES.get(lang)

    # ---- state & speech --------------------------------------------------------------------

    async def set_state(self, state: str) -> None:
        self.state = state
        await self.room.local_participant.set_attributes({ATTR_AGENT_STATE: state})
        logger.info("agent state: %s", state)

    async def _synthesize(self, text: str, lang: str | None = None) -> tts.Pcm | None:
        try:
            return await tts.synthesize(text, voice=self._voice(lang or self.lang))
        except tts.TtsError:
            logger.exception("speech synthesis failed; continuing without audio for %r", text)
            return None

    @property
    def busy(self) -> bool:
        """Greeting, thinking, speaking, or a reply waiting: a new voice turn gets no answer."""
        return (
            not self._greeting_done
            or self.state in (AgentState.THINKING, AgentState.SPEAKING)
            or not self._speech_queue.empty()
        )

    def enqueue(self, utterance: Utterance) -> bool:
        if self._speech_queue.qsize() >= MAX_QUEUED_REPLIES:
            logger.warning("speech queue full; not speaking %r", utterance.text)
            return False
        self._speech_queue.put_nowait(utterance)
        return True

    async def _speech_loop(self) -> None:
        """Says queued utterances one after the other: never two at once."""
        while True:
            utterance = await self._speech_queue.get()
            try:
                if utterance.think:
                    await self.set_state(AgentState.THINKING)
                    pcm, _ = await asyncio.gather(
                        self._synthesize(utterance.text), asyncio.sleep(THINKING_S)
                    )
                else:
                    pcm = await self._synthesize(utterance.text)
                if pcm is not None:
                    await self._speak(utterance.text, pcm, why=utterance.why)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("could not say %r", utterance.text)
            if self._speech_queue.empty() and self.state != AgentState.LISTENING:
                await self.set_state(AgentState.LISTENING)

    async def _speak(self, text: str, pcm: tts.Pcm, *, why: str) -> None:
        """speaking -> playout with its transcript on lk.transcription. The caller sets the
        state afterwards."""
        assert self.speaker is not None, "_speak() before the track was published"
        await self.set_state(AgentState.SPEAKING)
        logger.info("speaking (%s) %.1fs: %s", why, pcm.duration_s, text)
        segment = transcript.Segment(
            self.room.local_participant, track_sid=self.speaker.track_sid, mode=self.transcript_mode
        )
        chunks = transcript.split_words(text)
        offsets = transcript.word_offsets(chunks, pcm.duration_s, LEAD_IN_SILENCE_MS / 1000)
        playing = asyncio.create_task(self.speaker.play(pcm), name="play")
        try:
            await segment.speak_along(chunks, offsets)
            await playing
        finally:
            if not playing.done():  # cancelled (job ending): stop the audio before going on
                playing.cancel()
                await asyncio.gather(playing, return_exceptions=True)
        await segment.finish()

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
        room.on("participant_attributes_changed", self._on_participant_attributes_changed)
        room.on("participant_metadata_changed", self._on_participant_metadata_changed)
        room.on("local_track_subscribed", self._on_local_track_subscribed)
        room.on("track_subscribed", self._on_track_subscribed)
        room.on("track_unsubscribed", self._on_track_unsubscribed)
        room.on("track_muted", self._on_track_muted)
        room.on("track_unmuted", self._on_track_unmuted)
        room.register_text_stream_handler(TOPIC_CHAT, self._on_chat_stream)

    def _on_participant_connected(self, participant: rtc.RemoteParticipant) -> None:
        logger.info("participant joined: %s (kind %s)", participant.identity, participant.kind)
        self._presence_changed.set()
        if is_user(participant):
            self._update_lang()

    def _on_participant_disconnected(self, participant: rtc.RemoteParticipant) -> None:
        logger.info("participant left: %s", participant.identity)
        self._presence_changed.set()
        if is_user(participant) and not self._user_present():
            logger.info("last user left; ending the job")
            self.ctx.shutdown(reason="user left")

    def _on_participant_attributes_changed(
        self, changed: dict[str, str], participant: rtc.Participant
    ) -> None:
        if isinstance(participant, rtc.RemoteParticipant) and is_user(participant):
            self._update_lang()

    def _on_participant_metadata_changed(
        self, participant: rtc.Participant, old: str, new: str
    ) -> None:
        if isinstance(participant, rtc.RemoteParticipant) and is_user(participant):
            self._update_lang()

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
        if track.sid in self._user_audio:
            return
        logger.info("listening to %s's audio track %s", participant.identity, track.sid)
        ua = UserAudio(participant, publication, track, self.vad_threshold)
        ua.task = asyncio.create_task(self._meter_track(ua), name=f"meter-{track.sid}")
        self._user_audio[track.sid] = ua
        self._had_user_audio = True

        def done(_t: asyncio.Task[None], sid: str = track.sid) -> None:
            if self._user_audio.get(sid) is ua:
                del self._user_audio[sid]

        ua.task.add_done_callback(done)

    def _on_track_unsubscribed(
        self,
        track: rtc.Track,
        publication: rtc.RemoteTrackPublication,
        participant: rtc.RemoteParticipant,
    ) -> None:
        ua = self._user_audio.pop(track.sid, None)
        if ua is not None and ua.task is not None:
            ua.task.cancel()

    def _on_track_muted(self, participant: rtc.Participant, publication: rtc.TrackPublication) -> None:
        if publication.sid in self._user_audio:
            logger.info("%s muted %s", participant.identity, publication.sid)

    def _on_track_unmuted(self, participant: rtc.Participant, publication: rtc.TrackPublication) -> None:
        if publication.sid in self._user_audio:
            logger.info("%s unmuted %s", participant.identity, publication.sid)

    # ---- chat ------------------------------------------------------------------------------

    def _on_chat_stream(self, reader: rtc.TextStreamReader, participant_identity: str) -> None:
        self._spawn(self._answer_chat(reader, participant_identity), "chat")

    async def _answer_chat(self, reader: rtc.TextStreamReader, participant_identity: str) -> None:
        try:
            text = ""
            async for chunk in reader:
                text += chunk
                if len(text) > MAX_CHAT_CHARS:
                    reader.close()
                    break
        except rtc.StreamError as e:
            logger.warning("chat stream from %s failed: %s", participant_identity, e)
            return
        sender = self.room.remote_participants.get(participant_identity)
        if sender is None or not is_user(sender):
            return
        answer = await self._calendar_reply(text, participant_identity)
        if answer is None:
            answer = self.conversation.reply(text)
        logger.info("chat from %s: %r -> %r", participant_identity, text[:200], answer)
        if answer is None:
            return
        # answered by speech (+ its lk.transcription) only, like AgentSession: a chat reply on
        # lk.chat as well would show every answer twice in the widget
        self.enqueue(Utterance(answer, think=True, why="chat"))

    async def _calendar_reply(self, text: str, participant_identity: str) -> str | None:
        """The answer through the page's calendar (RPC), or None for the canned replies."""
        try:
            return await self.calendar.reply(text, participant_identity, self.lang)
        except Exception:
            logger.warning("calendar flow failed; canned reply instead", exc_info=True)
            return None

    # ---- listening -------------------------------------------------------------------------

    async def _meter_track(self, ua: UserAudio) -> None:
        """Level of every received frame -> the meter (attributes) and the turn detector."""
        stream = rtc.AudioStream(ua.track, sample_rate=48000, num_channels=1)
        try:
            async for event in stream:
                now = time.monotonic()
                frame = event.frame
                # a muted track is silence, whatever its frames still carry
                level = levels.DBFS_FLOOR if ua.publication.muted else levels.pcm16_dbfs(frame.data)
                ua.last_frame = now
                self.meter.add(level)
                turn_event = ua.detector.feed(
                    now, level, frame.samples_per_channel / frame.sample_rate
                )
                if turn_event is not None:
                    self._on_turn_event(ua, turn_event)
        finally:
            await stream.aclose()

    def _on_turn_event(self, ua: UserAudio, event: turns.Event) -> None:
        if isinstance(event, turns.SpeechStarted):
            logger.info("user %s started speaking", ua.identity)
            ua.segment = transcript.Segment(
                self.room.local_participant,
                track_sid=ua.track_sid,
                mode=transcript.SNAPSHOT,
                sender_identity=ua.identity,
            )
            ua.last_interim = event.at
            self._spawn(self._user_transcript(ua, ua.segment, event.at - event.start, False),
                        "user-transcript")
            return

        duration = event.duration_s
        segment = ua.segment or transcript.Segment(
            self.room.local_participant, track_sid=ua.track_sid, mode=transcript.SNAPSHOT,
            sender_identity=ua.identity,
        )
        ua.segment = None
        self._spawn(self._user_transcript(ua, segment, duration, True), "user-transcript")
        if self.busy:
            logger.info("user turn ended (%.1f s) while the agent is %s; not answering",
                        duration, self.state if self._greeting_done else "greeting")
            return
        logger.info("user turn ended (%.1f s); answering", duration)
        self.enqueue(Utterance(replies.voice_turn_reply(duration, self.lang), think=True,
                               why="voice turn"))

    async def _user_transcript(
        self, ua: UserAudio, segment: transcript.Segment, duration_s: float, final: bool
    ) -> None:
        """The placeholder for the user's words (no speech recognition offline)."""
        text = replies.speech_placeholder(duration_s)
        async with ua.send_lock:
            if final:
                await segment.finish(text)
            else:
                await segment.replace(text)

    async def _report_levels_loop(self) -> None:
        heard_published = False
        while True:
            await asyncio.sleep(LEVEL_REPORT_INTERVAL_S)
            now = time.monotonic()
            for ua in list(self._user_audio.values()):
                # frames may stop (muted track): the detector must still see the silence
                turn_event = ua.detector.tick(now)
                if turn_event is not None:
                    self._on_turn_event(ua, turn_event)
                if (ua.detector.speaking and ua.segment is not None
                        and ua.detector.speech_start is not None
                        and now - ua.last_interim >= USER_INTERIM_INTERVAL_S):
                    ua.last_interim = now
                    self._spawn(self._user_transcript(
                        ua, ua.segment, now - ua.detector.speech_start, False), "user-transcript")

            report = self.meter.take()
            attrs: dict[str, str] = {}
            dbfs: int | None = None
            if self._user_audio or self._had_user_audio:
                silent = not self._user_audio or all(ua.silent(now) for ua in self._user_audio.values())
                if silent:
                    dbfs = MUTED_DBFS
                    attrs = {ATTR_USER_DBFS: str(MUTED_DBFS), ATTR_USER_MUTED: "true"}
                elif report is not None:
                    dbfs = report.max_dbfs
                    attrs = {ATTR_USER_DBFS: str(report.max_dbfs), ATTR_USER_MUTED: "false"}
            if report is not None and report.heard_user:
                attrs[ATTR_HEARD_USER] = "true"
                if not heard_published:
                    logger.info("heard the user (level above %.0f dBFS)", levels.HEARD_THRESHOLD_DBFS)
                    heard_published = True
            if dbfs is not None and self._log_limiter.ready(now):
                logger.info("user audio level: %d dBFS%s", dbfs,
                            " (muted / no frames)" if attrs.get(ATTR_USER_MUTED) == "true" else "")
            changed = {k: v for k, v in attrs.items() if self._published.get(k) != v}
            if not changed:
                continue
            try:
                await self.room.local_participant.set_attributes(changed)
                self._published.update(changed)
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
