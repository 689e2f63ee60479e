"""The context pass weakens findings and says why; it never deletes them."""

from __future__ import annotations

import pytest

from analyzer.model import Label, Role

from .builders import exchange
from .conftest import Run

pytestmark = pytest.mark.slow

# (role, previous turn, text, label whose finding is suppressed, the context rule that did it)
SUPPRESSED = [
    # negation
    ("prospect", None, "I won't need to think about it.", "stall", "negation"),
    ("prospect", None, "We're not going with another vendor.", "decline", "negation"),
    ("prospect", None, "No need to send me anything.", "stall", "negation"),
    ("prospect", None, "We never asked you to call us next quarter.", "stall", "negation"),
    # hypotheticals and conditionals
    (
        "prospect",
        None,
        "If we decide to go ahead, we'll sign next week.",
        "commitment",
        "hypothetical",
    ),
    (
        "prospect",
        None,
        "If we were to move forward, I'd need to run it by my boss.",
        "stall",
        "hypothetical",
    ),
    (
        "prospect",
        None,
        "Would you be able to book it for Thursday at 10?",
        "commitment",
        "hypothetical",
    ),
    ("prospect", None, "If it's not a fit, we'll tell you.", "decline", "hypothetical"),
    ("prospect", None, "Maybe we can do Tuesday at 2.", "commitment", "hedge"),
    # questions
    ("seller", "This looks interesting.", "Should I send you some info?", "giveaway", "question"),
    ("seller", None, "Want me to put together a proposal for you?", "giveaway", "question"),
    # "X, but Y": what follows "but" dominates
    (
        "prospect",
        None,
        "I'd love to think about it but let's just book Tuesday.",
        "stall",
        "termination",
    ),
    (
        "prospect",
        None,
        "Tuesday works, but let me check with my boss first.",
        "commitment",
        "termination",
    ),
    (
        "prospect",
        None,
        "We're definitely interested, but we're going with another vendor.",
        "stall",
        "termination",
    ),
    (
        "prospect",
        "Does Thursday at 10 work?",
        "Sure. But I need to talk to my team first.",
        "commitment",
        "termination",
    ),
    # reported speech about others
    ("seller", None, "My last vendor said 'take your time'.", "giveaway", "reported_speech"),
    # a dated step attached to the offer
    (
        "seller",
        None,
        "There's no rush on our side, but we need a decision by Friday.",
        "giveaway",
        "dated_step",
    ),
    (
        "prospect",
        None,
        "Someone told me we should go with another vendor.",
        "decline",
        "reported_speech",
    ),
    # trades are not giveaways
    (
        "seller",
        None,
        "If you can sign by Friday, I'll throw in onboarding for free.",
        "giveaway",
        "trade",
    ),
    (
        "seller",
        None,
        "If you commit to a two-year term, I can knock 10% off.",
        "giveaway",
        "trade",
    ),
    (
        "seller",
        "We'll go ahead with the annual plan, send me the order form and the deck.",
        "Great, I'll send the deck over too.",
        "giveaway",
        "fulfils_commitment",
    ),
]


@pytest.mark.parametrize(("role", "previous", "text", "label", "modifier"), SUPPRESSED)
def test_context_suppresses_and_explains(
    run: Run,
    role: Role,
    previous: str | None,
    text: str,
    label: Label,
    modifier: str,
) -> None:
    result = run(exchange(previous, text, role))
    last = 1 if previous else 0
    assert result.kept_on(last, label) is None
    finding = result.suppressed_on(last, label)
    assert finding is not None, "context must suppress, not delete"
    assert finding.score < 0.5 <= finding.raw_score
    assert f"context.{modifier}@1" in [a.rule for a in finding.adjustments]
    assert all(a.reason for a in finding.adjustments)
    product = finding.raw_score
    for adjustment in finding.adjustments:
        product *= adjustment.factor
    assert finding.score == pytest.approx(product, abs=1e-3)


@pytest.mark.parametrize(
    ("role", "previous", "text", "label", "modifier"),
    [
        (
            "prospect",
            None,
            "We've decided against it. If something changes down the road I'll reach out.",
            "stall",
            "declined",
        ),
        (
            "prospect",
            None,
            "If they're happy with the rostering fix, we'll sign.",
            "commitment",
            "hypothetical",
        ),
        (
            "prospect",
            None,
            "Fifteen percent off or we go with the other guys.",
            "decline",
            "hypothetical",
        ),
        (
            "seller",
            None,
            "If you can get the signed letter to me by Friday, I'll waive the fee.",
            "giveaway",
            "trade",
        ),
    ],
)
def test_more_context_that_suppresses(
    run: Run, role: Role, previous: str | None, text: str, label: Label, modifier: str
) -> None:
    test_context_suppresses_and_explains(run, role, previous, text, label, modifier)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a dated condition keeps the commitment (labeling guide E3)
        ("If the reference checks out Monday, we'll sign Wednesday.", {"commitment"}),
        # a stall about a side item survives a commitment on the deal (E43)
        (
            "Let me think about the premium tier. But yes, book the security review "
            "with our IT lead for Wednesday at three.",
            {"commitment", "stall"},
        ),
        # a stall with a firm dated step in the same turn is that commitment
        ("I'll run it by my boss and call you Tuesday at 10.", {"commitment"}),
    ],
)
def test_turn_level_context(run: Run, text: str, kept: set[str]) -> None:
    assert run([("prospect", text)]).labels_on(0) == kept


# The "but" cases keep the label that follows "but".
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Sounds great, but let me think about it.", {"stall"}),
        ("I'd love to think about it but let's just book Tuesday.", {"commitment"}),
        ("Tuesday works, but let me check with my boss first.", {"stall"}),
        ("We're definitely interested, but we're going with another vendor.", {"decline"}),
        ("No budget this year, but call me in the spring.", {"stall"}),
    ],
)
def test_what_follows_but_dominates(run: Run, text: str, kept: set[str]) -> None:
    assert run([("prospect", text)]).labels_on(0) == kept


# Near misses of the modifiers themselves: the finding stays, unadjusted.
@pytest.mark.parametrize(
    ("role", "previous", "text", "label"),
    [
        ("seller", "Just send me some info.", "No problem, I'll send it over.", "giveaway"),
        ("prospect", None, "Why don't you put something in writing.", "stall"),
        ("prospect", None, "No, let me think about it.", "stall"),
        ("prospect", None, "Could you email me the pricing?", "stall"),
        ("prospect", None, "Our CFO said we're not moving forward.", "decline"),
        ("seller", None, "My manager said we can do 15% off.", "giveaway"),
        (
            "prospect",
            None,
            "If you can send the contract today, I'll sign it tomorrow.",
            "commitment",
        ),
        (
            "seller",
            None,
            "Just checking in, did you get a chance to look at the proposal?",
            "giveaway",
        ),
    ],
)
def test_modifier_near_misses_leave_the_finding_alone(
    run: Run, role: Role, previous: str | None, text: str, label: Label
) -> None:
    result = run(exchange(previous, text, role))
    finding = result.kept_on(1 if previous else 0, label)
    assert finding is not None, result.suppressed
    assert finding.adjustments == ()
    assert finding.score == finding.raw_score
