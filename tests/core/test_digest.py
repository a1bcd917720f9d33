"""The weekly digest (bot.core.digest) over a real SQLite file and the shipped library.

What an admin sets (channel, weekday, local time), what the digest says (each part
left out when it has nothing to say), and that it posts once a week at the
club's local time however often its job fires.

The store stamps stories' approval and "this helped" with the app's clock (the
console moves it), so the digest and the stamps agree however the clock moved.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.content import Entry, Library
from bot.core.digest import DigestPosts
from bot.core.posting import Poster
from bot.errors import UserError
from bot.store import Store
from bot.values import CheckinAnswer, DigestSetting, OutcomeStatus, PostKind, Where
from tests.doubles import Clock, KeptTarget

CLUB, OTHER = 1, 2
GENERAL, DIGEST_CHANNEL = 10, 11
ADMIN, ANA, SAM, JO = 100, 101, 102, 103
SUNDAY = date(2026, 6, 7)
STORY = "I ran to the lamp post and back, then did it again the next day and the next."


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 6, 1, 9, tzinfo=UTC))  # Monday 1 June, 10:00 in London


@pytest.fixture
async def app(tmp_path: Path, library: Library, clock: Clock) -> AsyncIterator[App]:
    store = await Store.open(tmp_path / "sw.db", clock=clock)
    app = App(store, library, clock=clock, rng=random.Random(11))
    await app.clubs.set_timezone(CLUB, "Europe/London")
    yield app
    await store.close()


def digest_posts(app: App, clock: Clock) -> tuple[KeptTarget, DigestPosts]:
    target = KeptTarget()
    poster = Poster(app.store, target, clock, catch_up=timedelta(hours=2))
    source = next(s for s in app.timed_sources(poster) if s.kind is PostKind.DIGEST)
    assert isinstance(source, DigestPosts)
    return target, source


def parts(body: str) -> dict[str, list[str]]:
    """The digest's parts by heading, each with its lines."""
    found = {}
    for block in body.split("\n\n"):
        heading, *lines = block.split("\n")
        found[heading] = lines
    return found


# --- setting it up -------------------------------------------------------------------------


async def test_set_move_and_stop(app: App) -> None:
    assert await app.digests.setting(CLUB) is None
    assert await app.digests.set(CLUB, DIGEST_CHANNEL, "Sunday", "18:00") == DigestSetting(
        CLUB, DIGEST_CHANNEL, 6, "18:00")
    assert await app.digests.set(CLUB, GENERAL, "mon", "7:05") == DigestSetting(
        CLUB, GENERAL, 0, "07:05")
    assert await app.digests.setting(CLUB) == DigestSetting(CLUB, GENERAL, 0, "07:05")
    assert await app.digests.setting(OTHER) is None
    assert await app.digests.off(CLUB) is True
    assert await app.digests.off(CLUB) is False
    assert await app.digests.setting(CLUB) is None


async def test_bad_day_or_time_is_refused_and_changes_nothing(app: App) -> None:
    await app.digests.set(CLUB, DIGEST_CHANNEL, "sun", "18:00")
    for day, time, message in [
        ("someday", "18:00", "days 'someday' not understood"),
        ("mon,wed", "18:00", "the digest goes out one day a week; name one, like sun"),
        ("weekends", "18:00", "one day a week"),
        ("daily", "18:00", "one day a week"),
        ("sun", "6pm", "time '6pm' is not valid"),
        ("sun", "24:00", "time '24:00' is not valid"),
    ]:
        with pytest.raises(UserError, match=message):
            await app.digests.set(CLUB, GENERAL, day, time)
    assert await app.digests.setting(CLUB) == DigestSetting(CLUB, DIGEST_CHANNEL, 6, "18:00")


# --- what it says ----------------------------------------------------------------------------


async def test_a_quiet_week_says_so_and_nothing_else(app: App) -> None:
    card = await app.digests.card(CLUB, SUNDAY)
    assert card.title == "📰 The club's week · 07 Jun 2026"
    assert card.body == "A quiet week: no races ahead, no new stories. Good running, everyone."
    assert card.footer == "Weekly digest"


async def test_races_this_week_and_next_with_how_many_run(app: App, clock: Clock) -> None:
    clock.now = datetime(2026, 5, 20, 9, tzinfo=UTC)  # so that every race below is ahead
    names = {}
    for offset, name in [(-1, "Yesterday 5K"), (0, "Today Mile"), (6, "Harbour 10K"),
                         (13, "Hill Half"), (14, "Too Far Marathon")]:
        race = await app.races.add(CLUB, name, (SUNDAY + timedelta(days=offset)).isoformat(),
                                   GENERAL)
        names[name] = race.id
    await app.races.add(OTHER, "Their Race", SUNDAY.isoformat(), GENERAL)
    for user_id in (ANA, SAM):
        await app.races.join(Where(CLUB, GENERAL, user_id), names["Harbour 10K"])
    await app.races.join(Where(CLUB, GENERAL, JO), names["Hill Half"])
    card = await app.digests.card(CLUB, SUNDAY)
    assert parts(card.body) == {
        "**Races this week and next**": ["• Today Mile, Sun 07 Jun",
                                         "• Harbour 10K, Sat 13 Jun · 2 running",
                                         "• Hill Half, Sat 20 Jun · 1 running"],
        "**How last week's races went**": ["• Yesterday 5K: no answers yet"]}


