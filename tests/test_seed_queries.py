"""The named queries on the committed seeds' graph (exports/kg.ttl) give the answers a reader of
the pages expects: the posts of 张红军 over time and the participants of the 2021-07-30 meeting."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import queries, store

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "exports" / "kg.ttl"


def named(name: str, **params: str) -> list[dict[str, str | None]]:
    result = store.run_query(GRAPH, queries.load_query(name, params))
    return [dict(zip(result.header(), row)) for row in result.values()]


def test_posts_of_zhang_hongjun_over_time() -> None:
    posts = {(r["title"], r["observedOn"]) for r in named("posts-of-person", person="张红军")}
    assert ("郑州高新区党工委副书记", "2021-07-30") in posts
    assert ("郑州高新区管委会主任", "2021-07-30") in posts
    assert ("郑州高新区管委会常务副主任", "--08-02") in posts
    assert ("郑州高新区管委会主任", "--08-26") in posts
    assert all(title.startswith("郑州高新区") for title, _ in posts)


def test_participants_of_the_2021_07_30_meeting() -> None:
    sparql = """
    PREFIX schema: <https://schema.org/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX kg: <https://kg.example.org/ontology#>
    SELECT ?name ?role WHERE {
      ?event a kg:Meeting ; schema:startDate "2021-07-30"^^<http://www.w3.org/2001/XMLSchema#date> ;
             ?role ?who .
      VALUES ?role { kg:chair kg:speaker kg:participantOrganization }
      ?who rdfs:label ?name .
    }"""
    rows = {(r["name"], r["role"].rsplit("#", 1)[1]) for r in (dict(zip(x.header(), v)) for x in [store.run_query(GRAPH, sparql)] for v in x.values())}  # type: ignore[union-attr]
    assert ("张良才", "chair") in rows
    assert {"张红军", "孟溯繁", "王德敏", "赵毅", "杜怀锋", "郑彦松"} <= {n for n, r in rows if r == "speaker"}
    assert ("河南八六三软件股份有限公司", "participantOrganization") in rows
    assert ("紫光计算机科技有限公司", "participantOrganization") in rows


def test_meetings_of_zhang_liangcai() -> None:
    rows = {(r["eventName"], r["date"], r["role"]) for r in named("meetings-of-person", person="张良才")}
    assert ("郑州高新区“三高”发展暨灾后全面恢复工作推进会", "2021-07-30", "chair") in rows
    assert ("郑州高新区2022年上半年经济运行暨下半年重点工作推进会", "2022-08-01", "speaker") in rows


@pytest.mark.parametrize("person", ["张红军"])
def test_enterprises_visited(person: str) -> None:
    names = {r["enterpriseName"] for r in named("enterprises-visited-by-person", person=person)}
    assert {"中远氨纶公司", "中钢集团郑州金属制品研究院", "河南宇宙人工晶状体研制有限公司"} <= names


def test_evidence_reaches_the_sentence_in_the_page() -> None:
    rows = named("evidence-of", resource="孟溯繁")
    assert rows, "no evidence for 孟溯繁"
    raw = (ROOT / "seeds" / "000_e16874effdbdac3a.txt").read_text(encoding="utf-8")
    for row in rows:
        start, end = int(row["start"] or 0), int(row["end"] or 0)  # type: ignore[arg-type]
        assert "".join(raw[start:end].split()) == "".join((row["sentence"] or "").split())
