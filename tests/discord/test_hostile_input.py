"""What members and admins type, at its worst, through the fake Discord to the real bot.

The fake sends what a test gives it, beyond what Discord's own client would let
through: 5,000-character strings in every text option, integers of 4,300 digits
(the longest Python's json turns into text; the bot parses the same), negative
and zero ids, masked links and mentions in stories and cheers, a YAML bomb. Every
answer must still be one Discord accepts (content ≤ 2,000 characters, embed
title ≤ 256, description ≤ 4,096, a form's pre-filled values within their
fields), say what was wrong, never be the generic apology, and change nothing
it should not.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

from discord import AppCommandOptionType, app_commands

from bot.config import SHIPPED_CONTENT, Settings
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
    ROLE,
)
from tests.discord.modal_flow import download, form_defaults, rows
from tests.fakediscord import ChannelArg, FakeDiscord, FileArg, Interaction, RoleArg, UserArg

EPHEMERAL, MODAL, DEFERRED = 1 << 6, 9, 5
CONTENT_LIMIT, TITLE_LIMIT, DESCRIPTION_LIMIT = 2000, 256, 4096
FIELD_LIMIT, FOOTER_LIMIT, EMBED_TOTAL = 1024, 2048, 6000
MODAL_TITLE, LABEL, LABEL_DESCRIPTION = 45, 45, 100
SORRY = "Sorry — something went wrong"  # the apology for a bug of ours
LONG_TEXT = "é" + "x" * 4998 + "]"
LONG_NUMBER = int("9" * 4300)  # json.dumps refuses more digits, so the fake cannot send more
LIVE_MENTION = re.compile(r"<@!?\d+>|<@&\d+>|<#\d+>|@everyone|@here")


# --- what every answer must be ----------------------------------------------------------

def check_message(data: dict[str, Any], what: str) -> None:
    """A message body Discord accepts, that is not the generic apology."""
    content = data.get("content") or ""
    assert len(content) <= CONTENT_LIMIT, (what, len(content))
    assert SORRY not in content, what
    for embed in data.get("embeds") or []:
        assert len(embed.get("title") or "") <= TITLE_LIMIT, (what, "title")
        assert len(embed.get("description") or "") <= DESCRIPTION_LIMIT, (what, "description")
        assert len((embed.get("footer") or {}).get("text") or "") <= FOOTER_LIMIT, what
        for field in embed.get("fields") or []:
            assert len(field["name"]) <= TITLE_LIMIT and len(field["value"]) <= FIELD_LIMIT, what
        total = sum(len(embed.get(k) or "") for k in ("title", "description")) + sum(
            len(f["name"]) + len(f["value"]) for f in embed.get("fields") or [])
        assert total <= EMBED_TOTAL, what


def text_inputs(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each (label, text input) of a modal."""
    for row in data["components"]:
        if row["type"] == 18:
            yield row, row["component"]
        else:
            for item in row["components"]:
                yield {"label": item.get("label", "")}, item


def check_modal(data: dict[str, Any], what: str) -> None:
    """A form Discord will show: pre-filled values within their fields, short labels."""
    assert len(data["title"]) <= MODAL_TITLE, what
    for label, field in text_inputs(data):
        assert len(label.get("label") or "") <= LABEL, (what, label)
        assert len(label.get("description") or "") <= LABEL_DESCRIPTION, (what, label)
        value = field.get("value") or ""
        assert len(value) <= field["max_length"], (what, field["custom_id"], len(value))
        assert len(value) >= (field.get("min_length") or 0) or not value, (what, field)


async def replies(record: Interaction) -> list[dict[str, Any]]:
    """Everything the bot answered: the response, and its follow-up after a defer."""
    answer = await record.callback()
    if answer["type"] == DEFERRED:
        return [answer["data"] or {}, *(await record.wait_followups(1))]
    return [answer["data"] or {}]


async def answer_of(record: Interaction) -> str:
    """The text of a private answer, sent at once or after a defer."""
    *_, last = await replies(record)
    assert last.get("flags", 0) & EPHEMERAL
    check_message(last, str(record))
    return last["content"]


# --- 10, 11: every text and integer option at its longest ----------------------------

