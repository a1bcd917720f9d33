"""The fake Discord's interactions: sent to the bot over the gateway, answered over REST.

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
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakediscord.gateway import Gateway
from tests.fakediscord.rest import RestApi, Route, _ApiError, _call, _json_response
from tests.fakediscord.state import (
    BOT_PERMISSIONS,
    DEFAULT_TIMEOUT,
    EPHEMERAL,
    JSON,
    LOADING,
    SENDING_PERMISSIONS,
    TEXT_CHANNEL,
    DiscordState,
)

# Interaction and callback types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7


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


@dataclass(eq=False)
class Interaction:
    """An interaction sent to the bot, and everything the bot answered to it."""

    payload: JSON
    fake: DiscordState = field(repr=False)
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


def _has_custom_id(components: list[JSON], custom_id: str) -> bool:
    """Whether a component tree (rows, containers, labels) holds ``custom_id``."""
    for component in components:
        accessory = component.get("accessory")
        children = [*component.get("components", []), *([accessory] if accessory else [])]
        if component.get("custom_id") == custom_id or _has_custom_id(children, custom_id):
            return True
    return False


class Interactions(RestApi, Gateway):
    """Interactions: created with INTERACTION_CREATE, answered on the REST routes here."""

    def __init__(self, **others: Any) -> None:
        super().__init__(**others)
        self._interactions: dict[int, Interaction] = {}

    def _interaction_routes(self) -> list[Route]:
        return [
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

    # Sending interactions

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

    # The bot's answers

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
