"""Plain values shared by the core, the store and the front ends.

The ground floor: this module imports nothing from Second Wind and nothing from
discord.py, so every layer above may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    WITHDRAWN = "withdrawn"  # the member took it back (an approved one left the pool)


class OutcomeStatus(StrEnum):
    """What happened when a schedule's day was delivered."""

    SENT = "sent"
    ALREADY = "already"  # sent (or skipped) before
    RECOVERED = "recovered"  # a crash between send and mark: the message was found
    SKIPPED = "skipped"
    FAILED = "failed"
    RETRY = "retry"  # Discord could not take it now
    HELD = "held"  # not now (a member's quiet hours): it goes at ``retry_at``


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


class PostKind(StrEnum):
    """Every kind of timed post; each has its own exactly-once ledger rows."""

    SCHEDULE = "schedule"  # a club's morning post
    RACE_MORNING = "race-morning"  # good luck, on race morning
    RACE_CHECKIN = "race-checkin"  # "How did it go?", the day after
    DIGEST = "digest"  # the club's weekly digest
    REMINDER = "reminder"  # a member's own reminder, by DM
    RACE_DM = "race-dm"  # a runner's own good luck, by DM, when they asked for it
    HELD_DM = "held-dm"  # a direct message held back by the member's quiet hours


@dataclass(frozen=True)
class PostKey:
    """One timed post: its kind, what it belongs to (a schedule, a race…), its local day."""

    kind: PostKind
    ref_id: int
    local_date: date


@dataclass(frozen=True)
class Delivery:
    """What the ledger holds for one timed post."""

    key: PostKey
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

    @property
    def credited(self) -> str:
        """How the story would be credited: ``credited to ana``, or ``anonymous``."""
        return f"credited to {self.credit}" if self.credit else "anonymous"


@dataclass(frozen=True)
class Post:
    """What a front end shows: one entry, dressed with its theme (or a card: no entry)."""

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


@dataclass(frozen=True)
class Card:
    """A message of the bot's own (a digest, a check-in question): an embed without an entry."""

    title: str
    body: str
    color: int
    footer: str = ""


@dataclass(frozen=True)
class PickButtons:
    """**Another** (same theme and kind; None: any) and **This helped** under a post."""

    theme_id: str | None
    kind: str | None
    entry_id: str
    guild_id: int | None = None  # the club, for a post sent by DM ("This helped" needs one)


class CheckinAnswer(StrEnum):
    """How a member's race went, as they tell the check-in."""

    PB = "pb"
    FINISHED = "finished"
    TOUGH = "tough"
    DNF = "dnf"

    @property
    def label(self) -> str:
        """The button's words."""
        return {"pb": "PB or goal", "finished": "Finished", "tough": "Tough day",
                "dnf": "Didn't finish / didn't start"}[self.value]

    @property
    def emoji(self) -> str:
        """The button's emoji."""
        return {"pb": "🏆", "finished": "🏁", "tough": "🌧️", "dnf": "🩹"}[self.value]


@dataclass(frozen=True)
class CheckinButtons:
    """The four answers under a race's "How did it go?" post."""

    race_id: int


@dataclass(frozen=True)
class Outgoing:
    """One message to deliver: where, what, whom it may ping, which buttons it carries.

    ``lines`` come before the embed (a role to ping, a countdown, a test marker).
    Only ``mention_role_id`` and ``mention_user_ids`` may be pinged, nobody else.
    """

    channel_id: int
    guild_id: int | None
    embed: Post | Card | None  # None: the lines alone (a short direct message)
    lines: tuple[str, ...] = ()
    mention_role_id: int | None = None
    mention_user_ids: tuple[int, ...] = ()
    buttons: PickButtons | CheckinButtons | None = None

    @property
    def entry_id(self) -> str | None:
        """The entry posted, if the embed is one."""
        return self.embed.entry_id if isinstance(self.embed, Post) else None


@dataclass(frozen=True)
class Race:
    """A club race on a local date; ``runners`` is how many members said they run it."""

    id: int
    guild_id: int
    name: str
    local_date: date
    channel_id: int
    distance: str | None = None
    start_time: str | None = None  # HH:MM, club time
    link: str | None = None
    runners: int = 0
    created_at: datetime | None = field(default=None, compare=False)


