"""The named queries for careers and meetings on a fresh build of the seeds: career-of-person,
appointments-between, leaders-visiting-enterprise, who-met-whom. Facts a reader of the pages
expects, not counts of everything."""

from __future__ import annotations

from pathlib import Path

from kg import queries, store


def named(out: Path, name: str, **params: str) -> list[dict[str, str | None]]:
    result = store.run_query(out, queries.load_query(name, params))
    return [dict(zip(result.header(), row)) for row in result.values()]


def test_career_of_zhang_hongjun(seeds_out: Path) -> None:
    rows = named(seeds_out, "career-of-person", person="张红军")
    posts = {r["postName"]: r for r in rows}
    director = posts["郑州高新区管委会主任"]
    assert (director["from"], director["to"]) == ("2021-07-30", "2021-07-30")
    assert int(director["observations"] or 0) >= 2 and int(director["dated"] or 0) >= 1
    assert "郑州高新区党工委副书记" in posts
    deputy = posts["郑州高新区管委会常务副主任"]  # only seen on a page without a year
    assert deputy["from"] is None and deputy["dated"] == "0"
    assert int(deputy["changes"] or 0) >= 1
    # posts with a dated span first
    spans = [r["from"] is None for r in rows]
    assert spans == sorted(spans)


def test_appointments_between(seeds_out: Path) -> None:
    rows = named(seeds_out, "appointments-between", **{"from": "2021-01-01", "to": "2022-12-31"})
    zhang = [r for r in rows if r["personName"] == "张红军"]
    assert {r["postName"] for r in zhang} >= {"郑州高新区管委会主任", "郑州高新区管委会常务副主任"}
    assert all(r["sentence"] for r in zhang)
    assert named(seeds_out, "appointments-between", **{"from": "2030-01-01", "to": "2030-12-31"}) == []


def test_leaders_visiting_an_enterprise(seeds_out: Path) -> None:
    rows = named(seeds_out, "leaders-visiting-enterprise", enterprise="中远氨纶公司")
    people = {(r["personName"], r["role"]) for r in rows}
    assert ("张红军", "leader") in people
    assert ("王德敏", "member") in people
    assert ("张红军", "郑州高新区管委会主任") in {(r["personName"], r["postName"]) for r in rows}
    assert {r["date"] for r in rows} == {"--08-26"}


def test_who_met_whom(seeds_out: Path) -> None:
    rows = named(seeds_out, "who-met-whom", person="张红军")
    met = {(r["nameB"], r["roleB"], r["eventName"], r["date"]) for r in rows}
    assert ("张良才", "chair", "郑州高新区“三高”发展暨灾后全面恢复工作推进会", "2021-07-30") in met
    assert {r["roleA"] for r in rows if r["date"] == "2021-07-30"} == {"speaker"}
    assert any(r["nameB"] == "王德敏" and r["roleA"] == "delegationLeader" for r in rows)
    assert all(r["nameA"] == "张红军" and r["nameB"] != "张红军" for r in rows)
