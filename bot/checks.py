"""Who may do what: the moderator check shared by the moderation commands."""

from __future__ import annotations

import discord
from discord import app_commands

from ingest.settings import Settings


class NotModerator(app_commands.CheckFailure):
    """Raised for a non-moderator; its message is shown to the member as is."""

    def __init__(self) -> None:
        super().__init__("Moderators only: you need the moderator role or the Manage Server permission.")


def is_moderator(member: discord.abc.User, settings: Settings) -> bool:
    """A member with Manage Server, or with the MODERATOR_ROLE (by name or id)."""
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild:
        return True
    wanted = (settings.moderator_role or "").strip()
    return bool(wanted) and any(str(role.id) == wanted or role.name == wanted for role in member.roles)


def actor(interaction: discord.Interaction) -> str:
    """Who did something, as the audit log names them."""
    return f"{interaction.user} ({interaction.user.id})"


def _target(interaction: discord.Interaction) -> str:
    """What a command was pointed at: its attachment's file name or its first text option."""
    for _, value in interaction.namespace:
        if isinstance(value, discord.Attachment):
            return value.filename
        if isinstance(value, str):
            return value
    return ""


def moderator_only():
    """An app-command check; Discord's default_permissions only hides commands, this enforces.

    A refused attempt is audited like a change: who tried what, on which article.
    """

    async def predicate(interaction: discord.Interaction) -> bool:
        bot = interaction.client
        if not is_moderator(interaction.user, bot.settings):  # type: ignore[attr-defined]
            command = interaction.command.name if interaction.command else "?"
            entry = (actor(interaction), command, _target(interaction), "refused: not a moderator")
            await bot.run_blocking(bot.feedback.audit, *entry)  # type: ignore[attr-defined]
            raise NotModerator()
        return True

    return app_commands.check(predicate)
