"""What the classifier reads: each turn once, as ``"<role>: <text>"``.

Every turn is encoded on its own, once; a turn's context is the embeddings of
the turns just before it, combined in the head.  So "Sure, I'll send it over"
is judged next to the "send me some info" before it, yet a 250-turn call costs
250 short encodings rather than 250 long ones.  Training and inference both
call :func:`turn_text`, so the model always sees text shaped as in training.
"""

from __future__ import annotations

from analyzer.model import Turn

#: A long turn keeps its opening and its end (where answers and closes usually sit).
TURN_HEAD_CHARS = 150
TURN_TAIL_CHARS = 350


def turn_text(turn: Turn) -> str:
    """The text the encoder reads for one turn."""
    return role_text(turn.role, turn.text)


def role_text(role: str, text: str) -> str:
    """``"<role>: <text>"`` with an over-long text cut to its head and tail."""
    if len(text) > TURN_HEAD_CHARS + TURN_TAIL_CHARS:
        text = f"{text[:TURN_HEAD_CHARS]} ... {text[-TURN_TAIL_CHARS:]}"
    return f"{role}: {text}"


def role_features(role: str) -> tuple[float, float]:
    """One-hot (seller, prospect) for the head."""
    return (1.0 if role == "seller" else 0.0, 1.0 if role == "prospect" else 0.0)
