"""The per-finding context modifiers: each looks at one cue in its sentence.

Every function takes a :class:`Scope` (the finding, its prepared sentence and
tokens, and where its cue is) and returns an :class:`~analyzer.model.Adjustment`
saying how much to weaken the finding and why, or ``None``.  They never drop a
finding; the registry's threshold decides what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.detectors.context_rules import ContextRules, MarkerGroup
from analyzer.model import Adjustment, Finding
from analyzer.nlp import Token, TurnDoc

_CLAUSE_PUNCT = ",;:"
_END_PUNCT = ".!?"
_OPEN_QUOTE = re.compile(r"\"|(?<!\w)'")


@dataclass(frozen=True, slots=True)
class Scope:
    """One finding seen in its turn: prepared text, sentence bounds and cue span."""

    finding: Finding
    doc: TurnDoc
    text: str
    cue_start: int
    cue_end: int

    @property
    def start(self) -> int:
        """Start of the finding's sentence (or clause)."""
        return self.finding.start_char

    @property
    def end(self) -> int:
        """End of the finding's sentence (or clause)."""
        return self.finding.end_char

    def clause(self) -> tuple[int, int]:
        """The comma-delimited stretch of the sentence that holds the cue."""
        before = self.text[self.start : self.cue_start]
        cut = max(before.rfind(ch) for ch in _CLAUSE_PUNCT + _END_PUNCT)
        start = self.start + cut + 1 if cut >= 0 else self.start
        end = self.end
        for i in range(self.cue_end, self.end):
            if self.text[i] in _CLAUSE_PUNCT + _END_PUNCT:
                end = i
                break
        return start, end

    def tokens(self) -> tuple[Token, ...]:
        """The tokens of the sentence."""
        return tuple(t for t in self.doc.tokens if self.start <= t.idx < self.end)

    def cue_tokens(self) -> tuple[Token, ...]:
        """The tokens inside the cue."""
        return tuple(t for t in self.doc.tokens if self.cue_start <= t.idx < self.cue_end)

    def ancestors(self, token: Token) -> Iterator[Token]:
        """The token and its syntactic heads up to the root."""
        seen = set()
        while token.i not in seen:
            seen.add(token.i)
            yield token
            token = self.doc.tokens[token.head]


def search_in(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int] | None:
    """Search ``text[start:end]`` as if it were the whole string (so ``^`` means its start).

    Returns the match span as offsets into ``text``.
    """
    found = pattern.search(text[start:end])
    return (start + found.start(), start + found.end()) if found else None


def _adjust(rules: ContextRules, modifier: str, factor: float, reason: str) -> Adjustment:
    return Adjustment(rule=rules.rule_id(modifier), factor=factor, reason=reason)


def _norm(token: Token) -> str:
    return token.lower.replace("\u2019", "'")


def negation(scope: Scope, rules: ContextRules) -> Adjustment | None:
    """A negator shortly before the cue, in its clause, that governs it ("I won't need to...")."""
    factor = rules.negation_factors.get(scope.finding.label)
    if factor is None:
        return None
    sentence = scope.text[scope.start : scope.end]
    pseudo = [
        (scope.start + m.start(), scope.start + m.end())
        for p in rules.negation_pseudo
        for m in p.finditer(sentence)
    ]
    cue_tokens = scope.cue_tokens()
    governed = {a.i for t in cue_tokens for a in scope.ancestors(t)}
    words = 0
    for token in reversed([t for t in scope.tokens() if t.end <= scope.cue_start]):
        lower = _norm(token)
        if lower in rules.negation_boundaries:
            return None
        is_trigger = lower in rules.negation_triggers and not any(
            s <= token.idx < e for s, e in pseudo
        )
        # It must govern the cue (be attached above it) or sit right before it.
        if is_trigger and (token.head in governed or words <= 1):
            return _adjust(
                rules,
                "negation",
                factor,
                f"negated by {token.text!r} before {scope.finding.cue!r}",
            )
        if token.pos != "PUNCT":
            words += 1
        if words > rules.negation_window:
            return None
    return None


