"""/club content add|list|remove|export|import, end to end against the fake Discord."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from bot.config import SHIPPED_CONTENT, Settings
from bot.content import load_library
from bot.discord.client import SecondWind
from tests.discord.conftest import (
    ADMIN,
    GENERAL,
    GUILD,
    MEMBER,
    OTHER_CHANNEL,
    OTHER_GUILD,
    running_bot,
)
from tests.discord.modal_flow import (
    EPHEMERAL,
    MODAL,
    answer_text,
    download,
    form_defaults,
    open_form,
    pick_titles,
    rows,
    send_form,
)
from tests.fakediscord import FakeDiscord, FileArg
from tests.samples import BROKEN_IMPORT

PROMPT = "What would you tell a friend who was standing where you are?"
# How many prompts the shipped library has in doubt: a pick sees every one before a repeat.
SHIPPED_ENTRIES = len(load_library([SHIPPED_CONTENT]).entries)
PROMPTS_IN_DOUBT = len(load_library([SHIPPED_CONTENT]).entries_for(["doubt"], "prompt"))

BROKEN = BROKEN_IMPORT.encode()


async def add_entry(fake: FakeDiscord, theme: str, kind: str, title: str, body: str,
                    guild: int = GUILD, channel: int = GENERAL) -> dict:
    custom_id, _ = await open_form(fake, guild, channel, ADMIN, ["club", "content", "add"])
    return await send_form(fake, guild, channel, ADMIN, custom_id,
                           {"theme": theme, "kind": kind, "title": title, "body": body})


def club_entries(settings: Settings) -> list[tuple]:
    return rows(settings.database_path,
                "SELECT guild_id, id, theme_id, kind, title FROM club_entries ORDER BY id")


async def test_commands_are_registered(fake: FakeDiscord, bot: SecondWind) -> None:
    commands = {c["name"]: c for c in fake.commands[GUILD]}
    assert "share" in commands
    club = {o["name"]: o for o in commands["club"]["options"]}
    assert {o["name"] for o in club["content"]["options"]} == \
        {"add", "list", "remove", "export", "import"}
    assert [o["name"] for o in club["submissions"]["options"]] == ["channel"]


async def test_content_add_form_then_picked_in_this_club_only(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    custom_id, defaults = await open_form(fake, GUILD, GENERAL, ADMIN, ["club", "content", "add"],
                                          {"theme": "doubt", "kind": "prompt"})
    assert defaults == {"theme": "doubt", "kind": "prompt", "title": "", "body": ""}
    data = await send_form(fake, GUILD, GENERAL, ADMIN, custom_id,
                           {"theme": "doubt", "kind": "prompt", "title": "Standing here",
                            "body": PROMPT})
    assert data["flags"] & EPHEMERAL
    assert "Added **Standing here** as `club-1-standing-here`" in data["content"]
    assert club_entries(settings) == [(GUILD, "club-1-standing-here", "doubt", "prompt",
                                       "Standing here")]

    ours = await pick_titles(fake, GUILD, GENERAL, MEMBER, "doubt", "prompt",
                             PROMPTS_IN_DOUBT + 1)
    assert "🧠 Standing here" in ours
    theirs = await pick_titles(fake, OTHER_GUILD, OTHER_CHANNEL, ADMIN, "doubt", "prompt",
                               2 * (PROMPTS_IN_DOUBT + 1))
    assert "🧠 Standing here" not in theirs

    listing = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "list"])
    embed = (await listing.callback())["data"]["embeds"][0]
    assert embed["title"] == "The club's own entries (1)"
    assert "`club-1-standing-here` · doubt prompt · **Standing here**" in embed["description"]
    elsewhere = await fake.send_command(OTHER_GUILD, OTHER_CHANNEL, ADMIN,
                                        ["club", "content", "list"])
    assert "No entries of the club's own yet" in (await elsewhere.callback())["data"]["content"]
    status = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "status"])
    fields = {f["name"]: f["value"] for f in (await status.callback())["data"]["embeds"][0]
              ["fields"]}
    assert fields["Library"] == f"{SHIPPED_ENTRIES} shipped + 1 of your own"


async def test_refused_form_keeps_what_was_typed(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    custom_id, _ = await open_form(fake, GUILD, GENERAL, ADMIN, ["club", "content", "add"])
    typed = {"theme": "doubt", "kind": "limerick", "title": "Long one", "body": "Words " * 300}
    record = await fake.submit_modal(GUILD, GENERAL, ADMIN, custom_id, typed)
    data = (await record.callback())["data"]
    assert data["flags"] & EPHEMERAL
    assert "There is no kind 'limerick'. Kinds: story, reflection, mantra, prompt." in \
        data["content"]
    assert club_entries(settings) == []
    again = await fake.click(record.message_id, data["components"][0]["components"][0]
                             ["custom_id"], ADMIN)
    reopened = await again.callback()
    assert reopened["type"] == MODAL
    assert form_defaults(reopened["data"]) == {k: v.strip() for k, v in typed.items()} | \
        {"body": typed["body"]}
    for mantra, reason in (("Two\nlines", "a mantra must be one line"),
                           ("x", "There is no theme")):
        theme = "doubt" if reason.startswith("a mantra") else "knitting"
        answer = await add_entry(fake, theme, "mantra", "T", mantra)
        assert reason in answer["content"] and answer["flags"] & EPHEMERAL
    assert club_entries(settings) == []


async def test_content_commands_are_for_admins(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    for path, options in ((["club", "content", "add"], {}), (["club", "content", "list"], {}),
                          (["club", "content", "export"], {}),
                          (["club", "content", "import"], {"file": FileArg("a.yaml", BROKEN)}),
                          (["club", "content", "remove"], {"id": "club-1-x"})):
        record = await fake.send_command(GUILD, GENERAL, MEMBER, path, options=options)
        data = (await record.callback())["data"]
        assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"], path
    assert club_entries(settings) == []


async def test_remove_with_autocomplete(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    await add_entry(fake, "small-wins", "mantra", "Lamp posts", "One lamp post at a time.")
    choices = await fake.autocomplete(GUILD, GENERAL, ADMIN, ["club", "content", "remove"],
                                      options={"id": "lamp"}, focused="id")
    assert [c["value"] for c in (await choices.callback())["data"]["choices"]] == \
        ["club-1-lamp-posts"]
    shipped = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "remove"],
                                      options={"id": next(iter(bot.app.library.current.entries))})
    assert "from the shipped library" in (await shipped.callback())["data"]["content"]
    other = await fake.send_command(OTHER_GUILD, OTHER_CHANNEL, ADMIN,
                                    ["club", "content", "remove"],
                                    options={"id": "club-1-lamp-posts"})
    assert "This club has no entry 'club-1-lamp-posts'" in \
        (await other.callback())["data"]["content"]
    assert len(club_entries(settings)) == 1
    gone = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "remove"],
                                   options={"id": "club-1-lamp-posts"})
    assert "Removed **Lamp posts**" in (await gone.callback())["data"]["content"]
    assert club_entries(settings) == []


async def test_export_import_round_trip(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    empty = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "export"])
    assert "no entries of its own yet" in (await empty.callback())["data"]["content"]
    await add_entry(fake, "doubt", "prompt", "Standing here", PROMPT)
    await add_entry(fake, "race-day", "story", "Start line", "Para one.\n\nPara two, longer.")
    before = club_entries(settings)

    export = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "export"])
    answer = await export.callback()
    assert answer["data"]["flags"] & EPHEMERAL
    attachment = export.message["attachments"][0]
    assert attachment["filename"] == "harbour-runners-entries.yaml"
    exported = await download(attachment["url"])
    assert b"theme: race-day" in exported and b"body: |" in exported

    same = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "import"],
                                   options={"file": FileArg("club.yaml", exported)})
    text = (await answer_text(same))["content"]
    assert text == "Imported 2 entries from club.yaml: 0 new, 0 updated, 2 unchanged."
    assert club_entries(settings) == before

    there = await fake.send_command(OTHER_GUILD, OTHER_CHANNEL, ADMIN,
                                    ["club", "content", "import"],
                                    options={"file": FileArg("club.yaml", exported)})
    assert "0 updated" in (await answer_text(there))["content"]
    theirs = [row for row in club_entries(settings) if row[0] == OTHER_GUILD]
    assert [row[2:] for row in theirs] == [row[2:] for row in before]
    assert not {row[1] for row in theirs} & {row[1] for row in before}  # their own ids
    picks = await pick_titles(fake, OTHER_GUILD, OTHER_CHANNEL, ADMIN, "doubt", "prompt",
                              PROMPTS_IN_DOUBT + 1)
    assert "🧠 Standing here" in picks


async def test_broken_import_changes_nothing(
    fake: FakeDiscord, bot: SecondWind, settings: Settings
) -> None:
    await add_entry(fake, "doubt", "prompt", "Standing here", PROMPT)
    before = club_entries(settings)
    record = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "import"],
                                     options={"file": FileArg("club.yaml", BROKEN)})
    data = await answer_text(record)
    assert data["flags"] & EPHEMERAL
    assert data["content"].startswith("Nothing was imported: club.yaml has 1 problem.")
    assert "club.yaml:9: unknown kind 'limerick': use one of story, reflection, mantra, " \
        "prompt" in data["content"]
    assert club_entries(settings) == before
    binary = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "import"],
                                     options={"file": FileArg("photo.jpg", b"\xff\xd8\xff")})
    assert "photo.jpg is not UTF-8 text" in (await answer_text(binary))["content"]
    assert club_entries(settings) == before


async def test_club_entries_outlive_a_library_reload(
    fake: FakeDiscord, settings: Settings, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    settings = replace(settings, content_paths=(content,))
    async with running_bot(fake, settings) as bot:
        await add_entry(fake, "doubt", "prompt", "Standing here", PROMPT)
        (content / "doubt.yaml").write_text("theme: doubt\nentries:\n  - id: [broken\n")
        assert await bot.reload_library() is None
        shutil.copy(SHIPPED_CONTENT / "doubt.yaml", content / "doubt.yaml")
        assert await bot.reload_library() is not None
        titles = await pick_titles(fake, GUILD, GENERAL, MEMBER, "doubt", "prompt",
                                   PROMPTS_IN_DOUBT + 1)
        assert "🧠 Standing here" in titles
