"""Scheduled posts end to end: real APScheduler jobs, real SQLite, the fake Discord."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.posting import delivery_nonce
from bot.discord.client import SecondWind
from bot.values import PostKey, PostKind
from tests.discord.conftest import ADMIN, GENERAL, GUILD, MEMBER, MORNING, ROLE, running_bot
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import ChannelArg, RoleArg

EPHEMERAL = 1 << 6
ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Australia/Sydney", "America/Los_Angeles",
         "Pacific/Auckland", "Asia/Kolkata"]


def daytime_zone() -> ZoneInfo:
    """A zone where it is mid-day now, so 'earlier today' exists for catch-up tests."""
    for name in ZONES:
        zone = ZoneInfo(name)
        if 5 <= datetime.now(zone).hour <= 21:
            return zone
    raise AssertionError("no zone in daytime")  # one of them always is


async def eventually(predicate: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    """Poll database state (the fake's wait_until only wakes on its own events)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)
    assert predicate(), what


async def admin(fake: FakeDiscord, path: list[str], **options: object) -> dict:
    record = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", *path], options=options)
    first = await record.callback()
    if first["type"] == 5:  # deferred
        return (await record.wait_followups(1))[0]
    return first["data"]


async def add_schedule(fake: FakeDiscord, channel: int, time: str, **options: object) -> int:
    data = await admin(fake, ["schedule", "add"], channel=ChannelArg(channel), time=time,
                       **options)
    assert data["flags"] & EPHEMERAL
    assert data["content"].startswith("Scheduled: **#"), data["content"]
    return int(data["content"].split("**#")[1].split("**")[0])


def local_hhmm(zone: ZoneInfo, delta: timedelta = timedelta()) -> str:
    return (datetime.now(zone) + delta).strftime("%H:%M")


def run_today(zone: ZoneInfo, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.now(zone).replace(hour=hour, minute=minute, second=0,
                                      microsecond=0).astimezone(UTC)


def backdate(settings: Settings, schedule_id: int) -> None:
    with sqlite3.connect(settings.database_path) as db:
        db.execute("UPDATE schedules SET created_at = ? WHERE id = ?",
                   ((datetime.now(UTC) - timedelta(days=2)).isoformat(), schedule_id))


def deliveries(settings: Settings) -> list[tuple]:
    with sqlite3.connect(settings.database_path) as db:
        return db.execute("SELECT ref_id, local_date, status, message_id FROM post_ledger"
                          " WHERE kind = 'schedule' ORDER BY ref_id").fetchall()


def settled(settings: Settings, count: int) -> bool:
    """``count`` deliveries recorded, none still in flight."""
    rows = deliveries(settings)
    return len(rows) == count and all(r[2] != "claimed" for r in rows)


async def fire_now(bot: SecondWind, schedule_id: int, run_at: datetime) -> None:
    """Have APScheduler fire the job for ``run_at`` in a moment (instead of waiting for it)."""
    bot.jobs.arm(PostKind.SCHEDULE, schedule_id, run_at,
                 retry_at=datetime.now(UTC) + timedelta(seconds=0.2))


async def test_add_list_and_bad_input(fake: FakeDiscord, bot: SecondWind) -> None:
    await admin(fake, ["timezone"], zone="Europe/London")
    schedule_id = await add_schedule(fake, MORNING, "07:00", days="weekdays", theme="rotate",
                                     mention=RoleArg(ROLE))
    listing = (await admin(fake, ["schedule", "list"]))["content"]
    assert f"**#{schedule_id}** <#{MORNING}> 07:00 weekdays, rotate" in listing
    assert "07:00 GMT" in listing or "07:00 BST" in listing
    assert "— ok" in listing
    for options, expected in [
        ({"time": "25:61"}, "use 24-hour HH:MM"),
        ({"time": "07:00", "days": "someday"}, "days 'someday' not understood"),
        ({"time": "07:00", "theme": "marathons"}, "There is no theme 'marathons'"),
    ]:
        data = await admin(fake, ["schedule", "add"], channel=ChannelArg(MORNING), **options)
        assert data["flags"] & EPHEMERAL and expected in data["content"], data["content"]
    missing = await admin(fake, ["schedule", "pause"], id=999)
    assert "There is no schedule #999 here. Schedules: #1" in missing["content"]
    with sqlite3.connect(bot.settings.database_path) as db:
        assert db.execute("SELECT COUNT(*) FROM schedules").fetchone()[0] == 1
    assert bot.jobs.scheduler.get_job(f"schedule:{schedule_id}") is not None
    await admin(fake, ["schedule", "pause"], id=schedule_id)
    assert bot.jobs.scheduler.get_job(f"schedule:{schedule_id}") is None
    await admin(fake, ["schedule", "resume"], id=schedule_id)
    assert bot.jobs.scheduler.get_job(f"schedule:{schedule_id}") is not None


async def test_fires_once_with_nonce_and_only_its_role(fake: FakeDiscord,
                                                       bot: SecondWind) -> None:
    zone = ZoneInfo("UTC")
    hhmm = local_hhmm(zone)
    schedule_id = await add_schedule(fake, MORNING, hhmm, theme="lessons", kind="mantra",
                                     mention=RoleArg(ROLE))
    run_at = run_today(zone, hhmm)
    await fire_now(bot, schedule_id, run_at)
    [message] = await fake.wait_for_messages(MORNING, 1)
    assert message["embeds"][0]["footer"]["text"] == "Lessons · mantra"
    assert message["content"] == f"<@&{ROLE}>"
    assert message["nonce"] == delivery_nonce(schedule_id, run_at.date())
    sent = next(r for r in fake.requests if r.method == "POST" and
                r.path.endswith(f"/channels/{MORNING}/messages"))
    assert sent.json["enforce_nonce"] is True
    assert sent.json["allowed_mentions"]["parse"] == []
    assert [int(r) for r in sent.json["allowed_mentions"]["roles"]] == [ROLE]
    await fire_now(bot, schedule_id, run_at)  # e.g. the repeated hour of a fall-back night
    await eventually(lambda: settled(bot.settings, 1), "delivery row")
    await asyncio.sleep(0.5)
    assert len(fake.messages(MORNING)) == 1
    assert deliveries(bot.settings)[0][2] == "sent"


async def test_restart_after_post_does_not_post_again(fake: FakeDiscord,
                                                      settings: Settings) -> None:
    zone = daytime_zone()
    hhmm = local_hhmm(zone, -timedelta(minutes=30))
    async with running_bot(fake, settings) as bot:
        await admin(fake, ["timezone"], zone=zone.key)
        schedule_id = await add_schedule(fake, MORNING, hhmm)
        backdate(settings, schedule_id)
        await fire_now(bot, schedule_id, run_today(zone, hhmm))
        await fake.wait_for_messages(MORNING, 1)
    async with running_bot(fake, settings):
        await _quiet()
    assert len(fake.messages(MORNING)) == 1


async def _quiet() -> None:
    await asyncio.sleep(1.0)


async def test_restart_after_missed_time_catches_up_once(fake: FakeDiscord,
                                                         settings: Settings) -> None:
    zone = daytime_zone()
    async with running_bot(fake, settings):
        await admin(fake, ["timezone"], zone=zone.key)
        missed = await add_schedule(fake, MORNING, local_hhmm(zone, -timedelta(minutes=40)))
        too_late = await add_schedule(fake, GENERAL, local_hhmm(zone, -timedelta(hours=4)))
        backdate(settings, missed)
        backdate(settings, too_late)
    for _ in range(2):
        async with running_bot(fake, settings):
            await fake.wait_for_messages(MORNING, 1)
            await _quiet()
    assert len(fake.messages(MORNING)) == 1
    assert fake.messages(GENERAL) == []
    rows = {r[0]: r[2] for r in deliveries(settings)}
    assert rows == {missed: "sent", too_late: "skipped"}


async def test_forbidden_channel_fails_alone_and_pauses_after_three_days(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    zone = ZoneInfo("UTC")
    hhmm = local_hhmm(zone)
    good = await add_schedule(fake, MORNING, hhmm)
    bad = await add_schedule(fake, GENERAL, hhmm)
    fake.forbid_channel(GENERAL)
    run_at = run_today(zone, hhmm)
    await fire_now(bot, good, run_at)
    await fire_now(bot, bad, run_at)
    await fake.wait_for_messages(MORNING, 1)
    await eventually(lambda: settled(bot.settings, 2), "both deliveries")
    listing = (await admin(fake, ["schedule", "list"]))["content"]
    assert f"**#{bad}**" in listing and "failing for 1 day: no permission to post" in listing
    status = (await admin(fake, ["status"]))["embeds"][0]
    field = next(f["value"] for f in status["fields"] if f["name"] == "Schedules")
    assert f"#{good} <#{MORNING}>" in field and field.count("— ok") == 1
    assert f"#{bad} <#{GENERAL}>" in field and "failing for 1 day" in field
    for days_later in (1, 2):
        await fire_now(bot, bad, run_at + timedelta(days=days_later))
        await eventually(lambda n=days_later: settled(bot.settings, 2 + n), "failing day")
    listing = (await admin(fake, ["schedule", "list"]))["content"]
    assert "paused (paused itself after 3 failing days: no permission" in listing
    assert bot.jobs.scheduler.get_job(f"schedule:{bad}") is None
    assert bot.jobs.scheduler.get_job(f"schedule:{good}") is not None


async def test_deleted_channel_pauses_its_schedules(fake: FakeDiscord, bot: SecondWind) -> None:
    schedule_id = await add_schedule(fake, GENERAL, "07:00")
    await fake.delete_channel(GENERAL)
    await eventually(lambda: "deleted" in str(_schedule_row(bot, schedule_id)), "paused")
    assert _schedule_row(bot, schedule_id)[0] == 1
    assert bot.jobs.scheduler.get_job(f"schedule:{schedule_id}") is None


def _schedule_row(bot: SecondWind, schedule_id: int) -> tuple:
    with sqlite3.connect(bot.settings.database_path) as db:
        return db.execute("SELECT paused, failing_reason FROM schedules WHERE id = ?",
                          (schedule_id,)).fetchone()


async def test_crash_between_claim_and_send_does_not_double_post(
    fake: FakeDiscord, settings: Settings
) -> None:
    zone = daytime_zone()
    hhmm = local_hhmm(zone, -timedelta(minutes=20))
    async with running_bot(fake, settings) as bot:
        await admin(fake, ["timezone"], zone=zone.key)
        sent_before_crash = await add_schedule(fake, MORNING, hhmm)
        never_sent = await add_schedule(fake, GENERAL, hhmm)
        await bot.jobs.shutdown()  # the process "dies" before its jobs run
        day = run_today(zone, hhmm).astimezone(zone).date()
        for schedule_id in (sent_before_crash, never_sent):
            backdate(settings, schedule_id)
            key = PostKey(PostKind.SCHEDULE, schedule_id, day)
            assert await bot.app.store.ledger.claim(key) is None
        # The first one reached Discord before the crash; the mark never happened.
        schedule = await bot.app.store.schedules.get(sent_before_crash)
        outgoing = await bot.morning_posts.outgoing(schedule, day)
        await bot.poster.target.send(outgoing, nonce=delivery_nonce(schedule.id, day))
    async with running_bot(fake, settings):
        await fake.wait_for_messages(GENERAL, 1)
        await _quiet()
    assert len(fake.messages(MORNING)) == 1
    assert len(fake.messages(GENERAL)) == 1
    assert {r[0]: r[2] for r in deliveries(settings)} == {sent_before_crash: "sent",
                                                          never_sent: "sent"}


async def test_test_post_is_marked_and_not_counted(fake: FakeDiscord, bot: SecondWind) -> None:
    schedule_id = await add_schedule(fake, MORNING, "07:00", theme="race-day")
    data = await admin(fake, ["schedule", "test"], id=schedule_id)
    assert "Posted a test" in data["content"]
    [message] = fake.messages(MORNING)
    assert message["content"].startswith(f"🧪 Test post for schedule #{schedule_id}")
    assert deliveries(bot.settings) == []


async def test_member_cannot_add_schedules(fake: FakeDiscord, bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, ["club", "schedule", "add"],
                                     options={"channel": ChannelArg(MORNING), "time": "07:00"})
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"]
    with sqlite3.connect(bot.settings.database_path) as db:
        assert db.execute("SELECT COUNT(*) FROM schedules").fetchone()[0] == 0


async def test_discord_5xx_and_429_neither_lose_nor_double_the_post(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    zone = ZoneInfo("UTC")
    hhmm = local_hhmm(zone)
    schedule_id = await add_schedule(fake, MORNING, hhmm)
    run_at = run_today(zone, hhmm)
    fake.fail_next("POST", rf"/channels/{MORNING}/messages$", 503)
    await fire_now(bot, schedule_id, run_at)
    await eventually(lambda: any(r.status == 503 for r in fake.requests), "the 503")
    await asyncio.sleep(0.3)
    retry = bot.jobs.scheduler.get_job(f"schedule:{schedule_id}:retry")
    assert retry is not None and retry.next_run_time > datetime.now(UTC) + timedelta(seconds=30)
    assert fake.messages(MORNING) == []
    assert deliveries(bot.settings)[0][2] == "claimed"
    fake.fail_next("POST", rf"/channels/{MORNING}/messages$", 429)  # discord.py waits, retries
    await fire_now(bot, schedule_id, run_at)  # the retry, now rather than in a minute
    await fake.wait_for_messages(MORNING, 1)
    await eventually(lambda: settled(bot.settings, 1), "delivery marked sent")
    await fire_now(bot, schedule_id, run_at)
    await asyncio.sleep(0.5)
    assert len(fake.messages(MORNING)) == 1
    assert deliveries(bot.settings)[0][2] == "sent"
