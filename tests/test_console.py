"""The console as a person uses it: a subprocess fed through stdin, and through -c."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def console(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "console.db"), *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False)


def test_one_command_with_c(tmp_path: Path) -> None:
    result = console(tmp_path, "-c", "/doubt kind:mantra")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("🧠 MENTAL BATTLES — ")
    assert "Mental battles · mantra" in result.stdout
    assert result.stderr == ""


def test_piped_session_keeps_state_in_the_database(tmp_path: Path) -> None:
    script = "\n".join([
        "/help",
        "/club timezone zone:Europe/Oslo",
        "/club timezone zone:Mars/Base",
        "/club themes disable theme:race-day",
        "/raceday",
        "/encourage about:knee injury, scared to start again",
        "/helped",
        "/another",
        "/nonsense",
    ]) + "\n"
    result = console(tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/club schedule" in out or "/club status" in out  # help lists admin commands
    assert "The club's time zone is now Europe/Oslo." in out
    assert "unknown time zone 'Mars/Base'" in out
    assert "Race day is turned off in this server" in out
    assert "🌱 COMEBACKS — " in out
    assert "Thanks — noted that this helped." in out
    assert out.count("🌱 COMEBACKS — ") == 2  # /another stays in the theme
    assert "Unknown command /nonsense" in out
    status = console(tmp_path, "-c", "/club status")
    assert "Time zone: Europe/Oslo" in status.stdout
    assert "Themes off: race-day" in status.stdout
    assert "×1" in status.stdout


def test_bad_options_say_what_is_accepted(tmp_path: Path) -> None:
    result = console(tmp_path, "-c", "/doubt flavour:spicy")
    assert "This command takes kind:… private:…" in result.stderr
    assert result.returncode == 1 and result.stdout == ""


def test_schedules_in_the_console(tmp_path: Path) -> None:
    script = "\n".join([
        "/club timezone zone:Europe/Oslo",
        "/club schedule add channel:#morning time:07:00 days:weekdays theme:rotate "
        "mention:@early-birds",
        "/club schedule add channel:#nowhere time:07:00",
        "/club schedule add channel:#morning time:25:61",
        "/club schedule test id:1",
        "/club schedule pause id:1",
    ]) + "\n"
    out = console(tmp_path, stdin=script).stdout
    assert "Scheduled: #1 #morning 07:00 weekdays, rotate, pings @early-birds — next: " in out
    assert " 07:00 CET — ok" in out or " 07:00 CEST — ok" in out
    assert "No channel '#nowhere'" in out
    assert "time '25:61' is not valid" in out
    assert "🧪 Test post for schedule #1 in #morning" in out
    listing = console(tmp_path, "-c", "/club schedule list").stdout
    assert listing.strip().endswith("— paused")
    assert "#2" not in listing  # the bad ones saved nothing


def test_support_and_the_clubs_line_in_the_console(tmp_path: Path) -> None:
    script = "\n".join([
        "/support",
        "/club support text:Ring Jo, our welfare officer, on 07700 900123",
        "/support",
        "/encourage about:i want to end my life",
        "/club support remove:true",
        "/support",
    ]) + "\n"
    out = console(tmp_path, stdin=script).stdout
    answers = out.split("(only you can see this)")
    first = answers[1].split("The club's support line is now:")[0]
    assert "findahelpline.com" in first and "Ring Jo" not in first
    assert "The club's support line is now:" in out
    assert answers[2].strip().startswith("📞 Ring Jo, our welfare officer, on 07700 900123")
    assert answers[3].strip().startswith("📞 Ring Jo") and "findahelpline.com" in answers[3]
    assert "Removed the club's support line." in out
    assert "Ring Jo" not in answers[4] and "findahelpline.com" in answers[4]
