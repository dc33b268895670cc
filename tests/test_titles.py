"""Issue 11, causes 3-5: a title grammar from a lexicon, enterprise names with their boundaries, and
no false persons. Each cause is pinned by a short sentence of its own (not copied from any page),
built alone with the shipped model so that no neighbouring page helps."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS

from kg.build import BuildResult, run_pipeline
from kg.cli import main
from kg.errors import ModelError
from kg.extract import _clean_persons, _inline_bylines
from kg.ingest import parse_text
from kg.nlp.titles import read_lexicon, title_lexicon
from kg.records import Extraction, Mention, Ref
from kg.vocab import ORG, SCHEMA

SENTENCES = {
    "enterprise-post": "天成集团副总裁马骏出席签约仪式。",
    "senior-vp": "星海集团高级副总裁吕志远介绍了项目情况。",
    "two-bodies": "市委常委、汝阳县县委书记王明远主持会议。",
    "contracted": "副市长、公安局长郝建新参加会议。",
    "jian": "市委常委、组织部长兼统战部长殷立军出席。",
    "ranks": "省委组织部一级巡视员赵德福，市政府党组成员、总会计师孙立新出席。",
    "sentence-scope": "东坡区委书记王涛，区长李明，常委、常务副区长赵刚出席。",
    "repeated-head": "县人大常委会副主任陈思远主持会议，副主任邓华、胡建英参加会议。",
    "appointment": "会议决定任命县委副书记秦立华同志为县人民政府副县长、代理县长。",
    "party-unit": "天成集团党委委员、副总经理王刚，党委委员、财务总监李华出席。",
    "boundary-verb": "县长李强一行深入我县许昌恒达实业有限公司调研。",
    "boundary-description": "入驻企业河南佳禾新材料科技有限公司负责人作了发言。",
    "not-too-short": "洛阳高新科创投资开发集团董事长王建设表示，将加大投入。",
    "suffixless": "县长李明走访了恒瑞医药、龙翔电气等企业。",
    "plant": "调研组来到富士康洛阳基地和洛阳市汽车零部件公司。",
    "bylines": "会议要求抓好落实。（李文博 赵静）",
    "core": "市长会见海川重工集团董事长王峰。希望海川重工加强合作。",
    "group-anaphora": "海川重工集团与县政府签约。集团党组书记、董事长王峰出席。",
    "committee-office": "区委常委、办公室主任钱立新陪同。",
    "place-body": "永川区政府领导邓文、宋文出席。",
    "place-body-trim": "会议任命刘伟为桐柏县人民政府副县长。",
    "enterprise-fallback": "海川重工集团召开年度总结会。董事长王峰作工作报告。",
    "accompany": "县委书记王涛深入洛阳金鹏机械制造有限公司调研，副县长李明陪同。",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("one-sentence-pages")
    for name, sentence in SENTENCES.items():
        (folder / f"{name}.txt").write_text(sentence + "\n", encoding="utf-8")
    return run_pipeline([folder])


def page(built: BuildResult, name: str) -> Extraction:
    (ex,) = [e for e in built.extractions if e.document.doc_id == name]
    return ex


def posts(built: BuildResult, name: str) -> set[tuple[str, str | None, str]]:
    """(person, body as written or implied, title) of a page's memberships."""
    out = set()
    for rel in page(built, name).relations:
        if rel.kind == "membership":
            member, body = rel.arg("member"), rel.arg("organization")
            assert isinstance(member, Ref)
            out.add((member.text, body.text if isinstance(body, Ref) else None, str(rel.arg("role"))))
    return out


def labelled(built: BuildResult, name: str, label: str) -> list[str]:
    return [m.text for m in page(built, name).mentions if m.label == label]


# -- cause 3: titles ------------------------------------------------------------------------------
def test_enterprise_before_its_title(built: BuildResult) -> None:
    assert posts(built, "enterprise-post") == {("马骏", "天成集团", "副总裁")}
    assert labelled(built, "enterprise-post", "COMPANY") == ["天成集团"]  # not 天成集团副


def test_modified_title_keeps_the_company(built: BuildResult) -> None:
    assert posts(built, "senior-vp") == {("吕志远", "星海集团", "高级副总裁")}


def test_posts_of_two_bodies_joined_by_a_list_mark(built: BuildResult) -> None:
    assert posts(built, "two-bodies") == {("王明远", "市委", "常委"), ("王明远", "汝阳县县委", "书记")}


def test_contracted_department_post(built: BuildResult) -> None:
    assert posts(built, "contracted") == {("郝建新", "市政府", "副市长"), ("郝建新", "市公安局", "局长")}


