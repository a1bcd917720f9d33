"""The fake Discord's data model: guilds, channels, members, messages and files.

:class:`DiscordState` holds what the fake knows and builds the JSON Discord would
send for it; the gateway, REST and interaction layers all read and change it, and
every change wakes whoever waits in :meth:`DiscordState.wait_until`.

Guilds, channels, DMs
    ``add_guild(guild_id, name, *, channels=[(id, name)], roles=[(id, name)],
    members=[(user_id, name, permissions)], owner_id=None)``: sent as
    GUILD_CREATE after every READY (for a guild added while the bot is online,
    ``await fake.dispatch("GUILD_CREATE", fake.guild_payload(guild_id))``).
    Without the members intent, GUILD_CREATE holds only the bot's own member.
    ``forbid_channel(id)``: 403 code 50013 (50001 for reads).
    ``close_dms(user_id)``: sends to that user's DM channel get 403 code 50007, as
    do sends to a user who shares no guild with the bot any more.
    ``remove_member(guild_id, user_id)`` (they left; the bot is not told: it has no
    members intent) and ``add_member(guild_id, user_id, name, permissions)``;
    ``GET /guilds/{id}/members/{user}`` answers 404 code 10007 for a non-member.
    A user's DM channel keeps one id, whoever opens it and however often:
    ``dm_channel_id(user_id)``; ``open_dm_channel(user_id)`` opens it beforehand.
    (``await delete_channel(id)`` tells the bot, so it is in ``gateway``.)
    ``messages(channel_id)``: the channel's messages, oldest first (ephemeral
    interaction responses excluded); ``await wait_for_messages(channel_id, count)``;
    ``get_message(message_id)``: any message the bot sent, as it is now.
    ``await wait_until(predicate, timeout, what)``: wait for any condition on the
    fake; the ``TimeoutError`` names ``what`` and any calls the fake could not serve.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]

API_PREFIX = "/api/v10"
DEFAULT_TIMEOUT = 5.0
DISCORD_EPOCH_MS = 1_420_070_400_000

MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (
    (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 31)  # use application commands
)
BOT_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 17)  # mention everyone
SENDING_PERMISSIONS = (1 << 10) | (1 << 11)

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7

TEXT_CHANNEL, DM_CHANNEL = 0, 1


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class _Guild:
    id: int
    name: str
    owner_id: int
    channel_ids: list[int]
    roles: list[JSON]
    member_permissions: dict[int, int]


class DiscordState:
    """What the fake Discord knows, and the payloads it builds from it."""

    def __init__(
        self,
        *,
        bot_user_id: int,
        application_id: int,
        bot_name: str = "Second Wind",
        valid_token: str | None = None,
    ) -> None:
        self.bot_user_id = bot_user_id
        self.application_id = application_id
        self.bot_name = bot_name
        self.valid_token = valid_token
        self.unhandled: list[str] = []  # calls the fake could not serve

        self._guilds: dict[int, _Guild] = {}
        self._channels: dict[int, JSON] = {}
        self._user_names: dict[int, str] = {}
        self._forbidden: set[int] = set()
        self._closed_dms: set[int] = set()
        self._dm_channels: dict[int, int] = {}  # user id: their DM channel's id
        self._messages: dict[int, JSON] = {}
        self._history: dict[int, list[JSON]] = {}
        self._files: dict[int, tuple[bytes, str]] = {}
        self._changed = asyncio.Condition()
        self._last_snowflake = 0
        self._base = ""  # host:port, once the server has started

    @property
    def api_base_url(self) -> str:
        """The REST base URL to give discord.py."""
        return f"http://{self._base}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The gateway URL to give discord.py."""
        return f"ws://{self._base}/gateway"

    # Test controls

    def add_guild(
        self,
        guild_id: int,
        name: str,
        *,
        channels: Sequence[tuple[int, str]] = (),
        roles: Sequence[tuple[int, str]] = (),
        members: Sequence[tuple[int, str, int]] = (),
        owner_id: int | None = None,
    ) -> None:
        """Add a guild with text channels, roles and members (id, name, permissions)."""
        everyone = self._role(guild_id, "@everyone", MEMBER_PERMISSIONS, 0)
        guild_roles = [everyone] + [self._role(i, n, 0, p) for p, (i, n) in enumerate(roles, 1)]
        for user_id, user_name, _ in members:
            self._user_names[user_id] = user_name
        self._guilds[guild_id] = _Guild(
            id=guild_id,
            name=name,
            owner_id=owner_id if owner_id is not None else (members[0][0] if members else 1),
            channel_ids=[channel_id for channel_id, _ in channels],
            roles=guild_roles,
            member_permissions={user_id: perms for user_id, _, perms in members},
        )
        for position, (channel_id, channel_name) in enumerate(channels):
            self._channels[channel_id] = {
                "id": str(channel_id),
                "type": TEXT_CHANNEL,
                "guild_id": str(guild_id),
                "name": channel_name,
                "position": position,
                "permission_overwrites": [],
                "parent_id": None,
                "topic": None,
                "nsfw": False,
                "rate_limit_per_user": 0,
                "last_message_id": None,
                "flags": 0,
            }

    def guild_payload(self, guild_id: int) -> JSON:
        """The guild as GUILD_CREATE carries it."""
        guild = self._guilds[guild_id]
        bot_member = self._member(guild_id, self.bot_user_id, BOT_PERMISSIONS)
        del bot_member["permissions"]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "owner_id": str(guild.owner_id),
            "roles": guild.roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "joined_at": _now(),
            "large": False,
            "unavailable": False,
            "member_count": len(guild.member_permissions) + 1,
            "members": [bot_member],
            "channels": [self._channels[c] for c in guild.channel_ids],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def forbid_channel(self, channel_id: int) -> None:
        """Take the bot's access to a channel: 403 code 50013 on send."""
        self._forbidden.add(channel_id)

    def close_dms(self, user_id: int) -> None:
        """Make a user refuse DMs: 403 code 50007 on send."""
        self._closed_dms.add(user_id)

    def open_dms(self, user_id: int) -> None:
        """Let a user take DMs again."""
        self._closed_dms.discard(user_id)

    def remove_member(self, guild_id: int, user_id: int) -> None:
        """The user leaves the guild (no event: the bot has no members intent)."""
        self._guilds[guild_id].member_permissions.pop(user_id, None)

    def add_member(self, guild_id: int, user_id: int, name: str, permissions: int) -> None:
        """The user joins (or rejoins) the guild."""
        self._user_names[user_id] = name
        self._guilds[guild_id].member_permissions[user_id] = permissions

    def dm_channel_id(self, user_id: int) -> int | None:
        """The id of the user's DM channel, once anyone opened it."""
        return self._dm_channels.get(user_id)

    def open_dm_channel(self, user_id: int) -> int:
        """The user's DM channel, as if the bot had opened it before (an earlier run)."""
        return int(self._dm_channel(user_id)["id"])

    def is_member(self, guild_id: int, user_id: int) -> bool:
        """Whether the user is in the guild."""
        guild = self._guilds.get(guild_id)
        return guild is not None and user_id in guild.member_permissions

    def shares_a_guild(self, user_id: int) -> bool:
        """Whether the user is in any guild the bot is in (else Discord refuses DMs to them)."""
        return any(user_id in g.member_permissions for g in self._guilds.values())

    def messages(self, channel_id: int) -> list[JSON]:
        """The messages in a channel, oldest first."""
        return list(self._history.get(channel_id, []))

    def get_message(self, message_id: int) -> JSON | None:
        """Any message the bot sent (channel, interaction or DM), as it is now."""
        return self._messages.get(message_id)

    async def wait_for_messages(
        self, channel_id: int, count: int = 1, timeout: float = DEFAULT_TIMEOUT
    ) -> list[JSON]:
        """Wait until a channel holds ``count`` messages; return them, oldest first."""
        await self.wait_until(
            lambda: len(self._history.get(channel_id, [])) >= count,
            timeout,
            f"{count} messages in channel {channel_id}",
        )
        return self.messages(channel_id)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait until ``predicate()`` holds; raise ``TimeoutError`` naming ``what``."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(predicate)
        except TimeoutError:
            detail = f"; unhandled requests: {self.unhandled}" if self.unhandled else ""
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}{detail}") from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # Payload builders

    def _snowflake(self) -> int:
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last_snowflake = max(now, self._last_snowflake + 1)
        return self._last_snowflake

    def _bot_user(self) -> JSON:
        return {
            "id": str(self.bot_user_id),
            "username": self.bot_name,
            "global_name": None,
            "discriminator": "0001",
            "avatar": None,
            "bot": True,
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "public_flags": 0,
        }

    def _user(self, user_id: int) -> JSON:
        if user_id == self.bot_user_id:
            return self._bot_user()
        name = self._user_names.get(user_id, f"user{user_id}")
        return {
            "id": str(user_id),
            "username": name,
            "global_name": name,
            "discriminator": "0",
            "avatar": None,
            "public_flags": 0,
        }

    def _member(self, guild_id: int, user_id: int, permissions: int) -> JSON:
        return {
            "user": self._user(user_id),
            "nick": None,
            "avatar": None,
            "roles": [],
            "joined_at": _now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "permissions": str(permissions),
        }

    def _permissions(self, guild_id: int | None, user_id: int) -> int:
        guild = self._guilds.get(guild_id) if guild_id is not None else None
        if guild is None:
            return MEMBER_PERMISSIONS
        return guild.member_permissions.get(user_id, MEMBER_PERMISSIONS)

    @staticmethod
    def _role(role_id: int, name: str, permissions: int, position: int) -> JSON:
        return {
            "id": str(role_id),
            "name": name,
            "color": 0,
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position,
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def _dm_channel(self, user_id: int, channel_id: int | None = None) -> JSON:
        known = self._dm_channels.get(user_id)
        if known is not None:
            return self._channels[known]
        channel_id = channel_id or self._snowflake()
        self._dm_channels[user_id] = channel_id
        channel = {
            "id": str(channel_id),
            "type": DM_CHANNEL,
            "last_message_id": None,
            "flags": 0,
            "recipients": [self._user(user_id)],
        }
        self._channels[channel_id] = channel
        return channel

    def _store_file(self, filename: str, content: bytes, content_type: str) -> JSON:
        file_id = self._snowflake()
        self._files[file_id] = (content, content_type)
        url = f"http://{self._base}/attachments/{file_id}/{filename}"
        return {
            "id": str(file_id),
            "filename": filename,
            "size": len(content),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    def _new_message(
        self, channel_id: int, body: JSON, files: list[tuple[str, bytes]], **extra: Any
    ) -> JSON:
        channel = self._channels.get(channel_id, {})
        message_id = self._snowflake()
        message: JSON = {
            "id": str(message_id),
            "type": 0,
            "channel_id": str(channel_id),
            "author": self._bot_user(),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [self._store_file(n, c, "application/octet-stream") for n, c in files],
            "flags": body.get("flags") or 0,
            "tts": bool(body.get("tts")),
            "timestamp": _now(),
            "edited_timestamp": None,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            **extra,
        }
        if "guild_id" in channel:
            message["guild_id"] = channel["guild_id"]
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        self._messages[message_id] = message
        if not message["flags"] & EPHEMERAL:
            self._history.setdefault(channel_id, []).append(message)
        return message

    def _edit_message(
        self, message: JSON, body: JSON | None, files: list[tuple[str, bytes]]
    ) -> None:
        body = body or {}
        for key, empty in (("content", ""), ("embeds", []), ("components", [])):
            if key in body:
                message[key] = body[key] or empty
        if files:
            message["attachments"] = [
                self._store_file(n, c, "application/octet-stream") for n, c in files
            ]
        message["flags"] = (message["flags"] | (body.get("flags") or 0)) & ~LOADING
        message["edited_timestamp"] = _now()

    def _forget_message(self, message: JSON) -> None:
        del self._messages[int(message["id"])]
        history = self._history.get(int(message["channel_id"]), [])
        if message in history:
            history.remove(message)
