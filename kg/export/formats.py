"""The graph in the other formats graph databases and network tools read.

- ``nt``: N-Triples, one triple a line, sorted, the bulk loaders' favourite;
- ``nq`` / ``trig``: a dataset with one named graph per article, named by the article's IRI: a
  resource derived from exactly one article (``prov:wasDerivedFrom``) has its triples in that
  article's graph, an article's own triples are in its graph, and everything shared by several
  articles or by none (people seen on several pages, the ontology) is in the default graph. Each
  triple is in exactly one graph, so the union of the graphs is the graph;
- ``jsonld``: JSON-LD with the project's prefixes as context, inline (so any processor reads the
  file offline) and also written beside it as ``kg.context.jsonld`` for users' own documents;
- ``graphml`` / ``gexf``: the NetworkX projection of :mod:`kg.graphview`, for Gephi, yEd, Cytoscape.

Every file is written to a temporary name in the output folder and renamed into place.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox
from rdflib import Graph

from kg.fileio import atomic_write, atomic_write_bytes
from kg.vocab import PREFIXES
from kg.errors import ModelError, OutputError

FORMATS: dict[str, str] = {  # format name -> file name
    "nt": "kg.nt",
    "nq": "kg.nq",
    "trig": "kg.trig",
    "jsonld": "kg.jsonld",
    "graphml": "kg.graphml",
    "gexf": "kg.gexf",
}
NETWORK_FORMATS = ("graphml", "gexf")  # written from the NetworkX projection
CONTEXT_NAME = "kg.context.jsonld"
NEWS_ARTICLE = ox.NamedNode("https://schema.org/NewsArticle")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
CONTEXT: dict[str, str] = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#"}


def write_formats(graph: Graph, out_dir: Path, formats: list[str], *, view: Any = None) -> list[Path]:
    """Write ``graph`` to ``out_dir`` in each of ``formats``; returns the files written, in order.

    ``view``: the graph's projection (:func:`kg.graphview.to_networkx`) if the caller has it, for
    the :data:`NETWORK_FORMATS`; else it is made here.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutputError(f"unknown export format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror or exc})") from exc
    written: dict[str, Path] = {}
    quads: list[ox.Quad] | None = None
    for fmt in dict.fromkeys(formats):  # keep order, drop repeats
        target = out_dir / FORMATS[fmt]
        if fmt == "nt":
            atomic_write(target, lambda tmp: _write_sorted_nt(graph, tmp))
        elif fmt in ("nq", "trig"):
            quads = quads if quads is not None else article_quads(graph)
            rdf_format = ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG
            prefixes = None if fmt == "nq" else CONTEXT
            # streamed to the file by Oxigraph, not returned as one bytes object first
            atomic_write(target, _quad_writer(quads, rdf_format, prefixes))
        elif fmt == "jsonld":
            context = json.dumps({"@context": CONTEXT}, indent=2) + "\n"
            atomic_write_bytes(out_dir / CONTEXT_NAME, context.encode("utf-8"))
            atomic_write_bytes(target, _stable_json(graph.serialize(format="json-ld", context=CONTEXT)).encode("utf-8"))
            written[f"{fmt}-context"] = out_dir / CONTEXT_NAME
        else:
            view = view if view is not None else _projection(graph, fmt)  # made once for both formats
            _write_network(view, target, fmt)
        written[fmt] = target
    return list(written.values())


