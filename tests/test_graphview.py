"""The NetworkX projection, statistics and focused views (kg.graphview) and their commands."""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg import graphview
from kg.commands.stats import command as stats_command
from kg.commands.view import command as view_command
from kg.errors import InputError
from kg.graphview import ViewError, find_nodes, neighbourhood, stats, to_networkx

FIXTURE = Path(__file__).parent / "fixtures" / "mini_view.ttl"
REAL = Path(__file__).parent.parent / "exports" / "kg.ttl"
ID = "https://kg.example.org/id/"
ZHANG = ID + "person/zhang-hong-jun-0f1e2d3c"
WANG = ID + "person/wang-de-min-11223344"
ZHAO = ID + "person/zhao-yi-55667788"
GWH = ID + "organization/zheng-zhou-gao-xin-qu-guan-wei-hui-2b3c4d5e"
DGW = ID + "organization/zheng-zhou-gao-xin-qu-dang-gong-wei-3c4d5e6f"
HEJING = ID + "organization/he-nan-he-jing-jie-jing-ji-shu-you-xian-4d5e6f70"
MEETING = ID + "event/san-gao-tui-jin-hui-091a2b3c"
VISIT = ID + "event/zhang-hong-jun-diao-yan-1a2b3c4e"
ZONE = ID + "place/zheng-zhou-gao-xin-qu-5e6f7081"


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return graphview.load_graph(FIXTURE)


@pytest.fixture(scope="module")
def g(rdf: Graph) -> nx.MultiDiGraph:
    return to_networkx(rdf)


def edge_labels(g: nx.MultiDiGraph, u: str, v: str) -> list[str]:
    return sorted(d["label"] for d in g.get_edge_data(u, v, default={}).values())


def test_nodes_have_types_labels_and_aliases(g: nx.MultiDiGraph) -> None:
    types = {d["label"]: d["type"] for _, d in g.nodes(data=True)}
    assert types == {
        "张红军": "person", "王德敏": "person", "赵毅": "person", "杜怀锋": "person", "孙庆辉": "person",
        "郑州高新区管委会": "government", "郑州高新区党工委": "government",
        "河南核净洁净技术有限公司": "enterprise", "高新区商会": "organization",
        "郑州高新区": "place", "电子电器产业园": "park",
        "万人助万企": "program", "三高": "program", "洁净室产业化项目": "project",
        "高新区“三高”发展暨灾后全面恢复工作推进会": "meeting", "张红军调研核净公司": "visit",
        # the authored article is kept; the article without a byline is not
        "高新区“三高”发展暨灾后全面恢复工作推进会召开": "article",
    }
    assert g.nodes[GWH]["aliases"] == "管委会、高新区管委会"
    assert g.nodes[HEJING]["aliases"] == "核净公司"
    assert g.nodes[ZHANG]["iri"] == ZHANG
    assert g.nodes[ZHANG]["type_zh"] == "人物"
    # memberships, roles and evidence records are folded into edges and attributes
    assert not any("/membership/" in v or "/role/" in v or "/evidence/" in v for v in g.nodes)


def test_memberships_become_person_to_body_edges(g: nx.MultiDiGraph) -> None:
    assert edge_labels(g, ZHANG, GWH) == ["主任"]
    assert edge_labels(g, ZHANG, DGW) == ["副书记"]
    post = g.get_edge_data(ZHANG, GWH)["membership:主任"]
    assert post["relation"] == "membership"
    assert post["dates"] == "2021-07-30"
    assert "「高新区党工委副书记、管委会主任张红军主持会议。」" in post["evidence"]
    assert "000_e16874effdbdac3a" in post["evidence"]
    assert g.get_edge_data(WANG, GWH)["membership:副主任"]["dates"] == "--08-26"
    # a post without a body is a title on the person, not an edge
    assert g.nodes[ZHAO]["titles"] == "副主任"
    assert not any(d["relation"] == "membership" for _, _, d in g.out_edges(ZHAO, data=True))
    assert g.nodes[ZHANG]["titles"] == "郑州高新区党工委副书记、郑州高新区管委会主任"


def test_event_roles_use_the_most_specific_label(g: nx.MultiDiGraph) -> None:
    assert edge_labels(g, ZHANG, MEETING) == ["主持"]  # not also 出席
    assert edge_labels(g, WANG, MEETING) == ["讲话"]
    assert edge_labels(g, ZHAO, MEETING) == ["出席"]
    assert edge_labels(g, GWH, MEETING) == ["参与"]
    assert edge_labels(g, ZHANG, VISIT) == ["带队"]
    assert edge_labels(g, WANG, VISIT) == ["出席"]
    assert edge_labels(g, VISIT, HEJING) == ["调研"]
    assert edge_labels(g, MEETING, DGW) == ["主办"]
    assert edge_labels(g, MEETING, ZONE) == ["地点"]
    assert g.get_edge_data(ZHANG, MEETING)["chair"]["dates"] == "2021-07-30"
    assert g.nodes[MEETING]["dates"] == "2021-07-30"
    assert g.nodes[VISIT]["dates"] == "--08-26"


