"""Shared by the endpoint tests: a `kg serve` server run on a thread, and one HTTP request to it."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from kg.serve import SparqlServer


def serving(srv: SparqlServer) -> threading.Thread:
    """Start answering on a daemon thread; end it with :func:`stop`."""
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    return thread


def stop(srv: SparqlServer, thread: threading.Thread) -> None:
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@contextmanager
def running(srv: SparqlServer) -> Iterator[SparqlServer]:
    """The server answering for the length of a ``with`` block (or a fixture's ``yield``)."""
    thread = serving(srv)
    try:
        yield srv
    finally:
        stop(srv, thread)


def http(srv: SparqlServer, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request (an HTTP error status is an answer, not an exception)."""
    req = urllib.request.Request(srv.url + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()
