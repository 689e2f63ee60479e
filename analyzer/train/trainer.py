"""Fine-tune the turn classifier on labelled calls (``callscore train``).

The bottom encoder layers stay as shipped, so their output for every turn is
computed once and cached; each epoch then runs only the top layers and the
context head.  That is what makes training fit in minutes on two CPU cores.
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

from analyzer.classifier.inputs import role_features, turn_text
from analyzer.classifier.lean import Precision, resolve_precision
from analyzer.classifier.network import (
    NetworkConfig,
    additive_mask,
    build_head,
    build_training_encoder,
    encode_texts,
    gather_context,
    load_tokenizer,
    mean_pool,
)
from analyzer.classifier.store import ModelMeta, save, silence_transformers
from analyzer.model import LABEL_ROLE, LABELS, Transcript
from analyzer.roles import assign_roles
from analyzer.train.metrics import turn_scores


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Training settings; all recorded in the model card."""

    seed: int = 13
    epochs: int = 5
    patience: int = 2
    turns_per_batch: int = 96
    lr: float = 2e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    layers: int = 6
    trainable_layers: int = 4
    max_length: int = 96
    # Three earlier turns, not two: a "yes" often answers a question asked two turns back.
    context_turns: int = 3
    # Share of word pieces hidden per training turn (hide_tokens), against learning cue phrases.
    token_dropout: float = 0.15
    threads: int | None = None
    # Arithmetic of the training steps. fp32 reproduces the shipped model; bf16 (mixed
    # precision) takes about 1.8x less time per step on CPUs that multiply bfloat16 in
    # hardware, with different weights; "auto" picks bf16 there. Dev scoring is always fp32.
    precision: Precision = "fp32"


@dataclass(frozen=True, slots=True)
class Record:
    """One labelled call or exchange, as the network reads it."""

    texts: tuple[str, ...]
    roles: tuple[str, ...]
    labelled: tuple[int, ...]
    targets: tuple[tuple[float, ...], ...]


@dataclass(frozen=True, slots=True)
class TrainResult:
    """What training produced, for the CLI to print."""

    meta: ModelMeta
    epochs_run: int
    best_epoch: int
    seconds: float
    train_examples: int
    dev_examples: int


def records_from(transcripts: Sequence[Transcript]) -> list[Record]:
    """Each transcript's turns, with its labelled turns of known role and their targets."""
    out: list[Record] = []
    for t in transcripts:
        t = assign_roles(t)
        labelled = [
            turn.index
            for turn in t.turns
            if turn.gold_labels is not None and turn.role != "unknown"
        ]
        if not labelled:
            continue
        out.append(
            Record(
                texts=tuple(turn_text(turn) for turn in t.turns),
                roles=tuple(turn.role for turn in t.turns),
                labelled=tuple(labelled),
                targets=tuple(
                    tuple(1.0 if lab in (t.turns[i].gold_labels or ()) else 0.0 for lab in LABELS)
                    for i in labelled
                ),
            )
        )
    return out


