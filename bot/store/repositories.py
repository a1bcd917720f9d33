"""Repositories: one small class per table group, each method named for what it does.

They implement the protocols of :mod:`bot.core.ports`, with one SQL for SQLite
and PostgreSQL (see :mod:`bot.store.database` for what that asks of the SQL).
Writes that change a guild call ``caches.changed(guild_id)`` (see
:mod:`bot.store.cache`). A store opened for a slice of shards lists only the
timed items of its own guilds (``scope``): what the job runner arms and catches up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bot.config import ShardSlice
from bot.content import Entry
from bot.store.cache import GuildCaches
from bot.store.database import Connection, Database
from bot.store.history_buffer import HistoryBuffer, HistoryRow, RecentEntries
from bot.values import (
    CheckinAnswer,
    Club,
    Delivery,
    DeliveryStatus,
    DigestSetting,
    PostKey,
    PostKind,
    Race,
    Schedule,
    Submission,
    SubmissionStatus,
)

ENTRY_NUMBER_KEY = "club_entry_number"


@dataclass(frozen=True)
class ClubDefaults:
    """What a club that never changed a setting has: registered once, for every read."""

    timezone: str = "UTC"


Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """Now, in UTC: the store's clock unless it is given another (the console's)."""
    return datetime.now(UTC)


class _Repository:
    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches,
                 scope: ShardSlice | None = None, *, clock: Clock = wall_clock) -> None:
        self.db, self.defaults, self.caches = database, defaults, caches
        self.scope = scope
        self.clock = clock

    def now(self) -> str:
        """The time a row is stamped with, by the app's clock, so a moved clock agrees."""
        return self.clock().isoformat(timespec="seconds")

    def in_scope(self, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
        """`` AND <column>'s shard is ours`` with its parameters; nothing for every shard.

        A row with no guild (a direct message's) belongs with shard 0, as on Discord.
        """
        if self.scope is None:
            return "", ()
        marks = ", ".join("?" for _ in self.scope.shard_ids)
        guildless = f" OR {column} IS NULL" if 0 in self.scope.shard_ids else ""
        return (f" AND ((({column} >> 22) % ?) IN ({marks}){guildless})",
                (self.scope.shard_count, *self.scope.shard_ids))

    async def ensure_club(self, conn: Connection, guild_id: int) -> None:
        """The club's row, created with the defaults the first time something is saved."""
        await conn.execute(
            "INSERT INTO clubs (guild_id, timezone, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id) DO NOTHING", (guild_id, self.defaults.timezone, self.now()))


class Clubs(_Repository):
    """Club settings: time zone, disabled themes, privacy default, review channel, support."""

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches, *,
                 clock: Clock = wall_clock) -> None:
        super().__init__(database, defaults, caches, clock=clock)
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
        await self.caches.changed(guild_id)

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
        await self.caches.changed(guild_id)


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
                 self.now()))
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
        """Every schedule that is not paused (of the store's shards)."""
        scope, args = self.in_scope()
        rows = await self.db.fetch_all(
            f"SELECT * FROM schedules WHERE paused = 0{scope} ORDER BY id", *args)  # noqa: S608 - fixed text
        return [_schedule(r) for r in rows]

    async def remove(self, guild_id: int, schedule_id: int) -> bool:
        """Delete a club's schedule and its ledger; False when the club has no such schedule."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM schedules WHERE id = ? AND guild_id = ?", (schedule_id, guild_id))
            if not cursor.rowcount:
                return False
            await conn.execute("DELETE FROM post_ledger WHERE kind = ? AND ref_id = ?",
                               (str(PostKind.SCHEDULE), schedule_id))
        return True

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
        key=PostKey(PostKind(row["kind"]), row["ref_id"], date.fromisoformat(row["local_date"])),
        status=DeliveryStatus(row["status"]), message_id=row["message_id"],
        entry_id=row["entry_id"], detail=row["detail"],
        claimed_at=datetime.fromisoformat(row["claimed_at"]))


def _key(key: PostKey) -> tuple[str, int, str]:
    return (str(key.kind), key.ref_id, key.local_date.isoformat())


class Ledger(_Repository):
    """The ledger that makes each timed post go out once: claimed, then marked."""

    async def claim(self, key: PostKey) -> Delivery | None:
        """Claim the post for sending; returns None when newly claimed, else the record.

        A record already there means another attempt has the post: ``sent``,
        ``skipped`` or ``failed`` are final, ``claimed`` means an earlier attempt
        may have sent. The primary key makes two claims of one post impossible.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO post_ledger (kind, ref_id, local_date, status, claimed_at)"
                " VALUES (?, ?, ?, 'claimed', ?) ON CONFLICT DO NOTHING", (*_key(key), self.now()))
            if cursor.rowcount:
                return None
        return await self.get(key)

    async def get(self, key: PostKey) -> Delivery | None:
        """The post's record, if any."""
        row = await self.db.fetch_one(
            "SELECT * FROM post_ledger WHERE kind = ? AND ref_id = ? AND local_date = ?",
            *_key(key))
        return _delivery(row) if row else None

    async def finish(
        self, key: PostKey, status: DeliveryStatus, *,
        message_id: int | None = None, entry_id: str | None = None, detail: str | None = None,
    ) -> None:
        """Record how the post ended: sent (with the message), skipped or failed."""
        await self.db.execute(
            "UPDATE post_ledger SET status = ?, message_id = ?, entry_id = ?, detail = ?"
            " WHERE kind = ? AND ref_id = ? AND local_date = ?",
            str(DeliveryStatus(status)), message_id, entry_id, detail, *_key(key))

    async def record_skip(self, key: PostKey, detail: str) -> bool:
        """Record a post as skipped unless something is already recorded for it."""
        return await self.db.execute(
            "INSERT INTO post_ledger (kind, ref_id, local_date, status, claimed_at, detail)"
            " VALUES (?, ?, ?, 'skipped', ?, ?) ON CONFLICT DO NOTHING",
            *_key(key), self.now(), detail) > 0


