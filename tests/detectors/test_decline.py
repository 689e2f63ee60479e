"""decline: a clear no from the prospect (labels.md)."""

from __future__ import annotations

import pytest

from .conftest import Run

pytestmark = pytest.mark.slow

# (prospect's turn, the sentence the finding must quote; None = the whole turn)
POSITIVES = [
    ("We've decided to go with another vendor.", None),
    ("This isn't a fit for us.", None),
    ("We're not moving forward this year.", None),
    ("Thanks for your time. We're going to pass.", "We're going to pass."),
    ("Please take us off your list.", None),
    ("We went with one of your competitors.", None),
    ("We're going to stick with what we have.", None),
    ("I don't think it's the right fit.", None),
    ("It's just not for us.", None),
    ("We'll pass on this one, thanks.", None),
    ("Stop calling me.", None),
    ("We've decided not to renew.", None),
    ("We're cancelling the pilot.", None),
    ("There's no budget for this at all.", None),
    ("We'll build it in-house.", None),
    ("Our CFO said we're not moving forward.", None),
]

NEAR_MISSES = [
    "We're not going with another vendor.",
    "We're moving forward.",
    "This is a great fit.",
    "I'll pass it along to the team.",
    "We're comparing you with another vendor.",
    "We looked at another vendor last year but it didn't work out.",
    "Our current provider is too expensive.",
    "There's no budget for this until next year.",
    "We're not going to sign until legal reviews it.",
    "If it's not a fit, we'll tell you.",
    "We'll probably go with another vendor.",
    "That's not a problem for us.",
    "Don't call me before noon.",
]


@pytest.mark.parametrize(("text", "quote"), POSITIVES)
def test_decline_fires_on_the_driving_sentence(run: Run, text: str, quote: str | None) -> None:
    result = run([("prospect", text)])
    finding = result.kept_on(0, "decline")
    assert finding is not None, result.suppressed
    assert finding.quote == (quote or text)
    assert finding.rule is not None and finding.rule.startswith("decline.")


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_decline_near_misses_do_not_fire(run: Run, text: str) -> None:
    assert run([("prospect", text)]).kept_on(0, "decline") is None


@pytest.mark.parametrize("text", [p[0] for p in POSITIVES][:6])
def test_a_seller_saying_it_is_no_decline(run: Run, text: str) -> None:
    result = run([("seller", text)])
    assert result.kept_on(0, "decline") is None
    assert result.suppressed_on(0, "decline") is None


def test_a_decline_is_not_also_a_stall(run: Run) -> None:
    assert run([("prospect", "We're not moving forward this year.")]).labels_on(0) == {"decline"}
