"""Member commands: one per theme, /encourage, /story, /reflect, /mantra, /themes, /cheer."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import Theme
from bot.discord.client import SecondWind
from bot.discord.posts import (
    Interaction,
    answer_pick,
    app_of,
    send_answer,
    send_post,
    where_of,
)
from bot.discord.reporting import answer_privately
from bot.text import inline

KindChoice = Literal["story", "reflection", "mantra", "prompt"]
MAX_NOTE = 200
MAX_ABOUT = 300
THEMES_COLOUR = 0x0984E3


async def theme_autocomplete(interaction: Interaction,
                             current: str) -> list[app_commands.Choice[str]]:
    """Themes whose id or name contains what was typed (total: never raises, at most 25)."""
    wanted = current.strip().lower()
    themes = app_of(interaction).library.themes.values()
    return [app_commands.Choice(name=f"{t.emoji} {t.name}", value=t.id) for t in themes
            if wanted in t.id or wanted in t.name.lower()][:25]


def theme_command(theme: Theme) -> app_commands.Command:
    """The slash command of one theme, with its ``kind`` and ``private`` options."""

    @app_commands.describe(kind="story, reflection, mantra or prompt (default: any)",
                           private="only you see the answer")
    async def callback(interaction: Interaction, kind: KindChoice | None = None,
                       private: bool = False) -> None:
        await answer_pick(interaction, theme.id, kind, private)

    return app_commands.Command(name=theme.command, description=theme.description,
                                callback=callback)


def kind_command(name: str, kind: str, description: str) -> app_commands.Command:
    """/story, /reflect or /mantra: one kind, from one theme or any."""

    @app_commands.describe(theme="a theme (default: any)", private="only you see the answer")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def callback(interaction: Interaction, theme: str | None = None,
                       private: bool = False) -> None:
        theme_id = app_of(interaction).library.theme(theme).id if theme else None
        await answer_pick(interaction, theme_id, kind, private)

    return app_commands.Command(name=name, description=description, callback=callback)


class Encourage(commands.Cog):
    """The member commands that are the same whatever the library holds."""

    @app_commands.command(description="Encouragement for what you're going through")
    @app_commands.describe(about="a few words about it, e.g. 'first 5k on Saturday'",
                           private="only you see the answer")
    async def encourage(self, interaction: Interaction,
                        about: app_commands.Range[str, 1, MAX_ABOUT] | None = None,
                        private: bool = False) -> None:
        """/encourage [about]: free text matched to the closest theme (crisis first)."""
        answer = await app_of(interaction).encouragement.encourage(where_of(interaction), about)
        await send_answer(interaction, answer, private)

    @app_commands.command(description="Every theme and its command")
    async def themes(self, interaction: Interaction) -> None:
        """/themes: the list, with what is off in this server."""
        choices = await app_of(interaction).encouragement.themes(interaction.guild_id)
        lines = [f"{c.theme.emoji} **/{c.theme.command}** — {c.theme.description}"
                 + ("" if c.enabled else " *(off in this server)*") for c in choices]
        embed = discord.Embed(title="Second Wind themes", description="\n".join(lines),
                              colour=THEMES_COLOUR)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(description="Send a clubmate a cheer")
    @app_commands.describe(member="who to cheer", note="a few words of your own")
    @app_commands.guild_only()
    async def cheer(self, interaction: Interaction, member: discord.Member,
                    note: app_commands.Range[str, 1, MAX_NOTE] | None = None) -> None:
        """/cheer member [note]: pings exactly that member, nobody else."""
        answer = await app_of(interaction).encouragement.cheer(where_of(interaction), note)
        if answer.post is None:  # the note read as danger: support for the writer, no cheer
            await send_answer(interaction, answer, True)
            return
        text = f"📣 {member.mention} — a cheer from {interaction.user.mention}"
        if note:
            text += f": {inline(note, MAX_NOTE)}"
        await send_post(interaction, answer.post, None, "mantra", False, content=text,
                        mention=member)
        if answer.support is not None:
            await answer_privately(interaction, answer.support.text)


async def setup(bot: SecondWind) -> None:
    """Add the member commands, the theme commands made from the library."""
    await bot.add_cog(Encourage())
    for theme in bot.app.library.themes.values():
        bot.tree.add_command(theme_command(theme))
    bot.tree.add_command(kind_command("story", "story", "A story from a runner's life"))
    bot.tree.add_command(kind_command("reflect", "reflection", "A short reflection"))
    bot.tree.add_command(kind_command("mantra", "mantra", "A mantra for the hard miles"))