def _marker_in_scope(scope: Scope, group: MarkerGroup) -> tuple[int, int] | None:
    if group.scope == "sentence":
        start, end = scope.start, scope.end
    elif group.scope == "clause":
        start, end = scope.clause()
    else:  # before_cue: the marker opens the clause the cue is in ("if we sign ...")
        start, end = scope.clause()[0], scope.cue_start
    for marker in group.markers:
        found = search_in(marker, scope.text, start, end)
        if found:
            return found
    return None


def _group_adjustment(
    scope: Scope, rules: ContextRules, modifier: str, groups: tuple[MarkerGroup, ...], why: str
) -> Adjustment | None:
    best: Adjustment | None = None
    for group in groups:
        factor = group.factors.get(scope.finding.label)
        if factor is None or (best is not None and best.factor <= factor):
            continue
        if group.unless_dated and rules.vocabulary.has_date(scope.text[scope.start : scope.end]):
            continue
        found = _marker_in_scope(scope, group)
        if found:
            marker = scope.doc.text[found[0] : found[1]]
            best = _adjust(rules, modifier, factor, f"{why} ({group.name}: {marker!r})")
    return best


def hypothetical(scope: Scope, rules: ContextRules) -> Adjustment | None:
    """Hypotheticals and conditionals: "if we were to buy...", "we'd sign if..."."""
    return _group_adjustment(scope, rules, "hypothetical", rules.hypothetical, "hypothetical")


def hedge(scope: Scope, rules: ContextRules) -> Adjustment | None:
    """Hedges in the cue's clause ("maybe we could look at Tuesday")."""
    return _group_adjustment(scope, rules, "hedge", (rules.hedge,), "hedged")


def trade(scope: Scope, rules: ContextRules) -> Adjustment | None:
    """An offer made in exchange for a commitment ("if you can sign by Friday, I'll...")."""
    return _group_adjustment(
        scope, rules, "trade", (rules.trade,), "given in exchange for a commitment"
    )


def question(scope: Scope, rules: ContextRules) -> Adjustment | None:
    """The cue's clause is a question ("should I send you some info?")."""
    factor = rules.question_factors.get(scope.finding.label)
    if factor is None:
        return None
    start, _ = scope.clause()
    rest = scope.text[scope.cue_end : scope.end]
    stops = [i for i, ch in enumerate(rest) if ch in _CLAUSE_PUNCT + _END_PUNCT]
    asked = (rest[stops[0]] == "?") if stops else scope.text[: scope.end].rstrip().endswith("?")
    opener = next(
        (
            m
            for p in rules.question_openers
            if (m := search_in(p, scope.text, start, scope.cue_end))
        ),
        None,
    )
    if not asked and opener is None:
        return None
    how = f"opens with {scope.doc.text[opener[0] : opener[1]]!r}" if opener else "ends in '?'"
    return _adjust(rules, "question", factor, f"asked as a question ({how}), not said as an act")


def reported_speech(scope: Scope, rules: ContextRules) -> Adjustment | None:
    """The cue is someone else's words: "my last vendor said 'take your time'"."""
    factor = rules.reported_factors.get(scope.finding.label)
    if factor is None:
        return None
    tokens = scope.tokens()
    cue_tokens = scope.cue_tokens()
    if not cue_tokens:
        return None
    above = {a.i for a in scope.ancestors(cue_tokens[0])}
    for verb in tokens:
        if verb.idx >= scope.cue_start or verb.lemma not in rules.speech_verbs:
            continue
        quoted = _OPEN_QUOTE.search(scope.text, verb.end, scope.cue_start)
        if verb.i not in above and not quoted:
            continue
        subjects = [t for t in tokens if t.head == verb.i and t.dep in ("nsubj", "nsubjpass")]
        if not subjects:
            continue
        subject = subjects[0]
        if _norm(subject) in rules.own_side or subject.lemma in rules.own_side:
            continue
        phrase = scope.doc.text[min(subject.idx, verb.idx) : verb.end]
        return _adjust(
            rules, "reported_speech", factor, f"reported speech ({phrase!r}), not the speaker's act"
        )
    return None
