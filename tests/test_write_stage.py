"""The build's write stage, made leaner (issue 12), writes what it wrote before, byte for byte.

- the page's timelines are read from the build's store (or a scratch one with ``--no-store``)
  instead of an in-memory copy of the graph: the same answers, on the seeds and on a synthetic
  graph full of ties (same day, same offset, several roles, bodies and sentences);
- the store is loaded in batches: the same triples as the file;
- the Turtle is written in pieces: the same bytes as rdflib's;
- the projection is made once for the page and the network formats: the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg import store as kgstore
from kg.cli import main
from kg.export import turtle
from kg.export.formats import write_formats
from kg.export.html import timelines_of, write_html
from kg.graphview import load_graph
from kg.store import open_store, write_store
from kg.vocab import KG, ORG, SCHEMA

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ID = Namespace("https://kg.example.org/id/")


def _build(out: Path, *options: str) -> Path:
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--model", "none", "--quiet", *options])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build seeds/ --model none`` with its store and the network formats."""
    return _build(tmp_path_factory.mktemp("with-store"), "--format", "graphml", "--format", "gexf")


def synthetic_graph(seed: int = 5) -> Graph:
    """People with posts and events drawn from small pools, so that many rows tie: the same
    membership seen on one day in several sentences at one offset, several roles at one event,
    month-day dates, undated posts, articles with and without a publication year, events with two
    labels and two types. Before the timeline broke these ties itself, the store and the copy
    (whose rows come in different orders) disagreed on all three seeds below."""
    rng = random.Random(seed)
    g = Graph()
    articles = [ID[f"article/a{i}"] for i in range(4)]
    for i, article in enumerate(articles):
        g.add((article, RDF.type, SCHEMA.NewsArticle))
        g.add((article, RDFS.label, Literal(f"文章{i}", lang="zh")))
        if i % 2 == 0:
            g.add((article, SCHEMA.datePublished, Literal(f"202{i}-05-01", datatype=XSD.date)))
    bodies = [ID[f"org/o{i}"] for i in range(3)]
    for i, body in enumerate(bodies):
        g.add((body, RDF.type, KG.GovernmentBody if i else KG.Enterprise))
        g.add((body, RDFS.label, Literal(f"机构{i}", lang="zh")))
    roles = [ID[f"role/r{i}"] for i in range(3)]
    for i, role in enumerate(roles):
        g.add((role, RDF.type, ORG.Role))
        g.add((role, RDFS.label, Literal(["主任", "书记", "副主任"][i], lang="zh")))
    dates = [Literal("2021-03-01", datatype=XSD.date), Literal("2021-03-02", datatype=XSD.date),
             Literal("--08-26", datatype=XSD.gMonthDay), None]
    events = [ID[f"event/e{i}"] for i in range(6)]
    for i, event in enumerate(events):
        g.add((event, RDF.type, SCHEMA.Event))
        g.add((event, RDF.type, [KG.Meeting, KG.InspectionVisit][i % 2]))
        g.add((event, RDFS.label, Literal(f"活动{i}", lang="zh")))
        g.add((event, PROV.wasDerivedFrom, rng.choice(articles)))
        if dates[i % 4] is not None:
            g.add((event, SCHEMA.startDate, dates[i % 4]))
        if i % 2:
            g.add((event, KG.visited, rng.choice(bodies)))
        if i % 3 == 0:  # two labels, two types
            g.add((event, RDFS.label, Literal(f"又名活动{i}", lang="zh")))
            g.add((event, RDF.type, KG.Meeting if i % 2 else KG.InspectionVisit))
    evidence = 0

    def sentence(node: URIRef) -> None:
        nonlocal evidence
        ev = ID[f"evidence/v{evidence}"]
        evidence += 1
        g.add((ev, RDF.type, KG.Evidence))
        g.add((ev, KG.sentenceText, Literal(f"句子{rng.randrange(5)}。", lang="zh")))
        g.add((ev, KG.startOffset, Literal(rng.choice([0, 10]))))
        g.add((node, KG.evidence, ev))

    for p in range(8):
        person = ID[f"person/p{p}"]
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, RDFS.label, Literal(f"人物{p}", lang="zh")))
        for m in range(rng.randint(1, 4)):
            ms = ID[f"membership/p{p}-{m}"]
            g.add((ms, RDF.type, ORG.Membership))
            g.add((ms, ORG.member, person))
            g.add((ms, ORG.role, rng.choice(roles)))
            if rng.random() < 0.5:
                g.add((ms, ORG.role, rng.choice(roles)))  # two roles on one observation
            for _ in range(rng.randint(0, 2)):
                g.add((ms, ORG.organization, rng.choice(bodies)))
            date = rng.choice(dates)
            if date is not None:
                g.add((ms, KG.observedOn, date))
            for article in rng.sample(articles, rng.randint(1, 2)):
                g.add((ms, PROV.wasDerivedFrom, article))
            for _ in range(rng.randint(0, 3)):
                sentence(ms)
        for event in rng.sample(events, 3):
            for prop in rng.sample([KG.chair, KG.speaker, KG.delegationLeader, SCHEMA.attendee], rng.randint(1, 3)):
                g.add((event, prop, person))
                st = ID[f"statement/{evidence}"]
                g.add((st, RDF.type, RDF.Statement))
                g.add((st, RDF.subject, event))
                g.add((st, RDF.predicate, prop))
                g.add((st, RDF.object, person))
                sentence(st)
            sentence(event)
    return g


