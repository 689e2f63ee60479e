"""``report``, ``review`` and ``export --feedback`` through a local Typer app, wired as in main."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from review_builders import SALES_CALL, SALES_HITS, put, report
from typer.testing import CliRunner

from analyzer.batch.store import Store
from analyzer.cli.review_cmd import export_feedback_command, report_command, review_command
from analyzer.review.actions import CallRef, NewAction
from analyzer.review.db import insert_action

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "a-long-enough-token-0123456789"

app = typer.Typer()
app.command("report")(report_command)
app.command("review")(review_command)


@app.command("export")
def _export(
    store: Path = typer.Option(..., "--store"),
    feedback: Path = typer.Option(..., "--feedback"),
    force: bool = typer.Option(False, "--force"),
) -> None:
    export_feedback_command(store, feedback, force=force)


runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    s = Store(path)
    put(s, report(SALES_CALL, SALES_HITS))
    s.close()
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "0.0.0.0"], "refusing to serve on 0.0.0.0 without --token"),
        (["--host", "192.168.1.20"], "without --token"),
        (["--host", "0.0.0.0", "--token", "short"], "at least 16 characters"),
    ],
)
def test_review_refuses_unsafe_binds(store: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["review", "--store", str(store), *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_review_needs_an_existing_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", "--store", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "no such store" in result.output
    assert not (tmp_path / "missing.db").exists()  # never creates one by accident


def test_review_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 200)
    result = runner.invoke(app, ["review", "--store", str(junk)])
    assert result.exit_code == 3 and "not a callscore results store" in result.output


def test_review_reports_a_busy_port(store: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["review", "--store", str(store), "--port", str(port)])
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output


def test_report_from_the_store(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "call.html"
    result = runner.invoke(
        app, ["report", "--store", str(store), "--call", "1", "--html", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Just send me some info" in html
    again = runner.invoke(app, ["report", "--store", str(store), "--call", "1", "--html", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    assert (
        runner.invoke(
            app, ["report", "--store", str(store), "--call", "1", "--html", str(out), "--force"]
        ).exit_code
        == 0
    )


def test_report_to_standard_output(store: Path) -> None:
    result = runner.invoke(app, ["report", "--store", str(store), "--call", "1", "--html", "-"])
    assert result.exit_code == 0 and result.stdout.startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--html", "x.html"], 2, "no FILE given"),
        (["--store", "{store}", "--html", "x.html"], 2, "--store needs --call N"),
        (["--store", "{store}", "--call", "7", "--html", "x.html"], 2, "has no call 7"),
        (["--store", "{store}", "--call", "one", "--html", "x.html"], 2, "--call N"),
        (["--store", "missing.db", "--call", "1", "--html", "x.html"], 2, "no such store"),
        (["samples/x.txt", "--store", "{store}", "--call", "1", "--html", "x.html"], 2, "not both"),
        (["nope.txt", "--html", "x.html"], 3, "no such file"),
        (["samples/gold/raw", "--html", "x.html"], 3, "is a folder"),
        (["nope.txt", "--format", "klingon", "--html", "x.html"], 2, "unknown --format"),
    ],
)
def test_report_usage_errors(
    store: Path,
    tmp_path: Path,
    args: list[str],
    code: int,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    args = [
        a.replace("{store}", str(store)).replace("x.html", str(tmp_path / "x.html")) for a in args
    ]
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_report_asks_which_call_of_a_multi_call_file(tmp_path: Path) -> None:
    gold = tmp_path / "two.jsonl"
    lines = [
        {"id": name, "turns": [{"speaker": "A", "role": "seller", "text": "Hello there."}]}
        for name in ("call-1", "call-2")
    ]
    gold.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = runner.invoke(app, ["report", str(gold), "--html", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "holds 2 calls (call-1, call-2)" in result.output
    result = runner.invoke(
        app, ["report", str(gold), "--call", "call-9", "--html", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2 and "no call with id 'call-9'" in result.output


@pytest.mark.slow
def test_report_analyzes_a_transcript(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "02-commercial-insurance-follow-up.txt"
    out = tmp_path / "call.html"
    result = runner.invoke(app, ["report", str(sample), "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    text = sample.read_text(encoding="utf-8")
    assert "Tom Kessler" in html and "Priya Nair" in html and "<mark" in html
    # every finding's anchor is linked from the findings table
    for anchor in set(__import__("re").findall(r'id="(f-m\d+)"', html)):
        assert f'href="#{anchor}"' in html
    assert "Harbor Line" in text and "Harbor Line" in html


def test_export_feedback(store: Path, tmp_path: Path) -> None:
    s = Store(store)
    row = s.db.execute("SELECT content_hash FROM calls WHERE id = 1").fetchone()
    insert_action(
        s.db,
        CallRef(1, row[0], "0", "calls/a.txt"),
        NewAction("set_decision", value="advance"),
        "coach",
    )
    s.close()
    out = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["export", "--store", str(store), "--feedback", str(out)])
    assert result.exit_code == 0, result.output
    assert "exported 1 coach-reviewed calls" in result.output
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["decision"] == "advance" and record["source"] == "coach-feedback"
    again = runner.invoke(app, ["export", "--store", str(store), "--feedback", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


@pytest.mark.parametrize(
    ("store_name", "target", "message"),
    [("missing.db", "gold.jsonl", "no such store"), ("{store}", "gold.csv", "name a .jsonl file")],
)
def test_export_feedback_errors(
    store: Path, tmp_path: Path, store_name: str, target: str, message: str
) -> None:
    path = str(store) if store_name == "{store}" else str(tmp_path / store_name)
    result = runner.invoke(app, ["export", "--store", path, "--feedback", str(tmp_path / target)])
    assert result.exit_code == 2 and message in result.output


def test_export_with_no_reviews_says_how_to_start(store: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "--store", str(store), "--feedback", str(tmp_path / "g.jsonl")]
    )
    assert (
        result.exit_code == 0
        and "exported 0" in result.output
        and "callscore review" in result.output
    )


def test_review_starts_and_prints_its_address(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import analyzer.review.server as server_module

    served: list[str] = []

    def fake_serve(server: object, on_ready: Callable[[str], None]) -> None:
        on_ready("http://0.0.0.0:1234/")
        served.append(type(server).__name__)
        server.server_close()  # type: ignore[attr-defined]

    monkeypatch.setattr(server_module, "serve", fake_serve)
    args = ["review", "--store", str(store), "--host", "0.0.0.0", "--port", "0"]
    result = runner.invoke(app, [*args, "--token", TOKEN, "--reviewer", "Dana"])
    assert result.exit_code == 0, result.output
    assert f"http://0.0.0.0:1234/?token={TOKEN}" in result.output and " as Dana " in result.output
    assert served


def test_serve_answers_until_shut_down(store: Path) -> None:
    import threading
    import urllib.request

    from analyzer.review.app import ReviewConfig, create_app
    from analyzer.review.server import bind, serve

    server = bind(create_app(ReviewConfig(store=store, reviewer="x")), "127.0.0.1", 0, None)
    ready: list[str] = []
    thread = threading.Thread(target=serve, args=(server, ready.append))
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/calls") as response:
            assert response.status == 200 and b"calls/a.txt" in response.read()
    finally:
        server.shutdown()
        thread.join(10)
    assert ready == [f"http://127.0.0.1:{server.port}/"] and not thread.is_alive()
