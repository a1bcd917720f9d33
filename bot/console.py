"""The offline front end: the same service as the bot, in a terminal, with no Discord.

A local pseudo-club (a few channels, one role, the console user as admin) over a
real SQLite file. Commands use Discord's syntax: ``/doubt kind:story``,
``/club timezone zone:Europe/Oslo``. Buttons become commands: ``/another`` and
``/helped`` act on the last answer.
"""

from __future__ import annotations

import asyncio
import re
import sys
import textwrap
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from bot.content import load_library
from bot.core.service import Encouragement, SupportReply, UserError
from bot.core.values import Post, Where
from bot.store import Store, StoreError

GUILD_ID = 1
USER_ID = 100
CHANNELS = {"general": 10, "morning": 11, "race-chat": 12}
ROLES = {"early-birds": 20}
MEMBERS = {"you": USER_ID, "sam": 101, "ana": 102}
WRAP = 76

Handler = Callable[["Console", dict[str, str]], Awaitable[str]]


@dataclass(frozen=True)
class Command:
    """One console command: its path (``club themes enable``), options and handler."""

    path: str
    options: tuple[str, ...]
    summary: str
    handler: Handler


@dataclass
class Console:
    """State of one console session: the service, the current channel, the last answer."""

    service: Encouragement
    channel: str = "general"
    last: Post | None = None
    last_request: tuple[str | None, str | None] = (None, None)
    commands: dict[str, Command] = field(default_factory=dict)

    @property
    def where(self) -> Where:
        """The console user in the current channel of the pseudo-club."""
        return Where(GUILD_ID, CHANNELS[self.channel], USER_ID)

    async def execute(self, line: str) -> str:
        """Run one line; returns the text to print."""
        line = line.strip()
        if not line or line.startswith("#"):
            return ""
        if not line.startswith("/"):
            return "Commands start with /. Type /help for the list."
        command, rest = self._find(line[1:])
        if command is None:
            return f"Unknown command {line.split()[0]}. Type /help for the list."
        try:
            options = parse_options(rest, command.options)
            return await command.handler(self, options)
        except UserError as exc:
            return f"(only you can see this) {exc}"

    def _find(self, text: str) -> tuple[Command | None, str]:
        words = text.split()
        for size in range(min(3, len(words)), 0, -1):
            path = " ".join(words[:size]).lower()
            if path in self.commands:
                return self.commands[path], text.split(None, size)[size] if len(words) > size \
                    else ""
        return None, text

    def show(self, post: Post, request: tuple[str | None, str | None]) -> str:
        """Remember the answer (for /another and /helped) and render it."""
        self.last, self.last_request = post, request
        return render_post(post)


def parse_options(text: str, names: tuple[str, ...]) -> dict[str, str]:
    """``kind:story about:knee injury, scared`` → {"kind": "story", "about": "knee …"}."""
    if not text.strip():
        return {}
    pattern = re.compile(r"(?:^|\s)(" + "|".join(map(re.escape, names)) + r"):" if names
                         else r"(?!x)x")
    marks = list(pattern.finditer(text))
    if not marks or text[: marks[0].start()].strip():
        accepted = " ".join(f"{n}:…" for n in names) or "no options"
        raise UserError(f"Could not read '{text.strip()}'. This command takes {accepted}")
    options = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        options[mark.group(1)] = text[mark.end():end].strip()
    return options


def render_post(post: Post) -> str:
    """A post as terminal text: theme, title, body, footer."""
    body = "\n\n".join(textwrap.fill(p, WRAP) for p in post.body.split("\n\n"))
    lines = [f"{post.emoji} {post.theme_name.upper()} — {post.title}", "", body, "",
             f"  — {post.footer}   [/another] [/helped]"]
    return "\n".join(lines)


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "yes", "1", "on")


def channel_id(text: str) -> int:
    """``#morning`` → its id in the pseudo-club."""
    name = text.strip().lstrip("#")
    if name not in CHANNELS:
        raise UserError(f"No channel '{text}'. Channels: {', '.join('#' + c for c in CHANNELS)}")
    return CHANNELS[name]


def role_id(text: str) -> int:
    """``@early-birds`` → its id in the pseudo-club."""
    name = text.strip().lstrip("@")
    if name not in ROLES:
        raise UserError(f"No role '{text}'. Roles: {', '.join('@' + r for r in ROLES)}")
    return ROLES[name]


# --- handlers ------------------------------------------------------------------------------

def theme_handler(theme_id: str) -> Handler:
    """The handler of one theme's command."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        kind = console.service.kind(options.get("kind"))
        post = await console.service.pick(console.where, theme_id, kind)
        prefix = "(only you can see this)\n" if _bool(options.get("private")) else ""
        return prefix + console.show(post, (theme_id, kind))
    return handle


def kind_handler(kind: str) -> Handler:
    """The handler of /story, /reflect and /mantra."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        theme = options.get("theme") or None
        theme_id = console.service.theme(theme).id if theme else None
        post = await console.service.pick(console.where, theme_id, kind)
        return console.show(post, (theme_id, kind))
    return handle


async def _encourage(console: Console, options: dict[str, str]) -> str:
    answer = await console.service.encourage(console.where, options.get("about"))
    if isinstance(answer, SupportReply):
        return f"(only you can see this)\n{answer.text}"
    return console.show(answer, (answer.theme_id, None))


async def _another(console: Console, options: dict[str, str]) -> str:
    if console.last is None:
        raise UserError("Nothing to follow yet: ask for something first, like /doubt.")
    theme_id, kind = console.last_request
    post = await console.service.pick(console.where, theme_id or console.last.theme_id, kind)
    return console.show(post, console.last_request)


