"""Meetings, inspection visits and their participants on pages of any city: each cause of the
development set's event errors pinned by a sentence of its own, through the library and `kg`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from kg.cli import main
from kg.extract import extract
from kg.ingest import parse_text
from kg.nlp.pipeline import load_pipeline

Row = tuple[str, str | None, str, str]  # (kind, date, agent, role)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def events(nlp: Language, text: str) -> set[Row]:
    """(event kind, date, agent as written, role) of every participation read from one page; the
    attendance only implied by a chair or speaker role is left out (the gold does not mark it)."""
    ex = extract(parse_text(text + "\n", doc_id="t"), nlp)
    kinds = {e.key: (e.kind, e.date) for e in ex.events}
    rows = set()
    for rel in ex.relations:
        if rel.kind == "participation" and rel.evidence.rule != "rule:implied-attendee":
            kind, date = kinds[str(rel.arg("event"))]
            agent = rel.arg("agent")
            rows.add((kind, date, getattr(agent, "text", ""), str(rel.arg("role"))))
    return rows


def test_meeting_named_only_by_its_verb_with_a_day_only_dateline(nlp: Language) -> None:
    """调度会 is no name the NER knows; 17日上午 takes its month from the page's date 2021/6/18."""
    found = events(nlp, "2021/6/18\n本报讯 17日上午，全市防汛工作调度会在市政府召开。市长李建国主持会议，副市长王海涛、刘志明参加。")
    assert found == {
        ("meeting", "--06-17", "李建国", "chair"),
        ("meeting", "--06-17", "王海涛", "attendee"),
        ("meeting", "--06-17", "刘志明", "attendee"),
    }


def test_a_body_between_the_verb_and_the_meeting_and_a_month_run_into_the_day(nlp: Language) -> None:
    """主持召开区委常委会会议; 0308日 (the 月 dropped) is 3月8日; the reporter and the cited
    习近平新时代…思想 are no participants."""
    found = events(
        nlp,
        "日期：2022-03-09\n本报讯（记者 张晓丽）0308日，区委书记陈志强主持召开区委常委会会议。区领导刘伟、赵磊参加会议。"
        "会议强调，要以习近平新时代中国特色社会主义思想为指导。",
    )
    assert found == {
        ("meeting", "--03-08", "陈志强", "chair"),
        ("meeting", "--03-08", "刘伟", "attendee"),
        ("meeting", "--03-08", "赵磊", "attendee"),
    }


def test_a_courtesy_call_dated_yesterday(nlp: Language) -> None:
    """昨天下午 on a page stamped 2023-05-12 is 05-11; 会见 is a meeting of host and guest, the
    guest's enterprise takes part, the host's words make him a speaker (his presence is then implied)."""
    found = events(nlp, "发布时间：2023-05-12\n昨天下午，市长周立新会见华远科技有限公司董事长孙明哲。周立新表示，欢迎企业来投资。")
    assert found == {
        ("meeting", "--05-11", "周立新", "speaker"),
        ("meeting", "--05-11", "孙明哲", "attendee"),
        ("meeting", "--05-11", "华远科技有限公司", "participant_org"),
    }


def test_signing_ceremony_parties(nlp: Language) -> None:
    """签约仪式举行: who signs attends, the enterprise that signs takes part."""
    found = events(nlp, "8月1日，市政府与东华能源股份有限公司战略合作签约仪式举行。副市长吴刚与东华能源股份有限公司总经理郑磊签署合作协议。")
    assert ("meeting", "--08-01", "东华能源股份有限公司", "participant_org") in found
    assert ("meeting", "--08-01", "吴刚", "attendee") in found
    assert ("meeting", "--08-01", "郑磊", "attendee") in found


def test_bodies_and_enterprises_that_report(nlp: Language) -> None:
    """县发改委、华兴建材有限公司汇报: the body speaks, the enterprise takes part; 出席并讲话."""
    found = events(nlp, "7月6日，全县项目推进会召开。县发改委、华兴建材有限公司汇报项目进展。县长孙伟出席并讲话。")
    assert found == {
        ("meeting", "--07-06", "县发改委", "speaker"),
        ("meeting", "--07-06", "华兴建材有限公司", "participant_org"),
        ("meeting", "--07-06", "孙伟", "attendee"),
        ("meeting", "--07-06", "孙伟", "speaker"),
    }


def test_topics_listeners_and_objects_are_not_speakers_or_chairs(nlp: Language) -> None:
    """何平就区委、区政府…汇报: the bodies are the topic; 张军听取了…汇报 listens; 黄涛向马超颁发…并主持:
    马超 is the object, 黄涛 chairs."""
    found = events(nlp, "12月3日，区政府召开企业座谈会。座谈会上，副区长何平就区委、区政府对企业的支持工作进行汇报。市长张军听取了企业负责人的汇报。")
    assert found == {("meeting", "--12-03", "何平", "speaker")}
    found = events(nlp, "5月20日，县人大常委会第十次会议召开。县人大常委会主任黄涛向马超颁发任命书，并主持宪法宣誓仪式。")
    assert found == {("meeting", "--05-20", "黄涛", "chair")}


