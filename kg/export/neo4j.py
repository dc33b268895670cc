"""CSV files for ``neo4j-admin database import`` (and Kùzu ``COPY FROM``): the graph as a property graph.

The property graph is the NetworkX projection the page and ``kg stats`` show
(:func:`kg.graphview.to_networkx`): people, bodies, enterprises, places, programs, projects,
meetings, visits and articles are nodes; posts (with the role title), event roles, locations,
program links and authorship are relationships. Every fact keeps its dates and evidence sentences
as properties, and every node its IRI, so a Cypher answer can be traced back to the RDF graph.

Two files, with neo4j-admin's header syntax::

    nodes.csv          iri:ID,name,type,typeZh,aliases:string[],titles:string[],dates:string[],articles:string[],evidence,:LABEL
    relationships.csv  :START_ID,:END_ID,:TYPE,label,predicate,dates:string[],evidence

Arrays are ``;``-separated (neo4j-admin's default ``--array-delimiter``); evidence sentences of one
fact are joined with `` | `` so no field spans lines. Load with::

    neo4j-admin database import full --nodes=import/nodes.csv --relationships=import/relationships.csv neo4j

Labels are the node type in UpperCamelCase (``Person``, ``GovernmentBody``, ``Enterprise`` …);
relationship types are the relation in UPPER_SNAKE_CASE (``MEMBERSHIP`` with ``label`` 主任,
``CHAIR``, ``SPEAKER``, ``ATTENDEE``, ``VISITED``, ``LOCATED_IN`` …). Rows are sorted, so the same
graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.errors import OutputError
from kg.fileio import atomic_write_text
from kg.graphview import to_networkx

NODE_HEADER = ["iri:ID", "name", "type", "typeZh", "aliases:string[]", "titles:string[]", "dates:string[]",
               "articles:string[]", "evidence", ":LABEL"]
REL_HEADER = [":START_ID", ":END_ID", ":TYPE", "label", "predicate", "dates:string[]", "evidence"]
LABELS = {
    "person": "Person",
    "government": "GovernmentBody",
    "enterprise": "Enterprise",
    "organization": "Organization",
    "place": "Place",
    "park": "Park",
    "program": "Program",
    "project": "Project",
    "meeting": "Meeting",
    "visit": "InspectionVisit",
    "event": "Event",
    "article": "Article",
}
ARRAY_DELIMITER = ";"


def _array(text: str) -> str:
    """A "、"-joined projection attribute as a neo4j array field (``;``-separated)."""
    items = [item.replace(ARRAY_DELIMITER, "；") for item in text.split("、") if item]
    return ARRAY_DELIMITER.join(items)


def _one_line(text: str) -> str:
    return " | ".join(line for line in text.splitlines() if line)


def rel_type(relation: str) -> str:
    """``delegationLeader`` -> ``DELEGATION_LEADER``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", relation).upper()


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buf.getvalue()


def tables(g: nx.MultiDiGraph) -> tuple[list[list[str]], list[list[str]]]:
    """(node rows, relationship rows), each with its header first."""
    nodes = [NODE_HEADER]
    for v, d in sorted(g.nodes(data=True)):
        nodes.append([
            v, d["label"], d["type"], d["type_zh"], _array(d.get("aliases", "")), _array(d.get("titles", "")),
            _array(d.get("dates", "")), _array(d.get("articles", "")), _one_line(d.get("evidence", "")),
            LABELS.get(d["type"], "Entity"),
        ])
    rels = [REL_HEADER]
    for u, v, _, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        rels.append([u, v, rel_type(d["relation"]), d.get("label", ""), d.get("predicate", ""),
                     _array(d.get("dates", "")), _one_line(d.get("evidence", ""))])
    return nodes, rels


def write_neo4j(graph: Graph | nx.MultiDiGraph, folder: Path | str) -> list[Path]:
    """Write ``nodes.csv`` and ``relationships.csv`` into ``folder`` (created); returns the paths."""
    folder = Path(folder)
    g = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    if not folder.is_dir():
        raise OutputError(f"{folder}: not a folder")
    nodes, rels = tables(g)
    out = []
    for name, rows in (("nodes.csv", nodes), ("relationships.csv", rels)):
        path = folder / name
        atomic_write_text(path, _csv(rows))
        out.append(path)
    return out
