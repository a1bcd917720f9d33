"""Scheduled posts on Discord: the PostTarget the core's Deliverer sends through."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import datetime

import aiohttp
import discord

from bot.discord.posts import buttons_for, embed_of
from bot.errors import ChannelUnavailable, TransientFailure
from bot.values import Post, Schedule

log = logging.getLogger(__name__)

UNKNOWN_CHANNEL = 10003
RECENT_MESSAGES = 25


@contextlib.contextmanager
def core_errors(forbidden: str) -> Iterator[None]:
    """Discord's answers as the core's: channel gone, not allowed (``forbidden``), or try later."""
    try:
        yield
    except discord.NotFound as exc:
        if exc.code == UNKNOWN_CHANNEL:
            raise ChannelUnavailable("the channel was deleted", gone=True) from None
        raise TransientFailure(f"404 {exc.text}") from None
    except discord.Forbidden as exc:
        raise ChannelUnavailable(f"{forbidden} ({exc.text})", gone=False) from None
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
        raise TransientFailure(str(exc)) from None


class DiscordTarget:
    """Sends a schedule's post to its channel, mentioning only the schedule's role."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _channel(self, channel_id: int, guild_id: int | None = None) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(channel_id, guild_id=guild_id)

    async def send(self, schedule: Schedule, post: Post, *, nonce: str | None,
                   test: bool = False) -> int:
        """Post; Discord answers a repeated nonce with the first message, not a second."""
        parts = []
        if schedule.mention_role_id:
            parts.append(f"<@&{schedule.mention_role_id}>")
        if test:
            parts.append(f"🧪 Test post for schedule #{schedule.id} — not today's delivery.")
        mentions = discord.AllowedMentions(
            everyone=False, users=False,
            roles=[discord.Object(schedule.mention_role_id)] if schedule.mention_role_id else False)
        with core_errors(f"no permission to post in <#{schedule.channel_id}>; the bot needs "
                         "View Channel, Send Messages and Embed Links"):
            message = await self._channel(schedule.channel_id, schedule.guild_id).send(
                content=" ".join(parts) or None, embed=embed_of(post),
                view=buttons_for(post, None if schedule.rotates else post.theme_id,
                                 schedule.kind),
                allowed_mentions=mentions,
                nonce=nonce if nonce is not None else discord.utils.MISSING)
        return message.id

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        """The newest message this bot posted in the channel since ``since``."""
        own = self.client.user.id if self.client.user else None
        with core_errors("cannot read the channel"):
            async for message in self._channel(channel_id).history(
                    limit=RECENT_MESSAGES, after=since):
                if message.author.id == own:
                    return message.id
        return None
