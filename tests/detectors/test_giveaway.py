"""giveaway: the seller gives value, time or control without a commitment back (labels.md)."""

from __future__ import annotations

import pytest

from .builders import exchange
from .conftest import Run

pytestmark = pytest.mark.slow

# (prospect's previous turn or None, seller's turn, the sentence the finding must quote)
POSITIVES = [
    ("Just send me some info.", "Sure, I'll send you some information.", None),
    (
        "Can you put together a proposal?",
        "I'll put together a proposal and get it over to you.",
        None,
    ),
    (None, "Let's take a look at cutting the price.", None),
    (None, "I can knock 20% off.", None),
    (None, "Take as much time as you need.", None),
    (None, "No rush, just call me whenever you're ready.", None),
    ("Call me next quarter.", "Sure, I'll call you next quarter.", None),
    (None, "Just checking in to see if you had a chance to look at it.", None),
    ("Could you email me the deck?", "Absolutely, I'll get that over to you today.", None),
    ("Can you send me a quote?", "Will do.", None),
    ("Ping me in a few weeks.", "Sure, sounds good.", None),
    (None, "I'll throw in onboarding for free.", None),
    (None, "We can waive the setup fee.", None),
    (None, "Whenever works for you is fine.", None),
    (None, "Hi Sam. Any update on the proposal?", "Any update on the proposal?"),
    (None, "I'll wait to hear back from you.", None),
    (None, "I'm happy to extend your trial another month.", None),
    (None, "Let me see what I can do on the price.", None),
]

NEAR_MISSES = [
    ("This looks interesting.", "Should I send you some info?"),
    (None, "Do you want me to put together a proposal?"),
    (None, "How about I send over a few case studies?"),
    ("Tuesday at two works, send the invite.", "Great, I'll send the invite now."),
    (
        "Send me the order form and we'll sign Friday.",
        "Great, I'll send it over with a short deck.",
    ),
    (None, "If you can sign by Friday, I'll throw in onboarding for free."),
    (None, "I'll send the contract you said you'd sign."),
    (None, "Our price includes onboarding and support."),
    (None, "Let me walk you through the pricing."),
    (None, "I'll send the calendar invite for Tuesday at 2."),
    (None, "Did you have any questions about the demo?"),
    (None, "I'm following up with the agenda for Tuesday's call."),
    (
        "Send me some case studies.",
        "Happy to. Before I do, can we set up 20 minutes on Thursday at 2 to go through them?",
    ),
    ("Tuesday at 2 works.", "Sure, sounds good."),
    (None, "I'll call you Tuesday at 10 as agreed."),
]


@pytest.mark.parametrize(("previous", "text", "quote"), POSITIVES)
def test_giveaway_fires_on_the_driving_sentence(
    run: Run, previous: str | None, text: str, quote: str | None
) -> None:
    result = run(exchange(previous, text, "seller"))
    finding = result.kept_on(1 if previous else 0, "giveaway")
    assert finding is not None, result.suppressed
    assert finding.quote == (quote or text)
    assert finding.rule is not None and finding.rule.startswith("giveaway.")
    assert finding.role == "seller"


@pytest.mark.parametrize(("previous", "text"), NEAR_MISSES)
def test_giveaway_near_misses_do_not_fire(run: Run, previous: str | None, text: str) -> None:
    result = run(exchange(previous, text, "seller"))
    assert result.kept_on(1 if previous else 0, "giveaway") is None


@pytest.mark.parametrize("text", [p[1] for p in POSITIVES if p[0] is None][:6])
def test_a_prospect_saying_it_is_no_giveaway(run: Run, text: str) -> None:
    result = run([("prospect", text)])
    assert result.kept_on(0, "giveaway") is None
    assert result.suppressed_on(0, "giveaway") is None


@pytest.mark.parametrize(
    ("previous", "text", "fires"),
    [
        ("Just send me some info.", "Sure, I'll send it over.", True),
        ("We'd like to book the demo for Tuesday at 2.", "Sure, I'll send it over.", False),
        ("Can you email me the deck?", "Sure thing!", True),
        ("Tuesday at two works.", "Sure thing!", False),
    ],
)
def test_agreeing_to_send_depends_on_what_the_prospect_just_asked(
    run: Run, previous: str, text: str, fires: bool
) -> None:
    result = run(exchange(previous, text, "seller"))
    assert (result.kept_on(1, "giveaway") is not None) is fires
