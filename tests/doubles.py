"""Test doubles shared by the core and Discord tests: a clock the test moves, a kept target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.values import Outgoing


@dataclass
class Clock:
    """The app's clock, moved by the test."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when


class KeptTarget:
    """A PostTarget that keeps what it is given (channel ids stand for DM channels too)."""

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def send(self, outgoing: Outgoing, *, nonce: str | None) -> int:
        self.sent.append(outgoing)
        return len(self.sent)

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        return None

    async def dm_channel(self, user_id: int) -> int:
        return user_id
