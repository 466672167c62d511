"""Energy-based voice activity and end-of-turn detection. Pure, no I/O, no clock of its own.

The agent feeds one level per received audio frame (`feed`) and calls `tick` periodically, so a
turn also ends when frames stop arriving (a muted track may stop sending). Times are seconds on
any monotonic clock, the same one for both calls.

    speech starts  level above `threshold_dbfs` for >= `min_speech_s` (dips shorter than
                   `max_gap_s` do not restart the count)
    turn ends      after speech, >= `end_silence_s` without a frame above the threshold

Chromium's fake microphone (a 20 ms beep every 500 ms) never makes a turn.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEECH_THRESHOLD_DBFS = -40.0
MIN_SPEECH_S = 0.3
END_SILENCE_S = 0.7
MAX_GAP_S = 0.2


@dataclass(frozen=True)
class SpeechStarted:
    start: float  # when the first loud frame began
    at: float  # when the start was confirmed (start + ~min_speech_s)


@dataclass(frozen=True)
class TurnEnded:
    start: float
    end: float  # end of the last loud frame

    @property
    def duration_s(self) -> float:
        return max(0.0, self.end - self.start)


Event = SpeechStarted | TurnEnded


class TurnDetector:
    IDLE = "idle"
    ONSET = "onset"  # loud, but not yet for min_speech_s
    SPEAKING = "speaking"

    def __init__(
        self,
        *,
        threshold_dbfs: float = SPEECH_THRESHOLD_DBFS,
        min_speech_s: float = MIN_SPEECH_S,
        end_silence_s: float = END_SILENCE_S,
        max_gap_s: float = MAX_GAP_S,
    ) -> None:
        self.threshold_dbfs = threshold_dbfs
        self.min_speech_s = min_speech_s
        self.end_silence_s = end_silence_s
        self.max_gap_s = max_gap_s
        self.state = self.IDLE
        self.speech_start: float | None = None  # start of the current onset / speech
        self.last_loud: float | None = None  # end of the last loud frame

    @property
    def speaking(self) -> bool:
        return self.state == self.SPEAKING

    def feed(self, t: float, level_dbfs: float, frame_s: float = 0.0) -> Event | None:
        """One frame that ended at `t` and lasted `frame_s`. Returns the event it caused."""
        if level_dbfs > self.threshold_dbfs:
            if self.state == self.IDLE:
                self.state = self.ONSET
                self.speech_start = t - frame_s
            self.last_loud = t
            if self.state == self.ONSET:
                assert self.speech_start is not None
                # small epsilon: 30 frames of 10 ms are 300 ms even in floating point
                if t - self.speech_start >= self.min_speech_s - 1e-6:
                    self.state = self.SPEAKING
                    return SpeechStarted(start=self.speech_start, at=t)
            return None
        return self.tick(t)

    def tick(self, t: float) -> Event | None:
        """Time passed without a loud frame (called for quiet frames and periodically)."""
        if self.state == self.IDLE or self.last_loud is None:
            return None
        quiet_for = t - self.last_loud
        if self.state == self.ONSET:
            if quiet_for > self.max_gap_s:
                self._reset()
            return None
        if quiet_for >= self.end_silence_s - 1e-6:
            assert self.speech_start is not None
            event = TurnEnded(start=self.speech_start, end=self.last_loud)
            self._reset()
            return event
        return None

    def _reset(self) -> None:
        self.state = self.IDLE
        self.speech_start = None
        self.last_loud = None
