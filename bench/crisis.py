"""Crisis detection: precision and recall by category, and the cost per text.

Quality, for each corpus file given (default: ``tests/crisis_corpus.yaml``, and
``tests/crisis_heldout.yaml`` when it exists). A corpus has three labels, each
split into categories (see the corpus header). The positive class is:

- ``danger`` categories: DANGER (DISTRESS is a miss);
- ``distress`` categories: DISTRESS or DANGER (DANGER is counted, and also shown
  as "over" for over-escalation);
- ``running`` categories: none; a text that fires (DISTRESS or DANGER) is a
  false alarm.

Per category: texts, hits, recall, and precision. Within one category every
text has the same label, so a category can only produce true positives and
misses: its precision is 1.000 whenever it has a hit (n/a otherwise), and a
running category has no positives at all, so it shows false alarms instead.
Precision is informative on the ``overall`` lines, where the false positives
come from the other labels: distress and running texts read as DANGER for the
danger class, running texts that fired for the distress-or-above class.

Cost, over every text of the corpora: ``assess`` per text, mean and p99, with
two baselines measured in the same run, taking turns text by text: ``normalise``
(the first step of ``assess``, alone) and ``str.lower`` (a floor). Then the same
for long texts: 4,000-character texts joined from the corpora's running texts
(members share stories that long; with nothing to find, both of the detector's
scans read to the end, the slowest realistic case), and the slowest of a few
hostile 4,000-character strings.
Each figure is the mean of ``--repeat`` calls on one text; mean and p99 are
over texts. Compare lines of one run, not runs on different days.

    .venv/bin/python bench/crisis.py
    .venv/bin/python bench/crisis.py --corpus tests/crisis_corpus.yaml
    .venv/bin/python bench/crisis.py --quick            # fewer repeats, a smoke run

Texts are never printed unless ``--show-misses`` is given: a held-out corpus
stays useful only while nobody tuning the detector reads what it misses.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.core.crisis import CrisisLevel, assess, normalise  # noqa: E402

DEFAULT_CORPORA = (ROOT / "tests" / "crisis_corpus.yaml", ROOT / "tests" / "crisis_heldout.yaml")
LONG_TEXT = 4000
HOSTILE = (
    ("want to " * 600)[:LONG_TEXT],
    ("wanted to die on rep 8 " * 200)[:LONG_TEXT],
    ("k.m.s." * 700)[:LONG_TEXT],
    "." * LONG_TEXT,
    ("k\u200b" * 2000)[:LONG_TEXT],
)
POSITIVE: dict[str, frozenset[CrisisLevel]] = {
    "danger": frozenset({CrisisLevel.DANGER}),
    "distress": frozenset({CrisisLevel.DISTRESS, CrisisLevel.DANGER}),
    "running": frozenset(),
}
FIRED = frozenset({CrisisLevel.DISTRESS, CrisisLevel.DANGER})


@dataclass
class Category:
    """What the detector said about the texts of one category."""

    label: str
    name: str
    levels: list[CrisisLevel] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return sum(level in POSITIVE[self.label] for level in self.levels)

    @property
    def fired(self) -> int:
        return sum(level in FIRED for level in self.levels)

    @property
    def over(self) -> int:
        return sum(level is CrisisLevel.DANGER for level in self.levels)


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.3f}" if whole else "   n/a"


Corpus = dict[str, dict[str, list[str]]]


def load(path: Path) -> Corpus:
    corpus: Corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    return corpus


def classify(corpus: Corpus, show_misses: bool) -> list[Category]:
    categories = []
    for label, groups in corpus.items():
        for name, texts in groups.items():
            category = Category(label, name)
            for text in texts:
                level = assess(text)
                category.levels.append(level)
                wrong = level in FIRED if label == "running" else level not in POSITIVE[label]
                if wrong and show_misses:
                    category.misses.append(f"{level.value:<8} {text}")
            categories.append(category)
    return categories


def report_quality(path: Path, categories: list[Category]) -> None:
    total = sum(len(c.levels) for c in categories)
    print(f"\ncorpus {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
          f"{total} texts")
    print(f"{'label':<9}{'category':<22}{'n':>5}{'hits':>6}  recall  precision")
    for c in categories:
        n = len(c.levels)
        if c.label == "running":
            print(f"{c.label:<9}{c.name:<22}{n:5d}{'':>6}  false alarms {c.fired} "
                  f"({100 * c.fired / n:.1f}%)")
        else:
            over = f"   over {c.over}" if c.label == "distress" else ""
            print(f"{c.label:<9}{c.name:<22}{n:5d}{c.hits:6d}  {ratio(c.hits, n)}  "
                  f"{ratio(c.hits, c.hits)}{over}")
        for miss in c.misses:
            print(f"{'':<13}miss: {miss}")
    by_label = {label: [c for c in categories if c.label == label] for label in POSITIVE}
    danger_hits = sum(c.hits for c in by_label["danger"])
    danger_n = sum(len(c.levels) for c in by_label["danger"])
    false_danger = sum(c.over for c in by_label["distress"] + by_label["running"])
    print(f"overall  danger   (positive = DANGER)               recall "
          f"{ratio(danger_hits, danger_n)}  precision "
          f"{ratio(danger_hits, danger_hits + false_danger)}"
          f"   (hits {danger_hits}/{danger_n}, false {false_danger})")
    distress_hits = sum(c.hits for c in by_label["distress"])
    distress_n = sum(len(c.levels) for c in by_label["distress"])
    running_fired = sum(c.fired for c in by_label["running"])
    running_n = sum(len(c.levels) for c in by_label["running"])
    print(f"overall  distress (positive = DISTRESS or DANGER)   recall "
          f"{ratio(distress_hits, distress_n)}  precision "
          f"{ratio(distress_hits, distress_hits + running_fired)}"
          f"   (hits {distress_hits}/{distress_n}, false {running_fired})")
    print(f"overall  running  false alarms {running_fired} of {running_n} "
          f"({100 * running_fired / running_n if running_n else 0:.1f}%)")


def per_call(work: Callable[[str], object], text: str, repeat: int) -> float:
    began = time.perf_counter()
    for _ in range(repeat):
        work(text)
    return (time.perf_counter() - began) / repeat


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def report_cost(name: str, texts: list[str], repeat: int) -> None:
    """Time ``assess`` and the baselines on each text, taking turns, and print the figures."""
    timings: dict[str, list[float]] = {"assess": [], "normalise": [], "str.lower": []}
    work: dict[str, Callable[[str], object]] = {
        "assess": assess, "normalise": normalise, "str.lower": str.lower}
    for text in texts:
        for what, call in work.items():
            timings[what].append(per_call(call, text, repeat))
    for what, spent in timings.items():
        print(f"cost  {name:<28}{what:<11}mean {statistics.fmean(spent) * 1e6:9.2f} us   "
              f"p99 {p99(spent) * 1e6:9.2f} us   (n={len(spent)})")
    detector = timings["assess"]
    for baseline in ("normalise", "str.lower"):
        base = timings[baseline]
        mean_ratio = statistics.fmean(detector) / statistics.fmean(base)
        print(f"cost  {name:<28}{'ratio':<11}mean {mean_ratio:9.1f}      "
              f"p99 {p99(detector) / p99(base):9.1f}      (assess / {baseline})")


def long_texts(texts: list[str], count: int) -> list[str]:
    """``count`` texts of :data:`LONG_TEXT` characters, each joined from ``texts`` in turn."""
    joined = []
    for n in range(count):
        parts: list[str] = []
        length, i = 0, n * 7
        while length < LONG_TEXT:
            part = texts[i % len(texts)]
            parts.append(part if part.rstrip().endswith((".", "!", "?")) else part + ".")
            length += len(parts[-1]) + 1
            i += 1
        joined.append(" ".join(parts)[:LONG_TEXT])
    return joined


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="a corpus file (repeatable); default: the labelled corpus, and "
                             "the held-out one if it exists")
    parser.add_argument("--repeat", type=int, default=20, help="calls per text per figure")
    parser.add_argument("--long", type=int, default=60, help="4,000-character texts to time")
    parser.add_argument("--show-misses", action="store_true",
                        help="print the texts the detector got wrong (never on held-out data)")
    parser.add_argument("--quick", action="store_true", help="few repeats, a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.long = 2, 5
    corpora = args.corpus or [path for path in DEFAULT_CORPORA if path.exists()]
    texts: list[str] = []
    running: list[str] = []
    for path in corpora:
        corpus = load(path.resolve())
        report_quality(path.resolve(), classify(corpus, args.show_misses))
        texts += [text for groups in corpus.values() for group in groups.values() for text in group]
        running += [text for group in corpus.get("running", {}).values() for text in group]
    print()
    report_cost("corpus texts", texts, args.repeat)
    report_cost(f"{LONG_TEXT:,}-character texts", long_texts(running, args.long), args.repeat)
    slowest = max(per_call(assess, text, max(1, args.repeat // 4)) for text in HOSTILE)
    print(f"cost  {'hostile 4,000 characters':<28}{'assess':<11}max  {slowest * 1e6:9.2f} us   "
          f"(n={len(HOSTILE)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
