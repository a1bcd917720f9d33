"""A fake Discord on loopback, for running the real discord.py client in tests.

:class:`FakeDiscord` is an aiohttp server on ``127.0.0.1`` (a free port) that
speaks enough of Discord's REST API (v10, JSON or multipart) and gateway (JSON
encoding, a session per shard, several clients at once) for an unmodified
discord.py client: log in, connect,
receive guilds, answer slash commands, autocomplete, buttons and modals, send
channel messages and DMs, sync commands, and live through failures, rate limits
and reconnects.

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
    REST calls with another token get 401 and IDENTIFY is closed with 4004.

The rest of the guide is in the module for each concern, which :class:`FakeDiscord`
puts together:

``state``
    guilds, channels, members, DMs and messages: ``add_guild``, ``forbid_channel``,
    ``close_dms``, ``messages``, ``wait_for_messages``, ``wait_until``.
``gateway``
    the websocket: HELLO, IDENTIFY/READY, RESUME, zlib-stream, ``dispatch``,
    ``drop_gateway``, ``delete_channel``, ``wait_ready``, ``wait_handshakes``;
    shards: each gets only its guilds, ``wait_shards_ready``, ``shard_sessions``.
``rest``
    the REST routes: ``requests``, ``unhandled``, ``commands``, ``fail_next``,
    rate limits, nonces.
``interactions``
    ``send_command``, ``autocomplete``, ``click``, ``submit_modal`` and the
    :class:`Interaction` record of the bot's callback, follow-ups and edits.
"""

from __future__ import annotations

from typing import Self

from aiohttp import web

from tests.fakediscord.gateway import (
    DISPATCH,
    HEARTBEAT,
    HEARTBEAT_ACK,
    HELLO,
    IDENTIFY,
    INVALID_SESSION,
    RESUME,
)
from tests.fakediscord.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    ChannelArg,
    FileArg,
    Interaction,
    Interactions,
    OptionValue,
    RoleArg,
    UserArg,
)
from tests.fakediscord.rest import RecordedRequest
from tests.fakediscord.state import (
    API_PREFIX,
    BOT_PERMISSIONS,
    DEFAULT_TIMEOUT,
    DISCORD_EPOCH_MS,
    DM_CHANNEL,
    EPHEMERAL,
    JSON,
    LOADING,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    SENDING_PERMISSIONS,
    TEXT_CHANNEL,
)

__all__ = [
    "API_PREFIX",
    "APPLICATION_COMMAND",
    "AUTOCOMPLETE",
    "BOT_PERMISSIONS",
    "CHANNEL_MESSAGE",
    "DEFAULT_TIMEOUT",
    "DEFERRED_CHANNEL_MESSAGE",
    "DEFERRED_UPDATE",
    "DISCORD_EPOCH_MS",
    "DISPATCH",
    "DM_CHANNEL",
    "EPHEMERAL",
    "HEARTBEAT",
    "HEARTBEAT_ACK",
    "HELLO",
    "IDENTIFY",
    "INVALID_SESSION",
    "JSON",
    "LOADING",
    "MANAGE_GUILD",
    "MEMBER_PERMISSIONS",
    "MESSAGE_COMPONENT",
    "MODAL_SUBMIT",
    "RESUME",
    "SENDING_PERMISSIONS",
    "TEXT_CHANNEL",
    "UPDATE_MESSAGE",
    "ChannelArg",
    "FakeDiscord",
    "FileArg",
    "Interaction",
    "OptionValue",
    "RecordedRequest",
    "RoleArg",
    "UserArg",
]


class FakeDiscord(Interactions):
    """A fake Discord REST API and gateway on loopback; see the module docstring.

    Its parts are layers of one object, so that a test can subclass it and
    override any of them (``bench/latency.py`` times ``dispatch`` and
    ``_interaction_callback``): ``Interactions`` builds on ``RestApi`` and
    ``Gateway``, which both build on ``DiscordState``.
    """

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
        super().__init__(
            bot_user_id=bot_user_id,
            application_id=application_id,
            bot_name=bot_name,
            valid_token=valid_token,
            rate_limit_per_second=rate_limit_per_second,
            nonce_window=nonce_window,
            heartbeat_interval=heartbeat_interval,
        )
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Start serving on a free loopback port."""
        app = web.Application(middlewares=[self._api_middleware])
        for method, path, handler in [*self._rest_routes(), *self._interaction_routes()]:
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
        await self._close_gateway_connections()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
