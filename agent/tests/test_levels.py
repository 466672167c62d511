import math

import numpy as np
import pytest

import levels


def sine(amplitude: float, n: int = 4800, rate: int = 48000, freq: float = 440.0) -> np.ndarray:
    t = np.arange(n) / rate
    return np.round(amplitude * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def test_silence_is_clamped_to_floor():
    assert levels.dbfs(np.zeros(480, dtype=np.int16)) == levels.DBFS_FLOOR
    assert levels.dbfs(np.zeros(0, dtype=np.int16)) == levels.DBFS_FLOOR
    assert levels.rms_to_dbfs(0.0) == levels.DBFS_FLOOR


def test_full_scale_square_is_zero_dbfs():
    square = np.array([-32768, 32767] * 240, dtype=np.int16)
    assert levels.dbfs(square) == pytest.approx(0.0, abs=0.01)


@pytest.mark.parametrize("amplitude", [1.0, 0.5, 0.1, 0.01])
def test_sine_level_matches_theory(amplitude):
    expected = 20 * math.log10(amplitude / math.sqrt(2))  # full-scale sine ~ -3.01 dBFS
    assert levels.dbfs(sine(amplitude)) == pytest.approx(expected, abs=0.05)


def test_rms_of_constant():
    assert levels.rms(np.full(100, 1000, dtype=np.int16)) == pytest.approx(1000.0)


def test_pcm16_bytes_little_endian():
    s = sine(0.5)
    assert levels.pcm16_dbfs(s.astype("<i2").tobytes()) == pytest.approx(levels.dbfs(s))
    assert levels.pcm16_dbfs(memoryview(s.astype("<i2").tobytes())) == pytest.approx(levels.dbfs(s))


def test_meter_reports_window_max_and_resets():
    m = levels.LevelMeter()
    assert m.take() is None
    for v in (-70.0, -23.4, -60.0):
        m.add(v)
    r = m.take()
    assert r == levels.WindowReport(max_dbfs=-23, heard_user=True)
    assert m.take() is None  # nothing since the last take
    m.add(-80.0)
    assert m.take() == levels.WindowReport(max_dbfs=-80, heard_user=True)  # heard latches


def test_meter_threshold_is_strict_and_quiet_input_is_not_heard():
    m = levels.LevelMeter()
    m.add(-50.0)
    m.add(levels.DBFS_FLOOR)
    assert m.take() == levels.WindowReport(max_dbfs=-50, heard_user=False)
    m.add(-49.9)
    assert m.take().heard_user is True
    assert m.frames == 3


def test_rounding_is_to_nearest_int():
    m = levels.LevelMeter()
    m.add(-23.6)
    assert m.take().max_dbfs == -24


def test_rate_limiter():
    r = levels.RateLimiter(1.0)
    assert r.ready(10.0)
    assert not r.ready(10.5)
    assert not r.ready(10.99)
    assert r.ready(11.0)
