"""The ``secondwind`` command: run | console | sync | content lint|stats | db backup|copy.

Exit codes: 0 success, 1 findings (lint) or a failed action, 2 bad configuration or usage.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot import __version__
from bot.config import Settings, ShardSlice, load_settings
from bot.content import KINDS, lint_paths, load_library
from bot.errors import ConfigError, LibraryError, OperatorError
from bot.logs import setup_logging

EXIT_FINDINGS = 1
EXIT_CONFIG = 2


CONFIG_HELP = "YAML settings file (default: $SECONDWIND_CONFIG, else built-in defaults)"


class _Commands:
    """Subcommand parsers that all take ``--config``, before or after the subcommand."""

    def __init__(self, parser: argparse.ArgumentParser, dest: str) -> None:
        self._sub = parser.add_subparsers(dest=dest, required=True)
        self._common = argparse.ArgumentParser(add_help=False)
        self._common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                                  help=CONFIG_HELP)

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return self._sub.add_parser(name, parents=[self._common], **kwargs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="secondwind", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"secondwind {__version__}")
    parser.add_argument("--config", type=Path, default=os.environ.get("SECONDWIND_CONFIG"),
                        help=CONFIG_HELP)
    commands = _Commands(parser, "command")
    run = commands.add_parser("run", help="run the Discord bot (token from the environment)")
    run.add_argument("--shards", metavar="IDS",
                     help="run only these shards, like 0,1 (with --shard-count); several "
                          "processes on one PostgreSQL database share the bot this way")
    run.add_argument("--shard-count", type=int, metavar="N",
                     help="how many shards the bot has in all, over every process")
    run.add_argument("--requests-per-second", type=float, metavar="N",
                     help="this process's REST budget for timed posts (default: its shards' "
                          "share of discord.rest_requests_per_second)")
    console = commands.add_parser("console", help="the offline console: no Discord, no token")
    console.add_argument("--db", type=Path, help="SQLite file (default: the configured one)")
    console.add_argument("-c", dest="one_command", metavar="COMMAND",
                         help="run one command, print the answer and exit")
    commands.add_parser("sync", help="register the slash commands with Discord now")
    content = _Commands(commands.add_parser("content", help="the YAML library"), "action")
    lint = content.add_parser("lint", help="check library files; exit 1 on findings")
    lint.add_argument("paths", nargs="*", type=Path, help="folders or files (default: configured)")
    content.add_parser("stats", help="entries and average words per theme and kind").add_argument(
        "--patterns", action="store_true",
        help="measured patterns instead: contrast, imperative endings, watched words, units, "
             "voices and levels, per theme")
    db = _Commands(commands.add_parser("db", help="the database"), "action")
    backup = db.add_parser("backup", help="copy the live database with SQLite's backup API")
    backup.add_argument("path", type=Path)
    copy = db.add_parser("copy", help="copy the SQLite database into an empty PostgreSQL one")
    copy.add_argument("--to", required=True, metavar="URL",
                      help="postgresql://user@host/dbname (an empty database)")
    return parser


def _content_lint(settings: Settings, paths: Sequence[Path]) -> int:
    problems = lint_paths(paths or settings.content_paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_FINDINGS
    print("library OK")
    return 0


def _content_stats(settings: Settings, patterns: bool = False) -> int:
    library = load_library(settings.content_paths)
    if patterns:
        from bot.content.pattern_table import pattern_report

        print("\n".join(pattern_report(library)))
        return 0
    stats = library.stats()
    print(f"{'theme':<12}" + "".join(f"{kind:>18}" for kind in KINDS) + f"{'total':>8}")
    for theme_id in library.themes:
        cells, total = [], 0
        for kind in KINDS:
            count, words = stats.get((theme_id, kind), (0, 0.0))
            total += count
            cells.append(f"{count:>6} × {words:>5.0f} w ")
        print(f"{theme_id:<12}" + "".join(f"{c:>18}" for c in cells) + f"{total:>8}")
    print(f"{len(library.entries)} entries in {len(library.themes)} themes "
          "(count × average words)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``secondwind`` command."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        for warning in settings.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        quiet = args.command == "console" and settings.log_level == "INFO"
        setup_logging("WARNING" if quiet else settings.log_level)
        return _dispatch(args, settings)
    except LibraryError as exc:
        print(exc, file=sys.stderr)
        print("the content library is invalid; fix it (secondwind content lint)",
              file=sys.stderr)
        return EXIT_CONFIG
    except OperatorError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "content":
        if args.action == "lint":
            return _content_lint(settings, args.paths)
        return _content_stats(settings, args.patterns)
    if args.command == "console":
        from bot.console import run_console

        return run_console(settings, db_path=args.db, one_command=args.one_command)
    if args.command == "db":
        return _db(args, settings)
    if args.command == "run":
        if args.requests_per_second is not None and not args.requests_per_second > 0:
            raise ConfigError("--requests-per-second: expected a number above 0")
        shards = ShardSlice.parse(args.shards, args.shard_count)
        if shards is not None and shards.share < 1 and settings.database_url is None:
            raise ConfigError("--shards: the other shards run in other processes, which need "
                              "one database they all share: set database.url to PostgreSQL "
                              "(a SQLite file serves one process)")
        settings = replace(
            settings, shards=shards, process_requests_per_second=args.requests_per_second
            or settings.process_requests_per_second)
    from bot.discord.runner import run_bot

    return run_bot(settings, sync_only=args.command == "sync")


def _db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "backup":
        from bot.store import backup_database

        if settings.database_url:
            raise ConfigError("db backup copies the SQLite file, but database.url points at "
                              "PostgreSQL: back that up with pg_dump")

        asyncio.run(backup_database(settings.database_path, args.path))
        print(f"backed up {settings.database_path} to {args.path}")
        return 0
    from bot.config import redact_url
    from bot.store import is_database_url
    from bot.store.copy import copy_to_postgres

    if not is_database_url(args.to):
        raise ConfigError(f"--to: expected a URL like postgresql://user@host/dbname, got "
                          f"{redact_url(args.to)!r}")
    copied = asyncio.run(copy_to_postgres(settings.database_path, args.to))
    for table in copied:
        print(f"{table.name:<16} {table.rows:>10} rows")
    print(f"copied {sum(t.rows for t in copied)} rows from {settings.database_path} to "
          f"{redact_url(args.to)}; every table's count verified. Set database.url to use it.")
    return 0
