"""Interoperability with independent RDF tools, started for real on loopback.

- rapper (Raptor, Debian ``raptor2-utils``) and pyoxigraph's parsers read every export with the
  triple count rdflib sees;
- the Oxigraph server (PyPI ``oxigraph``) loaded over the Graph Store Protocol answers every named
  query exactly as ``kg.store.run_query`` does, and serves the store ``kg build`` writes;
- Virtuoso 7 (Debian ``virtuoso-opensource``) loaded with ``DB.DBA.TTLP_MT`` gives the same rows.

A test whose program is not installed is skipped with a message naming the package.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import queries, store
from kg.export.formats import write_formats

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
REAL = Path(__file__).resolve().parent.parent / "exports" / "kg.ttl"
GRAPHS = [MINI] + ([REAL] if REAL.is_file() else [])
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
HTTP_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read()


@contextmanager
def running(args: list[str], ready_url: str, log: Path, wait: float = 30) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until ``ready_url`` answers, and always stop it."""
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{args[0]} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"{args[0]} not ready after {wait} s: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def named_queries() -> list[tuple[str, str]]:
    """Every named query with its example parameters, and once without any."""
    cases = []
    for q in queries.list_queries():
        cases.append((f"{q.name}({','.join(q.params.values())})", queries.load_query(q.name, q.params)))
        cases.append((f"{q.name}()", queries.load_query(q.name)))
    return cases


def plain(bindings: list[dict[str, dict[str, str]]], variables: list[str]) -> list[tuple[str | None, ...]]:
    return [tuple(b.get(v, {}).get("value") for v in variables) for b in bindings]


# -- parsers --------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=GRAPHS, ids=lambda p: p.parent.name + "/" + p.name)
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    source: Path = request.param
    folder = tmp_path_factory.mktemp("exports")
    graph = Graph().parse(source)
    shutil.copy(source, folder / "kg.ttl")
    write_formats(graph, folder, ["nt", "nq", "trig", "jsonld"])
    return folder, len(graph)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper not installed (apt install raptor2-utils)")
@pytest.mark.parametrize("name, parser", [("kg.ttl", "turtle"), ("kg.nt", "ntriples"), ("kg.nq", "nquads"), ("kg.trig", "trig")])
def test_rapper_reads_every_export(exported: tuple[Path, int], name: str, parser: str) -> None:
    folder, expected = exported
    done = subprocess.run(["rapper", "-i", parser, "-c", str(folder / name)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "Warning" not in done.stderr, done.stderr
    match = re.search(r"returned (\d+) triples", done.stderr)
    assert match and int(match.group(1)) == expected


@pytest.mark.parametrize(
    "name, fmt",
    [("kg.ttl", ox.RdfFormat.TURTLE), ("kg.nt", ox.RdfFormat.N_TRIPLES), ("kg.nq", ox.RdfFormat.N_QUADS),
     ("kg.trig", ox.RdfFormat.TRIG), ("kg.jsonld", ox.RdfFormat.JSON_LD)],
)
def test_pyoxigraph_reads_every_export(exported: tuple[Path, int], name: str, fmt: ox.RdfFormat) -> None:
    folder, expected = exported
    parsed = {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(path=str(folder / name), format=fmt)}
    assert len(parsed) == expected


# -- the Oxigraph server -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [OXIGRAPH, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    with running(args, f"{url}/query?query=ASK%7B%7D", folder / "server.log"):
        for index, graph in enumerate(GRAPHS):
            target = "default" if index == 0 else f"graph=urn:kg:{index}"
            status, body = http(f"{url}/store?{target}", data=graph.read_bytes(), headers={"Content-Type": "text/turtle"})
            assert status in (200, 201, 204), body
        yield url


@pytest.mark.parametrize("case, sparql", named_queries(), ids=[c for c, _ in named_queries()])
def test_oxigraph_server_answers_named_queries_like_kg(oxigraph_server: str, case: str, sparql: str) -> None:
    for index, graph in enumerate(GRAPHS):
        fields = {"query": sparql}
        if index:
            fields["default-graph-uri"] = f"urn:kg:{index}"
        status, body = http(f"{oxigraph_server}/query", data=urllib.parse.urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     "Accept": "application/sparql-results+json"})
        assert status == 200, body
        ours = json.loads(store.format_json(store.run_query(graph, sparql)))
        assert json.loads(body) == ours, graph


def test_oxigraph_serves_the_store_kg_writes(tmp_path: Path) -> None:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    location = store.write_store(MINI, tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [OXIGRAPH, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    sparql = queries.load_query("posts-of-person", {"person": "张红军"})
    with running(args, f"{url}/query?query=ASK%7B%7D", tmp_path / "server.log"):
        status, body = http(f"{url}/query?" + urllib.parse.urlencode({"query": sparql}),
                            headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body
        assert json.loads(body) == json.loads(store.format_json(store.run_query(location, sparql)))
        status, _ = http(f"{url}/update", data=b"update=CLEAR+ALL",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status >= 400  # read-only
    assert len(store.run_query(location, "SELECT * WHERE { ?s ?p ?o }")) == 289


# -- Virtuoso ----------------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
Striping           = 0
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
DirsAllowed        = ., {dir}
VADInstallDir      =
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {dir}
ServerThreads      = 4
Charset            = UTF-8
[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 30
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (apt install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    url = f"http://127.0.0.1:{http_port}/sparql"
    with running([binary, "+foreground", "+configfile", str(ini)], f"{url}?query=ASK%7B%7D", folder / "server.out"):
        loads = []
        for index, graph in enumerate(GRAPHS):
            copy = folder / f"graph{index}.ttl"
            shutil.copy(graph, copy)
            loads.append(f"DB.DBA.TTLP_MT(file_to_string_output('{copy}'), '', 'urn:kg:{index}');")
        done = subprocess.run([isql, str(sql_port), "dba", "dba", f"exec={' '.join(loads)} checkpoint;"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, done.stdout + done.stderr
        yield url


def virtuoso_select(url: str, sparql: str, graph_index: int) -> tuple[list[str], list[tuple[str | None, ...]]]:
    params = urllib.parse.urlencode({"query": sparql, "default-graph-uri": f"urn:kg:{graph_index}"})
    status, body = http(f"{url}?{params}", headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body[:2000]
    data = json.loads(body)
    return data["head"]["vars"], plain(data["results"]["bindings"], data["head"]["vars"])


def test_virtuoso_holds_every_triple(virtuoso: str) -> None:
    for index, graph in enumerate(GRAPHS):
        _, rows = virtuoso_select(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", index)
        assert rows == [(str(len(Graph().parse(graph))),)]


@pytest.mark.parametrize("case, sparql", named_queries(), ids=[c for c, _ in named_queries()])
def test_virtuoso_answers_named_queries_like_kg(virtuoso: str, case: str, sparql: str) -> None:
    for index, graph in enumerate(GRAPHS):
        variables, rows = virtuoso_select(virtuoso, sparql, index)
        ours = store.run_query(graph, sparql)
        assert variables == ours.variables
        # Same rows; the order may differ only among rows the ORDER BY leaves tied.
        assert sorted(rows, key=repr) == sorted(ours.values(), key=repr), graph
