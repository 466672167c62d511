"""The rules: intents (en/de), what she does about them, and how she words tool results."""

import json

import pytest

import dialogue as d
from dialogue import Call, Say, Turn

SLOT = {"start": "2026-11-24T10:00", "end": "2026-11-24T10:30", "label": "Tue 24 Nov, 10:00"}


@pytest.mark.parametrize("text, intent", [
    ("hello", "hello"), ("Good morning!", "hello"), ("Hallo", "hello"), ("Guten Tag", "hello"),
    ("i would like an appointment", "appointment"), ("Can I book a slot?", "appointment"),
    ("do you have a free slot tomorrow", "appointment"),
    ("Ich möchte einen Termin", "appointment"), ("Haben Sie nächste Woche frei?", "appointment"),
    ("i have a tooth ache", "pain"), ("Ich habe Zahnschmerzen", "pain"),
    ("yes please", "yes"), ("sure", "yes"), ("Ja, bitte", "yes"),
    ("no thanks", "no"), ("no thank you", "no"), ("Nein danke", "no"),
    ("what is your name", "name"), ("who are you", "name"), ("Wie heißen Sie?", "name"),
    ("when are you open", "hours"), ("Wann haben Sie geöffnet?", "hours"),
    ("thank you", "thanks"), ("Danke schön", "thanks"),
    ("goodbye", "bye"), ("thank you goodbye", "bye"), ("Tschüss", "bye"),
    ("the weather is nice today", "unknown"), ("", "unknown"),
])
def test_intents(text, intent):
    assert d.intent_of(text) == intent


@pytest.mark.parametrize("text, day", [
    ("i would like an appointment", None), ("an appointment today", "today"),
    ("i need an appointment tomorrow", "tomorrow"), ("a free slot next week", "next_week"),
    ("einen Termin morgen", "tomorrow"), ("Termin nächste Woche", "next_week"),
    ("Guten Morgen, einen Termin bitte", None), ("heute noch frei?", "today"),
])
def test_days(text, day):
    assert d.day_of(text) == day


def user(text):
    return Turn("user", text=text)


def offered(slot=SLOT, canned=False, interrupted=False):
    """History up to her offer (a free_slots call, its result, her words)."""
    out = {"offer": slot, "day": "", "day_matched": False, "canned": canned}
    return [user("i would like an appointment"),
            Turn("call", name="free_slots", arguments={"day": ""}),
            Turn("output", name="free_slots", text=json.dumps(out)),
            Turn("assistant", text="The next free slot is … Shall I book it?",
                 interrupted=interrupted)]


@pytest.mark.parametrize("text, en, de", [
    ("hello", "Hello! How can I help you?", "Hallo! Wie kann ich Ihnen helfen?"),
    ("what is your name", "My name is Sofia. I am the assistant of the dental practice.",
     "Ich heiße Sofia und bin die Assistentin der Zahnarztpraxis."),
    ("thank you", "You're welcome. Can I help you with anything else?",
     "Gern geschehen. Kann ich Ihnen sonst noch helfen?"),
    ("goodbye", "Goodbye, have a nice day!", "Auf Wiederhören und einen schönen Tag!"),
    ("tell me a joke", "I did not understand. You can also type your question.",
     "Das habe ich nicht verstanden. Sie können Ihre Frage auch schreiben."),
])
def test_plain_answers(text, en, de):
    assert d.decide([user(text)], "en") == Say(en)
    assert d.decide([user(text)], "de") == Say(de)


def test_appointment_calls_free_slots_with_the_day():
    assert d.decide([user("i would like an appointment tomorrow")], "en") == Call(
        "free_slots", {"day": "tomorrow"})
    assert d.decide([user("Ich habe Zahnschmerzen")], "de") == Call(
        "free_slots", {"day": "", "urgent": True})


def test_yes_after_an_offer_books_the_offered_slot():
    assert d.decide(offered() + [user("yes please")], "en") == Call(
        "book", {"start": SLOT["start"], "end": SLOT["end"], "label": SLOT["label"]})


def test_no_after_an_offer_declines():
    assert d.decide(offered() + [user("no thanks")], "en") == Say(
        "All right, I won't book it. Can I help you with anything else?")


def test_yes_without_an_offer_books_nothing():
    assert d.decide([user("yes")], "en") == Say(d.NOTHING_OFFERED["en"])
    # the offer was cut off before the question: no booking on "yes"
    assert d.decide(offered(interrupted=True) + [user("yes")], "en") == Say(d.NOTHING_OFFERED["en"])
    # something else was said in between
    history = offered() + [user("what is your name"), Turn("assistant", text="My name…"),
                           user("yes")]
    assert d.decide(history, "en") == Say(d.NOTHING_OFFERED["en"])


def result(name, args, out):
    return [user("x"), Turn("call", name=name, arguments=args),
            Turn("output", name=name, text=json.dumps(out))]


def test_wording_the_offer():
    out = {"offer": SLOT, "day": "", "day_matched": False, "canned": False}
    assert d.decide(result("free_slots", {"day": ""}, out), "en") == Say(
        "The next free slot is Tuesday, 24 November at 10:00. Shall I book it?")
    assert d.decide(result("free_slots", {"day": ""}, out), "de") == Say(
        "Der nächste freie Termin ist am Dienstag, 24. November um 10:00 Uhr. "
        "Soll ich ihn für Sie buchen?")
    out = {**out, "day": "tomorrow"}
    assert d.decide(result("free_slots", {"day": "tomorrow"}, out), "en") == Say(
        "There is no free slot tomorrow. The next free slot is Tuesday, 24 November at 10:00. "
        "Shall I book it?")
    assert d.decide(result("free_slots", {"day": "tomorrow"}, {**out, "day_matched": True}),
                    "en") == Say("The next free slot is Tuesday, 24 November at 10:00. "
                                 "Shall I book it?")


def test_wording_canned_no_slots_and_errors():
    canned = {"offer": {"start": "", "end": "", "label": "Tuesday at 10 a.m."}, "canned": True}
    assert d.decide(result("free_slots", {}, canned), "en") == Say(
        "The next free slot is Tuesday at 10 a.m. Shall I book it?")
    assert d.decide(result("free_slots", {}, canned), "de") == Say(
        "Der nächste freie Termin ist am Dienstag um 10 Uhr. Soll ich ihn für Sie buchen?")
    assert d.decide(result("book", {}, {"booked": True, "slot": canned["offer"], "canned": True}),
                    "en") == Say("Done, I booked Tuesday at 10 a.m. for you. See you then!")
    assert d.decide(result("free_slots", {}, {"offer": None}), "en") == Say(
        "I'm sorry, the calendar has no free slot in the next weeks.")
    timeout = {"offer": None, "error": {"code": 1502, "message": "Response timeout"}}
    assert d.decide(result("free_slots", {}, timeout), "en") == Say(
        "Sorry, I could not look at the calendar: the calendar did not answer in time.")
    failed = {"booked": False, "slot": SLOT, "error": {"code": 1500,
                                                       "message": "That slot is no longer free."}}
    assert d.decide(result("book", {}, failed), "en") == Say(
        "Sorry, I could not book Tuesday, 24 November at 10:00: That slot is no longer free.")
    assert d.decide(result("book", {}, {"booked": True, "slot": SLOT}), "de") == Say(
        "Erledigt, ich habe den Termin am Dienstag, 24. November um 10:00 Uhr für Sie gebucht. "
        "Bis dann!")
