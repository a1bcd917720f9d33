"""The Discord front end: the typed Bot subclass, its command tree and command sync."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import App
from bot.config import Settings
from bot.content import Library
from bot.core.posting import Deliverer
from bot.discord.channel_target import DiscordTarget
from bot.discord.posts import AnotherButton, HelpedButton
from bot.discord.reporting import report
from bot.jobs import JobRunner

log = logging.getLogger(__name__)

# Second Wind never joins voice: don't warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

# /club first: the other extensions add their groups to it.
EXTENSIONS = ("bot.discord.cogs.club", "bot.discord.cogs.encourage",
              "bot.discord.cogs.club_schedule", "bot.discord.cogs.club_content",
              "bot.discord.cogs.submissions", "bot.discord.cogs.support")
SYNC_HASH_KEY = "command_hash:{target}"


class SecondWindTree(app_commands.CommandTree["SecondWind"]):
    """The command tree; every command error goes to the one reporter."""

    async def on_error(self, interaction: discord.Interaction[SecondWind],
                       error: app_commands.AppCommandError) -> None:
        """Answer the member (and log what is ours)."""
        await report(interaction, error)


class SecondWind(commands.Bot):
    """Second Wind on Discord; everything async starts in ``setup_hook``.

    What handlers reach through ``interaction.client``: ``app`` (the use cases),
    ``deliverer`` (scheduled and test posts) and ``jobs`` (the job runner).
    """

    app: App
    deliverer: Deliverer
    jobs: JobRunner
    tree: SecondWindTree

    def __init__(self, settings: Settings, *, sync: bool | None = None, **options: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         tree_cls=SecondWindTree, allowed_mentions=discord.AllowedMentions.none(),
                         help_command=None, **options)
        self.settings = settings
        self.force_sync = sync
        self._opened = False

    async def setup_hook(self) -> None:
        """Open the app, wire posting and jobs, register buttons and commands, sync if changed."""
        self.app = await App.open(self.settings)
        self._opened = True
        self.deliverer = Deliverer(self.app.store, self.app.encouragement, DiscordTarget(self),
                                   self.app.clock,
                                   catch_up=timedelta(minutes=self.settings.catch_up_minutes))
        self.jobs = JobRunner(self.app.store, self.deliverer, self.app.clock, self.app.changes)
        self.add_dynamic_items(AnotherButton, HelpedButton)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands(force=bool(self.force_sync))
        if not self.force_sync:
            await self.jobs.start()

    async def reload_library(self) -> Library | None:
        """Reload the YAML library (SIGHUP); on problems keep the live one and log them."""
        return await self.app.reload_library(self.settings.content_paths)

    def command_payload(self) -> list[dict]:
        """The command set as Discord would receive it."""
        return [command.to_dict(self.tree) for command in self.tree.get_commands()]

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Sync to the configured target when the command set changed (or when forced)."""
        target = self.settings.sync_commands
        if target == "off":
            return False
        guild = discord.Object(id=target) if isinstance(target, int) else None
        digest = hashlib.sha256(json.dumps(self.command_payload(), sort_keys=True).encode())
        key = SYNC_HASH_KEY.format(target=target)
        if not force and await self.app.store.meta.get(key) == digest.hexdigest():
            log.info("slash commands unchanged; not syncing")
            return False
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        await self.app.store.meta.put(key, digest.hexdigest())
        log.info("synced %d slash commands to %s", len(synced), target)
        return True

    async def close(self) -> None:
        """Undo setup_hook in reverse: jobs, database, then the connection to Discord."""
        if self._opened:
            self._opened = False
            if hasattr(self, "jobs"):
                await self.jobs.shutdown()
            await self.app.close()
        await super().close()
