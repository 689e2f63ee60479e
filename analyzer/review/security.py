"""Safe-by-default rules for the review server: bind address, access token, CSRF, headers.

* Without a token the server only binds a loopback address, and answers only
  requests addressed to a loopback name (a page on another site that rebinds
  its DNS name to 127.0.0.1 gets 403, not the transcripts).
* With a token every request must carry it: ``Authorization: Bearer TOKEN``,
  or ``?token=TOKEN`` once, which sets a session cookie and redirects to the
  same address without the token.
* Every POST must carry the session's CSRF token (form field ``csrf_token`` or
  header ``X-CSRF-Token``), and a POST whose ``Origin`` is another site is
  refused even with one.
* Responses forbid framing, sniffing, referrers and any script or style not
  served by the app itself.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, redirect, request, session
from werkzeug.wrappers.response import Response as BaseResponse

from analyzer.errors import UsageError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
MIN_TOKEN_CHARS = 16
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, IPv6 maybe in brackets) is this machine only."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token, or with a weak one.

    Raises:
        UsageError: (exit 2) with the fix in the message.
    """
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise UsageError(
            f"--token must be at least {MIN_TOKEN_CHARS} characters",
            fix="generate one: python -c 'import secrets; print(secrets.token_urlsafe())'",
        )
    if token is None and not is_loopback(host):
        raise UsageError(
            f"refusing to serve on {host} without --token: anyone who can reach it could "
            "read every transcript and change reviews",
            fix="keep the default --host 127.0.0.1, or set --token (every request must then "
            "carry it)",
        )


def _request_host() -> str:
    host = request.host
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def csrf_token() -> str:
    """The session's CSRF token (created on first use); forms and fetches send it back."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def _same_origin(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc == request.host


def _plain(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _check_token(token: str) -> BaseResponse | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return None
    if session.get("authed") is True:
        return None
    given = request.args.get("token")
    if given is not None and hmac.compare_digest(given, token):
        session["authed"] = True
        session.permanent = False
        if request.method in ("GET", "HEAD"):
            # Take the token out of the address bar (and of any later Referer or history).
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            return redirect(request.path + (f"?{urlencode(rest)}" if rest else ""), code=303)
        return None
    return _plain(
        401,
        "This callscore review server needs its access token: open the address printed when "
        "it started (ending in ?token=...), or send 'Authorization: Bearer TOKEN'.",
    )


def _check_csrf() -> Response | None:
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null" and not _same_origin(origin):
        return _plain(403, f"cross-site request from {origin} refused")
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return _plain(403, "cross-site request refused")
    expected = session.get("csrf")
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        return _plain(
            403,
            "missing or wrong CSRF token: reload the page and try again "
            "(the server may have restarted)",
        )
    return None


def install(app: Flask, token: str | None) -> None:
    """Add the access, host, CSRF and header rules to ``app``."""
    app.config.update(
        SESSION_COOKIE_NAME="callscore_review",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def _guard() -> BaseResponse | None:
        if token is not None:
            refused = _check_token(token)
            if refused is not None:
                return refused
        elif not is_loopback(_request_host()):
            return _plain(
                403,
                f"this server answers only requests to localhost, not {request.host!r} "
                "(start it with --token to serve other addresses)",
            )
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return _check_csrf()
        return None

    @app.after_request
    def _headers(response: BaseResponse) -> BaseResponse:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response
