"""What every detector receives and must return.

A detector looks at a whole call (so it can read the turns before the one it
judges) and proposes findings.  It never loads models itself: annotations come
in through :class:`CallContext`, built once per call by the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from analyzer.model import Finding, Transcript, Turn
from analyzer.nlp import TurnDoc


@dataclass(frozen=True, slots=True)
class CallContext:
    """A transcript with roles assigned, and one :class:`TurnDoc` per turn."""

    transcript: Transcript
    docs: tuple[TurnDoc, ...]

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The transcript's turns."""
        return self.transcript.turns

    def previous_turn(self, index: int, *, other_side: bool = True) -> Turn | None:
        """The nearest earlier turn, by default one spoken by the other side."""
        me = self.turns[index]
        for turn in reversed(self.turns[:index]):
            if not other_side or (turn.role != me.role and turn.role != "unknown"):
                return turn
        return None


class Detector(Protocol):
    """A unit that proposes findings for a call.

    ``name`` is stable and versioned (``"rules.stall@1"``): it is what a
    finding's ``rule`` or ``model`` field cites and what batch stores key on.
    """

    name: str

    def detect(self, call: CallContext) -> Sequence[Finding]:
        """Propose findings; each carries span, quote, score and rule."""
        ...
