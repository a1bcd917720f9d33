"""Time in the console: a clock you can move, and the timed posts it brings due.

The console has no job runner: ``/clock advance`` (or ``/clock set``) walks the
console's clock forward and delivers every timed post that fell due on the way,
in order, through the same Poster and ledger as the bot, printed instead of
sent. So a schedule, a race's good-luck post and check-in, a weekly digest and a
member's reminder can all be seen offline, each exactly once.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.app import App
from bot.console.session import CHANNEL_NAMES, MEMBERS, ROLE_NAMES, WRAP, render_post
from bot.core.morning_posts import MorningPosts
from bot.core.posting import Outcome, Poster, TimedSource
from bot.values import Card, CheckinAnswer, CheckinButtons, OutcomeStatus, Outgoing, Post

MAX_STEPS = 10_000  # runs delivered by one advance: a guard, not a limit anyone meets
MEMBER_NAMES = {user_id: name for name, user_id in MEMBERS.items()}


class ConsoleClock:
    """A clock that reads the real time until it is moved, then keeps its own."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        """Now, as the console sees it."""
        return datetime.now(UTC) + self._offset

    def set(self, when: datetime) -> None:
        """Move the clock to ``when`` (it keeps running from there)."""
        self._offset = when - datetime.now(UTC)


def render_outgoing(outgoing: Outgoing) -> str:
    """A timed post as terminal text: where it goes, its lines, its embed, its buttons."""
    channel = CHANNEL_NAMES.get(outgoing.channel_id)
    where = f"#{channel}" if channel else "a direct message"
    parts = [f"[posted in {where}]", *map(plain_mentions, outgoing.lines)]
    if isinstance(outgoing.embed, Post):
        parts.append(render_post(outgoing.embed))
    elif outgoing.embed is not None:
        parts.append(render_card(outgoing.embed))
    if isinstance(outgoing.buttons, CheckinButtons):
        answers = " ".join(f"[{a.label}]" for a in CheckinAnswer)
        parts.append(f"  {answers}  (/race checkin race:{outgoing.buttons.race_id} "
                     "answer:pb|finished|tough|dnf)")
    return "\n".join(parts)


def plain_mentions(line: str) -> str:
    """``<@100>``, ``<@&20>``, ``<#11>`` as the console's own names: ``@you``, ``@early-birds``."""
    line = re.sub(r"<@(\d+)>", lambda m: "@" + MEMBER_NAMES.get(int(m[1]), "member"), line)
    line = re.sub(r"<#(\d+)>", lambda m: "#" + CHANNEL_NAMES.get(int(m[1]), "channel"), line)
    return re.sub(r"<@&(\d+)>", lambda m: "@" + ROLE_NAMES.get(int(m[1]), "role"), line)


def render_card(card: Card) -> str:
    """One of the bot's own cards as terminal text."""
    body = "\n".join(textwrap.fill(line, WRAP) if line else "" for line in card.body.split("\n"))
    tail = [f"  — {card.footer}"] if card.footer else []
    return "\n".join([card.title.upper(), "", body, *tail])


class PrintedTarget:
    """A PostTarget that prints instead of sending; message ids count up from 1."""

    def __init__(self) -> None:
        self.printed: list[str] = []
        self._ids = 0

    async def send(self, outgoing: Outgoing, *, nonce: str | None) -> int:
        """Keep the rendered post; return a fresh message id."""
        self.printed.append(render_outgoing(outgoing))
        self._ids += 1
        return self._ids

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        """Nothing printed is ever lost between a claim and a mark in the console."""
        return None

    async def dm_channel(self, user_id: int) -> int:
        """A member's direct messages: the member's own id stands for the channel."""
        return user_id

    async def still_member(self, guild_id: int, user_id: int) -> bool:
        """Everyone stays in the console's club."""
        return True

    def take(self) -> str:
        """Everything printed since the last take."""
        text, self.printed = "\n\n".join(self.printed), []
        return text


class Timeline:
    """Moves the console's clock and delivers what falls due on the way."""

    def __init__(self, clock: ConsoleClock, target: PrintedTarget,
                 sources: Sequence[TimedSource]) -> None:
        self.clock = clock
        self.target = target
        self.sources = sources
        self.retries: list[tuple[datetime, TimedSource, int, datetime]] = []

    async def advance_to(self, when: datetime) -> list[Outcome]:
        """Deliver every run after now and up to ``when``, in time order; then stop there.

        A post held back (quiet hours) goes again at its ``retry_at``, as the bot's job
        runner would send it.
        """
        outcomes: list[Outcome] = []
        for _ in range(MAX_STEPS):
            now = self.clock()
            run_at, due = await self._next_due(now)
            retry = min(self.retries, key=lambda held: held[0], default=None)
            if retry is not None and retry[0] <= when and (run_at is None or retry[0] <= run_at):
                self.retries.remove(retry)
                at, source, ref_id, original = retry
                self.clock.set(at)
                due, run_at = [(source, ref_id)], original
            elif run_at is None or run_at > when:
                break
            else:
                self.clock.set(run_at)
            for source, ref_id in due:
                outcome = await source.fire(ref_id, run_at)
                if outcome is None:
                    continue
                outcomes.append(outcome)
                if outcome.status is OutcomeStatus.HELD and outcome.retry_at is not None:
                    self.retries.append((outcome.retry_at, source, ref_id, run_at))
        self.clock.set(when)
        return [o for o in outcomes
                if o.status not in (OutcomeStatus.HELD, OutcomeStatus.ALREADY)]

    async def _next_due(
        self, after: datetime
    ) -> tuple[datetime | None, list[tuple[TimedSource, int]]]:
        """The earliest run after ``after``, and every item due then."""
        first: datetime | None = None
        due: list[tuple[TimedSource, int]] = []
        for source in self.sources:
            for item in await source.upcoming():
                run_at = await source.next_run(item.ref_id, after)
                if run_at is None or (first is not None and run_at > first):
                    continue
                if first is None or run_at < first:
                    first, due = run_at, []
                due.append((source, item.ref_id))
        return first, due


class TimedPosts:
    """The console's timed posts: one poster, every source, and the timeline over them."""

    def __init__(self, app: App, clock: ConsoleClock, catch_up: timedelta) -> None:
        self.target = PrintedTarget()
        self.poster = Poster(app.store, self.target, clock, catch_up=catch_up)
        sources = app.timed_sources(self.poster)
        self.morning_posts = next(s for s in sources if isinstance(s, MorningPosts))
        self.timeline = Timeline(clock, self.target, sources)