HISTORY_ROWS_PER_INSERT = 1000  # 5,000 parameters: well inside SQLite's and PostgreSQL's limits


def _history_insert(rows: Sequence[HistoryRow]) -> tuple[Any, ...]:
    marks = ", ".join(["(?, ?, ?, ?, ?)"] * len(rows))
    sql = ("INSERT INTO history (guild_id, channel_id, user_id, entry_id, shown_at)"  # noqa: S608 - placeholders only
           f" VALUES {marks}")
    return (sql, *(value for row in rows for value in row))


class History(_Repository):
    """What was shown where, and what helped."""

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches, *,
                 clock: Clock = wall_clock) -> None:
        super().__init__(database, defaults, caches, clock=clock)
        self._helped = caches.cache(self._load_helped)
        self._buffer = HistoryBuffer(self._write, database.errors, clock)
        self._by_channel = RecentEntries(
            lambda key, limit: self._newest("channel_id", key, limit),
            lambda key: self._buffer.pending_for("channel_id", key))
        self._by_user = RecentEntries(
            lambda key, limit: self._newest("user_id", key, limit),
            lambda key: self._buffer.pending_for("user_id", key))
        caches.on_member_changed(self._forget_member_memory)

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

    def forget_member(self, user_id: int, channel_ids: Iterable[int]) -> None:
        """Forget a member in memory: their recent list, their DM channels', unwritten rows."""
        channels = set(channel_ids)
        self.caches.member_changed(user_id)  # and in every other process
        for channel_id in channels:
            self._by_channel.forget(channel_id)
        self._buffer.forget_member(user_id, channels)

    def _forget_member_memory(self, user_id: int | None) -> None:
        """A member changed here or elsewhere (None: anyone): their recent list goes."""
        if user_id is None:
            self._by_user.clear()
        else:
            self._by_user.forget(user_id)

    async def _write(self, rows: list[HistoryRow]) -> None:
        """One multi-row INSERT per batch: a single statement, one trip to the database.

        (On PostgreSQL a transaction around ``executemany`` costs three trips and the
        event loop's time between the picks it runs behind.) A batch too big for one
        statement is written in chunks inside one transaction.
        """
        chunks = [rows[i:i + HISTORY_ROWS_PER_INSERT]
                  for i in range(0, len(rows), HISTORY_ROWS_PER_INSERT)]
        if len(chunks) == 1:
            await self.db.execute(*_history_insert(chunks[0]))
            return
        async with self.db.transaction() as conn:
            for chunk in chunks:
                sql, *values = _history_insert(chunk)
                await conn.execute(sql, values)

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
            guild_id, user_id, entry_id, self.now()) > 0
        await self.caches.changed(guild_id)
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

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches, *,
                 clock: Clock = wall_clock) -> None:
        super().__init__(database, defaults, caches, clock=clock)
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
                [(e.id, guild_id, e.theme, e.kind, e.title, e.body, e.credit, added_by, self.now())
                 for e in entries])
        await self.caches.changed(guild_id)

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
        await self.caches.changed(guild_id)
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
                (guild_id, user_id, theme_id, title, body, credit, self.now()))
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
            " AND (CAST(? AS BIGINT) IS NULL OR user_id = ?)", guild_id, user_id, user_id)
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
                "UPDATE submissions SET status = ?, decided_by = ?, entry_id = ?, decided_at = ?"
                " WHERE id = ? AND guild_id = ? AND status = 'pending'",
                (str(status), decided_by, entry.id if entry else None, self.now(), submission_id,
                 guild_id))
            if not cursor.rowcount:
                return False
            if entry is not None:
                await conn.execute(
                    "INSERT INTO club_entries (id, guild_id, theme_id, kind, title, body, credit,"
                    " added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.id, guild_id, entry.theme, entry.kind, entry.title, entry.body,
                     entry.credit, decided_by, self.now()))
        await self.caches.changed(guild_id)
        return True


    async def approved_since(self, guild_id: int, since: datetime) -> list[Submission]:
        """The club's stories approved since a time, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM submissions WHERE guild_id = ? AND status = 'approved'"
            " AND decided_at >= ? ORDER BY decided_at, id",
            guild_id, since.isoformat(timespec="seconds"))
        return [_submission(r) for r in rows]


_RACE_COLUMNS = ("SELECT r.*, (SELECT COUNT(*) FROM race_runners rr WHERE rr.race_id = r.id)"
                 " AS runners FROM races r")


def _race(row: Any) -> Race:
    return Race(
        id=row["id"], guild_id=row["guild_id"], name=row["name"],
        local_date=date.fromisoformat(row["local_date"]), channel_id=row["channel_id"],
        distance=row["distance"], start_time=row["start_time"], link=row["link"],
        runners=row["runners"], created_at=datetime.fromisoformat(row["created_at"]))


class Races(_Repository):
    """The club's race calendar, its runners and their check-in answers."""

    async def add(self, guild_id: int, name: str, local_date: date, channel_id: int,
                  distance: str | None, start_time: str | None, link: str | None, *,
                  today: date | None = None, max_upcoming: int | None = None) -> Race | None:
        """Save a race and return it with its id; None when the club is full.

        Full: ``max_upcoming`` races from ``today`` on already (when given), counted in
        the same transaction as the insert, so two admins adding at once can't pass it.
        """
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            if today is not None and max_upcoming is not None:
                await conn.lock(f"races:{guild_id}")  # the count stays true until the insert
                cursor = await conn.execute(
                    "SELECT COUNT(*) FROM races WHERE guild_id = ? AND local_date >= ?",
                    (guild_id, today.isoformat()))
                (upcoming,) = await cursor.fetchone()  # type: ignore[misc]  # COUNT: one row
                if upcoming >= max_upcoming:
                    return None
            cursor = await conn.execute(
                "INSERT INTO races (guild_id, name, local_date, channel_id, distance,"
                " start_time, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, name, local_date.isoformat(), channel_id, distance, start_time, link,
                 self.now()))
            row = await cursor.fetchone()
        race = await self.get(int(row[0]))  # type: ignore[index]  # RETURNING gives one row
        assert race is not None  # noqa: S101 - just inserted
        return race

    async def get(self, race_id: int) -> Race | None:
        """One race by id, with its count of runners."""
        row = await self.db.fetch_one(f"{_RACE_COLUMNS} WHERE r.id = ?", race_id)
        return _race(row) if row else None

    async def between(self, guild_id: int, first: date, last: date) -> list[Race]:
        """The club's races from ``first`` to ``last`` (local dates), soonest first."""
        rows = await self.db.fetch_all(
            f"{_RACE_COLUMNS} WHERE r.guild_id = ? AND r.local_date BETWEEN ? AND ?"
            " ORDER BY r.local_date, r.id", guild_id, first.isoformat(), last.isoformat())
        return [_race(r) for r in rows]

    async def from_date(self, first: date) -> list[Race]:
        """Every club's races on or after ``first`` (of the store's shards): what jobs arm."""
        scope, args = self.in_scope("r.guild_id")
        rows = await self.db.fetch_all(
            f"{_RACE_COLUMNS} WHERE r.local_date >= ?{scope} ORDER BY r.local_date, r.id",
            first.isoformat(), *args)
        return [_race(r) for r in rows]

    async def of_club(self, guild_id: int) -> list[Race]:
        """Every race of the club, past ones included."""
        rows = await self.db.fetch_all(
            f"{_RACE_COLUMNS} WHERE r.guild_id = ? ORDER BY r.local_date, r.id", guild_id)
        return [_race(r) for r in rows]

    async def remove(self, guild_id: int, race_id: int) -> bool:
        """Delete a race with its runners, answers and ledger rows; False when not the club's."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM races WHERE id = ? AND guild_id = ?", (race_id, guild_id))
            if not cursor.rowcount:
                return False
            await conn.execute(
                "DELETE FROM post_ledger WHERE kind IN (?, ?) AND ref_id = ?",
                (str(PostKind.RACE_MORNING), str(PostKind.RACE_CHECKIN), race_id))
        return True

    async def join(self, race_id: int, user_id: int) -> bool:
        """A member runs the race; False when they had said so already."""
        return await self.db.execute(
            "INSERT INTO race_runners (race_id, user_id, joined_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING", race_id, user_id, self.now()) > 0

    async def leave(self, race_id: int, user_id: int) -> bool:
        """A member no longer runs the race; False when they were not running it."""
        return await self.db.execute(
            "DELETE FROM race_runners WHERE race_id = ? AND user_id = ?", race_id, user_id) > 0

    async def runners(self, race_id: int) -> list[int]:
        """The members running the race, in the order they joined."""
        rows = await self.db.fetch_all(
            "SELECT user_id FROM race_runners WHERE race_id = ? ORDER BY joined_at, user_id",
            race_id)
        return [r[0] for r in rows]

    async def joined_by(self, guild_id: int, user_id: int, first: date) -> list[Race]:
        """The club's races on or after ``first`` that a member runs."""
        rows = await self.db.fetch_all(
            f"{_RACE_COLUMNS} JOIN race_runners j ON j.race_id = r.id"
            " WHERE r.guild_id = ? AND j.user_id = ? AND r.local_date >= ?"
            " ORDER BY r.local_date, r.id", guild_id, user_id, first.isoformat())
        return [_race(r) for r in rows]

    async def set_checkin(self, race_id: int, user_id: int, answer: CheckinAnswer) -> bool:
        """Record a member's answer (a new answer replaces theirs); False when unchanged."""
        return await self.db.execute(
            "INSERT INTO race_checkins (race_id, user_id, answer, answered_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (race_id, user_id) DO UPDATE SET"
            " answer = excluded.answer, answered_at = excluded.answered_at"
            " WHERE race_checkins.answer != excluded.answer",
            race_id, user_id, str(answer), self.now()) > 0

    async def tallies(self, race_id: int) -> dict[CheckinAnswer, int]:
        """How many members gave each answer (never who)."""
        rows = await self.db.fetch_all(
            "SELECT answer, COUNT(*) FROM race_checkins WHERE race_id = ? GROUP BY answer",
            race_id)
        return {CheckinAnswer(r[0]): r[1] for r in rows}


