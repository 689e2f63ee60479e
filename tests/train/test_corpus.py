"""The corpus split: by id hash, stable, with a train-only folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.train.corpus import TRAIN_ONLY, split_corpus, split_of, stt_text


def _record(record_id: str, text: str = "Sounds good.") -> dict[str, object]:
    return {
        "id": record_id,
        "kind": "exchange",
        "turns": [{"speaker": "A", "role": "prospect", "text": text, "labels": []}],
    }


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def _ids_with_split(split: str, count: int, prefix: str = "x") -> list[str]:
    out = [f"{prefix}-{n:04d}" for n in range(2000) if split_of(f"{prefix}-{n:04d}") == split]
    return out[:count]


def test_split_of_is_stable_and_roughly_proportional() -> None:
    ids = [f"r-{n}" for n in range(3000)]
    splits = [split_of(i) for i in ids]
    assert splits == [split_of(i) for i in ids]
    assert 0.16 < splits.count("test") / 3000 < 0.24
    assert 0.07 < splits.count("dev") / 3000 < 0.13


def test_train_only_records_go_to_train_whatever_their_hash(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    hashed = _ids_with_split("test", 2) + _ids_with_split("dev", 2) + _ids_with_split("train", 2)
    _write(raw / "a.jsonl", [_record(i) for i in hashed])
    late = _ids_with_split("test", 2, "late") + _ids_with_split("dev", 2, "late")
    _write(raw / TRAIN_ONLY / "b.jsonl", [_record(i) for i in late])

    counts = split_corpus(raw, tmp_path)

    assert _ids(tmp_path / "test.jsonl") == hashed[:2]
    assert _ids(tmp_path / "dev.jsonl") == hashed[2:4]
    assert _ids(tmp_path / "train.jsonl") == hashed[4:] + late
    assert counts == {"train": 6, "dev": 2, "test": 2, "test-stt": 2}


def test_duplicate_id_across_folders_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw / "a.jsonl", [_record("same")])
    _write(raw / TRAIN_ONLY / "b.jsonl", [_record("same")])
    with pytest.raises(SystemExit, match="duplicate record id 'same'"):
        split_corpus(raw, tmp_path)


def test_stt_copy_is_lower_case_without_punctuation(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    test_id = _ids_with_split("test", 1)[0]
    _write(raw / "a.jsonl", [_record(test_id, "Okay, Friday works. Let's do it!")])
    split_corpus(raw, tmp_path)
    stt = json.loads((tmp_path / "test-stt.jsonl").read_text(encoding="utf-8"))
    assert stt["turns"][0]["text"] == "okay friday works let's do it"
    assert stt_text("Q3 - $40,000?") == "q3 40 000"
