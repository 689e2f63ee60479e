"""The context pass: adjust each finding's score for its context, and say why.

In the manner of medspaCy's ConText, rules propose and context only weakens:
each modifier multiplies the score by a factor from ``rules/context.yaml`` and
records an :class:`~analyzer.model.Adjustment` with its reason.  Nothing is
deleted here; the registry keeps findings at or above the threshold and
reports the rest as suppressed.

Order matters and is fixed:

1. per finding (``context_scopes``): negation, hypothetical, hedge, question,
   reported speech, trade markers;
2. termination ("X, but Y"): a cue followed by "but ..." that introduces a
   finding of another label is dominated by it;
3. across findings and turns: a stall in a turn that also commits to a firm
   step is that commitment, and a giveaway whose turn attaches a dated step
   gives nothing away (``dated_step``); a stall in a turn that declines is the
   decline's courtesy (``declined``); a giveaway answering the prospect's
   commitment sends what the decision calls for (``fulfils_commitment``).

Steps 2 and 3 judge the other findings by their scores after the previous step.
A stall about a side item ("let me think about the premium tier") is exempt
from steps 2 and 3: a commitment on the deal does not dominate it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from analyzer.detectors import context_scopes as scopes
from analyzer.detectors.base import CallContext
from analyzer.detectors.context_rules import ContextRules
from analyzer.detectors.context_scopes import Scope, search_in
from analyzer.detectors.patterns import prepared_turn
from analyzer.model import Adjustment, Finding

Modifier = Callable[[Scope, ContextRules], Adjustment | None]

PER_FINDING: tuple[tuple[str, Modifier], ...] = (
    ("negation", scopes.negation),
    ("hypothetical", scopes.hypothetical),
    ("hedge", scopes.hedge),
    ("question", scopes.question),
    ("reported_speech", scopes.reported_speech),
    ("trade", scopes.trade),
)


def locate_cue(text: str, finding: Finding) -> tuple[int, int]:
    """Where the finding's cue is in its turn text (its whole span if it has no cue)."""
    if finding.cue:
        at = text.find(finding.cue, finding.start_char, finding.end_char)
        if at >= 0:
            return at, at + len(finding.cue)
    return finding.start_char, finding.end_char


def _adjusted(finding: Finding, adjustments: Sequence[Adjustment]) -> Finding:
    if not adjustments:
        return finding
    factor = math.prod(a.factor for a in adjustments)
    return replace(
        finding,
        score=round(min(1.0, max(0.0, finding.score * factor)), 4),
        adjustments=(*finding.adjustments, *adjustments),
    )


