"""The single-file HTML report: self-contained, complete, every link lands, all text escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from review_builders import SALES_CALL, SALES_HITS, report

from analyzer.report.html import render_html

REPORT = report(SALES_CALL, SALES_HITS, decision="no_decision")


class _Refs(HTMLParser):
    """Collects every URL-bearing attribute and every element id."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("src", "href", "action", "srcset", "poster", "data") and value is not None:
                self.urls.append((tag, name, value))


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(REPORT, generated=datetime(2026, 3, 2, tzinfo=UTC))


def test_nothing_is_fetched_from_anywhere(html: str) -> None:
    refs = _Refs()
    refs.feed(html)
    assert "script" not in refs.tags and "link" not in refs.tags and "img" not in refs.tags
    assert all(value.startswith("#") for _, _, value in refs.urls), refs.urls
    assert "url(" not in html and "@import" not in html
    assert re.search(
        r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'", html
    )


def test_every_link_lands_on_an_element(html: str) -> None:
    refs = _Refs()
    refs.feed(html)
    targets = {value[1:] for _, _, value in refs.urls}
    assert targets and targets <= refs.ids
    assert {f"turn-{i}" for i in range(len(SALES_CALL))} <= refs.ids
    assert {f"f-m{i}" for i in range(len(SALES_HITS))} <= targets  # the findings table links each


def test_scores_link_to_their_evidence(html: str) -> None:
    # the decision's evidence quotes the first finding, so clicking the decision lands on it
    assert re.search(r'<a class="big dec-no_decision" href="#f-m0" id="decision-machine">', html)
    assert re.search(r'<a href="#f-m0">steering</a>', html)  # a led_by component with evidence
    assert re.search(r"<td>agenda</td>", html)  # one without evidence is not a link


def test_report_shows_findings_next_step_and_metrics(html: str) -> None:
    for n, (label, turn, quote) in enumerate(SALES_HITS):
        assert f'data-tag="{label}"' in html and quote.replace("'", "&#39;") in html
        assert f'data-fid="m{n}" data-label="{label}" data-turn="{turn}"' in html
    assert "none agreed" in html  # no next step in this call
    assert "talk ratio" in html and "questions asked" in html
    assert "<form" not in html and "csrf" not in html  # read-only: no coach controls


def test_next_step_links_to_its_turn() -> None:
    rep = {
        **REPORT,
        "next_step": {
            "text": "Demo on the 14th",
            "owner": "Sam",
            "due": "2026-03-14",
            "due_text": "the 14th",
            "turn": 3,
        },
    }
    out = render_html(rep)
    assert '<a href="#turn-3">&ldquo;Demo on the 14th&rdquo;</a>' in out and "2026-03-14" in out


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", "</style><script>x()</script>", "<!--"]
)
def test_transcript_markup_is_text(payload: str) -> None:
    turns = [("Dana", "seller", f"I'll send it {payload} tonight."), ("Sam", "prospect", payload)]
    out = render_html(
        report(turns, [("giveaway", 0, f"I'll send it {payload} tonight.")], source=payload)
    )
    assert payload not in out
    assert out.count("<script") == 0 and out.count("</style>") == 1
