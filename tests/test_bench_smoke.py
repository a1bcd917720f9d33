"""The benchmarks still run: each with --quick (tiny sizes), exit 0, its figure lines printed.

No timing is asserted: the figures are for people, on whatever machine they ran.
``bench/fanout.py`` is left out: it drives the scheduler, and its quick run alone
waits out several seconds of rate limit.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"[0-9]+(?:\.[0-9]+)?"
LATENCY = rf"p50\s+{NUMBER} ms\s+p99\s+{NUMBER} ms\s+throughput\s+{NUMBER} /s"
RATIO = rf"ratio\s+p50\s+{NUMBER}\s+p99\s+{NUMBER}\s+throughput\s+{NUMBER}"
PICK = rf"p50\s+{NUMBER} ms\s+p99\s+{NUMBER} ms"

FIGURE_LINES = {
    "latency.py": [
        rf"^sequential\s+baseline\s+{LATENCY}",
        rf"^sequential\s+secondwind\s+{LATENCY}",
        rf"^sequential\s+{RATIO}",
        rf"^concurrent\(\d+\)\s+baseline\s+{LATENCY}",
        rf"^concurrent\(\d+\)\s+secondwind\s+{LATENCY}",
        rf"^concurrent\(\d+\)\s+{RATIO}",
    ],
    "library.py": [
        rf"^load\s+load_library\s+best\s+{NUMBER} ms\s+median\s+{NUMBER} ms",
        rf"^load\s+yaml CSafeLoader\s+best\s+{NUMBER} ms\s+median\s+{NUMBER} ms",
        rf"^load\s+ratio .*best {NUMBER}\s+median {NUMBER}",
        rf"^pick\s+/doubt, busy channel .*{PICK}",
        rf"^pick\s+/doubt, fresh channels\s+{PICK}",
    ],
}


@pytest.mark.parametrize("script", sorted(FIGURE_LINES))
def test_bench_quick_run_prints_its_figures(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick"], cwd=ROOT,
        capture_output=True, text=True, timeout=90, check=False)  # a bound for hangs only
    assert result.returncode == 0, result.stdout + result.stderr
    for pattern in FIGURE_LINES[script]:
        assert re.search(pattern, result.stdout, re.MULTILINE), (pattern, result.stdout)
    assert "Traceback" not in result.stderr, result.stderr
