"""From raw lines to turns: the small helpers every reader shares.

* :func:`parse_clock` reads the clock stamps transcript formats use
  (``00:01:02.500``, ``0:0:0.0``, ``1:02``, ``00:01:02,500``).
* :func:`split_speaker_prefix` and :class:`SpeakerPrefixes` split
  ``"Name: text"`` lines without mistaking ``"Note: ..."`` or ``"12:30"`` for a
  speaker.
* :func:`split_name_suffix` removes an ``(External)``/``(Guest)`` tag from a
  display name and says which tag it was.
* :func:`cues_to_turns` merges cues into turns.

Everything here is pure: values in, values out, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analyzer.ingest.base import IngestWarning
from analyzer.model import LABELS, Cue, Label, Turn

__all__ = [
    "UNKNOWN_SPEAKER",
    "SpeakerPrefixes",
    "TurnBuild",
    "could_be_name",
    "cues_to_turns",
    "looks_like_name",
    "parse_clock",
    "split_name_suffix",
    "split_speaker_prefix",
]

#: The speaker of a cue whose source names nobody.  Never guessed, never merged.
UNKNOWN_SPEAKER = "unknown"

# --- clock stamps ------------------------------------------------------------------------------

# h:mm:ss(.fff), mm:ss(.fff), and the unpadded 0:0:0.0 of old Teams exports; SRT uses a comma.
_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(text: str) -> float | None:
    """Seconds in a clock stamp, or ``None`` when ``text`` is not one.

    Accepts ``[h]h:mm:ss``, ``m:ss``, unpadded parts (``0:0:5.1``) and a
    fraction after ``.`` or ``,`` (``00:00:01,500``).  Minutes and seconds
    above 59 are rejected, so ``12:75`` is not a time.
    """
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        # "5.1" is 5.100 s and "5.01" is 5.010 s: the digits are a decimal fraction.
        total += int(fraction) / 10 ** len(fraction)
    return float(total)


# --- speaker names -----------------------------------------------------------------------------

_SUFFIX = re.compile(r"\s*\((external|guest)\)\s*$", re.IGNORECASE)


def split_name_suffix(name: str) -> tuple[str, str | None]:
    """Split ``"Sam Okafor (External)"`` into ``("Sam Okafor", "External")``.

    Teams marks people from outside the organiser's tenant with
    ``(External)`` or ``(Guest)``.  The tag is not part of the person's
    identity (the same person may appear without it elsewhere), so it is
    removed; callers turn it into a weak prospect hint.  Other parenthesised
    parts (company, pronouns) are kept as they are.
    """
    match = _SUFFIX.search(name)
    if match is None or match.start() == 0:
        return name, None
    return name[: match.start()], match.group(1).capitalize()


# Characters that occur in sentences but not in display names.
_NOT_IN_NAMES = frozenset('?!;,"“”<>[]{}=*#|\\')
# Words that start prose labels ("Note: ...", "Next steps: ...") rather than names.
_LABEL_WORDS = frozenset(
    {
        "note",
        "notes",
        "example",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "update",
        "updates",
        "summary",
        "agenda",
        "action",
        "actions",
        "item",
        "items",
        "todo",
        "question",
        "answer",
        "warning",
        "important",
        "reminder",
        "tip",
        "next",
        "step",
        "steps",
        "re",
        "fyi",
        "ps",
        "p.s",
        "edit",
        "topic",
        "topics",
        "attendees",
        "transcript",
        "title",
        "date",
        "time",
        "location",
        "link",
        "url",
        "subject",
        "decision",
        "outcome",
        "problem",
        "solution",
        "result",
        "results",
        "reason",
        "why",
        "what",
        "how",
        "when",
        "where",
        "who",
    }
)
# Lower-case particles that may sit inside a real name ("Ludwig van Beethoven").
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "dos",
        "das",
    }
)


def _words(name: str) -> list[str]:
    """The name's words, leaving out a trailing parenthesised part ("(Red Hat LLC)")."""
    core = re.sub(r"\s*\([^()]*\)\s*$", "", name)
    return core.split()


@lru_cache(maxsize=4096)  # transcripts repeat a handful of names thousands of times
def could_be_name(prefix: str) -> bool:
    """Whether ``prefix`` could be a display name at all (the permissive test).

    At most 60 characters and six words (a trailing parenthesised company or
    tag not counted), at least one letter, and none of the punctuation that
    marks prose (``?!;,"``), brackets or URLs.
    """
    if not prefix or len(prefix) > 60 or prefix != prefix.strip():
        return False
    if any(ch in _NOT_IN_NAMES for ch in prefix) or "://" in prefix:
        return False
    if not any(ch.isalpha() for ch in prefix):
        return False
    words = _words(prefix)
    return 0 < len(words) <= 6


@lru_cache(maxsize=4096)
def looks_like_name(prefix: str) -> bool:
    """Whether ``prefix`` reads as a person's name on its own.

    Stricter than what a speaker seen several times must pass: at most four
    words, each capitalised (or a particle like ``van``, or a ``Speaker 2``
    style number), and not a prose label such as ``Note`` or ``Next steps``.
    """
    if not could_be_name(prefix):
        return False
    words = _words(prefix)
    if len(words) > 4 or words[0].lower().rstrip(".") in _LABEL_WORDS:
        return False
    for index, word in enumerate(words):
        if word.lower() in _PARTICLES and index > 0:
            continue
        if word.isdigit() and index > 0:
            continue
        first = next((ch for ch in word if ch.isalpha()), "")
        if not first or not first.isupper():
            return False
    return True


