"""Repositories: one small class per table group, each method named for what it does.

They implement the protocols of :mod:`bot.core.ports`. Writes that change a
guild call ``caches.changed(guild_id)`` (see :mod:`bot.store.cache`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import aiosqlite

from bot.content import Entry
from bot.store.cache import GuildCaches
from bot.store.database import Database
from bot.store.history_buffer import HistoryBuffer, HistoryRow, RecentEntries
from bot.values import Club, Delivery, DeliveryStatus, Schedule, Submission, SubmissionStatus

ENTRY_NUMBER_KEY = "club_entry_number"


@dataclass(frozen=True)
class ClubDefaults:
    """What a club that never changed a setting has: registered once, for every read."""

    timezone: str = "UTC"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Repository:
    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches) -> None:
        self.db, self.defaults, self.caches = database, defaults, caches

    async def ensure_club(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """The club's row, created with the defaults the first time something is saved."""
        await conn.execute(
            "INSERT INTO clubs (guild_id, timezone, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id) DO NOTHING", (guild_id, self.defaults.timezone, _now()))


class Clubs(_Repository):
    """Club settings: time zone, disabled themes, privacy default, review channel, support."""

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches) -> None:
        super().__init__(database, defaults, caches)
        self._cache = caches.cache(self._load)

    async def get(self, guild_id: int) -> Club:
        """The club's settings; a club never seen before gets the defaults (not saved)."""
        return await self._cache.get(guild_id)

    async def _load(self, guild_id: int) -> Club:
        row = await self.db.fetch_one("SELECT * FROM clubs WHERE guild_id = ?", guild_id)
        if row is None:
            return Club(guild_id=guild_id, timezone=self.defaults.timezone)
        disabled = await self.db.fetch_all(
            "SELECT theme_id FROM disabled_themes WHERE guild_id = ?", guild_id)
        return Club(
            guild_id=guild_id,
            timezone=row["timezone"],
            private_by_default=bool(row["private_by_default"]),
            disabled_themes=frozenset(r["theme_id"] for r in disabled),
            review_channel_id=row["review_channel_id"],
            support_line=row["support_line"],
        )

    async def _set(self, guild_id: int, column: str, value: Any) -> None:
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            await conn.execute(f"UPDATE clubs SET {column} = ? WHERE guild_id = ?",  # noqa: S608 - fixed names
                               (value, guild_id))
        self.caches.changed(guild_id)

    async def set_timezone(self, guild_id: int, zone: str) -> None:
        """Record the club's IANA time zone."""
        await self._set(guild_id, "timezone", zone)

    async def set_review_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Where members' submissions are posted for review."""
        await self._set(guild_id, "review_channel_id", channel_id)

    async def set_support_line(self, guild_id: int, text: str | None) -> None:
        """The club's own line at the top of every support answer (None removes it)."""
        await self._set(guild_id, "support_line", text)

    async def set_theme_enabled(
        self, guild_id: int, theme_ids: Iterable[str], enabled: bool
    ) -> None:
        """Enable or disable themes for the club."""
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            for theme_id in theme_ids:
                if enabled:
                    await conn.execute(
                        "DELETE FROM disabled_themes WHERE guild_id = ? AND theme_id = ?",
                        (guild_id, theme_id))
                else:
                    await conn.execute(
                        "INSERT INTO disabled_themes (guild_id, theme_id) VALUES (?, ?)"
                        " ON CONFLICT DO NOTHING", (guild_id, theme_id))
        self.caches.changed(guild_id)


