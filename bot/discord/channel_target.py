"""Scheduled posts on Discord: the PostTarget the core's Poster sends through.

Every REST call made here waits its turn at a :class:`RequestPacer` first: the
process's share of the bot token's global rate limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime

import aiohttp
import discord

from bot.discord.posts import embed_for, view_of
from bot.errors import ChannelUnavailable, TransientFailure
from bot.values import Outgoing

log = logging.getLogger(__name__)

UNKNOWN_CHANNEL = 10003
RECENT_MESSAGES = 25
DMS_CLOSED = 50007


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
        if exc.code == DMS_CLOSED:
            raise ChannelUnavailable("they don't take direct messages from the bot (closed DMs, "
                                     "or no server shared any more)", gone=False) from None
        raise ChannelUnavailable(f"{forbidden} ({exc.text})", gone=False) from None
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
        raise TransientFailure(str(exc)) from None


class RequestPacer:
    """A token bucket: on average ``rate`` requests a second, at most ``burst`` at once.

    Discord's global rate limit (50 requests a second) is per bot token, not per
    process. Each process paces its timed posts to its own share, so that all of
    them together keep under the limit instead of each running into 429s and
    waiting out Discord's penalty. Waiters go in the order they came; ``waited``
    is told each wait (the metrics' rate-limit waits).
    """

    def __init__(self, rate: float, *, burst: int = 1,
                 waited: Callable[[float], None] | None = None) -> None:
        if rate <= 0:
            raise ValueError(f"a pace needs a rate above 0, got {rate}")
        self.rate = rate
        self.burst = max(1, burst)
        self._waited = waited
        self._tokens = float(self.burst)
        self._at = time.monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.rate)
        self._at = now

    async def wait(self) -> None:
        """Return when one more request may go."""
        async with self._lock:
            self._refill()
            if self._tokens < 1:
                delay = (1 - self._tokens) / self.rate
                if self._waited is not None:
                    self._waited(delay)
                await asyncio.sleep(delay)
                self._refill()
            self._tokens -= 1


class DiscordTarget:
    """Sends a schedule's post to its channel, mentioning only the schedule's role."""

    def __init__(self, client: discord.Client, pacer: RequestPacer | None = None) -> None:
        self.client = client
        self.pacer = pacer

    async def _paced(self) -> None:
        if self.pacer is not None:
            await self.pacer.wait()

    def _channel(self, channel_id: int, guild_id: int | None = None) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(channel_id, guild_id=guild_id)

    async def send(self, outgoing: Outgoing, *, nonce: str | None) -> int:
        """Post; Discord answers a repeated nonce with the first message, not a second.

        Only the outgoing's own role and members can be pinged.
        """
        mentions = discord.AllowedMentions(
            everyone=False, replied_user=False,
            users=[discord.Object(u) for u in outgoing.mention_user_ids] or False,
            roles=[discord.Object(outgoing.mention_role_id)] if outgoing.mention_role_id
            else False)
        view = view_of(outgoing.buttons)
        await self._paced()
        with core_errors(f"no permission to post in <#{outgoing.channel_id}>; the bot needs "
                         "View Channel, Send Messages and Embed Links"):
            message = await self._channel(outgoing.channel_id, outgoing.guild_id).send(
                content="\n".join(outgoing.lines) or None,
                embed=embed_for(outgoing.embed) if outgoing.embed is not None
                else discord.utils.MISSING,
                view=view if view is not None else discord.utils.MISSING,
                allowed_mentions=mentions,
                nonce=nonce if nonce is not None else discord.utils.MISSING)
        return message.id

    async def dm_channel(self, user_id: int) -> int:
        """Open (or find) the bot's DM channel with a member: one request, the first time."""
        await self._paced()
        with core_errors("cannot open a direct message with the member"):
            channel = await self.client.create_dm(discord.Object(user_id))
        return channel.id

    async def still_member(self, guild_id: int, user_id: int) -> bool:
        """Ask Discord whether the member is still in the server (no intent needed)."""
        guild = self.client.get_guild(guild_id)
        if guild is None:
            return False
        await self._paced()
        try:
            await guild.fetch_member(user_id)
        except discord.NotFound:
            return False
        except (discord.HTTPException, aiohttp.ClientError) as exc:
            raise TransientFailure(str(exc)) from None
        return True

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        """The newest message this bot posted in the channel since ``since``."""
        own = self.client.user.id if self.client.user else None
        await self._paced()
        with core_errors("cannot read the channel"):
            async for message in self._channel(channel_id).history(
                    limit=RECENT_MESSAGES, after=since):
                if message.author.id == own:
                    return message.id
        return None
