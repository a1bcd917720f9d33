"""Settings: defaults without a file, environment overrides, one-line errors, exit code 2."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_API_BASE_URL,
    SHIPPED_CONTENT,
    Settings,
    ShardSlice,
    load_settings,
    redact_url,
)
from bot.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_no_file_gives_working_defaults() -> None:
    settings = load_settings(None, environ={})
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.sync_commands == "global"
    assert settings.content_paths == (SHIPPED_CONTENT,)
    assert settings.catch_up_minutes == 120
    assert settings.default_timezone == "UTC"


def test_example_file_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "config.example.yaml"
    settings = load_settings(example, environ={})
    # Copying the example must not move the database away from its default place.
    assert settings.database_path == Settings().database_path
    assert settings.warnings == ()


def test_environment_overrides_urls(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  api_base_url: https://proxy.example/api/v10\n")
    settings = load_settings(path, environ={"DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10",
                                            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway"})
    assert settings.api_base_url == "http://127.0.0.1:9/api/v10"
    assert settings.gateway_url == "ws://127.0.0.1:9/gateway"


def test_token_comes_from_named_variable_and_is_not_in_repr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_BOT_TOKEN", "secret-token-value")
    settings = load_settings(write(tmp_path, "discord:\n  token_env: MY_BOT_TOKEN\n"), environ={})
    assert settings.token() == "secret-token-value"
    assert "secret-token-value" not in repr(settings)


@pytest.mark.parametrize("text, message", [
    ("discord:\n  sync_commands: sometimes\n",
     "discord.sync_commands: expected 'global', 'off' or a guild id, got 'sometimes'"),
    ("discord: [1, 2]\n", "discord: expected a mapping of settings"),
    ("discord:\n  api_base_url: ftp://x\n", "discord.api_base_url: expected a URL"),
    ("defaults:\n  timezone: Mars/Base\n", "defaults.timezone: unknown time zone 'Mars/Base'"),
    ("schedules:\n  catch_up_minutes: -5\n", "schedules.catch_up_minutes: expected whole minutes"),
    ("logging:\n  level: LOUD\n", "logging.level: expected one of DEBUG, INFO, WARNING, ERROR"),
    ("content:\n  paths: [nowhere]\n", "content.paths: 'nowhere' is not a folder"),
    ("discord:\n  token_env: [unclosed\n", ":3: invalid YAML"),
])
def test_malformed_settings_give_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), environ={})
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "config.yaml"))
    assert "\n" not in str(caught.value)


def test_unknown_keys_are_a_warning_naming_the_nearest_key(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  tokn_env: X\ndatabse:\n  path: x.db\n")
    settings = load_settings(path, environ={})
    assert settings.token_env == "DISCORD_TOKEN"
    assert settings.warnings == (
        f"{path}: discord.tokn_env: unknown setting, ignored (did you mean discord.token_env?)",
        f"{path}: databse: unknown section, ignored (did you mean database?)")
    result = subprocess.run([sys.executable, "-m", "bot", "--config", str(path), "content",
                             "stats"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert f"warning: {path}: discord.tokn_env: unknown setting" in result.stderr


def test_unquoted_off_means_off(tmp_path: Path) -> None:
    for text in ("off", "no", "false", "'off'"):
        settings = load_settings(write(tmp_path, f"discord:\n  sync_commands: {text}\n"),
                                 environ={})
        assert settings.sync_commands == "off", text


def test_a_config_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("discord:\n  sync_commands: off\n", encoding="utf-16")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert str(caught.value) == (f"{path}: not UTF-8 text (saved as UTF-16 or another "
                                 "encoding?): save it as UTF-8")


def test_a_token_of_blanks_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "   \t")
    assert Settings().token() is None


def test_cli_exits_2_with_the_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  sync_commands: sometimes\n")
    result = subprocess.run([sys.executable, "-m", "bot", "--config", str(path), "content",
                             "stats"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{path}: discord.sync_commands: expected 'global', 'off' or a guild id, got 'sometimes'")


# --- PostgreSQL, shards, the REST budget, metrics ------------------------------------------

def test_a_database_url_selects_postgresql_and_the_environment_overrides_it(
        tmp_path: Path) -> None:
    path = write(tmp_path, "database:\n  url: postgresql://club@db.example/secondwind\n")
    settings = load_settings(path, environ={})
    assert settings.database_location == "postgresql://club@db.example/secondwind"
    env = {"SECONDWIND_DATABASE_URL": "postgres://other@127.0.0.1:5433/sw"}
    assert load_settings(path, environ=env).database_location == env["SECONDWIND_DATABASE_URL"]
    assert load_settings(None, environ={}).database_location == Settings().database_path


def test_a_bad_database_url_is_one_line_without_its_password(tmp_path: Path) -> None:
    path = write(tmp_path, "database:\n  url: mysql://club:s3cret@db.example/sw\n")
    with pytest.raises(ConfigError) as refused:
        load_settings(path, environ={})
    assert "database.url: expected a URL like postgresql://" in str(refused.value)
    assert "s3cret" not in str(refused.value) and "club:***@" in str(refused.value)


def test_redact_url_hides_only_the_password() -> None:
    assert redact_url("postgresql://club:pw@host:5432/db?sslmode=require") == (
        "postgresql://club:***@host:5432/db?sslmode=require")
    assert redact_url("postgresql://club@host/db") == "postgresql://club@host/db"


def test_shards_and_the_share_of_the_rest_budget() -> None:
    assert ShardSlice.parse(None, None) is None
    assert ShardSlice.parse(None, 4) == ShardSlice((0, 1, 2, 3), 4)
    shards = ShardSlice.parse("1, 0", 4)
    assert shards == ShardSlice((0, 1), 4) and str(shards) == "shards 0,1 of 4"
    assert [shards.owns(g << 22) for g in range(5)] == [True, True, False, False, True]
    assert Settings().requests_per_second == 50
    assert replace(Settings(), shards=shards).requests_per_second == 25
    assert replace(Settings(), shards=ShardSlice((3,), 4), rest_requests_per_second=40
                   ).requests_per_second == 10
    assert replace(Settings(), shards=shards, process_requests_per_second=7
                   ).requests_per_second == 7


@pytest.mark.parametrize(("shards", "count", "message"), [
    ("0,1", None, "--shards needs --shard-count"),
    ("4", 4, "expected numbers from 0 to 3"),
    ("one", 2, "expected shard numbers like 0,1"),
    (None, 0, "expected 1 or more"),
])
def test_bad_shards_are_one_line(shards: str | None, count: int | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ShardSlice.parse(shards, count)


def test_rest_budget_and_metrics_settings(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  rest_requests_per_second: 40\n"
                           "  process_requests_per_second: 12.5\n"
                           "metrics:\n  listen: 127.0.0.1:9464\n")
    settings = load_settings(path, environ={})
    assert settings.rest_requests_per_second == 40 and settings.requests_per_second == 12.5
    assert settings.metrics_listen == ("127.0.0.1", 9464)
    assert load_settings(None, environ={}).metrics_listen is None
    off = write(tmp_path, "metrics:\n  listen: off\n")
    assert load_settings(off, environ={}).metrics_listen is None


@pytest.mark.parametrize(("text", "message"), [
    ("metrics:\n  listen: 9464\n", "metrics.listen: expected host:port"),
    ("metrics:\n  listen: localhost:99999\n", "metrics.listen: expected host:port"),
    ("discord:\n  rest_requests_per_second: 0\n", "discord.rest_requests_per_second"),
    ("discord:\n  process_requests_per_second: fast\n", "discord.process_requests_per_second"),
])
def test_bad_scale_settings_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path, text), environ={})


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--shards", "2", "--shard-count", "2"], {"SECONDWIND_DATABASE_URL": "postgresql://h/db"},
     "--shards: expected numbers from 0 to 1 (--shard-count 2), got '2'"),
    (["--shards", "1", "--shard-count", "2"], {},
     "--shards: the other shards run in other processes, which need one database they all "
     "share: set database.url to PostgreSQL (a SQLite file serves one process)"),
])
def test_run_refuses_bad_shards_in_one_line(tmp_path: Path, args: list[str],
                                            env: dict[str, str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
             "HOME": str(tmp_path), **env})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [message]
