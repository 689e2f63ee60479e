"""Question detection for punctuated and unpunctuated text (no spaCy)."""

from __future__ import annotations

import pytest

from analyzer.scoring.questions import count_questions, is_open_question, is_question


@pytest.mark.parametrize(
    ("sentence", "punctuated", "expected"),
    [
        ("What's your budget?", True, True),
        ('Does Tuesday work?"', True, True),
        ("What we need is a plan.", True, False),  # interrogative word, not a question
        ("Tell me about your process.", True, False),  # punctuated: only '?' counts
        ("what is your timeline", False, True),
        ("so how do you handle it today", False, True),
        ("can you send it over", False, True),
        ("can do", False, False),
        ("will do", False, False),
        ("we do have a budget", False, False),
        ("got it that makes sense when is the landlord supposed to answer", False, True),
        ("i dont know what that week looks like yet", False, False),
        ("we can do that", False, False),
        # mid-turn questions in unpunctuated text, and near misses that only look like them
        ("and the depot run how long does that take you", False, True),
        ("makes sense when in the fall are you thinking like september", False, True),
        ("whos doing your geotech and are you happy with the turnaround", False, True),
        ("would that be early enough to catch your next phase", False, True),
        ("the dairy thing though is that worth fixing separately", False, True),
        ("who picks the geotech firm is that you or your project manager", False, True),
        ("i know what you mean we did that last year", False, False),
        ("i know where the files are", False, False),
        ("we did it because it was right", False, False),
        ("that would be great thanks", False, False),
    ],
)
def test_is_question(sentence: str, punctuated: bool, expected: bool) -> None:
    assert is_question(sentence, punctuated=punctuated) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("What's driving the project?", True),
        ("So how are you handling it today?", True),
        ("Walk me through your process?", True),
        ("Is Tuesday good?", False),
        ("Do you have budget?", False),
        ("Understood, what's the timeline?", True),
        ("totally so one question who do you buy your dairy from", True),
        ("Is that what you want?", False),
        ("Can you tell me more?", False),
    ],
)
def test_open_questions(sentence: str, expected: bool) -> None:
    assert is_open_question(sentence) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What's the budget? Who signs off? Great.", 2),
        ("Great. Thanks!", 0),
        ("??", 0),
        ("what is the budget, who signs off", 2),
        ("thanks, talk soon", 0),
        ("so what is your timeline", 1),
        ("got it that makes sense when is the landlord supposed to answer", 1),
        ("totally fair can we get mike on a call then how does thursday look", 2),
        ("i know what you mean we did that last year", 0),
    ],
)
def test_count_questions(text: str, expected: int) -> None:
    assert count_questions(text) == expected
