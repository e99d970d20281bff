"""Browsing the articles' facts: /salary, /skills and /sources, with autocomplete from the store."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import CareerBot
from bot.cogs.ask import AnswerView, ask_cooldown
from bot.formatting import NO_PINGS, answer_embed, sources_embed

AUTOCOMPLETE_MAX = 25


def _choices(options: list[str], current: str) -> list[app_commands.Choice[str]]:
    current = current.lower()
    hits = [o for o in options if current in o.lower()]
    return [app_commands.Choice(name=o[:100], value=o[:100]) for o in hits[:AUTOCOMPLETE_MAX]]


class Facts(commands.Cog):
    """Structured pay and skill facts, and the list of sources."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def _options(self, key: str) -> list[str]:
        return (await self.bot.run_blocking(self.bot.answerer.pay_options))[key]

    @app_commands.command(name="salary")
    @app_commands.describe(role="e.g. ML Engineer", location="country or city", level="e.g. senior (optional)")
    @app_commands.checks.dynamic_cooldown(ask_cooldown, key=lambda i: i.user.id)
    async def salary(
        self,
        interaction: discord.Interaction,
        role: app_commands.Range[str, 1, 100],
        location: app_commands.Range[str, 1, 100],
        level: app_commands.Range[str, 0, 40] = "",
    ) -> None:
        """Pay for a role in a place (and level), quoted from the articles."""
        await interaction.response.defer(thinking=True)
        question = f"What is the salary of a {level} {role} in {location}?".replace("  ", " ")
        answer_id, answer = await self.bot.answer(question, interaction.user.id, interaction.guild_id)
        view = AnswerView(self.bot, answer_id, answer) if not answer.refused else discord.utils.MISSING
        await interaction.followup.send(embed=answer_embed(answer), view=view, allowed_mentions=NO_PINGS)

    @salary.autocomplete("role")
    async def _role(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self._options("role"), current)

    @salary.autocomplete("location")
    async def _location(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self._options("location"), current)

    @salary.autocomplete("level")
    async def _level(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(await self._options("level"), current)

    @app_commands.command(name="skills")
    @app_commands.describe(role="e.g. ML Lead (optional: all roles)")
    async def skills(self, interaction: discord.Interaction, role: app_commands.Range[str, 0, 100] = "") -> None:
        """Skills and certifications the articles tie to a role."""
        await interaction.response.defer(thinking=True)
        answer = await self.bot.run_blocking(self.bot.answerer.skills, role)
        await interaction.followup.send(embed=answer_embed(answer), allowed_mentions=NO_PINGS)

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The articles careerbot answers from, with as-of dates and chunk counts."""
        await interaction.response.defer(ephemeral=True)
        manifest = await self.bot.run_blocking(self.bot.answerer.store.manifest)
        await interaction.followup.send(embed=sources_embed(manifest), ephemeral=True)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Facts(bot))
