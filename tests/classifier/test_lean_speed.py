"""The inference encoder's speed-ups keep its numbers: token batching, fused attention, bf16."""

from __future__ import annotations

import pytest

from analyzer.classifier.infer import token_batches


@pytest.mark.parametrize(
    ("lengths", "budget", "expected"),
    [
        ([], 512, []),
        ([5], 512, [[0]]),
        # Shortest first; a batch grows while rows x longest row fits the budget.
        ([10, 3, 7, 4], 16, [[1, 3], [2], [0]]),
        ([10, 3, 7, 4], 30, [[1, 3, 2], [0]]),
        ([10, 3, 7, 4], 40, [[1, 3, 2, 0]]),
        # A text longer than the budget still gets a batch, alone.
        ([100, 2, 2], 10, [[1, 2], [0]]),
    ],
)
def test_token_batches(lengths: list[int], budget: int, expected: list[list[int]]) -> None:
    assert token_batches(lengths, budget) == expected


def test_token_batches_cover_every_index_once() -> None:
    lengths = [(i * 37) % 91 + 2 for i in range(300)]
    batches = token_batches(lengths, 512)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(300))
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 512


@pytest.mark.parametrize(
    ("asked", "native", "expected"),
    [
        ("fp32", True, "fp32"),
        ("bf16", False, "bf16"),
        ("auto", True, "bf16"),
        ("auto", False, "fp32"),
    ],
)
def test_resolve_precision(
    monkeypatch: pytest.MonkeyPatch, asked: str, native: bool, expected: str
) -> None:
    from analyzer.classifier import lean

    monkeypatch.setattr(lean, "native_bf16", lambda: native)
    assert lean.resolve_precision(asked) == expected  # type: ignore[arg-type]


@pytest.mark.slow
def test_batched_vectors_equal_one_at_a_time() -> None:
    """Sorting and padding by token count must not change any turn's vector."""
    torch = pytest.importorskip("torch")
    from analyzer.classifier.infer import TurnClassifier
    from analyzer.classifier.store import DEFAULT_MODEL_DIR

    texts = [
        "seller: ok",
        "prospect: yeah no this is super interesting, I'll loop in a few folks "
        "and see where it lands",
        "seller: Would Thursday at ten work for the demo with your ops lead?",
        "prospect: mm",
        "prospect: " + "we have been running the warehouse on spreadsheets for years " * 6,
    ]
    classifier = TurnClassifier(DEFAULT_MODEL_DIR, threads=1, precision="fp32")
    together = classifier._embed(texts)
    alone = torch.cat([classifier._embed([t]) for t in texts])
    assert torch.allclose(together, alone, atol=1e-5)


@pytest.mark.slow
def test_bf16_vectors_track_fp32() -> None:
    torch = pytest.importorskip("torch")
    from analyzer.classifier.lean import base_state, build_lean_encoder
    from analyzer.classifier.network import encode_texts, load_tokenizer

    texts = [
        "seller: Sure, I'll send it over.",
        "prospect: let me chew on it, call me in May?",
        "prospect: Tuesday at two works, send the invite to me and Priya.",
    ]
    ids, mask = encode_texts(load_tokenizer(96), texts)
    state = base_state()
    with torch.inference_mode():
        full = build_lean_encoder(state, 6, "fp32")(ids, mask)
        half = build_lean_encoder(state, 6, "bf16")(ids, mask)
    assert half.dtype == torch.float32
    similarity = torch.nn.functional.cosine_similarity(full, half)
    assert bool((similarity > 0.999).all()), similarity


def test_unknown_precision_is_refused() -> None:
    pytest.importorskip("torch")
    from analyzer.classifier.lean import build_lean_encoder

    with pytest.raises(ValueError, match="fp32 or bf16"):
        build_lean_encoder({}, 6, "int8")
