"""The hard cases of extraction and resolution on the seed pages (patterns only), one test each,
checked on the extraction records (resolved to canonical names) and on the graph."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.build import BuildResult, run_pipeline
from kg.records import Extraction, Ref, Relation
from kg.vocab import KG, ORG, SCHEMA

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PAGE = {p.name[:3]: p.stem for p in sorted(SEEDS.glob("*.txt"))}
BASE = "https://kg.example.org/id/article/"


@pytest.fixture(scope="module")
def result() -> BuildResult:
    return run_pipeline([SEEDS], model="none")


@pytest.fixture(scope="module")
def graph(result: BuildResult) -> Graph:
    assert result.graph is not None
    return result.graph


def fold(text: str) -> str:
    """Whitespace removed, full/half-width forms folded (the normaliser's documented conversions)."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def extraction(result: BuildResult, page: str) -> Extraction:
    (ex,) = [e for e in result.extractions if e.document.doc_id == PAGE[page]]
    return ex


def canonical(result: BuildResult, doc_id: str, ref: Ref | str | None) -> str | None:
    """The canonical name an argument resolves to (``organization:郑州高新区党工委`` -> 郑州高新区党工委)."""
    assert result.resolution is not None
    if not isinstance(ref, Ref):
        return None
    key = result.resolution.key(doc_id, ref)
    return result.resolution.entities[key].name if key else None


def posts(result: BuildResult, page: str, sentence_contains: str) -> list[tuple[str | None, str | None, str]]:
    """(person, organisation, role) of the memberships read from the sentences holding a phrase."""
    ex = extraction(result, page)
    doc_id = ex.document.doc_id
    out = []
    for rel in ex.relations:
        if rel.kind == "membership" and sentence_contains in rel.evidence.text:
            out.append(
                (
                    canonical(result, doc_id, rel.arg("member")),
                    canonical(result, doc_id, rel.arg("organization")),
                    str(rel.arg("role")),
                )
            )
    return out


def label(g: Graph, node: object) -> str | None:
    value = g.value(node, RDFS.label)  # type: ignore[arg-type]
    return None if value is None else str(value)


def node_labelled(g: Graph, text: str, cls: URIRef) -> URIRef:
    nodes = [n for n in g.subjects(RDFS.label, Literal(text, lang="zh")) if (n, RDF.type, cls) in g]
    assert len(nodes) == 1, (text, nodes)
    return nodes[0]  # type: ignore[return-value]


def memberships(g: Graph, person: str) -> dict[tuple[str | None, str], list[URIRef]]:
    """(organisation label, role label) -> the membership nodes of one person (one per observation or
    one per post: either way every observation date is on one of them)."""
    who = node_labelled(g, person, SCHEMA.Person)
    out: dict[tuple[str | None, str], list[URIRef]] = {}
    for m in sorted(g.subjects(ORG.member, who)):
        org = g.value(m, ORG.organization)
        key = (label(g, org) if org is not None else None, label(g, g.value(m, ORG.role)) or "")
        out.setdefault(key, []).append(m)  # type: ignore[arg-type]
    return out


def observed(g: Graph, nodes: list[URIRef]) -> set[Literal]:
    return {d for m in nodes for d in g.objects(m, KG.observedOn)}  # type: ignore[misc]


def sources(g: Graph, nodes: list[URIRef]) -> set[str]:
    return {str(a)[len(BASE) :][:3] for m in nodes for a in g.objects(m, PROV.wasDerivedFrom)}



# --- posts ----------------------------------------------------------------------------------------


def test_stacked_titles_shared_by_several_names(result: BuildResult, graph: Graph) -> None:
    """党工委委员、管委会副主任王德敏、赵毅、杜怀锋: both posts for each of the three names."""
    found = posts(result, "000", "管委会副主任王德敏、赵毅、杜怀锋")
    three = [p for p in found if p[0] in {"王德敏", "赵毅", "杜怀锋"}]
    expected = {
        (person, body, role)
        for person in ("王德敏", "赵毅", "杜怀锋")
        for body, role in (("郑州高新区党工委", "委员"), ("郑州高新区管委会", "副主任"))
    }
    assert len(three) == 6
    assert set(three) == expected
    # the titles after the comma belong to 郑彦松 alone, and his do not leak to the three
    assert not [p for p in three if p[1] and "开放创新" in p[1]]
    assert not [p for p in found if p[0] == "郑彦松" and p[1] in {"郑州高新区党工委", "郑州高新区管委会"}]
    for person in ("王德敏", "赵毅", "杜怀锋"):
        held = memberships(graph, person)
        for body, role in (("郑州高新区党工委", "委员"), ("郑州高新区管委会", "副主任")):
            assert "000" in sources(graph, held[(body, role)])


def test_stacked_titles_observed_on_meeting_date(result: BuildResult, graph: Graph) -> None:
    """The six posts are observed on the day of the meeting that page 000 reports: 2021-07-30, though
    a byline ('…率先推动企业复工复产。 记者 孙庆辉') stands between the dated lead and the report."""
    ex = extraction(result, "000")
    dates = {
        rel.arg("date")
        for rel in ex.relations
        if rel.kind == "membership" and "管委会副主任王德敏、赵毅、杜怀锋" in rel.evidence.text
    }
    assert dates == {"2021-07-30"}
    for person in ("王德敏", "赵毅", "杜怀锋"):
        held = memberships(graph, person)
        for body, role in (("郑州高新区党工委", "委员"), ("郑州高新区管委会", "副主任")):
            nodes = [m for m in held[(body, role)] if "000" in sources(graph, [m])]
            assert Literal("2021-07-30", datatype=XSD.date) in observed(graph, nodes)


def test_implied_district(result: BuildResult) -> None:
    """高新区党工委副书记、管委会主任张红军: 管委会 is the district's, like the 党工委 before it."""
    expected = {("张红军", "郑州高新区党工委", "副书记"), ("张红军", "郑州高新区管委会", "主任")}
    assert set(posts(result, "000", "管委会主任张红军")) == expected
    # page 004 writes the same titles across a line break: 管委会主任 / 张红军带领…
    assert expected <= set(posts(result, "004", "张红军带领管委会全体班子成员"))


def test_acting_title_on_page_002(graph: Graph) -> None:
    """张红军 is 常务副主任 on page 002 (8月2日, year unknown: a month-day) and 主任 elsewhere."""
    held = memberships(graph, "张红军")
    acting = held[("郑州高新区管委会", "常务副主任")]
    full = held[("郑州高新区管委会", "主任")]
    assert not set(acting) & set(full)
    assert observed(graph, acting) == {Literal("--08-02", datatype=XSD.gMonthDay)}
    assert all(len(list(graph.objects(m, KG.observedOn))) >= 1 for m in acting)
    assert sources(graph, acting) == {"002"}
    assert sources(graph, full) == {"000", "004"}
    assert {("郑州高新区党工委", "副书记"), ("郑州高新区管委会", "主任"), ("郑州高新区管委会", "常务副主任")} <= set(held)


def test_full_title_observed_on_page_004_dates(graph: Graph) -> None:
    full = memberships(graph, "张红军")[("郑州高新区管委会", "主任")]
    assert {Literal("--08-24", datatype=XSD.gMonthDay), Literal("--08-26", datatype=XSD.gMonthDay)} <= observed(
        graph, [m for m in full if sources(graph, [m]) == {"004"}]
    )


def test_full_title_each_observation_dated(graph: Graph) -> None:
    """主任 on 2021-07-30 (page 000, year from the annual award), 8月24日 and 8月26日 (page 004)."""
    full = memberships(graph, "张红军")[("郑州高新区管委会", "主任")]
    assert observed(graph, full) == {
        Literal("2021-07-30", datatype=XSD.date),
        Literal("--08-24", datatype=XSD.gMonthDay),
        Literal("--08-26", datatype=XSD.gMonthDay),
    }
    # every membership carries its observation date
    assert all(list(graph.objects(m, KG.observedOn)) for m in full)


OFFICE_DIRECTOR = {
    ("郑州高新区开放创新工作领导小组", "办公室主任"),
    ("郑州高新区开放创新工作领导小组办公室", "主任"),
}


@pytest.mark.parametrize("page", ["000", "004"])
def test_compound_title_with_jian(result: BuildResult, page: str) -> None:
    """开放创新工作领导小组副组长兼办公室主任郑彦松: two posts, the 兼 not part of either role."""
    found = [p for p in posts(result, page, "副组长兼办公室主任郑彦松") if p[0] == "郑彦松"]
    assert len(found) == 2, found
    assert ("郑彦松", "郑州高新区开放创新工作领导小组", "副组长") in found
    (second,) = [p for p in found if p[2] != "副组长"]
    assert (second[1], second[2]) in OFFICE_DIRECTOR
    assert not [p for p in found if "兼" in p[2] or "副组长" in p[2] and p[2] != "副组长"]


def test_compound_title_in_graph(graph: Graph) -> None:
    held = memberships(graph, "郑彦松")
    assert sources(graph, held[("郑州高新区开放创新工作领导小组", "副组长")]) == {"000", "004"}
    assert len(OFFICE_DIRECTOR & set(held)) == 1
    assert not [key for key in held if "兼" in key[1]]


# --- events ---------------------------------------------------------------------------------------


def test_meeting_2021_07_30_chair_and_speaker(graph: Graph) -> None:
    meetings = [
        e
        for e in graph.subjects(RDF.type, KG.Meeting)
        if Literal("2021-07-30", datatype=XSD.date) in set(graph.objects(e, SCHEMA.startDate))
    ]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert label(graph, meeting) == "郑州高新区“三高”发展暨灾后全面恢复工作推进会"
    assert (meeting, RDF.type, SCHEMA.Event) in graph
    assert (meeting, PROV.wasDerivedFrom, URIRef(BASE + PAGE["000"])) in graph
    chairs = {label(graph, p) for p in graph.objects(meeting, KG.chair)}
    speakers = {label(graph, p) for p in graph.objects(meeting, KG.speaker)}
    attendees = {label(graph, p) for p in graph.objects(meeting, SCHEMA.attendee)}
    assert chairs == {"张良才"}
    assert "张红军" in speakers
    assert "张良才" not in speakers and "张红军" not in chairs
    assert {"张良才", "张红军"} <= attendees


def test_one_meeting_on_page_001(graph: Graph) -> None:
    """Page 001 names its one meeting three times, twice with 郑州高新区 right before it, once as
    '高新区召开2022年上半年…推进会': one event."""
    article = URIRef(BASE + PAGE["001"])
    meetings = [e for e in graph.subjects(RDF.type, KG.Meeting) if (e, PROV.wasDerivedFrom, article) in graph]
    assert [label(graph, e) for e in meetings] == ["郑州高新区2022年上半年经济运行暨下半年重点工作推进会"]
    assert set(graph.objects(meetings[0], SCHEMA.startDate)) == {Literal("2022-08-01", datatype=XSD.date)}


def test_no_meeting_named_after_a_phrase(graph: Graph) -> None:
    """'会议以视频会议形式召开' (page 004) describes a meeting's form; it names no meeting."""
    names = [label(graph, e) for e in graph.subjects(RDF.type, KG.Meeting)]
    assert not [n for n in names if n and n.startswith("会议")], names


def test_visit_on_08_26(graph: Graph) -> None:
    """8月26日 张红军深入辖区企业中远氨纶、中钢集团郑州金属制品研究院进行调研."""
    visits = [
        e
        for e in graph.subjects(RDF.type, KG.InspectionVisit)
        if Literal("--08-26", datatype=XSD.gMonthDay) in set(graph.objects(e, SCHEMA.startDate))
    ]
    assert visits
    for visit in visits:
        assert {label(graph, p) for p in graph.objects(visit, KG.delegationLeader)} == {"张红军"}
    visited = {label(graph, x) for v in visits for x in graph.objects(v, KG.visited)}
    assert {"中远氨纶公司", "中钢集团郑州金属制品研究院"} <= visited


def test_one_visit_on_08_26(graph: Graph) -> None:
    """Page 004 reports the 8月26日 visit twice (the column '在中远氨纶公司，张红军参观…' and
    '张红军深入辖区企业中远氨纶、…进行调研'): one visit."""
    visits = [
        e
        for e in graph.subjects(RDF.type, KG.InspectionVisit)
        if Literal("--08-26", datatype=XSD.gMonthDay) in set(graph.objects(e, SCHEMA.startDate))
    ]
    assert len(visits) == 1, [label(graph, v) for v in visits]


def test_party_history_meeting_has_no_visit_participants(graph: Graph) -> None:
    """The heading '高新区召开党史学习教育推进会' (page 004) does not take the participants of the
    8月26日 visit ('高新区管委会有关领导王德敏、郑彦松、刘云华…参加调研并座谈')."""
    for event in graph.subjects(RDF.type, KG.Meeting):
        name = label(graph, event) or ""
        if "党史学习教育" in name:
            attendees = {label(graph, a) for a in graph.objects(event, SCHEMA.attendee)}
            assert not attendees & {"张红军", "王德敏", "郑彦松", "刘云华"}, (name, attendees)


# --- resolution -----------------------------------------------------------------------------------


def test_short_company_names_merged(graph: Graph) -> None:
    hejing = node_labelled(graph, "河南核净洁净技术有限公司", SCHEMA.Corporation)
    assert Literal("核净公司", lang="zh") in set(graph.objects(hejing, SKOS.altLabel))
    assert not list(graph.subjects(RDFS.label, Literal("核净公司", lang="zh")))
    # 中远氨纶 = 中远氨纶公司 (no full name on the pages): one resource with both names
    zhongyuan = [
        n
        for text in ("中远氨纶公司", "中远氨纶")
        for n in graph.subjects(RDFS.label, Literal(text, lang="zh"))
        if (n, RDF.type, SCHEMA.Corporation) in graph
    ]
    assert len(zhongyuan) == 1, zhongyuan
    names = {str(x) for x in graph.objects(zhongyuan[0], RDFS.label)} | {
        str(x) for x in graph.objects(zhongyuan[0], SKOS.altLabel)
    }
    assert names == {"中远氨纶公司", "中远氨纶"}
    kediya = node_labelled(graph, "郑州科蒂亚生物技术有限公司", SCHEMA.Corporation)
    assert Literal("科蒂亚公司", lang="zh") in set(graph.objects(kediya, SKOS.altLabel))


def test_short_company_names_merged_in_records(result: BuildResult) -> None:
    doc_id = PAGE["004"]
    assert canonical(result, doc_id, Ref("COMPANY", "核净公司")) == "河南核净洁净技术有限公司"
    assert canonical(result, doc_id, Ref("COMPANY", "中远氨纶")) == canonical(result, doc_id, Ref("COMPANY", "中远氨纶公司"))


def test_short_district_name(result: BuildResult, graph: Graph) -> None:
    district = node_labelled(graph, "郑州高新区", SCHEMA.AdministrativeArea)
    assert Literal("高新区", lang="zh") in set(graph.objects(district, SKOS.altLabel))
    assert not list(graph.subjects(RDFS.label, Literal("高新区", lang="zh")))
    for page in ("000", "001", "002", "004"):
        assert canonical(result, PAGE[page], Ref("ADMIN", "高新区")) == "郑州高新区"
        assert result.resolution is not None and result.resolution.districts[PAGE[page]] == "郑州高新区"
    # bodies written with the short district or none are the district's
    assert canonical(result, PAGE["000"], Ref("GOV", "高新区党工委")) == "郑州高新区党工委"
    assert canonical(result, PAGE["000"], Ref("GOV", "高新区人大工委")) == "郑州高新区人大工委"
    bodies = [label(graph, o) for o in graph.subjects(RDF.type, SCHEMA.GovernmentOrganization)]
    assert not [b for b in bodies if b and b.startswith("高新区")], bodies


# --- provenance ----------------------------------------------------------------------------------


def test_evidence_offsets_point_into_the_page(graph: Graph) -> None:
    """Every kg:evidence node's offsets cut its sentence out of the original page file."""
    raws = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    nodes = list(graph.subjects(RDF.type, KG.Evidence))
    assert len(nodes) > 50
    for node in nodes:
        article = graph.value(node, PROV.wasDerivedFrom)
        raw = raws[str(article)[len(BASE) :]]
        start = int(graph.value(node, KG.startOffset))  # type: ignore[arg-type]
        end = int(graph.value(node, KG.endOffset))  # type: ignore[arg-type]
        assert 0 <= start < end <= len(raw)
        assert fold(raw[start:end]) == fold(str(graph.value(node, KG.sentenceText))), node


# --- authorship -----------------------------------------------------------------------------------


def test_bylines_are_authors(graph: Graph) -> None:
    expected = {
        "000": {"孙庆辉"},
        "001": {"孙庆辉", "方宝岭"},
        "002": {"孙庆辉"},
        "003": {"马燕", "王阳"},
        "004": {"孙庆辉", "王玉丰", "马云静", "冯亚旭"},
    }
    for page, names in expected.items():
        article = URIRef(BASE + PAGE[page])
        authors = set(graph.objects(article, SCHEMA.author))
        assert {label(graph, a) for a in authors} == names, page
        assert all((a, RDF.type, SCHEMA.Person) in graph for a in authors)


def test_author_records(result: BuildResult) -> None:
    rels: list[Relation] = [r for r in extraction(result, "001").relations if r.kind == "author"]
    assert [(r.arg("person"), r.arg("role")) for r in rels] == [
        (Ref("PERSON", "孙庆辉"), "记者"),
        (Ref("PERSON", "方宝岭"), "记者"),
    ]
    assert all(r.evidence.rule == "byline" for r in rels)


def mentions_in(result: BuildResult, page: str, phrase: str) -> list[tuple[str, str]]:
    """(text, label) of the mentions inside the first occurrence of ``phrase`` on a page."""
    ex = extraction(result, page)
    at = ex.document.text.index(phrase)
    return [(m.text, m.label) for m in ex.mentions if at <= m.start and m.end <= at + len(phrase)]


def test_levels_of_a_party_chain_are_not_bodies(result: BuildResult) -> None:
    """党工委—办事处党工委—社区党委—网格党支部 names kinds of body, none of them a body."""
    found = mentions_in(result, "001", "党工委—办事处党工委—社区党委")
    assert not [m for m in found if m[1] in {"GOV", "ORG"}], found


def test_office_after_jian_is_a_body_mention(result: BuildResult) -> None:
    """…领导小组副组长兼办公室主任: 办公室 is a GOV mention; the post is still the group's office."""
    assert ("办公室", "GOV") in mentions_in(result, "000", "副组长兼办公室主任")


def test_bare_office_attends_as_the_groups_office(result: BuildResult) -> None:
    """高新区党史学习教育领导小组各巡回指导组组长、办公室全体成员参加会议: the office that attends
    is that group's office, not the office of another group named elsewhere on the page."""
    ex = extraction(result, "004")
    agents = {
        canonical(result, ex.document.doc_id, rel.arg("agent"))
        for rel in ex.relations
        if rel.kind == "participation" and "办公室全体成员" in rel.evidence.text
    }
    assert "郑州高新区党史学习教育领导小组办公室" in agents
    assert "郑州高新区开放创新工作领导小组办公室" not in agents


def test_task_forces_are_bodies(result: BuildResult) -> None:
    """市安置房专班 and the quoted “企业服务团” are government bodies; “一星一专班” is a slogan."""
    assert ("市安置房专班", "GOV") in mentions_in(result, "001", "配合市安置房专班")
    assert ("企业服务团", "GOV") in mentions_in(result, "004", "“企业服务团”")
    assert ("一星一专班", "GOV") not in mentions_in(result, "001", "“一星一专班”")


def test_listed_projects_are_projects(result: BuildResult) -> None:
    """Items of …等一批项目 / 等8个项目 are projects; a listed institution the gazetteer knows keeps its label."""
    found = mentions_in(result, "003", "加快郑州国际文化交流中心、人工智能科技园等")
    assert ("郑州国际文化交流中心", "PROJECT") in found
    assert ("国家超算郑州中心", "ORG") in mentions_in(result, "002", "国家超算郑州中心、长城基地")


def test_whole_district_body_is_scoped_to_the_page(result: BuildResult) -> None:
    """全区安委会 on the 郑东新区 page is 郑东新区安委会."""
    ex = extraction(result, "003")
    (mention,) = [m for m in ex.mentions if m.text == "全区安委会"][:1]
    assert canonical(result, ex.document.doc_id, Ref(mention.label, mention.text)) == "郑东新区安委会"


def test_byline_roles_are_titles(result: BuildResult) -> None:
    """记者 孙庆辉 通讯员 马云静: the roles are TITLE mentions, the names persons; 文/图 is neither."""
    found = mentions_in(result, "004", "记者 孙庆辉 通讯员 马云静")
    assert ("记者", "TITLE") in found and ("通讯员", "TITLE") in found
    assert ("孙庆辉", "PERSON") in found and ("马云静", "PERSON") in found


def test_enterprises_in_a_sentence_about_the_district_lie_in_it(result: BuildResult) -> None:
    """高新区企业培育效果凸显，格力、汉威…: the page names its district by its short form, 高新区."""
    ex = extraction(result, "001")
    located = {
        (canonical(result, ex.document.doc_id, rel.arg("item")), canonical(result, ex.document.doc_id, rel.arg("place")))
        for rel in ex.relations
        if rel.kind == "located_in"
    }
    assert ("格力", "郑州高新区") in located or ("格力电器（郑州）有限公司", "郑州高新区") in located, sorted(located)


def test_project_names_start_after_the_verb(result: BuildResult) -> None:
    """再开工龙湖自动驾驶公交（二期）: the project is 龙湖自动驾驶公交（二期）, not 再开工…."""
    found = mentions_in(result, "003", "再开工龙湖自动驾驶公交（二期）")
    assert ("龙湖自动驾驶公交（二期）", "PROJECT") in found, found


def test_quoted_principles_are_programs(result: BuildResult) -> None:
    """按照“干一年、看两年、谋三年”的思路 / 守住“防输入、防散发、防反弹”底线: named working principles."""
    assert ("干一年、看两年、谋三年", "PROGRAM") in mentions_in(result, "000", "“干一年、看两年、谋三年”的思路")
    assert ("防输入、防散发、防反弹", "PROGRAM") in mentions_in(result, "002", "“防输入、防散发、防反弹”")
    assert not [m for m in mentions_in(result, "001", "“时不我待、只争朝夕”的紧迫感") if m[1] == "PROGRAM"]


def page_posts(text: str) -> set[tuple[str, str, str]]:
    """(person, organisation as written, role) of the memberships extract reads from one text."""
    from kg.extract import extract
    from kg.ingest import parse_text
    from kg.nlp.pipeline import load_pipeline

    ex = extract(parse_text(text + "\n", doc_id="t"), load_pipeline())
    return {
        (rel.arg("member").text, getattr(rel.arg("organization"), "text", ""), str(rel.arg("role")))
        for rel in ex.relations
        if rel.kind == "membership"
    }


def test_posts_in_enterprises_and_their_party_committees() -> None:
    """浙商银行股份有限公司党委书记、董事长沈仁康: 书记 of the bank's 党委, 董事长 of the bank."""
    found = page_posts("下午，会见浙商银行股份有限公司党委书记、董事长沈仁康。")
    assert ("沈仁康", "浙商银行股份有限公司党委", "书记") in found
    assert ("沈仁康", "浙商银行股份有限公司", "董事长") in found


def test_posts_across_a_possessive_or_a_tense_word() -> None:
    """宝艺集团的董事长李宗兴 / 眉山电子职业技术学校原校长刘燕忠 (a former post keeps its 原: he is no
    longer the head, and the graph must not say he is)."""
    assert ("李宗兴", "宝艺集团", "董事长") in page_posts("宝艺集团的董事长李宗兴，像很多企业家一样质朴。")
    assert ("刘燕忠", "眉山电子职业技术学校", "原校长") in page_posts("而眉山电子职业技术学校原校长刘燕忠同志就是这样。")


def test_a_name_then_its_post() -> None:
    """彭学华，丰城市剑声中学校长。 (appointment lists) gives the post; 王德敏，区委书记强调… does not."""
    assert ("彭学华", "丰城市剑声中学", "校长") in page_posts("宜春市：彭学华，丰城市剑声中学校长。")
    assert not page_posts("会见了王德敏，区委书记强调要加快发展。")
