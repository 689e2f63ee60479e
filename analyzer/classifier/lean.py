"""A small BERT encoder in plain torch, for inference.

It runs exactly the computation of ``transformers.BertModel`` (embeddings,
post-LayerNorm self-attention and GELU feed-forward layers) on the same
state-dict names, so the shipped MiniLM weights and the fine-tuned layers load
into it unchanged.  It exists because importing transformers takes seconds,
more than the whole per-call budget of the classifier; the tests check that
its output equals ``BertModel``'s.

Two things make it faster than a literal transcription of ``BertModel``: the
query, key and value projections are one matrix product (their weights are
concatenated once at load time), and attention runs through torch's fused
``scaled_dot_product_attention``.  Both give the same numbers up to float
rounding.  It can also run in bfloat16 (see :func:`resolve_precision`).
"""

from __future__ import annotations

from typing import Any, Literal

HEADS = 12
EPS = 1e-12

Precision = Literal["auto", "fp32", "bf16"]
PRECISIONS: tuple[Precision, ...] = ("auto", "fp32", "bf16")


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices in hardware (AMX or AVX512-BF16).

    Without it, torch emulates bfloat16 and the encoder gets slower, not faster.
    """
    import torch

    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    # These probes are underscored in torch.cpu; a torch without them counts as "no".
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def resolve_precision(precision: Precision) -> Literal["fp32", "bf16"]:
    """``auto`` is bf16 where the CPU has native bfloat16 matrix units, else fp32.

    bf16 runs the encoder about three times faster on such CPUs; its turn vectors
    agree with fp32's to a cosine similarity above 0.999, and the model card
    records the evaluation figures under both precisions.
    """
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def build_lean_encoder(state: dict[str, Any], layers: int, precision: str = "fp32") -> Any:
    """A module computing mean-pooled turn vectors from HF-named BERT weights.

    ``precision`` is ``fp32`` or ``bf16`` (the dtype of weights and activations;
    the pooled vectors are always returned as float32).
    """
    import torch
    from torch.nn import functional as F

    if precision not in ("fp32", "bf16"):
        raise ValueError(f"precision must be fp32 or bf16, not {precision!r}")
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32

    def w(name: str) -> torch.Tensor:
        tensor: torch.Tensor = state[name].to(dtype)
        return tensor

    class _Layer:
        """One encoder layer's weights, with Q, K and V stacked into one projection."""

        def __init__(self, p: str) -> None:
            parts = ("query", "key", "value")
            self.qkv_w = torch.cat([w(f"{p}.attention.self.{k}.weight") for k in parts])
            self.qkv_b = torch.cat([w(f"{p}.attention.self.{k}.bias") for k in parts])
            self.out = (
                w(f"{p}.attention.output.dense.weight"),
                w(f"{p}.attention.output.dense.bias"),
            )
            self.norm1 = (
                w(f"{p}.attention.output.LayerNorm.weight"),
                w(f"{p}.attention.output.LayerNorm.bias"),
            )
            self.up = (w(f"{p}.intermediate.dense.weight"), w(f"{p}.intermediate.dense.bias"))
            self.down = (w(f"{p}.output.dense.weight"), w(f"{p}.output.dense.bias"))
            self.norm2 = (w(f"{p}.output.LayerNorm.weight"), w(f"{p}.output.LayerNorm.bias"))

    class LeanBert(torch.nn.Module):
        """Embeddings, ``layers`` BERT layers, then mean pooling over real tokens."""

        def __init__(self) -> None:
            super().__init__()
            self.dtype = dtype
            self.words = w("embeddings.word_embeddings.weight")
            self.positions = w("embeddings.position_embeddings.weight")
            self.token_type = w("embeddings.token_type_embeddings.weight")[0]
            self.embed_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
            self.stack = [_Layer(f"encoder.layer.{i}") for i in range(layers)]

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            n, length = ids.shape
            width = self.words.shape[1]
            head_dim = width // HEADS
            x = F.embedding(ids, self.words) + self.positions[:length] + self.token_type
            x = F.layer_norm(x, (width,), *self.embed_norm, EPS)
            # True = attend.  Every row has at least its [CLS] token, so no row is all-masked.
            attend = mask[:, None, None, :].bool()
            for layer in self.stack:
                qkv = F.linear(x, layer.qkv_w, layer.qkv_b)
                q, k, v = qkv.view(n, length, 3, HEADS, head_dim).permute(2, 0, 3, 1, 4)
                context = F.scaled_dot_product_attention(q, k, v, attn_mask=attend)
                context = context.transpose(1, 2).reshape(n, length, width)
                x = F.layer_norm(F.linear(context, *layer.out) + x, (width,), *layer.norm1, EPS)
                inner = F.gelu(F.linear(x, *layer.up))
                x = F.layer_norm(F.linear(inner, *layer.down) + x, (width,), *layer.norm2, EPS)
            x = x.float()
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
