"""Repositories: one small class per table group, each method named for what it does."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime

import aiosqlite

from bot.content import Entry
from bot.core.values import Club, Delivery, Schedule, Submission
from bot.store.database import Database

log = logging.getLogger(__name__)

CLAIM_STATUSES = ("claimed", "sent", "skipped", "failed")
ENTRY_NUMBER_KEY = "club_entry_number"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def _ensure_club(conn: aiosqlite.Connection, guild_id: int, default_timezone: str) -> None:
    await conn.execute(
        "INSERT OR IGNORE INTO clubs (guild_id, timezone, created_at) VALUES (?, ?, ?)",
        (guild_id, default_timezone, _now()))


class _Repository:
    def __init__(self, database: Database) -> None:
        self.db = database


class Clubs(_Repository):
    """Club settings: time zone, disabled themes, privacy default, review channel.

    Read on every pick, so kept in memory; every write here forgets the club's copy.
    (A club belongs to one process: the one whose shards hold its guild.)
    """

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self._cache: dict[int, Club] = {}

    async def get(self, guild_id: int, default_timezone: str) -> Club:
        """The club's settings; a club never seen before gets the defaults (not saved)."""
        if (cached := self._cache.get(guild_id)) is not None:
            return cached
        club = await self._load(guild_id, default_timezone)
        self._cache[guild_id] = club
        return club

    def forget(self, guild_id: int) -> None:
        """Drop the in-memory copy after a write."""
        self._cache.pop(guild_id, None)

    async def _load(self, guild_id: int, default_timezone: str) -> Club:
        row = await self.db.fetch_one("SELECT * FROM clubs WHERE guild_id = ?", guild_id)
        if row is None:
            return Club(guild_id=guild_id, timezone=default_timezone)
        disabled = await self.db.fetch_all(
            "SELECT theme_id FROM disabled_themes WHERE guild_id = ?", guild_id)
        return Club(
            guild_id=guild_id,
            timezone=row["timezone"],
            private_by_default=bool(row["private_by_default"]),
            disabled_themes=frozenset(r["theme_id"] for r in disabled),
            review_channel_id=row["review_channel_id"],
        )

    async def set_timezone(self, guild_id: int, zone: str) -> None:
        """Record the club's IANA time zone."""
        async with self.db.transaction() as conn:
            await _ensure_club(conn, guild_id, zone)
            await conn.execute("UPDATE clubs SET timezone = ? WHERE guild_id = ?", (zone, guild_id))
        self.forget(guild_id)

    async def set_theme_enabled(
        self, guild_id: int, theme_ids: Iterable[str], enabled: bool, default_timezone: str
    ) -> None:
        """Enable or disable themes for the club."""
        async with self.db.transaction() as conn:
            await _ensure_club(conn, guild_id, default_timezone)
            for theme_id in theme_ids:
                if enabled:
                    await conn.execute(
                        "DELETE FROM disabled_themes WHERE guild_id = ? AND theme_id = ?",
                        (guild_id, theme_id))
                else:
                    await conn.execute(
                        "INSERT OR IGNORE INTO disabled_themes (guild_id, theme_id) VALUES (?, ?)",
                        (guild_id, theme_id))
        self.forget(guild_id)

    async def set_review_channel(
        self, guild_id: int, channel_id: int | None, default_timezone: str
    ) -> None:
        """Where members' submissions are posted for review."""
        async with self.db.transaction() as conn:
            await _ensure_club(conn, guild_id, default_timezone)
            await conn.execute("UPDATE clubs SET review_channel_id = ? WHERE guild_id = ?",
                               (channel_id, guild_id))
        self.forget(guild_id)

def _schedule(row: object) -> Schedule:
    return Schedule(
        id=row["id"], guild_id=row["guild_id"], channel_id=row["channel_id"],  # type: ignore[index]
        local_time=row["local_time"], days=row["days"], theme=row["theme"],  # type: ignore[index]
        kind=row["kind"], mention_role_id=row["mention_role_id"],  # type: ignore[index]
        paused=bool(row["paused"]), failing_reason=row["failing_reason"],  # type: ignore[index]
        failing_days=row["failing_days"],  # type: ignore[index]
        created_at=datetime.fromisoformat(row["created_at"]),  # type: ignore[index]
    )


