"""What the core needs from the world outside it, as protocols the core owns.

The store (``bot.store``) implements :class:`Store`; the front ends implement
:class:`PostTarget`; the job runner implements :class:`ChangeObserver`. The core
imports none of them, only these shapes, so a second store backend or a third
front end fits in without the core changing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Protocol

from bot.content import Entry
from bot.values import Club, Delivery, DeliveryStatus, Post, Schedule, Submission

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock: now, in UTC."""
    return datetime.now(UTC)


class ClubRepository(Protocol):
    """Club settings; a club never seen before reads as the registered defaults."""

    async def get(self, guild_id: int) -> Club: ...
    async def set_timezone(self, guild_id: int, zone: str) -> None: ...
    async def set_theme_enabled(self, guild_id: int, theme_ids: Iterable[str],
                                enabled: bool) -> None: ...
    async def set_review_channel(self, guild_id: int, channel_id: int | None) -> None: ...
    async def set_support_line(self, guild_id: int, text: str | None) -> None: ...


class ScheduleRepository(Protocol):
    """Scheduled posts and their health."""

    async def add(self, guild_id: int, channel_id: int, local_time: str, days: str, theme: str,
                  kind: str | None, mention_role_id: int | None) -> Schedule: ...
    async def get(self, schedule_id: int) -> Schedule | None: ...
    async def for_club(self, guild_id: int) -> list[Schedule]: ...
    async def active(self) -> list[Schedule]: ...
    async def remove(self, guild_id: int, schedule_id: int) -> bool: ...
    async def set_paused(self, guild_id: int, schedule_id: int, paused: bool,
                         reason: str | None = None) -> bool: ...
    async def mark_failing(self, schedule_id: int, reason: str) -> int: ...
    async def mark_healthy(self, schedule_id: int) -> None: ...
    async def pause_channel(self, channel_id: int, reason: str) -> list[int]: ...


class DeliveryRepository(Protocol):
    """The ledger that makes each schedule post once per local day."""

    async def claim(self, schedule_id: int, local_date: date) -> Delivery | None: ...
    async def get(self, schedule_id: int, local_date: date) -> Delivery | None: ...
    async def finish(self, schedule_id: int, local_date: date, status: DeliveryStatus, *,
                     message_id: int | None = None, entry_id: str | None = None,
                     detail: str | None = None) -> None: ...
    async def record_skip(self, schedule_id: int, local_date: date, detail: str) -> bool: ...


class HistoryRepository(Protocol):
    """What was shown where, and what members said helped."""

    async def record_shown(self, guild_id: int | None, channel_id: int | None,
                           user_id: int | None, entry_id: str) -> None: ...
    async def recent_for_channel(self, channel_id: int, limit: int) -> list[str]: ...
    async def recent_for_user(self, user_id: int, limit: int) -> list[str]: ...
    async def record_helped(self, guild_id: int, user_id: int, entry_id: str) -> bool: ...
    async def helped_counts(self, guild_id: int) -> dict[str, int]: ...
    async def most_helpful(self, guild_id: int, since: datetime,
                           limit: int) -> list[tuple[str, int]]: ...


class ClubContentRepository(Protocol):
    """The club's own entries and members' submissions."""

    async def add_entries(self, guild_id: int, entries: Sequence[Entry],
                          added_by: int | None) -> None: ...
    async def entries(self, guild_id: int) -> list[Entry]: ...
    async def remove_entry(self, guild_id: int, entry_id: str) -> bool: ...
    async def entry_count(self, guild_id: int) -> int: ...
    async def reserve_entry_numbers(self, count: int) -> list[int]: ...
    async def add_submission(self, guild_id: int, user_id: int, theme_id: str, title: str,
                             body: str, credit: str | None) -> Submission: ...
    async def submission(self, guild_id: int, submission_id: int) -> Submission | None: ...
    async def pending_submissions(self, guild_id: int) -> list[Submission]: ...
    async def pending_count(self, guild_id: int, user_id: int | None = None) -> int: ...
    async def set_review_message(self, submission_id: int, message_id: int | None) -> None: ...
    async def decide_submission(self, guild_id: int, submission_id: int, decided_by: int,
                                entry: Entry | None) -> bool: ...


class Store(Protocol):
    """Every repository the core uses."""

    @property
    def clubs(self) -> ClubRepository: ...
    @property
    def schedules(self) -> ScheduleRepository: ...
    @property
    def deliveries(self) -> DeliveryRepository: ...
    @property
    def history(self) -> HistoryRepository: ...
    @property
    def content(self) -> ClubContentRepository: ...


class PostTarget(Protocol):
    """Where scheduled posts go: Discord, or the console."""

    async def send(self, schedule: Schedule, post: Post, *, nonce: str | None,
                   test: bool = False) -> int:
        """Post to the schedule's channel; returns the message id.

        Raises ChannelUnavailable or TransientFailure (bot.errors).
        """
        ...

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        """A message this bot posted in the channel since a time, if any."""
        ...


class ChangeObserver(Protocol):
    """Told when something that timed jobs depend on changed."""

    async def club_changed(self, guild_id: int) -> None:
        """The club's time zone or themes changed: its schedules may move."""
        ...

    async def schedule_changed(self, schedule_id: int) -> None:
        """A schedule was added, changed, paused, resumed or removed."""
        ...


class ChangeObservers:
    """A ChangeObserver that tells every observer added to it (none: nobody to tell).

    The use cases are built with one of these; whatever keeps timed jobs (the job
    runner, in the Discord front end) adds itself when it is built.
    """

    def __init__(self) -> None:
        self._observers: list[ChangeObserver] = []

    def add(self, observer: ChangeObserver) -> None:
        """Tell ``observer`` about every change from now on."""
        self._observers.append(observer)

    async def club_changed(self, guild_id: int) -> None:
        """Tell every observer."""
        for observer in self._observers:
            await observer.club_changed(guild_id)

    async def schedule_changed(self, schedule_id: int) -> None:
        """Tell every observer."""
        for observer in self._observers:
            await observer.schedule_changed(schedule_id)
