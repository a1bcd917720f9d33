"""A club's own entries and its members' stories: the use cases behind /club content and /share.

Club entries join picks in their own club only (``Encouragement.club_entries``).
They are checked by the library's own rules (``bot.content``), and their ids —
``club-<n>-<slug>``, ``n`` never handed out twice in one database — cannot
collide with another club's. An export is a library file: one ``entries:`` list
whose entries each name their ``theme``, which ``secondwind content lint``
accepts and which imports back unchanged.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import yaml

from bot.content import Entry, Problem, parse_entries_text, parse_entry
from bot.content.model import TITLE_LIMIT
from bot.core.crisis import CrisisLevel
from bot.core.inputs import parse_id
from bot.core.live_library import LiveLibrary
from bot.core.ports import Store
from bot.core.safety import Safety, SupportReply
from bot.errors import ImportRefused, NotFound, UserError
from bot.text import echo, inline, neutralise
from bot.values import Submission, SubmissionStatus, Where

log = logging.getLogger(__name__)

MAX_CLUB_ENTRIES = 1000
MAX_PENDING_PER_MEMBER = 5
STORY_MIN, STORY_MAX = 20, 4000
IMPORT_MAX_BYTES = 1_000_000
SLUG_MAX = 40
STORY_KIND = "story"
# A story is credited to the member only when they say so; anything else, or nothing, is
# anonymous after they were asked.
ANONYMOUS = frozenset({"", "anonymous", "anon", "no", "nobody"})
CREDIT_ME = frozenset({"me", "yes", "my name", "name"})

_FORM_PREFIX_RE = re.compile(r"^entry '[^']*': ")


def clean_text(text: str) -> str:
    """Member text made harmless to show again (see :mod:`bot.text`), trimmed."""
    return neutralise(text).strip()


def slug(title: str) -> str:
    """``Hill repeats, in the rain!`` → ``hill-repeats-in-the-rain``."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:SLUG_MAX].rstrip("-") or "entry"


def entries_count(count: int) -> str:
    """``1 entry``, ``2 entries``."""
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def club_entry_id(number: int, title: str) -> str:
    """The id of a club's entry: ``club-<n>-<slug>``."""
    return f"club-{number}-{slug(title)}"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: entries added (with their new ids) and entries updated."""

    added: list[Entry]
    updated: list[Entry]
    unchanged: int = 0

    def summary(self, filename: str) -> str:
        """What the import did, in one line for the admin."""
        total = entries_count(len(self.added) + len(self.updated) + self.unchanged)
        return (f"Imported {total} from {filename}: {len(self.added)} new, "
                f"{len(self.updated)} updated, {self.unchanged} unchanged.")


@dataclass(frozen=True)
class Decision:
    """A reviewed story, and the entry it became when approved."""

    submission: Submission
    entry: Entry | None


class _ExportDumper(yaml.SafeDumper):
    """Block style (``|``) for text of several lines, as the library is written."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text,
                                   style="|" if "\n" in text else None)


_ExportDumper.add_representer(str, _represent_text)


def dump_entries(entries: Sequence[Entry], header: str) -> str:
    """Entries as one library file: ``entries:``, each entry with its own ``theme``."""
    rows = []
    for entry in entries:
        row: dict[str, Any] = {"id": entry.id, "theme": entry.theme, "kind": entry.kind,
                               "title": entry.title, "body": entry.body}
        if entry.credit:
            row["credit"] = entry.credit
        rows.append(row)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + yaml.dump({"entries": rows}, Dumper=_ExportDumper, sort_keys=False,
                               allow_unicode=True, width=100)


@dataclass(frozen=True)
class Shared:
    """A story saved for review, and words of support when it read as crisis."""

    submission: Submission
    support: SupportReply | None = None


