"""Named queries (kg.queries, ontology/queries/*.rq) and the ``kg query`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import queries, store
from kg.commands.query import command as query_command
from kg.errors import QueryError

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
REAL = Path(__file__).resolve().parent.parent / "exports" / "kg.ttl"
NAMES = [
    "appointments-between",
    "career-of-person",
    "co-attendance",
    "enterprises-in-place",
    "enterprises-visited-by-person",
    "evidence-of",
    "holders-of-body",
    "leaders-visiting-enterprise",
    "meetings-of-person",
    "posts-of-person",
    "program-links",
    "who-met-whom",
]


@pytest.fixture(scope="module")
def mini():  # type: ignore[no-untyped-def]
    return store.open_graph(MINI)


@pytest.fixture(scope="module")
def derived():  # type: ignore[no-untyped-def]
    """mini.ttl with the posts, tenures and post changes every build derives (kg.changes.add_changes)."""
    from rdflib import Graph

    from kg.changes import add_changes
    from kg.timeline import store_from_turtle

    return store_from_turtle(add_changes(Graph().parse(MINI)).serialize(format="turtle"))


def named(graph: object, name: str, **params: str) -> list[dict[str, str | None]]:
    result = store.run_query(graph, queries.load_query(name, params))  # type: ignore[arg-type]
    return [dict(zip(result.header(), row)) for row in result.values()]


# -- the catalogue -----------------------------------------------------------------------------


def test_every_named_query_is_listed_with_its_question_and_parameters() -> None:
    listed = queries.list_queries()
    assert [q.name for q in listed] == NAMES
    for q in listed:
        assert q.answers.endswith("?"), q.name
        assert q.path.name == f"{q.name}.rq"
    params = {q.name: q.params for q in listed}
    assert params["posts-of-person"] == {"person": "张红军"}
    assert params["holders-of-body"] == {"body": "郑州高新区管委会"}
    assert params["enterprises-in-place"] == {"place": "郑州高新区"}
    assert params["program-links"] == {"program": "万人助万企"}
    assert params["evidence-of"] == {"resource": "张红军"}
    assert params["career-of-person"] == {"person": "张红军"}
    assert params["appointments-between"] == {"from": "2021-01-01", "to": "2022-12-31"}
    assert params["leaders-visiting-enterprise"] == {"enterprise": "中远氨纶公司"}
    assert params["who-met-whom"] == {"person": "张红军"}


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_runs_with_and_without_its_parameters(derived, name: str) -> None:  # type: ignore[no-untyped-def]
    # the seeds' example enterprise (中远氨纶公司) is not in the fixture; 核净公司 is, and is visited
    example = {"leaders-visiting-enterprise": {"enterprise": "核净公司"}}.get(name, queries.get_query(name).params)
    with_params = store.run_query(derived, queries.load_query(name, example))
    everyone = store.run_query(derived, queries.load_query(name))
    assert with_params.kind == "select"
    assert 0 < len(with_params) <= len(everyone)


# -- substitution ---------------------------------------------------------------------------------


def test_values_become_escaped_zh_literals() -> None:
    assert queries.sparql_literal("张红军") == '"张红军"@zh'
    assert queries.sparql_literal('a"b\\c\nd\te\x01') == '"a\\"b\\\\c\\nd\\te\\u0001"@zh'


def test_substitution_touches_variables_only() -> None:
    text = '# $param_person in a comment\nSELECT * { ?x ?p $param_person . FILTER(?y != "$param_person") ?z ?q ?param_person }'
    assert queries.substitute(text, {"person": "张红军"}) == (
        '# $param_person in a comment\nSELECT * { ?x ?p "张红军"@zh . FILTER(?y != "$param_person") ?z ?q "张红军"@zh }'
    )
    # a longer variable sharing the prefix is another variable
    assert queries.substitute("?param_personName", {"person": "x"}) == "?param_personName"


def test_an_injection_attempt_is_just_a_label_that_matches_nothing(mini) -> None:  # type: ignore[no-untyped-def]
    evil = '张红军"@zh } UNION { ?person ?p ?o } #'
    text = queries.load_query("posts-of-person", {"person": evil})
    assert named(mini, "posts-of-person", person=evil) == []
    assert store.run_query(mini, text).kind == "select"


def test_unknown_names_parameters_and_empty_values_are_query_errors() -> None:
    with pytest.raises(QueryError, match="no named query 'nope' \\(known: appointments-between, career-of-person, co-attendance, "):
        queries.load_query("nope")
    with pytest.raises(QueryError, match="has no parameter 'body' \\(parameters: person\\)"):
        queries.load_query("posts-of-person", {"body": "x"})
    with pytest.raises(QueryError, match="is empty"):
        queries.load_query("posts-of-person", {"person": "  "})
    with pytest.raises(QueryError, match="expected NAME=VALUE"):
        queries.parse_params(["person"])
    assert queries.parse_params(["person=张红军", "x=a=b"]) == {"person": "张红军", "x": "a=b"}


def test_a_query_file_without_header_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(Exception, match="missing '# answers:' header"):
        queries.list_queries(tmp_path)


# -- answers on the fixture -------------------------------------------------------------------------


def test_posts_of_person_gives_the_titles_as_written(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "posts-of-person", person="张红军")
    assert [(r["title"], r["observedOn"]) for r in rows] == [
        ("郑州高新区党工委副书记", "2021-07-30"),
        ("郑州高新区管委会主任", "2021-07-30"),
        ("郑州高新区管委会常务副主任", "--08-26"),
    ]
    assert rows[0]["article"] == "https://kg.example.org/id/article/000_e16874effdbdac3a"


def test_holders_of_body_matches_aliases(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "holders-of-body", body="郑州高新区管委会")
    assert [(r["roleName"], r["personName"]) for r in rows] == [
        ("主任", "张红军"),
        ("副主任", "王德敏"),
        ("副主任", "赵毅"),
        ("常务副主任", "张红军"),
    ]
    assert named(mini, "holders-of-body", body="高新区管委会") == rows


def test_meetings_of_person_names_the_most_specific_role(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "meetings-of-person", person="张红军")
    assert {(r["eventName"], r["date"], r["role"]) for r in rows} == {
        ("高新区“三高”发展暨灾后全面恢复工作推进会", "2021-07-30", "speaker"),
        ("2022年上半年经济运行暨下半年重点工作推进会", "--08-26", "chair"),
        ("张红军到核净公司调研", "--08-26", "delegationLeader"),
    }
    chair = named(mini, "meetings-of-person", person="张良才")
    assert [(r["eventName"], r["role"], r["eventType"]) for r in chair] == [
        ("高新区“三高”发展暨灾后全面恢复工作推进会", "chair", "Meeting")
    ]
    attendee = named(mini, "meetings-of-person", person="赵毅")
    assert [r["role"] for r in attendee] == ["attendee"]


def test_enterprises_visited_by_person(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "enterprises-visited-by-person", person="张红军")
    assert [(r["enterpriseName"], r["date"]) for r in rows] == [
        ("思维自动化设备有限公司", "--08-26"),
        ("河南核净洁净技术有限公司", "--08-26"),
    ]
    # a member of the delegation (schema:attendee only) visited them too
    assert len(named(mini, "enterprises-visited-by-person", person="方宝岭")) == 2


def test_enterprises_in_place_follows_parks_and_aliases(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "enterprises-in-place", place="高新区")
    assert [(r["enterpriseName"], r["via"]) for r in rows] == [
        ("思维自动化设备有限公司", None),
        ("河南核净洁净技术有限公司", "郑州高新区电子电器产业园"),
    ]
    city = named(mini, "enterprises-in-place", place="郑州市")
    assert {r["enterpriseName"] for r in city} == {
        "思维自动化设备有限公司",
        "河南核净洁净技术有限公司",
        "格力电器（郑州）有限公司",
    }
    park = named(mini, "enterprises-in-place", place="电子电器产业园")
    assert [r["enterpriseName"] for r in park] == ["河南核净洁净技术有限公司"]


def test_program_links(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "program-links", program="万人助万企")
    assert [(r["relation"], r["agentName"], r["agentType"]) for r in rows] == [
        ("applies", "张红军到核净公司调研", "event"),
        ("promotes", "郑州高新区", "place"),
    ]
    three = named(mini, "program-links", program="三高")
    assert {(r["relation"], r["agentType"]) for r in three} == {("launches", "event"), ("promotes", "person")}


def test_evidence_of_gives_sentences_offsets_and_articles(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "evidence-of", resource="张良才")
    assert len(rows) == 1
    (row,) = rows
    assert row["property"] == "https://kg.example.org/ontology#chair"
    assert row["sentence"] is not None and "张良才主持会议" in row["sentence"]
    assert (row["start"], row["end"], row["rule"], row["confidence"]) == ("30", "76", "rule:meeting", "0.8")
    assert row["article"] == "https://kg.example.org/id/article/000_e16874effdbdac3a"
    zhang = named(mini, "evidence-of", resource="张红军")
    assert {r["property"].rsplit("#", 1)[-1] for r in zhang if r["property"]} == {
        "speaker", "member", "delegationLeader", "chair",
    }
    # the attendee link is left out where chair/speaker already links the same pair
    assert all(r["property"] != "https://schema.org/attendee" for r in zhang)


def test_evidence_of_follows_statements_about_binary_facts(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "evidence-of", resource="核净公司")
    statements = [r for r in rows if r["direction"] == "statement-subject"]
    assert [(r["property"], r["other"], r["rule"], r["sentence"]) for r in statements] == [(
        "https://kg.example.org/ontology#locatedIn",
        "https://kg.example.org/id/place/site-zheng-zhou-gao-xin-qu-dian-zi-dian-c45817c9",
        "rule:located-in",
        "河南核净洁净技术有限公司位于郑州高新区电子电器产业园。",
    )]
    # the inspection visit that went there is a fact about it too
    assert {r["property"] for r in rows if r["direction"] == "fact-to-resource"} == {
        "https://kg.example.org/ontology#visited"
    }
    # and the author of an article, from the other end
    author = named(mini, "evidence-of", resource="孙庆辉")
    assert [(r["direction"], r["property"], r["rule"]) for r in author] == [
        ("statement-object", "https://schema.org/author", "byline")
    ]


def test_co_attendance_counts_shared_events(mini) -> None:  # type: ignore[no-untyped-def]
    rows = named(mini, "co-attendance")
    assert (rows[0]["nameA"], rows[0]["nameB"], rows[0]["events"]) == ("王德敏", "张红军", "2")
    assert [int(r["events"] or 0) for r in rows] == sorted((int(r["events"] or 0) for r in rows), reverse=True)
    only = named(mini, "co-attendance", person="张良才")
    assert {(r["nameA"], r["nameB"]) for r in only} == {("张红军", "张良才"), ("张良才", "赵毅"), ("王德敏", "张良才")}


# -- the real build, when it is there -----------------------------------------------------------


@pytest.mark.skipif(not REAL.is_file(), reason="exports/kg.ttl not built (run `kg build`)")
def test_named_queries_on_the_real_graph() -> None:
    graph = store.open_graph(REAL)
    titles = {r["title"] for r in named(graph, "posts-of-person", person="张红军")}
    assert {"郑州高新区党工委副书记", "郑州高新区管委会主任"} <= titles
    meetings = named(graph, "meetings-of-person", person="张良才")
    assert any(r["role"] == "chair" and r["date"] == "2021-07-30" and "三高" in (r["eventName"] or "") for r in meetings)
    spoke = named(graph, "meetings-of-person", person="张红军")
    assert any(r["role"] == "speaker" and r["date"] == "2021-07-30" for r in spoke)


# -- the command ------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(query_command, list(args))
    return result.exit_code, result.output


def test_cli_named_query_as_csv() -> None:
    code, out = run("--graph", str(MINI), "--name", "holders-of-body", "--param", "body=高新区党工委", "--format", "csv")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "bodyName,roleName,personName,observedOn,article,body,person"
    assert [line.split(",")[1:3] for line in lines[1:]] == [["副书记", "张红军"], ["委员", "王德敏"]]


def test_cli_sparql_text_table_and_limit() -> None:
    code, out = run(
        "--graph", str(MINI), "--limit", "2",
        "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?n } ORDER BY ?n",
    )
    assert code == 0, out
    assert out.splitlines() == ["n", "---------", "孙庆辉@zh", "张红军@zh", "(2 rows (limit reached))"]


def test_cli_query_file_and_json(tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Event> }\n", encoding="utf-8")
    code, out = run("--graph", str(MINI), "--format", "json", str(rq))
    assert code == 0, out
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "3"


def test_cli_lists_named_queries() -> None:
    code, out = run("--list")
    assert code == 0
    assert "posts-of-person: Which posts has a person held" in out
    assert "    kg query --name posts-of-person --param person=张红军" in out.splitlines()


def test_cli_errors_are_one_line_and_non_zero() -> None:
    code, out = run("--graph", str(MINI), "SELECT * WHERE { ?s ?p }")
    assert code == 1
    assert out.startswith("Error: malformed SPARQL at line 1, column ")
    assert out.count("\n") == 1
    code, out = run("--graph", str(MINI), "--name", "posts-of-person", "--param", "who=x")
    assert code == 1 and "has no parameter 'who'" in out
    code, out = run("--graph", "/nonexistent/graph", "ASK {}")
    assert code == 1 and out.startswith("Error: /nonexistent/graph: no such graph")
    code, out = run("--graph", str(MINI))
    assert code == 2 and "give a QUERY, --name NAME or --list" in out


def test_cli_help_ends_with_an_example() -> None:
    code, out = run("--help")
    assert code == 0
    assert "Example:" in out and "kg query --name posts-of-person --param person=张红军" in out


def test_cli_params_also_fill_a_query_file(tmp_path: Path) -> None:
    rq = tmp_path / "who.rq"
    rq.write_text(
        "SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> $param_name }\n", encoding="utf-8"
    )
    code, out = run("--graph", str(MINI), "--format", "csv", str(rq), "--param", "name=张良才")
    assert code == 0, out
    assert out.splitlines() == ["p", "https://kg.example.org/id/person/person-zhang-liang-cai-611e72ca"]
    code, out = run("--graph", str(MINI), str(rq), "--param", "nom=x")
    assert code == 1 and "has no variable $param_nom for --param nom" in out
