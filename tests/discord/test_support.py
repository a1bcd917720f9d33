"""/support, /club support and the crisis answers, end to end on the fake Discord."""

from __future__ import annotations

import sqlite3

from bot.config import Settings
from bot.core.safety import CLUB_LINE_PREFIX
from bot.discord.client import SecondWind
from tests.discord.conftest import ADMIN, FRIEND, GENERAL, GUILD, MEMBER, OTHER_CHANNEL, OTHER_GUILD
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import UserArg

EPHEMERAL = 1 << 6
LINE = "Harbour Runners welfare: ring Jo on 07700 900123, any time"


async def answer(fake: FakeDiscord, guild: int, channel: int, user: int, name: str | list[str],
                 **options: object) -> dict:
    record = await fake.send_command(guild, channel, user, name, options=options or None)
    return (await record.callback())["data"]


async def test_support_is_private_and_names_real_help(fake: FakeDiscord, bot: SecondWind) -> None:
    data = await answer(fake, GUILD, GENERAL, MEMBER, "support")
    assert data["flags"] & EPHEMERAL
    assert "findahelpline.com" in data["content"] and "988" in data["content"]
    assert not data["content"].startswith(CLUB_LINE_PREFIX)


async def test_club_support_line_comes_first_in_this_club_only(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    refused = await answer(fake, GUILD, GENERAL, MEMBER, ["club", "support"], text=LINE)
    assert refused["flags"] & EPHEMERAL and "Manage Server" in refused["content"]
    too_long = await answer(fake, GUILD, GENERAL, ADMIN, ["club", "support"], text="x" * 301)
    assert "1 to 300 characters" in too_long["content"]
    with sqlite3.connect(settings.database_path) as db:
        assert db.execute("SELECT COUNT(*) FROM clubs WHERE support_line IS NOT NULL"
                          ).fetchone()[0] == 0
    saved = await answer(fake, GUILD, GENERAL, ADMIN, ["club", "support"],
                         text=LINE + " @everyone")
    assert saved["flags"] & EPHEMERAL and LINE in saved["content"]
    ours = await answer(fake, GUILD, GENERAL, MEMBER, "support")
    assert ours["content"].startswith(CLUB_LINE_PREFIX + LINE)
    assert "@everyone" not in ours["content"].replace("@\u200beveryone", "")
    danger = await answer(fake, GUILD, GENERAL, MEMBER, "encourage",
                          about="I don't want to be here anymore")
    assert danger["flags"] & EPHEMERAL and danger["content"].startswith(CLUB_LINE_PREFIX + LINE)
    assert not danger.get("embeds")
    theirs = await answer(fake, OTHER_GUILD, OTHER_CHANNEL, ADMIN, "support")
    assert LINE not in theirs["content"]
    await answer(fake, GUILD, GENERAL, ADMIN, ["club", "support"], remove=True)
    assert LINE not in (await answer(fake, GUILD, GENERAL, MEMBER, "support"))["content"]


async def test_distress_is_private_with_a_gentle_line_and_an_entry(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    data = await answer(fake, GUILD, GENERAL, MEMBER, "encourage",
                        about="I'm in a really dark place lately, everything is falling apart")
    assert data["flags"] & EPHEMERAL
    assert "/support" in data["content"]
    assert data["embeds"] and data["allowed_mentions"] == {"parse": []}


async def test_a_cheer_note_in_danger_is_not_posted(fake: FakeDiscord, bot: SecondWind) -> None:
    data = await answer(fake, GUILD, GENERAL, MEMBER, "cheer", member=UserArg(FRIEND),
                        note="honestly i want to kill myself")
    assert data["flags"] & EPHEMERAL
    assert "findahelpline.com" in data["content"]
    assert f"<@{FRIEND}>" not in data["content"] and not data.get("embeds")
    assert fake.messages(GENERAL) == []
