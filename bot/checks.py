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


def moderator_only():
    """An app-command check; Discord's default_permissions only hides commands, this enforces."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if not is_moderator(interaction.user, interaction.client.settings):  # type: ignore[attr-defined]
            raise NotModerator()
        return True

    return app_commands.check(predicate)
