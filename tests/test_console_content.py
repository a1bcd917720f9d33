"""The club's own entries and members' stories in the console, run as a person runs it."""

from __future__ import annotations

from pathlib import Path

from bot.config import SHIPPED_CONTENT
from bot.content import load_library
from tests.samples import BROKEN_IMPORT
from tests.test_console import console

BROKEN = BROKEN_IMPORT


def test_content_commands_in_the_console(tmp_path: Path) -> None:
    export = tmp_path / "club.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    script = "\n".join([
        "/help",
        "/club content add theme:small-wins kind:mantra title:Lamp posts "
        "body:One lamp post at a time.",
        "/club content add theme:doubt kind:limerick title:Nope body:There once was",
        "/club content add theme:doubt kind:story title:Two parts body:First part.\\nSecond part.",
        "/club content list",
        f"/club content export file:{export}",
        f"/club content import file:{broken}",
        f"/club content import file:{export}",
        f"/club content import file:{tmp_path / 'missing.yaml'}",
        "/club content remove id:club-1-lamp-posts",
        "/club content remove id:club-1-lamp-posts",
    ]) + "\n"
    result = console(tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/club content add" in out and "(the form's fields)" in out  # /help
    assert "/club submissions approve" in out and "(the Approve button)" in out
    assert "Added Lamp posts as club-1-lamp-posts (small-wins, mantra)." in out
    assert "There is no kind 'limerick'" in out
    assert "club-2-two-parts · doubt story · Two parts" in out
    assert f"Exported the club's entries to {export}." in out
    assert "Nothing was imported: broken.yaml has 1 problem." in out
    assert "broken.yaml:9: unknown kind 'limerick'" in out
    assert "Imported 2 entries from club.yaml: 0 new, 0 updated, 2 unchanged." in out
    assert "Could not read" in out and "missing.yaml" in out
    assert "Removed Lamp posts (club-1-lamp-posts)." in out
    assert "This club has no entry 'club-1-lamp-posts'" in out
    exported = export.read_text()
    assert "  body: |-\n    First part.\n    Second part.\n" in exported
    printed = console(tmp_path, "-c", "/club content export").stdout
    assert "- id: club-2-two-parts" in printed and "club-1-lamp-posts" not in printed


def test_share_and_review_in_the_console(tmp_path: Path) -> None:
    script = "\n".join([
        "/share theme:comeback title:Back again story:Too short credit:me",
        "/share theme:comeback title:Back @everyone story:I ran to the end of the road "
        "and back, <@42> came too. credit:me",
        "/share theme:late-start title:At sixty story:I started at sixty and I am still "
        "going. credit:anonymous",
        "/club submissions",
        "/club submissions channel:#morning",
        "/club submissions approve id:1",
        "/club submissions approve id:1",
        "/club submissions reject id:2",
        "/club submissions approve id:x",
        "/club status",
    ]) + "\n"
    out = console(tmp_path, stdin=script).stdout
    assert "The story takes 20 to 4000 characters (this one has 9)." in out
    assert "Story #1: it waits for review" in out
    assert "No review channel yet" in out
    assert "Waiting for review: 2" in out
    assert "#1 comeback — Back @\u200beveryone (credited to you)" in out
    assert "#2 late-start — At sixty (anonymous)" in out
    assert "Members' stories now come to #morning for review." in out
    assert "Approved story #1: added as club-1-back-everyone." in out
    assert "Story #1 was approved already." in out
    assert "Rejected story #2." in out
    assert "Give the story's number, like id:1" in out
    assert "Members' stories: 0 waiting for review" in out
    shipped = len(load_library([SHIPPED_CONTENT]).entries)
    assert f"Library: {shipped} shipped + 1 of the club's own" in out
    listing = console(tmp_path, "-c", "/club content list").stdout
    assert "club-1-back-everyone · comeback story · Back @\u200beveryone · shared by you" in \
        listing
