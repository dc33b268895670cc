"""Place-aware resolution, Traditional pages and places as post bodies, through `kg build` on a
one-sentence page of our own with no neighbouring page to help."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Namespace, RDFS
from rdflib.namespace import SKOS

from kg.cli import main
from kg.places import national, page_place
from kg.script import simplify_page

ORG = Namespace("http://www.w3.org/ns/org#")


def build_one(tmp_path: Path, text: str) -> tuple[Graph, str]:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--report"])
    assert result.exit_code == 0, result.output
    graph = Graph()
    graph.parse(out / "kg.ttl")
    validated = CliRunner().invoke(main, ["validate", "--graph", str(out / "kg.ttl")])
    assert validated.exit_code == 0, validated.output  # kg validate passes on the graph of any input
    return graph, (out / "report.md").read_text(encoding="utf-8")


def posts(graph: Graph) -> set[tuple[str, str | None, str]]:
    out = set()
    for node in graph.subjects(ORG.member, None):
        body = graph.value(node, ORG.organization)
        out.add(
            (
                str(graph.value(graph.value(node, ORG.member), RDFS.label)),
                str(graph.value(body, RDFS.label)) if body is not None else None,
                str(graph.value(graph.value(node, ORG.role), RDFS.label)),
            )
        )
    return out


def test_another_citys_district_committee(tmp_path: Path) -> None:
    graph, report = build_one(tmp_path, "开封市祥符区区委书记李明辉到园区调研。")
    assert ("李明辉", "中共祥符区委", "书记") in posts(graph)
    assert "| page | 祥符区 |" in report


def test_city_committee_of_the_pages_city(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "新乡市委书记刘建国到企业调研。")
    assert ("刘建国", "中共新乡市委", "书记") in posts(graph)


def test_zone_committee_keeps_its_zone(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "郑州经开区党工委书记李小龙主持召开会议。")
    assert ("李小龙", "郑州经开区党工委", "书记") in posts(graph)


def test_page_without_place_stays_unscoped_and_is_reported(tmp_path: Path) -> None:
    graph, report = build_one(tmp_path, "区党工委书记王景明主持召开会议。")
    assert ("王景明", "区党工委", "书记") in posts(graph)
    assert "| page | (unresolved: the page names no place) |" in report
    assert "| page | 区党工委 |  | GOV | unresolved" in report  # listed, never guessed


def test_traditional_page_keeps_its_characters_and_merges_with_simplified(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "鄭州高新區黨工委書記張紅軍主持召開會議，推動高質(zhì)量發展，王新偉參加。")
    assert ("張紅軍", "鄭州高新區黨工委", "书记") in posts(graph)
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert "王新偉" in labels and "王新" not in labels  # not cut
    assert not any("高质" in label or "高質" in label for label in labels if len(label) < 6)  # no gloss person
    person = next(s for s in graph.subjects(RDFS.label, None) if str(graph.value(s, RDFS.label)) == "張紅軍")
    assert {str(o) for o in graph.objects(person, SKOS.altLabel)} == {"张红军"}  # the Simplified canonical
    body = next(s for s in graph.subjects(RDFS.label, None) if str(graph.value(s, RDFS.label)) == "鄭州高新區黨工委")
    assert "郑州高新区党工委" in {str(o) for o in graph.objects(body, SKOS.altLabel)}


def test_both_scripts_resolve_to_one_resource(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("鄭州高新區黨工委書記張紅軍主持召開會議，王新偉參加。\n", encoding="utf-8")
    (pages / "b.txt").write_text("郑州高新区党工委书记张红军主持召开会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out)])
    assert result.exit_code == 0, result.output
    graph = Graph()
    graph.parse(out / "kg.ttl")
    persons = [s for s in graph.subjects(RDFS.label, None) if {str(graph.value(s, RDFS.label))} & {"张红军", "張紅軍"}]
    assert len(set(persons)) == 1
    assert {str(o) for o in graph.objects(persons[0], SKOS.altLabel)} == {"張紅軍"}  # seen in Simplified too


def test_place_as_body_is_the_government_for_a_government_title(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "郑州市副市长李文华出席签约仪式。")
    assert ("李文华", "郑州市政府", "副市长") in posts(graph)


def test_county_head_with_no_body_is_the_countys_government(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "叶县县委常委、副县长陈立军到项目现场调研。")
    assert ("陈立军", "叶县政府", "副县长") in posts(graph)


def test_page_place_inference_from_own_evidence() -> None:
    assert page_place("新乡日报讯 市委书记主持召开会议，要求全市上下……").name == "新乡市"
    assert page_place("本报讯 区委书记主持召开会议。").place is None
    fangxian = page_place("县人大常委会召开会议，任命王某为代理县长。房县县委书记出席。")
    assert fangxian.name == "房县"  # 代理县长 is no 理县
    assert national().lookup("祥符区")[0].at("city") is not None


def test_traditional_conversion_keeps_length() -> None:
    raw = "鄭州高新區黨工委書記張紅軍"
    text, script = simplify_page(raw)
    assert script == "traditional" and text == "郑州高新区党工委书记张红军" and len(text) == len(raw)
    assert simplify_page("高新区党工委书记张红军") == ("高新区党工委书记张红军", "simplified")


def test_region_file_of_a_user_scopes_within_its_place(tmp_path: Path) -> None:
    region = tmp_path / "region.jsonl"
    region.write_text(
        '{"label": "ADMIN", "alias": "龙河高新区", "canonical": "龙河高新区", "within": "廊坊市"}\n'
        '{"label": "GOV", "alias": "投促中心", "canonical": "龙河高新区投资促进中心", "within": "龙河高新区"}\n',
        encoding="utf-8",
    )
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("廊坊市龙河高新区召开会议，投促中心主任赵新民出席并讲话。\n", encoding="utf-8")
    (pages / "b.txt").write_text("投促中心主任王立新出席会议并讲话。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--aliases", str(region), "--report"])
    assert result.exit_code == 0, result.output
    graph = Graph()
    graph.parse(out / "kg.ttl")
    found = posts(graph)
    assert ("赵新民", "龙河高新区投资促进中心", "主任") in found
    assert ("王立新", "投促中心", "主任") in found  # a page that names no place: the line does not hold
    assert "| a | 龙河高新区 |" in (out / "report.md").read_text(encoding="utf-8")


def test_seed_region_lines_hold_only_where_the_page_points(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "新乡经开区召开会议，投促中心主任王立新出席并讲话。")
    assert ("王立新", "投促中心", "主任") in posts(graph)  # not 郑州高新区投资促进中心


def test_alias_line_with_a_bad_within_is_named(tmp_path: Path) -> None:
    region = tmp_path / "bad.jsonl"
    region.write_text('{"label": "GOV", "alias": "投促中心", "canonical": "X", "within": 5}\n', encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("投促中心主任王立新出席会议。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(tmp_path / "out"), "--aliases", str(region)])
    assert result.exit_code != 0
    assert f"{region}:1: alias lines need label, alias and canonical" in result.output


def test_place_as_body_of_another_title_is_left_out_and_reported(tmp_path: Path) -> None:
    graph, report = build_one(tmp_path, "郑州市书记王大明出席签约仪式。")
    assert ("王大明", None, "书记") in posts(graph)  # person and title kept, no place as org:organization
    assert "| page | 郑州市 | 书记 | ADMIN | post body left out: a place, not a body |" in report


def test_government_title_chained_after_the_party_committee(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "中牟县委书记、县长李志强调研。")
    assert {("李志强", "中共中牟县委", "书记"), ("李志强", "中牟县政府", "县长")} <= posts(graph)


def test_county_head_on_a_page_with_no_place_keeps_an_unscoped_body_and_is_reported(tmp_path: Path) -> None:
    graph, report = build_one(tmp_path, "本报讯 县委书记张立新到企业调研，县长李国华陪同。")
    # the implied 县政府 (titles lexicon) stays as written, page-local, and is reported, never guessed
    assert {("张立新", "县委", "书记"), ("李国华", "县政府", "县长")} <= posts(graph)
    assert "| page | 县政府 |  | GOV | unresolved: not named in the page's place (or the page names none) |" in report


def test_unscoped_bodies_of_two_pages_are_two_resources(tmp_path: Path) -> None:
    """县委 on two pages that name no place are two unknown counties' committees, not one resource."""
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "a.txt").write_text("本报讯 县委书记张立新到企业调研。", encoding="utf-8")
    (pages / "b.txt").write_text("本报讯 县委书记王五到企业调研。", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "kg.ttl")
    bodies = {m_org for _, _, m_org in graph.triples((None, ORG.organization, None))}
    assert len(bodies) == 2
    assert {str(graph.value(b, RDFS.label)) for b in bodies} == {"县委"}