def _schedule(row: Any) -> Schedule:
    return Schedule(
        id=row["id"], guild_id=row["guild_id"], channel_id=row["channel_id"],
        local_time=row["local_time"], days=row["days"], theme=row["theme"],
        kind=row["kind"], mention_role_id=row["mention_role_id"],
        paused=bool(row["paused"]), failing_reason=row["failing_reason"],
        failing_days=row["failing_days"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


class Schedules(_Repository):
    """Scheduled posts and their health."""

    async def add(
        self, guild_id: int, channel_id: int, local_time: str, days: str, theme: str,
        kind: str | None, mention_role_id: int | None,
    ) -> Schedule:
        """Save a new schedule and return it with its id."""
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            cursor = await conn.execute(
                "INSERT INTO schedules (guild_id, channel_id, local_time, days, theme, kind,"
                " mention_role_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (guild_id, channel_id, local_time, days, str(theme), kind, mention_role_id,
                 _now()))
            row = await cursor.fetchone()
        return _schedule(row)

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
            cursor = await conn.execute(
                "UPDATE schedules SET failing_reason = ?, failing_days = failing_days + 1"
                " WHERE id = ? RETURNING failing_days", (reason, schedule_id))
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def mark_healthy(self, schedule_id: int) -> None:
        """A post went out: forget earlier failures."""
        await self.db.execute(
            "UPDATE schedules SET failing_reason = NULL, failing_days = 0"
            " WHERE id = ? AND failing_days > 0", schedule_id)

    async def pause_channel(self, channel_id: int, reason: str) -> list[int]:
        """Pause every schedule posting to a channel (it was deleted); returns their ids."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE schedules SET paused = 1, failing_reason = ?"
                " WHERE channel_id = ? AND paused = 0 RETURNING id", (reason, channel_id))
            rows = await cursor.fetchall()
        return sorted(r[0] for r in rows)


def _delivery(row: Any) -> Delivery:
    return Delivery(
        schedule_id=row["schedule_id"], local_date=date.fromisoformat(row["local_date"]),
        status=DeliveryStatus(row["status"]), message_id=row["message_id"],
        entry_id=row["entry_id"], detail=row["detail"],
        claimed_at=datetime.fromisoformat(row["claimed_at"]))


class Deliveries(_Repository):
    """The ledger that makes each schedule post once per local day."""

    async def claim(self, schedule_id: int, local_date: date) -> Delivery | None:
        """Claim the day for sending; returns None when it was newly claimed, else the record.

        A record already there means another attempt has the day: ``sent`` or
        ``skipped`` are final, ``claimed`` means an earlier attempt may have sent.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO deliveries (schedule_id, local_date, status, claimed_at)"
                " VALUES (?, ?, 'claimed', ?) ON CONFLICT DO NOTHING",
                (schedule_id, local_date.isoformat(), _now()))
            if cursor.rowcount:
                return None
        return await self.get(schedule_id, local_date)

    async def get(self, schedule_id: int, local_date: date) -> Delivery | None:
        """The day's record, if any."""
        row = await self.db.fetch_one(
            "SELECT * FROM deliveries WHERE schedule_id = ? AND local_date = ?",
            schedule_id, local_date.isoformat())
        return _delivery(row) if row else None

    async def finish(
        self, schedule_id: int, local_date: date, status: DeliveryStatus, *,
        message_id: int | None = None, entry_id: str | None = None, detail: str | None = None,
    ) -> None:
        """Record how the day ended: sent (with the message), skipped or failed."""
        await self.db.execute(
            "UPDATE deliveries SET status = ?, message_id = ?, entry_id = ?, detail = ?"
            " WHERE schedule_id = ? AND local_date = ?",
            str(DeliveryStatus(status)), message_id, entry_id, detail, schedule_id,
            local_date.isoformat())

    async def record_skip(self, schedule_id: int, local_date: date, detail: str) -> bool:
        """Record a day as skipped unless something is already recorded for it."""
        return await self.db.execute(
            "INSERT INTO deliveries (schedule_id, local_date, status, claimed_at, detail)"
            " VALUES (?, ?, 'skipped', ?, ?) ON CONFLICT DO NOTHING",
            schedule_id, local_date.isoformat(), _now(), detail) > 0