class Schedules(_Repository):
    """Scheduled posts and their health."""

    async def add(
        self, guild_id: int, channel_id: int, local_time: str, days: str, theme: str,
        kind: str | None, mention_role_id: int | None, default_timezone: str,
    ) -> Schedule:
        """Save a new schedule and return it with its id."""
        async with self.db.transaction() as conn:
            await _ensure_club(conn, guild_id, default_timezone)
            cursor = await conn.execute(
                "INSERT INTO schedules (guild_id, channel_id, local_time, days, theme, kind,"
                " mention_role_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, channel_id, local_time, days, theme, kind, mention_role_id, _now()))
            schedule_id = cursor.lastrowid
        found = await self.get(schedule_id)  # type: ignore[arg-type]
        assert found is not None  # noqa: S101 - just inserted
        return found

    async def get(self, schedule_id: int) -> Schedule | None:
        """One schedule by id."""
        row = await self.db.fetch_one("SELECT * FROM schedules WHERE id = ?", schedule_id)
        return _schedule(row) if row else None

    async def for_club(self, guild_id: int) -> list[Schedule]:
        """The club's schedules, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM schedules WHERE guild_id = ? ORDER BY id", guild_id)
        return [_schedule(r) for r in rows]

    async def active(self) -> list[Schedule]:
        """Every schedule that is not paused."""
        rows = await self.db.fetch_all("SELECT * FROM schedules WHERE paused = 0 ORDER BY id")
        return [_schedule(r) for r in rows]

    async def remove(self, guild_id: int, schedule_id: int) -> bool:
        """Delete a club's schedule; False when the club has no such schedule."""
        return await self.db.execute(
            "DELETE FROM schedules WHERE id = ? AND guild_id = ?", schedule_id, guild_id) > 0

    async def set_paused(
        self, guild_id: int, schedule_id: int, paused: bool, reason: str | None = None
    ) -> bool:
        """Pause or resume; resuming clears the failure record."""
        if paused:
            changed = await self.db.execute(
                "UPDATE schedules SET paused = 1, failing_reason = COALESCE(?, failing_reason)"
                " WHERE id = ? AND guild_id = ?", reason, schedule_id, guild_id)
        else:
            changed = await self.db.execute(
                "UPDATE schedules SET paused = 0, failing_reason = NULL, failing_days = 0"
                " WHERE id = ? AND guild_id = ?", schedule_id, guild_id)
        return changed > 0

    async def mark_failing(self, schedule_id: int, reason: str) -> int:
        """Record a failing day; returns how many days in a row it has failed."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE schedules SET failing_reason = ?, failing_days = failing_days + 1"
                " WHERE id = ?", (reason, schedule_id))
            cursor = await conn.execute(
                "SELECT failing_days FROM schedules WHERE id = ?", (schedule_id,))
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def mark_healthy(self, schedule_id: int) -> None:
        """A post went out: forget earlier failures."""
        await self.db.execute(
            "UPDATE schedules SET failing_reason = NULL, failing_days = 0"
            " WHERE id = ? AND failing_days > 0", schedule_id)

    async def pause_channel(self, channel_id: int, reason: str) -> list[int]:
        """Pause every schedule posting to a channel (it was deleted); returns their ids."""
        rows = await self.db.fetch_all(
            "SELECT id FROM schedules WHERE channel_id = ? AND paused = 0", channel_id)
        await self.db.execute(
            "UPDATE schedules SET paused = 1, failing_reason = ? WHERE channel_id = ?",
            reason, channel_id)
        return [r["id"] for r in rows]


class Deliveries(_Repository):
    """The ledger that makes each schedule post once per local day."""

    async def claim(self, schedule_id: int, local_date: date) -> Delivery | None:
        """Claim the day for sending; returns None when it was newly claimed, else the record.

        A record already there means another attempt has the day: ``sent`` or
        ``skipped`` are final, ``claimed`` means an earlier attempt may have sent.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO deliveries (schedule_id, local_date, status, claimed_at)"
                " VALUES (?, ?, 'claimed', ?)", (schedule_id, local_date.isoformat(), _now()))
            if cursor.rowcount:
                return None
        return await self.get(schedule_id, local_date)

    async def get(self, schedule_id: int, local_date: date) -> Delivery | None:
        """The day's record, if any."""
        row = await self.db.fetch_one(
            "SELECT * FROM deliveries WHERE schedule_id = ? AND local_date = ?",
            schedule_id, local_date.isoformat())
        if row is None:
            return None
        return Delivery(
            schedule_id=row["schedule_id"], local_date=date.fromisoformat(row["local_date"]),
            status=row["status"], message_id=row["message_id"], entry_id=row["entry_id"],
            detail=row["detail"], claimed_at=datetime.fromisoformat(row["claimed_at"]))

    async def finish(
        self, schedule_id: int, local_date: date, status: str, *,
        message_id: int | None = None, entry_id: str | None = None, detail: str | None = None,
    ) -> None:
        """Record how the day ended: sent (with the message), skipped or failed."""
        if status not in CLAIM_STATUSES:
            raise ValueError(f"unknown delivery status {status!r}")
        await self.db.execute(
            "UPDATE deliveries SET status = ?, message_id = ?, entry_id = ?, detail = ?"
            " WHERE schedule_id = ? AND local_date = ?",
            status, message_id, entry_id, detail, schedule_id, local_date.isoformat())

    async def record_skip(self, schedule_id: int, local_date: date, detail: str) -> bool:
        """Record a day as skipped unless something is already recorded for it."""
        return await self.db.execute(
            "INSERT OR IGNORE INTO deliveries (schedule_id, local_date, status, claimed_at,"
            " detail) VALUES (?, ?, 'skipped', ?, ?)",
            schedule_id, local_date.isoformat(), _now(), detail) > 0

