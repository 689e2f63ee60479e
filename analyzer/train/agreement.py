"""Inter-annotator agreement: Cohen's kappa of a blind second labelling against the gold.

``python -m analyzer.train.agreement`` (``make agreement``) recomputes
``docs/agreement/kappa.json`` from ``docs/agreement/second-annotator.jsonl`` and
the gold split files, so the figures in the model card can be reproduced, and
re-measured whenever gold labels are corrected.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer.model import LABELS
from analyzer.train.metrics import cohen_kappa

ROOT = Path(__file__).resolve().parents[2]
SECOND = ROOT / "docs" / "agreement" / "second-annotator.jsonl"
GOLD = tuple(ROOT / "samples" / "gold" / f"{split}.jsonl" for split in ("train", "dev", "test"))
OUT = ROOT / "docs" / "agreement" / "kappa.json"


@dataclass(frozen=True, slots=True)
class Labelling:
    """One annotator's labels for one record: labels per turn, and call labels if any."""

    turns: tuple[frozenset[str], ...]
    decision: str | None
    led_by: str | None


def labelling(record: Mapping[str, Any]) -> Labelling:
    """A gold-format record (turns carry labels) or a second-annotator record (labels list)."""
    if "labels" in record:
        turns = tuple(frozenset(labels) for labels in record["labels"])
    else:
        turns = tuple(frozenset(turn.get("labels", ())) for turn in record["turns"])
    return Labelling(turns, record.get("decision"), record.get("led_by"))


def agreement(pairs: Sequence[tuple[Labelling, Labelling]]) -> dict[str, Any]:
    """Kappa per turn label (on/off per turn) and for decision and led_by (per call).

    Each pair is (first annotator, second annotator) for one record; both must
    have labelled the same number of turns.
    """
    out: dict[str, Any] = {}
    for first, second in pairs:
        if len(first.turns) != len(second.turns):
            raise ValueError("the two labellings of a record cover different turns")
    for label in LABELS:
        a = [label in turn for first, _ in pairs for turn in first.turns]
        b = [label in turn for _, second in pairs for turn in second.turns]
        out[label] = {
            "kappa": round(cohen_kappa(a, b), 3),
            "first": sum(a),
            "second": sum(b),
            "both": sum(x and y for x, y in zip(a, b, strict=True)),
        }
    for field in ("decision", "led_by"):
        judged = [
            (getattr(f, field), getattr(s, field))
            for f, s in pairs
            if getattr(f, field) is not None and getattr(s, field) is not None
        ]
        out[field] = {
            "kappa": round(cohen_kappa([x for x, _ in judged], [y for _, y in judged]), 3),
            "agree": sum(x == y for x, y in judged),
            "n": len(judged),
        }
    out["turns"] = sum(len(first.turns) for first, _ in pairs)
    out["records"] = len(pairs)
    return out


def _records(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return {rec["id"]: rec for rec in map(json.loads, filter(str.strip, handle))}


def main(argv: Sequence[str] = ()) -> int:
    """Recompute kappa.json; print it.  ``--check`` only compares and fails on a difference."""
    gold: dict[str, dict[str, Any]] = {}
    for path in GOLD:
        gold.update(_records(path))
    second = _records(SECOND)
    missing = sorted(set(second) - set(gold))
    if missing:
        print(f"{SECOND}: records not in the gold splits: {', '.join(missing)}", file=sys.stderr)
        return 1
    result = agreement([(labelling(gold[i]), labelling(rec)) for i, rec in second.items()])
    text = json.dumps(result, indent=1) + "\n"
    if "--check" in argv:
        same = OUT.exists() and json.loads(OUT.read_text(encoding="utf-8")) == result
        print(f"{OUT}: {'up to date' if same else 'OUT OF DATE: run make agreement'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
