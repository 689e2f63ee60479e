"""Call-level scoring: decision, who led, next step and interaction metrics.

Everything here is pure: a :class:`~analyzer.detectors.base.CallContext`
(the transcript with roles, and one ``TurnDoc`` per turn) and the accepted
turn findings in, frozen values out.  Nothing loads a model or reads the
clock; the only file read is the shipped cue list (``cues.yaml``), once.

Modules, one job each:

* :mod:`~analyzer.scoring.decision`: advance / decline / regress / no_decision;
* :mod:`~analyzer.scoring.leadership`: ``led_by`` with signed components;
* :mod:`~analyzer.scoring.next_step`: the agreed step, its owner and due date;
* :mod:`~analyzer.scoring.dates`: spoken dates to calendar dates;
* :mod:`~analyzer.scoring.metrics`: Gong/Chorus-style interaction metrics;
* :mod:`~analyzer.scoring.acts`, :mod:`~analyzer.scoring.cues`,
  :mod:`~analyzer.scoring.questions`, :mod:`~analyzer.scoring.spans`: the
  shared pieces (decisive acts, cue matching, questions, verbatim quotes).
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.detectors.base import CallContext
from analyzer.model import CallScore, Finding
from analyzer.scoring.cues import ScoringCues, load_cues
from analyzer.scoring.dates import resolve_date
from analyzer.scoring.decision import decide
from analyzer.scoring.leadership import lead
from analyzer.scoring.metrics import compute_metrics, interactivity_score
from analyzer.scoring.next_step import find_next_step
from analyzer.scoring.spans import check_call

__all__ = [
    "compute_metrics",
    "decide",
    "find_next_step",
    "interactivity_score",
    "lead",
    "resolve_date",
    "score_call",
]


def score_call(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> CallScore:
    """Every call-level result for one call, each with its evidence.

    ``findings`` are the accepted turn findings (commitment, stall and
    decline on prospect turns, giveaway on seller turns); ``cues`` replaces
    the shipped ``cues.yaml`` (for tests or a tuned rules file).  Raises
    ``ValueError`` when the context's annotations or the findings do not
    belong to the call (a pipeline bug, not bad input).
    """
    check_call(call)
    cues = cues or load_cues()
    return CallScore(
        decision=decide(call, findings, cues),
        led_by=lead(call, findings, cues),
        next_step=find_next_step(call, findings, cues),
        metrics=compute_metrics(call.transcript),
    )
