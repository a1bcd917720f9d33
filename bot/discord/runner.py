"""``secondwind run`` and ``secondwind sync``: start the bot, stop it cleanly on signals."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import discord

from bot.config import DEFAULT_API_BASE_URL, DEFAULT_GATEWAY_URL, Settings
from bot.discord.client import SecondWind
from bot.discord.endpoints import point_discord_at
from bot.store import StoreError

log = logging.getLogger(__name__)

EXIT_CONFIG = 2


def run_bot(settings: Settings, *, sync_only: bool = False) -> int:
    """Run until stopped; returns the process exit code."""
    token = settings.token()
    if token is None:
        print(f"No bot token: set the environment variable {settings.token_env} "
              "(see README: Running it on Discord).", file=sys.stderr)
        return EXIT_CONFIG
    if sync_only and settings.sync_commands == "off":
        print("discord.sync_commands is off, so there is nothing to sync: set it to global "
              "or a guild id.", file=sys.stderr)
        return EXIT_CONFIG
    point_discord_at(
        None if settings.api_base_url == DEFAULT_API_BASE_URL else settings.api_base_url,
        None if settings.gateway_url == DEFAULT_GATEWAY_URL else settings.gateway_url,
    )
    try:
        return asyncio.run(_main(settings, token, sync_only))
    except discord.LoginFailure:
        print(f"Discord rejected the token in {settings.token_env}: check it in the "
              "Developer Portal and set it again.", file=sys.stderr)
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print("Discord refused an intent this bot should not ask for.", file=sys.stderr)
        return EXIT_CONFIG
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG


async def _main(settings: Settings, token: str, sync_only: bool) -> int:
    bot = SecondWind(settings, sync=sync_only)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, lambda s=signum: _stop(bot, s))
    loop.add_signal_handler(signal.SIGHUP, bot.reload_library)
    async with bot:
        if sync_only:
            await bot.login(token)  # setup_hook runs here and syncs
            return 0
        await bot.start(token)
    return 0


def _stop(bot: SecondWind, signum: int) -> None:
    log.info("received %s, shutting down", signal.Signals(signum).name)
    asyncio.get_running_loop().create_task(bot.close())
