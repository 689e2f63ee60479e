"""lead(): who led, from signed components; talk share is not leading."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from analyzer.detectors.base import CallContext
from analyzer.model import Finding, Label, LedBy
from analyzer.nlp import NLP
from analyzer.scoring import compute_metrics, lead
from analyzer.scoring.leadership import EVEN, WEIGHTS

from .builders import Row, finding, make_call, prospect, seller

pytestmark = pytest.mark.slow

WED = dt.date(2026, 3, 4)

Marks = list[tuple[int, Label, str | None]]


def _lead(nlp: NLP, rows: list[Row], marks: Marks) -> tuple[LedBy, CallContext]:
    call = make_call(nlp, rows, date=WED)
    findings = [finding(call, turn, label, quote) for turn, label, quote in marks]
    return lead(call, findings), call


def _points(led: LedBy) -> dict[str, float]:
    return {c.name: c.points for c in led.components}


# The seller says little but leads: frames the call, qualifies, proposes a dated step.
SELLER_LEADS: list[Row] = [
    seller("The goal for today is to see if there's a fit. What's driving this?", 0, 6),
    prospect(
        "Our month-end close takes twelve days, the auditors keep finding mistakes in the "
        "spreadsheets, and the CFO has asked us to fix it before the next audit cycle starts.",
        6,
        40,
    ),
    seller("What budget have you set aside?", 41, 44),
    prospect(
        "We have about sixty thousand approved for this year, mostly from the finance "
        "transformation program, though procurement will want to see a couple of quotes.",
        44,
        70,
    ),
    seller("Who else signs off?", 71, 73),
    prospect(
        "The CFO signs off, and IT security has to review any new vendor before we can "
        "connect it to the ERP, which usually takes a couple of weeks on their side.",
        73,
        100,
    ),
    seller("How about a demo with your CFO next Tuesday at 2?", 101, 105),
    prospect(
        "Yes, that works. I'll bring our CFO and someone from IT security so they can ask "
        "their questions directly.",
        105,
        120,
    ),
]
SELLER_LEADS_MARKS: Marks = [(7, "commitment", None)]

# The prospect says little but leads: sets the time and the process; the seller complies.
PROSPECT_LEADS: list[Row] = [
    prospect("I've only got ten minutes. Send me your deck and pricing.", 0, 5),
    seller(
        "Sure, absolutely, I'll send over the deck and the full pricing sheet right after "
        "this call, and I'll include a couple of case studies from companies like yours, a "
        "sample implementation plan, and the security documentation as well.",
        5,
        40,
    ),
    prospect("We'll be in touch.", 40, 42),
    seller(
        "Great, no rush at all, take as much time as you need, and just call me whenever "
        "you're ready; I'm happy to answer anything that comes up in the meantime.",
        42,
        60,
    ),
]
PROSPECT_LEADS_MARKS: Marks = [
    (0, "stall", "Send me your deck and pricing."),
    (1, "giveaway", None),
    (2, "stall", None),
    (3, "giveaway", None),
]


@pytest.mark.parametrize(
    ("rows", "marks", "value", "talker"),
    [
        pytest.param(SELLER_LEADS, SELLER_LEADS_MARKS, "seller", "prospect", id="seller-leads"),
        pytest.param(
            PROSPECT_LEADS, PROSPECT_LEADS_MARKS, "prospect", "seller", id="prospect-leads"
        ),
    ],
)
def test_leading_is_not_talking(
    nlp: NLP, rows: list[Row], marks: Marks, value: str, talker: str
) -> None:
    led, call = _lead(nlp, rows, marks)
    metrics = compute_metrics(call.transcript)
    talk = metrics.seller if talker == "seller" else metrics.prospect
    assert talk.talk_ratio > 0.5  # the other side talked more...
    assert led.value == value  # ...and still did not lead
    assert (led.score >= EVEN) is (value == "seller")
    assert "talk" not in {c.name for c in led.components}


def test_seller_led_components(nlp: NLP) -> None:
    led, _ = _lead(nlp, SELLER_LEADS, SELLER_LEADS_MARKS)
    points = _points(led)
    assert points["agenda"] > 0
    assert points["steering"] > 0
    assert points["next_step"] == WEIGHTS["next_step"].points["accepted_dated"]
    assert points["giveaways"] == points["stalls"] == points["chasing"] == 0


def test_prospect_led_components(nlp: NLP) -> None:
    led, _ = _lead(nlp, PROSPECT_LEADS, PROSPECT_LEADS_MARKS)
    points = _points(led)
    assert points["agenda"] < 0
    assert points["steering"] < 0  # a demand
    assert points["next_step"] < 0  # the prospect set the process, the seller complied
    assert points["giveaways"] == 2 * WEIGHTS["giveaways"].points["each"]
    assert points["stalls"] < 0


def test_score_is_fifty_plus_points_clamped(nlp: NLP) -> None:
    for rows, marks in ((SELLER_LEADS, SELLER_LEADS_MARKS), (PROSPECT_LEADS, PROSPECT_LEADS_MARKS)):
        led, _ = _lead(nlp, rows, marks)
        raw = EVEN + sum(c.points for c in led.components)
        assert led.score == max(0, min(100, math.floor(raw + 0.5)))
        for component in led.components:
            assert abs(component.points) <= WEIGHTS[component.name].cap
            assert component.detail.endswith(".")


def test_even_call_is_fifty_and_seller(nlp: NLP) -> None:
    led, _ = _lead(nlp, [seller("Hello."), prospect("Hi.")], [])
    assert (led.score, led.value) == (EVEN, "seller")
    assert all(c.points == 0 for c in led.components)


GIVEAWAY_CALL: list[Row] = [
    prospect("Can you put together a proposal?"),
    seller("Sure, I'll put together a proposal."),
    prospect("And a discount would help."),
    seller("I can knock 20% off."),
    prospect("And some case studies."),
    seller("I'll send you some case studies."),
]


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_each_giveaway_moves_the_score_towards_the_prospect(nlp: NLP, count: int) -> None:
    marks: Marks = [(turn, "giveaway", None) for turn in (1, 3, 5)[:count]]
    led, _ = _lead(nlp, GIVEAWAY_CALL, marks)
    fewer, _ = _lead(nlp, GIVEAWAY_CALL, marks[:-1]) if count else (led, None)
    assert _points(led)["giveaways"] == count * WEIGHTS["giveaways"].points["each"]
    if count:
        assert led.score < fewer.score
    assert len(next(c for c in led.components if c.name == "giveaways").evidence) == count


@pytest.mark.parametrize(
    ("reply", "giveaway", "sign"),
    [
        pytest.param("Sure, I'll send some info.", True, -1, id="answered-with-giveaway"),
        pytest.param("What would you need to see to decide?", False, 1, id="challenged"),
        pytest.param("Happy to. What's holding you back?", True, -1, id="question-plus-giveaway"),
        pytest.param(
            "I'd suggest we put fifteen minutes on the calendar for Tuesday.",
            False,
            1,
            id="counter-proposal",
        ),
        pytest.param("got it when is the board meeting", False, 1, id="unpunctuated-question"),
        pytest.param(
            "makes sense when in the fall are you thinking", False, 1, id="unpunctuated-inner-q"
        ),
        # Acknowledging and carrying on is neither giving way nor pushing back (E27, E41: the
        # seller accepts a stall by giving way to it).
        pytest.param("Okay, sounds good.", False, 0, id="acknowledged"),
        pytest.param("got it that makes sense", False, 0, id="unpunctuated-statement"),
        pytest.param(
            "Fair enough. I'll start with invoice capture.", False, 0, id="carries-on-with-agenda"
        ),
    ],
)
def test_stall_replies(nlp: NLP, reply: str, giveaway: bool, sign: int) -> None:
    rows = [seller("So where do you land?"), prospect("Let me think it over."), seller(reply)]
    marks: Marks = [(1, "stall", None)]
    if giveaway:
        marks.append((2, "giveaway", None))
    led, _ = _lead(nlp, rows, marks)
    points = _points(led)["stalls"]
    assert (points > 0) - (points < 0) == sign
    stalls = next(c for c in led.components if c.name == "stalls")
    assert {ref.turn for ref in stalls.evidence} == ({1, 2} if sign else set())


@pytest.mark.parametrize(
    ("text", "giveaway", "chasing"),
    [
        pytest.param(
            "Just checking in to see if you had a chance to look.", False, -8.0, id="chase"
        ),
        pytest.param("Did you get a chance to review the proposal?", False, -8.0, id="chase-q"),
        pytest.param(
            "Just checking in on the proposal.", True, 0.0, id="chase-counted-as-giveaway"
        ),
        pytest.param("Just to check: what's your timeline?", False, 0.0, id="near-miss"),
    ],
)
def test_chasing(nlp: NLP, text: str, giveaway: bool, chasing: float) -> None:
    rows = [seller(text), prospect("Not yet.")]
    led, _ = _lead(nlp, rows, [(0, "giveaway", None)] if giveaway else [])
    assert _points(led)["chasing"] == chasing * -WEIGHTS["chasing"].points["each"] / 8.0


@pytest.mark.parametrize(
    ("rows", "agenda"),
    [
        pytest.param(
            [seller("Here's what I'd suggest we cover today."), prospect("Sure.")],
            10.0,
            id="seller-frames",
        ),
        pytest.param(
            [prospect("Let's keep this short, I have a hard stop."), seller("Of course.")],
            -10.0,
            id="prospect-frames",
        ),
        # When both sides frame the meeting, the later framing is the one the call follows.
        pytest.param(
            [
                seller("The goal for today is to map your process."),
                prospect("I only have fifteen minutes."),
            ],
            -10.0,
            id="prospect-reframes-last",
        ),
        pytest.param(
            [
                seller("So, I put together an agenda for today."),
                prospect("Before you do that. I'd like to set the agenda a little differently."),
                seller("Oh, sure, of course. Go ahead."),
            ],
            -10.0,
            id="prospect-replaces-the-agenda",
        ),
        pytest.param(
            [
                prospect("I've only got fifteen minutes."),
                seller("Great, I'll keep us inside that. What I'd like to do is map your process."),
            ],
            10.0,
            id="seller-plans-inside-the-time-limit",
        ),
        pytest.param(
            [seller("Today's goal is a deeper look at your workflow."), prospect("Right.")],
            10.0,
            id="todays-goal",
        ),
        pytest.param(
            [seller("I wanted to use today to close out the three open items."), prospect("Ok.")],
            10.0,
            id="use-today-to",
        ),
        pytest.param(
            [seller("Can I have thirty seconds, then you decide?"), prospect("Go.")],
            10.0,
            id="cold-call-terms",
        ),
        pytest.param(
            [
                seller("Hi Aiden, thanks for the time."),
                prospect("Let me tell you how I want to use this. I've got twelve questions."),
                seller("Perfect."),
            ],
            -10.0,
            id="prospect-sets-the-format",
        ),
        pytest.param(
            [seller("How was the weekend?"), prospect("Good, what did you want to cover?")],
            0.0,
            id="near-miss-no-framing",
        ),
        pytest.param(
            [seller("Thanks for the time."), prospect("Sure.")] * 3
            + [seller("The goal for today is to map your process.")],
            0.0,
            id="too-late-to-frame",
        ),
    ],
)
def test_agenda(nlp: NLP, rows: list[Row], agenda: float) -> None:
    led, _ = _lead(nlp, rows, [])
    assert _points(led)["agenda"] == agenda


def test_unanswered_and_unprompted_steps(nlp: NLP) -> None:
    unanswered, _ = _lead(
        nlp, [seller("Could we meet again on the 12th?"), prospect("Let me check.")], []
    )
    assert _points(unanswered)["next_step"] == WEIGHTS["next_step"].points["unanswered"]
    rows = [seller("Anything else?"), prospect("Let's book the demo for the 14th.")]
    unprompted, _ = _lead(nlp, rows, [(1, "commitment", None)])
    assert _points(unprompted)["next_step"] == WEIGHTS["next_step"].points["prospect_set"]


@pytest.mark.parametrize(
    ("ask", "reply", "event"),
    [
        pytest.param(
            "So if Gordon's good with it, what's the timing on a PO?",
            "I'll get you a PO for all forty-five trucks by Friday the 13th.",
            "accepted_dated",
            id="timing-question-answered-with-dated-step",
        ),
        pytest.param(
            "When would you see Gordon?",
            "I'll take it to him at the ops meeting.",
            "accepted_undated",
            id="question-answered-with-undated-step",
        ),
        pytest.param(
            "Does the dashboard look clear to you?",
            "Let's book the demo for the 14th.",
            "prospect_set",
            id="near-miss-question-not-about-a-step",
        ),
        pytest.param(
            "The dashboard shows the idle time.",
            "Let's book the demo for the 14th.",
            "prospect_set",
            id="near-miss-no-question",
        ),
    ],
)
def test_a_step_the_seller_asked_for_is_seller_led(
    nlp: NLP, ask: str, reply: str, event: str
) -> None:
    led, _ = _lead(nlp, [seller(ask), prospect(reply)], [(1, "commitment", None)])
    assert _points(led)["next_step"] == WEIGHTS["next_step"].points[event]


@pytest.mark.parametrize(
    ("said", "complied"),
    [
        pytest.param("Laura will reach out when we're ready.", True, id="sets-the-pace"),
        pytest.param("Let me reach out to you after the holidays.", True, id="let-me-reach-out"),
        pytest.param("I'll call you Wednesday afternoon either way.", False, id="dated-call-back"),
    ],
)
def test_the_prospect_setting_the_process(nlp: NLP, said: str, complied: bool) -> None:
    rows = [seller("Where does that leave us?"), prospect(said), seller("Sounds good.")]
    led, _ = _lead(nlp, rows, [])
    expected = WEIGHTS["next_step"].points["process_complied"] if complied else 0.0
    assert _points(led)["next_step"] == expected


def test_extreme_calls_are_clamped(nlp: NLP) -> None:
    rows: list[Row] = [prospect("I only have ten minutes. Send me the pricing.")]
    marks: Marks = [(0, "stall", "Send me the pricing.")]
    for i in range(5):
        rows.append(seller("Sure, no rush, I'll send everything over and you take your time."))
        marks.append((len(rows) - 1, "giveaway", None))
        rows.append(prospect("Let me think about it."))
        marks.append((len(rows) - 1, "stall", None))
        rows.append(seller(f"Just checking in on the pricing, number {i}."))
        rows.append(prospect("Still thinking."))
    led, _ = _lead(nlp, rows, marks)
    assert (led.score, led.value) == (0, "prospect")


def test_weights_table_is_consistent() -> None:
    for name, weights in WEIGHTS.items():
        assert weights.cap > 0, name
        for event, points in weights.points.items():
            assert points != 0 and abs(points) <= weights.cap, (name, event)
    assert all(p < 0 for p in WEIGHTS["giveaways"].points.values())
    assert all(p < 0 for p in WEIGHTS["chasing"].points.values())


def test_findings_are_only_read_not_required(nlp: NLP) -> None:
    rows = [seller("What's your timeline?"), prospect("Q3.")]
    call = make_call(nlp, rows, date=WED)
    findings: list[Finding] = []
    assert lead(call, findings) == lead(call, tuple(findings))
