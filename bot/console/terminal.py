"""Running the console: interactive (with line editing and history), piped, or one -c command.

- ``-c COMMAND`` prints the answer and exits 0; a refused command prints its
  answer on stderr and exits 1.
- Piped input runs line by line; output piped into ``head`` ends quietly.
- At a terminal, readline gives line editing and a history kept beside the
  database; ``/quit``, ``/exit``, Ctrl-D or Ctrl-C leave.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.app import App
from bot.config import Settings
from bot.console import clock, club, club_content, club_schedule, me, members, races
from bot.console.session import CHANNELS, Command, Console, Reply, help_lines
from bot.console.timeline import ConsoleClock, TimedPosts

EXIT_REFUSED = 1
HISTORY_FILE = "console_history"
HISTORY_LENGTH = 1000
QUIT = ("/quit", "/exit", "quit", "exit")

INTRO = (f"Second Wind offline console — a pseudo-club with channels "
         f"{', '.join('#' + c for c in CHANNELS)}; you are an admin.\n"
         "Type /help for commands; /quit (or Ctrl-D) to leave.")


def build_commands(app: App) -> dict[str, Command]:
    """Every console command: members' first, then the admins', then /help."""
    commands = [*members.commands(app), *club.commands(app), *club_schedule.commands(app),
                *club_content.commands(app), *races.commands(app), *me.commands(app),
                *clock.commands(app)]

    async def show_help(console: Console, options: dict[str, str]) -> str:
        return help_lines(list(console.commands.values())) + "\n/quit  Leave the console"

    commands.append(Command("help", (), "This list", show_help))
    return {c.path: c for c in commands}


def run_console(settings: Settings, db_path: Path | None, one_command: str | None) -> int:
    """Run the console; with ``one_command`` answer it and exit."""
    with asyncio.Runner() as runner:
        console_clock = ConsoleClock()
        app = runner.run(App.open(settings, db_path=db_path, clock=console_clock))
        try:  # from here on the database is open: close it whatever happens, or we hang
            timed = TimedPosts(app, console_clock, timedelta(minutes=settings.catch_up_minutes))
            console = Console(app, timed)
            console.commands = build_commands(app)
            if one_command is not None:
                reply = runner.run(console.execute(one_command))
                _print(reply.text, sys.stderr if reply.refused else sys.stdout)
                return EXIT_REFUSED if reply.refused else 0
            interactive = sys.stdin.isatty()
            history = _history(db_path or settings.database_path) if interactive else None
            if interactive:
                print(INTRO)
            for line in _lines(console, interactive):
                if line.strip().lower() in QUIT:
                    break
                answered: Reply = runner.run(console.execute(line))
                if answered.text:
                    _print(answered.text + ("\n" if interactive else ""))
            if history is not None:
                _save_history(history)
        except BrokenPipeError:  # the reader (head, say) has gone: stop quietly
            _silence_stdout()
        finally:
            runner.run(app.close())
    return 0


def _print(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush can't fail either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _lines(console: Console, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from sys.stdin
        return
    while True:
        try:
            yield input(f"#{console.channel} > ")
        except (EOFError, KeyboardInterrupt):
            print()
            return


def _history(db_path: Path) -> Path | None:
    """Turn on line editing and load the history kept beside the database, where possible."""
    try:
        import readline
    except ImportError:
        return None
    path = db_path.parent / HISTORY_FILE
    readline.set_history_length(HISTORY_LENGTH)
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    return path


def _save_history(path: Path) -> None:
    import readline

    with contextlib.suppress(OSError):
        readline.write_history_file(path)
