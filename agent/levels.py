"""Audio level math (RMS -> dBFS) and a windowed level meter. Pure, no I/O.

dBFS here is `20*log10(rms / 32768)` over signed 16-bit samples: digital silence is clamped to
`DBFS_FLOOR`, a full-scale square wave is 0 dBFS and a full-scale sine about -3 dBFS.
The same meter is what a later energy-based turn detector can build on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

FULL_SCALE = 32768.0
DBFS_FLOOR = -100.0
# Above this the user is considered "heard" (Chromium's fake mic beep is far louder;
# a muted or silent track stays at the floor).
HEARD_THRESHOLD_DBFS = -50.0


def rms(samples: np.ndarray) -> float:
    """Root mean square of int16 (or float, same scale) samples; 0.0 for an empty array."""
    if len(samples) == 0:
        return 0.0
    x = np.asarray(samples, dtype=np.float64)
    return float(np.sqrt(np.mean(x * x)))


def rms_to_dbfs(value: float) -> float:
    if value <= 0.0:
        return DBFS_FLOOR
    return max(DBFS_FLOOR, 20.0 * math.log10(value / FULL_SCALE))


def dbfs(samples: np.ndarray) -> float:
    """Level of a block of int16 samples in dBFS, clamped to `DBFS_FLOOR`."""
    return rms_to_dbfs(rms(samples))


def pcm16_dbfs(data: bytes | memoryview) -> float:
    """dBFS of raw little-endian int16 PCM bytes (e.g. `rtc.AudioFrame.data`)."""
    return dbfs(np.frombuffer(data, dtype="<i2"))


@dataclass
class WindowReport:
    max_dbfs: int  # rounded
    heard_user: bool


@dataclass
class LevelMeter:
    """Collects per-frame levels; `take()` hands out the maximum since the previous `take()`.

    The caller decides the window (the agent calls `take()` every ~500 ms). `heard_user` latches
    once any frame exceeded `heard_threshold_dbfs`.
    """

    heard_threshold_dbfs: float = HEARD_THRESHOLD_DBFS
    heard_user: bool = False
    frames: int = 0  # total frames seen
    _window_max: float | None = field(default=None, repr=False)

    def add(self, level_dbfs: float) -> None:
        self.frames += 1
        if self._window_max is None or level_dbfs > self._window_max:
            self._window_max = level_dbfs
        if level_dbfs > self.heard_threshold_dbfs:
            self.heard_user = True

    def take(self) -> WindowReport | None:
        """The window's report, or None when no frame arrived since the last call."""
        if self._window_max is None:
            return None
        report = WindowReport(max_dbfs=int(round(self._window_max)), heard_user=self.heard_user)
        self._window_max = None
        return report


@dataclass
class RateLimiter:
    """True at most once per `interval_s` (for log lines)."""

    interval_s: float = 1.0
    _last: float | None = None

    def ready(self, now: float) -> bool:
        if self._last is not None and now - self._last < self.interval_s:
            return False
        self._last = now
        return True
