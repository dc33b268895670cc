"""Vocabularies and the one place where IRIs are minted.

Standard terms come from rdflib's namespaces (``SDO`` is schema.org with the https scheme, ``ORG``,
``SKOS``, ``PROV``); the project's own terms are a ``DefinedNamespace`` with ``_fail = True`` so a
misspelt term is an error, not a new IRI. :func:`iri_for` derives every resource IRI from a
canonical key: ASCII, stable from build to build, under a configurable base.
"""

from __future__ import annotations

import functools
import hashlib
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
DEFAULT_BASE = "https://kg.example.org/"
ONTOLOGY_IRI = "https://kg.example.org/ontology#"
# The prefixes every export, table and query shares.
PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_IRI,
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class KG(DefinedNamespace):
    """The project's own terms, declared in ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    # classes
    Meeting: URIRef
    InspectionVisit: URIRef
    GovernmentBody: URIRef
    Enterprise: URIRef
    Park: URIRef
    Program: URIRef
    InvestmentProject: URIRef
    Evidence: URIRef
    # event roles: sub-properties of schema:attendee
    chair: URIRef
    speaker: URIRef
    delegationLeader: URIRef
    visited: URIRef
    participantOrganization: URIRef
    # other relations
    locatedIn: URIRef
    appliesProgram: URIRef
    launchesProgram: URIRef
    promotesProgram: URIRef
    observedOn: URIRef
    # provenance detail
    evidence: URIRef
    sentenceText: URIRef
    startOffset: URIRef
    endOffset: URIRef
    extractedBy: URIRef
    confidence: URIRef
    sourceFile: URIRef
    mentionCount: URIRef
    # posts over time and their changes (kg/changes.py; W3C ORG org:Post + OWL-Time)
    PostChange: URIRef
    post: URIRef
    person: URIRef
    changeKind: URIRef
    orderKnown: URIRef
    fromPost: URIRef
    toPost: URIRef
    fromObservation: URIRef
    toObservation: URIRef


# The type slugs used in IRIs, one per kind of resource.
KINDS = frozenset(
    {
        "person",
        "organization",
        "place",
        "program",
        "project",
        "event",
        "membership",
        "role",
        "article",
        "evidence",
        "statement",
        "post",
        "interval",
        "change",
    }
)


@functools.lru_cache(maxsize=1 << 16)
def _slug(text: str) -> str:
    """A readable ASCII slug (pinyin for Chinese) of at most 40 characters.

    Cached (names recur on every page that mentions them); ASCII keys (evidence, statements) skip
    pypinyin, which would give them back unchanged."""
    if text.isascii():
        return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:40].strip("-")
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        words = [text]
    else:
        words = lazy_pinyin(text)
    parts: list[str] = []
    for word in words:
        parts.extend(re.findall(r"[a-z0-9]+", word.lower()))
    return "-".join(parts)[:40].strip("-")


def iri_for(kind: str, key: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a resource: ``{base}id/{kind}/{pinyin-slug}-{hash8}`` from its canonical key.

    The hash of the full key keeps IRIs unique where pinyin collides (张红军 / 章宏君) and where the
    slug is cut; the slug keeps them readable. Same key, same IRI, on every machine.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    digest = hashlib.sha1(f"{kind}\x1f{key}".encode()).hexdigest()[:8]
    slug = _slug(key)
    local = f"{slug}-{digest}" if slug else digest
    if not base.endswith(("/", "#")):
        base += "/"
    return URIRef(f"{base}id/{kind}/{local}")


def article_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """Articles keep their page id, which is already ASCII in the seeds; other ids are hashed."""
    if re.fullmatch(r"[A-Za-z0-9_.-]+", doc_id):
        if not base.endswith(("/", "#")):
            base += "/"
        return URIRef(f"{base}id/article/{doc_id}")
    return iri_for("article", doc_id, base)
