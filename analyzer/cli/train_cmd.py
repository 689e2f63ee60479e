"""``callscore train``: reproduce the shipped turn classifier from the labelled corpus."""

from __future__ import annotations

from pathlib import Path

import typer

from analyzer.cli.common import fail, precision_value
from analyzer.errors import CallscoreError, UsageError

DEFAULT_GOLD = Path("samples/gold")


def train_command(
    train: Path = typer.Option(DEFAULT_GOLD / "train.jsonl", "--train", help="Training calls."),
    dev: Path = typer.Option(
        DEFAULT_GOLD / "dev.jsonl", "--dev", help="Dev calls: early stopping and thresholds."
    ),
    extra: list[Path] = typer.Option(
        [], "--extra", help="More labelled calls to train on, e.g. exported coach feedback."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Model folder to write (default: the shipped models/turn-classifier)."
    ),
    seed: int = typer.Option(13, "--seed", help="Random seed (training is reproducible)."),
    epochs: int = typer.Option(5, "--epochs", min=1, help="Most epochs to run."),
    version: str = typer.Option("1", "--version", help="Version recorded in the model card."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing model folder."),
    precision: str = typer.Option(
        "fp32",
        "--precision",
        help="Arithmetic of the training steps: fp32 (reproduces the shipped model), bf16 "
        "(mixed precision: about 1.8x faster on CPUs with bfloat16 matrix units such as Intel "
        "AMX, different weights), or auto (bf16 where the CPU has them).",
    ),
) -> None:
    """Fine-tune the turn classifier (MiniLM) on labelled calls and save it."""
    from analyzer.classifier.store import DEFAULT_MODEL_DIR
    from analyzer.ingest import read_path
    from analyzer.train.trainer import TrainConfig
    from analyzer.train.trainer import train as run_training

    target = out or DEFAULT_MODEL_DIR
    step_precision = precision_value(precision)
    try:
        if (target / "config.json").exists() and not force:
            raise UsageError(
                f"{target} already holds a model",
                fix="pass --force to overwrite it, or --out to write elsewhere",
            )
        train_set = [t for p in (train, *extra) for t in read_path(p, format="gold-jsonl")]
        dev_set = read_path(dev, format="gold-jsonl")
    except CallscoreError as err:
        fail(err)
    result = run_training(
        train_set,
        dev_set,
        target,
        TrainConfig(seed=seed, epochs=epochs, precision=step_precision),
        data_files=[train, dev, *extra],
        version=version,
        log=typer.echo,
    )
    typer.echo(
        f"saved {result.meta.name} to {target} in {result.seconds:.0f}s "
        f"(best epoch {result.best_epoch} of {result.epochs_run}, "
        f"dev macro-F1 {result.meta.metrics['dev_macro_f1_model_alone']:.3f})"
    )
