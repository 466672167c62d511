"""Transcripts as LiveKit text streams on topic `lk.transcription`, the way livekit-agents sends
them, so `room.registerTextStreamHandler('lk.transcription', …)` in livekit-client gets them.

Every stream carries the attributes
    lk.segment_id            one id per utterance ("SG_" + 12 hex digits)
    lk.transcribed_track_id  the sid of the audio track the text belongs to
    lk.transcription_final   "false" / "true"

Two wire formats, both used by livekit-agents 1.x:

* "delta" (livekit-agents for the agent's own speech): ONE stream per utterance. Its header says
  final "false"; the words are written to it as separate chunks while they are spoken; closing
  it sets final "true" in the stream trailer. A reader sees the whole text as the concatenation
  of the chunks, and `reader.info.attributes['lk.transcription_final'] === 'true'` once the
  stream has ended.
* "snapshot" (livekit-agents for user speech-to-text): one short stream per update, each with the
  whole text so far; interim ones say final "false", the last one final "true"; all share the
  segment id, so a reader replaces the text of that segment with each stream's text.

Everything but `Segment`'s sends is pure; `Segment` takes the local participant, a clock and a
sleep function as parameters so tests drive it with fakes.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any, Awaitable, Callable, Sequence

logger = logging.getLogger("sofia-agent.transcript")

TOPIC_TRANSCRIPTION = "lk.transcription"
ATTR_SEGMENT_ID = "lk.segment_id"
ATTR_TRACK_ID = "lk.transcribed_track_id"
ATTR_FINAL = "lk.transcription_final"

DELTA = "delta"
SNAPSHOT = "snapshot"
MODES = (DELTA, SNAPSHOT)


def normalize_mode(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().lower() in MODES:
        return value.strip().lower()
    return None


def new_segment_id() -> str:
    return "SG_" + uuid.uuid4().hex[:12]


def attributes(segment_id: str, track_sid: str | None, final: bool) -> dict[str, str]:
    attrs = {ATTR_SEGMENT_ID: segment_id, ATTR_FINAL: "true" if final else "false"}
    if track_sid:
        attrs[ATTR_TRACK_ID] = track_sid
    return attrs


def split_words(text: str) -> list[str]:
    """Word chunks whose concatenation is the stripped text: "Hello, " "this " … "you?"."""
    return re.findall(r"\S+\s*", text.strip())


def word_offsets(chunks: Sequence[str], duration_s: float, lead_in_s: float = 0.0) -> list[float]:
    """When each chunk starts being spoken, in seconds from the start of playback.

    espeak-ng reports no word timings, so the speech (`duration_s`, after `lead_in_s` of
    silence) is shared out in proportion to each chunk's visible characters: good enough for
    captions that appear roughly with the words.
    """
    weights = [max(1, len(c.strip())) for c in chunks]
    total = sum(weights)
    offsets, before = [], 0
    for w in weights:
        offsets.append(lead_in_s + duration_s * before / total)
        before += w
    return offsets


def snapshots(chunks: Sequence[str]) -> list[str]:
    """The text so far after each chunk (what "snapshot" streams carry), without trailing space."""
    out, acc = [], ""
    for c in chunks:
        acc += c
        out.append(acc.rstrip())
    return out


Sleep = Callable[[float], Awaitable[None]]


class Segment:
    """One utterance's transcript, published as it is spoken.

    `push(chunk)` adds a chunk (interim), `finish()` publishes the final; failures to send are
    logged, never raised (a caption must not stop the speech). `replace(text)` (snapshot mode
    only) sends a new interim text instead of appending.
    """

    def __init__(
        self,
        participant: Any,  # rtc.LocalParticipant, or a fake with stream_text()
        *,
        track_sid: str | None,
        mode: str = DELTA,
        sender_identity: str | None = None,
        segment_id: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown transcript mode {mode!r}")
        self.participant = participant
        self.track_sid = track_sid
        self.mode = mode
        self.sender_identity = sender_identity
        self.segment_id = segment_id or new_segment_id()
        self.text = ""
        self.finished = False
        self._writer: Any = None
        self._failed = False
        self._clock = clock
        self._sleep = sleep

    # ---- sending ----------------------------------------------------------------------------

    async def _open_stream(self, final: bool) -> Any:
        kwargs: dict[str, Any] = {
            "topic": TOPIC_TRANSCRIPTION,
            "attributes": attributes(self.segment_id, self.track_sid, final),
        }
        if self.sender_identity:
            kwargs["sender_identity"] = self.sender_identity
        return await self.participant.stream_text(**kwargs)

    async def _send_snapshot(self, text: str, final: bool) -> None:
        writer = await self._open_stream(final)
        await writer.write(text)
        await writer.aclose()

    def _warn(self, what: str) -> None:
        logger.warning("could not publish transcript %s (%s)", what, self.segment_id, exc_info=True)

    async def push(self, chunk: str) -> None:
        if self.finished or not chunk:
            return
        self.text += chunk
        try:
            if self.mode == SNAPSHOT:
                await self._send_snapshot(self.text.rstrip(), final=False)
            elif not self._failed:
                if self._writer is None:
                    self._writer = await self._open_stream(final=False)
                await self._writer.write(chunk)
        except Exception:
            self._failed = True  # delta: later chunks would be out of order; the final repairs
            self._warn("chunk")

    async def replace(self, text: str) -> None:
        if self.mode != SNAPSHOT:
            raise ValueError("replace() needs snapshot mode")
        if self.finished:
            return
        self.text = text
        try:
            await self._send_snapshot(text, final=False)
        except Exception:
            self._warn("interim")

    async def finish(self, text: str | None = None) -> None:
        """Publish the final (`text` replaces what was pushed, snapshot mode or a fresh delta)."""
        if self.finished:
            return
        self.finished = True
        if text is not None:
            if self.mode == DELTA and self._writer is not None and text != self.text:
                raise ValueError("delta segment already streamed other text")
            self.text = text
        final_text = self.text.rstrip()
        try:
            if self.mode == DELTA and self._writer is not None and not self._failed:
                await self._writer.aclose(attributes=attributes(self.segment_id, self.track_sid, True))
            elif self.mode == DELTA and self._writer is None:
                # nothing streamed yet: one stream with the whole text, closed as final
                self._writer = await self._open_stream(final=False)
                await self._writer.write(final_text)
                await self._writer.aclose(attributes=attributes(self.segment_id, self.track_sid, True))
            else:
                # snapshot, or a delta stream that broke: a complete final stream
                if self._writer is not None:
                    try:
                        await self._writer.aclose(reason="transcript stream failed")
                    except Exception:
                        pass
                await self._send_snapshot(final_text, final=True)
        except Exception:
            self._warn("final")

    async def speak_along(self, chunks: Sequence[str], offsets: Sequence[float]) -> None:
        """Push each chunk at its offset (seconds from now). Does not finish the segment."""
        t0 = self._clock()
        for chunk, offset in zip(chunks, offsets):
            delay = t0 + offset - self._clock()
            if delay > 0:
                await self._sleep(delay)
            await self.push(chunk)
