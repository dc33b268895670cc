"""How the model's spans and the curated patterns combine (kg/nlp/components.py), rule by rule."""

from __future__ import annotations

import pytest

from kg.nlp.components import Refiner, load_refine_rules
from kg.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def refiner() -> Refiner:
    return Refiner(load_refine_rules())


def ents(text: str, model: str | None = "none") -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in load_pipeline(model)(text).ents]


@pytest.mark.parametrize(
    ("text", "coarse", "expected"),
    [
        ("中", "LOC", ("ADMIN", False)),  # 中 of 中美: kept for NER, weak, never a graph node
        ("江", "PERSON", ("PERSON", False)),  # 江 for 江泽民: a surname alone
        ("的", "PERSON", None),
        ("联", "ORG", None),
        ("洪学智", "PERSON", ("PERSON", True)),
        ("克林顿", "PERSON", ("PERSON", True)),  # transliterated
        ("纽卡", "PERSON", None),  # two transliteration characters: as often a club or a city
        ("布赫铁木尔·达瓦买提", "PERSON", ("PERSON", True)),  # a name in parts, over 8 characters
        ("司马义·艾买提", "PERSON", ("PERSON", True)),  # in parts, though it opens like 司马 + given name
        ("普惠", "PERSON", None),  # 普 and 惠 are surnames too rare to trust
        ("厉有为", "PERSON", ("PERSON", True)),  # 为 ends given names (有为, 大为)
        ("王伟说", "PERSON", None),
        ("张向东", "PERSON", ("PERSON", True)),  # 向 inside a given name; only the last character is checked
        ("约翰森", "PERSON", ("PERSON", True)),  # 翰 and 森 are in Xinhua's transliteration table
        ("亚太经合组织", "ORG", ("ORG", True)),
        ("市教委", "ORG", ("GOV", True)),
        ("致公党中央", "ORG", ("GOV", True)),  # a party's central committee
    ],
)
def test_refiner_labels(refiner: Refiner, text: str, coarse: str, expected: tuple[str, bool] | None) -> None:
    assert refiner.classify(text, coarse) == expected


def test_short_company_name_needs_a_name_before_the_suffix() -> None:
    """核净公司 is an enterprise; 保险公司 and 某公司 are ordinary words before 公司."""
    found = ents("听取核净公司、保险公司和某公司的汇报")
    assert ("核净公司", "COMPANY") in found
    assert not [e for e in found if e[0] in {"保险公司", "和某公司", "某公司"}]


def test_meeting_name_does_not_swallow_a_sentence() -> None:
    """江泽民主席为这次大会题词: no meeting named 江泽民主席为这次大会."""
    assert not [e for e in ents("江泽民主席为这次大会题词") if e[1] == "MEETING"]
    assert ("推进会", "MEETING") not in ents("召开党史学习教育推进会")
    assert ("党史学习教育推进会", "MEETING") in ents("召开党史学习教育推进会")


def test_company_list_at_the_start_of_a_sentence() -> None:
    """辉煌等6家企业… after a sentence split at ；: the list still starts the sentence."""
    assert ("辉煌", "COMPANY") in ents("辉煌等6家企业认定为头雁企业")


def test_one_character_places_stay_out_of_the_graph() -> None:
    """The NER keeps 中 and 美 (MSRA tags them); extract drops one-character mentions."""
    from kg.extract import find_mentions
    from kg.ingest import parse_text

    doc = parse_text("中美关系取得新进展，洪学智出席。\n", doc_id="t")
    nlp = load_pipeline()
    assert ("中", "ADMIN") in [(e.text, e.label_) for e in nlp(doc.text).ents]
    mentions = find_mentions(doc, nlp)
    assert all(len(m.text) > 1 for m in mentions)
    assert ("洪学智", "PERSON") in [(m.text, m.label) for m in mentions]


@pytest.mark.parametrize(
    ("text", "date"),
    [("对2020年度高质量发展", "2020年度"), ("今年1~6月安置房", "1~6月"), ("计划10月完成修复", "10月"),
     ("全力冲刺第四季度", "第四季度"), ("8月1日，", "8月1日")],
)
def test_dates_as_written(text: str, date: str) -> None:
    assert (date, "DATE") in ents(text)