_PREFIX = re.compile(r"^([^:\n]{1,60}?):(?:\s+|$)(.*)$", re.DOTALL)


def split_speaker_prefix(text: str) -> tuple[str | None, str]:
    """Split ``"Name: text"`` at the first colon followed by a space.

    Returns ``(name, rest)`` when the part before the colon could be a name
    (see :class:`SpeakerPrefixes` for the stricter, file-wide decision), and
    ``(None, text)`` otherwise.  A colon inside a clock (``12:30``) or a URL
    never splits, because it is not followed by a space.
    """
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    name, rest = match.group(1).strip(), match.group(2)
    if not could_be_name(name):
        return None, text
    return name, rest


@dataclass(frozen=True, slots=True)
class SpeakerPrefixes:
    """The ``Name:`` prefixes a whole file uses as speakers.

    One line's ``"Example: ..."`` could be prose; a prefix that begins two or
    more lines of the same file, or reads as a proper name, is a speaker.
    Build it from every candidate line of a file with :meth:`from_texts`, then
    :meth:`split` each line.
    """

    names: frozenset[str]

    @classmethod
    def from_names(cls, candidates: Iterable[str], known: Iterable[str] = ()) -> SpeakerPrefixes:
        """Accept the candidate names seen twice or more, or that read as names on their own.

        ``candidates`` holds one entry per line that starts with a plausible
        prefix (repeats matter); ``known`` names (from a file header) are
        always accepted.
        """
        counts = Counter(candidates)
        accepted = {name for name, n in counts.items() if n >= 2 or looks_like_name(name)}
        return cls(frozenset(accepted | set(known)))

    @classmethod
    def from_texts(cls, texts: Iterable[str], known: Iterable[str] = ()) -> SpeakerPrefixes:
        """Decide which ``Name:`` prefixes of ``texts`` are speakers; ``known`` names always are."""
        return cls.from_names((name for name, _ in map(split_speaker_prefix, texts) if name), known)

    def split(self, text: str) -> tuple[str | None, str]:
        """``(name, rest)`` when ``text`` starts with an accepted prefix, else ``(None, text)``."""
        name, rest = split_speaker_prefix(text)
        if name is None or name not in self.names:
            return None, text
        return name, rest


# --- cues to turns -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TurnBuild:
    """The turns built from a call's cues, and what was odd on the way."""

    turns: tuple[Turn, ...]
    warnings: tuple[IngestWarning, ...] = ()


def _fmt_seconds(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:d}:{minutes:02d}:{secs:06.3f}"


def _gold_labels(cue: Cue, warnings: list[IngestWarning]) -> tuple[Label, ...] | None:
    if cue.labels is None:
        return None
    unknown = [label for label in cue.labels if label not in LABELS]
    if unknown:
        warnings.append(
            IngestWarning(
                f"unknown label(s) {', '.join(unknown)} dropped",
                cue.line,
                f"use only {', '.join(LABELS)}",
            )
        )
    return tuple(label for label in cue.labels if label in LABELS)


def cues_to_turns(cues: Iterable[Cue], *, merge: bool = True) -> TurnBuild:
    """Build turns from cues in file order.

    * Consecutive cues of the same named speaker become one turn: texts joined
      with a space, the start and line of the first cue, the end of the last.
    * A cue without a speaker gets :data:`UNKNOWN_SPEAKER` and is never merged,
      since two unattributed cues need not be the same person.
    * Cues carrying gold ``labels`` are turns already and are never merged;
      ``merge=False`` turns merging off for a whole call (labelled data).
    * Cues whose text is empty or blank are dropped.
    * A cue that starts before the previous cue started is kept in file order
      (the file is the authority on order) with a warning; overlapping cues
      (crosstalk) are normal and kept silently.

    Cue text and speaker are used as given: normalise them in the reader.
    ``Turn.role`` stays ``"unknown"``; roles are applied by :mod:`analyzer.roles`.
    """
    warnings: list[IngestWarning] = []
    turns: list[Turn] = []
    last_start: float | None = None
    previous_mergeable = False
    for cue in cues:
        text = cue.text.strip()
        if not text:
            continue
        if cue.start is not None:
            if last_start is not None and cue.start < last_start:
                warnings.append(
                    IngestWarning(
                        f"cue starts at {_fmt_seconds(cue.start)}, before the previous cue "
                        f"({_fmt_seconds(last_start)}); kept in file order",
                        cue.line,
                        "check the export, or sort the cues by time",
                    )
                )
            last_start = cue.start
        speaker = cue.speaker.strip() if cue.speaker and cue.speaker.strip() else UNKNOWN_SPEAKER
        mergeable = merge and speaker != UNKNOWN_SPEAKER and cue.labels is None
        if mergeable and previous_mergeable and turns[-1].speaker == speaker:
            last = turns[-1]
            turns[-1] = Turn(
                index=last.index,
                speaker=speaker,
                text=f"{last.text} {text}",
                start=last.start if last.start is not None else cue.start,
                end=cue.end if cue.end is not None else last.end,
                line=last.line,
            )
            continue
        turns.append(
            Turn(
                index=len(turns),
                speaker=speaker,
                text=text,
                start=cue.start,
                end=cue.end,
                line=cue.line,
                gold_labels=_gold_labels(cue, warnings),
            )
        )
        previous_mergeable = mergeable
    return TurnBuild(tuple(turns), tuple(warnings))
