"""The interactive HTML page: a self-contained pyvis / vis-network view of the graph projection.

The page must work with no network and must never run text from the documents as HTML:

- pyvis's own template links Bootstrap from a CDN even with ``cdn_resources="in_line"``, and
  switches its tooltips to ``innerHTML`` when a title contains ``href``. So pyvis holds the nodes,
  edges and its inlined vis-network assets, but the page comes from this module's template:
  tooltips are built as DOM text nodes (``textContent``), the data is embedded with Jinja's
  ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), and the template autoescapes the rest.
- The search box and type filter are ours: pyvis's ``select_menu`` garbles Chinese and its
  ``filter_menu`` hides nodes unpredictably.
- Same graph, same bytes: nodes and edges are sorted, edge ids are counters over that order, the
  layout seed is fixed, and nothing records a time.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pyoxigraph as ox
from jinja2 import Environment
from markupsafe import Markup
from rdflib import Graph

from kg.errors import OutputError
from kg.fileio import atomic_write_text
from kg.graphview import NODE_TYPES, TYPE_NAMES_ZH, pagerank, to_networkx

# Colour (Tableau 10 family) and vis-network shape per node type. Shapes with the label below
# them are sized by PageRank; events are boxes with the (shortened) name inside.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "person": ("#e15759", "dot"),
    "government": ("#4e79a7", "square"),
    "enterprise": ("#f28e2b", "triangle"),
    "organization": ("#76b7b2", "square"),
    "place": ("#59a14f", "diamond"),
    "park": ("#8cd17d", "hexagon"),
    "program": ("#b07aa1", "star"),
    "project": ("#ff9da7", "star"),
    "meeting": ("#edc948", "box"),
    "visit": ("#f1a340", "box"),
    "event": ("#d7b5a6", "box"),
    "article": ("#bab0ac", "triangleDown"),
}
_GLYPH = {
    "dot": "●",
    "square": "■",
    "triangle": "▲",
    "triangleDown": "▼",
    "diamond": "◆",
    "hexagon": "⬢",
    "star": "★",
    "box": "▬",
}
_LABEL_MAX = 14  # characters shown on the canvas; the full name is in the tooltip
# In the overview of the whole graph these types are grouped: one node per type ("计划/行动（103）")
# that opens on a click, so the people, bodies, their posts and meetings are what the reader sees.
GROUPED_TYPES: tuple[str, ...] = ("program", "project", "place", "park", "article")
FONT_SIZE = 20  # node labels, in canvas pixels at scale 1
MIN_LABEL_PX = 12  # the default zoom keeps labels at least this large on screen
_VIS_DIR = "templates/lib/vis-9.1.2"
_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside pyvis (what ``in_line`` inlines)."""
    import pyvis

    base = Path(pyvis.__file__).parent / _VIS_DIR
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - pyvis upgrade
        raise OutputError("the vis-network assets shipped with pyvis cannot be inlined safely")
    return js, css


def _iterations(n: int) -> int:
    """Layout iterations: 600 for small graphs, fewer for large ones so the page settles in seconds."""
    return 600 if n <= 300 else max(150, round(600 * 300 / n))


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _node_text(d: dict[str, Any]) -> str:
    """The plain-text tooltip of a node."""
    lines = [d["label"], f"类型：{d.get('type_zh') or TYPE_NAMES_ZH.get(d['type'], d['type'])}"]
    for key, name in (
        ("aliases", "别名"),
        ("titles", "职务"),
        ("dates", "日期"),
        ("articles", "来源"),
    ):
        if d.get(key):
            lines.append(f"{name}：{d[key]}")
    if d.get("evidence"):
        lines.append("证据：")
        lines.extend(d["evidence"].splitlines())
    lines.append(d.get("iri", ""))
    return "\n".join(line for line in lines if line)


def _edge_text(g: nx.MultiDiGraph, u: str, v: str, facts: list[dict[str, Any]]) -> str:
    lines = []
    for d in facts:
        lines.append(f"{g.nodes[u]['label']} —{d['label']}→ {g.nodes[v]['label']}")
        if d.get("dates"):
            lines.append(f"日期：{d['dates']}")
        if d.get("evidence"):
            lines.append("证据：")
            lines.extend(d["evidence"].splitlines())
    return "\n".join(lines)