def test_jian_joins_two_party_department_posts(built: BuildResult) -> None:
    assert posts(built, "jian") == {("殷立军", "市委", "常委"), ("殷立军", "市委组织部", "部长"), ("殷立军", "市委统战部", "部长")}


def test_ranks_and_party_group_members(built: BuildResult) -> None:
    assert posts(built, "ranks") == {
        ("赵德福", "省委组织部", "一级巡视员"),
        ("孙立新", "市政府党组", "成员"),
        ("孙立新", "市政府", "总会计师"),
    }


def test_government_heads_take_the_place_named_before_in_the_sentence(built: BuildResult) -> None:
    assert posts(built, "sentence-scope") == {
        ("王涛", "东坡区委", "书记"),
        ("李明", "东坡区政府", "区长"),
        ("赵刚", "东坡区委", "常委"),
        ("赵刚", "东坡区政府", "常务副区长"),
    }


def test_a_repeated_title_shares_the_body(built: BuildResult) -> None:
    assert posts(built, "repeated-head") == {
        ("陈思远", "县人大常委会", "副主任"),
        ("邓华", "县人大常委会", "副主任"),
        ("胡建英", "县人大常委会", "副主任"),
    }


def test_appointment_notice(built: BuildResult) -> None:
    assert posts(built, "appointment") == {
        ("秦立华", "县委", "副书记"),
        ("秦立华", "县人民政府", "副县长"),
        ("秦立华", "县人民政府", "代理县长"),
    }


def test_party_unit_post_goes_to_the_right_person_and_company(built: BuildResult) -> None:
    assert posts(built, "party-unit") == {
        ("王刚", "天成集团党委", "委员"),
        ("王刚", "天成集团", "副总经理"),
        ("李华", "天成集团党委", "委员"),
        ("李华", "天成集团", "财务总监"),
    }


def test_lexicon_reads_titles_as_data() -> None:
    lexicon = title_lexicon()
    assert lexicon.split_contracted("市公安局长") == ("市公安局", "局长", False)
    assert lexicon.split_contracted("组织部长") == ("组织部", "部长", True)
    assert lexicon.split_contracted("发改委主任") == ("发改委", "主任", False)
    assert lexicon.implied_body("常务副县长") == "县政府"
    assert lexicon.implied_body("董事长") is None


def test_a_bad_lexicon_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "titles.jsonl"
    bad.write_text('{"kind": "head", "text": "董事长"}\n{"kind": "rank"}\n', encoding="utf-8")
    with pytest.raises(ModelError, match=r"titles.jsonl:2: a 'rank' line needs a 'text'"):
        read_lexicon(bad)


# -- cause 4: enterprise names ----------------------------------------------------------------------
def test_no_verb_or_deictic_inside_an_enterprise_name(built: BuildResult) -> None:
    assert labelled(built, "boundary-verb", "COMPANY") == ["许昌恒达实业有限公司"]
    assert "李强" in labelled(built, "boundary-verb", "PERSON")


def test_no_description_inside_an_enterprise_name(built: BuildResult) -> None:
    assert labelled(built, "boundary-description", "COMPANY") == ["河南佳禾新材料科技有限公司"]


def test_enterprise_name_not_cut_short(built: BuildResult) -> None:
    assert labelled(built, "not-too-short", "COMPANY") == ["洛阳高新科创投资开发集团"]
    assert posts(built, "not-too-short") == {("王建设", "洛阳高新科创投资开发集团", "董事长")}


def test_enterprises_without_a_legal_suffix_by_context(built: BuildResult) -> None:
    assert labelled(built, "suffixless", "COMPANY") == ["恒瑞医药", "龙翔电气"]
    assert labelled(built, "plant", "COMPANY") == ["富士康洛阳基地", "洛阳市汽车零部件公司"]


def test_full_name_marks_its_core_on_the_page(built: BuildResult) -> None:
    assert labelled(built, "core", "COMPANY") == ["海川重工集团", "海川重工"]
    assert built.resolution is not None
    key = built.resolution.key("core", Ref("COMPANY", "海川重工"))
    assert key is not None and built.resolution.entities[key].name == "海川重工集团"


def test_bare_group_before_a_title_is_the_page_enterprise(built: BuildResult) -> None:
    assert posts(built, "group-anaphora") == {("王峰", "海川重工集团党组", "书记"), ("王峰", "海川重工集团", "董事长")}


def test_office_of_the_committee_named_before(built: BuildResult) -> None:
    assert posts(built, "committee-office") == {("钱立新", "区委", "常委"), ("钱立新", "区委办公室", "主任")}


