"""The labelled corpus: split raw annotator files by call into train / dev / test.

Raw files (``samples/gold/raw/*.jsonl``) are the annotators' source of truth.
Each record goes to a split chosen by a hash of its id, so a split never
changes when new calls are added, and a call's turns never straddle splits.
``test`` is for ``callscore eval`` only: nothing here or in training reads it
for fitting or tuning.  ``test-stt.jsonl`` is the same test split written the
way speech-to-text engines deliver it (lower case, no punctuation), to measure
robustness.

Records in ``raw/train-only/`` always go to train.  They are records whose
misses were read to make scoring choices after they were written, so they can
no longer measure those choices in dev (which picks the epoch and thresholds)
or test; they can still teach the model.

Run ``python -m analyzer.train.corpus`` (``make corpus``) after editing raw files.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Percent of records per split (by id hash); the rest is train.
TEST_PERCENT = 20
DEV_PERCENT = 10
#: Folder of ``raw/`` whose records go to train whatever their hash.
TRAIN_ONLY = "train-only"

_PUNCT = re.compile(r"[^\w\s']")


def split_of(record_id: str) -> str:
    """``"test"``, ``"dev"`` or ``"train"`` for a record id (stable, about 20/10/70)."""
    bucket = int(hashlib.sha256(record_id.encode("utf-8")).hexdigest(), 16) % 100
    if bucket < TEST_PERCENT:
        return "test"
    if bucket < TEST_PERCENT + DEV_PERCENT:
        return "dev"
    return "train"


def stt_text(text: str) -> str:
    """Text as a speech-to-text engine without punctuation would write it."""
    return re.sub(r"\s+", " ", _PUNCT.sub(" ", text.lower())).strip()


def stt_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a gold record with every turn in speech-to-text style."""
    out = dict(record)
    out["turns"] = [{**turn, "text": stt_text(turn["text"])} for turn in record["turns"]]
    return out


def read_records(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """All records of the given JSONL files, in file and line order."""
    records: list[dict[str, Any]] = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise SystemExit(f"{path}:{n}: invalid JSON ({exc})") from exc
    return records


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records one per line; returns how many."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def split_corpus(raw_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write train/dev/test (and test-stt) JSONL files; returns record counts.

    ``raw_dir/*.jsonl`` is split by id hash; ``raw_dir/train-only/*.jsonl`` is
    added to train after the hashed records.
    """
    records = read_records(sorted(raw_dir.glob("*.jsonl")))
    train_only = read_records(sorted((raw_dir / TRAIN_ONLY).glob("*.jsonl")))
    seen: set[str] = set()
    for r in (*records, *train_only):
        if r["id"] in seen:
            raise SystemExit(f"duplicate record id {r['id']!r} in {raw_dir}")
        seen.add(r["id"])
    parts: dict[str, list[dict[str, Any]]] = {"train": [], "dev": [], "test": []}
    for r in records:
        parts[split_of(r["id"])].append(r)
    parts["train"].extend(train_only)
    counts = {name: write_jsonl(out_dir / f"{name}.jsonl", rs) for name, rs in parts.items()}
    counts["test-stt"] = write_jsonl(out_dir / "test-stt.jsonl", map(stt_record, parts["test"]))
    return counts


def main() -> None:
    """Split ``samples/gold/raw`` into ``samples/gold``."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("samples/gold")
    counts = split_corpus(root / "raw", root)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
