"""A read-only SPARQL 1.1 Protocol endpoint over the built graph.

``http.server`` (one thread per connection) in front of a small pool of worker *processes*, each
with the store opened read-only. A query runs in a worker; if it is not answered within the time
limit the worker is killed and replaced, and the client gets 503. A thread could not do this:
pyoxigraph cannot cancel a running query, so a runaway query in a thread would hold a core until it
ended on its own.

Protocol: ``/query`` takes GET ``?query=`` and POST (form-encoded ``query=`` or a body of type
``application/sparql-query``); any update (``update=``, an ``application/sparql-update`` body, an
update in ``query=``) is refused with 403, as are federated ``SERVICE`` calls (the server would
otherwise fetch any URL a visitor names); both are decided by the worker from the parsed query
(:mod:`kg.querycheck`), never from keywords in the text. A malformed query gets 400 with the
parser's message.
Results are negotiated from ``Accept``: SPARQL JSON, XML, CSV, TSV for SELECT/ASK; Turtle,
N-Triples, RDF/XML, JSON-LD for CONSTRUCT/DESCRIBE. Every answer carries ``Access-Control-Allow-Origin: *``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import shutil
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.errors import InputError, OutputError
from kg.querycheck import check_query, is_update, uses_service

__all__ = ["is_update", "uses_service", "make_server", "negotiate", "SparqlServer", "QueryPool"]

log = logging.getLogger("kg.serve")

MAX_BODY = 1_000_000  # bytes of a POSTed query
RESULT_TYPES: list[tuple[str, str]] = [  # (media type, pyoxigraph QueryResultsFormat name)
    ("application/sparql-results+json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
    ("application/json", "JSON"),
    ("application/xml", "XML"),
]
GRAPH_TYPES: list[tuple[str, str]] = [  # (media type, pyoxigraph RdfFormat name)
    ("text/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("application/rdf+xml", "RDF_XML"),
    ("text/plain", "N_TRIPLES"),
    ("application/ld+json", "JSON_LD"),
]
# ?format= (also what SPARQLWrapper sends as format/output/results) -> the Accept it stands for.
# One name may stand for a results type and a graph type: SPARQLWrapper's default is format=xml
# with Accept: application/rdf+xml for CONSTRUCT/DESCRIBE, so "xml" must give RDF/XML for a graph.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
}


# --------------------------------------------------------------------------------------------
# query inspection and content negotiation (pure functions, tested directly)

def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(accept: str | None, offered: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The offered (media type, format) the client prefers; the first offer when Accept is absent.

    Quality values are honoured, a specific range beats ``type/*`` beats ``*/*``, ties go to the
    server's order. ``None`` when nothing offered is acceptable (406).
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = _accept_ranges(accept)
    best: tuple[float, int, tuple[str, str]] | None = None
    for index, offer in enumerate(offered):
        media = offer[0]
        major = media.split("/")[0]
        quality, specificity = -1.0, -1
        for rng, q in ranges:
            if rng == media:
                spec = 2
            elif rng == f"{major}/*":
                spec = 1
            elif rng == "*/*":
                spec = 0
            else:
                continue
            if spec > specificity:
                quality, specificity = q, spec
        if quality <= 0:
            continue
        if best is None or quality > best[0] or (quality == best[0] and index < best[1]):
            best = (quality, index, offer)
    return None if best is None else best[2]


# --------------------------------------------------------------------------------------------
# worker processes


def _worker_main(location: str, conn: Connection) -> None:
    """Loop in a worker process: receive (query, result offer, graph offer), send (status, type, body)."""
    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.store import TURTLE_PREFIXES, describe_syntax_error, open_store, union_default

    try:
        store = open_store(Path(location))
    except InputError as exc:
        conn.send(("error", str(exc), b""))
        return
    union = union_default(store)
    check_query("ASK {}")  # loads the checking grammar before the first real query
    conn.send(("ready", "", b""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        sparql, result_offer, graph_offer = request
        try:
            verdict = check_query(sparql)  # SERVICE and updates are refused from the parse, here
            if not verdict.ok:
                conn.send((verdict.status, "text/plain", verdict.reason.encode("utf-8")))
                continue
            sparql = verdict.text
            answer = store.query(sparql, use_default_graph_as_union=union)
            if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
                if result_offer is None:
                    conn.send((406, "text/plain", b"none of the Accept types suits a SELECT/ASK result"))
                    continue
                media, name = result_offer
                body = answer.serialize(format=getattr(ox.QueryResultsFormat, name))
            else:
                if graph_offer is None:
                    conn.send((406, "text/plain", b"none of the Accept types suits a CONSTRUCT/DESCRIBE result"))
                    continue
                media, name = graph_offer
                rdf_format = getattr(ox.RdfFormat, name)
                prefixes = TURTLE_PREFIXES if rdf_format is ox.RdfFormat.TURTLE else None
                body = ox.serialize(answer, format=rdf_format, prefixes=prefixes) or b""
            conn.send((200, media, body or b""))
        except SyntaxError as exc:
            conn.send((400, "text/plain", describe_syntax_error(exc, sparql).encode("utf-8")))
        except Exception as exc:  # noqa: BLE001 - any failure is this query's 500, not the worker's end
            conn.send((500, "text/plain", f"query failed: {exc}".encode("utf-8")))


class _Worker:
    def __init__(self, context: Any, location: Path) -> None:
        self.conn, child = context.Pipe()
        self.error = ""
        self.process = context.Process(target=_worker_main, args=(str(location), child), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> bool:
        if not self.conn.poll(timeout):
            return False
        try:
            kind, message, _ = self.conn.recv()
        except (EOFError, OSError):
            return False
        self.error = message if kind == "error" else ""
        return bool(kind == "ready")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


class QueryPool:
    """Worker processes over one read-only store; each query gets ``timeout`` seconds."""

    def __init__(self, location: Path, size: int = 2, timeout: float = 30.0) -> None:
        self.location = location
        self.timeout = timeout
        self.size = max(1, size)
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._hold: int | None = None

    def start(self) -> None:
        from kg.fileio import hold_generation

        self._hold = hold_generation(self.location)  # no build removes the set while we read it
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            if not worker.wait_ready(60):
                self.close()
                raise InputError(worker.error or f"{self.location}: a query worker could not open the store")
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.location)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
        if not self._closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        worker = self._spawn()
        if worker.wait_ready(60) and not self._closed:
            self._idle.put(worker)
        else:
            worker.kill()

    def run(self, sparql: str, result_offer: tuple[str, str] | None, graph_offer: tuple[str, str] | None) -> Answer:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain", b"all query workers are busy; try again later")
        try:
            worker.conn.send((sparql, result_offer, graph_offer))
            if not worker.conn.poll(self.timeout):  # the query's own time, not counting the wait
                log.warning("query stopped after %.1f s", self.timeout)
                self._retire(worker)
                return Answer(503, "text/plain", f"query stopped: it ran longer than {self.timeout:g} s".encode())
            status, media, body = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            return Answer(500, "text/plain", b"the query worker failed")
        self._idle.put(worker)
        return Answer(status, media, body)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        with self._lock:
            hold, self._hold = self._hold, None
        if hold is not None:
            os.close(hold)


# --------------------------------------------------------------------------------------------
# HTTP


class SparqlServer(ThreadingHTTPServer):
    """The HTTP side: a listen backlog that holds bursts of clients, a cap on open connections,
    idle and slow-request deadlines, and a pool that follows rebuilds of the graph it serves."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # listen backlog (socketserver's default of 5 reset 0.5% at 20 clients)
    max_connections = 256  # open connections served at once; more are answered 503 at once
    idle_timeout = 10.0  # seconds a connection may wait between bytes of a request
    request_deadline = 20.0  # seconds to send a whole request (line, headers, body)
    reload_interval = 1.0  # seconds between checks that the served graph was rebuilt

    def __init__(self, address: tuple[str, int], pool: QueryPool, cleanup: Path | None = None,
                 source: Path | None = None) -> None:
        # set before binding: socketserver calls server_close() when the bind fails
        self.pool = pool
        self._cleanup = cleanup
        self._source = source  # an output folder or store link to follow across rebuilds
        self._connections = threading.BoundedSemaphore(self.max_connections)
        self._reload_lock = threading.Lock()
        self._checked = 0.0
        self._retired: list[QueryPool] = []
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}"

    # -- connections -------------------------------------------------------------------------
    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._connections.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: 30\r\nConnection: close\r\n\r\ntoo many connections; try again\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)  # type: ignore[misc]
        finally:
            self._connections.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One log line for a request that failed (a client gone mid-answer...), not a traceback."""
        exc = sys.exc_info()[1]
        log.warning("%s: request failed (%s: %s)", client_address[0], type(exc).__name__, exc)

    # -- following rebuilds --------------------------------------------------------------------
    def current_pool(self) -> QueryPool:
        """The pool for the next query: the served graph's current set. After a rebuild, new
        queries go to workers on the new set once they are ready; each query is answered from
        one set, and no answer comes from the old set after the first from the new one."""
        if self._source is not None and time.monotonic() - self._checked >= self.reload_interval:
            self._checked = time.monotonic()
            if self._reload_lock.acquire(blocking=False):
                threading.Thread(target=self._follow, daemon=True).start()
        return self.pool

    def _follow(self) -> None:
        try:
            assert self._source is not None
            try:
                location = _store_location(self._source)
            except Exception:  # noqa: BLE001 - a half-visible rebuild: look again later
                return
            if location is None or location == self.pool.location:
                return
            fresh = QueryPool(location, size=self.pool.size, timeout=self.pool.timeout)
            try:
                fresh.start()
            except Exception as exc:  # noqa: BLE001 - keep serving the set we have
                log.warning("could not open the rebuilt graph %s (%s); still serving %s", location, exc,
                            self.pool.location)
                return
            old, self.pool = self.pool, fresh
            log.warning("graph rebuilt: now serving %s", location)
            # queries already running on the old set have at most its timeout left
            timer = threading.Timer(old.timeout + 5.0, old.close)
            timer.daemon = True
            timer.start()
            self._retired.append(old)
        finally:
            self._reload_lock.release()

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
        for old in self._retired:
            old.close()
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)


def _store_location(graph: Path) -> Path | None:
    """The real folder of the store a graph path stands for now (None for a Turtle file)."""
    from kg.store import resolve_graph

    resolved = resolve_graph(graph)
    return None if resolved.is_file() else Path(os.path.realpath(resolved))


def make_server(graph: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                workers: int = 2) -> SparqlServer:
    """A ready server (socket bound, workers started; ``port=0`` picks a free port).

    A Turtle graph is first loaded into a temporary store, removed again by ``server_close()``.
    An output folder (or its ``store`` link) is followed: after a rebuild the server moves to the
    new set. A port that cannot be bound is an OutputError in one line.
    """
    from kg.store import resolve_graph, write_store

    if timeout <= 0:
        raise InputError("--timeout must be more than 0 seconds")
    resolved = resolve_graph(Path(graph))
    cleanup: Path | None = None
    source: Path | None = None
    if resolved.is_file():
        cleanup = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        location = write_store(resolved, cleanup)
    else:
        location = Path(os.path.realpath(resolved))  # the set of now, not whatever a link names later
        source = Path(graph)
    pool = QueryPool(location, size=workers, timeout=timeout)
    server: SparqlServer | None = None
    try:
        try:
            server = SparqlServer((host, port), pool, cleanup, source)
        except OSError as exc:
            raise OutputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
        pool.start()
        return server
    except BaseException:
        if server is not None:
            server.socket.close()
        pool.close()
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)
        raise


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/0.1"
    protocol_version = "HTTP/1.1"
    _deadline: threading.Timer | None = None

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)  # idle connections are closed

    def handle_one_request(self) -> None:
        """One request, which must arrive whole within ``request_deadline`` (slow senders are cut off)."""
        self._deadline = threading.Timer(self.server.request_deadline, self._too_slow)
        self._deadline.daemon = True
        self._deadline.start()
        try:
            super().handle_one_request()
        except (TimeoutError, ConnectionError, OSError):
            self.close_connection = True
        finally:
            self._request_read()

    def _request_read(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        log.info("%s: request not complete after %.0f s; closed", self.address_string(), self.server.request_deadline)
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- plumbing ------------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, content_type: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain", (message + "\n").encode("utf-8"))

    def _refused_path(self, path: str) -> bool:
        """Answer anything but /query here (403 for /update, 404 otherwise); True when answered."""
        if path == "/update":
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        elif path != "/query":
            self._error(HTTPStatus.NOT_FOUND, "not found: the SPARQL endpoint is /query")
        else:
            return False
        return True

    # -- methods -------------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server naming
        self._request_read()
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Allow", "GET, POST, OPTIONS")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        self._request_read()
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html", QUERY_PAGE.encode("utf-8"))
            return
        if self._refused_path(url.path):
            return
        self._answer(parse_qs(url.query, keep_blank_values=True), None)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/query":
            self.close_connection = True  # the body is left unread
        if self._refused_path(url.path):
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query body must be 0 to {MAX_BODY} bytes")
            return
        raw = self.rfile.read(length)
        self._request_read()
        if len(raw) < length:
            self.close_connection = True
            return  # the client went away, or was too slow
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
            return
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            self._answer(params, None)
        elif media == "application/sparql-query":
            self._answer(params, text)
        elif media == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        "POST application/x-www-form-urlencoded or application/sparql-query")

    # -- the protocol ----------------------------------------------------------------------------
    def _answer(self, params: dict[str, list[str]], body_query: str | None) -> None:
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            return
        queries = params.get("query", [])
        if body_query is not None:
            queries = [body_query, *queries]
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one non-empty 'query'")
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported: "
                        "the graph is the store's default graph")
            return
        sparql = queries[0]  # checked for SERVICE and updates by the worker, from its parse
        accept = self.headers.get("Accept")
        forced = params.get("format", [None])[0]
        if forced:
            if forced.lower() not in FORMAT_ALIASES:
                self._error(HTTPStatus.BAD_REQUEST, f"unknown format {forced!r} ({', '.join(FORMAT_ALIASES)})")
                return
            accept = FORMAT_ALIASES[forced.lower()]
        answer = self.server.current_pool().run(sparql, negotiate(accept, RESULT_TYPES), negotiate(accept, GRAPH_TYPES))
        self._send(answer.status, answer.content_type, answer.body)


QUERY_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>kg SPARQL</title>
<style>
 body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5em; }
 textarea { width: 100%; height: 14em; font-family: monospace; }
 table { border-collapse: collapse; margin-top: 1em; }
 td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
 #status { color: #555; margin-left: 1em; }
 pre { background: #f6f6f6; padding: .5em; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 at <code>/query</code> (GET <code>?query=</code> or POST).</p>
<form id="f">
<textarea id="q" name="query">PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>

SELECT ?person ?role ?body WHERE {
  ?m a org:Membership ; org:member/rdfs:label ?person ;
     org:role/rdfs:label ?role .
  OPTIONAL { ?m org:organization/rdfs:label ?body }
} LIMIT 50</textarea>
<p><button type="submit">Run</button>
<select id="fmt">
 <option value="application/sparql-results+json">table (SPARQL JSON)</option>
 <option value="text/csv">CSV</option>
 <option value="text/tab-separated-values">TSV</option>
 <option value="application/sparql-results+xml">XML</option>
 <option value="text/turtle">Turtle (CONSTRUCT)</option>
 <option value="application/n-triples">N-Triples (CONSTRUCT)</option>
</select><span id="status"></span></p>
</form>
<div id="out"></div>
<script>
"use strict";
const out = document.getElementById("out"), status = document.getElementById("status");
function text(tag, value) { const e = document.createElement(tag); e.textContent = value; return e; }
function term(t) {
  if (!t) return "";
  if (t.type === "literal") return t.value + (t["xml:lang"] ? "@" + t["xml:lang"] : "");
  return t.type === "bnode" ? "_:" + t.value : t.value;
}
document.getElementById("f").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  out.replaceChildren(); status.textContent = "running...";
  const started = performance.now();
  const accept = document.getElementById("fmt").value;
  try {
    const resp = await fetch("query", {method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept + ", text/turtle;q=0.5"},
      body: new URLSearchParams({query: document.getElementById("q").value})});
    const body = await resp.text();
    status.textContent = resp.status + " in " + Math.round(performance.now() - started) + " ms";
    const type = resp.headers.get("Content-Type") || "";
    if (!resp.ok || !type.startsWith("application/sparql-results+json")) { out.append(text("pre", body)); return; }
    const data = JSON.parse(body);
    if ("boolean" in data) { out.append(text("pre", String(data.boolean))); return; }
    const table = document.createElement("table"), head = table.insertRow();
    for (const v of data.head.vars) head.append(text("th", v));
    for (const b of data.results.bindings) {
      const row = table.insertRow();
      for (const v of data.head.vars) row.append(text("td", term(b[v])));
    }
    out.append(text("p", data.results.bindings.length + " rows"), table);
  } catch (err) { status.textContent = String(err); }
});
</script>
</body>
</html>
"""
