"""Who led the call: a 0-100 score built from signed, explainable components.

50 is even; above it the seller led, below it the prospect did, and the call
is ``seller``-led at 50 or more.  Each component is a
:class:`~analyzer.model.LedByComponent` with its points (positive: the
seller led on it), a sentence a coach can read, and the quotes behind it.
The score is ``50 + sum(points)`` clamped to 0-100.  Talk share is *not* a
component (labels.md: talking more is not leading); it is in the metrics.

All weights and caps live in :data:`WEIGHTS`:

==========  =============================================================  ======
component   event (points each)                                             cap
==========  =============================================================  ======
agenda      the side whose framing of purpose, agenda, time or terms the    +-10
            call follows (+10 seller, -10 prospect): when both frame it
            in the first third of the turns, the later framing wins (a
            prospect who replaces the seller's agenda holds it, E52)
steering    seller qualifying question on need, budget, timeline or         +-15
            decision process, or asking for the answer (+2), other open
            seller question (+1.5), prospect question (-1.5), prospect
            demand for work, information or price (-3)
next_step   the prospect commits to a dated step the seller proposed or     +-25
            asked for ("what's the timing on a PO?") (+20), to an undated
            one (+10); the seller proposes a dated step the prospect does
            not take (+5); the prospect sets its own step unprompted (-5);
            the prospect sets the process ("send it over and we'll get
            back to you", "Laura will reach out when we're ready") and the
            seller complies (-15); each event counts once
giveaways   each giveaway finding on a seller turn (-5)                    -20
stalls      a stall the seller answers with a giveaway (-5: accepting it,   +-15
            E27, E41); one the seller pushes back on with a question or a
            counter-proposal (+3); any other reply (acknowledging and
            carrying on with the agenda) counts 0
chasing     each seller turn that chases ("just checking in") and is not    -16
            already a giveaway (-8)
==========  =============================================================  ======
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from analyzer.detectors.base import CallContext
from analyzer.model import EvidenceRef, Finding, LedBy, LedByComponent, Role
from analyzer.scoring.acts import prospect_findings
from analyzer.scoring.cues import ScoringCues, load_cues
from analyzer.scoring.next_step import (
    Agreement,
    Proposal,
    find_agreements,
    find_proposals,
    specific_date,
)
from analyzer.scoring.questions import is_open_question, is_punctuated, is_question
from analyzer.scoring.spans import SentenceSpan, covering, evidence, sentences

__all__ = ["EVEN", "WEIGHTS", "ComponentWeights", "lead"]

#: The score of an even call; ``seller`` from here up.
EVEN: Final = 50


@dataclass(frozen=True, slots=True)
class ComponentWeights:
    """Points per event and the cap on a component's total (either sign)."""

    cap: float
    points: dict[str, float]


#: The one table of weights (see the module docstring for what each means).
WEIGHTS: Final[dict[str, ComponentWeights]] = {
    "agenda": ComponentWeights(10.0, {"seller": 10.0, "prospect": -10.0}),
    "steering": ComponentWeights(
        15.0,
        # Two points a qualifying question: a seller who asks many clarifying questions while
        # the prospect runs the process should not reach the cap on volume alone.
        {"qualifying": 2.0, "open": 1.5, "prospect_question": -1.5, "prospect_demand": -3.0},
    ),
    "next_step": ComponentWeights(
        25.0,
        {
            "accepted_dated": 20.0,
            "accepted_undated": 10.0,
            "unanswered": 5.0,
            "prospect_set": -5.0,
            "process_complied": -15.0,
        },
    ),
    "giveaways": ComponentWeights(20.0, {"each": -5.0}),
    "stalls": ComponentWeights(15.0, {"accepted": -5.0, "challenged": 3.0}),
    "chasing": ComponentWeights(16.0, {"each": -8.0}),
}

#: Evidence quoted per component, so a report stays readable.
_MAX_EVIDENCE = 6
_QUALIFY_GROUPS = {
    "qualify_need": "need",
    "qualify_budget": "budget",
    "qualify_timeline": "timeline",
    "qualify_decision": "decision process",
}


def _capped(name: str, total: float) -> float:
    cap = WEIGHTS[name].cap
    return max(-cap, min(cap, total)) + 0.0  # + 0.0 turns -0.0 into 0.0 for reports


