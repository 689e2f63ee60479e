"""Label probabilities for the turns of a call, from a trained model folder.

Every turn is encoded once (sorted by length and batched, so short
backchannels are not padded to the length of a monologue); each turn's head
input is its own vector, the vectors of the turns before it, and its role.
Loading happens on first use and once per process, and needs neither
transformers nor any network access.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analyzer.classifier.inputs import role_features, role_text, turn_text
from analyzer.classifier.network import encode_texts, gather_context, load_tokenizer
from analyzer.classifier.store import ModelMeta, load, read_meta
from analyzer.model import LABEL_ROLE, Turn

BATCH_SIZE = 64


class TurnClassifier:
    """A loaded model: ``probabilities`` for turns, ``sentence_probabilities`` for quotes."""

    def __init__(self, directory: Path, threads: int | None = None) -> None:
        self.directory = directory
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, Any, ModelMeta] | None = None
        self._meta: ModelMeta | None = None

    def _load(self) -> tuple[Any, Any, Any, ModelMeta]:
        with self._lock:
            if self._loaded is None:
                import torch

                if self.threads:
                    torch.set_num_threads(self.threads)
                encoder, head, meta = load(self.directory)
                tokenizer = load_tokenizer(meta.network.max_length)
                self._loaded = (encoder, head, tokenizer, meta)
            return self._loaded

    @property
    def meta(self) -> ModelMeta:
        """The model folder's description (reads ``config.json`` only, not the weights)."""
        if self._meta is None:
            self._meta = self._loaded[3] if self._loaded else read_meta(self.directory)
        return self._meta

    def _embed(self, texts: Sequence[str]) -> Any:
        """One vector per text, in input order."""
        import torch

        encoder, _, tokenizer, _ = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = torch.zeros(len(texts), 384)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH_SIZE):
                idx = order[start : start + BATCH_SIZE]
                ids, mask = encode_texts(tokenizer, [texts[i] for i in idx])
                out[idx] = encoder(ids, mask)
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

    def probabilities(
        self, turns: Sequence[Turn], indices: Sequence[int]
    ) -> dict[int, dict[str, float]]:
        """``{turn index: {label: probability}}`` for the given turns.

        Only labels the turn's role may carry are returned (a seller turn is
        never scored as a stall); turns of unknown role are skipped.
        """
        meta = self.meta
        wanted = [i for i in indices if turns[i].role != "unknown"]
        if not wanted:
            return {}
        vectors = self._embed([turn_text(t) for t in turns])
        context = gather_context(vectors, wanted, meta.network.context_turns)
        rows = self._head(vectors[wanted], context, [turns[i].role for i in wanted])
        result: dict[int, dict[str, float]] = {}
        for i, row in zip(wanted, rows, strict=True):
            role = turns[i].role
            result[i] = {
                label: p
                for label, p in zip(meta.network.labels, row, strict=True)
                if LABEL_ROLE.get(label) == role  # type: ignore[call-overload]
            }
        return result

    def sentence_probabilities(
        self, turns: Sequence[Turn], index: int, sentences: Sequence[str], label: str
    ) -> list[float]:
        """The probability of ``label`` for each sentence of a turn read on its own.

        Used to pick the sentence that drove a model-only finding, so its quote
        is the sentence, not the whole turn.  The context is the same turns as
        for the whole turn.
        """
        import torch

        meta = self.meta
        role = turns[index].role
        earlier = [
            turn_text(turns[i]) for i in range(max(0, index - meta.network.context_turns), index)
        ]
        vectors = self._embed([*earlier, *(role_text(role, s) for s in sentences)])
        n_ctx = len(earlier)
        own = vectors[n_ctx:]
        # Context vectors nearest first, zero-padded like gather_context does.
        ctx_rows = [
            vectors[n_ctx - k] if n_ctx - k >= 0 else torch.zeros(384)
            for k in range(1, meta.network.context_turns + 1)
        ]
        context = torch.stack(ctx_rows).unsqueeze(0).expand(len(sentences), -1, -1)
        rows = self._head(own, context, [role] * len(sentences))
        column = meta.network.labels.index(label)
        return [row[column] for row in rows]
