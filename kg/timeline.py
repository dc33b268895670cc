"""One official's timeline, read from the graph with SPARQL: posts, meetings, visits, enterprises.

:func:`timeline` answers "what posts has 张红军 held and when, which meetings did he chair or
attend, which visits did he lead and which enterprises did he visit", every line with its date and
its evidence sentence. Dates are normalised into one :class:`When`:

- ``date``: an ``xsd:date`` (the page made the year certain);
- ``article-year``: an ``xsd:gMonthDay`` completed with the year the article was published
  (``schema:datePublished``), marked as such;
- ``month-day``: an ``xsd:gMonthDay`` such as ``--08-26``, year unknown, marked as such;
- ``article``: no date at all; the article stands for it.

Lines are ordered as the named query ``posts-of-person`` orders them: dated lines first, then
month-day lines, then undated ones. Two month-day dates are compared only on the same page
(two pages without a year may be years apart).

Spans, overlaps and gaps use the dated observations only: a post's *span* runs from its first to
its last dated observation; two posts *overlap* when their spans share a day (posts held
together, e.g. 党工委副书记 and 管委会主任); a *gap* is a stretch between spans where no post of
the person is observed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import store
from kg.errors import KgError
from kg.fileio import atomic_write_text
from kg.queries import sparql_literal
from kg.querycheck import check_query

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://kg.example.org/ontology#>
"""
XSD = "http://www.w3.org/2001/XMLSchema#"
KG_NS = "https://kg.example.org/ontology#"
SCHEMA_NS = "https://schema.org/"
# the most specific role first
ROLE_ORDER = ("chair", "speaker", "delegationLeader", "attendee")
ROLE_ZH = {"chair": "主持", "speaker": "讲话", "delegationLeader": "带队", "attendee": "出席"}
KIND_NOTE = {"date": "", "article-year": "年份取自文章", "month-day": "年份不详", "article": "无日期，见文章"}


