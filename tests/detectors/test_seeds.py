"""The coaching articles' own examples (shared/seeds) must come out as the articles mean them."""

from __future__ import annotations

import pytest

from analyzer.model import Label, Role

from .builders import Line
from .conftest import Run

pytestmark = pytest.mark.slow

SEED_CASES: list[tuple[list[Line], Role, Label | None]] = [
    # "Sure Mr. Prospect, I'll send you information." after an information request
    (
        [
            ("prospect", "Can you just send me some information?"),
            ("seller", "Sure Mr. Prospect, I'll send you information."),
        ],
        "seller",
        "giveaway",
    ),
    # "They're definitely interested" with no action attached
    ([("prospect", "We're definitely interested.")], "prospect", "stall"),
    # "give me a call once your cousin's ... gets out of the hospital"
    (
        [
            (
                "seller",
                "Sure Ms. Prospect, give me a call once your cousin's college roommate's "
                "dog walker's rabbi gets out of the hospital.",
            )
        ],
        "seller",
        "giveaway",
    ),
    # ... and the prospect's side of that deferral
    (
        [("prospect", "Give me a call once my cousin's college roommate is back in town.")],
        "prospect",
        "stall",
    ),
    (
        [("seller", "Sure Mr. Prospect, let's take a look at cutting the price.")],
        "seller",
        "giveaway",
    ),
    (
        [
            (
                "seller",
                "Sure Ms. Prospect, I'll take as much time as you'd like to run "
                "32 different proposals.",
            )
        ],
        "seller",
        "giveaway",
    ),
    # "I gave them the information they asked for" - waiting, not leading
    (
        [("prospect", "Send me the information."), ("seller", "I'll get that to you.")],
        "seller",
        "giveaway",
    ),
    # "This one should close by the end of the month" said by the rep is no prospect label
    ([("seller", "This one should close by the end of the month.")], "seller", None),
]


@pytest.mark.parametrize(("lines", "role", "label"), SEED_CASES)
def test_seed_examples(run: Run, lines: list[Line], role: Role, label: Label | None) -> None:
    result = run(lines)
    last = len(lines) - 1
    if label is None:
        assert result.labels_on(last) == set()
    else:
        finding = result.kept_on(last, label)
        assert finding is not None, result.suppressed
        assert finding.role == role
