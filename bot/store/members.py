"""Members' own data: settings, reminders, notices, held direct messages; ``/me data`` and forget.

The same rules as :mod:`bot.store.repositories`: one SQL for SQLite and PostgreSQL
(``?`` placeholders, ``ON CONFLICT``, ``RETURNING``, typed ``CAST(? AS BIGINT)``
where a parameter may be NULL), writes of several statements in one transaction.

A member's settings are theirs, not a club's: nothing here is cached per guild,
so forgetting a member drops nothing but the guilds whose shared copies (club
entries, "this helped" counts) held something of theirs, and their history in memory.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.config import ShardSlice
from bot.store.cache import GuildCaches
from bot.store.database import Connection, Database
from bot.store.repositories import (
    _RACE_COLUMNS,
    Clock,
    ClubDefaults,
    History,
    _race,
    _Repository,
    wall_clock,
)
from bot.store.repositories import _submission as submission_of
from bot.values import (
    CheckinAnswer,
    Forgotten,
    MemberRecord,
    MemberSettings,
    PendingDm,
    PostKey,
    PostKind,
    Reminder,
    Submission,
    SubmissionStatus,
)


def _settings(row: Any) -> MemberSettings:
    return MemberSettings(user_id=row["user_id"], timezone=row["timezone"],
                          quiet_from=row["quiet_from"], quiet_to=row["quiet_to"],
                          race_dm=bool(row["race_dm"]), dm_channel_id=row["dm_channel_id"])


def _reminder(row: Any) -> Reminder:
    return Reminder(
        id=row["id"], user_id=row["user_id"], guild_id=row["guild_id"],
        local_time=row["local_time"], days=row["days"], theme=row["theme"], kind=row["kind"],
        paused=bool(row["paused"]), failing_reason=row["failing_reason"],
        failing_days=row["failing_days"], created_at=datetime.fromisoformat(row["created_at"]))


def _pending(row: Any) -> PendingDm:
    ref_id = row["ref_id"] if row["ref_id"] is not None else row["id"]
    return PendingDm(
        id=row["id"], user_id=row["user_id"], guild_id=row["guild_id"],
        key=PostKey(PostKind(row["kind"]), ref_id, date.fromisoformat(row["local_date"])),
        due_at=datetime.fromisoformat(row["due_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]) if row["expires_at"] else None,
        text=row["text"])


def _instant(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


class Members(_Repository):
    """A member's settings, their DM channel, and the notes to tell them at their next command."""

    async def get(self, user_id: int) -> MemberSettings:
        """The member's settings; a member never seen before has none set (nothing saved)."""
        row = await self.db.fetch_one("SELECT * FROM member_settings WHERE user_id = ?", user_id)
        return _settings(row) if row else MemberSettings(user_id=user_id)

    async def _set(self, user_id: int, assignments: str, *values: Any) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO member_settings (user_id, created_at) VALUES (?, ?)"
                " ON CONFLICT (user_id) DO NOTHING", (user_id, self.now()))
            await conn.execute(f"UPDATE member_settings SET {assignments} WHERE user_id = ?",  # noqa: S608 - fixed names
                               (*values, user_id))

    async def set_timezone(self, user_id: int, zone: str | None) -> None:
        """The member's own IANA zone (None: the club's)."""
        await self._set(user_id, "timezone = ?", zone)

    async def set_quiet(self, user_id: int, start: str | None, end: str | None) -> None:
        """Quiet hours from ``start`` to ``end`` (HH:MM, their time); both None: none."""
        await self._set(user_id, "quiet_from = ?, quiet_to = ?", start, end)

    async def set_race_dm(self, user_id: int, on: bool) -> None:
        """Whether they want a DM on the morning of each race they joined."""
        await self._set(user_id, "race_dm = ?", int(on))

    async def set_dm_channel(self, user_id: int, channel_id: int | None) -> None:
        """Keep the id of the bot's DM channel with them: opening it is a request of its own."""
        await self._set(user_id, "dm_channel_id = ?", channel_id)

    async def add_notice(self, user_id: int, text: str) -> None:
        """A note to tell them once, privately, at their next command."""
        await self.db.execute(
            "INSERT INTO member_notices (user_id, text, created_at) VALUES (?, ?, ?)",
            user_id, text, self.now())

    async def notices(self, user_id: int) -> list[tuple[int, str]]:
        """The notes waiting for them, oldest first, with their ids."""
        rows = await self.db.fetch_all(
            "SELECT id, text FROM member_notices WHERE user_id = ? ORDER BY id", user_id)
        return [(r[0], r[1]) for r in rows]

    async def drop_notices(self, user_id: int, notice_ids: list[int]) -> None:
        """The notes were told: delete them."""
        for notice_id in notice_ids:
            await self.db.execute("DELETE FROM member_notices WHERE id = ? AND user_id = ?",
                                  notice_id, user_id)

    # --- race-morning DMs: keyed by the race_runners row ----------------------------------

    async def race_dm_runners(self, first: date) -> list[tuple[int, int, int]]:
        """(runner row, race, member) of races from ``first`` whose runner asked for a DM."""
        scope, args = self.in_scope("r.guild_id")
        where = f"m.race_dm = 1 AND r.local_date >= ?{scope}"
        rows = await self.db.fetch_all(
            "SELECT j.id, j.race_id, j.user_id FROM race_runners j"  # noqa: S608 - fixed text
            " JOIN races r ON r.id = j.race_id JOIN member_settings m ON m.user_id = j.user_id"
            " WHERE " + where + " ORDER BY j.id", first.isoformat(), *args)
        return [(r[0], r[1], r[2]) for r in rows]

    async def race_dm_runner(self, runner_id: int) -> tuple[int, int] | None:
        """(race, member) of a runner row whose member asked for race DMs; else None."""
        row = await self.db.fetch_one(
            "SELECT j.race_id, j.user_id FROM race_runners j"
            " JOIN member_settings m ON m.user_id = j.user_id"
            " WHERE j.id = ? AND m.race_dm = 1", runner_id)
        return (row[0], row[1]) if row else None

    async def runner_ids(self, user_id: int, first: date) -> list[int]:
        """The member's runner rows for races from ``first`` on."""
        rows = await self.db.fetch_all(
            "SELECT j.id FROM race_runners j JOIN races r ON r.id = j.race_id"
            " WHERE j.user_id = ? AND r.local_date >= ? ORDER BY j.id",
            user_id, first.isoformat())
        return [r[0] for r in rows]

    async def runner_id(self, race_id: int, user_id: int) -> int | None:
        """The runner row of a member in a race, if they joined it."""
        row = await self.db.fetch_one(
            "SELECT id FROM race_runners WHERE race_id = ? AND user_id = ?", race_id, user_id)
        return int(row[0]) if row else None

    async def club_runner_ids(self, guild_id: int, first: date) -> list[int]:
        """Runner rows (of members who asked for race DMs) of the club's races from ``first``."""
        rows = await self.db.fetch_all(
            "SELECT j.id FROM race_runners j JOIN races r ON r.id = j.race_id"
            " JOIN member_settings m ON m.user_id = j.user_id"
            " WHERE r.guild_id = ? AND r.local_date >= ? AND m.race_dm = 1 ORDER BY j.id",
            guild_id, first.isoformat())
        return [r[0] for r in rows]


