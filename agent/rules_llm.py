"""A rule-based `llm.LLM`: reads the chat context like a model would and answers with text or
with a real function-tool call (`llm.FunctionToolCall` in a `ChatChunk`), which AgentSession
executes before calling it again with the tool's output. The rules are in dialogue.py."""

from __future__ import annotations

import json
import logging
from typing import Any, Callable

from livekit.agents import APIConnectOptions, llm, utils
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, NotGivenOr

import dialogue

logger = logging.getLogger("sofia.llm")


def _arguments(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def history(items: list[Any]) -> list[dialogue.Turn]:
    """The chat context as dialogue turns (instructions and bookkeeping items left out)."""
    turns: list[dialogue.Turn] = []
    for item in items:
        if item.type == "message" and item.role in ("user", "assistant"):
            turns.append(dialogue.Turn(item.role, text=item.text_content or "",
                                       interrupted=bool(item.interrupted)))
        elif item.type == "function_call":
            turns.append(dialogue.Turn("call", name=item.name,
                                       arguments=_arguments(item.arguments)))
        elif item.type == "function_call_output":
            turns.append(dialogue.Turn("output", name=item.name, text=item.output))
    return turns


def tool_names(tools: list[Any]) -> set[str]:
    names = set()
    for tool in tools:
        info = getattr(tool, "info", None)
        if info is not None and getattr(info, "name", None):
            names.add(info.name)
    return names


class RulesLLM(llm.LLM):
    """`lang()` says the call's current language ("en" / "de") at each turn."""

    def __init__(self, lang: Callable[[], str] = lambda: "en") -> None:
        super().__init__()
        self.lang = lang

    @property
    def model(self) -> str:
        return "sofia-rules"

    @property
    def provider(self) -> str:
        return "local"

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[llm.ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> llm.LLMStream:
        return RulesStream(self, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options,
                           tools_allowed=tool_choice != "none")


class RulesStream(llm.LLMStream):
    _llm: RulesLLM

    def __init__(self, rules: RulesLLM, *, chat_ctx: llm.ChatContext, tools: list[llm.Tool],
                 conn_options: APIConnectOptions, tools_allowed: bool) -> None:
        super().__init__(rules, chat_ctx=chat_ctx, tools=tools, conn_options=conn_options)
        self._tools_allowed = tools_allowed

    async def _run(self) -> None:
        lang = self._llm.lang()
        action = dialogue.decide(history(self._chat_ctx.items), lang)
        chunk_id = utils.shortuuid("rules_")
        if isinstance(action, dialogue.Call):
            if self._tools_allowed and action.name in tool_names(self._tools):
                logger.info("tool call %s(%s)", action.name, action.arguments)
                call = llm.FunctionToolCall(name=action.name, arguments=json.dumps(action.arguments),
                                            call_id=utils.shortuuid("call_"))
                self._event_ch.send_nowait(llm.ChatChunk(
                    id=chunk_id, delta=llm.ChoiceDelta(role="assistant", tool_calls=[call])))
                return
            logger.warning("tool %s not available here; answering without it", action.name)
            action = dialogue.Say(dialogue.NOT_UNDERSTOOD.get(lang, dialogue.NOT_UNDERSTOOD["en"]))
        if action.text:
            logger.info("reply (%s): %s", lang, action.text)
            self._event_ch.send_nowait(llm.ChatChunk(
                id=chunk_id, delta=llm.ChoiceDelta(role="assistant", content=action.text)))