def data_hash(paths: Sequence[Path]) -> str:
    """sha256 over the training files' bytes, in the order given."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def tune_thresholds(
    probs: Sequence[Sequence[float]],
    targets: Sequence[Sequence[float]],
    roles: Sequence[str],
) -> tuple[dict[str, float], float]:
    """Per-label thresholds chosen on dev F1; returns them and the dev macro-F1.

    See :func:`pick_threshold` for how a threshold is picked from the dev F1 curve.
    """
    thresholds: dict[str, float] = {}
    grid = [i / 100 for i in range(5, 96, 5)]
    for j, label in enumerate(LABELS):
        allowed = [k for k, role in enumerate(roles) if LABEL_ROLE[label] == role]
        curve = []
        for t in grid:
            pairs = [
                (
                    frozenset([label]) if targets[k][j] else frozenset(),
                    frozenset([label]) if probs[k][j] >= t else frozenset(),
                )
                for k in allowed
            ]
            curve.append(turn_scores(pairs, [label]).labels[label].f1)
        positives = sum(1 for k in allowed if targets[k][j])
        thresholds[label] = pick_threshold(grid, curve, positives)
    pairs = [
        (
            frozenset(lab for j, lab in enumerate(LABELS) if target[j]),
            frozenset(
                lab
                for j, lab in enumerate(LABELS)
                if LABEL_ROLE[lab] == role and p[j] >= thresholds[lab]
            ),
        )
        for p, target, role in zip(probs, targets, roles, strict=True)
    ]
    return thresholds, turn_scores(pairs, LABELS).macro_f1


def pick_threshold(grid: Sequence[float], f1s: Sequence[float], positives: int) -> float:
    """The middle of the thresholds whose dev F1 is within one turn of the best.

    On a dev split with a few dozen examples of a label the F1 curve is jagged:
    one turn more or less moves it by about ``1 / positives``, so its single
    highest point is often a spike that will not repeat on other calls (a
    spike at 0.35 made version 3's decline threshold low and its declines
    over-eager).  Every threshold within that margin is as well supported by
    the data; the middle one leaves the most room on both sides.
    """
    best = max(f1s)
    margin = 1.0 / max(positives, 1)
    candidates = [t for t, f in zip(grid, f1s, strict=True) if f >= best - margin - 1e-9]
    return candidates[len(candidates) // 2]


class _Model:
    """The training network: a transformers encoder split at the frozen layers, and the head."""

    def __init__(self, config: NetworkConfig) -> None:
        self.config = config
        self.encoder = build_training_encoder(config)
        self.head = build_head(config)
        trainable = tuple(f"encoder.layer.{i}." for i in range(config.frozen_layers, config.layers))
        self.body_params = []
        for name, param in self.encoder.named_parameters():
            param.requires_grad = name.startswith(trainable)
            if param.requires_grad:
                self.body_params.append(param)

    def lower(self, ids: Any, mask: Any) -> Any:
        """Hidden states after the frozen layers."""
        import torch

        hidden = self.encoder.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
        ext = additive_mask(mask, hidden.dtype)
        for layer in self.encoder.encoder.layer[: self.config.frozen_layers]:
            hidden = _run_layer(layer, hidden, ext)
        return hidden

    def upper(self, hidden: Any, mask: Any) -> Any:
        """Turn vectors from cached hidden states: the trained layers, then mean pooling."""
        ext = additive_mask(mask, hidden.dtype)
        for layer in self.encoder.encoder.layer[self.config.frozen_layers :]:
            hidden = _run_layer(layer, hidden, ext)
        return mean_pool(hidden, mask)

    def train(self, on: bool) -> None:
        self.encoder.train(on)
        self.head.train(on)


def _run_layer(layer: Any, hidden: Any, ext_mask: Any) -> Any:
    out = layer(hidden, attention_mask=ext_mask)
    return out[0] if isinstance(out, tuple) else out


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

    silence_transformers()
    started = time.perf_counter()
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)

    train_records = records_from(train_set)
    dev_records = records_from(dev_set)
    n_train = sum(len(r.labelled) for r in train_records)
    n_dev = sum(len(r.labelled) for r in dev_records)
    log(f"{n_train} training turns in {len(train_records)} calls, {n_dev} dev turns")
    net_config = NetworkConfig(
        labels=LABELS,
        layers=config.layers,
        trainable_layers=config.trainable_layers,
        max_length=config.max_length,
        context_turns=config.context_turns,
    )
    model = _Model(net_config)
    tokenizer = load_tokenizer(config.max_length)
    train_cache = _cache(model, tokenizer, train_records)
    dev_cache = _cache(model, tokenizer, dev_records)
    log(f"cached the frozen layers in {time.perf_counter() - started:.0f}s")

    positives = torch.tensor(
        [sum(t[j] for r in train_records for t in r.targets) for j in range(len(LABELS))]
    )
    pos_weight = ((n_train - positives) / positives.clamp(min=1)).sqrt().clamp(1.0, 10.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    head_params = list(model.head.parameters())
    optimiser = torch.optim.AdamW(
        [
            {"params": model.body_params, "lr": config.lr},
            {"params": head_params, "lr": config.head_lr},
        ],
        weight_decay=config.weight_decay,
    )
    batches = _batches(train_records, config.turns_per_batch)
    total_steps = max(1, config.epochs * len(batches))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: max(0.0, 1.0 - step / total_steps)
    )

    step_precision = resolve_precision(config.precision)
    log(f"training steps in {step_precision}")
    rng = random.Random(config.seed)
    drop_gen = torch.Generator().manual_seed(config.seed)
    best: tuple[float, int, dict[str, Any], dict[str, Any], dict[str, float]] | None = None
    epochs_run = 0
    dev_targets = [t for r in dev_records for t in r.targets]
    dev_roles = [r.roles[i] for r in dev_records for i in r.labelled]
    for epoch in range(1, config.epochs + 1):
        epochs_run = epoch
        model.train(True)
        rng.shuffle(batches)
        running = 0.0
        for batch in batches:
            optimiser.zero_grad()
            # Autocast runs the matrix products in bf16 and keeps the weights, the
            # optimiser state and the loss in fp32 (mixed precision).
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=step_precision == "bf16"):
                logits, target = _forward(
                    model, train_records, train_cache, batch, config.token_dropout, drop_gen
                )
            loss = loss_fn(logits.float(), target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.body_params + head_params, 1.0)
            optimiser.step()
            scheduler.step()
            running += float(loss.detach())
        model.train(False)
        with torch.no_grad():
            probs: list[list[float]] = []
            for batch in _batches(dev_records, config.turns_per_batch, keep_order=True):
                logits, _ = _forward(model, dev_records, dev_cache, batch)
                probs.extend(torch.sigmoid(logits).tolist())
        thresholds, dev_f1 = tune_thresholds(probs, dev_targets, dev_roles)
        log(
            f"epoch {epoch}: train loss {running / max(1, len(batches)):.4f}, "
            f"dev macro-F1 {dev_f1:.4f} ({time.perf_counter() - started:.0f}s)"
        )
        if best is None or dev_f1 > best[0] + 1e-6:
            best = (
                dev_f1,
                epoch,
                {k: v.detach().clone() for k, v in model.encoder.state_dict().items()},
                {k: v.detach().clone() for k, v in model.head.state_dict().items()},
                thresholds,
            )
        elif epoch - best[1] >= config.patience:
            log("dev macro-F1 stopped improving; stopping early")
            break

    assert best is not None
    dev_f1, best_epoch, encoder_state, head_state, thresholds = best
    model.head.load_state_dict(head_state)
    seconds = time.perf_counter() - started
    meta = ModelMeta(
        network=net_config,
        thresholds=thresholds,
        version=version,
        data_hash=data_hash(data_files) if data_files else "",
        training={
            **asdict(config),
            "precision": step_precision,
            "best_epoch": best_epoch,
            "epochs_run": epochs_run,
            "train_turns": n_train,
            "dev_turns": n_dev,
            "seconds": round(seconds, 1),
            "data_files": [p.name for p in data_files],
        },
        metrics={"dev_macro_f1_model_alone": round(dev_f1, 4)},
    )
    save(out_dir, encoder_state, model.head, meta)
    return TrainResult(meta, epochs_run, best_epoch, seconds, n_train, n_dev)


Cache = list[list[Any]]
"""Per record, per turn: the frozen layers' output for the turn's real tokens (float16)."""


def _cache(model: _Model, tokenizer: Any, records: Sequence[Record]) -> Cache:
    import torch

    flat = [(r, i) for r in range(len(records)) for i in range(len(records[r].texts))]
    flat.sort(key=lambda ri: len(records[ri[0]].texts[ri[1]]))
    cache: Cache = [[None] * len(r.texts) for r in records]
    # no_grad, not inference_mode: these tensors feed autograd-tracked training steps later.
    with torch.no_grad():
        for start in range(0, len(flat), 64):
            chunk = flat[start : start + 64]
            ids, mask = encode_texts(tokenizer, [records[r].texts[i] for r, i in chunk])
            hidden = model.lower(ids, mask)
            lengths = mask.sum(1).tolist()
            for (r, i), h, n in zip(chunk, hidden, lengths, strict=True):
                cache[r][i] = h[: int(n)].half().clone()
    return cache


def _batches(
    records: Sequence[Record], turns_per_batch: int, keep_order: bool = False
) -> list[list[int]]:
    """Record indices grouped so each group has about ``turns_per_batch`` turns."""
    order = list(range(len(records)))
    if not keep_order:
        order.sort(key=lambda r: len(records[r].texts))
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for r in order:
        current.append(r)
        size += len(records[r].texts)
        if size >= turns_per_batch:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def hide_tokens(mask: Any, share: float, generator: Any = None) -> Any:
    """``mask`` with about ``share`` of each row's tokens set to 0 (token dropout).

    The first token ([CLS]) and each row's last real token ([SEP]) always stay,
    so no turn is left empty; padding stays padding.
    """
    import torch

    lengths = mask.sum(1)
    hide = torch.rand(mask.shape, generator=generator) < share
    hide[:, 0] = False
    hide[torch.arange(mask.shape[0]), (lengths - 1).clamp(min=0)] = False
    return mask.masked_fill(hide, 0)


def _forward(
    model: _Model,
    records: Sequence[Record],
    cache: Cache,
    batch: list[int],
    token_dropout: float = 0.0,
    generator: Any = None,
) -> tuple[Any, Any]:
    """Logits and targets for the labelled turns of the records in ``batch``.

    ``token_dropout`` hides that share of each turn's tokens (never the first
    or last) from the trained layers and the pooling: a training-time
    regulariser so that no single cue word can carry a label on its own.
    """
    import torch

    turns = [(r, i) for r in batch for i in range(len(records[r].texts))]
    order = sorted(range(len(turns)), key=lambda k: cache[turns[k][0]][turns[k][1]].shape[0])
    vectors: list[Any] = [None] * len(turns)
    for start in range(0, len(order), 64):
        chunk = order[start : start + 64]
        seqs = [cache[turns[k][0]][turns[k][1]].float() for k in chunk]
        hidden = torch.nn.utils.rnn.pad_sequence(seqs, batch_first=True)
        mask = torch.zeros(hidden.shape[:2], dtype=torch.long)
        for row, seq in enumerate(seqs):
            mask[row, : seq.shape[0]] = 1
        if token_dropout > 0.0:
            mask = hide_tokens(mask, token_dropout, generator)
        pooled = model.upper(hidden, mask)
        for k, vec in zip(chunk, pooled, strict=True):
            vectors[k] = vec
    logits, targets = [], []
    offset = 0
    for r in batch:
        record = records[r]
        n = len(record.texts)
        emb = torch.stack(vectors[offset : offset + n])
        offset += n
        idx = list(record.labelled)
        context = gather_context(emb, idx, model.config.context_turns)
        roles = torch.tensor([role_features(record.roles[i]) for i in idx])
        logits.append(model.head(emb[idx], context, roles))
        targets.append(torch.tensor(record.targets))
    return torch.cat(logits), torch.cat(targets)
