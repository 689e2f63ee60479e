"""Coach actions: what a reviewer did to a call, and the state those actions add up to.

Actions are append-only (nothing here updates or deletes one): the machine's
report stays as it was stored, and every correction is a new row with who and
when.  The effective state of a call is computed from its actions in order,
the latest action on the same thing winning:

* a finding is named by its :class:`FindingKey` (label, turn and character
  span), so ``confirm``, ``reject`` and ``add`` on the same key override each
  other whether the finding came from the machine or from a coach;
* ``set_decision`` and ``set_led_by`` override the machine's call labels;
* notes accumulate.

Everything in this module is pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from analyzer.errors import UsageError
from analyzer.model import DECISIONS, LABEL_ROLE, LABELS, LED_BY_VALUES, Label

ActionKind = Literal["confirm", "reject", "add", "set_decision", "set_led_by", "note"]
ACTION_KINDS: tuple[ActionKind, ...] = get_args(ActionKind)
FINDING_ACTIONS: tuple[ActionKind, ...] = ("confirm", "reject", "add")

#: Longest note a coach may leave (a note is a remark, not a document).
MAX_NOTE_CHARS = 5000

FindingStatus = Literal["machine", "confirmed", "rejected", "added"]


class ActionError(UsageError):
    """A coach action that cannot be recorded (the web app answers 400 with the message)."""


@dataclass(frozen=True, slots=True, order=True)
class FindingKey:
    """A finding's identity: its label on a character span of one turn."""

    turn: int
    start_char: int
    end_char: int
    label: Label


@dataclass(frozen=True, slots=True)
class CallRef:
    """A stored call: its row id, and the content identity coach actions attach to."""

    call_id: int
    content_hash: str
    call_key: str
    source: str


@dataclass(frozen=True, slots=True)
class NewAction:
    """A validated action, not yet stored."""

    action: ActionKind
    key: FindingKey | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class CoachAction:
    """One stored action with who did it and when (``id`` orders them)."""

    id: int
    reviewer: str
    created_at: str
    action: ActionKind
    key: FindingKey | None = None
    value: str | None = None
    call_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReviewState:
    """The effective coach state of one call: latest action per thing, plus all notes."""

    findings: Mapping[FindingKey, CoachAction] = field(default_factory=dict)
    decision: CoachAction | None = None
    led_by: CoachAction | None = None
    notes: tuple[CoachAction, ...] = ()
    history: tuple[CoachAction, ...] = ()

    @property
    def reviewed(self) -> bool:
        """Whether any coach acted on the call."""
        return bool(self.history)

    @property
    def reviewers(self) -> tuple[str, ...]:
        """Everyone who acted on the call, in order of first action."""
        return tuple(dict.fromkeys(a.reviewer for a in self.history))

    @property
    def last_at(self) -> str | None:
        """When the latest action was taken."""
        return self.history[-1].created_at if self.history else None


def review_state(actions: Sequence[CoachAction]) -> ReviewState:
    """Fold a call's actions (any order; ``id`` decides) into its effective state."""
    ordered = tuple(sorted(actions, key=lambda a: a.id))
    findings: dict[FindingKey, CoachAction] = {}
    decision: CoachAction | None = None
    led_by: CoachAction | None = None
    notes: list[CoachAction] = []
    for action in ordered:
        if action.action in FINDING_ACTIONS and action.key is not None:
            findings[action.key] = action
        elif action.action == "set_decision":
            decision = action
        elif action.action == "set_led_by":
            led_by = action
        elif action.action == "note":
            notes.append(action)
    return ReviewState(findings, decision, led_by, tuple(notes), ordered)


def machine_keys(report: Mapping[str, Any]) -> list[FindingKey]:
    """The key of each machine finding, in the report's order."""
    return [
        FindingKey(int(f["turn"]), int(f["start_char"]), int(f["end_char"]), f["label"])
        for f in report.get("findings", [])
    ]


def finding_status(key: FindingKey, state: ReviewState, *, machine: bool) -> FindingStatus:
    """What the coach made of one finding (``machine``: not reviewed yet)."""
    last = state.findings.get(key)
    if last is None:
        return "machine" if machine else "rejected"
    if last.action == "reject":
        return "rejected"
    if machine:
        return "confirmed"
    return "added"


