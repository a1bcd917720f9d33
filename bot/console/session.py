"""A console session: the pseudo-club, the command table, option parsing and rendering.

Commands use Discord's syntax, ``/doubt kind:story``; a value runs to the next
option, or may be quoted (``title:"Hill repeats: a love story"``). An option the
command does not take is refused by name, never folded into another value.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.app import App

if TYPE_CHECKING:
    from bot.console.timeline import TimedPosts
from bot.errors import UserError
from bot.text import echo, inline
from bot.values import Post, Where

GUILD_ID = 1
USER_ID = 100
CHANNELS = {"general": 10, "morning": 11, "race-chat": 12}
CHANNEL_NAMES = {v: k for k, v in CHANNELS.items()}
ROLES = {"early-birds": 20}
ROLE_NAMES = {v: k for k, v in ROLES.items()}
MEMBERS = {"you": USER_ID, "sam": 101, "ana": 102}
WRAP = 76
PRIVATE_NOTE = "(only you can see this)"

Handler = Callable[["Console", dict[str, str]], Awaitable[str]]

_OPTION_RE = re.compile(r"(?:^|(?<=\s))([a-z][a-z_-]*):")


@dataclass(frozen=True)
class Command:
    """One console command: its path (``club themes enable``), options and handler."""

    path: str
    options: tuple[str, ...]
    summary: str
    handler: Handler


@dataclass(frozen=True)
class Reply:
    """What a line printed, and whether the command was refused."""

    text: str
    refused: bool = False


@dataclass
class Console:
    """State of one console session: the app, its timed posts, the channel, the last answer."""

    app: App
    timed: TimedPosts
    channel: str = "general"
    last: Post | None = None
    last_request: tuple[str | None, str | None] = (None, None)
    commands: dict[str, Command] = field(default_factory=dict)

    @property
    def where(self) -> Where:
        """The console user in the current channel of the pseudo-club."""
        return Where(GUILD_ID, CHANNELS[self.channel], USER_ID)

    async def execute(self, line: str) -> Reply:
        """Run one line."""
        line = line.strip()
        if not line or line.startswith("#"):
            return Reply("")
        if line.lower() in ("help", "--help", "-h", "?"):
            line = "/help"
        if not line.startswith("/"):
            return Reply("Commands start with /. Type /help for the list, /quit to leave.",
                         refused=True)
        command, rest = self._find(line[1:])
        if command is None:
            group = self._group(line[1:])
            if group:
                return Reply(group)
            return Reply(f"Unknown command {inline(line.split()[0], 40)}. Type /help for the "
                         "list.", refused=True)
        try:
            options = parse_options(rest, command.options)
            reply = Reply(await command.handler(self, options))
        except UserError as exc:
            reply = Reply(f"{PRIVATE_NOTE} {exc}", refused=True)
        return await self._with_notices(reply)

    async def _with_notices(self, reply: Reply) -> Reply:
        """Notes waiting for the member (a reminder paused itself), once, after the output."""
        notices = await self.app.members.take_notices(USER_ID)
        if not notices:
            return reply
        told = [f"{PRIVATE_NOTE} 📬 {text}" for text in notices]
        return Reply("\n\n".join([reply.text, *told]), reply.refused)

    def _find(self, text: str) -> tuple[Command | None, str]:
        words = text.split()
        for size in range(min(3, len(words)), 0, -1):
            path = " ".join(words[:size]).lower()
            if path in self.commands:
                rest = text.split(None, size)[size] if len(words) > size else ""
                return self.commands[path], rest
        return None, text

    def _group(self, text: str) -> str | None:
        """``/club`` (or ``/club schedule``) alone: the commands under it."""
        prefix = " ".join(text.split()).lower()
        under = [c for path, c in self.commands.items() if path.startswith(prefix + " ")]
        if not prefix or not under:
            return None
        return f"/{prefix} has these commands:\n" + help_lines(under)

    def show(self, post: Post, request: tuple[str | None, str | None]) -> str:
        """Remember the answer (for /another and /helped) and render it."""
        self.last, self.last_request = post, request
        return render_post(post)


def help_lines(commands: list[Command]) -> str:
    """Each command on a line, with its options."""
    width = max(len(c.path) for c in commands) + 2
    lines = []
    for command in commands:
        opts = " ".join(f"{o}:…" for o in command.options)
        lines.append(f"/{command.path:<{width}}{command.summary}" + (f"  [{opts}]" if opts else ""))
    return "\n".join(lines)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_options(text: str, names: tuple[str, ...]) -> dict[str, str]:
    """``kind:story about:knee injury, scared`` → {"kind": "story", "about": "knee …"}.

    A value in quotes may hold anything, option-like words included. Outside quotes,
    every ``word:`` starts an option, and one the command does not take is refused.
    """
    accepted = " ".join(f"{n}:…" for n in names) or "no options"
    marks: list[tuple[str, int, int]] = []  # name, start of "name:", start of value
    i = 0
    while i < len(text):
        # A quote opens a quoted value only where the value starts (an apostrophe inside
        # a value, as in "I don't", is text), and only when it is closed.
        quoted = text[i] in "\"'" and marks and not text[marks[-1][2]:i].strip()
        end = text.find(text[i], i + 1) if quoted else -1
        if end >= 0:
            i = end + 1
            continue
        match = _OPTION_RE.match(text, i) if i == 0 or text[i - 1].isspace() else None
        if match:
            marks.append((match[1], match.start(1), match.end()))
            i = match.end()
            continue
        i += 1
    if text.strip() and (not marks or text[: marks[0][1]].strip()):
        raise UserError(f"Could not read {echo(text, 60)}. This command takes {accepted}")
    options: dict[str, str] = {}
    if not marks:
        return options
    for (name, _, value_start), following in zip(marks, [*marks[1:], None], strict=True):
        if name not in names:
            raise UserError(f"Unknown option {name}:. This command takes {accepted} "
                            '(quote a value that holds a colon: about:"note: like this")')
        if name in options:
            raise UserError(f"Option {name}: is given twice.")
        end = following[1] if following else len(text)
        options[name] = _unquote(text[value_start:end])
    return options


def render_post(post: Post) -> str:
    """A post as terminal text: theme, title, body, footer."""
    body = "\n\n".join(textwrap.fill(p, WRAP) for p in post.body.split("\n\n"))
    lines = [f"{post.emoji} {post.theme_name.upper()} — {post.title}", "", body, "",
             f"  — {post.footer}   [/another] [/helped]"]
    return "\n".join(lines)


def bool_option(value: str | None) -> bool:
    """Discord's boolean option as typed in the console."""
    text = (value or "").strip().lower()
    if text in ("", "false", "no", "0", "off"):
        return False
    if text in ("true", "yes", "1", "on"):
        return True
    raise UserError(f"private takes true or false, not {echo(text, 20)}.")


def channel_id(text: str) -> int:
    """``#morning`` → its id in the pseudo-club."""
    name = text.strip().lstrip("#")
    if name not in CHANNELS:
        raise UserError(f"No channel {echo(text)}. Channels: "
                        f"{', '.join('#' + c for c in CHANNELS)}")
    return CHANNELS[name]


def role_id(text: str) -> int:
    """``@early-birds`` → its id in the pseudo-club."""
    name = text.strip().lstrip("@")
    if name not in ROLES:
        raise UserError(f"No role {echo(text)}. Roles: {', '.join('@' + r for r in ROLES)}")
    return ROLES[name]