def test_a_county_level_city_named_first_and_as_often_as_its_city_is_the_page(tmp_path: Path) -> None:
    """海城市 (a county-level city of 鞍山市) opens the page and is named as often as 鞍山市: the
    page's 市政府, 市委 are 海城's; where 鞍山市 opens the page, they stay 鞍山's."""
    text = ("5月8日，海城市市长王力主持召开市政府常务会议，市委副书记赵刚出席。会议听取了海城市乡村振兴工作汇报，"
            "要求落实鞍山市委的部署，完成鞍山市下达的任务。")
    assert page_place(text).name == "海城市"
    graph, _ = build_one(tmp_path, text)
    assert ("赵刚", "中共海城市委", "副书记") in posts(graph)
    flipped = ("5月8日，鞍山市市长王力主持召开市政府常务会议，市委副书记赵刚出席。会议听取了鞍山市乡村振兴工作汇报，"
               "要求落实海城市委的部署，完成海城市下达的任务。")
    assert page_place(flipped).name == "鞍山市"


def test_a_county_under_its_former_name(tmp_path: Path) -> None:
    # 子长县 became 子长市 in 2019 (the package's change list): a page written before names it so
    found = page_place("子长县召开会议，县委书记李立出席。子长的企业参加。").place
    assert found is not None and found.name == "子长县" and found.parent is not None and found.parent.name == "延安市"
    graph, _ = build_one(tmp_path, "子长县召开会议，县委书记李立出席。")
    assert ("李立", "中共子长县委", "书记") in posts(graph)


