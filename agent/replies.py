"""What Sofia says: language choice, greeting, rule-based chat replies. Pure, no I/O.

Languages are "en" (espeak-ng's default voice) and "de" (`espeak-ng -v de`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Mapping

EN = "en"
DE = "de"
LANGUAGES = (EN, DE)

# espeak-ng voice per language; None = espeak's default (English)
VOICES: dict[str, str | None] = {EN: None, DE: "de"}

GREETINGS = {
    EN: "Hello, this is Sofia from the dental practice. How can I help you?",
    DE: "Hallo, hier ist Sofia von der Zahnarztpraxis. Wie kann ich Ihnen helfen?",
}

# the longest user text echoed back (chat) or spoken
MAX_ECHO_CHARS = 200

_LANG_ALIASES = {
    "en": EN, "eng": EN, "english": EN, "englisch": EN,
    "de": DE, "deu": DE, "ger": DE, "german": DE, "deutsch": DE,
}


def normalize_lang(value: Any) -> str | None:
    """"de", "de-DE", "de_AT", "German", "deutsch" -> "de"; "en-US" -> "en"; else None."""
    if not isinstance(value, str):
        return None
    v = value.strip().lower()
    if not v:
        return None
    if v in _LANG_ALIASES:
        return _LANG_ALIASES[v]
    primary = re.split(r"[-_]", v, maxsplit=1)[0]
    return _LANG_ALIASES.get(primary) if primary in (EN, DE) else None


def parse_metadata(metadata: str | None) -> dict[str, Any]:
    """Job / participant metadata as a dict: a JSON object as is, a bare language tag such as
    "de" as {"lang": "de"}, anything else (empty, other JSON, free text) as {}."""
    if not metadata or not metadata.strip():
        return {}
    try:
        value = json.loads(metadata)
    except ValueError:
        return {"lang": metadata.strip()} if normalize_lang(metadata) else {}
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and normalize_lang(value):
        return {"lang": value}
    return {}


def lang_from_mapping(values: Mapping[str, Any]) -> str | None:
    for key in ("lang", "language", "locale"):
        lang = normalize_lang(values.get(key))
        if lang:
            return lang
    return None


def pick_lang(
    *,
    job_metadata: str | None = None,
    user_attributes: Mapping[str, str] | None = None,
    user_metadata: str | None = None,
    default: str = EN,
) -> str:
    """First that names a known language wins: dispatch (job) metadata, the user's attributes
    (`lang`), the user's metadata; else `default`."""
    for source in (
        parse_metadata(job_metadata),
        dict(user_attributes or {}),
        parse_metadata(user_metadata),
    ):
        lang = lang_from_mapping(source)
        if lang:
            return lang
    return normalize_lang(default) or EN


def greeting(lang: str) -> str:
    return GREETINGS.get(lang, GREETINGS[EN])


def _seconds(duration_s: float, lang: str) -> str:
    text = f"{duration_s:.1f}"
    return text.replace(".", ",") if lang == DE else text


def voice_turn_reply(duration_s: float, lang: str) -> str:
    """The spoken answer to a voice turn (the demo has no speech recognition)."""
    if lang == DE:
        return (
            f"Ich habe Sie {_seconds(duration_s, lang)} Sekunden lang gehört. "
            "Bitte schreiben Sie Ihre Frage in den Chat."
        )
    return (
        f"I heard you for {_seconds(duration_s, lang)} seconds. "
        "Please type your question in the chat."
    )


def speech_placeholder(duration_s: float) -> str:
    """The user-side transcript text standing in for speech recognition (always this format)."""
    return f"(speech detected, {duration_s:.1f} s)"


