"""The fake Discord's gateway: websocket sessions (JSON encoding), one per shard.

discord.py always asks for ``compress=zlib-stream``; the fake honours it (binary
frames, one zlib stream per connection), and sends text frames when no
compression is asked for.

Gateway
    HELLO, heartbeat ACKs, IDENTIFY → READY (``session_id``, ``resume_gateway_url``
    = ``ws://127.0.0.1:PORT/gateway/resume``, ``application``) → GUILD_CREATE for
    each guild; RESUME replays the events the client missed, then RESUMED. With
    ``valid_token`` set, an IDENTIFY with another token is closed with 4004.
    ``await drop_gateway(resumable=True)`` closes the socket (4000): the client
    RESUMEs, and events dispatched meanwhile are replayed. With
    ``resumable=False`` (4009) the session is forgotten: RESUME gets
    INVALID_SESSION and the client IDENTIFYs again (discord.py waits 5 s first).
    ``await wait_ready()``, ``wait_identified(count)``, ``wait_resumed(count)``;
    ``await wait_handshakes()``: until every open connection has sent IDENTIFY or
    RESUME (close a client only then: see :meth:`Gateway.wait_handshakes`).
    ``await dispatch(event, data)`` sends any dispatch event.
    ``await delete_channel(id)``: CHANNEL_DELETE, then 404 code 10003.
    ``identifies`` / ``resumes``: payloads received; ``gateway_connections``:
    the path and query of each connection.

Shards
    An IDENTIFY carries ``shard: [id, count]`` (``[0, 1]`` when absent): each shard
    has a session of its own, and its READY and GUILD_CREATEs hold only the guilds
    of that shard, ``(guild_id >> 22) % count``, as on Discord. Several clients
    (processes) may hold different shards of one bot at once; an IDENTIFY for a
    shard that has a session replaces it. ``dispatch`` sends an event on the
    session of its guild's shard (an event without a guild, like a DM, on shard
    0). ``shard_sessions()``: ``{shard id: (shard count, session id)}`` of the
    sessions ready now; ``await wait_shards_ready(ids, count)``;
    ``drop_gateway(shard_id=…)``; ``GET /gateway/bot`` recommends
    ``recommended_shards`` (1).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord.state import DEFAULT_TIMEOUT, JSON, DiscordState

log = logging.getLogger(__name__)

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, RESUME = 0, 1, 2, 6
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11


class _GatewayConnection:
    """One websocket, optionally compressed as one zlib stream."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self.answered_hello = False  # with IDENTIFY or RESUME
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
    shard_id: int = 0
    shard_count: int = 1
    seq: int = 0
    sent: list[JSON] = field(default_factory=list)  # every dispatch, for RESUME
    ready: bool = False

    def owns(self, guild_id: int) -> bool:
        return (guild_id >> 22) % self.shard_count == self.shard_id


def _guild_of(event: str, data: JSON) -> int | None:
    """The guild an event is about (its shard carries it), or None (shard 0 carries it)."""
    if data.get("guild_id") is not None:
        return int(data["guild_id"])
    if event.startswith("GUILD_") and data.get("id") is not None:
        return int(data["id"])
    return None