def most_connected(g: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """At most ``max_nodes`` nodes: the largest components first, then the best-linked nodes."""
    if g.number_of_nodes() <= max_nodes:
        return g
    size: dict[str, int] = {}
    for component in nx.weakly_connected_components(g):
        for v in component:
            size[v] = len(component)
    degree = {v: len(set(g.successors(v)) | set(g.predecessors(v))) for v in g.nodes}
    ranked = sorted(g.nodes, key=lambda v: (-size[v], -degree[v], v))
    sub = g.subgraph(ranked[: max(max_nodes, 0)]).copy()
    sub.graph.update(g.graph)
    return sub


def page_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The page draws one edge per ordered node pair; parallel facts share it ("主持、讲话")."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        pairs[(u, v)].append(d)
    return [(u, v, facts) for (u, v), facts in sorted(pairs.items())]


def _build(g: nx.MultiDiGraph, *, max_nodes: int, title: str,
           timelines: dict[str, list[dict[str, str]]] | None = None) -> dict[str, Any]:
    from pyvis.network import Network

    shown = most_connected(g, max_nodes)
    focused = bool(str(shown.graph.get("focus", "")).split())
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    ranks = pagerank(shown)
    top = max(ranks.values(), default=1.0) or 1.0
    # Entities with no link at all would scatter over the canvas: they start hidden and out of
    # the physics, and the page shelves them below the graph when the reader asks for them.
    isolated = {v for v in shown.nodes if shown.degree(v) == 0} if shown.number_of_edges() else set()
    for v in sorted(shown.nodes):
        d = shown.nodes[v]
        kind = d.get("type", "organization")
        color, shape = TYPE_STYLE.get(kind, ("#999999", "dot"))
        extra: dict[str, Any] = {"hidden": True, "physics": False, "kgIsolated": True} if v in isolated else {}
        net.add_node(
            v,
            **extra,
            label=_short(d.get("label", v)),
            shape=shape,
            color=color,
            size=round(10 + 26 * math.sqrt(ranks.get(v, 0.0) / top), 1),
            title=_node_text(d),
            kgLabel=d.get("label", v),
            kgAliases=d.get("aliases", ""),
            kgType=kind,
        )
    for i, (u, v, facts) in enumerate(page_edges(shown)):
        labels = list(dict.fromkeys(f.get("label", "") for f in facts))
        net.add_edge(u, v, id=f"e{i}", label="、".join(labels), title=_edge_text(shown, u, v, facts))

    types = Counter(d.get("type") for _, d in shown.nodes(data=True))
    linked = Counter(shown.nodes[v].get("type") for v in shown.nodes if v not in isolated)
    groups = [] if focused else [
        {"type": t, "name": TYPE_NAMES_ZH[t], "color": TYPE_STYLE[t][0], "shape": TYPE_STYLE[t][1], "count": linked[t]}
        for t in GROUPED_TYPES if linked[t] >= 2
    ]
    grouped = {gr["type"] for gr in groups}
    people = [v for v in shown.nodes if shown.nodes[v].get("type") == "person" and v not in isolated]
    center = max(sorted(people), key=lambda v: ranks.get(v, 0.0)) if people else ""
    legend = [
        {
            "type": t,
            "name": TYPE_NAMES_ZH[t],
            "color": TYPE_STYLE[t][0],
            "glyph": _GLYPH[TYPE_STYLE[t][1]],
            "count": types[t],
            "grouped": t in grouped,
        }
        for t in NODE_TYPES
        if types[t]
    ]
    omitted = ""
    if shown is not g:
        left = Counter(cast(str, d.get("type")) for v, d in g.nodes(data=True) if v not in shown)
        parts = "、".join(f"{TYPE_NAMES_ZH.get(t, t)} {n}" for t, n in sorted(left.items(), key=lambda kv: (-kv[1], kv[0])))
        omitted = (
            f"图中共有 {g.number_of_nodes()} 个节点、{g.number_of_edges()} 条关系；本页只显示连接最多的 "
            f"{shown.number_of_nodes()} 个节点，省略了 {g.number_of_nodes() - shown.number_of_nodes()} 个节点"
            f"（{parts}）和 {g.number_of_edges() - shown.number_of_edges()} 条关系。"
            "用 kg view --focus 名称 查看某一部分。"
        )
    n = len(net.nodes)
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 20210730, "improvedLayout": n <= 200},
        "nodes": {
            "font": {
                "size": FONT_SIZE,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "face": "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif",
            },
            "borderWidth": 1,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 12, "align": "middle", "color": "#444444", "strokeWidth": 3},
            "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#666666"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -160,
                "centralGravity": 0.012,
                "springLength": 150,
                "springConstant": 0.08,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": True, "iterations": _iterations(n), "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n > 500},
    }
    focus = [v for v in str(shown.graph.get("focus", "")).split() if v in shown]
    return {
        "title": title,
        # the same counts as `kg stats` (nodes and relations of the projection); the canvas draws
        # parallel relations between two nodes as one line
        "counts": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "lines": len(net.edges)},
        "legend": legend,
        "omitted": omitted,
        "isolated": len(isolated),
        "data": {
            "nodes": net.nodes, "edges": net.edges, "options": options, "focus": focus, "groups": groups,
            "center": center, "minLabelPx": MIN_LABEL_PX,
            "timelines": {v: items for v, items in sorted((timelines or {}).items()) if v in shown},
        },
    }


