"""The prospect's decisive acts in a call: commitments, clear noes, steps back.

Commitments and declines come from the accepted turn findings; steps back
("regress") come from the ``regress`` cues of ``cues.yaml`` matched over the
prospect's sentences.  Decision and next step both read this timeline, so
they always agree on what happened and in which order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from analyzer.detectors.base import CallContext
from analyzer.model import Finding, Label
from analyzer.scoring.cues import ScoringCues
from analyzer.scoring.questions import is_punctuated, is_question
from analyzer.scoring.spans import SentenceSpan, sentences, span

__all__ = ["REGRESS_REASONS", "Act", "ActKind", "decline_acts", "prospect_findings", "regress_acts"]

ActKind = Literal["advance", "decline", "regress"]

#: What each kind of regress cue means, in a coach's words.
REGRESS_REASONS: dict[str, str] = {
    "withdraw": "withdrew an earlier commitment",
    "reopen": "reopened a settled stage",
    "push_out": "pushed a set decision date out",
}

#: On an exact tie of position the stronger act is taken as the later one:
#: a clear no outranks a step back, which outranks a commitment.
_TIE_ORDER: dict[ActKind, int] = {"advance": 0, "regress": 1, "decline": 2}


@dataclass(frozen=True, slots=True)
class Act:
    """One decisive act, with the verbatim span that shows it.

    ``label`` is the finding label (``commitment``, ``decline``) or
    ``regress.<kind>`` / ``acceptance``; ``rule`` the cue or detector rule;
    ``proposal`` the seller sentence a commitment or acceptance answered.
    """

    kind: ActKind
    quote: SentenceSpan
    label: str
    reason: str
    rule: str | None = None
    proposal: SentenceSpan | None = None

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


def decline_acts(call: CallContext, findings: Sequence[Finding]) -> tuple[Act, ...]:
    """Clear noes, from the decline findings (commitments become acts as agreements)."""
    return tuple(
        Act(
            kind="decline",
            quote=span(call, f.turn, f.start_char, f.end_char),
            label="decline",
            reason="said a clear no",
            rule=f.rule or f.model,
        )
        for f in prospect_findings(call, findings, "decline")
    )


def regress_acts(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues
) -> tuple[Act, ...]:
    """Prospect sentences that go back a step without saying no.

    A question ("do we need to put it on hold?") is not an act, and a
    sentence that a commitment or decline finding already covers keeps the
    finding's more specific label.
    """
    labelled = prospect_findings(call, findings, "commitment", "decline")
    acts: list[Act] = []
    for turn in call.turns:
        if turn.role != "prospect":
            continue
        punctuated = is_punctuated(turn.text)
        for sent in sentences(call, turn.index):
            if is_question(sent.text, punctuated=punctuated):
                continue
            if any(
                f.turn == turn.index and f.start_char < sent.end and sent.start < f.end_char
                for f in labelled
            ):
                continue
            match = cues.first("regress", sent.text)
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
    return tuple(acts)
