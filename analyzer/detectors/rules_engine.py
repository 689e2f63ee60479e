"""Rules as data: load and validate the YAML rule files, and match a rule to a sentence.

A :class:`RuleBook` holds the compiled vocabulary, one :class:`RuleSet` per
label and the context pass's compiled lexicons; :meth:`CompiledRule.match`
decides whether one rule fires on one prepared sentence.  Running the rules
over a whole call is :mod:`analyzer.detectors.rule_detector`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.detectors.context_rules import ContextRules, compile_context
from analyzer.detectors.patterns import (
    PatternError,
    Vocabulary,
)
from analyzer.detectors.rule_schema import (
    Condition,
    ContextSpec,
    ExampleSpec,
    RuleFileSpec,
    VocabularySpec,
)
from analyzer.detectors.yaml_source import YamlDocument, read_yaml, validate
from analyzer.model import LABELS, Label

RULES_DIR = Path(__file__).with_name("rules")
"""Where the shipped rule files live (package data)."""


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One rule, ready to match; ``name`` is the versioned id a finding cites."""

    label: Label
    id: str
    version: int
    score: float
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    requires: frozenset[Condition]
    requires_previous: tuple[re.Pattern[str], ...]
    unless_previous: tuple[re.Pattern[str], ...]
    ignore_context: frozenset[str]
    examples: tuple[ExampleSpec, ...]
    near_misses: tuple[ExampleSpec, ...]

    @property
    def name(self) -> str:
        """``"<label>.<id>@<version>"``, e.g. ``"stall.info_request@1"``."""
        return f"{self.label}.{self.id}@{self.version}"

    def match(self, sentence: PreparedSentence, previous: str | None) -> re.Match[str] | None:
        """The first pattern match in the sentence for which every condition holds."""
        if not self.allows_previous(previous):
            return None
        return self.match_sentence(sentence)

    def allows_previous(self, previous: str | None) -> bool:
        """Whether the previous turn's prepared text meets the ``*_previous`` conditions.

        The answer is the same for every sentence of a turn, so a detector asks once per turn.
        """
        if self.requires_previous and not (
            previous is not None and any(p.search(previous) for p in self.requires_previous)
        ):
            return False
        return previous is None or not any(p.search(previous) for p in self.unless_previous)

    def match_sentence(self, sentence: PreparedSentence) -> re.Match[str] | None:
        """:meth:`match` for a rule whose previous-turn conditions are known to hold."""
        if any(p.search(sentence.text) for p in self.unless):
            return None
        for pattern in self.patterns:
            for found in pattern.finditer(sentence.text):
                if found.end() > found.start() and _conditions_hold(
                    self.requires, sentence, found.start()
                ):
                    return found
        return None


@dataclass(frozen=True, slots=True)
class PreparedSentence:
    """A sentence of a turn as the patterns see it (see :func:`prepare_text`)."""

    start: int
    end: int
    text: str
    vocabulary: Vocabulary

    def segment(self, pos: int) -> str:
        """The stretch of the sentence around ``pos`` between contrast markers ("but").

        Date conditions look only here, so in "Tuesday works, but let me check with
        my boss" the stall after "but" is not dated by the Tuesday before it.
        """
        cuts = [m.start() for m in self.vocabulary.contrast.finditer(self.text)]
        start = max((c for c in cuts if c <= pos), default=0)
        end = min((c for c in cuts if c > pos), default=len(self.text))
        return self.text[start:end]

    @property
    def is_question(self) -> bool:
        """Whether the sentence ends with a question mark."""
        return self.text.rstrip().endswith("?")


