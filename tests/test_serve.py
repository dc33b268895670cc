"""kg serve: the SPARQL 1.1 Protocol endpoint, over HTTP on loopback."""

from __future__ import annotations

import csv
import io
import json
import os
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from kg import serve
from kg.serve import SparqlServer, is_update, make_server, negotiate, uses_service
from serve_helpers import http as request, running

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PERSONS = f"SELECT ?name WHERE {{ ?p a <https://schema.org/Person> ; {LABEL} ?name }} ORDER BY ?name"
# Four-way cross join over ~850 triples: 5e11 solutions, far beyond any time limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    folder = tmp_path_factory.mktemp("serve")
    graph = folder / "kg.ttl"
    filler = "".join(f"<urn:x:{i}> <urn:x:value> {i} .\n" for i in range(600))
    graph.write_text(MINI.read_text(encoding="utf-8") + filler, encoding="utf-8")
    srv = make_server(graph, host="127.0.0.1", port=0, timeout=1.0, workers=2)
    with running(srv):
        yield srv


def get(srv: SparqlServer, query: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    return request(srv, "/query?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept} if accept else {})


def post_form(srv: SparqlServer, fields: dict[str, str], accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request(srv, "/query", data=urllib.parse.urlencode(fields).encode(), headers=headers)


# -- pure functions -----------------------------------------------------------------------------


def test_update_detection_skips_prologue_comments_and_strings() -> None:
    assert is_update("PREFIX ex: <http://ex.org/#>\n# SELECT\nINSERT DATA { ex:a ex:b ex:c }")
    assert is_update("base <http://x/> delete where { ?s ?p ?o }")
    assert is_update("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert is_update("LOAD <http://example.org/x.ttl>")
    assert not is_update('SELECT * WHERE { ?s ?p "INSERT DATA" }')
    assert not is_update("# INSERT\nPREFIX insert: <http://x/>\nASK { ?s insert:p ?o }")
    assert uses_service("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    assert not uses_service('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE')


def test_negotiation_honours_quality_and_specificity() -> None:
    results, graphs = serve.RESULT_TYPES, serve.GRAPH_TYPES
    assert negotiate(None, results) == ("application/sparql-results+json", "JSON")
    assert negotiate("text/csv", results) == ("text/csv", "CSV")
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", results) == ("application/sparql-results+xml", "XML")
    assert negotiate("text/*", results) == ("text/csv", "CSV")
    assert negotiate("text/html,application/xhtml+xml,*/*;q=0.8", results)[0] == "application/sparql-results+json"  # type: ignore[index]
    assert negotiate("image/png", results) is None
    assert negotiate("*/*, text/csv;q=0", results)[0] == "application/sparql-results+json"  # type: ignore[index]
    assert negotiate("application/n-triples", graphs) == ("application/n-triples", "N_TRIPLES")
    assert negotiate("application/sparql-results+json", graphs) is None


# -- the protocol over HTTP -------------------------------------------------------------------------


def test_get_select_as_sparql_json_by_default(server: SparqlServer) -> None:
    status, headers, body = get(server, PERSONS)
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert headers["Access-Control-Allow-Origin"] == "*"
    data = json.loads(body)
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert names == sorted(names) and "张红军" in names and len(names) == 6
    assert data["results"]["bindings"][0]["name"]["xml:lang"] == "zh"


def test_post_form_and_post_sparql_query_give_the_same_answer(server: SparqlServer) -> None:
    _, _, by_get = get(server, PERSONS)
    status, _, by_form = post_form(server, {"query": PERSONS})
    assert status == 200 and by_form == by_get
    status, _, by_body = request(
        server, "/query", data=PERSONS.encode(), headers={"Content-Type": "application/sparql-query; charset=utf-8"}
    )
    assert status == 200 and by_body == by_get


@pytest.mark.parametrize(
    "accept, content_type, check",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: '<literal xml:lang="zh">张红军</literal>' in b.decode()),
        ("text/csv", "text/csv", lambda b: list(csv.reader(io.StringIO(b.decode())))[0] == ["name"] and "张红军" in b.decode()),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?name" and '"张红军"@zh' in b.decode()),
        ("application/json", "application/json", lambda b: len(json.loads(b)["results"]["bindings"]) == 6),
    ],
)
def test_select_in_every_result_format(server: SparqlServer, accept: str, content_type: str, check) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = get(server, PERSONS, accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == content_type
    assert check(body)


def test_ask(server: SparqlServer) -> None:
    status, _, body = post_form(server, {"query": f'ASK {{ ?p {LABEL} "张红军"@zh }}'})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = get(server, 'ASK { ?p ?q "nobody"@zh }', "text/csv")
    assert status == 200 and body.decode().split() == ["false"]


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"), (None, "turtle")])
def test_construct_as_turtle_and_ntriples(server: SparqlServer, accept: str | None, fmt: str) -> None:
    query = f'CONSTRUCT WHERE {{ ?p {LABEL} "张红军"@zh ; a ?t }}'
    status, headers, body = get(server, query, accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == (accept or "text/turtle")
    graph = Graph().parse(data=body.decode(), format=fmt)
    assert len(graph) == 2


def test_describe(server: SparqlServer) -> None:
    status, _, body = get(server, f'DESCRIBE ?p WHERE {{ ?p {LABEL} "张良才"@zh }}', "application/n-triples")
    assert status == 200 and len(Graph().parse(data=body.decode(), format="nt")) == 4


@pytest.mark.parametrize(
    "send",
    [
        lambda s: post_form(s, {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        lambda s: post_form(s, {"query": "PREFIX x: <urn:x#>\nINSERT DATA { x:a x:b x:c }"}),
        lambda s: get(s, "DROP ALL"),
        lambda s: request(s, "/query", data=b"CLEAR DEFAULT", headers={"Content-Type": "application/sparql-update"}),
        lambda s: request(s, "/update", data=b"update=CLEAR+ALL", headers={"Content-Type": "application/x-www-form-urlencoded"}),
    ],
)
def test_updates_are_refused_with_403(server: SparqlServer, send) -> None:  # type: ignore[no-untyped-def]
    status, _, body = send(server)
    assert status == 403
    assert b"read-only" in body
    _, _, data = get(server, "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }")
    assert json.loads(data)["results"]["bindings"][0]["n"]["value"] == "0"


def test_service_is_refused(server: SparqlServer) -> None:
    status, _, body = get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body


def test_malformed_query_is_400_with_the_position(server: SparqlServer) -> None:
    status, headers, body = get(server, "SELECT * WHERE {\n ?s ?p \n}")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("malformed SPARQL at line 3, column ")


def test_missing_query_wrong_media_type_and_unknown_path(server: SparqlServer) -> None:
    assert request(server, "/query")[0] == 400
    assert request(server, "/query", data=b"{}", headers={"Content-Type": "application/json"})[0] == 415
    assert request(server, "/sparql")[0] == 404
    assert get(server, PERSONS, "image/png")[0] == 406


def test_cors_preflight(server: SparqlServer) -> None:
    status, headers, body = request(server, "/query", method="OPTIONS",
                                    headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 204 and body == b""
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_query_page_is_self_contained(server: SparqlServer) -> None:
    status, headers, body = request(server, "/")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and 'fetch("query"' in page
    assert "http://" not in page.replace("http://www.w3.org/", "").replace("http://www.w3.org", "")
    assert "https://" not in page.replace("https://schema.org/", "")


def test_a_slow_query_is_stopped_at_the_limit_and_the_server_recovers(server: SparqlServer) -> None:
    pids = {w.process.pid for w in server.pool._workers}
    started = time.monotonic()
    status, _, body = post_form(server, {"query": SLOW})
    elapsed = time.monotonic() - started
    assert status == 503, body
    assert b"longer than 1 s" in body
    assert 0.9 <= elapsed < 4
    killed = pids - {w.process.pid for w in server.pool._workers}
    assert len(killed) == 1
    (pid,) = killed
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the runaway worker is gone, not left computing
    # the pool is refilled and answers again
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status, _, body = get(server, PERSONS)
        if status == 200:
            break
    assert status == 200
    deadline = time.monotonic() + 10
    while len(server.pool._workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server.pool._workers) == 2


def test_the_serve_command_answers_and_cleans_up_on_sigterm(tmp_path: Path) -> None:
    import re
    import signal
    import subprocess
    import sys
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("kg-serve-*"))
    args = [sys.executable, "-u", "-c", "from kg.commands.serve import command; command()",
            "--graph", str(MINI), "--port", "0", "--timeout", "5", "--workers", "1"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/query", line)
        assert match, line + (proc.stderr.read() if proc.stderr else "")
        url = match.group(1)
        assert len(set(Path(tempfile.gettempdir()).glob("kg-serve-*")) - before) == 1
        query = urllib.parse.urlencode({"query": f'ASK {{ ?p {LABEL} "张红军"@zh }}'})
        with urllib.request.urlopen(f"{url}/query?{query}", timeout=15) as resp:
            assert json.loads(resp.read())["boolean"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        finally:
            if proc.poll() is None:
                proc.kill()
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()
    assert proc.returncode == 0
    assert set(Path(tempfile.gettempdir()).glob("kg-serve-*")) - before == set()


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt install chromium fonts-noto-cjk)")
def test_query_page_runs_a_query_in_a_browser_without_network_or_injection(server: SparqlServer) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    foreign: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.on("request", lambda r: None if r.url.startswith(server.url) else foreign.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server.url + "/", timeout=15_000)
            page.click("button[type=submit]")
            page.wait_for_selector("#out table", timeout=15_000)
            cells = page.locator("#out td").all_inner_texts()
            assert "张红军@zh" in cells and "主任@zh" in cells
            assert page.inner_text("#status").startswith("200 in ")
            evil = 'SELECT ?x WHERE { VALUES ?x { "<img src=x onerror=alert(1)>" } }'
            page.fill("#q", evil)
            page.click("button[type=submit]")
            page.wait_for_function("document.querySelector('#out td') && document.querySelector('#out td').textContent.includes('onerror')", timeout=15_000)
            assert page.locator("#out img").count() == 0
            page.fill("#q", "SELECT * WHERE { ?s ?p }")
            page.click("button[type=submit]")
            page.wait_for_selector("#out pre", timeout=15_000)
            assert page.inner_text("#out pre").startswith("malformed SPARQL")
            assert page.inner_text("#status").startswith("400")
        finally:
            browser.close()
    assert foreign == [] and dialogs == [] and errors == []
