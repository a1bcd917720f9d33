"""/club itself (Manage Server, servers only): time zone, themes and status.

The other admin extensions add their own groups to /club in their ``setup``.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core.club_settings import ThemesChanged
from bot.core.inputs import zone_names
from bot.discord.client import SecondWind
from bot.discord.cogs.encourage import theme_autocomplete
from bot.discord.posts import Interaction, app_of, guild_of
from bot.discord.reporting import answer_privately

STATUS_COLOUR = 0x00B894


async def zone_autocomplete(interaction: Interaction,
                            current: str) -> list[app_commands.Choice[str]]:
    """IANA zone names containing what was typed (total: never raises, at most 25)."""
    wanted = current.strip().lower().replace(" ", "_")
    return [app_commands.Choice(name=z, value=z) for z in sorted(zone_names().values())
            if wanted in z.lower()][:25]


class AdminGroup(app_commands.Group):
    """A group only admins may use, checked when used.

    discord.py runs only the nearest parent's ``interaction_check``, so every
    subgroup of ``/club`` must be an AdminGroup too.
    """

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Server admins can override the default; refuse members without Manage Server."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage("/club works in a server, not in DMs.")
        if not interaction.permissions.manage_guild:
            raise app_commands.CheckFailure(
                "You need the Manage Server permission to change club settings.")
        return True


def themes_changed_text(change: ThemesChanged, channel: str = "<#{}>") -> str:
    """What turning themes on or off did, naming schedules that now post a theme that is off."""
    names = ", ".join(f"{t.emoji} {t.name}" for t in change.themes)
    text = f"Turned {'on' if change.enabled else 'off'}: {names}"
    if change.schedules_affected:
        listed = ", ".join(f"#{s.id} ({channel.format(s.channel_id)} {s.local_time})"
                           for s in change.schedules_affected)
        text += (f"\n⚠️ These schedules post a theme that is now off, so they will fail "
                 f"until it is back on or they change: {listed}.")
    return text


class ThemesGroup(AdminGroup, name="themes", description="Which themes the club uses"):
    """/club themes enable|disable|list."""

    async def _toggle(self, interaction: Interaction, theme: str, enabled: bool) -> None:
        change = await app_of(interaction).clubs.set_themes_enabled(
            guild_of(interaction), theme, enabled)
        await answer_privately(interaction, themes_changed_text(change))

    @app_commands.command(name="enable", description="Turn a theme on (or all)")
    @app_commands.describe(theme="a theme id, a comma list, or all")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def enable(self, interaction: Interaction, theme: str) -> None:
        """/club themes enable theme."""
        await self._toggle(interaction, theme, True)

    @app_commands.command(name="disable", description="Turn a theme off (or all)")
    @app_commands.describe(theme="a theme id, a comma list, or all")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def disable(self, interaction: Interaction, theme: str) -> None:
        """/club themes disable theme."""
        await self._toggle(interaction, theme, False)

    @app_commands.command(name="list", description="Which themes are on in this server")
    async def list_(self, interaction: Interaction) -> None:
        """/club themes list."""
        choices = await app_of(interaction).encouragement.themes(guild_of(interaction))
        lines = [f"{'✅' if c.enabled else '⛔'} {c.theme.emoji} {c.theme.name} (`{c.theme.id}`)"
                 for c in choices]
        await answer_privately(interaction, "\n".join(lines))


class ClubGroup(AdminGroup, name="club", description="Club settings (admins)", guild_only=True,
                default_permissions=discord.Permissions(manage_guild=True)):
    """/club: time zone and status here; themes and the rest as subgroups."""

    @app_commands.command(description="Set the club's time zone (IANA name, e.g. Europe/London)")
    @app_commands.describe(zone="an IANA time zone, like Europe/London or America/New_York")
    @app_commands.autocomplete(zone=zone_autocomplete)
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        """/club timezone zone."""
        name = await app_of(interaction).clubs.set_timezone(guild_of(interaction), zone)
        await answer_privately(interaction, f"The club's time zone is now **{name}**.")

    @app_commands.command(description="The club at a glance")
    async def status(self, interaction: Interaction) -> None:
        """/club status."""
        state = await app_of(interaction).clubs.status(guild_of(interaction))
        embed = discord.Embed(title="Second Wind — club status", colour=STATUS_COLOUR)
        embed.add_field(name="Time zone", value=state.club.timezone, inline=True)
        embed.add_field(name="Library", inline=True,
                        value=f"{state.shipped_entries} shipped + {state.club_entries} of your own")
        embed.add_field(name="Members' stories", inline=True,
                        value=f"{state.pending_submissions} waiting for review")
        embed.add_field(name="Themes on", value=", ".join(state.enabled) or "none", inline=False)
        if state.disabled:
            embed.add_field(name="Themes off", value=", ".join(state.disabled), inline=False)
        schedules = "\n".join(f"#{s.id} <#{s.channel_id}> {s.local_time} {s.days} — {s.health}"
                              for s in state.schedules)
        embed.add_field(name="Schedules", value=schedules[:1024] or "none", inline=False)
        if state.recent_races:
            races = "\n".join(f"{race.name}: {tallies}" for race, tallies in state.recent_races)
            embed.add_field(name="Race check-ins (30 days)", value=races[:1024], inline=False)
        helped = "\n".join(f"{title} — {n}" for _, title, n in state.most_helpful)
        embed.add_field(name="Helped most (30 days)", value=helped[:1024] or "nothing marked yet",
                        inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)


def club_group(bot: SecondWind) -> app_commands.Group:
    """The /club group of this bot, for other extensions to add their groups to."""
    group = bot.tree.get_command("club")
    if not isinstance(group, app_commands.Group):
        raise RuntimeError("load bot.discord.cogs.club before the extensions that extend /club")
    return group


async def setup(bot: SecondWind) -> None:
    """Add /club with its themes group."""
    club = ClubGroup()
    club.add_command(ThemesGroup())
    bot.tree.add_command(club)
