"""Agreement figures: kappa per label and per call field, from two labellings."""

from __future__ import annotations

import pytest

from analyzer.train.agreement import Labelling, agreement, labelling


def lab(*turns: tuple[str, ...], decision: str | None = None) -> Labelling:
    return Labelling(tuple(frozenset(t) for t in turns), decision, None)


def test_identical_labellings_agree_perfectly() -> None:
    one = lab(("stall",), (), ("giveaway",), ("commitment", "stall"), decision="advance")
    two = lab((), ("decline",), (), decision="decline")
    result = agreement([(one, one), (two, two)])
    for label in ("commitment", "stall", "decline", "giveaway"):
        assert result[label]["kappa"] == 1.0
    assert result["decision"] == {"kappa": 1.0, "agree": 2, "n": 2}
    assert result["led_by"]["n"] == 0  # neither annotator judged it
    assert (result["turns"], result["records"]) == (7, 2)


def test_disagreement_lowers_kappa_and_counts_each_side() -> None:
    first = lab(("stall",), ("stall",), (), (), ("giveaway",), ())
    second = lab(("stall",), (), ("stall",), (), ("giveaway",), ("giveaway",))
    result = agreement([(first, second)])
    assert result["stall"] == {
        "kappa": 0.25,
        "first": 2,
        "second": 2,
        "both": 1,
    }
    assert result["giveaway"]["first"] == 1 and result["giveaway"]["second"] == 2
    assert result["giveaway"]["kappa"] < 1.0


def test_records_of_different_length_are_refused() -> None:
    with pytest.raises(ValueError, match="different turns"):
        agreement([(lab((), ()), lab(()))])


@pytest.mark.parametrize(
    "record",
    [
        {"id": "x", "turns": [{"labels": ["stall"]}, {"labels": []}], "decision": "regress"},
        {"id": "x", "labels": [["stall"], []], "decision": "regress"},
    ],
)
def test_both_record_shapes_read_alike(record: dict[str, object]) -> None:
    assert labelling(record) == Labelling((frozenset({"stall"}), frozenset()), "regress", None)


def test_shipped_kappa_file_is_up_to_date() -> None:
    """docs/agreement/kappa.json must match the current gold labels (run `make agreement`)."""
    from analyzer.train.agreement import main

    assert main(["--check"]) == 0