class TimelineError(KgError):
    """No person (or more than one) has the name asked for."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class When:
    """A normalised date: ``kind`` is date, article-year, month-day or article (see the module)."""

    rank: int  # 0 dated, 1 month-day, 2 undated: the sort order
    value: str  # "2021-07-30", "--08-26" or "" (undated)
    article: str  # the article's local id
    kind: str
    article_title: str = ""

    @property
    def day(self) -> dt.date | None:
        """The calendar day, when the year is known."""
        if self.rank == 0:
            try:
                return dt.date.fromisoformat(self.value)
            except ValueError:
                return None
        return None

    def text(self) -> str:
        if self.kind == "article":
            return f"({self.article})"
        note = KIND_NOTE[self.kind]
        return f"{self.value} ({note})" if note else self.value


def make_when(date: str | None, datatype: str | None, article: str, article_title: str = "", year: str | None = None) -> When:
    """Normalise an observation's date (``xsd:date``, ``xsd:gMonthDay`` or none) with its article's year."""
    if date and (datatype == XSD + "date" or (datatype is None and not date.startswith("--"))):
        return When(0, date, article, "date", article_title)
    if date and date.startswith("--"):
        if year and year[:4].isdigit():
            return When(0, f"{year[:4]}-{date[2:]}", article, "article-year", article_title)
        return When(1, date, article, "month-day", article_title)
    return When(2, "", article, "article", article_title)


@dataclass(frozen=True)
class Post:
    """One observation of a post: (body, role) on a date, with the sentence that states it."""

    when: When
    title: str  # body label + role label, the title as written
    role: str
    body: str  # body label, "" when the sentence names none
    body_iri: str
    membership: str
    evidence: str
    start: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.body_iri, self.role)


@dataclass(frozen=True)
class Appearance:
    """The person at one event: its roles (most specific first), the evidence, visited enterprises."""

    when: When
    event: str
    name: str
    event_type: str  # Meeting, InspectionVisit or Event
    roles: tuple[str, ...]
    evidence: str
    visited: tuple[str, ...] = ()  # enterprise labels
    visited_other: tuple[str, ...] = ()  # parks, places and bodies visited


@dataclass(frozen=True)
class Span:
    title: str
    first: str
    last: str
    observations: int
    undated: int  # month-day or undated observations, outside the span


@dataclass(frozen=True)
class Interval:
    """An overlap (two posts held together) or a gap (no post observed) between two days."""

    start: str
    end: str
    days: int
    what: tuple[str, ...]


@dataclass
class Timeline:
    person: str
    iri: str
    posts: list[Post] = field(default_factory=list)
    meetings: list[Appearance] = field(default_factory=list)
    visits: list[Appearance] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    overlaps: list[Interval] = field(default_factory=list)
    gaps: list[Interval] = field(default_factory=list)

    @property
    def visits_led(self) -> list[Appearance]:
        return [v for v in self.visits if "delegationLeader" in v.roles]

    @property
    def enterprises(self) -> list[tuple[str, When]]:
        """Each enterprise visited, with the date of the first visit."""
        seen: dict[str, When] = {}
        for visit in self.visits:
            for name in visit.visited:
                if name not in seen or visit.when < seen[name]:
                    seen[name] = visit.when
        return sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))

    def as_dict(self) -> dict[str, Any]:
        def when(w: When) -> dict[str, str]:
            return {"value": w.value, "kind": w.kind, "article": w.article, "article_title": w.article_title}

        def post(p: Post) -> dict[str, Any]:
            return {"when": when(p.when), "title": p.title, "body": p.body, "role": p.role,
                    "body_iri": p.body_iri, "membership": p.membership, "evidence": p.evidence}

        def appearance(a: Appearance) -> dict[str, Any]:
            return {"when": when(a.when), "event": a.event, "name": a.name, "type": a.event_type,
                    "roles": list(a.roles), "evidence": a.evidence, "visited": list(a.visited),
                    "visited_other": list(a.visited_other)}

        return {
            "person": self.person,
            "iri": self.iri,
            "posts": [post(p) for p in self.posts],
            "spans": [asdict(s) for s in self.spans],
            "overlaps": [asdict(i) | {"what": list(i.what)} for i in self.overlaps],
            "gaps": [asdict(i) | {"what": list(i.what)} for i in self.gaps],
            "meetings": [appearance(a) for a in self.meetings],
            "visits": [appearance(a) for a in self.visits],
            "visits_led": [appearance(a) for a in self.visits_led],
            "enterprises_visited": [{"name": n, "first": when(w)} for n, w in self.enterprises],
        }


# --------------------------------------------------------------------------------------------
# reading the graph


def _v(term: object) -> str | None:
    if term is None:
        return None
    return str(getattr(term, "value", term))


def _dtype(term: object) -> str | None:
    if isinstance(term, ox.Literal):
        return term.datatype.value
    return None


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# kg's own per-person queries: `{person}` is a person's IRI (str.format; `{{` is a brace)
POSTS_OF = """
SELECT ?ms ?role ?body ?bodyName ?date ?article ?articleTitle ?year ?sentence ?start WHERE {{
  ?ms a org:Membership ; org:member <{person}> ; org:role/rdfs:label ?role .
  OPTIONAL {{ ?ms org:organization ?body . ?body rdfs:label ?bodyName }}
  OPTIONAL {{ ?ms kg:observedOn ?date }}
  OPTIONAL {{ ?ms prov:wasDerivedFrom ?article .
             OPTIONAL {{ ?article rdfs:label ?articleTitle }} OPTIONAL {{ ?article schema:datePublished ?year }} }}
  OPTIONAL {{ ?ms org:member <{person}> ; kg:evidence ?ev . ?ev kg:sentenceText ?sentence ; kg:startOffset ?start }}
}}"""
# (the membership's own pattern is repeated in the evidence OPTIONAL: it adds no condition, but without
# it Oxigraph 0.5 joins every evidence node of the graph for each person, 60x slower at 1M characters)
APPEARANCES_OF = """
SELECT ?event ?name ?prop ?type ?date ?article ?articleTitle ?year ?sentence ?eventSentence ?start WHERE {{
  VALUES ?prop {{ kg:chair kg:speaker kg:delegationLeader schema:attendee }}
  ?event ?prop <{person}> ; a schema:Event ; rdfs:label ?name .
  OPTIONAL {{ ?event a ?type FILTER (?type IN (kg:Meeting, kg:InspectionVisit)) }}
  OPTIONAL {{ ?event schema:startDate ?date }}
  OPTIONAL {{ ?event prov:wasDerivedFrom ?article .
             OPTIONAL {{ ?article rdfs:label ?articleTitle }} OPTIONAL {{ ?article schema:datePublished ?year }} }}
  OPTIONAL {{ ?st rdf:subject ?event ; rdf:predicate ?prop ; rdf:object <{person}> ;
                 kg:evidence/kg:sentenceText ?sentence }}
  OPTIONAL {{ ?event kg:evidence ?ev . ?ev kg:sentenceText ?eventSentence ; kg:startOffset ?start }}
}}"""
VISITS_OF = """
SELECT ?event ?name ?enterprise WHERE {{
  ?event schema:attendee <{person}> ; kg:visited ?org . ?org rdfs:label ?name .
  BIND (EXISTS {{ ?org a kg:Enterprise }} AS ?enterprise)
}}"""
PERSON_BY_IRI = "SELECT DISTINCT ?p ?label WHERE {{ BIND (<{person}> AS ?p) ?p a schema:Person . ?p rdfs:label ?label }} ORDER BY ?p"
# what SPARQL's IRIREF allows between < and >: an IRI of this form cannot change a query's structure
_IRIREF = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_PLACEHOLDER = "https://kg.example.org/id/person/placeholder"


@functools.cache
def _template_passes(template: str) -> bool:
    """kg.querycheck's verdict on a per-person template, with an IRI in its slots; once a process."""
    return check_query(PREFIXES + template.format(person=_PLACEHOLDER)).ok


