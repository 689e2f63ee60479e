"""Safe by default: escaping (XSS), CSRF, access token, bind address, host check, headers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import csrf_of, make_app
from flask.testing import FlaskClient
from markupsafe import escape
from review_builders import put, report

from analyzer.batch.store import Store
from analyzer.errors import UsageError
from analyzer.report.html import render_html
from analyzer.review.security import check_bind, is_loopback

TOKEN = "s3cret-token-for-tests-0123456789"
PAYLOADS = (
    "<script>alert('xss')</script>",
    '"><img src=x onerror="alert(1)">',
    "</textarea><svg onload=alert(1)>",
)


def actions(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT COUNT(*) FROM coach_actions").fetchone()[0])
    finally:
        db.close()


# --- XSS ---------------------------------------------------------------------------------------
@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    """A call whose source, speakers, transcript and findings all carry markup."""
    path = tmp_path / "xss.db"
    turns = [
        (PAYLOADS[1], "seller", f"Sure. I'll send you {PAYLOADS[0]} tonight."),
        ("Pat", "prospect", f"Let me think it over. {PAYLOADS[2]}"),
    ]
    rep = report(
        turns,
        [("giveaway", 0, f"I'll send you {PAYLOADS[0]} tonight."), ("stall", 1, PAYLOADS[2])],
        source=f"calls/{PAYLOADS[0]}.txt",
    )
    store = Store(path)
    put(store, rep)
    store.close()
    return path


@pytest.mark.parametrize("page", ["/calls", "/calls/1", "/reps"])
def test_markup_in_stored_calls_is_shown_as_text(hostile_store: Path, page: str) -> None:
    client = make_app(hostile_store).test_client()
    html = client.get(page).get_data(as_text=True)
    for payload in PAYLOADS:
        assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html
    assert str(escape(PAYLOADS[1])) in html  # the seller's name, on every page
    if page != "/reps":
        assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html


def test_markup_in_notes_and_the_html_report_is_escaped(hostile_store: Path) -> None:
    client = make_app(hostile_store).test_client()
    token = csrf_of(client)
    client.post(
        "/calls/1/actions", data={"csrf_token": token, "action": "note", "value": PAYLOADS[0]}
    )
    assert PAYLOADS[0] not in client.get("/calls/1").get_data(as_text=True)
    db = sqlite3.connect(hostile_store)
    import json

    rep = json.loads(db.execute("SELECT report_json FROM calls").fetchone()[0])
    db.close()
    html = render_html(rep)
    for payload in PAYLOADS:
        assert payload not in html
    assert html.count("<script") == 0


# --- CSRF --------------------------------------------------------------------------------------
NOTE = {"action": "note", "value": "hello"}


@pytest.mark.parametrize(
    ("token", "headers", "status"),
    [
        ("session", {}, 303),
        ("session", {"Origin": "http://localhost"}, 303),  # same origin
        ("none", {}, 403),  # a cross-site form cannot know the token
        ("wrong", {}, 403),
        ("session", {"Origin": "http://evil.example"}, 403),  # even a leaked token from elsewhere
        ("session", {"Origin": "http://localhost:9999"}, 403),  # another port is another origin
        ("session", {"Sec-Fetch-Site": "cross-site"}, 403),
        ("header", {}, 303),  # fetch() may send it as X-CSRF-Token instead
    ],
)
def test_posts_need_the_session_csrf_token(
    client: FlaskClient, store_path: Path, token: str, headers: dict[str, str], status: int
) -> None:
    real = csrf_of(client)
    data = dict(NOTE)
    if token == "session":
        data["csrf_token"] = real
    elif token == "wrong":
        data["csrf_token"] = real[:-2] + "xx"
    elif token == "header":
        headers = {**headers, "X-CSRF-Token": real}
    r = client.post("/calls/1/actions", data=data, headers=headers)
    assert r.status_code == status
    assert actions(store_path) == (1 if status == 303 else 0)


def test_a_fresh_session_has_no_token_to_match(store_path: Path) -> None:
    # A cross-site POST arrives without our SameSite=Strict cookie: no session, no token.
    client = make_app(store_path).test_client()
    r = client.post("/calls/1/actions", data={**NOTE, "csrf_token": ""})
    assert r.status_code == 403 and "CSRF" in r.get_data(as_text=True)
    assert actions(store_path) == 0


def test_session_cookie_is_strict_and_http_only(client: FlaskClient) -> None:
    r = client.get("/calls/1")
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


# --- token -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({}, 401),
        ({"headers": {"Authorization": f"Bearer {TOKEN}"}}, 200),
        ({"headers": {"Authorization": f"Bearer {TOKEN}x"}}, 401),
        ({"headers": {"Authorization": f"Basic {TOKEN}"}}, 401),
        ({"query_string": {"token": TOKEN[:-1]}}, 401),
    ],
)
def test_with_a_token_every_request_needs_it(
    store_path: Path, kwargs: dict[str, object], status: int
) -> None:
    client = make_app(store_path, token=TOKEN).test_client()
    for path in ("/calls", "/calls/1", "/reps", "/static/review.css"):
        assert client.get(path, **kwargs).status_code == status  # type: ignore[arg-type]


def test_token_in_the_address_once_then_a_cookie(store_path: Path) -> None:
    client = make_app(store_path, token=TOKEN).test_client()
    r = client.get("/calls", query_string={"token": TOKEN, "decision": "advance"})
    assert r.status_code == 303
    assert r.headers["Location"] == "/calls?decision=advance"  # the token leaves the address bar
    assert client.get("/calls/1").status_code == 200  # the session cookie carries it now
    assert make_app(store_path, token=TOKEN).test_client().get("/calls").status_code == 401


def test_token_does_not_replace_csrf(store_path: Path) -> None:
    client = make_app(store_path, token=TOKEN).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/calls/1/actions", data=NOTE, headers=auth).status_code == 403


# --- host and bind -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost", 200),
        ("127.0.0.1:8765", 200),
        ("[::1]:8765", 200),
        ("evil.example", 403),  # DNS rebinding: a foreign name pointed at 127.0.0.1
        ("127.0.0.1.evil.example", 403),
        ("192.168.1.20:8765", 403),
    ],
)
def test_without_a_token_only_loopback_names_are_answered(
    client: FlaskClient, host: str, status: int
) -> None:
    assert client.get("/calls", headers={"Host": host}).status_code == status


def test_with_a_token_any_host_name_is_answered(store_path: Path) -> None:
    client = make_app(store_path, token=TOKEN).test_client()
    r = client.get(
        "/calls", headers={"Host": "review.example:8765", "Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("host", "token", "ok"),
    [
        ("127.0.0.1", None, True),
        ("localhost", None, True),
        ("::1", None, True),
        ("127.0.0.2", None, True),
        ("0.0.0.0", None, False),
        ("::", None, False),
        ("192.168.1.20", None, False),
        ("review.example", None, False),
        ("0.0.0.0", TOKEN, True),
        ("0.0.0.0", "short", False),  # a guessable token is refused too
        ("127.0.0.1", "short", False),
    ],
)
def test_check_bind(host: str, token: str | None, ok: bool) -> None:
    if ok:
        check_bind(host, token)
    else:
        with pytest.raises(UsageError) as info:
            check_bind(host, token)
        assert info.value.exit_code == 2 and "--token" in info.value.one_line()


@pytest.mark.parametrize(
    ("name", "loopback"),
    [
        ("127.0.0.1", True),
        ("[::1]", True),
        ("LOCALHOST", True),
        ("localhost.evil", False),
        ("10.0.0.1", False),
    ],
)
def test_is_loopback(name: str, loopback: bool) -> None:
    assert is_loopback(name) is loopback


# --- headers -----------------------------------------------------------------------------------
def test_security_headers(client: FlaskClient) -> None:
    r = client.get("/calls/1")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"
    # no inline script anywhere, so the strict CSP costs nothing
    html = r.get_data(as_text=True)
    assert "<script>" not in html and " on" + "click=" not in html
