"""kg changes: post changes across articles, modelled with org:Post, org:memberDuring and kg:PostChange.

Three short pages of its own: a (2021-03-01) 张红军 管委会常务副主任; b (2022-05-10) 张红军 管委会主任;
c (2022-06-01) a notice: 任命李明为…副主任, 免去王强的…副主任职务, 张红军同志当选为…党工委书记,
赵毅调任…常务副主任. Built with the shipped model (the notices' names are found by the model).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from kg.changes import list_changes
from kg.cli import main
from kg.vocab import KG, ORG

PAGES = Path(__file__).parent / "fixtures" / "changes"
TIME = Namespace("http://www.w3.org/2006/time#")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("changes")
    result = CliRunner().invoke(main, ["build", str(PAGES), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _by(out: Path) -> dict[tuple[str, str], Any]:
    return {(c.person, c.kind): c for c in list_changes(out / "kg.ttl")}


def test_promotion_between_two_dated_observations(out: Path) -> None:
    change = _by(out)[("张红军", "promotion")]
    assert change.order_known
    before, after = change.before, change.after
    assert (before.title, before.when.value, before.when.article) == ("郑州高新区管委会常务副主任", "2021-03-01", "a")
    assert (after.title, after.when.value, after.when.article) == ("郑州高新区管委会主任", "2022-05-10", "b")
    assert before.evidence == "高新区党工委副书记、管委会常务副主任张红军主持会议。"
    assert after.evidence.startswith("2022年5月10日，高新区党工委副书记、管委会主任张红军")


def test_notices(out: Path) -> None:
    by = _by(out)
    appointed = by[("李明", "appointment")]
    assert appointed.after.title == "郑州高新区管委会副主任" and appointed.after.when.value == "2022-06-01"
    assert "任命李明为郑州高新区管委会副主任" in appointed.after.evidence
    removed = by[("王强", "removal")]
    assert removed.before.title == "郑州高新区管委会副主任" and removed.after is None
    assert by[("赵毅", "transfer")].after.title == "郑州高新区管委会常务副主任"
    elected = by[("张红军", "election")]
    # both sentences: the earlier post (党工委副书记 on page b) and the notice
    assert elected.before.title == "郑州高新区党工委副书记" and elected.before.when.value == "2022-05-10"
    assert elected.after.evidence == "张红军同志当选为郑州高新区党工委书记。"


def test_modelled_with_org_post_and_owl_time(out: Path) -> None:
    g = Graph().parse(out / "kg.ttl")
    posts = {str(g.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))): p for p in g.subjects(RDF.type, ORG.Post)}
    deputy = posts["郑州高新区党工委副书记"]
    person = next(g.objects(deputy, ORG.heldBy))
    assert (person, ORG.holds, deputy) in g
    # the tenure of 党工委副书记: first and last dated observation (a and b)
    intervals = {g.value(ms, ORG.memberDuring) for ms in g.subjects(KG.post, deputy)}
    assert len(intervals) == 1
    interval = intervals.pop()
    assert (interval, RDF.type, TIME.Interval) in g
    begin = g.value(g.value(interval, TIME.hasBeginning), TIME.inXSDDate)
    end = g.value(g.value(interval, TIME.hasEnd), TIME.inXSDDate)
    assert (str(begin), str(end)) == ("2021-03-01", "2022-05-10")
    kinds = {str(k) for k in g.objects(None, KG.changeKind)}
    assert {"promotion", "appointment", "removal", "transfer", "election"} <= kinds
    change = next(c for c in g.subjects(KG.changeKind, Literal("promotion")))
    assert len(set(g.objects(change, KG.evidence))) == 2


def test_graph_conforms(out: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--graph", str(out / "kg.ttl")])
    assert result.exit_code == 0, result.output


def test_cli_text_and_json(out: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["changes", "--graph", str(out), "--person", "张红军"])
    assert text.exit_code == 0, text.output
    assert "张红军  promotion (晋升): 郑州高新区管委会常务副主任 → 郑州高新区管委会主任" in text.output
    assert "李明" not in text.output
    lines = text.output.splitlines()
    assert lines.index(next(x for x in lines if "promotion" in x)) < lines.index(next(x for x in lines if "election" in x))
    data = json.loads(runner.invoke(main, ["changes", "--graph", str(out), "--json"]).output)
    assert {(c["person"], c["kind"]) for c in data} >= {("李明", "appointment"), ("王强", "removal"), ("张红军", "promotion")}


def test_seeds_zhang_differs_order_unknown(seeds_out: Path) -> None:
    """On the seeds, 张红军 is 管委会主任 on 2021-07-30 and 常务副主任 on a page without a year."""
    found = [c for c in list_changes(seeds_out, "张红军") if c.kind == "differs"]
    assert found and not found[0].order_known
    titles = {found[0].before.title, found[0].after.title}
    assert titles == {"郑州高新区管委会主任", "郑州高新区管委会常务副主任"}
    assert {found[0].before.when.kind, found[0].after.when.kind} == {"date", "month-day"}


def _membership_graph(rows: list[tuple[str, str, str, str, str]]) -> Graph:
    """(person, body, role, date, article) observations as the rdf stage writes them."""
    from rdflib import RDFS, XSD
    from rdflib.namespace import PROV

    g = Graph()
    ex = "https://kg.example.org/id/"
    for i, (person, body, role, date, article) in enumerate(rows):
        p, b, r, a = (URIRef(ex + x) for x in (f"person/{person}", f"organization/{body}", f"role/{role}", f"article/{article}"))
        ms, ev = URIRef(ex + f"membership/m{i}"), URIRef(ex + f"evidence/e{i}")
        for node, name in ((p, person), (b, body), (r, role)):
            g.add((node, RDFS.label, Literal(name, lang="zh")))
        g.add((ms, RDF.type, ORG.Membership))
        g.add((ms, ORG.member, p))
        g.add((ms, ORG.organization, b))
        g.add((ms, ORG.role, r))
        g.add((ms, KG.observedOn, Literal(date, datatype=XSD.gMonthDay if date.startswith("--") else XSD.date)))
        g.add((ms, PROV.wasDerivedFrom, a))
        g.add((ms, KG.evidence, ev))
        g.add((ev, KG.sentenceText, Literal(f"{body}{role}{person}。", lang="zh")))
        g.add((ev, KG.extractedBy, Literal("rule:title-chain")))
    return g


def test_moves_role_changes_and_what_is_not_a_change() -> None:
    from kg.changes import add_changes

    g = add_changes(_membership_graph([
        ("甲", "A区委", "书记", "2020-01-01", "x"),
        ("甲", "B市政府", "副市长", "2021-01-01", "y"),  # a body left, another joined: a move
        ("乙", "A区委", "委员", "2020-01-01", "x"),
        ("乙", "A区委", "副书记", "2021-01-01", "y"),  # 委员 -> 副书记: a promotion
        ("丙", "A区政府", "区长", "2020-01-01", "x"),
        ("丙", "A区政府", "秘书长", "2021-01-01", "y"),  # another role, not a rank up
        ("丁", "A区委", "书记", "--03-01", "x"),
        ("丁", "A区委", "副书记", "--03-02", "x"),  # the same article: one time, no change
        ("戊", "A区委", "有关领导", "2020-01-01", "x"),
        ("戊", "A区委", "书记", "2021-01-01", "y"),  # 有关领导 is no post
    ]))
    kinds = sorted((str(g.value(g.value(c, KG.person), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))), str(k))
                   for c, k in g.subject_objects(KG.changeKind))
    assert kinds == [("丙", "role-change"), ("乙", "promotion"), ("甲", "move")]
    move = next(c for c, k in g.subject_objects(KG.changeKind) if str(k) == "move")
    assert g.value(move, KG.orderKnown) == Literal(True)
    assert len(set(g.objects(move, KG.evidence))) == 2
