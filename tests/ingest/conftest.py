"""Shared paths for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Real third-party exports, byte-exact (never copy or modify them).
SHARED_TRANSCRIPTS = Path(__file__).parents[2] / ".." / "shared" / "fixtures" / "transcripts"
#: Small messy-reality files written for these tests.
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def shared() -> Path:
    if not SHARED_TRANSCRIPTS.is_dir():
        pytest.skip("shared transcript fixtures are not checked out next to the repo")
    return SHARED_TRANSCRIPTS
