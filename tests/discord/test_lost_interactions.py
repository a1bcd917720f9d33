"""Answers Discord no longer takes: the interaction expired (404, code 10062).

Discord keeps an interaction 3 seconds before its first answer and 15 minutes
after a defer; a bot that is slow (or a gateway that is late) gets
``404 Unknown interaction``. That is not a bug of ours: the reporter logs one
line, nothing is logged at ERROR, no task dies with an exception nobody
retrieves, and the next member's command is answered as usual.

How an interaction expires here: the fake hands the bot a token it no longer
knows (the record keeps the real one), so every answer to it is refused with
code 10062, exactly as Discord refuses an expired one. For "expired after the
defer", the token is forgotten once the defer has been taken.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from bot.discord.client import SecondWind
from tests.discord.conftest import ADMIN, FRIEND, GENERAL, GUILD, MEMBER, MORNING
from tests.discord.modal_flow import rows
from tests.fakediscord import ChannelArg, FakeDiscord, FileArg

EPHEMERAL = 1 << 6
UNKNOWN_INTERACTION = 10062
STORY = "Six months after the surgery I ran to the end of the road and back again."
CLUB_FILE = b"""\
entries:
  - id: lamp-posts
    theme: small-wins
    kind: mantra
    title: Lamp posts
    body: One lamp post at a time.
"""


class Expiry:
    """Makes chosen interactions expire, before their first answer or after a defer."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.before_answer = False
        self.after_defer: list[Any] = []
        self._dispatch = fake.dispatch
        self._lookup = fake._interaction
        fake.dispatch = self._dispatch_expired  # type: ignore[method-assign]
        fake._interaction = self._forget_after_defer  # type: ignore[method-assign]

    async def _dispatch_expired(self, event: str, data: dict) -> None:
        if event == "INTERACTION_CREATE" and self.before_answer:
            self.before_answer = False
            data = {**data, "token": "expired-" + data["token"]}
        await self._dispatch(event, data)

    def _forget_after_defer(self, request: Any) -> Any:
        if "interaction_id" not in request.match_info:  # a follow-up or an edit
            for record in self.after_defer:
                if record.responses and record.token == request.match_info["token"]:
                    record.payload["token"] = "forgotten"
        return self._lookup(request)

    def refused(self) -> list[str]:
        """The interaction answers the fake refused as unknown."""
        return [f"{r.method} {r.path}" for r in self.fake.requests
                if r.path.startswith(("/interactions/", "/webhooks/")) and r.status == 404]


@pytest.fixture
def expiry(fake: FakeDiscord) -> Iterator[Expiry]:
    yield Expiry(fake)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def lost_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "bot.discord.reporting" and str(UNKNOWN_INTERACTION) in r.getMessage()]


