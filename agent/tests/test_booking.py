"""The function tools' bodies against a fake page (calendar over RPC)."""

import asyncio
import json
from datetime import date

from livekit import rtc

import booking

TODAY = date(2026, 11, 23)  # a Monday
SLOTS = [
    {"start": "2026-11-23T15:00", "end": "2026-11-23T15:30", "label": "Mon 23 Nov, 15:00"},
    {"start": "2026-11-24T10:00", "end": "2026-11-24T10:30", "label": "Tue 24 Nov, 10:00"},
    {"start": "2026-12-01T09:00", "end": "2026-12-01T09:30", "label": "Tue 1 Dec, 09:00"},
]


class FakePage:
    def __init__(self, slots=SLOTS, fail=None):
        self.slots, self.fail, self.calls = slots, fail or {}, []

    async def __call__(self, identity, method, payload):
        self.calls.append((identity, method, json.loads(payload)))
        if method in self.fail:
            raise self.fail[method]
        if method == "calendar.freeSlots":
            return json.dumps({"slots": self.slots})
        if method == "calendar.book":
            return json.dumps({"booked": True})
        raise rtc.RpcError(1400, "Method not supported at destination")


def tools(page):
    return booking.Booking(page, identity=lambda: "user-1", today=lambda: TODAY)


def run(coro):
    return asyncio.run(coro)


def test_offer_the_first_slot_then_book_it():
    page = FakePage()
    b = tools(page)
    found = run(b.free_slots())
    assert found["offer"] == SLOTS[0] and not found["canned"]
    assert page.calls == [("user-1", "calendar.freeSlots", {"count": 10})]
    done = run(b.book(SLOTS[0]["start"], SLOTS[0]["end"], SLOTS[0]["label"]))
    assert done["booked"] and not done["canned"]
    assert page.calls[1] == ("user-1", "calendar.book", {
        "start": "2026-11-23T15:00", "end": "2026-11-23T15:30", "title": "Appointment"})


def test_days_pick_the_matching_slot():
    page = FakePage()
    b = tools(page)
    assert run(b.free_slots("tomorrow"))["offer"] == SLOTS[1]
    assert page.calls[0][2] == {"count": 10, "day": "tomorrow", "from": "2026-11-24",
                                "to": "2026-11-25"}
    next_week = run(b.free_slots("next_week"))
    assert next_week["offer"] == SLOTS[2] and next_week["day_matched"]
    # nothing that day: the next slot at all, and the result says the day did not match
    b = tools(FakePage(slots=SLOTS[:1]))
    found = run(b.free_slots("tomorrow"))
    assert found["offer"] == SLOTS[0] and not found["day_matched"]


def test_page_without_calendar_falls_back_to_the_canned_slot():
    page = FakePage(fail={"calendar.freeSlots": rtc.RpcError(1400, "Method not supported")})
    b = tools(page)
    found = run(b.free_slots())
    assert found["canned"] and found["offer"]["label"] == "Tuesday at 10 a.m."
    # booking the canned slot needs no page; the call does not ask the page again
    assert run(b.book("", "", "Tuesday at 10 a.m."))["booked"]
    assert run(b.free_slots())["canned"]
    assert len(page.calls) == 1


def test_rpc_errors_come_back_as_errors():
    b = tools(FakePage(fail={"calendar.freeSlots": rtc.RpcError(1502, "Response timeout")}))
    found = run(b.free_slots())
    assert found["offer"] is None and found["error"] == {"code": 1502,
                                                         "message": "Response timeout"}
    b = tools(FakePage(fail={"calendar.book": rtc.RpcError(1500, "That slot is no longer free.")}))
    done = run(b.book(SLOTS[1]["start"], SLOTS[1]["end"]))
    assert not done["booked"] and done["error"]["message"] == "That slot is no longer free."


def test_no_slots():
    assert run(tools(FakePage(slots=[])).free_slots())["offer"] is None


def test_day_range():
    assert booking.day_range("today", TODAY) == (TODAY, date(2026, 11, 24))
    assert booking.day_range("next_week", date(2026, 11, 29)) == (date(2026, 11, 30),
                                                                 date(2026, 12, 7))
    assert booking.day_range("", TODAY) is None
