"""/share, the review channel and its Approve / Reject buttons, end to end."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from bot.config import SHIPPED_CONTENT, Settings
from bot.content import load_library
from bot.discord.client import SecondWind
from tests.discord.conftest import (
    ADMIN,
    FRIEND,
    GENERAL,
    GUILD,
    MEMBER,
    MORNING,
    OTHER_CHANNEL,
    OTHER_GUILD,
    running_bot,
)
from tests.discord.modal_flow import (
    EPHEMERAL,
    MODAL,
    form_defaults,
    open_form,
    pick_titles,
    rows,
    send_form,
)
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import ChannelArg

NO_MENTIONS = {"parse": []}
STORIES_IN_COMEBACK = len(load_library([SHIPPED_CONTENT]).entries_for(["comeback"], "story"))
STORY = ("Six months after the surgery I ran to the end of the road and back. "
         "Hey @everyone, ask <@3003> or <@&1100> in <#1001>, or read [my blog](https://x.example/p).")


async def set_review_channel(fake: FakeDiscord, channel: int = MORNING) -> str:
    record = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "submissions"],
                                     options={"channel": ChannelArg(channel)})
    await record.callback()
    return (await record.wait_followups(1))[0]["content"]


async def share(fake: FakeDiscord, title: str = "End of the road", story: str = STORY,
                credit: str = "me", theme: str = "comeback", user: int = MEMBER) -> dict:
    custom_id, defaults = await open_form(fake, GUILD, GENERAL, user, "share")
    # The credit is asked for, never filled in with the member's name.
    assert defaults == {"theme": "", "title": "", "story": "", "credit": ""}
    return await send_form(fake, GUILD, GENERAL, user, custom_id,
                           {"theme": theme, "title": title, "story": story, "credit": credit})


def review_buttons(message: dict) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


def submissions(settings: Settings) -> list[tuple]:
    return rows(settings.database_path,
                "SELECT id, status, credit, decided_by, entry_id FROM submissions ORDER BY id")


def club_entries(settings: Settings) -> list[tuple]:
    return rows(settings.database_path,
                "SELECT guild_id, id, theme_id, kind, title, credit FROM club_entries")


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for something the bot does after answering (a DM, a log line)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


def dms_containing(fake: FakeDiscord, text: str) -> list:
    return [r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")
            and text in ((r.json or {}).get("content") or "")]


async def test_share_review_and_approval(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    assert await set_review_channel(fake) == \
        f"Members' stories now come to <#{MORNING}> for review."
    thanks = await share(fake)
    assert thanks["flags"] & EPHEMERAL and "Thank you for sharing it" in thanks["content"]
    review = (await fake.wait_for_messages(MORNING, 1))[0]
    assert review_buttons(review) == ["sw:review:approve:1", "sw:review:reject:1"]
    embed = review["embeds"][0]
    assert embed["title"] == "🌱 End of the road"
    assert "@\u200beveryone" in embed["description"]
    assert "ask @member or @role in #channel, or read my blog (https://x.example/p)." in \
        embed["description"]
    assert {"name": "From", "value": f"<@{MEMBER}> (credited to ana)", "inline": True} in \
        embed["fields"]
    posts = [r for r in fake.requests if r.path == f"/channels/{MORNING}/messages"]
    assert posts[-1].json["allowed_mentions"] == NO_MENTIONS
    assert submissions(settings) == [(1, "pending", "ana", None, None)]
    status = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "status"])
    fields = {f["name"]: f["value"] for f in (await status.callback())["data"]["embeds"][0]
              ["fields"]}
    assert fields["Members' stories"] == "1 waiting for review"

    # A member without Manage Server is refused, and nothing changes.
    refused = await fake.click(int(review["id"]), "sw:review:approve:1", FRIEND)
    data = (await refused.callback())["data"]
    assert data["flags"] & EPHEMERAL and "Only admins (Manage Server)" in data["content"]
    assert submissions(settings) == [(1, "pending", "ana", None, None)]
    assert club_entries(settings) == []
    assert review_buttons(fake.get_message(int(review["id"]))) != []

    approved = await fake.click(int(review["id"]), "sw:review:approve:1", ADMIN)
    assert (await approved.callback())["type"] == 7  # the review message is updated
    message = fake.get_message(int(review["id"]))
    assert message["components"] == []  # decided: the buttons are gone
    decision = message["embeds"][0]["fields"][-1]
    assert decision["value"] == \
        f"✅ Approved by <@{ADMIN}>: added as `club-1-end-of-the-road`"
    assert submissions(settings) == [(1, "approved", "ana", ADMIN, "club-1-end-of-the-road")]
    assert club_entries(settings) == [(GUILD, "club-1-end-of-the-road", "comeback", "story",
                                       "End of the road", "ana")]
    await eventually(lambda: bool(dms_containing(fake, "was added to Harbour Runners")))
    dm = dms_containing(fake, "was added to Harbour Runners")[0]
    assert dm.status == 200 and dm.json["allowed_mentions"] == NO_MENTIONS

    # The story is picked in this club, credited; never in another club.
    ours = await pick_titles(fake, GUILD, GENERAL, MEMBER, "comeback", "story",
                             STORIES_IN_COMEBACK + 1)
    assert "🌱 End of the road" in ours
    theirs = await pick_titles(fake, OTHER_GUILD, OTHER_CHANNEL, ADMIN, "comeback", "story",
                               2 * (STORIES_IN_COMEBACK + 1))
    assert "🌱 End of the road" not in theirs


async def test_closed_dms_do_not_stop_an_approval(
    fake: FakeDiscord, bot: SecondWind, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.discord.cogs.submissions")
    fake.close_dms(MEMBER)
    await set_review_channel(fake)
    await share(fake, credit="anonymous")
    review = (await fake.wait_for_messages(MORNING, 1))[0]
    assert {"name": "From", "value": f"<@{MEMBER}> (anonymous)", "inline": True} in \
        review["embeds"][0]["fields"]
    approved = await fake.click(int(review["id"]), "sw:review:approve:1", ADMIN)
    assert (await approved.callback())["type"] == 7
    await eventually(lambda: "has DMs closed" in caplog.text)
    assert any(r.levelno == logging.INFO and "has DMs closed" in r.getMessage()
               for r in caplog.records)
    assert submissions(settings) == [(1, "approved", None, ADMIN, "club-1-end-of-the-road")]
    assert [r.status for r in dms_containing(fake, "was added")] == [403]


async def test_buttons_work_after_a_restart_and_reject(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    await set_review_channel(fake)
    await share(fake, title="Quiet one")
    review = (await fake.wait_for_messages(MORNING, 1))[0]
    await bot.close()
    async with running_bot(fake, settings):
        rejected = await fake.click(int(review["id"]), "sw:review:reject:1", ADMIN)
        assert (await rejected.callback())["type"] == 7
        assert fake.get_message(int(review["id"]))["embeds"][0]["fields"][-1]["value"] == \
            f"✖️ Rejected by <@{ADMIN}>"
        await eventually(lambda: bool(dms_containing(fake, "wasn't added")))
    assert submissions(settings) == [(1, "rejected", "ana", ADMIN, None)]
    assert club_entries(settings) == []


async def test_bad_share_keeps_the_story_and_saves_nothing(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    custom_id, _ = await open_form(fake, GUILD, GENERAL, MEMBER, "share",
                                   {"theme": "Late starts"})
    typed = {"theme": "knitting", "title": "Mine", "story": STORY, "credit": "me"}
    record = await fake.submit_modal(GUILD, GENERAL, MEMBER, custom_id, typed)
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL and "There is no theme 'knitting'" in data["content"]
    button = data["components"][0]["components"][0]["custom_id"]
    reopened = await (await fake.click(record.message_id, button, MEMBER)).callback()
    assert reopened["type"] == MODAL and form_defaults(reopened["data"]) == typed
    for story, credit, reason in (("too short", "me", "The story takes 20 to 4000 characters"),
                                  (STORY, "maybe", "write me (your name is shown) or anonymous")):
        answer = await share(fake, story=story, credit=credit)
        assert reason in answer["content"] and answer["flags"] & EPHEMERAL
    dm = await fake.send_command(None, 5555, MEMBER, "share")
    assert "in a server" in (await dm.callback())["data"]["content"]
    assert submissions(settings) == []
    assert fake.messages(MORNING) == []


async def test_share_prefills_a_known_theme(fake: FakeDiscord, bot: SecondWind) -> None:
    _, defaults = await open_form(fake, GUILD, GENERAL, MEMBER, "share",
                                  {"theme": "Late starts"})
    assert defaults["theme"] == "late-start"


async def test_pending_list_and_a_review_channel_chosen_later(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    await share(fake, title="Before the channel")
    listing = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "submissions"])
    embed = (await listing.callback())["data"]["embeds"][0]
    assert embed["title"] == "Stories waiting for review (1)"
    assert "No review channel yet" in embed["description"]
    assert "**#1** · comeback · **Before the channel** · from <@3002> (credited to ana)" \
        " · not in a review channel yet" in embed["description"]
    refused = await fake.send_command(GUILD, GENERAL, MEMBER, ["club", "submissions"])
    assert "Manage Server" in (await refused.callback())["data"]["content"]
    assert await set_review_channel(fake) == (
        f"Members' stories now come to <#{MORNING}> for review. Posted the 1 waiting there.")
    review = (await fake.wait_for_messages(MORNING, 1))[0]
    assert review_buttons(review) == ["sw:review:approve:1", "sw:review:reject:1"]
    fake.forbid_channel(GENERAL)
    text = await set_review_channel(fake, GENERAL)
    assert "I could not post 1 of them: I need View Channel, Send Messages" in text
    assert submissions(settings) == [(1, "pending", "ana", None, None)]
