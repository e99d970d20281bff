"""A local stand-in for Discord: REST API, gateway websocket and CDN, played faithfully enough for
discord.py's unmodified `Client.start()` to log in, sync commands and dispatch interactions.

Tests send gateway events (INTERACTION_CREATE, MESSAGE_CREATE) and read back what the bot sent.
Discord's own validation that matters here is reproduced: message and embed size limits (50035).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import WSMsgType, web

APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID
GUILD_ID = 900_000_000_000_000_100
CHANNEL_ID = 900_000_000_000_000_200
THREAD_ID = 900_000_000_000_000_300
MOD_ROLE_ID = 900_000_000_000_000_400
_ids = itertools.count(910_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def user(uid: int, name: str, bot: bool = False) -> dict:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


BOT_USER = user(BOT_ID, "careerbot", bot=True)


def member(uid: int, name: str, *, permissions: int = 0, roles: tuple[int, ...] = ()) -> dict:
    return {
        "user": user(uid, name),
        "roles": [str(r) for r in roles],
        "joined_at": "2026-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions | 0x400 | 0x800),  # view channel + send messages
    }


def embed_total(embed: dict) -> int:
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", "")) + len(embed.get("author", {}).get("name", ""))
    return size + sum(len(f.get("name", "")) + len(f.get("value", "")) for f in embed.get("fields", []))


def check_limits(payload: dict) -> list[str]:
    """Discord's message limits; a violation is answered with HTTP 400, code 50035."""
    errors = []
    if len(payload.get("content") or "") > 2000:
        errors.append("content: Must be 2000 or fewer in length.")
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        errors.append("embeds: Must be 10 or fewer in length.")
    for e in embeds:
        if len(e.get("title", "")) > 256 or len(e.get("description", "")) > 4096:
            errors.append("embed title/description too long")
        if len(e.get("fields", [])) > 25:
            errors.append("embed has more than 25 fields")
        for f in e.get("fields", []):
            if len(f.get("name", "")) > 256 or len(f.get("value", "")) > 1024:
                errors.append("embed field too long")
        if embed_total(e) > 6000:
            errors.append("Embed size exceeds maximum size of 6000")
    return errors


@dataclass
class Sent:
    """One thing the bot sent: where (route), when (loop time) and the JSON payload."""

    route: str
    at: float
    payload: dict
    message_id: str = ""
    interaction: str = ""


