from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SHIPPED_CONTENT
from bot.content import Library, load_library

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library([SHIPPED_CONTENT])
