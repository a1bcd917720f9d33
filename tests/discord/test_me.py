"""/me end to end: the real bot, real APScheduler jobs and SQLite, the fake Discord's DMs.

Timed runs are fired the way tests/discord/test_schedules.py fires them (a job armed
to run in a moment for a given run time); the bot's clock is one the test moves,
so a run on a DST morning or inside quiet hours is what the bot sees as now.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import sqlite3
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.discord.client import SecondWind
from bot.values import PostKind
from tests.discord.conftest import ADMIN, FRIEND, GENERAL, GUILD, MEMBER, MORNING, TOKEN
from tests.discord.modal_flow import EPHEMERAL, download, open_form, rows, send_form
from tests.doubles import Clock
from tests.fakediscord import ChannelArg, FakeDiscord
from tests.fakediscord.server import MEMBER_PERMISSIONS

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
JO = 4_000_000_000_000_000_123  # a member with a snowflake-sized id, for the forget test
UPDATE_MESSAGE = 7


@contextlib.asynccontextmanager
async def bot_at(fake: FakeDiscord, settings: Settings,
                 clock: Clock) -> AsyncIterator[SecondWind]:
    """The bot on the fake, with the test's clock (as tests/discord/conftest.running_bot)."""
    bot = SecondWind(settings, clock=clock, guild_ready_timeout=0.1)
    ready = len(fake.identifies)
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await fake.wait_identified(ready + 1, timeout=15)
        await asyncio.wait_for(bot.wait_until_ready(), 15)
        yield bot
    finally:
        with contextlib.suppress(TimeoutError):
            await fake.wait_handshakes(timeout=10)
        await bot.close()
        await asyncio.wait_for(task, 10)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 3, 11, 12, 0, tzinfo=UTC))


@pytest.fixture
async def me_bot(fake: FakeDiscord, settings: Settings,
                 clock: Clock) -> AsyncIterator[SecondWind]:
    async with bot_at(fake, settings, clock) as bot:
        yield bot


