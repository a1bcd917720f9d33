"""The fake Discord's REST API (v10, JSON or multipart): users, DMs, channels, commands.

Every call passes one middleware that records it, checks the token, injects
failures, enforces the global rate limit and adds Discord's headers; the routes
for interaction callbacks and webhooks are in ``interactions``.

REST
    With ``valid_token`` set, calls with another token get 401 (discord.py raises
    ``LoginFailure``); interaction and webhook routes need no token, as on Discord.
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

import json
import logging
import math
import re
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from tests.fakediscord.state import API_PREFIX, DM_CHANNEL, JSON, DiscordState

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler]  # method, path below the API base, handler

# Routes that answer interactions: no bot token needed, outside the global rate limit.
INTERACTION_PATHS = ("/interactions/", "/webhooks/")


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


class RestApi(DiscordState):
    """The REST side of the fake: its plumbing, and every route but interactions'."""

    def __init__(
        self,
        *,
        rate_limit_per_second: int | None = None,
        nonce_window: float = 300.0,
        **others: Any,
    ) -> None:
        super().__init__(**others)
        self.rate_limit_per_second = rate_limit_per_second
        self.nonce_window = nonce_window
        self.requests: list[RecordedRequest] = []
        self.commands: dict[int | None, list[JSON]] = {}
        self.command_overwrites: list[tuple[int | None, list[JSON]]] = []
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self._command_ids: dict[tuple[int | None, str, int], int] = {}
        self._failures: list[_Failure] = []
        self._window = (0.0, 0)  # global rate limit: window start, calls in it
        self.recommended_shards = 1  # GET /gateway/bot's "shards"

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

    def _rest_routes(self) -> list[Route]:
        return [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._open_dm),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
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
        ]

    # Plumbing

    @web.middleware
    async def _api_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
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
        if self.valid_token is None or path.startswith(INTERACTION_PATHS):
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
        if limit is None or path.startswith(INTERACTION_PATHS):
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
        if sending and is_dm:
            recipient = int(channel["recipients"][0]["id"])
            if recipient in self._closed_dms or not self.shares_a_guild(recipient):
                raise _ApiError(403, 50007, "Cannot send messages to this user")
        return channel_id, channel

    def _channel_message(self, request: web.Request) -> JSON:
        channel_id, _ = self._channel(request)
        message = self._messages.get(int(request.match_info["message_id"]))
        if message is None or message["channel_id"] != str(channel_id):
            raise _ApiError(404, 10008, "Unknown Message")
        return message

    # Users, the application, the gateway's address

    async def _get_me(self, request: web.Request) -> web.Response:
        return _json_response(self._bot_user())

    async def _get_user(self, request: web.Request) -> web.Response:
        user_id = int(request.match_info["user_id"])
        if user_id != self.bot_user_id and user_id not in self._user_names:
            raise _ApiError(404, 10013, "Unknown User")
        return _json_response(self._user(user_id))

    async def _get_member(self, request: web.Request) -> web.Response:
        guild_id = int(request.match_info["guild_id"])
        user_id = int(request.match_info["user_id"])
        if guild_id not in self._guilds:
            raise _ApiError(404, 10004, "Unknown Guild")
        if not self.is_member(guild_id, user_id):
            raise _ApiError(404, 10007, "Unknown Member")
        member = self._member(guild_id, user_id, self._permissions(guild_id, user_id))
        del member["permissions"]
        return _json_response(member)

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
        return _json_response({"url": self.gateway_url, "shards": self.recommended_shards,
                               "session_start_limit": limit})

    # Channels and messages

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

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._files.get(int(request.match_info["file_id"]))
        if stored is None:
            raise web.HTTPNotFound
        return web.Response(body=stored[0], content_type=stored[1])

    # Application commands

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