def test_places_programs_and_authorship(g: nx.MultiDiGraph) -> None:
    labels = {(g.nodes[u]["label"], d["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)}
    assert ("河南核净洁净技术有限公司", "位于", "郑州高新区") in labels
    assert ("洁净室产业化项目", "位于", "电子电器产业园") in labels
    assert ("郑州高新区管委会", "推动", "万人助万企") in labels
    assert ("河南核净洁净技术有限公司", "实施", "万人助万企") in labels
    assert ("郑州高新区党工委", "发起", "三高") in labels
    assert ("高新区“三高”发展暨灾后全面恢复工作推进会召开", "作者", "孙庆辉") in labels
    assert g.number_of_edges() == 20


def test_node_evidence_prefers_sentences_naming_the_node(g: nx.MultiDiGraph) -> None:
    evidence = g.nodes[HEJING]["evidence"]
    assert evidence.startswith("「8月26日，张红军带队调研核净公司")
    assert "《张红军调研企业复工复产》(001_2f6326690d6cd2ec)" in evidence
    assert len(g.nodes[ZHANG]["evidence"].splitlines()) == 3  # capped


def test_unlinked_evidence_is_matched_by_name(g: nx.MultiDiGraph) -> None:
    program = ID + "program/wan-ren-zhu-wan-qi-2b3c4d5f"
    line = "「管委会持续推动“万人助万企”活动，帮助核净公司恢复产能。」——《张红军调研企业复工复产》(001_2f6326690d6cd2ec)"
    assert g.nodes[program]["evidence"] == line
    assert g.get_edge_data(GWH, program)["promotesProgram"]["evidence"] == line
    assert g.get_edge_data(HEJING, program)["appliesProgram"]["evidence"] == line
    # no sentence names both 三高 and 党工委 in a shared article: no evidence rather than a guess
    assert g.get_edge_data(DGW, ID + "program/san-gao-3c4d5e60")["launchesProgram"]["evidence"] == ""
    assert g.nodes[ID + "place/dian-zi-dian-qi-chan-ye-yuan-708192a3"]["evidence"] == ""


def test_attributes_are_plain_and_graphml_gexf_work(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    for _, d in g.nodes(data=True):
        assert all(type(value) in (str, int, float) for value in d.values()), d
    for _, _, d in g.edges(data=True):
        assert all(type(value) in (str, int, float) for value in d.values()), d
    nx.write_graphml(g, tmp_path / "kg.graphml")
    nx.write_gexf(g, tmp_path / "kg.gexf")
    back = nx.read_graphml(tmp_path / "kg.graphml", force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[ZHANG]["label"] == "张红军"


def test_projection_is_deterministic(rdf: Graph) -> None:
    lines = rdf.serialize(format="nt").splitlines()
    random.Random(3).shuffle(lines)
    shuffled = Graph().parse(data="\n".join(lines), format="nt")
    a, b = to_networkx(rdf), to_networkx(shuffled)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_articles_can_be_left_out(rdf: Graph) -> None:
    g = to_networkx(rdf, articles=False)
    assert "article" not in {d["type"] for _, d in g.nodes(data=True)}
    assert g.number_of_nodes() == 16


def test_stats(g: nx.MultiDiGraph) -> None:
    s = stats(g, top=3)
    assert s["nodes"] == 17 and s["edges"] == 20
    assert s["types"]["person"] == 5 and s["types"]["government"] == 2
    assert list(s["types"]) == [t for t in graphview.NODE_TYPES if t in s["types"]]
    relations = {(r["relation"], r["label"]): r["count"] for r in s["relations"]}
    assert relations[("attendee", "出席")] == 3
    assert relations[("membership", "主任")] == 1
    assert s["components"] == {"count": 3, "largest": [14, 2, 1], "isolated": 1}
    assert [e["label"] for e in s["people"]["by_degree"]] == ["张红军", "王德敏", "孙庆辉"]
    assert s["people"]["by_degree"][0]["degree"] == 4
    assert s["people"]["by_pagerank"][0]["label"] == "张红军"
    assert s["bodies"]["by_pagerank"][0]["label"] == "郑州高新区管委会"
    top = s["cooccurrence"][0]
    assert sorted(top["people"]) == ["张红军", "王德敏"] and top["events"] == 2
    assert len(s["cooccurrence"]) == 3
    json.dumps(s)  # serialisable as it is


def test_pagerank_matches_the_definition() -> None:
    star = nx.MultiDiGraph()
    star.add_edges_from([("c", "a"), ("c", "b"), ("d", "c")])
    ranks = graphview.pagerank(star)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["c"] > ranks["a"] == pytest.approx(ranks["b"]) == pytest.approx(ranks["d"])
    # closed form for a star with n leaves: centre = (1 - a)/N + a * leaves' mass
    n, alpha = 4, 0.85
    leaf = (1 - alpha) / n + alpha * ranks["c"] / 3
    assert ranks["a"] == pytest.approx(leaf, rel=1e-6)
    assert graphview.pagerank(nx.MultiDiGraph()) == {}


def test_neighbourhood(g: nx.MultiDiGraph) -> None:
    one = neighbourhood(g, "张红军", 1)
    assert one.graph["focus"] == ZHANG
    assert set(one.nodes) == {ZHANG, GWH, DGW, MEETING, VISIT}
    assert edge_labels(one, ZHANG, MEETING) == ["主持"]
    two = neighbourhood(g, "张红军", 2)
    assert ZHAO in two and HEJING in two and ZONE in two
    people = neighbourhood(g, "张红军", 2, "person,government")
    assert {d["type"] for _, d in people.nodes(data=True)} == {"person", "government"}
    assert WANG in people  # through 管委会, not through the events
    assert ZHAO not in people  # only linked through the meeting
    assert set(neighbourhood(g, "核净公司", 0).nodes) == {HEJING}  # found by alias
    assert find_nodes(g, " 张红军 ") == [ZHANG]
    assert find_nodes(g, "商会") == [ID + "organization/gao-xin-qu-shang-hui-6f708192"]


def test_neighbourhood_errors(g: nx.MultiDiGraph) -> None:
    with pytest.raises(ViewError, match="no node is called '李四'"):
        neighbourhood(g, "李四", 1)
    with pytest.raises(ViewError, match="unknown node type.*robot"):
        neighbourhood(g, "张红军", 1, "person,robot")


def test_load_graph_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such graph file"):
        graphview.load_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: cannot parse"):
        graphview.load_graph(bad)


@pytest.mark.skipif(not REAL.is_file(), reason="exports/kg.ttl not built yet (run kg build)")
def test_real_graph_projection() -> None:
    g = to_networkx(graphview.load_graph(REAL))
    assert g.number_of_nodes() > 50
    people = {d["label"] for _, d in g.nodes(data=True) if d["type"] == "person"}
    assert "张红军" in people
    for _, d in g.nodes(data=True):
        assert all(type(value) in (str, int, float) for value in d.values())
        assert d["type"] in graphview.NODE_TYPES
    assert stats(g)["people"]["by_degree"]


def test_stats_command() -> None:
    runner = CliRunner()
    out = runner.invoke(stats_command, ["--graph", str(FIXTURE), "--top", "2"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("nodes 17, edges 20, components 3")
    assert "   1. 张红军  pagerank" in out.output
    assert "王德敏 + 张红军: 2" in out.output
    data = json.loads(runner.invoke(stats_command, ["--graph", str(FIXTURE), "--json"]).output)
    assert data["nodes"] == 17
    missing = runner.invoke(stats_command, ["--graph", "nowhere.ttl"])
    assert missing.exit_code == 1
    assert "Error: nowhere.ttl: no such graph file" in missing.output


def test_view_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "zhang.html"
    result = runner.invoke(
        view_command,
        ["--focus", "张红军", "--depth", "1", "--graph", str(FIXTURE), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (5 nodes, 6 edges)\n"
    assert "张红军（1 步以内）" in out.read_text(encoding="utf-8")
    bad = runner.invoke(view_command, ["--focus", "李四", "--graph", str(FIXTURE), "--out", str(out)])
    assert bad.exit_code == 1 and "Error: no node is called '李四'" in bad.output
    bad = runner.invoke(view_command, ["--types", "robot", "--graph", str(FIXTURE), "--out", str(out)])
    assert bad.exit_code == 1 and "unknown node type(s) robot" in bad.output


@pytest.mark.parametrize("command", [view_command, stats_command])
def test_help_ends_with_an_example(command) -> None:  # type: ignore[no-untyped-def]
    text = CliRunner().invoke(command, ["--help"]).output
    assert "Example:" in text
    assert text.split("Example:")[1].strip().startswith("kg ")