async def test_last_weeks_check_in_counts_never_who(app: App, clock: Clock) -> None:
    clock.now = datetime(2026, 5, 20, 9, tzinfo=UTC)
    old = await app.races.add(CLUB, "Old 5K", "2026-05-30", GENERAL)  # 8 days before
    harbour = await app.races.add(CLUB, "Harbour 10K", "2026-06-03", GENERAL)
    quiet = await app.races.add(CLUB, "Quiet Mile", "2026-06-06", GENERAL)
    clock.now = datetime(2026, 6, 7, 9, tzinfo=UTC)
    for user_id, answer in [(ANA, CheckinAnswer.PB), (SAM, CheckinAnswer.FINISHED),
                            (JO, CheckinAnswer.FINISHED), (104, CheckinAnswer.DNF)]:
        await app.races.check_in(Where(CLUB, GENERAL, user_id), harbour.id, answer)
    await app.races.check_in(Where(CLUB, GENERAL, ANA), old.id, CheckinAnswer.TOUGH)
    card = await app.digests.card(CLUB, SUNDAY)
    assert parts(card.body) == {"**How last week's races went**": [
        "• Harbour 10K: PB or goal 1 · Finished 2 · Didn't finish / didn't start 1",
        f"• {quiet.name}: no answers yet"]}
    assert "ana" not in card.body.lower() and str(ANA) not in card.body


async def test_stories_approved_in_the_last_7_days_with_their_credit(
    app: App, clock: Clock, tmp_path: Path
) -> None:
    clock.now = datetime.now(UTC)
    today = clock.now.date()
    stories = []
    for user_id, title, credit, name in [(ANA, "Lamp posts", "me", "Ana"),
                                         (SAM, "Quietly faster", "anonymous", "Sam"),
                                         (JO, "Long ago", "me", "Jo"),
                                         (104, "Still waiting", "me", "Kim")]:
        shared = await app.club_content.submit(Where(CLUB, GENERAL, user_id), "small-wins",
                                               title, STORY, credit, name)
        stories.append(shared.submission.id)
    for story_id in stories[:3]:
        await app.club_content.decide(CLUB, story_id, True, ADMIN)
    with sqlite3.connect(tmp_path / "sw.db") as db:  # "Long ago" was approved 8 days back
        db.execute("UPDATE submissions SET decided_at = ? WHERE id = ?",
                   ((clock.now - timedelta(days=8)).isoformat(timespec="seconds"), stories[2]))
    card = await app.digests.card(CLUB, today)
    assert parts(card.body) == {"**New stories in the club's collection**": [
        "• Lamp posts, shared by Ana", "• Quietly faster"]}
    clock.now += timedelta(days=8)
    assert "New stories" not in (await app.digests.card(CLUB, today)).body


async def test_what_helped_most_this_week(app: App, clock: Clock, library: Library) -> None:
    clock.now = datetime.now(UTC)
    today = clock.now.date()
    first, second = sorted(library.entries)[:2]
    for user_id in (ANA, SAM, JO):
        await app.encouragement.mark_helped(Where(CLUB, GENERAL, user_id), second)
    await app.encouragement.mark_helped(Where(CLUB, GENERAL, ANA), first)
    for user_id in range(200, 205):  # another club's favourite is not ours
        await app.encouragement.mark_helped(Where(OTHER, 20, user_id), first)
    card = await app.digests.card(CLUB, today)
    assert parts(card.body) == {"**What helped most this week**": [
        f"• {library.entries[second].title} (marked 3 times)"]}

    await app.store.content.add_entries(CLUB, [Entry(
        id="club-1-1", theme="small-wins", kind="mantra", title="Our own line",
        body="Our own club line.", credit="Sam")], None)
    for user_id in range(300, 304):
        await app.encouragement.mark_helped(Where(CLUB, GENERAL, user_id), "club-1-1")
    assert parts((await app.digests.card(CLUB, today)).body)[
        "**What helped most this week**"] == ["• Our own line (marked 4 times)"]
    clock.now += timedelta(days=8)
    assert "What helped" not in (await app.digests.card(CLUB, today)).body


async def test_a_story_approved_on_a_moved_clock_is_in_that_weeks_digest(
    app: App, clock: Clock, library: Library
) -> None:
    clock.now = datetime.now(UTC) + timedelta(days=30)  # the console after /clock advance
    shared = await app.club_content.submit(Where(CLUB, GENERAL, ANA), "small-wins",
                                           "Lamp posts", STORY, "me", "Ana")
    await app.club_content.decide(CLUB, shared.submission.id, True, ADMIN)
    entry_id = sorted(library.entries)[0]
    await app.encouragement.mark_helped(Where(CLUB, GENERAL, SAM), entry_id)
    clock.now += timedelta(days=2)
    body = (await app.digests.card(CLUB, clock.now.date())).body
    assert "• Lamp posts, shared by Ana" in body
    assert library.entries[entry_id].title in body


