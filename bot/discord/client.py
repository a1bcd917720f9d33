"""The Discord front end: the typed Bot subclass, its command tree and command sync."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import App
from bot.config import Settings
from bot.content import Library
from bot.core.morning_posts import MorningPosts
from bot.core.ports import Clock, utc_now
from bot.core.posting import Poster
from bot.core.reminder_posts import HeldDmPosts
from bot.discord.channel_target import DiscordTarget, RequestPacer
from bot.discord.posts import AnotherButton, CheckinButton, HelpedButton, tell_notices
from bot.discord.reporting import LostAutocompleteFilter, is_lost_interaction, report
from bot.errors import DiscordUnreachable, UserError
from bot.jobs import JobRunner
from bot.metrics import HealthServer, Metrics

log = logging.getLogger(__name__)

# Second Wind never joins voice: don't warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

# /club first: the other extensions add their groups to it.
EXTENSIONS = ("bot.discord.cogs.club", "bot.discord.cogs.encourage",
              "bot.discord.cogs.club_schedule", "bot.discord.cogs.club_content",
              "bot.discord.cogs.submissions", "bot.discord.cogs.support",
              "bot.discord.cogs.races", "bot.discord.cogs.me")
SYNC_HASH_KEY = "command_hash:{target}"
STARTED = "secondwind_started"  # interaction.extras: when the command reached the tree
# The tasks discord.py runs a command, button, form or event listener in (by the names
# it gives them), and how long close() lets those already running finish.
HANDLER_TASKS = ("CommandTree-invoker", "discord.py: ", "discord-ui-")
DRAIN_SECONDS = 10.0


class _FirstConnectFilter(logging.Filter):
    """Drop discord.py's reconnect traceback when the very first gateway connection fails.

    discord.py 2.7 logs it and then fails on its own missing socket; :meth:`SecondWind.
    connect` turns that into one line (DiscordUnreachable) for the operator.
    """

    def __init__(self, bot: SecondWind) -> None:
        super().__init__()
        self.bot = bot

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that one."""
        first = self.bot.ws is None
        return not (first and record.getMessage().startswith("Attempting a reconnect"))


class SecondWindTree(app_commands.CommandTree["SecondWind"]):
    """The command tree; every command error goes to the one reporter."""

    async def interaction_check(self, interaction: discord.Interaction[SecondWind]) -> bool:
        """Note when the command arrived, for its latency; every command may run."""
        interaction.extras[STARTED] = time.perf_counter()
        return True

    async def on_error(self, interaction: discord.Interaction[SecondWind],
                       error: app_commands.AppCommandError) -> None:
        """Answer the member (and log what is ours)."""
        interaction.client.count_interaction(interaction, _outcome(error))
        await report(interaction, error)
        await tell_notices(interaction)  # a refused command is a use too (see cogs/me.py)


