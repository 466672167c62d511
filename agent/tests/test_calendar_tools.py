"""The booking flow through the page's calendar (RPC), against a fake page."""

import asyncio
import json

import pytest
from livekit import rtc

import calendar_tools as ct

SLOTS = {"slots": [
    {"start": "2026-11-24T10:00", "end": "2026-11-24T10:30", "label": "Tue 24 Nov, 10:00"},
    {"start": "2026-11-24T11:00", "end": "2026-11-24T11:30", "label": "Tue 24 Nov, 11:00"},
]}


class FakePage:
    """Answers like examples/calendar does; `fail` maps a method to an RpcError to raise."""

    def __init__(self, slots=SLOTS, fail=None):
        self.slots = slots
        self.fail = fail or {}
        self.calls = []

    async def __call__(self, identity, method, payload):
        self.calls.append((identity, method, json.loads(payload)))
        if method in self.fail:
            raise self.fail[method]
        if method == ct.FREE_SLOTS:
            return json.dumps(self.slots)
        if method == ct.BOOK:
            return json.dumps({"booked": True, **json.loads(payload)})
        raise rtc.RpcError(1400, "Method not supported at destination")


def run(coro):
    return asyncio.run(coro)


def test_offer_then_book_on_yes():
    page = FakePage()
    flow = ct.CalendarFlow(page)
    offer = run(flow.reply("I'd like an appointment, please", "user-1", "en"))
    assert offer == "The next free slot is Tuesday, 24 November at 10:00. Shall I book it?"
    assert page.calls == [("user-1", "calendar.freeSlots", {})]
    done = run(flow.reply("yes please", "user-1", "en"))
    assert done == "Done, I booked Tuesday, 24 November at 10:00 for you. See you then!"
    assert page.calls[1] == ("user-1", "calendar.book",
                             {"start": "2026-11-24T10:00", "end": "2026-11-24T10:30",
                              "title": "Appointment"})
    # the offer is used up: another "yes" is not a booking
    assert run(flow.reply("yes", "user-1", "en")) is None


def test_german_offer_and_pain_wording():
    flow = ct.CalendarFlow(FakePage())
    offer = run(flow.reply("Ich habe Zahnschmerzen", "u", "de"))
    assert offer == ("Das tut mir leid. Der früheste freie Termin ist am Dienstag, 24. November "
                     "um 10:00 Uhr. Soll ich ihn für Sie buchen?")
    assert run(flow.reply("Ja", "u", "de")).startswith("Erledigt, ich habe den Termin am Dienstag")


def test_no_declines_and_other_topics_fall_through():
    page = FakePage()
    flow = ct.CalendarFlow(page)
    run(flow.reply("Can I book a slot?", "u", "en"))
    assert run(flow.reply("no thanks", "u", "en")) == (
        "All right, I won't book it. Can I help you with anything else?")
    assert page.calls[-1][1] == ct.FREE_SLOTS  # nothing booked
    assert run(flow.reply("When are you open?", "u", "en")) is None
    assert run(flow.reply("", "u", "en")) is None


def test_page_without_calendar_falls_back_and_stops_asking():
    page = FakePage(fail={ct.FREE_SLOTS: rtc.RpcError(1400, "Method not supported at destination")})
    flow = ct.CalendarFlow(page)
    assert run(flow.reply("Do you have an appointment on Tuesday?", "u", "en")) is None
    assert flow.unsupported
    assert run(flow.reply("an appointment please", "u", "en")) is None
    assert len(page.calls) == 1


def test_errors_are_said_in_words():
    flow = ct.CalendarFlow(FakePage(fail={ct.FREE_SLOTS: rtc.RpcError(1502, "Response timeout")}))
    assert run(flow.reply("appointment?", "u", "en")) == (
        "Sorry, I could not look at the calendar: the calendar did not answer in time.")
    page = FakePage(fail={ct.BOOK: rtc.RpcError(1500, "That slot is no longer free.")})
    flow = ct.CalendarFlow(page)
    run(flow.reply("appointment?", "u", "en"))
    assert run(flow.reply("yes", "u", "en")) == (
        "Sorry, I could not book Tuesday, 24 November at 10:00: That slot is no longer free.")


def test_no_slots():
    flow = ct.CalendarFlow(FakePage(slots={"slots": []}))
    assert run(flow.reply("appointment?", "u", "en")) == (
        "I'm sorry, the calendar has no free slot in the next weeks.")
    assert flow.offered is None


@pytest.mark.parametrize("answer, starts", [
    (json.dumps(SLOTS), ["2026-11-24T10:00", "2026-11-24T11:00"]),
    (json.dumps(SLOTS["slots"]), ["2026-11-24T10:00", "2026-11-24T11:00"]),
    ('{"slots": [{"start": 3}, {"start": "x", "label": "soon"}]}', ["x"]),
    ("not json", []),
    ("", []),
])
def test_parse_slots(answer, starts):
    assert [s.start for s in ct.parse_slots(answer)] == starts


def test_describe_falls_back_to_the_label():
    assert ct.describe(ct.Slot(start="tomorrow", label="Wed 10:00"), "en") == "Wed 10:00"