def render_network_html(g: nx.MultiDiGraph, *, max_nodes: int = 1500, title: str = "kg",
                        timelines: dict[str, list[dict[str, str]]] | None = None) -> str:
    """The page for a projection (see :func:`kg.graphview.to_networkx`) as one HTML string.

    ``timelines`` (person IRI -> :func:`timeline_items`) fills the side panel for a selected person.
    """
    js, css = _vis_assets()
    env = Environment(autoescape=True, keep_trailing_newline=True)
    # tojson still escapes < > & ' as \u003c...; keep the Chinese readable in the file
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    page = env.from_string(_TEMPLATE).render(
        vis_js=Markup(js), vis_css=Markup(css), **_build(g, max_nodes=max_nodes, title=title, timelines=timelines)
    )
    found = _EXTERNAL.search(page)
    if found:  # pragma: no cover - a guard on the template, not on the data
        raise OutputError(f"the page would load an external resource: {found.group(0)[:80]}")
    return page


def write_network_html(
    g: nx.MultiDiGraph, path: Path | str, *, max_nodes: int = 1500, title: str = "kg",
    timelines: dict[str, list[dict[str, str]]] | None = None,
) -> None:
    """Write the page for a projection to ``path`` atomically (a temporary file, then rename)."""
    path = Path(path)
    page = render_network_html(g, max_nodes=max_nodes, title=title, timelines=timelines)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot create the folder: {exc.strerror or exc}") from exc
    atomic_write_text(path, page)


def write_html(graph: Graph, path: Path | str, *, max_nodes: int = 1500, title: str = "kg",
               store: ox.Store | None = None, view: nx.MultiDiGraph | None = None) -> None:
    """Write the interactive page of an RDF graph (what ``kg build`` puts in ``kg.html``).

    ``store``: a store of the same graph to read the timelines from (``kg build`` gives the one it
    has just written) instead of an in-memory copy; ``view``: the graph's projection, if the caller
    has it (:func:`kg.graphview.to_networkx`).
    """
    g = to_networkx(graph) if view is None else view
    people = [v for v, d in most_connected(g, max_nodes).nodes(data=True) if d.get("type") == "person"]
    timelines = timelines_of(graph, people, store=store)
    write_network_html(g, path, max_nodes=max_nodes, title=title, timelines=timelines)