def _person_rows(target: store.Target, template: str, person: str) -> list[dict[str, object]]:
    """The rows of a per-person template. The SERVICE/update check parses a query with rdflib's
    grammar (~15 ms, more than running it); the same template with any IRIREF in its slots parses
    the same, so it is checked once, not once per person (kg.html runs it for hundreds)."""
    sparql = PREFIXES + template.format(person=person)
    checked = _IRIREF.fullmatch(person) is not None and _template_passes(template)
    result = store.run_query(target, sparql, checked=checked)
    return [dict(zip(result.variables, row)) for row in result.rows]


def _rows(target: store.Target, sparql: str) -> list[dict[str, object]]:
    result = store.run_query(target, PREFIXES + sparql)
    return [dict(zip(result.variables, row)) for row in result.rows]


def find_people(target: store.Target, name: str) -> list[tuple[str, str]]:
    """(IRI, label) of every person whose label or alias is ``name`` (or whose IRI it is)."""
    if name.startswith(("http://", "https://")):
        rows = _person_rows(target, PERSON_BY_IRI, name)
    else:
        match = f"?p rdfs:label|skos:prefLabel|skos:altLabel {sparql_literal(name.strip())} ; a schema:Person ."
        rows = _rows(target, f"SELECT DISTINCT ?p ?label WHERE {{ {match} ?p rdfs:label ?label }} ORDER BY ?p")
    found: dict[str, str] = {}
    for row in rows:
        found.setdefault(str(_v(row["p"])), str(_v(row["label"])))
    return sorted(found.items())


def _post_rows(target: store.Target, person: str) -> list[Post]:
    rows = _person_rows(target, POSTS_OF, person)
    best: dict[str, Post] = {}
    for row in rows:
        ms = str(_v(row["ms"]))
        article = _local(_v(row["article"]) or "")
        when = make_when(_v(row["date"]), _dtype(row["date"]), article, _v(row["articleTitle"]) or "", _v(row["year"]))
        role, body = str(_v(row["role"])), _v(row["bodyName"]) or ""
        start = int(_v(row["start"]) or 0)
        post = Post(when, body + role, role, body, _v(row["body"]) or "", ms, _v(row["sentence"]) or "", start)
        old = best.get(ms)
        # the earliest observation; a tie (two bodies, roles or sentences at one offset) goes to the
        # smallest, not to the row the store happens to give first: any store, the same timeline
        if old is None or _post_order(post) < _post_order(old):
            best[ms] = post
    return sorted(best.values(), key=lambda p: (p.when, p.start, p.title, p.membership))


def _post_order(post: Post) -> tuple[When, int, str, str, str]:
    return (post.when, post.start, post.title, post.body_iri, post.evidence)