class _Pass:
    """One call's context pass: the scopes of its findings and the rules."""

    def __init__(
        self,
        call: CallContext,
        rules: ContextRules,
        exemptions: Mapping[str, frozenset[str]],
        threshold: float,
    ) -> None:
        self.call = call
        self.rules = rules
        self.exemptions = exemptions
        self.threshold = threshold
        self.positions = {turn.index: i for i, turn in enumerate(call.turns)}
        self._texts: dict[int, str] = {}

    def allowed(self, finding: Finding, modifier: str) -> bool:
        return modifier not in self.exemptions.get(finding.rule or "", frozenset())

    def scope(self, finding: Finding) -> Scope:
        position = self.positions[finding.turn]
        if position not in self._texts:
            self._texts[position] = prepared_turn(self.call.docs[position], self.rules.vocabulary)
        doc = self.call.docs[position]
        start, end = locate_cue(doc.text, finding)
        return Scope(finding, doc, self._texts[position], start, end)

    def per_finding(self, finding: Finding) -> Finding:
        scope = self.scope(finding)
        found = [
            adjustment
            for name, modifier in PER_FINDING
            if self.allowed(finding, name) and (adjustment := modifier(scope, self.rules))
        ]
        return _adjusted(finding, found)

    def _dominated_region(self, scope: Scope) -> tuple[int, int, str] | None:
        text, rules = scope.text, self.rules
        hits = [
            hit
            for p in rules.termination_markers
            if (hit := search_in(p, text, scope.cue_end, scope.end))
        ]
        if hits:
            first = min(hits)
            return first[0], scope.end, scope.doc.text[first[0] : first[1]]
        for p in rules.termination_leading:
            lead = p.match(text, scope.start)
            comma = text.find(",", lead.end(), scope.end) if lead else -1
            if lead and comma >= scope.cue_end:
                return comma, scope.end, scope.doc.text[lead.start() : lead.end()]
        following = [s for s in scope.doc.sentences if s.start_char >= scope.end]
        if following:
            nxt = following[0]
            segment = text[nxt.start_char : nxt.end_char]
            start = nxt.start_char + len(segment) - len(segment.lstrip())
            for p in rules.termination_markers:
                opener = p.match(text, start)
                if opener:
                    return start, nxt.end_char, scope.doc.text[opener.start() : opener.end()]
        return None

    def termination(self, finding: Finding, others: Sequence[Finding]) -> Finding:
        factor = self.rules.termination_factors.get(finding.label)
        if factor is None or not self.allowed(finding, "termination"):
            return finding
        scope = self.scope(finding)
        if self._side_item(scope):
            return finding
        region = self._dominated_region(scope)
        if region is None:
            return finding
        start, end, marker = region
        for other in others:
            if other.turn != finding.turn or other.label == finding.label:
                continue
            if other.score < self.threshold:
                continue
            other_start, _ = locate_cue(scope.doc.text, other)
            if start <= other_start < end:
                reason = f"{marker!r} introduces {other.cue!r} ({other.label}), which dominates"
                adjustment = Adjustment(self.rules.rule_id("termination"), factor, reason)
                return _adjusted(finding, [adjustment])
        return finding

    def across_turns(self, finding: Finding, others: Sequence[Finding]) -> Finding:
        found: list[Adjustment] = []
        dated = self.rules.dated_step_factors.get(finding.label)
        if (
            dated is not None
            and self.allowed(finding, "dated_step")
            and not self._side_item(self.scope(finding))
        ):
            reason = self._dated_step(finding, others)
            if reason is not None:
                found.append(Adjustment(self.rules.rule_id("dated_step"), dated, reason))
        declined = self.rules.declined_factors.get(finding.label)
        if declined is not None and self.allowed(finding, "declined"):
            no = self._strong(others, finding.turn, "decline")
            if no is not None:
                reason = f"the turn declines ({no.cue!r}); a decline is a decision, not a stall"
                found.append(Adjustment(self.rules.rule_id("declined"), declined, reason))
        traded = self.rules.trade.factors.get(finding.label)
        if traded is not None and self.allowed(finding, "fulfils_commitment"):
            previous = self.call.previous_turn(self.positions[finding.turn])
            decision = self._strong(others, previous.index, "commitment") if previous else None
            if decision is not None:
                reason = (
                    f"answers the commitment in turn {decision.turn} ({decision.cue!r}): "
                    "sending what the decision calls for"
                )
                found.append(Adjustment(self.rules.rule_id("fulfils_commitment"), traded, reason))
        return _adjusted(finding, found)

    def _side_item(self, scope: Scope) -> bool:
        return any(
            search_in(marker, scope.text, scope.cue_start, scope.end)
            for marker in self.rules.side_item_markers
        )

    def _dated_step(self, finding: Finding, others: Sequence[Finding]) -> str | None:
        step = self._strong(others, finding.turn, "commitment")
        if step is not None and step is not finding and self._dated(step):
            return (
                f"the turn commits to a firm step ({step.cue!r}): "
                f"a commitment, not a {finding.label}"
            )
        if finding.label not in self.rules.dated_step_marker_labels:
            return None
        scope = self.scope(finding)
        turn_text = scope.text
        for marker in self.rules.dated_step_markers:
            hit = marker.search(turn_text)
            if hit:
                attached = scope.doc.text[hit.start() : hit.end()]
                return f"the turn attaches a dated next step ({attached!r})"
        return None

    def _dated(self, finding: Finding) -> bool:
        sentence = self.scope(finding)
        return self.rules.vocabulary.has_date(sentence.text[sentence.start : sentence.end])

    def _strong(self, findings: Sequence[Finding], turn: int, label: str) -> Finding | None:
        matches = [
            f for f in findings if f.turn == turn and f.label == label and f.score >= self.threshold
        ]
        return max(matches, key=lambda f: f.score, default=None)


def apply_context(
    call: CallContext,
    findings: Sequence[Finding],
    rules: ContextRules,
    *,
    exemptions: Mapping[str, frozenset[str]] | None = None,
    threshold: float = 0.5,
) -> list[Finding]:
    """Return the findings with context adjustments applied, in the same order.

    ``exemptions`` maps a finding's ``rule`` to the modifiers it opts out of;
    ``threshold`` is the score from which another finding counts as present
    when one finding's context depends on another (termination, dated step).
    """
    run = _Pass(call, rules, exemptions or {}, threshold)
    first = [run.per_finding(f) for f in findings]
    second = [run.termination(f, first) for f in first]
    return [run.across_turns(f, second) for f in second]
