"""Coach actions: validation, latest-action-wins state, and the labels they add up to."""

from __future__ import annotations

import pytest
from review_builders import SALES_CALL, SALES_HITS, report

from analyzer.review.actions import (
    MAX_NOTE_CHARS,
    ActionError,
    CoachAction,
    FindingKey,
    ReviewState,
    coach_only_keys,
    finding_status,
    machine_keys,
    review_state,
    turn_labels,
    validate_action,
)

REPORT = report(SALES_CALL, SALES_HITS)
STALL_1 = machine_keys(REPORT)[0]  # stall on turn 1
GIVEAWAY_2 = machine_keys(REPORT)[1]
STALL_3 = machine_keys(REPORT)[2]


def act(
    n: int, action: str, key: FindingKey | None = None, value: str | None = None
) -> CoachAction:
    return CoachAction(n, "coach", f"2026-03-0{n}T10:00:00", action, key, value)  # type: ignore[arg-type]


def key_form(key: FindingKey, action: str) -> dict[str, str]:
    return {
        "action": action,
        "label": key.label,
        "turn": str(key.turn),
        "start": str(key.start_char),
        "end": str(key.end_char),
    }


def test_machine_keys_follow_the_report() -> None:
    text = SALES_CALL[1][2]
    assert FindingKey(1, 0, len("Just send me some info"), "stall") == STALL_1
    assert text[STALL_1.start_char : STALL_1.end_char] == "Just send me some info"


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([], "machine"),
        ([act(1, "confirm", STALL_1)], "confirmed"),
        ([act(1, "reject", STALL_1)], "rejected"),
        ([act(1, "reject", STALL_1), act(2, "confirm", STALL_1)], "confirmed"),
        ([act(1, "confirm", STALL_1), act(2, "reject", STALL_1)], "rejected"),
        # ids order the actions, not the list order
        ([act(2, "reject", STALL_1), act(1, "confirm", STALL_1)], "rejected"),
        # near miss: a reject of another finding leaves this one alone
        ([act(1, "reject", STALL_3)], "machine"),
        # near miss: same span, other label
        (
            [act(1, "reject", FindingKey(1, STALL_1.start_char, STALL_1.end_char, "decline"))],
            "machine",
        ),
    ],
)
def test_latest_action_on_a_finding_wins(actions: list[CoachAction], expected: str) -> None:
    assert finding_status(STALL_1, review_state(actions), machine=True) == expected


def test_call_labels_latest_wins_and_notes_accumulate() -> None:
    state = review_state(
        [
            act(1, "set_decision", value="advance"),
            act(2, "note", value="first"),
            act(3, "set_decision", value="decline"),
            act(4, "set_led_by", value="seller"),
            act(5, "note", value="second"),
        ]
    )
    assert state.decision is not None and state.decision.value == "decline"
    assert state.led_by is not None and state.led_by.value == "seller"
    assert [n.value for n in state.notes] == ["first", "second"]
    assert state.reviewed and state.reviewers == ("coach",)
    assert state.last_at == "2026-03-05T10:00:00"
    assert not ReviewState().reviewed


def test_turn_labels_drop_rejected_and_keep_added() -> None:
    added = FindingKey(3, 22, 43, "stall")  # "Call me next quarter."
    assert SALES_CALL[3][2][22:43] == "Call me next quarter."
    state = review_state(
        [act(1, "reject", GIVEAWAY_2), act(2, "reject", STALL_3), act(3, "add", added)]
    )
    labels = turn_labels(REPORT, state)
    assert labels.get(1) == ("stall",)
    assert 2 not in labels  # its only finding was rejected
    assert labels.get(3) == ("stall",)  # the machine's stall is rejected but the added one counts
    assert coach_only_keys(REPORT, state) == [added]
    assert turn_labels(REPORT, review_state([act(1, "reject", STALL_3)])).get(3) is None


def test_removing_an_added_finding_takes_its_label_away() -> None:
    added = FindingKey(0, 0, 6, "giveaway")
    state = review_state([act(1, "add", added), act(2, "reject", added)])
    assert finding_status(added, state, machine=False) == "rejected"
    assert 0 not in turn_labels(REPORT, state)