def _appearances(target: store.Target, person: str) -> list[Appearance]:
    rows = _person_rows(target, APPEARANCES_OF, person)
    visited_rows = _person_rows(target, VISITS_OF, person)
    visited: dict[str, set[str]] = defaultdict(set)
    visited_other: dict[str, set[str]] = defaultdict(set)
    for row in visited_rows:
        (visited if _v(row["enterprise"]) == "true" else visited_other)[str(_v(row["event"]))].add(str(_v(row["name"])))
    by_event: dict[str, dict[str, Any]] = {}
    for row in rows:
        event = str(_v(row["event"]))
        article = _local(_v(row["article"]) or "")
        when = make_when(_v(row["date"]), _dtype(row["date"]), article, _v(row["articleTitle"]) or "", _v(row["year"]))
        entry = by_event.setdefault(event, {"name": str(_v(row["name"])), "when": when, "roles": set(),
                                            "type": "Event", "sentences": [], "start": 10**9})
        entry["when"] = min(entry["when"], when)
        entry["roles"].add(_local(str(_v(row["prop"]))))
        entry["name"] = min(entry["name"], str(_v(row["name"])))  # one of several labels, whatever the row order
        if row["type"] is not None:
            kind = _local(str(_v(row["type"])))
            entry["type"] = kind if entry["type"] == "Event" else min(entry["type"], kind)
        if row["sentence"] is not None:
            entry["sentences"].append((0, str(_v(row["sentence"]))))
        if row["eventSentence"] is not None:
            entry["sentences"].append((1, str(_v(row["eventSentence"]))))
        if row["start"] is not None:
            entry["start"] = min(entry["start"], int(str(_v(row["start"]))))
    out = []
    for event, e in by_event.items():
        roles = tuple(r for r in ROLE_ORDER if r in e["roles"])
        if len(roles) > 1 and "attendee" in roles:
            roles = tuple(r for r in roles if r != "attendee")
        sentence = min(e["sentences"])[1] if e["sentences"] else ""
        out.append(Appearance(e["when"], event, e["name"], e["type"], roles, sentence,
                              tuple(sorted(visited.get(event, ()))), tuple(sorted(visited_other.get(event, ())))))
    return sorted(out, key=lambda a: (a.when, a.name, a.event))


def _spans(posts: list[Post]) -> tuple[list[Span], list[Interval], list[Interval]]:
    by_post: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for post in posts:
        by_post[post.key].append(post)
    dated: list[tuple[dt.date, dt.date, str]] = []
    spans = []
    for items in by_post.values():
        days = sorted(d for d in (p.when.day for p in items) if d is not None)
        title = items[0].title
        undated = sum(1 for p in items if p.when.day is None)
        if days:
            spans.append(Span(title, days[0].isoformat(), days[-1].isoformat(), len(items), undated))
            dated.append((days[0], days[-1], title))
        else:
            spans.append(Span(title, "", "", len(items), undated))
    spans.sort(key=lambda s: (s.first == "", s.first, s.last, s.title))
    overlaps = []
    dated.sort()
    for i, (a0, a1, ta) in enumerate(dated):
        for b0, b1, tb in dated[i + 1:]:
            start, end = max(a0, b0), min(a1, b1)
            if start <= end and ta != tb:
                overlaps.append(Interval(start.isoformat(), end.isoformat(), (end - start).days + 1, (ta, tb)))
    gaps = []
    if dated:
        reach, reach_title = dated[0][1], dated[0][2]
        for s0, s1, title in dated[1:]:
            if s0 > reach + dt.timedelta(days=1):
                first, last = reach + dt.timedelta(days=1), s0 - dt.timedelta(days=1)
                gaps.append(Interval(first.isoformat(), last.isoformat(), (last - first).days + 1, (reach_title, title)))
            if s1 > reach:
                reach, reach_title = s1, title
    return spans, overlaps, gaps


def timeline(target: store.Target, name: str) -> Timeline:
    """The timeline of the one person called ``name`` (label, alias or IRI) in a graph or store."""
    opened = target if isinstance(target, ox.Store) else store.open_graph(Path(target))
    people = find_people(opened, name)
    if not people:
        raise TimelineError(f"no person is called {name!r} in the graph")
    if len(people) > 1:
        raise TimelineError(f"{len(people)} people are called {name!r}: {', '.join(iri for iri, _ in people)}; give the IRI")
    iri, label = people[0]
    posts = _post_rows(opened, iri)
    events = _appearances(opened, iri)
    spans, overlaps, gaps = _spans(posts)
    is_visit = [e.event_type == "InspectionVisit" or bool(e.visited or e.visited_other) for e in events]
    return Timeline(
        person=label,
        iri=iri,
        posts=posts,
        meetings=[e for e, v in zip(events, is_visit) if not v],
        visits=[e for e, v in zip(events, is_visit) if v],
        spans=spans,
        overlaps=overlaps,
        gaps=gaps,
    )


def store_from_turtle(text: str) -> ox.Store:
    """An in-memory store of a Turtle text (for pages built from an rdflib graph)."""
    st = ox.Store()
    st.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return st


# --------------------------------------------------------------------------------------------
# output


