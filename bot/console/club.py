"""Admin commands in the console: /club timezone, themes, status, support."""

from __future__ import annotations

from bot.app import App
from bot.console.members import themes
from bot.console.session import CHANNEL_NAMES, GUILD_ID, Command, Console, Handler, bool_option


async def _club_timezone(console: Console, options: dict[str, str]) -> str:
    zone = await console.app.clubs.set_timezone(GUILD_ID, options.get("zone", ""))
    return f"The club's time zone is now {zone}."


def club_themes_toggle(enabled: bool) -> Handler:
    """The handler of /club themes enable and disable."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        change = await console.app.clubs.set_themes_enabled(
            GUILD_ID, options.get("theme", ""), enabled)
        text = (f"Turned {'on' if enabled else 'off'}: "
                + ", ".join(f"{t.emoji} {t.name}" for t in change.themes))
        if change.schedules_affected:
            listed = ", ".join(f"#{s.id} (#{CHANNEL_NAMES.get(s.channel_id, s.channel_id)} "
                               f"{s.local_time})" for s in change.schedules_affected)
            text += (f"\nWarning: these schedules post a theme that is now off, so they will "
                     f"fail until it is back on or they change: {listed}.")
        return text
    return handle


async def _club_status(console: Console, options: dict[str, str]) -> str:
    status = await console.app.clubs.status(GUILD_ID)
    lines = [f"Time zone: {status.club.timezone}",
             f"Themes on: {', '.join(status.enabled) or 'none'}",
             f"Themes off: {', '.join(status.disabled) or 'none'}",
             f"Library: {status.shipped_entries} shipped + {status.club_entries} of the club's own",
             f"Members' stories: {status.pending_submissions} waiting for review",
             "Schedules: " + ("; ".join(f"#{s.id} {s.local_time} {s.days} — {s.health}"
                                        for s in status.schedules) or "none"),
             "Race check-ins (30 days): " + ("; ".join(f"{race.name}: {tallies}"
                                                      for race, tallies in status.recent_races)
                                           or "none"),
             "Helped most (30 days): " + ("; ".join(f"{title} ×{n}"
                                                    for _, title, n in status.most_helpful)
                                         or "nothing marked yet")]
    return "\n".join(lines)


async def _club_support(console: Console, options: dict[str, str]) -> str:
    return await console.app.safety.club_support(GUILD_ID, options.get("text"),
                                                 bool_option(options.get("remove")))


def commands(app: App) -> list[Command]:
    """The admin commands under /club."""
    return [
        Command("club timezone", ("zone",), "Admin: set the club's time zone", _club_timezone),
        Command("club themes enable", ("theme",), "Admin: turn themes on (or all)",
                club_themes_toggle(True)),
        Command("club themes disable", ("theme",), "Admin: turn themes off (or all)",
                club_themes_toggle(False)),
        Command("club themes list", (), "Admin: which themes are on", themes),
        Command("club status", (), "Admin: the club at a glance", _club_status),
        Command("club support", ("text", "remove"),
                "Admin: the club's own help line, first in /support (remove:true removes it)",
                _club_support),
    ]
