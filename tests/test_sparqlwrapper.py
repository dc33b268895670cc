"""SPARQLWrapper, with its defaults, against a live ``kg serve`` on loopback.

SPARQLWrapper sends ``format=xml&output=xml&results=xml`` and ``Accept: application/rdf+xml`` for
CONSTRUCT/DESCRIBE by default; the endpoint must answer RDF/XML (it answered 406 when ``xml``
meant SPARQL results XML only). ``json-ld`` is sent as ``format=json-ld&format=application/ld+json``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.serve import SparqlServer, make_server
from serve_helpers import running

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
# SPARQLWrapper 2.0 parses graphs into an rdflib ConjunctiveGraph, which rdflib 7.1+ deprecates
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
CONSTRUCT = """PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p a schema:Person ; rdfs:label ?name }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    folder = tmp_path_factory.mktemp("sw")
    graph = folder / "kg.ttl"
    graph.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    srv = make_server(graph, host="127.0.0.1", port=0, timeout=5.0, workers=1)
    with running(srv):
        yield srv


def _persons() -> set[str]:
    g = Graph().parse(MINI)
    return {str(o) for s, o in g.subject_objects(RDFS.label)
            if (s, None, URIRef("https://schema.org/Person")) in g and isinstance(o, Literal)}


def _wrapper(srv: SparqlServer, query: str) -> "SPARQLWrapper.SPARQLWrapper":
    sw = SPARQLWrapper.SPARQLWrapper(srv.url + "/query")
    sw.setTimeout(20)
    sw.setQuery(query)
    return sw


def test_default_construct_returns_rdfxml_graph(server: SparqlServer) -> None:
    sw = _wrapper(server, CONSTRUCT)  # nothing set: SPARQLWrapper's defaults (format=xml, GET)
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    graph = result.convert()
    assert isinstance(graph, Graph)
    names = {str(o) for o in graph.objects(None, RDFS.label)}
    assert names == _persons() and "张红军" in names


def test_default_describe_returns_graph(server: SparqlServer) -> None:
    person = next(iter(Graph().parse(MINI).subjects(RDFS.label, Literal("张红军", lang="zh"))))
    graph = _wrapper(server, f"DESCRIBE <{person}>").query().convert()
    assert isinstance(graph, Graph)
    assert (person, RDFS.label, Literal("张红军", lang="zh")) in graph


def test_jsonld_construct(server: SparqlServer) -> None:
    sw = _wrapper(server, CONSTRUCT)
    sw.setReturnFormat(SPARQLWrapper.JSONLD)
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith("application/ld+json")
    graph = result.convert()
    assert {str(o) for o in graph.objects(None, RDFS.label)} == _persons()


def test_default_select_is_results_xml_and_json_works(server: SparqlServer) -> None:
    query = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
    xml = _wrapper(server, query).query()
    assert xml.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    sw = _wrapper(server, query)
    sw.setReturnFormat(SPARQLWrapper.JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert {r["name"]["value"] for r in rows} == _persons()


def test_post_construct_with_turtle(server: SparqlServer) -> None:
    sw = _wrapper(server, CONSTRUCT)
    sw.setMethod(SPARQLWrapper.POST)
    sw.setReturnFormat(SPARQLWrapper.TURTLE)
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith("text/turtle")
    assert "张红军" in result.convert().decode("utf-8")