async def _helped(console: Console, options: dict[str, str]) -> str:
    if console.last is None:
        raise UserError("Nothing to mark yet: ask for something first, like /doubt.")
    new = await console.service.mark_helped(console.where, console.last.entry_id)
    return "Thanks — noted that this helped." if new else "You already said this one helped."


async def _themes(console: Console, options: dict[str, str]) -> str:
    choices = await console.service.themes(GUILD_ID)
    lines = [f"{c.theme.emoji} /{c.theme.command:<10} {c.theme.name} — {c.theme.description}"
             + ("" if c.enabled else "  (off in this club)") for c in choices]
    return "\n".join(lines)


async def _cheer(console: Console, options: dict[str, str]) -> str:
    member = options.get("member", "").strip().lstrip("@")
    if member not in MEMBERS:
        raise UserError(f"Name a member to cheer: {', '.join('@' + m for m in MEMBERS)}")
    post = await console.service.cheer(console.where)
    note = options.get("note")
    header = f"📣 @{member}, a cheer from @you" + (f": {note}" if note else "")
    return header + "\n" + console.show(post, (None, "mantra"))


async def _switch_channel(console: Console, options: dict[str, str]) -> str:
    channel_id(options.get("name", ""))
    console.channel = options["name"].strip().lstrip("#")
    return f"Now in #{console.channel}."


async def _club_timezone(console: Console, options: dict[str, str]) -> str:
    zone = await console.service.set_timezone(GUILD_ID, options.get("zone", ""))
    return f"The club's time zone is now {zone}."


def club_themes_toggle(enabled: bool) -> Handler:
    """The handler of /club themes enable and disable."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        changed = await console.service.set_themes_enabled(
            GUILD_ID, options.get("theme", ""), enabled)
        state = "on" if enabled else "off"
        return f"Turned {state}: " + ", ".join(f"{t.emoji} {t.name}" for t in changed)
    return handle


async def _club_status(console: Console, options: dict[str, str]) -> str:
    status = await console.service.status(GUILD_ID)
    lines = [f"Time zone: {status.club.timezone}",
             f"Themes on: {', '.join(status.enabled) or 'none'}",
             f"Themes off: {', '.join(status.disabled) or 'none'}",
             f"Library: {status.shipped_entries} shipped + {status.club_entries} of the club's own",
             "Helped most (30 days): " + ("; ".join(f"{title} ×{n}"
                                                    for _, title, n in status.most_helpful)
                                         or "nothing marked yet")]
    return "\n".join(lines)


async def _show_help(console: Console, options: dict[str, str]) -> str:
    width = max(len(c.path) for c in console.commands.values()) + 2
    lines = []
    for command in console.commands.values():
        opts = " ".join(f"{o}:…" for o in command.options)
        lines.append(f"/{command.path:<{width}}{command.summary}" + (f"  [{opts}]" if opts else ""))
    return "\n".join(lines)


def build_commands(service: Encouragement) -> dict[str, Command]:
    """Every console command, member commands first."""
    commands = [
        Command(t.command, ("kind", "private"), t.description, theme_handler(t.id))
        for t in service.library.themes.values()
    ]
    commands += [
        Command("encourage", ("about",), "Encouragement for what you're going through",
                _encourage),
        Command("story", ("theme",), "A story", kind_handler("story")),
        Command("reflect", ("theme",), "A reflection", kind_handler("reflection")),
        Command("mantra", ("theme",), "A mantra for the hard miles", kind_handler("mantra")),
        Command("themes", (), "Every theme and its command", _themes),
        Command("cheer", ("member", "note"), "Send a clubmate a cheer", _cheer),
        Command("another", (), "Another one like the last (the Another button)", _another),
        Command("helped", (), "Say the last one helped (the This helped button)", _helped),
        Command("channel", ("name",), "Move to another channel of the pseudo-club",
                _switch_channel),
        Command("club timezone", ("zone",), "Admin: set the club's time zone", _club_timezone),
        Command("club themes enable", ("theme",), "Admin: turn themes on (or all)",
                club_themes_toggle(True)),
        Command("club themes disable", ("theme",), "Admin: turn themes off (or all)",
                club_themes_toggle(False)),
        Command("club themes list", (), "Admin: which themes are on", _themes),
        Command("club status", (), "Admin: the club at a glance", _club_status),
        Command("help", (), "This list", _show_help),
    ]
    return {c.path: c for c in commands}


# --- running -------------------------------------------------------------------------------

INTRO = (f"Second Wind offline console — a pseudo-club with channels "
         f"{', '.join('#' + c for c in CHANNELS)}; you are an admin.\n"
         "Type /help for commands, /quit to leave.")


def run_console(settings: Settings, db_path: Path | None, one_command: str | None) -> int:
    """Run the console; with ``one_command`` answer it and exit."""
    library = load_library(settings.content_paths)
    with asyncio.Runner() as runner:
        try:
            store = runner.run(Store.open(db_path or settings.database_path))
        except StoreError as exc:
            print(exc, file=sys.stderr)
            return 2
        service = Encouragement(library, store, default_timezone=settings.default_timezone)
        console = Console(service)
        console.commands = build_commands(service)
        try:
            if one_command is not None:
                print(runner.run(console.execute(one_command)))
                return 0
            interactive = sys.stdin.isatty()
            if interactive:
                print(INTRO)
            for line in _lines(console, interactive):
                if line.strip() in ("/quit", "/exit"):
                    break
                output = runner.run(console.execute(line))
                if output:
                    print(output + ("\n" if interactive else ""))
        finally:
            runner.run(store.close())
    return 0


def _lines(console: Console, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from sys.stdin
        return
    while True:
        try:
            yield input(f"#{console.channel} > ")
        except EOFError:
            return
