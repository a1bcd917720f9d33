"""Delivering a timed post exactly once: claim → send with a nonce → mark.

Every timed post (a schedule's morning post, a race's good-luck post and
check-in, a weekly digest, a member's reminder) has a :class:`~bot.values.PostKey`:
its kind, what it belongs to and its local day. The ledger row for the key is
claimed before sending; the send carries a nonce made from the key, so Discord
answers a retry with the first message; the row is marked sent after. A key
found claimed but not marked (a crash in between) first looks for the bot's own
message in the channel since the claim.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.core.inputs import MAX_ID
from bot.core.ports import Clock, PostTarget, Store
from bot.errors import ChannelUnavailable, TransientFailure, UserError
from bot.values import DeliveryStatus, OutcomeStatus, Outgoing, PostKey, PostKind

log = logging.getLogger(__name__)

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
# Schedules keep the nonces they have always had (lower case); other kinds start with
# a capital letter, which no schedule nonce contains, so no two keys share a nonce.
_KIND_LETTERS = {PostKind.RACE_MORNING: "R", PostKind.RACE_CHECKIN: "C",
                 PostKind.DIGEST: "D", PostKind.REMINDER: "M", PostKind.RACE_DM: "G",
                 PostKind.HELD_DM: "H"}


def _base36(number: int) -> str:
    """Write a non-negative integer in lower-case base 36."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _BASE36[digit] + digits
        if not number:
            return digits


def delivery_nonce(schedule_id: int, local_date: date) -> str:
    """The Discord message nonce of a schedule's post on a local date."""
    return post_nonce(PostKey(PostKind.SCHEDULE, schedule_id, local_date))


def post_nonce(key: PostKey) -> str:
    """The Discord message nonce of a timed post.

    ``sw`` + (a capital letter for kinds other than schedules) + base-36 id + ``-``
    + ``yyyymmdd``: at most 25 characters (Discord's limit) for any 64-bit id, and
    distinct for distinct keys.
    """
    if not 0 <= key.ref_id <= MAX_ID:
        raise ValueError(f"schedule id must be in 0..2**63-1, got {key.ref_id}")
    day = f"{key.local_date.year:04d}{key.local_date.month:02d}{key.local_date.day:02d}"
    return f"sw{_KIND_LETTERS.get(key.kind, '')}{_base36(key.ref_id)}-{day}"


@dataclass(frozen=True)
class Outcome:
    """What happened to one timed post, and which schedules it paused."""

    key: PostKey
    status: OutcomeStatus
    message_id: int | None = None
    detail: str = ""
    paused: tuple[int, ...] = ()
    retry_at: datetime | None = None  # when a held post goes (RETRY: a minute from now)

    @property
    def schedule_id(self) -> int:
        """What the post belongs to (a schedule's id for morning posts)."""
        return self.key.ref_id

    @property
    def local_date(self) -> date:
        """The local day of the post."""
        return self.key.local_date


@dataclass(frozen=True)
class Failure:
    """Why a post could not go: the reason, and whether its channel is gone."""

    reason: str
    channel_gone: bool


FailureHook = Callable[[Failure], Awaitable[tuple[int, ...]]]


async def _no_hook(failure: Failure) -> tuple[int, ...]:
    return ()