def test_he_after_a_closing_mark_is_a_conjunction() -> None:
    # 《…请示》和县妇联《…》: two documents joined by 和, no county 和县; a page that names no place has none
    assert page_place("会议审议了县总工会党组《关于评选劳动模范的请示》和县妇联《关于表彰大会的请示》。").place is None
    found = page_place("安徽省和县召开会议。").place
    assert found is not None and found.name == "和县"


def test_a_banner_contraction_shared_by_several_banners_names_none(tmp_path: Path) -> None:
    """阿旗 is written for 阿荣旗 and for 阿鲁科尔沁旗 alike: a page that writes only 阿旗 is not scoped
    to either, while a contraction one banner alone could have (伊旗) still names it."""
    assert national().lookup("阿旗") == [] and [p.name for p in national().lookup("伊旗")] == ["伊金霍洛旗"]
    graph, report = build_one(tmp_path, "8月10日，阿旗召开乡友恳谈会，旗委书记王立军出席。")
    assert ("王立军", "旗委", "书记") in posts(graph)
    assert "阿荣旗" not in report


def test_guests_name_no_city() -> None:
    # 与会来宾 / 各位来宾 are guests: a page that names no place but greets its guests stays unscoped
    assert page_place("金门县工业会召开大会。与会来宾包括县议员王立玉。县长向各位来宾致意。").place is None


def test_a_coming_delegation_s_place_is_not_the_page_s() -> None:
    # the guests' city is named three times, the host once (its office's byline): the host is the page's
    text = ("兰州市党政考察团来我市考察。兰州市委书记张立彦，兰州市委副书记、市长王立强率兰州市党政考察团来我市考察。"
            "市委书记李立平陪同。天水市委办公室供稿")
    assert page_place(text).name == "天水市"
    # a leader of the province above who comes is no guest: 来我县 drops only the county-level places before it
    assert page_place("甘肃省副省长张立来我县调研。甘谷县委书记王立陪同。").name == "甘谷县"


def test_a_district_name_three_cities_share_is_the_page_s_city_s() -> None:
    # 郊区 is a district of 佳木斯, 铜陵 and 阳泉: on a page whose city is 佳木斯, its 郊区, in full
    text = "1月3日，郊区委书记王立带队到佳木斯市第一纺织厂调研。他强调，郊区要做好服务企业工作，推动郊区经济发展。"
    assert page_place(text).name == "郊区"
    assert page_place(text).place.parent.name == "佳木斯市"


def test_a_county_page_s_development_zone_and_its_wechat_masthead() -> None:
    # 来源：微旌德公众号 names the county; 经开区 on a page that speaks as a county is its own zone,
    # not the city's (宣城经开区)
    text = ("来源：微旌德公众号\n3月2日，县委书记张立到经开区调研，县委常委、常务副县长王立陪同。"
            "经开区管委会负责人汇报了经开区发展情况。宣城市经信局有关负责人参加。")
    assert page_place(text).name == "旌德县"


