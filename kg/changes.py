"""Appointments, promotions and moves across articles, modelled with W3C ORG and OWL-Time.

The graph holds one ``org:Membership`` per *observation* of a post (a person, a body, a role, the
date the article reports it). :func:`add_changes` derives from them, in the graph itself:

- one ``org:Post`` per (body, role) held (``org:postIn``, ``org:role``, ``org:heldBy``; the person
  ``org:holds`` it), each observation linked to it with ``kg:post``;
- per person and post, the observed tenure: every observation of that post gets
  ``org:memberDuring`` a ``time:Interval`` from the first to the last dated observation
  (``time:hasBeginning`` / ``time:hasEnd`` ``time:Instant`` with ``time:inXSDDate``);
- one ``kg:PostChange`` (a ``prov:Activity``) per change, with ``kg:changeKind``, ``kg:person``,
  ``kg:fromPost`` / ``kg:toPost``, ``kg:fromObservation`` / ``kg:toObservation`` and the
  ``kg:evidence`` of both observations, so both sentences are one hop away.

Change kinds:

- from a notice (:mod:`kg.notices`): ``appointment`` (任命/任/担任), ``election`` (当选),
  ``transfer`` (调任), ``removal`` (免去); the earlier observation is the person's latest
  earlier observation of another post, when there is one;
- from two observations of the same person that differ: ``promotion`` (same body, a higher rank of
  the same role: 副主任 → 常务副主任 → 主任, 副书记 → 书记), ``role-change`` (same body, another
  role) and ``move`` (a body left and another joined between two observations). Between two
  dated observations the order is known (``kg:orderKnown true``); where one lacks a year the two
  are only known to differ (``kg:changeKind "differs"``, ``kg:orderKnown false``).

:func:`list_changes` reads them back with SPARQL (what ``kg changes`` prints), and the named queries
``appointments-between`` and ``career-of-person`` use the same terms.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from kg import store
from kg.timeline import PREFIXES, When, make_when
from kg.vocab import DEFAULT_BASE, KG, ORG, iri_for

TIME = Namespace("http://www.w3.org/2006/time#")
NOTICE_KINDS = {
    "notice:appoint": "appointment",
    "notice:elect": "election",
    "notice:transfer": "transfer",
    "notice:remove": "removal",
}
KIND_ZH = {
    "appointment": "任命",
    "election": "当选",
    "transfer": "调任",
    "removal": "免职",
    "promotion": "晋升",
    "role-change": "职务变化",
    "move": "调动",
    "differs": "职务不同（先后不详）",
}


# --------------------------------------------------------------------------------------------
# deriving the changes in the graph


@dataclass(frozen=True)
class _Obs:
    node: URIRef
    person: URIRef
    body: URIRef
    role: URIRef
    when: When
    rule: str
    role_label: str

    @property
    def day(self) -> dt.date | None:
        return self.when.day


def _generic(role: str) -> bool:
    """有关领导, 主要负责人, 成员: words for people of a body, not posts that change."""
    return role.endswith(("领导", "负责人")) or role in ("成员", "人员", "同志")


def _rank(role: str) -> tuple[str, int]:
    """(base role, rank): 委员 0, 副X 1, 常务副X 2, X 3."""
    if role.startswith("常务副"):
        return role[3:], 2
    if role.startswith("副"):
        return role[1:], 1
    if role in ("委员", "成员"):
        return "", 0
    return role, 3


def _comparable(a: _Obs, b: _Obs) -> bool:
    """Known order: both dated, or month-days on the same page."""
    if a.day is not None and b.day is not None:
        return True
    return a.when.rank == b.when.rank == 1 and a.when.article == b.when.article


def _observations(g: Graph) -> list[_Obs]:
    out = []
    for ms in g.subjects(RDF.type, ORG.Membership):
        person, body, role = g.value(ms, ORG.member), g.value(ms, ORG.organization), g.value(ms, ORG.role)
        if not isinstance(person, URIRef) or not isinstance(body, URIRef) or not isinstance(role, URIRef):
            continue
        date = g.value(ms, KG.observedOn)
        article = g.value(ms, PROV.wasDerivedFrom)
        year = g.value(article, URIRef("https://schema.org/datePublished")) if article is not None else None
        dtype = str(date.datatype) if isinstance(date, Literal) and date.datatype else None
        local = str(article).rsplit("/", 1)[-1] if article is not None else ""
        when = make_when(str(date) if date is not None else None, dtype, local, "", str(year) if year else None)
        rules = sorted(str(g.value(ev, KG.extractedBy) or "") for ev in g.objects(ms, KG.evidence))
        rule = next((r for r in rules if r in NOTICE_KINDS), rules[0] if rules else "")
        out.append(_Obs(URIRef(str(ms)), person, body, role, when, rule, str(g.value(role, RDFS.label) or "")))
    return sorted(out, key=lambda o: (str(o.person), o.when, str(o.node)))


def _local(node: URIRef) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _instant(g: Graph, day: dt.date, base: str) -> URIRef:
    node = URIRef(f"{base}id/instant/{day.isoformat()}")
    g.add((node, RDF.type, TIME.Instant))
    g.add((node, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))
    return node


def add_changes(g: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Add posts, observed tenures and post changes to ``g`` (in place; returns ``g``)."""
    if not base.endswith(("/", "#")):
        base += "/"
    g.bind("time", TIME, override=True)
    observations = _observations(g)
    label = {n: str(g.value(n, RDFS.label) or "") for o in observations for n in (o.person, o.body, o.role)}
    posts: dict[tuple[URIRef, URIRef], URIRef] = {}
    by_person: dict[URIRef, list[_Obs]] = defaultdict(list)
    for o in observations:
        by_person[o.person].append(o)
        key = (o.body, o.role)
        if key not in posts:
            title = label[o.body] + label[o.role]
            post = iri_for("post", f"{title}|{_local(o.body)}|{_local(o.role)}", base)
            posts[key] = post
            g.add((post, RDF.type, ORG.Post))
            g.add((post, RDFS.label, Literal(title, lang="zh")))
            g.add((post, SKOS.prefLabel, Literal(title, lang="zh")))
            g.add((post, ORG.postIn, o.body))
            g.add((post, ORG.role, o.role))
        post = posts[key]
        g.add((post, ORG.heldBy, o.person))
        g.add((o.person, ORG.holds, post))
        g.add((o.node, KG.post, post))

    for person, obs in by_person.items():
        # observed tenures
        held: dict[URIRef, list[_Obs]] = defaultdict(list)
        for o in obs:
            held[posts[(o.body, o.role)]].append(o)
        for post, items in held.items():
            days = sorted(d for d in (o.day for o in items) if d is not None)
            if not days:
                continue
            title = label[items[0].body] + label[items[0].role]
            interval = iri_for("interval", f"{label[person]}|{title}|{_local(person)}|{_local(post)}", base)
            g.add((interval, RDF.type, TIME.Interval))
            g.add((interval, TIME.hasBeginning, _instant(g, days[0], base)))
            g.add((interval, TIME.hasEnd, _instant(g, days[-1], base)))
            for o in items:
                g.add((o.node, ORG.memberDuring, interval))
        for change in _changes(obs):
            _add_change(g, base, person, posts, label, *change)
    return g


