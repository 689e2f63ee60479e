"""The rules' pattern language: placeholders, word gaps, dates, and the text it runs on.

A pattern is a Python regular expression over a *prepared* sentence (see
:func:`prepare_text`) with three additions, documented for rule authors in
``rules/README.md``:

* ``{NAME}`` expands to the alternatives listed under ``NAME`` in
  ``vocabulary.yaml`` (placeholders may use other placeholders);
* ``{W3}`` (``{W1}`` ... ``{W9}``) skips up to that many words, never a comma;
* ``{DATE}`` matches a firm date or time: a spaCy DATE/TIME mention judged firm
  (masked in the prepared text) or a firm expression from ``FIRM_DATE``.

A space in a pattern matches any run of whitespace, and every pattern is
anchored at word boundaries at both ends, so ``send`` never matches ``sender``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from analyzer.nlp import TurnDoc

MASK = "\x01"
"""Stands in for every character of a firm DATE/TIME mention in prepared text."""

_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_GAP = re.compile(r"^W([1-9])$")
_REQUIRED = ("FIRM_DATE", "DURATION", "CONTRAST")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})
# What the general path below does to ASCII after lower-casing: every character for which
# str.isspace() holds becomes a space, and a backtick an apostrophe.
_ASCII_NORMAL = str.maketrans({**{chr(c): " " for c in range(128) if chr(c).isspace()}, "`": "'"})


class PatternError(ValueError):
    """A pattern that names an unknown placeholder, loops, or is not a valid regex."""


# Some whitespace, or none right after whitespace.  Written as "\s*(?<=\s)" rather than
# the clearer "(?:\s+|(?<=\s))": the two try the same lengths in the same order (longest
# first, none last and only after whitespace), so every match is the same, but this one
# is a third shorter, and the rules expand it thousands of times (compile time).
_SPACE = r"\s*(?<=\s)"


def _surface(text: str) -> str:
    # A literal space in a rule means "some whitespace" (transcripts double spaces and wrap
    # lines), or none when the text before already ended in whitespace - so an optional
    # group with a trailing space ("(?:the )?") can be followed by a space.  " ?" means
    # "optional whitespace" ("20 %" and "20%").
    return text.replace(" ?", r"\s*").replace(" ", _SPACE)


class Vocabulary:
    """Placeholders from ``vocabulary.yaml``, expanded once and reused by every pattern."""

    def __init__(self, placeholders: Mapping[str, Sequence[str]]) -> None:
        missing = [name for name in _REQUIRED if name not in placeholders]
        if missing:
            raise PatternError(f"vocabulary must define {', '.join(missing)}")
        self._raw = {name: tuple(alts) for name, alts in placeholders.items()}
        self._expanded: dict[str, str] = {}
        for name in self._raw:
            self._placeholder(name, ())
        self.firm_date = re.compile(self.wrap(self._expanded["FIRM_DATE"]))
        self.duration = re.compile(self.wrap(self._expanded["DURATION"]))
        self.contrast = re.compile(self.wrap(self._expanded["CONTRAST"]))

    def has_date(self, text: str) -> bool:
        """Whether prepared text names a firm date or time."""
        return MASK in text or bool(self.firm_date.search(text))

    @property
    def names(self) -> tuple[str, ...]:
        """Every placeholder name, built-ins excluded."""
        return tuple(self._raw)

    def _placeholder(self, name: str, stack: tuple[str, ...]) -> str:
        gap = _GAP.match(name)
        if gap:
            return rf"(?:[\w'{MASK}-]+\s+){{0,{gap.group(1)}}}?"
        if name == "DATE":
            return f"(?:{MASK}+|{self._placeholder('FIRM_DATE', stack)})"
        if name in self._expanded:
            return self._expanded[name]
        if name in stack:
            raise PatternError(f"placeholder loop: {' -> '.join((*stack, name))}")
        if name not in self._raw:
            known = ", ".join(sorted(self._raw)) + ", DATE, W1-W9"
            raise PatternError(f"unknown placeholder {{{name}}} (known: {known})")
        alternatives = [self._expand(alt, (*stack, name)) for alt in self._raw[name]]
        value = "(?:" + "|".join(alternatives) + ")"
        self._expanded[name] = value
        return value

    def _expand(self, pattern: str, stack: tuple[str, ...]) -> str:
        return _REF.sub(lambda m: self._placeholder(m.group(1), stack), _surface(pattern))

    def expand(self, pattern: str) -> str:
        """The plain regex a rule pattern stands for (word boundaries not yet added)."""
        return self._expand(pattern, ())

    @staticmethod
    def wrap(regex: str) -> str:
        """Anchor a regex at word boundaries on both ends."""
        return rf"(?<!\w)(?:{regex})(?!\w)"

    def compile(self, pattern: str) -> re.Pattern[str]:
        """Compile one rule pattern; raise :class:`PatternError` with the reason."""
        expanded = self.expand(pattern)
        try:
            compiled = re.compile(self.wrap(expanded))
        except re.error as exc:
            raise PatternError(f"invalid regular expression {pattern!r}: {exc}") from exc
        if compiled.search(""):
            raise PatternError(f"pattern {pattern!r} matches empty text; it would fire everywhere")
        return compiled


def firm_date_spans(doc: TurnDoc, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Character spans of the DATE/TIME mentions that name a firm day or time.

    "Tuesday at 2", "the 14th" and "this afternoon" are firm; "next quarter",
    "a few weeks" or "an hour" are not, so they never make a step "dated".
    """
    spans = []
    for mention in doc.dates:
        text = prepare_text(mention.text, ())
        if vocabulary.firm_date.search(text) or (
            mention.kind == "TIME" and not vocabulary.duration.search(text)
        ):
            spans.append((mention.start_char, mention.end_char))
    return spans


def prepare_text(text: str, masks: Iterable[tuple[int, int]]) -> str:
    """Lower-case, normalise apostrophes and whitespace, and mask firm dates.

    The result has exactly the length of ``text``, so a match's offsets are
    offsets into the original turn: that is what keeps every quote verbatim.
    """
    if text.isascii():
        # The common case in one pass: ASCII lower-cases character by character.
        prepared = text.lower().translate(_ASCII_NORMAL)
    else:
        chars = [ch.lower() if len(ch.lower()) == 1 else ch for ch in text]
        prepared = "".join(" " if ch.isspace() else ch for ch in chars)
        prepared = prepared.translate(_APOSTROPHES).translate(_QUOTES)
    if not masks:
        return prepared
    out = list(prepared)
    for start, end in masks:
        out[max(0, start) : min(len(out), end)] = MASK * (min(len(out), end) - max(0, start))
    return "".join(out)


def prepared_turn(doc: TurnDoc, vocabulary: Vocabulary) -> str:
    """A turn's prepared text: lower-cased, normalised, firm dates masked."""
    return prepare_text(doc.text, firm_date_spans(doc, vocabulary))
