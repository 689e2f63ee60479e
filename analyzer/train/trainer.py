"""Fine-tune the turn classifier on labelled calls (``callscore train``).

The bottom encoder layers stay as shipped, so their output for every training
input is computed once and cached; each epoch then runs only the top layers
and the head.  That is what makes training fit in minutes on two CPU cores.
Per-label thresholds and the best epoch are chosen on the dev split; the test
split is never read here.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from analyzer.classifier.inputs import turn_input
from analyzer.classifier.network import NetworkConfig, base_model_path, build_network
from analyzer.classifier.store import ModelMeta, save, silence_transformers
from analyzer.model import LABEL_ROLE, LABELS, Transcript
from analyzer.roles import assign_roles
from analyzer.train.metrics import turn_scores


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Training settings; all recorded in the model card."""

    seed: int = 13
    epochs: int = 4
    patience: int = 1
    batch_size: int = 32
    lr: float = 1e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    layers: int = 6
    trainable_layers: int = 2
    max_length: int = 160
    context_turns: int = 2
    threads: int | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled turn as the network reads it."""

    text: str
    context: str
    role: str
    target: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class TrainResult:
    """What training produced, for the CLI to print."""

    meta: ModelMeta
    epochs_run: int
    best_epoch: int
    seconds: float
    train_examples: int
    dev_examples: int


def examples_from(transcripts: Sequence[Transcript], context_turns: int) -> list[Example]:
    """Every labelled turn of known role, with its context, as an :class:`Example`."""
    out: list[Example] = []
    for t in transcripts:
        t = assign_roles(t)
        for turn in t.turns:
            if turn.gold_labels is None or turn.role == "unknown":
                continue
            text, context = turn_input(t.turns, turn.index, context_turns)
            target = tuple(1.0 if label in turn.gold_labels else 0.0 for label in LABELS)
            out.append(Example(text, context, turn.role, target))
    return out


def data_hash(paths: Sequence[Path]) -> str:
    """sha256 over the training files' bytes, in the order given."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def tune_thresholds(
    probs: Sequence[Sequence[float]], examples: Sequence[Example]
) -> tuple[dict[str, float], float]:
    """Per-label thresholds maximising dev F1; returns them and the dev macro-F1."""
    thresholds: dict[str, float] = {}
    grid = [i / 100 for i in range(5, 96, 5)]
    for j, label in enumerate(LABELS):
        allowed = [k for k, ex in enumerate(examples) if LABEL_ROLE[label] == ex.role]
        best_t, best_f1 = 0.5, -1.0
        for t in grid:
            pairs = [
                (
                    frozenset([label]) if examples[k].target[j] else frozenset(),
                    frozenset([label]) if probs[k][j] >= t else frozenset(),
                )
                for k in allowed
            ]
            f1 = turn_scores(pairs, [label]).labels[label].f1
            if f1 > best_f1 + 1e-9:
                best_t, best_f1 = t, f1
        thresholds[label] = best_t
    pairs = [
        (
            frozenset(lab for j, lab in enumerate(LABELS) if ex.target[j]),
            frozenset(
                lab
                for j, lab in enumerate(LABELS)
                if LABEL_ROLE[lab] == ex.role and p[j] >= thresholds[lab]
            ),
        )
        for ex, p in zip(examples, probs, strict=True)
    ]
    return thresholds, turn_scores(pairs, LABELS).macro_f1


