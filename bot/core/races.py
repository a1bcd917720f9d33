"""The club's race calendar: races admins add, members who run them, how it went.

Race dates and start times are local to the club. Joining a race is a member's
consent to be mentioned in its good-luck post on race morning; nobody else is.
Check-in answers are counted, never shown by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.encouragement import Encouragement
from bot.core.inputs import format_time, parse_date, parse_id, parse_time
from bot.core.phases import COUNTDOWN_DAYS, POST_RACE_TAGS, PhasePool, countdown_line, phase_on
from bot.core.ports import ChangeObserver, Clock, Store
from bot.core.recurrence import day_label, local_date_of
from bot.errors import NotFound, UserError
from bot.text import echo, neutralise, one_line
from bot.values import CheckinAnswer, Phase, Post, PostKind, Race, Where

MAX_UPCOMING = 100
NAME_MAX = 100
DISTANCE_MAX = 40
LINK_MAX = 300
COUNTDOWN_RACES = 2
PHASE_HORIZON = timedelta(days=3650)  # any race still ahead puts a club in its build
SEE_LIST = "See the club's races with /race list."
_LINK_RE = re.compile(r"https?://\S+", re.ASCII)

# What a member gets after telling the check-in how it went.
CHECKIN_POOLS = {
    CheckinAnswer.PB: PhasePool(frozenset({"post-race-pb"}), ("small-wins",)),
    CheckinAnswer.FINISHED: PhasePool(frozenset({"post-race-finished"})),
    CheckinAnswer.TOUGH: PhasePool(frozenset({"post-race-tough"}), ("lessons",)),
    CheckinAnswer.DNF: PhasePool(frozenset({"post-race-dnf"}), ("comeback",)),
}
assert {t for p in CHECKIN_POOLS.values() for t in p.tags} == POST_RACE_TAGS  # noqa: S101


@dataclass(frozen=True)
class CheckinReply:
    """What a member hears back privately after answering a check-in."""

    post: Post
    note: str


class RaceBook:
    """Races: admins add and remove them; members join, leave and check in."""

    def __init__(self, store: Store, encouragement: Encouragement, observer: ChangeObserver,
                 clock: Clock) -> None:
        self.store = store
        self.encouragement = encouragement
        self.observer = observer
        self.clock = clock

    async def today(self, guild_id: int) -> date:
        """The club's local date now."""
        return local_date_of(self.clock(), (await self.store.clubs.get(guild_id)).zone)

    # --- admins ----------------------------------------------------------------------------

    async def add(self, guild_id: int, name: str, date_text: str, channel_id: int, *,
                  distance: str | None = None, start_time: str | None = None,
                  link: str | None = None) -> Race:
        """Add a race; everything is checked first, so nothing is half-saved."""
        typed = one_line(name).strip()
        if not 1 <= len(typed) <= NAME_MAX:
            raise UserError(f"A race name takes 1 to {NAME_MAX} characters "
                            f"(this one has {len(typed)}).")
        clean_name = neutralise(typed)
        race_date = parse_date(date_text)
        today = await self.today(guild_id)
        if race_date < today:
            raise UserError(f"{race_date:%Y-%m-%d} is in the past (today is {today:%Y-%m-%d} "
                            "in the club's time zone).")
        clean_distance = one_line(neutralise(distance)).strip() if distance else None
        if clean_distance is not None and len(clean_distance) > DISTANCE_MAX:
            raise UserError(f"A distance takes up to {DISTANCE_MAX} characters, like 10K or "
                            "half marathon.")
        start = format_time(parse_time(start_time)) if start_time else None
        clean_link = neutralise(link.strip()) if link else None
        if clean_link is not None and (len(clean_link) > LINK_MAX
                                       or not _LINK_RE.fullmatch(clean_link)):
            raise UserError(f"link {echo(clean_link)} is not a web address: use one starting "
                            f"with https://, up to {LINK_MAX} characters.")
        race = await self.store.races.add(guild_id, clean_name, race_date, channel_id,
                                          clean_distance or None, start, clean_link,
                                          today=today, max_upcoming=MAX_UPCOMING)
        if race is None:
            raise UserError(f"A club keeps up to {MAX_UPCOMING} upcoming races. Remove some "
                            "with /club race remove.")
        await self._changed(race.id)
        return race

    async def remove(self, guild_id: int, race_text: str | int) -> Race:
        """Remove a race, its runners and its answers."""
        race = await self.get(guild_id, race_text, upcoming_only=False)
        await self.store.races.remove(guild_id, race.id)
        await self._changed(race.id)
        return race

    async def _changed(self, race_id: int) -> None:
        await self.observer.timed_changed(PostKind.RACE_MORNING, race_id)
        await self.observer.timed_changed(PostKind.RACE_CHECKIN, race_id)

    # --- looking races up ------------------------------------------------------------------

    async def upcoming(self, guild_id: int) -> list[Race]:
        """The club's races from today on, soonest first, with their runners."""
        today = await self.today(guild_id)
        return await self.store.races.between(guild_id, today, date.max)

    async def get(self, guild_id: int, race_text: str | int, *,
                  upcoming_only: bool = True) -> Race:
        """A race of the club by id (``3``, ``#3``) or by name; NotFound otherwise."""
        text = str(race_text).strip()
        races = (await self.upcoming(guild_id) if upcoming_only
                 else await self.store.races.of_club(guild_id))
        found = next((r for r in races if r.name.lower() == text.lower()), None)
        if found is None and (text.lstrip("#").isdigit() or text.startswith("-")):
            wanted = parse_id(text, "race", SEE_LIST)
            found = next((r for r in races if r.id == wanted), None)
        if found is None:
            raise NotFound(f"There is no {'upcoming ' if upcoming_only else ''}race "
                           f"{echo(text)} in this club. {SEE_LIST}")
        return found

    async def days_to(self, race: Race) -> int:
        """Days from the club's today to the race (negative once it is past)."""
        return (race.local_date - await self.today(race.guild_id)).days

    # --- members ---------------------------------------------------------------------------

    async def join(self, where: Where, race_text: str | int) -> tuple[Race, bool]:
        """The member runs the race (and may be mentioned on race morning); False if already."""
        guild_id, user_id = _member(where)
        race = await self.get(guild_id, race_text)
        joined = await self.store.races.join(race.id, user_id)
        await self._runner_changed(race.id, user_id)
        return await self.store.races.get(race.id) or race, joined

    async def leave(self, where: Where, race_text: str | int) -> tuple[Race, bool]:
        """The member no longer runs the race; False when they were not running it."""
        guild_id, user_id = _member(where)
        race = await self.get(guild_id, race_text)
        runner_id = await self.store.members.runner_id(race.id, user_id)
        left = await self.store.races.leave(race.id, user_id)
        if runner_id is not None:
            await self.observer.timed_changed(PostKind.RACE_DM, runner_id)
        return race, left

    async def _runner_changed(self, race_id: int, user_id: int) -> None:
        """A runner's own race-morning DM (when they asked for one) is armed or dropped."""
        runner_id = await self.store.members.runner_id(race_id, user_id)
        if runner_id is not None:
            await self.observer.timed_changed(PostKind.RACE_DM, runner_id)

    async def mine(self, where: Where) -> list[Race]:
        """The upcoming races the member runs."""
        guild_id, user_id = _member(where)
        return await self.store.races.joined_by(guild_id, user_id, await self.today(guild_id))

    async def check_in(self, where: Where, race_id: int, answer: CheckinAnswer) -> CheckinReply:
        """Count the member's answer once (a new click changes it) and find a fitting entry."""
        guild_id, user_id = _member(where)
        race = await self.store.races.get(race_id)
        if race is None or race.guild_id != guild_id:
            raise NotFound("That race is not one of this club's (or it was removed).")
        if await self.days_to(race) > 0:
            raise UserError(f"{race.name} hasn't happened yet: the check-in opens on race day.")
        changed = await self.store.races.set_checkin(race.id, user_id, answer)
        post = (await self.encouragement.pick_for_moment(where, CHECKIN_POOLS[answer])
                or await self.encouragement.pick(where))
        note = (f"Noted for {race.name}: {answer.label}. Only the counts are shared, never "
                "who said what; click another answer to change yours." if changed
                else f"You said {answer.label} for {race.name} already.")
        return CheckinReply(post, note)

    # --- what other posts show --------------------------------------------------------------

    async def phase(self, guild_id: int, on: date) -> Phase | None:
        """The club's race phase on a local date."""
        races = await self.store.races.between(guild_id, on - timedelta(days=3),
                                               on + PHASE_HORIZON)
        return phase_on(on, (r.local_date for r in races))

    async def countdown(self, guild_id: int, on: date) -> list[str]:
        """Lines for the next club races within 30 days (at most two)."""
        races = await self.store.races.between(guild_id, on,
                                               on + timedelta(days=COUNTDOWN_DAYS))
        return [countdown_line(r.name, (r.local_date - on).days, r.runners)
                for r in races[:COUNTDOWN_RACES]]

    async def tallies(self, race: Race) -> dict[CheckinAnswer, int]:
        """How many members gave each check-in answer."""
        return await self.store.races.tallies(race.id)

    async def recent(self, guild_id: int, on: date, days: int) -> list[Race]:
        """The club's races in the ``days`` before ``on``."""
        return await self.store.races.between(guild_id, on - timedelta(days=days),
                                              on - timedelta(days=1))

    async def results(self, guild_id: int, on: date, days: int) -> list[tuple[Race, str]]:
        """The club's races in the ``days`` before ``on``, each with its check-in counts."""
        return [(race, tally_text(await self.tallies(race)))
                for race in await self.recent(guild_id, on, days)]

    async def lines(self, races: Sequence[Race], strong: Callable[[str], str] = str,
                    ) -> list[str]:
        """Each race's line (:func:`describe_race`), counting down from the club's today."""
        return [describe_race(race, await self.days_to(race), strong) for race in races]


def describe_race(race: Race, days: int, strong: Callable[[str], str] = str) -> str:
    """``#3 Harbour 10K · Sun 17 May 2026 (in 12 days) · 10K · starts 09:30 · 23 running``.

    One line for both front ends; ``strong`` says how a front end shows bold.
    """
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    parts = [strong(f"#{race.id} {race.name}"), f"{day_label(race.local_date, year=True)} ({when})"]
    if race.distance:
        parts.append(race.distance)
    if race.start_time:
        parts.append(f"starts {race.start_time}")
    parts.append(f"{race.runners} running" if race.runners else "nobody has joined yet")
    return " · ".join(parts)


def tally_text(tallies: dict[CheckinAnswer, int]) -> str:
    """``PB or goal 3 · Finished 5 · Tough day 1``, or ``no answers yet``."""
    parts = [f"{a.label} {tallies[a]}" for a in CheckinAnswer if tallies.get(a)]
    return " · ".join(parts) or "no answers yet"


def _member(where: Where) -> tuple[int, int]:
    if where.guild_id is None or where.user_id is None:
        raise UserError("Races belong to a club: use this in a server.")
    return where.guild_id, where.user_id
