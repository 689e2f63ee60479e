"""stall: the prospect puts off a decision without a concrete next step (labels.md)."""

from __future__ import annotations

import pytest

from .conftest import Run

pytestmark = pytest.mark.slow

# (prospect's turn, the sentence the finding must quote)
POSITIVES = [
    ("Just send me some info.", "Just send me some info."),
    ("Can you put together a proposal?", "Can you put together a proposal?"),
    ("Let me think it over.", "Let me think it over."),
    ("We need to mull it over internally.", "We need to mull it over internally."),
    ("Call me next quarter.", "Call me next quarter."),
    ("Let's circle back after the holidays.", "Let's circle back after the holidays."),
    ("Now's not a good time.", "Now's not a good time."),
    ("I'll run it by my boss.", "I'll run it by my boss."),
    ("I need to talk to the team first.", "I need to talk to the team first."),
    (
        "We're definitely interested, we'll be in touch.",
        "We're definitely interested, we'll be in touch.",
    ),
    ("We're definitely interested.", "We're definitely interested."),
    ("Thanks for the demo. Could you shoot me a one-pager?", "Could you shoot me a one-pager?"),
    ("Ping me in a few weeks.", "Ping me in a few weeks."),
    ("Honestly we're slammed right now with the migration.", None),
    ("Give me a call once Priya is back from leave.", None),
    ("Our VP of Sales would need to approve it.", None),
    ("It's not really my call.", None),
    ("We're still evaluating a couple of other vendors.", None),
    ("I'd love to see a few case studies first.", None),
    ("Reach out again in a couple of months.", None),
    ("Let's revisit this in the new year.", None),
    ("The budget's frozen until next year.", None),
    ("Keep me posted.", None),
    ("I'll review the proposal and get back to you.", None),
    ("Good demo. We'll let you know.", "We'll let you know."),
]

NEAR_MISSES = [
    "Call me Tuesday at 3.",
    "I'll run it by my boss at Monday's 9am budget meeting and call you Tuesday.",
    "Send over the contract.",
    "I'll send you our requirements.",
    "Now is a good time.",
    "We're not interested.",
    "We're interested in how you handle security.",
    "I thought about it and we're in.",
    "I don't want to waste your time.",
    "We need the pricing to be under ten thousand.",
    "What time works for you?",
    "Call me back in five minutes, I'm driving.",
    "We have a lot going on, but this is a priority.",
    "Let me think about it and I'll call you Friday at 10.",
]


@pytest.mark.parametrize(("text", "quote"), POSITIVES)
def test_stall_fires_on_the_driving_sentence(run: Run, text: str, quote: str | None) -> None:
    result = run([("prospect", text)])
    finding = result.kept_on(0, "stall")
    assert finding is not None, result.suppressed
    assert finding.quote == (quote or text)
    assert finding.rule is not None and finding.rule.startswith("stall.")
    assert finding.cue and finding.cue in finding.quote


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_stall_near_misses_do_not_fire(run: Run, text: str) -> None:
    assert run([("prospect", text)]).kept_on(0, "stall") is None


@pytest.mark.parametrize("text", [p[0] for p in POSITIVES][:10])
def test_a_seller_saying_a_stall_phrase_is_no_stall(run: Run, text: str) -> None:
    result = run([("prospect", "Tell me more."), ("seller", text)])
    assert result.kept_on(1, "stall") is None
    assert result.suppressed_on(1, "stall") is None


def test_a_stall_with_a_firm_dated_step_in_the_same_turn_is_a_commitment(run: Run) -> None:
    result = run(
        [("prospect", "I need to talk to my team. Let's meet again Thursday at 3 to decide.")]
    )
    assert result.labels_on(0) == {"commitment"}
    stall = result.suppressed_on(0, "stall")
    assert stall is not None
    assert [a.rule for a in stall.adjustments] == ["context.dated_step@1"]


def test_a_stall_question_is_still_a_stall(run: Run) -> None:
    finding = run([("prospect", "Could you email me the pricing?")]).kept_on(0, "stall")
    assert finding is not None and finding.adjustments == ()
