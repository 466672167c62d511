"""Turn detection on synthetic per-frame levels (10 ms frames unless said otherwise)."""

import pytest

import turns

FRAME = 0.01
LOUD, QUIET = -15.0, -80.0


def run(detector: turns.TurnDetector, pattern, t0: float = 0.0):
    """pattern: [(seconds, level or None)]; None = no frames at all (only ticks every 100 ms).
    Returns [(t, event)]."""
    t, events = t0, []
    for seconds, level in pattern:
        n = int(round(seconds / FRAME))
        for _ in range(n):
            t = round(t + FRAME, 6)
            if level is None:
                if round(t * 100) % 10 == 0:
                    ev = detector.tick(t)
                else:
                    ev = None
            else:
                ev = detector.feed(t, level, FRAME)
            if ev is not None:
                events.append((t, ev))
    return events


def test_one_second_of_speech_then_silence_is_one_turn():
    d = turns.TurnDetector()
    events = run(d, [(0.5, QUIET), (1.0, LOUD), (1.0, QUIET)])
    assert [type(e) for _, e in events] == [turns.SpeechStarted, turns.TurnEnded]
    (t_start, started), (t_end, ended) = events
    assert started.start == pytest.approx(0.5)
    assert t_start == pytest.approx(0.8)  # confirmed after 300 ms
    assert ended.duration_s == pytest.approx(1.0)
    assert t_end == pytest.approx(1.5 + 0.7)  # after 700 ms of quiet
    assert d.state == turns.TurnDetector.IDLE


def test_speech_needs_300_ms():
    d = turns.TurnDetector()
    assert run(d, [(0.29, LOUD), (1.0, QUIET)]) == []
    d = turns.TurnDetector()
    events = run(d, [(0.30, LOUD), (1.0, QUIET)])
    assert [type(e) for _, e in events] == [turns.SpeechStarted, turns.TurnEnded]
    assert events[1][1].duration_s == pytest.approx(0.3)


def test_turn_ends_only_after_700_ms_of_quiet():
    d = turns.TurnDetector()
    events = run(d, [(1.0, LOUD), (0.69, QUIET)])
    assert [type(e) for _, e in events] == [turns.SpeechStarted]
    assert d.speaking
    ev = d.feed(1.7, QUIET, FRAME)
    assert isinstance(ev, turns.TurnEnded) and ev.duration_s == pytest.approx(1.0)


def test_pauses_shorter_than_700_ms_keep_the_turn():
    d = turns.TurnDetector()
    events = run(d, [(1.0, LOUD), (0.5, QUIET), (1.0, LOUD), (1.0, QUIET)])
    assert [type(e) for _, e in events] == [turns.SpeechStarted, turns.TurnEnded]
    assert events[1][1].duration_s == pytest.approx(2.5)


def test_short_dips_during_onset_do_not_restart_it():
    d = turns.TurnDetector()
    events = run(d, [(0.15, LOUD), (0.1, QUIET), (0.1, LOUD)])
    assert [type(e) for _, e in events] == [turns.SpeechStarted]
    assert events[0][1].start == pytest.approx(0.0)


def test_long_dips_during_onset_restart_it():
    d = turns.TurnDetector()
    assert run(d, [(0.2, LOUD), (0.25, QUIET), (0.2, LOUD), (1.0, QUIET)]) == []


def test_chromium_fake_mic_beep_never_makes_a_turn():
    """--use-fake-device-for-media-stream: a 20 ms beep every 500 ms."""
    d = turns.TurnDetector()
    assert run(d, [(0.02, LOUD), (0.48, QUIET)] * 20) == []


def test_threshold_is_strict_and_configurable():
    d = turns.TurnDetector()
    assert run(d, [(1.0, turns.SPEECH_THRESHOLD_DBFS), (1.0, QUIET)]) == []
    d = turns.TurnDetector(threshold_dbfs=-60)
    assert len(run(d, [(1.0, -50.0), (1.0, QUIET)])) == 2


def test_frames_stopping_mid_speech_end_the_turn_via_tick():
    """A muted track may stop sending frames: the periodic tick still ends the turn."""
    d = turns.TurnDetector()
    events = run(d, [(1.0, LOUD), (2.0, None)])
    assert [type(e) for _, e in events] == [turns.SpeechStarted, turns.TurnEnded]
    t_end, ended = events[1]
    assert ended.duration_s == pytest.approx(1.0)
    assert 1.7 <= t_end <= 1.8 + 1e-9


def test_tick_before_any_frame_and_while_idle_is_harmless():
    d = turns.TurnDetector()
    assert d.tick(5.0) is None
    run(d, [(1.0, QUIET)])
    assert d.tick(10.0) is None and d.state == turns.TurnDetector.IDLE


def test_consecutive_turns():
    d = turns.TurnDetector()
    events = run(d, [(0.5, LOUD), (1.0, QUIET), (0.8, LOUD), (1.0, QUIET)])
    ends = [e for _, e in events if isinstance(e, turns.TurnEnded)]
    assert [round(e.duration_s, 2) for e in ends] == [0.5, 0.8]
    assert ends[1].start == pytest.approx(1.5)
