"""Point the unmodified discord.py client at another REST base URL and gateway.

Used for a REST rate-limit proxy, a gateway proxy, or the fake Discord server in
the tests. discord.py has no option for this, so two of its class attributes are
replaced and one class method is wrapped; :func:`point_discord_at` with ``None``
puts each back as discord.py shipped it.

- REST: every request, including interaction callbacks and webhooks, builds its
  URL from ``discord.http.Route.BASE``.
- Gateway: the first connection goes to ``DiscordWebSocket.DEFAULT_GATEWAY``, but
  READY's ``resume_gateway_url`` replaces ``ws.gateway`` and every reconnect and
  RESUME goes there, and ``AutoShardedClient`` takes its URL from
  ``GET /gateway/bot``. ``DiscordWebSocket.from_client`` (which opens every
  connection) is wrapped so that all of them go to the given URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

if TYPE_CHECKING:
    from discord import Client

_DISCORD_API_BASE: str = Route.BASE
_DISCORD_GATEWAY: yarl.URL = DiscordWebSocket.DEFAULT_GATEWAY
_DISCORD_FROM_CLIENT: classmethod[Any, Any, Any] = DiscordWebSocket.__dict__["from_client"]
_open_websocket = _DISCORD_FROM_CLIENT.__func__


async def _open_pinned_websocket(
    cls: type[DiscordWebSocket], client: Client, **kwargs: Any
) -> DiscordWebSocket:
    """Open a gateway connection at ``DEFAULT_GATEWAY``, whatever URL discord.py chose."""
    kwargs["gateway"] = cls.DEFAULT_GATEWAY
    return await _open_websocket(cls, client, **kwargs)


def point_discord_at(api_base_url: str | None, gateway_url: str | None) -> None:
    """Send discord.py's REST calls and gateway connections to the given URLs.

    This changes process-wide state: call it once, before the client connects.

    Args:
        api_base_url: REST base including the version, e.g.
            ``http://127.0.0.1:8080/api/v10``; ``None`` restores Discord's.
        gateway_url: ``ws://`` or ``wss://`` URL used for the first connection and
            every reconnect and resume; ``None`` restores Discord's (and its
            ``resume_gateway_url`` handling).

    Raises:
        ValueError: A URL has the wrong scheme.

    """
    if api_base_url is None:
        Route.BASE = _DISCORD_API_BASE
    elif yarl.URL(api_base_url).scheme in ("http", "https"):
        Route.BASE = api_base_url.rstrip("/")
    else:
        raise ValueError(f"the API base URL must be http(s)://…, not {api_base_url!r}")

    if gateway_url is None:
        DiscordWebSocket.DEFAULT_GATEWAY = _DISCORD_GATEWAY
        DiscordWebSocket.from_client = _DISCORD_FROM_CLIENT  # type: ignore[method-assign,assignment]  # restoring the original
        return
    gateway = yarl.URL(gateway_url)
    if gateway.scheme not in ("ws", "wss"):
        raise ValueError(f"the gateway URL must be ws(s)://…, not {gateway_url!r}")
    DiscordWebSocket.DEFAULT_GATEWAY = gateway
    DiscordWebSocket.from_client = classmethod(  # type: ignore[method-assign,assignment]  # patched on purpose
        _open_pinned_websocket)
