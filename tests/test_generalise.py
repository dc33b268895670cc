"""Issue 11, generalisation: rules that hold for any city, zone and company, not for the sentences
of the development pages. Each cause is pinned by a short sentence of its own (not copied from any
page), built alone with the shipped model, and checked on the resolved graph (person, title, body)."""

from __future__ import annotations

import pytest

from kg.build import BuildResult
from kg.places import national, page_place
from kg.records import Extraction, Ref
from page_helpers import build_sentence_pages

SENTENCES = {
    # a zone's 管委会 written after the zone's own name: one body, scoped to the page's county
    "zone-body": "3月2日，睢县县委书记马骏到企业调研，县产业集聚区管委会副主任林晓东陪同。",
    # a post named after the zone itself: held in the zone's 管委会
    "zone-director": "许昌经济技术开发区主任韩立新、许昌市工信局局长周明参加调研。",
    # the session before the body is its term: 十三届自治区政协 is the region's 政协
    "session": "广西壮族自治区政协召开会议。十三届自治区政协副主席蒙立强出席会议。",
    # a local department written before its party group and title is a government body
    "department": "宿州市召开会议，市商务局党组书记、局长孙建华出席。",
    # 来到安吉: a county's name after a visit verb is the place, never an enterprise; 市 above a
    # county page is the county's city
    "visit-place": "市人大常委会副主任陈立来到安吉开展调研，走访了浙江绿源环保科技有限公司。",
    # A、B、C等…县级领导: the list closes with the others' rank
    "list-rank": "桐柏县召开会议，常务副县长王明、李强、赵刚等分管项目县级领导作了汇报。",
    # 区人大主任: the chair of the congress's standing committee
    "congress-chair": "龙子湖区人大主任周立强出席会议。",
    # Taiwan-style legislature posts: 议员 of the city's 议会, 立法委员 of the 立法院
    "legislature": "台中市议员林立德与立法委员黄明华出席典礼。",
    # 民盟X市委会 is a democratic party's committee (an ORG) with its own titles (主委, 专职副主委)
    "democratic-party": "铁西市政协副主席、民盟铁西市委会主委王立峰，民盟铁西市委会专职副主委张立波出席。",
    # a rank by level (副处级干部), any level
    "level-rank": "副处级干部刘明、乡科级干部孙一平参加活动。",
    # a place or committee written right before a department is one body
    "adjacent-bodies": "铁岭市召开会议，开原市医保局局长刘一亮、开原市委统战部部长赵学臣出席。",
    # 县人大常委会 + 代表 + 资格审查委员会, and an appointment of a 、 list
    "credentials": "东山区召开会议，会议决定任命王一鸣、李晓红、赵立军为区人大常委会代表资格审查委员会组成人员。",
    # 党工委副书记、管委会副主任: the same zone's committees
    "zone-chain": "南湖经济技术开发区党工委副书记、管委会副主任孙立明陪同。",
    # a name the model misses inside a 、 list of names
    "name-list": "区人大常委会副主任梁立伦、张洪亮、赖增李、赵洁平出席。",
    # the media a page names as its publisher are organisations
    "media": "东山日报讯 5月6日，区长王立出席会议。（东山新闻客户端）",
    # town-level bodies: the towns of the page's county, loaded for that county only
    "town-named": "德清县召开会议。乾元镇党委书记沈立强、镇长吴一鸣出席。",
    "town-context": "德清县县长前往新安镇调研。镇党委书记沈立强、镇长吴一鸣陪同。",
    # a zone the gazetteer lacks, named after its county: a place, and its 副主任 is of its 管委会
    "zone-after-place": "铁岭市开原市经济开发区副主任宋立业、凤阳县工业园区负责人王五参加。",
    # an institution named in full after its place is one organisation; 市府 is the city government
    "institution": "区政府与湖南铁路科技职业技术学院、东山区人民医院签约。台中市府消防局局长林立明出席。",
    # 开封市长: the place and the title 市长, the post held in that city's government
    "place-title": "开封市长王立明与兰考县长李一鸣出席仪式。",
    # short names of enterprises named in full on the page: without the line of business, and a
    # two-character name of a group as a whole word (not inside a longer name)
    "short-names": "县长走访了辽宁恒远科技有限公司，对辽宁恒远的发展表示肯定。华润集团负责人表示，华润将加大投入，华润置地也将参与。",
    # a list of verb phrases before 等方式 is no list of enterprises
    "not-enterprises": "调研组通过看现场、进车间、听汇报等方式, 详细了解企业生产情况。",
    # a department after 、 takes the place of the chain's body; 区政府办 is one body
    "chain-place": "开原市召开会议。开原市政协副主席、医保局局长刘一亮出席。",
    "office": "华龙区召开会议，区政府办四级调研员常立大出席。",
    # a compound surname after a title, and the same name later on the page
    "compound-surname": "沈丘县召开会议。县委书记皇甫立强出席并讲话。皇甫立强强调，要抓好落实。",
    # the model's 市发改局副局 + 长: the department and the title
    "cut-title": "开原市发改局副局长李一昙陪同。",
    # 市经济技术开发区 on a city page is the city's zone, named with the city's short form; a 县委办公室
    # after 常委、 is a body; a model's "organisation" ending in 开发区 is a zone
    "city-zone": "滨州市召开会议。市经济技术开发区党工委副书记、管委会副主任孙立平，濮阳高新技术产业开发区主任姜立凯出席。",
    "party-office": "沈丘县召开会议，县委常委、县委办公室主任王立朗出席。",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_sentence_pages(tmp_path_factory.mktemp("generalise-pages"), SENTENCES)


def page(built: BuildResult, name: str) -> Extraction:
    (ex,) = [e for e in built.extractions if e.document.doc_id == name]
    return ex


def resolved_posts(built: BuildResult, name: str) -> set[tuple[str, str | None, str]]:
    """(person, resolved body name or None, title) of a page's memberships."""
    res = built.resolution
    assert res is not None
    out = set()
    for rel in page(built, name).relations:
        if rel.kind != "membership":
            continue
        member = rel.arg("member")
        assert isinstance(member, Ref)
        key = res.body_key(name, rel)
        out.add((member.text, res.entities[key].name if key else None, str(rel.arg("role"))))
    return out


def test_zone_management_committee_after_the_zone_name(built: BuildResult) -> None:
    assert ("林晓东", "睢县产业集聚区管委会", "副主任") in resolved_posts(built, "zone-body")
    assert "区管委会" not in [m.text for m in page(built, "zone-body").mentions]


def test_post_named_after_a_zone_is_held_in_its_committee(built: BuildResult) -> None:
    posts = resolved_posts(built, "zone-director")
    assert ("韩立新", "许昌经开区管委会", "主任") in posts  # the gazetteer's name of the zone
    assert ("周明", "许昌市工信局", "局长") in posts


def test_session_is_not_part_of_the_body(built: BuildResult) -> None:
    assert resolved_posts(built, "session") == {("蒙立强", "广西壮族自治区政协", "副主席")}


def test_local_department_before_a_party_group_is_a_government_body(built: BuildResult) -> None:
    posts = resolved_posts(built, "department")
    assert ("孙建华", "宿州市商务局", "局长") in posts
    assert "市商务局" not in [m.text for m in page(built, "department").mentions if m.label == "COMPANY"]


def test_visited_county_is_a_place_and_scopes_the_city(built: BuildResult) -> None:
    ex = page(built, "visit-place")
    assert "安吉" not in [m.text for m in ex.mentions if m.label == "COMPANY"]
    assert resolved_posts(built, "visit-place") == {("陈立", "湖州市人大常委会", "副主任")}


def test_a_name_list_closes_with_the_others_rank(built: BuildResult) -> None:
    assert resolved_posts(built, "list-rank") == {
        ("王明", "桐柏县政府", "常务副县长"),
        ("李强", None, "县级领导"),
        ("赵刚", None, "县级领导"),
    }


def test_congress_chair_is_of_the_standing_committee(built: BuildResult) -> None:
    assert resolved_posts(built, "congress-chair") == {("周立强", "龙子湖区人大常委会", "主任")}


def test_legislature_posts(built: BuildResult) -> None:
    assert resolved_posts(built, "legislature") == {("林立德", "台中市议会", "议员"), ("黄明华", "立法院", "立法委员")}


def test_short_place_form_counts_only_as_a_whole_word() -> None:
    # 新平 (a county's short form) inside 创新平台 says nothing of the page; 为安次 still names 安次
    assert page_place("打造招商引资的创新平台。", national()).place is None
    assert page_place("为安次经济发展贡献力量。", national()).name == "安次区"


def test_democratic_party_committee_and_its_titles(built: BuildResult) -> None:
    assert resolved_posts(built, "democratic-party") == {
        ("王立峰", "铁西市政协", "副主席"),
        ("王立峰", "民盟铁西市委会", "主委"),
        ("张立波", "民盟铁西市委会", "专职副主委"),
    }
    assert {m.text for m in page(built, "democratic-party").mentions if m.label == "ORG"} == {"民盟铁西市委会"}


def test_level_ranks(built: BuildResult) -> None:
    assert resolved_posts(built, "level-rank") == {("刘明", None, "副处级干部"), ("孙一平", None, "乡科级干部")}


def test_place_or_committee_before_a_department_is_one_body(built: BuildResult) -> None:
    posts = resolved_posts(built, "adjacent-bodies")
    assert ("刘一亮", "开原市医保局", "局长") in posts
    assert ("赵学臣", "中共开原市委统战部", "部长") in posts


def test_credentials_committee_and_an_appointed_list(built: BuildResult) -> None:
    body = "东山区人大常委会代表资格审查委员会"
    assert resolved_posts(built, "credentials") == {(n, body, "组成人员") for n in ("王一鸣", "李晓红", "赵立军")}


def test_zone_committees_in_one_chain(built: BuildResult) -> None:
    assert resolved_posts(built, "zone-chain") == {
        ("孙立明", "南湖经济技术开发区党工委", "副书记"),
        ("孙立明", "南湖经济技术开发区管委会", "副主任"),
    }


def test_a_missed_name_inside_a_list(built: BuildResult) -> None:
    assert {p for p, _, _ in resolved_posts(built, "name-list")} == {"梁立伦", "张洪亮", "赖增李", "赵洁平"}


def test_media_named_by_the_page_are_organisations(built: BuildResult) -> None:
    orgs = {m.text for m in page(built, "media").mentions if m.label == "ORG"}
    assert {"东山日报", "东山新闻客户端"} <= orgs


def test_no_seed_region_in_the_generic_gazetteer() -> None:
    """高新区, 郑州市委, 郑州市政府 resolve by the page's place or the region file, never by the
    shipped gazetteer's Zhengzhou canonicals."""
    import json
    from pathlib import Path

    import kg

    root = Path(kg.__file__).parent / "patterns"
    rows = [json.loads(line) for line in (root / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    by_pattern = {row["pattern"]: row["canonical"] for row in rows}
    assert by_pattern.get("高新区") == "高新区"
    assert "郑州市委" not in by_pattern and "郑州市政府" not in by_pattern
    region = [json.loads(line) for line in (root / "regions" / "zhengzhou.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {"label": "GOV", "alias": "郑州市委", "canonical": "中共郑州市委", "within": "河南省"} in region


def test_town_bodies(built: BuildResult) -> None:
    assert resolved_posts(built, "town-named") == {("沈立强", "乾元镇党委", "书记"), ("吴一鸣", "乾元镇政府", "镇长")}
    assert resolved_posts(built, "town-context") == {("沈立强", "新安镇党委", "书记"), ("吴一鸣", "新安镇政府", "镇长")}
    assert "新安镇" in [m.text for m in page(built, "town-context").mentions if m.label == "ADMIN"]


def test_towns_load_per_county() -> None:
    from kg.places import towns_of

    deqing = national().lookup("德清县")[0]
    assert {"乾元镇", "新安镇"} <= set(towns_of(deqing))
    assert towns_of(national().lookup("湖州市")[0]) == ()  # a city has no towns of its own here


def test_zone_named_after_its_county(built: BuildResult) -> None:
    ex = page(built, "zone-after-place")
    assert {"开原市经济开发区", "凤阳县工业园区"} <= {m.text for m in ex.mentions if m.label == "ADMIN"}
    assert ("宋立业", "开原市经济开发区管委会", "副主任") in resolved_posts(built, "zone-after-place")


def test_institutions_with_their_full_names(built: BuildResult) -> None:
    ex = page(built, "institution")
    assert {"湖南铁路科技职业技术学院", "东山区人民医院"} <= {m.text for m in ex.mentions if m.label == "ORG"}
    assert "湖南" not in [m.text for m in ex.mentions if m.label == "ADMIN"]


def test_shi_fu_is_the_city_government(built: BuildResult) -> None:
    assert resolved_posts(built, "institution") == {("林立明", "台中市政府消防局", "局长")}


def test_place_then_government_head(built: BuildResult) -> None:
    assert resolved_posts(built, "place-title") == {("王立明", "开封市政府", "市长"), ("李一鸣", "兰考县政府", "县长")}


def test_enterprise_short_names(built: BuildResult) -> None:
    companies = [m.text for m in page(built, "short-names").mentions if m.label == "COMPANY"]
    assert "辽宁恒远" in companies and companies.count("华润") == 1  # 华润将…, not 华润 of 华润置地
    res = built.resolution
    assert res is not None
    assert res.entities[res.refs[("short-names", "COMPANY", "辽宁恒远")]].name == "辽宁恒远科技有限公司"


def test_verb_phrases_are_no_enterprises(built: BuildResult) -> None:
    assert [m.text for m in page(built, "not-enterprises").mentions if m.label == "COMPANY"] == []


def test_department_after_a_list_mark_takes_the_chain_place(built: BuildResult) -> None:
    assert resolved_posts(built, "chain-place") == {("刘一亮", "开原市政协", "副主席"), ("刘一亮", "开原市医保局", "局长")}


def test_government_office(built: BuildResult) -> None:
    assert resolved_posts(built, "office") == {("常立大", "华龙区政府办", "四级调研员")}


def test_compound_surname_after_a_title(built: BuildResult) -> None:
    assert resolved_posts(built, "compound-surname") == {("皇甫立强", "中共沈丘县委", "书记")}
    assert [m.text for m in page(built, "compound-surname").mentions if m.label == "PERSON"] == ["皇甫立强", "皇甫立强"]


def test_title_cut_into_a_department(built: BuildResult) -> None:
    assert resolved_posts(built, "cut-title") == {("李一昙", "开原市发改局", "副局长")}


def test_city_zone_and_a_zone_read_as_an_organisation(built: BuildResult) -> None:
    assert resolved_posts(built, "city-zone") == {
        ("孙立平", "滨州经济技术开发区党工委", "副书记"),
        ("孙立平", "滨州经济技术开发区管委会", "副主任"),
        ("姜立凯", "濮阳高新技术产业开发区管委会", "主任"),
    }


def test_party_committee_office(built: BuildResult) -> None:
    assert resolved_posts(built, "party-office") == {("王立朗", "中共沈丘县委", "常委"), ("王立朗", "中共沈丘县委办公室", "主任")}
