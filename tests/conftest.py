"""Fixtures shared by every test area."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """Return the third-party corpus beside the repository; skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the third-party corpus is not at {CORPUS} (../shared/corpus)")
    return CORPUS