def coach_only_keys(report: Mapping[str, Any], state: ReviewState) -> list[FindingKey]:
    """Keys a coach added that the machine did not find, in the order they were first added."""
    known = set(machine_keys(report))
    turns = report.get("turns", [])
    first_add: dict[FindingKey, int] = {}
    for action in state.history:
        key = action.key
        if action.action != "add" or key is None or key in known:
            continue
        # A span that no longer fits the call (its content was re-read differently) is skipped.
        if 0 <= key.turn < len(turns) and key.end_char <= len(str(turns[key.turn]["text"])):
            first_add.setdefault(key, action.id)
    return sorted(first_add, key=first_add.__getitem__)


def turn_labels(report: Mapping[str, Any], state: ReviewState) -> dict[int, tuple[Label, ...]]:
    """Each turn's labels after coach review: machine findings minus rejected plus added.

    A label stays on a turn while any finding with that label there is not rejected.
    """
    present: dict[int, set[Label]] = {}
    for key in machine_keys(report):
        if finding_status(key, state, machine=True) != "rejected":
            present.setdefault(key.turn, set()).add(key.label)
    for key in coach_only_keys(report, state):
        if finding_status(key, state, machine=False) == "added":
            present.setdefault(key.turn, set()).add(key.label)
    return {
        turn: tuple(label for label in LABELS if label in labels)
        for turn, labels in sorted(present.items())
    }


def _int(form: Mapping[str, str], name: str) -> int:
    raw = (form.get(name) or "").strip()
    try:
        return int(raw)
    except ValueError:
        raise ActionError(f"{name} must be a whole number, not {raw!r}") from None


def _finding_key(report: Mapping[str, Any], form: Mapping[str, str]) -> FindingKey:
    label = (form.get("label") or "").strip()
    if label not in LABELS:
        raise ActionError(f"unknown label {label!r}", fix=f"use one of: {', '.join(LABELS)}")
    turn, start, end = _int(form, "turn"), _int(form, "start"), _int(form, "end")
    turns = report.get("turns", [])
    if not 0 <= turn < len(turns):
        raise ActionError(f"turn {turn} is not in this call ({len(turns)} turns)")
    text = str(turns[turn]["text"])
    if not 0 <= start < end <= len(text):
        raise ActionError(
            f"characters {start}-{end} are not a span of turn {turn} ({len(text)} characters)",
            fix="select some text inside one turn",
        )
    return FindingKey(turn, start, end, label)


def validate_action(
    report: Mapping[str, Any], state: ReviewState, form: Mapping[str, str]
) -> NewAction:
    """Check a submitted form against the call and return the action to store.

    Raises:
        ActionError: an unknown action or value, a span outside the turn, a
            label on the wrong side, a quote that does not match, or a
            confirm/reject of a finding the call does not have.
    """
    kind = (form.get("action") or "").strip()
    if kind not in ACTION_KINDS:
        raise ActionError(f"unknown action {kind!r}", fix=f"use one of: {', '.join(ACTION_KINDS)}")
    action = kind
    if action in FINDING_ACTIONS:
        key = _finding_key(report, form)
        if action == "add":
            turn = report["turns"][key.turn]
            side = LABEL_ROLE[key.label]
            if turn.get("role") != side:
                raise ActionError(
                    f"turn {key.turn} is a {turn.get('role')} turn; {key.label} is {side} only",
                    fix="select text in a turn of the right side (labels.md)",
                )
            quote = form.get("quote")
            actual = str(turn["text"])[key.start_char : key.end_char]
            if quote is not None and quote != actual:
                raise ActionError(
                    f"the selected text does not match turn {key.turn} at "
                    f"{key.start_char}-{key.end_char}",
                    fix="reload the page and select the text again",
                )
        elif key not in set(machine_keys(report)) and key not in state.findings:
            raise ActionError(
                f"this call has no {key.label} finding at turn {key.turn} "
                f"{key.start_char}-{key.end_char}",
                fix="reload the page",
            )
        return NewAction(action, key=key)
    value = (form.get("value") or "").strip()
    if action == "set_decision" and value not in DECISIONS:
        raise ActionError(f"unknown decision {value!r}", fix=f"use one of: {', '.join(DECISIONS)}")
    if action == "set_led_by" and value not in LED_BY_VALUES:
        raise ActionError(
            f"unknown led_by {value!r}", fix=f"use one of: {', '.join(LED_BY_VALUES)}"
        )
    if action == "note":
        if not value:
            raise ActionError("the note is empty", fix="write something before saving")
        if len(value) > MAX_NOTE_CHARS:
            raise ActionError(f"the note is longer than {MAX_NOTE_CHARS} characters")
    return NewAction(action, value=value)
