"""A console session: the pseudo-club, the command table, option parsing and rendering."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.core.service import Encouragement, UserError
from bot.core.values import Post, Where

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


def bool_option(value: str | None) -> bool:
    """Discord's boolean option as typed in the console."""
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
