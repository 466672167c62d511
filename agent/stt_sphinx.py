"""Offline speech-to-text for Sofia: pocketsphinx 5 (its wheel ships the en-us acoustic model and
dictionary) restricted to the dialogue's phrases (grammar.py). Non-streaming: AgentSession wraps
it in `stt.StreamAdapter` with the VAD and hands it one utterance at a time.

English only: no German model ships offline, so German callers are understood when they type.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import numpy as np

from livekit import rtc
from livekit.agents import APIConnectOptions, stt, utils
from livekit.agents.language import LanguageCode
from livekit.agents.types import NOT_GIVEN, NotGivenOr
from livekit.agents.utils import AudioBuffer

import grammar

logger = logging.getLogger("sofia.stt")

SAMPLE_RATE = 16000
# pocketsphinx's language weight: with the default (6.5) the grammar search often ends on a
# partial path ("what is your"); 13 decodes every grammar phrase spoken by espeak-ng exactly
LANGUAGE_WEIGHT = 13.0
# the anti-alias filter of `resample`: 2 × 32 + 1 taps
LOWPASS_HALF_TAPS = 32
# feed the decoder 20 ms at a time (a whole-utterance `full_utt=True` call decodes worse)
CHUNK_BYTES = SAMPLE_RATE // 50 * 2
# Where every utterance's cepstral mean normalisation starts. Live CMN adapts to what it hears
# and carries that into the next utterance: with one decoder shared by every call, one caller's
# audio (or the previous test phrase) shifted how the next was decoded, and short phrases
# ("goodbye") flipped with the order. The model's own start (40,3,-1,0,…) is far from speech
# through a WebRTC mic path; this is the estimate after "i would like an appointment", "yes
# please", "what is your name", "goodbye" (espeak-ng en-us, 24 kHz → 16 kHz by `resample`, as the
# session delivers it); from there every grammar phrase is understood in any order, also with
# noise added. It still adapts within each utterance.
CMN_INIT = ("49.566,3.6694,-1.94209,13.7284,-5.24944,-0.850131,-1.8452,-7.23674,-2.42997,"
            "-2.35188,2.26848,-2.25317,-4.90383")


def complete(hypothesis: str, phrases: tuple[str, ...]) -> str:
    """A grammar phrase for the decoder's hypothesis: itself when it is one; a partial path (the
    search ended before a final state, e.g. "what is your") becomes the shortest phrase that
    starts with those words; "" when none does."""
    if hypothesis in phrases or not hypothesis:
        return hypothesis
    words = hypothesis.split()
    candidates = [p for p in phrases if p.split()[: len(words)] == words]
    return min(candidates, key=lambda p: (len(p.split()), p)) if candidates else ""


class Recognizer:
    """One pocketsphinx decoder with the grammar. Thread-safe: calls are serialised (a decoder
    is not re-entrant). Building it takes ~0.5 s: do it once per process (`shared()`)."""

    def __init__(self, phrases: tuple[str, ...] = grammar.PHRASES) -> None:
        from pocketsphinx import Decoder

        self.phrases = phrases
        self._decoder = Decoder(samprate=SAMPLE_RATE, lw=LANGUAGE_WEIGHT, loglevel="ERROR")
        self._decoder.add_jsgf_string(grammar.GRAMMAR_NAME, grammar.jsgf(phrases))
        self._decoder.activate_search(grammar.GRAMMAR_NAME)
        self._lock = threading.Lock()

    def decode(self, pcm: bytes) -> str:
        """16 kHz mono s16le PCM of one utterance -> a grammar phrase, or "" (nothing heard)."""
        with self._lock:
            d = self._decoder
            d.set_cmn(CMN_INIT)
            d.start_utt()
            for i in range(0, len(pcm), CHUNK_BYTES):
                d.process_raw(pcm[i : i + CHUNK_BYTES], full_utt=False)
            d.end_utt()
            hyp = d.hyp()
        raw = hyp.hypstr if hyp is not None else ""
        text = complete(raw, self.phrases)
        if text != raw:
            logger.info("partial hypothesis %r completed to %r", raw, text)
        return text


_shared: Recognizer | None = None
_shared_lock = threading.Lock()


def shared() -> Recognizer:
    """The process's recognizer (jobs run as threads of one process and share it)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            started = time.perf_counter()
            _shared = Recognizer()
            logger.info("pocketsphinx grammar decoder ready in %.2f s", time.perf_counter() - started)
        return _shared


def to_pcm16k(buffer: AudioBuffer) -> bytes:
    """Any rate / channel count -> 16 kHz mono s16le."""
    frame = rtc.combine_audio_frames(buffer) if isinstance(buffer, list) else buffer
    if frame.samples_per_channel == 0:
        return b""
    samples = np.frombuffer(frame.data, dtype=np.int16).reshape(-1, frame.num_channels)
    mono = samples.mean(axis=1)
    if frame.sample_rate != SAMPLE_RATE:
        mono = resample(mono, frame.sample_rate, SAMPLE_RATE)
    return np.clip(np.round(mono), -32768, 32767).astype(np.int16).tobytes()


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Windowed-sinc low-pass (when going down), then linear interpolation. Deterministic on
    purpose: livekit's soxr resampler dithers, so the same audio came out different on every
    call, and a phrase on the edge of the grammar ("goodbye") decoded differently about once in
    forty. Good enough for an 8 kHz-band recognizer."""
    x = samples.astype(np.float64)
    if rate_out < rate_in:
        cutoff = 0.45 * rate_out / rate_in  # of the input rate: 7.2 kHz for 16 kHz out
        taps = np.arange(-LOWPASS_HALF_TAPS, LOWPASS_HALF_TAPS + 1)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
        x = np.convolve(x, kernel / kernel.sum(), mode="same")
    count = int(len(x) * rate_out // rate_in)
    return np.interp(np.arange(count) * (rate_in / rate_out), np.arange(len(x)), x)


class SphinxSTT(stt.STT):
    def __init__(self, recognizer: Recognizer) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=False, interim_results=False))
        self._recognizer = recognizer

    @property
    def model(self) -> str:
        return "pocketsphinx-en-us-grammar"

    @property
    def provider(self) -> str:
        return "pocketsphinx"

    async def _recognize_impl(
        self,
        buffer: AudioBuffer,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions,
    ) -> stt.SpeechEvent:
        pcm = to_pcm16k(buffer)
        started = time.perf_counter()
        text = await asyncio.to_thread(self._recognizer.decode, pcm) if pcm else ""
        logger.info("recognized %r (%.1f s of audio in %.3f s)", text, len(pcm) / 2 / SAMPLE_RATE,
                    time.perf_counter() - started)
        return stt.SpeechEvent(
            type=stt.SpeechEventType.FINAL_TRANSCRIPT,
            request_id=utils.shortuuid("stt_"),
            alternatives=[stt.SpeechData(language=LanguageCode("en"), text=text, confidence=1.0 if text else 0.0)],
        )
