"""Cue phrases for scoring, loaded from ``cues.yaml`` and matched with negation.

The rules are data (``analyzer/scoring/cues.yaml``): adding a cue is a line
in that file.  The file is validated when it is first loaded; a mistake raises
:class:`~analyzer.errors.ConfigError` naming the file and the line of the bad
rule.  Matching is pure: a sentence in, the non-negated matches out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analyzer.errors import ConfigError

__all__ = [
    "GROUPS",
    "CueMatch",
    "CueRule",
    "Negation",
    "ScoringCues",
    "load_cues",
    "parse_cues",
]

RegressKind = Literal["withdraw", "reopen", "push_out"]

#: Every group the scoring code reads; the file must define each one.
GROUPS: tuple[str, ...] = (
    "regress",
    "prior_agreement",
    "agreed_step",
    "restores",
    "side_item",
    "effort_only",
    "proposal",
    "step",
    "acceptance",
    "acceptance_blocker",
    "owner_self",
    "owner_other",
    "owner_joint",
    "agenda_any",
    "agenda_seller",
    "agenda_prospect",
    "qualify_need",
    "qualify_budget",
    "qualify_timeline",
    "qualify_decision",
    "prospect_process",
    "compliance",
    "demand",
    "chasing",
)

_LINE = "__line__"


# --------------------------------------------------------------------------- runtime values


@dataclass(frozen=True, slots=True)
class CueRule:
    """One compiled rule; ``name`` (``group.id``) is what evidence cites.

    ``needs_prior`` marks a regress cue whose words alone do not show a set
    date ("it's not going to happen till he's back"): it counts only in a
    call that shows a step agreed before it.
    """

    group: str
    id: str
    regex: re.Pattern[str]
    line: int
    kind: RegressKind | None = None
    needs_prior: bool = False

    @property
    def name(self) -> str:
        """``group.id``, stable across releases."""
        return f"{self.group}.{self.id}"


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A rule's match in a text; ``text`` is ``source[start:end]``."""

    rule: CueRule
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Negation:
    """How a match is judged negated or hypothetical (see ``cues.yaml``)."""

    window: int
    negators: frozenset[str]
    hypothetical: re.Pattern[str]
    clause_break: re.Pattern[str]

    def negates(self, text: str, start: int) -> bool:
        """Whether the clause before ``start`` negates or hypothesises what follows."""
        prefix = _normalise(text[:start])
        breaks = list(self.clause_break.finditer(prefix))
        clause = prefix[breaks[-1].end() :] if breaks else prefix
        if self.hypothetical.search(clause):
            return True
        words = re.findall(r"[a-z]+(?:'[a-z]+)?", clause.lower())
        recent = words[-self.window :] if self.window else []
        return any(word in self.negators or word.endswith("n't") for word in recent)


@dataclass(frozen=True, slots=True)
class ScoringCues:
    """Every cue group, plus the negation settings, from one rules file."""

    source: str
    negation: Negation
    groups: tuple[tuple[str, tuple[CueRule, ...]], ...]

    def rules(self, group: str) -> tuple[CueRule, ...]:
        """The rules of one group (``KeyError`` for a group that does not exist)."""
        for name, rules in self.groups:
            if name == group:
                return rules
        raise KeyError(group)

    def find(self, group: str, text: str, *, negation_aware: bool = True) -> tuple[CueMatch, ...]:
        """Every match of a group's rules in ``text``, in text order.

        With ``negation_aware`` (the default) a match negated or made
        hypothetical by the words before it is dropped.
        """
        normalised = _normalise(text)
        found: list[CueMatch] = []
        for rule in self.rules(group):
            for m in rule.regex.finditer(normalised):
                if negation_aware and self.negation.negates(text, m.start()):
                    continue
                found.append(CueMatch(rule, m.start(), m.end(), text[m.start() : m.end()]))
        return tuple(sorted(found, key=lambda c: (c.start, -c.end)))

    def first(self, group: str, text: str, *, negation_aware: bool = True) -> CueMatch | None:
        """The earliest match of a group in ``text``, if any."""
        found = self.find(group, text, negation_aware=negation_aware)
        return found[0] if found else None


def _normalise(text: str) -> str:
    """Curly apostrophes as straight ones; same length, so offsets still hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


# --------------------------------------------------------------------------- file schema


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line: int = Field(alias="__line__")
    id: str = Field(min_length=1, pattern=r"^[a-z0-9_.]+$")
    pattern: str = Field(min_length=1)
    kind: RegressKind | None = None
    needs_prior: bool = False
    note: str | None = None


class _NegationSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line: int = Field(alias="__line__")
    window: int = Field(ge=0, le=20)
    negators: list[str]
    hypothetical: list[str]
    clause_break: str


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line: int = Field(alias="__line__")
    version: Literal[1]
    negation: _NegationSpec
    groups: dict[str, list[_Rule]]


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line under ``__line__``."""


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _mapping_with_line,
)


