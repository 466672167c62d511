"""The greeting, without swallowing the pre-connect buffer.

livekit-client can record the microphone from the click on, before the agent is in the room: it
publishes the mic with the `TF_PRECONNECT_BUFFER` audio feature and, once the agent joins, sends
the recorded audio as a byte stream on `lk.agent.pre-connect-audio-buffer` (attributes `trackId`,
`sampleRate`, `channels`; raw s16le or opus). AgentSession's room input waits for that stream
(up to `pre_connect_audio_timeout`, 3 s) before the track's live audio and pushes the buffered
frames first, so the recognizer hears what the person said before the agent was there.

Trap: a greeting started at once makes the session discard what it hears while it speaks (the
echo-canceller warm-up and uninterruptible speech replace STT input with silence), so buffered
words are never transcribed. Hence `open_call`: when the person's mic carries the pre-connect
feature, Sofia waits until the buffer has been pushed into the session and the VAD has had a look;
if the person said something she answers that instead of greeting (the greeting comes only if
that turn gets no answer); if the buffer is silent (or never comes) she greets.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Callable

from livekit import rtc
from livekit.agents import AgentSession
from livekit.rtc._proto.track_pb2 import AudioTrackFeature

logger = logging.getLogger("sofia.preconnect")

PRE_CONNECT_FEATURE = AudioTrackFeature.TF_PRECONNECT_BUFFER
# how long to wait for the person's mic publication after they joined
MIC_WAIT_S = 2.0
# the room input waits up to 3 s for the byte stream once the track is subscribed
BUFFER_WAIT_S = 3.0 + 2.0
# after the buffer is pushed: time for the VAD to go through it (it runs far faster than real time)
VAD_GRACE_S = 0.6
# the person spoke in the buffer: greet anyway if no answer has started this long after they
# stopped (e.g. nothing recognizable was said)
ANSWER_WAIT_S = 4.0


def has_pre_connect(publication: rtc.TrackPublication) -> bool:
    return PRE_CONNECT_FEATURE in publication.audio_features


def microphone(room: rtc.Room, identity: str) -> rtc.RemoteTrackPublication | None:
    participant = room.remote_participants.get(identity)
    if participant is None:
        return None
    return next((p for p in participant.track_publications.values()
                 if p.kind == rtc.TrackKind.KIND_AUDIO
                 and p.source == rtc.TrackSource.SOURCE_MICROPHONE), None)


class _Watch:
    """The session's user / agent states as they change, with timestamps."""

    def __init__(self, session: AgentSession) -> None:
        self.user_spoke = asyncio.Event()
        self.agent_spoke = asyncio.Event()
        self.changed = asyncio.Event()
        self.user_speaking = session.user_state == "speaking"
        self.user_stopped_at: float | None = None
        if self.user_speaking:
            self.user_spoke.set()
        self._session = session
        session.on("user_state_changed", self._on_user)
        session.on("agent_state_changed", self._on_agent)

    def _on_user(self, ev) -> None:  # type: ignore[no-untyped-def]
        self.user_speaking = ev.new_state == "speaking"
        if self.user_speaking:
            self.user_spoke.set()
            self.user_stopped_at = None
        elif ev.old_state == "speaking":
            self.user_stopped_at = time.monotonic()
        self.changed.set()

    def _on_agent(self, ev) -> None:  # type: ignore[no-untyped-def]
        if ev.new_state in ("thinking", "speaking"):
            self.agent_spoke.set()
        self.changed.set()

    def close(self) -> None:
        self._session.off("user_state_changed", self._on_user)
        self._session.off("agent_state_changed", self._on_agent)

    async def answered(self) -> bool:
        """True once the agent answers; False when the person stopped speaking and no answer
        started within ANSWER_WAIT_S."""
        while not self.agent_spoke.is_set():
            if self.user_stopped_at is not None and not self.user_speaking:
                left = self.user_stopped_at + ANSWER_WAIT_S - time.monotonic()
                if left <= 0:
                    return False
            else:
                left = ANSWER_WAIT_S
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=left)
            except asyncio.TimeoutError:
                pass
        return True


def _buffer_handled(session: AgentSession, identity: str, track_sid: str) -> bool | None:
    """Whether the room input has taken this track's pre-connect buffer (pushed it, found none
    or timed out); None when this livekit-agents version does not tell."""
    audio_input = getattr(session.room_io, "_audio_input", None)
    handled = getattr(audio_input, "_pre_connect_audio_publications", None)
    if not isinstance(handled, set):
        return None
    return (identity, track_sid) in handled


async def _wait_buffer(session: AgentSession, identity: str, track_sid: str) -> bool:
    deadline = time.monotonic() + BUFFER_WAIT_S
    while time.monotonic() < deadline:
        handled = _buffer_handled(session, identity, track_sid)
        if handled is None:
            # cannot see it: wait as long as the room input may wait, then decide
            await asyncio.sleep(max(0.0, deadline - time.monotonic()))
            return False
        if handled:
            return True
        await asyncio.sleep(0.05)
    return False


async def open_call(session: AgentSession, room: rtc.Room, identity: str,
                    greet: Callable[[], object]) -> str:
    """Greets the person, unless they already spoke into the pre-connect buffer and get an
    answer to that. Returns what happened: "greeted", "greeted-after-buffer", "answered-buffer",
    "greeted-unanswered"."""
    deadline = time.monotonic() + MIC_WAIT_S
    publication = microphone(room, identity)
    while publication is None and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        publication = microphone(room, identity)
    if publication is None or not has_pre_connect(publication):
        greet()
        return "greeted"

    watch = _Watch(session)
    try:
        pushed = await _wait_buffer(session, identity, publication.sid)
        logger.info("pre-connect buffer of %s %s", publication.sid,
                    "pushed" if pushed else "not seen in time")
        try:
            await asyncio.wait_for(watch.user_spoke.wait(), timeout=VAD_GRACE_S)
        except asyncio.TimeoutError:
            greet()
            return "greeted-after-buffer"
        logger.info("the person spoke before the agent joined: answering that, not greeting")
        if await watch.answered():
            return "answered-buffer"
        greet()
        return "greeted-unanswered"
    finally:
        watch.close()
