"""The NetworkX projection of the RDF graph: what the HTML page, ``kg stats`` and GraphML show.

The RDF graph stays the single source of truth; this module flattens it into something a person
can look at. Memberships (person, role, body, date) become one edge ``person -> body`` labelled
with the role title; events keep their own node and link to their participants with Chinese role
labels (主持, 讲话, 出席, 带队, 调研, 参与). Roles, memberships and evidence records are not nodes:
their content moves into edge and node attributes.

Every node and edge attribute is a plain ``str``, ``int`` or ``float`` (never ``None``), so the
projection can be written as GraphML or GEXF as it is. Nodes and edges are inserted in sorted
order, so the same RDF graph always gives the same projection.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any, cast

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS
from rdflib.term import Identifier, Node

from kg.errors import InputError, KgError
from kg.vocab import KG, ORG, SCHEMA

# The node types of the projection, in the order legends and statistics list them.
NODE_TYPES: tuple[str, ...] = (
    "person",
    "government",
    "enterprise",
    "organization",
    "place",
    "park",
    "program",
    "project",
    "meeting",
    "visit",
    "event",
    "article",
)
TYPE_NAMES_ZH: dict[str, str] = {
    "person": "人物",
    "government": "党政机构",
    "enterprise": "企业",
    "organization": "其他组织",
    "place": "地区",
    "park": "园区",
    "program": "计划/行动",
    "project": "项目",
    "meeting": "会议",
    "visit": "调研/考察",
    "event": "其他活动",
    "article": "文章",
}
EVENT_TYPES = frozenset({"meeting", "visit", "event"})
BODY_TYPES = frozenset({"government", "enterprise", "organization"})

# RDF class -> node type; the first class a resource has, in this order, decides.
_CLASS_ORDER: tuple[tuple[URIRef, str], ...] = (
    (SCHEMA.Person, "person"),
    (KG.Meeting, "meeting"),
    (KG.InspectionVisit, "visit"),
    (SCHEMA.Event, "event"),
    (KG.GovernmentBody, "government"),
    (SCHEMA.GovernmentOrganization, "government"),
    (KG.Enterprise, "enterprise"),
    (SCHEMA.Corporation, "enterprise"),
    (ORG.Organization, "organization"),
    (SCHEMA.Organization, "organization"),
    (KG.Park, "park"),
    (SCHEMA.Place, "place"),
    (KG.Program, "program"),
    (KG.InvestmentProject, "project"),
    (SCHEMA.Project, "project"),
    (SCHEMA.NewsArticle, "article"),
)

# Event roles: predicate -> (relation, Chinese label, participant is the edge's source).
# A participant -> event edge reads "张红军 主持 会议"; event -> visited reads "调研 核净公司".
_EVENT_ROLES: dict[URIRef, tuple[str, str, bool]] = {
    KG.chair: ("chair", "主持", True),
    KG.speaker: ("speaker", "讲话", True),
    KG.delegationLeader: ("delegationLeader", "带队", True),
    KG.participantOrganization: ("participantOrganization", "参与", True),
    KG.visited: ("visited", "调研", False),
}
_ATTENDEE = ("attendee", "出席", True)

# Other predicates drawn as edges subject -> object: (relation, Chinese label).
_DIRECT: dict[URIRef, tuple[str, str]] = {
    SCHEMA.organizer: ("organizer", "主办"),
    SCHEMA.location: ("location", "地点"),
    KG.locatedIn: ("locatedIn", "位于"),
    KG.appliesProgram: ("appliesProgram", "实施"),
    KG.launchesProgram: ("launchesProgram", "发起"),
    KG.promotesProgram: ("promotesProgram", "推动"),
    ORG.subOrganizationOf: ("subOrganizationOf", "隶属"),
    ORG.hasSubOrganization: ("hasSubOrganization", "下设"),
    ORG.unitOf: ("unitOf", "隶属"),
    SCHEMA.parentOrganization: ("parentOrganization", "隶属"),
    SCHEMA.containedInPlace: ("containedInPlace", "位于"),
}
# Predicates never drawn as edges: handled elsewhere, or provenance that would tie everything
# to the articles it came from.
_SKIP = frozenset(
    {RDF.type, PROV.wasDerivedFrom, KG.evidence, SCHEMA.author, SCHEMA.attendee}
    | set(_EVENT_ROLES)
)
_MAX_EVIDENCE = 3
# (article IRI, start offset, display line, sentence) of one evidence record
_Ev = tuple[str, int, str, str]


class ViewError(KgError):
    """A view cannot be made as asked: unknown focus name or node type."""

    exit_code = 2


def load_graph(path: Path | str) -> Graph:
    """Read an RDF file (Turtle unless its suffix says otherwise) as an rdflib graph."""
    from rdflib.util import guess_format

    path = Path(path)
    if path.is_dir():
        from kg.store import export_file

        path = export_file(path)  # the build's current set
    if not path.is_file():
        raise InputError(f"{path}: no such graph file (run `kg build` first?)")
    graph = Graph()
    try:
        graph.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many unrelated types for a bad file
        raise InputError(f"{path}: cannot parse as RDF: {exc}".splitlines()[0]) from exc
    return graph


def _norm(text: str) -> str:
    """Comparison form of a name: full-width folded, lower case, no surrounding space."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def _local_name(iri: Node | str) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def _sorted_nodes(nodes: Iterable[Node]) -> list[Identifier]:
    """``sorted(nodes)``: rdflib types graph terms as ``Node``, but each is an ``Identifier``."""
    return sorted(cast("Iterable[Identifier]", nodes))


