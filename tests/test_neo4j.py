"""kg export --neo4j: nodes.csv / relationships.csv with neo4j-admin headers, loaded for real into Kùzu.

Neo4j itself cannot run here; Kùzu (embedded, PyPI ``kuzu``) reads the same two files with
``COPY FROM`` and refuses a relationship whose end is not a node, so the test checks the ids,
the headers and the facts a Cypher user asks for.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export.neo4j import NODE_HEADER, REL_HEADER, rel_type
from kg.graphview import load_graph, stats, to_networkx


@pytest.fixture(scope="module")
def exported(seeds_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("neo4j")
    result = CliRunner().invoke(main, ["export", "--graph", str(seeds_out / "kg.ttl"), "--neo4j", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"wrote {folder / 'nodes.csv'}" in result.output
    return folder


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_headers_ids_and_counts(exported: Path, seeds_out: Path) -> None:
    nodes, rels = _rows(exported / "nodes.csv"), _rows(exported / "relationships.csv")
    assert nodes[0] == NODE_HEADER and rels[0] == REL_HEADER
    assert NODE_HEADER[0] == "iri:ID" and NODE_HEADER[-1] == ":LABEL" and REL_HEADER[:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = [r[0] for r in nodes[1:]]
    assert len(ids) == len(set(ids))
    assert all(r[0] in set(ids) and r[1] in set(ids) for r in rels[1:])
    figures = stats(to_networkx(load_graph(seeds_out / "kg.ttl")))
    assert (len(nodes) - 1, len(rels) - 1) == (figures["nodes"], figures["edges"])  # what kg stats counts
    assert all(len(r) == len(NODE_HEADER) for r in nodes) and all(len(r) == len(REL_HEADER) for r in rels)
    assert rel_type("delegationLeader") == "DELEGATION_LEADER"


def test_loads_into_kuzu(exported: Path, tmp_path: Path) -> None:
    kuzu = pytest.importorskip("kuzu")
    db = kuzu.Database(str(tmp_path / "kuzu"))
    conn = kuzu.Connection(db)
    conn.execute("CREATE NODE TABLE Entity(iri STRING, name STRING, type STRING, typeZh STRING, aliases STRING,"
                 " titles STRING, dates STRING, articles STRING, evidence STRING, label STRING, PRIMARY KEY (iri))")
    conn.execute("CREATE REL TABLE Rel(FROM Entity TO Entity, type STRING, label STRING, predicate STRING,"
                 " dates STRING, evidence STRING)")
    conn.execute(f"COPY Entity FROM '{exported / 'nodes.csv'}' (header=true)")
    conn.execute(f"COPY Rel FROM '{exported / 'relationships.csv'}' (header=true)")

    def rows(cypher: str) -> list[list[object]]:
        result = conn.execute(cypher)
        out = []
        while result.has_next():
            out.append(result.get_next())
        return out

    counts = rows("MATCH (n:Entity) RETURN count(n)")[0][0], rows("MATCH ()-[r:Rel]->() RETURN count(r)")[0][0]
    assert counts == (len(_rows(exported / "nodes.csv")) - 1, len(_rows(exported / "relationships.csv")) - 1)
    posts = rows("MATCH (p:Entity {name: '张红军'})-[r:Rel {type: 'MEMBERSHIP'}]->(b:Entity) RETURN b.name, r.label, r.dates")
    assert ["郑州高新区管委会", "主任"] in [row[:2] for row in posts]
    assert any("2021-07-30" in str(row[2]).split(";") for row in posts)
    chair = rows("MATCH (p:Entity)-[r:Rel {type: 'CHAIR'}]->(m:Entity {label: 'Meeting'}) RETURN p.name, m.name")
    assert ["张良才", "郑州高新区“三高”发展暨灾后全面恢复工作推进会"] in chair
    visited = rows("MATCH (v:Entity)-[r:Rel {type: 'VISITED'}]->(e:Entity {label: 'Enterprise'}) RETURN e.name")
    assert ["中远氨纶公司"] in visited
    person = rows("MATCH (p:Entity {name: '张红军'}) RETURN p.label, p.iri, p.titles")[0]
    assert person[0] == "Person" and person[1].startswith("https://kg.example.org/id/person/")
    assert "郑州高新区管委会主任" in str(person[2]).split(";")


def test_bad_graph_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--graph", str(tmp_path / "none.ttl"), "--neo4j", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: ") and "none.ttl" in result.output and len(result.output.strip().splitlines()) == 1
