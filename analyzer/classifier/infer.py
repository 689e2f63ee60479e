"""Label probabilities for the turns of a call, from a trained model folder.

Every turn is encoded once (sorted by token count and batched under a token
budget, so short backchannels are not padded to the length of a monologue and
attention matrices stay small enough for the CPU's caches); each turn's head
input is its own vector, the vectors of the turns before it, and its role.
Loading happens on first use and once per process, and needs neither
transformers nor any network access.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from analyzer.classifier.inputs import role_features, role_text, turn_text
from analyzer.classifier.lean import Precision, resolve_precision
from analyzer.classifier.network import HIDDEN, gather_context, load_tokenizer
from analyzer.classifier.store import ModelMeta, load, read_meta
from analyzer.model import LABEL_ROLE, Turn

TOKENS_PER_BATCH = 512
"""Padded tokens per encoder batch.  Measured on the 250-turn sample (1 thread):
256-768 are equally fast; 4,096 (64 turns a batch) is 1.5x slower."""


class Prediction(Protocol):
    """One call's turn probabilities, able to score single sentences of its turns."""

    probabilities: dict[int, dict[str, float]]

    def sentence_probabilities(
        self, requests: Sequence[tuple[int, str, Sequence[str]]]
    ) -> list[list[float]]:
        """For each (turn, label, sentences): the label's probability for each sentence."""
        ...


class TurnScorer(Protocol):
    """What the pipeline needs of a classifier, in-process or in a child process."""

    @property
    def meta(self) -> ModelMeta:
        """The model's description (name, labels, thresholds)."""
        ...

    @property
    def resolved_precision(self) -> str:
        """``fp32`` or ``bf16``."""
        ...

    def predict(self, turns: Sequence[Turn]) -> Prediction:
        """Score every turn of known role."""
        ...


class TurnClassifier:
    """A loaded model; :meth:`predict` scores a call's turns and can then score sentences."""

    def __init__(
        self, directory: Path, threads: int | None = None, precision: Precision = "auto"
    ) -> None:
        self.directory = directory
        self.threads = threads
        self.precision = precision
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, Any, ModelMeta] | None = None
        self._meta: ModelMeta | None = None

    def _load(self) -> tuple[Any, Any, Any, ModelMeta]:
        with self._lock:
            if self._loaded is None:
                import torch

                if self.threads:
                    torch.set_num_threads(self.threads)
                encoder, head, meta = load(self.directory, self.resolved_precision)
                tokenizer = load_tokenizer(meta.network.max_length)
                tokenizer.no_padding()  # _embed pads each length-sorted batch itself
                self._loaded = (encoder, head, tokenizer, meta)
            return self._loaded

    def load(self) -> None:
        """Load the weights now rather than on first use (a no-op once loaded)."""
        self._load()

    @property
    def meta(self) -> ModelMeta:
        """The model folder's description (reads ``config.json`` only, not the weights)."""
        if self._meta is None:
            self._meta = self._loaded[3] if self._loaded else read_meta(self.directory)
        return self._meta

    @cached_property
    def resolved_precision(self) -> str:
        """``fp32`` or ``bf16``: what ``auto`` means on this CPU (probed once)."""
        return resolve_precision(self.precision)

    def _embed(self, texts: Sequence[str]) -> Any:
        """One vector per text, in input order."""
        import torch

        encoder, _, tokenizer, _ = self._load()
        ids = [e.ids for e in tokenizer.encode_batch(list(texts))]
        out = torch.zeros(len(texts), HIDDEN)
        with torch.inference_mode():
            for batch in token_batches([len(row) for row in ids], TOKENS_PER_BATCH):
                width = len(ids[batch[-1]])
                padded = torch.zeros(len(batch), width, dtype=torch.long)
                mask = torch.zeros(len(batch), width, dtype=torch.long)
                for row, i in enumerate(batch):
                    padded[row, : len(ids[i])] = torch.tensor(ids[i])
                    mask[row, : len(ids[i])] = 1
                out[batch] = encoder(padded, mask)
        return out

    def _head(self, turn_vectors: Any, context: Any, roles: Sequence[str]) -> list[list[float]]:
        import torch

        _, head, _, _ = self._load()
        role_tensor = torch.tensor([role_features(r) for r in roles])
        with torch.inference_mode():
            rows: list[list[float]] = torch.sigmoid(
                head(turn_vectors, context, role_tensor)
            ).tolist()
        return rows

    def predict(self, turns: Sequence[Turn]) -> CallPrediction:
        """Encode every turn of a call once and score every turn of known role.

        Only labels the turn's role may carry are scored (a seller turn is
        never scored as a stall); turns of unknown role are skipped.
        """
        meta = self.meta
        wanted = [i for i, t in enumerate(turns) if t.role != "unknown"]
        vectors: Any = self._embed([turn_text(t) for t in turns])
        probabilities: dict[int, dict[str, float]] = {}
        if wanted:
            context = gather_context(vectors, wanted, meta.network.context_turns)
            rows = self._head(vectors[wanted], context, [turns[i].role for i in wanted])
            for i, row in zip(wanted, rows, strict=True):
                role = turns[i].role
                probabilities[i] = {
                    label: p
                    for label, p in zip(meta.network.labels, row, strict=True)
                    if LABEL_ROLE.get(label) == role  # type: ignore[call-overload]
                }
        return CallPrediction(self, turns, vectors, probabilities)

    def probabilities(
        self, turns: Sequence[Turn], indices: Sequence[int]
    ) -> dict[int, dict[str, float]]:
        """``{turn index: {label: probability}}`` for the given turns."""
        scored = self.predict(turns).probabilities
        return {i: scored[i] for i in indices if i in scored}


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices grouped into batches of similar length, shortest first.

    A batch grows while ``rows x longest row`` (its padded size) stays within
    ``budget``; a single text longer than the budget is a batch of its own.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) + 1) * lengths[i] > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


class CallPrediction:
    """One call's turn vectors and label probabilities, reused to pick quotes."""

    def __init__(
        self,
        classifier: TurnClassifier,
        turns: Sequence[Turn],
        vectors: Any,
        probabilities: dict[int, dict[str, float]],
    ) -> None:
        self.classifier = classifier
        self.turns = turns
        self.vectors = vectors
        self.probabilities = probabilities

    def sentence_probabilities(
        self, requests: Sequence[tuple[int, str, Sequence[str]]]
    ) -> list[list[float]]:
        """For each (turn, label, sentences): the label's probability for each sentence alone.

        Used to pick the sentence that drove a model-only finding, so its quote
        is that sentence, not the whole turn.  Each sentence is read in its
        turn's place (same context turns, same role); all sentences of all
        requests are encoded in one batch.
        """
        import torch

        if not requests:
            return []
        meta = self.classifier.meta
        texts = [role_text(self.turns[t].role, s) for t, _, sents in requests for s in sents]
        own = self.classifier._embed(texts)
        positions = [t for t, _, sents in requests for _ in sents]
        full = torch.cat([self.vectors, own])
        # Context of each sentence = the vectors before its turn, as gather_context builds them.
        context = torch.stack(
            [
                torch.stack(
                    [
                        full[t - k] if t - k >= 0 else full.new_zeros(full.shape[1])
                        for k in range(1, meta.network.context_turns + 1)
                    ]
                )
                for t in positions
            ]
        )
        rows = self.classifier._head(own, context, [self.turns[t].role for t in positions])
        out: list[list[float]] = []
        k = 0
        for _, label, sents in requests:
            column = meta.network.labels.index(label)
            out.append([rows[k + j][column] for j in range(len(sents))])
            k += len(sents)
        return out
