"""Choosing an entry: no repeats in a channel or for a member until the pool runs out.

Within a pool (the entries a request could get), an entry already shown in this
channel or to this member is held back until every other entry of the pool has
been shown since; then the one seen longest ago comes back first. Among the
entries not held back, the choice is random, weighted by the entry's own weight
and by how many club members said it helped.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from bot.content import Entry


def held_back(pool_ids: set[str], recent_newest_first: Sequence[str]) -> set[str]:
    """Entries of the pool seen more recently than the least recently seen one.

    Walks the history newest first, collecting distinct pool entries, and stops
    before the collection would hold the whole pool — so at least one entry of
    the pool is always free.
    """
    seen: set[str] = set()
    limit = len(pool_ids) - 1
    for entry_id in recent_newest_first:
        if len(seen) >= limit:
            break
        if entry_id in pool_ids:
            seen.add(entry_id)
    return seen


def feedback_factor(helped: int) -> float:
    """How much "this helped" lifts an entry: gently, with diminishing returns."""
    return 1.0 + 0.5 * math.log2(1 + helped)


def pick_entry(
    pool: Sequence[Entry],
    channel_recent: Sequence[str],
    user_recent: Sequence[str],
    helped_counts: Mapping[str, int],
    rng: random.Random,
) -> Entry | None:
    """One entry of the pool, avoiding what this channel and this member saw recently."""
    if not pool:
        return None
    ids = {e.id for e in pool}
    by_channel = held_back(ids, channel_recent)
    by_user = held_back(ids, user_recent)
    candidates: list[Entry] = []
    for avoid in (by_channel | by_user, by_channel, by_user, set()):
        candidates = [e for e in pool if e.id not in avoid]
        if candidates:
            break
    weights = [e.weight * feedback_factor(helped_counts.get(e.id, 0)) for e in candidates]
    return rng.choices(candidates, weights=weights, k=1)[0]


def history_window(pool_size: int) -> int:
    """How many history rows to read to judge a pool of this size."""
    return min(4 * pool_size + 50, 5000)
