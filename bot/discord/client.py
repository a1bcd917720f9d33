"""The Discord front end: the Bot subclass, its error handling and command sync."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.content import Library, LibraryError, load_library
from bot.core.delivery import Deliverer
from bot.core.scheduling import ScheduleBook
from bot.core.service import Encouragement, UserError
from bot.discord.delivery import DiscordTarget
from bot.discord.posts import AnotherButton, HelpedButton, tell_user
from bot.scheduler import MorningScheduler
from bot.store import Store

log = logging.getLogger(__name__)

# Second Wind never joins voice: don't warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

EXTENSIONS = ("bot.discord.cogs.encourage", "bot.discord.cogs.club",
              "bot.discord.cogs.schedules", "bot.discord.cogs.content",
              "bot.discord.cogs.submissions")
SYNC_HASH_KEY = "command_hash:{target}"


class SecondWindTree(app_commands.CommandTree):
    """The one place command errors are handled: the member sees a line, the log the rest."""

    async def on_error(self, interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        """UserErrors are the member's; anything else is ours, logged with its traceback."""
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, app_commands.CheckFailure) and cause.__cause__:
            cause = cause.__cause__
        if isinstance(cause, UserError):
            await tell_user(interaction, str(cause))
            return
        if isinstance(cause, app_commands.TransformerError | app_commands.CheckFailure):
            await tell_user(interaction, str(cause) or "That can't be used here.")
            return
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("command /%s failed", name, exc_info=cause)
        await tell_user(interaction, "Sorry — something went wrong on our side. Try again soon.")


class SecondWind(commands.Bot):
    """Second Wind on Discord; everything async starts in ``setup_hook``."""

    service: Encouragement

    def __init__(self, settings: Settings, *, sync: bool | None = None, **options: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         tree_cls=SecondWindTree, allowed_mentions=discord.AllowedMentions.none(),
                         help_command=None, **options)
        self.settings = settings
        self.force_sync = sync
        self.store: Store | None = None
        self.scheduler: MorningScheduler | None = None

    async def setup_hook(self) -> None:
        """Open the store, load the library, register buttons and commands, sync if changed."""
        library = load_library(self.settings.content_paths)
        self.store = await Store.open(self.settings.database_path)
        self.service = Encouragement(library, self.store,
                                     default_timezone=self.settings.default_timezone)
        self.deliverer = Deliverer(self.service, DiscordTarget(self),
                                   catch_up=timedelta(minutes=self.settings.catch_up_minutes))
        self.scheduler = MorningScheduler(self.deliverer)
        self.schedules = ScheduleBook(self.service, on_change=self.scheduler.refresh)
        self.service.on_timezone_change = self.scheduler.refresh_club
        self.add_dynamic_items(AnotherButton, HelpedButton)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands(force=bool(self.force_sync))
        if not self.force_sync:
            await self.scheduler.start()

    def reload_library(self) -> Library | None:
        """Reload the YAML library; on problems keep the live one and log the lint output."""
        try:
            library = load_library(self.settings.content_paths)
        except LibraryError as exc:
            log.error("library reload refused, keeping the current library:\n%s", exc)
            return None
        self.service.use_library(library)
        log.info("library reloaded: %d entries", len(library.entries))
        return library

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
        assert self.store is not None  # noqa: S101 - set in setup_hook
        if not force and await self.store.meta.get(key) == digest.hexdigest():
            log.info("slash commands unchanged; not syncing")
            return False
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        await self.store.meta.put(key, digest.hexdigest())
        log.info("synced %d slash commands to %s", len(synced), target)
        return True

    async def close(self) -> None:
        """Undo setup_hook in reverse: scheduler, database, then the connection to Discord."""
        if self.scheduler is not None:
            await self.scheduler.shutdown()
        if self.store is not None:
            await self.store.close()
            self.store = None
        await super().close()

