"""Highlighted turn text: pieces, labels, anchors and escaping."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.review.highlight import Span, pieces, turn_html


def visible_text(markup: str) -> str:
    """What a browser shows as the element's text: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize(
    ("length", "spans", "expected"),
    [
        (10, [], [(0, 10, ())]),
        (10, [Span("a", "stall", 2, 5)], [(0, 2, ()), (2, 5, ("a",)), (5, 10, ())]),
        (10, [Span("a", "stall", 0, 10)], [(0, 10, ("a",))]),
        # overlapping findings split into three pieces
        (
            10,
            [Span("a", "stall", 0, 6), Span("b", "giveaway", 4, 10)],
            [(0, 4, ("a",)), (4, 6, ("a", "b")), (6, 10, ("b",))],
        ),
        # out-of-range and empty spans are ignored or clipped, never crash
        (5, [Span("a", "stall", 3, 3), Span("b", "stall", 7, 9)], [(0, 5, ())]),
        (5, [Span("a", "stall", 3, 99)], [(0, 3, ()), (3, 5, ("a",))]),
    ],
)
def test_pieces(
    length: int, spans: list[Span], expected: list[tuple[int, int, tuple[str, ...]]]
) -> None:
    got = [(a, b, tuple(s.fid for s in cover)) for a, b, cover in pieces(length, spans)]
    assert got == expected


def test_marks_carry_label_status_anchor_and_tag() -> None:
    out = str(turn_html("Just send me some info.", [Span("m0", "stall", 0, 22, "rejected", "why")]))
    assert '<span class="anchor" id="f-m0"></span>' in out
    assert 'class="hl lab-stall st-rejected"' in out
    assert 'data-tag="stall"' in out and 'title="why"' in out
    assert visible_text(out) == "Just send me some info."


def test_only_the_first_piece_of_a_finding_is_tagged() -> None:
    spans = [Span("a", "stall", 0, 6), Span("b", "giveaway", 4, 10)]
    out = str(turn_html("abcdefghij", spans))
    assert out.count("data-tag=") == 2  # one tag per finding, not per piece
    assert out.count('id="f-a"') == 1 and out.count('id="f-b"') == 1
    assert "multi" in out  # the overlap is marked as such


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "Tom & Jerry's <b>bold</b> offer",
    ],
)
def test_transcript_text_is_escaped_inside_and_outside_marks(text: str) -> None:
    out = str(turn_html(text, [Span("m0", "stall", 1, len(text) - 1, title=text)]))
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert visible_text(out) == text


@given(
    text=st.text(min_size=1, max_size=60),
    raw=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=5),
)
def test_highlighting_never_changes_the_text(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [Span(f"s{i}", "stall", a, b) for i, (a, b) in enumerate(raw)]
    assert visible_text(str(turn_html(text, spans))) == text