def test_added_spans_that_no_longer_fit_the_call_are_ignored() -> None:
    state = review_state(
        [
            act(1, "add", FindingKey(99, 0, 3, "stall")),
            act(2, "add", FindingKey(1, 0, 999, "stall")),
        ]
    )
    assert coach_only_keys(REPORT, state) == []


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (key_form(STALL_1, "confirm"), ("confirm", STALL_1, None)),
        (key_form(STALL_1, "reject"), ("reject", STALL_1, None)),
        (
            {
                "action": "add",
                "label": "stall",
                "turn": "3",
                "start": "22",
                "end": "43",
                "quote": "Call me next quarter.",
            },
            ("add", FindingKey(3, 22, 43, "stall"), None),
        ),
        (
            {"action": "add", "label": "giveaway", "turn": "0", "start": "0", "end": "6"},
            ("add", FindingKey(0, 0, 6, "giveaway"), None),
        ),
        ({"action": "set_decision", "value": " advance "}, ("set_decision", None, "advance")),
        ({"action": "set_led_by", "value": "seller"}, ("set_led_by", None, "seller")),
        (
            {"action": "note", "value": "Push for a date next time."},
            ("note", None, "Push for a date next time."),
        ),
    ],
)
def test_valid_actions(form: dict[str, str], expected: tuple[object, ...]) -> None:
    new = validate_action(REPORT, ReviewState(), form)
    assert (new.action, new.key, new.value) == expected


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"action": "delete"}, "unknown action"),
        ({"action": ""}, "unknown action"),
        ({**key_form(STALL_1, "reject"), "label": "objection"}, "unknown label"),
        ({**key_form(STALL_1, "reject"), "turn": "x"}, "turn must be a whole number"),
        ({**key_form(STALL_1, "reject"), "turn": "9"}, "turn 9 is not in this call"),
        ({**key_form(STALL_1, "reject"), "turn": "-1"}, "turn -1 is not in this call"),
        # near miss: the span of a finding that does not exist (one character off)
        ({**key_form(STALL_1, "reject"), "end": str(STALL_1.end_char - 1)}, "has no stall finding"),
        ({**key_form(STALL_1, "confirm"), "label": "decline"}, "has no decline finding"),
        ({"action": "add", "label": "stall", "turn": "1", "start": "5", "end": "5"}, "not a span"),
        (
            {"action": "add", "label": "stall", "turn": "1", "start": "0", "end": "999"},
            "not a span",
        ),
        # wrong side: a stall is a prospect act, a giveaway a seller act, unknown roles none
        ({"action": "add", "label": "stall", "turn": "0", "start": "0", "end": "6"}, "seller turn"),
        (
            {"action": "add", "label": "giveaway", "turn": "1", "start": "0", "end": "4"},
            "prospect turn",
        ),
        (
            {"action": "add", "label": "stall", "turn": "4", "start": "0", "end": "3"},
            "unknown turn",
        ),
        (
            {
                "action": "add",
                "label": "stall",
                "turn": "1",
                "start": "0",
                "end": "4",
                "quote": "Jus",
            },
            "does not match",
        ),
        ({"action": "set_decision", "value": "maybe"}, "unknown decision"),
        ({"action": "set_decision", "value": ""}, "unknown decision"),
        ({"action": "set_led_by", "value": "nobody"}, "unknown led_by"),
        ({"action": "note", "value": "   "}, "the note is empty"),
        ({"action": "note", "value": "x" * (MAX_NOTE_CHARS + 1)}, "longer than"),
    ],
)
def test_invalid_actions_are_refused(form: dict[str, str], message: str) -> None:
    with pytest.raises(ActionError, match=message):
        validate_action(REPORT, ReviewState(), form)


def test_an_added_finding_can_be_rejected_later() -> None:
    added = FindingKey(3, 22, 43, "stall")
    form = key_form(added, "reject")
    with pytest.raises(ActionError):
        validate_action(REPORT, ReviewState(), form)
    state = review_state([act(1, "add", added)])
    assert validate_action(REPORT, state, form).key == added
