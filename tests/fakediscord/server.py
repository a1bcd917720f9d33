"""A fake Discord on loopback, for running the real discord.py client in tests.

:class:`FakeDiscord` is an aiohttp server on ``127.0.0.1`` (a free port) that
speaks enough of Discord's REST API (v10, JSON or multipart) and gateway (JSON
encoding, one shard) for an unmodified discord.py client: log in, connect,
receive guilds, answer slash commands, autocomplete, buttons and modals, send
channel messages and DMs, sync commands, and live through failures, rate limits
and reconnects. discord.py always asks for ``compress=zlib-stream``; the fake
honours it (binary frames, one zlib stream per connection), and sends text
frames when no compression is asked for.

Usage, with ``bot.discord.endpoints.point_discord_at``::

    async with FakeDiscord(bot_user_id=10, application_id=20, valid_token="t") as fake:
        fake.add_guild(1, "Harbour Runners", channels=[(2, "general")],
                       members=[(3, "ana", MEMBER_PERMISSIONS)])
        point_discord_at(fake.api_base_url, fake.gateway_url)
        ...  # start the bot with token "t"
        await fake.wait_ready()
        record = await fake.send_command(1, 2, 3, "doubt", options={"kind": "story"})
        answer = await record.callback()  # {"type": 4, "data": {"embeds": [...], ...}}

Server
    ``FakeDiscord(*, bot_user_id, application_id, bot_name="Second Wind",
    valid_token=None, rate_limit_per_second=None, nonce_window=300.0,
    heartbeat_interval=41.25)``; ``await start()`` / ``await stop()`` or
    ``async with``; ``api_base_url`` (``http://127.0.0.1:PORT/api/v10``) and
    ``gateway_url`` (``ws://127.0.0.1:PORT/gateway``). With ``valid_token`` set,
    REST calls with another token get 401 (discord.py raises ``LoginFailure``)
    and IDENTIFY is closed with 4004.

Guilds, channels, DMs
    ``add_guild(guild_id, name, *, channels=[(id, name)], roles=[(id, name)],
    members=[(user_id, name, permissions)], owner_id=None)``: sent as
    GUILD_CREATE after every READY (for a guild added while the bot is online,
    ``await fake.dispatch("GUILD_CREATE", fake.guild_payload(guild_id))``).
    Without the members intent, GUILD_CREATE holds only the bot's own member.
    ``await delete_channel(id)``: CHANNEL_DELETE, then 404 code 10003.
    ``forbid_channel(id)``: 403 code 50013 (50001 for reads).
    ``close_dms(user_id)``: sends to that user's DM channel get 403 code 50007.
    ``messages(channel_id)``: the channel's messages, oldest first (ephemeral
    interaction responses excluded); ``await wait_for_messages(channel_id, count)``.

Gateway
    HELLO, heartbeat ACKs, IDENTIFY → READY (``session_id``, ``resume_gateway_url``
    = ``ws://127.0.0.1:PORT/gateway/resume``, ``application``) → GUILD_CREATE for
    each guild; RESUME replays the events the client missed, then RESUMED.
    ``await drop_gateway(resumable=True)`` closes the socket (4000): the client
    RESUMEs, and events dispatched meanwhile are replayed. With
    ``resumable=False`` (4009) the session is forgotten: RESUME gets
    INVALID_SESSION and the client IDENTIFYs again.
    ``await wait_ready()``, ``wait_identified(count)``, ``wait_resumed(count)``;
    ``await dispatch(event, data)`` sends any dispatch event.
    ``identifies`` / ``resumes``: payloads received; ``gateway_connections``:
    the path and query of each connection.

Interactions (each call returns an :class:`Interaction` record)
    ``await send_command(guild_id, channel_id, user_id, name, *, options=None,
    member_permissions=None, locale="en-US")``: ``name`` is a command name or a
    path such as ``["club", "themes", "enable"]``; option values are ``str``,
    ``int``, ``float``, ``bool``, :class:`UserArg`, :class:`ChannelArg`,
    :class:`RoleArg` or :class:`FileArg` (those four are put in ``resolved``;
    a file's content is served at its URL). ``guild_id=None`` is a DM. A
    command synced to that guild carries its id and ``data.guild_id``.
    ``await autocomplete(..., name, *, options, focused)``: type 4.
    ``await click(message_id, custom_id, user_id, *, values=None)``: a button,
    or a select when ``values`` is given, on a message the bot sent.
    ``await submit_modal(guild_id, channel_id, user_id, custom_id, values)``:
    ``values`` maps each text input's custom_id to its text.
    Record: ``payload`` (what the bot received), ``responses`` (callback bodies;
    Discord accepts one, a second gets 400 code 40060), ``followups``,
    ``edits``, ``message`` (the message the response created or updated);
    ``await callback()``, ``wait_followups(count)``, ``wait_edits(count)``.

REST
    ``requests``: every call as a :class:`RecordedRequest`; ``unhandled``:
    calls the fake could not serve (a test can assert it stays empty);
    ``commands`` (``{guild_id or None: [command]}``) and
    ``command_overwrites`` (each bulk PUT). ``fail_next(method, path_regex,
    status, times=1, retry_after=0.05)`` answers matching calls (``re.search``
    on the path below the API base) with that status; 429s carry the body and
    headers discord.py needs to wait and retry (including ``Via``, without which
    discord.py takes a 429 for a Cloudflare ban). ``rate_limit_per_second=N``
    enforces a global limit (interaction and webhook routes exempt, as on
    Discord) answered with 429 ``global: true``. Successful answers carry
    per-route ``X-RateLimit-*`` bucket headers. Sending with
    ``enforce_nonce`` (discord.py always does) and a nonce already used in the
    channel within ``nonce_window`` seconds returns the earlier message (404
    code 10008 if it was deleted) instead of posting again, as Discord does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import secrets
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

from aiohttp import BodyPartReader, WSMsgType, web

log = logging.getLogger(__name__)

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

EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, RESUME = 0, 1, 2, 6
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11

# Interaction and callback types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7

TEXT_CHANNEL, DM_CHANNEL = 0, 1


@dataclass(frozen=True)
class UserArg:
    """A user option value; the member (or user, in DMs) goes in ``resolved``."""

    id: int


@dataclass(frozen=True)
class ChannelArg:
    """A channel option value; the channel goes in ``resolved``."""

    id: int


@dataclass(frozen=True)
class RoleArg:
    """A role option value; the guild's role goes in ``resolved``."""

    id: int