class Phase(StrEnum):
    """Where a club stands against its nearest race (days counted in the club's zone)."""

    BUILD = "build"  # more than 14 days to go
    TAPER = "taper"  # 14 to 2 days
    RACE_EVE = "race eve"  # 1 day
    RACE_DAY = "race day"
    AFTER = "after"  # 1 to 3 days after


@dataclass(frozen=True)
class DigestSetting:
    """Where and when a club's weekly digest goes."""

    guild_id: int
    channel_id: int
    weekday: int  # 0 = Monday
    local_time: str  # HH:MM, club time
    created_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class MemberSettings:
    """A member's own settings; a member never seen before has none of them set."""

    user_id: int
    timezone: str | None = None  # None: the club's zone
    quiet_from: str | None = None  # HH:MM, their local time; both None: no quiet hours
    quiet_to: str | None = None
    race_dm: bool = False
    dm_channel_id: int | None = None  # the bot's DM channel with them, once opened


@dataclass(frozen=True)
class Reminder:
    """A member's daily (or chosen days') reminder by DM, at their local time."""

    id: int
    user_id: int
    guild_id: int  # the club whose themes and entries it picks from
    local_time: str
    days: str
    theme: str | None = None  # None: any theme the club has on
    kind: str | None = None
    paused: bool = False
    failing_reason: str | None = None
    failing_days: int = 0
    created_at: datetime | None = None

    @property
    def health(self) -> str:
        """``ok``, ``failing …`` or ``paused …``, in the member's words."""
        if self.paused:
            return f"paused ({self.failing_reason})" if self.failing_reason else "paused"
        if self.failing_reason:
            days = "day" if self.failing_days == 1 else "days"
            return f"failing for {self.failing_days} {days}: {self.failing_reason}"
        return "ok"


@dataclass(frozen=True)
class PendingDm:
    """A direct message waiting to go: held by quiet hours, or a one-off about to be sent.

    ``key`` is the ledger key it goes out under: the reminder's or race DM's own
    (so it still goes once per day), or (HELD_DM, its own id) for a one-off message.
    """

    id: int
    user_id: int
    guild_id: int | None
    key: PostKey
    due_at: datetime
    expires_at: datetime | None = None  # after this the moment has passed: dropped
    text: str | None = None  # a one-off message's words


@dataclass(frozen=True)
class MemberRecord:
    """Everything Second Wind keeps about one member, as ``/me data`` shows it."""

    user_id: int
    settings: MemberSettings | None  # None: no settings saved
    reminders: tuple[Reminder, ...] = ()
    picks_shown: int = 0  # history rows of entries shown to them
    helped: tuple[tuple[int, str, str], ...] = ()  # (guild, entry id, when) they marked
    stories: tuple[Submission, ...] = ()  # what they shared, whatever its status
    races: tuple[tuple[Race, str | None], ...] = ()  # joined (or checked in to), with the answer
    notices: tuple[str, ...] = ()  # notes waiting to be told at their next command
    pending_dms: int = 0  # direct messages held for them (quiet hours)
    entries_added: int = 0  # club entries they added as an admin (only the id is kept)
    stories_decided: int = 0  # stories they approved or rejected as an admin

    @property
    def empty(self) -> bool:
        """Whether nothing at all is kept about them."""
        return (self.settings is None and not self.reminders and not self.picks_shown
                and not self.helped and not self.stories and not self.races
                and not self.notices and not self.pending_dms and not self.entries_added
                and not self.stories_decided)


@dataclass(frozen=True)
class Forgotten:
    """What ``/me forget`` did, counted, and the review messages of stories that were waiting."""

    rows_deleted: int
    rows_cleared: int  # rows kept with the member's id taken out
    stories_removed: int  # approved stories taken out of a club's pool
    stories_kept: int  # approved stories kept, anonymous
    waiting_reviews: tuple[tuple[int, int], ...] = ()  # (guild, review message id)

    @property
    def summary(self) -> str:
        """What /me forget did, in a sentence or two."""
        text = (f"Done: Second Wind has forgotten you ({self.rows_deleted} records deleted, "
                f"{self.rows_cleared} kept without your id).")
        if self.stories_removed:
            text += f" {self.stories_removed} approved story(ies) left the clubs' pools."
        if self.stories_kept:
            text += f" {self.stories_kept} approved story(ies) stay, anonymous."
        return text