class _RecentEntries:
    """The newest entry ids per channel (or per member), read once, then kept current.

    Every pick reads them, so they stay in memory for the most recently used keys.
    """

    MAX_KEYS = 20_000

    def __init__(self, database: Database, column: str,
                 unwritten: Callable[[int], list[str]]) -> None:
        self.db, self.column, self.unwritten = database, column, unwritten
        self.lists: OrderedDict[int, tuple[list[str], int]] = OrderedDict()  # ids, rows asked

    async def newest(self, key: int, limit: int) -> list[str]:
        """Up to ``limit`` entry ids, newest first."""
        cached = self.lists.get(key)
        if cached is not None and (cached[1] >= limit or len(cached[0]) < cached[1]):
            self.lists.move_to_end(key)
            return cached[0][:limit]
        rows = await self.db.fetch_all(
            f"SELECT entry_id FROM history WHERE {self.column} = ?"  # noqa: S608 - fixed names
            " ORDER BY id DESC LIMIT ?", key, limit)
        # Rows recorded but not yet in the database are newer than any row read.
        self.lists[key] = ([*self.unwritten(key), *(r[0] for r in rows)][:limit], limit)
        if len(self.lists) > self.MAX_KEYS:
            self.lists.popitem(last=False)
        return self.lists[key][0]

    def shown(self, key: int | None, entry_id: str) -> None:
        """An entry was just recorded for ``key``."""
        if key is not None and (cached := self.lists.get(key)) is not None:
            ids, asked = cached
            ids.insert(0, entry_id)
            del ids[asked:]


