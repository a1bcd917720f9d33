"""The deployment examples in deploy/ say what the README says they do.

They cannot be run here (no container engine, no systemd as init), so these check
what can be checked without one: the files parse, point at each other, and ask
``secondwind`` for commands and settings it has.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from bot.cli import _parser
from bot.config import load_settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def test_the_dockerfile_runs_as_a_user_and_checks_healthz() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", text, re.MULTILINE)
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert "HEALTHCHECK" in text and "/healthz" in text
    for source in re.findall(r"^COPY (?!--from)(\S+)", text, re.MULTILINE):
        assert (DEPLOY.parent / source).exists(), source


def test_the_container_settings_serve_metrics_on_the_healthcheck_port(tmp_path: Path) -> None:
    settings = load_settings(DEPLOY / "config.container.yaml", environ={})
    assert settings.metrics_listen == ("0.0.0.0", 9464)  # noqa: S104 - inside the container
    assert settings.warnings == ()
    assert ":9464/healthz" in (DEPLOY / "Dockerfile").read_text()


def test_compose_runs_the_bot_with_postgresql() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    bot, postgres = compose["services"]["bot"], compose["services"]["postgres"]
    assert (DEPLOY / bot["build"]["context"] / bot["build"]["dockerfile"]).is_file()
    assert bot["environment"]["SECONDWIND_DATABASE_URL"].startswith("postgresql://")
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert postgres["image"].startswith("postgres:") and "healthcheck" in postgres


def test_the_systemd_units_run_commands_secondwind_has() -> None:
    for unit in ("secondwind.service", "secondwind@.service"):
        text = (DEPLOY / unit).read_text()
        [exec_start] = re.findall(r"^ExecStart=(.*)$", text, re.MULTILINE)
        assert "/opt/secondwind/bin/secondwind --config " in exec_start
        run = exec_start[exec_start.index(" run") + 1:].rstrip("'")
        words = [w.replace("%i", "0").replace("$SECONDWIND_SHARD_COUNT", "2")
                 for w in shlex.split(run)]
        args = _parser().parse_args(words)
        assert args.command == "run"
        if unit.startswith("secondwind@"):
            assert (args.shards, args.shard_count) == ("0", 2)
        assert "User=secondwind" in text and "KillSignal=SIGTERM" in text
