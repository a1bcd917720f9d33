"""The yardstick for ``latency.py``: the least a discord.py bot can do to answer ``/doubt``.

It answers every ``/doubt`` with the same embed, about the size of a Second Wind
story (title, ~200 words, colour, footer), and does nothing else: no database, no
library, no buttons. What Second Wind costs on top of this is Second Wind's own
work (reading the club and the history, picking, recording, the buttons).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

_BODY = " ".join(
    ["The voice said I was too slow, and for the first two miles I believed it."]
    + ["I kept my feet moving, one lamp post at a time, and let the doubt talk."] * 13
)
EMBED = discord.Embed(title="🧠 The voice at mile four", description=_BODY, colour=0x6C5CE7)
EMBED.set_footer(text="Mental battles · story")


async def doubt(interaction: discord.Interaction) -> None:
    """Answer with the fixed embed (and, with ``--baseline-buttons``, two static buttons)."""
    if not interaction.client.with_buttons:  # type: ignore[attr-defined]
        await interaction.response.send_message(embed=EMBED)
        return
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Another", custom_id="bench:another"))
    view.add_item(discord.ui.Button(label="This helped", custom_id="bench:helped"))
    await interaction.response.send_message(embed=EMBED, view=view)


class BaselineBot(commands.Bot):
    """A bare discord.py bot with one slash command."""

    def __init__(self, *, with_buttons: bool = False, **options: Any) -> None:
        self.with_buttons = with_buttons
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None,
                         **options)

    async def setup_hook(self) -> None:
        """Register /doubt (never synced: the fake Discord routes it as a global command)."""
        self.tree.add_command(app_commands.Command(
            name="doubt", description="For the voice that says you're too slow", callback=doubt))
