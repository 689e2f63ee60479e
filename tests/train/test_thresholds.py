"""Threshold choice on a jagged dev F1 curve."""

from __future__ import annotations

import pytest

from analyzer.train.trainer import pick_threshold, tune_thresholds

GRID = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]


def test_a_one_turn_spike_does_not_pull_the_threshold_to_its_edge() -> None:
    # 30 positives: one turn moves F1 by about 0.033, so 0.885 at 0.3 is within noise of 0.862.
    f1s = [0.80, 0.885, 0.86, 0.862, 0.862, 0.862, 0.80]
    assert pick_threshold(GRID, f1s, positives=30) == 0.5


def test_a_clear_best_region_is_kept() -> None:
    # 300 positives: a 0.02 lead is ten turns, not noise.
    f1s = [0.70, 0.72, 0.78, 0.80, 0.78, 0.74, 0.70]
    assert pick_threshold(GRID, f1s, positives=300) == 0.5


def test_the_middle_of_a_plateau_is_chosen() -> None:
    f1s = [0.5, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5]
    assert pick_threshold(GRID, f1s, positives=1000) == 0.5


@pytest.mark.parametrize("positives", [0, 1])
def test_no_or_one_positive_still_gives_a_grid_threshold(positives: int) -> None:
    assert pick_threshold(GRID, [0.0] * len(GRID), positives) in GRID


def test_tune_thresholds_separates_the_labels_it_can() -> None:
    # Prospect turns: commitments score high, the rest low; seller turns carry giveaways.
    probs = [[0.9, 0.1, 0.1, 0.0]] * 5 + [[0.1, 0.8, 0.1, 0.0]] * 5 + [[0.0, 0.0, 0.0, 0.9]] * 5
    targets = [[1.0, 0, 0, 0]] * 5 + [[0, 1.0, 0, 0]] * 5 + [[0, 0, 0, 1.0]] * 5
    roles = ["prospect"] * 10 + ["seller"] * 5
    thresholds, macro = tune_thresholds(probs, targets, roles)
    assert 0.1 < thresholds["commitment"] <= 0.9
    assert 0.1 < thresholds["stall"] <= 0.8
    assert macro > 0.74  # three labels perfect; decline has no examples (F1 0)