def clean_user_text(text: str, limit: int = MAX_ECHO_CHARS) -> str:
    """Whitespace collapsed, control characters dropped, cut to `limit` characters (with "…")."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# ---- chat rules ---------------------------------------------------------------------------------

_OFFER = {
    EN: "We have a free slot on Tuesday at 10 a.m. Shall I book it?",
    DE: "Wir haben am Dienstag um 10 Uhr einen freien Termin. Soll ich ihn für Sie buchen?",
}
_PAIN = {
    EN: "I'm sorry to hear that. We keep an emergency slot free today at 4 p.m. Shall I book it?",
    DE: "Das tut mir leid. Wir haben heute um 16 Uhr einen Notfalltermin frei. Soll ich ihn für Sie buchen?",
}
_BOOKED = {
    EN: "Done, your appointment is booked. See you then!",
    DE: "Erledigt, Ihr Termin ist gebucht. Bis dann!",
}
_NOT_BOOKED = {
    EN: "All right, I won't book it. Can I help you with anything else?",
    DE: "In Ordnung, dann buche ich ihn nicht. Kann ich Ihnen sonst noch helfen?",
}
_HOURS = {
    EN: "We are open Monday to Friday from 8 a.m. to 6 p.m.",
    DE: "Wir haben Montag bis Freitag von 8 bis 18 Uhr geöffnet.",
}
_HELLO = {
    EN: "Hello! How can I help you?",
    DE: "Hallo! Wie kann ich Ihnen helfen?",
}
_BYE = {
    EN: "Goodbye, have a nice day!",
    DE: "Auf Wiederhören und einen schönen Tag!",
}
_ECHO = {EN: "You said: {text}", DE: "Sie sagten: {text}"}


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


# word stems; German compounds ("Zahnarzttermin") need plain substrings
_RULES = {
    "appointment": _rx(r"appointment", r"\bbook", r"\bslot", r"\bschedul", r"\bavailab",
                       r"termin", r"\bbuchen", r"\bfrei(e|en)?\b"),
    "pain": _rx(r"\bpain", r"\btoothache", r"\bhurts?\b", r"\bemergenc",
                r"schmerz", r"\bnotfall", r"\btut weh\b"),
    "hours": _rx(r"\bopen(ing)?\b", r"\bhours\b", r"öffnungszeit", r"\bgeöffnet", r"\boffen\b"),
    "yes": _rx(r"^\s*(yes|yeah|yep|sure|ok(ay)?|please do|ja|gerne|jawohl|bitte)\b"),
    "no": _rx(r"^\s*(no|nope|nein|lieber nicht)\b"),
    "bye": _rx(r"\b(good)?bye\b", r"\btschüss", r"\bauf wieder(sehen|hören)"),
    "hello": _rx(r"^\s*(hello|hi|hey|good (morning|afternoon|evening)|hallo|guten (morgen|tag|abend)|servus|moin)\b"),
}


def matches(rule: str, text: str) -> bool:
    """Whether `text` matches one of the chat rules ("appointment", "pain", "yes", "no", …)."""
    return bool(_RULES[rule].search(text))


@dataclass
class Conversation:
    """Rule-based replies for one call. Remembers only whether a slot was just offered, so a
    following "yes"/"no" books it or not."""

    lang: str = EN
    offered: bool = False

    def reply(self, text: str) -> str | None:
        """The reply to a chat message, or None for an empty one."""
        text = clean_user_text(text)
        if not text:
            return None
        lang = self.lang if self.lang in LANGUAGES else EN
        offered, self.offered = self.offered, False

        if offered and _RULES["yes"].search(text):
            return _BOOKED[lang]
        if offered and _RULES["no"].search(text):
            return _NOT_BOOKED[lang]
        if _RULES["pain"].search(text):
            self.offered = True
            return _PAIN[lang]
        if _RULES["appointment"].search(text):
            self.offered = True
            return _OFFER[lang]
        if _RULES["hours"].search(text):
            return _HOURS[lang]
        if _RULES["bye"].search(text):
            return _BYE[lang]
        if _RULES["hello"].search(text):
            return _HELLO[lang]
        return _ECHO[lang].format(text=text)
