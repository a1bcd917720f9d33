"""Picks and club settings over a real SQLite file and the shipped library."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.content import Entry, Library
from bot.errors import UserError
from bot.store import Store
from bot.values import Where

HERE = Where(1, 10, 100)


@pytest.fixture
async def app(tmp_path: Path, library: Library) -> AsyncIterator[App]:
    store = await Store.open(tmp_path / "sw.db")
    yield App(store, library, rng=random.Random(4))
    await store.close()


async def test_theme_pick_is_that_theme_and_kind(app: App) -> None:
    post = await app.encouragement.pick(HERE, "doubt", "story")
    assert (post.theme_id, post.kind) == ("doubt", "story")
    assert post.footer == "Mental battles · story"
    assert post.color == 0x6C5CE7


async def test_channel_sees_whole_pool_before_repeat(app: App,
                                                     library: Library) -> None:
    size = len(library.entries_for(["lessons"], "mantra"))
    seen = [(await app.encouragement.pick(Where(1, 10, 100 + i), "lessons", "mantra")).entry_id
            for i in range(size)]
    assert len(set(seen)) == size


async def test_disabled_theme_is_refused_and_left_out(app: App) -> None:
    await app.clubs.set_themes_enabled(1, "doubt, race-day", enabled=False)
    with pytest.raises(UserError, match="turned off"):
        await app.encouragement.pick(HERE, "doubt")
    themes = {(await app.encouragement.pick(HERE)).theme_id for _ in range(60)}
    assert "doubt" not in themes and "race-day" not in themes
    other_club = {(await app.encouragement.pick(Where(2, 20, 200), "doubt")).theme_id}
    assert other_club == {"doubt"}


async def test_club_entries_only_in_their_own_club(app: App) -> None:
    await app.store.content.add_entries(1, [Entry(
        id="club-1-1", theme="small-wins", kind="mantra", title="Ours",
        body="Our own club line.", credit="Sam")], None)
    ours = {(await app.encouragement.pick(Where(1, 10, 100 + i), "small-wins", "mantra")).entry_id
            for i in range(40)}
    assert "club-1-1" in ours
    theirs = {(await app.encouragement.pick(Where(2, 20, 200 + i), "small-wins", "mantra")).entry_id
              for i in range(40)}
    assert "club-1-1" not in theirs


async def test_unknown_theme_and_kind_say_what_is_accepted(app: App) -> None:
    with pytest.raises(UserError, match="Themes: doubt, comeback"):
        app.library.theme("marathons")
    with pytest.raises(UserError, match="Kinds: story, reflection, mantra, prompt"):
        app.library.kind("poem")


async def test_timezone_validated_and_nothing_saved_on_error(app: App) -> None:
    assert await app.clubs.set_timezone(1, "europe/oslo") == "Europe/Oslo"
    with pytest.raises(UserError, match="IANA"):
        await app.clubs.set_timezone(1, "Mars/Base")
    assert (await app.clubs.club(1)).timezone == "Europe/Oslo"


async def test_encourage_matches_and_crisis_gets_support(app: App) -> None:
    answer = await app.encouragement.encourage(HERE, "knee injury, scared to start again")
    assert answer.support is None and answer.post is not None
    assert answer.post.theme_id == "comeback"
    reply = await app.encouragement.encourage(HERE, "i want to kill myself")
    assert reply.post is None and reply.support is not None
    assert "emergency" in reply.support.text
    any_post = await app.encouragement.encourage(HERE, None)
    assert any_post.support is None and any_post.post is not None


async def test_helped_feeds_status(app: App) -> None:
    post = await app.encouragement.pick(HERE, "community")
    assert await app.encouragement.mark_helped(HERE, post.entry_id)
    assert not await app.encouragement.mark_helped(HERE, post.entry_id)
    await app.encouragement.mark_helped(Where(1, 10, 101), post.entry_id)
    status = await app.clubs.status(1)
    assert status.most_helpful == [(post.entry_id, post.title, 2)]
    assert status.shipped_entries >= 300


@pytest.mark.parametrize(("about", "tag"), [
    ("tapering for my first marathon and my legs feel strange", "taper"),
    ("I DNF'd at mile 20 on Sunday", "post-race-dnf"),
    ("dropped out of the half with cramp", "post-race-dnf"),
    ("going for a PB attempt on Saturday", "post-race-pb"),
    ("can't sleep, race tomorrow", "race-eve"),
])
async def test_encourage_reaches_the_entries_of_a_race_moment(app: App, library: Library,
                                                              about: str, tag: str) -> None:
    for user in range(5):  # several members: each gets an entry of that moment
        answer = await app.encouragement.encourage(Where(1, 10, 500 + user), about)
        assert answer.post is not None and answer.support is None
        assert tag in library.entries[answer.post.entry_id].tags, (about, answer.post.title)
