"""/me forget leaves no row that carries the member's id, in any table, however they got there.

The member is seeded into every table through the use cases (settings, reminders
sent and held, race DMs, picks, "this helped", stories shared and decided, club
entries added as an admin, races joined and checked in, notes); then forgotten.
The check does not trust a list of tables: it enumerates every table and column
from ``sqlite_master`` and looks for the id in every cell. A table added later is
checked without anyone remembering to.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.content import Library
from bot.core.reminder_posts import HeldDmPosts
from bot.store import Store
from bot.values import CheckinAnswer, Where
from tests.core.test_members import DM_BASE, Clock, FakeTarget, build

CLUB, OTHER_CLUB = 1_100_000_000_000_000_001, 1_100_000_000_000_000_002
GENERAL = 1_200_000_000_000_000_001
ANA = 987_654_321_987_654_321  # the member who asks to be forgotten
SAM = 987_654_321_987_654_322  # a clubmate, whose data must stay
START = datetime(2027, 3, 10, 6, 0, tzinfo=UTC)


def cells_holding(db: Path, value: int) -> list[str]:
    """``table.column`` of every cell equal to ``value`` (or text that contains it)."""
    found = []
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert {"member_settings", "reminders", "history", "submissions"} <= set(tables)
        for table in tables:
            for _, column, kind, *_ in conn.execute(f'PRAGMA table_info("{table}")'):
                hits = conn.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = ?'  # noqa: S608
                    f' OR CAST("{column}" AS TEXT) LIKE ?', (value, f"%{value}%")).fetchone()[0]
                if hits:
                    found.append(f"{table}.{column} ({kind or 'untyped'}): {hits}")
    return found


def integer_columns(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return sum(1 for t in tables for row in conn.execute(f'PRAGMA table_info("{t}")')
                   if "INT" in (row[2] or "").upper())


async def seed(app: App, clock: Clock, target: FakeTarget, user_id: int, admin: int) -> None:
    """Put ``user_id`` in every table there is, the way members and admins do."""
    here = Where(CLUB, GENERAL, user_id)
    timeline = build(app, clock, target)
    members, content = app.members, app.club_content
    await members.set_timezone(here, "Europe/Oslo")
    await members.add_reminder(here, "07:00")
    await members.add_reminder(Where(OTHER_CLUB, GENERAL, user_id), "07:30", "daily", "doubt")
    await timeline.advance_to(clock() + timedelta(hours=2))  # both sent: DM channel kept
    await members.notify(user_id, "A note for your next command.")
    post = await app.encouragement.pick(here, "comeback")
    await app.encouragement.mark_helped(here, post.entry_id)
    story = "Six months after the surgery I ran to the end of the road and back."
    for title in ("Approved", "Waiting", "Turned down"):
        await content.submit(here, "comeback", title, story, "me", f"member {user_id}")
    mine = {s.title: s.id for s in await content.stories_of(user_id)}
    await content.decide(CLUB, mine["Approved"], True, admin)
    await content.decide(CLUB, mine["Turned down"], False, admin)
    theirs = await content.submit(Where(CLUB, GENERAL, admin), "doubt", "Theirs", story, "me",
                                  "admin")
    await content.decide(CLUB, theirs.submission.id, True, user_id)  # decided BY the member
    await content.add_entry(CLUB, "doubt", "mantra", "Hills end", "Every hill ends.", user_id)
    await members.set_race_dm(here, True)
    tomorrow = (clock() + timedelta(days=1)).date().isoformat()
    name = f"Harbour 10K, wave {len(await app.races.upcoming(CLUB)) + 1}"
    race = await app.races.add(CLUB, name, tomorrow, GENERAL,
                               start_time="13:00")
    await app.races.join(here, race.id)
    await timeline.advance_to(clock() + timedelta(days=1))  # race morning, DMs, check-in
    await app.races.check_in(here, race.id, CheckinAnswer.PB)
    # Quiet all day (but 23:59): a reminder and a one-off message are held.
    await members.set_quiet(user_id, "00:00", "23:59")
    await members.add_reminder(here, "18:30")
    await timeline.advance_to(clock() + timedelta(days=1))
    held = next(s for s in timeline.sources if isinstance(s, HeldDmPosts))
    await held.send(user_id, CLUB, "Your story was added.")
    await app.store.history.flush()


@pytest.mark.parametrize("remove_stories", [True, False])
async def test_forget_leaves_no_cell_with_the_member_id(
    tmp_path: Path, library: Library, remove_stories: bool
) -> None:
    db = tmp_path / "sw.db"
    clock = Clock(START)
    store = await Store.open(db)
    app = App(store, library, clock=clock, rng=random.Random(11))
    target = FakeTarget(clock)
    target_user = {ANA: ANA, SAM: SAM}  # the fake's DM channels are DM_BASE + user id
    assert DM_BASE + ANA not in target_user
    await seed(app, clock, target, ANA, admin=SAM)
    await seed(app, clock, target, SAM, admin=ANA)
    before = cells_holding(db, ANA)
    for table in ("member_settings", "reminders", "pending_dms", "member_notices", "history",
                  "feedback", "submissions", "race_runners", "race_checkins", "club_entries"):
        assert any(hit.startswith(f"{table}.") for hit in before), (table, before)
    assert any(hit.startswith("submissions.decided_by") for hit in before)
    assert any(hit.startswith("club_entries.added_by") for hit in before)
    sam_before = cells_holding(db, SAM)
    approved = [s for s in await app.club_content.stories_of(ANA)
                if s.entry_id and s.title == "Approved"]

    forgotten = await app.members.forget(ANA, remove_stories=remove_stories)
    await store.close()

    assert cells_holding(db, ANA) == []
    assert integer_columns(db) >= 40  # the check above really looked at every table
    # The clubmate keeps everything of theirs. (As the admin who decided the member's
    # stories, their id goes with those rows.)
    def own(hits: list[str]) -> list[str]:
        return [h for h in hits
                if not h.startswith(("submissions.decided_by", "club_entries.added_by"))]
    assert own(cells_holding(db, SAM)) == own(sam_before)
    with sqlite3.connect(db) as conn:
        kept = conn.execute("SELECT credit, added_by FROM club_entries WHERE id = ?",
                            (approved[0].entry_id,)).fetchall()
        history = conn.execute("SELECT COUNT(*) FROM history WHERE user_id IS NULL"
                               " AND channel_id = ?", (GENERAL,)).fetchone()[0]
    if remove_stories:
        assert kept == [] and forgotten.stories_removed == 2  # "Approved", "Theirs"
    else:
        assert kept == [(None, None)] and forgotten.stories_kept == 2
    assert history >= 1  # the club channel keeps what it was shown, without the member
    assert forgotten.waiting_reviews == ()  # no review channel in this club


async def test_forgetting_twice_changes_nothing_the_second_time(
    tmp_path: Path, library: Library
) -> None:
    clock = Clock(START)
    store = await Store.open(tmp_path / "sw.db")
    app = App(store, library, clock=clock, rng=random.Random(11))
    await app.members.set_quiet(ANA, "22:00", "07:00")
    await app.members.forget(ANA, remove_stories=False)
    with sqlite3.connect(tmp_path / "sw.db") as conn:
        dump = list(conn.iterdump())
    with pytest.raises(Exception, match="forgotten already"):
        await app.members.forget(ANA, remove_stories=False)
    with sqlite3.connect(tmp_path / "sw.db") as conn:
        assert list(conn.iterdump()) == dump
    await store.close()