VALID = {"time": "07:00", "zone": "Europe/Oslo", "theme": "doubt", "id": "1", "days": "daily",
         "name": "Harbour 10K", "date": "2030-05-17", "day": "mon"}
CLUB_FILE = b"""\
entries:
  - id: lamp-posts
    theme: small-wins
    kind: mantra
    title: Lamp posts
    body: One lamp post at a time.
  - id: the-voice
    theme: doubt
    kind: reflection
    title: The voice
    body: The voice that says stop is not the one that knows your legs.
"""


def valid_value(parameter: app_commands.Parameter) -> Any:
    """A value the option takes, for the options not under test."""
    match parameter.type:
        case AppCommandOptionType.channel:
            return ChannelArg(MORNING)
        case AppCommandOptionType.user:
            return UserArg(FRIEND)
        case AppCommandOptionType.role:
            return RoleArg(ROLE)
        case AppCommandOptionType.attachment:
            return FileArg("club.yaml", CLUB_FILE)
        case AppCommandOptionType.integer:
            return 1
        case AppCommandOptionType.boolean:
            return False
    if parameter.choices:
        return parameter.choices[0].value
    return VALID.get(parameter.display_name, "x")


def leaf_commands(bot: SecondWind) -> Iterator[tuple[list[str], app_commands.Command]]:
    def walk(commands: list, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        for command in commands:
            if isinstance(command, app_commands.Group):
                yield from walk(command.commands, [*path, command.name])
            else:
                yield [*path, command.name], command
    yield from walk(bot.tree.get_commands(), [])


def cases(bot: SecondWind) -> list[tuple[list[str], dict[str, Any], str]]:
    """(command path, options, the option under test) for every text or integer option."""
    found = []
    for path, command in leaf_commands(bot):
        for parameter in command.parameters:
            if parameter.type == AppCommandOptionType.string:
                hostile: Any = LONG_TEXT
            elif parameter.type == AppCommandOptionType.integer:
                hostile = LONG_NUMBER
            else:
                continue
            options = {p.display_name: valid_value(p) for p in command.parameters if p.required}
            options[parameter.display_name] = hostile
            found.append((path, options, parameter.display_name))
    return found


async def test_every_option_at_its_longest_gets_an_answer_that_fits(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    found = cases(bot)
    tried = {" ".join(path) + f" {name}:" for path, _, name in found}
    # The enumeration really reaches the commands that echo what they are given.
    assert {"encourage about:", "cheer note:", "club timezone zone:", "club schedule add time:",
            "club schedule pause id:", "club content remove id:", "share theme:",
            "doubt kind:", "mantra theme:"} <= tried
    answered = 0
    for path, options, name in found:
        what = f"/{' '.join(path)} {name}:"
        record = await fake.send_command(GUILD, GENERAL, ADMIN, path, options=options)
        answer = await record.callback()
        if answer["type"] == MODAL:
            check_modal(answer["data"], what)
            continue
        for data in await replies(record):
            check_message(data, what)
        answered += 1
    assert answered >= len(found) - 3  # only /share and /club content add open forms
    assert fake.unhandled == []


def theme_kind(path: list[str], name: str) -> bool:
    """A theme command's kind option (/doubt kind:…): tested on its own below."""
    return len(path) == 1 and name == "kind"


async def test_refusals_quote_only_a_short_echo(fake: FakeDiscord, bot: SecondWind) -> None:
    too_long = []
    for path, options, name in cases(bot):
        if theme_kind(path, name):
            continue
        record = await fake.send_command(GUILD, GENERAL, ADMIN, path, options=options)
        if (await record.callback())["type"] == MODAL:
            continue
        for data in await replies(record):
            if data.get("flags", 0) & EPHEMERAL and "x" * 250 in (data.get("content") or ""):
                too_long.append(f"/{' '.join(path)} {name}:")
    assert too_long == []


async def test_an_unknown_kind_is_quoted_short(fake: FakeDiscord, bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "doubt", options={"kind": LONG_TEXT})
    text = await answer_of(record)
    assert "x" * 250 not in text


async def test_autocomplete_with_the_longest_text_stays_within_limits(
    fake: FakeDiscord, bot: SecondWind
) -> None:
    for path, command in leaf_commands(bot):
        for parameter in command.parameters:
            if not parameter.autocomplete:
                continue
            options = {p.display_name: valid_value(p) for p in command.parameters if p.required}
            options[parameter.display_name] = LONG_TEXT
            record = await fake.autocomplete(GUILD, GENERAL, ADMIN, path, options=options,
                                             focused=parameter.display_name)
            choices = (await record.callback())["data"]["choices"]
            assert len(choices) <= 25
            assert all(len(c["name"]) <= 100 and len(str(c["value"])) <= 100 for c in choices)


async def test_forms_opened_with_the_longest_values_open(fake: FakeDiscord,
                                                         bot: SecondWind) -> None:
    for path, options in [(["share"], {"theme": LONG_TEXT}),
                          (["club", "content", "add"], {"theme": LONG_TEXT}),
                          (["club", "content", "add"], {"theme": LONG_TEXT, "kind": LONG_TEXT}),
                          (["share"], {"theme": "comeback"})]:
        record = await fake.send_command(GUILD, GENERAL, ADMIN, path, options=options)
        answer = await record.callback()
        assert answer["type"] == MODAL, (path, answer)
        check_modal(answer["data"], " ".join(path))


async def test_a_refused_form_opens_again_within_its_limits(fake: FakeDiscord,
                                                            bot: SecondWind) -> None:
    form = await (await fake.send_command(GUILD, GENERAL, MEMBER, "share")).callback()
    sent = await fake.submit_modal(GUILD, GENERAL, MEMBER, form["data"]["custom_id"], {
        "theme": LONG_TEXT, "title": LONG_TEXT, "story": LONG_TEXT * 2, "credit": LONG_TEXT})
    refusal = (await sent.callback())["data"]
    check_message(refusal, "refused /share form")
    assert refusal["flags"] & EPHEMERAL
    again = refusal["components"][0]["components"][0]["custom_id"]
    reopened = await fake.click(int(sent.message["id"]), again, MEMBER)
    answer = await reopened.callback()
    assert answer["type"] == MODAL
    check_modal(answer["data"], "the form offered again")
    assert form_defaults(answer["data"])["title"] == LONG_TEXT[:256]


async def test_the_share_form_asks_for_the_credit(fake: FakeDiscord, bot: SecondWind) -> None:
    form = await (await fake.send_command(GUILD, GENERAL, MEMBER, "share")).callback()
    [credit] = [field for _, field in text_inputs(form["data"])
                if field["custom_id"] == "credit"]
    assert not credit.get("value")  # no default: the member says me or anonymous
    assert credit.get("required", True) and credit["min_length"] >= 2


# --- 5: ids no row can have -------------------------------------------------------------

BAD_IDS: list[Any] = [2**70, 2**63, -5, 0, LONG_NUMBER, "abc"]


async def test_odd_ids_answer_no_such(fake: FakeDiscord, bot: SecondWind,
                                      settings: Settings) -> None:
    add = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "schedule", "add"],
                                  options={"channel": ChannelArg(MORNING), "time": "07:00"})
    assert "Scheduled: **#1**" in await answer_of(add)
    for action in ("pause", "resume", "remove", "test"):
        for value in BAD_IDS:
            record = await fake.send_command(GUILD, GENERAL, ADMIN,
                                             ["club", "schedule", action], options={"id": value})
            text = await answer_of(record)
            expected = ("Give the schedule's number" if value == "abc"
                        else "There is no schedule #")
            assert text.startswith(expected), (action, str(value)[:30], text[:200])
    for value in [*BAD_IDS, "9" * 5000, "#-5", ""]:  # a text option: Discord sends text
        record = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "remove"],
                                         options={"id": str(value)})
        assert "This club has no entry" in await answer_of(record)
    assert rows(settings.database_path, "SELECT id, paused FROM schedules") == [(1, 0)]
    assert fake.unhandled == []


