"""Issue 11, persons: names read on any page, and no person or place made from a fragment.
Each case is a short sentence of its own (not copied from any page), built alone with the shipped
model; the last test builds through the ``kg build`` command line as a user calls it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import BuildResult
from kg.cli import main
from kg.nlp.components import load_refine_rules
from kg.places import page_place
from page_helpers import build_sentence_pages

SENTENCES = {
    # less common surnames after a title: 杭, 汲, 宿, 燕 (the title rule and the model's filter share one list)
    "rare-surnames": "新区召开会议，区长杭立平、副区长汲文清出席，县长宿明远、副县长燕小红参加。",
    # the names of the persons the sentence lists stay the names (no 都 adverb read as a surname)
    "adverb-not-surname": "县委书记王立、县长李强都参加了会议。",
    # a surname with a title is a way of naming someone, no name (张市长一行)
    "surname-title": "陪同调研。\n\n张市长一行到远航公司生产线现场进行了查看。",
    # a name before its title (李明省长会见时): the person, and a government head's post of the page's place
    "name-before-title": "楚雄州召开会议。会上，杨立书记、孙明省长会见了客商代表。",
    # names after a title closed by 及 (副主任甲、乙及有关部门负责人)
    "list-then-ji": "宜阳县召开会议，县政协副主席严立、候明及有关部门负责人参加。",
    # a project's name never runs over a title and a name (县长X在致辞中…项目)
    "project-not-over-name": "宜阳县举行签约仪式。县长米立成在致辞中对项目签约表示祝贺。",
    # a word before 及 in a list after a title is no name when the dictionary knows it as a word
    "word-before-ji": "特区政府财政司司长陈立波、商务及经济发展局局长丘立华出席。",
    # names with no Han surname after their titles: Tibetan, Mongolian, Yi (1-3 name parts of refine.json)
    "minority-names": "那曲市召开会议。市政府秘书长次仁多吉、副市长巴特尔陪同，州长苏嘎尔布到会。",
    # two-character names padded to three with a space, as lists of officials set them
    "padded-names": "临泉县召开会议，副县长王　伟、县政协副主席李　强出席。",
    # names whose surname no list holds, read by the model right after a title (俸, 禤, 亓), and a Hong
    # Kong name with two surnames; a Taiwan vice-minister and a permanent secretary are posts
    "unlisted-surnames": "会上，市政协副主席俸立春作报告，副县长禤立明、局长亓立新出席。",
    "hk-taiwan-titles": "经济部次长连立漳、公务员事务局常任秘书长杨何蓓立出席。",
    # a name before 到/赴 after its title ends there (the model reads 王立到)
    "name-before-dao": "宜阳县召开会议。副县长王立到和信公司调研，县长李明赴企业调研，副县长王向前、张有为出席。",
    # a league's committee and its commissioner's office (盟委, 盟行政公署) on a banner's page
    "league": "阿拉善盟委委员、副盟长杭立新到额济纳旗调研，旗委副书记、旗长乌云陪同。",
    # 和/与/及 ending a name before a mark is the name's (刘立和；), a conjunction before another name (王立和李强)
    "he-in-name": "市住建委主任刘立和；县交通局局长周立与，副县长王立和李强出席。",
    # 经 opening a word of a body's name (经济财政司) is no preposition cut off
    "jing-word": "经济财政司司长李立农出席。经县委研究，决定召开会议。",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_sentence_pages(tmp_path_factory.mktemp("person-pages"), SENTENCES)


def persons(built: BuildResult, name: str) -> set[str]:
    (ex,) = [e for e in built.extractions if e.document.doc_id == name]
    return {m.text for m in ex.mentions if m.label == "PERSON"}


def test_less_common_surnames_after_titles(built: BuildResult) -> None:
    assert persons(built, "rare-surnames") == {"杭立平", "汲文清", "宿明远", "燕小红"}


def test_an_adverb_after_names_is_no_name(built: BuildResult) -> None:
    assert persons(built, "adverb-not-surname") == {"王立", "李强"}


def test_surname_and_title_is_no_name(built: BuildResult) -> None:
    assert persons(built, "surname-title") == set()


def posts(built: BuildResult, name: str) -> set[tuple[str, str | None, str]]:
    res = built.resolution
    assert res is not None
    (ex,) = [e for e in built.extractions if e.document.doc_id == name]
    out = set()
    for rel in ex.relations:
        if rel.kind == "membership":
            key = res.body_key(name, rel)
            out.add((str(getattr(rel.arg("member"), "text", "")), res.entities[key].name if key else None, str(rel.arg("role"))))
    return out


def test_name_before_its_title(built: BuildResult) -> None:
    assert persons(built, "name-before-title") == {"杨立", "孙明"}
    assert posts(built, "name-before-title") == {("孙明", "云南省政府", "省长")}  # 书记 of what: not said


def test_names_closed_by_ji_and_a_project_beside_a_name(built: BuildResult) -> None:
    assert posts(built, "list-then-ji") == {("严立", "宜阳县政协", "副主席"), ("候明", "宜阳县政协", "副主席")}
    assert posts(built, "project-not-over-name") == {("米立成", "宜阳县政府", "县长")}


def test_a_word_before_ji_is_no_name(built: BuildResult) -> None:
    assert persons(built, "word-before-ji") == {"陈立波", "丘立华"}
    assert ("丘立华", "商务及经济发展局", "局长") in posts(built, "word-before-ji")


def test_names_without_a_han_surname_after_titles(built: BuildResult) -> None:
    assert persons(built, "minority-names") == {"次仁多吉", "巴特尔", "苏嘎尔布"}
    assert ("次仁多吉", "那曲市政府", "秘书长") in posts(built, "minority-names")
    # a name part is no name without a title before it and a cue after it
    assert persons(built, "jing-word") == {"李立农"}


def test_padded_names_are_names(built: BuildResult) -> None:
    assert posts(built, "padded-names") == {("王伟", "临泉县政府", "副县长"), ("李强", "临泉县政协", "副主席")}


def test_names_after_titles_whatever_their_surname(built: BuildResult) -> None:
    assert {"俸立春", "禤立明", "亓立新"} <= persons(built, "unlisted-surnames")
    assert posts(built, "hk-taiwan-titles") == {("连立漳", "经济部", "次长"), ("杨何蓓立", "公务员事务局", "常任秘书长")}


def test_a_name_before_dao_ends_there(built: BuildResult) -> None:
    assert {"王立", "李明", "王向前", "张有为"} == persons(built, "name-before-dao")  # 前, 为 end names too


def test_a_league_and_its_banner(built: BuildResult) -> None:
    assert posts(built, "league") == {
        ("杭立新", "中共阿拉善盟委", "委员"), ("杭立新", "阿拉善盟行政公署", "副盟长"),
        ("乌云", "中共额济纳旗委", "副书记"), ("乌云", "额济纳旗政府", "旗长"),
    }


def test_a_word_opening_a_body_keeps_its_first_character(built: BuildResult) -> None:
    assert ("李立农", "经济财政司", "司长") in posts(built, "jing-word")


def test_title_rule_and_model_filter_share_the_surnames() -> None:
    """The regex of names after titles lists every surname of refine.json (they drifted apart once)."""
    surnames = load_refine_rules()["surnames"]
    line = (Path(__file__).parents[1] / "kg" / "patterns" / "rules.jsonl").read_text(encoding="utf-8").splitlines()[0]
    regex = json.loads(line)["pattern"]["regex"]
    assert regex.count(f"[{surnames}]") == 2


def test_island_short_form_is_no_page_place() -> None:
    # 中沙 (China and Saudi Arabia) is no short name of the 中沙 islands' division
    assert page_place("推动中沙合作项目落地，双方签约。").place is None
    found = page_place("福建省漳州市召开会议，推动中沙合作项目落地。").place
    assert found is not None and found.name == "漳州市"


def test_prefecture_post_through_the_command_line(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "one.txt").write_text("楚雄州召开会议，州委书记杭立平出席。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ttl = (out / "kg.ttl").read_text(encoding="utf-8")
    assert '"杭立平"@zh' in ttl and '"中共楚雄州委"@zh' in ttl


def test_he_yu_ending_a_name_before_a_mark_is_the_name_s(built: BuildResult) -> None:
    assert persons(built, "he-in-name") == {"刘立和", "周立与", "王立", "李强"}