async def eventually(predicate: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not predicate():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


async def me(fake: FakeDiscord, user: int, path: list[str], **options: object) -> dict:
    """Run /me …; the private answer's data."""
    record = await fake.send_command(GUILD, GENERAL, user, ["me", *path], options=options)
    answer = await record.callback()
    data = answer["data"]
    assert data["flags"] & EPHEMERAL, data
    return data


async def add_reminder(fake: FakeDiscord, user: int, time_text: str, **options: object) -> int:
    data = await me(fake, user, ["reminder", "add"], time=time_text, **options)
    assert data["content"].startswith("Reminder added: #"), data["content"]
    return int(data["content"].split("#")[1].split(" ")[0])


def dms(fake: FakeDiscord, user: int) -> list[dict]:
    channel = fake.dm_channel_id(user)
    return [] if channel is None else fake.messages(channel)


def fire(bot: SecondWind, kind: PostKind, ref_id: int, run_at: datetime) -> None:
    """Have APScheduler run the job for ``run_at`` in a moment (the bot's clock is the test's)."""
    bot.jobs.arm(kind, ref_id, run_at, retry_at=datetime.now(UTC) + timedelta(seconds=0.05))


def armed(bot: SecondWind, job: str) -> datetime:
    found = bot.jobs.scheduler.get_job(job)
    assert found is not None, f"no job {job}"
    return found.next_run_time


def requests(fake: FakeDiscord, method: str, ending: str) -> int:
    return sum(1 for r in fake.requests if r.method == method and r.path.endswith(ending))


async def settled(bot: SecondWind, kind: str, count: int) -> None:
    """``count`` ledger rows of a kind, none still claimed."""
    def done() -> bool:
        found = rows(bot.settings.database_path,
                     "SELECT status FROM post_ledger WHERE kind = ?", kind)
        return len(found) == count and all(r[0] != "claimed" for r in found)
    await eventually(done, f"{count} {kind} rows settled")


async def test_a_reminder_arrives_once_at_local_time_in_two_zones_across_dst(
    fake: FakeDiscord, me_bot: SecondWind, clock: Clock
) -> None:
    assert (await me(fake, MEMBER, ["timezone"], zone="america/new_york"))["content"] == \
        "Your time zone is now America/New_York."
    await me(fake, FRIEND, ["timezone"], zone="Europe/London")
    for user, zone, first_day in ((MEMBER, NEW_YORK, datetime(2027, 3, 12, tzinfo=UTC)),
                                  (FRIEND, LONDON, datetime(2027, 3, 26, tzinfo=UTC))):
        clock.now = first_day
        reminder = await add_reminder(fake, user, "07:00")
        days = []
        for day in range(5):  # the third morning is the first after the clocks went forward
            run_at = armed(me_bot, f"reminder:{reminder}")
            assert run_at.astimezone(zone).time() == time(7, 0)
            days.append(run_at.astimezone(zone).date())
            clock.now = run_at
            fire(me_bot, PostKind.REMINDER, reminder, run_at)
            await eventually(lambda n=day, u=user: len(dms(fake, u)) == n + 1,
                             f"day {day}'s DM")
            fire(me_bot, PostKind.REMINDER, reminder, run_at)  # fired twice: goes once
            await asyncio.sleep(0.2)
            assert len(dms(fake, user)) == day + 1
            clock.now = run_at + timedelta(minutes=1)
            await me_bot.jobs.timed_changed(PostKind.REMINDER, reminder)  # arm the next day
        assert [(b - a).days for a, b in itertools.pairwise(days)] == [1, 1, 1, 1]
        offsets = {datetime.combine(d, time(7), zone).utcoffset() for d in days}
        assert len(offsets) == 2  # both sides of the change
    sent = dms(fake, MEMBER)[0]
    assert sent["content"] == "⏰ Your 07:00 reminder" and sent["embeds"]
    assert [c["custom_id"].split(":")[1] for c in sent["components"][0]["components"]] == \
        ["another", "helped"]
    assert requests(fake, "POST", "/users/@me/channels") == 2  # one DM channel per member, once
    assert fake.unhandled == []


async def test_this_helped_works_in_a_dm(fake: FakeDiscord, me_bot: SecondWind,
                                         clock: Clock) -> None:
    reminder = await add_reminder(fake, MEMBER, "13:00", theme="doubt")
    run_at = armed(me_bot, f"reminder:{reminder}")
    clock.now = run_at
    fire(me_bot, PostKind.REMINDER, reminder, run_at)
    await eventually(lambda: len(dms(fake, MEMBER)) == 1, "the DM")
    [message] = dms(fake, MEMBER)
    helped = message["components"][0]["components"][1]["custom_id"]
    assert helped.endswith(f":{GUILD}")
    clicked = await fake.click(int(message["id"]), helped, MEMBER)
    answer = (await clicked.callback())["data"]
    assert answer["content"] == "Thanks — glad it helped. Noted for the club."
    entry = helped.split(":")[2]
    assert rows(me_bot.settings.database_path, "SELECT guild_id, user_id, entry_id FROM feedback"
                ) == [(GUILD, MEMBER, entry)]


async def test_quiet_hours_hold_a_dm_until_they_end(fake: FakeDiscord, me_bot: SecondWind,
                                                    clock: Clock) -> None:
    data = await me(fake, MEMBER, ["quiet"], **{"from": "06:00", "to": "08:00"})
    assert "Quiet hours 06:00–08:00" in data["content"]
    assert "no time at all" in (await me(fake, MEMBER, ["quiet"],
                                         **{"from": "08:00", "to": "08:00"}))["content"]
    reminder = await add_reminder(fake, MEMBER, "07:00")
    run_at = armed(me_bot, f"reminder:{reminder}")
    clock.now = run_at
    fire(me_bot, PostKind.REMINDER, reminder, run_at)
    await eventually(lambda: me_bot.jobs.scheduler.get_job(f"reminder:{reminder}:retry")
                     is not None and armed(me_bot, f"reminder:{reminder}:retry") > run_at,
                     "the held run re-armed")
    end = armed(me_bot, f"reminder:{reminder}:retry")
    assert end.astimezone(LONDON).time() == time(8, 0)
    assert dms(fake, MEMBER) == []
    assert rows(me_bot.settings.database_path, "SELECT kind FROM pending_dms") == [("reminder",)]
    clock.now = end
    fire(me_bot, PostKind.REMINDER, reminder, run_at)  # the retry, now rather than at 08:00
    await eventually(lambda: len(dms(fake, MEMBER)) == 1, "the held DM")
    await settled(me_bot, "reminder", 1)
    assert rows(me_bot.settings.database_path, "SELECT COUNT(*) FROM pending_dms") == [(0,)]
    await asyncio.sleep(0.2)
    assert len(dms(fake, MEMBER)) == 1


async def test_closed_dms_pause_after_three_days_and_the_next_command_says_so_once(
    fake: FakeDiscord, me_bot: SecondWind, clock: Clock
) -> None:
    reminder = await add_reminder(fake, MEMBER, "07:00")
    fake.close_dms(MEMBER)
    for day in range(3):
        run_at = armed(me_bot, f"reminder:{reminder}")
        clock.now = run_at
        fire(me_bot, PostKind.REMINDER, reminder, run_at)
        await settled(me_bot, "reminder", day + 1)
        clock.now = run_at + timedelta(minutes=1)
        await me_bot.jobs.timed_changed(PostKind.REMINDER, reminder)
    assert requests(fake, "GET", f"/guilds/{GUILD}/members/{MEMBER}") == 3  # one per failure
    assert me_bot.jobs.scheduler.get_job(f"reminder:{reminder}") is None
    listing = await fake.send_command(GUILD, GENERAL, MEMBER, ["me", "reminder", "list"])
    assert "paused (paused itself after 3 failing days" in (await listing.callback())["data"][
        "content"]
    [note] = await listing.wait_followups(1)
    assert note["flags"] & EPHEMERAL and f"Your reminder #{reminder}" in note["content"]
    again = await fake.send_command(GUILD, GENERAL, MEMBER, "themes")
    await again.callback()
    await asyncio.sleep(0.3)
    assert again.followups == []  # told once


async def test_leaving_every_server_stops_reminders_and_rejoining_does_not_restart_them(
    fake: FakeDiscord, me_bot: SecondWind, clock: Clock
) -> None:
    reminder = await add_reminder(fake, MEMBER, "07:00")
    run_at = armed(me_bot, f"reminder:{reminder}")
    fake.remove_member(GUILD, MEMBER)  # their only server with the bot: DMs are refused now
    clock.now = run_at
    fire(me_bot, PostKind.REMINDER, reminder, run_at)
    await settled(me_bot, "reminder", 1)
    assert requests(fake, "GET", f"/guilds/{GUILD}/members/{MEMBER}") == 1
    assert rows(me_bot.settings.database_path, "SELECT paused, failing_reason FROM reminders") \
        == [(1, "you are no longer in the server it belongs to")]
    assert me_bot.jobs.scheduler.get_job(f"reminder:{reminder}") is None
    fake.add_member(GUILD, MEMBER, "ana", MEMBER_PERMISSIONS)  # back again
    clock.now = run_at + timedelta(days=1)
    fire(me_bot, PostKind.REMINDER, reminder, run_at + timedelta(days=1))
    await asyncio.sleep(0.3)
    assert dms(fake, MEMBER) == []
    refused = await fake.send_command(GUILD, GENERAL, MEMBER, ["me", "timezone"],
                                      options={"zone": "Mars/Base"})
    assert "unknown time zone" in (await refused.callback())["data"]["content"]
    [note] = await refused.wait_followups(1)  # a refused command is a use too
    assert "stopped: you are no longer in the server" in note["content"]
    answer = await fake.send_command(GUILD, GENERAL, MEMBER, ["me", "reminder", "resume"],
                                     options={"id": reminder})
    assert (await answer.callback())["data"]["content"].startswith(f"Resumed: #{reminder}")
    assert me_bot.jobs.scheduler.get_job(f"reminder:{reminder}") is not None


async def test_bad_input_gets_a_clear_private_answer_and_changes_nothing(
    fake: FakeDiscord, me_bot: SecondWind
) -> None:
    for path, options, words in [
        (["reminder", "add"], {"time": "25:00"}, "time '25:00' is not valid"),
        (["timezone"], {"zone": "Mars/Base"}, "unknown time zone 'Mars/Base'"),
        (["quiet"], {"from": "22:00", "to": "22:00"}, "no time at all"),
        (["reminder", "pause"], {"id": 99}, "You have no reminder #99"),
        (["forget"], {}, "keeps nothing about you"),
    ]:
        data = await me(fake, MEMBER, path, **options)
        assert words in data["content"], data["content"]
    database = me_bot.settings.database_path
    assert rows(database, "SELECT COUNT(*) FROM member_settings") == [(0,)]
    for hour in range(5):
        await add_reminder(fake, MEMBER, f"0{hour}:15")
    sixth = await me(fake, MEMBER, ["reminder", "add"], time="09:15")
    assert "You have 5 reminders already" in sixth["content"]
    assert rows(database, "SELECT COUNT(*) FROM reminders") == [(5,)]
    zones = await fake.autocomplete(GUILD, GENERAL, MEMBER, ["me", "timezone"],
                                    options={"zone": "cl"}, focused="zone")
    choices = (await zones.callback())["data"]["choices"]
    assert choices[0]["value"] == "club"


async def test_data_then_forget_leaves_no_row_with_the_member(
    fake: FakeDiscord, me_bot: SecondWind, clock: Clock
) -> None:
    fake.add_member(GUILD, JO, "jo", MEMBER_PERMISSIONS)
    database = me_bot.settings.database_path
    await me(fake, JO, ["timezone"], zone="Europe/Oslo")
    await me(fake, JO, ["race-dm"], state="on")
    reminder = await add_reminder(fake, JO, "13:00")
    run_at = armed(me_bot, f"reminder:{reminder}")
    clock.now = run_at
    fire(me_bot, PostKind.REMINDER, reminder, run_at)
    await eventually(lambda: len(dms(fake, JO)) == 1, "the reminder")
    doubt = await fake.send_command(GUILD, GENERAL, JO, "doubt")
    post = (await doubt.callback())["data"]
    helped = post["components"][0]["components"][1]["custom_id"]
    await (await fake.click(int(doubt.message["id"]), helped, JO)).callback()  # type: ignore[index]
    review = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "submissions"],
                                     options={"channel": ChannelArg(MORNING)})
    await review.callback()
    for title in ("End of the road", "Still waiting"):
        custom_id, _ = await open_form(fake, GUILD, GENERAL, JO, "share")
        await send_form(fake, GUILD, GENERAL, JO, custom_id, {
            "theme": "comeback", "title": title, "credit": "me",
            "story": "Six months after the surgery I ran to the end of the road and back."})
    [first, second] = await fake.wait_for_messages(MORNING, 2)
    approve = await fake.click(int(first["id"]), "sw:review:approve:1", ADMIN)
    await approve.callback()
    await me_bot.app.store.history.flush()

    data_record = await fake.send_command(GUILD, GENERAL, JO, ["me", "data"])
    data = (await data_record.callback())["data"]
    assert data["flags"] & EPHEMERAL and "What Second Wind keeps about you" in data["content"]
    assert "#1 End of the road (in the club's pool as club-1-end-of-the-road)" in data["content"]
    attachment = data_record.message["attachments"][0]  # type: ignore[index]
    assert attachment["filename"] == "second-wind-my-data.json"
    exported = json.loads(await download(attachment["url"]))
    assert exported["settings"]["timezone"] == "Europe/Oslo"
    assert [s["status"] for s in exported["stories"]] == ["approved", "pending"]
    assert exported["picks_shown"] >= 2 and len(exported["this_helped"]) == 1

    forget = await me(fake, JO, ["forget"])
    buttons = [c["custom_id"] for c in forget["components"][0]["components"]]
    assert buttons == ["sw:forget:remove", "sw:forget:anonymous", "sw:forget:cancel"]
    question = await fake.send_command(GUILD, GENERAL, JO, ["me", "forget"])
    await question.callback()
    cancel = await fake.click(question.message_id, "sw:forget:cancel", JO)  # type: ignore[arg-type]
    assert (await cancel.callback())["data"]["content"] == "Nothing was deleted."
    assert rows(database, "SELECT COUNT(*) FROM reminders") == [(1,)]
    asked_again = await fake.send_command(GUILD, GENERAL, JO, ["me", "forget"])
    await asked_again.callback()
    done = await fake.click(asked_again.message_id, "sw:forget:anonymous", JO)  # type: ignore[arg-type]
    confirmed = await done.callback()
    assert confirmed["type"] == UPDATE_MESSAGE
    assert confirmed["data"]["content"].startswith("Done: Second Wind has forgotten you")
    assert confirmed["data"]["components"] == []
    await me_bot.app.store.history.flush()
    assert cells_holding(database, JO) == []
    assert rows(database, "SELECT credit FROM club_entries") == [(None,)]  # kept, anonymous
    await eventually(lambda: fake.get_message(int(second["id"]))["components"] == [],  # type: ignore[index]
                     "the waiting story's review message cleared")
    assert fake.get_message(int(second["id"]))["embeds"][0]["title"] == \
        "A story was withdrawn"  # type: ignore[index]
    again = await me(fake, JO, ["forget"])
    assert "nothing to forget" in again["content"]
    assert fake.unhandled == []