def _sorted_literals(values: Iterable[Node]) -> list[str]:
    return sorted({str(v) for v in values if isinstance(v, Literal)})


class _Reader:
    """Cached look-ups on one RDF graph."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self._labels: dict[Node, str] = {}

    def label(self, node: Node) -> str:
        if node not in self._labels:
            self._labels[node] = self._label(node)
        return self._labels[node]

    def _label(self, node: Node) -> str:
        for prop in (SKOS.prefLabel, RDFS.label):
            values = [v for v in self.g.objects(node, prop) if isinstance(v, Literal)]
            zh = sorted(str(v) for v in values if (v.language or "").lower().startswith("zh"))
            if zh:
                return zh[0]
            plain = sorted(str(v) for v in values)
            if plain:
                return plain[0]
        return _local_name(node)

    def aliases(self, node: Node) -> list[str]:
        label = self.label(node)
        return [a for a in _sorted_literals(self.g.objects(node, SKOS.altLabel)) if a != label]

    def node_type(self, node: Node) -> str | None:
        classes = set(self.g.objects(node, RDF.type))
        for cls, kind in _CLASS_ORDER:
            if cls in classes:
                return kind
        return None

    def evidence(self, records: Iterable[Node]) -> list[_Ev]:
        """(article, start offset, "「sentence」——《article title》", sentence) per evidence record."""
        out = []
        for ev in set(records):
            sentences = _sorted_literals(self.g.objects(ev, KG.sentenceText))
            if not sentences:
                continue
            article = self.g.value(ev, PROV.wasDerivedFrom)
            start = self.g.value(ev, KG.startOffset)
            offset = int(start) if isinstance(start, Literal) and str(start).isdigit() else 0
            if article is None:
                line = f"「{sentences[0]}」"
            else:
                name = _local_name(article)
                title = self.label(article)
                source = f"《{title}》({name})" if title != name else name
                line = f"「{sentences[0]}」——{source}"
            out.append((str(article or ""), offset, line, sentences[0]))
        return sorted(out)


def _pick_evidence(found: list[_Ev], names: Iterable[str] = ()) -> str:
    """At most a few lines, those naming the entity first, in document order otherwise."""
    names = [n for n in names if n]
    ranked = sorted(found, key=lambda e: (not any(n in e[3] for n in names), e[0], e[1]))
    lines: list[str] = []
    for _, _, line, _ in ranked:
        if line not in lines:
            lines.append(line)
        if len(lines) == _MAX_EVIDENCE:
            break
    return "\n".join(lines)


class _EdgeSet:
    """Edges keyed by (source, target, key), merged when the same fact appears twice."""

    def __init__(self) -> None:
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.evidence: dict[tuple[str, str, str], list[_Ev]] = defaultdict(list)
        self.dates: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def add(
        self,
        source: Node,
        target: Node,
        key: str,
        *,
        relation: str,
        label: str,
        predicate: Node,
        dates: Iterable[str] = (),
        evidence: Iterable[_Ev] = (),
    ) -> None:
        k = (str(source), str(target), key)
        self.edges.setdefault(k, {"relation": relation, "label": label, "predicate": str(predicate)})
        self.dates[k].update(dates)
        self.evidence[k].extend(evidence)

    def has(self, source: Node, target: Node, key: str) -> bool:
        return (str(source), str(target), key) in self.edges


def to_networkx(graph: Graph, *, articles: bool = True) -> nx.MultiDiGraph:
    """Project ``graph`` onto a directed multigraph of entities, events and (optionally) articles.

    Node ids are the resources' IRIs. Node attributes: ``label``, ``type`` (one of
    :data:`NODE_TYPES`), ``type_zh``, ``iri``, ``aliases`` and ``titles`` ("、"-joined),
    ``dates``, ``articles``, ``evidence`` (a few sentences, one a line, each with its article).
    Edge attributes: ``label`` (Chinese), ``relation``, ``predicate``, ``dates``, ``evidence``.
    Articles are kept only when they have an author, so they do not float unconnected.
    """
    r = _Reader(graph)
    kinds: dict[Node, str] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if isinstance(subject, URIRef):
            kind = r.node_type(subject)
            if kind is not None and (articles or kind != "article"):
                kinds[subject] = kind

    edges = _EdgeSet()
    node_dates: dict[Node, set[str]] = defaultdict(set)
    node_evidence: dict[Node, list[_Ev]] = defaultdict(list)
    titles: dict[Node, set[str]] = defaultdict(set)

    # posts: person -> body, labelled with the role title; body-less posts become person titles
    for ms in _sorted_nodes(set(graph.subjects(RDF.type, ORG.Membership))):
        person = graph.value(ms, ORG.member)
        if person not in kinds:
            continue
        roles = sorted(r.label(role) for role in graph.objects(ms, ORG.role)) or ["成员"]
        dates = _sorted_literals(graph.objects(ms, KG.observedOn))
        found = r.evidence(graph.objects(ms, KG.evidence))
        bodies = _sorted_nodes(o for o in graph.objects(ms, ORG.organization) if o in kinds)
        node_dates[person].update(dates)
        node_evidence[person].extend(found)
        for role in roles:
            if not bodies:
                titles[person].add(role)
            for body in bodies:
                titles[person].add(r.label(body) + role)
                node_dates[body].update(dates)
                node_evidence[body].extend(found)
                edges.add(
                    person, body, f"membership:{role}", relation="membership", label=role,
                    predicate=ORG.Membership, dates=dates, evidence=found,
                )

    # events: participants with their most specific roles
    sub_roles = dict(_EVENT_ROLES)
    for prop in graph.subjects(RDFS.subPropertyOf, SCHEMA.attendee):
        if isinstance(prop, URIRef) and prop not in sub_roles:
            sub_roles[prop] = (_local_name(prop), _local_name(prop), True)
    for event in _sorted_nodes(n for n, k in kinds.items() if k in EVENT_TYPES):
        dates = _sorted_literals(graph.objects(event, SCHEMA.startDate))
        found = r.evidence(graph.objects(event, KG.evidence))
        node_dates[event].update(dates)
        node_evidence[event].extend(found)
        specific: set[Node] = set()
        for prop, (relation, label, incoming) in sorted(sub_roles.items()):
            for agent in _sorted_nodes(graph.objects(event, prop)):
                if agent not in kinds:
                    continue
                specific.add(agent)
                src, dst = (agent, event) if incoming else (event, agent)
                edges.add(
                    src, dst, relation, relation=relation, label=label, predicate=prop,
                    dates=dates, evidence=found,
                )
                node_dates[agent].update(dates)
                node_evidence[agent].extend(found)
        for agent in _sorted_nodes(graph.objects(event, SCHEMA.attendee)):
            if agent in kinds and agent not in specific:
                relation, label, _ = _ATTENDEE
                edges.add(
                    agent, event, relation, relation=relation, label=label,
                    predicate=SCHEMA.attendee, dates=dates, evidence=found,
                )
                node_dates[agent].update(dates)
                node_evidence[agent].extend(found)

    # authorship
    for article, person in graph.subject_objects(SCHEMA.author):
        if article in kinds and person in kinds:
            edges.add(
                article, person, "author", relation="author", label="作者",
                predicate=SCHEMA.author,
            )

    # every other link between two projected resources
    for subject in _sorted_nodes(kinds):
        for prop, obj in graph.predicate_objects(subject):
            if prop in _SKIP or obj not in kinds or obj == subject:
                continue
            # predicates are IRIs; rdflib types them as plain Nodes
            relation, label = _DIRECT.get(cast(URIRef, prop), (_local_name(prop), _local_name(prop)))
            edges.add(subject, obj, relation, relation=relation, label=label, predicate=prop)

    # articles an edge is no longer connected to are dropped (articles are context, not subjects)
    used = {n for k in edges.edges for n in k[:2]}
    nodes = _sorted_nodes(n for n, k in kinds.items() if k != "article" or str(n) in used)

    # Facts without an evidence link (program links, places, bare mentions) get the evidence
    # sentences of their articles that name them (both ends, for an edge).
    by_article: dict[str, list[_Ev]] = defaultdict(list)
    for record in r.evidence(graph.subjects(RDF.type, KG.Evidence)):
        by_article[record[0]].append(record)
    names = {n: [x for x in (r.label(n), *r.aliases(n)) if len(x) > 1] for n in nodes}
    sources = {n: sorted({str(a) for a in graph.objects(n, PROV.wasDerivedFrom)}) for n in nodes}

    def naming(articles: Iterable[str], *groups: list[str]) -> list[_Ev]:
        return [
            e for a in sorted(set(articles)) for e in by_article.get(a, ())
            if all(any(name in e[3] for name in group) for group in groups)
        ]

    for node in nodes:
        node_evidence[node].extend(r.evidence(graph.objects(node, KG.evidence)))
        if not node_evidence[node] and names[node]:
            node_evidence[node] = naming(sources[node], names[node])
    for key in sorted(edges.edges):
        if edges.evidence[key]:
            continue
        u, v = (URIRef(x) for x in key[:2])
        if kinds[u] == "article" or kinds[v] == "article":
            continue
        if kinds[u] in EVENT_TYPES or kinds[v] in EVENT_TYPES:
            event, other = (u, v) if kinds[u] in EVENT_TYPES else (v, u)
            common = set(sources[u]) & set(sources[v])
            named = naming(common, names[other]) if names[other] else []
            edges.evidence[key] = named + node_evidence[event]
        elif names[u] and names[v]:
            edges.evidence[key] = naming(set(sources[u]) & set(sources[v]), names[u], names[v])

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in nodes:
        kind = kinds[node]
        label = r.label(node)
        aliases = r.aliases(node)
        g.add_node(
            str(node),
            label=label,
            type=kind,
            type_zh=TYPE_NAMES_ZH[kind],
            iri=str(node),
            aliases="、".join(aliases),
            titles="、".join(sorted(titles.get(node, ()))),
            dates="、".join(sorted(node_dates.get(node, ()))),
            articles="、".join(_local_name(s) for s in sources[node]),
            evidence=_pick_evidence(node_evidence.get(node, []), [label, *aliases]),
        )
    for key in sorted(edges.edges):
        source, target, k = key
        attrs = edges.edges[key]
        end_names = [g.nodes[n]["label"] for n in (source, target) if g.nodes[n]["type"] not in EVENT_TYPES]
        g.add_edge(
            source,
            target,
            key=k,
            **attrs,
            dates="、".join(sorted(edges.dates[key])),
            evidence=_pick_evidence(edges.evidence[key], end_names),
        )
    return g


# --------------------------------------------------------------------------------------------
# statistics


def pagerank(g: nx.Graph | nx.MultiDiGraph, *, alpha: float = 0.85, tol: float = 1e-10) -> dict[str, float]:
    """PageRank of the undirected, edge-count-weighted view of ``g`` (no SciPy needed).

    Edge directions in the projection are a reading convention (person -> body), not a flow, so
    centrality ignores them.
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    weight: dict[str, Counter[str]] = {v: Counter() for v in nodes}
    for u, v in g.edges():
        if u != v:
            weight[u][v] += 1
            weight[v][u] += 1
    total = {v: sum(weight[v].values()) for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(200):
        dangling = alpha * sum(rank[v] for v in nodes if total[v] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for v in nodes:
            if total[v]:
                share = alpha * rank[v] / total[v]
                for w, count in weight[v].items():
                    new[w] += share * count
        delta = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if delta < n * tol:
            break
    return rank


def _neighbours(g: nx.MultiDiGraph, node: str) -> set[str]:
    return (set(g.successors(node)) | set(g.predecessors(node))) - {node}


def stats(g: nx.MultiDiGraph, *, top: int = 10) -> dict[str, Any]:
    """Counts, central people and bodies, components and co-occurrence of a projection.

    ``degree`` is the number of distinct neighbours; ``pagerank`` is :func:`pagerank`. Bodies are
    government bodies, enterprises and other organisations. Two people co-occur when they take
    part in the same event (any role).
    """
    types = Counter(d["type"] for _, d in g.nodes(data=True))
    relations = Counter((d["relation"], d["label"]) for _, _, d in g.edges(data=True))
    ranks = pagerank(g)
    degree = {v: len(_neighbours(g, v)) for v in g.nodes}

    def entry(v: str) -> dict[str, Any]:
        d = g.nodes[v]
        return {
            "label": d["label"],
            "type": d["type"],
            "iri": v,
            "degree": degree[v],
            "pagerank": round(ranks[v], 6),
        }

    def ranked(kinds: frozenset[str]) -> dict[str, list[dict[str, Any]]]:
        chosen = [v for v, d in g.nodes(data=True) if d["type"] in kinds]
        by_degree = sorted(chosen, key=lambda v: (-degree[v], -ranks[v], g.nodes[v]["label"], v))
        by_rank = sorted(chosen, key=lambda v: (-ranks[v], -degree[v], g.nodes[v]["label"], v))
        return {
            "by_degree": [entry(v) for v in by_degree[:top]],
            "by_pagerank": [entry(v) for v in by_rank[:top]],
        }

    components = sorted(
        (sorted(c) for c in nx.weakly_connected_components(g)), key=lambda c: (-len(c), c[0])
    )
    pairs: Counter[tuple[str, str]] = Counter()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event, d in sorted(g.nodes(data=True)):
        if d["type"] not in EVENT_TYPES:
            continue
        people = sorted(v for v in _neighbours(g, event) if g.nodes[v]["type"] == "person")
        for a, b in combinations(people, 2):
            pairs[(a, b)] += 1
            shared[(a, b)].append(d["label"])
    cooccurrence = [
        {
            "people": [g.nodes[a]["label"], g.nodes[b]["label"]],
            "iris": [a, b],
            "events": count,
            "event_labels": sorted(shared[(a, b)]),
        }
        for (a, b), count in sorted(
            pairs.items(),
            key=lambda kv: (-kv[1], g.nodes[kv[0][0]]["label"], g.nodes[kv[0][1]]["label"], kv[0]),
        )[:top]
    ]
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "types": {t: types[t] for t in NODE_TYPES if types[t]},
        "relations": [
            {"relation": rel, "label": label, "count": count}
            for (rel, label), count in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "components": {
            "count": len(components),
            "largest": [len(c) for c in components[:top]],
            "isolated": sum(1 for c in components if len(c) == 1),
        },
        "people": ranked(frozenset({"person"})),
        "bodies": ranked(BODY_TYPES),
        "cooccurrence": cooccurrence,
    }


# --------------------------------------------------------------------------------------------
# focused views


def parse_types(text: str | Iterable[str] | None) -> frozenset[str] | None:
    """``"person,government"`` -> a set of node types; unknown names are an error."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = {t.strip().lower() for t in items if t.strip()}
    unknown = sorted(chosen - set(NODE_TYPES))
    if unknown:
        raise ViewError(f"unknown node type(s) {', '.join(unknown)}; known: {', '.join(NODE_TYPES)}")
    return frozenset(chosen) if chosen else None


def filter_types(g: nx.MultiDiGraph, types: Iterable[str] | str | None) -> nx.MultiDiGraph:
    """The nodes of the given types and the edges among them (all of ``g`` for ``None``)."""
    allowed = parse_types(types)
    if allowed is None:
        return g
    sub: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    sub.graph.update(g.graph)
    for v in sorted(v for v, d in g.nodes(data=True) if d["type"] in allowed):
        sub.add_node(v, **g.nodes[v])
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u in sub and v in sub:
            sub.add_edge(u, v, key=k, **d)
    return sub


def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes called ``name``: exact label, else exact alias, else label containing it."""
    want = _norm(name)
    if not want:
        return []
    exact = [v for v, d in g.nodes(data=True) if _norm(d["label"]) == want]
    if exact:
        return sorted(exact)
    alias = [
        v for v, d in g.nodes(data=True)
        if want in {_norm(a) for a in d.get("aliases", "").split("、") if a}
    ]
    if alias:
        return sorted(alias)
    return sorted(v for v, d in g.nodes(data=True) if want in _norm(d["label"]))


def neighbourhood(
    g: nx.MultiDiGraph,
    focus_label: str,
    depth: int = 2,
    types: Iterable[str] | str | None = None,
) -> nx.MultiDiGraph:
    """The part of ``g`` within ``depth`` links of the node(s) named ``focus_label``.

    With ``types``, only nodes of those types are kept and walked through (the focus always is);
    links are followed in both directions. The result's ``graph["focus"]`` holds the focus IRIs,
    space-separated.
    """
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    allowed = parse_types(types)
    focus = find_nodes(g, focus_label)
    if not focus:
        raise ViewError(f"no node is called {focus_label!r}")
    keep = {v for v, d in g.nodes(data=True) if allowed is None or d["type"] in allowed}
    keep.update(focus)
    seen = set(focus)
    queue = deque((v, 0) for v in focus)
    while queue:
        v, dist = queue.popleft()
        if dist == depth:
            continue
        for w in sorted(_neighbours(g, v)):
            if w in keep and w not in seen:
                seen.add(w)
                queue.append((w, dist + 1))
    sub: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    sub.graph["focus"] = " ".join(focus)
    for v in sorted(seen):
        sub.add_node(v, **g.nodes[v])
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u in seen and v in seen:
            sub.add_edge(u, v, key=k, **d)
    return sub

