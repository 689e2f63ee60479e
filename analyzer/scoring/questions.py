"""Is a sentence a question?  Pure text rules shared by metrics and leadership.

Punctuated text (any ``.``, ``?`` or ``!`` in the turn) is trusted: a question
ends with ``?``.  Text from recognisers that do not punctuate is judged by
its words, because that is all there is: an interrogative opening ("what's
your timeline", "do you have budget") or, further in, a wh-word followed by
an auxiliary ("...when is the landlord supposed to answer") or an auxiliary
followed by "you"/"we" ("...can we get Mike on a call").
"""

from __future__ import annotations

import re

__all__ = ["count_questions", "is_open_question", "is_punctuated", "is_question"]

_FILLERS = r"(?:(?:so|and|okay|ok|well|also|now|but|right|um|uh|great|cool|sure|alright)\W+)*"
_INTERROGATIVE = re.compile(
    rf"^\W*{_FILLERS}(?:what|how|why|when|where|who|whom|whose|which"
    r"|(?:do|does|did|is|are|was|were|have|has|should|shall)\s+(?:you|we|they|i|it|there|that|this|your|the)"
    r"|(?:can|could|would|will|may|might)\s+(?:you|we|they|i|it|there|that|this)"
    r"|tell\s+me|walk\s+me\s+through|help\s+me\s+understand|talk\s+me\s+through)\b",
    re.IGNORECASE,
)
# Inside unpunctuated text a question still shows itself mid-turn ("got it that
# makes sense when is the landlord supposed to answer"): a wh-word followed by
# an auxiliary (possibly a few words on: "how long does that take", "when in
# the fall are you thinking"), an auxiliary followed by "you"/"we" ("are you
# happy with it"), or "would that / is that" followed by what it asks about
# ("would that be early enough", "is that worth fixing", "is that you or...").
_WH_AUX = (
    # the words in between may not hold a subject: "what you mean we did" is no question
    r"(?:what|when|where|who|how|which|why)\s+(?:(?!(?:you|we|i|they|he|she)\b)[a-z']+\s+){0,3}?"
    r"(?:is|are|was|were|do|does|did|can|could|would|will|should)"
    r"\s+(?:you|we|they|your|the|that|this|there|it|he|she)"
)
_INNER_QUESTION = re.compile(
    r"\b(?:(?:what|when|where|who|how|which|why)\s+(?:is|are|was|were|do|does|did|can|could"
    r"|would|will|should|about)|whats|hows|wheres|whos|what's|how's|where's|who's"
    rf"|{_WH_AUX}"
    r"|(?:can|could|would|will|do|did)\s+(?:you|we)\s+(?!know\b)"
    r"|(?:are|were|have|has)\s+(?:you|we)\s+(?!know\b)"
    r"|(?:would|could|will|can|should|is)\s+(?:that|this|it)\s+(?:be|work|help|make|matter"
    r"|worth|possible|ok|okay|fair|right|true|still)"
    r"|is\s+(?:that|it)\s+(?:you|your|him|her|them))\b",
    re.IGNORECASE,
)
_OPEN = re.compile(
    rf"^\W*{_FILLERS}(?:what|how|why|who|which|where|when|tell\s+me|walk\s+me\s+through"
    r"|help\s+me\s+understand|talk\s+me\s+through|describe)\b",
    re.IGNORECASE,
)
# An open question may also start after a reaction ("totally so one question who
# do you buy your dairy from", "Understood, what's the timeline?").
_INNER_OPEN = re.compile(
    rf"\b(?:{_WH_AUX}|(?:what|how|who|where|when|which)(?:'s|s)\b)",
    re.IGNORECASE,
)
_PUNCTUATION = re.compile(r"[.?!]")
_BETWEEN_MARKS = re.compile(r"[^.?!]+")
_WORD_CHAR = re.compile(r"\w")


def is_punctuated(text: str) -> bool:
    """Whether a turn carries sentence punctuation at all."""
    return bool(_PUNCTUATION.search(text))


def is_question(sentence: str, *, punctuated: bool) -> bool:
    """Whether one sentence asks something.

    ``punctuated`` says whether the turn it comes from is punctuated; when it
    is, only a final ``?`` counts, so "What we need is a plan." is not a
    question.
    """
    stripped = sentence.rstrip(" \t\n\"')]")
    if punctuated:
        return stripped.endswith("?")
    return bool(_INTERROGATIVE.search(stripped) or _INNER_QUESTION.search(stripped))


def is_open_question(sentence: str) -> bool:
    """Whether a question is open (what/how/why..., "tell me about...").

    The wh-question may follow a reaction ("Understood, what's the
    timeline?") but must ask with its own auxiliary, so "Is that what you
    want?" stays closed.
    """
    return bool(_OPEN.search(sentence) or _INNER_OPEN.search(sentence))


def count_questions(text: str) -> int:
    """Questions in a turn's text, without an NLP pipeline (for metrics)."""
    if is_punctuated(text):
        # A question is a stretch between sentence marks that holds a word and is followed
        # by "?".  This counts exactly what `re.findall(r"[^.?!]*\w[^.?!]*\?+", text)` finds,
        # without that regex's retry from every position of a long stretch (quadratic).
        return sum(
            1
            for m in _BETWEEN_MARKS.finditer(text)
            if text.startswith("?", m.end()) and _WORD_CHAR.search(m.group())
        )
    openings = sum(1 for chunk in text.split(",") if _INTERROGATIVE.search(chunk))
    opening = _INTERROGATIVE.search(text)
    after = opening.end() if opening else 0  # the opening's own wh-word is not a second question
    inner = [m for m in _INNER_QUESTION.finditer(text) if m.start() >= after]
    return max(openings, len(inner) + (1 if opening else 0))
