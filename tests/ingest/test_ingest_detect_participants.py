"""A participants report handed to analyze gets told where it belongs."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.errors import ParseError
from analyzer.ingest import read_path

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "transcripts"


def test_participants_report_points_to_the_participants_option() -> None:
    with pytest.raises(ParseError, match="participants report") as info:
        read_path(FIXTURES / "zoom" / "meeting001_participants.csv")
    assert "--participants" in info.value.one_line()


def test_other_unknown_csv_still_lists_the_formats(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ParseError, match="could not tell which transcript format"):
        read_path(odd)
