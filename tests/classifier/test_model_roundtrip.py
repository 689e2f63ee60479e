"""The learned classifier's real parts: lean encoder vs transformers, train -> save -> load."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.model import GoldCall, RoleHint, Transcript, Turn

pytestmark = pytest.mark.slow


def test_lean_encoder_equals_transformers_bert() -> None:
    torch = pytest.importorskip("torch")
    from analyzer.classifier.lean import base_state, build_lean_encoder
    from analyzer.classifier.network import (
        NetworkConfig,
        build_training_encoder,
        encode_texts,
        load_tokenizer,
        mean_pool,
    )

    texts = ["seller: Sure, I'll send it over.", "prospect: let me chew on it, call me in May?"]
    ids, mask = encode_texts(load_tokenizer(96), texts)
    reference = build_training_encoder(NetworkConfig(labels=("a",))).eval()
    with torch.no_grad():
        expected = mean_pool(reference(input_ids=ids, attention_mask=mask).last_hidden_state, mask)
        got = build_lean_encoder(base_state(), 6)(ids, mask)
    assert torch.allclose(got, expected, atol=1e-4)


def labelled_call(i: int) -> Transcript:
    lines = [
        ("Dana", "seller", "Would Thursday at ten work for the demo?", []),
        ("Sam", "prospect", "Thursday at ten works, send the invite.", ["commitment"]),
        ("Dana", "seller", "Great, I'll send it now.", []),
        ("Sam", "prospect", f"Also just email me some brochures, number {i}.", ["stall"]),
        ("Dana", "seller", "Sure, I'll send you some information.", ["giveaway"]),
    ]
    turns = tuple(
        Turn(k, s, text, gold_labels=tuple(labels))  # type: ignore[arg-type]
        for k, (s, _, text, labels) in enumerate(lines)
    )
    hints = (
        RoleHint("Dana", "seller", "gold role", 95),
        RoleHint("Sam", "prospect", "gold role", 95),
    )
    return Transcript(f"c{i}", "gold-jsonl", turns, role_hints=hints, gold=GoldCall())


def test_train_save_load_predict(tmp_path: Path) -> None:
    from analyzer.classifier.infer import TurnClassifier
    from analyzer.roles import assign_roles
    from analyzer.train.trainer import TrainConfig, train

    calls = [labelled_call(i) for i in range(6)]
    result = train(
        calls[:4],
        calls[4:],
        tmp_path / "m",
        TrainConfig(epochs=2, trainable_layers=1),
        log=lambda _: None,
    )
    assert (tmp_path / "m" / "config.json").exists()
    assert result.meta.training["train_turns"] == 20
    classifier = TurnClassifier(tmp_path / "m", threads=1)
    assert classifier.meta.name == "model.turn-classifier@1"
    turns = assign_roles(calls[0]).turns
    probs = classifier.probabilities(turns, range(len(turns)))
    assert set(probs[1]) == {"commitment", "stall", "decline"}  # prospect labels only
    assert set(probs[4]) == {"giveaway"}
    assert all(0.0 <= p <= 1.0 for row in probs.values() for p in row.values())
    prediction = classifier.predict(turns)
    assert prediction.probabilities == probs
    rows = prediction.sentence_probabilities(
        [
            (3, "stall", ["Also just email me some brochures.", "Number 0."]),
            (4, "giveaway", ["Sure."]),
        ]
    )
    assert [len(r) for r in rows] == [2, 1]
    assert all(0.0 <= p <= 1.0 for r in rows for p in r)


def test_mixed_precision_training_records_its_precision_and_learns(tmp_path: Path) -> None:
    """bf16 steps (autocast) still train: the loss falls and the saved model loads."""
    from analyzer.classifier.infer import TurnClassifier
    from analyzer.train.trainer import TrainConfig, train

    calls = [labelled_call(i) for i in range(6)]
    lines: list[str] = []
    result = train(
        calls[:4],
        calls[4:],
        tmp_path / "m",
        TrainConfig(epochs=3, trainable_layers=1, precision="bf16", token_dropout=0.0),
        log=lines.append,
    )
    assert result.meta.training["precision"] == "bf16"
    assert "training steps in bf16" in lines
    losses = [float(line.split("train loss ")[1].split(",")[0]) for line in lines if "loss" in line]
    assert len(losses) == 3 and losses[-1] < losses[0]
    classifier = TurnClassifier(tmp_path / "m", threads=1)
    assert classifier.meta.training["precision"] == "bf16"


def test_a_damaged_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    from analyzer.classifier.store import load, read_meta
    from analyzer.errors import ModelError

    with pytest.raises(ModelError, match="no model at"):
        read_meta(tmp_path)
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        load(tmp_path)
