"""espeak-ng as a livekit-agents TTS (non-streaming: AgentSession splits the reply into sentences
and synthesises each). The voice is asked for per utterance, so a call that switches to German
speaks German from its next sentence on."""

from __future__ import annotations

from typing import Callable

from livekit.agents import APIConnectOptions, APIError, tts, utils
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS

import tts as espeak

# espeak-ng's stock voices all speak at 22050 Hz mono
SAMPLE_RATE = 22050


class EspeakTTS(tts.TTS):
    def __init__(self, voice: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(capabilities=tts.TTSCapabilities(streaming=False),
                         sample_rate=SAMPLE_RATE, num_channels=1)
        self.voice = voice

    @property
    def model(self) -> str:
        return "espeak-ng"

    @property
    def provider(self) -> str:
        return "espeak-ng"

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _EspeakStream(tts=self, input_text=text, conn_options=conn_options)


class _EspeakStream(tts.ChunkedStream):
    _tts: EspeakTTS

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        try:
            pcm = await espeak.synthesize(self._input_text, voice=self._tts.voice())
        except espeak.TtsError as e:
            raise APIError(str(e), retryable=False) from e
        if pcm.num_channels != 1 or pcm.sample_rate != SAMPLE_RATE:
            raise APIError(f"espeak-ng gave {pcm.sample_rate} Hz x{pcm.num_channels}, "
                           f"expected {SAMPLE_RATE} Hz mono", retryable=False)
        output_emitter.initialize(request_id=utils.shortuuid("tts_"), sample_rate=SAMPLE_RATE,
                                  num_channels=1, mime_type="audio/pcm")
        output_emitter.push(pcm.samples.tobytes())
        output_emitter.flush()
