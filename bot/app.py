"""The Discord bot: the client class, its extensions, command sync, errors, and `careerbot run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.answer import Answer, Answerer
from bot.feedback import FeedbackLog
from bot.writer import Writer, build_writer
from ingest.errors import CareerbotError
from ingest.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.facts", "bot.cogs.moderation")
MAX_CONCURRENT_JOBS = 4


class CareerBot(commands.Bot):
    """careerbot on Discord: answers from the shared engine, CPU work kept off the event loop."""

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
        """Run model/Chroma work in a worker thread, at most MAX_CONCURRENT_JOBS at once."""
        async with self.jobs:
            return await asyncio.to_thread(func, *args)

    async def answer(self, question: str, user_id: int, guild_id: int | None) -> tuple[str, Answer]:
        """Answer off the event loop and log the question (user id hashed)."""
        answer = await self.run_blocking(self.answerer.answer, question)
        answer_id = uuid.uuid4().hex[:12]
        latency = answer.timings_ms.get("total", 0.0)
        await asyncio.to_thread(
            self.feedback.record_question, answer_id, user_id, guild_id, answer.question, answer.refused, latency
        )
        return answer_id, answer

    async def rewrite(self, answer_id: str, answer: Answer) -> Answer | None:
        """The LLM's verified version of an answer, or None (no LLM, or it fell back); the outcome is logged."""
        if self.writer is None:
            return None
        written = await self.writer.awrite(answer)
        await asyncio.to_thread(self.feedback.record_writer, answer_id, written.writer, written.fallback)
        return None if written.fallback or written.writer == answer.writer else written

    async def on_ready(self) -> None:
        """Log the login once the gateway is ready."""
        log.info("logged in as %s (%s) in %d guilds", self.user, getattr(self.user, "id", "?"), len(self.guilds))

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """One handler: known errors become an ephemeral message, the rest a log line and an apology."""
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.CommandOnCooldown | app_commands.CheckFailure):
            message = str(error)
        elif isinstance(original, CareerbotError):
            message = str(original)
        else:
            log.error("command %s failed", getattr(interaction.command, "name", "?"), exc_info=original)
            message = "Sorry, something went wrong on my side. The error has been logged."
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)


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