def train(
    train_set: Sequence[Transcript],
    dev_set: Sequence[Transcript],
    out_dir: Path,
    config: TrainConfig = TrainConfig(),
    *,
    data_files: Sequence[Path] = (),
    version: str = "1",
    log: Callable[[str], None] = print,
) -> TrainResult:
    """Fine-tune, pick the best epoch and thresholds on dev, and save to ``out_dir``."""
    import numpy as np
    import torch
    from transformers import AutoTokenizer

    silence_transformers()
    started = time.perf_counter()
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)

    train_ex = examples_from(train_set, config.context_turns)
    dev_ex = examples_from(dev_set, config.context_turns)
    log(f"{len(train_ex)} training turns, {len(dev_ex)} dev turns")
    net_config = NetworkConfig(
        labels=LABELS,
        layers=config.layers,
        trainable_layers=config.trainable_layers,
        max_length=config.max_length,
        context_turns=config.context_turns,
    )
    network = build_network(net_config)
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_path()))
    for name, param in network.named_parameters():
        param.requires_grad = name.startswith("head.") or any(
            name.startswith(f"encoder.encoder.layer.{i}.")
            for i in range(net_config.frozen_layers, net_config.layers)
        )

    train_batches = _cache(network, tokenizer, train_ex, config)
    dev_batches = _cache(network, tokenizer, dev_ex, config)
    log(f"cached frozen layers in {time.perf_counter() - started:.0f}s")

    positives = torch.tensor([sum(ex.target[j] for ex in train_ex) for j in range(len(LABELS))])
    negatives = len(train_ex) - positives
    pos_weight = (negatives / positives.clamp(min=1)).sqrt().clamp(1.0, 10.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    head = [p for n, p in network.named_parameters() if n.startswith("head.") and p.requires_grad]
    body = [
        p for n, p in network.named_parameters() if p.requires_grad and not n.startswith("head.")
    ]
    optimiser = torch.optim.AdamW(
        [{"params": body, "lr": config.lr}, {"params": head, "lr": config.head_lr}],
        weight_decay=config.weight_decay,
    )
    total_steps = max(1, config.epochs * len(train_batches))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: max(0.0, 1.0 - step / total_steps)
    )

    rng = random.Random(config.seed)
    best: tuple[float, int, dict[str, Any], dict[str, float]] | None = None
    epochs_run = 0
    for epoch in range(1, config.epochs + 1):
        epochs_run = epoch
        network.train()
        order = list(range(len(train_batches)))
        rng.shuffle(order)
        running = 0.0
        for b in order:
            hidden, mask, target, _ = train_batches[b]
            optimiser.zero_grad()
            loss = loss_fn(network.upper(hidden.float(), mask), target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(body + head, 1.0)
            optimiser.step()
            scheduler.step()
            running += float(loss.detach())
        probs = _predict(network, dev_batches)
        thresholds, dev_f1 = tune_thresholds(probs, dev_ex)
        log(
            f"epoch {epoch}: train loss {running / max(1, len(order)):.4f}, "
            f"dev macro-F1 {dev_f1:.4f} ({time.perf_counter() - started:.0f}s)"
        )
        if best is None or dev_f1 > best[0] + 1e-6:
            state = {k: v.detach().clone() for k, v in network.state_dict().items()}
            best = (dev_f1, epoch, state, thresholds)
        elif epoch - best[1] >= config.patience:
            log("dev macro-F1 stopped improving; stopping early")
            break

    assert best is not None
    dev_f1, best_epoch, state, thresholds = best
    network.load_state_dict(state)
    seconds = time.perf_counter() - started
    meta = ModelMeta(
        network=net_config,
        thresholds=thresholds,
        version=version,
        data_hash=data_hash(data_files) if data_files else "",
        training={
            **asdict(config),
            "best_epoch": best_epoch,
            "epochs_run": epochs_run,
            "train_turns": len(train_ex),
            "dev_turns": len(dev_ex),
            "seconds": round(seconds, 1),
            "data_files": [p.name for p in data_files],
        },
        metrics={"dev_macro_f1_model_alone": round(dev_f1, 4)},
    )
    save(out_dir, network, meta)
    return TrainResult(meta, epochs_run, best_epoch, seconds, len(train_ex), len(dev_ex))


Batch = tuple[Any, Any, Any, list[int]]
"""(frozen-layer output in float16, attention mask, targets, example indices)."""


def _cache(
    network: Any, tokenizer: Any, examples: Sequence[Example], config: TrainConfig
) -> list[Batch]:
    """Length-bucketed batches with the frozen layers already applied."""
    import torch

    order = sorted(
        range(len(examples)), key=lambda i: len(examples[i].text) + len(examples[i].context)
    )
    batches: list[Batch] = []
    network.eval()
    # no_grad, not inference_mode: these tensors feed autograd-tracked training steps later.
    with torch.no_grad():
        for start in range(0, len(order), config.batch_size):
            idx = order[start : start + config.batch_size]
            enc = tokenizer(
                [examples[i].text for i in idx],
                [examples[i].context for i in idx],
                truncation="longest_first",
                max_length=config.max_length,
                padding=True,
                return_tensors="pt",
            )
            hidden = network.lower(enc["input_ids"], enc["token_type_ids"], enc["attention_mask"])
            target = torch.tensor([examples[i].target for i in idx])
            batches.append((hidden.half().clone(), enc["attention_mask"].clone(), target, idx))
    return batches


def _predict(network: Any, batches: Sequence[Batch]) -> list[list[float]]:
    """Sigmoid probabilities for every cached example, in example order."""
    import torch

    n = sum(len(b[3]) for b in batches)
    out: list[list[float]] = [[] for _ in range(n)]
    network.eval()
    with torch.inference_mode():
        for hidden, mask, _, idx in batches:
            rows = torch.sigmoid(network.upper(hidden.float(), mask)).tolist()
            for i, row in zip(idx, rows, strict=True):
                out[i] = row
    return out
