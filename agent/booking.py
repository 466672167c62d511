"""What Sofia's two function tools do: look up free slots and book one, through the calendar of
the person's page over LiveKit RPC (`calendar.freeSlots` / `calendar.book`, see calendar_tools).

The results are JSON objects (the tool output the rule LLM words, see dialogue.word_result):

    free_slots -> {"offer": {"start", "end", "label"} | null, "day": "tomorrow" | "",
                   "day_matched": bool, "canned": bool, "error": {"code", "message"}?}
    book       -> {"booked": bool, "slot": {...}, "canned": bool, "error": {...}?}

When the page offers no calendar (RPC error 1400, or the person is gone) the call falls back to a
canned slot for the rest of the call ("Tuesday at 10 a.m."), and booking it needs no page.
No I/O apart from the `rpc` callable, so it is tested against a fake page.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any, Callable

from livekit import rtc

import calendar_tools
from calendar_tools import Rpc, Slot

logger = logging.getLogger("sofia.booking")

# the page returns at most this many slots (examples/calendar caps `count` at 10)
SLOTS_ASKED = 10
CANNED = Slot(start="", end="", label="Tuesday at 10 a.m.")
DAYS = ("today", "tomorrow", "next_week")

_STEP_ASIDE = calendar_tools._UNSUPPORTED | calendar_tools._GONE


def day_range(day: str, today: date) -> tuple[date, date] | None:
    """[first, last) dates of "today", "tomorrow", "next_week" (the calendar week after this)."""
    if day == "today":
        return today, today + timedelta(days=1)
    if day == "tomorrow":
        return today + timedelta(days=1), today + timedelta(days=2)
    if day == "next_week":
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=7)
    return None


def on_day(slot: Slot, span: tuple[date, date]) -> bool:
    try:
        start = datetime.fromisoformat(slot.start).date()
    except ValueError:
        return False
    return span[0] <= start < span[1]


def _error(e: rtc.RpcError) -> dict[str, Any]:
    return {"code": int(e.code), "message": e.message or ""}


class Booking:
    """The calendar side of one call. `identity()` names the person whose page is asked."""

    def __init__(self, rpc: Rpc, identity: Callable[[], str | None],
                 today: Callable[[], date] = date.today) -> None:
        self._rpc = rpc
        self._identity = identity
        self._today = today
        # the page has no calendar: canned slots for the rest of the call
        self.canned = False

    async def free_slots(self, day: str = "") -> dict[str, Any]:
        day = day if day in DAYS else ""
        result: dict[str, Any] = {"day": day, "day_matched": False, "canned": self.canned}
        identity = self._identity()
        if self.canned or not identity:
            return self._canned(result)
        span = day_range(day, self._today())
        payload: dict[str, Any] = {"count": SLOTS_ASKED}
        if span:  # a page may honour a range; examples/calendar only takes `count`
            payload.update(day=day, **{"from": span[0].isoformat(), "to": span[1].isoformat()})
        try:
            answer = await self._rpc(identity, calendar_tools.FREE_SLOTS, json.dumps(payload))
        except rtc.RpcError as e:
            if int(e.code) in _STEP_ASIDE:
                logger.info("%s not offered by %s (%s): canned slot", calendar_tools.FREE_SLOTS,
                            identity, e.code)
                return self._canned(result)
            logger.warning("%s failed: %s %s", calendar_tools.FREE_SLOTS, e.code, e.message)
            return {**result, "offer": None, "error": _error(e)}
        slots = calendar_tools.parse_slots(answer)
        matching = [s for s in slots if on_day(s, span)] if span else slots
        offer = (matching or slots or [None])[0]
        result.update(offer=asdict(offer) if offer else None, day_matched=bool(span and matching))
        return result

    def _canned(self, result: dict[str, Any]) -> dict[str, Any]:
        self.canned = True
        return {**result, "canned": True, "offer": asdict(CANNED)}

    async def book(self, start: str, end: str = "", label: str = "") -> dict[str, Any]:
        slot = Slot(start=start, end=end, label=label)
        identity = self._identity()
        if self.canned or not start or not identity:
            # the page-less demo: the canned slot is "booked" without a calendar
            logger.info("booked the canned slot (no calendar on the page)")
            return {"booked": True, "slot": asdict(slot), "canned": True}
        payload = json.dumps({"start": start, "end": end or None, "title": "Appointment"})
        try:
            await self._rpc(identity, calendar_tools.BOOK, payload)
        except rtc.RpcError as e:
            logger.warning("%s failed: %s %s", calendar_tools.BOOK, e.code, e.message)
            return {"booked": False, "slot": asdict(slot), "canned": False, "error": _error(e)}
        logger.info("booked %s for %s", start, identity)
        return {"booked": True, "slot": asdict(slot), "canned": False}
