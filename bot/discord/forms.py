"""Modal forms: refused input is answered privately, with the form offered again, filled in.

A member who typed a 3,000-character story must not lose it to a typo in the
theme: when the core refuses the input (a UserError), the private answer says
why and carries an **Edit and send again** button that reopens the form with
everything as it was typed. A value put into a field before the form opens is
cut to the field's limit first: Discord refuses (and never shows) a form whose
pre-filled value is longer than its field allows.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.discord.reporting import answer_privately, report
from bot.errors import UserError

log = logging.getLogger(__name__)

FORM_TIMEOUT = 30 * 60.0


class Form(discord.ui.Modal):
    """A modal of text fields; subclasses add fields in ``__init__`` and implement ``submit``.

    A subclass's ``__init__`` takes each field's starting text as a keyword named
    like the field, so that the form can be rebuilt from what was typed.
    """

    def __init__(self, *, title: str) -> None:
        super().__init__(title=title, timeout=FORM_TIMEOUT)
        self.inputs: dict[str, discord.ui.TextInput] = {}

    def field(
        self, name: str, label: str, description: str, default: str, *, max_length: int,
        min_length: int | None = None, long: bool = False,
    ) -> None:
        """Add a labelled text field called ``name``."""
        text: discord.ui.TextInput[Form] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph if long else discord.TextStyle.short,
            default=default[:max_length] or None, min_length=min_length, max_length=max_length,
            custom_id=name)
        self.inputs[name] = text
        self.add_item(discord.ui.Label(text=label, description=description, component=text))

    def values(self) -> dict[str, str]:
        """What was typed, by field name."""
        return {name: text.value or "" for name, text in self.inputs.items()}

    async def submit(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        """Act on the submitted values; raise UserError to refuse them."""
        raise NotImplementedError

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Run ``submit``; a refusal is answered with the form offered again, as typed."""
        values = self.values()
        try:
            await self.submit(interaction, values)
        except UserError as exc:
            await answer_privately(interaction, str(exc), FormAgain(type(self), values))

    async def on_error(  # type: ignore[override]  # a Modal's own signature: no item
            self, interaction: discord.Interaction, error: Exception) -> None:
        """Anything else goes to the one reporter."""
        await report(interaction, error)


class FormAgain(discord.ui.View):
    """The **Edit and send again** button under a refused form's answer."""

    def __init__(self, form: type[Form], values: dict[str, Any]) -> None:
        super().__init__(timeout=FORM_TIMEOUT)
        self.form, self.typed = form, values

    @discord.ui.button(label="Edit and send again", emoji="✏️", style=discord.ButtonStyle.primary)
    async def reopen(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Open the form again, filled in with what was typed."""
        await interaction.response.send_modal(self.form(**self.typed))

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       item: discord.ui.Item) -> None:
        """Failures go to the one reporter."""
        await report(interaction, error)
