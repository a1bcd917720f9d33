"""Admin commands in the console: /club timezone, themes, status."""

from __future__ import annotations

from bot.console.members import themes
from bot.console.session import GUILD_ID, Command, Console, Handler
from bot.core.service import Encouragement


async def _club_timezone(console: Console, options: dict[str, str]) -> str:
    zone = await console.service.set_timezone(GUILD_ID, options.get("zone", ""))
    return f"The club's time zone is now {zone}."


def club_themes_toggle(enabled: bool) -> Handler:
    """The handler of /club themes enable and disable."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        changed = await console.service.set_themes_enabled(
            GUILD_ID, options.get("theme", ""), enabled)
        state = "on" if enabled else "off"
        return f"Turned {state}: " + ", ".join(f"{t.emoji} {t.name}" for t in changed)
    return handle


async def _club_status(console: Console, options: dict[str, str]) -> str:
    status = await console.service.status(GUILD_ID)
    lines = [f"Time zone: {status.club.timezone}",
             f"Themes on: {', '.join(status.enabled) or 'none'}",
             f"Themes off: {', '.join(status.disabled) or 'none'}",
             f"Library: {status.shipped_entries} shipped + {status.club_entries} of the club's own",
             f"Members' stories: {status.pending_submissions} waiting for review",
             "Schedules: " + ("; ".join(f"#{s.id} {s.local_time} {s.days} — {s.health}"
                                        for s in status.schedules) or "none"),
             "Helped most (30 days): " + ("; ".join(f"{title} ×{n}"
                                                    for _, title, n in status.most_helpful)
                                         or "nothing marked yet")]
    return "\n".join(lines)


def commands(service: Encouragement) -> list[Command]:
    """The admin commands under /club."""
    return [
        Command("club timezone", ("zone",), "Admin: set the club's time zone", _club_timezone),
        Command("club themes enable", ("theme",), "Admin: turn themes on (or all)",
                club_themes_toggle(True)),
        Command("club themes disable", ("theme",), "Admin: turn themes off (or all)",
                club_themes_toggle(False)),
        Command("club themes list", (), "Admin: which themes are on", themes),
        Command("club status", (), "Admin: the club at a glance", _club_status),
    ]
