"""Booking through the user's page: Sofia asks the page's calendar for free slots and books one,
over LiveKit RPC (the widget bridges the page's `calendar.*` handlers to the room).

    calendar.freeSlots  payload "{}"                     -> {"slots": [{"start", "end", "label"}]}
    calendar.book       payload {"start", "end", "title"} -> {"booked": true, "start", ...}

When the page offers no such method (RPC error 1400, e.g. the plain widget page) the flow steps
aside and the canned replies answer as before. Pure logic apart from the `rpc` callable, so it is
tested without a server.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Awaitable, Callable

from livekit import rtc

import replies
from replies import DE, EN

logger = logging.getLogger("sofia-agent.calendar")

FREE_SLOTS = "calendar.freeSlots"
BOOK = "calendar.book"
RPC_TIMEOUT_S = 8.0

# (destination identity, method, payload) -> answer; raises rtc.RpcError
Rpc = Callable[[str, str, str], Awaitable[str]]

_UNSUPPORTED = {int(rtc.RpcError.ErrorCode.UNSUPPORTED_METHOD)}
_GONE = {int(rtc.RpcError.ErrorCode.RECIPIENT_NOT_FOUND),
         int(rtc.RpcError.ErrorCode.RECIPIENT_DISCONNECTED)}
_TIMEOUT = {int(rtc.RpcError.ErrorCode.RESPONSE_TIMEOUT),
            int(rtc.RpcError.ErrorCode.CONNECTION_TIMEOUT)}

OFFER = {
    EN: "The next free slot is {when}. Shall I book it?",
    DE: "Der nächste freie Termin ist am {when}. Soll ich ihn für Sie buchen?",
}
PAIN_OFFER = {
    EN: "I'm sorry to hear that. The earliest free slot is {when}. Shall I book it?",
    DE: "Das tut mir leid. Der früheste freie Termin ist am {when}. Soll ich ihn für Sie buchen?",
}
NO_SLOTS = {
    EN: "I'm sorry, the calendar has no free slot in the next weeks.",
    DE: "Leider ist im Kalender in den nächsten Wochen kein Termin frei.",
}
BOOKED = {
    EN: "Done, I booked {when} for you. See you then!",
    DE: "Erledigt, ich habe den Termin am {when} für Sie gebucht. Bis dann!",
}
NOT_BOOKED = {
    EN: "All right, I won't book it. Can I help you with anything else?",
    DE: "In Ordnung, dann buche ich ihn nicht. Kann ich Ihnen sonst noch helfen?",
}
BOOK_FAILED = {
    EN: "Sorry, I could not book {when}: {reason}",
    DE: "Leider konnte ich den Termin am {when} nicht buchen: {reason}",
}
LOOKUP_FAILED = {
    EN: "Sorry, I could not look at the calendar: {reason}",
    DE: "Leider konnte ich nicht in den Kalender schauen: {reason}",
}
TIMED_OUT = {
    EN: "the calendar did not answer in time.",
    DE: "Der Kalender hat nicht rechtzeitig geantwortet.",
}

_WEEKDAYS = {
    EN: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    DE: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
}
_MONTHS = {
    EN: ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"],
    DE: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
         "September", "Oktober", "November", "Dezember"],
}


@dataclass(frozen=True)
class Slot:
    start: str
    end: str = ""
    label: str = ""

    @classmethod
    def from_json(cls, value: Any) -> "Slot | None":
        if not isinstance(value, dict) or not isinstance(value.get("start"), str):
            return None
        text = lambda key: value[key] if isinstance(value.get(key), str) else ""  # noqa: E731
        return cls(start=value["start"][:32], end=text("end")[:32], label=text("label")[:80])


def parse_slots(answer: str) -> list[Slot]:
    """`{"slots": [...]}` or a bare list; entries without a string `start` are skipped."""
    try:
        value = json.loads(answer or "null")
    except ValueError:
        return []
    items = value.get("slots") if isinstance(value, dict) else value
    if not isinstance(items, list):
        return []
    return [slot for slot in (Slot.from_json(item) for item in items) if slot is not None]


def describe(slot: Slot, lang: str) -> str:
    """"Tuesday, 24 November at 10:00" / "Dienstag, 24. November um 10:00 Uhr"; the page's label
    (or the raw start) when the start is not a local ISO time."""
    try:
        at = datetime.fromisoformat(slot.start)
    except ValueError:
        return replies.clean_user_text(slot.label or slot.start, 80)
    weekday = _WEEKDAYS[lang][at.weekday()]
    month = _MONTHS[lang][at.month - 1]
    if lang == DE:
        return f"{weekday}, {at.day}. {month} um {at:%H:%M} Uhr"
    return f"{weekday}, {at.day} {month} at {at:%H:%M}"


def reason(code: int, message: str, lang: str) -> str:
    """An RPC error in words: timeouts as such, else the page's message (one sentence)."""
    if int(code) in _TIMEOUT:
        return TIMED_OUT[lang]
    message = replies.clean_user_text(message or "", 120)
    return message if message.endswith((".", "!", "?")) else f"{message}."


