"""The console as a new user gets it wrong, and as an attacker or an editor pushes it.

Run as a person runs it: ``python -m bot console`` in a subprocess, fed lines
through stdin or one command with ``-c``. Several commands share one piped
session where the answers can be told apart: ``/channel name:general`` answers
``Now in #general.`` and separates them.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SHIPPED_CONTENT

ROOT = Path(__file__).resolve().parent.parent


def python_path() -> str:
    """This checkout first, then whatever PYTHONPATH the suite runs with."""
    return os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


PRIVATE = "(only you can see this)"
SEPARATOR = "/channel name:general"
SEPARATED = "Now in #general."


def console(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": python_path()})


def answers(db: Path, *lines: str) -> list[str]:
    """Each line's answer, from one piped session."""
    script = "".join(f"{line}\n{SEPARATOR}\n" for line in lines)
    result = console(db, stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    parts = result.stdout.split(SEPARATED + "\n")
    assert parts[-1] == "", "the session ended before its last line"
    assert len(parts) - 1 == len(lines)
    return [part.strip("\n") for part in parts[:-1]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "club.db"


# --- options --------------------------------------------------------------------------

PRIVATE_COMMANDS = ["/doubt private:true", "/doubt kind:story private:yes",
                    "/encourage about:tired legs private:true", "/story private:true",
                    "/reflect theme:comeback private:true", "/mantra private:on",
                    "/encourage about:I don't want to run today private:true",
                    "/encourage about:\"legs: heavy, mind: busy\" private:true"]


def test_private_true_marks_the_answer_private(db: Path) -> None:
    replies = answers(db, *PRIVATE_COMMANDS, "/doubt", "/mantra private:false")
    for command, reply in zip(PRIVATE_COMMANDS, replies[:-2], strict=True):
        assert reply.startswith(PRIVATE + "\n"), (command, reply[:80])
    public, not_private = replies[-2:]
    assert PRIVATE not in public and PRIVATE not in not_private


UNKNOWN_OPTIONS = [
    ("/doubt flavour:spicy", "flavour:"),
    ("/encourage about:tired legs kind:story", "kind:"),
    # An apostrophe is text, not a quote: the option after it is still read.
    ("/encourage about:I can't face it kind:story", "kind:"),
    ("/encourage about:it's \"hard\" kind:story", "kind:"),
    ("/encourage about:\"unclosed quote kind:story", "kind:"),
    ("/club timezone zone:Europe/Oslo tz:UTC", "tz:"),
]


def test_an_unknown_option_is_refused_by_name(db: Path) -> None:
    replies = answers(db, *(line for line, _ in UNKNOWN_OPTIONS), "/club status")
    for (line, named), reply in zip(UNKNOWN_OPTIONS, replies, strict=False):
        assert reply.startswith(f"{PRIVATE} Unknown option {named}"), (line, reply)
        assert len(reply.splitlines()) == 1
    assert "Time zone: UTC" in replies[-1]  # the refused /club timezone changed nothing


def test_quoted_values_may_hold_colons_and_option_words(db: Path) -> None:
    story = "Hill repeats: six of them, kind:brutal, and I came back for more every week."
    replies = answers(
        db,
        f'/share theme:comeback title:"Hill: repeats" story:"{story}" credit:me',
        "/share theme:late-start title:'It's never late' story:'I started at sixty-one "
        "and I am still going.'",
        "/club submissions",
    )
    assert replies[0].startswith("Thank you for sharing it. Story #1")
    assert "It will be credited to you." in replies[0]
    # No credit: anonymous, and told so.
    assert replies[1].startswith("Thank you for sharing it. Story #2")
    assert "It is shared anonymously" in replies[1]
    listing = replies[2]
    assert "#1 comeback — Hill: repeats (credited to you)" in listing
    assert "#2 late-start — It's never late (anonymous)" in listing


# --- -c, pipes, help and quitting -------------------------------------------------------

def test_c_exit_codes(db: Path) -> None:
    answered = console(db, "-c", "/club")
    assert answered.returncode == 0 and answered.stderr == ""
    assert answered.stdout.startswith("/club has these commands:")
    refused = console(db, "-c", "/doubt flavour:spicy")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Unknown option flavour:" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1


def test_output_piped_into_head_ends_quietly(tmp_path: Path, db: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("/themes\n/doubt\n" * 300)
    err, status = tmp_path / "stderr.txt", tmp_path / "status.txt"
    command = (f"{shlex.quote(sys.executable)} -m bot console --db {shlex.quote(str(db))} "
               f"< {shlex.quote(str(lines))} 2> {shlex.quote(str(err))} | head -1; "
               f"echo ${{PIPESTATUS[0]}} > {shlex.quote(str(status))}")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                            timeout=60, check=False, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": python_path()})
    assert len(result.stdout.splitlines()) == 1
    assert err.read_text() == ""  # no traceback, no "Broken pipe", no "Exception ignored"
    assert status.read_text().strip() == "0"


def test_club_alone_lists_its_commands_and_help_is_help(db: Path) -> None:
    club, schedule, *helps = answers(db, "/club", "/club schedule", "help", "--help", "-h",
                                     "/help", "Help")
    assert club.startswith("/club has these commands:")
    for command in ("/club timezone", "/club themes disable", "/club schedule add",
                    "/club content import", "/club submissions approve"):
        assert command in club
    assert schedule.startswith("/club schedule has these commands:")
    assert "/club schedule pause" in schedule and "/club timezone" not in schedule
    for reply in helps:
        assert "/club schedule add" in reply and "/quit" in reply, reply[:80]


def test_quit_leaves(db: Path) -> None:
    script = "/club timezone zone:Europe/Oslo\n/quit\n/club timezone zone:Asia/Tokyo\n"
    result = console(db, stdin=script)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "The club's time zone is now Europe/Oslo.\n"


# --- schedules and themes ---------------------------------------------------------------

def test_a_schedule_for_a_theme_that_is_off_is_refused_and_the_list_reads_well(
        db: Path) -> None:
    replies = answers(
        db,
        "/club schedule add channel:#morning time:07:00 theme:doubt kind:story",
        "/club schedule add channel:#general time:08:00 theme:comeback",
        "/club schedule add channel:#general time:09:00 theme:rotate",
        "/club themes disable theme:doubt",
        "/club schedule add channel:#race-chat time:06:30 theme:doubt",
        "/club schedule add channel:#race-chat time:06:30 theme:/doubt",
        "/club themes disable theme:all",
        "/club schedule list",
        "/club themes enable theme:all",
        "/club schedule add channel:#general time:10:00 theme:rotate kind:reflection",
        "/club schedule pause id:4",
        "/club schedule list",
    )
    turned_off = replies[3]
    assert turned_off.startswith("Turned off: 🧠 Mental battles")
    assert "#1 (#morning 07:00)" in turned_off and "#2" not in turned_off
    for refused in replies[4:6]:
        assert refused.startswith(PRIVATE)
        assert "Mental battles is turned off in this server" in refused
        assert "/club themes enable" in refused
    everything_off = replies[6]
    assert "#1 (#morning 07:00)" in everything_off and "#2 (#general 08:00)" in everything_off
    assert "#3" not in everything_off  # rotate picks among the themes that are on
    listing = replies[7].splitlines()
    assert [line.split()[0] for line in listing] == ["#1", "#2", "#3"]  # nothing saved

    # The wording of the list: kinds in the plural, a paused schedule as paused.
    listing = replies[-1]
    assert "#1 #morning 07:00 daily, doubt, stories — next: " in listing
    assert "storys" not in listing
    assert "#4 #general 10:00 daily, rotate, reflections — paused" in listing
    assert "next: — —" not in listing and "— —" not in listing


# --- ids --------------------------------------------------------------------------------

BAD_IDS = [str(2**70), str(2**63), "-5", "0", "9" * 5000]
ID_COMMANDS = ["/club schedule pause", "/club schedule resume", "/club schedule remove",
               "/club schedule test", "/club submissions approve", "/club submissions reject",
               "/club content remove"]


def test_odd_ids_answer_no_such_and_the_console_goes_on(db: Path) -> None:
    lines = [f"{command} id:{value}" for command in ID_COMMANDS
             for value in [*BAD_IDS, "abc", "1.5", ""]]
    replies = answers(db, "/club schedule add channel:#morning time:07:00", *lines,
                      "/club status")
    assert replies[-1].startswith("Time zone: UTC")  # still answering at the end
    assert "Schedules: #1 07:00 daily — ok" in replies[-1]  # id 1 was never touched
    for line, reply in zip(lines, replies[1:-1], strict=True):
        assert reply.startswith(PRIVATE), (line[:60], reply[:200])
        assert ("There is no" in reply or "has no entry" in reply
                or "number, like id:1" in reply), (line[:60], reply[:200])
        assert "wrong" not in reply
        assert len(reply) < 300, (line[:60], len(reply))


# --- import ------------------------------------------------------------------------------

def test_importing_the_same_export_twice_changes_nothing(tmp_path: Path, db: Path) -> None:
    export = tmp_path / "club.yaml"
    replies = answers(
        db,
        "/club content add theme:small-wins kind:mantra title:Lamp posts "
        "body:One lamp post at a time.",
        "/club content add theme:doubt kind:reflection title:The voice body:The voice that "
        "says stop is not the one that knows your legs.",
        f"/club content export file:{export}",
        f"/club content import file:{export}",
        f"/club content import file:{export}",
        "/club content list",
    )
    assert replies[3] == replies[4] == (
        "Imported 2 entries from club.yaml: 0 new, 0 updated, 2 unchanged.")
    assert len(replies[5].splitlines()) == 2

    edited = tmp_path / "edited.yaml"
    edited.write_text(export.read_text().replace("One lamp post at a time.",
                                                 "One lamp post, then the next."))
    again = answers(db, f"/club content import file:{edited}",
                    f"/club content import file:{edited}", "/club content list")
    assert again[0] == "Imported 2 entries from edited.yaml: 0 new, 1 updated, 1 unchanged."
    assert again[1] == "Imported 2 entries from edited.yaml: 0 new, 0 updated, 2 unchanged."
    assert len(again[2].splitlines()) == 2

    other_club = tmp_path / "other.db"
    first, second, listing = answers(other_club, f"/club content import file:{export}",
                                     f"/club content import file:{export}",
                                     "/club content list")
    assert first == "Imported 2 entries from club.yaml: 2 new, 0 updated, 0 unchanged."
    assert second == "Imported 2 entries from club.yaml: 0 new, 0 updated, 2 unchanged."
    assert len(listing.splitlines()) == 2


def test_a_shipped_library_file_is_refused(db: Path) -> None:
    refused, listing = answers(db, f"/club content import file:{SHIPPED_CONTENT / 'doubt.yaml'}",
                               "/club content list")
    assert refused.startswith(f"{PRIVATE} Nothing was imported: doubt.yaml holds entries of "
                              "the shipped library")
    assert listing.startswith("No entries of the club's own yet.")


BROKEN_START = """\
import sys
import bot.console.terminal as terminal
def broken(app):
    raise RuntimeError("a bug while building the command table")
terminal.build_commands = broken
from bot.cli import main
sys.exit(main(["console", "--db", sys.argv[1], "-c", "/doubt"]))
"""


def test_a_bug_at_start_ends_the_console_instead_of_hanging(db: Path) -> None:
    """Once the database is open it is closed whatever fails: its thread would keep us alive."""
    result = subprocess.run([sys.executable, "-c", BROKEN_START, str(db)], capture_output=True,
                            text=True, timeout=20, check=False, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": python_path()})
    assert result.returncode == 1
    assert "RuntimeError: a bug while building the command table" in result.stderr