def timeline_items(tl: Any) -> list[dict[str, str]]:
    """A :class:`kg.timeline.Timeline` as the side panel's rows, in time order: posts, meetings, visits."""
    rows: list[tuple[Any, int, dict[str, str]]] = []
    for p in tl.posts:
        rows.append((p.when, 0, {"kind": "post", "date": p.when.text(), "text": p.title, "evidence": p.evidence}))
    for a in [*tl.meetings, *tl.visits]:
        roles = "、".join(_ROLE_ZH.get(r, r) for r in a.roles)
        seen = "、".join([*a.visited, *a.visited_other])
        text = f"{roles} {a.name}" + (f"（调研 {seen}）" if seen else "")
        rows.append((a.when, 1, {"kind": "visit" if a in tl.visits else "meeting", "date": a.when.text(),
                                 "text": text, "evidence": a.evidence}))
    rows.sort(key=lambda r: (r[0], r[1], r[2]["text"]))
    return [r[2] for r in rows]


def timelines_of(graph: Graph, people: list[str] | None = None, *,
                 store: ox.Store | None = None) -> dict[str, list[dict[str, str]]]:
    """The side-panel timeline of the given people (default: every person) of an RDF graph.

    Read with SPARQL (:mod:`kg.timeline`) from ``store`` when given (a store of the same graph:
    the answers are the same) or else from an in-memory Oxigraph copy of the graph.
    """
    from rdflib import RDF

    from kg import timeline as tl
    from kg.vocab import SCHEMA

    if people is None:
        people = [str(p) for p in set(graph.subjects(RDF.type, SCHEMA.Person))]
    people = sorted(people)
    if not people:
        return {}
    if store is None:
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    out = {}
    for iri in people:
        try:
            out[iri] = timeline_items(tl.timeline(store, iri))
        except tl.TimelineError:
            continue
    return out


_ROLE_ZH = {"chair": "主持", "speaker": "讲话", "delegationLeader": "带队", "attendee": "出席"}


