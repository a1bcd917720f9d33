"""The real bot, end to end, judged by the payloads it sends to the fake Discord."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

import pytest

from bot.config import Settings
from bot.discord.client import SecondWind
from tests.discord.conftest import (
    ADMIN,
    FRIEND,
    GENERAL,
    GUILD,
    MEMBER,
    OTHER_GUILD,
    running_bot,
)
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import UserArg

EPHEMERAL = 1 << 6
NO_MENTIONS = {"parse": []}


def buttons(message: dict) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


async def test_commands_synced_once_to_the_configured_guild(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    names = {c["name"] for c in fake.commands[GUILD]}
    assert {"doubt", "comeback", "adversity", "latestart", "belong", "smallwin", "together",
            "lesson", "raceday", "encourage", "story", "reflect", "mantra", "themes", "cheer",
            "club"} <= names
    club = next(c for c in fake.commands[GUILD] if c["name"] == "club")
    assert int(club["default_member_permissions"]) == 1 << 5
    assert len(fake.command_overwrites) == 1
    await bot.close()
    async with running_bot(fake, settings):
        pass
    assert len(fake.command_overwrites) == 1  # unchanged command set: no second sync


async def test_theme_command_answers_with_embed_and_buttons(fake: FakeDiscord,
                                                            bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "doubt", options={"kind": "story"})
    answer = await record.callback()
    assert answer["type"] == 4
    data = answer["data"]
    embed = data["embeds"][0]
    assert embed["color"] == 0x6C5CE7
    assert embed["title"].startswith("🧠 ")
    assert embed["footer"]["text"] == "Mental battles · story"
    assert len(embed["description"].split()) >= 120
    assert data["allowed_mentions"] == NO_MENTIONS
    assert not data.get("flags", 0) & EPHEMERAL
    ids = buttons(data)
    assert ids[0] == "sw:another:doubt:story"
    assert ids[1].startswith("sw:helped:doubt-")


async def test_private_answer_is_ephemeral(fake: FakeDiscord, bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "comeback",
                                     options={"private": True})
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL
    assert data["embeds"][0]["footer"]["text"].startswith("Comebacks · ")


async def test_another_and_helped_buttons(fake: FakeDiscord, bot: SecondWind) -> None:
    first = await fake.send_command(GUILD, GENERAL, MEMBER, "lesson", options={"kind": "mantra"})
    await first.callback()
    message_id = int(first.message["id"])
    another_id, helped_id = buttons(first.message)
    again = await fake.click(message_id, another_id, MEMBER)
    data = (await again.callback())["data"]
    assert data["embeds"][0]["footer"]["text"] == "Lessons · mantra"
    assert data["embeds"][0]["description"] != first.message["embeds"][0]["description"]
    thanks = await fake.click(message_id, helped_id, FRIEND)
    reply = (await thanks.callback())["data"]
    assert reply["flags"] & EPHEMERAL and "helped" in reply["content"]
    status = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "status"])
    fields = {f["name"]: f["value"] for f in (await status.callback())["data"]["embeds"][0]
              ["fields"]}
    assert first.message["embeds"][0]["title"].split(" ", 1)[1] in fields["Helped most (30 days)"]


async def test_buttons_work_after_a_restart(fake: FakeDiscord, settings: Settings) -> None:
    async with running_bot(fake, settings):
        record = await fake.send_command(GUILD, GENERAL, MEMBER, "raceday")
        await record.callback()
    async with running_bot(fake, settings):
        click = await fake.click(int(record.message["id"]), buttons(record.message)[0], MEMBER)
        data = (await click.callback())["data"]
        assert data["embeds"][0]["footer"]["text"].startswith("Race day · ")


async def test_encourage_matches_and_crisis_is_private(fake: FakeDiscord, bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "encourage",
                                     options={"about": "first 5k on Saturday"})
    data = (await record.callback())["data"]
    assert data["embeds"][0]["footer"]["text"].startswith("Race day · ")
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "encourage",
                                     options={"about": "I don't want to be here anymore"})
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL
    assert "emergency" in data["content"] and not data.get("embeds")


async def test_kind_commands_with_theme_autocomplete(fake: FakeDiscord, bot: SecondWind) -> None:
    choices = await fake.autocomplete(GUILD, GENERAL, MEMBER, "story",
                                      options={"theme": "com"}, focused="theme")
    values = [c["value"] for c in (await choices.callback())["data"]["choices"]]
    assert values == ["comeback", "community"]
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "story",
                                     options={"theme": "community"})
    footer = (await record.callback())["data"]["embeds"][0]["footer"]["text"]
    assert footer == "Together · story"
    bad = await fake.send_command(GUILD, GENERAL, MEMBER, "mantra", options={"theme": "nope"})
    data = (await bad.callback())["data"]
    assert data["flags"] & EPHEMERAL and "There is no theme 'nope'" in data["content"]


async def test_cheer_pings_exactly_the_member(fake: FakeDiscord, bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "cheer", options={
        "member": UserArg(FRIEND), "note": "go well @everyone <@&1100>"})
    data = (await record.callback())["data"]
    assert data["allowed_mentions"]["parse"] == []
    assert [int(u) for u in data["allowed_mentions"]["users"]] == [FRIEND]
    assert f"<@{FRIEND}>" in data["content"]
    assert "@everyone" not in data["content"].replace("@\u200beveryone", "")
    assert data["embeds"][0]["footer"]["text"].endswith("· mantra")


async def test_themes_list(fake: FakeDiscord, bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "themes")
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL
    assert data["embeds"][0]["description"].count("\n") == 8


async def test_club_refused_for_member_without_manage_server(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, ["club", "timezone"],
                                     options={"zone": "Europe/Oslo"})
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"]
    with sqlite3.connect(settings.database_path) as db:
        assert db.execute("SELECT COUNT(*) FROM clubs").fetchone()[0] == 0


async def test_club_admin_flow(fake: FakeDiscord, bot: SecondWind) -> None:
    zones = await fake.autocomplete(GUILD, GENERAL, ADMIN, ["club", "timezone"],
                                    options={"zone": "oslo"}, focused="zone")
    assert [c["value"] for c in (await zones.callback())["data"]["choices"]] == ["Europe/Oslo"]
    bad = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "timezone"],
                                  options={"zone": "Mars/Base"})
    data = (await bad.callback())["data"]
    assert data["flags"] & EPHEMERAL and "IANA" in data["content"]
    good = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "timezone"],
                                   options={"zone": "Europe/Oslo"})
    assert "Europe/Oslo" in (await good.callback())["data"]["content"]
    off = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "themes", "disable"],
                                  options={"theme": "doubt"})
    assert "Turned off" in (await off.callback())["data"]["content"]
    refused = await fake.send_command(GUILD, GENERAL, MEMBER, "doubt")
    assert "turned off" in (await refused.callback())["data"]["content"]
    elsewhere = await fake.send_command(OTHER_GUILD, 2001, ADMIN, "doubt")
    assert (await elsewhere.callback())["data"]["embeds"]
    status = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "status"])
    fields = {f["name"]: f["value"] for f in (await status.callback())["data"]["embeds"][0]
              ["fields"]}
    assert fields["Time zone"] == "Europe/Oslo" and fields["Themes off"] == "doubt"


async def test_reconnects_after_gateway_drop(fake: FakeDiscord, bot: SecondWind) -> None:
    await fake.drop_gateway(resumable=True)
    await fake.wait_resumed(1, timeout=15)
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "smallwin")
    assert (await record.callback(timeout=10))["data"]["embeds"]
    await fake.drop_gateway(resumable=False)
    await fake.wait_identified(2, timeout=20)
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "together")
    assert (await record.callback(timeout=10))["data"]["embeds"]
    assert fake.unhandled == []


async def test_answers_within_discords_deadline(fake: FakeDiscord, bot: SecondWind) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    records = [await fake.send_command(GUILD, GENERAL, MEMBER + i % 2, "doubt")
               for i in range(20)]
    for record in records:
        await record.callback()
    assert loop.time() - started < 3.0


async def test_a_command_running_when_the_bot_stops_still_gets_its_answer(
    fake: FakeDiscord, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A stop (SIGTERM, a deploy) waits for the commands already running, then closes the
    database: the member's answer and the notes after it read a database still open."""
    caplog.set_level(logging.WARNING)
    entered, release = asyncio.Event(), asyncio.Event()
    async with running_bot(fake, settings) as bot:
        pick = bot.app.encouragement.pick

        async def slow_pick(*args: Any, **kwargs: Any) -> Any:
            entered.set()
            await release.wait()
            return await pick(*args, **kwargs)

        bot.app.encouragement.pick = slow_pick  # type: ignore[method-assign]
        record = await fake.send_command(GUILD, GENERAL, MEMBER, "doubt")
        await asyncio.wait_for(entered.wait(), 10)
        closing = asyncio.create_task(bot.close())
        await asyncio.sleep(0.2)
        assert not closing.done()  # waiting for the command, database still open
        release.set()
        answer = await record.callback()
        await asyncio.wait_for(closing, 15)
    assert answer["data"]["embeds"][0]["footer"]["text"].startswith("Mental battles")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
