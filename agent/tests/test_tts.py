import asyncio
import struct

import numpy as np
import pytest

import levels
import tts


def make_wav(samples: np.ndarray, rate: int = 22050, channels: int = 1, *, streamed: bool = False,
             extra_chunk: bool = False) -> bytes:
    data = samples.astype("<i2").tobytes()
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * 2 * channels, 2 * channels, 16)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    if extra_chunk:  # odd-sized chunk: exercises the pad byte
        chunks += b"LIST" + struct.pack("<I", 3) + b"abc" + b"\x00"
    data_size = 0x7FFFF000 if streamed else len(data)
    chunks += b"data" + struct.pack("<I", data_size) + data
    riff_size = 0x7FFFF024 if streamed else 4 + len(chunks)
    return b"RIFF" + struct.pack("<I", riff_size) + b"WAVE" + chunks


def test_parse_plain_wav():
    s = np.arange(-500, 500, dtype=np.int16)
    pcm = tts.parse_wav(make_wav(s, 16000))
    assert pcm.sample_rate == 16000 and pcm.num_channels == 1
    np.testing.assert_array_equal(pcm.samples, s)
    assert pcm.duration_s == pytest.approx(1000 / 16000)


def test_parse_streamed_header_with_placeholder_sizes():
    """espeak-ng --stdout writes 0x7ffff000 as the data size."""
    s = np.arange(0, 441, dtype=np.int16)
    pcm = tts.parse_wav(make_wav(s, streamed=True, extra_chunk=True))
    np.testing.assert_array_equal(pcm.samples, s)


def test_parse_drops_trailing_partial_sample_and_keeps_stereo_frames_whole():
    s = np.arange(0, 10, dtype=np.int16)
    wav = make_wav(s, channels=2, streamed=True) + b"\x01"  # half a sample
    pcm = tts.parse_wav(wav)
    assert pcm.num_channels == 2 and pcm.samples_per_channel == 5
    wav = make_wav(s[:9], channels=2, streamed=True)  # half a stereo frame
    assert tts.parse_wav(wav).samples_per_channel == 4


@pytest.mark.parametrize("bad", [b"", b"RIFX....WAVE", b"RIFF\x04\x00\x00\x00WAVE"])
def test_parse_rejects_garbage(bad):
    with pytest.raises(tts.TtsError):
        tts.parse_wav(bad)


def test_parse_rejects_non_16_bit():
    fmt = struct.pack("<HHIIHH", 3, 1, 22050, 22050 * 4, 4, 32)  # float32
    wav = b"RIFF\x00\x00\x00\x00WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data\x00\x00\x00\x00"
    with pytest.raises(tts.TtsError, match="unsupported"):
        tts.parse_wav(wav)


@pytest.mark.parametrize("rate,expected", [(48000, 480), (16000, 160), (24000, 240), (22050, 441), (44100, 441)])
def test_frame_samples_prefers_10ms_then_20ms(rate, expected):
    assert tts.frame_samples(rate) == expected


def test_frame_samples_explicit_and_invalid():
    assert tts.frame_samples(48000, 20) == 960
    with pytest.raises(ValueError):
        tts.frame_samples(22050, 10)
    with pytest.raises(ValueError):
        tts.frame_samples(11025)


def test_iter_frames_pads_last_frame():
    pcm = tts.Pcm(22050, 1, np.arange(1, 1001, dtype=np.int16))
    frames = list(tts.iter_frames(pcm, 441))
    assert [len(f) for f in frames] == [441, 441, 441]
    np.testing.assert_array_equal(np.concatenate(frames)[:1000], pcm.samples)
    assert not frames[-1][1000 - 882 :].any()


def test_iter_frames_stereo_counts_per_channel():
    pcm = tts.Pcm(48000, 2, np.ones(960 * 2, dtype=np.int16))
    frames = list(tts.iter_frames(pcm, 480))
    assert len(frames) == 2 and all(len(f) == 960 for f in frames)


def test_leading_silence():
    pcm = tts.Pcm(22050, 1, np.full(100, 7, dtype=np.int16))
    out = tts.with_leading_silence(pcm, 300)
    assert out.samples_per_channel == 6615 + 100
    assert not out.samples[:6615].any() and (out.samples[6615:] == 7).all()
    assert tts.with_leading_silence(pcm, 0) is pcm


def test_espeak_command_puts_text_after_double_dash():
    cmd = tts.espeak_command("-v is not an option", voice="de", words_per_minute=150)
    assert cmd == ["espeak-ng", "--stdout", "-v", "de", "-s", "150", "--", "-v is not an option"]


needs_espeak = pytest.mark.skipif(not tts.espeak_available(), reason="espeak-ng not installed")


@needs_espeak
@pytest.mark.parametrize("voice", [None, "de"])
def test_espeak_synthesis_is_non_silent_speech(voice):
    text = "Hello, this is Sofia." if voice is None else "Hallo, hier ist Sofia."
    pcm = asyncio.run(tts.synthesize(text, voice=voice))
    assert pcm.sample_rate == 22050 and pcm.num_channels == 1
    assert 0.5 < pcm.duration_s < 10, pcm.duration_s
    spf = tts.frame_samples(pcm.sample_rate)
    frame_levels = [levels.dbfs(f) for f in tts.iter_frames(pcm, spf)]
    assert max(frame_levels) > -30, max(frame_levels)
    # speech, not a constant tone: a good share of frames is clearly audible
    assert sum(lvl > -40 for lvl in frame_levels) > len(frame_levels) // 4


def test_missing_espeak_is_a_tts_error(monkeypatch):
    monkeypatch.setattr(tts, "ESPEAK_BIN", "espeak-ng-does-not-exist")
    with pytest.raises(tts.TtsError, match="not found"):
        asyncio.run(tts.synthesize("x"))


def test_failing_espeak_is_a_tts_error(monkeypatch):
    # note: espeak-ng itself exits 0 and silently uses its default voice for an unknown -v
    monkeypatch.setattr(tts, "ESPEAK_BIN", "false")
    with pytest.raises(tts.TtsError, match="exited with 1"):
        asyncio.run(tts.synthesize("x"))
