"""Moderators keep the corpus current from Discord: /ingest, /reingest, /forget — each audited.

The long ones show their progress by editing the deferred reply.
"""

from __future__ import annotations

from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import CareerBot
from bot.checks import actor, moderator_only
from bot.formatting import NO_PINGS, notice
from bot.progress import ProgressReply
from ingest.errors import CareerbotError, SkippedFile
from ingest.loaders import SUFFIXES, too_large, unsupported
from ingest.pipeline import forget as forget_article
from ingest.pipeline import ingest_paths, ingest_upload

MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True)


class Moderation(commands.Cog):
    """Corpus changes, allowed to moderators only."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def _audit(self, interaction: discord.Interaction, action: str, target: str, result: str) -> None:
        await self.bot.run_blocking(self.bot.feedback.audit, actor(interaction), action, target, result)

    @app_commands.command(name="ingest")
    @app_commands.describe(file="An article: .txt, .md, .html, .pdf or .csv")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderator_only()
    async def ingest(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Add or replace one article; it answers questions at once."""
        settings = self.bot.settings
        suffix = Path(file.filename).suffix.lower()
        reason = ""
        if suffix not in SUFFIXES:
            reason = unsupported(suffix)
        elif file.size > settings.max_file_bytes:
            reason = too_large(file.size, settings.max_file_bytes)
        if reason:
            await self._audit(interaction, "ingest", file.filename, f"refused: {reason}")
            await interaction.response.send_message(notice(f"Not ingested — {file.filename}: {reason}"), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        store = self.bot.answerer.store
        try:
            async with ProgressReply(
                interaction, f"Ingesting {file.filename}:", "chunks embedded", self.bot.progress_every_s
            ) as progress:
                report = await self.bot.run_background(
                    lambda: ingest_upload(file.filename, data, settings, store, on_progress=progress.report)
                )
        except SkippedFile as exc:
            await self._audit(interaction, "ingest", file.filename, f"refused: {exc.reason}")
            await interaction.followup.send(notice(f"Not ingested — {exc}"), ephemeral=True)
            return
        except CareerbotError as exc:
            await self._audit(interaction, "ingest", file.filename, f"failed: {exc}")
            raise
        await self._audit(interaction, "ingest", file.filename, report.summary())
        await interaction.followup.send(notice(f"Ingested {file.filename}: {report.summary()}"), ephemeral=True)

    @app_commands.command(name="reingest")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderator_only()
    async def reingest(self, interaction: discord.Interaction) -> None:
        """Re-read the corpus folder: add new articles, update changed ones, drop deleted ones."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        settings = self.bot.settings
        store = self.bot.answerer.store
        async with ProgressReply(interaction, "Reingesting:", "articles", self.bot.progress_every_s) as progress:
            report = await self.bot.run_background(
                lambda: ingest_paths([settings.corpus_dir], settings, store, prune=True, on_progress=progress.report)
            )
        failed = "".join(f"\n- {f}" for f in report.failed[:10])
        await self._audit(interaction, "reingest", str(settings.corpus_dir), report.summary())
        await interaction.followup.send(notice(f"Reingested: {report.summary()}{failed}"), ephemeral=True)

    @app_commands.command(name="forget")
    @app_commands.describe(source="Document id of the article to remove")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderator_only()
    async def forget(self, interaction: discord.Interaction, source: str) -> None:
        """Remove one article from the answers."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            removed = await self.bot.run_blocking(forget_article, self.bot.answerer.store, source)
        except CareerbotError as exc:
            await self._audit(interaction, "forget", source, f"failed: {exc}")
            raise
        await self._audit(interaction, "forget", source, f"removed {removed} chunks")
        await interaction.followup.send(
            notice(f"Forgot `{source}` ({removed} chunks)."), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @forget.autocomplete("source")
    async def _source(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        manifest = await self.bot.run_blocking(self.bot.answerer.store.manifest)
        hits = [d for d in sorted(manifest) if current.lower() in d.lower()]
        return [app_commands.Choice(name=d[:100], value=d[:100]) for d in hits[:25]]


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Moderation(bot))