def _outcome(error: BaseException) -> str:
    """The metrics' outcome of a failed command: the member's doing, ours, or too late."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if is_lost_interaction(cause):
        return "lost"
    if isinstance(cause, UserError | app_commands.CheckFailure | app_commands.TransformerError):
        return "refused"
    return "error"


class SecondWind(commands.Bot):
    """Second Wind on Discord; everything async starts in ``setup_hook``.

    What handlers reach through ``interaction.client``: ``app`` (the use cases),
    ``poster`` (timed posts, exactly once), ``morning_posts`` (schedules' posts and
    test posts), ``held_dms`` (one-off DMs, held by quiet hours), ``jobs`` (the job
    runner) and ``metrics``. With ``metrics.listen``
    set, ``health`` serves ``/healthz`` and ``/metrics``.
    """

    app: App
    poster: Poster
    morning_posts: MorningPosts
    held_dms: HeldDmPosts
    jobs: JobRunner
    tree: SecondWindTree

    def __init__(self, settings: Settings, *, sync: bool | None = None,
                 clock: Clock = utc_now, **options: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         tree_cls=SecondWindTree, allowed_mentions=discord.AllowedMentions.none(),
                         help_command=None, **options)
        self.settings = settings
        self.force_sync = sync
        self.clock = clock  # the app's clock (tests move it to a DST night or quiet hours)
        self._opened = False
        self.metrics = Metrics()
        self.health: HealthServer | None = None
        self._sessions: set[int | None] = set()  # shards that have had READY once

    async def connect(self, *, reconnect: bool = True) -> None:
        """Connect to the gateway; one clear error when the first connection can't be made."""
        first_failure = _FirstConnectFilter(self)
        logging.getLogger("discord.client").addFilter(first_failure)
        try:
            await super().connect(reconnect=reconnect)
        except AttributeError:
            if self.ws is not None:
                raise
            raise DiscordUnreachable(
                f"cannot reach the Discord gateway at {self.settings.gateway_url}: check the "
                "network, or discord.gateway_url") from None
        finally:
            logging.getLogger("discord.client").removeFilter(first_failure)

    async def setup_hook(self) -> None:
        """Open the app, wire posting and jobs, register buttons and commands, sync if changed."""
        self.app = await App.open(self.settings, clock=self.clock)
        self._opened = True
        catch_up = timedelta(minutes=self.settings.catch_up_minutes)
        pacer = RequestPacer(self.settings.requests_per_second,
                             waited=self.metrics.rate_limit_waited)
        self.poster = Poster(self.app.store, DiscordTarget(self, pacer), self.app.clock,
                             catch_up=catch_up)
        sources = self.app.timed_sources(self.poster)
        self.morning_posts = next(s for s in sources if isinstance(s, MorningPosts))
        self.held_dms = next(s for s in sources if isinstance(s, HeldDmPosts))
        self.jobs = JobRunner(sources, self.app.clock, self.app.changes, catch_up=catch_up,
                              metrics=self.metrics)
        self.metrics.count_library(lambda: len(self.app.library.current.entries))
        self.add_dynamic_items(AnotherButton, HelpedButton, CheckinButton)
        logging.getLogger("discord.app_commands.tree").addFilter(LostAutocompleteFilter())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands(force=bool(self.force_sync))
        if not self.force_sync:
            await self.jobs.start()
            if self.settings.metrics_listen is not None:
                host, port = self.settings.metrics_listen
                self.health = HealthServer(self.metrics, {
                    "gateway": self.gateway_problem, "database": self.database_problem,
                    "scheduler": self.scheduler_problem}, host, port)
                await self.health.start()
        log.info("running %s; timed posts paced to %g REST requests/s",
                 self.settings.shards or "every shard", self.settings.requests_per_second)

    # --- health and metrics ------------------------------------------------------------------

    async def gateway_problem(self) -> str | None:
        """What is wrong with the gateway connection(s), or None."""
        if self.is_closed():
            return "closed"
        if not self.is_ready():
            return "not connected yet"
        if isinstance(self, discord.AutoShardedClient):
            down = sorted(i for i, shard in self.shards.items() if shard.is_closed())
            return f"shard {', '.join(map(str, down))} disconnected" if down else None
        return None if self.ws is not None and self.ws.open else "disconnected"

    async def database_problem(self) -> str | None:
        """None when the database answers (an exception says why not)."""
        await self.app.store.database.ping()
        return None

    async def scheduler_problem(self) -> str | None:
        """None while the job runner's scheduler runs."""
        return None if self.jobs.scheduler.running else "not running"

    def count_interaction(self, interaction: discord.Interaction, outcome: str) -> None:
        """A slash command ended: count it, with its latency since it reached the tree."""
        command = interaction.command.qualified_name if interaction.command else "unknown"
        started = interaction.extras.get(STARTED)
        self.metrics.interaction(command, outcome,
                                 time.perf_counter() - started if started else None)

    async def on_app_command_completion(self, interaction: discord.Interaction,
                                        command: app_commands.Command | app_commands.ContextMenu,
                                        ) -> None:
        """A slash command answered without an error."""
        self.count_interaction(interaction, "ok")

    async def on_connect(self) -> None:
        """READY (of one shard, when sharded): after the first, a reconnect."""
        if not isinstance(self, discord.AutoShardedClient):
            self._new_session(None)

    async def on_shard_connect(self, shard_id: int) -> None:
        """READY of one shard."""
        self._new_session(shard_id)

    def _new_session(self, shard_id: int | None) -> None:
        if shard_id in self._sessions:
            self.metrics.gateway_reconnects.inc()
        self._sessions.add(shard_id)

    async def on_resumed(self) -> None:
        """A dropped connection was resumed: a reconnect."""
        self.metrics.gateway_reconnects.inc()

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
        """Undo setup_hook in reverse: health, jobs, running handlers, database, Discord."""
        if self.health is not None:
            await self.health.stop()
            self.health = None
        if self._opened:
            self._opened = False
            if hasattr(self, "jobs"):
                await self.jobs.shutdown()
            await finish_running_handlers(DRAIN_SECONDS)
            await self.app.close()
        await super().close()


async def finish_running_handlers(seconds: float) -> None:
    """Let the commands, buttons and listeners already running end, for at most ``seconds``.

    A member's command that arrived just before a stop still reads and writes the
    database; closing it under them would end their answer in a traceback.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    me = asyncio.current_task()
    while True:
        running = [task for task in asyncio.all_tasks() if task is not me and not task.done()
                   and task.get_name().startswith(HANDLER_TASKS)]
        left = deadline - loop.time()
        if not running:
            return
        if left <= 0:
            log.warning("closing with %d handlers still running", len(running))
            return
        await asyncio.wait(running, timeout=left)


class ShardedSecondWind(SecondWind, commands.AutoShardedBot):
    """Second Wind running a slice of the shards: ``secondwind run --shards 0,1 --shard-count 4``.

    discord.py's AutoShardedClient opens one gateway connection per shard of the
    slice; Discord sends each only its guilds, ``(guild_id >> 22) % shard_count``.
    """


def create_bot(settings: Settings, *, sync: bool | None = None, **options: Any) -> SecondWind:
    """The bot for these settings: every shard in one connection, or a slice of the shards."""
    if settings.shards is None:
        return SecondWind(settings, sync=sync, **options)
    return ShardedSecondWind(settings, sync=sync, shard_ids=list(settings.shards.shard_ids),
                             shard_count=settings.shards.shard_count, **options)
