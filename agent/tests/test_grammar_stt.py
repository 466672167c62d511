"""The recognizer: every grammar phrase, spoken by espeak-ng (US voice) into a WAV file, decodes
to exactly that phrase through SphinxSTT (the path AgentSession uses: 24 kHz frames in)."""

import asyncio
import subprocess

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import APIConnectOptions

import dialogue
import grammar
import stt_sphinx
import tts


@pytest.fixture(scope="module")
def recognizer():
    return stt_sphinx.Recognizer()


def spoken(text: str, path, voice: str = "en-us") -> rtc.AudioFrame:
    """`espeak-ng -v en-us -w` -> the 24 kHz mono frame the session's room input delivers
    (resampled deterministically: the test must hear the same audio on every run)."""
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    pcm = tts.parse_wav(path.read_bytes())
    at_24k = stt_sphinx.resample(pcm.samples.astype(np.float64), pcm.sample_rate, 24000)
    samples = np.round(at_24k).astype(np.int16)
    return rtc.AudioFrame(samples.tobytes(), 24000, 1, len(samples))


def recognize(recognizer, frame) -> str:
    stt = stt_sphinx.SphinxSTT(recognizer)
    event = asyncio.run(stt.recognize([frame], conn_options=APIConnectOptions(max_retry=0)))
    return event.alternatives[0].text


def test_i_would_like_an_appointment_decodes_exactly(recognizer, tmp_path):
    assert recognize(recognizer, spoken("I would like an appointment", tmp_path / "a.wav")) == (
        "i would like an appointment")


def test_every_phrase_is_understood_in_any_order(recognizer, tmp_path):
    """Forwards, then backwards through the same decoder, each pass after another caller's audio:
    what one utterance leaves behind must not change what the next one means (calls share one
    decoder). Near-synonyms may swap ("no thanks" / "no thank you"); the meaning and the day
    may not, and the dialogue's key sentences decode word for word."""
    frames = [(p, spoken(p, tmp_path / f"{i}.wav")) for i, p in enumerate(grammar.PHRASES)]
    # (a German caller, whom the grammar cannot understand)
    other_caller = spoken("Guten Tag, ich hätte gern einen Termin.", tmp_path / "other.wav", voice="de")
    exact = {"i would like an appointment", "yes please", "what is your name", "goodbye"}
    for order in ("forwards", "backwards"):
        for _ in range(2):
            recognize(recognizer, other_caller)
        wrong = {}
        for phrase, frame in frames if order == "forwards" else frames[::-1]:
            got = recognize(recognizer, frame)
            same = got == phrase or (
                phrase not in exact
                and dialogue.intent_of(got) == dialogue.intent_of(phrase)
                and dialogue.day_of(got) == dialogue.day_of(phrase)
            )
            if not same:
                wrong[phrase] = got
        assert wrong == {}, order


def test_every_word_is_in_the_dictionary():
    import os

    import pocketsphinx

    dict_path = os.path.join(os.path.dirname(pocketsphinx.__file__), "model", "en-us",
                             "cmudict-en-us.dict")
    with open(dict_path) as f:
        known = {line.split(" ", 1)[0] for line in f}
    assert grammar.words() - known == set()


def test_silence_is_nothing(recognizer):
    frame = rtc.AudioFrame(bytes(24000 * 2), 24000, 1, 24000)
    assert recognize(recognizer, frame) == ""


def test_grammar_text():
    text = grammar.jsgf(("hello", "yes please"))
    assert text.startswith("#JSGF V1.0;\ngrammar sofia;\npublic <utterance> =")
    assert "( hello )" in text and "| ( yes please )" in text
    with pytest.raises(ValueError):
        grammar.jsgf(("Hello!",))


@pytest.mark.parametrize("hyp, phrase", [
    ("what is your name", "what is your name"),       # a whole phrase
    ("what is your", "what is your name"),            # a partial path, completed
    ("i need an", "i need an appointment"),           # the shortest phrase it starts
    ("no thank", "no thank you"),
    ("", ""),
    ("pizza", ""),                                    # not a phrase's beginning
])
def test_complete(hyp, phrase):
    assert stt_sphinx.complete(hyp, grammar.PHRASES) == phrase


def test_appointment_phrases_with_days():
    assert "i would like an appointment tomorrow" in grammar.PHRASES
    assert "do you have a free slot next week" in grammar.PHRASES
    assert len(set(grammar.PHRASES)) == len(grammar.PHRASES)
