"""Robustness catalogue, queries: SERVICE and updates are refused from the parsed query, in
``kg query`` and in ``kg serve``, in every spelling that hid them from the old keyword scanner; a
local socket proves that no refused query reaches the network (and that an allowed one does)."""

from __future__ import annotations

import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.querycheck import check_query, is_update, uses_service
from kg.serve import SparqlServer, make_server
from serve_helpers import http, running

pytestmark = pytest.mark.robustness

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ANSWER = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:from-the-network"}}]}}'


class Listener:
    """A loopback socket that counts the connections it receives (and answers each as a SPARQL service)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: " + str(len(ANSWER)).encode() + b"\r\nConnection: close\r\n\r\n" + ANSWER)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


def bypasses(url: str) -> dict[str, str]:
    """Every spelling of a SERVICE call that a text scanner can miss; each one is a valid query
    that Oxigraph would run (and follow to ``url``) if it were not refused."""
    return {
        "comment ended by CR": f"SELECT * WHERE {{ ?s ?p ?o # x\rSERVICE SILENT <{url}> {{ ?s ?p ?o }} \n}}",
        "comment ended by CR, all on one line": f"SELECT * WHERE {{ # x\rSERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "comment ended by LF": f"SELECT * WHERE {{ # x\nSERVICE <{url}> {{ ?s ?p ?o }} }}",
        "CRLF line ends": f"SELECT *\r\nWHERE {{ # a comment\r\n SERVICE <{url}> {{ ?s ?p ?o }}\r\n}}",
        "lowercase": f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "mixed case": f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        "SILENT": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "escaped IRI": "SELECT * WHERE { SERVICE <" + url.replace("http", "\\u0068ttp") + "> { ?s ?p ?o } }",
        # for rdflib's whole-text escape expansion \u0022 closes the string and # opens a comment
        "escape closing a string for one parser": f'SELECT * WHERE {{ ?s ?p "\\u0022 # " . SERVICE <{url}> {{ ?s ?p ?o }}\n}}',
        "variable IRI": f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        "variable IRI from VALUES": f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE SILENT ?u {{ ?s ?p ?o }} }}",
        "in OPTIONAL": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in UNION": f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in a subquery": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "in MINUS": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in FILTER EXISTS": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in GRAPH": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in ASK": f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "in CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "in DESCRIBE": f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "after a PREFIX whose IRI holds a #": f"PREFIX ex: <http://ex.org/#>\nSELECT * WHERE {{ SERVICE <{url}> {{ ?s ex:p ?o }} }}",
    }


# Escapes outside IRIs and strings are not SPARQL for Oxigraph: refused as malformed, never run.
NOT_SPARQL = {
    "escaped keyword": "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "escaped keyword end": "SELECT * WHERE { SERVIC\\u0045 SILENT <{url}> { ?s ?p ?o } }",
}


def test_the_probe_sees_an_allowed_service_call(listener: Listener) -> None:
    """The control: with --allow-service the same query does reach the socket (so the probe works)."""
    result = CliRunner().invoke(main, ["query", "--graph", str(MINI), "--allow-service", "--format", "csv",
                                       f"SELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"])
    assert result.exit_code == 0, result.output
    assert "urn:from-the-network" in result.output
    assert listener.connections == 1


@pytest.mark.parametrize("case", sorted(bypasses("http://x/")))
def test_kg_query_refuses_service_bypass(listener: Listener, case: str) -> None:
    sparql = bypasses(listener.url)[case]
    verdict = check_query(sparql)
    assert not verdict.ok and verdict.status == 403, verdict
    assert uses_service(sparql)
    result = CliRunner().invoke(main, ["query", "--graph", str(MINI), sparql])
    assert result.exit_code == 1, result.output
    assert result.output == "Error: federated queries (SERVICE) are refused: kg queries run offline\n"
    assert listener.connections == 0


@pytest.mark.parametrize("case", sorted(NOT_SPARQL))
def test_escaped_keyword_is_malformed_and_never_runs(listener: Listener, case: str) -> None:
    sparql = NOT_SPARQL[case].replace("{url}", listener.url)
    result = CliRunner().invoke(main, ["query", "--graph", str(MINI), sparql])
    assert result.exit_code == 1
    assert result.output.startswith("Error: malformed SPARQL at line 1, column ")
    assert result.output.count("\n") == 1
    assert listener.connections == 0


def test_escaped_line_end_in_a_comment_is_comment_text(listener: Listener) -> None:
    """Oxigraph expands no escape inside a comment, so the SERVICE after ``\\u000d`` is comment
    text: the query runs, over the local graph only."""
    sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o # x\\u000dSERVICE <{listener.url}> {{ ?s ?p ?o }} \n}}"
    result = CliRunner().invoke(main, ["query", "--graph", str(MINI), "--format", "csv", sparql])
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) > 100
    assert listener.connections == 0


def test_crlf_and_cr_queries_without_service_still_run() -> None:
    """Line ends are normalised, not refused: a form POST sends CRLF."""
    for sparql in ("SELECT (COUNT(*) AS ?n)\r\nWHERE {\r\n # comment\r\n ?s ?p ?o\r\n}",
                   "SELECT (COUNT(*) AS ?n) WHERE { # comment\r?s ?p ?o }"):
        result = CliRunner().invoke(main, ["query", "--graph", str(MINI), "--format", "csv", sparql])
        assert result.exit_code == 0, result.output
        assert int(result.output.splitlines()[1]) > 100


def test_service_in_strings_comments_and_names_is_not_a_service() -> None:
    for sparql in ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" } # SERVICE <http://x/> {}',
                   "PREFIX service: <http://x/#>\nSELECT ?service WHERE { ?service service:p ?o }",
                   'SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> { ?s ?p ?o }""" }'):
        assert check_query(sparql).ok, sparql


