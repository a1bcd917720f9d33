"""/club content add|list|remove|export|import: the club's own entries (admins)."""

from __future__ import annotations

import io

import discord
from discord import app_commands

from bot.content import KINDS
from bot.content.model import TITLE_LIMIT
from bot.core.club_content import IMPORT_MAX_BYTES, slug
from bot.discord.client import SecondWind
from bot.discord.cogs.club import AdminGroup, club_group
from bot.discord.cogs.encourage import KindChoice, theme_autocomplete
from bot.discord.forms import Form
from bot.discord.posts import Interaction, app_of, guild_of
from bot.discord.reporting import answer_privately
from bot.errors import UserError
from bot.text import inline

LIST_LINES = 40
BODY_FIELD_MAX = 4000  # Discord's longest text field
LIST_COLOUR = 0x00B894


class EntryForm(Form):
    """The form of /club content add: theme, kind, title, body."""

    def __init__(self, theme: str = "", kind: str = "", title: str = "", body: str = "") -> None:
        super().__init__(title="Add an entry for the club")
        self.field("theme", "Theme", "a theme id or name, e.g. doubt or small-wins (see /themes)",
                   theme, max_length=60)
        self.field("kind", "Kind", ", ".join(KINDS), kind, max_length=20)
        self.field("title", "Title", f"up to {TITLE_LIMIT} characters", title,
                   max_length=TITLE_LIMIT)
        self.field("body", "Text", "a mantra is one line; a prompt asks a question", body,
                   max_length=BODY_FIELD_MAX, long=True)

    async def submit(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        """Add the entry and say its id."""
        entry = await app_of(interaction).club_content.add_entry(
            guild_of(interaction), values["theme"], values["kind"], values["title"],
            values["body"], interaction.user.id)
        await answer_privately(
            interaction, f"Added **{inline(entry.title, 200)}** as `{entry.id}` ({entry.theme}, "
                         f"{entry.kind}). It joins this club's picks now.")


async def own_entry_autocomplete(interaction: Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
    """The club's entry ids containing what was typed (total: never raises, at most 25)."""
    if interaction.guild_id is None:
        return []
    entries = await app_of(interaction).store.content.entries(interaction.guild_id)
    wanted = current.strip().lower()
    return [app_commands.Choice(name=f"{e.id} — {e.title}"[:100], value=e.id)
            for e in entries if wanted in e.id or wanted in e.title.lower()][:25]


class ContentGroup(AdminGroup, name="content", description="The club's own entries"):
    """/club content: add, list, remove, export, import."""

    @app_commands.command(name="add", description="Add an entry of the club's own (a form)")
    @app_commands.describe(theme="fills in the form's theme", kind="fills in the form's kind")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def add(self, interaction: Interaction, theme: str | None = None,
                  kind: KindChoice | None = None) -> None:
        """/club content add: opens the form."""
        await interaction.response.send_modal(EntryForm(theme=theme or "", kind=kind or ""))

    @app_commands.command(name="list", description="The club's own entries")
    @app_commands.describe(theme="only this theme")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def list_(self, interaction: Interaction, theme: str | None = None) -> None:
        """/club content list [theme]."""
        entries = await app_of(interaction).club_content.entries(guild_of(interaction), theme)
        if not entries:
            await answer_privately(
                interaction, "No entries of the club's own yet. Add one with /club content add, "
                             "or import a file with /club content import.")
            return
        lines = [f"`{e.id}` · {e.theme} {e.kind} · **{inline(e.title, 80)}**"
                 + (f" · shared by {e.credit}" if e.credit else "") for e in entries[:LIST_LINES]]
        if len(entries) > LIST_LINES:
            lines.append(f"… and {len(entries) - LIST_LINES} more: /club content export has "
                         "them all.")
        embed = discord.Embed(title=f"The club's own entries ({len(entries)})",
                              description="\n".join(lines)[:4096], colour=LIST_COLOUR)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="remove", description="Remove one of the club's own entries")
    @app_commands.describe(id="the entry's id, as /club content list shows it")
    @app_commands.autocomplete(id=own_entry_autocomplete)
    async def remove(self, interaction: Interaction, id: str) -> None:
        """/club content remove id."""
        entry = await app_of(interaction).club_content.remove_entry(guild_of(interaction), id)
        await answer_privately(interaction,
                               f"Removed **{inline(entry.title, 200)}** (`{entry.id}`).")

    @app_commands.command(name="export", description="The club's own entries as a YAML file")
    async def export(self, interaction: Interaction) -> None:
        """/club content export: a library file that /club content import takes back."""
        name = interaction.guild.name if interaction.guild else "this club"
        text = await app_of(interaction).club_content.export(guild_of(interaction), name)
        file = discord.File(io.BytesIO(text.encode()), filename=f"{slug(name)}-entries.yaml")
        await interaction.response.send_message(
            "The club's own entries. Edit the file and bring it back with /club content import.",
            file=file, ephemeral=True)

    @app_commands.command(name="import", description="Add or update entries from a YAML file")
    @app_commands.describe(file="a YAML file like the one /club content export gives")
    async def import_(self, interaction: Interaction, file: discord.Attachment) -> None:
        """/club content import file: all or nothing; problems quoted with their lines."""
        name = inline(file.filename, 60).replace("`", "'")
        if file.size > IMPORT_MAX_BYTES:
            raise UserError(f"{name} is {file.size // 1000} kB; an import takes up to "
                            f"{IMPORT_MAX_BYTES // 1_000_000} MB of YAML.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await app_of(interaction).club_content.import_entries(
            guild_of(interaction), await file.read(), name, interaction.user.id)
        await answer_privately(interaction, result.summary(name))


async def setup(bot: SecondWind) -> None:
    """Add /club content."""
    club_group(bot).add_command(ContentGroup())