class History(_Repository):
    """What was shown where, and what helped."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self._helped: dict[int, dict[str, int]] = {}
        self._by_channel = _RecentEntries(database, "channel_id", lambda key: self._pending(1, key))
        self._by_user = _RecentEntries(database, "user_id", lambda key: self._pending(2, key))
        self._unwritten: list[tuple] = []
        self._in_flight: list[tuple] = []
        self._writing: asyncio.Task | None = None

    async def record_shown(
        self, guild_id: int | None, channel_id: int | None, user_id: int | None, entry_id: str
    ) -> None:
        """Remember that an entry was shown in a channel to a member.

        Picks read recent history from memory, which this updates at once; the rows
        reach the database in batches, one write for everything shown meanwhile.
        """
        self._by_channel.shown(channel_id, entry_id)
        self._by_user.shown(user_id, entry_id)
        self._unwritten.append((guild_id, channel_id, user_id, entry_id, _now()))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write(), name="history-writer")

    async def flush(self) -> None:
        """Write every history row recorded so far, including a batch being written now."""
        if self._writing is not None and not self._writing.done():
            await asyncio.shield(self._writing)
        await self._write()

    async def _write(self) -> None:
        while self._unwritten:
            self._in_flight, self._unwritten = self._unwritten, []
            try:
                async with self.db.transaction() as conn:
                    await conn.executemany(
                        "INSERT INTO history (guild_id, channel_id, user_id, entry_id, shown_at)"
                        " VALUES (?, ?, ?, ?, ?)", self._in_flight)
            except (sqlite3.Error, ValueError) as exc:  # history only steers picks: go on
                log.warning("could not write %d history rows: %s", len(self._in_flight), exc)
            finally:
                self._in_flight = []

    def _pending(self, column: int, key: int) -> list[str]:
        """Entry ids recorded for a channel (column 1) or member (2), newest first."""
        rows = [*self._in_flight, *self._unwritten]
        return [row[3] for row in reversed(rows) if row[column] == key]

    async def recent_for_channel(self, channel_id: int, limit: int) -> list[str]:
        """Entry ids shown in a channel, newest first."""
        return await self._by_channel.newest(channel_id, limit)

    async def recent_for_user(self, user_id: int, limit: int) -> list[str]:
        """Entry ids shown to a member, newest first."""
        return await self._by_user.newest(user_id, limit)

    async def record_helped(self, guild_id: int, user_id: int, entry_id: str) -> bool:
        """A member said an entry helped; False when they had said so already."""
        added = await self.db.execute(
            "INSERT OR IGNORE INTO feedback (guild_id, user_id, entry_id, created_at)"
            " VALUES (?, ?, ?, ?)", guild_id, user_id, entry_id, _now()) > 0
        self._helped.pop(guild_id, None)
        return added

    async def helped_counts(self, guild_id: int) -> dict[str, int]:
        """How many members of the club said each entry helped.

        Kept in memory, as every pick reads it; record_helped forgets the club's copy.
        """
        if (cached := self._helped.get(guild_id)) is not None:
            return cached
        rows = await self.db.fetch_all(
            "SELECT entry_id, COUNT(*) FROM feedback WHERE guild_id = ? GROUP BY entry_id",
            guild_id)
        self._helped[guild_id] = counts = {r[0]: r[1] for r in rows}
        return counts

    async def most_helpful(
        self, guild_id: int, since: datetime, limit: int
    ) -> list[tuple[str, int]]:
        """The entries marked "this helped" most since a time, with their counts."""
        rows = await self.db.fetch_all(
            "SELECT entry_id, COUNT(*) AS n FROM feedback WHERE guild_id = ? AND created_at >= ?"
            " GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?",
            guild_id, since.isoformat(timespec="seconds"), limit)
        return [(r[0], r[1]) for r in rows]


def _submission(row: object) -> Submission:
    keys = ("id", "guild_id", "user_id", "theme_id", "title", "body", "credit", "status",
            "review_message_id", "entry_id")
    return Submission(**{k: row[k] for k in keys})  # type: ignore[index]


class ClubContent(_Repository):
    """The club's own entries and members' submissions.

    Every pick reads the club's entries, so they are kept in memory; every write
    here that touches them forgets the club's copy.
    """

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self._entries: dict[int, list[Entry]] = {}

    async def add_entry(
        self, guild_id: int, entry_id: str, theme_id: str, kind: str, title: str, body: str,
        credit: str | None, added_by: int | None, default_timezone: str,
    ) -> None:
        """Add one entry to the club's pool."""
        entry = Entry(id=entry_id, theme=theme_id, kind=kind, title=title, body=body,
                      credit=credit)
        await self.add_entries(guild_id, [entry], added_by, default_timezone)

    async def add_entries(
        self, guild_id: int, entries: Sequence[Entry], added_by: int | None,
        default_timezone: str,
    ) -> None:
        """Add (or update, by id) several entries at once: all or nothing.

        An id held by another club is left alone: a club only ever updates its own.
        """
        async with self.db.transaction() as conn:
            await _ensure_club(conn, guild_id, default_timezone)
            await conn.executemany(
                "INSERT INTO club_entries (id, guild_id, theme_id, kind, title, body,"
                " credit, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET theme_id = excluded.theme_id,"
                " kind = excluded.kind, title = excluded.title, body = excluded.body,"
                " credit = excluded.credit WHERE club_entries.guild_id = excluded.guild_id",
                [(e.id, guild_id, e.theme, e.kind, e.title, e.body, e.credit, added_by, _now())
                 for e in entries])
        self._entries.pop(guild_id, None)

    async def entries(self, guild_id: int) -> list[Entry]:
        """The club's entries, oldest first (a shared list: do not change it)."""
        if (cached := self._entries.get(guild_id)) is not None:
            return cached
        rows = await self.db.fetch_all(
            "SELECT id, theme_id, kind, title, body, credit FROM club_entries WHERE guild_id = ?"
            " ORDER BY created_at, id", guild_id)
        self._entries[guild_id] = found = [
            Entry(id=r["id"], theme=r["theme_id"], kind=r["kind"], title=r["title"],
                  body=r["body"], credit=r["credit"], source="club") for r in rows]
        return found

    async def remove_entry(self, guild_id: int, entry_id: str) -> bool:
        """Delete one of the club's entries; False when the club has no such entry."""
        removed = await self.db.execute(
            "DELETE FROM club_entries WHERE id = ? AND guild_id = ?", entry_id, guild_id) > 0
        self._entries.pop(guild_id, None)
        return removed

    async def entry_count(self, guild_id: int) -> int:
        """How many entries the club has."""
        row = await self.db.fetch_one(
            "SELECT COUNT(*) FROM club_entries WHERE guild_id = ?", guild_id)
        return int(row[0]) if row else 0

    async def reserve_entry_numbers(self, count: int) -> list[int]:
        """``count`` numbers for new club entry ids, never handed out before, in any club."""
        async with self.db.transaction() as conn:
            await conn.execute(  # the first time, start above the ids of older databases
                "INSERT INTO meta (key, value) SELECT ?, COUNT(*) FROM club_entries WHERE true"
                " ON CONFLICT (key) DO NOTHING", (ENTRY_NUMBER_KEY,))
            await conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?",
                               (count, ENTRY_NUMBER_KEY))
            cursor = await conn.execute("SELECT value FROM meta WHERE key = ?",
                                        (ENTRY_NUMBER_KEY,))
            row = await cursor.fetchone()
        last = int(row[0])  # type: ignore[index]
        return list(range(last - count + 1, last + 1))

    async def add_submission(
        self, guild_id: int, user_id: int, theme_id: str, title: str, body: str,
        credit: str | None, default_timezone: str,
    ) -> Submission:
        """Save a member's story as pending and return it with its id."""
        async with self.db.transaction() as conn:
            await _ensure_club(conn, guild_id, default_timezone)
            cursor = await conn.execute(
                "INSERT INTO submissions (guild_id, user_id, theme_id, title, body, credit,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (guild_id, user_id, theme_id, title, body, credit, _now()))
            submission_id = cursor.lastrowid
        found = await self.submission(guild_id, submission_id)  # type: ignore[arg-type]
        assert found is not None  # noqa: S101 - just inserted
        return found

    async def submission(self, guild_id: int, submission_id: int) -> Submission | None:
        """One of the club's submissions by id."""
        row = await self.db.fetch_one(
            "SELECT * FROM submissions WHERE id = ? AND guild_id = ?", submission_id, guild_id)
        return _submission(row) if row else None

    async def pending_submissions(self, guild_id: int) -> list[Submission]:
        """The club's submissions waiting for review, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM submissions WHERE guild_id = ? AND status = 'pending' ORDER BY id",
            guild_id)
        return [_submission(r) for r in rows]

    async def pending_count(self, guild_id: int, user_id: int | None = None) -> int:
        """How many submissions wait for review in the club (from one member, if given)."""
        row = await self.db.fetch_one(
            "SELECT COUNT(*) FROM submissions WHERE guild_id = ? AND status = 'pending'"
            " AND (? IS NULL OR user_id = ?)", guild_id, user_id, user_id)
        return int(row[0]) if row else 0

    async def set_review_message(self, submission_id: int, message_id: int | None) -> None:
        """Remember the message in the review channel that carries the buttons."""
        await self.db.execute("UPDATE submissions SET review_message_id = ? WHERE id = ?",
                              message_id, submission_id)

    async def decide_submission(
        self, guild_id: int, submission_id: int, decided_by: int,
        entry: Entry | None,
    ) -> bool:
        """Approve (adding ``entry`` to the pool) or reject (``entry`` None) a pending story.

        All or nothing; False when it was not pending (decided already, or no such story).
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE submissions SET status = ?, decided_by = ?, entry_id = ?"
                " WHERE id = ? AND guild_id = ? AND status = 'pending'",
                ("approved" if entry else "rejected", decided_by, entry.id if entry else None,
                 submission_id, guild_id))
            if not cursor.rowcount:
                return False
            if entry is not None:
                await conn.execute(
                    "INSERT INTO club_entries (id, guild_id, theme_id, kind, title, body, credit,"
                    " added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.id, guild_id, entry.theme, entry.kind, entry.title, entry.body,
                     entry.credit, decided_by, _now()))
        self._entries.pop(guild_id, None)
        return True


class Meta(_Repository):
    """Small process-wide facts by key."""

    async def get(self, key: str) -> str | None:
        """The value stored under ``key``."""
        row = await self.db.fetch_one("SELECT value FROM meta WHERE key = ?", key)
        return row[0] if row else None

    async def put(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""
        await self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
