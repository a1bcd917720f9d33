from __future__ import annotations

import asyncio
import concurrent.futures
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.config import SHIPPED_CONTENT
from bot.content import Library, load_library

ROOT = Path(__file__).resolve().parent.parent

PG_URL_ENV = "SECONDWIND_TEST_PG_URL"
PG_SKIP_REASON = (f"PostgreSQL tests need {PG_URL_ENV}=postgresql://user@host:port/db, a server "
                  "where that user may CREATE DATABASE (.ci/run starts a throwaway one; see "
                  "tests/README.md)")


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library([SHIPPED_CONTENT])


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _admin(url: str, *statements: str) -> None:
    """Run statements on the server, in a thread of its own (the test's loop is not touched)."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(url, timeout=10)
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of a PostgreSQL server for tests: skip without one, fail if it is unreachable.

    Without ``SECONDWIND_TEST_PG_URL`` the PostgreSQL tests skip (a developer's
    machine may have no server); with it set (CI always sets it) a server that
    does not answer is a failure, never a skip.
    """
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    try:
        _admin(url, "SELECT 1")
    except Exception as exc:
        pytest.fail(f"{PG_URL_ENV} is set but PostgreSQL does not answer at {url}: {exc!r}",
                    pytrace=False)
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped after the test."""
    name = f"sw_test_{secrets.token_hex(6)}"
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(pg_server, name)
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
