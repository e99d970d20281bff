"""The Discord bot: the client class, its extensions, command sync, errors, and `careerbot run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.answer import Answer, Answerer
from bot.feedback import FeedbackLog
from bot.progress import PROGRESS_EVERY_S
from bot.writer import Writer, build_writer
from ingest.errors import CareerbotError, StoreUnavailable
from ingest.pipeline import yield_cpu
from ingest.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.facts", "bot.cogs.moderation")
MAX_CONCURRENT_JOBS = 4
CLOSE_GRACE_S = 10.0
# Names discord.py gives the tasks running app commands, component callbacks and on_message listeners.
IN_FLIGHT = ("CommandTree-invoker", "discord-ui-", "discord.py: on_message")
STORE_DOWN = "My article store is unavailable right now, so I can't answer; please try again in a minute."


class CareerBot(commands.Bot):
    """careerbot on Discord: answers from the shared engine, CPU work kept off the event loop."""

    progress_every_s: float = PROGRESS_EVERY_S  # how often a long /ingest or /reingest edits its reply

    def __init__(
        self,
        settings: Settings,
        answerer: Answerer | None = None,
        feedback: FeedbackLog | None = None,
        writer: Writer | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.answerer = answerer or Answerer(settings)
        self.feedback = feedback or FeedbackLog(settings.data_dir / "careerbot.sqlite3")
        self.writer = writer or build_writer(settings, chunk_text=self.answerer.retriever.chunk_text)
        self.jobs = asyncio.Semaphore(MAX_CONCURRENT_JOBS)
        self._closing = False
        self.tree.on_error = self.on_app_command_error

    async def setup_hook(self) -> None:
        """Load the cogs, warm the model and index off the loop, then sync commands."""
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.run_blocking(self._warm_up)
        if self.settings.discord_guild_ids:
            for guild_id in self.settings.discord_guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d commands globally (may take up to an hour to appear)", len(synced))

    def _warm_up(self) -> None:
        self.answerer.retriever.refresh()
        self.answerer.retriever.embed_query("warm up")

    async def run_blocking(self, func: Callable[..., T], *args: Any) -> T:
        """Run model/Chroma work in a worker thread, at most MAX_CONCURRENT_JOBS at once.

        A store that has gone away (a stopped Chroma server) raises StoreUnavailable, which the
        error handlers turn into a message; the next call simply tries again.
        """
        async with self.jobs:
            return await asyncio.to_thread(self._guarded, func, *args)

    async def run_background(self, func: Callable[..., T], *args: Any) -> T:
        """Run a long corpus job (an ingest) like `run_blocking`, in a thread of its own at lower priority.

        At INGEST_NICENESS the answers asked meanwhile keep the CPU they need; the thread is not reused.
        """
        async with self.jobs:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="careerbot-ingest")
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, self._yielding, func, *args)
            finally:
                pool.shutdown(wait=False)  # the thread ends with its lowered priority

    def _yielding(self, func: Callable[..., T], *args: Any) -> T:
        yield_cpu(self.settings.ingest_niceness)
        return self._guarded(func, *args)

    def _guarded(self, func: Callable[..., T], *args: Any) -> T:
        with self.answerer.store.unavailable_as_error():
            return func(*args)

    async def answer(self, question: str, user_id: int, guild_id: int | None) -> tuple[str, Answer]:
        """Answer off the event loop, log the question (user id hashed) and keep the answer for its buttons."""
        answer_id = uuid.uuid4().hex[:12]

        def answer_and_log() -> Answer:
            answer = self._guarded(self.answerer.answer, question)
            latency = answer.timings_ms.get("total", 0.0)
            self.feedback.record_question(answer_id, user_id, guild_id, answer.question, answer.refused, latency)
            if not answer.refused:
                self.feedback.save_answer(answer_id, answer.model_dump_json())
            return answer

        async with self.jobs:  # one job: a shutdown waits for the answer and its log lines together
            return answer_id, await asyncio.to_thread(answer_and_log)

    async def close(self) -> None:
        """Finish what is under way (briefly), then disconnect and close the database.

        Commands, button presses and mentions already started run to the end, so a SIGTERM mid-answer
        still delivers the answer and leaves SQLite whole.
        """
        if not self._closing:
            self._closing = True
            current = asyncio.current_task()
            under_way = [t for t in asyncio.all_tasks() if t is not current and t.get_name().startswith(IN_FLIGHT)]
            if under_way:
                log.info("closing: waiting for %d interactions under way", len(under_way))
                await asyncio.wait(under_way, timeout=CLOSE_GRACE_S)
        await super().close()
        self.feedback.close()

    async def rewrite(self, answer_id: str, answer: Answer) -> Answer | None:
        """The LLM's verified version of an answer, or None (no LLM, or it fell back); the outcome is logged."""
        if self.writer is None:
            return None
        written = await self.writer.awrite(answer)
        better = None if written.fallback or written.writer == answer.writer else written

        def log() -> None:
            self.feedback.record_writer(answer_id, written.writer, written.fallback)
            if better is not None:  # its buttons then quote what members were shown
                self.feedback.save_answer(answer_id, better.model_dump_json())

        await asyncio.to_thread(log)
        return better

    async def on_ready(self) -> None:
        """Log the login once the gateway is ready."""
        log.info("logged in as %s (%s) in %d guilds", self.user, getattr(self.user, "id", "?"), len(self.guilds))

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """One handler: known errors become an ephemeral message, the rest a log line and an apology."""
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.CommandOnCooldown | app_commands.CheckFailure):
            message = str(error)
        else:
            message = user_message(original, getattr(interaction.command, "name", "?"))
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)


def user_message(error: BaseException, where: str) -> str:
    """What a member is told about a failed command or mention; anything unexpected is logged in full."""
    if isinstance(error, StoreUnavailable):
        log.warning("%s: %s", where, error)
        return STORE_DOWN
    if isinstance(error, CareerbotError):
        return str(error)
    log.error("%s failed", where, exc_info=error)
    return "Sorry, something went wrong on my side. The error has been logged."


def run_bot(settings: Settings) -> int:
    """`careerbot run`: start the bot until SIGINT/SIGTERM; one clear line on a bad token."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print("careerbot: DISCORD_TOKEN is not set; see README.md, 'Running the Discord bot'.")
        return 2

    async def main() -> int:
        bot = CareerBot(settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not main thread / Windows
                loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
        async with bot:
            try:
                await bot.start(settings.discord_token.get_secret_value())
            except discord.LoginFailure:
                print("careerbot: Discord rejected DISCORD_TOKEN (401 Unauthorized); reset it in the Developer Portal.")
                return 2
            except (aiohttp.ClientError, OSError) as exc:
                print(f"careerbot: cannot reach Discord ({type(exc).__name__}); check the network and try again.")
                return 2
            except discord.PrivilegedIntentsRequired:
                print("careerbot: Discord refused a privileged intent; see README.md for the intents to enable.")
                return 2
        return 0

    return asyncio.run(main())