class Poster:
    """Delivers timed posts through a target, at most ``concurrency`` at a time."""

    def __init__(self, store: Store, target: PostTarget, clock: Clock, *,
                 catch_up: timedelta, concurrency: int = 50) -> None:
        self.store = store
        self.target = target
        self.clock = clock
        self.catch_up = catch_up
        self.slots = asyncio.Semaphore(concurrency)

    async def deliver(self, key: PostKey, channel_id: int,
                      build: Callable[[], Awaitable[Outgoing]],
                      failed: FailureHook = _no_hook) -> Outcome:
        """Post ``build()`` for ``key`` unless it was posted (or skipped) already.

        ``failed`` records what a failure means for the owner (a schedule's health)
        and returns the ids it paused.
        """
        async with self.slots:
            existing = await self.store.ledger.claim(key)
            if existing is not None:
                if existing.status.final:
                    return Outcome(key, OutcomeStatus.ALREADY, existing.message_id)
                found = await self._find(channel_id, existing.claimed_at)
                if found is not None:
                    await self.store.ledger.finish(key, DeliveryStatus.SENT, message_id=found)
                    return Outcome(key, OutcomeStatus.RECOVERED, found)
            try:
                outgoing = await build()
                message_id = await self.target.send(outgoing, nonce=post_nonce(key))
            except UserError as exc:
                return await self._failed(key, Failure(str(exc), channel_gone=False), failed)
            except ChannelUnavailable as exc:
                return await self._failed(key, Failure(exc.reason, exc.gone), failed)
            except TransientFailure as exc:
                log.warning("%s %s: Discord did not take the post (%s); will retry",
                            key.kind, key.ref_id, exc)
                return Outcome(key, OutcomeStatus.RETRY, detail=str(exc))
            await self.store.ledger.finish(key, DeliveryStatus.SENT, message_id=message_id,
                                           entry_id=outgoing.entry_id)
            return Outcome(key, OutcomeStatus.SENT, message_id)

    async def _find(self, channel_id: int, since: datetime | None) -> int | None:
        if since is None:
            return None
        try:
            return await self.target.find_own_message(channel_id, since)
        except (ChannelUnavailable, TransientFailure):
            return None

    async def _failed(self, key: PostKey, failure: Failure, failed: FailureHook) -> Outcome:
        """Let the owner record the failure first, then close the key as failed."""
        paused = await failed(failure)
        await self.store.ledger.finish(key, DeliveryStatus.FAILED, detail=failure.reason)
        return Outcome(key, OutcomeStatus.FAILED, detail=failure.reason, paused=paused)

    async def missed(self, key: PostKey, due: datetime, created_at: datetime | None,
                     deliver: Callable[[], Awaitable[Outcome]]) -> Outcome | None:
        """At start: a post that fell due while the bot was down.

        Delivered inside the catch-up window (or recovered, when an attempt had claimed
        it), else recorded as skipped. None: nothing to do — not due yet, already done,
        or due before what it belongs to existed (never missed, as when running).
        """
        if due > self.clock():
            return None
        existing = await self.store.ledger.get(key)
        if existing is not None and existing.status.final:
            return None
        if existing is None:
            if created_at is not None and due < created_at:
                return None
            if (skipped := await self.skip_if_late(key, due, "missed while offline")):
                return skipped
        return await deliver()

    async def skip_if_late(self, key: PostKey, due: datetime, why: str) -> Outcome | None:
        """A post due longer ago than the catch-up window is recorded as skipped.

        Returns the skip, or None when the post may still go. A post already in the
        ledger (sent, or claimed by an attempt that may have sent) is left to it.
        """
        if self.clock() - due <= self.catch_up:
            return None
        if await self.store.ledger.record_skip(key, f"{why} (due {due.isoformat()})"):
            return Outcome(key, OutcomeStatus.SKIPPED)
        return None


@dataclass(frozen=True)
class Due:
    """One timed post to arm: what it belongs to, and when it runs."""

    ref_id: int
    run_at: datetime


class TimedSource(Protocol):
    """One kind of timed post, as the job runner drives it."""

    kind: PostKind

    async def upcoming(self) -> list[Due]:
        """The next run of every active item, to arm at start."""
        ...

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """The item's first run after ``after``; None when it is gone or paused."""
        ...

    async def of_club(self, guild_id: int) -> list[int]:
        """The club's items (re-armed when the club's time zone changes)."""
        ...

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """Deliver the run at ``run_at`` (skipped when too late); None when nothing to do."""
        ...

    async def missed(self) -> list[Outcome]:
        """At start: deliver today's runs missed while offline, or record them skipped."""
        ...
