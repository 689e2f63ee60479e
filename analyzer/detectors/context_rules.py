"""``context.yaml`` compiled: the lexicons and factors the context pass uses.

Markers are written in the rules' pattern language (placeholders allowed), so
the context lexicons and the rules share one vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analyzer.detectors.patterns import PatternError, Vocabulary
from analyzer.detectors.rule_schema import ContextSpec, MarkerGroupSpec, Scope
from analyzer.detectors.yaml_source import YamlDocument
from analyzer.model import Label

Loc = tuple[int | str, ...]


@dataclass(frozen=True, slots=True)
class MarkerGroup:
    """Compiled :class:`~analyzer.detectors.rule_schema.MarkerGroupSpec`."""

    name: str
    scope: Scope
    factors: Mapping[Label, float]
    markers: tuple[re.Pattern[str], ...]
    unless_dated: bool = False


@dataclass(frozen=True, slots=True)
class ContextRules:
    """Everything the context pass reads, compiled once per rule book."""

    version: int
    vocabulary: Vocabulary
    negation_factors: Mapping[Label, float]
    negation_triggers: frozenset[str]
    negation_pseudo: tuple[re.Pattern[str], ...]
    negation_boundaries: frozenset[str]
    negation_window: int
    hypothetical: tuple[MarkerGroup, ...]
    hedge: MarkerGroup
    question_factors: Mapping[Label, float]
    question_openers: tuple[re.Pattern[str], ...]
    reported_factors: Mapping[Label, float]
    speech_verbs: frozenset[str]
    own_side: frozenset[str]
    termination_factors: Mapping[Label, float]
    termination_markers: tuple[re.Pattern[str], ...]
    termination_leading: tuple[re.Pattern[str], ...]
    trade: MarkerGroup
    side_item_markers: tuple[re.Pattern[str], ...]
    declined_factors: Mapping[Label, float]
    dated_step_factors: Mapping[Label, float]
    dated_step_markers: tuple[re.Pattern[str], ...]
    dated_step_marker_labels: frozenset[Label]

    def rule_id(self, modifier: str) -> str:
        """The versioned id an :class:`~analyzer.model.Adjustment` cites."""
        return f"context.{modifier}@{self.version}"


class _Compiler:
    """Compiles marker lists, pointing errors at their line in ``context.yaml``."""

    def __init__(self, vocabulary: Vocabulary, doc: YamlDocument | None) -> None:
        self.vocabulary = vocabulary
        self.doc = doc

    def __call__(self, patterns: Sequence[str], loc: Loc) -> tuple[re.Pattern[str], ...]:
        out = []
        for i, pattern in enumerate(patterns):
            try:
                out.append(self.vocabulary.compile(pattern))
            except PatternError as exc:
                if self.doc is None:
                    raise
                where = ".".join(map(str, (*loc, i)))
                raise self.doc.fail((*loc, i), f"{where}: {exc}") from exc
        return tuple(out)

    def group(self, spec: MarkerGroupSpec, loc: Loc) -> MarkerGroup:
        markers = self(spec.markers, (*loc, "markers"))
        return MarkerGroup(spec.name, spec.scope, spec.factors, markers, spec.unless_dated)


def _words(items: Sequence[str]) -> frozenset[str]:
    return frozenset(item.lower().replace("\u2019", "'") for item in items)


def compile_context(
    spec: ContextSpec, vocabulary: Vocabulary, doc: YamlDocument | None = None
) -> ContextRules:
    """Compile a validated ``context.yaml``.

    A bad marker raises :class:`~analyzer.errors.ConfigError` at its line when
    ``doc`` is given, else :class:`~analyzer.detectors.patterns.PatternError`.
    """
    compile_ = _Compiler(vocabulary, doc)
    return ContextRules(
        version=spec.version,
        vocabulary=vocabulary,
        negation_factors=spec.negation.factors,
        negation_triggers=_words(spec.negation.triggers),
        negation_pseudo=compile_(spec.negation.pseudo, ("negation", "pseudo")),
        negation_boundaries=_words(spec.negation.boundaries),
        negation_window=spec.negation.window,
        hypothetical=tuple(
            compile_.group(g, ("hypothetical", i)) for i, g in enumerate(spec.hypothetical)
        ),
        hedge=compile_.group(spec.hedge, ("hedge",)),
        question_factors=spec.question.factors,
        question_openers=compile_(spec.question.openers, ("question", "openers")),
        reported_factors=spec.reported_speech.factors,
        speech_verbs=_words(spec.reported_speech.verbs),
        own_side=_words(spec.reported_speech.own_side),
        termination_factors=spec.termination.factors,
        termination_markers=compile_(spec.termination.markers, ("termination", "markers")),
        termination_leading=compile_(spec.termination.leading, ("termination", "leading")),
        trade=compile_.group(spec.trade, ("trade",)),
        declined_factors=spec.declined.factors,
        side_item_markers=compile_(spec.side_items.markers, ("side_items", "markers")),
        dated_step_factors=spec.dated_step.factors,
        dated_step_markers=compile_(spec.dated_step.markers, ("dated_step", "markers")),
        dated_step_marker_labels=frozenset(spec.dated_step.marker_labels),
    )