def format_text(tl: Timeline) -> str:
    """The timeline as plain text: one line per observation, the evidence indented below it."""
    width = max([store.display_width(p.when.text()) for p in tl.posts]
                + [store.display_width(a.when.text()) for a in tl.meetings + tl.visits] + [10])

    def pad(text: str) -> str:  # Chinese characters take two columns
        return text + " " * (width - store.display_width(text))

    lines = [f"{tl.person}  <{tl.iri}>", "", f"posts ({len(tl.posts)} observations of {len(tl.spans)} posts):"]
    for p in tl.posts:
        lines.append(f"  {pad(p.when.text())}  {p.title}  [{p.when.article}]")
        if p.evidence:
            lines.append(f"  {'':<{width}}    「{p.evidence}」")
    if not tl.posts:
        lines.append("  (none)")
    lines += ["", "spans of dated observations:"]
    for s in tl.spans:
        extra = f"; {s.undated} more without a known year" if s.undated else ""
        if s.first:
            lines.append(f"  {s.title}: {s.first} … {s.last} ({s.observations - s.undated} dated{extra})")
        else:
            lines.append(f"  {s.title}: no dated observation ({s.observations} without a known year)")
    lines.append("overlaps (posts held together):")
    lines += [f"  {o.start} … {o.end}: {' + '.join(o.what)}" for o in tl.overlaps] or ["  (none)"]
    lines.append("gaps (no post observed):")
    lines += [f"  {g.start} … {g.end} ({g.days} days) between {g.what[0]} and {g.what[1]}" for g in tl.gaps] or ["  (none)"]
    for title, items in (("meetings", tl.meetings), ("visits", tl.visits)):
        lines += ["", f"{title} ({len(items)}):"]
        for a in items:
            roles = "、".join(ROLE_ZH.get(r, r) for r in a.roles)
            lines.append(f"  {pad(a.when.text())}  {roles}  {a.name}  [{a.when.article}]")
            seen = [*a.visited, *a.visited_other]
            if seen:
                lines.append(f"  {'':<{width}}    visited: {'、'.join(seen)}")
            if a.evidence:
                lines.append(f"  {'':<{width}}    「{a.evidence}」")
        if not items:
            lines.append("  (none)")
    lines += ["", f"visits led: {len(tl.visits_led)}", f"enterprises visited ({len(tl.enterprises)}):"]
    lines += [f"  {n}  (first {w.text()})" for n, w in tl.enterprises] or ["  (none)"]
    return "\n".join(lines)


def render_html(tl: Timeline) -> str:
    """A small self-contained page of the timeline (every text escaped)."""
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_PAGE).render(tl=tl, roles=ROLE_ZH)


def write_html(tl: Timeline, path: Path | str) -> None:
    path = Path(path)
    atomic_write_text(path, render_html(tl))


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ tl.person }} · 时间线</title>
<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin-bottom: 18px; } td, th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.ev { color: #555; font-size: 13px; } .title { white-space: nowrap; } .note { color: #a05a00; font-size: 12px; }
</style></head>
<body>
<h1>{{ tl.person }}</h1>
<p class="ev">{{ tl.iri }}</p>
<h2>职务 Posts</h2>
<table id="posts"><tr><th>日期</th><th>职务</th><th>证据</th></tr>
{% for p in tl.posts %}<tr class="post"><td>{% if p.when.kind == "date" %}{{ p.when.value }}{% else %}<span class="note">{{ p.when.text() }}</span>{% endif %}</td><td class="title">{{ p.title }}</td><td class="ev">{{ p.evidence }}</td></tr>
{% endfor %}</table>
<h2>重叠与空档 Overlaps and gaps</h2>
<ul>{% for o in tl.overlaps %}<li>{{ o.start }} … {{ o.end }}：{{ o.what|join(" + ") }}</li>{% endfor %}
{% for g in tl.gaps %}<li>空档 {{ g.start }} … {{ g.end }}（{{ g.days }} 天）：{{ g.what|join(" → ") }}</li>{% endfor %}</ul>
<h2>会议 Meetings</h2>
<table id="meetings"><tr><th>日期</th><th>角色</th><th>会议</th><th>证据</th></tr>
{% for a in tl.meetings %}<tr><td>{{ a.when.text() }}</td><td>{% for r in a.roles %}{{ roles.get(r, r) }} {% endfor %}</td><td>{{ a.name }}</td><td class="ev">{{ a.evidence }}</td></tr>
{% endfor %}</table>
<h2>调研 Visits</h2>
<table id="visits"><tr><th>日期</th><th>角色</th><th>活动</th><th>调研对象</th><th>证据</th></tr>
{% for a in tl.visits %}<tr><td>{{ a.when.text() }}</td><td>{% for r in a.roles %}{{ roles.get(r, r) }} {% endfor %}</td><td>{{ a.name }}</td><td>{{ (a.visited + a.visited_other)|join("、") }}</td><td class="ev">{{ a.evidence }}</td></tr>
{% endfor %}</table>
</body></html>
"""