def _digest(row: Any) -> DigestSetting:
    return DigestSetting(guild_id=row["guild_id"], channel_id=row["channel_id"],
                         weekday=row["weekday"], local_time=row["local_time"],
                         created_at=datetime.fromisoformat(row["created_at"]))


class Digests(_Repository):
    """Where and when each club's weekly digest goes."""

    async def set(self, guild_id: int, channel_id: int, weekday: int, local_time: str) -> None:
        """Set (or move) the club's digest."""
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            await conn.execute(
                "INSERT INTO digests (guild_id, channel_id, weekday, local_time, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
                " channel_id = excluded.channel_id, weekday = excluded.weekday,"
                " local_time = excluded.local_time",
                (guild_id, channel_id, weekday, local_time, self.now()))

    async def get(self, guild_id: int) -> DigestSetting | None:
        """The club's digest, if it has one."""
        row = await self.db.fetch_one("SELECT * FROM digests WHERE guild_id = ?", guild_id)
        return _digest(row) if row else None

    async def all(self) -> list[DigestSetting]:
        """Every club's digest (of the store's shards)."""
        scope, args = self.in_scope()
        return [_digest(r) for r in await self.db.fetch_all(
            f"SELECT * FROM digests WHERE true{scope} ORDER BY guild_id", *args)]  # noqa: S608 - fixed text

    async def remove(self, guild_id: int) -> bool:
        """Stop the club's digest; False when it had none."""
        return await self.db.execute("DELETE FROM digests WHERE guild_id = ?", guild_id) > 0


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
