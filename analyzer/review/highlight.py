"""Turn text with its findings highlighted, as safe HTML.

The text is cut at every finding boundary; each piece is escaped on its own
and wrapped in a ``<mark>`` naming the findings that cover it.  Nothing but
escaped transcript text ends up as text nodes: the label tags are drawn by CSS
from a ``data-tag`` attribute and the jump targets are empty ``<span>``
anchors, so the browser's text offsets inside a turn are exactly the
transcript's (the review page relies on that to turn a selection into a span).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from analyzer.model import LABELS


@dataclass(frozen=True, slots=True)
class Span:
    """One finding to highlight: its anchor id, label, characters and review status."""

    fid: str
    label: str
    start: int
    end: int
    status: str = "machine"
    title: str = ""


def pieces(length: int, spans: Sequence[Span]) -> list[tuple[int, int, tuple[Span, ...]]]:
    """``(start, end, covering spans)`` for consecutive pieces of a text of ``length`` chars.

    Spans are clipped to the text; empty or inverted ones are ignored.
    """
    valid = [s for s in spans if 0 <= s.start < length and s.start < s.end]
    cuts = sorted({0, length, *(s.start for s in valid), *(min(s.end, length) for s in valid)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(s for s in valid if s.start <= a and min(s.end, length) >= b)
        out.append((a, b, covering))
    return out


def _label_order(span: Span) -> int:
    return LABELS.index(span.label) if span.label in LABELS else len(LABELS)


def _mark(text: str, covering: tuple[Span, ...], starting: list[Span]) -> Markup:
    main = min(covering, key=_label_order)
    statuses = {s.status for s in covering}
    classes = ["hl", f"lab-{main.label}"]
    if len({s.label for s in covering}) > 1:
        classes.append("multi")
    if statuses == {"rejected"}:
        classes.append("st-rejected")
    elif "added" in statuses:
        classes.append("st-added")
    elif "confirmed" in statuses:
        classes.append("st-confirmed")
    attrs = Markup(' class="{}" data-f="{}"').format(
        " ".join(classes), " ".join(s.fid for s in covering)
    )
    if starting:
        attrs += Markup(' data-tag="{}"').format(" + ".join(s.label for s in starting))
    title = "; ".join(s.title or s.label for s in covering)
    attrs += Markup(' title="{}"').format(title)
    return Markup("<mark{}>{}</mark>").format(attrs, text)


def turn_html(text: str, spans: Sequence[Span]) -> Markup:
    """The turn's text as HTML with every span highlighted (all text escaped)."""
    out = Markup()
    for a, b, covering in pieces(len(text), spans):
        starting = [s for s in covering if s.start == a]
        for s in starting:
            out += Markup('<span class="anchor" id="f-{}"></span>').format(s.fid)
        piece = escape(text[a:b])
        out += _mark(text[a:b], covering, starting) if covering else piece
    return out
