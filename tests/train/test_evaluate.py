"""``callscore eval``'s list of misses shows each turn in context, with its role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.ingest import read_path
from analyzer.pipeline import Analyzer, AnalyzerConfig
from analyzer.train.evaluate import evaluate

pytestmark = pytest.mark.slow


def test_a_miss_shows_the_turn_before_it_with_its_assigned_role(tmp_path: Path) -> None:
    record = {
        "id": "c1",
        "turns": [
            {"speaker": "Dana", "role": "seller", "text": "Would Tuesday work?", "labels": []},
            # labelled stall but plainly a commitment: the rules will disagree with the gold
            {
                "speaker": "Sam",
                "role": "prospect",
                "text": "Tuesday at two works, send the invite.",
                "labels": ["stall"],
            },
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    analyzer = Analyzer(AnalyzerConfig(use_model=False))
    result = evaluate(read_path(path, format="gold-jsonl"), analyzer.analyze)
    assert result.misses
    assert {m.previous for m in result.misses} == {"Dana (seller): Would Tuesday work?"}
    assert {m.role for m in result.misses} == {"prospect"}
