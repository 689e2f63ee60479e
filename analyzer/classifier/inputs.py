"""What the classifier reads for one turn: the turn with its role, and what came before.

"Sure, I'll send it over" is a giveaway after "send me some info" and not after
"send the contract, I'll sign it today", so the turn is paired with the turns
just before it.  Training and inference both call :func:`turn_input`, so the
model always sees the same shape of text it was trained on.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Turn

#: Characters of earlier turns kept as context (the tokenizer truncates further).
CONTEXT_CHARS = 300

#: A long turn keeps its opening and its end (where answers and closes usually sit).
TURN_HEAD_CHARS = 200
TURN_TAIL_CHARS = 400


def turn_input(turns: Sequence[Turn], index: int, context_turns: int = 2) -> tuple[str, str]:
    """``(text, context)`` for the turn at ``index``.

    The text is ``"<role>: <turn text>"``; the context is up to ``context_turns``
    earlier turns, nearest last, each as ``"<role>: <text>"``, keeping the end
    of the context when it is long (the words right before the turn matter most).
    """
    turn = turns[index]
    body = turn.text
    if len(body) > TURN_HEAD_CHARS + TURN_TAIL_CHARS:
        body = f"{body[:TURN_HEAD_CHARS]} ... {body[-TURN_TAIL_CHARS:]}"
    text = f"{turn.role}: {body}"
    earlier = [f"{t.role}: {t.text}" for t in turns[max(0, index - context_turns) : index]]
    context = " | ".join(earlier)
    if len(context) > CONTEXT_CHARS:
        context = context[-CONTEXT_CHARS:]
    return text, context or "(start of call)"
