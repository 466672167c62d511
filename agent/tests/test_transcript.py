import asyncio

import pytest

import transcript
from transcript import ATTR_FINAL, ATTR_SEGMENT_ID, ATTR_TRACK_ID, DELTA, SNAPSHOT, TOPIC_TRANSCRIPTION


def test_split_words_concatenates_to_the_text():
    text = "Hello, this is Sofia. How can I help you?"
    chunks = transcript.split_words(text)
    assert chunks == ["Hello, ", "this ", "is ", "Sofia. ", "How ", "can ", "I ", "help ", "you?"]
    assert "".join(chunks) == text
    assert "".join(transcript.split_words("  a   b \n")) == "a   b"
    assert transcript.split_words("   ") == []


def test_word_offsets_are_proportional_to_characters():
    chunks = ["aa ", "b ", "ccccccc"]  # 2 + 1 + 7 = 10 visible characters
    offsets = transcript.word_offsets(chunks, duration_s=5.0, lead_in_s=0.3)
    assert offsets == pytest.approx([0.3, 0.3 + 1.0, 0.3 + 1.5])
    assert transcript.word_offsets([], 3.0) == []


def test_snapshots():
    assert transcript.snapshots(["Hello, ", "you ", "there"]) == ["Hello,", "Hello, you", "Hello, you there"]


def test_attributes_and_ids():
    assert transcript.attributes("SG_1", "TR_x", False) == {
        ATTR_SEGMENT_ID: "SG_1", ATTR_TRACK_ID: "TR_x", ATTR_FINAL: "false"}
    assert transcript.attributes("SG_1", None, True) == {ATTR_SEGMENT_ID: "SG_1", ATTR_FINAL: "true"}
    ids = {transcript.new_segment_id() for _ in range(100)}
    assert len(ids) == 100 and all(i.startswith("SG_") and len(i) == 15 for i in ids)


def test_normalize_mode():
    assert transcript.normalize_mode("Delta") == DELTA
    assert transcript.normalize_mode(" snapshot ") == SNAPSHOT
    assert transcript.normalize_mode("x") is None and transcript.normalize_mode(None) is None


# ---- Segment against a fake participant ---------------------------------------------------------


class FakeWriter:
    def __init__(self, kwargs, fail_write=False):
        self.kwargs = kwargs
        self.writes: list[str] = []
        self.closed: dict | None = None
        self.fail_write = fail_write

    async def write(self, text):
        if self.fail_write:
            raise ConnectionError("write failed")
        self.writes.append(text)

    async def aclose(self, *, reason="", attributes=None):
        self.closed = {"reason": reason, "attributes": attributes}


class FakeParticipant:
    def __init__(self, fail_open=0, fail_write=False):
        self.streams: list[FakeWriter] = []
        self.fail_open = fail_open  # how many stream_text calls fail
        self.fail_write = fail_write

    async def stream_text(self, **kwargs):
        if self.fail_open:
            self.fail_open -= 1
            raise ConnectionError("open failed")
        w = FakeWriter(kwargs, self.fail_write)
        self.streams.append(w)
        return w


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self):
        return self.now

    async def sleep(self, s):
        self.sleeps.append(s)
        self.now += s


def segment(p, mode, **kw):
    clock = FakeClock()
    return transcript.Segment(p, track_sid="TR_agent", mode=mode, segment_id="SG_test",
                              clock=clock, sleep=clock.sleep, **kw), clock


def test_delta_one_stream_paced_chunks_final_in_trailer():
    p = FakeParticipant()
    seg, clock = segment(p, DELTA)
    chunks = transcript.split_words("Hello, this is Sofia.")
    offsets = transcript.word_offsets(chunks, 2.0, 0.3)

    async def go():
        await seg.speak_along(chunks, offsets)
        await seg.finish()

    asyncio.run(go())
    assert len(p.streams) == 1
    (w,) = p.streams
    assert w.kwargs == {"topic": TOPIC_TRANSCRIPTION, "attributes": {
        ATTR_SEGMENT_ID: "SG_test", ATTR_TRACK_ID: "TR_agent", ATTR_FINAL: "false"}}
    assert w.writes == chunks
    assert w.closed == {"reason": "", "attributes": {
        ATTR_SEGMENT_ID: "SG_test", ATTR_TRACK_ID: "TR_agent", ATTR_FINAL: "true"}}
    # each chunk waited for its offset
    assert sum(clock.sleeps) == pytest.approx(offsets[-1])
    assert seg.text == "Hello, this is Sofia." and seg.finished


