"""The club's own entries and members' stories, over a real SQLite file and the shipped library."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.config import SHIPPED_CONTENT
from bot.content import Library, lint_paths
from bot.core.club_content import (
    MAX_PENDING_PER_MEMBER,
    ClubContentService,
    clean_text,
    club_entry_id,
    slug,
)
from bot.core.encouragement import Encouragement
from bot.errors import ImportRefused, UserError
from bot.store import Store
from bot.values import Where
from tests.samples import BROKEN_IMPORT

CLUB, OTHER = 1, 2
ADMIN, ANA = 100, 101
HERE = Where(CLUB, 10, ANA)
STORY = "I ran to the lamp post and back, then did it again the next day."

BROKEN = (BROKEN_IMPORT + """\
  - id: bad-theme
    theme: knitting
    kind: mantra
    title: Nope
    body: Purl one.
""").encode()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "sw.db")
    yield store
    await store.close()


@pytest.fixture
def app(store: Store, library: Library) -> App:
    return App(store, library, rng=random.Random(7))


@pytest.fixture
def service(app: App) -> Encouragement:
    return app.encouragement


@pytest.fixture
def content(app: App) -> ClubContentService:
    return app.club_content


def test_slug_and_ids() -> None:
    assert slug("Hill repeats, in the rain!") == "hill-repeats-in-the-rain"
    assert slug("Café à l'aube") == "cafe-a-l-aube"
    assert slug("🏃‍♀️") == "entry"
    assert len(slug("word " * 40)) <= 40
    assert club_entry_id(7, "Hill repeats") == "club-7-hill-repeats"


def test_clean_text_neutralises_mentions_and_masked_links() -> None:
    text = ("Hey @everyone and @here, <@123> <@!456> <@&789> see <#42> "
            "[my blog](https://evil.example/x) and [home](<https://ok.example> \"t\")")
    cleaned = clean_text(text)
    assert "@everyone" not in cleaned and "@here" not in cleaned
    assert "@\u200beveryone" in cleaned and "@\u200bhere" in cleaned
    assert "<@" not in cleaned and "<#" not in cleaned
    assert "@member @member @role see #channel" in cleaned
    assert "my blog (https://evil.example/x)" in cleaned
    assert "home (https://ok.example)" in cleaned
    assert "](" not in cleaned


async def test_add_list_remove(content: ClubContentService, library: Library) -> None:
    entry = await content.add_entry(CLUB, "Small wins", "mantra", " Lamp posts ",
                                    "One lamp post at a time.", ADMIN)
    assert entry.id.startswith("club-") and entry.id.endswith("-lamp-posts")
    assert entry.id not in library.entries
    assert (entry.theme, entry.kind, entry.title) == ("small-wins", "mantra", "Lamp posts")
    assert [e.id for e in await content.entries(CLUB)] == [entry.id]
    assert await content.entries(CLUB, "doubt") == []
    assert await content.entries(OTHER) == []
    with pytest.raises(UserError, match="shipped library"):
        await content.remove_entry(CLUB, next(iter(library.entries)))
    with pytest.raises(UserError, match="no entry 'club-99-x'"):
        await content.remove_entry(CLUB, "club-99-x")
    with pytest.raises(UserError, match="no entry"):
        await content.remove_entry(OTHER, entry.id)  # another club can't remove it
    assert (await content.remove_entry(CLUB, entry.id)).id == entry.id
    assert await content.entries(CLUB) == []


async def test_add_is_checked_by_the_library_rules(content: ClubContentService) -> None:
    with pytest.raises(UserError, match="no theme 'knitting'"):
        await content.add_entry(CLUB, "knitting", "mantra", "T", "Body.", ADMIN)
    with pytest.raises(UserError, match="no kind 'limerick'"):
        await content.add_entry(CLUB, "doubt", "limerick", "T", "Body.", ADMIN)
    with pytest.raises(UserError, match="mantra must be one line"):
        await content.add_entry(CLUB, "doubt", "mantra", "T", "Two\nlines", ADMIN)
    with pytest.raises(UserError, match="prompt must ask a question"):
        await content.add_entry(CLUB, "doubt", "prompt", "T", "No question here.", ADMIN)
    with pytest.raises(UserError, match="'title' is 300 characters, over 256"):
        await content.add_entry(CLUB, "doubt", "story", "x" * 300, "Body.", ADMIN)
    assert await content.entries(CLUB) == []


async def test_ids_are_never_reused_across_clubs(content: ClubContentService) -> None:
    first = await content.add_entry(CLUB, "doubt", "mantra", "Same", "Same line.", ADMIN)
    other = await content.add_entry(OTHER, "doubt", "mantra", "Same", "Same line.", ADMIN)
    await content.remove_entry(CLUB, first.id)
    again = await content.add_entry(CLUB, "doubt", "mantra", "Same", "Same line.", ADMIN)
    assert len({first.id, other.id, again.id}) == 3


async def test_club_entries_are_picked_in_their_own_club_only(
    content: ClubContentService, service: Encouragement, library: Library
) -> None:
    entry = await content.add_entry(CLUB, "doubt", "prompt", "Ours", "What would you tell "
                                    "a friend at mile four?", ADMIN)
    size = len(library.entries_for(["doubt"], "prompt")) + 1
    ours = {(await service.pick(HERE, "doubt", "prompt")).entry_id for _ in range(size)}
    assert entry.id in ours
    theirs = {(await service.pick(Where(OTHER, 20, ANA), "doubt", "prompt")).entry_id
              for _ in range(size * 3)}
    assert entry.id not in theirs


async def test_export_is_a_library_file_and_imports_back_unchanged(
    content: ClubContentService, tmp_path: Path
) -> None:
    await content.add_entry(CLUB, "doubt", "story", "Mile four", "Para one.\n\nPara two: 'q'.",
                            ADMIN)
    await content.add_entry(CLUB, "race-day", "mantra", "Start line", "Breathe: out long.", ADMIN)
    before = await content.entries(CLUB)
    text = await content.export(CLUB, "Harbour Runners")
    assert text.startswith("# Second Wind: the own entries of Harbour Runners (2).")
    assert "theme: race-day" in text and "body: |" in text
    (tmp_path / "club.yaml").write_text(text)
    problems = lint_paths([SHIPPED_CONTENT, tmp_path / "club.yaml"])
    assert [p for p in problems if p.path == str(tmp_path / "club.yaml")] == []
    result = await content.import_entries(CLUB, text.encode(), "club.yaml", ADMIN)
    assert (len(result.added), len(result.updated), result.unchanged) == (0, 0, 2)
    assert await content.entries(CLUB) == before
    # Into another club: the same entries, with that club's own new ids.
    result = await content.import_entries(OTHER, text.encode(), "club.yaml", ADMIN)
    assert len(result.added) == 2 and not {e.id for e in result.added} & {e.id for e in before}
    assert await content.entries(CLUB) == before
    assert [(e.title, e.body) for e in await content.entries(OTHER)] == \
        [(e.title, e.body) for e in before]
    # Importing the same file again is idempotent, in either club.
    again = await content.import_entries(OTHER, text.encode(), "club.yaml", ADMIN)
    assert (len(again.added), len(again.updated), again.unchanged) == (0, 0, 2)
    assert len(await content.entries(OTHER)) == 2


async def test_broken_import_saves_nothing_and_quotes_lines(
    content: ClubContentService,
) -> None:
    await content.add_entry(CLUB, "doubt", "mantra", "Keep", "Keep going.", ADMIN)
    before = await content.entries(CLUB)
    with pytest.raises(ImportRefused) as refused:
        await content.import_entries(CLUB, BROKEN, "club.yaml", ADMIN)
    message = str(refused.value)
    assert "Nothing was imported: club.yaml has 2 problems." in message
    assert "club.yaml:9: unknown kind 'limerick'" in message
    assert "club.yaml:13: entry 'bad-theme': unknown theme 'knitting'" in message
    assert await content.entries(CLUB) == before
    with pytest.raises(ImportRefused, match=r"club.yaml:3: invalid YAML"):
        await content.import_entries(CLUB, b"entries:\n  - id: [oops\n", "club.yaml", ADMIN)
    fine = BROKEN.split(b"  - id: bad-kind")[0]
    duplicate = fine + fine.removeprefix(b"entries:\n")
    with pytest.raises(ImportRefused,
                       match=r"club.yaml:7: duplicate id .fine-one. \(first at line 2\)"):
        await content.import_entries(CLUB, duplicate, "club.yaml", ADMIN)
    with pytest.raises(UserError, match="not UTF-8"):
        await content.import_entries(CLUB, b"\xff\xfe\x00", "club.yaml", ADMIN)
    with pytest.raises(UserError, match="no entries"):
        await content.import_entries(CLUB, b"entries: []\n", "club.yaml", ADMIN)
    assert await content.entries(CLUB) == before


async def test_share_approve_reject(content: ClubContentService, app: App) -> None:
    with pytest.raises(UserError, match="in a server"):
        await content.submit(Where(None, 5, ANA), "doubt", "T", STORY, "me", "ana")
    with pytest.raises(UserError, match="20 to 4000"):
        await content.submit(HERE, "doubt", "T", "too short", "me", "ana")
    with pytest.raises(UserError, match="1 to 256"):
        await content.submit(HERE, "doubt", "x" * 257, STORY, "me", "ana")
    with pytest.raises(UserError, match=r"me .* or anonymous"):
        await content.submit(HERE, "doubt", "T", STORY, "maybe", "ana")
    named = (await content.submit(HERE, "comeback", "Back <@&5>", STORY + " @everyone",
                                  "me", "ana <@1>")).submission
    anonymous = (await content.submit(HERE, "comeback", "Quiet", STORY, "anonymous",
                                      "ana")).submission
    assert (named.title, named.credit) == ("Back @role", "ana @member")
    assert named.body.endswith("@\u200beveryone") and anonymous.credit is None
    assert [s.id for s in await content.pending(CLUB)] == [named.id, anonymous.id]
    assert (await app.clubs.status(CLUB)).pending_submissions == 2

    decision = await content.decide(CLUB, named.id, True, ADMIN)
    assert decision.submission.status == "approved" and decision.entry is not None
    assert (decision.entry.kind, decision.entry.credit) == ("story", "ana @member")
    assert decision.submission.entry_id == decision.entry.id
    assert [e.id for e in await content.entries(CLUB)] == [decision.entry.id]
    with pytest.raises(UserError, match="approved already"):
        await content.decide(CLUB, named.id, False, ADMIN)
    with pytest.raises(UserError, match="no story"):
        await content.decide(OTHER, anonymous.id, True, ADMIN)  # not that club's
    rejected = await content.decide(CLUB, anonymous.id, False, ADMIN)
    assert rejected.entry is None and rejected.submission.status == "rejected"
    assert await content.pending(CLUB) == []
    status = await app.clubs.status(CLUB)
    assert (status.pending_submissions, status.club_entries) == (0, 1)


async def test_pending_stories_per_member_are_capped(content: ClubContentService) -> None:
    for n in range(MAX_PENDING_PER_MEMBER):
        await content.submit(HERE, "doubt", f"T{n}", STORY, "me", "ana")
    with pytest.raises(UserError, match="waiting for review already"):
        await content.submit(HERE, "doubt", "One more", STORY, "me", "ana")
    await content.submit(Where(CLUB, 10, ANA + 1), "doubt", "Sam's", STORY, "me", "sam")


async def test_review_channel(content: ClubContentService) -> None:
    assert await content.review_channel(CLUB) is None
    assert await content.set_review_channel(CLUB, 55) is None
    assert await content.set_review_channel(CLUB, 56) == 55
    assert await content.review_channel(CLUB) == 56
    assert await content.review_channel(OTHER) is None