def test_every_named_query_passes_the_check() -> None:
    from kg import queries

    for named in queries.list_queries():
        text = queries.load_query(named.name, {k: "张红军" for k in named.params})
        assert check_query(text).ok, named.name


@pytest.mark.parametrize("sparql", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x#>\ndelete where { ?s ?p ?o }",
    "# a comment\rDROP ALL",
    "LOAD <http://127.0.0.1:1/x.ttl>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_recognised_from_the_parse(sparql: str) -> None:
    assert is_update(sparql)
    verdict = check_query(sparql)
    assert (verdict.ok, verdict.status) == (False, 403) and "read-only" in verdict.reason
    result = CliRunner().invoke(main, ["query", "--graph", str(MINI), sparql])
    assert result.exit_code == 1 and result.output == "Error: SPARQL Update is refused: kg queries are read-only\n"


# -- the endpoint -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    srv = make_server(MINI, host="127.0.0.1", port=0, timeout=10.0, workers=1)
    with running(srv):
        yield srv


def test_endpoint_refuses_every_service_bypass(server: SparqlServer, listener: Listener) -> None:
    for case, sparql in bypasses(listener.url).items():
        # GET, form POST (what a cross-site page can send without a preflight) and a query body
        for status, _, body in (
            http(server, "/query?" + urllib.parse.urlencode({"query": sparql})),
            http(server, "/query", data=urllib.parse.urlencode({"query": sparql}).encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"}),
            http(server, "/query", data=sparql.encode(), headers={"Content-Type": "application/sparql-query"}),
        ):
            assert status == 403, (case, status, body)
            assert body.startswith(b"federated queries (SERVICE) are refused"), (case, body)
    for sparql in NOT_SPARQL.values():
        status, _, body = http(server, "/query?" + urllib.parse.urlencode({"query": sparql.replace("{url}", listener.url)}))
        assert status == 400 and body.startswith(b"malformed SPARQL"), body
    assert listener.connections == 0


def test_endpoint_cors_allows_reads_only(server: SparqlServer) -> None:
    """A cross-origin page may read (GET/POST queries, CORS *) but cannot write or reach the network."""
    status, headers, body = http(server, "/query", method="OPTIONS",
                                 headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "PUT"})
    assert status == 204
    assert set(headers["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "POST", "OPTIONS"}
    status, headers, body = http(server, "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                                 headers={"Origin": "http://evil.example"})
    assert status == 200 and json.loads(body)["boolean"] is True and headers["Access-Control-Allow-Origin"] == "*"
    for method in ("PUT", "DELETE", "PATCH"):
        status, _, _ = http(server, "/query", data=b"DROP ALL", method=method, headers={"Origin": "http://evil.example"})
        assert status in (405, 501), method
    for fields in ({"update": "DROP ALL"}, {"query": "DROP ALL"}, {"query": "# x\rCLEAR ALL"}):
        status, _, body = http(server, "/query", data=urllib.parse.urlencode(fields).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"})
        assert status == 403 and b"read-only" in body, fields
    status, _, body = http(server, "/query?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}))
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 100  # nothing was dropped


# -- differential fuzz: whatever the check lets through, Oxigraph runs without a connection ------------

FILLERS = ["?s ?p ?o .", '?s ?p "a#b" .', "?s ?p '''x\r#y''' .", '?s ?p "\\u0022 # " .', "?s ?p <http://x/#f> .",
           "OPTIONAL { ?s ?p ?o }", "{ ?a ?b ?c } UNION { ?a ?b ?d }", 'FILTER(?o != "#")', "BIND(<URL> AS ?v)",
           "\n", "\r", "\r\n", " ", "\t", "# note\n", "# note\r", "# \\u000d\n", "?s ?p '\\u0027' ."]
HIDERS = ["", "", "# ", "# x\\u000d", "# x\\u000a", "# x\\u0023", '?s ?p "', "?s ?p '''", '?s ?p """',
          '?s ?p "\\u0022', "?s ?p \\u0022", "?s ?p '\\\\", '?s ?p "\\\\', "?s ex:p\\#", "?s ?p ex:o\\# .",
          "?s ?p ex:o\\\\#"]
CLOSERS = ["", "", "\n", "\r", '" .', "''' .", '""" .', "\\u0022 .", "' ."]
CALLS = ["SERVICE <URL> { ?s ?p ?o }", "service silent <URL> {?s ?p ?o}", "SERVICE ?u { ?s ?p ?o }",
         "OPTIONAL { SERVICE <URL> { ?s ?p ?o } }", "{ SELECT * WHERE { SERVICE SILENT <URL> { ?s ?p ?o } } }",
         "SERVIC\\u0045 <URL> { ?s ?p ?o }", "SERVICE <\\u0068ttp://127.0.0.1:PORT/sparql> { ?s ?p ?o }"]


def test_fuzz_no_query_the_check_allows_reaches_the_network(listener: Listener) -> None:
    """Generated queries that put a SERVICE call behind comments, strings, escapes and line ends of
    every kind: whatever the check lets through, Oxigraph itself runs, and the socket sees no
    connection."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import pyoxigraph as ox

    store = ox.Store()
    allowed: list[str] = []

    @settings(max_examples=600, deadline=None, derandomize=True, database=None)
    @given(st.lists(st.sampled_from(FILLERS), max_size=4), st.sampled_from(HIDERS), st.sampled_from(CALLS),
           st.sampled_from(CLOSERS), st.lists(st.sampled_from(FILLERS), max_size=4),
           st.sampled_from(["SELECT * WHERE {", "ASK {", "SELECT ?s WHERE { ?s ?p ?o .",
                            "PREFIX ex: <http://ex/#> SELECT * WHERE {"]))
    def probe(before: list[str], hider: str, call: str, closer: str, after: list[str], head: str) -> None:
        sparql = " ".join([head, *before, "BIND(<URL> AS ?u)", hider + call + closer, *after, "\n}"])
        sparql = sparql.replace("<URL>", f"<{listener.url}>").replace("PORT", str(listener.port))
        verdict = check_query(sparql)
        if not verdict.ok:
            return
        allowed.append(sparql)
        try:
            answer = store.query(verdict.text)
            if isinstance(answer, ox.QuerySolutions):
                list(answer)
        except SyntaxError:
            pass
        assert listener.connections == 0, sparql

    probe()
    assert len(allowed) >= 20, allowed  # many hidden calls did go through the check and ran


def test_a_query_file_that_is_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "q.rq"
    os.mkfifo(pipe)
    result = CliRunner().invoke(main, ["query", "--graph", str(MINI), str(pipe)])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot read the query: {pipe}: a FIFO (named pipe), not a text file\n"
