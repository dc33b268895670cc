"""Turtle out of an rdflib graph, byte for byte what rdflib's own Turtle serialiser writes, faster.

rdflib's ``TurtleSerializer`` spends most of its time re-deriving the same prefixed names (every
node of every triple, twice) and asking the store for each subject's triples one subject at a
time (30-50 µs a triple here; this writer takes 12-14 µs on the same 37k-triple graph). This writer makes the same decisions in one pass, with each node's text
computed once: the same prefixes (those the graph's namespace manager gives to the names used),
the same subject order (``rdfs:Class`` members first, then by how often a subject is referred
to, then by the subject), the same predicate order (``rdf:type``, ``rdfs:label``, then sorted),
objects sorted with rdflib's own term order, literals written by rdflib's own code, and the same
layout. It handles the graphs kg builds (IRIs and literals); a graph with blank nodes, RDF lists
or a prefix rdflib would rename falls back to rdflib's serialiser, so the output is always what
rdflib writes. ``tests/test_turtle.py`` compares the two on the seeds and on edge cases.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PREDICATE_ORDER = (RDF.type, RDFS.label)
CHUNK_SUBJECTS = 2000  # subjects a piece of turtle_chunks (a few hundred kB of text)


class _Fallback(Exception):
    """The graph needs something only rdflib's serialiser does (blank nodes, lists...)."""


class _Names:
    """Prefixed names as rdflib's TurtleSerializer.get_pname makes them, each computed once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.used: dict[str, Any] = {}  # prefix -> namespace, of the names written
        self._cache: tuple[dict[Node, str | None], dict[Node, str | None]] = ({}, {})

    def pname(self, uri: Node, generate: bool) -> str | None:
        cache = self._cache[generate]
        if uri in cache:
            return cache[uri]
        found = cache[uri] = self._compute(uri, generate)
        return found

    def _compute(self, uri: Node, generate: bool) -> str | None:
        if not isinstance(uri, URIRef):
            return None
        try:
            prefix, namespace, local = self.graph.compute_qname(uri, generate=generate)
        except Exception:
            pfx = self.graph.store.prefix(uri)
            if pfx is None:
                return None
            prefix, namespace, local = pfx, uri, ""
        local = local.replace("(", r"\(").replace(")", r"\)")
        local = _PERCENT.sub("\\%", local)
        if local.endswith("."):
            return None
        if prefix.startswith("_") or self.used.get(prefix, namespace) != namespace:
            raise _Fallback(prefix)  # rdflib would rename the prefix
        self.used[prefix] = namespace
        return f"{prefix}:{local}"


def turtle_bytes(graph: Graph) -> bytes:
    """The graph as Turtle, the same bytes as ``graph.serialize(format="turtle", encoding="utf-8")``."""
    return b"".join(turtle_chunks(graph))


def turtle_chunks(graph: Graph) -> Iterator[bytes]:
    """:func:`turtle_bytes` in pieces (the prefixes, then about ``CHUNK_SUBJECTS`` subjects a
    piece), so that a writer never holds the whole text: at 3M characters the text and its UTF-8
    were two thirds of this writer's peak memory. rdflib's fallback comes as one piece."""
    if graph.base is not None:
        return iter([_rdflib(graph)])
    try:
        pieces = _fast(graph)  # every decision that could fall back is made before the first piece
    except _Fallback:
        return iter([_rdflib(graph)])
    return (piece.encode("utf-8", "replace") for piece in pieces)


def write_turtle(graph: Graph, destination: str | Path | IO[bytes]) -> None:
    """Write :func:`turtle_bytes` to a path or a binary file, piece by piece."""
    if isinstance(destination, (str, Path)):
        with open(destination, "wb") as handle:
            handle.writelines(turtle_chunks(graph))
    else:
        destination.writelines(turtle_chunks(graph))


def _rdflib(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _fast(graph: Graph) -> Iterator[str]:
    """The prefixes and subjects' blocks as text; raises :class:`_Fallback` before it returns."""
    names = _Names(graph)
    rdf_type, rdf_nil = RDF.type, RDF.nil
    subjects: dict[Node, dict[Node, list[Node]]] = {}
    references: defaultdict[Node, int] = defaultdict(int)
    predicates: dict[Node, None] = {}  # in the order first seen
    for s, p, o in graph.triples((None, None, None)):
        references[o] += 1
        properties = subjects.get(s)
        if properties is None:
            properties = subjects[s] = {}
        objects = properties.get(p)
        if objects is None:
            properties[p] = [o]
            predicates[p] = None
        else:
            objects.append(o)
    if any(isinstance(node, BNode) for node in (*subjects, *predicates, *references)) or rdf_nil in references:
        raise _Fallback("blank node or list")
    # rdflib's preprocess asks for the name of every node; only predicates may get a generated
    # prefix (ns1...), in the order they are first seen: the same prefixes are declared
    for p in predicates:
        if p != rdf_type:
            names.pname(p, True)
    for node in (*subjects, *references):
        names.pname(node, False)
        if isinstance(node, Literal) and node.datatype:
            names.pname(node.datatype, False)

    top = sorted(graph.subjects(RDF.type, RDFS.Class))  # type: ignore[type-var]
    seen = set(top)
    rest = sorted((False, references[s], s) for s in subjects if s not in seen)  # type: ignore[misc]
    order = top + [s for _, _, s in rest]

    text: dict[Node, str] = {}
    verbs: dict[Node, str] = {rdf_type: "a"}

    def label(node: Node) -> str:
        found = text.get(node)
        if found is None:
            if isinstance(node, Literal):
                found = node._literal_n3(use_plain=True, qname_callback=lambda dt: names.pname(dt, False))
            else:
                found = names.pname(node, False) or node.n3()
            text[node] = found
        return found

    def verb(node: Node) -> str:
        found = verbs.get(node)
        if found is None:
            found = verbs[node] = names.pname(node, True) or node.n3()
        return found

    # the prefixes are known now: the loop below only reads names computed above
    head = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(names.used.items()))

    def pieces() -> Iterator[str]:
        yield head
        out: list[str] = []
        write = out.append
        for number, subject in enumerate(order, 1):
            _block(subject, subjects.get(subject), label, verb, write)
            if number % CHUNK_SUBJECTS == 0:
                yield "".join(out)
                out.clear()
        write("\n")
        yield "".join(out)

    return pieces()


def _block(subject: Node, properties: dict[Node, list[Node]] | None, label: Callable[[Node], str],
           verb: Callable[[Node], str], write: Callable[[str], object]) -> None:
    """One subject with its predicates and objects, laid out as rdflib lays it out."""
    write("\n")
    write(label(subject))
    if properties:
        for objects in properties.values():
            objects.sort()  # type: ignore[call-arg, type-var]
        props: list[Any] = [p for p in _PREDICATE_ORDER if p in properties]
        props += sorted(p for p in properties if p not in _PREDICATE_ORDER)  # type: ignore[type-var]
        for number, predicate in enumerate(props):
            write(" ;\n    " if number else " ")
            write(verb(predicate))
            objects = properties[predicate]
            write(" ")
            write(label(objects[0]))
            for obj in objects[1:]:
                write(",\n        ")
                write(label(obj))
    write(" .\n")


__all__ = ["turtle_bytes", "turtle_chunks", "write_turtle"]
