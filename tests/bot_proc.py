"""`careerbot run` in a child process, pointed at a local stand-in for Discord.

    python -m tests.bot_proc API_BASE GATEWAY_URL

Only the two addresses change; the token and every setting come from the environment as usual.
"""

from __future__ import annotations

import sys

import discord

from bot.cli import main

if __name__ == "__main__":
    discord.http.Route.BASE = sys.argv[1]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = discord.gateway.yarl.URL(sys.argv[2])
    sys.exit(main(["run"]))