def test_place_and_body_written_together_are_one_body(built: BuildResult) -> None:
    assert posts(built, "place-body") == {("邓文", "永川区政府", "领导"), ("宋文", "永川区政府", "领导")}


def test_a_place_body_starts_at_its_place(built: BuildResult) -> None:
    assert labelled(built, "place-body-trim", "GOV") == ["桐柏县人民政府"]
    assert posts(built, "place-body-trim") == {("刘伟", "桐柏县人民政府", "副县长")}


def test_an_enterprise_post_without_a_body_is_the_enterprise_named_before(built: BuildResult) -> None:
    assert ("王峰", "海川重工集团", "董事长") in posts(built, "enterprise-fallback")


def test_who_accompanies_a_visit_attends_it(built: BuildResult) -> None:
    ex = page(built, "accompany")
    roles = {(getattr(rel.arg("agent"), "text", None), rel.arg("role")) for rel in ex.relations if rel.kind == "participation"}
    assert {("王涛", "leader"), ("李明", "attendee"), ("洛阳金鹏机械制造有限公司", "visited")} <= roles


# -- cause 5: persons -------------------------------------------------------------------------------
def _doc_and(text: str, *spans: tuple[str, str, str]) -> tuple[object, list[Mention]]:
    doc = parse_text(text, doc_id="t")
    mentions = []
    cursor = 0
    for surface, label, source in spans:
        start = doc.text.index(surface, cursor)
        cursor = start + 1
        mentions.append(Mention("t", 0, start, start + len(surface), surface, label, source, 0.8))
    return doc, mentions


def test_place_fragments_and_footers_are_not_persons() -> None:
    doc, mentions = _doc_and(
        "洛东热电厂厂长周平说，加快洛汴一体化。豫公网安备41010502000001号",
        ("洛东", "PERSON", "model"), ("周平", "PERSON", "model"), ("洛汴", "PERSON", "model"), ("安备", "PERSON", "model"),
    )
    assert [m.text for m in _clean_persons(doc, mentions)] == ["周平"]  # type: ignore[arg-type]


def test_a_cut_name_resolves_to_the_full_name_or_is_dropped() -> None:
    doc, mentions = _doc_and(
        "县长程志明出席。程志明强调落实。程志指出要抓好。",
        ("程志明", "PERSON", "regex:person-after-title"), ("程志", "PERSON", "model"), ("程志", "PERSON", "model"),
    )
    cleaned = _clean_persons(doc, mentions)  # type: ignore[arg-type]
    assert [(m.text, m.end - m.start) for m in cleaned] == [("程志明", 3), ("程志明", 3)]


def test_byline_pair_is_two_authors(built: BuildResult) -> None:
    authors = {(rel.arg("person").text, rel.arg("role")) for rel in page(built, "bylines").relations if rel.kind == "author"}  # type: ignore[union-attr]
    assert authors == {("李文博", ""), ("赵静", "")}


def test_inline_byline_with_roles_and_newspaper() -> None:
    doc = parse_text("洛阳日报讯（洛阳日报记者 王磊 通讯员 穗宣）5月3日，县长调研。\n", doc_id="t")
    found = [(b.role, b.name, paper) for b, paper in _inline_bylines(doc)]
    assert found == [("记者", "王磊", "洛阳日报"), ("通讯员", "穗宣", "洛阳日报")]  # the paper each signs under


def test_name_alone_closing_an_article_is_its_author() -> None:
    doc = parse_text("会议强调抓好落实。\n\n张宏伟\n", doc_id="t")
    assert [(b.role, b.name) for b, _ in _inline_bylines(doc)] == [("", "张宏伟")]


# -- through the command line ----------------------------------------------------------------------
def test_post_and_visit_through_kg_build(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text("管委会主任刘振华深入洛阳金鹏机械制造有限公司调研。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-store"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(tmp_path / "out" / "kg.ttl")
    person = next(s for s in g.subjects(RDF.type, SCHEMA.Person) if g.value(s, RDFS.label) == Literal("刘振华", lang="zh"))
    (membership,) = list(g.subjects(ORG.member, person))
    role = g.value(membership, ORG.role)
    assert g.value(role, RDFS.label) == Literal("主任", lang="zh")
    body = g.value(membership, ORG.organization)
    assert str(g.value(body, SKOS.prefLabel)).endswith("管委会")
    companies = {str(g.value(c, RDFS.label)) for c in g.subjects(RDF.type, SCHEMA.Corporation)}
    assert companies == {"洛阳金鹏机械制造有限公司"}