def test_a_named_part_of_a_site_is_one_site() -> None:
    """智能传感谷起步区, 西流湖高新段, 智慧岛服务大厅: the part, not the whole site it belongs to."""
    assert ("智能传感谷起步区", "SITE") in ents("加快智能传感谷起步区、智能物联网产业园建设")
    assert ("西流湖高新段", "SITE") in ents("加快西流湖高新段成湖建设。")
    assert ("智慧岛服务大厅", "SITE") in ents("尽快投用智慧岛服务大厅。")


def test_a_name_before_an_enterprise_post_is_an_enterprise() -> None:
    """济川药业董事长曹龙祥: 济川药业 is an enterprise; 公司董事长 / 新任董事长 name none."""
    assert ("济川药业", "COMPANY") in ents("或许站在当家人、济川药业董事长曹龙祥的角度看")
    assert not [e for e in ents("公司董事长朱要文，新任总经理张明") if e[1] == "COMPANY"]


def test_a_city_named_unit_after_an_institution_is_its_branch() -> None:
    """欧美同学会郑州海创中心 is one organisation; 市委市政府 stays two bodies."""
    from kg.nlp.components import Candidate, _join_branches

    text = "加快推进欧美同学会郑州海创中心建设"
    parts = [Candidate(4, 9, "ORG", "gazetteer", "ou-mei-tong-xue-hui"), Candidate(9, 15, "ORG", "model", None)]
    (joined,) = _join_branches(text, parts)
    assert (text[joined.start : joined.end], joined.label, joined.pattern_id) == ("欧美同学会郑州海创中心", "ORG", "org-branch")
    bodies = [Candidate(0, 2, "GOV", "gazetteer", "shi-wei"), Candidate(2, 5, "GOV", "gazetteer", "shi-zheng-fu")]
    assert _join_branches("市委市政府高度重视", bodies) == bodies
    assert [e[0] for e in ents("市委市政府高度重视") if e[1] == "GOV"] == ["市委", "市政府"]


def test_a_country_the_model_calls_an_organisation_is_a_place(refiner: Refiner) -> None:
    assert refiner.classify("英国", "ORG") == ("ADMIN", False)


@pytest.mark.parametrize(
    ("text", "name"),
    [("国务委员罗干等同志陪同下", "罗干"), ("国家教委副主任柳斌在讲话中强调", "柳斌"),
     ("区委书记王向东出席", "王向东")],
)
def test_a_name_after_a_title_stops_before_the_cue_word(text: str, name: str) -> None:
    """The third character of 罗干等 / 柳斌在 is the cue (等, 在) that follows a two-character name."""
    assert [e for e in ents(text) if e[1] == "PERSON"] == [(name, "PERSON")]


@pytest.mark.parametrize(
    ("text", "company"),
    [("原江苏省苏州宝碟激光电子有限公司副总经理卜兴华", "江苏省苏州宝碟激光电子有限公司"),
     ("闻韶辖区，是齐鲁石化公司的一个生活区", "齐鲁石化公司"),
     ("，原阳县丰源农业有限公司成立", "原阳县丰源农业有限公司")],
)
def test_former_and_copula_are_not_part_of_an_enterprise_name(text: str, company: str) -> None:
    """原 (former) and 是 precede the name; 原阳 is a county, not 原 + 阳县."""
    assert (company, "COMPANY") in ents(text)


@pytest.mark.parametrize(
    ("text", "body", "meeting"),
    [("出席全国政协八届五次会议", ("全国政协", "GOV"), "八届五次会议"),
     ("在香港特区筹委会十次全会上", ("香港特区筹委会", "ORG"), "十次全会")],
)
def test_a_body_before_a_session_number_organises_the_meeting(text: str, body: tuple[str, str], meeting: str) -> None:
    found = ents(text, None)
    assert body in found
    assert (meeting, "MEETING") in found


def test_a_meeting_without_a_session_number_keeps_its_body() -> None:
    assert ("加中贸易理事会年会", "MEETING") in ents("在加中贸易理事会年会晚宴上", None)


def test_democratic_parties_are_party_bodies() -> None:
    found = ents("民建、民进和九三学社的代表", None)
    assert [e for e in found if e[1] == "GOV"] == [("民建", "GOV"), ("民进", "GOV"), ("九三学社", "GOV")]


def test_the_general_offices_are_two_bodies() -> None:
    """中办国办 / 中共中央办公厅国务院办公厅 open many policy reports: two issuers, not one body."""
    assert ents("中办国办印发《意见》", None) == [("中办", "GOV"), ("国办", "GOV")]
    assert ents("中共中央办公厅国务院办公厅近日印发", None) == [("中共中央办公厅", "GOV"), ("国务院办公厅", "GOV")]