def test_a_guest_city_s_districts_are_guests_too() -> None:
    # 天津市党政考察团前来: the guests' city, and its 南开区, are not the page's place
    text = ("天津市党政考察团前来庆城工业园考察\n7月7日，天津市国资委二级调研员张立勇、南开区政府副区长徐立和南开区"
            "企业团队来园区考察。庆城县副县长刘立宏陪同。")
    assert page_place(text).name == "庆城县"


def test_a_county_s_media_masthead_is_the_page_s_place_not_a_guest_s(tmp_path: Path) -> None:
    """某某融媒（记者 甲）: a county's media centre opens the page; the guests come to 我县 after it."""
    graph, _ = build_one(tmp_path, "隆回融媒（记者 李立）3月9日，湖南省政府副秘书长、广东省驻湘工作组组长王立军率工作组到我县调研。"
                                   "县委副书记、县长张立强参加调研。")
    assert ("张立强", "隆回县政府", "县长") in posts(graph)


def test_a_zone_named_by_a_long_word_of_its_own_holds_its_bare_bodies(tmp_path: Path) -> None:
    """中新远滁高新区, written twice, is a zone: its bare 高新区党工委 and 管委会 are that zone's."""
    graph, _ = build_one(tmp_path, "9月5日，宿州市远航集团董事长周立宏率队拜访中新远滁高新区管委会。中新远滁高新区党工委委员、管委会副主任郭立付热情接待。"
                                   "周立宏一行观摩了中新远滁高新区规划展示馆。")
    assert ("郭立付", "中新远滁高新区党工委", "委员") in posts(graph)
    assert ("郭立付", "中新远滁高新区管委会", "副主任") in posts(graph)


def test_the_counties_before_a_party_that_comes_are_the_guests() -> None:
    """甲县人大常委会主任乙一行来秀考察 on a 秀山 page: 德江县 is the guests' county, named more often than
    the host's; a party that comes to 我会 (a chamber, no place) leaves its county the page's."""
    from kg.places import page_place

    text = ("7月11日，贵州省德江县人大常委会主任何立美一行来秀考察调研。县人大常委会主任周立明陪同。"
            "周立明表示，将进一步深化秀山县与德江县的交流，德江县考察组表示感谢。")
    assert page_place(text).name == "秀山土家族苗族自治县"
    chamber = "7月23日，临泽县委书记张立勇，临泽县副县长张立等一行来我会考察指导。临泽县地处河西走廊中部。"
    assert page_place(chamber).name == "临泽县"


def test_a_city_cited_with_the_centre_and_the_province_is_a_superior() -> None:
    """落实中央、省委和吉林市委部署, 对照省和吉林市要求 on a county-level city's page that never names
    itself: 吉林市 is its superior, not its place (it counts for 吉林省 only); 河南省和郑州市 names a city."""
    from kg.places import page_place

    cited = "要认真落实中央、省委和吉林市委部署，对照省和吉林市要求，查找我市问题。市委书记王立讲话。"
    assert page_place(cited).name == "吉林省"
    assert page_place("河南省和郑州市领导出席会议。郑州市委书记讲话。").name == "郑州市"


def test_a_bare_zone_body_is_of_the_page_s_city_s_zone(tmp_path: Path) -> None:
    """高新区管委会 on a 渭南 page the gazetteer knows no zone of, with 渭南市召开高新区… in the headline
    (the city holding a meeting, not a zone named 渭南市召开高新区): 渭南高新区's."""
    graph, _ = build_one(tmp_path, "渭南市召开高新区建设推进会\n6月3日，渭南市召开会议。高新区党工委书记王立、管委会主任党立出席。")
    assert {("党立", "渭南高新区管委会", "主任"), ("王立", "渭南高新区党工委", "书记")} <= posts(graph)


def test_a_page_s_named_zone_wins_over_its_city_s_zone_kind(tmp_path: Path) -> None:
    graph, _ = build_one(tmp_path, "滁州市领导调研中新苏滁高新区\n6月3日，市委书记李立调研中新苏滁高新区。中新苏滁高新区管委会主任王立陪同。高新区管委会副主任赵立汇报。")
    assert ("赵立", "中新苏滁高新区管委会", "副主任") in posts(graph)
