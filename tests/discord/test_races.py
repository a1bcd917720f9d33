"""Races and the weekly digest end to end: the real bot, real SQLite, the fake Discord.

An admin puts races on the calendar with /club race, members join with /race,
and the race's two timed posts (good luck on race morning, "How did it go?" the
day after) and the weekly digest go out through real APScheduler jobs, each once.
A job is fired now rather than at its time with ``bot.jobs.arm(kind, id, run_at,
retry_at=soon)``, as tests/discord/test_schedules.py does.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.posting import post_nonce
from bot.core.race_posts import RaceMorningPosts
from bot.discord.client import SecondWind
from bot.values import PostKey, PostKind
from tests.discord.conftest import (
    ADMIN,
    BOT_ID,
    FRIEND,
    GENERAL,
    GUILD,
    MEMBER,
    MORNING,
    OTHER_CHANNEL,
    OTHER_GUILD,
    running_bot,
)
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import ChannelArg

EPHEMERAL = 1 << 6
SEND_MESSAGES = 1 << 11
ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Australia/Sydney", "America/Los_Angeles",
         "Pacific/Auckland", "Asia/Kolkata"]
CHECKIN_IDS = ["pb", "finished", "tough", "dnf"]


def daytime_zone() -> ZoneInfo:
    """A zone where it is mid-day now, so that "earlier today" and "later today" exist."""
    for name in ZONES:
        zone = ZoneInfo(name)
        if 5 <= datetime.now(zone).hour <= 20:
            return zone
    raise AssertionError("no zone in daytime")  # one of them always is


async def eventually(predicate: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    """Poll database state (the fake's wait_until only wakes on its own events)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)
    assert predicate(), what


async def answer(fake: FakeDiscord, user: int, path: list[str], *, in_guild: int = GUILD,
                 in_channel: int = GENERAL, **options: object) -> dict:
    """A slash command's (private) answer, deferred or not."""
    record = await fake.send_command(in_guild, in_channel, user, path, options=options)
    first = await record.callback()
    if first["type"] == 5:  # deferred
        return (await record.wait_followups(1))[0]
    return first["data"]


async def add_race(fake: FakeDiscord, name: str, on: date, *, guild: int = GUILD,
                   channel: int = MORNING, **options: object) -> int:
    data = await answer(fake, ADMIN, ["club", "race", "add"], in_guild=guild,
                        in_channel=GENERAL if guild == GUILD else OTHER_CHANNEL, name=name,
                        date=on.isoformat(), channel=ChannelArg(channel), **options)
    assert data["flags"] & EPHEMERAL
    assert data["content"].startswith("Added **#"), data["content"]
    return int(data["content"].split("**#")[1].split(" ")[0])


def today_in(zone: ZoneInfo) -> date:
    return datetime.now(zone).date()


def count(settings: Settings, sql: str, *args: object) -> int:
    with sqlite3.connect(settings.database_path) as db:
        return db.execute(sql, args).fetchone()[0]


def ledger(settings: Settings, kind: PostKind) -> list[tuple]:
    with sqlite3.connect(settings.database_path) as db:
        return db.execute("SELECT ref_id, local_date, status, message_id FROM post_ledger"
                          " WHERE kind = ? ORDER BY ref_id, local_date", (str(kind),)).fetchall()


def settled(settings: Settings, kind: PostKind, rows: int) -> bool:
    found = ledger(settings, kind)
    return len(found) == rows and all(r[2] != "claimed" for r in found)


async def move_race(settings: Settings, race_id: int, on: date) -> None:
    """Change a race's date behind the bot's back (the bot refuses dates in the past).

    In a thread: the bot may be writing (history, in the background), and its
    transaction needs the event loop to finish while this one waits for it.
    """
    def update() -> None:
        db = sqlite3.connect(settings.database_path, timeout=10, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE races SET local_date = ? WHERE id = ?", (on.isoformat(), race_id))
            db.execute("COMMIT")
        finally:
            db.close()

    await asyncio.to_thread(update)


def sends_to(fake: FakeDiscord, channel: int) -> list[dict]:
    """The bodies of the bot's own POSTs to a channel (not interaction answers)."""
    return [r.json for r in fake.requests
            if r.method == "POST" and r.path == f"/channels/{channel}/messages"]


def fire_now(bot: SecondWind, kind: PostKind, ref_id: int, run_at: datetime) -> None:
    """Have APScheduler fire the job for ``run_at`` in a moment (instead of waiting for it)."""
    bot.jobs.arm(kind, ref_id, run_at, retry_at=datetime.now(UTC) + timedelta(seconds=0.2))


def armed_run(bot: SecondWind, kind: PostKind, ref_id: int) -> datetime:
    """The run the item's job is armed for."""
    job = bot.jobs.scheduler.get_job(f"{kind}:{ref_id}")
    assert job is not None, f"no job for {kind}:{ref_id}"
    return job.args[2]


async def deny_sending(fake: FakeDiscord, bot: SecondWind, channel_id: int) -> None:
    """A server admin takes Send Messages from the bot in a channel (an overwrite)."""
    payload = next(c for c in fake.guild_payload(GUILD)["channels"] if c["id"] == str(channel_id))
    overwrite = {"id": str(BOT_ID), "type": 1, "allow": "0", "deny": str(SEND_MESSAGES)}
    await fake.dispatch("CHANNEL_UPDATE", {**payload, "permission_overwrites": [overwrite]})
    await eventually(lambda: bool(bot.get_channel(channel_id).overwrites),
                     "the bot saw the new overwrite")
    fake.forbid_channel(channel_id)


# --- admins put races on the calendar --------------------------------------------------------


async def test_admin_adds_races_and_bad_input_changes_nothing(fake: FakeDiscord,
                                                              bot: SecondWind) -> None:
    await answer(fake, ADMIN, ["club", "timezone"], zone="Pacific/Auckland")
    today = today_in(ZoneInfo("Pacific/Auckland"))
    race_day = today + timedelta(days=12)
    data = await answer(fake, ADMIN, ["club", "race", "add"], name="Harbour 10K",
                        date=race_day.isoformat(), distance="10K", start_time="9:30",
                        link="https://harbour10k.example", channel=ChannelArg(MORNING))
    assert data["flags"] & EPHEMERAL
    assert data["content"] == (
        f"Added **#1 Harbour 10K** · {race_day:%a %d %b %Y} (in 12 days) · 10K · starts 09:30 "
        f"· nobody has joined yet. Its posts go to <#{MORNING}>; members join with /race join.")
    assert bot.jobs.scheduler.get_job("race-morning:1") is not None
    assert bot.jobs.scheduler.get_job("race-checkin:1") is not None

    yesterday = today - timedelta(days=1)
    for options, expected in [
        ({"date": "2026-02-30"}, "date '2026-02-30' is not a date: use YYYY-MM-DD"),
        ({"date": "next saturday"}, "date 'next saturday' is not a date"),
        ({"date": "31/12"}, "date '31/12' is not a date"),
        ({"date": yesterday.isoformat()},
         f"{yesterday:%Y-%m-%d} is in the past (today is {today:%Y-%m-%d} in the club's time "
         "zone)"),
        ({"name": "x" * 101}, "A race name takes 1 to 100 characters (this one has 101)"),
        ({"name": " "}, "A race name takes 1 to 100 characters (this one has 0)"),
        ({"start_time": "half nine"}, "time 'half nine' is not valid"),
    ]:
        fields = {"name": "Hill Half", "date": race_day.isoformat(), **options}
        data = await answer(fake, ADMIN, ["club", "race", "add"], **fields)
        assert data["flags"] & EPHEMERAL and expected in data["content"], data["content"]

    tricky = await answer(fake, ADMIN, ["club", "race", "add"], date=race_day.isoformat(),
                          name=f"<@{MEMBER}> @everyone [Win](https://evil.example)")
    assert "@member @\u200beveryone Win (https://evil.example)" in tricky["content"]
    assert f"<@{MEMBER}>" not in tricky["content"]
    member_tries = await answer(fake, MEMBER, ["club", "race", "add"], name="Mine",
                                date=race_day.isoformat())
    assert "Manage Server" in member_tries["content"]
    assert count(bot.settings, "SELECT COUNT(*) FROM races") == 2

    listing = (await answer(fake, ADMIN, ["club", "race", "list"]))["content"]
    assert listing.splitlines()[0].startswith("**#1 Harbour 10K** · ")
    removed = await answer(fake, ADMIN, ["club", "race", "remove"], id=2)
    assert removed["content"] == ("Removed **@member @\u200beveryone Win (https://evil.example)"
                                  "** and its list of runners.")
    gone = await answer(fake, ADMIN, ["club", "race", "remove"], id=2)
    assert "There is no race '2' in this club" in gone["content"]
    assert bot.jobs.scheduler.get_job("race-morning:2") is None
    assert fake.unhandled == []


async def test_a_channel_the_bot_cannot_post_in_is_refused(fake: FakeDiscord,
                                                           bot: SecondWind) -> None:
    await deny_sending(fake, bot, MORNING)
    on = today_in(ZoneInfo("UTC")) + timedelta(days=5)
    there = await answer(fake, ADMIN, ["club", "race", "add"], name="Harbour 10K",
                         date=on.isoformat(), channel=ChannelArg(MORNING))
    assert there["flags"] & EPHEMERAL
    assert there["content"].startswith(f"I can't post in <#{MORNING}>: I need View Channel, "
                                       "Send Messages and Embed Links there.")
    here = await answer(fake, ADMIN, ["club", "race", "add"], in_channel=MORNING,
                        name="Harbour 10K", date=on.isoformat())  # run in #morning itself
    assert here["content"].startswith(f"I can't post in <#{MORNING}>")
    digest = await answer(fake, ADMIN, ["club", "digest", "set"], channel=ChannelArg(MORNING),
                          day="sun", time="18:00")
    assert digest["content"].startswith(f"I can't post in <#{MORNING}>")
    assert count(bot.settings, "SELECT COUNT(*) FROM races") == 0
    assert count(bot.settings, "SELECT COUNT(*) FROM digests") == 0
    assert bot.jobs.scheduler.get_jobs() == []


# --- members join; /race list counts them down ----------------------------------------------


async def test_members_join_and_race_list_counts_down(fake: FakeDiscord,
                                                      bot: SecondWind) -> None:
    today = today_in(ZoneInfo("UTC"))
    harbour = await add_race(fake, "Harbour 10K", today + timedelta(days=12), distance="10K")
    hill = await add_race(fake, "Hill Half", today + timedelta(days=40))

    choices = await fake.autocomplete(GUILD, GENERAL, MEMBER, ["race", "join"],
                                      options={"race": "harb"}, focused="race")
    assert (await choices.callback())["data"]["choices"] == [
        {"name": f"Harbour 10K · {today + timedelta(days=12):%d %b}", "value": str(harbour)}]

    for user in (MEMBER, FRIEND):
        joined = await answer(fake, user, ["race", "join"], race=str(harbour))
        assert joined["flags"] & EPHEMERAL
        assert joined["content"].startswith("You're running **Harbour 10K** (")
        assert "you'll be wished good luck by name" in joined["content"]
    again = await answer(fake, MEMBER, ["race", "join"], race="harbour 10k")
    assert again["content"] == "You're already down for **Harbour 10K**."
    await answer(fake, FRIEND, ["race", "join"], race=str(hill))

    listing = await answer(fake, ADMIN, ["race", "list"])
    assert listing["flags"] & EPHEMERAL
    assert listing["content"].splitlines() == [
        f"**#{harbour} Harbour 10K** · {today + timedelta(days=12):%a %d %b %Y} (in 12 days) "
        "· 10K · 2 running",
        f"**#{hill} Hill Half** · {today + timedelta(days=40):%a %d %b %Y} (in 40 days) "
        "· 1 running"]
    mine = (await answer(fake, MEMBER, ["race", "mine"]))["content"]
    assert "Harbour 10K" in mine and "Hill Half" not in mine
    left = await answer(fake, FRIEND, ["race", "leave"], race=str(hill))
    assert left["content"] == "You're off the list for **Hill Half**."
    assert (await answer(fake, FRIEND, ["race", "leave"], race=str(hill)))["content"] == (
        "You weren't down for **Hill Half**.")

    await answer(fake, ADMIN, ["club", "race", "remove"], id=hill)
    refused = await answer(fake, MEMBER, ["race", "join"], race=str(hill))
    assert refused["flags"] & EPHEMERAL
    assert refused["content"] == (f"There is no upcoming race '{hill}' in this club. See the "
                                  "club's races with /race list.")
    theirs = await add_race(fake, "Their 5K", today + timedelta(days=3), guild=OTHER_GUILD,
                            channel=OTHER_CHANNEL)
    foreign = await answer(fake, MEMBER, ["race", "join"], race=str(theirs))
    assert "There is no upcoming race" in foreign["content"]
    assert count(bot.settings, "SELECT COUNT(*) FROM race_runners") == 2
    assert fake.unhandled == []


# --- race morning -------------------------------------------------------------------------


async def test_race_morning_mentions_only_the_runners(fake: FakeDiscord,
                                                      bot: SecondWind) -> None:
    race_day = today_in(ZoneInfo("UTC")) + timedelta(days=1)
    race_id = await add_race(fake, "Harbour 10K", race_day, distance="10K", start_time="09:30",
                             link="https://harbour10k.example")
    for user in (MEMBER, FRIEND):
        await answer(fake, user, ["race", "join"], race=str(race_id))
    run_at = armed_run(bot, PostKind.RACE_MORNING, race_id)
    assert run_at == datetime.combine(race_day, datetime.min.time(), UTC) + timedelta(hours=8)

    fire_now(bot, PostKind.RACE_MORNING, race_id, run_at)
    [message] = await fake.wait_for_messages(MORNING, 1)
    greeting, details = message["content"].split("\n")
    assert greeting == (f"🏁 Good luck today, everyone running **Harbour 10K**! <@{MEMBER}> "
                        f"<@{FRIEND}>")
    assert details == "10K · starts 09:30 · https://harbour10k.example"
    assert f"<@{ADMIN}>" not in message["content"]
    assert message["embeds"][0]["footer"]["text"].startswith("Race day · ")
    assert message["nonce"] == post_nonce(PostKey(PostKind.RACE_MORNING, race_id, race_day))
    [sent] = sends_to(fake, MORNING)
    assert sent["enforce_nonce"] is True
    mentions = sent["allowed_mentions"]
    assert mentions["parse"] == [] and "roles" not in mentions
    assert sorted(int(u) for u in mentions["users"]) == sorted([MEMBER, FRIEND])

    fire_now(bot, PostKind.RACE_MORNING, race_id, run_at)  # fired twice: still one post
    await eventually(lambda: settled(bot.settings, PostKind.RACE_MORNING, 1), "marked sent")
    await asyncio.sleep(0.5)
    assert len(fake.messages(MORNING)) == 1
    assert ledger(bot.settings, PostKind.RACE_MORNING) == [
        (race_id, race_day.isoformat(), "sent", int(message["id"]))]


async def test_above_50_runners_it_names_the_count_and_mentions_nobody(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    race_day = today_in(ZoneInfo("UTC")) + timedelta(days=1)
    race_id = await add_race(fake, "Bay Marathon", race_day)
    runners = [5000 + n for n in range(51)]
    records = [await fake.send_command(GUILD, GENERAL, user, ["race", "join"],
                                       options={"race": str(race_id)}) for user in runners]
    for record in records:
        assert "You're running" in (await record.callback())["data"]["content"]
    listing = (await answer(fake, ADMIN, ["race", "list"]))["content"]
    assert "· 51 running" in listing

    fire_now(bot, PostKind.RACE_MORNING, race_id, armed_run(bot, PostKind.RACE_MORNING, race_id))
    [message] = await fake.wait_for_messages(MORNING, 1)
    assert message["content"] == "🏁 Good luck to the 51 of you running **Bay Marathon** today!"
    [sent] = sends_to(fake, MORNING)
    assert sent["allowed_mentions"]["parse"] == []
    assert not sent["allowed_mentions"].get("users")


async def test_race_morning_goes_once_through_crashes_and_restarts(
    fake: FakeDiscord, settings: Settings
) -> None:
    zone = daytime_zone()
    start = (datetime.now(zone) + timedelta(minutes=30)).strftime("%H:%M")  # due an hour ago
    today = today_in(zone)
    async with running_bot(fake, settings) as bot:
        await answer(fake, ADMIN, ["club", "timezone"], zone=zone.key)
        sent_before_crash = await add_race(fake, "Harbour 10K", today, channel=MORNING,
                                           start_time=start)
        never_sent = await add_race(fake, "Park Mile", today, channel=GENERAL,
                                    start_time=start)
        await answer(fake, MEMBER, ["race", "join"], race=str(sent_before_crash))
        await bot.jobs.shutdown()  # the process "dies" after its claims, before marking
        for race_id in (sent_before_crash, never_sent):
            key = PostKey(PostKind.RACE_MORNING, race_id, today)
            assert await bot.app.store.ledger.claim(key) is None
        # The first one reached Discord before the crash; the mark never happened.
        source = next(s for s in bot.jobs.sources.values() if isinstance(s, RaceMorningPosts))
        race = await bot.app.store.races.get(sent_before_crash)
        assert race is not None
        outgoing = await source.outgoing(race)
        await bot.poster.target.send(outgoing, nonce=post_nonce(
            PostKey(PostKind.RACE_MORNING, sent_before_crash, today)))
    for _ in range(2):
        async with running_bot(fake, settings):
            await fake.wait_for_messages(GENERAL, 1)
            await eventually(lambda: settled(settings, PostKind.RACE_MORNING, 2), "both marked")
            await asyncio.sleep(0.5)
    assert len(fake.messages(MORNING)) == 1
    assert len(fake.messages(GENERAL)) == 1
    assert f"<@{MEMBER}>" in fake.messages(MORNING)[0]["content"]
    rows = {r[0]: (r[2], r[3]) for r in ledger(settings, PostKind.RACE_MORNING)}
    assert rows == {sent_before_crash: ("sent", int(fake.messages(MORNING)[0]["id"])),
                    never_sent: ("sent", int(fake.messages(GENERAL)[0]["id"]))}


async def test_race_morning_after_a_clean_restart_is_not_posted_again(
    fake: FakeDiscord, settings: Settings
) -> None:
    zone = daytime_zone()
    gun = (datetime.now(zone) + timedelta(minutes=30)).replace(second=0, microsecond=0)
    async with running_bot(fake, settings) as bot:
        await answer(fake, ADMIN, ["club", "timezone"], zone=zone.key)
        race_id = await add_race(fake, "Harbour 10K", gun.date(), start_time=f"{gun:%H:%M}")
        run_at = gun.astimezone(UTC) - timedelta(minutes=90)
        fire_now(bot, PostKind.RACE_MORNING, race_id, run_at)
        await fake.wait_for_messages(MORNING, 1)
        await eventually(lambda: settled(settings, PostKind.RACE_MORNING, 1), "marked sent")
    async with running_bot(fake, settings):
        await asyncio.sleep(1.0)
    assert len(fake.messages(MORNING)) == 1


# --- the check-in ---------------------------------------------------------------------------


def buttons(message: dict) -> list[dict]:
    return [c for row in message["components"] for c in row["components"]]


async def click(fake: FakeDiscord, message: dict, answer_id: str, user: int) -> dict:
    custom_id = next(b["custom_id"] for b in buttons(message)
                     if b["custom_id"].endswith(f":{answer_id}"))
    record = await fake.click(int(message["id"]), custom_id, user)
    response = await record.callback()
    assert response["type"] == 4, response  # a new (private) message, the post untouched
    return response["data"]


async def test_check_in_buttons_work_after_a_restart_and_count_once(
    fake: FakeDiscord, settings: Settings
) -> None:
    today = today_in(ZoneInfo("UTC"))
    async with running_bot(fake, settings) as bot:
        race_id = await add_race(fake, "Harbour 10K", today)
        run_at = armed_run(bot, PostKind.RACE_CHECKIN, race_id)
        assert run_at == datetime.combine(today + timedelta(days=1), datetime.min.time(),
                                          UTC) + timedelta(hours=10)
        fire_now(bot, PostKind.RACE_CHECKIN, race_id, run_at)
        [post] = await fake.wait_for_messages(MORNING, 1)
        await eventually(lambda: settled(settings, PostKind.RACE_CHECKIN, 1), "marked sent")
    assert post["embeds"][0]["title"] == "🏁 How did Harbour 10K go?"
    assert "never who said what" in post["embeds"][0]["description"]
    assert [(b["label"], b["custom_id"]) for b in buttons(post)] == [
        ("PB or goal", f"sw:checkin:{race_id}:pb"), ("Finished", f"sw:checkin:{race_id}:finished"),
        ("Tough day", f"sw:checkin:{race_id}:tough"),
        ("Didn't finish / didn't start", f"sw:checkin:{race_id}:dnf")]
    [sent] = sends_to(fake, MORNING)
    assert sent["allowed_mentions"]["parse"] == []  # nobody is mentioned
    assert not sent["allowed_mentions"].get("users") and not sent["allowed_mentions"].get("roles")
    assert post["content"] == ""

    async with running_bot(fake, settings) as bot:
        first = await click(fake, post, "pb", MEMBER)
        assert first["flags"] & EPHEMERAL
        assert first["content"].startswith("Noted for Harbour 10K: PB or goal. Only the counts "
                                           "are shared, never who said what")
        assert first["embeds"], "a fitting entry comes with the answer"
        again = await click(fake, post, "pb", MEMBER)
        assert again["content"] == "You said PB or goal for Harbour 10K already."
        changed = await click(fake, post, "tough", MEMBER)
        assert changed["content"].startswith("Noted for Harbour 10K: Tough day.")
        await click(fake, post, "finished", FRIEND)
        dnf = await click(fake, post, "dnf", ADMIN)
        assert dnf["flags"] & EPHEMERAL
        assert dnf["content"].startswith("Noted for Harbour 10K: Didn't finish / didn't start.")
        assert fake.messages(MORNING) == [post]  # nothing public, the post unchanged
        assert count(settings, "SELECT COUNT(*) FROM race_checkins") == 3

        await move_race(settings, race_id, today - timedelta(days=1))  # the race was yesterday
        status = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "status"])
        embed = (await status.callback())["data"]["embeds"][0]
        field = next(f["value"] for f in embed["fields"]
                     if f["name"] == "Race check-ins (30 days)")
        tally = "Finished 1 · Tough day 1 · Didn't finish / didn't start 1"
        assert field == f"Harbour 10K: {tally}"
        recent = (await answer(fake, ADMIN, ["club", "race", "list"]))["content"]
        assert f"#{race_id} Harbour 10K: {tally}" in recent
        for who in (MEMBER, FRIEND, ADMIN):
            assert str(who) not in field and str(who) not in recent
    assert fake.unhandled == []


async def test_a_check_in_for_another_clubs_race_is_refused(fake: FakeDiscord,
                                                            bot: SecondWind) -> None:
    today = today_in(ZoneInfo("UTC"))
    ours = await add_race(fake, "Harbour 10K", today)
    theirs = await add_race(fake, "Hill Run", today, guild=OTHER_GUILD, channel=OTHER_CHANNEL)
    fire_now(bot, PostKind.RACE_CHECKIN, theirs, armed_run(bot, PostKind.RACE_CHECKIN, theirs))
    [post] = await fake.wait_for_messages(OTHER_CHANNEL, 1)
    # Discord only sends back custom ids the bot put on a message; a forged one (a crafted
    # client, an id from another server) names our race from the other club's channel.
    for button in buttons(post):
        button["custom_id"] = button["custom_id"].replace(f":{theirs}:", f":{ours}:")
    refused = await click(fake, post, "pb", ADMIN)
    assert refused["flags"] & EPHEMERAL
    assert refused["content"] == "That race is not one of this club's (or it was removed)."
    assert count(bot.settings, "SELECT COUNT(*) FROM race_checkins") == 0


# --- the weekly digest ---------------------------------------------------------------------


async def test_digest_set_then_it_posts_once(fake: FakeDiscord, bot: SecondWind) -> None:
    today = today_in(ZoneInfo("UTC"))
    day = f"{today:%a}".lower()
    for options, expected in [
        ({"day": "mon,wed", "time": "18:00"}, "the digest goes out one day a week"),
        ({"day": "someday", "time": "18:00"}, "days 'someday' not understood"),
        ({"day": "sun", "time": "6pm"}, "time '6pm' is not valid"),
    ]:
        data = await answer(fake, ADMIN, ["club", "digest", "set"], channel=ChannelArg(MORNING),
                            **options)
        assert data["flags"] & EPHEMERAL and expected in data["content"], data["content"]
    assert bot.jobs.scheduler.get_job(f"digest:{GUILD}") is None

    race_id = await add_race(fake, "Harbour 10K", today + timedelta(days=3), channel=GENERAL)
    await answer(fake, MEMBER, ["race", "join"], race=str(race_id))
    data = await answer(fake, ADMIN, ["club", "digest", "set"], channel=ChannelArg(MORNING),
                        day=day, time="23:59")
    assert data["content"] == (f"The weekly digest goes to <#{MORNING}> every {day} at 23:59 "
                               "club time.")
    run_at = armed_run(bot, PostKind.DIGEST, GUILD)
    assert run_at.astimezone(UTC).date() in (today, today + timedelta(days=7))
    fire_now(bot, PostKind.DIGEST, GUILD, run_at)
    [message] = await fake.wait_for_messages(MORNING, 1)
    embed = message["embeds"][0]
    assert embed["title"] == f"📰 The club's week · {run_at:%d %b %Y}"
    assert embed["description"] == (
        "**Races this week and next**\n"
        f"• Harbour 10K, {today + timedelta(days=3):%a %d %b} · 1 running")
    fire_now(bot, PostKind.DIGEST, GUILD, run_at)
    await eventually(lambda: settled(bot.settings, PostKind.DIGEST, 1), "marked sent")
    await asyncio.sleep(0.5)
    assert len(fake.messages(MORNING)) == 1

    off = await answer(fake, ADMIN, ["club", "digest", "off"])
    assert off["content"] == "The weekly digest is off."
    assert bot.jobs.scheduler.get_job(f"digest:{GUILD}") is None
    assert (await answer(fake, ADMIN, ["club", "digest", "off"]))["content"] == (
        "There was no weekly digest to stop.")


# --- a known gap --------------------------------------------------------------------------


async def test_race_morning_follows_a_change_of_the_clubs_morning_time(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    """A race without a start time posts at the club's morning time (its earliest schedule)."""
    race_day = today_in(ZoneInfo("UTC")) + timedelta(days=2)
    race_id = await add_race(fake, "Harbour 10K", race_day)
    at_seven = datetime.combine(race_day, datetime.min.time(), UTC) + timedelta(hours=7)
    assert armed_run(bot, PostKind.RACE_MORNING, race_id) == at_seven
    await answer(fake, ADMIN, ["club", "schedule", "add"], channel=ChannelArg(GENERAL),
                 time="05:45")
    assert armed_run(bot, PostKind.RACE_MORNING, race_id) == at_seven - timedelta(minutes=75), \
        "the race-morning job was not re-armed when the club's morning time changed"