def _changes(obs: list[_Obs]) -> list[tuple[str, _Obs | None, _Obs | None, bool]]:
    """(kind, earlier, later, order known) for one person's observations (sorted by date)."""
    out: list[tuple[str, _Obs | None, _Obs | None, bool]] = []
    done: set[tuple[Any, ...]] = set()
    for o in obs:
        if o.rule in NOTICE_KINDS:
            kind = NOTICE_KINDS[o.rule]
            earlier = [p for p in obs if p is not o and (p.body, p.role) != (o.body, o.role)
                       and _comparable(p, o) and p.when < o.when]
            before = earlier[-1] if earlier else None
            if kind == "removal":
                out.append((kind, o, None, True))
            else:
                out.append((kind, before, o, True))
            if before is not None:  # the same two observations are not reported twice
                done.add((o.person, o.body, frozenset({before.role, o.role})))
                done.add((o.person, frozenset({before.body, o.body})))
    # observations grouped into moments (one date, or one page without a year); an article
    # describes one time, so two moments are compared only across articles
    moments: dict[tuple[int, str, str], list[_Obs]] = defaultdict(list)
    for o in obs:
        if not _generic(o.role_label):
            moments[(o.when.rank, o.when.value, o.when.article if o.day is None else "")].append(o)
    keys = sorted(moments)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            a_obs, b_obs = moments[ka], moments[kb]
            a, b = a_obs[0], b_obs[0]
            if {x.when.article for x in a_obs} & {x.when.article for x in b_obs}:
                continue
            known = _comparable(a, b)
            if known and any(_comparable(a, moments[k][0]) for k in keys[i + 1 : keys.index(kb)]):
                continue  # ordered pairs: only consecutive moments
            a_roles = {o.body: {x.role for x in a_obs if x.body == o.body} for o in a_obs}
            b_roles = {o.body: {x.role for x in b_obs if x.body == o.body} for o in b_obs}
            for body in sorted(set(a_roles) & set(b_roles), key=str):
                if a_roles[body] == b_roles[body]:
                    continue
                for ra in sorted(a_roles[body] - b_roles[body], key=str):
                    for rb in sorted(b_roles[body] - a_roles[body], key=str):
                        key = (a.person, body, frozenset({ra, rb}))
                        if key in done:
                            continue
                        done.add(key)
                        oa = next(x for x in a_obs if x.body == body and x.role == ra)
                        ob = next(x for x in b_obs if x.body == body and x.role == rb)
                        out.append((_kind(oa, ob) if known else "differs", oa, ob, known))
            left, joined = set(a_roles) - set(b_roles), set(b_roles) - set(a_roles)
            if known and left and joined:
                for body_a in sorted(left, key=str):
                    for body_b in sorted(joined, key=str):
                        move_key = (a.person, frozenset({body_a, body_b}))
                        if move_key in done:
                            continue
                        done.add(move_key)
                        oa = next(x for x in a_obs if x.body == body_a)
                        ob = next(x for x in b_obs if x.body == body_b)
                        out.append(("move", oa, ob, True))
    return out


