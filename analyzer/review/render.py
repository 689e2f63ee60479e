"""Jinja2 set-up shared by the review app and the single-file HTML report.

Autoescaping is always on: every value a template prints is escaped unless it
is :class:`markupsafe.Markup` built by :mod:`analyzer.review.highlight`, which
escapes each piece of transcript text itself.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analyzer.report.terminal import clock

PACKAGE_DIR = Path(__file__).parent
TEMPLATES = PACKAGE_DIR / "templates"
STATIC = PACKAGE_DIR / "static"


def pct(value: float | None, digits: int = 0) -> str:
    """``0.4251`` as ``43%``; a dash when unknown."""
    return "-" if value is None else f"{value:.{digits}%}"


def human(value: object) -> str:
    """``no_decision`` as ``no decision``."""
    return str(value).replace("_", " ")


def seconds(value: float | None) -> str:
    """A duration as ``mm:ss``; a dash when unknown."""
    return clock(value) or "-"


def install_filters(env: Environment) -> None:
    """Register the filters every template uses."""
    env.filters["pct"] = pct
    env.filters["human"] = human
    env.filters["clock"] = seconds


def environment() -> Environment:
    """A standalone environment over the app's templates (used by the HTML report)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_filters(env)
    return env


def stylesheet() -> str:
    """The app's stylesheet, for inlining into a single-file report."""
    return (STATIC / "review.css").read_text(encoding="utf-8")
