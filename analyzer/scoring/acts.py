"""The prospect's decisive acts in a call: commitments, clear noes, steps back.

Commitments and declines come from the accepted turn findings.  Steps back
("regress") come from two places:

* the ``regress`` cues of ``cues.yaml`` matched over the prospect's
  sentences ("we need to put the pilot on hold", "cancel the nineteenth");
* a *deferral of an agreed step*: the prospect's first stall after a
  sentence showing a step or date agreed before this call ("confirming
  signature for the thirtieth" ... "I can't promise the thirtieth"), as long
  as the prospect has not committed to anything earlier in the call.  The
  guide (labeling.md 5.2) makes this the line between regress and
  no_decision: a stall is a push-out when there was something to go back
  from.

Decision and next step both read this timeline, so they always agree on
what happened and in which order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from analyzer.detectors.base import CallContext
from analyzer.model import Finding, Label
from analyzer.scoring.cues import ScoringCues
from analyzer.scoring.dates import find_dates
from analyzer.scoring.questions import is_punctuated, is_question
from analyzer.scoring.spans import SentenceSpan, covering, sentences, span

__all__ = [
    "DEFERRAL_RULE",
    "REGRESS_REASONS",
    "Act",
    "ActKind",
    "decline_acts",
    "deferral_acts",
    "prior_agreements",
    "prospect_findings",
    "regress_acts",
    "restores_track",
]

ActKind = Literal["advance", "decline", "regress"]

_V = TypeVar("_V")


class _LastCall(Generic[_V]):
    """The last result of a pure per-call reading, kept for the same call, cues and findings.

    Scoring one call asks for the same readings again and again: the decision's
    acts and precedence checks and the next step each want the earlier
    agreements and the cue steps back (7 and 4 times per call, about two thirds
    of ``score_call``'s time on a 250-turn call).  The call and the cues are
    frozen, so they are compared by identity; findings by value, since a caller
    may pass a list.  Holding them keeps their ids from being reused.
    """

    def __init__(self) -> None:
        self._entry: tuple[CallContext, ScoringCues, tuple[Finding, ...], _V] | None = None

    def get(
        self, call: CallContext, cues: ScoringCues, findings: Sequence[Finding] = ()
    ) -> _V | None:
        """The remembered result for these arguments, or ``None``."""
        entry = self._entry  # read once: another thread may replace it
        if entry is None or entry[0] is not call or entry[1] is not cues:
            return None
        return entry[3] if entry[2] == tuple(findings) else None

    def put(
        self, call: CallContext, cues: ScoringCues, findings: Sequence[Finding], value: _V
    ) -> _V:
        """Remember ``value`` for these arguments and return it."""
        self._entry = (call, cues, tuple(findings), value)
        return value


#: What each kind of regress cue means, in a coach's words.
REGRESS_REASONS: dict[str, str] = {
    "withdraw": "withdrew an earlier commitment",
    "reopen": "reopened a settled stage",
    "push_out": "pushed a set decision date out",
}

#: The ``rule`` of a regress act made from a stall on an agreed step.
DEFERRAL_RULE = "stall+prior_agreement"

#: On an exact tie of position the stronger act is taken as the later one:
#: a clear no outranks a step back, which outranks a commitment.
_TIE_ORDER: dict[ActKind, int] = {"advance": 0, "regress": 1, "decline": 2}


@dataclass(frozen=True, slots=True)
class Act:
    """One decisive act, with the verbatim span that shows it.

    ``label`` is the finding label (``commitment``, ``decline``) or
    ``regress.<kind>`` / ``acceptance``; ``rule`` the cue or detector rule;
    ``proposal`` the seller sentence a commitment or acceptance answered;
    ``basis`` the sentence showing the step agreed before the call that a
    deferral puts off.
    """

    kind: ActKind
    quote: SentenceSpan
    label: str
    reason: str
    rule: str | None = None
    proposal: SentenceSpan | None = None
    basis: SentenceSpan | None = None

    @property
    def order(self) -> tuple[int, int, int]:
        """Sort key: turn, then character, then tie order."""
        return (self.quote.turn, self.quote.start, _TIE_ORDER[self.kind])


def prospect_findings(
    call: CallContext, findings: Sequence[Finding], *labels: Label
) -> tuple[Finding, ...]:
    """Findings with one of ``labels`` on turns the transcript gives the prospect.

    A finding on another role is ignored (labels.md: these labels are
    prospect-only); one pointing outside the call is a programming error.
    """
    chosen: list[Finding] = []
    for finding in findings:
        if not 0 <= finding.turn < len(call.turns):
            raise ValueError(
                f"finding {finding.label!r} points at turn {finding.turn}, "
                f"but the call has {len(call.turns)} turns"
            )
        if finding.label in labels and call.turns[finding.turn].role == "prospect":
            chosen.append(finding)
    return tuple(sorted(chosen, key=lambda f: (f.turn, f.start_char)))


def decline_acts(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues
) -> tuple[Act, ...]:
    """Clear noes, from the decline findings (commitments become acts as agreements).

    Two kinds of decline finding are not a clear no to the deal:

    * one the model alone found on a turn that steps back from a step it
      names ("I'm going to have to walk back the twenty-ninth", "So the
      thirtieth isn't happening"): that turn withdraws or pushes out an agreed
      step *without saying no* (labels.md: regress; labeling.md R9), and the
      turn's step back is its act (:func:`regress_acts`).  A decline a rule
      found quotes the no itself ("we're going with another vendor") and stays;
    * one that turns down a part of the offer ("the on-site hardware option,
      we don't need that") after the prospect committed in this call: a
      decision on a side item does not decide the call (labeling.md 5.1 rule 6).
    """
    stepped_back = _declines_read_as_steps_back(
        call, findings, cues, _cue_steps_back(call, findings, cues)
    )
    commitments = prospect_findings(call, findings, "commitment")
    acts: list[Act] = []
    for f in prospect_findings(call, findings, "decline"):
        if f in stepped_back:
            continue
        quote = span(call, f.turn, f.start_char, f.end_char)
        sentence = covering(call, f.turn, f.start_char, f.end_char)
        committed = any((c.turn, c.start_char) < (f.turn, f.start_char) for c in commitments)
        if committed and cues.first("side_item", sentence.text, negation_aware=False):
            continue
        acts.append(
            Act(
                kind="decline",
                quote=quote,
                label="decline",
                reason="said a clear no",
                rule=f.rule or f.model,
            )
        )
    return tuple(acts)


def regress_acts(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues
) -> tuple[Act, ...]:
    """Prospect sentences that go back a step without saying no.

    A question ("do we need to put it on hold?") is not an act, and a
    sentence that a commitment or decline finding already covers keeps the
    finding's more specific label, except a model-only decline that
    :func:`decline_acts` reads as the turn's step back.  A cue marked
    ``needs_prior`` counts only when there is something to go back from: the
    call shows a step agreed before it (:func:`prior_agreements`), or, for a
    withdrawal ("actually, hold off"), the prospect committed earlier in this
    call.
    """
    steps = _cue_steps_back(call, findings, cues)
    stepped_back = _declines_read_as_steps_back(call, findings, cues, steps)
    labelled = [
        f
        for f in prospect_findings(call, findings, "commitment", "decline")
        if f not in stepped_back
    ]
    return tuple(
        act
        for act in steps
        if not any(_overlaps(act.quote, f.turn, f.start_char, f.end_char) for f in labelled)
    )


def _cue_steps_back(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues
) -> tuple[Act, ...]:
    """Every prospect sentence, not a question, that matches a ``regress`` cue that counts."""
    remembered = _STEPS_BACK.get(call, cues, findings)
    if remembered is not None:
        return remembered
    commitments = prospect_findings(call, findings, "commitment")
    has_prior = bool(prior_agreements(call, cues))
    acts: list[Act] = []
    for turn in call.turns:
        if turn.role != "prospect":
            continue
        punctuated = is_punctuated(turn.text)
        for sent in sentences(call, turn.index):
            if is_question(sent.text, punctuated=punctuated):
                continue
            committed = any((c.turn, c.start_char) < (sent.turn, sent.start) for c in commitments)
            match = next(
                (
                    m
                    for m in cues.find("regress", sent.text)
                    if m.rule.kind is not None
                    and (
                        not m.rule.needs_prior
                        or has_prior
                        or (committed and m.rule.kind == "withdraw")
                    )
                ),
                None,
            )
            if match is None or match.rule.kind is None:
                continue
            acts.append(
                Act(
                    kind="regress",
                    quote=sent,
                    label=f"regress.{match.rule.kind}",
                    reason=REGRESS_REASONS[match.rule.kind],
                    rule=match.rule.name,
                )
            )
    return _STEPS_BACK.put(call, cues, findings, tuple(acts))


_STEPS_BACK: _LastCall[tuple[Act, ...]] = _LastCall()


def _declines_read_as_steps_back(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues, steps: Sequence[Act]
) -> tuple[Finding, ...]:
    """Model-only declines on a turn whose step back (one of ``steps``, from
    :func:`_cue_steps_back`) names the step or date it moves.

    The model learns a walk-back's tone ("I'm sorry, I know I told you it
    would") and can take it for a no; the cue that names what goes back is
    the more specific reading.  A step back that names nothing ("it's not
    happening this year") leaves the decline alone: that is a no for the year.
    """
    named = {
        act.quote.turn
        for act in steps
        if cues.first("agreed_step", act.quote.text, negation_aware=False)
    }
    return tuple(
        f
        for f in prospect_findings(call, findings, "decline")
        if f.rule is None and f.turn in named
    )


def prior_agreements(call: CallContext, cues: ScoringCues) -> tuple[SentenceSpan, ...]:
    """Sentences (either side) showing a step or date agreed before this call.

    A sentence counts when it matches a ``prior_agreement`` marker ("like we
    agreed", "confirming", "was due today") and names a buying step or a date
    (``agreed_step``): "the scope we agreed" names neither, "confirming
    signature for the thirtieth" both.
    """
    remembered = _PRIOR.get(call, cues)
    if remembered is not None:
        return remembered
    found = tuple(
        sent
        for turn in call.turns
        if turn.role in ("seller", "prospect")
        for sent in sentences(call, turn.index)
        if cues.first("prior_agreement", sent.text)
        # the step is only named here: "I can't sign this week like we said" names a signing
        and cues.first("agreed_step", sent.text, negation_aware=False)
    )
    return _PRIOR.put(call, cues, (), found)


_PRIOR: _LastCall[tuple[SentenceSpan, ...]] = _LastCall()


def _overlaps(sent: SentenceSpan, turn: int, start: int, end: int) -> bool:
    return sent.turn == turn and sent.start < end and start < sent.end


def deferral_acts(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues
) -> tuple[Act, ...]:
    """At most one push-out: the first stall that puts off a step agreed before the call.

    The stall must come after (or inside) a :func:`prior_agreements`
    sentence, and before any commitment or clear no of this call: once the
    prospect has committed in the call, a later stall is about a side item
    (labeling.md 5.1 rule 6), and after a no there is no step left to put
    off.  A stall whose sentence is already a regress act keeps that act.
    """
    basis = prior_agreements(call, cues)
    if not basis:
        return ()
    first = basis[0]
    decided = prospect_findings(call, findings, "commitment", "decline")
    explicit = regress_acts(call, findings, cues)
    for stall in prospect_findings(call, findings, "stall"):
        if (stall.turn, stall.end_char) <= (first.turn, first.start):
            continue
        if any((d.turn, d.start_char) < (stall.turn, stall.start_char) for d in decided):
            return ()
        if any(_overlaps(a.quote, stall.turn, stall.start_char, stall.end_char) for a in explicit):
            return ()
        return (
            Act(
                kind="regress",
                quote=covering(call, stall.turn, stall.start_char, stall.end_char),
                label="regress.push_out",
                reason="put off a step agreed before this call",
                rule=DEFERRAL_RULE,
                basis=first,
            ),
        )
    return ()


def restores_track(
    act: Act, cues: ScoringCues, call: CallContext | None = None, agreed: Sequence[str] = ()
) -> bool:
    """Whether a commitment puts the deal back on its original track (5.1 rule 5).

    It does when it commits to the purchase itself or keeps the agreed date
    (the ``restores`` cues); a meeting, a reference call or redlines after a
    push-out only serve the reopened stage.  So does a *new* date: when
    ``agreed`` (the sentences showing what was agreed before the call) names
    dates and the commitment names only others ("sign on June tenth" after
    "signed by Friday the sixth"), it sets a later decision date and does not
    restore the track.
    """
    texts = [act.quote.text] + ([act.proposal.text] if act.proposal is not None else [])
    if not (act.kind == "advance" and any(cues.first("restores", text) for text in texts)):
        return False
    call_date = call.transcript.date if call is not None else None
    before = _named_dates(agreed, call_date)
    now = _named_dates(texts, call_date)
    return not before or not now or not before.isdisjoint(now)


def _named_dates(texts: Sequence[str], call_date: dt.date | None) -> set[str]:
    """Firm dates named in ``texts``: resolved dates where the call date allows, else
    the words (lower-cased), so "the sixth" and "Friday the sixth" differ only unresolved."""
    named: set[str] = set()
    for text in texts:
        for match in find_dates(text, call_date):
            if not match.vague:
                named.add(match.date.isoformat() if match.date else match.text.lower())
    return named
