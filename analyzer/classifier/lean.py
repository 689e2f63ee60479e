"""A small BERT encoder in plain torch, for inference.

It runs exactly the computation of ``transformers.BertModel`` (embeddings,
post-LayerNorm self-attention and GELU feed-forward layers) on the same
state-dict names, so the shipped MiniLM weights and the fine-tuned layers load
into it unchanged.  It exists because importing transformers takes seconds,
more than the whole per-call budget of the classifier; the tests check that
its output equals ``BertModel``'s.
"""

from __future__ import annotations

import math
from typing import Any

HEADS = 12
EPS = 1e-12


def build_lean_encoder(state: dict[str, Any], layers: int) -> Any:
    """A module computing mean-pooled turn vectors from HF-named BERT weights."""
    import torch
    from torch.nn import functional as F

    class LeanBert(torch.nn.Module):
        """Embeddings, ``layers`` BERT layers, then mean pooling over real tokens."""

        def __init__(self) -> None:
            super().__init__()
            self.weights = {k: v.float() for k, v in state.items()}
            self.layers = layers

        def _w(self, name: str) -> torch.Tensor:
            tensor: torch.Tensor = self.weights[name]
            return tensor

        def _linear(self, x: torch.Tensor, name: str) -> torch.Tensor:
            return F.linear(x, self._w(f"{name}.weight"), self._w(f"{name}.bias"))

        def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
            return F.layer_norm(
                x, (x.shape[-1],), self._w(f"{name}.weight"), self._w(f"{name}.bias"), EPS
            )

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            n, length = ids.shape
            positions = torch.arange(length).unsqueeze(0)
            x = (
                F.embedding(ids, self._w("embeddings.word_embeddings.weight"))
                + F.embedding(positions, self._w("embeddings.position_embeddings.weight"))
                + self._w("embeddings.token_type_embeddings.weight")[0]
            )
            x = self._norm(x, "embeddings.LayerNorm")
            add_mask = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
            width = x.shape[-1]
            head_dim = width // HEADS
            for i in range(self.layers):
                p = f"encoder.layer.{i}"

                def heads(t: torch.Tensor) -> torch.Tensor:
                    return t.view(n, length, HEADS, head_dim).transpose(1, 2)

                q = heads(self._linear(x, f"{p}.attention.self.query"))
                k = heads(self._linear(x, f"{p}.attention.self.key"))
                v = heads(self._linear(x, f"{p}.attention.self.value"))
                scores = q @ k.transpose(-1, -2) / math.sqrt(head_dim) + add_mask
                context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, width)
                x = self._norm(
                    self._linear(context, f"{p}.attention.output.dense") + x,
                    f"{p}.attention.output.LayerNorm",
                )
                inner = F.gelu(self._linear(x, f"{p}.intermediate.dense"))
                x = self._norm(
                    self._linear(inner, f"{p}.output.dense") + x, f"{p}.output.LayerNorm"
                )
            weights = mask.unsqueeze(-1).to(x.dtype)
            pooled: torch.Tensor = (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return pooled

    return LeanBert()


def base_state() -> dict[str, Any]:
    """The shipped MiniLM weights, read straight from the package's safetensors file."""
    from safetensors.torch import load_file

    from analyzer.classifier.network import base_model_path

    state: dict[str, Any] = load_file(str(base_model_path() / "model.safetensors"))
    return state
