"""Every detector the analyzer runs, by explicit versioned name, and how they are run.

No discovery by reflection: :data:`DETECTORS` lists each detector's stable
name and factory.  :func:`run_detectors` is the one place where proposals
become results: context pass, role gating, best finding per (turn, label),
and the threshold that splits kept from suppressed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache

from analyzer.detectors.base import CallContext, Detector
from analyzer.detectors.context import apply_context
from analyzer.detectors.rule_detector import RuleDetector
from analyzer.detectors.rules_engine import RuleBook, load_rulebook
from analyzer.errors import UsageError
from analyzer.model import LABEL_ROLE, LABELS, Finding, Label

DEFAULT_THRESHOLD = 0.5
"""Findings scoring below this after context are suppressed (reported, not kept)."""


@cache
def shipped_rulebook() -> RuleBook:
    """The rules shipped with the package, loaded and validated once per process."""
    return load_rulebook()


def _rules_detector(label: Label) -> Callable[[], Detector]:
    def make() -> Detector:
        book = shipped_rulebook()
        return RuleDetector(book.rule_sets[label], book.vocabulary)

    return make


#: Stable detector family -> factory.  The full name (``rules.stall@1``) adds the
#: version of the rules file, so a changed file shows up in every report.
DETECTORS: dict[str, Callable[[], Detector]] = {
    "rules.commitment": _rules_detector("commitment"),
    "rules.stall": _rules_detector("stall"),
    "rules.decline": _rules_detector("decline"),
    "rules.giveaway": _rules_detector("giveaway"),
}


def get_detector(family: str) -> Detector:
    """The detector registered under ``family`` (e.g. ``"rules.stall"``)."""
    try:
        return DETECTORS[family]()
    except KeyError:
        known = ", ".join(DETECTORS)
        raise UsageError(f"unknown detector {family!r}", fix=f"use one of: {known}") from None


@cache
def default_detectors() -> tuple[Detector, ...]:
    """The detectors the pipeline runs by default: the four label rule sets."""
    return tuple(get_detector(f"rules.{label}") for label in LABELS)


def _exemptions(detectors: Sequence[Detector], book: RuleBook) -> Mapping[str, frozenset[str]]:
    found = dict(book.exemptions())
    for detector in detectors:
        if isinstance(detector, RuleDetector):
            for rule in detector.rule_set.rules:
                found[rule.name] = rule.ignore_context
    return found


def _role_gate(call: CallContext, findings: Sequence[Finding]) -> list[Finding]:
    # A label belongs to one side; unknown-role turns are never labelled.
    roles = {turn.index: turn.role for turn in call.turns}
    return [f for f in findings if roles.get(f.turn) == LABEL_ROLE[f.label] == f.role]


def best_per_turn_label(findings: Sequence[Finding]) -> list[Finding]:
    """The highest-scoring finding of each (turn, label), in turn then label order."""
    best: dict[tuple[int, Label], Finding] = {}
    for finding in findings:
        key = (finding.turn, finding.label)
        held = best.get(key)
        if held is None or (finding.score, finding.raw_score) > (held.score, held.raw_score):
            best[key] = finding
    return [best[key] for key in sorted(best, key=lambda k: (k[0], LABELS.index(k[1])))]


def run_detectors(
    call: CallContext,
    detectors: Sequence[Detector],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    rulebook: RuleBook | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """Run detectors over a call and return ``(kept, suppressed)``.

    Proposals on a turn of the wrong role are dropped (never reported); the rest
    go through the context pass; each (turn, label) keeps its best finding, which
    is kept when its score reaches ``threshold`` and reported as suppressed
    otherwise.  ``rulebook`` supplies the context lexicons (the shipped one by
    default).
    """
    book = rulebook or shipped_rulebook()
    proposed = [f for detector in detectors for f in detector.detect(call)]
    gated = _role_gate(call, proposed)
    adjusted = apply_context(
        call,
        gated,
        book.context,
        exemptions=_exemptions(detectors, book),
        threshold=threshold,
    )
    best = best_per_turn_label(adjusted)
    kept = [f for f in best if f.score >= threshold]
    suppressed = [f for f in best if f.score < threshold]
    return kept, suppressed