def test_timelines_from_the_store_are_the_in_memory_copys_on_the_seeds(built: Path) -> None:
    graph = load_graph(built / "kg.ttl")
    from_copy = timelines_of(graph)  # every person, as kg view reads them
    from_store = timelines_of(graph, store=open_store(built / "store"))
    assert from_store == from_copy
    assert len(from_copy) >= 12
    rows = [row for items in from_copy.values() for row in items]
    assert {row["kind"] for row in rows} >= {"post", "meeting"}
    assert sum(1 for row in rows if row["evidence"]) >= 12


@pytest.mark.parametrize("seed", [5, 11, 23])
def test_timelines_from_a_store_are_the_in_memory_copys_on_a_graph_full_of_ties(
        seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = synthetic_graph(seed)
    ttl = tmp_path / "kg.ttl"
    turtle.write_turtle(graph, ttl)
    monkeypatch.setattr(kgstore, "LOAD_BATCH", 37)  # many batches
    from_store = timelines_of(graph, store=open_store(write_store(ttl, tmp_path)))
    from_copy = timelines_of(graph)
    assert from_store == from_copy
    assert len(from_copy) == 8
    kinds = {row["kind"] for items in from_copy.values() for row in items}
    assert kinds == {"post", "meeting", "visit"}


def test_the_store_loaded_in_batches_holds_the_files_triples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ttl = tmp_path / "kg.ttl"
    turtle.write_turtle(synthetic_graph(), ttl)
    monkeypatch.setattr(kgstore, "LOAD_BATCH", 50)
    folder = write_store(ttl, tmp_path / "out")
    stored = {(q.subject, q.predicate, q.object) for q in open_store(folder)}
    parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)}
    assert stored == parsed
    assert len(stored) > 500  # more than ten batches


def test_blank_nodes_keep_their_links_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ttl = tmp_path / "b.ttl"
    ttl.write_text("".join(f"_:b{i} <http://e/next> _:b{i + 1} .\n" for i in range(30)), encoding="utf-8")
    monkeypatch.setattr(kgstore, "LOAD_BATCH", 7)
    quads = list(open_store(write_store(ttl, tmp_path / "out")))
    assert len(quads) == 30
    assert len({q.subject for q in quads} | {q.object for q in quads}) == 31  # one chain: _:b5 is one node


def test_the_turtle_written_in_pieces_is_rdflibs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = synthetic_graph()
    monkeypatch.setattr(turtle, "CHUNK_SUBJECTS", 3)
    pieces = list(turtle.turtle_chunks(graph))
    assert len(pieces) > 20
    assert pieces[0].startswith(b"@prefix ") and not pieces[1].startswith(b"@prefix")
    turtle.write_turtle(graph, tmp_path / "a.ttl")
    expected = graph.serialize(format="turtle", encoding="utf-8")
    assert (tmp_path / "a.ttl").read_bytes() == expected == b"".join(pieces)


def test_the_build_page_is_the_page_of_the_in_memory_path(built: Path, tmp_path: Path) -> None:
    graph = load_graph(built / "kg.ttl")
    write_html(graph, tmp_path / "kg.html")  # no store given: the in-memory copy, as before
    page = (built / "kg.html").read_bytes()
    assert page == (tmp_path / "kg.html").read_bytes()
    assert b'"timelines": {"https://kg.example.org/id/person/' in page


def test_a_build_without_store_writes_the_same_page_and_leaves_no_scratch_store(built: Path, tmp_path: Path) -> None:
    out = _build(tmp_path / "out", "--no-store")
    current = (out / "current").resolve()
    assert sorted(p.name for p in current.iterdir()) == ["kg.html", "kg.ttl"]
    assert not (out / "store").exists()
    for name in ("kg.ttl", "kg.html"):
        assert (out / name).read_bytes() == (built / name).read_bytes()


def test_the_network_formats_from_the_shared_projection_are_the_fresh_ones(built: Path, tmp_path: Path) -> None:
    written = write_formats(load_graph(built / "kg.ttl"), tmp_path, ["graphml", "gexf"])
    assert [p.name for p in written] == ["kg.graphml", "kg.gexf"]
    for path in written:
        assert (built / "current" / path.name).read_bytes() == path.read_bytes()
        assert path.stat().st_size > 10_000
