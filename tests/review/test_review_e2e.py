"""End to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A store built by ``callscore batch`` over sample calls is served on 127.0.0.1; the
browser filters the list, opens a call, rejects a finding, adds a missed stall by
selecting its words, corrects the decision, reloads and sees it all, and the
feedback export carries the corrections.  The run takes screenshots of the list
and call pages; ``make screenshots`` (``CALLSCORE_UPDATE_SCREENSHOTS=1``) writes
them to ``docs/screenshots/`` for the README, any other run to a temporary folder,
so running the tests never rewrites tracked files.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from review_builders import put, report

from analyzer.batch.store import Store
from analyzer.cli.review_cmd import export_feedback_command
from analyzer.ingest import read_path
from analyzer.review.app import ReviewConfig, create_app
from analyzer.review.server import bind

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
#: The ten bundled sample calls (three of them are no-decision calls, samples/README.md).
SAMPLES = tuple(str(p.relative_to(ROOT)) for p in sorted((ROOT / "samples").glob("[0-9][0-9]-*.*")))
#: Words of a stall (labels.md) that the test looks for to add a realistic "missed" one.
STALL_WORDS = (
    "think", "have to see", "figure out", "get back", "circle back", "send", "proposal",
    "talk to", "later", "next quarter", "in touch",
)  # fmt: skip
DOC_SHOTS = ROOT / "docs" / "screenshots"
REVIEWER = "e2e-coach"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@contextmanager
def serving(store: Path) -> Iterator[str]:
    """The review app on a free loopback port, in a thread of this process."""
    server = bind(create_app(ReviewConfig(store=store, reviewer=REVIEWER)), "127.0.0.1", 0, None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def batch_store(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store made the way users make one: `callscore batch` over sample calls."""
    path = tmp_path_factory.mktemp("e2e") / "calls.db"
    command = [sys.executable, "-m", "analyzer", "batch", *SAMPLES, "--store", str(path)]
    done = subprocess.run(
        [*command, "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"callscore batch failed:\n{done.stderr[-3000:]}"
    return path


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    # No script errors and no CSP violations (a refused request is a test's own business).
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []


def query(path: Path, sql: str, *params: object) -> list[Any]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def unreviewed_prospect_turn(rep: dict[str, Any]) -> tuple[int, int, int, str]:
    """A prospect turn without findings, and the sentence of it to label as a stall.

    A sentence with stall-like words is preferred, so the screenshot shows a sensible
    correction; any unlabelled prospect sentence will do for the test itself.
    """
    candidates = []
    for turn in rep["turns"]:
        if turn["role"] != "prospect" or turn["labels"]:
            continue
        for m in re.finditer(r"[^.?!]+[.?!]*", turn["text"]):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            end = m.start() + len(m.group().rstrip())
            sentence = turn["text"][start:end]
            if len(sentence) >= 12:
                stallish = any(w in sentence.lower() for w in STALL_WORDS)
                candidates.append((not stallish, turn["index"], start, end, sentence))
    assert candidates, "the call has no unlabelled prospect turn to add a stall to"
    _, index, start, end, sentence = min(candidates)
    return index, start, end, sentence


def select_text(page: Page, turn: int, text: str, start: int, end: int) -> None:
    """Select characters [start, end) of a turn like a mouse would, then release the button."""

    def utf16(n: int) -> int:  # the DOM counts UTF-16 code units
        return len(text[:n].encode("utf-16-le")) // 2

    selector = f'.turn-text[data-turn="{turn}"]'
    page.eval_on_selector(
        selector,
        """(el, [a, b]) => {
            const node = el.firstChild, range = document.createRange();
            range.setStart(node, a); range.setEnd(node, b);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        [utf16(start), utf16(end)],
    )
    page.dispatch_event(selector, "mouseup")


def test_coach_review_flow(page: Page, batch_store: Path, tmp_path: Path) -> None:
    update_docs = os.environ.get("CALLSCORE_UPDATE_SCREENSHOTS") == "1"
    shots = DOC_SHOTS if update_docs else tmp_path / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with serving(batch_store) as base:
        # The list shows every stored call.
        page.goto(f"{base}/calls")
        stored = query(batch_store, "SELECT COUNT(*) FROM calls")[0][0]
        assert page.locator("#calls tbody tr").count() == stored == len(SAMPLES)
        page.screenshot(path=str(shots / "review-list.png"))

        # Filter to no-decision calls.
        page.select_option("select[name=decision]", "no_decision")
        with page.expect_navigation():
            page.click("#filters button[type=submit]")
        expected = {
            r[0] for r in query(batch_store, "SELECT id FROM calls WHERE decision='no_decision'")
        }
        assert expected, "no sample call was scored no_decision"
        rows = page.locator("#calls tbody tr")
        shown = [int(rows.nth(i).get_attribute("data-call") or 0) for i in range(rows.count())]
        assert set(shown) == expected
        assert all(
            rows.nth(i).get_attribute("data-decision") == "no_decision" for i in range(rows.count())
        )

        # Open the first call that has findings.
        with_findings = {r[0] for r in query(batch_store, "SELECT DISTINCT call_id FROM findings")}
        first = next(i for i in shown if i in with_findings)
        with page.expect_navigation():
            page.click(f'#calls tbody tr[data-call="{first}"] a.call-link')
        call_id = int(page.url.split("/calls/")[1].split("?")[0])
        (raw,) = query(batch_store, "SELECT report_json FROM calls WHERE id=?", call_id)[0]
        rep = json.loads(raw)
        assert rep["findings"], "the opened call has no finding to reject"
        rejected = rep["findings"][0]
        machine = rep["decision"]["value"]
        corrected = "advance" if machine != "advance" else "decline"

        # Reject the first finding.
        with page.expect_navigation():
            page.click("#row-m0 form.act-reject button")
        assert "rejected the" in page.inner_text(".flash")

        # Add a missed stall: select a prospect turn's words, pick "stall" in the toolbar.
        turn, start, end, quote = unreviewed_prospect_turn(rep)
        select_text(page, turn, rep["turns"][turn]["text"], start, end)
        page.wait_for_selector("#label-bar.open")
        offered = page.locator("#label-bar button").evaluate_all(
            "bs => bs.map(b => b.dataset.label)"
        )
        assert offered == ["commitment", "stall", "decline"]  # prospect labels only
        with page.expect_navigation():
            page.click('#label-bar button[data-label="stall"]')
        assert "added a stall finding" in page.inner_text(".flash")

        # Correct the decision.
        page.select_option("#decision-value", corrected)
        with page.expect_navigation():
            page.click("#set-decision button")

        # Reload: the machine's output and the coach's corrections are both there.
        page.reload()
        assert page.get_attribute("#row-m0", "data-status") == "rejected"
        added = page.locator(f'tr[id^="row-c"][data-label="stall"][data-turn="{turn}"]')
        assert added.count() == 1 and added.get_attribute("data-status") == "added"
        mark = page.locator(f'.turn-text[data-turn="{turn}"] mark.st-added')
        assert mark.inner_text() == quote
        assert page.inner_text("#decision-effective") == corrected.replace("_", " ")
        assert page.inner_text("#decision-machine") == machine.replace("_", " ")
        history = page.locator("#history li")
        assert history.count() == 3 and REVIEWER in history.first.inner_text()
        page.locator(f"#turn-{max(0, turn - 2)}").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "review-call.png"))

        # The list marks the call reviewed, with the coach's decision.
        page.goto(f"{base}/calls?reviewed=yes")
        row = page.locator(f'#calls tbody tr[data-call="{call_id}"]')
        assert row.count() == 1 and corrected.replace("_", " ") in row.inner_text()

    # Export the feedback: gold-format JSONL with the corrections.
    target = tmp_path / "feedback.jsonl"
    assert export_feedback_command(batch_store, target) == 1
    (record,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert record["source"] == "coach-feedback" and record["reviewers"] == [REVIEWER]
    assert record["call_source"] == rep["source"]
    assert record["decision"] == corrected and record["led_by"] == rep["led_by"]["value"]
    assert "stall" in record["turns"][turn]["labels"]
    still = {
        f["label"] for f in rep["findings"][1:] if f["turn"] == rejected["turn"]
    }  # another finding may keep the same label on the turn
    assert (rejected["label"] in record["turns"][rejected["turn"]]["labels"]) == (
        rejected["label"] in still
    )
    (call,) = read_path(target, format="gold-jsonl")
    assert call.gold is not None and call.gold.decision == corrected


HOSTILE = ('<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xss") / "xss.db"
    turns = [
        ("Dana", "seller", f"Sure, I'll send you {HOSTILE[0]} tonight."),
        ("Sam", "prospect", f"Let me think it over. {HOSTILE[1]}"),
    ]
    store = Store(path)
    put(store, report(turns, [("stall", 1, "Let me think it over.")], source=HOSTILE[1]))
    store.close()
    return path


def test_transcript_markup_stays_text_in_the_browser(page: Page, hostile_store: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serving(hostile_store) as base:
        for path in ("/calls", "/reps", "/calls/1"):
            page.goto(base + path)
            assert page.evaluate("typeof window.__xss") == "undefined"
        assert (
            page.inner_text('.turn-text[data-turn="0"]')
            == f"Sure, I'll send you {HOSTILE[0]} tonight."
        )
        assert page.inner_text('.turn-text[data-turn="1"]').endswith(HOSTILE[1])
        assert page.locator(".turn-text img, .turn-text script").count() == 0
    assert dialogs == []


def test_a_cross_site_form_cannot_act_for_the_coach(page: Page, hostile_store: Path) -> None:
    with serving(hostile_store) as base:
        page.goto(f"{base}/calls/1")  # the coach has the app open: the session cookie exists
        attack = (
            f'<form id="f" method="post" action="{base}/calls/1/actions">'
            '<input name="action" value="set_decision"><input name="value" value="decline">'
            '</form><script>document.getElementById("f").submit()</script>'
        ).encode()

        class Evil(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(attack)

            def log_message(self, *args: object) -> None:
                pass

        evil = HTTPServer(("127.0.0.1", 0), Evil)
        threading.Thread(target=evil.serve_forever, daemon=True).start()
        try:
            with page.expect_response(f"{base}/calls/1/actions") as answer:
                page.goto(f"http://127.0.0.1:{evil.server_port}/")
            assert answer.value.status == 403
        finally:
            evil.shutdown()
            evil.server_close()
    assert query(hostile_store, "SELECT COUNT(*) FROM coach_actions")[0][0] == 0
