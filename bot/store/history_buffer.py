"""What was shown where: written in batches behind the picks, read from memory.

Every pick reads the recent entries of its channel and member, and records what
it showed. Both stay off the database's critical path:

- :class:`HistoryBuffer` keeps rows recorded but not yet written, and writes
  them in one transaction per batch, one batch at a time;
- :class:`RecentEntries` keeps the newest entry ids of the most recently used
  channels (or members), read once and then kept current as picks record.

These copies are *owned*, not dropped on change: a channel's history is written
only by the process that serves the channel's guild (its shard), so nobody else
changes it; a guild that moves to another process is read afresh there. The
per-member lists are the one approximation: a member active in clubs served by
two processes has each process steer away from what *it* showed them (plus what
was in the database when it first read them). History only steers picks, so
that is accepted rather than paid for with a database read per pick.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import NamedTuple

log = logging.getLogger(__name__)


class HistoryRow(NamedTuple):
    """One entry shown in a channel to a member."""

    guild_id: int | None
    channel_id: int | None
    user_id: int | None
    entry_id: str
    shown_at: str


WriteRows = Callable[[list[HistoryRow]], Awaitable[None]]


class HistoryBuffer:
    """Rows waiting to be written; a background task writes them in batches."""

    def __init__(self, write: WriteRows, errors: tuple[type[BaseException], ...] = (),
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._write_rows = write
        self._clock = clock
        # What a failed write raises: logged, and the picks go on.
        self._errors: tuple[type[BaseException], ...] = (*errors, ValueError)
        self._unwritten: list[HistoryRow] = []
        self._in_flight: list[HistoryRow] = []
        self._writing: asyncio.Task | None = None

    def add(self, guild_id: int | None, channel_id: int | None, user_id: int | None,
            entry_id: str) -> None:
        """Queue a row and make sure a writer is running."""
        shown_at = self._clock().isoformat(timespec="seconds")
        self._unwritten.append(HistoryRow(guild_id, channel_id, user_id, entry_id, shown_at))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write(), name="history-writer")

    def pending_for(self, key: str, value: int) -> list[str]:
        """Entry ids queued for a channel or member (``key``), newest first."""
        rows = [*self._in_flight, *self._unwritten]
        return [row.entry_id for row in reversed(rows) if getattr(row, key) == value]

    def forget_member(self, user_id: int, channel_ids: set[int]) -> None:
        """Rows not yet written: the member's lose their id, their DM channels' go."""
        self._unwritten = [row._replace(user_id=None) if row.user_id == user_id else row
                           for row in self._unwritten if row.channel_id not in channel_ids]

    async def flush(self) -> None:
        """Write every row recorded so far, including a batch being written now."""
        if self._writing is not None and not self._writing.done():
            await asyncio.shield(self._writing)
        await self._write()

    async def _write(self) -> None:
        while self._unwritten:
            self._in_flight, self._unwritten = self._unwritten, []
            try:
                await self._write_rows(self._in_flight)
            except self._errors as exc:  # history only steers picks: go on
                log.warning("could not write %d history rows: %s", len(self._in_flight), exc)
            finally:
                self._in_flight = []


class RecentEntries:
    """The newest entry ids per channel (or member), read once, then kept current."""

    MAX_KEYS = 20_000

    def __init__(self, read: Callable[[int, int], Awaitable[list[str]]],
                 unwritten: Callable[[int], list[str]]) -> None:
        self._read, self._unwritten = read, unwritten
        self._lists: OrderedDict[int, tuple[list[str], int]] = OrderedDict()  # ids, rows asked

    async def newest(self, key: int, limit: int) -> list[str]:
        """Up to ``limit`` entry ids, newest first."""
        cached = self._lists.get(key)
        if cached is not None and (cached[1] >= limit or len(cached[0]) < cached[1]):
            self._lists.move_to_end(key)
            return cached[0][:limit]
        stored = await self._read(key, limit)
        # Rows recorded but not yet in the database are newer than any row read.
        self._lists[key] = ([*self._unwritten(key), *stored][:limit], limit)
        if len(self._lists) > self.MAX_KEYS:
            self._lists.popitem(last=False)
        return self._lists[key][0]

    def forget(self, key: int) -> None:
        """Drop what is kept for ``key`` (a member who asked to be forgotten)."""
        self._lists.pop(key, None)

    def clear(self) -> None:
        """Drop everything kept."""
        self._lists.clear()

    def shown(self, key: int | None, entry_id: str) -> None:
        """An entry was just recorded for ``key``."""
        if key is not None and (cached := self._lists.get(key)) is not None:
            ids, asked = cached
            ids.insert(0, entry_id)
            del ids[asked:]
