"""The review app through Flask's test client: pages, coach actions, append-only storage."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import csrf_of, make_app
from flask.testing import FlaskClient
from review_builders import SALES_CALL, SALES_HITS, put, report

from analyzer.batch.store import Store


def post(client: FlaskClient, data: dict[str, str], call: int = 1) -> tuple[int, str]:
    token = csrf_of(client, f"/calls/{call}")
    r = client.post(f"/calls/{call}/actions", data={**data, "csrf_token": token})
    return r.status_code, r.headers.get("Location", "") or r.get_data(as_text=True)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return [tuple(r) for r in db.execute(sql)]
    finally:
        db.close()


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/", 302, ""),
        ("/calls", 200, "calls/a.txt"),
        ("/calls?decision=no_decision&sort=-giveaways", 200, "calls/a.txt"),
        ("/calls?decision=advance", 200, "no calls match"),
        ("/calls?date_from=garbage", 200, "must be a date"),
        ("/calls/1", 200, "Just send me some info"),
        ("/calls/2", 404, "no call 2"),
        ("/calls/x", 404, "Not found"),
        ("/reps", 200, "Dana Ruiz"),
        ("/reps/Dana%20Ruiz", 200, "reviewed by a coach"),
        ("/reps/Nobody", 404, "Nobody"),
        ("/static/review.js", 200, "callscore:select"),
    ],
)
def test_pages(client: FlaskClient, path: str, status: int, needle: str) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert needle in r.get_data(as_text=True)


def test_call_page_shows_scores_evidence_and_highlights(client: FlaskClient) -> None:
    html = client.get("/calls/1").get_data(as_text=True)
    assert html.count('<span class="anchor" id="f-m') == len(SALES_HITS)
    for i in range(len(SALES_CALL)):
        assert f'id="turn-{i}"' in html
    # every in-page link has a target
    for target in set(re.findall(r'href="#([^"]+)"', html)):
        assert f'id="{target}"' in html, target
    # the decision links to its evidence, which quotes the first finding
    assert re.search(r'<a class="big dec-no_decision" href="#f-m0"', html)
    # the seller's turn offers only seller labels to the selection toolbar
    assert 'data-turn="0" data-allowed="giveaway"' in html
    assert 'data-turn="1" data-allowed="commitment stall decline"' in html
    assert 'data-turn="4" data-allowed=""' in html


def test_reject_add_correct_and_note_show_after_reload(
    client: FlaskClient, store_path: Path
) -> None:
    stall = next(f for f in report(SALES_CALL, SALES_HITS)["findings"] if f["label"] == "stall")
    status, where = post(
        client,
        {
            "action": "reject",
            "label": "stall",
            "turn": str(stall["turn"]),
            "start": str(stall["start_char"]),
            "end": str(stall["end_char"]),
        },
    )
    assert status == 303 and where.endswith(f"/calls/1#turn-{stall['turn']}")
    text = SALES_CALL[3][2]
    start = text.index("Call me next quarter.")
    assert (
        post(
            client,
            {
                "action": "add",
                "label": "stall",
                "turn": "3",
                "start": str(start),
                "end": str(start + 21),
                "quote": "Call me next quarter.",
            },
        )[0]
        == 303
    )
    assert post(client, {"action": "set_decision", "value": "decline"})[0] == 303
    assert post(client, {"action": "set_led_by", "value": "seller"})[0] == 303
    assert post(client, {"action": "note", "value": "Ask for the date <b>next</b> time"})[0] == 303

    html = client.get("/calls/1").get_data(as_text=True)
    assert re.search(r'id="row-m0" class="st-rejected"', html)
    assert re.search(r'id="row-c0" class="st-added"[^>]*data-label="stall" data-turn="3"', html)
    assert 'id="decision-effective" class="dec-decline">decline<' in html
    assert 'id="led-by-effective">seller<' in html
    assert "Ask for the date &lt;b&gt;next&lt;/b&gt; time" in html
    history = html[html.index('id="history"') :]
    history = history[: history.index("</ol>")]
    assert history.count("<b>coach-a</b>") == 5  # the history names the reviewer of each action
    listing = client.get("/calls?reviewed=yes").get_data(as_text=True)
    assert "calls/a.txt" in listing and "reviewed" in listing and "decline" in listing


def test_actions_are_appended_and_never_touch_the_machine_output(
    client: FlaskClient, store_path: Path
) -> None:
    before = rows(store_path, "SELECT * FROM calls")
    findings = rows(store_path, "SELECT * FROM findings")
    post(client, {"action": "set_decision", "value": "advance"})
    post(client, {"action": "set_decision", "value": "decline"})
    post(client, {"action": "reject", "label": "stall", "turn": "1", "start": "0", "end": "22"})
    post(client, {"action": "confirm", "label": "stall", "turn": "1", "start": "0", "end": "22"})
    assert rows(store_path, "SELECT * FROM calls") == before
    assert rows(store_path, "SELECT * FROM findings") == findings
    actions = rows(
        store_path, "SELECT action, value, reviewer, created_at FROM coach_actions ORDER BY id"
    )
    assert [(a[0], a[1], a[2]) for a in actions] == [
        ("set_decision", "advance", "coach-a"),
        ("set_decision", "decline", "coach-a"),
        ("reject", None, "coach-a"),
        ("confirm", None, "coach-a"),
    ]
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", str(a[3])) for a in actions
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "add", "label": "stall", "turn": "0", "start": "0", "end": "6"}, "seller turn"),
        (
            {"action": "reject", "label": "stall", "turn": "1", "start": "0", "end": "21"},
            "no stall finding",
        ),
        ({"action": "set_decision", "value": "<script>x</script>"}, "unknown decision"),
    ],
)
def test_invalid_actions_answer_400_and_store_nothing(
    client: FlaskClient, store_path: Path, data: dict[str, str], message: str
) -> None:
    status, body = post(client, data)
    assert status == 400 and message in body
    assert "<script>x" not in body
    assert rows(store_path, "SELECT COUNT(*) FROM coach_actions") == [(0,)]


def test_actions_on_a_missing_call_are_404(client: FlaskClient) -> None:
    token = csrf_of(client)
    r = client.post("/calls/99/actions", data={"csrf_token": token, "action": "note", "value": "x"})
    assert r.status_code == 404


def test_each_reviewer_is_recorded(store_path: Path) -> None:
    for name in ("coach-a", "coach-b"):
        post(make_app(store_path, reviewer=name).test_client(), {"action": "note", "value": name})
    assert rows(store_path, "SELECT reviewer, value FROM coach_actions ORDER BY id") == [
        ("coach-a", "coach-a"),
        ("coach-b", "coach-b"),
    ]


def test_actions_follow_the_call_through_a_forced_reanalysis(
    client: FlaskClient, store_path: Path
) -> None:
    post(client, {"action": "set_decision", "value": "advance"})
    store = Store(store_path)
    put(store, report(SALES_CALL[:2], source="calls/b.txt"), content="another call")
    new_id = put(store, report(SALES_CALL, SALES_HITS), force=True)
    store.close()
    assert new_id not in (1, 2)
    html = client.get(f"/calls/{new_id}").get_data(as_text=True)
    assert 'id="decision-effective" class="dec-advance"' in html


def test_rep_pages_aggregate_like_the_batch_summary(tmp_path: Path) -> None:
    from analyzer.batch.summary import aggregate, call_rows

    path = tmp_path / "reps.db"
    store = Store(path)
    for i, (seller, decision) in enumerate(
        [("Ann", "advance"), ("Ann", "no_decision"), ("Bo", "decline")]
    ):
        turns = [(seller, "seller", "Hi there."), ("Pat", "prospect", "Let me think it over.")]
        put(
            store,
            report(
                turns,
                [("stall", 1, "Let me think it over.")],
                decision=decision,
                source=f"c{i}.txt",
            ),
            content=str(i),
        )
    expected = aggregate(call_rows(store), "rep")
    store.close()
    client = make_app(path).test_client()
    html = client.get("/reps").get_data(as_text=True)
    for g in expected:
        assert f'>{g.group}</a></td>\n      <td class="num">{g.calls}</td>' in html
        assert f"{g.decision_rate:.0%}" in html
    ann = client.get("/reps/Ann").get_data(as_text=True)
    assert "2 calls" in ann and "?rep=Ann" in ann
