"""Sofia's dialogue as rules: what the person asked (intent), what she does about it (say a text
or call a tool) and how she words a tool's result. Pure, no I/O; rules_llm.py turns a livekit
chat context into `Turn`s and the decision back into chat chunks.

The state of the conversation is read from the history alone, as an LLM would: a "yes" books the
slot when her last words were an offer made from a `free_slots` result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import calendar_tools
import replies
from replies import DE, EN

# ---- what she says ------------------------------------------------------------------------------

GREETING = replies.GREETINGS
HELLO = {EN: "Hello! How can I help you?", DE: "Hallo! Wie kann ich Ihnen helfen?"}
NAME = {
    EN: "My name is Sofia. I am the assistant of the dental practice.",
    DE: "Ich heiße Sofia und bin die Assistentin der Zahnarztpraxis.",
}
THANKS = {
    EN: "You're welcome. Can I help you with anything else?",
    DE: "Gern geschehen. Kann ich Ihnen sonst noch helfen?",
}
BYE = {EN: "Goodbye, have a nice day!", DE: "Auf Wiederhören und einen schönen Tag!"}
HOURS = {
    EN: "We are open Monday to Friday from 8 a.m. to 6 p.m.",
    DE: "Wir haben Montag bis Freitag von 8 bis 18 Uhr geöffnet.",
}
NOTHING_OFFERED = {
    EN: "What can I do for you? You can ask me for an appointment.",
    DE: "Was kann ich für Sie tun? Sie können mich nach einem Termin fragen.",
}
NOT_UNDERSTOOD = {
    EN: "I did not understand. You can also type your question.",
    DE: "Das habe ich nicht verstanden. Sie können Ihre Frage auch schreiben.",
}
OFFER = calendar_tools.OFFER  # "The next free slot is {when}. Shall I book it?"
PAIN_OFFER = calendar_tools.PAIN_OFFER
OTHER_DAY = {
    EN: "There is no free slot {day}. ",
    DE: "{day} ist kein Termin frei. ",
}
NO_SLOTS = calendar_tools.NO_SLOTS
BOOKED = calendar_tools.BOOKED  # "Done, I booked {when} for you. See you then!"
NOT_BOOKED = calendar_tools.NOT_BOOKED
BOOK_FAILED = calendar_tools.BOOK_FAILED
LOOKUP_FAILED = calendar_tools.LOOKUP_FAILED
# the slot offered when the page has no calendar (RPC error 1400)
CANNED_SLOT = {EN: "Tuesday at 10 a.m.", DE: "Dienstag um 10 Uhr"}

# ---- when ---------------------------------------------------------------------------------------

Day = Literal["today", "tomorrow", "next_week"]
DAYS: tuple[Day, ...] = ("today", "tomorrow", "next_week")
DAY_WORDS: dict[str, dict[Day, str]] = {
    EN: {"today": "today", "tomorrow": "tomorrow", "next_week": "next week"},
    DE: {"today": "Heute", "tomorrow": "Morgen", "next_week": "Nächste Woche"},
}
_DAY_RULES: tuple[tuple[Day, re.Pattern[str]], ...] = (
    ("next_week", re.compile(r"\bnext week\b|\bnächste[n]? woche\b", re.I)),
    ("tomorrow", re.compile(r"\btomorrow\b|\bmorgen\b", re.I)),
    ("today", re.compile(r"\btoday\b|\bheute\b", re.I)),
)
# "Guten Morgen" is a greeting, not "tomorrow"
_GREETING_MORNING = re.compile(r"\bguten morgen\b", re.I)


def day_of(text: str) -> Day | None:
    """The day the person named ("today", "tomorrow", "next week", German too), or None."""
    text = _GREETING_MORNING.sub(" ", text)
    return next((day for day, rule in _DAY_RULES if rule.search(text)), None)


# ---- what the person wants ----------------------------------------------------------------------

Intent = Literal["appointment", "pain", "yes", "no", "hello", "name", "hours", "thanks", "bye",
                 "unknown"]

_NAME = re.compile(r"\b(your name|who are you|wie hei(ß|ss)en sie|wer sind sie|ihr name)\b", re.I)
# the recognizer spells it in two words
_TOOTH_ACHE = re.compile(r"\btooth ache", re.I)
_THANKS = re.compile(r"\b(thank(s| you)|danke|vielen dank)\b", re.I)


def intent_of(text: str) -> Intent:
    """The person's intent in one message (typed or recognized)."""
    text = replies.clean_user_text(text)
    if not text:
        return "unknown"
    # answers first: "yes, book it" is a yes, "no thanks" a no
    if replies.matches("yes", text):
        return "yes"
    if replies.matches("no", text):
        return "no"
    if replies.matches("pain", text) or _TOOTH_ACHE.search(text):
        return "pain"
    if replies.matches("appointment", text):
        return "appointment"
    if _NAME.search(text):
        return "name"
    if replies.matches("hours", text):
        return "hours"
    if replies.matches("bye", text):
        return "bye"
    if _THANKS.search(text):
        return "thanks"
    if replies.matches("hello", text):
        return "hello"
    return "unknown"


