"""Token dropout hides a share of a turn's tokens, never its first or last one."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from analyzer.train.trainer import hide_tokens  # noqa: E402


def _mask(lengths: list[int], width: int) -> torch.Tensor:
    mask = torch.zeros(len(lengths), width, dtype=torch.long)
    for row, n in enumerate(lengths):
        mask[row, :n] = 1
    return mask


def test_hides_about_the_share_asked_for() -> None:
    mask = _mask([200] * 50, 200)
    hidden = hide_tokens(mask, 0.15, torch.Generator().manual_seed(1))
    share = 1 - hidden.sum().item() / mask.sum().item()
    assert 0.12 < share < 0.18


def test_keeps_first_and_last_real_token_and_padding() -> None:
    lengths = [2, 5, 9, 1]
    mask = _mask(lengths, 9)
    hidden = hide_tokens(mask, 0.99, torch.Generator().manual_seed(2))
    for row, n in enumerate(lengths):
        assert hidden[row, 0] == 1
        assert hidden[row, n - 1] == 1
        assert hidden[row, n:].sum() == 0
    assert hidden.sum() < mask.sum()


def test_is_reproducible_with_a_seeded_generator() -> None:
    mask = _mask([30, 17], 30)
    a = hide_tokens(mask, 0.3, torch.Generator().manual_seed(7))
    b = hide_tokens(mask, 0.3, torch.Generator().manual_seed(7))
    assert torch.equal(a, b)


def test_share_zero_hides_nothing() -> None:
    mask = _mask([12, 4], 12)
    assert torch.equal(hide_tokens(mask, 0.0, torch.Generator().manual_seed(3)), mask)
