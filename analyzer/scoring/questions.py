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
# an auxiliary, or an auxiliary followed by "you"/"we".
_INNER_QUESTION = re.compile(
    r"\b(?:(?:what|when|where|who|how|which|why)\s+(?:is|are|was|were|do|does|did|can|could"
    r"|would|will|should|about)|whats|hows|wheres|whos|what's|how's|where's|who's"
    r"|(?:can|could|would|will|do|did)\s+(?:you|we)\s+(?!know\b))\b",
    re.IGNORECASE,
)
_OPEN = re.compile(
    rf"^\W*{_FILLERS}(?:what|how|why|who|which|where|when|tell\s+me|walk\s+me\s+through"
    r"|help\s+me\s+understand|talk\s+me\s+through|describe)\b",
    re.IGNORECASE,
)
_PUNCTUATION = re.compile(r"[.?!]")
_QUESTION_SENTENCE = re.compile(r"[^.?!]*\w[^.?!]*\?+")


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
    """Whether a question is open (what/how/why..., "tell me about...")."""
    return bool(_OPEN.search(sentence))


def count_questions(text: str) -> int:
    """Questions in a turn's text, without an NLP pipeline (for metrics)."""
    if is_punctuated(text):
        return len(_QUESTION_SENTENCE.findall(text))
    openings = sum(1 for chunk in text.split(",") if _INTERROGATIVE.search(chunk))
    opening = _INTERROGATIVE.search(text)
    after = opening.end() if opening else 0  # the opening's own wh-word is not a second question
    inner = [m for m in _INNER_QUESTION.finditer(text) if m.start() >= after]
    return max(openings, len(inner) + (1 if opening else 0))