def _conditions_hold(requires: frozenset[Condition], sentence: PreparedSentence, pos: int) -> bool:
    if not requires:
        return True
    dated = sentence.vocabulary.has_date(sentence.segment(pos))
    checks: dict[Condition, bool] = {
        "date": dated,
        "no_date": not dated,
        "question": sentence.is_question,
        "statement": not sentence.is_question,
    }
    return all(checks[condition] for condition in requires)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules of one label file, in file order."""

    label: Label
    version: int
    rules: tuple[CompiledRule, ...]

    @property
    def name(self) -> str:
        """The detector name for this rule set, e.g. ``"rules.stall@1"``."""
        return f"rules.{self.label}@{self.version}"


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Everything loaded from a rules folder."""

    vocabulary: Vocabulary
    rule_sets: Mapping[Label, RuleSet]
    context: ContextRules

    def rule(self, name: str) -> CompiledRule | None:
        """The rule a finding cites, by versioned name."""
        for rule_set in self.rule_sets.values():
            for rule in rule_set.rules:
                if rule.name == name:
                    return rule
        return None

    def exemptions(self) -> dict[str, frozenset[str]]:
        """Rule name -> context modifiers that rule opts out of."""
        return {
            rule.name: rule.ignore_context
            for rule_set in self.rule_sets.values()
            for rule in rule_set.rules
            if rule.ignore_context
        }


# --- loading ---------------------------------------------------------------------------------


def _compile_all(
    doc: YamlDocument, vocabulary: Vocabulary, patterns: Sequence[str], loc: tuple[int | str, ...]
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for i, pattern in enumerate(patterns):
        try:
            compiled.append(vocabulary.compile(pattern))
        except PatternError as exc:
            raise doc.fail((*loc, i), f"{'.'.join(map(str, (*loc, i)))}: {exc}") from exc
    return tuple(compiled)


def _examples(items: Sequence[str | ExampleSpec]) -> tuple[ExampleSpec, ...]:
    return tuple(ExampleSpec(text=item) if isinstance(item, str) else item for item in items)


def load_vocabulary(path: Path) -> Vocabulary:
    """Load and compile ``vocabulary.yaml``."""
    doc = read_yaml(path)
    spec = validate(doc, VocabularySpec)
    for name in spec.placeholders:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name) or re.fullmatch(r"W\d|DATE", name):
            raise doc.fail(
                ("placeholders", name),
                f"placeholder name {name!r} must be UPPER_CASE and not DATE or W1-W9",
            )
    try:
        return Vocabulary(spec.placeholders)
    except PatternError as exc:
        raise doc.fail(("placeholders",), f"{exc} (fix the placeholder list)") from exc


def load_rule_file(path: Path, vocabulary: Vocabulary) -> RuleSet:
    """Load, validate and compile one ``<label>.yaml`` file."""
    doc = read_yaml(path)
    spec = validate(doc, RuleFileSpec)
    if path.stem != spec.label:
        raise doc.fail(("label",), f"label {spec.label!r} does not match the file name {path.name}")
    seen: set[str] = set()
    rules = []
    for i, rule in enumerate(spec.rules):
        loc: tuple[int | str, ...] = ("rules", i)
        if rule.id in seen:
            raise doc.fail((*loc, "id"), f"duplicate rule id {rule.id!r}; rule ids must be unique")
        seen.add(rule.id)
        rules.append(
            CompiledRule(
                label=spec.label,
                id=rule.id,
                version=rule.version,
                score=rule.score,
                patterns=_compile_all(doc, vocabulary, rule.patterns, (*loc, "patterns")),
                unless=_compile_all(doc, vocabulary, rule.unless, (*loc, "unless")),
                requires=frozenset(rule.requires),
                requires_previous=_compile_all(
                    doc, vocabulary, rule.requires_previous, (*loc, "requires_previous")
                ),
                unless_previous=_compile_all(
                    doc, vocabulary, rule.unless_previous, (*loc, "unless_previous")
                ),
                ignore_context=frozenset(rule.ignore_context),
                examples=_examples(rule.examples),
                near_misses=_examples(rule.near_misses),
            )
        )
    return RuleSet(spec.label, spec.version, tuple(rules))


def load_rulebook(directory: Path = RULES_DIR) -> RuleBook:
    """Load every rules file of a folder; any problem raises :class:`ConfigError` with file:line."""
    vocabulary = load_vocabulary(directory / "vocabulary.yaml")
    rule_sets = {label: load_rule_file(directory / f"{label}.yaml", vocabulary) for label in LABELS}
    context_doc = read_yaml(directory / "context.yaml")
    context = compile_context(validate(context_doc, ContextSpec), vocabulary, context_doc)
    return RuleBook(vocabulary, rule_sets, context)