@dataclass(frozen=True)
class FileArg:
    """An attachment option value: an uploaded file, served at its attachment URL."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


OptionValue = str | int | float | bool | UserArg | ChannelArg | RoleArg | FileArg


@dataclass
class RecordedRequest:
    """One REST call the fake received."""

    method: str
    path: str  # below the API base, e.g. "/channels/2/messages"
    query: dict[str, str]
    json: Any  # the JSON body, or multipart's payload_json
    files: list[tuple[str, bytes]]  # multipart files[n]: (filename, content)
    status: int = 0  # the status answered


_CURRENT_CALL: ContextVar[RecordedRequest] = ContextVar("fake_discord_call")


@dataclass(eq=False)
class Interaction:
    """An interaction sent to the bot, and everything the bot answered to it."""

    payload: JSON
    fake: FakeDiscord = field(repr=False)
    responses: list[JSON] = field(default_factory=list)
    followups: list[JSON] = field(default_factory=list)
    edits: list[JSON] = field(default_factory=list)
    message_id: int | None = None

    @property
    def id(self) -> int:
        """The interaction's id."""
        return int(self.payload["id"])

    @property
    def token(self) -> str:
        """The interaction's token."""
        return str(self.payload["token"])

    @property
    def message(self) -> JSON | None:
        """The message the response created or updated, as it is now."""
        return None if self.message_id is None else self.fake.get_message(self.message_id)

    async def callback(self, timeout: float = DEFAULT_TIMEOUT) -> JSON:
        """Wait for the bot's interaction callback and return its body."""
        await self.fake.wait_until(lambda: bool(self.responses), timeout, f"a callback to {self}")
        return self.responses[0]

    async def wait_followups(self, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> list[JSON]:
        """Wait until the bot has sent ``count`` follow-ups; return them all."""
        await self.fake.wait_until(
            lambda: len(self.followups) >= count, timeout, f"{count} follow-ups to {self}"
        )
        return self.followups

    async def wait_edits(self, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> list[JSON]:
        """Wait until the bot has edited its response ``count`` times; return the edits."""
        await self.fake.wait_until(
            lambda: len(self.edits) >= count, timeout, f"{count} edits of {self}"
        )
        return self.edits

    def __str__(self) -> str:
        data = self.payload["data"]
        return f"interaction {self.id} ({data.get('name') or data.get('custom_id')})"


class _ApiError(Exception):
    """An error answer: Discord's JSON error body with a status and headers."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: JSON = {"message": message, "code": code, **extra}
        self.headers = dict(headers or {})

    def response(self) -> web.Response:
        return _json_response(self.body, status=self.status, headers=self.headers)


def _rate_limited(retry_after: float, *, is_global: bool) -> _ApiError:
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        "X-RateLimit-Scope": "global" if is_global else "user",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {"retry_after": round(retry_after, 3), "global": is_global}
    return _ApiError(429, 0, "You are being rate limited.", headers=headers, **body)


@dataclass
class _Failure:
    method: str
    path: re.Pattern[str]
    status: int
    times: int
    retry_after: float


@dataclass
class _Guild:
    id: int
    name: str
    owner_id: int
    channel_ids: list[int]
    roles: list[JSON]
    member_permissions: dict[int, int]


class _GatewayConnection:
    """One websocket, optionally compressed as one zlib stream."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self._zlib = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()  # the zlib stream must reach the socket in order

    async def send(self, frame: JSON) -> None:
        text = json.dumps(frame)
        async with self._lock:
            if self._zlib is None:
                await self.ws.send_str(text)
            else:
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)


@dataclass
class _Session:
    id: str
    conn: _GatewayConnection | None
    seq: int = 0
    sent: list[JSON] = field(default_factory=list)  # every dispatch, for RESUME
    ready: bool = False


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    """Return a request's JSON (or multipart ``payload_json``) and its files."""
    if request.content_type == "multipart/form-data":
        body: Any = None
        files: list[tuple[str, bytes]] = []
        async for part in await request.multipart():
            assert isinstance(part, BodyPartReader)
            if part.name == "payload_json":
                body = json.loads(await part.text())
            else:
                files.append((part.filename or str(part.name), bytes(await part.read())))
        return body, files
    if request.can_read_body:
        return await request.json(), []
    return None, []


def _json_response(
    data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON answer; discord.py parses only ``Content-Type: application/json`` exactly."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers)


def _call() -> RecordedRequest:
    """The REST call being handled (set by the middleware)."""
    return _CURRENT_CALL.get()


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _has_custom_id(components: list[JSON], custom_id: str) -> bool:
    """Whether a component tree (rows, containers, labels) holds ``custom_id``."""
    for component in components:
        accessory = component.get("accessory")
        children = [*component.get("components", []), *([accessory] if accessory else [])]
        if component.get("custom_id") == custom_id or _has_custom_id(children, custom_id):
            return True
    return False


class FakeDiscord:
    """A fake Discord REST API and gateway on loopback; see the module docstring."""

    def __init__(
        self,
        *,
        bot_user_id: int,
        application_id: int,
        bot_name: str = "Second Wind",
        valid_token: str | None = None,
        rate_limit_per_second: int | None = None,
        nonce_window: float = 300.0,
        heartbeat_interval: float = 41.25,
    ) -> None:
        self.bot_user_id = bot_user_id
        self.application_id = application_id
        self.bot_name = bot_name
        self.valid_token = valid_token
        self.rate_limit_per_second = rate_limit_per_second
        self.nonce_window = nonce_window
        self.heartbeat_interval = heartbeat_interval

        self.requests: list[RecordedRequest] = []
        self.unhandled: list[str] = []
        self.commands: dict[int | None, list[JSON]] = {}
        self.command_overwrites: list[tuple[int | None, list[JSON]]] = []
        self.identifies: list[JSON] = []
        self.resumes: list[JSON] = []
        self.gateway_connections: list[str] = []
        self.resumed = 0

        self._guilds: dict[int, _Guild] = {}
        self._channels: dict[int, JSON] = {}
        self._user_names: dict[int, str] = {}
        self._forbidden: set[int] = set()
        self._closed_dms: set[int] = set()
        self._messages: dict[int, JSON] = {}
        self._history: dict[int, list[JSON]] = {}
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self._files: dict[int, tuple[bytes, str]] = {}
        self._interactions: dict[int, Interaction] = {}
        self._command_ids: dict[tuple[int | None, str, int], int] = {}
        self._failures: list[_Failure] = []
        self._window = (0.0, 0)  # global rate limit: window start, calls in it

        self._session: _Session | None = None
        self._connections: set[_GatewayConnection] = set()
        self._gateway_lock = asyncio.Lock()
        self._changed = asyncio.Condition()
        self._last_snowflake = 0
        self._runner: web.AppRunner | None = None
        self._base = ""

    # Life cycle

    async def start(self) -> None:
        """Start serving on a free loopback port."""
        app = web.Application(middlewares=[self._api_middleware])
        api: list[tuple[str, str, Callable[[web.Request], Any]]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._open_dm),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("GET", "/channels/{channel_id}/messages", self._list_messages),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_channel_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_channel_message),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}",
                self._delete_channel_message,
            ),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("GET", "/applications/{app_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/commands", self._put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._put_commands),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback),
            ("POST", "/webhooks/{app_id}/{token}", self._followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._get_webhook_message),
            (
                "PATCH",
                "/webhooks/{app_id}/{token}/messages/{message_id}",
                self._edit_webhook_message,
            ),
            (
                "DELETE",
                "/webhooks/{app_id}/{token}/messages/{message_id}",
                self._delete_webhook_message,
            ),
        ]
        for method, path, handler in api:
            app.router.add_route(method, API_PREFIX + path, handler)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/resume", self._gateway)
        app.router.add_get("/attachments/{file_id}/{filename}", self._download)
        app.router.add_route("*", "/{tail:.*}", self._unknown_route)

        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self._base = f"{host}:{port}"

    async def stop(self) -> None:
        """Close the gateway connections and stop serving."""
        for conn in list(self._connections):
            await conn.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

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

    async def delete_channel(self, channel_id: int) -> None:
        """Delete a channel: CHANNEL_DELETE to the bot, 404 code 10003 afterwards."""
        channel = self._channels.pop(channel_id)
        if "guild_id" in channel:
            self._guilds[int(channel["guild_id"])].channel_ids.remove(channel_id)
            if self._session is not None:
                await self.dispatch("CHANNEL_DELETE", channel)

    def forbid_channel(self, channel_id: int) -> None:
        """Take the bot's access to a channel: 403 code 50013 on send."""
        self._forbidden.add(channel_id)

    def close_dms(self, user_id: int) -> None:
        """Make a user refuse DMs: 403 code 50007 on send."""
        self._closed_dms.add(user_id)

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
    ) -> None:
        """Answer the next ``times`` matching REST calls with ``status`` (429: rate limited)."""
        self._failures.append(
            _Failure(method.upper(), re.compile(path_regex), status, times, retry_after)
        )

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

    # Gateway controls

    async def wait_ready(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until a session has had READY and its guilds."""
        await self.wait_until(
            lambda: self._session is not None and self._session.ready, timeout, "READY"
        )

    async def wait_identified(self, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until the client has IDENTIFYed ``count`` times and the session is ready."""
        await self.wait_until(
            lambda: (
                len(self.identifies) >= count and self._session is not None and self._session.ready
            ),
            timeout,
            f"IDENTIFY #{count}",
        )

    async def wait_resumed(self, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until ``count`` RESUMEs have succeeded."""
        await self.wait_until(lambda: self.resumed >= count, timeout, f"RESUME #{count}")

    async def drop_gateway(self, *, resumable: bool = True) -> None:
        """Close the bot's gateway socket so that it reconnects (see the module docstring)."""
        session = self._session
        if session is None or session.conn is None:
            raise RuntimeError("the bot is not connected to the gateway")
        conn = session.conn
        async with self._gateway_lock:
            session.conn = None
            if not resumable:
                self._session = None
        await conn.ws.close(code=4000 if resumable else 4009)

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a dispatch event; kept for replay if the bot is between connections."""
        session = self._session
        if session is None:
            raise RuntimeError(f"cannot send {event}: the bot has no gateway session")
        async with self._gateway_lock:
            session.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.sent.append(frame)
            if session.conn is not None:
                try:
                    await session.conn.send(frame)
                except ConnectionError:
                    log.debug("%s not delivered; it will be replayed on RESUME", event)

    # Interactions

    async def send_command(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        name: str | Sequence[str],
        *,
        options: Mapping[str, OptionValue] | None = None,
        member_permissions: int | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """Invoke a slash command (``name`` may be a path: command, group, subcommand)."""
        data = self._command_data(guild_id, name, options or {}, focused=None)
        return await self._interact(
            APPLICATION_COMMAND,
            guild_id,
            channel_id,
            user_id,
            data,
            member_permissions,
            locale=locale,
        )

    async def autocomplete(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        name: str | Sequence[str],
        *,
        options: Mapping[str, OptionValue],
        focused: str,
        member_permissions: int | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """Ask for autocomplete choices while ``options[focused]`` is being typed."""
        data = self._command_data(guild_id, name, options, focused=focused)
        return await self._interact(
            AUTOCOMPLETE, guild_id, channel_id, user_id, data, member_permissions, locale=locale
        )

    async def click(
        self,
        message_id: int,
        custom_id: str,
        user_id: int,
        *,
        values: Sequence[str] | None = None,
        member_permissions: int | None = None,
    ) -> Interaction:
        """Click a button (or pick select ``values``) on a message the bot sent."""
        message = self._messages.get(message_id)
        if message is None or not _has_custom_id(message["components"], custom_id):
            raise ValueError(f"no message {message_id} with a component {custom_id!r}")
        data: JSON = {"custom_id": custom_id, "component_type": 2 if values is None else 3}
        if values is not None:
            data["values"] = list(values)
        guild_id = int(message["guild_id"]) if "guild_id" in message else None
        return await self._interact(
            MESSAGE_COMPONENT,
            guild_id,
            int(message["channel_id"]),
            user_id,
            data,
            member_permissions,
            message=message,
        )

    async def submit_modal(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        custom_id: str,
        values: Mapping[str, str],
        *,
        member_permissions: int | None = None,
    ) -> Interaction:
        """Submit a modal: ``values`` maps each text input's custom_id to its text."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return await self._interact(
            MODAL_SUBMIT, guild_id, channel_id, user_id, data, member_permissions
        )

    def _command_data(
        self,
        guild_id: int | None,
        name: str | Sequence[str],
        options: Mapping[str, OptionValue],
        *,
        focused: str | None,
    ) -> JSON:
        path = [name] if isinstance(name, str) else list(name)
        resolved: JSON = {}
        payload = [self._option(k, v, guild_id, resolved) for k, v in options.items()]
        for option in payload:
            if option["name"] == focused:
                option["focused"] = True
        for depth in range(len(path) - 1, 0, -1):
            kind = 1 if depth == len(path) - 1 else 2  # subcommand, subcommand group
            payload = [{"type": kind, "name": path[depth], "options": payload}]

        synced_here = any(c["name"] == path[0] for c in self.commands.get(guild_id, []))
        scope = guild_id if synced_here else None
        key = (scope, path[0], 1)
        command_id = self._command_ids.setdefault(key, self._snowflake())
        data: JSON = {"id": str(command_id), "name": path[0], "type": 1, "options": payload}
        if resolved:
            data["resolved"] = resolved
        if scope is not None:
            data["guild_id"] = str(scope)
        return data

    def _option(self, name: str, value: OptionValue, guild_id: int | None, resolved: JSON) -> JSON:
        match value:
            case bool():
                return {"type": 5, "name": name, "value": value}
            case int():
                return {"type": 4, "name": name, "value": value}
            case float():
                return {"type": 10, "name": name, "value": value}
            case str():
                return {"type": 3, "name": name, "value": value}
            case UserArg(id=user_id):
                resolved.setdefault("users", {})[str(user_id)] = self._user(user_id)
                if guild_id is not None:
                    member = self._member(guild_id, user_id, self._permissions(guild_id, user_id))
                    del member["user"]
                    resolved.setdefault("members", {})[str(user_id)] = member
                return {"type": 6, "name": name, "value": str(user_id)}
            case ChannelArg(id=channel_id):
                unknown = {"id": str(channel_id), "type": TEXT_CHANNEL, "name": f"#{channel_id}"}
                channel = self._channels.get(channel_id, unknown)
                resolved.setdefault("channels", {})[str(channel_id)] = {
                    **channel,
                    "permissions": str(BOT_PERMISSIONS),
                }
                return {"type": 7, "name": name, "value": str(channel_id)}
            case RoleArg(id=role_id):
                guild = self._guilds.get(guild_id) if guild_id is not None else None
                roles = {int(r["id"]): r for r in guild.roles} if guild else {}
                role = roles.get(role_id) or self._role(role_id, f"role-{role_id}", 0, 1)
                resolved.setdefault("roles", {})[str(role_id)] = role
                return {"type": 8, "name": name, "value": str(role_id)}
            case FileArg():
                attachment = self._store_file(value.filename, value.content, value.content_type)
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
                return {"type": 11, "name": name, "value": attachment["id"]}
        raise TypeError(f"unsupported option value for {name!r}: {value!r}")

    async def _interact(
        self,
        kind: int,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        data: JSON,
        member_permissions: int | None,
        *,
        locale: str = "en-US",
        message: JSON | None = None,
    ) -> Interaction:
        permissions = member_permissions
        if permissions is None:
            permissions = self._permissions(guild_id, user_id)
        channel = self._channels.get(channel_id)
        if channel is None and guild_id is None:
            channel = self._dm_channel(user_id, channel_id)
        if channel is None:
            raise ValueError(f"unknown channel {channel_id}: add it with add_guild")
        app_permissions = BOT_PERMISSIONS
        if channel_id in self._forbidden:
            app_permissions &= ~SENDING_PERMISSIONS
        interaction_id = self._snowflake()
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": secrets.token_urlsafe(24),
            "version": 1,
            "channel": {**channel, "permissions": str(permissions)},
            "channel_id": str(channel_id),
            "app_permissions": str(app_permissions),
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "context": 0 if guild_id is not None else 1,
            "authorizing_integration_owners": {"0": str(guild_id or 0)},
        }
        if guild_id is not None:
            payload["guild_id"] = str(guild_id)
            payload["guild"] = {"id": str(guild_id), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["member"] = self._member(guild_id, user_id, permissions)
        else:
            payload["user"] = self._user(user_id)
        if message is not None:
            payload["message"] = message
        record = Interaction(payload=payload, fake=self)
        self._interactions[interaction_id] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

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
        for channel in self._channels.values():
            if channel["type"] == DM_CHANNEL and channel["recipients"][0]["id"] == str(user_id):
                return channel
        channel_id = channel_id or self._snowflake()
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

    # REST plumbing

    @web.middleware
    async def _api_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        path = request.path.removeprefix(API_PREFIX)
        body, files = await _read_body(request)
        record = RecordedRequest(request.method, path, dict(request.query), body, files)
        self.requests.append(record)
        _CURRENT_CALL.set(record)
        try:
            self._check_token(request, path)
            self._inject_failure(request.method, path)
            self._check_global_limit(path)
            response = await handler(request)
        except _ApiError as error:
            response = error.response()
        except Exception:
            log.exception("fake Discord failed on %s %s", request.method, path)
            self.unhandled.append(f"{request.method} {path} (fake Discord error)")
            response = _ApiError(400, 0, "the fake Discord failed; see the log").response()
        record.status = response.status
        route = getattr(request.match_info.route.resource, "canonical", path)
        bucket = f"{request.method} {route}"
        response.headers.setdefault("X-RateLimit-Bucket", f"{zlib.crc32(bucket.encode()):08x}")
        response.headers.setdefault("X-RateLimit-Limit", "50")
        response.headers.setdefault("X-RateLimit-Remaining", "49")
        response.headers.setdefault("X-RateLimit-Reset-After", "1.000")
        response.headers.setdefault("X-RateLimit-Reset", f"{time.time() + 1:.3f}")
        response.headers["Via"] = "1.1 google"
        await self._notify()
        return response

    def _check_token(self, request: web.Request, path: str) -> None:
        if self.valid_token is None or path.startswith(("/interactions/", "/webhooks/")):
            return
        if request.headers.get("Authorization") != f"Bot {self.valid_token}":
            raise _ApiError(401, 0, "401: Unauthorized")

    def _inject_failure(self, method: str, path: str) -> None:
        for failure in self._failures:
            if failure.times > 0 and failure.method == method and failure.path.search(path):
                failure.times -= 1
                if failure.status == 429:
                    raise _rate_limited(failure.retry_after, is_global=False)
                raise _ApiError(failure.status, 0, f"{failure.status}: injected failure")

    def _check_global_limit(self, path: str) -> None:
        limit = self.rate_limit_per_second
        if limit is None or path.startswith(("/interactions/", "/webhooks/")):
            return
        now = time.monotonic()
        start, count = self._window if now - self._window[0] < 1.0 else (now, 0)
        if count >= limit:
            raise _rate_limited(start + 1.0 - now, is_global=True)
        self._window = (start, count + 1)

    async def _unknown_route(self, request: web.Request) -> web.StreamResponse:
        log.warning("fake Discord has no route for %s %s", request.method, request.path_qs)
        self.unhandled.append(f"{request.method} {request.path_qs}")
        return _ApiError(404, 0, "404: Not Found").response()

    def _channel(self, request: web.Request, *, sending: bool = False) -> tuple[int, JSON]:
        channel_id = int(request.match_info["channel_id"])
        channel = self._channels.get(channel_id)
        if channel is None:
            raise _ApiError(404, 10003, "Unknown Channel")
        if channel_id in self._forbidden:
            if sending:
                raise _ApiError(403, 50013, "Missing Permissions")
            raise _ApiError(403, 50001, "Missing Access")
        is_dm = channel["type"] == DM_CHANNEL
        if sending and is_dm and int(channel["recipients"][0]["id"]) in self._closed_dms:
            raise _ApiError(403, 50007, "Cannot send messages to this user")
        return channel_id, channel

    def _channel_message(self, request: web.Request) -> JSON:
        channel_id, _ = self._channel(request)
        message = self._messages.get(int(request.match_info["message_id"]))
        if message is None or message["channel_id"] != str(channel_id):
            raise _ApiError(404, 10008, "Unknown Message")
        return message

    def _interaction(self, request: web.Request) -> Interaction:
        token = request.match_info["token"]
        if "interaction_id" in request.match_info:
            record = self._interactions.get(int(request.match_info["interaction_id"]))
        else:
            record = next((r for r in self._interactions.values() if r.token == token), None)
        if record is None or record.token != token:
            raise _ApiError(404, 10062, "Unknown interaction")
        return record

    def _webhook_message(self, request: web.Request) -> tuple[Interaction, JSON]:
        record = self._interaction(request)
        raw_id = request.match_info["message_id"]
        message_id = record.message_id if raw_id == "@original" else int(raw_id)
        message = self._messages.get(message_id) if message_id is not None else None
        if message is None:
            raise _ApiError(404, 10008, "Unknown Message")
        return record, message

    # REST routes

    async def _get_me(self, request: web.Request) -> web.Response:
        return _json_response(self._bot_user())

    async def _get_user(self, request: web.Request) -> web.Response:
        user_id = int(request.match_info["user_id"])
        if user_id != self.bot_user_id and user_id not in self._user_names:
            raise _ApiError(404, 10013, "Unknown User")
        return _json_response(self._user(user_id))

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient_id = int(_call().json["recipient_id"])
        return _json_response(self._dm_channel(recipient_id))

    async def _get_application(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                "id": str(self.application_id),
                "name": self.bot_name,
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": self._user(1),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "bot": self._bot_user(),
            }
        )

    async def _get_gateway(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_channel(self, request: web.Request) -> web.Response:
        return _json_response(self._channel(request)[1])

    async def _list_messages(self, request: web.Request) -> web.Response:
        channel_id, _ = self._channel(request)
        limit = min(int(request.query.get("limit", 50)), 100)
        history = self._history.get(channel_id, [])
        if "after" in request.query:
            after = int(request.query["after"])
            found = [m for m in history if int(m["id"]) > after][:limit]
        else:
            before = int(request.query.get("before", 1 << 63))
            found = [m for m in history if int(m["id"]) < before][-limit:]
        return _json_response(found[::-1])

    async def _create_message(self, request: web.Request) -> web.Response:
        channel_id, _ = self._channel(request, sending=True)
        call = _call()
        body = call.json or {}
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            earlier = self._nonces.get((channel_id, str(nonce)))
            if earlier is not None and time.monotonic() - earlier[0] < self.nonce_window:
                message = self._messages.get(earlier[1])
                if message is None:
                    raise _ApiError(404, 10008, "Unknown Message")
                return _json_response(message)
        message = self._new_message(channel_id, body, call.files)
        if nonce is not None:
            self._nonces[(channel_id, str(nonce))] = (time.monotonic(), int(message["id"]))
        return _json_response(message)

    async def _get_channel_message(self, request: web.Request) -> web.Response:
        return _json_response(self._channel_message(request))

    async def _edit_channel_message(self, request: web.Request) -> web.Response:
        message, call = self._channel_message(request), _call()
        self._edit_message(message, call.json, call.files)
        return _json_response(message)

    async def _delete_channel_message(self, request: web.Request) -> web.Response:
        self._forget_message(self._channel_message(request))
        return web.Response(status=204)

    async def _typing(self, request: web.Request) -> web.Response:
        self._channel(request, sending=True)
        return web.Response(status=204)

    async def _get_commands(self, request: web.Request) -> web.Response:
        guild_id = request.match_info.get("guild_id")
        return _json_response(self.commands.get(int(guild_id) if guild_id else None, []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        if request.match_info["app_id"] != str(self.application_id):
            raise _ApiError(403, 50001, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        scope = int(guild_id) if guild_id else None
        body: list[JSON] = _call().json
        self.command_overwrites.append((scope, body))
        registered = []
        for command in body:
            key = (scope, command["name"], command.get("type", 1))
            command_id = self._command_ids.setdefault(key, self._snowflake())
            entry = {"type": 1, "options": [], "default_member_permissions": None, **command}
            entry |= {"id": str(command_id), "application_id": str(self.application_id)}
            entry["version"] = str(self._snowflake())
            if scope is not None:
                entry["guild_id"] = str(scope)
            registered.append(entry)
        self.commands[scope] = registered
        return _json_response(registered)

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        record = self._interaction(request)
        if record.responses:
            raise _ApiError(400, 40060, "Interaction has already been acknowledged.")
        call = _call()
        body: JSON = call.json
        data: JSON = body.get("data") or {}
        kind = body["type"]
        record.responses.append(body)
        channel_id = int(record.payload["channel_id"])
        source = record.payload.get("message")
        message: JSON | None = None
        extra = {
            "type": 20,
            "webhook_id": str(self.application_id),
            "application_id": str(self.application_id),
            "interaction_metadata": {
                "id": str(record.id),
                "type": record.payload["type"],
                "user": (record.payload.get("member") or record.payload)["user"],
            },
        }
        if kind == CHANNEL_MESSAGE:
            message = self._new_message(channel_id, data, call.files, **extra)
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            loading = {"flags": (data.get("flags") or 0) | LOADING}
            message = self._new_message(channel_id, loading, [], **extra)
        elif kind in (UPDATE_MESSAGE, DEFERRED_UPDATE) and source is not None:
            message = self._messages.get(int(source["id"]))
            if message is not None and kind == UPDATE_MESSAGE:
                self._edit_message(message, data, call.files)
        if message is not None:
            record.message_id = int(message["id"])
        if request.query.get("with_response", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        response: JSON = {
            "interaction": {
                "id": str(record.id),
                "type": record.payload["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
            },
            "resource": {"type": kind},
        }
        if message is not None and kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            response["resource"]["message"] = message
        return _json_response(response)

    async def _followup(self, request: web.Request) -> web.Response:
        record, call = self._interaction(request), _call()
        body: JSON = call.json or {}
        record.followups.append(body)
        original = record.message
        if original is not None and original["flags"] & LOADING:
            self._edit_message(original, body, call.files)  # fills the deferred reply
            message = original
        else:
            extra = {"type": 19, "webhook_id": str(self.application_id)}
            channel_id = int(record.payload["channel_id"])
            message = self._new_message(channel_id, body, call.files, **extra)
        if request.query.get("wait", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        return _json_response(message)

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        return _json_response(self._webhook_message(request)[1])

    async def _edit_webhook_message(self, request: web.Request) -> web.Response:
        (record, message), call = self._webhook_message(request), _call()
        record.edits.append(call.json or {})
        self._edit_message(message, call.json, call.files)
        return _json_response(message)

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        self._forget_message(self._webhook_message(request)[1])
        return web.Response(status=204)

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._files.get(int(request.match_info["file_id"]))
        if stored is None:
            raise web.HTTPNotFound
        return web.Response(body=stored[0], content_type=stored[1])

    # Gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.gateway_connections.append(request.path_qs)
        conn = _GatewayConnection(ws, compress=request.query.get("compress") == "zlib-stream")
        self._connections.add(conn)
        try:
            interval_ms = int(self.heartbeat_interval * 1000)
            await conn.send({"op": HELLO, "d": {"heartbeat_interval": interval_ms}})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_frame(conn, json.loads(msg.data))
        finally:
            self._connections.discard(conn)
            if self._session is not None and self._session.conn is conn:
                self._session.conn = None
        return ws

    async def _on_gateway_frame(self, conn: _GatewayConnection, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(conn, data)
        elif op == RESUME:
            await self._resume(conn, data)
        else:
            log.debug("fake Discord ignores gateway op %s", op)

    async def _identify(self, conn: _GatewayConnection, data: JSON) -> None:
        if self.valid_token is not None and data.get("token") != self.valid_token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies.append(data)
        async with self._gateway_lock:
            self._session = session = _Session(id=secrets.token_hex(16), conn=conn)
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": self._bot_user(),
                "guilds": [{"id": str(g), "unavailable": True} for g in self._guilds],
                "session_id": session.id,
                "resume_gateway_url": f"ws://{self._base}/gateway/resume",
                "shard": data.get("shard", [0, 1]),
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
            },
        )
        for guild_id in self._guilds:
            await self.dispatch("GUILD_CREATE", self.guild_payload(guild_id))
        session.ready = True
        await self._notify()

    async def _resume(self, conn: _GatewayConnection, data: JSON) -> None:
        self.resumes.append(data)
        session = self._session
        if session is None or data.get("session_id") != session.id:
            await conn.send({"op": INVALID_SESSION, "d": False})
            return
        async with self._gateway_lock:
            for frame in session.sent:
                if frame["s"] > (data.get("seq") or 0):
                    await conn.send(frame)
            session.conn = conn
        await self.dispatch("RESUMED", {})
        self.resumed += 1
        await self._notify()
