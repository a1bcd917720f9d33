"""The one place that answers a member when something went wrong, anywhere.

Slash commands (through the tree's ``on_error``), persistent buttons (through
:func:`reported`) and forms (through ``Form.on_error``) all end here:

- a :class:`~bot.errors.UserError` (and discord.py's own check and conversion
  failures) is answered privately with its message, shortened to fit;
- anything else is a bug: logged with its traceback, answered with an apology;
- an interaction that expired (Discord keeps one 3 seconds before the first
  answer and 15 minutes after) or was answered already is not an error of its
  own: one log line, and no second failure to report it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.errors import UserError
from bot.text import echo, shorten

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000
SORRY = "Sorry — something went wrong on our side. Try again soon."
# Unknown interaction, unknown webhook, invalid webhook token, already acknowledged.
LOST_INTERACTION_CODES = frozenset({10062, 10015, 50027, 40060})

C = TypeVar("C", bound=Callable[..., Awaitable[Any]])


def is_lost_interaction(error: BaseException) -> bool:
    """Whether Discord refused an answer because the interaction expired or was answered."""
    return isinstance(error, discord.HTTPException) and error.code in LOST_INTERACTION_CODES


def _cause(error: BaseException) -> BaseException:
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CheckFailure) and error.__cause__:
        error = error.__cause__
    return error


async def answer_privately(interaction: discord.Interaction, text: str,
                           view: discord.ui.View | None = None) -> bool:
    """A short private answer, whether or not the interaction was answered already.

    Returns False (after one log line) when the interaction can no longer be answered.
    """
    text = shorten(text, MESSAGE_LIMIT)
    attached = view if view is not None else discord.utils.MISSING
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, view=attached)
        else:
            await interaction.response.send_message(text, ephemeral=True, view=attached)
    except discord.HTTPException as exc:
        if not is_lost_interaction(exc):
            raise
        log.info("could not answer %s: the interaction expired or was answered (%s)",
                 _what(interaction), exc.code)
        return False
    return True


def _what(interaction: discord.Interaction) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data: dict[str, Any] = dict(interaction.data or {})
    return f"component {data.get('custom_id', '?')}"


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer the member for ``error``; log what is ours to fix."""
    cause = _cause(error)
    if is_lost_interaction(cause):
        log.info("%s: the interaction expired before it was answered (%s)",
                 _what(interaction), getattr(cause, "code", "?"))
        return
    if isinstance(cause, UserError):
        text = str(cause)
    elif isinstance(cause, app_commands.TransformerError):
        # discord.py's own message quotes the whole value, unshortened and unneutralised.
        text = (f"{echo(str(cause.value))} can't be used there: "
                f"expected {cause.transformer._error_display_name}.")
    elif isinstance(cause, app_commands.CheckFailure):
        text = str(cause) or "That can't be used here."
    else:
        log.error("%s failed", _what(interaction), exc_info=cause)
        text = SORRY
    try:
        await answer_privately(interaction, text)
    except discord.HTTPException as exc:
        log.warning("%s: could not send the error answer either (%s)", _what(interaction), exc)


class LostAutocompleteFilter(logging.Filter):
    """One INFO line, not an ERROR with a traceback, for an autocomplete that expired.

    discord.py answers autocomplete itself and logs any failure as "Ignoring
    exception in autocomplete"; an interaction that expired meanwhile is not a bug.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Let every other record through."""
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not is_lost_interaction(_cause(error)):
            return True
        log.info("an autocomplete expired before it was answered (%s)",
                 getattr(_cause(error), "code", "?"))
        return False


def reported(callback: C) -> C:
    """A persistent button's callback whose failures go to :func:`report`.

    The command tree's ``on_error`` does this for commands; component callbacks of
    DynamicItems never reach it.
    """
    @functools.wraps(callback)
    async def answered(item: Any, interaction: discord.Interaction) -> Any:
        try:
            return await callback(item, interaction)
        except Exception as exc:
            await report(interaction, exc)
            return None
    return answered  # type: ignore[return-value]  # same signature as callback
