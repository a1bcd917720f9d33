"""Running the console: interactive, piped, or one command with -c."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings
from bot.console import club, content, members, schedules
from bot.console.session import CHANNELS, Command, Console
from bot.content import load_library
from bot.core.service import Encouragement
from bot.store import Store, StoreError


async def _show_help(console: Console, options: dict[str, str]) -> str:
    width = max(len(c.path) for c in console.commands.values()) + 2
    lines = []
    for command in console.commands.values():
        opts = " ".join(f"{o}:…" for o in command.options)
        lines.append(f"/{command.path:<{width}}{command.summary}" + (f"  [{opts}]" if opts else ""))
    return "\n".join(lines)


def build_commands(service: Encouragement) -> dict[str, Command]:
    """Every console command: members' first, then the admins', then /help."""
    commands = [*members.commands(service), *club.commands(service),
                *schedules.commands(service), *content.commands(service),
                Command("help", (), "This list", _show_help)]
    return {c.path: c for c in commands}


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
