"""commitment: the prospect agrees to a concrete step or decides to buy (labels.md)."""

from __future__ import annotations

import pytest

from .builders import exchange
from .conftest import Run

pytestmark = pytest.mark.slow

# (seller's previous turn or None, prospect's turn, the sentence the finding must quote)
POSITIVES = [
    (None, "Tuesday at two works, send the invite.", "Tuesday at two works, send the invite."),
    (None, "Let's book the demo for the 14th.", "Let's book the demo for the 14th."),
    (None, "I'll bring our CFO to Thursday's call.", "I'll bring our CFO to Thursday's call."),
    (
        None,
        "I'll get you the security questionnaire by Friday.",
        "I'll get you the security questionnaire by Friday.",
    ),
    (
        None,
        "Great call. Send over the contract, I'll sign it this week.",
        "Send over the contract, I'll sign it this week.",
    ),
    (None, "We'll go ahead with the annual plan.", "We'll go ahead with the annual plan."),
    (
        "How about we book the demo for Tuesday at 2?",
        "Yes, let's do that.",
        "Yes, let's do that.",
    ),
    (
        None,
        "I'll run it by my boss at Monday's 9am budget meeting and call you Tuesday.",
        "I'll run it by my boss at Monday's 9am budget meeting and call you Tuesday.",
    ),
    (None, "OK. I'm free Wednesday at 10:30.", "I'm free Wednesday at 10:30."),
    (None, "We can hop on a call tomorrow afternoon.", "We can hop on a call tomorrow afternoon."),
    (None, "My boss will join the demo on the 3rd.", "My boss will join the demo on the 3rd."),
    (None, "We've decided to move forward with you.", "We've decided to move forward with you."),
    (None, "Count us in.", "Count us in."),
    (None, "Honestly? We're ready to sign.", "We're ready to sign."),
    (None, "We just got sign-off from finance.", "We just got sign-off from finance."),
    (None, "The PO is on its way.", "The PO is on its way."),
    (None, "Can you send me the order form?", "Can you send me the order form?"),
    (
        "Does Thursday at 10 work for the follow-up with your team?",
        "Works for me.",
        "Works for me.",
    ),
    (
        None,
        "I'll think it over and get back to you by end of day Friday.",
        "I'll think it over and get back to you by end of day Friday.",
    ),
    (None, "I'll have my boss join the next call.", "I'll have my boss join the next call."),
]

NEAR_MISSES = [
    (None, "Sounds great."),
    (None, "We're definitely interested."),
    (None, "Let's talk again sometime."),
    (None, "Maybe we could look at it at some point."),
    ("Should I send you some case studies?", "Sure, that would be great."),
    ("Shall I give you a call next quarter?", "Yes, let's do that."),
    (None, "Next quarter works better for us."),
    (None, "We're going to go ahead and pass."),
    (None, "I'll get back to you next week."),
    (None, "Send me some info."),
    (None, "What does the contract length look like?"),
    (None, "We signed with Acme three years ago."),
    (None, "Let's do this at some point."),
]


@pytest.mark.parametrize(("previous", "text", "quote"), POSITIVES)
def test_commitment_fires_on_the_driving_sentence(
    run: Run, previous: str | None, text: str, quote: str
) -> None:
    result = run(exchange(previous, text, "prospect"))
    last = 1 if previous else 0
    finding = result.kept_on(last, "commitment")
    assert finding is not None, result.suppressed
    assert finding.quote == quote
    assert finding.rule is not None and finding.rule.startswith("commitment.")
    assert finding.cue and finding.cue in finding.quote
    assert finding.role == "prospect" and finding.source == "rules"
    assert finding.score >= 0.5


@pytest.mark.parametrize(("previous", "text"), NEAR_MISSES)
def test_commitment_near_misses_do_not_fire(run: Run, previous: str | None, text: str) -> None:
    result = run(exchange(previous, text, "prospect"))
    assert result.kept_on(1 if previous else 0, "commitment") is None


@pytest.mark.parametrize("text", [p[1] for p in POSITIVES if p[0] is None][:8])
def test_a_seller_saying_it_is_no_commitment(run: Run, text: str) -> None:
    result = run([("seller", text)])
    assert result.kept_on(0, "commitment") is None
    assert result.suppressed_on(0, "commitment") is None


@pytest.mark.parametrize("text", ["Tuesday at two works.", "We'll go ahead with the annual plan."])
def test_unknown_role_turns_are_never_labelled(run: Run, text: str) -> None:
    result = run([("unknown", text)])
    assert result.kept == [] and result.suppressed == []
