"""The classifier in a forked child answers exactly as the in-process one does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analyzer.classifier.process import ClassifierProcess, fork_is_safe
from analyzer.classifier.store import DEFAULT_MODEL_DIR
from analyzer.errors import ModelError
from analyzer.model import Turn

pytestmark = pytest.mark.skipif(not fork_is_safe(), reason="the child process needs fork")

TURNS = (
    Turn(0, "Dana", "Would Thursday at ten work for a walkthrough with ops?", role="seller"),
    Turn(1, "Lee", "Honestly? Let me sit with it. Ping me after Q3.", role="prospect"),
    Turn(2, "Dana", "Sure, no rush. I'll send the deck over meanwhile.", role="seller"),
    Turn(3, "Lee", "Thursday at ten is fine. Send the invite to me and Priya.", role="prospect"),
)


@pytest.mark.slow
def test_child_predictions_equal_in_process_predictions() -> None:
    from analyzer.classifier.infer import TurnClassifier

    local = TurnClassifier(DEFAULT_MODEL_DIR, threads=1, precision="fp32")
    remote = ClassifierProcess(DEFAULT_MODEL_DIR, threads=1, precision="fp32")
    try:
        here, there = local.predict(TURNS), remote.predict(TURNS)
        assert there.probabilities == here.probabilities
        assert set(there.probabilities) == {0, 1, 2, 3}
        assert set(there.probabilities[1]) == {"commitment", "stall", "decline"}
        requests = [(1, "stall", ["Honestly?", "Let me sit with it.", "Ping me after."])]
        assert there.sentence_probabilities(requests) == here.sentence_probabilities(requests)
        assert remote.resolved_precision == "fp32"
        assert remote.meta == local.meta
    finally:
        remote.close()
    assert not remote._process.is_alive()


@pytest.mark.slow
def test_sentences_of_an_earlier_call_are_refused() -> None:
    remote = ClassifierProcess(DEFAULT_MODEL_DIR, threads=1, precision="fp32")
    try:
        first = remote.predict(TURNS)
        remote.predict(TURNS[:2])
        with pytest.raises(ModelError, match="no longer held"):
            first.sentence_probabilities([(1, "stall", ["Let me sit with it."])])
    finally:
        remote.close()


def test_a_model_that_cannot_load_fails_on_first_use_with_the_cause(tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    shutil.copy(DEFAULT_MODEL_DIR / "config.json", broken / "config.json")
    (broken / "weights.safetensors").write_bytes(b"not weights")
    remote = ClassifierProcess(broken, threads=1, precision="fp32")
    try:
        with pytest.raises(ModelError) as caught:
            remote.predict(TURNS)
        assert "classifier" in caught.value.message or "weights" in caught.value.message
        assert caught.value.fix
    finally:
        remote.close()


def test_a_missing_config_fails_in_the_caller_before_forking(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        ClassifierProcess(tmp_path, threads=1, precision="fp32")


def test_a_dead_child_is_reported_not_hung_on(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    config = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text())
    (model / "config.json").write_text(json.dumps(config))
    remote = ClassifierProcess(model, threads=1, precision="fp32")
    remote._process.kill()
    remote._process.join()
    with pytest.raises(ModelError, match="stopped"):
        remote.predict(TURNS)
    remote.close()


def test_no_child_is_forked_while_another_thread_runs() -> None:
    """A fork copies one thread; a lock another holds would hang the child for ever."""
    import threading

    from analyzer.classifier.process import start_classifier_process

    release = threading.Event()
    worker = threading.Thread(target=release.wait, daemon=True)
    worker.start()
    try:
        assert start_classifier_process(DEFAULT_MODEL_DIR, threads=1) is None
    finally:
        release.set()
        worker.join()