def test_deepening_talks_is_no_visit(nlp: Language) -> None:
    """深入交流 is the adverb: no visit, and the enterprises named after it are not visited."""
    found = events(nlp, "9月5日，区长王立军与客商座谈，双方进行深入交流，并见证华光电子有限公司与宏远新材料股份有限公司签署协议。")
    assert not [row for row in found if row[0] == "visit"]


def test_a_delegation_opens_the_visit_before_any_enterprise(nlp: Language) -> None:
    """X一行莅临开发区调研 names no enterprise yet: the visit is open, so 陪同调研 joins it and the
    enterprises 先后来到 later are visited."""
    found = events(
        nlp,
        "3月2日下午，省人大常委会副主任张国华一行莅临开发区调研。区委书记李明、副区长赵刚陪同调研。"
        "张国华一行先后来到恒达机械有限公司、宏远新材料股份有限公司。",
    )
    assert found == {
        ("visit", "--03-02", "张国华", "leader"),
        ("visit", "--03-02", "李明", "attendee"),
        ("visit", "--03-02", "赵刚", "attendee"),
        ("visit", "--03-02", "恒达机械有限公司", "visited"),
        ("visit", "--03-02", "宏远新材料股份有限公司", "visited"),
    }


def test_a_listed_delegation_is_led_by_its_first_name(nlp: Language) -> None:
    """A、B、C等一行: A leads, B and C are the party; 到X和Y，察看: both visited."""
    found = events(nlp, "5月8日，市人大常委会主任王建军、副市长刘海燕、市政协副主席陈立等一行到东方电气有限公司和华光电子有限公司，察看生产情况。")
    assert found == {
        ("visit", "--05-08", "王建军", "leader"),
        ("visit", "--05-08", "刘海燕", "attendee"),
        ("visit", "--05-08", "陈立", "attendee"),
        ("visit", "--05-08", "东方电气有限公司", "visited"),
        ("visit", "--05-08", "华光电子有限公司", "visited"),
    }


def test_a_cited_earlier_visit_keeps_its_own_date_and_leader(nlp: Language) -> None:
    """王明6月3日在新乡调研时的讲话精神: a visit of 06-03 led by 王明, not a member of 06-09's."""
    found = events(nlp, "为贯彻落实省委书记王明6月3日在新乡调研时的讲话精神，6月9日上午，市委书记李华带领有关部门负责人到长垣市进行调研。")
    assert found == {("visit", "--06-03", "王明", "leader"), ("visit", "--06-09", "李华", "leader")}


def test_a_visits_party_sits_in_the_meeting_only_where_the_page_says_so(nlp: Language) -> None:
    """座谈会上 after a visit: only who the meeting's sentences name; X一行随后召开座谈会: the party too."""
    visit = "4月2日，副市长李强带队到天宇电子有限公司调研，区长王平陪同调研。"
    found = events(nlp, visit + "座谈会上，王平作了工作汇报。")
    assert {r for r in found if r[0] == "meeting"} == {("meeting", "--04-02", "王平", "speaker")}
    assert ("visit", "--04-02", "王平", "attendee") in found
    found = events(nlp, visit + "李强一行随后召开座谈会，听取企业意见。")
    assert {r for r in found if r[0] == "meeting"} == {("meeting", "--04-02", "王平", "attendee")}


