r"""The club's own entries and members' stories in the console.

Discord's forms become options, as every console command takes them:
``/club content add theme:doubt kind:mantra title:… body:…`` and
``/share theme:comeback title:… story:… credit:me`` (``\n`` in a body or story
starts a new line). The review buttons become commands, as /another and /helped
are: ``/club submissions approve id:1``. Export and import take a file path.
"""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from bot.console.session import (
    CHANNEL_NAMES,
    GUILD_ID,
    PRIVATE_NOTE,
    USER_ID,
    Command,
    Console,
    channel_id,
)
from bot.core import replies
from bot.errors import UserError
from bot.values import Submission, SubmissionStatus

CONSOLE_CLUB = "the console club"
CONSOLE_NAME = "you"


def _lines(text: str) -> str:
    return text.replace("\\n", "\n")


def _path(options: dict[str, str]) -> Path:
    text = options.get("file", "").strip()
    if not text:
        raise UserError("Give a file, like file:club.yaml")
    return Path(text).expanduser()


def _pending_line(submission: Submission) -> str:
    return f"#{submission.id} {submission.theme_id} — {submission.title} ({submission.credited})"


def commands(app: App) -> list[Command]:
    """/club content add|list|remove|export|import, /share and /club submissions."""
    content = app.club_content

    async def add(console: Console, options: dict[str, str]) -> str:
        entry = await content.add_entry(
            GUILD_ID, options.get("theme", ""), options.get("kind", ""),
            options.get("title", ""), _lines(options.get("body", "")), USER_ID)
        return f"Added {entry.title} as {entry.id} ({entry.theme}, {entry.kind})."

    async def list_(console: Console, options: dict[str, str]) -> str:
        entries = await content.entries(GUILD_ID, options.get("theme") or None)
        if not entries:
            return "No entries of the club's own yet. Add one with /club content add."
        return "\n".join(f"{e.id} · {e.theme} {e.kind} · {e.title}"
                         + (f" · shared by {e.credit}" if e.credit else "") for e in entries)

    async def remove(console: Console, options: dict[str, str]) -> str:
        entry = await content.remove_entry(GUILD_ID, options.get("id", ""))
        return f"Removed {entry.title} ({entry.id})."

    async def export(console: Console, options: dict[str, str]) -> str:
        text = await content.export(GUILD_ID, CONSOLE_CLUB)
        if not options.get("file"):
            return text.rstrip("\n")
        path = _path(options)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"Could not write {path}: {exc.strerror}") from None
        return f"Exported the club's entries to {path}."

    async def import_(console: Console, options: dict[str, str]) -> str:
        path = _path(options)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Could not read {path}: {exc.strerror}") from None
        result = await content.import_entries(GUILD_ID, data, path.name, USER_ID)
        return result.summary(path.name)

    async def share(console: Console, options: dict[str, str]) -> str:
        if "withdraw" in options:
            if set(options) - {"withdraw"}:
                raise UserError("Share a story or withdraw one (withdraw:3), not both at once.")
            story = await content.withdraw(console.where, options["withdraw"])
            return (f"Withdrew your story #{story.id} {story.title}: " + (
                "it won't be reviewed." if story.status is SubmissionStatus.PENDING
                else "it has left the club's collection."))
        shared = await content.submit(
            console.where, options.get("theme", ""), options.get("title", ""),
            _lines(options.get("story", "")), options.get("credit", ""), CONSOLE_NAME)
        submission = shared.submission
        channel = await content.review_channel(GUILD_ID)
        where = (f"it waits in #{CHANNEL_NAMES.get(channel, channel)} for review" if channel
                 else "it waits for review")
        credit = ("It will be credited to you." if submission.credit
                  else "It is shared anonymously (credit:me shows your name).")
        text = (f"Thank you for sharing it. Story #{submission.id}: {where} "
                f"(/club submissions approve id:{submission.id}). {credit}")
        if shared.support is not None:
            text += f"\n\n{PRIVATE_NOTE}\n{shared.support.text}"
        return text

    async def submissions(console: Console, options: dict[str, str]) -> str:
        if options.get("channel"):
            chosen = channel_id(options["channel"])
            await content.set_review_channel(GUILD_ID, chosen)
            return f"Members' stories now come to #{CHANNEL_NAMES[chosen]} for review."
        channel = await content.review_channel(GUILD_ID)
        head = replies.review_channel(f"#{CHANNEL_NAMES.get(channel, channel)}" if channel
                                      else None)
        pending = await content.pending(GUILD_ID)
        return "\n".join([head, f"Waiting for review: {len(pending)}",
                          *map(_pending_line, pending)])

    def decide(approve: bool) -> Command:
        async def handle(console: Console, options: dict[str, str]) -> str:
            decision = await content.decide(GUILD_ID, options.get("id", ""), approve, USER_ID)
            if decision.entry is None:
                return f"Rejected story #{decision.submission.id}."
            return (f"Approved story #{decision.submission.id}: added as "
                    f"{decision.entry.id}.")
        word = "approve" if approve else "reject"
        summary = ("Admin: add a waiting story to the club's pool (the Approve button)"
                   if approve else "Admin: turn a waiting story down (the Reject button)")
        return Command(f"club submissions {word}", ("id",), summary, handle)

    return [
        Command("share", ("theme", "title", "story", "credit", "withdraw"),
                "Share your story with the club (the form's fields; credit: me or anonymous); "
                "withdraw:3 takes one back", share),
        Command("club content add", ("theme", "kind", "title", "body"),
                "Admin: add an entry of the club's own (the form's fields)", add),
        Command("club content list", ("theme",), "Admin: the club's own entries", list_),
        Command("club content remove", ("id",), "Admin: remove one of the club's entries",
                remove),
        Command("club content export", ("file",),
                "Admin: the club's entries as YAML (to a file, or printed)", export),
        Command("club content import", ("file",),
                "Admin: add or update entries from a YAML file (all or nothing)", import_),
        Command("club submissions", ("channel",),
                "Admin: stories waiting for review; channel: sets the review channel",
                submissions),
        decide(True),
        decide(False),
    ]
