"""Sofia, the dental practice's voice agent: a livekit-agents `AgentSession`, entirely offline.

    VAD   livekit.agents.inference.VAD (silero model inside livekit-local-inference)
    STT   pocketsphinx with a grammar of the dialogue's phrases   (stt_sphinx.py, grammar.py)
    LLM   rules that call real function tools                      (rules_llm.py, dialogue.py)
    TTS   espeak-ng                                                (espeak_tts.py)
    tools free_slots / book -> the page's calendar over RPC        (booking.py)

    python agent/sofia.py start

Environment: LIVEKIT_URL (ws://127.0.0.1:7880), LIVEKIT_API_KEY (devkey), LIVEKIT_API_SECRET
(secret), SOFIA_AGENT_NAME (sofia), LK_AGENT_LANG (en | de), LK_AGENT_VOICE, LK_AGENT_GREETING,
LK_AGENT_DRAIN_TIMEOUT (5). See README.md.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
from pathlib import Path

DEFAULT_URL = "ws://127.0.0.1:7880"
DEFAULT_API_KEY = "devkey"
DEFAULT_API_SECRET = "secret"

# nothing preloaded that we do not use (the end-of-turn model is ~240 MB); before livekit imports
os.environ.setdefault("LIVEKIT_AGENTS_PRELOAD_LOCAL_INFERENCE", "0")
# the documented defaults (AgentServer reads them when it is built, below)
os.environ.setdefault("LIVEKIT_URL", DEFAULT_URL)
os.environ.setdefault("LIVEKIT_API_KEY", DEFAULT_API_KEY)
os.environ.setdefault("LIVEKIT_API_SECRET", DEFAULT_API_SECRET)

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from livekit import rtc  # noqa: E402
from livekit.agents import (  # noqa: E402
    Agent,
    AgentServer,
    AgentSession,
    JobContext,
    JobExecutorType,
    JobProcess,
    RunContext,
    cli,
    function_tool,
    inference,
)

import booking  # noqa: E402
import calendar_tools  # noqa: E402
import dialogue  # noqa: E402
import preconnect  # noqa: E402
import replies  # noqa: E402
import stt_sphinx  # noqa: E402
from espeak_tts import EspeakTTS  # noqa: E402
from rules_llm import RulesLLM  # noqa: E402

logger = logging.getLogger("sofia")

DEFAULT_AGENT_NAME = "sofia"
AGENT_NAME_ENV = "SOFIA_AGENT_NAME"

INSTRUCTIONS = (
    "You are Sofia, the assistant of a dental practice. You greet callers, tell them your name "
    "and the opening hours, and book appointments with the free_slots and book tools."
)


class Sofia(Agent):
    def __init__(self, calendar: booking.Booking) -> None:
        super().__init__(instructions=INSTRUCTIONS)
        self._calendar = calendar

    @function_tool
    async def free_slots(self, context: RunContext, day: str = "", urgent: bool = False) -> str:
        """Look up the next free appointment slot in the practice calendar on the caller's page.

        Args:
            day: "today", "tomorrow", "next_week", or "" for the next free slot at all.
            urgent: the caller is in pain; the earliest slot is wanted.
        """
        return json.dumps(await self._calendar.free_slots(day))

    @function_tool
    async def book(self, context: RunContext, start: str, end: str = "", label: str = "") -> str:
        """Book the slot offered to the caller in the calendar on their page.

        Args:
            start: the slot's start as the calendar gave it (local ISO time).
            end: the slot's end.
            label: the slot's label.
        """
        return json.dumps(await self._calendar.book(start, end, label))


class CallLanguage:
    """The call's language, asked at every turn: dispatch metadata, else the user's `lang`
    attribute, else their metadata, else LK_AGENT_LANG (replies.pick_lang)."""

    def __init__(self, ctx: JobContext) -> None:
        self._ctx = ctx
        self._default = replies.normalize_lang(os.environ.get("LK_AGENT_LANG")) or replies.EN
        self._voice = os.environ.get("LK_AGENT_VOICE") or None
        self.identity: str | None = None

    def user(self) -> rtc.RemoteParticipant | None:
        room = self._ctx.room
        if self.identity and self.identity in room.remote_participants:
            return room.remote_participants[self.identity]
        return next((p for p in room.remote_participants.values()
                     if p.kind != rtc.ParticipantKind.PARTICIPANT_KIND_AGENT), None)

    def __call__(self) -> str:
        user = self.user()
        return replies.pick_lang(
            job_metadata=self._ctx.job.metadata,
            user_attributes=user.attributes if user else None,
            user_metadata=user.metadata if user else None,
            default=self._default,
        )

    def voice(self) -> str | None:
        return self._voice or replies.VOICES.get(self())

    def greeting(self) -> str:
        return os.environ.get("LK_AGENT_GREETING") or dialogue.GREETING[self()]


def setup(proc: JobProcess) -> None:
    """Once per process, before jobs: the VAD model and the grammar decoder."""
    proc.userdata["vad"] = inference.VAD()
    proc.userdata["recognizer"] = stt_sphinx.shared()


def agent_name() -> str:
    return os.environ.get(AGENT_NAME_ENV) or DEFAULT_AGENT_NAME


server = AgentServer(
    setup_fnc=setup,
    # load never blocks dispatch: the default CPU load marks a busy 2-core box "full"
    load_fnc=lambda: 0.0,
    load_threshold=math.inf,
    # jobs are threads of this process: no forkserver, nothing left behind on a signal
    job_executor_type=JobExecutorType.THREAD,
    num_idle_processes=1,
    drain_timeout=int(os.environ.get("LK_AGENT_DRAIN_TIMEOUT", "5")),
    shutdown_process_timeout=5.0,
    # health-check server on an ephemeral port (start mode would take 8081)
    port=0,
)


@server.rtc_session(agent_name=agent_name())
async def entrypoint(ctx: JobContext) -> None:
    lang = CallLanguage(ctx)
    calendar = booking.Booking(calendar_tools.room_rpc(ctx.room), identity=lambda: lang.identity)
    recognizer = ctx.proc.userdata.get("recognizer") or stt_sphinx.shared()
    vad = ctx.proc.userdata.get("vad") or inference.VAD()
    session: AgentSession = AgentSession(
        vad=vad,
        stt=stt_sphinx.SphinxSTT(recognizer),
        llm=RulesLLM(lang),
        tts=EspeakTTS(voice=lang.voice),
        turn_handling={"turn_detection": "vad"},
    )

    @session.on("close")
    def _on_close(ev) -> None:  # type: ignore[no-untyped-def]
        logger.info("session closed (%s): ending the job", getattr(ev, "reason", ""))
        ctx.shutdown(reason="session closed")

    @session.on("user_input_transcribed")
    def _on_transcript(ev) -> None:  # type: ignore[no-untyped-def]
        if ev.is_final:
            logger.info("heard: %r", ev.transcript)

    await session.start(agent=Sofia(calendar), room=ctx.room)
    user = await ctx.wait_for_participant()
    lang.identity = user.identity
    logger.info("call with %s, language %s", user.identity, lang())
    outcome = await preconnect.open_call(session, ctx.room, user.identity,
                                         greet=lambda: session.say(lang.greeting()))
    logger.info("call opened: %s", outcome)


def main() -> None:
    cli.run_app(server)


if __name__ == "__main__":
    main()
