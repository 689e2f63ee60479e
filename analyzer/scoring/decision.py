"""What the call decided: advance, decline, regress or no decision.

Decisive acts (all by the prospect):

* **advance**: a ``commitment`` finding, or a yes to the seller's *dated*
  proposal ("Would Tuesday at two work?" - "Yes, that works.");
* **decline**: a ``decline`` finding (a clear no);
* **regress**: a sentence matching a ``regress`` cue of ``cues.yaml`` - it
  withdraws an earlier commitment ("we need to put the pilot on hold"),
  reopens a settled stage ("revisit the requirements from scratch") or
  pushes a set decision date out ("the board decision moves from March to
  June") - unless negated ("we don't need to put it on hold"),
  hypothetical ("if we had to push it out..."), a question, or inside a
  sentence a commitment or decline finding already covers.

Precedence rules:

1. The **last** decisive act in the call decides, because a later act
   revises an earlier one: a no retracted by a commitment is ``advance``, a
   commitment later withdrawn is ``regress``, a commitment followed by a
   clear no is ``decline``.
2. Acts are ordered by turn, then by position in the turn; on an exact tie a
   clear no outranks a step back, which outranks a commitment.
3. Stalls are not decisive: a stall after a commitment leaves it standing
   (taking a commitment back is a withdrawal, a regress cue), and a call
   with only stalls is ``no_decision``.

``reached`` is true for ``advance`` and ``decline`` (labels.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.detectors.base import CallContext
from analyzer.model import Decision, DecisionValue, EvidenceRef, Finding
from analyzer.scoring.acts import Act, decline_acts, prospect_findings, regress_acts
from analyzer.scoring.cues import ScoringCues, load_cues
from analyzer.scoring.next_step import find_agreements
from analyzer.scoring.spans import covering, evidence

__all__ = ["decide", "decisive_acts"]

#: How many earlier, overridden acts the evidence still shows.
_MAX_SUPERSEDED = 3
#: How many stalls a no-decision verdict quotes.
_MAX_STALLS = 3
_SHORT_QUOTE = 80

_ACT_WORDS = {"advance": "commitment", "decline": "clear no", "regress": "step back"}


def decisive_acts(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> tuple[Act, ...]:
    """Every decisive act of the call, in call order (see the precedence rules)."""
    cues = cues or load_cues()
    advances = [
        Act(
            kind="advance",
            quote=agreement.quote,
            label="commitment" if agreement.via == "commitment" else "acceptance",
            reason=(
                "committed to a next step"
                if agreement.via == "commitment"
                else "accepted the seller's dated proposal"
            ),
            rule=agreement.rule,
            proposal=agreement.proposal.sentence if agreement.proposal else None,
        )
        for agreement in find_agreements(call, findings, cues)
    ]
    acts = [*advances, *decline_acts(call, findings), *regress_acts(call, findings, cues)]
    return tuple(sorted(acts, key=lambda a: a.order))


def _short(text: str) -> str:
    return text if len(text) <= _SHORT_QUOTE else text[: _SHORT_QUOTE - 1].rstrip() + "\u2026"


def _act_evidence(call: CallContext, act: Act, reason: str) -> list[EvidenceRef]:
    refs = [evidence(call, act.quote, reason, act.label)]
    if act.proposal is not None:
        refs.append(evidence(call, act.proposal, "the seller's proposal it answers", "proposal"))
    return refs


def _verdict(call: CallContext, last: Act, superseded: Sequence[Act]) -> Decision:
    value: DecisionValue = last.kind
    summary = {
        "advance": "Advance",
        "decline": "Decline",
        "regress": "Regress",
    }[last.kind]
    tail = ""
    if superseded:
        latest = superseded[-1]
        tail = (
            f", which overrides the earlier {_ACT_WORDS[latest.kind]} at turn "
            f"{latest.quote.turn} because the last decisive act counts"
        )
    elif last.kind == "regress":
        tail = " without saying no"
    quote = _short(last.quote.text)
    rationale = (
        f'{summary}: the prospect {last.reason} at turn {last.quote.turn} ("{quote}"){tail}.'
    )

    refs = _act_evidence(call, last, f"decisive act: {last.reason}")
    for earlier in reversed(superseded[-_MAX_SUPERSEDED:]):
        refs.append(
            evidence(
                call,
                earlier.quote,
                f"superseded by the later {_ACT_WORDS[last.kind]} at turn {last.quote.turn}",
                earlier.label,
            )
        )
    return Decision(
        value=value,
        reached=value in ("advance", "decline"),
        evidence=tuple(refs),
        rationale=rationale,
    )


def _no_decision(call: CallContext, findings: Sequence[Finding]) -> Decision:
    stalls = prospect_findings(call, findings, "stall")
    if not stalls:
        return Decision(
            value="no_decision",
            reached=False,
            rationale=(
                "No decision: the prospect neither committed to a next step, said no, "
                "nor went back a step."
            ),
        )
    refs = tuple(
        evidence(
            call,
            covering(call, f.turn, f.start_char, f.end_char),
            "stall: puts the decision off",
            "stall",
        )
        for f in stalls[-_MAX_STALLS:]
    )
    times = "once" if len(stalls) == 1 else f"{len(stalls)} times"
    return Decision(
        value="no_decision",
        reached=False,
        evidence=refs,
        rationale=(
            f"No decision: the prospect stalled {times} (last at turn {stalls[-1].turn}) "
            "and never committed, said no or went back a step."
        ),
    )


def decide(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> Decision:
    """The call's decision, its deciding evidence and a one-sentence rationale."""
    acts = decisive_acts(call, findings, cues)
    if not acts:
        return _no_decision(call, findings)
    last = acts[-1]
    superseded = [a for a in acts[:-1] if a.kind != last.kind]
    return _verdict(call, last, superseded)
