"""What the call decided: advance, decline, regress or no decision.

Decisive acts (all by the prospect):

* **advance**: a ``commitment`` finding, or a yes to the seller's *dated*
  proposal ("Would Tuesday at two work?" - "Yes, that works."), but not a
  commitment that only promises to try ("I'll try to get her before
  Friday": the ``effort_only`` cues, labeling.md R15);
* **decline**: a ``decline`` finding (a clear no), except a model-only one on
  a turn that walks back a step it names ("I have to walk back the
  twenty-ninth": that turn's step back is the act, R9) and a no to a part of
  the offer after a commitment of this call ("the hardware option, we don't
  need that": 5.1 rule 6) - see :func:`~analyzer.scoring.acts.decline_acts`;
* **regress**: a sentence matching a ``regress`` cue of ``cues.yaml`` - it
  withdraws an earlier commitment ("we need to put the pilot on hold"),
  reopens a settled stage ("revisit the requirements from scratch") or
  pushes a set decision date out ("the board decision moves from March to
  June") - unless negated ("we don't need to put it on hold"),
  vague without a step the call shows was agreed before (cues marked
  ``needs_prior``: every reopening, "it's on hold", "not until…"),
  hypothetical ("if we had to push it out..."), a question, or inside a
  sentence a commitment or decline finding already covers; or the first
  stall that puts off a step the call shows was agreed before it
  (:func:`~analyzer.scoring.acts.deferral_acts`).

Precedence (labeling.md 5.1, "the last decisive act that still stands"):

1. Acts are ordered by turn, then by position in the turn; on an exact tie a
   clear no outranks a step back, which outranks a commitment.
2. An act taken back later does not stand.  A later commitment takes back a
   clear no; a later no or step back takes back a commitment.  A
   *withdrawal* of a commitment made earlier in this same call, when the
   call shows nothing agreed before it, leaves the deal where it started:
   both drop out (5.1 rule 4), so such a call is ``no_decision``.
3. The last act that stands decides - except that a commitment after a step
   back decides ``advance`` only when it puts the deal back on its original
   track (it commits to the purchase or keeps the agreed date: the
   ``restores`` cues).  This needs a step back that shows what it goes back
   from: the call shows a step agreed before it, or the step back names the
   step or date it moves.  A commitment that only serves the reopened stage
   ("we'll take the extra reference call Tuesday" after the signature moved
   out three months) leaves the call ``regress`` (5.1 rule 5).
4. Stalls are not decisive on their own: a stall after a commitment leaves
   it standing, and a call with only stalls, and nothing agreed before it,
   is ``no_decision``.

``reached`` is true for ``advance`` and ``decline`` (labels.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.detectors.base import CallContext
from analyzer.model import Decision, DecisionValue, EvidenceRef, Finding
from analyzer.scoring.acts import (
    Act,
    decline_acts,
    deferral_acts,
    prior_agreements,
    prospect_findings,
    regress_acts,
    restores_track,
)
from analyzer.scoring.cues import ScoringCues, load_cues
from analyzer.scoring.next_step import find_agreements, promises_effort_only
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
    acts = [
        *advances,
        *decline_acts(call, findings, cues),
        *regress_acts(call, findings, cues),
        *deferral_acts(call, findings, cues),
    ]
    return tuple(sorted(acts, key=lambda a: a.order))


def _undo_same_call_withdrawals(
    call: CallContext, acts: Sequence[Act], cues: ScoringCues
) -> list[Act]:
    """Drop each withdrawal together with the same-call commitment it takes back.

    Only when the call shows no step agreed before it: then the commitment
    withdrawn can only be this call's own (5.1 rule 4).
    """
    if prior_agreements(call, cues):
        return list(acts)
    kept: list[Act] = []
    for act in acts:
        if act.label == "regress.withdraw" and kept and kept[-1].kind == "advance":
            while kept and kept[-1].kind == "advance":
                kept.pop()  # every commitment since the last other act is taken back
            continue
        kept.append(act)
    return kept


def _anchored(call: CallContext, act: Act, cues: ScoringCues) -> bool:
    """Whether a step back shows the set position it goes back from.

    It does when the call shows a step agreed before it, or when the step
    back itself names the step or date it moves ("the signing is pushed back
    to Q3").  Only an anchored step back can outweigh later commitments: a
    stray cue ("they push it to pack-out") must not turn an advance call.
    """
    if act.basis is not None or prior_agreements(call, cues):
        return True
    return cues.first("agreed_step", act.quote.text, negation_aware=False) is not None


def _standing_step_back(call: CallContext, acts: Sequence[Act], cues: ScoringCues) -> Act | None:
    """The step back that still decides a call whose last act is a commitment.

    It is the last act before the trailing commitments when that act is an
    anchored step back and none of those commitments restores the original
    track.
    """
    agreed = [sent.text for sent in prior_agreements(call, cues)]
    trailing: list[Act] = []
    for act in reversed(acts):
        if act.kind != "advance":
            if (
                act.kind == "regress"
                and _anchored(call, act, cues)
                and not any(restores_track(a, cues, call, agreed) for a in trailing)
            ):
                return act
            return None
        trailing.append(act)
    return None


def _short(text: str) -> str:
    return text if len(text) <= _SHORT_QUOTE else text[: _SHORT_QUOTE - 1].rstrip() + "\u2026"


def _act_evidence(call: CallContext, act: Act, reason: str) -> list[EvidenceRef]:
    refs = [evidence(call, act.quote, reason, act.label)]
    if act.proposal is not None:
        refs.append(evidence(call, act.proposal, "the seller's proposal it answers", "proposal"))
    return refs


def _verdict(
    call: CallContext, last: Act, superseded: Sequence[Act], serving: Sequence[Act] = ()
) -> Decision:
    value: DecisionValue = last.kind
    summary = {
        "advance": "Advance",
        "decline": "Decline",
        "regress": "Regress",
    }[last.kind]
    tail = ""
    if serving:
        latest = serving[-1]
        tail = (
            f"; the later commitment at turn {latest.quote.turn} only serves the reopened "
            "stage and does not put the deal back on its original track"
        )
    elif superseded:
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
    if last.basis is not None:
        refs.append(evidence(call, last.basis, "the step agreed before this call", "agreed"))
    for later in serving[-_MAX_SUPERSEDED:]:
        refs.append(
            evidence(
                call,
                later.quote,
                "later commitment that only serves the reopened stage",
                later.label,
            )
        )
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


def _efforts(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues
) -> list[EvidenceRef]:
    """Commitment findings that only promise to try ("I'll try to get her before Friday")."""
    return [
        evidence(
            call,
            covering(call, f.turn, f.start_char, f.end_char),
            "promises an effort, not a step",
            "commitment",
        )
        for f in prospect_findings(call, findings, "commitment")
        if promises_effort_only(call, f, cues)
    ]


def _no_decision(call: CallContext, findings: Sequence[Finding], cues: ScoringCues) -> Decision:
    stalls = prospect_findings(call, findings, "stall")
    efforts = _efforts(call, findings, cues)
    tried = (
        f" Turn {efforts[-1].turn} only promises to try, which is not a next step."
        if efforts
        else ""
    )
    if not stalls:
        return Decision(
            value="no_decision",
            reached=False,
            evidence=tuple(efforts[-_MAX_STALLS:]),
            rationale=(
                "No decision: the prospect neither committed to a next step, said no, "
                "nor went back a step." + tried
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
        evidence=(*refs, *efforts[-1:]),
        rationale=(
            f"No decision: the prospect stalled {times} (last at turn {stalls[-1].turn}) "
            "and never committed, said no or went back a step." + tried
        ),
    )


def decide(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> Decision:
    """The call's decision, its deciding evidence and a one-sentence rationale."""
    cues = cues or load_cues()
    acts = _undo_same_call_withdrawals(call, decisive_acts(call, findings, cues), cues)
    if not acts:
        return _no_decision(call, findings, cues)
    step_back = _standing_step_back(call, acts, cues)
    if step_back is not None:
        position = acts.index(step_back)
        superseded = [a for a in acts[:position] if a.kind != "regress"]
        return _verdict(call, step_back, superseded, acts[position + 1 :])
    last = acts[-1]
    superseded = [a for a in acts[:-1] if a.kind != last.kind]
    return _verdict(call, last, superseded)
