import pytest

import replies
from replies import DE, EN


@pytest.mark.parametrize("value,expected", [
    ("de", DE), ("DE", DE), ("de-DE", DE), ("de_AT", DE), ("German", DE), ("deutsch", DE),
    ("en", EN), ("en-US", EN), ("english", EN), (" de ", DE),
    ("fr", None), ("", None), (None, None), (1, None), ("dexyz", None), ("d", None),
])
def test_normalize_lang(value, expected):
    assert replies.normalize_lang(value) == expected


@pytest.mark.parametrize("metadata,expected", [
    ('{"lang": "de"}', {"lang": "de"}),
    ('{"language": "de-DE", "x": 1}', {"language": "de-DE", "x": 1}),
    ("de", {"lang": "de"}),
    ('"de"', {"lang": "de"}),
    ("", {}), (None, {}), ("   ", {}),
    ("hello there", {}), ("[1, 2]", {}), ('"fr"', {}), ("{broken", {}),
])
def test_parse_metadata(metadata, expected):
    assert replies.parse_metadata(metadata) == expected


def test_pick_lang_sources_and_priority():
    assert replies.pick_lang() == EN
    assert replies.pick_lang(default=DE) == DE
    assert replies.pick_lang(default="xx") == EN
    assert replies.pick_lang(job_metadata='{"lang":"de"}') == DE
    assert replies.pick_lang(user_attributes={"lang": "de"}) == DE
    assert replies.pick_lang(user_metadata='{"lang":"de"}') == DE
    assert replies.pick_lang(user_metadata="de-CH") == DE
    assert replies.pick_lang(user_metadata='{"locale":"de_DE"}') == DE
    # dispatch metadata first, then attributes, then the user's metadata
    assert replies.pick_lang(job_metadata='{"lang":"en"}', user_attributes={"lang": "de"}) == EN
    assert replies.pick_lang(user_attributes={"lang": "en"}, user_metadata="de") == EN
    # sources that name no known language are skipped
    assert replies.pick_lang(job_metadata='{"lang":"fr"}', user_attributes={"lang": "de"}) == DE
    assert replies.pick_lang(job_metadata='{"other": 1}', user_metadata="de", default=EN) == DE


def test_greetings():
    assert replies.greeting(EN) == "Hello, this is Sofia from the dental practice. How can I help you?"
    assert replies.greeting(DE) == "Hallo, hier ist Sofia von der Zahnarztpraxis. Wie kann ich Ihnen helfen?"
    assert replies.greeting("fr") == replies.greeting(EN)


def test_voice_turn_reply_and_placeholder():
    assert replies.voice_turn_reply(1.44, EN) == (
        "I heard you for 1.4 seconds. Please type your question in the chat.")
    assert replies.voice_turn_reply(1.44, DE) == (
        "Ich habe Sie 1,4 Sekunden lang gehört. Bitte schreiben Sie Ihre Frage in den Chat.")
    assert replies.speech_placeholder(1.44) == "(speech detected, 1.4 s)"
    assert replies.speech_placeholder(0.3) == "(speech detected, 0.3 s)"


OFFER_EN = "We have a free slot on Tuesday at 10 a.m. Shall I book it?"
OFFER_DE = "Wir haben am Dienstag um 10 Uhr einen freien Termin. Soll ich ihn für Sie buchen?"


@pytest.mark.parametrize("text", [
    "Can I book an appointment?", "I need an appointment", "Do you have a slot next week?",
    "hi, I'd like to schedule a check-up", "Is Dr. Smith available on Monday?",
])
def test_appointment_questions_get_the_offer(text):
    assert replies.Conversation(EN).reply(text) == OFFER_EN


@pytest.mark.parametrize("text", [
    "Haben Sie einen Termin frei?", "Ich brauche einen Zahnarzttermin", "Kann ich buchen?",
    "Wann ist etwas frei?",
])
def test_german_appointment_questions(text):
    assert replies.Conversation(DE).reply(text) == OFFER_DE


def test_offer_then_yes_books_and_then_yes_is_just_echoed():
    c = replies.Conversation(EN)
    assert c.reply("I'd like an appointment") == OFFER_EN
    assert c.reply("Yes please") == "Done, your appointment is booked. See you then!"
    assert c.reply("yes") == "You said: yes"


def test_offer_then_no():
    c = replies.Conversation(DE)
    assert c.reply("Termin?") == OFFER_DE
    assert c.reply("Nein danke") == "In Ordnung, dann buche ich ihn nicht. Kann ich Ihnen sonst noch helfen?"


def test_german_offer_then_ja():
    c = replies.Conversation(DE)
    c.reply("Ich habe Zahnschmerzen")
    assert c.reply("Ja, bitte") == "Erledigt, Ihr Termin ist gebucht. Bis dann!"


@pytest.mark.parametrize("lang,text,start", [
    (EN, "I have a terrible toothache", "I'm sorry to hear that."),
    (DE, "Ich habe starke Zahnschmerzen", "Das tut mir leid."),
    (EN, "What are your opening hours?", "We are open Monday to Friday"),
    (DE, "Wie sind Ihre Öffnungszeiten?", "Wir haben Montag bis Freitag"),
    (EN, "Goodbye!", "Goodbye, have a nice day!"),
    (DE, "Tschüss", "Auf Wiederhören"),
    (EN, "Hello", "Hello! How can I help you?"),
    (DE, "Guten Tag", "Hallo! Wie kann ich Ihnen helfen?"),
])
def test_rules(lang, text, start):
    assert replies.Conversation(lang).reply(text).startswith(start)


def test_echo_otherwise():
    assert replies.Conversation(EN).reply("  The weather is\nnice  ") == "You said: The weather is nice"
    assert replies.Conversation(DE).reply("Das Wetter ist schön") == "Sie sagten: Das Wetter ist schön"
    # words merely containing a keyword do not trigger it
    assert replies.Conversation(EN).reply("this is a thing") == "You said: this is a thing"


def test_empty_and_long_messages():
    c = replies.Conversation(EN)
    assert c.reply("") is None
    assert c.reply(" \n\t ") is None
    out = c.reply("x" * 1000)
    assert out.startswith("You said: x") and out.endswith("…")
    assert len(out) == len("You said: ") + replies.MAX_ECHO_CHARS


def test_control_characters_are_dropped():
    assert replies.clean_user_text("a\x00b\x1b[31mc") == "a b [31mc"


def test_unknown_language_answers_in_english():
    assert replies.Conversation("fr").reply("appointment") == OFFER_EN
