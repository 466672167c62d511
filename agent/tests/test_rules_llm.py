"""The rule LLM inside livekit's own types: a user message becomes a real function-tool call of
Sofia's tools; the tool's output becomes the worded answer."""

import asyncio
import json

from livekit.agents import llm

import booking
import sofia
from rules_llm import RulesLLM
from test_booking import SLOTS, FakePage, TODAY


def collect(rules, ctx, tools):
    async def run():
        chunks = []
        async with rules.chat(chat_ctx=ctx, tools=tools) as stream:
            async for chunk in stream:
                chunks.append(chunk)
        return chunks
    return asyncio.run(run())


def test_tool_call_then_answer_from_its_output():
    agent = sofia.Sofia(booking.Booking(FakePage(), identity=lambda: "u", today=lambda: TODAY))
    rules = RulesLLM(lambda: "en")
    ctx = llm.ChatContext()
    ctx.add_message(role="assistant", content="Hello, this is Sofia. How can I help you?")
    ctx.add_message(role="user", content="i would like an appointment tomorrow")

    (chunk,) = collect(rules, ctx, agent.tools)
    (call,) = chunk.delta.tool_calls
    assert call.name == "free_slots" and json.loads(call.arguments) == {"day": "tomorrow"}
    assert {t.info.name for t in agent.tools} == {"free_slots", "book"}

    # what AgentSession does next: run the tool, add call + output, ask again
    output = asyncio.run(booking.Booking(FakePage(), identity=lambda: "u",
                                         today=lambda: TODAY).free_slots("tomorrow"))
    ctx.items.append(llm.FunctionCall(call_id=call.call_id, name=call.name,
                                      arguments=call.arguments))
    ctx.items.append(llm.FunctionCallOutput(call_id=call.call_id, name=call.name,
                                            output=json.dumps(output), is_error=False))
    (chunk,) = collect(rules, ctx, agent.tools)
    assert chunk.delta.content == ("The next free slot is Tuesday, 24 November at 10:00. "
                                   "Shall I book it?")
    assert SLOTS[1]["start"] == "2026-11-24T10:00"


def test_no_tools_no_call():
    ctx = llm.ChatContext()
    ctx.add_message(role="user", content="an appointment please")
    (chunk,) = collect(RulesLLM(lambda: "de"), ctx, [])
    assert chunk.delta.tool_calls == []
    assert chunk.delta.content == ("Das habe ich nicht verstanden. Sie können Ihre Frage auch "
                                   "schreiben.")
