"""The HTML page as a file (kg.export.html): offline, escaped, deterministic, truncated with notice."""

from __future__ import annotations

import json
import os
import random
import re
import stat
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import OutputError
from kg.export.html import most_connected, page_edges, render_network_html, write_html, write_network_html
from kg.graphview import load_graph, to_networkx
from kg.vocab import KG, SCHEMA

FIXTURE = Path(__file__).parent / "fixtures" / "mini_view.ttl"
REAL = Path(__file__).parent.parent / "exports" / "kg.ttl"
EVIL_IMG = "<img src=x onerror=alert(1)>"
EVIL_A = '<a href="http://x">x</a>'


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return load_graph(FIXTURE)


@pytest.fixture(scope="module")
def page(rdf: Graph) -> str:
    return render_network_html(to_networkx(rdf), title="测试")


def page_data(html: str) -> dict:
    """The JSON object the page's script draws from."""
    line = next(line for line in html.splitlines() if line.strip().startswith("var DATA = "))
    return json.loads(line.strip()[len("var DATA = "):].rstrip(";"))


def evil_graph(rdf: Graph) -> Graph:
    g = Graph()
    for triple in rdf:
        g.add(triple)
    for i, text in enumerate([EVIL_IMG, EVIL_A]):
        person = URIRef(f"https://kg.example.org/id/person/evil-{i}")
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, RDFS.label, Literal(text, lang="zh")))
        g.add((person, SKOS.altLabel, Literal(text + "别名", lang="zh")))
        g.add((URIRef("https://kg.example.org/id/event/san-gao-tui-jin-hui-091a2b3c"), KG.speaker, person))
    g.add((URIRef("https://kg.example.org/id/evidence/e1-c5d6e7f8"), KG.sentenceText, Literal(f"</script>{EVIL_IMG}", lang="zh")))
    return g


def test_nothing_is_fetched(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<(img|iframe|object|embed)\b", page, re.I)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page
    assert "vis.Network" in page  # vis-network is inlined
    assert len(page) > 400_000


def test_nodes_edges_legend_and_controls(rdf: Graph, page: str) -> None:
    g = to_networkx(rdf)
    data = page_data(page)
    assert len(data["nodes"]) == g.number_of_nodes() == 17
    assert len(data["edges"]) == len(page_edges(g)) == 20
    zhang = next(n for n in data["nodes"] if n["kgLabel"] == "张红军")
    assert zhang["shape"] == "dot" and zhang["color"] == "#e15759" and zhang["kgType"] == "person"
    assert "类型：人物" in zhang["title"] and "职务：郑州高新区党工委副书记、郑州高新区管委会主任" in zhang["title"]
    meeting = next(n for n in data["nodes"] if n["kgType"] == "meeting")
    assert meeting["label"] == "高新区“三高”发展暨灾后全…"  # shortened on the canvas
    assert meeting["kgLabel"] == "高新区“三高”发展暨灾后全面恢复工作推进会"
    labels = {e["label"] for e in data["edges"]}
    assert {"主任", "副书记", "主持", "讲话", "出席", "带队", "调研", "参与", "位于", "推动", "实施", "发起", "作者"} <= labels
    chair = next(e for e in data["edges"] if e["label"] == "主持")
    assert "张红军 —主持→ 高新区“三高”发展暨灾后全面恢复工作推进会" in chair["title"]
    assert "日期：2021-07-30" in chair["title"]
    assert 'id="kg-search"' in page and 'id="kg-legend"' in page
    assert page.count('class="kg-type"') == 11  # one filter box per type present
    assert "人物 <span class=\"count\">5</span>" in page
    assert "stabilizationIterationsDone" in page and "physics: false" in page
    assert data["options"]["layout"]["randomSeed"] == 20210730
    assert "<title>测试</title>" in page
    assert 'id="kg-omitted"' not in page


def test_isolated_entities_start_hidden(page: str) -> None:
    lone = [n for n in page_data(page)["nodes"] if n.get("kgIsolated")]
    assert [n["kgLabel"] for n in lone] == ["高新区商会"]
    assert lone[0]["hidden"] is True and lone[0]["physics"] is False
    assert 'id="kg-isolated"' in page


def test_parallel_facts_share_one_edge() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label="甲", type="person")
    g.add_node("m", label="会议", type="meeting")
    g.add_edge("a", "m", key="chair", label="主持", relation="chair")
    g.add_edge("a", "m", key="speaker", label="讲话", relation="speaker")
    data = page_data(render_network_html(g))
    assert [e["label"] for e in data["edges"]] == ["主持、讲话"]


