"""kg's Turtle writer writes exactly rdflib's Turtle, byte for byte (it is only faster)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.build import run_pipeline
from kg.export import turtle
from kg.export.turtle import turtle_bytes

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EX = Namespace("https://example.org/id/")
UNBOUND = Namespace("http://unbound.example/vocab#")


def _rdflib(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    assert isinstance(data, bytes)
    return data


def test_seed_graph_is_written_as_rdflib_writes_it() -> None:
    graph = run_pipeline([SEEDS], model="none").graph
    assert graph is not None and len(graph) > 4000
    assert turtle_bytes(graph) == _rdflib(graph)


def _edge_cases() -> Graph:
    g = Graph()
    g.bind("ex", EX)
    g.bind("skos", SKOS)
    s = EX["thing-1"]
    g.add((s, RDF.type, EX.Kind))
    g.add((s, RDF.type, RDFS.Class))  # rdfs:Class members come first
    g.add((s, RDFS.label, Literal('引号"和\\反斜杠', lang="zh")))
    g.add((s, RDFS.label, Literal("多行\n文本 \"\"\" 三引号", lang="zh")))
    g.add((s, SKOS.altLabel, Literal("b", lang="en")))
    g.add((s, SKOS.altLabel, Literal("a", lang="zh")))
    g.add((s, SKOS.altLabel, Literal("a")))
    g.add((s, EX["count"], Literal(42)))
    g.add((s, EX["count"], Literal(-7)))
    g.add((s, EX.ratio, Literal(Decimal("0.80"))))
    g.add((s, EX.flag, Literal(True)))
    g.add((s, EX.when, Literal("2022-08-26", datatype=XSD.date)))
    g.add((s, EX.when, Literal("--08-26", datatype=XSD.gMonthDay)))
    g.add((s, EX.odd, Literal("x", datatype=URIRef("http://other.example/dt#weird"))))
    g.add((s, UNBOUND.prop, EX["a(b)"]))  # a predicate outside every prefix: rdflib invents ns1
    g.add((s, EX.link, EX["ends-with."]))
    g.add((s, EX.link, EX["pct%zz"]))
    g.add((s, EX.link, URIRef("https://elsewhere.example/path/with/009_digits")))
    g.add((s, EX.link, Literal("https://example.org/id/thing-2")))
    for n in range(5):  # referred to more often: later in the subject order
        g.add((EX[f"ref-{n}"], EX.about, EX["thing-2"]))
        g.add((EX["thing-2"], EX.label, Literal(f"第{n}个", lang="zh")))
    g.add((EX["surrogate"], RDFS.label, Literal("bad \udc80 char")))
    return g


def test_edge_cases_are_written_as_rdflib_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    g = _edge_cases()
    monkeypatch.setattr(turtle, "_rdflib", lambda graph: pytest.fail("fell back to rdflib"))
    ours = turtle_bytes(g)
    monkeypatch.undo()
    assert ours == _rdflib(g)
    assert b"@prefix ns1: <http://unbound.example/vocab#>" in ours
    assert b"ex:a\\(b\\)" in ours and b"ex:pct\\%zz" in ours  # escaped local names
    assert ours.index(b"\nex:thing-1 a") < ours.index(b"\nex:ref-0 ") < ours.index(b"\nex:thing-2 ex:label")


def test_blank_nodes_fall_back_to_rdflib(monkeypatch: pytest.MonkeyPatch) -> None:
    g = _edge_cases()
    g.add((EX["thing-1"], EX.part, BNode("b1")))
    g.add((BNode("b1"), RDFS.label, Literal("blank")))
    used: list[bool] = []
    real = turtle._rdflib
    monkeypatch.setattr(turtle, "_rdflib", lambda graph: used.append(True) or real(graph))
    assert turtle_bytes(g) == _rdflib(g)
    assert used == [True]