def article_quads(graph: Graph) -> list[ox.Quad]:
    """The graph as quads: one named graph per article, shared triples in the default graph.

    Sorted by graph, subject, predicate, object, so the serialisations are byte-stable. The owners
    are read from the rdflib graph first, then each triple becomes its quad as it is converted, so
    the graph is never held a second time as a list of triples.
    """
    from rdflib import URIRef

    articles = {str(s) for s in graph.subjects(URIRef(str(RDF_TYPE.value)), URIRef(str(NEWS_ARTICLE.value)))
                if isinstance(s, URIRef)}
    sources: dict[str, set[Any]] = {}
    for subject, source in graph.subject_objects(URIRef(str(DERIVED_FROM.value))):
        if isinstance(subject, URIRef):
            sources.setdefault(str(subject), set()).add(source)
    owner: dict[str, ox.NamedNode] = {a: ox.NamedNode(a) for a in articles}
    for iri, found in sources.items():
        # A source that is not typed as an article still names the document it came from.
        if iri not in owner and len(found) == 1:
            (only,) = found
            if isinstance(only, URIRef):
                owner[iri] = ox.NamedNode(str(only))
    default = ox.DefaultGraph()
    quads = [ox.Quad(t.subject, t.predicate, t.object,
                     owner.get(t.subject.value, default) if isinstance(t.subject, ox.NamedNode) else default)
             for t in _ox_triples(graph)]
    quads.sort(key=lambda q: ("" if isinstance(q.graph_name, ox.DefaultGraph) else "~" + str(q.graph_name),
                              str(q.subject), str(q.predicate), str(q.object)))
    return quads


def _quad_writer(quads: list[ox.Quad], rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        ox.serialize(quads, output=str(path), format=rdf_format, prefixes=prefixes)

    return write


def _ox_triples(graph: Graph, chunk: int = 20_000) -> Any:
    """The graph's triples as Oxigraph terms, read through N-Triples a chunk of triples at a time
    (rdflib's own line for each), not through one serialised text of the whole graph."""
    from itertools import islice

    from rdflib.plugins.serializers.nt import _nt_row

    rows = iter(graph)
    while True:
        lines = [_nt_row(triple) for triple in islice(rows, chunk)]
        if not lines:
            return
        yield from ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)


def _projection(graph: Graph, fmt: str) -> Any:
    try:
        from kg.graphview import to_networkx
    except ImportError as exc:
        raise ModelError(f"{fmt} export needs kg.graphview.to_networkx ({exc})") from exc
    return to_networkx(graph)


def _write_network(view: Any, target: Path, fmt: str) -> None:
    import networkx as nx

    network = _scalar_attributes(view)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network, buffer)
        data = buffer.getvalue()
    else:
        nx.write_gexf(network, buffer)
        # GEXF stamps today's date: drop it so the same graph gives the same bytes on any day.
        data = re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
    atomic_write_bytes(target, data)


def _scalar_attributes(network: Any) -> Any:
    """A copy whose attributes GraphML/GEXF can store: lists and dicts as JSON, ``None`` dropped."""

    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                value = json.dumps(sorted(value) if isinstance(value, (set, frozenset)) else value,
                                   ensure_ascii=False, default=str)
            elif not isinstance(value, (str, int, float, bool)):
                value = str(value)
            out[str(key)] = value
        return out

    copy = network.__class__()
    copy.graph.update(clean(dict(network.graph)))
    for node, attrs in network.nodes(data=True):
        copy.add_node(str(node), **clean(attrs))
    if network.is_multigraph():
        for u, v, key, attrs in network.edges(keys=True, data=True):
            copy.add_edge(str(u), str(v), key=key, **clean(attrs))
    else:
        for u, v, attrs in network.edges(data=True):
            copy.add_edge(str(u), str(v), **clean(attrs))
    return copy


def _stable_json(text: str) -> str:
    """JSON-LD with every value array and the ``@graph`` sorted: rdflib emits them in hash order."""

    def canon(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: canon(item) for key, item in value.items()}
        if isinstance(value, list):
            items = [canon(item) for item in value]
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
        return value

    return json.dumps(canon(json.loads(text)), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _write_sorted_nt(graph: Graph, path: Path) -> None:
    """Sorted N-Triples, rdflib's line for each triple, written as they are sorted: the lines are
    held once (a sort needs them all), not also as one serialised text and a joined copy of it."""
    from rdflib.plugins.serializers.nt import _nt_row

    lines = sorted(_nt_row(triple) for triple in graph)
    with open(path, "wb") as out:
        for start in range(0, len(lines), 10_000):
            out.write("".join(lines[start : start + 10_000]).encode("utf-8"))


