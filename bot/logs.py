"""The one logging set-up of the process."""

from __future__ import annotations

import logging


def setup_logging(level: str) -> None:
    """Log to stderr at ``level``; discord.py's HTTP chatter stays at WARNING."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        force=True,
    )
    logging.getLogger("discord.http").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
