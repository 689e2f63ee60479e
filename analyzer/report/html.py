"""The single-file HTML report of one call.  Rendering only, no analysis.

The page is self-contained: the stylesheet is inlined, there is no script, and
a Content-Security-Policy forbids any fetch, so it can be mailed or archived and
opened offline.  It renders the ``--json`` report (:func:`report_dict`) through
the same view and templates as the review app's call page: scores with their
evidence (each links to the turn or finding that supports it), the next step,
the metrics, and the transcript with every finding highlighted and labelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from analyzer import __version__


def render_html(report: Mapping[str, Any], *, generated: datetime | None = None) -> str:
    """One call's report as a complete HTML document (all text escaped)."""
    from analyzer.review.render import environment, stylesheet
    from analyzer.review.view import call_view

    when = (generated or datetime.now(UTC)).isoformat(timespec="seconds")
    template = environment().get_template("report.html")
    return template.render(
        v=call_view(report),
        # The stylesheet is our own file, inlined verbatim into <style>.
        css=Markup(stylesheet()),
        version=__version__,
        generated=when,
        schema_version=report.get("schema_version", "?"),
    )
