"""Plain values shared by the core, the store and the front ends.

The ground floor: this module imports nothing from Second Wind and nothing from
discord.py, so every layer above may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo


class ThemeMode(StrEnum):
    """What a schedule posts when it has no fixed theme."""

    ROTATE = "rotate"


ROTATE: Final = ThemeMode.ROTATE


class DeliveryStatus(StrEnum):
    """Where one scheduled post for one local day stands."""

    CLAIMED = "claimed"  # an attempt has the day; it may have sent
    SENT = "sent"
    SKIPPED = "skipped"  # missed while offline, past the catch-up window
    FAILED = "failed"

    @property
    def final(self) -> bool:
        """Whether nothing more will happen to the day."""
        return self is not DeliveryStatus.CLAIMED


class SubmissionStatus(StrEnum):
    """Where a member's shared story stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class OutcomeStatus(StrEnum):
    """What happened when a schedule's day was delivered."""

    SENT = "sent"
    ALREADY = "already"  # sent (or skipped) before
    RECOVERED = "recovered"  # a crash between send and mark: the message was found
    SKIPPED = "skipped"
    FAILED = "failed"
    RETRY = "retry"  # Discord could not take it now


@dataclass(frozen=True)
class Club:
    """A Discord server's settings, with the defaults filled in."""

    guild_id: int
    timezone: str
    private_by_default: bool = False
    disabled_themes: frozenset[str] = frozenset()
    review_channel_id: int | None = None
    support_line: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The club's time zone."""
        return ZoneInfo(self.timezone)

    def enabled(self, theme_ids: list[str]) -> list[str]:
        """Those of ``theme_ids`` the club has on, in the same order."""
        return [t for t in theme_ids if t not in self.disabled_themes]


@dataclass(frozen=True)
class Where:
    """Where a request came from: club (None in a DM), channel and member."""

    guild_id: int | None
    channel_id: int | None
    user_id: int | None


@dataclass(frozen=True)
class Schedule:
    """A morning post: channel, local time, days, theme (or ROTATE), kind, mention."""

    id: int
    guild_id: int
    channel_id: int
    local_time: str
    days: str
    theme: str  # a theme id, or ROTATE
    kind: str | None = None
    mention_role_id: int | None = None
    paused: bool = False
    failing_reason: str | None = None
    failing_days: int = 0
    created_at: datetime | None = None

    @property
    def rotates(self) -> bool:
        """Whether the schedule posts a different theme each day."""
        return self.theme == ROTATE

    @property
    def health(self) -> str:
        """``ok``, ``failing …`` or ``paused …``, in words an admin can act on."""
        if self.paused:
            return f"paused ({self.failing_reason})" if self.failing_reason else "paused"
        if self.failing_reason:
            days = "day" if self.failing_days == 1 else "days"
            return f"failing for {self.failing_days} {days}: {self.failing_reason}"
        return "ok"


@dataclass(frozen=True)
class Delivery:
    """One schedule's post for one local day."""

    schedule_id: int
    local_date: date
    status: DeliveryStatus
    message_id: int | None = None
    entry_id: str | None = None
    detail: str | None = None
    claimed_at: datetime | None = None


@dataclass(frozen=True)
class Submission:
    """A member's story waiting for (or past) review."""

    id: int
    guild_id: int
    user_id: int
    theme_id: str
    title: str
    body: str
    credit: str | None
    status: SubmissionStatus = SubmissionStatus.PENDING
    review_message_id: int | None = None
    entry_id: str | None = None


@dataclass(frozen=True)
class Post:
    """What a front end shows: one entry, dressed with its theme."""

    entry_id: str
    theme_id: str
    theme_name: str
    emoji: str
    color: int
    kind: str
    title: str
    body: str
    credit: str | None = None

    @property
    def footer(self) -> str:
        """The footer line: theme and kind, and the credit when there is one."""
        parts = [f"{self.theme_name} · {self.kind}"]
        if self.credit:
            parts.append(f"shared by {self.credit}")
        return " · ".join(parts)
