"""Every store test that is not about the SQLite file itself runs on both backends.

Ask for ``location`` (a SQLite path in ``tmp_path``, or the URL of a fresh
PostgreSQL database) and open it with ``Store.open(location)``; ``backend``
says which it is. The PostgreSQL half skips without ``SECONDWIND_TEST_PG_URL``
and fails when that is set but the server does not answer (see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    if backend == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return tmp_path / "sw.db"


@pytest.fixture(autouse=True)
async def close_what_a_failed_test_left_open(
        monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """Close every store the test opened: an open aiosqlite connection keeps pytest alive."""
    opened: list[Store] = []
    open_store = Store.open.__func__  # type: ignore[attr-defined]

    async def tracked(cls: type[Store], *args: Any, **kwargs: Any) -> Store:
        store = await open_store(cls, *args, **kwargs)
        opened.append(store)
        return store

    monkeypatch.setattr(Store, "open", classmethod(tracked))
    yield
    for store in opened:
        with contextlib.suppress(Exception):
            await store.close()