def test_cli_scores_a_page_of_new_wording_exactly(tmp_path: Path) -> None:
    """`kg eval graph` on a one-page gold of a 调度会 (day-only dateline) and a delegation's visit."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p1.txt").write_text(
        "2021/6/18\n本报讯 17日上午，全市防汛工作调度会在市政府召开。市长李建国主持会议，副市长王海涛参加。\n"
        "18日上午，副市长王海涛一行到恒达机械有限公司调研。\n",
        encoding="utf-8",
    )
    rows = [
        {"kind": "page", "split": "dev", "source": "test", "relations": ["participation", "visit"]},
        {"kind": "event", "id": "e1", "type": "meeting", "label": "全市防汛工作调度会", "date": "--06-17"},
        {"kind": "participation", "event": "e1", "agent": "李建国", "role": "chair"},
        {"kind": "participation", "event": "e1", "agent": "王海涛", "role": "attendee"},
        {"kind": "event", "id": "e2", "type": "visit", "label": "调研", "date": "--06-18"},
        {"kind": "participation", "event": "e2", "agent": "王海涛", "role": "leader"},
        {"kind": "participation", "event": "e2", "agent": "恒达机械有限公司", "role": "visited"},
    ]
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "p1.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "graph", "--gold", str(gold), str(pages), "--json"])
    assert result.exit_code == 0, result.output
    relations = json.loads(result.output)["relations"]
    assert (relations["participation"]["p"], relations["participation"]["r"]) == (1.0, 1.0)
    assert (relations["visit"]["p"], relations["visit"]["r"]) == (1.0, 1.0)


def test_who_convenes_chairs_and_a_visit_sentence_may_open_the_meeting(nlp: Language) -> None:
    """高建国、孟凡组织召开…推进会: both chair; 许文华一行先后走访了X、Y，并主持召开座谈会: he leads
    the visit and chairs the meeting it opens."""
    found = events(nlp, "6月2日上午，区委书记高建国、区长孟凡组织召开全区安全生产工作推进会。")
    assert found == {("meeting", "--06-02", "高建国", "chair"), ("meeting", "--06-02", "孟凡", "chair")}
    found = events(nlp, "6月3日，市人大常委会副主任许文华一行先后走访了宏达纺织有限公司、天成食品有限公司，并主持召开座谈会，听取企业意见。")
    assert found == {
        ("visit", "--06-03", "许文华", "leader"),
        ("visit", "--06-03", "宏达纺织有限公司", "visited"),
        ("visit", "--06-03", "天成食品有限公司", "visited"),
        ("meeting", "--06-03", "许文华", "chair"),
    }


def test_names_listed_after_their_cue_during_a_call(nlp: Language) -> None:
    """X一行到Y访问。一同参加会见的还有：A，B: a visit, and a 会见 both A and B attend."""
    found = events(nlp, "9月8日，市委书记杜明一行到华北钢铁集团有限公司访问。一同参加会见的还有：市委常委、秘书长宁海，副市长邹平。")
    assert found == {
        ("visit", "--09-08", "杜明", "leader"),
        ("visit", "--09-08", "华北钢铁集团有限公司", "visited"),
        ("visit", "--09-08", "宁海", "attendee"),
        ("visit", "--09-08", "邹平", "attendee"),
        ("meeting", "--09-08", "宁海", "attendee"),
        ("meeting", "--09-08", "邹平", "attendee"),
    }


def test_a_bodys_official_attends_not_the_body(nlp: Language) -> None:
    """区政府办四级调研员常伟…参加调研: 常伟 attends; 区政府 (read without its 办) does not."""
    found = events(nlp, "6月6日下午，区委副书记王立带队开展现场调研活动。区政府办四级调研员常伟、区人大常委会副主任马林参加调研。")
    assert found == {
        ("visit", "--06-06", "王立", "leader"),
        ("visit", "--06-06", "常伟", "attendee"),
        ("visit", "--06-06", "马林", "attendee"),
    }


def test_the_one_handed_a_certificate_attends(nlp: Language) -> None:
    """黄涛向李建华颁发任命书: 李建华 is there (attendee); the cue after him is not his."""
    found = events(nlp, "5月20日，县人大常委会第十次会议召开。县人大常委会主任黄涛向李建华颁发任命书，并主持宪法宣誓仪式。")
    assert found == {("meeting", "--05-20", "黄涛", "chair"), ("meeting", "--05-20", "李建华", "attendee")}


def test_the_parties_of_a_signing_ceremony_held_in_the_sentence(nlp: Language) -> None:
    """X公司与Y区政府合作项目签约仪式在Z举行: both signers take part; 再签约X等项目 (a plan) does not."""
    found = events(nlp, "3月6日，宏图科技有限公司与金川区人民政府合作项目签约仪式在兰州举行。区长刘明出席。")
    assert ("meeting", "--03-06", "宏图科技有限公司", "participant_org") in found
    assert ("meeting", "--03-06", "金川区人民政府", "participant_org") in found
    found = events(nlp, "3月6日，全区招商工作推进会召开。会议提出，四季度再签约宏图科技有限公司等项目20个。")
    assert not [row for row in found if row[3] == "participant_org"]


def test_an_official_going_out_opens_the_visit_without_a_name_or_a_place(nlp: Language) -> None:
    """县委书记深入部分重点企业调研 (no name read, no enterprise named): the visit is open, so the
    officials who 参加调研 are its party."""
    found = events(nlp, "3月25日，县委书记深入部分重点企业调研项目建设情况。副县长刘红、县发改委主任孙强参加调研。")
    assert found == {("visit", "--03-25", "刘红", "attendee"), ("visit", "--03-25", "孙强", "attendee")}


def test_a_date_in_the_headline_dates_an_article_without_a_dateline(nlp: Language) -> None:
    """A headline ``8月17日 市长李明到…调研`` over a body with no date: the visit is of 08-17."""
    found = events(nlp, "8月17日 市长李明到华宇科技有限公司调研\n副市长张伟陪同。李明来到华宇科技有限公司生产车间，了解生产情况。")
    assert found == {("visit", "--08-17", "李明", "leader"), ("visit", "--08-17", "华宇科技有限公司", "visited")}