# ---- the conversation so far --------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One item of the history. kind: "user" / "assistant" (text), "call" (a tool call: name,
    arguments) or "output" (a tool result: name, output)."""

    kind: Literal["user", "assistant", "call", "output"]
    text: str = ""
    name: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    interrupted: bool = False


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Call:
    """Call the tool `name` with `arguments`; the answer is worded once its output is back."""

    name: str
    arguments: dict[str, Any]


Action = Say | Call

FREE_SLOTS = "free_slots"
BOOK = "book"


def parse_output(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def pending_offer(history: list[Turn]) -> dict[str, Any] | None:
    """The slot she offered in her last words, if those were an offer (heard to the end) made
    from a `free_slots` result and the person has said nothing since; else None."""
    if not history or history[-1].kind != "user":
        return None
    before = history[:-1]
    if len(before) < 2:
        return None
    said, result = before[-1], before[-2]
    if said.kind != "assistant" or said.interrupted:
        return None
    if result.kind != "output" or result.name != FREE_SLOTS:
        return None
    offer = parse_output(result.text).get("offer")
    return offer if isinstance(offer, dict) else None


def decide(history: list[Turn], lang: str) -> Action:
    """What to do next: word a tool result that just came back, or answer the person."""
    lang = lang if lang in replies.LANGUAGES else EN
    if not history:
        return Say(GREETING[lang])
    last = history[-1]
    if last.kind == "output":
        call = next((t for t in reversed(history) if t.kind == "call" and t.name == last.name), None)
        return Say(word_result(last.name, parse_output(last.text), call.arguments if call else {},
                               lang))
    if last.kind != "user":
        # nothing new from the person (e.g. a tool without output): say nothing twice
        return Say("")

    intent = intent_of(last.text)
    offer = pending_offer(history)
    if intent == "yes" and offer is not None:
        return Call(BOOK, {k: offer.get(k, "") for k in ("start", "end", "label")})
    if intent == "no" and offer is not None:
        return Say(NOT_BOOKED[lang])
    if intent in ("appointment", "pain"):
        arguments: dict[str, Any] = {"day": day_of(last.text) or ""}
        if intent == "pain":
            arguments["urgent"] = True
        return Call(FREE_SLOTS, arguments)
    texts = {"hello": HELLO, "name": NAME, "hours": HOURS, "thanks": THANKS, "bye": BYE,
             "yes": NOTHING_OFFERED, "no": BYE}
    return Say(texts.get(intent, NOT_UNDERSTOOD)[lang])


# ---- wording tool results -----------------------------------------------------------------------


def slot_words(slot: dict[str, Any], lang: str, *, canned: bool = False) -> str:
    """How she says a slot: the canned label in the page-less fallback, else the spoken date."""
    if canned:
        return CANNED_SLOT[lang]
    return calendar_tools.describe(calendar_tools.Slot.from_json(slot) or calendar_tools.Slot(""),
                                   lang)


def error_words(error: dict[str, Any], lang: str) -> str:
    code = error.get("code")
    return calendar_tools.reason(int(code) if isinstance(code, int) else 0,
                                 str(error.get("message") or ""), lang)


def word_result(name: str, result: dict[str, Any], arguments: dict[str, Any], lang: str) -> str:
    canned = bool(result.get("canned"))
    if name == FREE_SLOTS:
        if isinstance(result.get("error"), dict):
            return LOOKUP_FAILED[lang].format(reason=error_words(result["error"], lang))
        offer = result.get("offer")
        if not isinstance(offer, dict):
            return NO_SLOTS[lang]
        when = slot_words(offer, lang, canned=canned)
        template = PAIN_OFFER if arguments.get("urgent") else OFFER
        text = _sentences(template[lang].format(when=when))
        day = result.get("day")
        if day in DAYS and not result.get("day_matched") and not canned:
            text = OTHER_DAY[lang].format(day=DAY_WORDS[lang][day]) + text
        return text
    if name == BOOK:
        when = slot_words(result.get("slot") or arguments, lang, canned=canned)
        if isinstance(result.get("error"), dict):
            return _sentences(BOOK_FAILED[lang].format(when=when,
                                                       reason=error_words(result["error"], lang)))
        return _sentences(BOOKED[lang].format(when=when))
    return NOT_UNDERSTOOD[lang]


def _sentences(text: str) -> str:
    """A slot ending in an abbreviation ("10 a.m.") before a sentence's full stop: one dot."""
    return text.replace(".. ", ". ").replace("..", ".")
