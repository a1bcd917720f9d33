"""Races in the console as a person uses it: one piped session that moves the clock.

An admin adds a race three weeks out, joins it, sets a weekly digest and a rotate
schedule, then walks the console's clock through the race: the morning posts
count down and follow the race's phase, race morning wishes "@you" good luck,
the day after asks how it went, and the digest sums it up. Each post is printed
once, however the clock moves afterwards, in this session or the next.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.content import Entry, Library
from bot.core.phases import PHASE_POOLS
from bot.values import Phase

LONDON = ZoneInfo("Europe/London")
SUMMARY = re.compile(r"^The console's clock: .*$", re.MULTILINE)


def console(tmp_path: Path, script: list[str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "console.db")],
        input="\n".join(script) + "\n", capture_output=True, text=True, timeout=90,
        check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def moves(out: str) -> list[str]:
    """The output up to each /clock summary line, one piece per move of the clock."""
    pieces, start = [], 0
    for match in SUMMARY.finditer(out):
        pieces.append(out[start:match.end()])
        start = match.end()
    return pieces


def posts(piece: str, *, digests: bool = False) -> list[str]:
    """The timed posts printed in a piece of output, each from its ``[posted in …]`` line.

    The weekly digest (in #general) falls on some day of any week: it is left out
    unless ``digests``, and then it is all there is.
    """
    found = [f"[posted in {p}".split("\n\nThe console's clock:")[0]
             for p in piece.split("[posted in ")[1:]]
    return [p for p in found if p.startswith("[posted in #general]") == digests]


def entry_of(post: str, library: Library) -> Entry:
    """The library entry a printed post shows (by its ``EMOJI THEME — Title`` line)."""
    lines = {f"{library.themes[e.theme].emoji} {library.themes[e.theme].name.upper()} — "
             f"{e.title}": e for e in library.entries.values()}
    found = [lines[line] for line in post.splitlines() if line in lines]
    assert len(found) == 1, post
    return found[0]


def fits(entry: Entry, phase: Phase) -> bool:
    pool = PHASE_POOLS[phase]
    return pool.wants_tag(entry.tags) or entry.theme in pool.themes


def test_a_race_from_the_calendar_to_the_digest(tmp_path: Path, library: Library) -> None:
    race_day = datetime.now(LONDON).date() + timedelta(days=20)
    digest_day = race_day + timedelta(days=3)

    def at(on: date, hhmm: str) -> str:
        return f"/clock set when:{on.isoformat()} {hhmm}"

    out = console(tmp_path, [
        "/club timezone zone:Europe/London",
        "/club schedule add channel:#morning time:07:00 theme:rotate",
        f'/club race add name:"Harbour 10K" date:{race_day} distance:10K start_time:09:30 '
        "channel:#race-chat",
        "/club race add name:Past date:2020-01-01",
        '/race join race:"Harbour 10K"',
        f"/club digest set channel:#general day:{digest_day:%a} time:18:00",
        "/race list",
        at(race_day - timedelta(days=5), "07:30"),          # the build, then the taper
        at(race_day, "08:30"),                              # the eve, race day, race morning
        "/clock advance days:1 hours:2",                    # the day after: the check-in
        "/race checkin race:1 answer:pb",
        "/race checkin race:1 answer:pb",
        "/race checkin race:1 answer:maybe",
        at(digest_day, "18:30"),                            # the digest
        "/clock advance minutes:5",
        "/club race list",
        "/club status",
    ])
    assert "Added #1 Harbour 10K · " in out and "(in 20 days) · 10K · starts 09:30" in out
    assert "2020-01-01 is in the past" in out
    assert "You're running Harbour 10K: on race morning you'll be wished good luck" in out
    assert f"The weekly digest goes to #general every {digest_day:%a}".lower() in out.lower()
    assert "#1 Harbour 10K · " in out and "· 1 running · posts in #race-chat" in out
    build_and_taper, race_week, day_after, digest_week, quiet = moves(out)

    # Every morning post counts down; in the taper (14 to 2 days) it is a taper pick.
    days_seen = []
    for post in posts(build_and_taper):
        assert post.startswith("[posted in #morning]")
        days = int(re.search(r"🏁 Harbour 10K in (\d+) days · 1 running", post)[1])
        days_seen.append(days)
        if days <= 14:  # the taper-tagged entries first (the channel hasn't seen them all)
            assert "taper" in entry_of(post, library).tags, post
    assert days_seen == sorted(days_seen, reverse=True) and days_seen[-1] == 5
    assert len(days_seen) == len(set(days_seen))  # one a day
    assert "Good luck" not in build_and_taper

    # Race week: taper, race eve, race day, then the good-luck post an hour and a half
    # before the start, to the member who joined.
    week = posts(race_week)
    assert [p.split("\n")[0] for p in week] == ["[posted in #morning]"] * 5 + [
        "[posted in #race-chat]"]
    assert [re.search(r"🏁 Harbour 10K (.*?)( ·|\n)", p)[1] for p in week[:5]] == [
        "in 4 days", "in 3 days", "in 2 days", "is tomorrow", "is today"]
    assert fits(entry_of(week[3], library), Phase.RACE_EVE)
    assert entry_of(week[4], library).theme == "race-day"
    good_luck = week[5]
    assert "🏁 Good luck today, everyone running **Harbour 10K**! @you" in good_luck
    assert "10K · starts 09:30" in good_luck
    assert entry_of(good_luck, library).theme == "race-day"
    assert f"{race_day:%a %d %b %Y} 08:30" in race_week

    # The day after: the morning post follows the race, and the check-in asks.
    [after, checkin] = posts(day_after)
    assert "Harbour 10K" not in after.split("\n")[1]  # no countdown: no race ahead
    assert fits(entry_of(after, library), Phase.AFTER)
    assert checkin.startswith("[posted in #race-chat]\n🏁 HOW DID HARBOUR 10K GO?")
    assert ("[PB or goal] [Finished] [Tough day] [Didn't finish / didn't start]  "
            "(/race checkin race:1 answer:pb|finished|tough|dnf)") in checkin
    assert "(only you can see this) Noted for Harbour 10K: PB or goal." in digest_week
    assert "(only you can see this) You said PB or goal for Harbour 10K already." in digest_week
    assert "answer 'maybe': use pb, finished, tough or dnf." in digest_week

    # The digest, after the race: how it went, in counts.
    digest = posts(digest_week, digests=True)[-1]
    assert f"📰 THE CLUB'S WEEK · {digest_day:%d %b %Y}".upper() in digest.upper()
    assert "**How last week's races went**\n• Harbour 10K: PB or goal 1" in digest
    assert "Nothing fell due on the way." in quiet and "[posted in" not in quiet

    listing_and_status = out[out.rindex("Nothing fell due on the way."):]
    assert "How recent races went:\n#1 Harbour 10K: PB or goal 1" in listing_and_status
    assert "Race check-ins (30 days): Harbour 10K: PB or goal 1" in listing_and_status

    # Every post once: race morning, check-in and each week's digest.
    assert out.count("Good luck today, everyone running") == 1
    assert out.count("HOW DID HARBOUR 10K GO?") == 1
    titles = re.findall(r"📰 THE CLUB'S WEEK · .*", out)
    assert len(titles) == len(set(titles)) >= 3

    # A new session starts its clock at the real now again; moving it over the same
    # days finds everything posted already.
    again = console(tmp_path, [at(digest_day, "18:40")])
    assert "[posted in" not in again, again


def test_moving_the_clock_over_posted_days_says_nothing_fell_due(tmp_path: Path) -> None:
    console(tmp_path, ["/club schedule add channel:#morning time:07:00",
                       "/clock advance days:2"])
    again = console(tmp_path, ["/clock advance days:2"])  # a new session: the real now again
    assert "[posted in" not in again
    assert "Nothing fell due on the way." in again, again
