"""ontology/kg.ttl declares every kg: term; the seeds' graph conforms to ontology/shapes.ttl."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH

from kg.errors import InputError
from kg.validate import SHAPES_PATH, validate_graph
from kg.vocab import KG, ORG, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
TERMS = [name for name in KG.__annotations__ if not name.startswith("_")]
ROLE_PROPERTIES = ("chair", "speaker", "delegationLeader", "visited", "participantOrganization")
DECLARED_AS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def seeds_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import run_pipeline

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = run_pipeline(["seeds"], model="none")
    finally:
        os.chdir(cwd)
    path = tmp_path_factory.mktemp("graph") / "kg.ttl"
    result.graph.serialize(path, format="turtle")
    return path


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://kg.example.org/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert any(c.language == "en" for c in ontology.objects(onto, RDFS.comment))


@pytest.mark.parametrize("name", TERMS)
def test_every_vocab_term_declared_with_labels(ontology: Graph, name: str) -> None:
    term = KG[name]
    types = set(ontology.objects(term, RDF.type))
    assert types & DECLARED_AS, f"kg:{name} not declared as a class or property"
    if name[0].isupper():
        assert OWL.Class in types
    else:
        assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}
    languages = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
    assert {"zh", "en"} <= languages, f"kg:{name} labels: {languages}"
    comments = {c.language for c in ontology.objects(term, RDFS.comment) if isinstance(c, Literal)}
    assert "en" in comments


def test_ontology_declares_only_vocab_terms(ontology: Graph) -> None:
    ns = str(KG._NS)
    declared = {str(s)[len(ns):] for t in DECLARED_AS for s in ontology.subjects(RDF.type, t) if str(s).startswith(ns)}
    assert declared == set(TERMS)


@pytest.mark.parametrize("name", ROLE_PROPERTIES)
def test_role_properties_are_attendee_subproperties(ontology: Graph, name: str) -> None:
    assert (KG[name], RDFS.subPropertyOf, SCHEMA.attendee) in ontology
    assert (KG[name], RDF.type, OWL.ObjectProperty) in ontology


def test_class_hierarchy(ontology: Graph) -> None:
    expected = {
        KG.Meeting: {SCHEMA.Event},
        KG.InspectionVisit: {SCHEMA.Event},
        KG.GovernmentBody: {ORG.Organization, SCHEMA.GovernmentOrganization},
        KG.Enterprise: {ORG.Organization, SCHEMA.Corporation},
        KG.Park: {SCHEMA.Place},
        KG.Program: {SCHEMA.Project},
        KG.InvestmentProject: {SCHEMA.Project},
        KG.Evidence: {PROV.Entity},
    }
    for cls, supers in expected.items():
        assert set(ontology.objects(cls, RDFS.subClassOf)) == supers, cls
    assert (KG.locatedIn, RDFS.subPropertyOf, SCHEMA.location) in ontology


def test_seeds_graph_conforms(seeds_ttl: Path) -> None:
    conforms, text = validate_graph(seeds_ttl)
    assert conforms, text
    assert "conforms" in text


BAD = """
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <https://kg.example.org/ontology#> .

<https://kg.example.org/id/article/a1> a schema:NewsArticle ; rdfs:label "新闻"@zh ; schema:identifier "a1" .
<https://kg.example.org/id/role/r1> a org:Role ; rdfs:label "主任"@zh ; skos:prefLabel "主任"@zh .
<https://kg.example.org/id/evidence/e1> a kg:Evidence ; kg:sentenceText "张三任主任。"@zh ; kg:startOffset 0 ; kg:endOffset 6 ;
    kg:extractedBy "rule:test" ; kg:confidence 0.9 ; prov:wasDerivedFrom <https://kg.example.org/id/article/a1> .
<https://kg.example.org/id/person/nolabel> a schema:Person ; rdfs:label "张三"@zh ; prov:wasDerivedFrom <https://kg.example.org/id/article/a1> .
<https://kg.example.org/id/membership/nomember> a org:Membership ; rdfs:label "张三 · 主任"@zh ; org:role <https://kg.example.org/id/role/r1> ;
    prov:wasDerivedFrom <https://kg.example.org/id/article/a1> ; kg:evidence <https://kg.example.org/id/evidence/e1> .
"""


def test_bad_graph_reported_with_focus_nodes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    conforms, text = validate_graph(bad)
    assert not conforms
    assert "https://kg.example.org/id/membership/nomember" in text
    assert "org:member" in text or str(ORG.member) in text
    assert "https://kg.example.org/id/person/nolabel" in text
    assert "prefLabel" in text
    assert "2 violation(s)" in text


def test_confidence_out_of_range_and_offsets_reversed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    text = BAD.replace("kg:startOffset 0 ; kg:endOffset 6", "kg:startOffset 7 ; kg:endOffset 6").replace("0.9", "1.5")
    bad.write_text(text, encoding="utf-8")
    conforms, report = validate_graph(bad)
    assert not conforms
    assert "kg:confidence" in report
    assert "LessThanConstraintComponent" in report


def test_shapes_target_every_class_the_graph_uses() -> None:
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    assert targets == {SCHEMA.Person, ORG.Organization, SCHEMA.Place, SCHEMA.Project, SCHEMA.Event,
                       ORG.Membership, ORG.Role, SCHEMA.NewsArticle, KG.Evidence,
                       ORG.Post, KG.PostChange, URIRef("http://www.w3.org/2006/time#Interval"),
                       URIRef("http://www.w3.org/2006/time#Instant")}


def test_missing_or_broken_graph_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttl"
    with pytest.raises(InputError, match="nope.ttl"):
        validate_graph(missing)
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl: not valid"):
        validate_graph(broken)
    with pytest.raises(InputError, match="shapes.ttl"):
        validate_graph(broken, shapes=tmp_path / "shapes.ttl")