def assert_quiet(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing at WARNING or above, and no task whose exception nobody retrieved."""
    gc.collect()  # a dead task reports its exception when it is collected
    loud = [f"{r.name} {r.levelname}: {r.getMessage()}" for r in caplog.records
            if r.levelno >= logging.WARNING]
    assert loud == []
    assert "Task exception was never retrieved" not in caplog.text
    assert "Traceback" not in caplog.text


async def logged(caplog: pytest.LogCaptureFixture, count: int = 1) -> list[str]:
    """The lost-interaction lines, once there are ``count`` (each follows its refusal)."""
    async with asyncio.timeout(5):
        while len(lost_lines(caplog)) < count:
            await asyncio.sleep(0.02)
    await asyncio.sleep(0.05)  # time for a second line, which must not come
    return lost_lines(caplog)


async def still_answering(fake: FakeDiscord) -> None:
    record = await fake.send_command(GUILD, GENERAL, FRIEND, "smallwin")
    assert (await record.callback())["data"]["embeds"]


async def wait_refused(fake: FakeDiscord, expiry: Expiry, count: int = 1) -> None:
    await fake.wait_until(lambda: len(expiry.refused()) >= count, 5, "a refused answer")


async def test_an_expired_command_is_one_log_line(fake: FakeDiscord, bot: SecondWind,
                                                  expiry: Expiry,
                                                  logs: pytest.LogCaptureFixture) -> None:
    expiry.before_answer = True
    await fake.send_command(GUILD, GENERAL, MEMBER, "doubt", options={"kind": "story"})
    await wait_refused(fake, expiry)
    await still_answering(fake)
    [line] = await logged(logs)
    assert "/doubt" in line
    assert len(expiry.refused()) == 1  # no second try at an answer Discord won't take
    assert_quiet(logs)


async def test_an_expired_refusal_is_one_log_line(fake: FakeDiscord, bot: SecondWind,
                                                  expiry: Expiry,
                                                  logs: pytest.LogCaptureFixture) -> None:
    expiry.before_answer = True  # the member's mistake, answered too late
    await fake.send_command(GUILD, GENERAL, MEMBER, "mantra", options={"theme": "nope"})
    await wait_refused(fake, expiry)
    await still_answering(fake)
    [line] = await logged(logs)
    assert "/mantra" in line
    assert_quiet(logs)


async def test_an_expired_button_is_one_log_line(fake: FakeDiscord, bot: SecondWind,
                                                 expiry: Expiry,
                                                 logs: pytest.LogCaptureFixture) -> None:
    first = await fake.send_command(GUILD, GENERAL, MEMBER, "lesson", options={"kind": "mantra"})
    await first.callback()
    another, helped = (c["custom_id"] for c in first.message["components"][0]["components"])
    for custom_id in (another, helped):
        expiry.before_answer = True
        await fake.click(int(first.message["id"]), custom_id, FRIEND)
    await wait_refused(fake, expiry, 2)
    await still_answering(fake)
    assert len(await logged(logs, 2)) == 2
    assert_quiet(logs)


async def test_an_expired_form_keeps_the_story(fake: FakeDiscord, bot: SecondWind,
                                               expiry: Expiry, settings: Settings,
                                               logs: pytest.LogCaptureFixture) -> None:
    review = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "submissions"],
                                     options={"channel": ChannelArg(MORNING)})
    await review.wait_followups(1)
    form = await (await fake.send_command(GUILD, GENERAL, MEMBER, "share")).callback()
    custom_id = form["data"]["custom_id"]
    expiry.before_answer = True
    await fake.submit_modal(GUILD, GENERAL, MEMBER, custom_id, {
        "theme": "comeback", "title": "End of the road", "story": STORY, "credit": "me"})
    # The thanks is lost, but the story is saved and goes to review all the same.
    [posted] = await fake.wait_for_messages(MORNING, 1)
    assert posted["embeds"][0]["description"] == STORY
    assert rows(settings.database_path, "SELECT title FROM submissions") == [("End of the road",)]
    # A refused form (a theme that does not exist) whose answer is lost.
    expiry.before_answer = True
    await fake.submit_modal(GUILD, GENERAL, MEMBER, custom_id, {
        "theme": "nope", "title": "Again", "story": STORY, "credit": "me"})
    await wait_refused(fake, expiry, 2)
    await still_answering(fake)
    assert len(await logged(logs, 2)) == 2
    assert_quiet(logs)


async def test_expired_after_the_defer_the_import_is_kept(
    fake: FakeDiscord, bot: SecondWind, expiry: Expiry, settings: Settings,
    logs: pytest.LogCaptureFixture,
) -> None:
    record = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "import"],
                                     options={"file": FileArg("club.yaml", CLUB_FILE)})
    expiry.after_defer.append(record)
    await wait_refused(fake, expiry)
    assert record.responses[0]["type"] == 5  # the defer was taken
    assert record.followups == []
    assert rows(settings.database_path, "SELECT title FROM club_entries") == [("Lamp posts",)]
    await still_answering(fake)
    [line] = await logged(logs)
    assert "/club content import" in line
    assert_quiet(logs)


async def test_an_expired_schedule_test_is_one_log_line(fake: FakeDiscord, bot: SecondWind,
                                                        expiry: Expiry,
                                                        logs: pytest.LogCaptureFixture) -> None:
    add = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "schedule", "add"],
                                  options={"channel": ChannelArg(MORNING), "time": "07:00"})
    await add.callback()
    record = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "schedule", "test"],
                                     options={"id": 1})
    expiry.after_defer.append(record)
    await wait_refused(fake, expiry)
    await fake.wait_for_messages(MORNING, 1)  # the test post itself went out
    await still_answering(fake)
    assert len(await logged(logs)) == 1
    assert_quiet(logs)


async def test_lost_answers_do_not_hold_up_other_members(fake: FakeDiscord, bot: SecondWind,
                                                         expiry: Expiry,
                                                         logs: pytest.LogCaptureFixture) -> None:
    for _ in range(10):
        expiry.before_answer = True
        await fake.send_command(GUILD, GENERAL, MEMBER, "doubt")
        answered = await fake.send_command(GUILD, GENERAL, FRIEND, "comeback")
        assert (await answered.callback())["data"]["embeds"]
    await wait_refused(fake, expiry, 10)
    assert len(await logged(logs, 10)) == 10
    assert_quiet(logs)


async def test_an_expired_autocomplete_is_not_an_error(fake: FakeDiscord, bot: SecondWind,
                                                       expiry: Expiry,
                                                       logs: pytest.LogCaptureFixture) -> None:
    expiry.before_answer = True
    await fake.autocomplete(GUILD, GENERAL, MEMBER, "story", options={"theme": "com"},
                            focused="theme")
    await wait_refused(fake, expiry)
    await still_answering(fake)
    assert_quiet(logs)
