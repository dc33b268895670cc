"""Records -> rdflib.Graph in the ontology's terms (standard classes first, superclasses materialised).

Every typed resource, membership and event carries ``prov:wasDerivedFrom`` its article(s); every
membership, event and relation has a ``kg:evidence`` node with the sentence, its offsets in the
original page, the rule that produced it and a confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from .records import Entity, EventRecord, Evidence, Extraction, Ref, Relation
from .resolve import Resolution
from .vocab import DEFAULT_BASE, KG, ORG, SCHEMA, article_iri, iri_for

CLASSES: dict[str, tuple[URIRef, ...]] = {
    "PERSON": (SCHEMA.Person,),
    "GOV": (ORG.Organization, SCHEMA.GovernmentOrganization, KG.GovernmentBody),
    "COMPANY": (ORG.Organization, SCHEMA.Corporation, KG.Enterprise),
    "ORG": (ORG.Organization, SCHEMA.Organization),
    "ADMIN": (SCHEMA.Place, SCHEMA.AdministrativeArea),
    "SITE": (SCHEMA.Place, KG.Park),
    "PROGRAM": (SCHEMA.Project, KG.Program),
    "PROJECT": (SCHEMA.Project, KG.InvestmentProject),
}
ROLE_PROPERTY = {
    "chair": KG.chair,
    "speaker": KG.speaker,
    "leader": KG.delegationLeader,
    "visited": KG.visited,
    "participant_org": KG.participantOrganization,
    "attendee": None,
}
PROGRAM_PROPERTY = {"applies": KG.appliesProgram, "launches": KG.launchesProgram, "promotes": KG.promotesProgram}


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def date_literal(value: str) -> Literal:
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    return Literal(value, datatype=XSD.date)


class GraphBuilder:
    def __init__(self, resolution: Resolution, base: str = DEFAULT_BASE) -> None:
        self.res = resolution
        self.base = base
        self.g = Graph()
        for prefix, ns in (("schema", SCHEMA), ("org", ORG), ("kg", KG._NS), ("skos", SKOS), ("prov", PROV)):
            self.g.bind(prefix, ns, override=True)
        self.g.bind("id", URIRef(base + "id/"))

    # -- resources ---------------------------------------------------------------------------------
    def entity_iri(self, key: str) -> URIRef:
        kind, _, name = key.partition(":")
        return iri_for(kind, name, self.base)

    def ref_iri(self, doc_id: str, ref: Ref | None) -> URIRef | None:
        key = self.res.key(doc_id, ref)
        return self.entity_iri(key) if key else None

    def label(self, node: URIRef, text: str) -> None:
        self.g.add((node, RDFS.label, zh(text)))
        self.g.add((node, SKOS.prefLabel, zh(text)))

    def add_entity(self, entity: Entity) -> None:
        node = self.entity_iri(entity.key)
        for cls in CLASSES[entity.label]:
            self.g.add((node, RDF.type, cls))
        self.label(node, entity.label_text or entity.name)
        if entity.label_text and entity.label_text != entity.name:
            self.g.add((node, SKOS.altLabel, zh(entity.name)))  # the Simplified canonical of a Traditional name
        for alias in entity.aliases:
            self.g.add((node, SKOS.altLabel, zh(alias)))
        for doc_id in entity.doc_ids:
            self.g.add((node, PROV.wasDerivedFrom, article_iri(doc_id, self.base)))
        self.g.add((node, KG.mentionCount, Literal(entity.mentions)))

    def add_article(self, ex: Extraction) -> None:
        doc = ex.document
        node = article_iri(doc.doc_id, self.base)
        self.g.add((node, RDF.type, SCHEMA.NewsArticle))
        first = ex.page.title if ex.page is not None else doc.title()  # as written
        self.g.add((node, RDFS.label, zh(first)))
        self.g.add((node, SCHEMA.identifier, Literal(doc.doc_id)))
        if doc.path:
            self.g.add((node, KG.sourceFile, Literal(doc.path)))
        if doc.year:
            self.g.add((node, SCHEMA.datePublished, Literal(str(doc.year), datatype=XSD.gYear)))

    def evidence(self, ev: Evidence) -> URIRef:
        key = f"{ev.doc_id}|{ev.raw_start}|{ev.raw_end}|{ev.rule}"
        node = iri_for("evidence", key, self.base)
        if (node, RDF.type, KG.Evidence) not in self.g:
            self.g.add((node, RDF.type, KG.Evidence))
            self.g.add((node, RDF.type, PROV.Entity))
            self.g.add((node, KG.sentenceText, zh(ev.text)))
            self.g.add((node, KG.startOffset, Literal(ev.raw_start)))
            self.g.add((node, KG.endOffset, Literal(ev.raw_end)))
            self.g.add((node, KG.extractedBy, Literal(ev.rule)))
            self.g.add((node, KG.confidence, Literal(Decimal(str(ev.confidence)))))
            self.g.add((node, PROV.wasDerivedFrom, article_iri(ev.doc_id, self.base)))
        return node

    # -- facts -------------------------------------------------------------------------------------
    def add_event(self, event: EventRecord, doc_id: str) -> URIRef:
        node = self.event_iri(event, doc_id)
        self.g.add((node, RDF.type, SCHEMA.Event))
        self.g.add((node, RDF.type, KG.Meeting if event.kind == "meeting" else KG.InspectionVisit))
        self.label(node, self.res.event_names.get((doc_id, event.label), event.label))
        if event.date:
            self.g.add((node, SCHEMA.startDate, date_literal(event.date)))
        for prop, ref in ((SCHEMA.location, event.location), (SCHEMA.organizer, event.organizer)):
            target = self.ref_iri(doc_id, ref)
            if target is not None:
                self.g.add((node, prop, target))
        self.g.add((node, PROV.wasDerivedFrom, article_iri(doc_id, self.base)))
        self.g.add((node, KG.evidence, self.evidence(event.evidence)))
        return node

    def event_iri(self, event: EventRecord, doc_id: str) -> URIRef:
        # the same meeting named on two pages with the same date is one event
        return iri_for("event", f"{event.kind}|{self.res.event_names.get((doc_id, event.label), event.label)}|{event.date or doc_id}", self.base)

    def statement(self, s: URIRef, p: URIRef, o: URIRef, ev: URIRef, article: URIRef) -> None:
        """Assert s p o, and describe it as an rdf:Statement carrying its evidence, so that a binary
        fact (participation, located-in, program link, authorship) is traceable to its sentence."""
        self.g.add((s, p, o))
        node = iri_for("statement", "|".join(_local(x) for x in (s, p, o)), self.base)
        self.g.add((node, RDF.type, RDF.Statement))
        self.g.add((node, RDF.subject, s))
        self.g.add((node, RDF.predicate, p))
        self.g.add((node, RDF.object, o))
        self.g.add((node, KG.evidence, ev))
        self.g.add((node, PROV.wasDerivedFrom, article))

    def add_relation(self, rel: Relation, events: dict[str, URIRef]) -> None:
        doc_id = rel.evidence.doc_id
        ev = self.evidence(rel.evidence)
        article = article_iri(doc_id, self.base)
        if rel.kind == "membership":
            self._membership(rel, doc_id, ev, article)
        elif rel.kind == "author":
            person = self.ref_iri(doc_id, rel.arg("person"))  # type: ignore[arg-type]
            if person is None:
                return
            self.statement(article, SCHEMA.author, person, ev, article)
            role = str(rel.arg("role") or "")
            if role:  # a name signed alone at the end of an article holds no post
                self._post(person, None, role, None, doc_id, ev, article)
        elif rel.kind == "participation":
            event = events.get(str(rel.arg("event")))
            agent = self.ref_iri(doc_id, rel.arg("agent"))  # type: ignore[arg-type]
            if event is None or agent is None:
                return
            self.g.add((event, SCHEMA.attendee, agent))
            prop = ROLE_PROPERTY.get(str(rel.arg("role")))
            self.statement(event, prop or SCHEMA.attendee, agent, ev, article)
        elif rel.kind == "program":
            program = self.ref_iri(doc_id, rel.arg("program"))  # type: ignore[arg-type]
            agent_arg = rel.arg("agent")
            agent = events.get(agent_arg) if isinstance(agent_arg, str) else self.ref_iri(doc_id, agent_arg)
            if program is not None and agent is not None:
                self.statement(agent, PROGRAM_PROPERTY[str(rel.arg("relation"))], program, ev, article)
        elif rel.kind == "located_in":
            item = self.ref_iri(doc_id, rel.arg("item"))  # type: ignore[arg-type]
            place = self.ref_iri(doc_id, rel.arg("place"))  # type: ignore[arg-type]
            if item is not None and place is not None and item != place:
                self.statement(item, KG.locatedIn, place, ev, article)
                self.g.add((item, SCHEMA.location, place))

    def _membership(self, rel: Relation, doc_id: str, ev: URIRef, article: URIRef) -> None:
        person = self.ref_iri(doc_id, rel.arg("member"))  # type: ignore[arg-type]
        if person is None:
            return
        body_key = self.res.body_key(doc_id, rel)  # a place is no body: left out, or its government
        body = self.entity_iri(body_key) if body_key else None
        date = rel.arg("date")
        self._post(person, body, str(rel.arg("role")), date if isinstance(date, str) else None, doc_id, ev, article)

    def _post(self, person: URIRef, body: URIRef | None, role: str, date: str | None, doc_id: str, ev: URIRef, article: URIRef) -> None:
        role_node = iri_for("role", role, self.base)
        self.g.add((role_node, RDF.type, ORG.Role))
        self.label(role_node, role)
        # one membership per observation (date, else article): "posts over time" reads them in order
        key = f"{_local(person)}|{_local(body) if body is not None else ''}|{role}|{date or doc_id}"
        node = iri_for("membership", key, self.base)
        self.g.add((node, RDF.type, ORG.Membership))
        self.g.add((node, ORG.member, person))
        if body is not None:
            self.g.add((node, ORG.organization, body))
        self.g.add((node, ORG.role, role_node))
        body_label = self.g.value(body, RDFS.label) if body is not None else None
        self.g.add((node, RDFS.label, zh(f"{self.g.value(person, RDFS.label)} · {body_label or ''}{role}")))
        if date:
            self.g.add((node, KG.observedOn, date_literal(date)))
        self.g.add((node, PROV.wasDerivedFrom, article))
        self.g.add((node, KG.evidence, ev))


def _local(node: URIRef) -> str:
    """The last path segment of an IRI: readable material for the slug of a derived IRI."""
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def build_graph(extractions: Sequence[Extraction], resolution: Resolution, base: str = DEFAULT_BASE) -> Graph:
    """The rdf stage: all documents' records into one graph."""
    builder = GraphBuilder(resolution, base)
    for entity in resolution.entities.values():
        if entity.label in CLASSES:
            builder.add_entity(entity)
    for ex in extractions:
        builder.add_article(ex)
    for ex in extractions:
        events = {e.key: builder.add_event(e, ex.document.doc_id) for e in ex.events}
        for rel in ex.relations:
            builder.add_relation(rel, events)
    from .changes import add_changes  # posts, observed tenures and post changes, derived in the graph

    return add_changes(builder.g, base)


__all__ = ["build_graph"]
