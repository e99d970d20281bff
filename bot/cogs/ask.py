"""Asking: /ask, @mentions (in channels and threads), /help, and the answer's buttons."""

from __future__ import annotations

import asyncio
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer import Answer
from bot.app import CareerBot, user_message
from bot.formatting import NO_PINGS, answer_embed, help_embed, notice, quotes_embed

log = logging.getLogger(__name__)
QUOTES_GONE = "I no longer have that answer's quotes."


def ask_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown:
    """Per-user question rate from settings (ASK_PER_MINUTE)."""
    return app_commands.Cooldown(interaction.client.settings.ask_per_minute, 60.0)  # type: ignore[attr-defined]


BUTTONS = {  # action -> (emoji, label, style)
    "up": ("👍", None, discord.ButtonStyle.secondary),
    "down": ("👎", None, discord.ButtonStyle.secondary),
    "quotes": (None, "Show quotes", discord.ButtonStyle.primary),
}


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"careerbot:(?P<action>up|down|quotes):(?P<answer_id>[0-9a-f]{12})",
):
    """One of an answer's buttons, working after a restart like a fresh one.

    Its custom id carries the action and the answer id, and the answer itself is kept in SQLite.
    """

    def __init__(self, action: str, answer_id: str) -> None:
        emoji, label, style = BUTTONS[action]
        super().__init__(
            discord.ui.Button(emoji=emoji, label=label, style=style, custom_id=f"careerbot:{action}:{answer_id}")
        )
        self.action = action
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> AnswerButton:
        """Rebuild the button from a pressed custom id (discord.py calls this for every matching press)."""
        return cls(match["action"], match["answer_id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record a vote, or show the quoted passages only to the member who asked for them."""
        feedback = interaction.client.feedback  # type: ignore[attr-defined]
        if self.action == "quotes":
            saved = await asyncio.to_thread(feedback.answer_json, self.answer_id)
            if saved is None:
                await interaction.response.send_message(notice(QUOTES_GONE), ephemeral=True)
            else:
                embed = quotes_embed(Answer.model_validate_json(saved))
                await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        await asyncio.to_thread(feedback.record_vote, self.answer_id, interaction.user.id, self.action == "up")
        await interaction.response.send_message("Thanks for the feedback!", ephemeral=True)


class AnswerView(discord.ui.View):
    """👍 / 👎 feedback (recorded) and "Show quotes" (ephemeral) under an answer; they never expire."""

    def __init__(self, bot: CareerBot, answer_id: str, answer: Answer) -> None:
        super().__init__(timeout=None)
        for action in BUTTONS:
            if action != "quotes" or answer.citations:
                self.add_item(AnswerButton(action, answer_id))


class Ask(commands.Cog):
    """Answers to members' questions."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self.mention_cooldown = commands.CooldownMapping.from_cooldown(
            bot.settings.ask_per_minute, 60.0, commands.BucketType.user
        )

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question about ML careers", private="Only you see the answer")
    @app_commands.checks.dynamic_cooldown(ask_cooldown, key=lambda i: i.user.id)
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 500], private: bool = False
    ) -> None:
        """Ask about ML pay, skills and careers; every figure comes with its source."""
        await interaction.response.defer(ephemeral=private, thinking=True)
        answer_id, answer = await self.bot.answer(question, interaction.user.id, interaction.guild_id)
        view = AnswerView(self.bot, answer_id, answer) if not answer.refused else discord.utils.MISSING
        sent = await interaction.followup.send(
            embed=answer_embed(answer), view=view, ephemeral=private, allowed_mentions=NO_PINGS, wait=True
        )
        await self._rewrite(sent, answer_id, answer)

    async def _rewrite(self, sent: discord.Message, answer_id: str, answer: Answer) -> None:
        """Edit a sent answer once with the LLM's verified version, when an LLM is configured and it passes."""
        better = await self.bot.rewrite(answer_id, answer)
        if better is None:
            return
        try:
            await sent.edit(embed=answer_embed(better), view=AnswerView(self.bot, answer_id, better))
        except discord.HTTPException as exc:  # the extractive answer stands; nothing to apologise for
            log.warning("editing in the LLM answer failed: %s", exc.status)

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What careerbot can answer and how."""
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a message that @mentions the bot, as a reply in the same channel or thread."""
        me = self.bot.user
        if message.author.bot or me is None or me not in message.mentions:
            return
        question = re.sub(rf"<@!?{me.id}>", "", message.content).strip()
        retry = self.mention_cooldown.update_rate_limit(message)
        if retry:
            await message.reply(
                notice(f"You're asking quickly — try again in {retry:.0f}s."), allowed_mentions=NO_PINGS
            )
            return
        try:
            async with message.channel.typing():
                answer_id, answer = await self.bot.answer(
                    question, message.author.id, message.guild and message.guild.id
                )
            view = AnswerView(self.bot, answer_id, answer) if not answer.refused else None
            sent = await message.reply(embed=answer_embed(answer), view=view, allowed_mentions=NO_PINGS)
            await self._rewrite(sent, answer_id, answer)
        except Exception as exc:
            await message.reply(notice(user_message(exc, "answering a mention")), allowed_mentions=NO_PINGS)


async def setup(bot: CareerBot) -> None:
    """Extension entry point; answer buttons of earlier runs are handled from here on too."""
    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(Ask(bot))
