"""Serving the review app: a threaded WSGI server on one address, stopped by Ctrl+C."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from analyzer.errors import UsageError
from analyzer.review.security import check_bind


def bind(app: Flask, host: str, port: int, token: str | None) -> BaseWSGIServer:
    """A server for ``app`` listening on ``host:port`` (port 0: any free port).

    Raises:
        UsageError: a non-loopback host without a token, or the address is taken.
    """
    check_bind(host, token)
    try:
        return make_server(host, port, app, threaded=True)
    except (OSError, SystemExit) as exc:
        # werkzeug reports a busy port on stderr and exits; turn that into our error.
        reason = f" ({exc.strerror})" if isinstance(exc, OSError) and exc.strerror else ""
        raise UsageError(
            f"cannot listen on {host}:{port}{reason}",
            fix="pick another --port, or stop the program using it",
        ) from exc


def serve(server: BaseWSGIServer, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``on_ready`` gets the base URL once listening."""
    host, port = server.host, server.port
    shown = f"[{host}]" if ":" in host else host
    if on_ready is not None:
        on_ready(f"http://{shown}:{port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
