"""The PostgreSQL and multi-process benchmarks still run: --quick, exit 0, figure lines printed.

As ``tests/test_bench_smoke.py`` for the others; these need the PostgreSQL test
server (``SECONDWIND_TEST_PG_URL``), and skip without it like the store's tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"[0-9]+(?:\.[0-9]+)?"

FIGURE_LINES = {
    "postgres.py": [
        rf"^copy\s+SQLite -> PostgreSQL: {NUMBER}",
        rf"^pick\s+busy channel\s+sqlite\s+p50\s+{NUMBER} ms\s+p99\s+{NUMBER} ms",
        rf"^pick\s+fresh channels\s+postgres\s+p50\s+{NUMBER} ms\s+p99\s+{NUMBER} ms",
        rf"^pick\s+fresh channels\s+ratio p99 postgres / sqlite {NUMBER}",
        rf"^memory sqlite\s+peak RSS of the bot process\s+{NUMBER} MB",
        rf"^memory postgres\s+peak RSS of the bot process\s+{NUMBER} MB",
    ],
    "shards.py": [
        rf"^ratio\s+{NUMBER}",
        r"^delivered\s+200 of 200",
        r"^channels posted twice 0",
        r"^posted per process\s+100 / 100",
    ],
}


@pytest.mark.parametrize("script", sorted(FIGURE_LINES))
def test_bench_quick_run_prints_its_figures(script: str, pg_server: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick", "--pg-url", pg_server],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for pattern in FIGURE_LINES[script]:
        assert re.search(pattern, result.stdout, re.MULTILINE), (pattern, result.stdout)
    assert "Traceback" not in result.stderr, result.stderr