def test_snapshot_one_stream_per_update_then_final():
    p = FakeParticipant()
    seg, _ = segment(p, SNAPSHOT, sender_identity="user-1")
    chunks = transcript.split_words("Hallo, hier ist Sofia.")

    async def go():
        await seg.speak_along(chunks, transcript.word_offsets(chunks, 1.0))
        await seg.finish()
        await seg.finish()  # idempotent

    asyncio.run(go())
    assert [w.writes for w in p.streams] == [[s] for s in transcript.snapshots(chunks)] + [["Hallo, hier ist Sofia."]]
    finals = [w.kwargs["attributes"][ATTR_FINAL] for w in p.streams]
    assert finals == ["false"] * len(chunks) + ["true"]
    assert {w.kwargs["attributes"][ATTR_SEGMENT_ID] for w in p.streams} == {"SG_test"}
    assert all(w.kwargs["sender_identity"] == "user-1" for w in p.streams)
    assert all(w.closed == {"reason": "", "attributes": None} for w in p.streams)


def test_snapshot_replace_then_finish_with_text():
    p = FakeParticipant()
    seg, _ = segment(p, SNAPSHOT)

    async def go():
        await seg.replace("(speech detected, 0.3 s)")
        await seg.finish("(speech detected, 1.4 s)")
        await seg.replace("late")  # ignored after the final

    asyncio.run(go())
    assert [(w.writes, w.kwargs["attributes"][ATTR_FINAL]) for w in p.streams] == [
        (["(speech detected, 0.3 s)"], "false"), (["(speech detected, 1.4 s)"], "true")]


def test_delta_finish_without_chunks_sends_whole_text():
    p = FakeParticipant()
    seg, _ = segment(p, DELTA)
    asyncio.run(seg.finish("All at once."))
    (w,) = p.streams
    assert w.writes == ["All at once."]
    assert w.kwargs["attributes"][ATTR_FINAL] == "false"
    assert w.closed["attributes"][ATTR_FINAL] == "true"


def test_replace_needs_snapshot_mode():
    seg, _ = segment(FakeParticipant(), DELTA)
    with pytest.raises(ValueError):
        asyncio.run(seg.replace("x"))
    with pytest.raises(ValueError):
        segment(FakeParticipant(), "nope")


def test_failures_are_logged_not_raised_and_the_final_still_goes_out(caplog):
    # delta: the first open fails; the final falls back to a complete final stream
    p = FakeParticipant(fail_open=1)
    seg, _ = segment(p, DELTA)

    async def go():
        await seg.push("Hello ")
        await seg.push("there")
        await seg.finish()

    asyncio.run(go())
    (w,) = p.streams  # one delta stream with the whole text, closed as final
    assert w.writes == ["Hello there"] and w.closed["attributes"][ATTR_FINAL] == "true"
    assert "could not publish transcript" in caplog.text

    # writes failing: the broken stream is closed with a reason, a final stream follows
    p = FakeParticipant(fail_write=True)
    seg, _ = segment(p, DELTA)

    async def go2():
        await seg.push("a ")
        await seg.push("b")
        await seg.finish()

    asyncio.run(go2())  # no exception
    assert p.streams[0].closed["reason"] == "transcript stream failed"
    assert p.streams[-1].kwargs["attributes"][ATTR_FINAL] == "true"

    # everything failing: still no exception
    p = FakeParticipant(fail_open=100)
    seg, _ = segment(p, SNAPSHOT)
    asyncio.run(seg.push("x"))
    asyncio.run(seg.finish())
    assert p.streams == []