class Reminders(_Repository):
    """Members' reminders and their health."""

    async def add(self, user_id: int, guild_id: int, local_time: str, days: str,
                  theme: str | None, kind: str | None, limit: int) -> Reminder | None:
        """Save a reminder; None when the member has ``limit`` already (checked in the insert)."""
        async with self.db.transaction() as conn:
            await self.ensure_club(conn, guild_id)
            await conn.lock(f"reminders:{user_id}")  # the count stays true until the insert
            result = await conn.execute(
                "INSERT INTO reminders (user_id, guild_id, local_time, days, theme, kind,"
                " created_at) SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT),"
                " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT)"
                " WHERE (SELECT COUNT(*) FROM reminders WHERE user_id = ?) < ? RETURNING *",
                (user_id, guild_id, local_time, days, theme, kind, self.now(), user_id, limit))
            row = await result.fetchone()
        return _reminder(row) if row else None

    async def get(self, reminder_id: int) -> Reminder | None:
        """One reminder by id."""
        row = await self.db.fetch_one("SELECT * FROM reminders WHERE id = ?", reminder_id)
        return _reminder(row) if row else None

    async def of_member(self, user_id: int) -> list[Reminder]:
        """The member's reminders, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM reminders WHERE user_id = ? ORDER BY id", user_id)
        return [_reminder(r) for r in rows]

    async def of_club(self, guild_id: int) -> list[Reminder]:
        """Every reminder that picks from the club."""
        rows = await self.db.fetch_all(
            "SELECT * FROM reminders WHERE guild_id = ? ORDER BY id", guild_id)
        return [_reminder(r) for r in rows]

    async def active(self) -> list[Reminder]:
        """Every reminder that is not paused (of the store's shards)."""
        scope, args = self.in_scope()
        rows = await self.db.fetch_all(
            f"SELECT * FROM reminders WHERE paused = 0{scope} ORDER BY id", *args)  # noqa: S608 - fixed text
        return [_reminder(r) for r in rows]

    async def remove(self, user_id: int, reminder_id: int) -> bool:
        """Delete a member's reminder, its ledger rows and anything held of it."""
        async with self.db.transaction() as conn:
            result = await conn.execute(
                "DELETE FROM reminders WHERE id = ? AND user_id = ?", (reminder_id, user_id))
            if not result.rowcount:
                return False
            for table in ("post_ledger", "pending_dms"):
                await conn.execute(f"DELETE FROM {table} WHERE kind = ? AND ref_id = ?",  # noqa: S608 - fixed names
                                   (str(PostKind.REMINDER), reminder_id))
        return True

    async def set_paused(self, user_id: int, reminder_id: int, paused: bool,
                         reason: str | None = None) -> bool:
        """Pause (with a reason) or resume; resuming clears the failure record."""
        if paused:
            changed = await self.db.execute(
                "UPDATE reminders SET paused = 1, failing_reason = ?"
                " WHERE id = ? AND user_id = ?", reason, reminder_id, user_id)
        else:
            changed = await self.db.execute(
                "UPDATE reminders SET paused = 0, failing_reason = NULL, failing_days = 0"
                " WHERE id = ? AND user_id = ?", reminder_id, user_id)
        return changed > 0

    async def mark_failing(self, reminder_id: int, reason: str) -> int:
        """Record a failing day; returns how many days in a row it has failed."""
        async with self.db.transaction() as conn:
            result = await conn.execute(
                "UPDATE reminders SET failing_reason = ?, failing_days = failing_days + 1"
                " WHERE id = ? RETURNING failing_days", (reason, reminder_id))
            row = await result.fetchone()
        return int(row[0]) if row else 0

    async def mark_healthy(self, reminder_id: int) -> None:
        """A reminder arrived: forget earlier failures."""
        await self.db.execute(
            "UPDATE reminders SET failing_reason = NULL, failing_days = 0"
            " WHERE id = ? AND failing_days > 0", reminder_id)

    async def stop_in_club(self, user_id: int, guild_id: int, reason: str) -> list[int]:
        """Pause every running reminder of the member in a club (they left it); their ids."""
        async with self.db.transaction() as conn:
            result = await conn.execute(
                "UPDATE reminders SET paused = 1, failing_reason = ?"
                " WHERE user_id = ? AND guild_id = ? AND paused = 0 RETURNING id",
                (reason, user_id, guild_id))
            rows = await result.fetchall()
        return sorted(r[0] for r in rows)


class PendingDms(_Repository):
    """Direct messages waiting to go: held by quiet hours, or one-offs about to be sent."""

    async def hold(self, user_id: int, guild_id: int | None, key: PostKey, due_at: datetime,
                   expires_at: datetime | None) -> PendingDm:
        """Hold a timed DM (a reminder's day, a race DM) until ``due_at``; once per key."""
        row = await self._insert(
            "INSERT INTO pending_dms (user_id, guild_id, kind, ref_id, local_date, due_at,"
            " expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, ref_id, local_date) DO UPDATE SET due_at = excluded.due_at,"
            " expires_at = excluded.expires_at RETURNING *",
            (user_id, guild_id, str(key.kind), key.ref_id, key.local_date.isoformat(),
             _instant(due_at), _instant(expires_at) if expires_at else None, self.now()))
        return _pending(row)

    async def one_off(self, user_id: int, guild_id: int | None, local_date: date,
                      due_at: datetime, text: str) -> PendingDm:
        """A one-off message (a story's outcome), sent under its own key (held-dm, its id)."""
        row = await self._insert(
            "INSERT INTO pending_dms (user_id, guild_id, kind, ref_id, local_date, due_at, text,"
            " created_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?) RETURNING *",
            (user_id, guild_id, str(PostKind.HELD_DM), local_date.isoformat(), _instant(due_at),
             text, self.now()))
        return _pending(row)

    async def _insert(self, sql: str, params: tuple[Any, ...]) -> Any:
        async with self.db.transaction() as conn:
            result = await conn.execute(sql, params)
            row = await result.fetchone()
        assert row is not None  # noqa: S101 - RETURNING gives the row
        return row

    async def get(self, pending_id: int) -> PendingDm | None:
        """One waiting message by id."""
        row = await self.db.fetch_one("SELECT * FROM pending_dms WHERE id = ?", pending_id)
        return _pending(row) if row else None

    async def for_key(self, key: PostKey) -> PendingDm | None:
        """The held message of a timed DM's day, if it is being held."""
        row = await self.db.fetch_one(
            "SELECT * FROM pending_dms WHERE kind = ? AND ref_id = ? AND local_date = ?",
            str(key.kind), key.ref_id, key.local_date.isoformat())
        return _pending(row) if row else None

    async def all(self) -> list[PendingDm]:
        """Every waiting message (of the store's shards), soonest first."""
        scope, args = self.in_scope()
        rows = await self.db.fetch_all(
            f"SELECT * FROM pending_dms WHERE true{scope} ORDER BY due_at, id", *args)  # noqa: S608 - fixed text
        return [_pending(r) for r in rows]

    async def of_member(self, user_id: int) -> list[PendingDm]:
        """The member's waiting messages, soonest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM pending_dms WHERE user_id = ? ORDER BY due_at, id", user_id)
        return [_pending(r) for r in rows]

    async def move(self, pending_id: int, due_at: datetime) -> None:
        """Hold a waiting message longer (the member's quiet hours changed)."""
        await self.db.execute("UPDATE pending_dms SET due_at = ? WHERE id = ?",
                              _instant(due_at), pending_id)

    async def remove(self, pending_id: int) -> None:
        """It went (or never will): delete it."""
        await self.db.execute("DELETE FROM pending_dms WHERE id = ?", pending_id)

    async def remove_key(self, key: PostKey) -> None:
        """A timed DM's day went out: nothing of it is held any more."""
        await self.db.execute(
            "DELETE FROM pending_dms WHERE kind = ? AND ref_id = ? AND local_date = ?",
            str(key.kind), key.ref_id, key.local_date.isoformat())


# Every row that names the member, table by table: deleted, or kept with the id cleared.
# tests/test_forget_every_table.py checks that no table holds the id afterwards.
_FORGET = (
    # Ledger rows of their own timed DMs (they name no member, but only ever concerned them).
    ("DELETE FROM post_ledger WHERE kind = 'reminder'"
     " AND ref_id IN (SELECT id FROM reminders WHERE user_id = ?)", "deleted"),
    ("DELETE FROM post_ledger WHERE kind = 'race-dm'"
     " AND ref_id IN (SELECT id FROM race_runners WHERE user_id = ?)", "deleted"),
    ("DELETE FROM post_ledger WHERE kind = 'held-dm'"
     " AND ref_id IN (SELECT id FROM pending_dms WHERE user_id = ? AND ref_id IS NULL)",
     "deleted"),
    ("DELETE FROM pending_dms WHERE user_id = ?", "deleted"),
    ("DELETE FROM reminders WHERE user_id = ?", "deleted"),
    ("DELETE FROM member_notices WHERE user_id = ?", "deleted"),
    ("DELETE FROM race_runners WHERE user_id = ?", "deleted"),
    ("DELETE FROM race_checkins WHERE user_id = ?", "deleted"),
    ("DELETE FROM feedback WHERE user_id = ?", "deleted"),
    ("DELETE FROM submissions WHERE user_id = ?", "deleted"),
    ("UPDATE submissions SET decided_by = NULL WHERE decided_by = ?", "cleared"),
    ("UPDATE club_entries SET added_by = NULL WHERE added_by = ?", "cleared"),
    ("UPDATE history SET user_id = NULL WHERE user_id = ?", "cleared"),
)


class MemberData(_Repository):
    """Everything kept about one member: gathered for ``/me data``, erased by ``/me forget``."""

    def __init__(self, database: Database, defaults: ClubDefaults, caches: GuildCaches,
                 history: History, scope: ShardSlice | None = None, *,
                 clock: Clock = wall_clock) -> None:
        super().__init__(database, defaults, caches, scope, clock=clock)
        self.history = history

    async def stories(self, user_id: int) -> list[Submission]:
        """The stories the member shared, whatever became of them, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM submissions WHERE user_id = ? ORDER BY id", user_id)
        return [submission_of(r) for r in rows]

    async def record(self, user_id: int) -> MemberRecord:
        """Everything kept about the member (rows not yet written included)."""
        await self.history.flush()
        settings = await self.db.fetch_one(
            "SELECT * FROM member_settings WHERE user_id = ?", user_id)
        reminders = await self.db.fetch_all(
            "SELECT * FROM reminders WHERE user_id = ? ORDER BY id", user_id)
        shown = await self.db.fetch_one("SELECT COUNT(*) FROM history WHERE user_id = ?", user_id)
        helped = await self.db.fetch_all(
            "SELECT guild_id, entry_id, created_at FROM feedback WHERE user_id = ?"
            " ORDER BY created_at, entry_id", user_id)
        races = await self.db.fetch_all(
            _RACE_COLUMNS + " WHERE r.id IN"  # noqa: S608 - fixed text
            " (SELECT race_id FROM race_runners WHERE user_id = ?"
            " UNION SELECT race_id FROM race_checkins WHERE user_id = ?)"
            " ORDER BY r.local_date, r.id", user_id, user_id)
        answers = {r[0]: r[1] for r in await self.db.fetch_all(
            "SELECT race_id, answer FROM race_checkins WHERE user_id = ?", user_id)}
        notices = await self.db.fetch_all(
            "SELECT text FROM member_notices WHERE user_id = ? ORDER BY id", user_id)
        pending = await self.db.fetch_one(
            "SELECT COUNT(*) FROM pending_dms WHERE user_id = ?", user_id)
        added = await self.db.fetch_one(
            "SELECT COUNT(*) FROM club_entries WHERE added_by = ?", user_id)
        decided = await self.db.fetch_one(
            "SELECT COUNT(*) FROM submissions WHERE decided_by = ?", user_id)
        return MemberRecord(
            user_id=user_id,
            settings=_settings(settings) if settings else None,
            reminders=tuple(_reminder(r) for r in reminders),
            picks_shown=_count(shown),
            helped=tuple((r[0], r[1], r[2]) for r in helped),
            stories=tuple(await self.stories(user_id)),
            races=tuple((_race(r), _answer(answers.get(r["id"]))) for r in races),
            notices=tuple(r[0] for r in notices),
            pending_dms=_count(pending),
            entries_added=_count(added),
            stories_decided=_count(decided),
        )

    async def forget(self, user_id: int, *, remove_stories: bool) -> Forgotten:
        """Erase the member: every row that names them is deleted or has the id cleared.

        Their approved stories leave the clubs' pools (``remove_stories``) or stay there
        anonymous. History keeps what was shown in club channels, without the member;
        what was shown in their DM channel goes. Copies in memory go too.
        """
        await self.history.flush()  # rows still in memory reach the table first
        deleted = cleared = removed = kept = 0
        async with self.db.transaction() as conn:
            dm_channel = await _dm_channel(conn, user_id)
            guilds = {r[0] for r in await _rows(
                conn, "SELECT DISTINCT guild_id FROM feedback WHERE user_id = ?"
                " UNION SELECT DISTINCT guild_id FROM club_entries WHERE added_by = ?",
                user_id, user_id)}
            stories = [submission_of(r) for r in await _rows(
                conn, "SELECT * FROM submissions WHERE user_id = ?", user_id)]
            for story in stories:
                guilds.add(story.guild_id)
                if story.status is not SubmissionStatus.APPROVED or story.entry_id is None:
                    continue
                if remove_stories:
                    result = await conn.execute(
                        "DELETE FROM club_entries WHERE id = ? AND guild_id = ?",
                        (story.entry_id, story.guild_id))
                    removed += result.rowcount
                else:
                    result = await conn.execute(
                        "UPDATE club_entries SET credit = NULL, added_by = NULL"
                        " WHERE id = ? AND guild_id = ?", (story.entry_id, story.guild_id))
                    kept += result.rowcount
            if dm_channel is not None:
                result = await conn.execute("DELETE FROM history WHERE channel_id = ?",
                                            (dm_channel,))
                deleted += result.rowcount
            for sql, what in _FORGET:
                result = await conn.execute(sql, (user_id,))
                if what == "deleted":
                    deleted += result.rowcount
                else:
                    cleared += result.rowcount
            result = await conn.execute("DELETE FROM member_settings WHERE user_id = ?",
                                        (user_id,))
            deleted += result.rowcount
        await self._forget_history(user_id, dm_channel)
        for guild_id in guilds:
            await self.caches.changed(guild_id)
        waiting = tuple((s.guild_id, s.review_message_id) for s in stories
                        if s.status is SubmissionStatus.PENDING and s.review_message_id)
        return Forgotten(rows_deleted=deleted, rows_cleared=cleared, stories_removed=removed,
                         stories_kept=kept, waiting_reviews=waiting)

    async def _forget_history(self, user_id: int, dm_channel: int | None) -> None:
        """History in memory: recent lists and rows recorded but not yet written.

        A pick may have recorded a row while the transaction ran: it is scrubbed in
        memory, and a batch that was being written meanwhile is cleared once it lands.
        """
        channels = [dm_channel] if dm_channel is not None else []
        self.history.forget_member(user_id, channels)
        await self.history.flush()
        await self.db.execute("UPDATE history SET user_id = NULL WHERE user_id = ?", user_id)
        for channel in channels:
            await self.db.execute("DELETE FROM history WHERE channel_id = ?", channel)

    async def withdraw_story(self, user_id: int, submission_id: int) -> Submission | None:
        """Withdraw the member's story if it is waiting or approved (leaving the pool).

        Returns the story as it was before, or None when they have no such story;
        a story in any other state is returned unchanged.
        """
        async with self.db.transaction() as conn:
            row = await (await conn.execute(
                "SELECT * FROM submissions WHERE id = ? AND user_id = ?",
                (submission_id, user_id))).fetchone()
            if row is None:
                return None
            story = submission_of(row)
            if story.status not in (SubmissionStatus.PENDING, SubmissionStatus.APPROVED):
                return story
            await conn.execute(
                "UPDATE submissions SET status = ?, decided_at = ? WHERE id = ?",
                (str(SubmissionStatus.WITHDRAWN), self.now(), submission_id))
            if story.status is SubmissionStatus.APPROVED and story.entry_id:
                await conn.execute("DELETE FROM club_entries WHERE id = ? AND guild_id = ?",
                                   (story.entry_id, story.guild_id))
        await self.caches.changed(story.guild_id)
        return story


async def _rows(conn: Connection, sql: str, *args: Any) -> list[Any]:
    return await (await conn.execute(sql, args)).fetchall()


async def _dm_channel(conn: Connection, user_id: int) -> int | None:
    row = await (await conn.execute(
        "SELECT dm_channel_id FROM member_settings WHERE user_id = ?", (user_id,))).fetchone()
    return row[0] if row and row[0] is not None else None


def _count(row: Any) -> int:
    return int(row[0]) if row else 0


def _answer(text: str | None) -> str | None:
    return CheckinAnswer(text).label if text else None