def _points(name: str, event: str) -> float:
    return WEIGHTS[name].points[event]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What several components share, computed once per call."""

    call: CallContext
    findings: tuple[Finding, ...]
    cues: ScoringCues
    proposals: tuple[Proposal, ...]
    agreements: tuple[Agreement, ...]

    def sentences_of(self, role: Role) -> list[SentenceSpan]:
        return [
            sent
            for turn in self.call.turns
            if turn.role == role
            for sent in sentences(self.call, turn.index)
        ]

    def question(self, sent: SentenceSpan) -> bool:
        text = self.call.turns[sent.turn].text
        return is_question(sent.text, punctuated=is_punctuated(text))

    def giveaway_turns(self) -> set[int]:
        return {
            f.turn
            for f in self.findings
            if f.label == "giveaway" and self.call.turns[f.turn].role == "seller"
        }


# --------------------------------------------------------------------------- components


def _frames(data: _Inputs, sent: SentenceSpan) -> bool:
    own = "agenda_seller" if sent.role == "seller" else "agenda_prospect"
    return bool(data.cues.first(own, sent.text) or data.cues.first("agenda_any", sent.text))


def _agenda(data: _Inputs) -> LedByComponent:
    early = max(4, math.ceil(len(data.call.turns) / 3))
    framed: dict[Role, SentenceSpan] = {}
    for turn in data.call.turns[:early]:
        if turn.role not in ("seller", "prospect") or turn.role in framed:
            continue
        for sent in sentences(data.call, turn.index):
            if _frames(data, sent):
                framed[turn.role] = sent
                break
    if not framed:
        return LedByComponent(
            "agenda", 0.0, "Nobody framed the meeting's purpose, agenda or time early on."
        )
    # When both sides frame the meeting, the later framing is the one the call follows:
    # a prospect who replaces the seller's agenda holds it (labeling.md E52), and a seller
    # who lays out a plan inside the prospect's time limit holds it.
    holder = max(framed, key=lambda role: (framed[role].turn, framed[role].start))
    points = _capped("agenda", _points("agenda", holder))
    if len(framed) == 2:
        other: Role = "prospect" if holder == "seller" else "seller"
        detail = (
            f"Both sides framed the meeting; the {holder} had the last word on it (turn "
            f"{framed[holder].turn}, after the {other} at turn {framed[other].turn})."
        )
    else:
        detail = (
            f"The {holder} framed the meeting's purpose, agenda or time at turn "
            f"{framed[holder].turn}."
        )
    refs = tuple(
        evidence(data.call, sent, f"{role} frames the meeting", "agenda")
        for role, sent in sorted(framed.items(), key=lambda item: item[1].turn)
    )
    return LedByComponent("agenda", points, detail, refs)


def _steering(data: _Inputs) -> LedByComponent:
    chasing_turns = {
        s.turn for s in data.sentences_of("seller") if data.cues.first("chasing", s.text)
    }
    proposal_spans = {(p.sentence.turn, p.sentence.start) for p in data.proposals if p.dated}
    qualifying: list[tuple[SentenceSpan, list[str]]] = []
    open_questions: list[SentenceSpan] = []
    for sent in data.sentences_of("seller"):
        if not data.question(sent) or sent.turn in chasing_turns:
            continue
        if (sent.turn, sent.start) in proposal_spans:
            continue  # asking for a dated next step is scored under next_step
        topics = [
            topic for group, topic in _QUALIFY_GROUPS.items() if data.cues.first(group, sent.text)
        ]
        if topics:
            qualifying.append((sent, topics))
        elif is_open_question(sent.text):
            open_questions.append(sent)
    demands: list[SentenceSpan] = []
    prospect_questions: list[SentenceSpan] = []
    for sent in data.sentences_of("prospect"):
        if data.cues.first("demand", sent.text):
            demands.append(sent)
        elif data.question(sent):
            prospect_questions.append(sent)

    total = (
        len(qualifying) * _points("steering", "qualifying")
        + len(open_questions) * _points("steering", "open")
        + len(prospect_questions) * _points("steering", "prospect_question")
        + len(demands) * _points("steering", "prospect_demand")
    )
    topics_asked = sorted({t for _, ts in qualifying for t in ts})
    detail = (
        f"The seller asked {_plural(len(qualifying), 'qualifying question')}"
        + (f" ({', '.join(topics_asked)})" if topics_asked else "")
        + f" and {_plural(len(open_questions), 'other open question')}; the prospect asked "
        f"{_plural(len(prospect_questions), 'question')} and made "
        f"{_plural(len(demands), 'demand')}."
    )
    refs = [
        evidence(data.call, s, f"seller qualifies: {', '.join(ts)}", "question")
        for s, ts in qualifying
    ]
    refs += [evidence(data.call, s, "prospect demands", "demand") for s in demands]
    refs += [evidence(data.call, s, "seller open question", "question") for s in open_questions]
    return LedByComponent(
        "steering", _capped("steering", total), detail, tuple(refs[:_MAX_EVIDENCE])
    )


def _reply_turn(call: CallContext, turn: int) -> int | None:
    """The seller turn that answers a prospect turn: the next turn of a known side."""
    for later in call.turns[turn + 1 :]:
        if later.role == "prospect":
            return None
        if later.role == "seller":
            return later.index
    return None


def _pushes_back(data: _Inputs, turn: int) -> bool:
    """Whether a seller turn asks something back or counter-proposes a step."""
    if any(p.sentence.turn == turn for p in data.proposals):
        return True
    return any(data.question(s) for s in sentences(data.call, turn))


def _process_complied(data: _Inputs) -> tuple[SentenceSpan, int] | None:
    """The last time the prospect set the process and the seller went along."""
    commitments = prospect_findings(data.call, data.findings, "commitment")
    giveaways = data.giveaway_turns()
    found: tuple[SentenceSpan, int] | None = None
    for sent in data.sentences_of("prospect"):
        if any(
            f.turn == sent.turn and f.start_char < sent.end and sent.start < f.end_char
            for f in commitments
        ):
            continue
        if data.question(sent) or not data.cues.first("prospect_process", sent.text):
            continue
        if specific_date(data.call, sent) is not None:
            continue  # "I'll call you Wednesday afternoon" is a dated step, not "we'll be in touch"
        reply = _reply_turn(data.call, sent.turn)
        if reply is None or _pushes_back(data, reply):
            continue
        opening = data.call.turns[reply].text
        if reply in giveaways or data.cues.first("compliance", opening):
            found = (sent, reply)
    return found


_ASKS_FOR_STEP = ("qualify_timeline", "qualify_decision", "step")


def _asked_for(data: _Inputs, turn: int) -> SentenceSpan | None:
    """The seller question that asked for the step a prospect turn commits to.

    It is the last seller question, in the seller turns since the prospect
    last spoke, about timing, the decision or a meeting ("So what's the
    timing on a PO?", "When would you see Gordon?"): a commitment that
    answers it was prompted, not set by the prospect on its own.
    """
    for earlier in reversed(data.call.turns[:turn]):
        if earlier.role == "prospect":
            break
        if earlier.role != "seller":
            continue
        for sent in reversed(sentences(data.call, earlier.index)):
            if data.question(sent) and any(data.cues.first(g, sent.text) for g in _ASKS_FOR_STEP):
                return sent
    return None


def _next_step(data: _Inputs) -> LedByComponent:
    events: list[tuple[str, str, list[EvidenceRef]]] = []
    call = data.call
    answered = {
        (a.proposal.sentence.turn, a.proposal.sentence.start)
        for a in data.agreements
        if a.proposal is not None
    }
    # (the agreement, the seller sentence that asked for it, whether the step is dated)
    asked: list[tuple[Agreement, SentenceSpan, bool]] = []
    unprompted: list[Agreement] = []
    for agreement in data.agreements:
        if agreement.proposal is not None:
            asked.append((agreement, agreement.proposal.sentence, agreement.proposal.dated))
            continue
        question = _asked_for(data, agreement.quote.turn)
        if question is None:
            unprompted.append(agreement)
        else:
            dated = specific_date(call, agreement.sentence) is not None
            asked.append((agreement, question, dated))
    if asked:
        agreement, ask, dated = ([a for a in asked if a[2]] or asked)[-1]
        event = "accepted_dated" if dated else "accepted_undated"
        what = "a dated next step" if dated else "a next step"
        events.append(
            (
                event,
                f"the seller asked for {what} (turn {ask.turn}) and the "
                f"prospect committed to it (turn {agreement.quote.turn})",
                [
                    evidence(call, ask, "seller asks for the step", "proposal"),
                    evidence(call, agreement.quote, "prospect commits", "commitment"),
                ],
            )
        )
    else:
        unanswered = [
            p
            for p in data.proposals
            if p.dated and (p.sentence.turn, p.sentence.start) not in answered
        ]
        if unanswered:
            last = unanswered[-1]
            events.append(
                (
                    "unanswered",
                    f"the seller asked for a dated next step (turn {last.sentence.turn}) "
                    "but the prospect did not take it",
                    [evidence(call, last.sentence, "seller proposes", "proposal")],
                )
            )
    if unprompted:
        own = unprompted[-1]
        events.append(
            (
                "prospect_set",
                f"the prospect set a step of its own unprompted (turn {own.quote.turn})",
                [evidence(call, own.quote, "prospect sets the step", "commitment")],
            )
        )
    complied = _process_complied(data)
    if complied is not None:
        sent, reply = complied
        events.append(
            (
                "process_complied",
                f"the prospect set the process (turn {sent.turn}) and the seller complied "
                f"(turn {reply})",
                [
                    evidence(call, sent, "prospect sets the process", "process"),
                    evidence(
                        call,
                        covering(call, reply, 0, len(call.turns[reply].text)),
                        "seller complies without asking anything back",
                        "compliance",
                    ),
                ],
            )
        )
    total = sum(_points("next_step", event) for event, _, _ in events)
    if events:
        detail = "; ".join(text for _, text, _ in events)
        detail = detail[0].upper() + detail[1:] + "."
    else:
        detail = "Nobody proposed a concrete next step."
    refs = tuple(ref for _, _, evs in events for ref in evs)
    return LedByComponent("next_step", _capped("next_step", total), detail, refs[:_MAX_EVIDENCE])


def _giveaways(data: _Inputs) -> LedByComponent:
    gifts = sorted(
        (
            f
            for f in data.findings
            if f.label == "giveaway" and data.call.turns[f.turn].role == "seller"
        ),
        key=lambda f: (f.turn, f.start_char),
    )
    total = len(gifts) * _points("giveaways", "each")
    detail = (
        f"The seller gave away value, time or control {_plural(len(gifts), 'time')} "
        "without getting a commitment back."
        if gifts
        else "The seller made no giveaways."
    )
    refs = tuple(
        evidence(
            data.call,
            covering(data.call, f.turn, f.start_char, f.end_char),
            "giveaway",
            "giveaway",
        )
        for f in gifts[:_MAX_EVIDENCE]
    )
    return LedByComponent("giveaways", _capped("giveaways", total), detail, refs)


def _stalls(data: _Inputs) -> LedByComponent:
    giveaways = data.giveaway_turns()
    replies: dict[int, Finding] = {}
    for stall in prospect_findings(data.call, data.findings, "stall"):
        reply = _reply_turn(data.call, stall.turn)
        if reply is not None:
            replies[reply] = stall  # one reply answers the latest stall before it
    accepted: list[tuple[Finding, int]] = []
    challenged: list[tuple[Finding, int]] = []
    # Accepting a stall is giving way to it (labeling.md E27, E41: "no rush", "I'll call you
    # in a couple of weeks"); a reply that neither gives way nor pushes back (the seller
    # acknowledges and carries on with the agenda) is neutral.
    for reply, stall in sorted(replies.items()):
        if reply in giveaways:
            accepted.append((stall, reply))
        elif _pushes_back(data, reply):
            challenged.append((stall, reply))
    total = len(accepted) * _points("stalls", "accepted") + len(challenged) * _points(
        "stalls", "challenged"
    )
    if not replies:
        detail = "No stall got a reply from the seller."
    else:
        detail = (
            f"The seller gave way to {_plural(len(accepted), 'stall')} with a giveaway "
            f"and pushed back on {_plural(len(challenged), 'stall')} with a question or a "
            "counter-proposal."
        )
    refs: list[EvidenceRef] = []
    call = data.call
    for stall, reply in accepted + challenged:
        verdict = "accepted" if (stall, reply) in accepted else "pushed back on"
        refs.append(
            evidence(
                call,
                covering(call, stall.turn, stall.start_char, stall.end_char),
                f"stall {verdict}",
                "stall",
            )
        )
        refs.append(
            evidence(
                call,
                covering(call, reply, 0, len(call.turns[reply].text)),
                f"seller reply: stall {verdict}",
                "reply",
            )
        )
    return LedByComponent("stalls", _capped("stalls", total), detail, tuple(refs[:_MAX_EVIDENCE]))


def _chasing(data: _Inputs) -> LedByComponent:
    giveaways = data.giveaway_turns()
    chases: dict[int, SentenceSpan] = {}
    for sent in data.sentences_of("seller"):
        if sent.turn in giveaways or sent.turn in chases:
            continue  # a chase already labelled a giveaway is scored once, there
        if data.cues.first("chasing", sent.text):
            chases[sent.turn] = sent
    total = len(chases) * _points("chasing", "each")
    detail = (
        f"The seller chased the prospect in {_plural(len(chases), 'turn')}."
        if chases
        else "The seller did not chase."
    )
    refs = tuple(
        evidence(data.call, sent, "seller chases", "chasing")
        for sent in list(chases.values())[:_MAX_EVIDENCE]
    )
    return LedByComponent("chasing", _capped("chasing", total), detail, refs)


# --------------------------------------------------------------------------- public API


def lead(call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None) -> LedBy:
    """Who led the call, with a 0-100 score and its signed components."""
    cues = cues or load_cues()
    data = _Inputs(
        call=call,
        findings=tuple(findings),
        cues=cues,
        proposals=find_proposals(call, findings, cues),
        agreements=find_agreements(call, findings, cues),
    )
    components = (
        _agenda(data),
        _steering(data),
        _next_step(data),
        _giveaways(data),
        _stalls(data),
        _chasing(data),
    )
    raw = EVEN + sum(c.points for c in components)
    score = int(max(0, min(100, math.floor(raw + 0.5))))
    return LedBy(
        value="seller" if score >= EVEN else "prospect", score=score, components=components
    )