class Gateway(DiscordState):
    """The gateway side of the fake: sessions, dispatch, RESUME and its controls."""

    def __init__(self, *, heartbeat_interval: float = 41.25, **state: Any) -> None:
        super().__init__(**state)
        self.heartbeat_interval = heartbeat_interval
        self.identifies: list[JSON] = []
        self.resumes: list[JSON] = []
        self.gateway_connections: list[str] = []
        self.resumed = 0
        self._sessions: dict[int, _Session] = {}  # by shard id
        self._connections: set[_GatewayConnection] = set()
        self._gateway_lock = asyncio.Lock()

    @property
    def _session(self) -> _Session | None:
        """The session of shard 0, or of the lowest shard that has one (one shard: the one)."""
        return self._sessions[min(self._sessions)] if self._sessions else None

    def _session_for(self, guild_id: int | None) -> _Session | None:
        if guild_id is None:
            return self._sessions.get(0)
        return next((s for s in self._sessions.values() if s.owns(guild_id)), None)

    def shard_sessions(self) -> dict[int, tuple[int, str]]:
        """``{shard id: (shard count, session id)}`` of every session that is ready."""
        return {i: (s.shard_count, s.id) for i, s in self._sessions.items() if s.ready}

    def guilds_of_shard(self, shard_id: int, shard_count: int) -> list[int]:
        """The guilds Discord sends to a shard: ``(guild_id >> 22) % shard_count``."""
        return [g for g in self._guilds if (g >> 22) % shard_count == shard_id]

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

    async def wait_shards_ready(self, shard_ids: Sequence[int], shard_count: int,
                                timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until each of these shards (of ``shard_count``) has a ready session."""
        def ready() -> bool:
            sessions = self.shard_sessions()
            return all(sessions.get(i, (None,))[0] == shard_count for i in shard_ids)

        await self.wait_until(ready, timeout, f"shards {list(shard_ids)} of {shard_count} ready")

    async def wait_resumed(self, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until ``count`` RESUMEs have succeeded."""
        await self.wait_until(lambda: self.resumed >= count, timeout, f"RESUME #{count}")

    async def wait_handshakes(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until every open gateway connection has sent IDENTIFY or RESUME.

        Wait for this before closing a client that may be reconnecting. discord.py
        starts a connection's heartbeat thread on HELLO, but only a socket that has
        finished its handshake becomes the client's, and ``Client.close()`` stops
        only that one's thread. After an invalid session the client waits 5 s
        between HELLO and IDENTIFY: closed then, it leaves the thread running, and
        when the thread next beats, the test's event loop is gone ("Event loop is
        closed" in a later test).
        """
        await self.wait_until(
            lambda: all(conn.answered_hello for conn in self._connections),
            timeout,
            "the gateway handshakes",
        )

    async def drop_gateway(self, *, resumable: bool = True, shard_id: int | None = None) -> None:
        """Close the bot's gateway socket so that it reconnects (see the module docstring)."""
        session = self._session if shard_id is None else self._sessions.get(shard_id)
        if session is None or session.conn is None:
            raise RuntimeError("the bot is not connected to the gateway")
        conn = session.conn
        async with self._gateway_lock:
            session.conn = None
            if not resumable:
                self._sessions.pop(session.shard_id, None)
        await conn.ws.close(code=4000 if resumable else 4009)

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a dispatch event on its guild's shard; kept for replay between connections."""
        await self._dispatch_on(self._session_for(_guild_of(event, data)), event, data)

    async def _dispatch_on(self, session: _Session | None, event: str, data: JSON) -> None:
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

    async def delete_channel(self, channel_id: int) -> None:
        """Delete a channel: CHANNEL_DELETE to the bot, 404 code 10003 afterwards."""
        channel = self._channels.pop(channel_id)
        if "guild_id" in channel:
            self._guilds[int(channel["guild_id"])].channel_ids.remove(channel_id)
            if self._session_for(int(channel["guild_id"])) is not None:
                await self.dispatch("CHANNEL_DELETE", channel)

    async def _close_gateway_connections(self) -> None:
        for conn in list(self._connections):
            await conn.ws.close(code=1001)

    # The websocket

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
            for session in self._sessions.values():
                if session.conn is conn:
                    session.conn = None
            await self._notify()
        return ws

    async def _on_gateway_frame(self, conn: _GatewayConnection, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            conn.answered_hello = True
            await self._identify(conn, data)
        elif op == RESUME:
            conn.answered_hello = True
            await self._resume(conn, data)
        else:
            log.debug("fake Discord ignores gateway op %s", op)

    async def _identify(self, conn: _GatewayConnection, data: JSON) -> None:
        if self.valid_token is not None and data.get("token") != self.valid_token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies.append(data)
        shard_id, shard_count = (int(n) for n in data.get("shard") or (0, 1))
        guilds = self.guilds_of_shard(shard_id, shard_count)
        async with self._gateway_lock:
            session = _Session(id=secrets.token_hex(16), conn=conn, shard_id=shard_id,
                               shard_count=shard_count)
            self._sessions[shard_id] = session
        await self._dispatch_on(
            session,
            "READY",
            {
                "v": 10,
                "user": self._bot_user(),
                "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "resume_gateway_url": f"ws://{self._base}/gateway/resume",
                "shard": [shard_id, shard_count],
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
            },
        )
        for guild_id in guilds:
            await self._dispatch_on(session, "GUILD_CREATE", self.guild_payload(guild_id))
        session.ready = True
        await self._notify()

    async def _resume(self, conn: _GatewayConnection, data: JSON) -> None:
        self.resumes.append(data)
        session = next((s for s in self._sessions.values()
                        if s.id == data.get("session_id")), None)
        if session is None:
            await conn.send({"op": INVALID_SESSION, "d": False})
            await self._notify()
            return
        async with self._gateway_lock:
            for frame in session.sent:
                if frame["s"] > (data.get("seq") or 0):
                    await conn.send(frame)
            session.conn = conn
        await self._dispatch_on(session, "RESUMED", {})
        self.resumed += 1
        await self._notify()
