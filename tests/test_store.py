"""kg.store: building, opening and querying the embedded store, and formatting results."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import store
from kg.errors import InputError, OutputError, QueryError

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
MINI_TRIPLES = 289
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
VALUES = """PREFIX ex: <https://kg.example.org/id/person/>
SELECT ?who ?name ?n WHERE {
  VALUES (?who ?name ?n) {
    (ex:a "张红军"@zh 3)
    (ex:b "Li, \\"Lei\\"" UNDEF)
  }
}"""


def count(target: object) -> int:
    result = store.run_query(target, COUNT)  # type: ignore[arg-type]
    return int(result.values()[0][0] or 0)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    shutil.copy(MINI, out / "kg.ttl")
    store.write_store(out / "kg.ttl", out)
    return out


def test_fixture_has_the_expected_size() -> None:
    assert len(Graph().parse(MINI)) == MINI_TRIPLES


def test_write_store_builds_a_complete_store_and_leaves_no_temporary_folder(built: Path) -> None:
    assert (built / "store" / "CURRENT").is_file()
    assert sorted(p.name for p in built.iterdir()) == ["kg.ttl", "store"]
    assert count(built / "store") == MINI_TRIPLES


def test_write_store_replaces_an_older_store(tmp_path: Path) -> None:
    small = tmp_path / "small.ttl"
    small.write_text("<https://x.org/a> <https://x.org/b> <https://x.org/c> .\n", encoding="utf-8")
    store.write_store(small, tmp_path)
    assert count(tmp_path / "store") == 1
    store.write_store(MINI, tmp_path)
    assert count(tmp_path / "store") == MINI_TRIPLES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.ttl", "store"]


def test_bad_turtle_leaves_the_old_store_and_no_half_store(tmp_path: Path) -> None:
    store.write_store(MINI, tmp_path)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://x.org/a> <https://x.org/b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl: not valid Turtle"):
        store.write_store(bad, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "store"]
    assert count(tmp_path / "store") == MINI_TRIPLES


def test_missing_turtle_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such RDF file"):
        store.write_store(tmp_path / "absent.ttl", tmp_path)


def test_open_graph_accepts_a_file_a_store_and_an_output_folder(built: Path) -> None:
    assert store.resolve_graph(built) == built / "store"
    assert store.resolve_graph(built / "store") == built / "store"
    assert store.resolve_graph(built / "kg.ttl") == built / "kg.ttl"
    for target in (built, built / "store", built / "kg.ttl", MINI):
        assert count(target) == MINI_TRIPLES


def test_output_folder_without_store_falls_back_to_turtle(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "kg.ttl")
    assert store.resolve_graph(tmp_path) == tmp_path / "kg.ttl"
    assert count(tmp_path) == MINI_TRIPLES


def test_a_store_older_than_its_turtle_is_not_used(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "kg.ttl")
    store.write_store(tmp_path / "kg.ttl", tmp_path)
    assert store.resolve_graph(tmp_path) == tmp_path / "store"
    later = time.time() + 60
    os.utime(tmp_path / "kg.ttl", (later, later))
    assert store.resolve_graph(tmp_path) == tmp_path / "kg.ttl"


def test_empty_or_missing_graph_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds neither store/ nor kg.ttl"):
        store.open_graph(tmp_path)
    with pytest.raises(InputError, match="no such graph"):
        store.open_graph(tmp_path / "nothing")


def test_select_keeps_terms_and_unbound_values() -> None:
    result = store.run_query(MINI, VALUES)
    assert result.kind == "select"
    assert result.variables == ["who", "name", "n"]
    assert result.rows[0] == (
        ox.NamedNode("https://kg.example.org/id/person/a"),
        ox.Literal("张红军", language="zh"),
        ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    )
    assert result.rows[1][2] is None
    assert result.values()[1] == ("https://kg.example.org/id/person/b", 'Li, "Lei"', None)


def test_ask_construct_and_describe() -> None:
    graph = store.open_graph(MINI)
    ask = store.run_query(graph, 'ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> "张红军"@zh }')
    assert ask.kind == "ask" and ask.boolean is True
    construct = store.run_query(graph, "CONSTRUCT { ?s a <https://schema.org/Person> } WHERE { ?s a <https://schema.org/Person> }")
    assert construct.kind == "graph" and len(construct) == 6
    describe = store.run_query(
        graph, 'DESCRIBE ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "张红军"@zh }'
    )
    assert describe.kind == "graph"
    assert {t.predicate.value.rsplit("#", 1)[-1] for t in describe.triples} >= {"label", "prefLabel"}


def test_limit_caps_rows_and_says_so() -> None:
    result = store.run_query(MINI, "SELECT ?s WHERE { ?s ?p ?o }", limit=5)
    assert len(result.rows) == 5 and result.truncated
    assert store.format_table(result).endswith("(5 rows (limit reached))")
    whole = store.run_query(MINI, VALUES, limit=5)
    assert len(whole.rows) == 2 and not whole.truncated


def test_syntax_error_is_one_line_with_its_position() -> None:
    with pytest.raises(QueryError) as info:
        store.run_query(MINI, "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("malformed SPARQL at line 3, column ")
    assert "FILTER( }" in message


def test_display_width_counts_cjk_as_two_columns() -> None:
    assert store.display_width("张红军") == 6
    assert store.display_width("abc") == 3
    assert store.display_width("“三高”") == 6  # curly quotes are ambiguous width: one column each
    assert store.display_width("（扩大）") == 8  # full-width brackets


def test_table_is_aligned_by_display_width() -> None:
    table = store.format_table(store.run_query(MINI, VALUES))
    assert table.splitlines() == [
        "who          name       n",
        "-----------  ---------  -",
        "id:person/a  张红军@zh  3",
        'id:person/b  Li, "Lei"',
        "(2 rows)",
    ]
    # 张红军@zh is 9 columns wide, like 'Li, "Lei"': the n column starts at the same place.
    assert store.display_width("id:person/a  张红军@zh  ") == len("who          name       ")


def test_csv_tsv_json_follow_the_sparql_result_formats() -> None:
    result = store.run_query(MINI, VALUES)
    assert store.format_csv(result) == (
        "who,name,n\r\n"
        "https://kg.example.org/id/person/a,张红军,3\r\n"
        'https://kg.example.org/id/person/b,"Li, ""Lei""",\r\n'
    )
    assert store.format_tsv(result) == (
        "?who\t?name\t?n\n"
        '<https://kg.example.org/id/person/a>\t"张红军"@zh\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
        '<https://kg.example.org/id/person/b>\t"Li, \\"Lei\\""\t\n'
    )
    assert json.loads(store.format_json(result)) == {
        "head": {"vars": ["who", "name", "n"]},
        "results": {
            "bindings": [
                {
                    "who": {"type": "uri", "value": "https://kg.example.org/id/person/a"},
                    "name": {"type": "literal", "value": "张红军", "xml:lang": "zh"},
                    "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
                },
                {
                    "who": {"type": "uri", "value": "https://kg.example.org/id/person/b"},
                    "name": {"type": "literal", "value": 'Li, "Lei"'},
                },
            ]
        },
    }


