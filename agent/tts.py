"""Offline text-to-speech with `espeak-ng`, plus the PCM helpers the agent needs.

Nothing here touches the network or downloads a model: `espeak-ng` ships its voices with the
Debian package. Everything except `synthesize` is pure and unit-tested.

espeak-ng quirk: with `--stdout` it writes a *streaming* WAV header whose RIFF and `data` sizes
are placeholders (0x7ffff000-ish), because stdout is not seekable. A strict reader (Python's
`wave`) then reports a billion frames. `parse_wav` clamps the `data` chunk to the bytes really
present and drops a trailing partial sample.
"""

from __future__ import annotations

import asyncio
import shutil
import struct
from dataclasses import dataclass
from typing import Iterator

import numpy as np

ESPEAK_BIN = "espeak-ng"

# WAVE_FORMAT_PCM; WAVE_FORMAT_EXTENSIBLE with a PCM sub-format is accepted too.
_WAVE_FORMAT_PCM = 0x0001
_WAVE_FORMAT_EXTENSIBLE = 0xFFFE


class TtsError(RuntimeError):
    """Synthesis failed or produced something we cannot play."""


@dataclass(frozen=True)
class Pcm:
    """Mono or interleaved signed 16-bit PCM."""

    sample_rate: int
    num_channels: int
    samples: np.ndarray  # dtype int16, shape (n_frames * num_channels,)

    @property
    def samples_per_channel(self) -> int:
        return len(self.samples) // self.num_channels

    @property
    def duration_s(self) -> float:
        return self.samples_per_channel / self.sample_rate


def parse_wav(data: bytes) -> Pcm:
    """Parse a RIFF/WAVE byte string holding 16-bit PCM.

    Tolerates the bogus sizes of streamed headers (espeak-ng --stdout): a chunk size larger than
    what is left is clamped to the end of the buffer.
    """
    if len(data) < 12 or data[0:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise TtsError("not a RIFF/WAVE stream")

    fmt: tuple[int, int, int, int] | None = None  # (format, channels, rate, bits)
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        body_start = pos + 8
        body_end = min(body_start + size, len(data))
        body = data[body_start:body_end]

        if chunk_id == b"fmt ":
            if len(body) < 16:
                raise TtsError("truncated fmt chunk")
            audio_format, channels, rate, _byte_rate, _align, bits = struct.unpack_from(
                "<HHIIHH", body, 0
            )
            if audio_format == _WAVE_FORMAT_EXTENSIBLE and len(body) >= 26:
                (audio_format,) = struct.unpack_from("<H", body, 24)  # first 2 bytes of GUID
            fmt = (audio_format, channels, rate, bits)
        elif chunk_id == b"data":
            if fmt is None:
                raise TtsError("data chunk before fmt chunk")
            audio_format, channels, rate, bits = fmt
            if audio_format != _WAVE_FORMAT_PCM or bits != 16:
                raise TtsError(f"unsupported WAV encoding: format={audio_format} bits={bits}")
            if channels < 1 or rate < 1:
                raise TtsError(f"invalid WAV header: channels={channels} rate={rate}")
            usable = len(body) - len(body) % (2 * channels)
            samples = np.frombuffer(body[:usable], dtype="<i2").astype(np.int16, copy=True)
            return Pcm(sample_rate=rate, num_channels=channels, samples=samples)

        # chunks are word-aligned
        pos = body_start + size + (size & 1)

    raise TtsError("no data chunk in WAV")


def frame_samples(sample_rate: int, frame_ms: int | None = None) -> int:
    """Samples per channel in one frame.

    Prefers 10 ms, falls back to 20 ms when 10 ms is not a whole number of samples
    (espeak-ng's 22050 Hz -> 441 samples per 20 ms).
    """
    if frame_ms is not None:
        n, rem = divmod(sample_rate * frame_ms, 1000)
        if rem:
            raise ValueError(f"{frame_ms} ms is not a whole number of samples at {sample_rate} Hz")
        return n
    for ms in (10, 20):
        n, rem = divmod(sample_rate * ms, 1000)
        if rem == 0:
            return n
    raise ValueError(f"no 10/20 ms frame size fits {sample_rate} Hz")


def with_leading_silence(pcm: Pcm, silence_ms: int) -> Pcm:
    """Prepend `silence_ms` of zeros (so the first syllable is not clipped while the
    receiver's jitter buffer / decoder settles)."""
    n = pcm.sample_rate * silence_ms // 1000 * pcm.num_channels
    if n <= 0:
        return pcm
    samples = np.concatenate([np.zeros(n, dtype=np.int16), pcm.samples])
    return Pcm(pcm.sample_rate, pcm.num_channels, samples)


def iter_frames(pcm: Pcm, samples_per_frame: int) -> Iterator[np.ndarray]:
    """Slice PCM into equal frames of `samples_per_frame` samples per channel.

    The last frame is zero-padded to full length, so every frame has the same size.
    """
    if samples_per_frame <= 0:
        raise ValueError("samples_per_frame must be positive")
    step = samples_per_frame * pcm.num_channels
    total = len(pcm.samples)
    for start in range(0, total, step):
        chunk = pcm.samples[start : start + step]
        if len(chunk) < step:
            chunk = np.concatenate([chunk, np.zeros(step - len(chunk), dtype=np.int16)])
        yield chunk


def espeak_available() -> bool:
    return shutil.which(ESPEAK_BIN) is not None


def espeak_command(text: str, *, voice: str | None = None, words_per_minute: int | None = None) -> list[str]:
    """The argv for synthesising `text`. `voice` is an espeak-ng voice such as "en" or "de"."""
    cmd = [ESPEAK_BIN, "--stdout"]
    if voice:
        cmd += ["-v", voice]
    if words_per_minute:
        cmd += ["-s", str(words_per_minute)]
    # "--" so text starting with "-" is not read as an option
    cmd += ["--", text]
    return cmd


async def synthesize(
    text: str,
    *,
    voice: str | None = None,
    words_per_minute: int | None = None,
    timeout_s: float = 30.0,
) -> Pcm:
    """Synthesise `text` with espeak-ng and return its PCM (22050 Hz mono for stock voices)."""
    if not espeak_available():
        raise TtsError(f"{ESPEAK_BIN} not found on PATH")
    proc = await asyncio.create_subprocess_exec(
        *espeak_command(text, voice=voice, words_per_minute=words_per_minute),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=timeout_s)
    except BaseException:
        # timeout or cancellation (job shutting down): never leave espeak-ng behind
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        raise
    if proc.returncode != 0:
        raise TtsError(
            f"{ESPEAK_BIN} exited with {proc.returncode}: {err.decode(errors='replace').strip()}"
        )
    pcm = parse_wav(out)
    if pcm.samples_per_channel == 0:
        raise TtsError(f"{ESPEAK_BIN} produced no audio")
    return pcm