def _reason(error: rtc.RpcError, lang: str) -> str:
    return reason(int(error.code), error.message or "", lang)


class CalendarFlow:
    """One call's booking conversation. `reply()` answers a chat message when it is about an
    appointment (or answers a slot it offered); None lets the canned replies answer."""

    def __init__(self, rpc: Rpc) -> None:
        self._rpc = rpc
        self.offered: Slot | None = None
        # the page offers no calendar: stop asking for this call
        self.unsupported = False

    async def reply(self, text: str, identity: str, lang: str) -> str | None:
        lang = lang if lang in replies.LANGUAGES else EN
        text = replies.clean_user_text(text)
        if not text or self.unsupported:
            return None
        offered, self.offered = self.offered, None
        if offered is not None and replies.matches("yes", text):
            return await self._book(offered, identity, lang)
        if offered is not None and replies.matches("no", text):
            return NOT_BOOKED[lang]
        pain = replies.matches("pain", text)
        if not (pain or replies.matches("appointment", text)):
            return None
        try:
            answer = await self._rpc(identity, FREE_SLOTS, "{}")
        except rtc.RpcError as e:
            if int(e.code) in _UNSUPPORTED | _GONE:
                logger.info("%s not offered by %s (%s): canned replies", FREE_SLOTS, identity, e.code)
                self.unsupported = int(e.code) in _UNSUPPORTED
                return None
            logger.warning("%s failed: %s %s", FREE_SLOTS, e.code, e.message)
            return LOOKUP_FAILED[lang].format(reason=_reason(e, lang))
        slots = parse_slots(answer)
        if not slots:
            return NO_SLOTS[lang]
        self.offered = slots[0]
        template = PAIN_OFFER if pain else OFFER
        return template[lang].format(when=describe(slots[0], lang))

    async def _book(self, slot: Slot, identity: str, lang: str) -> str:
        when = describe(slot, lang)
        payload = json.dumps({"start": slot.start, "end": slot.end or None, "title": "Appointment"})
        try:
            await self._rpc(identity, BOOK, payload)
        except rtc.RpcError as e:
            logger.warning("%s failed: %s %s", BOOK, e.code, e.message)
            return BOOK_FAILED[lang].format(when=when, reason=_reason(e, lang))
        logger.info("booked %s for %s", slot.start, identity)
        return BOOKED[lang].format(when=when)


def room_rpc(room: rtc.Room) -> Rpc:
    """The flow's `rpc` on a real room."""

    async def call(identity: str, method: str, payload: str) -> str:
        return await room.local_participant.perform_rpc(
            destination_identity=identity,
            method=method,
            payload=payload,
            response_timeout=RPC_TIMEOUT_S,
        )

    return call
