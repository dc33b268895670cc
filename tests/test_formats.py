"""kg.export.formats: N-Triples, N-Quads/TriG by article, JSON-LD, GraphML, GEXF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
import warnings
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kg.errors import OutputError
from kg import fileio
from kg.export.formats import CONTEXT, write_formats

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ROOT = Path(__file__).resolve().parent.parent
A0 = URIRef("https://kg.example.org/id/article/000_e16874effdbdac3a")
A1 = URIRef("https://kg.example.org/id/article/001_2f6326690d6cd2ec")
RDF_FORMATS = ["nt", "nq", "trig", "jsonld"]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(MINI)


@pytest.fixture(scope="module")
def out(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    write_formats(graph, folder, RDF_FORMATS + ["graphml", "gexf"])
    return folder


def subject_labelled(graph: Graph, label: str) -> URIRef:
    (subject,) = graph.subjects(RDFS.label, Literal(label, lang="zh"))
    assert isinstance(subject, URIRef)
    return subject


def test_every_format_is_written_and_nothing_else(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == [
        "kg.context.jsonld", "kg.gexf", "kg.graphml", "kg.jsonld", "kg.nq", "kg.nt", "kg.trig",
    ]


def test_returns_the_files_in_order(graph: Graph, tmp_path: Path) -> None:
    assert write_formats(graph, tmp_path, ["jsonld", "nt", "nt"]) == [
        tmp_path / "kg.context.jsonld", tmp_path / "kg.jsonld", tmp_path / "kg.nt",
    ]


def test_ntriples_round_trips_and_is_sorted(graph: Graph, out: Path) -> None:
    text = (out / "kg.nt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    # rdflib's own N-Triples lines, sorted: the streamed writer changes no byte
    assert text == "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))


def read_quads(path: Path) -> list[ox.Quad]:
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
    return list(ox.parse(path=str(path), format=fmt))


def as_rdflib(triples: list[ox.Triple]) -> Graph:
    return Graph().parse(data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt")


@pytest.mark.parametrize("name", ["kg.nq", "kg.trig"])
def test_datasets_hold_each_triple_once_and_their_union_is_the_graph(graph: Graph, out: Path, name: str) -> None:
    quads = read_quads(out / name)
    assert len(quads) == len(graph)
    assert isomorphic(as_rdflib([q.triple for q in quads]), graph)


def test_triples_go_to_the_graph_of_their_article(graph: Graph, out: Path) -> None:
    by_graph: dict[str, set[tuple[object, object, object]]] = {}
    for quad in read_quads(out / "kg.trig"):
        name = "default" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph.setdefault(name, set()).update(
            (s, p, o) for s, p, o in as_rdflib([quad.triple])
        )
    assert set(by_graph) == {str(A0), str(A1), "default"}
    a0, default = by_graph[str(A0)], by_graph["default"]
    zlc = subject_labelled(graph, "张良才")  # seen in article 000 only
    zhj = subject_labelled(graph, "张红军")  # seen in both articles: shared
    meeting = subject_labelled(graph, "高新区“三高”发展暨灾后全面恢复工作推进会")
    assert (zlc, RDFS.label, Literal("张良才", lang="zh")) in a0
    assert (zhj, RDFS.label, Literal("张红军", lang="zh")) in default
    assert set(graph.triples((meeting, None, None))) <= a0
    assert set(graph.triples((A0, None, None))) <= a0
    chair = URIRef("https://kg.example.org/ontology#chair")
    assert (chair, RDFS.subPropertyOf, URIRef("https://schema.org/attendee")) in default
    # every evidence record is in its article's graph
    evidence = 0
    for ev, article in graph.subject_objects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")):
        if "/evidence/" in str(ev):
            evidence += 1
            assert set(graph.triples((ev, None, None))) <= by_graph[str(article)]
    assert evidence == 8


def test_jsonld_round_trips_with_its_context_inline_and_beside_it(graph: Graph, out: Path) -> None:
    data = json.loads((out / "kg.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == CONTEXT
    assert json.loads((out / "kg.context.jsonld").read_text(encoding="utf-8")) == {"@context": CONTEXT}
    with warnings.catch_warnings():  # rdflib's own JSON-LD parser still uses ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        assert isomorphic(Graph().parse(out / "kg.jsonld", format="json-ld"), graph)
    oxigraph = list(ox.parse(path=str(out / "kg.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert isomorphic(as_rdflib(oxigraph), graph)
    assert "张红军" in (out / "kg.jsonld").read_text(encoding="utf-8")  # not \\u-escaped


def test_graphml_and_gexf_hold_the_projection(graph: Graph, out: Path) -> None:
    from kg.graphview import to_networkx

    projection = to_networkx(graph)
    for reader, name in ((nx.read_graphml, "kg.graphml"), (nx.read_gexf, "kg.gexf")):
        network = reader(out / name)
        assert network.number_of_nodes() == projection.number_of_nodes()
        assert network.number_of_edges() == projection.number_of_edges()
        person = str(subject_labelled(graph, "张红军"))
        assert network.nodes[person]["label"] == "张红军"
    assert b"lastmodifieddate" not in (out / "kg.gexf").read_bytes()


def test_network_attributes_are_made_storable(graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def projection(_: Graph) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        g.add_node("a", label="张红军", titles=["主任", "副书记"], missing=None, weight=2)
        g.add_node("b", label="郑州高新区管委会")
        g.add_edge("a", "b", key="member", label="主任", dates=("2021-07-30",))
        return g

    monkeypatch.setitem(sys.modules, "kg.graphview", types.SimpleNamespace(to_networkx=projection))
    write_formats(graph, tmp_path, ["graphml", "gexf"])
    back = nx.read_graphml(tmp_path / "kg.graphml")
    assert back.nodes["a"]["titles"] == '["主任", "副书记"]'
    assert "missing" not in back.nodes["a"] and back.nodes["a"]["weight"] == 2
    assert list(back.edges(data="dates")) == [("a", "b", '["2021-07-30"]')]
    assert nx.read_gexf(tmp_path / "kg.gexf").number_of_edges() == 1


def test_output_is_byte_identical_across_runs_and_hash_seeds(out: Path, tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from rdflib import Graph; "
        "from kg.export.formats import write_formats; "
        f"write_formats(Graph().parse({str(MINI)!r}), Path(sys.argv[1]), {RDF_FORMATS + ['graphml', 'gexf']!r})"
    )
    for seed in ("1", "2"):
        target = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", script, str(target)], cwd=ROOT, env=env, check=True, timeout=60)
        for path in out.iterdir():
            assert (target / path.name).read_bytes() == path.read_bytes(), (seed, path.name)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(graph: Graph, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_formats(graph, tmp_path, ["nt"])
    before = (tmp_path / "kg.nt").read_bytes()

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", full_disk)
    with pytest.raises(OutputError, match=r"kg\.context\.jsonld: cannot write \(No space left on device\)"):
        write_formats(graph, tmp_path, ["jsonld"])
    assert (tmp_path / "kg.nt").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]


def test_unknown_format_and_unwritable_folder_are_output_errors(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown export format 'rdfxml'"):
        write_formats(graph, tmp_path, ["nt", "rdfxml"])
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        write_formats(graph, blocker / "sub", ["nt"])