def _kind(a: _Obs, b: _Obs) -> str:
    """promotion: the same role one rank up (副主任 → 主任), or from 委员 to any rank above."""
    base_a, rank_a = _rank(a.role_label)
    base_b, rank_b = _rank(b.role_label)
    if rank_b > rank_a and (base_a == base_b or rank_a == 0):
        return "promotion"
    return "role-change"


def _add_change(g: Graph, base: str, person: URIRef, posts: dict[tuple[URIRef, URIRef], URIRef],
                label: dict[URIRef, str], kind: str, earlier: _Obs | None, later: _Obs | None, known: bool) -> None:
    key = "|".join([label[person], kind, _local(person), _local(earlier.node) if earlier else "",
                    _local(later.node) if later else ""])
    node = iri_for("change", key, base)
    g.add((node, RDF.type, KG.PostChange))
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, KG.changeKind, Literal(kind)))
    g.add((node, KG.orderKnown, Literal(known)))
    g.add((node, KG.person, person))
    parts = []
    for obs, post_prop, obs_prop in ((earlier, KG.fromPost, KG.fromObservation), (later, KG.toPost, KG.toObservation)):
        if obs is None:
            continue
        g.add((node, post_prop, posts[(obs.body, obs.role)]))
        g.add((node, obs_prop, obs.node))
        parts.append(label[obs.body] + label[obs.role])
        for ev in g.objects(obs.node, KG.evidence):
            g.add((node, KG.evidence, ev))
        for article in g.objects(obs.node, PROV.wasDerivedFrom):
            g.add((node, PROV.wasDerivedFrom, article))
    text = f"{label[person]} {KIND_ZH[kind]}：{(' → ' if known else ' / ').join(parts)}"
    g.add((node, RDFS.label, Literal(text, lang="zh")))


