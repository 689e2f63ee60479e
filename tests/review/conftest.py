from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from review_builders import SALES_CALL, SALES_HITS, put, report

from analyzer.batch.store import Store
from analyzer.review.app import ReviewConfig, create_app


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: drives the review app in a real headless Chromium (/usr/bin/chromium)"
    )


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A store holding one sales call (id 1) with three machine findings."""
    path = tmp_path / "review.db"
    store = Store(path)
    put(store, report(SALES_CALL, SALES_HITS))
    store.close()
    return path


def make_app(path: Path, token: str | None = None, reviewer: str = "coach-a") -> Flask:
    app = create_app(ReviewConfig(store=path, reviewer=reviewer, token=token, secret_key=b"k" * 32))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def app(store_path: Path) -> Iterator[Flask]:
    yield make_app(store_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_of(client: FlaskClient, path: str = "/calls/1") -> str:
    """The CSRF token the page at ``path`` hands out (it lives in the session)."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)
