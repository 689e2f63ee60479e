"""The coaches' review web app (Flask): call list, call page with corrections, per-rep view.

Pages are rendered on the server with Jinja2 (autoescaping on, so transcript
text is always text); a small script adds text selection for "add a missed
finding".  Every change is a POST that appends one coach action and redirects
back (post/redirect/get), so reloading never repeats it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response as BaseResponse

from analyzer.model import DECISIONS, LABELS, LED_BY_VALUES
from analyzer.review import listing, reps, security
from analyzer.review.actions import ActionError, review_state, validate_action
from analyzer.review.db import ReviewDB, insert_action, load_actions, load_call
from analyzer.review.render import install_filters
from analyzer.review.view import call_view


@dataclass(frozen=True, slots=True)
class ReviewConfig:
    """How to run the app: which store, who is reviewing, and the optional access token."""

    store: Path
    reviewer: str
    token: str | None = None
    page_size: int = listing.PAGE_SIZE
    secret_key: bytes | None = None
    """Signs the session cookie; random per start unless given (tests pin it)."""


class _RepNames:
    """The rep filter's suggestions, recomputed only when another process changed the store."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.names: list[str] = []

    def get(self, db: ReviewDB) -> list[str]:
        with db.connection() as conn:
            version = int(conn.execute("PRAGMA data_version").fetchone()[0])
            if version != self.version:
                self.names = listing.rep_names(conn)
                self.version = version
        return self.names


def create_app(config: ReviewConfig) -> Flask:
    """Build the app over ``config.store`` (migrating it to the current schema).

    Raises:
        UsageError: the store does not exist.
        InputError: the file is not a results store.
    """
    db = ReviewDB(config.store)
    app = Flask(__name__)
    app.secret_key = config.secret_key or secrets.token_bytes(32)
    app.config["REVIEW"] = config
    app.extensions["callscore_review_db"] = db
    security.install(app, config.token)
    install_filters(app.jinja_env)
    rep_names = _RepNames()

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "reviewer": config.reviewer,
            "store_name": config.store.name,
            "LABELS": LABELS,
            "DECISIONS": DECISIONS,
            "LED_BY_VALUES": LED_BY_VALUES,
        }

    @app.get("/")
    def index() -> BaseResponse:
        return redirect(url_for("calls"))

    @app.get("/calls")
    def calls() -> str:
        query, problems = listing.parse_list_query(request.args)
        with db.connection() as conn:
            page = listing.fetch_page(conn, query, config.page_size)
        return render_template(
            "list.html", page=page, problems=problems, reps=rep_names.get(db), sorts=listing.SORTS
        )

    @app.get("/calls/<int:call_id>")
    def call(call_id: int) -> str:
        with db.connection() as conn:
            loaded = load_call(conn, call_id)
            if loaded is None:
                abort(404, f"no call {call_id} in this store")
            ref, report = loaded
            state = review_state(load_actions(conn, ref))
        back = request.args.get("back", "")
        return render_template(
            "call.html", ref=ref, v=call_view(report, state), interactive=True,
            back=back if back.startswith("/calls") else url_for("calls"),
        )  # fmt: skip

    @app.post("/calls/<int:call_id>/actions")
    def act(call_id: int) -> BaseResponse | tuple[str, int]:
        form = {k: v for k, v in request.form.items() if k != security.CSRF_FIELD}
        with db.connection() as conn:
            loaded = load_call(conn, call_id)
            if loaded is None:
                abort(404, f"no call {call_id} in this store")
            ref, report = loaded
            state = review_state(load_actions(conn, ref))
            try:
                new = validate_action(report, state, form)
            except ActionError as err:
                return render_template(
                    "error.html", status=400, message=err.one_line(),
                    back=url_for("call", call_id=call_id),
                ), 400  # fmt: skip
            insert_action(conn, ref, new, config.reviewer)
        anchor = f"turn-{new.key.turn}" if new.key else "coach"
        flash(_describe(new.action, new.key.label if new.key else new.value))
        back = form.get("back", "")
        target = url_for("call", call_id=call_id, back=back or None)
        return redirect(f"{target}#{anchor}", code=303)

    @app.get("/reps")
    def rep_list() -> str:
        with db.connection() as conn:
            table = reps.rep_table(conn)
            reviewed = reps.reviewed_by_rep(conn)
        return render_template("reps.html", table=table, reviewed=reviewed)

    @app.get("/reps/<path:name>")
    def rep(name: str) -> str:
        with db.connection() as conn:
            detail = reps.rep_detail(conn, name)
        if detail is None:
            abort(404, f"no stored call names the rep {name!r}")
        calls_link = url_for("calls") + "?" + listing.ListQuery(rep=name).params()
        return render_template("rep.html", d=detail, calls_link=calls_link)

    @app.errorhandler(404)
    def _not_found(err: Any) -> tuple[str, int]:
        message = getattr(err, "description", None) or "no such page"
        return render_template("error.html", status=404, message=message, back=None), 404

    return app


def _describe(action: str, what: str | None) -> str:
    verbs = {
        "confirm": "confirmed the {} finding",
        "reject": "rejected the {} finding",
        "add": "added a {} finding",
        "set_decision": "set the decision to {}",
        "set_led_by": "set led by to {}",
        "note": "saved the note",
    }
    return "Saved: " + verbs[action].format(what)
