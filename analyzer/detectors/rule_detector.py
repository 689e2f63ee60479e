"""The rule detector: one label's rules matched sentence by sentence over a call.

Each sentence of a turn of the label's role yields at most one finding: the
highest-scoring rule that matches (the earliest cue on ties), with the sentence
as span and the matched text as ``cue``.  The registry then keeps the best
finding per turn and label, after the context pass.
"""

from __future__ import annotations

import re

from analyzer.detectors.base import CallContext
from analyzer.detectors.patterns import Vocabulary, prepared_turn
from analyzer.detectors.rules_engine import CompiledRule, PreparedSentence, RuleSet
from analyzer.model import LABEL_ROLE, Finding, Turn
from analyzer.nlp import Sentence, TurnDoc


def _trim(text: str, sent: Sentence) -> tuple[int, int]:
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences_of(doc: TurnDoc, prepared: str, vocabulary: Vocabulary) -> list[PreparedSentence]:
    """The turn's sentences (the whole turn when spaCy found none), whitespace trimmed."""
    spans = doc.sentences or (Sentence(0, len(doc.text), 0, len(doc.tokens)),)
    out = []
    for sent in spans:
        start, end = _trim(doc.text, sent)
        if end > start:
            out.append(PreparedSentence(start, end, prepared[start:end], vocabulary))
    return out


def _finding(
    turn: Turn, sent: PreparedSentence, rule: CompiledRule, found: re.Match[str]
) -> Finding:
    return Finding(
        label=rule.label,
        turn=turn.index,
        start_char=sent.start,
        end_char=sent.end,
        quote=turn.text[sent.start : sent.end],
        speaker=turn.speaker,
        role=turn.role,
        score=rule.score,
        raw_score=rule.score,
        source="rules",
        rule=rule.name,
        time=turn.start,
        cue=turn.text[sent.start + found.start() : sent.start + found.end()],
    )


class RuleDetector:
    """Proposes findings of one label from its :class:`RuleSet`.

    Only turns whose role may carry the label are read.  Each sentence yields at
    most one finding: the highest-scoring rule that matches (the earliest cue on
    ties), with the sentence as span and the matched text as ``cue``.
    """

    __slots__ = ("name", "rule_set", "vocabulary")

    def __init__(self, rule_set: RuleSet, vocabulary: Vocabulary) -> None:
        self.name = rule_set.name
        self.rule_set = rule_set
        self.vocabulary = vocabulary

    def detect(self, call: CallContext) -> list[Finding]:
        """Match every rule against every sentence of the turns of the label's role."""
        role = LABEL_ROLE[self.rule_set.label]
        prepared: dict[int, str] = {}

        def text_at(position: int) -> str:
            if position not in prepared:
                prepared[position] = prepared_turn(call.docs[position], self.vocabulary)
            return prepared[position]

        positions = {turn.index: i for i, turn in enumerate(call.turns)}
        findings: list[Finding] = []
        for i, turn in enumerate(call.turns):
            if turn.role != role:
                continue
            previous_turn = call.previous_turn(i)
            previous = text_at(positions[previous_turn.index]) if previous_turn else None
            # The previous-turn conditions hold or fail for the whole turn: ask them once.
            rules = [rule for rule in self.rule_set.rules if rule.allows_previous(previous)]
            for sent in sentences_of(call.docs[i], text_at(i), self.vocabulary):
                best: tuple[CompiledRule, re.Match[str]] | None = None
                for rule in rules:
                    found = rule.match_sentence(sent)
                    if found is None:
                        continue
                    if best is None or (rule.score, -found.start()) > (
                        best[0].score,
                        -best[1].start(),
                    ):
                        best = (rule, found)
                if best is not None:
                    findings.append(_finding(turn, sent, *best))
        return findings