class ClubContentService:
    """The club's own entries (admins) and members' stories (review)."""

    def __init__(self, store: Store, library: LiveLibrary, safety: Safety) -> None:
        self.store = store
        self.library = library
        self.safety = safety

    # --- the club's own entries ----------------------------------------------------------

    async def entries(self, guild_id: int, theme_text: str | None = None) -> list[Entry]:
        """The club's entries, oldest first; of one theme when given."""
        theme_id = self.library.theme(theme_text).id if theme_text else None
        return [e for e in await self.store.content.entries(guild_id)
                if theme_id is None or e.theme == theme_id]

    async def add_entry(
        self, guild_id: int, theme_text: str, kind_text: str, title: str, body: str,
        added_by: int | None,
    ) -> Entry:
        """Add one entry (a form's fields), checked by the library's rules."""
        theme = self.library.theme(theme_text)
        kind = self.library.kind(kind_text, any_allowed=False)
        entry = self._checked({"id": "new", "theme": theme.id, "kind": kind,
                               "title": clean_text(title), "body": clean_text(body)})
        await self._make_room(guild_id, 1)
        (number,) = await self.store.content.reserve_entry_numbers(1)
        entry = replace(entry, id=club_entry_id(number, entry.title), source="club")
        await self.store.content.add_entries(guild_id, [entry], added_by)
        return entry

    async def remove_entry(self, guild_id: int, entry_id: str) -> Entry:
        """Remove one of the club's entries; NotFound when the club has no such entry."""
        wanted = entry_id.strip()
        found = next((e for e in await self.entries(guild_id) if e.id == wanted), None)
        if found is None:
            if wanted in self.library.current.entries:
                raise UserError(f"{echo(wanted)} is from the shipped library, not the club's "
                                "own. To leave a whole theme out, use /club themes disable.")
            raise NotFound(f"This club has no entry {echo(wanted)}. "
                           "See the ids with /club content list.")
        await self.store.content.remove_entry(guild_id, found.id)
        return found

    async def export(self, guild_id: int, club_name: str) -> str:
        """The club's entries as a library file that imports back as it is."""
        entries = await self.entries(guild_id)
        if not entries:
            raise UserError("The club has no entries of its own yet. "
                            "Add one with /club content add, or import a file.")
        header = (f"Second Wind: the own entries of {club_name} ({len(entries)}).\n"
                  "Edit and import again with /club content import: an entry keeps its id,\n"
                  "new entries (any id) get a club id. Lint it with the library:\n"
                  "secondwind content lint <content folder> <this file>")
        return dump_entries(entries, header)

    async def import_entries(
        self, guild_id: int, data: bytes, filename: str, added_by: int | None,
    ) -> ImportResult:
        """Add or update entries from a library file; all or nothing.

        The file is parsed off the event loop (with the loader's limits on size,
        aliases and depth) and checked by the library's own lint; on any problem
        nothing is saved and :class:`ImportRefused` quotes every problem with its
        line. An entry whose id is already the club's updates that entry; any other
        id gets a new club id. An entry the club already has word for word is left
        as it is, so importing the same file twice changes nothing the second time.
        A file of the shipped library's own entries is refused: the club has them.
        """
        shown = inline(filename, 60)
        if len(data) > IMPORT_MAX_BYTES:
            raise UserError(f"{shown} is {len(data) // 1000} kB; an import takes up to "
                            f"{IMPORT_MAX_BYTES // 1_000_000} MB of YAML.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(f"{shown} is not UTF-8 text. An import takes a YAML file "
                            "like the one /club content export gives.") from None
        problems: list[Problem] = []
        parsed = await asyncio.to_thread(functools.partial(
            parse_entries_text, text, filename, self.library.themes, problems,
            tags=self.library.current.tags))
        first_line: dict[str, str] = {}
        for entry in parsed:
            line = entry.source.rsplit(":", 1)[1]
            if entry.id in first_line:
                problems.append(Problem(filename, int(line),
                                        f"duplicate id '{entry.id}' (first at line "
                                        f"{first_line[entry.id]})"))
            first_line.setdefault(entry.id, line)
        if problems:
            raise ImportRefused(shown, sorted(problems, key=lambda p: p.line))
        if not parsed:
            raise UserError(f"{shown} has no entries. An import takes a YAML file like "
                            "the one /club content export gives.")
        shipped = [e.id for e in parsed if e.id in self.library.current.entries]
        if shipped:
            raise UserError(
                f"Nothing was imported: {shown} holds entries of the shipped library "
                f"({', '.join(shipped[:3])}{', …' if len(shipped) > 3 else ''}), which every "
                "club has already. An import is for the club's own entries, like the file "
                "/club content export gives.")
        own = {e.id: e for e in await self.store.content.entries(guild_id)}
        same_words = {_words(e) for e in own.values()}
        unchanged = [e for e in parsed if _words(e) in same_words
                     and (e.id not in own or _words(own[e.id]) == _words(e))]
        changed = [e for e in parsed if e not in unchanged]
        updated = [replace(e, source="club") for e in changed if e.id in own]
        new = [e for e in changed if e.id not in own]
        await self._make_room(guild_id, len(new))
        numbers = await self.store.content.reserve_entry_numbers(len(new)) if new else []
        added = [replace(e, id=club_entry_id(n, e.title), source="club")
                 for e, n in zip(new, numbers, strict=True)]
        if updated or added:
            await self.store.content.add_entries(guild_id, [*updated, *added], added_by)
        log.info("club %s imported %d new, %d updated and %d unchanged entries", guild_id,
                 len(added), len(updated), len(unchanged))
        return ImportResult(added=added, updated=updated, unchanged=len(unchanged))

    def _checked(self, fields: dict[str, Any]) -> Entry:
        entry, problems = parse_entry(fields, self.library.themes, "form",
                                      tags=self.library.current.tags)
        if entry is None:
            reasons = "; ".join(_FORM_PREFIX_RE.sub("", p.message) for p in problems)
            raise UserError(f"That entry can't be added: {reasons}.")
        return entry

    async def _make_room(self, guild_id: int, count: int) -> None:
        have = await self.store.content.entry_count(guild_id)
        if have + count > MAX_CLUB_ENTRIES:
            raise UserError(f"A club can keep up to {MAX_CLUB_ENTRIES} entries of its own; "
                            f"this one has {have}. Remove some with /club content remove.")

    # --- members' stories ----------------------------------------------------------------

    async def submit(
        self, where: Where, theme_text: str, title: str, story: str, credit_text: str,
        display_name: str,
    ) -> Shared:
        """Save a member's story for review; mentions and masked links are neutralised.

        A story about a past crisis is welcome content: it still goes to review, and
        the member privately gets words of support with their thanks.
        """
        if where.guild_id is None or where.user_id is None:
            raise UserError("Stories are shared with a club: use /share in a server.")
        theme = self.library.theme(theme_text)
        credit_word = credit_text.strip().lower()
        if credit_word not in CREDIT_ME | ANONYMOUS:
            raise UserError("For the credit, write me (your name is shown) or anonymous.")
        title, story = clean_text(title), clean_text(story)
        if not title or len(title) > TITLE_LIMIT:
            raise UserError(f"The title takes 1 to {TITLE_LIMIT} characters "
                            f"(this one has {len(title)}).")
        if not STORY_MIN <= len(story) <= STORY_MAX:
            raise UserError(f"The story takes {STORY_MIN} to {STORY_MAX} characters "
                            f"(this one has {len(story)}).")
        if await self.store.content.pending_count(
                where.guild_id, where.user_id) >= MAX_PENDING_PER_MEMBER:
            raise UserError(f"You have {MAX_PENDING_PER_MEMBER} stories waiting for review "
                            "already. Once the admins have read them you can share more.")
        level = self.safety.level(f"{title}\n{story}", "/share")
        credit = clean_text(display_name) or None if credit_word in CREDIT_ME else None
        submission = await self.store.content.add_submission(
            where.guild_id, where.user_id, theme.id, title, story, credit)
        support = (await self.safety.reply(where.guild_id, level)
                   if level is not CrisisLevel.NONE else None)
        return Shared(submission, support)

    async def pending(self, guild_id: int) -> list[Submission]:
        """The club's stories waiting for review, oldest first."""
        return await self.store.content.pending_submissions(guild_id)

    async def review_channel(self, guild_id: int) -> int | None:
        """Where the club's stories go for review, if set."""
        return (await self.store.clubs.get(guild_id)).review_channel_id

    async def set_review_channel(self, guild_id: int, channel_id: int) -> int | None:
        """Send members' stories to this channel; returns the channel used before."""
        previous = await self.review_channel(guild_id)
        await self.store.clubs.set_review_channel(guild_id, channel_id)
        return previous

    async def set_review_message(self, submission_id: int, message_id: int | None) -> None:
        """Remember the review message (with the buttons) of a story."""
        await self.store.content.set_review_message(submission_id, message_id)

    async def decide(
        self, guild_id: int, submission_id: int | str, approve: bool, decided_by: int
    ) -> Decision:
        """Approve (the story joins the club's pool) or reject a pending story."""
        number = parse_id(submission_id, "story", "See what is waiting with /club submissions.")
        submission = await self.store.content.submission(guild_id, number)
        if submission is None:
            raise NotFound(f"There is no story #{number} in this club.")
        if submission.status is not SubmissionStatus.PENDING:
            raise UserError(f"Story #{number} was {submission.status} already.")
        entry = None
        if approve:
            if submission.theme_id not in self.library.themes:
                raise UserError(f"The theme '{submission.theme_id}' is no longer in the "
                                "library; reject this story or ask the member to share again.")
            await self._make_room(guild_id, 1)
            (number_,) = await self.store.content.reserve_entry_numbers(1)
            entry = Entry(id=club_entry_id(number_, submission.title), theme=submission.theme_id,
                          kind=STORY_KIND, title=submission.title, body=submission.body,
                          credit=submission.credit, source="club")
        if not await self.store.content.decide_submission(
                guild_id, number, decided_by, entry):
            raise UserError(f"Story #{number} was decided already.")
        status = SubmissionStatus.APPROVED if approve else SubmissionStatus.REJECTED
        return Decision(replace(submission, status=status, entry_id=entry.id if entry else None),
                        entry)


    async def withdraw(self, where: Where, submission_id: int | str) -> Submission:
        """The member takes back a story of theirs; returns it as it was before.

        A waiting story won't be reviewed; an approved one leaves the club's pool.
        """
        if where.user_id is None:
            raise UserError("Only the member who shared a story can withdraw it.")
        see = "Your stories are listed by /me data."
        number = parse_id(submission_id, "story", see)
        story = await self.store.member_data.withdraw_story(where.user_id, number)
        if story is None:
            raise NotFound(f"You have no story #{number}. {see}")
        if story.status not in (SubmissionStatus.PENDING, SubmissionStatus.APPROVED):
            raise UserError(f"Story #{number} was {story.status} already: there is nothing to "
                            "withdraw.")
        log.info("story #%d withdrawn by its member (was %s)", story.id, story.status)
        return story

    async def stories_of(self, user_id: int) -> list[Submission]:
        """The stories a member shared, whatever became of them."""
        return await self.store.member_data.stories(user_id)


def _words(entry: Entry) -> tuple[str, str, str, str]:
    """What an entry says, whatever its id: theme, kind, title and body."""
    return (entry.theme, entry.kind, entry.title.strip(), entry.body.strip())