def _line_at(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the innermost mapping on a validation error's path."""
    line: int | None = data.get(_LINE) if isinstance(data, dict) else None
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get(_LINE), int):
            line = node[_LINE]
    return line


def _compile(source: str, rule: _Rule, what: str) -> re.Pattern[str]:
    try:
        return re.compile(rule.pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            source,
            f"{what} rule {rule.id!r} has an invalid regular expression ({exc})",
            line=rule.line,
            fix="fix the pattern; quote it with single quotes so backslashes stay literal",
        ) from exc


def parse_cues(text: str, source: str = "cues.yaml") -> ScoringCues:
    """Validate and compile a scoring rules file's text.

    Raises :class:`~analyzer.errors.ConfigError` naming ``source`` and the
    line of the first problem: bad YAML, an unknown or missing key, a group
    the scorer needs that is absent, a duplicate id, a regress rule without a
    ``kind``, or a pattern that does not compile.
    """
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(source, f"not valid YAML: {exc}", line=line) from exc
    if not isinstance(data, dict):
        raise ConfigError(source, "expected a mapping with `version`, `negation` and `groups`")
    if isinstance(data.get("groups"), dict):
        # `groups` maps names to lists, so its own line marker is not a group.
        data["groups"] = {k: v for k, v in data["groups"].items() if k != _LINE}
    try:
        spec = _File.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in errors[:3]
        )
        raise ConfigError(
            source,
            problems,
            line=_line_at(data, tuple(errors[0]["loc"])),
            fix="a rule has `id`, `pattern` and, in regress, `kind`; "
            "see the comment at the top of the shipped cues.yaml",
        ) from exc

    missing = [group for group in GROUPS if group not in spec.groups]
    if missing:
        raise ConfigError(
            source,
            f"missing cue group(s) {', '.join(missing)}",
            line=spec.line,
            fix="every group in analyzer.scoring.cues.GROUPS must be present "
            "(an empty list is allowed)",
        )
    unknown = sorted(set(spec.groups) - set(GROUPS))
    if unknown:
        raise ConfigError(
            source,
            f"unknown cue group(s) {', '.join(unknown)}; known groups: {', '.join(GROUPS)}",
            line=spec.line,
        )

    groups: list[tuple[str, tuple[CueRule, ...]]] = []
    for group in GROUPS:
        seen: set[str] = set()
        rules: list[CueRule] = []
        for rule in spec.groups[group]:
            if rule.id in seen:
                raise ConfigError(
                    source,
                    f"duplicate id {rule.id!r} in group {group}",
                    line=rule.line,
                    fix="give each rule of a group its own id (evidence cites it)",
                )
            seen.add(rule.id)
            if group == "regress" and rule.kind is None:
                raise ConfigError(
                    source,
                    f"regress rule {rule.id!r} needs `kind: withdraw | reopen | push_out`",
                    line=rule.line,
                )
            if group != "regress" and rule.needs_prior:
                raise ConfigError(
                    source,
                    f"rule {rule.id!r} in group {group}: "
                    "`needs_prior` applies to regress rules only",
                    line=rule.line,
                )
            rules.append(
                CueRule(
                    group,
                    rule.id,
                    _compile(source, rule, group),
                    rule.line,
                    rule.kind,
                    rule.needs_prior,
                )
            )
        groups.append((group, tuple(rules)))

    neg = spec.negation
    try:
        clause_break = re.compile(neg.clause_break, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            source, f"negation.clause_break is not a valid regex ({exc})", line=neg.line
        ) from exc
    phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in neg.hypothetical) or r"(?!x)x"
    negation = Negation(
        window=neg.window,
        negators=frozenset(word.lower() for word in neg.negators),
        hypothetical=re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE),
        clause_break=clause_break,
    )
    return ScoringCues(source=source, negation=negation, groups=tuple(groups))


@cache
def load_cues() -> ScoringCues:
    """The shipped rules (``analyzer/scoring/cues.yaml``), loaded once per process."""
    resource = resources.files("analyzer.scoring").joinpath("cues.yaml")
    return parse_cues(resource.read_text(encoding="utf-8"), "analyzer/scoring/cues.yaml")
