"""kg timeline: one official's posts, meetings and visits in time order, on two short pages of its own.

Page a (2021-03-01): 张红军 as 党工委副书记 and 管委会常务副主任 chairs a meeting; page b (2022-05-10):
the same person as 管委会主任 visits 中远氨纶. Built with patterns only (``--model none``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.timeline import Post, When, _spans, make_when, timeline

PAGES = Path(__file__).parent / "fixtures" / "timeline"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("timeline")
    result = CliRunner().invoke(main, ["build", str(PAGES), "--out", str(out), "--model", "none", "--no-store"])
    assert result.exit_code == 0, result.output
    return out / "kg.ttl"


def test_posts_in_time_order_with_evidence(graph: Path) -> None:
    tl = timeline(graph, "张红军")
    assert tl.person == "张红军"
    posts = [(p.when.value, p.when.kind, p.title) for p in tl.posts]
    assert ("2021-03-01", "date", "郑州高新区管委会常务副主任") in posts
    assert ("2022-05-10", "date", "郑州高新区管委会主任") in posts
    dates = [p.when.value for p in tl.posts]
    assert dates == sorted(dates)
    first = next(p for p in tl.posts if p.role == "常务副主任")
    later = next(p for p in tl.posts if p.role == "主任")
    assert tl.posts.index(first) < tl.posts.index(later)
    assert first.evidence == "高新区党工委副书记、管委会常务副主任张红军主持会议。"
    assert later.evidence.startswith("2022年5月10日，高新区党工委副书记、管委会主任张红军")
    assert first.when.article == "a" and later.when.article == "b"


def test_spans_overlaps_meetings_visits(graph: Path) -> None:
    tl = timeline(graph, "张红军")
    spans = {s.title: (s.first, s.last) for s in tl.spans}
    assert spans["郑州高新区党工委副书记"] == ("2021-03-01", "2022-05-10")
    assert spans["郑州高新区管委会主任"] == ("2022-05-10", "2022-05-10")
    assert any(set(o.what) == {"郑州高新区党工委副书记", "郑州高新区管委会主任"} and o.start == "2022-05-10" for o in tl.overlaps)
    assert [(m.when.value, m.roles, m.name) for m in tl.meetings] == [("2021-03-01", ("chair",), "郑州高新区安全生产工作会议")]
    assert [v.when.value for v in tl.visits_led] == ["2022-05-10"]
    assert [name for name, _ in tl.enterprises] == ["中远氨纶"]


def test_cli_text_json_and_html(graph: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["timeline", "张红军", "--graph", str(graph)])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    deputy = next(i for i, line in enumerate(lines) if "2021-03-01" in line and "常务副主任" in line)
    head = next(i for i, line in enumerate(lines) if "2022-05-10" in line and line.rstrip().endswith("管委会主任  [b]"))
    assert deputy < head
    assert "「高新区党工委副书记、管委会常务副主任张红军主持会议。」" in text.output
    data = json.loads(runner.invoke(main, ["timeline", "张红军", "--graph", str(graph), "--json"]).output)
    assert [p["when"]["value"] for p in data["posts"]] == sorted(p["when"]["value"] for p in data["posts"])
    assert data["enterprises_visited"][0]["name"] == "中远氨纶"
    page = tmp_path / "t.html"
    done = runner.invoke(main, ["timeline", "张红军", "--graph", str(graph), "--html", str(page)])
    assert done.exit_code == 0 and f"wrote {page}" in done.output
    html = page.read_text(encoding="utf-8")
    assert html.index("管委会常务副主任") < html.index("郑州高新区管委会主任")


def test_unknown_person_is_one_line(graph: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "李四", "--graph", str(graph)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no person is called '李四' in the graph"


def test_dates_normalised_and_marked() -> None:
    assert make_when("2021-07-30", "http://www.w3.org/2001/XMLSchema#date", "x") == When(0, "2021-07-30", "x", "date")
    assert make_when("--08-26", "http://www.w3.org/2001/XMLSchema#gMonthDay", "x").kind == "month-day"
    assert make_when("--08-26", None, "x", year="2021").value == "2021-08-26"
    assert make_when("--08-26", None, "x", year="2021").kind == "article-year"
    undated = make_when(None, None, "003")
    assert undated.kind == "article" and undated.text() == "(003)"
    assert make_when("2021-07-30", None, "x") < make_when("--01-01", None, "x") < undated
    assert make_when("--08-02", None, "x").text() == "--08-02 (年份不详)"


def test_gap_between_posts() -> None:
    def post(day: str, role: str) -> Post:
        return Post(make_when(day, None, "p"), "区委" + role, role, "区委", "urn:body", f"urn:{role}{day}", "")

    spans, overlaps, gaps = _spans([post("2020-01-01", "副书记"), post("2020-03-01", "副书记"),
                                    post("2020-05-01", "书记"), post("2020-06-30", "书记")])
    assert [(s.title, s.first, s.last) for s in spans] == [("区委副书记", "2020-01-01", "2020-03-01"),
                                                           ("区委书记", "2020-05-01", "2020-06-30")]
    assert overlaps == []
    assert [(g.start, g.end, g.days, g.what) for g in gaps] == [("2020-03-02", "2020-04-30", 60, ("区委副书记", "区委书记"))]


def test_seeds_zhang_hongjun(seeds_out: Path) -> None:
    tl = timeline(seeds_out, "张红军")
    titles = {(p.when.value, p.title) for p in tl.posts}
    assert ("2021-07-30", "郑州高新区管委会主任") in titles
    assert ("--08-02", "郑州高新区管委会常务副主任") in titles
    assert tl.posts[0].when.kind == "date"  # dated posts first, year-unknown ones after
    kinds = [p.when.rank for p in tl.posts]
    assert kinds == sorted(kinds)
    assert any(m.roles[0] == "speaker" and m.when.value == "2021-07-30" for m in tl.meetings)
    assert {"中远氨纶公司", "中钢集团郑州金属制品研究院"} <= {name for name, _ in tl.enterprises}
    assert len(tl.visits_led) >= 2


def test_per_person_templates_checked_once_and_an_odd_iri_checked_in_full(graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kg.html reads hundreds of timelines: each per-person template passes the SERVICE check once,
    with a placeholder IRI; an IRI that could change the query's structure is checked as written."""
    import kg.querycheck
    import kg.timeline as tl
    from kg.errors import KgError

    calls: list[str] = []
    real = kg.querycheck.check_query

    def counting(sparql: str, **kw: bool) -> kg.querycheck.Verdict:
        calls.append(sparql)
        return real(sparql, **kw)

    monkeypatch.setattr(tl, "check_query", counting)
    monkeypatch.setattr(kg.querycheck, "check_query", counting)
    tl._template_passes.cache_clear()
    iri = timeline(graph, "张红军").iri
    for _ in range(3):
        assert [p.title for p in timeline(graph, iri).posts] == [p.title for p in timeline(graph, "张红军").posts]
    # the three templates (posts, appearances, visits) and the IRI lookup once each, plus the
    # name lookups (a user's text, checked every time: 1 + 3)
    assert sum(tl._PLACEHOLDER in c for c in calls) == 4
    assert len(calls) == 4 + 4
    with pytest.raises(KgError, match="SERVICE"):
        tl._person_rows(graph, tl.POSTS_OF, "https://x.org/p> . } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } {")
    tl._template_passes.cache_clear()
