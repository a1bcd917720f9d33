"""Reading members' free text for crisis, and the support answer that names real help.

Every use case that reads a member's own words (``/encourage``, ``/share``,
``/cheer`` notes) asks :meth:`Safety.level` first. What to say is content
(``messages`` in ``content/themes.yaml``); a club's own support line, set by its
admins, comes first in every support answer. The text itself is never logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.crisis import CrisisLevel, assess
from bot.core.live_library import LiveLibrary
from bot.core.ports import Store
from bot.errors import UserError
from bot.text import neutralise, one_line

log = logging.getLogger(__name__)

SUPPORT_LINE_MAX = 300
CLUB_LINE_PREFIX = "📞 "


@dataclass(frozen=True)
class SupportReply:
    """Words that point to real help: instead of a pick (danger) or before one (distress)."""

    text: str
    level: CrisisLevel


class Safety:
    """The crisis check and the support answers of one club or another."""

    def __init__(self, store: Store, library: LiveLibrary) -> None:
        self.store = store
        self.library = library

    def level(self, text: str | None, where: str) -> CrisisLevel:
        """How worried to be about ``text``; ``where`` (a command name) goes to the log."""
        level = assess(text) if text else CrisisLevel.NONE
        if level is not CrisisLevel.NONE:
            log.info("%s: text read as %s (text not logged)", where, level)
        return level

    def _message(self, name: str) -> str:
        return self.library.current.messages.get(name, "").strip()

    async def _club_line(self, guild_id: int | None) -> str | None:
        if guild_id is None:
            return None
        return (await self.store.clubs.get(guild_id)).support_line

    async def reply(self, guild_id: int | None, level: CrisisLevel) -> SupportReply:
        """The answer for ``level``: the full support answer for danger, one line for distress.

        The club's own line comes first in both.
        """
        club_line = await self._club_line(guild_id)
        if level is CrisisLevel.DANGER:
            parts = [self._message("crisis"), self._message("helplines")]
        else:
            parts = [self._message("distress")]
        if club_line:
            parts.insert(0, CLUB_LINE_PREFIX + club_line)
        return SupportReply("\n\n".join(p for p in parts if p), level)

    async def support(self, guild_id: int | None) -> str:
        """What ``/support`` shows anyone, at any time: the club's line, then real help."""
        parts = [self._message("support"), self._message("helplines")]
        club_line = await self._club_line(guild_id)
        if club_line:
            parts.insert(0, CLUB_LINE_PREFIX + club_line)
        return "\n\n".join(p for p in parts if p)

    async def set_support_line(self, guild_id: int, text: str | None) -> str | None:
        """Set (or, with None, remove) the club's own line; returns it as it will be shown."""
        if text is None:
            await self.store.clubs.set_support_line(guild_id, None)
            return None
        line = one_line(neutralise(text)).strip()
        if not 1 <= len(line) <= SUPPORT_LINE_MAX:
            raise UserError(f"The support line takes 1 to {SUPPORT_LINE_MAX} characters "
                            f"(this one has {len(line)}).")
        await self.store.clubs.set_support_line(guild_id, line)
        return line

    async def club_support(self, guild_id: int, text: str | None, remove: bool) -> str:
        """/club support: remove the club's line, set it, or show /support; the answer."""
        if remove:
            await self.set_support_line(guild_id, None)
            return ("Removed the club's support line. /support and the crisis answer show "
                    "the general help lines.")
        if text is None:
            return f"This is what /support shows:\n\n{await self.support(guild_id)}"
        line = await self.set_support_line(guild_id, text)
        return (f"The club's support line is now:\n{CLUB_LINE_PREFIX}{line}\n"
                "It comes first in /support and in every crisis answer.")