# --- 4, 8: schedules and themes ------------------------------------------------------------

async def test_schedules_and_themes_that_are_off(fake: FakeDiscord, bot: SecondWind,
                                                 settings: Settings) -> None:
    async def club(*path: str, **options: Any) -> str:
        return await answer_of(await fake.send_command(GUILD, GENERAL, ADMIN, ["club", *path],
                                                       options=options))

    await club("schedule", "add", channel=ChannelArg(MORNING), time="07:00", theme="doubt",
               kind="story")
    await club("schedule", "add", channel=ChannelArg(GENERAL), time="08:00", theme="rotate",
               kind="reflection")
    turned_off = await club("themes", "disable", theme="doubt")
    assert turned_off.startswith("Turned off: 🧠 Mental battles")
    assert f"#1 (<#{MORNING}> 07:00)" in turned_off and "#2" not in turned_off
    refused = await club("schedule", "add", channel=ChannelArg(GENERAL), time="09:00",
                         theme="doubt")
    assert "Mental battles is turned off in this server" in refused
    assert rows(settings.database_path, "SELECT COUNT(*) FROM schedules") == [(2,)]

    await club("schedule", "pause", id=2)
    listing = await club("schedule", "list")
    assert f"**#1** <#{MORNING}> 07:00 daily, doubt, stories — next: " in listing
    assert f"**#2** <#{GENERAL}> 08:00 daily, rotate, reflections — paused" in listing
    assert "storys" not in listing and "— —" not in listing


