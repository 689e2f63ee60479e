"""Frozen data model shared by every stage of the analyzer.

Everything a stage hands to the next is an immutable value: readers produce
:class:`Cue` and :class:`Transcript`, detectors produce :class:`Finding`,
scoring produces :class:`CallScore`, and the pipeline returns a
:class:`CallReport`.  To change one, build a new one with
:func:`dataclasses.replace`; nothing is edited in place, so a report can be
cached, compared or sent to another process without defensive copies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

Role = Literal["seller", "prospect", "unknown"]
"""Which side of the deal a speaker is on (``labels.md``: Roles)."""

Label = Literal["commitment", "stall", "decline", "giveaway"]
"""The four turn labels of ``labels.md``."""

DecisionValue = Literal["advance", "decline", "no_decision", "regress"]
LedByValue = Literal["seller", "prospect"]

ROLES: tuple[Role, ...] = get_args(Role)
LABELS: tuple[Label, ...] = get_args(Label)
DECISIONS: tuple[DecisionValue, ...] = get_args(DecisionValue)
LED_BY_VALUES: tuple[LedByValue, ...] = get_args(LedByValue)

#: Which role may carry each label; a finding on another role is never reported.
LABEL_ROLE: dict[Label, Role] = {
    "commitment": "prospect",
    "stall": "prospect",
    "decline": "prospect",
    "giveaway": "seller",
}


@dataclass(frozen=True, slots=True)
class Cue:
    """One unit as a transcript format delivers it, before turns are built.

    ``line`` is the 1-based line (or record number for JSON formats) where the
    cue starts in the source, so later errors and warnings can point at it.
    """

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    role: Role | None = None
    labels: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class RoleHint:
    """A statement about a speaker's side that a source carries.

    ``source`` names where it came from (``"gold role"``, ``"Gong affiliation"``,
    ``"--seller"``, ``"roster file"``...); ``strength`` orders competing hints:
    explicit user input beats vendor metadata beats name suffixes.
    """

    speaker: str
    role: Role
    source: str
    strength: int = 50


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's uninterrupted stretch of speech.

    ``gold_labels`` is only set when the input is labelled data: ``None`` means
    "not labelled", an empty tuple means "labelled: none apply".
    """

    index: int
    speaker: str
    text: str
    role: Role = "unknown"
    start: float | None = None
    end: float | None = None
    line: int | None = None
    gold_labels: tuple[Label, ...] | None = None

    @property
    def duration(self) -> float | None:
        """Seconds spoken, when the source has both times."""
        if self.start is None or self.end is None:
            return None
        return max(0.0, self.end - self.start)


@dataclass(frozen=True, slots=True)
class SpeakerRole:
    """How one speaker's role was decided, for the report's explanation."""

    speaker: str
    role: Role
    source: str
    confidence: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldCall:
    """Call-level labels carried by labelled input (``gold-format.md``)."""

    decision: DecisionValue | None = None
    led_by: LedByValue | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """A whole call: its turns plus what the source said about it."""

    source: str
    format: str
    turns: tuple[Turn, ...]
    date: dt.date | None = None
    call_id: str | None = None
    role_hints: tuple[RoleHint, ...] = ()
    speaker_roles: tuple[SpeakerRole, ...] = ()
    warnings: tuple[str, ...] = ()
    gold: GoldCall | None = None
    # (speaker name, email address) as the source lists them (Gong parties, Fireflies
    # attendees): turns carry names only, and ``--seller-domain`` needs the address.
    speaker_emails: tuple[tuple[str, str], ...] = ()

    @property
    def speakers(self) -> tuple[str, ...]:
        """Speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            seen.setdefault(turn.speaker, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One change a context rule made to a finding's score, and why."""

    rule: str
    factor: float
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A labelled act in one turn, with the proof a coach needs to trust it.

    ``quote`` is always ``turn.text[start_char:end_char]``; ``raw_score`` is
    what the detector proposed and ``score`` what is left after context
    adjustments.  ``source`` is ``"rules"``, ``"model"`` or ``"rules+model"``.
    """

    label: Label
    turn: int
    start_char: int
    end_char: int
    quote: str
    speaker: str
    role: Role
    score: float
    raw_score: float
    source: str
    rule: str | None = None
    model: str | None = None
    time: float | None = None
    adjustments: tuple[Adjustment, ...] = ()
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """A pointer from a call-level score back to the turn that supports it."""

    turn: int
    reason: str
    quote: str
    label: str | None = None
    speaker: str | None = None
    time: float | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """What the call decided (``labels.md``: decision)."""

    value: DecisionValue
    reached: bool
    evidence: tuple[EvidenceRef, ...] = ()
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class LedByComponent:
    """One ingredient of the leadership score: signed points and the proof.

    Positive points mean the seller led on this component, negative that the
    prospect did.
    """

    name: str
    points: float
    detail: str
    evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class LedBy:
    """Who led the call; ``score`` is 0-100, 100 meaning the seller led fully."""

    value: LedByValue
    score: int
    components: tuple[LedByComponent, ...] = ()


@dataclass(frozen=True, slots=True)
class NextStep:
    """The concrete next step agreed in the call."""

    text: str
    turn: int
    owner: str | None = None
    due: dt.date | None = None
    due_text: str | None = None


@dataclass(frozen=True, slots=True)
class SideMetrics:
    """Interaction figures for one side of the call."""

    talk_seconds: float | None
    words: int
    talk_ratio: float
    turns: int
    questions: int
    longest_monologue_seconds: float | None
    longest_monologue_words: int


@dataclass(frozen=True, slots=True)
class Metrics:
    """Conversation-intelligence style figures for the whole call.

    ``talk_ratio`` is by time when every turn has times, else by words;
    ``basis`` says which.  ``interactivity`` is the raw rate of speaker
    switches (per minute on a time basis, per 100 words otherwise) and
    ``interactivity_score`` the same on a 0-10 scale.  ``patience_seconds``
    (the seller's average pause before answering the prospect) needs
    timestamps and is ``None`` otherwise.
    """

    basis: Literal["time", "words"]
    seller: SideMetrics
    prospect: SideMetrics
    interactivity: float
    patience_seconds: float | None
    duration_seconds: float | None
    turns: int
    interactivity_score: float = 0.0


@dataclass(frozen=True, slots=True)
class CallScore:
    """Every call-level result, with its evidence."""

    decision: Decision
    led_by: LedBy
    next_step: NextStep | None
    metrics: Metrics


@dataclass(frozen=True, slots=True)
class CallReport:
    """What :func:`analyzer.pipeline.analyze` returns for one transcript."""

    transcript: Transcript
    findings: tuple[Finding, ...]
    score: CallScore
    suppressed: tuple[Finding, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)

    def labels_of(self, turn: int) -> tuple[Label, ...]:
        """The union of the labels of a turn's findings, in ``LABELS`` order."""
        present = {f.label for f in self.findings if f.turn == turn}
        return tuple(label for label in LABELS if label in present)
