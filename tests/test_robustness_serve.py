"""Robustness catalogue, the endpoint and the store: consistent answers across a rebuild, a
backlog for 100 concurrent clients, idle and slow-request deadlines, a cap on connections, and one
line (no traceback) for a port that cannot be bound or a damaged store. Servers on 127.0.0.1 only,
every loop bounded in count and time."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.serve import SparqlServer, make_server
from serve_helpers import serving, stop
from robust_helpers import SECOND_PAGE, ExportSet, build, run_kg

pytestmark = pytest.mark.robustness

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triples(srv: SparqlServer) -> int:
    url = srv.url + "/query?" + urllib.parse.urlencode({"query": COUNT})
    with urllib.request.urlopen(url, timeout=15) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


@pytest.fixture()
def mini_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SparqlServer]:
    monkeypatch.setattr(SparqlServer, "idle_timeout", 0.5)
    monkeypatch.setattr(SparqlServer, "request_deadline", 1.5)
    monkeypatch.setattr(SparqlServer, "max_connections", 150)
    srv = make_server(MINI, host="127.0.0.1", port=0, timeout=10.0, workers=2)
    thread = serving(srv)
    yield srv
    stop(srv, thread)


@pytest.mark.parametrize("graph_name", ["out", "out/store"])
def test_answers_follow_a_rebuild_and_never_go_back(previous: ExportSet, tmp_path: Path, graph_name: str) -> None:
    out = previous.out
    srv = make_server(tmp_path / graph_name, host="127.0.0.1", port=0, timeout=10.0, workers=1)
    srv.reload_interval = 0.1
    thread = serving(srv)
    try:
        assert triples(srv) == previous.triples
        pages = tmp_path / "new"
        pages.mkdir()
        (pages / "b.txt").write_text(SECOND_PAGE, encoding="utf-8")
        assert build(pages, "--out", out).exit_code == 0
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            seen.append(triples(srv))
            if seen[-1] != previous.triples:
                break
            time.sleep(0.1)
        new = seen[-1]
        assert new != previous.triples, "the server never moved to the rebuilt graph"
        assert [triples(srv) for _ in range(20)] == [new] * 20  # no alternation between the two sets
    finally:
        stop(srv, thread)


@pytest.fixture()
def default_server() -> Iterator[SparqlServer]:
    """The server as kg serve makes it (default deadlines: a loaded machine must not trip them)."""
    srv = make_server(MINI, host="127.0.0.1", port=0, timeout=30.0, workers=2)
    thread = serving(srv)
    yield srv
    stop(srv, thread)


def test_backlog_holds_100_concurrent_clients(default_server: SparqlServer) -> None:
    mini_server = default_server
    assert mini_server.request_queue_size >= 128
    start = threading.Barrier(100, timeout=30)

    def client(_: int) -> int | str:
        start.wait()
        url = mini_server.url + "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (urllib.error.URLError, OSError) as exc:
            return repr(exc)

    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(client, range(100)))
    assert statuses == [200] * 100


def test_idle_connection_is_closed(mini_server: SparqlServer) -> None:
    with socket.create_connection(mini_server.server_address[:2], timeout=10) as conn:
        started = time.monotonic()
        assert conn.recv(100) == b""  # closed by the server, without a byte sent
        assert time.monotonic() - started < 5


def test_slow_request_is_cut_off_at_its_deadline(mini_server: SparqlServer) -> None:
    """A client that sends a byte every 0.3 s (never idle for 0.5 s) is still cut off after 1.5 s."""
    with socket.create_connection(mini_server.server_address[:2], timeout=10) as conn:
        started = time.monotonic()
        closed = False
        for byte in b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            conn.settimeout(0.3)
            try:
                if conn.recv(100) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
            if time.monotonic() - started > 8:
                break
        assert closed, "the slow request was never cut off"
        assert 1.0 < time.monotonic() - started < 5


def test_connections_over_the_cap_get_503_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SparqlServer, "max_connections", 3)
    monkeypatch.setattr(SparqlServer, "idle_timeout", 5.0)
    srv = make_server(MINI, host="127.0.0.1", port=0, timeout=10.0, workers=1)
    thread = serving(srv)
    held = [socket.create_connection(srv.server_address[:2], timeout=10) for _ in range(3)]
    try:
        time.sleep(0.3)
        with socket.create_connection(srv.server_address[:2], timeout=10) as extra:
            assert extra.recv(200).startswith(b"HTTP/1.1 503 ")
    finally:
        for conn in held:
            conn.close()
        stop(srv, thread)


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = run_kg("serve", "--graph", str(MINI), "--port", str(port), timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == f"Error: cannot listen on 127.0.0.1:{port} (Address already in use)\n"


def test_serve_on_an_unknown_host_says_so_in_one_line() -> None:
    proc = run_kg("serve", "--graph", str(MINI), "--host", "no-such-host.invalid", "--port", "0", timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: cannot listen on no-such-host.invalid:0 (")
    assert proc.stderr.count("\n") == 1


def _damage(store: Path) -> None:
    for sst in store.glob("*.sst"):
        with sst.open("r+b") as handle:
            handle.seek(100)
            handle.write(b"garbage-garbage-garbage")


def test_damaged_store_is_one_line_in_query_and_serve(previous: ExportSet, tmp_path: Path) -> None:
    store = (previous.out / "current" / "store").resolve()
    _damage(store)
    proc = run_kg("query", "--graph", str(previous.out), COUNT)
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert line.startswith(f"Error: {store}: the store is damaged (Corruption: ") and line.endswith("rebuild it with kg build")
    served = run_kg("serve", "--graph", str(previous.out), "--port", "0", timeout=60)
    assert served.returncode == 1 and served.stderr.strip() == line
    # and kg build repairs it: the next set has a fresh store
    pages = tmp_path / "p"
    pages.mkdir()
    (pages / "b.txt").write_text(SECOND_PAGE, encoding="utf-8")
    result = build(pages, "--out", previous.out)
    assert result.exit_code == 0
    assert run_kg("query", "--graph", str(previous.out), COUNT).returncode == 0


def test_missing_store_folder_is_one_line(tmp_path: Path) -> None:
    proc = run_kg("query", "--graph", str(tmp_path / "nothing"), COUNT)
    assert proc.returncode == 1
    assert proc.stderr == (f"Error: {tmp_path / 'nothing'}: no such graph "
                                                    "(give a .ttl file, a store folder or an output folder)\n")


def test_builds_never_remove_the_set_a_server_reads(previous: ExportSet, tmp_path: Path) -> None:
    """A server that has not moved to the new set yet keeps answering from its own: three builds
    later its generation is still there (the server holds its reader lock); once closed, the next
    build removes it."""
    out = previous.out
    srv = make_server(out, host="127.0.0.1", port=0, timeout=10.0, workers=1)
    srv.reload_interval = 3600.0  # never follows, for this test
    srv._checked = time.monotonic()
    thread = serving(srv)
    generation = srv.pool.location.parent
    pages = tmp_path / "p"
    pages.mkdir()
    try:
        for n in range(3):
            (pages / f"b{n}.txt").write_text(SECOND_PAGE.replace("8月2日", f"8月{n + 3}日"), encoding="utf-8")
            assert build(pages, "--out", out).exit_code == 0
        assert generation.is_dir()
        assert triples(srv) == previous.triples
    finally:
        stop(srv, thread)
    assert build(pages, "--out", out).exit_code == 0
    assert not generation.exists()
    assert len([p for p in (out / ".kg").iterdir() if p.is_dir()]) == 2  # the current set and the one before