# --- 9: masked links and mentions, end to end ----------------------------------------------

HOSTILE = ("[my blog](https://evil.example/a_(b)) [a [b] c](<https://two.example> \"t\") "
           "[click\nhere](https://three.example) @everyone @here <@3003> <@!3003> <@&1100> "
           "<#1001>")
TARGETS = ["https://evil.example/a_(b)", "https://two.example", "https://three.example"]


def assert_harmless(text: str) -> None:
    assert "](" not in text, text
    assert LIVE_MENTION.search(text) is None, text
    for target in TARGETS:
        assert target in text, (target, text)


async def test_shared_stories_carry_no_live_link_or_mention(fake: FakeDiscord, bot: SecondWind,
                                                            settings: Settings) -> None:
    setup = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "submissions"],
                                    options={"channel": ChannelArg(MORNING)})
    await answer_of(setup)
    form = await (await fake.send_command(GUILD, GENERAL, MEMBER, "share")).callback()
    story = "I came back after a year off. " + HOSTILE
    sent = await fake.submit_modal(GUILD, GENERAL, MEMBER, form["data"]["custom_id"], {
        "theme": "comeback", "title": "[Back](https://evil.example) @everyone",
        "story": story, "credit": "me"})
    assert (await sent.callback())["data"]["flags"] & EPHEMERAL
    [(title, body)] = rows(settings.database_path, "SELECT title, body FROM submissions")
    assert_harmless(body)
    assert "](" not in title and "@everyone" not in title
    [review] = await fake.wait_for_messages(MORNING, 1)
    embed = review["embeds"][0]
    assert_harmless(embed["description"])
    assert "](" not in embed["title"]


async def test_cheer_notes_carry_no_live_link_or_mention(fake: FakeDiscord,
                                                         bot: SecondWind) -> None:
    record = await fake.send_command(GUILD, GENERAL, MEMBER, "cheer", options={
        "member": UserArg(FRIEND), "note": HOSTILE})
    data = (await record.callback())["data"]
    check_message(data, "/cheer")
    content = data["content"]
    note = content.split(": ", 1)[1]
    assert "](" not in note and LIVE_MENTION.search(note) is None
    assert "https://evil.example/a_(b)" in note
    assert [int(u) for u in data["allowed_mentions"]["users"]] == [FRIEND]
    assert data["allowed_mentions"]["parse"] == []


# --- 7, 12: imports ---------------------------------------------------------------------------

async def import_file(fake: FakeDiscord, guild: int, channel: int, name: str,
                      content: bytes) -> str:
    record = await fake.send_command(guild, channel, ADMIN, ["club", "content", "import"],
                                     options={"file": FileArg(name, content)})
    return await answer_of(record)


