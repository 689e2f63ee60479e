"""The shape of the shipped rules files, validated at load with pydantic.

Each model forbids unknown keys, so a typo in a rules file (``requirez:``)
fails at start instead of silently disabling a condition.  The pattern
language itself is described in ``analyzer/detectors/rules/README.md``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from analyzer.model import Label

ContextName = Literal[
    "negation",
    "hypothetical",
    "question",
    "reported_speech",
    "termination",
    "trade",
    "hedge",
    "dated_step",
    "fulfils_commitment",
    "declined",
]
"""The context modifiers a rule may opt out of with ``ignore_context``."""

Condition = Literal["date", "no_date", "question", "statement"]
"""Sentence conditions a rule may require (see the rules README)."""

_NAME = r"^[a-z][a-z0-9_]*$"
_PLACEHOLDER = r"^[A-Z][A-Z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExampleSpec(_Strict):
    """A sentence a rule must (or must not) fire on, optionally after a previous turn."""

    text: str = Field(min_length=1)
    previous: str | None = None


class RuleSpec(_Strict):
    """One rule: patterns over a lower-cased sentence plus conditions and a base score."""

    id: str = Field(pattern=_NAME)
    version: int = Field(ge=1)
    score: float = Field(gt=0.0, le=1.0)
    description: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    requires: list[Condition] = Field(default_factory=list)
    requires_previous: list[str] = Field(default_factory=list)
    unless_previous: list[str] = Field(default_factory=list)
    ignore_context: list[ContextName] = Field(default_factory=list)
    examples: list[str | ExampleSpec] = Field(default_factory=list)
    near_misses: list[str | ExampleSpec] = Field(default_factory=list)


class RuleFileSpec(_Strict):
    """A whole ``<label>.yaml`` file."""

    label: Label
    version: int = Field(ge=1)
    description: str = Field(min_length=1)
    rules: list[RuleSpec] = Field(min_length=1)


class VocabularySpec(_Strict):
    """``vocabulary.yaml``: named placeholders, each a list of alternatives."""

    version: int = Field(ge=1)
    placeholders: dict[str, list[str]]


class NegationSpec(_Strict):
    """Negation triggers and their scope limits."""

    factors: dict[Label, float]
    triggers: list[str] = Field(min_length=1)
    pseudo: list[str] = Field(default_factory=list)
    boundaries: list[str] = Field(default_factory=list)
    window: int = Field(ge=1, le=20)


Scope = Literal["sentence", "clause", "before_cue"]
"""Where a marker must be, relative to the cue: anywhere in its sentence, in its
clause (between commas), or earlier in its clause (``if ... <cue>``)."""


class MarkerGroupSpec(_Strict):
    """Patterns that, found near the cue, reduce some labels."""

    name: str = Field(min_length=1)
    scope: Scope = "sentence"
    unless_dated: bool = False
    factors: dict[Label, float]
    markers: list[str] = Field(min_length=1)


class QuestionSpec(_Strict):
    """How much a question weakens each label, and what opens a question."""

    factors: dict[Label, float]
    openers: list[str] = Field(default_factory=list)


class ReportedSpeechSpec(_Strict):
    """Speech verbs whose complement is someone else's words, unless the speaker's side said it."""

    factors: dict[Label, float]
    verbs: list[str] = Field(min_length=1)
    own_side: list[str] = Field(default_factory=list)


class TerminationSpec(_Strict):
    """Contrast markers after which the rest of the sentence dominates."""

    factors: dict[Label, float]
    markers: list[str] = Field(min_length=1)
    leading: list[str] = Field(default_factory=list)


class DeclinedSpec(_Strict):
    """A stall in a turn that declines is the decline's courtesy, not a stall."""

    factors: dict[Label, float]


class SideItemSpec(_Strict):
    """Markers of a stall about a side item rather than the whole deal."""

    markers: list[str] = Field(default_factory=list)


class DatedStepSpec(_Strict):
    """A stall or giveaway whose turn also fixes a firm, dated step."""

    factors: dict[Label, float]
    markers: list[str] = Field(default_factory=list)
    marker_labels: list[Label] = Field(default_factory=list)


class ContextSpec(_Strict):
    """``context.yaml``: the lexicons and factors of the context pass."""

    version: int = Field(ge=1)
    negation: NegationSpec
    hypothetical: list[MarkerGroupSpec] = Field(min_length=1)
    hedge: MarkerGroupSpec
    question: QuestionSpec
    reported_speech: ReportedSpeechSpec
    termination: TerminationSpec
    trade: MarkerGroupSpec
    side_items: SideItemSpec
    declined: DeclinedSpec
    dated_step: DatedStepSpec
