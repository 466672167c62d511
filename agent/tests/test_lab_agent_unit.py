"""Worker configuration and helpers that need no server."""

import asyncio
import math

import numpy as np
import pytest

import lab_agent as agent
import levels
import tts
from livekit import rtc
from livekit.agents import JobExecutorType


def test_worker_options_never_block_dispatch(monkeypatch):
    monkeypatch.delenv("LK_AGENT_NAME", raising=False)
    opts = agent.worker_options()
    assert opts.agent_name == "sofia-lab"
    assert opts.load_fnc() == 0.0
    assert math.isinf(opts.load_threshold)
    assert opts.job_executor_type == JobExecutorType.THREAD
    assert opts.num_idle_processes <= 1
    assert opts.drain_timeout <= 10


def test_worker_options_from_env(monkeypatch):
    monkeypatch.setenv("LK_AGENT_NAME", "sofia-test")
    monkeypatch.setenv("LIVEKIT_URL", "ws://127.0.0.1:1234")
    monkeypatch.setenv("LIVEKIT_API_KEY", "k")
    monkeypatch.setenv("LIVEKIT_API_SECRET", "s")
    opts = agent.worker_options()
    assert (opts.agent_name, opts.ws_url, opts.api_key, opts.api_secret) == (
        "sofia-test", "ws://127.0.0.1:1234", "k", "s")


class FakeParticipant:
    def __init__(self, kind, attributes=None):
        self.kind = kind
        self.attributes = attributes or {}
        self.identity = "user"


def test_is_user():
    K = rtc.ParticipantKind
    assert agent.is_user(FakeParticipant(K.PARTICIPANT_KIND_STANDARD))
    assert agent.is_user(FakeParticipant(K.PARTICIPANT_KIND_SIP))
    assert not agent.is_user(FakeParticipant(K.PARTICIPANT_KIND_AGENT))
    assert not agent.is_user(
        FakeParticipant(K.PARTICIPANT_KIND_STANDARD, {"lk.publish_on_behalf": "agent-x"}))


def test_speaker_conforms_other_rates_and_stereo():
    """A later voice (e.g. mbrola at 16 kHz, or stereo) still plays on the 22050 Hz track."""

    async def run():
        speaker = agent.Speaker(room=None, sample_rate=22050)  # type: ignore[arg-type]
        try:
            t = np.arange(16000) / 16000
            tone = (0.5 * 32767 * np.sin(2 * np.pi * 300 * t)).astype(np.int16)
            out = speaker._conform(tts.Pcm(16000, 1, tone))
            assert out.sample_rate == 22050 and out.num_channels == 1
            assert abs(out.samples_per_channel - 22050) < 500
            assert levels.dbfs(out.samples[2000:-2000]) == pytest.approx(levels.dbfs(tone), abs=1.0)

            stereo = np.repeat(tone[:2205], 2)
            out = speaker._conform(tts.Pcm(22050, 2, stereo))
            assert out.num_channels == 1
            np.testing.assert_array_equal(out.samples, tone[:2205])
        finally:
            await speaker.aclose()

    asyncio.run(run())


class FakePublication:
    def __init__(self, muted=False):
        self.muted = muted


class FakeTrack:
    sid = "TR_user"


def test_user_audio_is_silent_when_muted_or_frames_stop(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(agent.time, "monotonic", lambda: now[0])
    pub = FakePublication()
    ua = agent.UserAudio(FakeParticipant(rtc.ParticipantKind.PARTICIPANT_KIND_STANDARD), pub,
                         FakeTrack(), threshold_dbfs=-40)
    assert ua.track_sid == "TR_user"
    # no frame yet: counted from the subscription
    assert not ua.silent(1000.5)
    assert ua.silent(1000.0 + agent.STALE_AUDIO_S)
    ua.last_frame = 1002.0
    assert not ua.silent(1002.9)
    assert ua.silent(1003.0)
    pub.muted = True
    assert ua.silent(1002.0)


def test_env_float(monkeypatch):
    monkeypatch.setenv("X_TEST_FLOAT", "-55.5")
    assert agent.env_float("X_TEST_FLOAT", 1.0) == -55.5
    monkeypatch.setenv("X_TEST_FLOAT", "loud")
    assert agent.env_float("X_TEST_FLOAT", 1.0) == 1.0
    monkeypatch.delenv("X_TEST_FLOAT")
    assert agent.env_float("X_TEST_FLOAT", 2.0) == 2.0