def test_our_json_matches_oxigraph_own_serialisation() -> None:
    graph = store.open_graph(MINI)
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    ours = json.loads(store.format_json(store.run_query(graph, query)))
    theirs = json.loads(graph.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    assert ours == theirs


def test_ask_and_graph_results_in_every_format() -> None:
    ask = store.run_query(MINI, "ASK { ?s ?p ?o }")
    assert store.format_table(ask) == "true"
    assert json.loads(store.format_json(ask)) == {"head": {}, "boolean": True}
    assert store.format_csv(ask) == "true\r\n"
    assert store.format_tsv(ask) == "true\n"
    construct = store.run_query(
        MINI, 'CONSTRUCT WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "张红军"@zh }'
    )
    turtle = store.format_result(construct, "turtle")
    assert "@prefix rdfs:" in turtle and '"张红军"@zh' in turtle
    reparsed = Graph().parse(data=turtle, format="turtle")
    assert len(reparsed) == 1
    assert store.format_result(construct, "nt").count(" .\n") == 1
    with pytest.raises(QueryError, match="needs a CONSTRUCT or DESCRIBE"):
        store.format_result(ask, "turtle")
    with pytest.raises(QueryError, match="unknown format"):
        store.format_result(ask, "yaml")


def test_datasets_are_queried_as_the_union_of_their_graphs(tmp_path: Path) -> None:
    from kg.export.formats import write_formats

    write_formats(Graph().parse(MINI), tmp_path, ["nq", "trig"])
    for name in ("kg.nq", "kg.trig"):
        assert count(tmp_path / name) == MINI_TRIPLES
        folder = tmp_path / name.replace(".", "-")
        store.write_store(tmp_path / name, folder)
        assert count(folder) == MINI_TRIPLES
        graphs = store.run_query(folder, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert len(graphs) == 2  # one per article


def test_a_failed_swap_restores_the_previous_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write_store(MINI, tmp_path)
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if Path(str(dst)) == tmp_path / "store":
            if Path(str(src)).name.startswith(".store-"):
                raise OSError(28, "No space left on device")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(store.os, "rename", rename)
    with pytest.raises(OutputError, match="cannot replace the store"):
        store.write_store(MINI, tmp_path)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert count(tmp_path) == MINI_TRIPLES
