"""Label probabilities for the turns of a call, from a trained model folder.

Loading happens on first use and once per process.  Inputs are sorted by
length and batched so short backchannels are not padded to the length of a
monologue: on CPU, padding is most of the cost.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analyzer.classifier.inputs import turn_input
from analyzer.classifier.store import ModelMeta, load, read_meta
from analyzer.model import LABEL_ROLE, Turn

BATCH_SIZE = 32


class TurnClassifier:
    """A loaded model: ``probabilities`` for turns, ``sentence_probabilities`` for quotes."""

    def __init__(self, directory: Path, threads: int | None = None) -> None:
        self.directory = directory
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, ModelMeta] | None = None
        self._meta: ModelMeta | None = None

    def _load(self) -> tuple[Any, Any, ModelMeta]:
        with self._lock:
            if self._loaded is None:
                import torch
                from transformers import AutoTokenizer

                from analyzer.classifier.network import base_model_path

                if self.threads:
                    torch.set_num_threads(self.threads)
                network, meta = load(self.directory)
                tokenizer = AutoTokenizer.from_pretrained(str(base_model_path()))
                self._loaded = (network, tokenizer, meta)
            return self._loaded

    @property
    def meta(self) -> ModelMeta:
        """The model folder's description (reads ``config.json`` only, not the weights)."""
        if self._meta is None:
            self._meta = self._loaded[2] if self._loaded else read_meta(self.directory)
        return self._meta

    def _run(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        import torch

        network, tokenizer, meta = self._load()
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        out: list[list[float]] = [[] for _ in pairs]
        with torch.inference_mode():
            for start in range(0, len(order), BATCH_SIZE):
                idx = order[start : start + BATCH_SIZE]
                enc = tokenizer(
                    [pairs[i][0] for i in idx],
                    [pairs[i][1] for i in idx],
                    truncation="longest_first",
                    max_length=meta.network.max_length,
                    padding=True,
                    return_tensors="pt",
                )
                logits = network(enc["input_ids"], enc["token_type_ids"], enc["attention_mask"])
                for i, row in zip(idx, torch.sigmoid(logits).tolist(), strict=True):
                    out[i] = row
        return out

    def probabilities(
        self, turns: Sequence[Turn], indices: Sequence[int]
    ) -> dict[int, dict[str, float]]:
        """``{turn index: {label: probability}}`` for the given turns.

        Only labels the turn's role may carry are returned (a seller turn is
        never scored as a stall); turns of unknown role are skipped.
        """
        meta = self.meta
        wanted = [i for i in indices if turns[i].role != "unknown"]
        pairs = [turn_input(turns, i, meta.network.context_turns) for i in wanted]
        rows = self._run(pairs) if pairs else []
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
        is the sentence, not the whole turn.
        """
        meta = self.meta
        _, context = turn_input(turns, index, meta.network.context_turns)
        role = turns[index].role
        pairs = [(f"{role}: {s}", context) for s in sentences]
        column = meta.network.labels.index(label)
        return [row[column] for row in self._run(pairs)]
