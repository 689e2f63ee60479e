"""The command line as a user meets it: exit codes, one-line errors, JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.is_file() and p.suffix != ".md")
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("analyze", "eval", "train", "batch", "summary", "export"):
        assert command in out


def test_cli_import_loads_no_heavy_library() -> None:
    # `callscore --help` must answer instantly: importing the CLI may not pull in spaCy or torch.
    code = (
        "import sys, analyzer.cli.main; "
        "heavy = [m for m in ('spacy', 'torch', 'transformers') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("analyze", "no/such/file.vtt"), 3, "no/such/file.vtt: no such file"),
        (("analyze", "samples"), 3, "samples: is a folder"),
        (("analyze", "--format", "nope", "x.txt"), 2, "unknown --format 'nope'"),
        (("analyze", "--date", "yesterday", "x.txt"), 2, "--date 'yesterday' is not a date"),
        (("train", "--precision", "fp16", "--out", "unused"), 2, "unknown --precision 'fp16'"),
    ],
)
def test_usage_and_input_errors_are_one_line(
    args: tuple[str, ...], code: int, message: str
) -> None:
    exit_code, _, err = run(*args)
    assert exit_code == code
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_empty_file_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.vtt"
    empty.write_bytes(b"")
    code, _, err = run("analyze", str(empty))
    assert code == 3
    assert str(empty) in err and "Traceback" not in err


@pytest.mark.slow
def test_one_bad_file_among_good_ones_still_reports_the_good(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_bytes(b"\x00\x01\x02binary")
    code, out, err = run("analyze", "--json", "--no-model", str(SAMPLES[0]), str(bad))
    assert code == 3
    assert str(bad) in err
    reports = json.loads(out)
    assert [r["source"] for r in reports] == [str(SAMPLES[0])]


def check_contract(report: dict[str, object]) -> None:
    assert report["schema_version"] == "1"
    for key in (
        "source",
        "format",
        "date",
        "turns",
        "findings",
        "decision",
        "led_by",
        "next_step",
        "metrics",
    ):
        assert key in report
    turns = report["turns"]
    assert isinstance(turns, list)
    findings = report["findings"]
    assert isinstance(findings, list)
    for f in findings:
        text = turns[f["turn"]]["text"]
        assert f["quote"] == text[f["start_char"] : f["end_char"]]
        assert f["quote"].strip()
        assert f["label"] in turns[f["turn"]]["labels"]
        assert 0.0 <= f["score"] <= 1.0
    for t in turns:
        own = sorted({f["label"] for f in findings if f["turn"] == t["index"]})
        assert sorted(t["labels"]) == own
    decision = report["decision"]
    assert isinstance(decision, dict)
    assert decision["value"] in ("advance", "decline", "no_decision", "regress")
    assert decision["reached"] == (decision["value"] in ("advance", "decline"))
    led = report["led_by"]
    assert isinstance(led, dict)
    assert led["value"] in ("seller", "prospect") and 0 <= led["score"] <= 100


@pytest.mark.slow
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_analyzes_to_the_json_contract(sample: Path) -> None:
    code, out, err = run("analyze", "--json", str(sample))
    assert code == 0, err
    check_contract(json.loads(out))


@pytest.mark.slow
@pytest.mark.parametrize("sample", SAMPLES[:3], ids=lambda p: p.name)
def test_terminal_report_prints(sample: Path) -> None:
    code, out, _ = run("analyze", str(sample))
    assert code == 0
    assert "Decision" in out and "Led by" in out and "Findings" in out


@pytest.mark.slow
def test_stdin_and_several_files_give_an_array() -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    code, out, _ = run("analyze", "--json", "-", str(SAMPLES[1]), stdin=text)
    assert code == 0
    reports = json.loads(out)
    assert [r["source"] for r in reports] == ["<stdin>", str(SAMPLES[1])]
