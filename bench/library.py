"""Library scale: loading a 20,000-entry library, and picking with a million history rows.

(a) Load. A library of ``--entries`` entries (the shipped themes.yaml plus
generated theme files: stories ~200 words, reflections ~80, one-line mantras,
prompts that ask a question) is written to a temporary folder. ``load_library``
(parse with line numbers + validate + index) is timed against a bare
``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same files, turn by turn,
``--reps`` times; best and median of each and their ratio (target <= 2). The
middle line times the loader's own YAML step alone (``_LineLoader``), so the
difference between the lines says whether parsing or validation costs more.
With ``--profile``, or when the target is missed, a cProfile of one load follows.

(b) Pick. ``Encouragement.pick`` (what ``/doubt`` runs: club, history reads,
choice, the history write) on a database seeded with ``--history`` rows and
``--clubs`` clubs; p50/p99 over ``--picks`` picks in a busy channel and in fresh
channels (target p99 < 2 ms), plus any-theme picks and picks from the generated
library, whose pools are larger.

    .venv/bin/python bench/library.py
    .venv/bin/python bench/library.py --quick      # small sizes, a smoke run

Times are wall-clock on a shared machine: compare lines of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.seeding import BENCH_CHANNEL, BENCH_GUILD, BENCH_USER, describe, seed_database  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config import SHIPPED_CONTENT  # noqa: E402
from bot.content import Library, load_library  # noqa: E402
from bot.content.loader import _LineLoader  # noqa: E402 - timing the loader's YAML step alone
from bot.core.encouragement import Encouragement  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.values import Where  # noqa: E402

ENTRIES_PER_FILE = 500
KIND_SHARES = (("story", 0.2), ("reflection", 0.33), ("mantra", 0.33), ("prompt", 0.14))
_WORDS = (
    "run runner runners mile miles morning hill hills breath breathing legs lungs pace slow "
    "slower steady easy long short road trail track park river bridge rain wind sun cold dark "
    "light shoes laces watch finish start line race club friend friends coach group voice doubt "
    "fear hope rest recovery injury knee ankle physio patience week weeks month months year "
    "again back first last quiet loud cheer crowd marshal water cup medal number bib kilometre "
    "lap laps street lamp post gate corner path mud puddle frost sweat heart tired strong "
    "kind gentle brave small little big whole walked stopped kept going started finished "
    "laughed cried waited listened remembered noticed carried held turned climbed"
)
WORDS = _WORDS.split()
TAGS = ("self-talk", "anxiety", "race-nerves", "injury", "rest", "community", "first-time",
        "last-place", "comeback", "grief", "age", "body", "weather", "parkrun", "pace")


# --- (a) the generated library ----------------------------------------------------------

def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _body(kind: str, rng: random.Random) -> str:
    if kind == "story":
        paragraphs = [_text(rng, 40) for _ in range(5)]  # ~200 words in five paragraphs
        return "\n\n".join(paragraphs)
    if kind == "reflection":
        return _text(rng, 80)
    if kind == "mantra":
        return " ".join(rng.choices(WORDS, k=rng.randint(4, 9))).capitalize() + "."
    return _sentence(rng, 6, 14)[:-1] + "?"


def _entry_yaml(entry_id: str, kind: str, rng: random.Random) -> str:
    title = " ".join(rng.choices(WORDS, k=rng.randint(3, 6))).capitalize()
    body = _body(kind, rng)
    lines = [f"  - id: {entry_id}", f"    kind: {kind}", f'    title: "{title}"']
    if kind in ("story", "reflection"):
        lines.append("    body: |")
        lines += [f"      {line}" if line else "" for line in body.split("\n")]
    else:
        lines.append(f'    body: "{body}"')
    lines.append(f"    tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]")
    if rng.random() < 0.1:
        lines.append(f"    weight: {rng.choice((0.5, 1.5, 2))}")
    return "\n".join(lines) + "\n"


def write_library(folder: Path, entries: int, seed: int = 11) -> list[Path]:
    """Write themes.yaml (shipped) and generated theme files holding ``entries`` entries."""
    rng = random.Random(seed)
    shutil.copy(SHIPPED_CONTENT / "themes.yaml", folder / "themes.yaml")
    themes = [t["id"] for t in yaml.safe_load((folder / "themes.yaml").read_text())["themes"]]
    kinds = [k for k, _ in KIND_SHARES]
    weights = [w for _, w in KIND_SHARES]
    per_theme = [entries // len(themes) + (i < entries % len(themes)) for i in range(len(themes))]
    for theme, count in zip(themes, per_theme, strict=True):
        for part, first in enumerate(range(0, count, ENTRIES_PER_FILE)):
            chunk = []
            for n in range(first, min(first + ENTRIES_PER_FILE, count)):
                kind = rng.choices(kinds, weights)[0]
                chunk.append(_entry_yaml(f"{theme}-{kind}-{n:05d}", kind, rng))
            text = f"theme: {theme}\nentries:\n" + "\n".join(chunk)
            (folder / f"{theme}-{part:02d}.yaml").write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.yaml"))


def bare_load(files: list[Path]) -> None:
    for file in files:
        yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def line_load(files: list[Path]) -> None:
    for file in files:
        yaml.load(file.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def bench_load(folder: Path, entries: int, reps: int, profile: bool) -> Library:
    files = write_library(folder, entries)
    size = sum(f.stat().st_size for f in files) / 1e6
    library = load_library([folder])
    print(f"library: {len(library.entries):,} entries in {len(files)} files ({size:.1f} MB of "
          f"YAML), {reps} repetitions, taking turns")
    times: dict[str, list[float]] = {"load_library": [], "_LineLoader only": [],
                                     "yaml CSafeLoader": []}
    for _ in range(reps):
        times["yaml CSafeLoader"].append(timed(lambda: bare_load(files)))
        times["_LineLoader only"].append(timed(lambda: line_load(files)))
        times["load_library"].append(timed(lambda: load_library([folder])))
    for name, values in times.items():
        print(f"load  {name:<18} best {min(values) * 1000:8.1f} ms   "
              f"median {statistics.median(values) * 1000:8.1f} ms")
    base, ours = times["yaml CSafeLoader"], times["load_library"]
    best = min(ours) / min(base)
    median = statistics.median(ours) / statistics.median(base)
    print(f"load  ratio load_library / bare yaml: best {best:.2f}   median {median:.2f}   "
          f"(target <= 2)")
    if profile or best > 2:
        print_profile(folder)
    return library


def print_profile(folder: Path, top: int = 18) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    load_library([folder])
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)
    print("profile of one load_library (sorted by own time):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


# --- (b) picks --------------------------------------------------------------------------

async def time_picks(service: Encouragement, places: Callable[[int], Where], theme: str | None,
                     count: int) -> list[float]:
    for n in range(20):  # warm-up: caches, first queries
        await service.pick(places(-1 - n), theme)
    spent = []
    for n in range(count):
        where = places(n)
        began = time.perf_counter()
        await service.pick(where, theme)
        spent.append(time.perf_counter() - began)
    return spent


def pick_line(name: str, spent: list[float], target: bool) -> None:
    ordered = sorted(spent)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    goal = "   (target p99 < 2 ms)" if target else ""
    print(f"pick  {name:<34} p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms   "
          f"max {ordered[-1] * 1000:6.2f} ms   (n={len(spent)}){goal}")


async def bench_picks(folder: Path, generated: Library, history: int, clubs: int,
                      picks: int) -> None:
    shipped = load_library([SHIPPED_CONTENT])
    db = folder / "picks.db"
    print(describe(await seed_database(db, history=history, clubs=clubs,
                                       entry_ids=list(shipped.entries))))
    store = await Store.open(db)
    try:
        app = App(store, shipped)
        service = app.encouragement
        busy = lambda n: Where(BENCH_GUILD, BENCH_CHANNEL, BENCH_USER)  # noqa: E731
        fresh = lambda n: Where(BENCH_GUILD, 60_000_000 + n, BENCH_USER)  # noqa: E731
        pool = len(shipped.entries_for(["doubt"]))
        pick_line(f"/doubt, busy channel (pool {pool})",
                  await time_picks(service, busy, "doubt", picks), True)
        pick_line("/doubt, fresh channels",
                  await time_picks(service, fresh, "doubt", picks), True)
        pick_line(f"any theme, busy channel (pool {len(shipped.entries)})",
                  await time_picks(service, busy, None, picks), False)
        app.library.use(generated)
        pool = len(generated.entries_for(["doubt"]))
        pick_line(f"/doubt, generated library (pool {pool:,})",
                  await time_picks(service, busy, "doubt", picks), False)
    finally:
        await store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000, help="generated library size")
    parser.add_argument("--reps", type=int, default=7, help="load repetitions")
    parser.add_argument("--history", type=int, default=1_000_000, help="history rows to seed")
    parser.add_argument("--clubs", type=int, default=10_000, help="clubs to seed")
    parser.add_argument("--picks", type=int, default=2_000, help="picks per scenario")
    parser.add_argument("--profile", action="store_true", help="always print the load profile")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.entries, args.reps, args.history, args.clubs, args.picks = 900, 2, 5_000, 100, 100
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "library").mkdir()
        generated = bench_load(folder / "library", args.entries, args.reps, args.profile)
        asyncio.run(bench_picks(folder, generated, args.history, args.clubs, args.picks))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