__all__ = [
    "TYPE_STYLE",
    "timelines_of",
    "most_connected",
    "page_edges",
    "render_network_html",
    "write_html",
    "write_network_html",
]

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
html, body { margin: 0; height: 100%; font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
#kg-header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 8px 14px; border-bottom: 1px solid #ddd; background: #fafafa; }
#kg-header h1 { font-size: 18px; margin: 0; }
#kg-counts, #kg-status, #kg-search-status { font-size: 13px; color: #555; }
#kg-search { font-size: 15px; padding: 4px 8px; width: 18em; }
#kg-omitted { margin: 0; padding: 6px 14px; font-size: 13px; background: #fff4d6; border-bottom: 1px solid #e8d9a8; }
#kg-main { flex: 1; display: flex; min-height: 0; }
#kg-legend { width: 200px; flex: none; overflow-y: auto; padding: 10px 12px; border-right: 1px solid #ddd; font-size: 14px; }
#kg-legend h2 { font-size: 14px; margin: 0 0 6px; }
#kg-legend ul { list-style: none; margin: 0 0 10px; padding: 0; }
#kg-legend li { margin: 3px 0; }
#kg-legend .glyph { display: inline-block; width: 1.3em; text-align: center; font-size: 16px; }
#kg-legend .count { color: #777; font-size: 12px; }
#kg-details { white-space: pre-wrap; font-size: 12px; line-height: 1.45; color: #333; border-top: 1px solid #eee; padding-top: 8px; overflow-wrap: anywhere; }
#mynetwork { flex: 1; min-width: 0; position: relative; }
#kg-side { width: 300px; flex: none; overflow-y: auto; padding: 10px 12px; border-left: 1px solid #ddd; font-size: 13px; }
#kg-side h2 { font-size: 15px; margin: 0 0 8px; }
#kg-timeline { list-style: none; margin: 0; padding: 0; }
#kg-timeline li { margin: 0 0 8px; padding-left: 8px; border-left: 3px solid #ccc; }
#kg-timeline li.post { border-left-color: #e15759; }
#kg-timeline li.meeting { border-left-color: #edc948; }
#kg-timeline li.visit { border-left-color: #f1a340; }
#kg-timeline .when { color: #666; font-size: 12px; display: block; }
#kg-timeline .what { font-weight: 600; }
#kg-timeline .ev { color: #555; font-size: 12px; display: block; overflow-wrap: anywhere; }
#kg-legend button { font-size: 12px; margin-left: 4px; padding: 0 4px; }
div.vis-tooltip { max-width: 440px; white-space: normal; }
.kg-tip { white-space: pre-wrap; font-size: 12px; line-height: 1.45; overflow-wrap: anywhere; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header id="kg-header">
<h1>{{ title }}</h1>
<span id="kg-counts" title="与 kg stats 的计数相同：图谱投影的节点与关系；同一对节点之间的多条关系画成一条连线">节点 {{ counts.nodes }} · 关系 {{ counts.edges }}（画成 {{ counts.lines }} 条连线）</span>
<input id="kg-search" type="search" placeholder="搜索名称或别名，回车选中，再按回车看下一个" autocomplete="off" aria-label="搜索节点">
<span id="kg-search-status" aria-live="polite"></span>
<span id="kg-status">布局计算中…</span>
</header>
{% if omitted %}<p id="kg-omitted">{{ omitted }}</p>
{% endif %}
<div id="kg-main">
<aside id="kg-legend">
<h2>图例（勾选以显示）</h2>
<ul>
{% for item in legend %}<li><label><input type="checkbox" class="kg-type" value="{{ item.type }}" checked> <span class="glyph" style="color: {{ item.color }}">{{ item.glyph }}</span>{{ item.name }} <span class="count">{{ item.count }}</span></label>{% if item.grouped %}<button type="button" class="kg-group-toggle" data-type="{{ item.type }}" title="归为一组或展开">展开</button>{% endif %}</li>
{% endfor %}</ul>
{% if isolated %}<p><label><input type="checkbox" id="kg-isolated"> 显示无关系的实体 <span class="count">{{ isolated }}</span></label></p>
{% endif %}<div id="kg-details">点击节点查看详情；悬停查看来源句子。</div>
</aside>
<div id="mynetwork"></div>
<aside id="kg-side">
<h2 id="kg-timeline-title">任职时间线</h2>
<p id="kg-timeline-hint">点击或搜索一个人物，这里按时间列出其职务、会议和调研（附原文句子）。</p>
<ol id="kg-timeline"></ol>
</aside>
</div>
<script>
(function () {
  "use strict";
  var DATA = {{ data|tojson }};
  function tip(text) {
    var el = document.createElement("div");
    el.className = "kg-tip";
    el.textContent = text;
    return el;
  }
  var texts = {};
  DATA.nodes.forEach(function (n) { texts[n.id] = n.title; n.title = tip(n.title); });
  DATA.edges.forEach(function (e) { e.title = tip(e.title); });
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, DATA.options);
  window.network = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  var status = document.getElementById("kg-status");
  var details = document.getElementById("kg-details");
  // programs, projects, places and articles: one node per type in the overview, opened on a click
  function groupId(type) { return "kg-group-" + type; }
  var groupOf = {};
  function makeGroup(gr) {
    network.cluster({
      joinCondition: function (n) { return n.kgType === gr.type && !n.kgIsolated; },
      processProperties: function (props, members) {
        props.label = gr.name + "（" + members.length + "）";
        return props;
      },
      clusterNodeProperties: {
        id: groupId(gr.type), shape: gr.shape, color: gr.color, size: 30, kgType: gr.type, kgGroup: true,
        title: tip(gr.name + "：" + gr.count + " 个，已归为一组。点击展开。"),
        font: {size: DATA.options.nodes.font.size, strokeWidth: 3, strokeColor: "#ffffff"}
      },
      clusterEdgeProperties: {label: "", color: {color: "#d0d0d0"}}
    });
    groupOf[groupId(gr.type)] = gr;
    setToggle(gr.type, "展开");
  }
  function setToggle(type, text) {
    var b = document.querySelector("button.kg-group-toggle[data-type='" + type + "']");
    if (b) { b.textContent = text; }
  }
  function openGroup(id) {
    if (!network.isCluster(id)) { return; }
    var gr = groupOf[id];
    var at = network.getPositions([id])[id];
    var members = network.getNodesInCluster(id);
    network.openCluster(id);
    members.sort();
    var cols = Math.max(1, Math.ceil(Math.sqrt(members.length * 2)));
    nodes.update(members.map(function (m, i) {
      return {id: m, x: at.x + (i % cols - (cols - 1) / 2) * 140, y: at.y + Math.floor(i / cols) * 50};
    }));
    if (gr) { setToggle(gr.type, "归组"); }
  }
  DATA.groups.forEach(makeGroup);
  Array.prototype.slice.call(document.querySelectorAll("button.kg-group-toggle")).forEach(function (b) {
    b.addEventListener("click", function () {
      var gr = DATA.groups.filter(function (x) { return x.type === b.getAttribute("data-type"); })[0];
      if (network.isCluster(groupId(gr.type))) { openGroup(groupId(gr.type)); } else { makeGroup(gr); applyFilter(); }
    });
  });

  function readableZoom() {
    // the whole overview, unless its labels would be smaller than minLabelPx: then the
    // neighbourhood of the most central person at a scale where they are readable
    network.fit({animation: false});
    var least = DATA.minLabelPx / DATA.options.nodes.font.size;
    if (network.getScale() < least) {
      var at = DATA.center ? network.getPositions([DATA.center])[DATA.center] : network.getViewPosition();
      network.moveTo({position: at, scale: least, animation: false});
    }
    document.body.setAttribute("data-kg-label-px", String(Math.round(network.getScale() * DATA.options.nodes.font.size * 10) / 10));
  }
  function ready() {
    network.setOptions({physics: false});
    status.textContent = "布局完成";
    if (DATA.focus.length) {
      network.selectNodes(DATA.focus);
      showDetails(DATA.focus[0]);
    } else {
      readableZoom();
    }
    document.body.setAttribute("data-kg-ready", "1");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局计算中… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", ready);
  if (!DATA.nodes.length) { ready(); }

  var timelineList = document.getElementById("kg-timeline");
  var timelineTitle = document.getElementById("kg-timeline-title");
  var timelineHint = document.getElementById("kg-timeline-hint");
  function span(cls, text) { var el = document.createElement("span"); el.className = cls; el.textContent = text; return el; }
  function showTimeline(id) {
    var items = DATA.timelines[id];
    if (!items) { return; }
    while (timelineList.firstChild) { timelineList.removeChild(timelineList.firstChild); }
    timelineTitle.textContent = nodes.get(id).kgLabel + " · 时间线";
    timelineHint.textContent = items.length ? "" : "没有记录到职务或活动。";
    items.forEach(function (it) {
      var li = document.createElement("li");
      li.className = it.kind;
      li.appendChild(span("when", it.date));
      li.appendChild(span("what", it.text));
      if (it.evidence) { li.appendChild(span("ev", "「" + it.evidence + "」")); }
      timelineList.appendChild(li);
    });
  }
  function showDetails(id) { details.textContent = texts[id] || ""; showTimeline(id); }
  network.on("selectNode", function (p) {
    if (!p.nodes.length) { return; }
    if (network.isCluster(p.nodes[0])) { openGroup(p.nodes[0]); return; }
    showDetails(p.nodes[0]);
  });

  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.kg-type"));
  var lonely = document.getElementById("kg-isolated");
  var shelved = false;
  function shelve() {
    // unconnected entities go in rows below the laid-out graph, grouped by type
    var placed = DATA.nodes.filter(function (n) { return !n.kgIsolated; }).map(function (n) { return n.id; });
    var pos = network.getPositions(placed);
    var minX = 0, maxX = 0, maxY = 0, first = true;
    Object.keys(pos).forEach(function (id) {
      var p = pos[id];
      if (first) { minX = maxX = p.x; maxY = p.y; first = false; }
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
    });
    var order = {};
    boxes.forEach(function (b, i) { order[b.value] = i; });
    var lone = DATA.nodes.filter(function (n) { return n.kgIsolated; });
    lone.sort(function (a, b) { return (order[a.kgType] - order[b.kgType]) || (a.kgLabel < b.kgLabel ? -1 : a.kgLabel > b.kgLabel ? 1 : 0); });
    var cols = Math.max(6, Math.round((maxX - minX) / 130) + 1);
    nodes.update(lone.map(function (n, i) {
      return {id: n.id, x: minX + (i % cols) * 130, y: maxY + 160 + Math.floor(i / cols) * 90};
    }));
    shelved = true;
  }
  function applyFilter() {
    var off = {};
    boxes.forEach(function (b) { if (!b.checked) { off[b.value] = true; } });
    var showLonely = lonely ? lonely.checked : true;
    if (showLonely && !shelved) { shelve(); }
    nodes.update(DATA.nodes.map(function (n) {
      return {id: n.id, hidden: off[n.kgType] === true || (n.kgIsolated === true && !showLonely)};
    }));
    DATA.groups.forEach(function (gr) {
      if (network.isCluster(groupId(gr.type))) {
        network.clustering.updateClusteredNode(groupId(gr.type), {hidden: off[gr.type] === true});
      }
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  if (lonely) { lonely.addEventListener("change", function () { applyFilter(); network.fit(); }); }
  function reveal(id) {
    var path = network.clustering.findNode(id);
    if (path.length > 1) { openGroup(path[0]); }
    var node = nodes.get(id);
    var changed = false;
    boxes.forEach(function (b) { if (b.value === node.kgType && !b.checked) { b.checked = true; changed = true; } });
    if (node.kgIsolated && lonely && !lonely.checked) { lonely.checked = true; changed = true; }
    if (changed) { applyFilter(); }
  }

  function norm(s) { return String(s || "").normalize("NFKC").trim().toLowerCase(); }
  var index = DATA.nodes.map(function (n) {
    var keys = [n.kgLabel].concat(n.kgAliases ? n.kgAliases.split("、") : []).map(norm);
    return {id: n.id, label: n.kgLabel, keys: keys};
  });
  var input = document.getElementById("kg-search");
  var searchStatus = document.getElementById("kg-search-status");
  var matches = [];
  var current = -1;
  function byLength(a, b) { return a.label.length - b.label.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); }
  function search(query) {
    var q = norm(query);
    var exact = [], prefix = [], part = [];
    if (q) {
      index.forEach(function (e) {
        if (e.keys.indexOf(q) >= 0) { exact.push(e); }
        else if (e.keys.some(function (k) { return k.indexOf(q) === 0; })) { prefix.push(e); }
        else if (e.keys.some(function (k) { return k.indexOf(q) >= 0; })) { part.push(e); }
      });
    }
    matches = exact.sort(byLength).concat(prefix.sort(byLength), part.sort(byLength));
    current = -1;
    if (!matches.length) {
      network.unselectAll();
      searchStatus.textContent = q ? "没有匹配的节点" : "";
      return;
    }
    step();
    fresh = true;
  }
  // typing shows the first hit; the first Enter selects that same hit, each further Enter the next
  var fresh = false;
  function enter() {
    if (fresh && current >= 0) { fresh = false; show(matches[current]); return; }
    step();
  }
  function step() {
    if (!matches.length) { return; }
    fresh = false;
    current = (current + 1) % matches.length;
    show(matches[current]);
  }
  function show(hit) {
    reveal(hit.id);
    network.selectNodes([hit.id]);
    document.body.removeAttribute("data-kg-focused");
    network.once("animationFinished", function () { document.body.setAttribute("data-kg-focused", hit.id); });
    network.focus(hit.id, {scale: 1.0, animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    showDetails(hit.id);
    searchStatus.textContent = (current + 1) + " / " + matches.length + "：" + hit.label;
  }
  input.addEventListener("input", function (ev) { if (!ev.isComposing) { search(input.value); } });
  input.addEventListener("compositionend", function () { search(input.value); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.isComposing) { ev.preventDefault(); enter(); }
  });
})();
</script>
</body>
</html>
"""
