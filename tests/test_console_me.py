"""/me in the console, as a person uses it: piped sessions, and the clock moved to see DMs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.test_console import console

DM = "[posted in a direct message]"


def run(tmp_path: Path, *lines: str) -> str:
    result = console(tmp_path, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_a_reminder_arrives_once_a_day_when_the_clock_moves(tmp_path: Path) -> None:
    out = run(tmp_path,
              "/clock set when:2030-06-03 06:00",
              "/me timezone zone:Europe/Oslo",
              "/me reminder add time:07:00 theme:doubt kind:mantra",
              "/me reminder list",
              "/clock advance hours:3",  # 07:00 Oslo is 05:00 UTC: already past, tomorrow's
              "/clock advance days:1",
              "/clock advance hours:12",  # the same day again: nothing more
              "/clock advance days:1")
    assert "Reminder added: #1 07:00 daily, doubt, mantra — next: Tue 04 Jun 07:00 CEST — ok" \
        in out
    assert out.count(DM) == 2
    assert out.count("⏰ Your 07:00 reminder") == 2
    assert "Nothing fell due on the way." in out  # the same day, advanced again


def test_quiet_hours_hold_a_reminder_until_they_end(tmp_path: Path) -> None:
    out = run(tmp_path,
              "/clock set when:2030-06-03 05:00",
              "/me quiet from:06:30 to:08:00",
              "/me reminder add time:07:00",
              "/clock set when:2030-06-03 07:59",
              "/clock advance minutes:1",
              "/clock advance days:1")
    assert "Quiet hours 06:30–08:00, your time" in out
    # What each /clock command printed comes before its own summary line.
    steps = out.split("The console's clock:")
    assert DM not in steps[1]  # up to 07:59: held
    assert steps[2].count(DM) == 1  # at 08:00, once
    assert steps[3].count(DM) == 1  # the next day's, held again and sent at 08:00
    assert out.count(DM) == 2


def test_bad_input_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    out = run(tmp_path,
              "/me reminder add time:25:00",
              "/me timezone zone:Mars/Base",
              "/me quiet from:07:00 to:07:00",
              "/me forget",
              *(f"/me reminder add time:0{n}:00" for n in range(6)),
              "/me race-dm state:maybe",
              "/me reminder pause id:42")
    assert "time '25:00' is not valid" in out
    assert "unknown time zone 'Mars/Base'" in out
    assert "would last no time at all" in out
    assert "there is nothing to forget" in out
    assert "You have 5 reminders already" in out
    assert "use on or off" in out
    assert "You have no reminder #42" in out
    with sqlite3.connect(tmp_path / "console.db") as db:
        assert db.execute("SELECT COUNT(*) FROM reminders").fetchone()[0] == 5
        assert db.execute("SELECT timezone, quiet_from FROM member_settings").fetchall() == []


def test_data_is_printed_or_written_and_forget_asks_then_erases(tmp_path: Path) -> None:
    export = tmp_path / "me.json"
    out = run(tmp_path,
              "/me timezone zone:Europe/Oslo",
              "/doubt",
              "/helped",
              "/share theme:comeback title:End of the road story:Six months after the surgery "
              "I ran to the end of the road. credit:me",
              "/club submissions approve id:1",
              "/share theme:doubt title:Second one story:The voice said stop at mile four and "
              "I kept going. credit:me",
              "/share withdraw:2",
              "/share withdraw:2",
              f"/me data file:{export}",
              "/me forget",
              "/me forget confirm:cancel",
              "/me forget confirm:remove",
              "/me forget confirm:remove",
              "/me data",
              "/club content list")
    assert "Withdrew your story #2 Second one: it won't be reviewed." in out
    assert "Story #2 was withdrawn already" in out
    assert f"Wrote all of it as JSON to {export}" in out
    data = json.loads(export.read_text())
    assert data["settings"]["timezone"] == "Europe/Oslo"
    assert [s["status"] for s in data["stories"]] == ["approved", "withdrawn"]
    assert len(data["this_helped"]) == 1
    assert "1 of your stories are in the club's pool" in out
    assert "Nothing was deleted." in out
    assert "Done: Second Wind has forgotten you" in out
    assert "1 approved story(ies) left the clubs' pools." in out
    assert "there is nothing to forget" in out
    assert "Second Wind keeps nothing about you" in out
    assert "No entries of the club's own yet." in out
    with sqlite3.connect(tmp_path / "console.db") as db:
        assert db.execute("SELECT COUNT(*) FROM member_settings").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM history WHERE user_id = 100").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0


def test_help_lists_the_member_commands(tmp_path: Path) -> None:
    out = run(tmp_path, "/me", "/help")
    for command in ("/me timezone", "/me quiet", "/me race-dm", "/me reminder add",
                    "/me reminder list", "/me data", "/me forget"):
        assert command in out