def test_document_text_is_escaped(rdf: Graph) -> None:
    html = render_network_html(to_networkx(evil_graph(rdf)), title=EVIL_A)
    assert EVIL_IMG not in html and "<img" not in html
    assert EVIL_A not in html and "<a " not in html
    assert html.count("</script>") == 2  # the two script elements of the template, no more
    assert "<title>&lt;a href=&#34;http://x&#34;&gt;x&lt;/a&gt;</title>" in html
    data = page_data(html)  # still valid JSON, the text intact for textContent
    assert {n["kgLabel"] for n in data["nodes"]} >= {EVIL_IMG, EVIL_A}


def test_same_graph_same_bytes(rdf: Graph, tmp_path: Path) -> None:
    lines = rdf.serialize(format="nt").splitlines()
    random.Random(7).shuffle(lines)
    shuffled = Graph().parse(data="\n".join(lines), format="nt")
    write_html(rdf, tmp_path / "a.html")
    write_html(shuffled, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no temp files left
    assert stat.S_IMODE((tmp_path / "a.html").stat().st_mode) & 0o044 == 0o044  # readable by others


def test_same_bytes_across_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import sys; from kg.graphview import load_graph; from kg.export.html import write_html; "
        f"write_html(load_graph({str(FIXTURE)!r}), sys.argv[1])"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / f"{seed}.html")], check=True, env=env)
    assert (tmp_path / "1.html").read_bytes() == (tmp_path / "2.html").read_bytes()


def test_large_graphs_keep_the_most_connected_part(rdf: Graph) -> None:
    g = to_networkx(rdf)
    kept = most_connected(g, 6)
    assert kept.number_of_nodes() == 6
    assert "https://kg.example.org/id/person/zhang-hong-jun-0f1e2d3c" in kept  # the hub stays
    assert "https://kg.example.org/id/organization/gao-xin-qu-shang-hui-6f708192" not in kept
    html = render_network_html(g, max_nodes=6)
    assert len(page_data(html)["nodes"]) == 6
    notice = re.search(r'<p id="kg-omitted">(.*?)</p>', html).group(1)
    assert notice.startswith("图中共有 17 个节点、20 条关系；本页只显示连接最多的 6 个节点，省略了 11 个节点")
    assert "（人物 4、计划/行动 2、" in notice
    assert most_connected(g, 100) is g


def test_write_errors_are_output_errors(rdf: Graph, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="file: cannot create the folder"):
        write_html(rdf, blocker / "kg.html")
    with pytest.raises(OutputError):
        write_network_html(to_networkx(rdf), tmp_path)  # a folder, not a file


@pytest.mark.skipif(not REAL.is_file(), reason="exports/kg.ttl not built yet (run kg build)")
def test_real_graph_page(tmp_path: Path) -> None:
    g = to_networkx(load_graph(REAL))
    html = render_network_html(g)
    data = page_data(html)
    assert len(data["nodes"]) == g.number_of_nodes()
    assert not re.search(r"<(script|link|img)[^>]*\b(src|href)\s*=", html, re.I)


def test_overview_groups_counts_and_timelines(rdf: Graph, tmp_path: Path) -> None:
    """kg.html groups programs, projects, places and articles, counts as kg stats does and carries
    each person's timeline for the side panel."""
    path = tmp_path / "kg.html"
    write_html(rdf, path, title="测试")
    html = path.read_text(encoding="utf-8")
    data = page_data(html)
    g = to_networkx(rdf)
    assert f"节点 {g.number_of_nodes()} · 关系 {g.number_of_edges()}（画成 {len(page_edges(g))} 条连线）" in html
    grouped = {gr["type"] for gr in data["groups"]}
    assert grouped and grouped <= {"program", "project", "place", "park", "article"}
    assert all(gr["count"] >= 2 for gr in data["groups"])
    assert html.count('class="kg-group-toggle"') == len(data["groups"])
    zhang = next(n["id"] for n in data["nodes"] if n["kgLabel"] == "张红军")
    items = data["timelines"][zhang]
    posts = [i for i in items if i["kind"] == "post"]
    assert [p["text"] for p in posts][:2] == ["郑州高新区党工委副书记", "郑州高新区管委会主任"]
    assert all(p["evidence"] for p in posts)
    assert data["center"] and data["minLabelPx"] == 12
    # a focused view is not grouped
    from kg.graphview import neighbourhood

    focused = page_data(render_network_html(neighbourhood(g, "张红军", 1)))
    assert focused["groups"] == []
