"""Settings from a YAML file plus the environment, validated into plain values.

Every problem is reported as one line, ``config.yaml: section.key: message``;
no config file at all gives working defaults. The token is never stored here:
:meth:`Settings.token` reads it from the environment variable that the file names.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
import yaml

from bot.errors import ConfigError

DEFAULT_API_BASE_URL = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _shipped_content() -> Path:
    """The library that comes with Second Wind.

    Installed from a wheel (or ``pip install .``) it is ``bot/shipped_library``; in a
    source checkout (and an editable install) it is the repository's ``content/``.
    """
    package = Path(__file__).resolve().parent
    installed = package / "shipped_library"
    return installed if installed.is_dir() else package.parent / "content"


SHIPPED_CONTENT = _shipped_content()


@dataclass(frozen=True)
class Settings:
    """Everything the bot and the console need to know to run."""

    token_env: str = "DISCORD_TOKEN"  # noqa: S105 - a variable name, not a token
    api_base_url: str = DEFAULT_API_BASE_URL
    gateway_url: str = DEFAULT_GATEWAY_URL
    sync_commands: str | int = "global"
    database_path: Path = Path(platformdirs.user_data_dir("secondwind")) / "secondwind.db"
    content_paths: tuple[Path, ...] = (SHIPPED_CONTENT,)
    default_timezone: str = "UTC"
    catch_up_minutes: int = 120
    log_level: str = "INFO"
    warnings: tuple[str, ...] = ()  # unknown keys, ignored; the command line prints them

    def token(self) -> str | None:
        """The bot token from the environment, or None when the variable is unset or empty."""
        return (os.environ.get(self.token_env) or "").strip() or None


def _section(data: dict, name: str, where: str) -> dict:
    value = data.get(name, {}) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {name}: expected a mapping of settings")
    return value


def _text(section: dict, key: str, where: str, default: str) -> str:
    value = section.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key}: expected text, got {value!r}")
    return value.strip()


def _url(value: str, key: str, where: str, schemes: tuple[str, ...]) -> str:
    if not value.startswith(schemes):
        raise ConfigError(f"{where}: {key}: expected a URL starting with {' or '.join(schemes)}, "
                          f"got {value!r}")
    return value.rstrip("/") if key.endswith("api_base_url") else value


def _sync(value: Any, where: str) -> str | int:
    if value is False:  # YAML reads an unquoted off (or no) as false
        return "off"
    text = str(value).strip().lower()
    if text in ("global", "off"):
        return text
    if text.isdigit() and len(text) <= 20 and int(text) > 0:
        return int(text)
    raise ConfigError(
        f"{where}: discord.sync_commands: expected 'global', 'off' or a guild id, got {value!r}"
    )


def _nearest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.5)
    return f" (did you mean {close[0]}?)" if close else ""


def _unknown(data: dict, allowed: dict[str, set[str]], where: str) -> list[str]:
    """A warning for each unknown section or key; they are ignored, not fatal."""
    warnings = []
    for name, section in data.items():
        if name not in allowed:
            warnings.append(f"{where}: {name}: unknown section, ignored"
                            f"{_nearest(str(name), allowed)}")
            continue
        for key in section or {}:
            if key not in allowed[name]:
                full = {f"{n}.{k}" for n, keys in allowed.items() for k in keys}
                warnings.append(f"{where}: {name}.{key}: unknown setting, ignored"
                                f"{_nearest(f'{name}.{key}', full)}")
    return warnings


ALLOWED = {
    "discord": {"token_env", "api_base_url", "gateway_url", "sync_commands"},
    "database": {"path"},
    "content": {"paths"},
    "defaults": {"timezone"},
    "schedules": {"catch_up_minutes"},
    "logging": {"level"},
}


def load_settings(path: Path | None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from ``path`` (None or a missing default file: defaults) and the environment."""
    env = os.environ if environ is None else environ
    where = str(path) if path else "defaults"
    data: dict = {}
    if path is not None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: not UTF-8 text (saved as UTF-16 or another "
                              "encoding?): save it as UTF-8") from None
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 1
            raise ConfigError(f"{where}:{line}: invalid YAML: {exc.problem}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{where}: invalid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected a mapping of sections like 'discord:'")
    for name in list(data):
        _section(data, name, where)
    warnings = _unknown(data, ALLOWED, where)
    defaults = Settings()
    discord_ = _section(data, "discord", where)
    token_env = _text(discord_, "token_env", f"{where}: discord", defaults.token_env)
    api = env.get("DISCORD_API_BASE_URL") or _text(
        discord_, "api_base_url", f"{where}: discord", defaults.api_base_url)
    gateway = env.get("DISCORD_GATEWAY_URL") or _text(
        discord_, "gateway_url", f"{where}: discord", defaults.gateway_url)
    database = _section(data, "database", where)
    db_path = Path(str(database.get("path", defaults.database_path))).expanduser()
    if path is not None and not db_path.is_absolute():
        db_path = path.parent / db_path
    content_paths = _content_paths(_section(data, "content", where), where, path)
    zone = _text(_section(data, "defaults", where), "timezone", f"{where}: defaults",
                 defaults.default_timezone)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: defaults.timezone: unknown time zone {zone!r}: "
                          "use an IANA name like Europe/London") from None
    catch_up = _section(data, "schedules", where).get("catch_up_minutes",
                                                      defaults.catch_up_minutes)
    if isinstance(catch_up, bool) or not isinstance(catch_up, int) or not 0 <= catch_up <= 1440:
        raise ConfigError(f"{where}: schedules.catch_up_minutes: expected whole minutes "
                          f"from 0 to 1440, got {catch_up!r}")
    level = str(_section(data, "logging", where).get("level", defaults.log_level)).upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{where}: logging.level: expected one of {', '.join(LOG_LEVELS)}, "
                          f"got {level!r}")
    return Settings(
        token_env=token_env,
        api_base_url=_url(api, "discord.api_base_url", where, ("http://", "https://")),
        gateway_url=_url(gateway, "discord.gateway_url", where, ("ws://", "wss://")),
        sync_commands=_sync(discord_.get("sync_commands", "global"), where),
        database_path=db_path,
        content_paths=content_paths,
        default_timezone=zone,
        catch_up_minutes=catch_up,
        log_level=level,
        warnings=tuple(warnings),
    )


def _content_paths(section: dict, where: str, config_path: Path | None) -> tuple[Path, ...]:
    raw = section.get("paths")
    if raw is None:
        return (SHIPPED_CONTENT,)
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) for p in raw):
        raise ConfigError(f"{where}: content.paths: expected a list of folders, got {raw!r}")
    base = config_path.parent if config_path else Path.cwd()
    paths = []
    for item in raw:
        folder = SHIPPED_CONTENT if item == "shipped" else (base / item).expanduser()
        if not folder.is_dir():
            raise ConfigError(f"{where}: content.paths: {item!r} is not a folder")
        paths.append(folder)
    return tuple(paths)
