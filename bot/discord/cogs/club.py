"""Admin commands under /club: time zone, themes, status (Manage Server, guild only)."""

from __future__ import annotations

import zoneinfo
from functools import cache

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.cogs.encourage import theme_autocomplete
from bot.discord.posts import service_of


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


async def zone_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """IANA zone names containing what was typed (total: never raises, at most 25)."""
    wanted = current.strip().lower().replace(" ", "_")
    return [app_commands.Choice(name=z, value=z) for z in _zone_names()
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


club = AdminGroup(name="club", description="Club settings (admins)",
                  default_permissions=discord.Permissions(manage_guild=True), guild_only=True)
themes = AdminGroup(name="themes", description="Which themes the club uses", parent=club)


@club.command(description="Set the club's time zone (IANA name, e.g. Europe/London)")
@app_commands.describe(zone="an IANA time zone, like Europe/London or America/New_York")
@app_commands.autocomplete(zone=zone_autocomplete)
async def timezone(interaction: discord.Interaction, zone: str) -> None:
    """/club timezone zone."""
    name = await service_of(interaction).set_timezone(interaction.guild_id, zone)  # type: ignore[arg-type]
    await interaction.response.send_message(f"The club's time zone is now **{name}**.",
                                            ephemeral=True)


async def _toggle(interaction: discord.Interaction, theme: str, enabled: bool) -> None:
    changed = await service_of(interaction).set_themes_enabled(
        interaction.guild_id, theme, enabled)  # type: ignore[arg-type]
    names = ", ".join(f"{t.emoji} {t.name}" for t in changed)
    await interaction.response.send_message(f"Turned {'on' if enabled else 'off'}: {names}",
                                            ephemeral=True)


@themes.command(name="enable", description="Turn a theme on (or all)")
@app_commands.describe(theme="a theme id, a comma list, or all")
@app_commands.autocomplete(theme=theme_autocomplete)
async def themes_enable(interaction: discord.Interaction, theme: str) -> None:
    """/club themes enable theme."""
    await _toggle(interaction, theme, True)


@themes.command(name="disable", description="Turn a theme off (or all)")
@app_commands.describe(theme="a theme id, a comma list, or all")
@app_commands.autocomplete(theme=theme_autocomplete)
async def themes_disable(interaction: discord.Interaction, theme: str) -> None:
    """/club themes disable theme."""
    await _toggle(interaction, theme, False)


@themes.command(name="list", description="Which themes are on in this server")
async def themes_list(interaction: discord.Interaction) -> None:
    """/club themes list."""
    choices = await service_of(interaction).themes(interaction.guild_id)
    lines = [f"{'✅' if c.enabled else '⛔'} {c.theme.emoji} {c.theme.name} (`{c.theme.id}`)"
             for c in choices]
    await interaction.response.send_message("\n".join(lines), ephemeral=True)


@club.command(description="The club at a glance")
async def status(interaction: discord.Interaction) -> None:
    """/club status."""
    state = await service_of(interaction).status(interaction.guild_id)  # type: ignore[arg-type]
    embed = discord.Embed(title="Second Wind — club status", colour=0x00B894)
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
    helped = "\n".join(f"{title} — {n}" for _, title, n in state.most_helpful)
    embed.add_field(name="Helped most (30 days)", value=helped or "nothing marked yet",
                    inline=False)
    await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    """Add the /club group."""
    bot.tree.add_command(club)
