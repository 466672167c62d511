"""The phrases Sofia's offline recognizer accepts, as a JSGF grammar. Pure, no I/O.

pocketsphinx's default language model turns synthetic (espeak-ng) speech into noise; with a
grammar of the dialogue's phrases it decodes them exactly. The grammar is a flat list of whole
phrases (no optional parts), so every sentence it accepts is listed in `PHRASES` and tested.
Speech outside the grammar is forced onto the nearest phrase or rejected (see stt_sphinx.py).

Checked with espeak-ng's US voice (`-v en-us`, what the tests speak with): every phrase decodes
exactly. espeak's default British voice decodes far worse with the US acoustic model; "thanks",
"yeah" and "okay" alone were left out because even the US voice decodes them unreliably.
"""

from __future__ import annotations

GRAMMAR_NAME = "sofia"
RULE_NAME = "utterance"  # not "s": <s> / </s> are pocketsphinx's sentence markers

# when the person wants the appointment; "" = no day named
DAYS = ("", "today", "tomorrow", "next week")

_APPOINTMENT = (
    "i would like an appointment",
    "i would like to book an appointment",
    "i would like to make an appointment",
    "i need an appointment",
    "can i have an appointment",
    "do you have a free slot",
)

_OTHER = (
    # greetings
    "hello",
    # (no bare "hi": too short to tell from "i need an appointment" with this model; typed
    # "hi" is still understood)
    "hello sofia",
    "good morning",
    "good afternoon",
    "good evening",
    # answers to an offer
    "yes",
    "yes please",
    "sure",
    "no",
    "no thanks",
    "no thank you",
    # who is speaking
    "what is your name",
    "who are you",
    # opening hours
    "when are you open",
    "what are your opening hours",
    # pain
    "i have a tooth ache",
    "my tooth hurts",
    # closing
    "thank you",
    "goodbye",
    "bye",
    "thank you goodbye",
)


def _with_day(phrase: str, day: str) -> str:
    return f"{phrase} {day}" if day else phrase


APPOINTMENT_PHRASES: tuple[str, ...] = tuple(
    _with_day(phrase, day) for phrase in _APPOINTMENT for day in DAYS
)
PHRASES: tuple[str, ...] = APPOINTMENT_PHRASES + _OTHER


def words() -> set[str]:
    """Every word of the grammar (each must be in the recognizer's pronunciation dictionary)."""
    return {word for phrase in PHRASES for word in phrase.split()}


def jsgf(phrases: tuple[str, ...] = PHRASES) -> str:
    """The grammar as JSGF text: one public rule, one alternative per phrase."""
    for phrase in phrases:
        if not phrase or phrase != " ".join(phrase.lower().split()) or not phrase.replace(" ", "").isalpha():
            raise ValueError(f"grammar phrases are lower-case words separated by one space: {phrase!r}")
    alternatives = "\n    | ".join(f"( {phrase} )" for phrase in phrases)
    return (
        "#JSGF V1.0;\n"
        f"grammar {GRAMMAR_NAME};\n"
        f"public <{RULE_NAME}> =\n      {alternatives}\n    ;\n"
    )
