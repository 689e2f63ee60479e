"""Pure metric functions, checked against hand-computed values."""

from __future__ import annotations

import pytest

from analyzer.train.metrics import accuracy, cohen_kappa, turn_scores

LABELS = ("commitment", "stall", "decline", "giveaway")


def fs(*labels: str) -> frozenset[str]:
    return frozenset(labels)


def test_turn_scores_counts_tp_fp_fn_per_label() -> None:
    pairs = [
        (fs("stall"), fs("stall")),  # tp stall
        (fs("stall"), fs()),  # fn stall
        (fs(), fs("stall")),  # fp stall
        (fs("commitment", "stall"), fs("commitment")),  # tp commitment, fn stall
        (fs(), fs()),
    ]
    scores = turn_scores(pairs, LABELS)
    stall = scores.labels["stall"]
    assert (stall.tp, stall.fp, stall.fn) == (1, 1, 2)
    assert stall.precision == pytest.approx(0.5)
    assert stall.recall == pytest.approx(1 / 3)
    assert stall.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert scores.labels["commitment"].f1 == pytest.approx(1.0)


def test_macro_f1_ignores_labels_without_support() -> None:
    scores = turn_scores([(fs("stall"), fs("stall")), (fs(), fs("decline"))], LABELS)
    # decline has a false positive but no support: it is left out of the macro average.
    assert scores.labels["decline"].support == 0
    assert scores.macro_f1 == pytest.approx(1.0)


def test_macro_f1_is_zero_without_any_support() -> None:
    assert turn_scores([(fs(), fs())], LABELS).macro_f1 == 0.0


def test_accuracy_and_confusion() -> None:
    classes = ("advance", "decline", "no_decision", "regress")
    acc = accuracy(
        [("advance", "advance"), ("advance", "no_decision"), ("regress", "regress")], classes
    )
    assert acc.n == 3
    assert acc.accuracy == pytest.approx(2 / 3)
    assert acc.confusion["advance"]["no_decision"] == 1
    assert acc.confusion["regress"]["regress"] == 1


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([True, True, False, False], [True, True, False, False], 1.0),
        ([True, False, True, False], [False, True, False, True], -1.0),
        # observed 0.75; chance 0.5*0.25+0.5*0.75 = 0.5 -> kappa 0.5
        ([True, True, False, False], [True, False, False, False], 0.5),
        ([False, False], [False, False], 1.0),
    ],
)
def test_cohen_kappa(a: list[bool], b: list[bool], expected: float) -> None:
    assert cohen_kappa(a, b) == pytest.approx(expected)


def test_cohen_kappa_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError, match="same items"):
        cohen_kappa([True], [True, False])


def test_cohen_kappa_over_classes() -> None:
    a = ["advance", "advance", "decline", "no_decision"]
    b = ["advance", "decline", "decline", "no_decision"]
    # observed 3/4; chance = .5*.25 + .25*.5 + .25*.25 = 0.3125 -> (0.75-0.3125)/0.6875
    assert cohen_kappa(a, b) == pytest.approx((0.75 - 0.3125) / 0.6875)