async def test_importing_an_export_again_changes_nothing(fake: FakeDiscord, bot: SecondWind,
                                                         settings: Settings) -> None:
    def entries() -> list[tuple]:
        return rows(settings.database_path,
                    "SELECT guild_id, id, title, body FROM club_entries ORDER BY guild_id, id")

    first = await import_file(fake, GUILD, GENERAL, "club.yaml", CLUB_FILE)
    assert first.startswith("Imported 2 entries from club.yaml: 2 new, 0 updated")
    export = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "export"])
    [attachment] = (await export.callback())["data"]["attachments"]
    exported = await download(export.message["attachments"][0]["url"])
    name = attachment["filename"]
    saved = entries()
    for _ in range(2):
        again = await import_file(fake, GUILD, GENERAL, name, exported)
        assert again.startswith(f"Imported 2 entries from {name}: 0 new, 0 updated"), again
        assert entries() == saved
    elsewhere = await import_file(fake, OTHER_GUILD, OTHER_CHANNEL, name, exported)
    assert elsewhere.startswith(f"Imported 2 entries from {name}: 2 new, 0 updated")
    saved = entries()
    again = await import_file(fake, OTHER_GUILD, OTHER_CHANNEL, name, exported)
    assert again.startswith(f"Imported 2 entries from {name}: 0 new, 0 updated"), again
    assert entries() == saved
    counts = rows(settings.database_path,
                  "SELECT guild_id, COUNT(*) FROM club_entries GROUP BY guild_id ORDER BY 1")
    assert counts == [(GUILD, 2), (OTHER_GUILD, 2)]


async def test_a_shipped_library_file_is_refused(fake: FakeDiscord, bot: SecondWind,
                                                 settings: Settings) -> None:
    shipped = (SHIPPED_CONTENT / "doubt.yaml").read_bytes()
    text = await import_file(fake, GUILD, GENERAL, "doubt.yaml", shipped)
    assert text.startswith("Nothing was imported: doubt.yaml holds entries of the shipped "
                           "library")
    assert rows(settings.database_path, "SELECT COUNT(*) FROM club_entries") == [(0,)]


BOMB = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
entries: *i
"""


async def test_a_yaml_bomb_is_refused_at_once(fake: FakeDiscord, bot: SecondWind,
                                              settings: Settings) -> None:
    assert len(BOMB) < 400
    loop = asyncio.get_running_loop()
    started = loop.time()
    text = await import_file(fake, GUILD, GENERAL, "bomb.yaml", BOMB)
    assert loop.time() - started < 1.0
    assert text.startswith("Nothing was imported: bomb.yaml has 1 problem.")
    [problem] = [line for line in text.splitlines() if line.startswith("bomb.yaml:")]
    assert "aliases" in problem
    assert rows(settings.database_path, "SELECT COUNT(*) FROM club_entries") == [(0,)]


def big_import(entries: int = 1000) -> bytes:
    body = ("I ran in the rain past the harbour wall, counting lamp posts, and each one "
            "was a small yes to the next. ") * 8
    lines = ["entries:"]
    for i in range(entries):
        lines += [f"  - id: harbour-{i}", "    theme: comeback", "    kind: story",
                  f"    title: Harbour run number {i}", f"    body: {body.strip()} Run {i}."]
    return ("\n".join(lines) + "\n").encode()


async def test_members_are_answered_while_a_large_import_runs(fake: FakeDiscord,
                                                              bot: SecondWind) -> None:
    data = big_import()
    assert 850_000 < len(data) < 1_000_000
    loop = asyncio.get_running_loop()
    importing = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "content", "import"],
                                        options={"file": FileArg("big.yaml", data)})
    waits: list[float] = []
    while not importing.followups and len(waits) < 200:  # members ask while it runs
        started = loop.time()
        record = await fake.send_command(GUILD, GENERAL, MEMBER + len(waits) % 2, "doubt")
        assert (await record.callback(timeout=10))["data"]["embeds"]
        waits.append(loop.time() - started)
    assert waits, "the import finished before any member asked"
    assert max(waits) < 3.0, max(waits)
    [done] = await importing.wait_followups(1, timeout=30)
    assert done["content"].startswith("Imported 1000 entries from big.yaml: 1000 new")