class History(_Repository):
    """What was shown where, and what helped."""

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches) -> None:
        super().__init__(database, defaults, caches)
        self._helped = caches.cache(self._load_helped)
        self._buffer = HistoryBuffer(self._write)
        self._by_channel = RecentEntries(
            lambda key, limit: self._newest("channel_id", key, limit),
            lambda key: self._buffer.pending_for("channel_id", key))
        self._by_user = RecentEntries(
            lambda key, limit: self._newest("user_id", key, limit),
            lambda key: self._buffer.pending_for("user_id", key))

    async def record_shown(
        self, guild_id: int | None, channel_id: int | None, user_id: int | None, entry_id: str
    ) -> None:
        """Remember that an entry was shown in a channel to a member.

        Picks read recent history from memory, which this updates at once; the rows
        reach the database in batches, one write for everything shown meanwhile.
        """
        self._by_channel.shown(channel_id, entry_id)
        self._by_user.shown(user_id, entry_id)
        self._buffer.add(guild_id, channel_id, user_id, entry_id)

    async def flush(self) -> None:
        """Write every history row recorded so far."""
        await self._buffer.flush()

    async def _write(self, rows: list[HistoryRow]) -> None:
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO history (guild_id, channel_id, user_id, entry_id, shown_at)"
                " VALUES (?, ?, ?, ?, ?)", rows)

    async def _newest(self, column: str, key: int, limit: int) -> list[str]:
        rows = await self.db.fetch_all(
            f"SELECT entry_id FROM history WHERE {column} = ?"  # noqa: S608 - fixed names
            " ORDER BY id DESC LIMIT ?", key, limit)
        return [r[0] for r in rows]

    async def recent_for_channel(self, channel_id: int, limit: int) -> list[str]:
        """Entry ids shown in a channel, newest first."""
        return await self._by_channel.newest(channel_id, limit)

    async def recent_for_user(self, user_id: int, limit: int) -> list[str]:
        """Entry ids shown to a member, newest first."""
        return await self._by_user.newest(user_id, limit)

    async def record_helped(self, guild_id: int, user_id: int, entry_id: str) -> bool:
        """A member said an entry helped; False when they had said so already."""
        added = await self.db.execute(
            "INSERT INTO feedback (guild_id, user_id, entry_id, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            guild_id, user_id, entry_id, _now()) > 0
        self.caches.changed(guild_id)
        return added

    async def helped_counts(self, guild_id: int) -> dict[str, int]:
        """How many members of the club said each entry helped."""
        return await self._helped.get(guild_id)

    async def _load_helped(self, guild_id: int) -> dict[str, int]:
        rows = await self.db.fetch_all(
            "SELECT entry_id, COUNT(*) FROM feedback WHERE guild_id = ? GROUP BY entry_id",
            guild_id)
        return {r[0]: r[1] for r in rows}

    async def most_helpful(
        self, guild_id: int, since: datetime, limit: int
    ) -> list[tuple[str, int]]:
        """The entries marked "this helped" most since a time, with their counts."""
        rows = await self.db.fetch_all(
            "SELECT entry_id, COUNT(*) AS n FROM feedback WHERE guild_id = ? AND created_at >= ?"
            " GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?",
            guild_id, since.isoformat(timespec="seconds"), limit)
        return [(r[0], r[1]) for r in rows]


def _club_entry_order(entry: Entry) -> tuple[int, str]:
    """Oldest first: club ids carry a number that only grows (``club-10-…`` after ``club-9-…``)."""
    number = entry.id.split("-")[1] if entry.id.startswith("club-") else ""
    return (int(number) if number.isdigit() else 0, entry.id)


def _submission(row: Any) -> Submission:
    return Submission(
        id=row["id"], guild_id=row["guild_id"], user_id=row["user_id"],
        theme_id=row["theme_id"], title=row["title"], body=row["body"], credit=row["credit"],
        status=SubmissionStatus(row["status"]), review_message_id=row["review_message_id"],
        entry_id=row["entry_id"])


class ClubContent(_Repository):
    """The club's own entries and members' submissions."""

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches) -> None:
        super().__init__(database, defaults, caches)
        self._entries = caches.cache(self._load_entries)

    async def add_entries(
        self, guild_id: int, entries: Sequence[Entry], added_by: int | None,
    ) -> None:
        """Add (or update, by id) several entries at once: all or nothing.

        An id held by another club is left alone: a club only ever updates its own.
        """
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            await conn.executemany(
                "INSERT INTO club_entries (id, guild_id, theme_id, kind, title, body,"
                " credit, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET theme_id = excluded.theme_id,"
                " kind = excluded.kind, title = excluded.title, body = excluded.body,"
                " credit = excluded.credit WHERE club_entries.guild_id = excluded.guild_id",
                [(e.id, guild_id, e.theme, e.kind, e.title, e.body, e.credit, added_by, _now())
                 for e in entries])
        self.caches.changed(guild_id)

    async def entries(self, guild_id: int) -> list[Entry]:
        """The club's entries, oldest first (a shared list: do not change it)."""
        return await self._entries.get(guild_id)

    async def _load_entries(self, guild_id: int) -> list[Entry]:
        rows = await self.db.fetch_all(
            "SELECT id, theme_id, kind, title, body, credit FROM club_entries WHERE guild_id = ?",
            guild_id)
        entries = [Entry(id=r["id"], theme=r["theme_id"], kind=r["kind"], title=r["title"],
                         body=r["body"], credit=r["credit"], source="club") for r in rows]
        return sorted(entries, key=_club_entry_order)

    async def remove_entry(self, guild_id: int, entry_id: str) -> bool:
        """Delete one of the club's entries; False when the club has no such entry."""
        removed = await self.db.execute(
            "DELETE FROM club_entries WHERE id = ? AND guild_id = ?", entry_id, guild_id) > 0
        self.caches.changed(guild_id)
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
            cursor = await conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ? RETURNING value",
                (count, ENTRY_NUMBER_KEY))
            row = await cursor.fetchone()
        last = int(row[0]) if row else count
        return list(range(last - count + 1, last + 1))

    async def add_submission(
        self, guild_id: int, user_id: int, theme_id: str, title: str, body: str,
        credit: str | None,
    ) -> Submission:
        """Save a member's story as pending and return it with its id."""
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            cursor = await conn.execute(
                "INSERT INTO submissions (guild_id, user_id, theme_id, title, body, credit,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (guild_id, user_id, theme_id, title, body, credit, _now()))
            row = await cursor.fetchone()
        return _submission(row)

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
        self, guild_id: int, submission_id: int, decided_by: int, entry: Entry | None,
    ) -> bool:
        """Approve (adding ``entry`` to the pool) or reject (``entry`` None) a pending story.

        All or nothing; False when it was not pending (decided already, or no such story).
        """
        status = SubmissionStatus.APPROVED if entry else SubmissionStatus.REJECTED
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE submissions SET status = ?, decided_by = ?, entry_id = ?"
                " WHERE id = ? AND guild_id = ? AND status = 'pending'",
                (str(status), decided_by, entry.id if entry else None, submission_id,
                 guild_id))
            if not cursor.rowcount:
                return False
            if entry is not None:
                await conn.execute(
                    "INSERT INTO club_entries (id, guild_id, theme_id, kind, title, body, credit,"
                    " added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.id, guild_id, entry.theme, entry.kind, entry.title, entry.body,
                     entry.credit, decided_by, _now()))
        self.caches.changed(guild_id)
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