@dataclass
class FakeDiscord:
    """Start with `await fake.start()`; point discord.py at `fake.api_base` and `fake.gateway_url`."""

    attachments: dict[str, bytes] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    synced: dict[str, list[dict]] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.add_routes(
            [
                web.get("/api/v10/users/@me", self.me),
                web.get("/api/v10/oauth2/applications/@me", self.application),
                web.get("/api/v10/gateway", self.gateway_info),
                web.get("/api/v10/gateway/bot", self.gateway_info),
                web.put("/api/v10/applications/{app}/commands", self.sync_commands),
                web.put("/api/v10/applications/{app}/guilds/{guild}/commands", self.sync_commands),
                web.post("/api/v10/interactions/{iid}/{token}/callback", self.callback),
                web.post("/api/v10/webhooks/{app}/{token}", self.followup),
                web.patch("/api/v10/webhooks/{app}/{token}/messages/{mid}", self.edit_webhook_message),
                web.post("/api/v10/channels/{cid}/messages", self.channel_message),
                web.patch("/api/v10/channels/{cid}/messages/{mid}", self.edit_channel_message),
                web.post("/api/v10/channels/{cid}/typing", self.typing),
                web.get("/gateway", self.websocket),
                web.get("/cdn/{name}", self.cdn),
            ]
        )
        self.ws: web.WebSocketResponse | None = None
        self.seq = 0
        self.identified = asyncio.Event()
        self.new_sent = asyncio.Condition()
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        self.runner = web.AppRunner(self.app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @staticmethod
    def json(data: Any, status: int = 200) -> web.Response:
        # Discord answers exactly "application/json" (discord.py checks it, a charset breaks it).
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

    # --- REST ---------------------------------------------------------------------------------
    async def me(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bot test-token":
            return self.json({"message": "401: Unauthorized", "code": 0}, status=401)
        return self.json(BOT_USER)

    async def application(self, _: web.Request) -> web.Response:
        return self.json(
            {
                "id": str(APP_ID),
                "name": "careerbot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user(1, "owner"),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
            }
        )

    async def gateway_info(self, _: web.Request) -> web.Response:
        return self.json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
            }
        )

    async def sync_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        scope = request.match_info.get("guild", "global")
        out = []
        for c in commands:
            out.append(
                {
                    **c,
                    "id": snowflake(),
                    "application_id": str(APP_ID),
                    "version": snowflake(),
                    "guild_id": None if scope == "global" else scope,
                }
            )
        self.synced[scope] = out
        return self.json(out)

    async def _reject_oversize(self, route: str, payload: dict) -> web.Response | None:
        errors = check_limits(payload.get("data", payload) if route == "callback" else payload)
        if errors:
            self.rejected.append({"route": route, "errors": errors})
            return self.json({"code": 50035, "message": "Invalid Form Body", "errors": errors}, status=400)
        return None

    async def _payload(self, request: web.Request) -> dict:
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    return json.loads(await part.text())
            return {}
        return await request.json()

    async def _store(self, route: str, payload: dict, message_id: str = "", interaction: str = "") -> None:
        async with self.new_sent:
            self.sent.append(
                Sent(
                    route=route,
                    at=asyncio.get_running_loop().time(),
                    payload=payload,
                    message_id=message_id,
                    interaction=interaction.removeprefix("tok"),
                )
            )
            self.new_sent.notify_all()

    def message(self, payload: dict, channel_id: int | str = CHANNEL_ID, message_id: str | None = None) -> dict:
        return {
            "id": message_id or snowflake(),
            "channel_id": str(channel_id),
            "type": 0,
            "author": BOT_USER,
            "content": payload.get("content") or "",
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2026-11-23T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": payload.get("flags") or 0,
            "application_id": str(APP_ID),
            "webhook_id": str(APP_ID),
        }

    async def callback(self, request: web.Request) -> web.Response:
        payload = await self._payload(request)
        rejected = await self._reject_oversize("callback", payload)
        if rejected:
            return rejected
        message_id = snowflake()
        await self._store("callback", payload, message_id, request.match_info["iid"])
        data = payload.get("data") or {}
        response = {
            "interaction": {
                "id": request.match_info["iid"],
                "type": 2,
                "activity_instance_id": None,
                "response_message_id": message_id,
                "response_message_loading": payload.get("type") == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            },
            "resource": {"type": payload.get("type"), "message": self.message(data, message_id=message_id)},
        }
        return self.json(response)

    async def _message(self, request: web.Request, route: str, channel_id: int | str, key: str) -> web.Response:
        payload = await self._payload(request)
        rejected = await self._reject_oversize(route, payload)
        if rejected:
            return rejected
        msg = self.message(payload, channel_id=channel_id)
        await self._store(route, payload, msg["id"], key)
        return self.json(msg)

    async def followup(self, request: web.Request) -> web.Response:
        return await self._message(request, "followup", CHANNEL_ID, request.match_info["token"])

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        return await self._message(request, "edit", CHANNEL_ID, request.match_info["token"])

    async def channel_message(self, request: web.Request) -> web.Response:
        cid = request.match_info["cid"]
        return await self._message(request, f"message:{cid}", cid, "")

    async def edit_channel_message(self, request: web.Request) -> web.Response:
        cid = request.match_info["cid"]
        payload = await self._payload(request)
        rejected = await self._reject_oversize(f"edit:{cid}", payload)
        if rejected:
            return rejected
        msg = self.message(payload, channel_id=cid, message_id=request.match_info["mid"])
        await self._store(f"edit:{cid}", payload, msg["id"], "")
        return self.json(msg)

    async def typing(self, _: web.Request) -> web.Response:
        return web.Response(status=204)

    async def cdn(self, request: web.Request) -> web.Response:
        data = self.attachments.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, headers={"Content-Type": "application/octet-stream"})

    # --- gateway --------------------------------------------------------------------------------
    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.ws = ws
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if data["op"] == 1:
                await ws.send_json({"op": 11})
            elif data["op"] == 2:
                await self.dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": BOT_USER,
                        "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                        "session_id": "session",
                        "resume_gateway_url": self.gateway_url,
                        "shard": [0, 1],
                        "application": {"id": str(APP_ID), "flags": 0},
                    },
                )
                await self.dispatch("GUILD_CREATE", self.guild())
                self.identified.set()
        return ws

    def guild(self) -> dict:
        return {
            "id": str(GUILD_ID),
            "name": "ML Careers",
            "icon": None,
            "owner_id": "1",
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "features": [],
            "mfa_level": 0,
            "system_channel_flags": 0,
            "premium_tier": 0,
            "nsfw_level": 0,
            "preferred_locale": "en-US",
            "member_count": 3,
            "large": False,
            "unavailable": False,
            "roles": [
                {
                    "id": str(GUILD_ID),
                    "name": "@everyone",
                    "permissions": str(0x400 | 0x800),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
                {
                    "id": str(MOD_ROLE_ID),
                    "name": "Moderator",
                    "permissions": "0",
                    "position": 1,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
            ],
            "emojis": [],
            "stickers": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "channels": [
                {
                    "id": str(CHANNEL_ID),
                    "type": 0,
                    "name": "careers",
                    "position": 0,
                    "permission_overwrites": [],
                    "guild_id": str(GUILD_ID),
                    "nsfw": False,
                }
            ],
            "threads": [
                {
                    "id": str(THREAD_ID),
                    "type": 11,
                    "name": "pay-thread",
                    "parent_id": str(CHANNEL_ID),
                    "guild_id": str(GUILD_ID),
                    "owner_id": "1",
                    "member_count": 2,
                    "message_count": 1,
                    "thread_metadata": {
                        "archived": False,
                        "auto_archive_duration": 1440,
                        "archive_timestamp": "2026-11-23T00:00:00+00:00",
                        "locked": False,
                    },
                }
            ],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
        }

    async def dispatch(self, event: str, data: dict) -> None:
        assert self.ws is not None
        self.seq += 1
        await self.ws.send_json({"op": 0, "t": event, "s": self.seq, "d": data})

    # --- what tests call ------------------------------------------------------------------------
    def command_id(self, name: str) -> str:
        for commands in self.synced.values():
            for c in commands:
                if c["name"] == name:
                    return c["id"]
        raise KeyError(name)

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        who: dict | None = None,
        attachment: tuple[str, bytes] | None = None,
    ) -> str:
        """Send a slash-command INTERACTION_CREATE; returns the interaction id."""
        iid = snowflake()
        opts = []
        resolved: dict = {}
        for key, value in (options or {}).items():
            kind = 5 if isinstance(value, bool) else 3
            opts.append({"name": key, "type": kind, "value": value})
        if attachment is not None:
            filename, data = attachment
            aid = snowflake()
            self.attachments[filename] = data
            opts.append({"name": "file", "type": 11, "value": aid})
            resolved = {
                "attachments": {
                    aid: {
                        "id": aid,
                        "filename": filename,
                        "size": len(data),
                        "url": f"{self.base}/cdn/{filename}",
                        "proxy_url": f"{self.base}/cdn/{filename}",
                        "content_type": "application/octet-stream",
                    }
                }
            }
        await self.dispatch(
            "INTERACTION_CREATE",
            self._interaction(
                iid,
                2,
                {
                    "id": self.command_id(name),
                    "name": name,
                    "type": 1,
                    "options": opts,
                    "resolved": resolved,
                    "guild_id": str(GUILD_ID),
                },
                who,
            ),
        )
        return iid

    async def click(self, message_id: str, custom_id: str, who: dict | None = None) -> str:
        """Press a button under a message the bot sent."""
        iid = snowflake()
        sent = next(s for s in self.sent if s.message_id == message_id)
        msg = self.message(sent.payload.get("data", sent.payload), message_id=message_id)
        payload = self._interaction(iid, 3, {"custom_id": custom_id, "component_type": 2}, who)
        payload["message"] = msg
        await self.dispatch("INTERACTION_CREATE", payload)
        return iid

    async def mention(self, text: str, *, channel_id: int = CHANNEL_ID, who: dict | None = None) -> str:
        """A member's message that @mentions the bot."""
        mid = snowflake()
        author = who or member(7, "asker")
        await self.dispatch(
            "MESSAGE_CREATE",
            {
                "id": mid,
                "channel_id": str(channel_id),
                "guild_id": str(GUILD_ID),
                "type": 0,
                "author": author["user"],
                "member": {k: v for k, v in author.items() if k != "user"},
                "content": f"<@{BOT_ID}> {text}",
                "mentions": [BOT_USER],
                "mention_roles": [],
                "mention_everyone": False,
                "attachments": [],
                "embeds": [],
                "pinned": False,
                "tts": False,
                "timestamp": "2026-11-23T00:00:00+00:00",
                "edited_timestamp": None,
                "flags": 0,
                "components": [],
            },
        )
        return mid

    def _interaction(self, iid: str, kind: int, data: dict, who: dict | None) -> dict:
        return {
            "id": iid,
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": {"id": str(CHANNEL_ID), "type": 0, "name": "careers", "guild_id": str(GUILD_ID)},
            "member": who or member(7, "asker"),
            "token": f"tok{iid}",
            "version": 1,
            "app_permissions": str((1 << 53) - 1),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    async def wait_for(self, predicate, timeout: float = 60.0) -> Sent:
        """The first thing sent (already or later) that matches."""

        async def find() -> Sent:
            async with self.new_sent:
                while True:
                    for s in self.sent:
                        if predicate(s):
                            return s
                    await self.new_sent.wait()

        return await asyncio.wait_for(find(), timeout)

    @staticmethod
    def buttons(sent: Sent) -> dict[str, str]:
        """Custom ids of the buttons under a message the bot sent, by their action (`careerbot:ACTION:...`)."""
        payload = sent.payload.get("data", sent.payload)
        ids = [c.get("custom_id", "") for row in payload.get("components") or [] for c in row["components"]]
        return {i.split(":")[1]: i for i in ids if i.count(":") >= 1}

    def for_interaction(self, iid: str) -> list[Sent]:
        return [s for s in self.sent if s.interaction == iid]

    async def reply_to(self, iid: str, timeout: float = 60.0) -> Sent:
        """The bot's final answer to an interaction: a followup, or a direct (non-deferred) response."""
        return await self.wait_for(
            lambda s: s.interaction == iid and (s.route in {"followup", "edit"} or s.payload.get("type") == 4),
            timeout,
        )


@contextlib.asynccontextmanager
async def bot_running(bot: discord.Client, fake: FakeDiscord | None = None) -> AsyncIterator[FakeDiscord]:
    """Start the unmodified `bot` against `fake` (a new FakeDiscord unless given); close both at the end."""
    own = fake is None
    fake = fake or FakeDiscord()
    if own:
        await fake.start()
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = discord.gateway.yarl.URL(fake.gateway_url)
    task = asyncio.create_task(bot.start("test-token"))
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        await asyncio.wait({task, ready}, timeout=120, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            if task.done():
                task.result()
            raise RuntimeError("the bot did not become ready")
        yield fake
    finally:
        await bot.close()
        await asyncio.wait_for(task, 30)
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        if own:
            await fake.stop()
