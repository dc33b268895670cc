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

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.errors import ModelError, OutputError

FORMATS: dict[str, str] = {  # format name -> file name
    "nt": "kg.nt",
    "nq": "kg.nq",
    "trig": "kg.trig",
    "jsonld": "kg.jsonld",
    "graphml": "kg.graphml",
    "gexf": "kg.gexf",
}
CONTEXT_NAME = "kg.context.jsonld"
SCHEMA_ARTICLE = URIRef("https://schema.org/NewsArticle")
CONTEXT: dict[str, str] = {
    "kg": "https://kg.example.org/ontology#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def write_formats(graph: Graph, out_dir: Path, formats: list[str]) -> list[Path]:
    """Write ``graph`` to ``out_dir`` in each of ``formats``; returns the files written, in order."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutputError(f"unknown export format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror or exc})") from exc
    written: dict[str, Path] = {}
    dataset: Dataset | None = None
    for fmt in dict.fromkeys(formats):  # keep order, drop repeats
        target = out_dir / FORMATS[fmt]
        if fmt == "nt":
            _write(target, lambda f: f.write(_sorted_lines(graph.serialize(format="nt"))))
        elif fmt in ("nq", "trig"):
            dataset = dataset if dataset is not None else article_dataset(graph)
            if fmt == "nq":
                text = _sorted_lines(dataset.serialize(format="nquads").replace("  .\n", " .\n"))
            else:
                text = dataset.serialize(format="trig")
            _write(target, lambda f, text=text: f.write(text))
        elif fmt == "jsonld":
            context = {"@context": CONTEXT}
            _write(out_dir / CONTEXT_NAME, lambda f: f.write(json.dumps(context, indent=2) + "\n"))
            text = graph.serialize(format="json-ld", context=CONTEXT, indent=1, sort_keys=True)
            _write(target, lambda f, text=text: f.write(text))
            written[f"{fmt}-context"] = out_dir / CONTEXT_NAME
        else:
            _write_network(graph, target, fmt)
        written[fmt] = target
    return list(written.values())


def article_of(graph: Graph) -> dict[URIRef, URIRef]:
    """Each subject that belongs to exactly one article's graph, mapped to that article."""
    articles = set(graph.subjects(RDF.type, SCHEMA_ARTICLE))
    owner: dict[URIRef, URIRef] = {a: a for a in articles if isinstance(a, URIRef)}
    sources: dict[Any, set[Any]] = {}
    for subject, source in graph.subject_objects(PROV.wasDerivedFrom):
        sources.setdefault(subject, set()).add(source)
    for subject, found in sources.items():
        if subject in owner:
            continue
        # A source that is not typed as an article still names the document it came from.
        if len(found) == 1:
            (only,) = found
            if isinstance(only, URIRef):
                owner[subject] = only
    return owner


def article_dataset(graph: Graph) -> Dataset:
    """The graph as a dataset: one named graph per article, shared triples in the default graph."""
    owner = article_of(graph)
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, override=True)
    for s, p, o in sorted(graph):
        name = owner.get(s)  # type: ignore[call-overload]
        if name is None:
            dataset.add((s, p, o))
        else:
            dataset.add((s, p, o, name))
    return dataset


def _write_network(graph: Graph, target: Path, fmt: str) -> None:
    import networkx as nx

    try:
        from kg.graphview import to_networkx
    except ImportError as exc:
        raise ModelError(f"{fmt} export needs kg.graphview.to_networkx ({exc})") from exc
    network = _scalar_attributes(to_networkx(graph))
    writer: Callable[..., None] = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    _write(target, lambda f: writer(network, f), binary=True)


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


def _sorted_lines(text: str) -> str:
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + ("\n" if lines else "")


def _write(target: Path, write: Callable[[Any], object], binary: bool = False) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as f:
            write(f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