def cells_holding(database: Path, value: int) -> list[str]:
    """``table.column`` of every integer cell (in every table) equal to ``value``."""
    found = []
    with sqlite3.connect(database) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for _, column, kind, *_ in conn.execute(f'PRAGMA table_info("{table}")'):
                if "INT" not in (kind or "").upper():
                    continue
                if conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = ?',  # noqa: S608
                                (value,)).fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found


async def test_a_member_withdraws_a_waiting_story_and_its_review_message_says_so(
    fake: FakeDiscord, me_bot: SecondWind
) -> None:
    review = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "submissions"],
                                     options={"channel": ChannelArg(MORNING)})
    await review.callback()
    custom_id, _ = await open_form(fake, GUILD, GENERAL, MEMBER, "share")
    await send_form(fake, GUILD, GENERAL, MEMBER, custom_id, {
        "theme": "comeback", "title": "Changed my mind", "credit": "anonymous",
        "story": "Six months after the surgery I ran to the end of the road and back."})
    [message] = await fake.wait_for_messages(MORNING, 1)
    withdraw = await fake.send_command(GUILD, GENERAL, MEMBER, "share", options={"withdraw": 1})
    answer = (await withdraw.callback())["data"]
    assert answer["flags"] & EPHEMERAL and "won't be reviewed" in answer["content"]
    await eventually(lambda: fake.get_message(int(message["id"]))["components"] == [],  # type: ignore[index]
                     "the review message updated")
    late = await fake.send_command(GUILD, GENERAL, MEMBER, "share", options={"withdraw": 1})
    assert "was withdrawn already" in (await late.callback())["data"]["content"]
    other = await fake.send_command(GUILD, GENERAL, FRIEND, "share", options={"withdraw": 1})
    assert "You have no story #1" in (await other.callback())["data"]["content"]
    assert rows(me_bot.settings.database_path, "SELECT status FROM submissions") == \
        [("withdrawn",)]