# --------------------------------------------------------------------------------------------
# reading them back


@dataclass(frozen=True)
class Side:
    title: str
    when: When
    evidence: str


@dataclass(frozen=True)
class Change:
    person: str
    kind: str
    order_known: bool
    before: Side | None
    after: Side | None
    iri: str

    @property
    def sort_key(self) -> tuple[Any, ...]:
        first = self.after or self.before
        return (first.when if first else When(3, "", "", "article"), self.person, self.kind, self.iri)

    def as_dict(self) -> dict[str, Any]:
        def side(s: Side | None) -> dict[str, Any] | None:
            if s is None:
                return None
            return {"title": s.title, "date": s.when.value, "date_kind": s.when.kind, "article": s.when.article,
                    "evidence": s.evidence}

        return {"person": self.person, "kind": self.kind, "order_known": self.order_known,
                "before": side(self.before), "after": side(self.after), "iri": self.iri}


_QUERY = """
SELECT ?change ?personName ?kind ?known ?side ?title ?date ?article ?sentence WHERE {
  ?change a kg:PostChange ; kg:changeKind ?kind ; kg:orderKnown ?known ; kg:person/rdfs:label ?personName .
  VALUES (?obsProp ?side) { (kg:fromObservation "before") (kg:toObservation "after") }
  ?change ?obsProp ?obs .
  ?obs kg:post/rdfs:label ?title .
  OPTIONAL { ?obs kg:observedOn ?date }
  OPTIONAL { ?obs prov:wasDerivedFrom ?article }
  OPTIONAL { ?obs kg:evidence/kg:sentenceText ?sentence }
}"""


def list_changes(target: store.Target, person: str | None = None) -> list[Change]:
    """Every ``kg:PostChange`` of the graph (of one person's label, if given), oldest first."""
    opened = target if isinstance(target, ox.Store) else store.open_graph(Path(target))
    result = store.run_query(opened, PREFIXES + _QUERY)
    sides: dict[str, dict[str, Side]] = defaultdict(dict)
    meta: dict[str, tuple[str, str, bool]] = {}
    for row in result.rows:
        r = dict(zip(result.variables, row))
        change = str(getattr(r["change"], "value", ""))
        meta[change] = (_s(r["personName"]), _s(r["kind"]), _s(r["known"]) == "true")
        date = r["date"]
        dtype = date.datatype.value if isinstance(date, ox.Literal) else None
        article = _s(r["article"]).rsplit("/", 1)[-1]
        side = Side(_s(r["title"]), make_when(_s(r["date"]) or None, dtype, article), _s(r["sentence"]))
        old = sides[change].get(_s(r["side"]))
        if old is None or side.evidence < old.evidence:
            sides[change][_s(r["side"])] = side
    out = [
        Change(name, kind, known, sides[c].get("before"), sides[c].get("after"), c)
        for c, (name, kind, known) in meta.items()
        if person is None or name == person
    ]
    return sorted(out, key=lambda c: c.sort_key)


def _s(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def format_text(changes: list[Change]) -> str:
    if not changes:
        return "no changes found"
    lines = []
    for c in changes:
        path = (" → " if c.order_known else " / ").join(s.title for s in (c.before, c.after) if s is not None)
        lines.append(f"{c.person}  {c.kind} ({KIND_ZH.get(c.kind, c.kind)}): {path}")
        for name, side in (("before", c.before), ("after", c.after)):
            if not c.order_known and c.before is not None and c.after is not None:
                name = "seen"  # two observations whose order is unknown
            if side is not None:
                lines.append(f"    {name:<6} {side.when.text()}  {side.title}  [{side.when.article}]")
                if side.evidence:
                    lines.append(f"           「{side.evidence}」")
    lines.append(f"({len(changes)} change{'' if len(changes) == 1 else 's'})")
    return "\n".join(lines)
