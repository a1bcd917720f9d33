"""Where a club stands against its races, by local dates: pure date arithmetic.

A race date is a local date in the club's zone, so "today" is too: a club in
Pacific/Auckland and one in America/Los_Angeles each reach race eve on their own
evening. The phase comes from the race that matters most today: race day, then
race eve, then the days after (1–3), then the taper (14–2 days), then the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.values import Phase

TAPER_DAYS = 14
AFTER_DAYS = 3
COUNTDOWN_DAYS = 30


def phase_for(days_to_race: int) -> Phase | None:
    """The phase ``days_to_race`` days before a race (negative: after it), if any."""
    if days_to_race > TAPER_DAYS:
        return Phase.BUILD
    if days_to_race >= 2:
        return Phase.TAPER
    if days_to_race == 1:
        return Phase.RACE_EVE
    if days_to_race == 0:
        return Phase.RACE_DAY
    if -AFTER_DAYS <= days_to_race <= -1:
        return Phase.AFTER
    return None


_PRIORITY = (Phase.RACE_DAY, Phase.RACE_EVE, Phase.AFTER, Phase.TAPER, Phase.BUILD)


def phase_on(today: date, race_dates: Iterable[date]) -> Phase | None:
    """The club's phase today, from the race that matters most; None without races."""
    phases = {p for d in race_dates if (p := phase_for((d - today).days)) is not None}
    return next((p for p in _PRIORITY if p in phases), None)


POST_RACE_TAGS = frozenset({"post-race-pb", "post-race-finished", "post-race-tough",
                            "post-race-dnf"})
MOMENT_TAGS = frozenset({"taper", "race-eve"}) | POST_RACE_TAGS


@dataclass(frozen=True)
class PhasePool:
    """Where a pick looks first in a moment: entries with these tags, then these themes.

    When the channel has seen every one of them lately, the usual pick takes over.
    """

    tags: frozenset[str]
    themes: tuple[str, ...] = ()

    def wants_tag(self, tags: Iterable[str]) -> bool:
        """Whether an entry with ``tags`` is for this moment."""
        return any(t in self.tags for t in tags)

    def belongs_elsewhere(self, tags: Iterable[str]) -> bool:
        """Whether an entry with ``tags`` is written for another moment.

        A taper entry is not for race morning, even in the race-day theme.
        """
        return any(t in MOMENT_TAGS and t not in self.tags for t in tags)


# Race day has no moment tag of its own: its entries are the race-day theme's, less
# those written for another moment (the taper, race eve, the days after).
PHASE_POOLS = {
    Phase.TAPER: PhasePool(frozenset({"taper"}), ("doubt",)),
    Phase.RACE_EVE: PhasePool(frozenset({"race-eve"})),
    Phase.RACE_DAY: PhasePool(frozenset(), ("race-day",)),
    Phase.AFTER: PhasePool(POST_RACE_TAGS, ("lessons", "small-wins")),
}


def countdown_line(name: str, days_to_race: int, runners: int) -> str:
    """``Harbour 10K in 12 days · 23 running``."""
    when = ("is today" if days_to_race == 0 else "is tomorrow" if days_to_race == 1
            else f"in {days_to_race} days")
    running = f" · {runners} running" if runners else ""
    return f"🏁 {name} {when}{running}"