async def test_every_part_at_once_in_order(app: App, clock: Clock, library: Library) -> None:
    clock.now = datetime.now(UTC)
    today = clock.now.date()
    await app.races.add(CLUB, "Harbour 10K", (today + timedelta(days=3)).isoformat(), GENERAL)
    past = await app.store.races.add(CLUB, "Park Mile", today - timedelta(days=2), GENERAL,
                                     None, None, None)
    await app.races.check_in(Where(CLUB, GENERAL, ANA), past.id, CheckinAnswer.PB)
    shared = await app.club_content.submit(Where(CLUB, GENERAL, SAM), "small-wins",
                                           "Lamp posts", STORY, "me", "Sam")
    await app.club_content.decide(CLUB, shared.submission.id, True, ADMIN)
    await app.encouragement.mark_helped(Where(CLUB, GENERAL, JO), sorted(library.entries)[0])
    headings = list(parts((await app.digests.card(CLUB, today)).body))
    assert headings == ["**Races this week and next**", "**New stories in the club's "
                        "collection**", "**How last week's races went**",
                        "**What helped most this week**"]


# --- once a week, at the club's local weekday and time --------------------------------------


async def test_it_posts_once_a_week_at_the_local_time(app: App, clock: Clock) -> None:
    target, source = digest_posts(app, clock)
    await app.digests.set(CLUB, DIGEST_CHANNEL, "sun", "18:00")
    [due] = await source.upcoming()
    assert (due.ref_id, due.run_at) == (CLUB, datetime(2026, 6, 7, 17, tzinfo=UTC))  # 18:00 BST

    clock.now = due.run_at
    first = await source.fire(CLUB, due.run_at)
    again = await source.fire(CLUB, due.run_at)  # the job fired twice (a retry, a restart)
    assert (first.status, again.status) == (OutcomeStatus.SENT, OutcomeStatus.ALREADY)
    clock.now += timedelta(hours=1)
    await app.digests.set(CLUB, DIGEST_CHANNEL, "sun", "19:00")  # moved later the same day
    moved = await source.next_run(CLUB, clock.now - timedelta(minutes=1))
    assert moved == datetime(2026, 6, 7, 18, tzinfo=UTC)
    assert (await source.fire(CLUB, moved)).status is OutcomeStatus.ALREADY
    assert [(o.channel_id, o.embed.title) for o in target.sent] == [
        (DIGEST_CHANNEL, "📰 The club's week · 07 Jun 2026")]

    following = await source.next_run(CLUB, clock.now)
    assert following == datetime(2026, 6, 14, 18, tzinfo=UTC)
    clock.now = following
    assert (await source.fire(CLUB, following)).status is OutcomeStatus.SENT
    assert len(target.sent) == 2


async def test_the_local_time_holds_across_the_clock_change(app: App, clock: Clock) -> None:
    _, source = digest_posts(app, clock)
    await app.digests.set(CLUB, DIGEST_CHANNEL, "sun", "18:00")
    after = datetime(2026, 3, 22, 18, tzinfo=UTC)
    assert await source.next_run(CLUB, after) == datetime(2026, 3, 29, 17, tzinfo=UTC)  # BST
    after = datetime(2026, 10, 19, tzinfo=UTC)
    assert await source.next_run(CLUB, after) == datetime(2026, 10, 25, 18, tzinfo=UTC)  # GMT
    await app.clubs.set_timezone(CLUB, "Pacific/Auckland")
    assert await source.next_run(CLUB, after) == datetime(2026, 10, 25, 5, tzinfo=UTC)  # NZDT


async def test_a_digest_missed_while_offline(app: App, clock: Clock) -> None:
    target, source = digest_posts(app, clock)
    await app.digests.set(CLUB, DIGEST_CHANNEL, "sun", "18:00")
    await app.clubs.set_timezone(OTHER, "Europe/London")
    await app.digests.set(OTHER, GENERAL, "sun", "12:00")
    clock.now = datetime(2026, 6, 7, 18, 30, tzinfo=UTC)  # back 90 minutes after 18:00 BST
    outcomes = {o.key.ref_id: o.status for o in await source.missed()}
    assert outcomes == {CLUB: OutcomeStatus.SENT, OTHER: OutcomeStatus.SKIPPED}  # 6.5 h late
    assert await source.missed() == []
    assert [o.channel_id for o in target.sent] == [DIGEST_CHANNEL]


async def test_a_digest_turned_off_does_not_post(app: App, clock: Clock) -> None:
    target, source = digest_posts(app, clock)
    await app.digests.set(CLUB, DIGEST_CHANNEL, "sun", "18:00")
    [due] = await source.upcoming()
    await app.digests.off(CLUB)
    clock.now = due.run_at
    assert await source.fire(CLUB, due.run_at) is None
    assert await source.next_run(CLUB, clock.now) is None
    assert await source.upcoming() == []
    assert target.sent == []
