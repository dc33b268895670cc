"""The general shapes of meeting, visit and byline sentences in government news, each pinned by a
short sentence of its own (names invented), through the library and through `kg build`."""

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

Row = tuple[str, str | None, str, str]  # (kind, date, agent as written, role)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def events(nlp: Language, text: str) -> set[Row]:
    """Every participation of one page, without the attendance only implied by a chair or speaker."""
    ex = extract(parse_text(text + "\n", doc_id="t"), nlp)
    kinds = {e.key: (e.kind, e.date) for e in ex.events}
    rows = set()
    for rel in ex.relations:
        if rel.kind == "participation" and rel.evidence.rule != "rule:implied-attendee":
            kind, date = kinds[str(rel.arg("event"))]
            rows.add((kind, date, getattr(rel.arg("agent"), "text", ""), str(rel.arg("role"))))
    return rows


def authors(nlp: Language, text: str) -> set[tuple[str, str]]:
    ex = extract(parse_text(text + "\n", doc_id="t"), nlp)
    return {(getattr(r.arg("person"), "text", ""), str(r.arg("role"))) for r in ex.relations if r.kind == "author"}


def test_the_reporter_of_the_dateline_does_not_lead_and_escorts_do_not_lead(nlp: Language) -> None:
    """（记者 X）opens the sentence, but the official after the date leads; those named inside
    在…陪同下 are his party."""
    found = events(nlp, "本报讯（记者 王芳）3月5日，市委书记吴刚在县委书记林海、县长周平陪同下，深入东方纺织有限公司调研。")
    assert found == {
        ("visit", "--03-05", "吴刚", "leader"),
        ("visit", "--03-05", "林海", "attendee"),
        ("visit", "--03-05", "周平", "attendee"),
        ("visit", "--03-05", "东方纺织有限公司", "visited"),
    }


def test_attending_a_ceremony_says_it_was_held(nlp: Language) -> None:
    """出席签约仪式 with no 召开/举行 and no dateline in its sentence: still a meeting held that day."""
    found = events(nlp, "3月2日，市政府与华远科技有限公司签署战略合作协议。市长王刚、公司董事长李华出席签约仪式。")
    assert {("meeting", "--03-02", "王刚", "attendee"), ("meeting", "--03-02", "李华", "attendee")} <= found


def test_a_meeting_that_opens_and_a_study_session(nlp: Language) -> None:
    """X博览会在Y开幕 and 举行…集体学习 are meetings; 致辞 and 主持学习并讲话 make speakers."""
    fair = events(nlp, "11月3日，第十届中小企业博览会在广州开幕。副省长黄强出席开幕式并致辞。")
    assert fair == {("meeting", "--11-03", "黄强", "attendee"), ("meeting", "--11-03", "黄强", "speaker")}
    study = events(nlp, "3月2日，县委理论学习中心组举行第一次集体学习。县委书记韩涛主持学习并讲话。")
    assert study == {("meeting", "--03-02", "韩涛", "chair"), ("meeting", "--03-02", "韩涛", "speaker")}


def test_who_conveys_or_deploys_speaks_but_the_agenda_does_not(nlp: Language) -> None:
    """传达了…精神 and 作了安排部署 are a speaker's; 主持召开…，传达学习…，研究部署… is what the
    meeting did, so its chair is no speaker for it."""
    found = events(
        nlp,
        "5月6日，县委书记李强主持召开县委常委会会议，传达学习省委有关会议精神，研究部署近期重点工作。"
        "会上，县委副书记王磊传达了省委全会精神，县委常委、组织部部长李娜就相关工作作了安排部署。",
    )
    assert found == {
        ("meeting", "--05-06", "李强", "chair"),
        ("meeting", "--05-06", "王磊", "speaker"),
        ("meeting", "--05-06", "李娜", "speaker"),
    }


def test_names_listed_after_who_else_attended(nlp: Language) -> None:
    """出席会议的县领导还有A、B: a word may stand between 的 and 还有."""
    found = events(nlp, "7月1日，全县表彰大会隆重举行。县长李明主持会议。出席会议的县领导还有刘强、孙伟。")
    assert found == {
        ("meeting", "--07-01", "李明", "chair"),
        ("meeting", "--07-01", "刘强", "attendee"),
        ("meeting", "--07-01", "孙伟", "attendee"),
    }


def test_a_visit_that_goes_on_to_a_meeting(nlp: Language) -> None:
    """X一行深入…调研，随后召开座谈会: X holds the meeting, and what X says next is said there;
    the one who accompanied the visit sits in it too."""
    found = events(
        nlp,
        "4月10日，区委书记赵刚率队到重点企业调研。区委常委钱林陪同。"
        "赵刚一行深入恒通物流有限公司进行了实地调研，随后召开座谈会，听取了情况汇报。赵刚指出，要优化营商环境。",
    )
    assert found == {
        ("visit", "--04-10", "赵刚", "leader"),
        ("visit", "--04-10", "钱林", "attendee"),
        ("visit", "--04-10", "恒通物流有限公司", "visited"),
        ("meeting", "--04-10", "赵刚", "chair"),
        ("meeting", "--04-10", "赵刚", "speaker"),
        ("meeting", "--04-10", "钱林", "attendee"),
    }


def test_talks_between_a_host_and_named_guests(nlp: Language) -> None:
    """A与B公司总经理C举行会谈 is a meeting of A and C, B takes part; who joins the talks attends."""
    found = events(nlp, "5月10日下午，副市长张明与华远科技有限公司总经理李华举行会谈。市政府副秘书长赵亮参加会谈。")
    assert found == {
        ("meeting", "--05-10", "张明", "attendee"),
        ("meeting", "--05-10", "李华", "attendee"),
        ("meeting", "--05-10", "华远科技有限公司", "participant_org"),
        ("meeting", "--05-10", "赵亮", "attendee"),
    }


def test_a_welcome_banquet_is_attended_not_spoken_at_by_its_guests(nlp: Language) -> None:
    """举行欢迎宴会 is a meeting; 参加欢迎宴会 attends it (欢迎 of the banquet's name is no words of
    welcome); 出席…的主要来宾有：A，B is a list of attendees."""
    found = events(
        nlp,
        "5月3日晚，市政府举行欢迎宴会。出席欢迎宴会的主要来宾有：省商务厅副厅长周明，华远科技有限公司董事长李嘉。"
        "市长郭洪在致辞中欢迎各位客商。市领导李太、刘安参加欢迎宴会。",
    )
    assert found == {
        ("meeting", "--05-03", "周明", "attendee"),
        ("meeting", "--05-03", "李嘉", "attendee"),
        ("meeting", "--05-03", "郭洪", "speaker"),
        ("meeting", "--05-03", "李太", "attendee"),
        ("meeting", "--05-03", "刘安", "attendee"),
    }


def test_a_visit_to_our_company_is_a_visit_to_the_page_s_enterprise(nlp: Language) -> None:
    """到我公司考察: the enterprise news of 东方重工有限公司 means itself by 我公司."""
    found = events(nlp, "东方重工有限公司召开年度总结大会\n8月21日，省工信厅副厅长张伟一行到我公司考察调研。公司董事长刘洋陪同。")
    assert found == {
        ("visit", "--08-21", "张伟", "leader"),
        ("visit", "--08-21", "东方重工有限公司", "visited"),
        ("visit", "--08-21", "刘洋", "attendee"),
    }


def test_talks_in_a_clause_that_shares_the_sentence_s_subject(nlp: Language) -> None:
    """X到访…，与Y举行会谈: the clause opening with 与 has X as its subject."""
    found = events(nlp, "3月15日，东方重工有限公司董事长周立军到访市政府，与市长王凯举行会谈。副市长刘进参加会谈。")
    assert {
        ("meeting", "--03-15", "周立军", "attendee"),
        ("meeting", "--03-15", "王凯", "attendee"),
        ("meeting", "--03-15", "刘进", "attendee"),
    } <= found


def test_everyone_named_as_the_subject_of_a_visit_goes_on_it(nlp: Language) -> None:
    """A、B等调研组一行会同C、D到X走访调研: 调研组 is the party (no visit verb), A leads, B, C and D go."""
    found = events(
        nlp,
        "9月2日，市政协副主席王立、市发改委副主任张波等市政协调研组一行会同县委书记谭松、副县长刘亮等县领导"
        "到东方科技有限公司进行走访调研。",
    )
    assert found == {
        ("visit", "--09-02", "王立", "leader"),
        ("visit", "--09-02", "张波", "attendee"),
        ("visit", "--09-02", "谭松", "attendee"),
        ("visit", "--09-02", "刘亮", "attendee"),
        ("visit", "--09-02", "东方科技有限公司", "visited"),
    }


def test_zones_and_parks_that_sign_take_part(nlp: Language) -> None:
    """X经开区与Y公司签署…协议 and 甲工业园区、乙工业园区负责人分别与客商签约: zones and parks that sign
    take part as well as enterprises; 协议的签署 later on, a noun, makes no new party, nor does the
    body of a post listed among the guests (、市政府副市长周剑)."""
    found = events(
        nlp,
        "3月4日，东湖产业合作签约仪式举行。仪式上，东湖经开区与华远科技有限公司签署战略合作协议。"
        "东湖工业园区、西山工业园区主要负责人分别与投资客商签约。"
        "周立表示，这次协议的签署，标志着东湖区和华远的合作迈上新台阶。"
        "市委副书记贾宏、市政府副市长周剑出席签约仪式。",
    )
    orgs = {(agent, role) for kind, _, agent, role in found if role == "participant_org"}
    assert orgs == {
        ("东湖经开区", "participant_org"),
        ("华远科技有限公司", "participant_org"),
        ("东湖工业园区", "participant_org"),
        ("西山工业园区", "participant_org"),
    }


def test_host_and_guest_who_speak_are_speakers_of_the_meeting(nlp: Language) -> None:
    """会见: the host and the guest meet; once the page gives their words they are speakers, and
    their presence is implied (as a chair's is), while the one who only sits in attends."""
    found = events(
        nlp,
        "5月10日，市长王强会见了华远科技有限公司董事长李华一行。副市长张明参加会见。"
        "王强对李华一行表示欢迎。李华介绍了企业发展情况。",
    )
    assert found == {
        ("meeting", "--05-10", "王强", "speaker"),
        ("meeting", "--05-10", "李华", "speaker"),
        ("meeting", "--05-10", "张明", "attendee"),
        ("meeting", "--05-10", "华远科技有限公司", "participant_org"),
    }


def test_escorts_listed_with_commas_and_a_village_visited(nlp: Language) -> None:
    """在A、B，总工程师C等陪同下，X深入…: the escort list runs over a comma, X leads; a village
    (西山村) is visited, the county the page is about is not."""
    found = events(
        nlp,
        "6月2日，在副县长刘学、马平，总工程师姜海等陪同下，市委书记赵新深入东方铝业有限公司、西山村，了解生产和村务情况。",
    )
    assert found == {
        ("visit", "--06-02", "赵新", "leader"),
        ("visit", "--06-02", "刘学", "attendee"),
        ("visit", "--06-02", "马平", "attendee"),
        ("visit", "--06-02", "姜海", "attendee"),
        ("visit", "--06-02", "东方铝业有限公司", "visited"),
        ("visit", "--06-02", "西山村", "visited"),
    }


def test_coming_to_a_session_is_no_visit(nlp: Language) -> None:
    """X来到…会议…代表团，与代表们一起审议: X sits in the session (and speaks there); 市人大常委会党组
    副书记Y…出席 is Y's post, not the body attending."""
    found = events(
        nlp,
        "4月7日下午，市长张建国来到市五届人大三次会议东城代表团，与代表们一起审议政府工作报告。"
        "市人大常委会党组副书记、副主任刘平，市委常委王新等出席。区委书记李华主持会议。张建国强调，要加快转型发展。",
    )
    assert found == {
        ("meeting", "--04-07", "张建国", "speaker"),
        ("meeting", "--04-07", "刘平", "attendee"),
        ("meeting", "--04-07", "王新", "attendee"),
        ("meeting", "--04-07", "李华", "chair"),
    }


def test_calling_on_enterprises_is_a_visit_whose_hosts_speak(nlp: Language) -> None:
    """带队到X，拜访A公司董事长B: a visit to A; B, who welcomes them, speaks; the leader's own words
    stay the visit's; 代表市四大班子 says on whose behalf, 一行的到访 refers back to the visit."""
    found = events(
        nlp,
        "12月1日，市委书记马国带队到郑州，拜访东方能源集团有限公司董事长马兰。市长赵宇参加。"
        "拜访中，马国代表市四大班子对东方能源集团长期以来的支持表示感谢。马兰对马国一行的到访表示欢迎。",
    )
    assert found == {
        ("visit", "--12-01", "马国", "leader"),
        ("visit", "--12-01", "东方能源集团有限公司", "visited"),
        ("visit", "--12-01", "东方能源集团", "visited"),  # its short name, one resource once resolved
        ("visit", "--12-01", "赵宇", "attendee"),
        ("visit", "--12-01", "马兰", "speaker"),
    }


def test_who_performs_a_ceremony_attends_and_a_long_titled_report_is_spoken(nlp: Language) -> None:
    """为科技园揭牌 / 为获奖企业颁奖 are a ceremony's acts; 作了题为《…》的报告 with a long title is a
    speaker's."""
    found = events(
        nlp,
        "5月8日，全区科技创新大会召开。区委书记赵林作了题为《坚定不移走创新驱动发展道路 奋力谱写高质量发展新篇章》的报告。"
        "区长钱伟为获奖企业颁奖，副区长李青为新型研发机构揭牌。",
    )
    assert found == {
        ("meeting", "--05-08", "赵林", "speaker"),
        ("meeting", "--05-08", "钱伟", "attendee"),
        ("meeting", "--05-08", "李青", "attendee"),
    }


def test_the_headline_names_the_meeting_the_body_only_chairs(nlp: Language) -> None:
    """Headline 市政协召开党组会议, body 王明主持会议: the meeting of the headline, with its chair."""
    found = events(nlp, "市政协召开党组会议\n2022-05-13\n12日，市政协党组书记、主席王明主持会议。市政协党组成员李强、赵伟参加会议。")
    assert found == {
        ("meeting", "--05-12", "王明", "chair"),
        ("meeting", "--05-12", "李强", "attendee"),
        ("meeting", "--05-12", "赵伟", "attendee"),
    }


def test_a_meeting_named_before_its_day_or_form_and_an_earlier_one_it_follows(nlp: Language) -> None:
    """X推进会8日召开 / X会议以视频形式召开 are held; 省视频会议召开后，我县随即召开Y会议: Y is the
    meeting of the article."""
    assert events(nlp, "全市优化营商环境工作推进会8日召开。市长张华出席并讲话。") == {
        ("meeting", None, "张华", "attendee"),
        ("meeting", None, "张华", "speaker"),
    }
    assert events(nlp, "全区经济工作会议以视频形式召开。区委书记赵林出席会议并讲话。") == {
        ("meeting", None, "赵林", "attendee"),
        ("meeting", None, "赵林", "speaker"),
    }
    ex = extract(parse_text("3月8日，全省防汛工作视频会议召开后，我县随即召开全县防汛工作会议。县委书记周平出席会议并讲话。\n", doc_id="t"), nlp)
    assert [e.label for e in ex.events] == ["我县全县防汛工作会议"]


def test_an_agency_dateline_dates_the_article(nlp: Language) -> None:
    """新华网南京2月25日电（记者 X）… / 中新网成都3月1日电 …日前…: the wire's date is the article's."""
    found = events(nlp, "新华网南京2月25日电（记者 王芳）市委书记吴刚深入东方纺织有限公司调研，县长周平陪同。")
    assert found == {
        ("visit", "--02-25", "吴刚", "leader"),
        ("visit", "--02-25", "东方纺织有限公司", "visited"),
        ("visit", "--02-25", "周平", "attendee"),
    }
    found = events(nlp, "中新网成都3月1日电 四川省副省长李强日前率队赴东方电气股份有限公司考察。")
    assert ("visit", "--03-01", "李强", "leader") in found


def test_the_day_s_visit_goes_on_after_its_meeting(nlp: Language) -> None:
    """X带队来到园区，召开座谈会。…一行人随后走进A公司: the visit the party came on goes on (one visit,
    led by X), not a new one with no one on it."""
    ex = extract(
        parse_text(
            "8月27日，由区长张明带队的企业服务团来到东湖园区，召开座谈会，听取企业意见。\n"
            "座谈会后，一行人走进东方光电有限公司，察看生产线。\n",
            doc_id="t",
        ),
        nlp,
    )
    visits = [e for e in ex.events if e.kind == "visit"]
    assert len(visits) == 1
    party = {
        (getattr(r.arg("agent"), "text", ""), str(r.arg("role")))
        for r in ex.relations
        if r.kind == "participation" and r.arg("event") == visits[0].key
    }
    assert {("张明", "leader"), ("东方光电有限公司", "visited")} <= party


def test_a_line_that_opens_a_speech_is_read_for_its_speaker(nlp: Language) -> None:
    """"副市长周剑在签约仪式上指出" on a line of its own, its words in the next paragraph: the layout
    makes it look like a heading, but it says who spoke."""
    found = events(nlp, "2月25日，我县举行项目集中签约仪式。县委书记李俊主持签约仪式。\n市政府副市长周剑在签约仪式上指出\n此次集中签约的十个项目，投资规模大。")
    assert found == {("meeting", "--02-25", "李俊", "chair"), ("meeting", "--02-25", "周剑", "speaker")}


def test_a_stay_of_several_days_is_dated_by_its_first(nlp: Language) -> None:
    found = events(nlp, "为推动产业合作，6月8日至9日，市长李明率队赴上海考察，先后走访了华远科技有限公司、东方电气股份有限公司。")
    assert ("visit", "--06-08", "李明", "leader") in found
    assert ("visit", "--06-08", "东方电气股份有限公司", "visited") in found


def test_credit_lines_name_their_authors(nlp: Language) -> None:
    """编辑：X / 采写 | 单位 X / （责任编辑：X）/ 文/图 本报记者 X / 来源：单位 作者：X, each on its own
    line; a source's unit credits no one."""
    text = (
        "9月3日下午，县长刘强主持召开县政府常务会议。\n"
        "采写 | 县融媒体中心 曾小琴\n编辑：张小红 审核：刘大勇\n（责任编辑：王小丽）\n文/图 本报记者 孙立新\n"
        "来源：县融媒体中心 作者：赵明明\n图/刘小兵 记者：钱多多\n（记者 周文 通讯员 吴武）"
    )
    assert authors(nlp, text) == {
        ("曾小琴", "采写"),
        ("张小红", "编辑"),
        ("刘大勇", "审核"),
        ("王小丽", "责任编辑"),
        ("孙立新", "记者"),
        ("赵明明", "作者"),
        ("刘小兵", "图"),
        ("钱多多", "记者"),
        ("周文", "记者"),
        ("吴武", "通讯员"),
    }


def test_prose_that_starts_with_a_credit_word_credits_no_one(nlp: Language) -> None:
    assert authors(nlp, "文化旅游节开幕。\n图为开幕式现场\n编辑部主任李华讲话。") == set()


def test_build_writes_the_visit_and_the_byline(tmp_path: Path) -> None:
    """`kg build` then `kg query` on a page of these shapes: the official (not the reporter) leads the
    visit to the enterprise, and the editor is an author of the article."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text(
        "本报讯（记者 王芳）3月5日，市委书记吴刚在县长周平陪同下，深入东方纺织有限公司调研。\n编辑：张小红\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(pages), "--out", str(out), "--no-store"])
    assert result.exit_code == 0, result.output
    query = (
        "PREFIX kg: <https://kg.example.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX schema: <https://schema.org/> "
        "SELECT ?leader ?visited ?author WHERE { ?e kg:delegationLeader ?l ; kg:visited ?v . ?l rdfs:label ?leader . "
        "?v rdfs:label ?visited . ?a schema:author ?w . ?w rdfs:label ?author }"
    )
    result = runner.invoke(main, ["query", query, "--graph", str(out / "kg.ttl"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split(",")) for line in result.output.strip().splitlines()[1:]}
    assert ("吴刚", "东方纺织有限公司", "张小红") in rows
    assert not any(row[0] == "王芳" for row in rows)


def test_a_list_of_titled_names_cut_by_semicolons_is_closed_by_its_attendance_verb(nlp: Language) -> None:
    """A meeting held between bodies (X与Y举行工作洽谈) names no one; the next sentence lists its
    attendees by title, in groups cut by ；, and closes the list with 出席. Everyone listed attends,
    and the enterprise whose head is listed takes part."""
    found = events(nlp, "5月9日，青川县与重点客商举行工作洽谈。县委书记、县长马天明；省商务厅处长周晓，"
                        "远航科技有限公司总经理孙立出席。县委常委、副县长何平；远航科技有限公司副总经理郑悦等参加会议。")
    assert {
        ("meeting", "--05-09", "马天明", "attendee"),
        ("meeting", "--05-09", "周晓", "attendee"),
        ("meeting", "--05-09", "孙立", "attendee"),
        ("meeting", "--05-09", "何平", "attendee"),
        ("meeting", "--05-09", "郑悦", "attendee"),
        ("meeting", "--05-09", "远航科技有限公司", "participant_org"),
    } <= found


def test_a_name_before_words_that_are_no_list_is_not_an_attendee(nlp: Language) -> None:
    """Between 马天明 and 出席 stands a clause of its own: he is not listed as present."""
    found = events(nlp, "5月9日，青川县召开招商工作会议。马天明所在的企业去年获评先进；周晓等出席会议。")
    assert ("meeting", "--05-09", "周晓", "attendee") in found
    assert not any(agent == "马天明" for _, _, agent, _ in found)


def test_hosts_who_receive_a_delegation_attend_its_visit_and_thanks_for_it_open_none(nlp: Language) -> None:
    """The hosts who 接待 a visiting party are with it; a later sentence that thanks the party for
    coming (对X一行到公司考察表示欢迎) speaks of the same visit and opens no visit led by the host."""
    found = events(nlp, "6月3日，县长韩松带领县发改委主任吕明一行到宏达机械有限公司考察。"
                        "公司董事长钱进、副总经理卫华热情接待韩松一行。"
                        "钱进对韩松一行到宏达机械有限公司考察表示热烈欢迎。")
    assert {
        ("visit", "--06-03", "韩松", "leader"),
        ("visit", "--06-03", "吕明", "attendee"),
        ("visit", "--06-03", "钱进", "attendee"),
        ("visit", "--06-03", "卫华", "attendee"),
    } <= found
    assert ("visit", "--06-03", "钱进", "leader") not in found
    assert ("visit", "--06-03", "韩松", "attendee") not in found


def test_a_ceremony_someone_speaks_at_was_held(nlp: Language) -> None:
    """在…典礼（上）致辞 / 在…推介会上讲话: no 召开 or 举行, but a meeting with its speaker."""
    found = events(nlp, "8月16日，文化体育局局长梁文在「中秋灯会」开幕典礼致辞。")
    assert ("meeting", "--08-16", "梁文", "speaker") in found
    found = events(nlp, "8月16日，市长冯平在农业招商推介会上讲话。")
    assert ("meeting", "--08-16", "冯平", "speaker") in found


def test_the_enterprises_of_a_visiting_party_take_part_but_not_those_who_escort_it(nlp: Language) -> None:
    """X公司处长甲和Y公司经理乙一行来县调研: both enterprises take part in the visit; the enterprise
    of one who 陪同 it is a host, not part of the party."""
    found = events(nlp, "7月2日，北方化工股份有限公司总经理罗成和东岳机械有限公司项目经理毛毅一行来青川县调研，"
                        "县长马天明、南山建设集团董事长董强陪同调研。")
    assert {
        ("visit", "--07-02", "罗成", "leader"),
        ("visit", "--07-02", "北方化工股份有限公司", "participant_org"),
        ("visit", "--07-02", "东岳机械有限公司", "participant_org"),
    } <= found
    assert ("visit", "--07-02", "南山建设集团", "participant_org") not in found


def test_the_enterprise_that_holds_a_ceremony_takes_part_but_not_in_its_party_committees_study(nlp: Language) -> None:
    """X公司举行「…典礼」: the enterprise takes part; 集团召开党委理论学习中心组学习会 is its party
    committee's meeting; an enterprise visited before 随后召开座谈会 does not hold it."""
    found = events(nlp, "3月4日，华兴电子股份有限公司上午举行「30周年庆典礼」，市长周平应邀出席。")
    assert ("meeting", "--03-04", "华兴电子股份有限公司", "participant_org") in found
    found = events(nlp, "3月4日，华兴电子股份有限公司召开党委理论学习中心组学习会，董事长周平主持。")
    assert not any(role == "participant_org" for _, _, _, role in found)
    found = events(nlp, "3月4日，市长周平深入华兴电子股份有限公司调研，随后召开座谈会。")
    assert ("meeting", "--03-04", "华兴电子股份有限公司", "participant_org") not in found


def test_a_visit_named_in_a_describing_clause_is_no_visit(nlp: Language) -> None:
    # 会见了在某省考察的X: the meeting is here, the visit only describes the guest
    rows = events(nlp, "5月3日，市委书记王立会见了在江西考察投资环境的远航集团董事长张华一行。")
    assert not [r for r in rows if r[0] == "visit"]


def test_a_date_in_chinese_numerals_dates_its_meeting(nlp: Language) -> None:
    # Hong Kong and Macau releases and notices write dates in numerals: the meeting is dated all the same
    assert events(nlp, "二〇二三年九月二十七日，行政長官李立超主持召開行政會議。政務司司長陳立基出席會議。") == {
        ("meeting", "2023-09-27", "李立超", "chair"), ("meeting", "2023-09-27", "陈立基", "attendee"),
    }


def test_places_before_a_body_that_speaks_are_no_speakers(nlp: Language) -> None:
    rows = events(nlp, "2月8日，全县经济工作会议召开。县长杭立主持会议。乐山市犍为县龙孔镇人民政府、屏山县发改局作交流发言。")
    assert {(agent, role) for _, _, agent, role in rows} == {("杭立", "chair"), ("龙孔镇人民政府", "speaker"), ("屏山县发改局", "speaker")}


def test_a_headline_meeting_seated_names_and_no_visit_from_a_page_counter(nlp: Language) -> None:
    page = ("县政协十一届三次会议今日开幕\n发布时间:2013-02-20 00:00:00 访问次数: 杭立 信息来源:县政府网\n-\n"
            "今天下午,县政协十一届三次会议在县城开幕。县政协主席董立丽、县委书记龚立汉在主席台就座。县政协副主席胡立可主持开幕式。")
    rows = events(nlp, page)
    assert rows == {("meeting", "--02-20", "董立丽", "attendee"), ("meeting", "--02-20", "龚立汉", "attendee"),
                    ("meeting", "--02-20", "胡立可", "chair")}


def test_a_hong_kong_release_luncheon_dated_in_brackets(nlp: Language) -> None:
    # 今日（九月二十七日）: a release's day; 香港总商会午餐会: a meeting named after the institution holding
    # it; 丘应桦亦有出席: a name before 亦 keeps its third character
    page = "政務司司長陳立基今日（九月二十七日）出席香港總商會午餐會並致辭。商務及經濟發展局局長丘應樺亦有出席。"
    assert events(nlp, page) == {("meeting", "--09-27", "陈立基", "attendee"), ("meeting", "--09-27", "陈立基", "speaker"),
                                 ("meeting", "--09-27", "丘应桦", "attendee")}


def test_a_taiwan_release_day_in_brackets_and_a_quoted_opening_ceremony(nlp: Language) -> None:
    # 今（20）日: the day in brackets, its month from the page's date; 「…」開幕典禮: a meeting; 經濟發展局長:
    # a department contracted into its head's title
    page = "2023-10-20 臺中市政府新聞局\n臺中市長盧立燕今（20）日上午出席「2023臺中國際產業博覽會」開幕典禮，經濟發展局長張立源一同出席。"
    assert events(nlp, page) == {("meeting", "--10-20", "卢立燕", "attendee"), ("meeting", "--10-20", "张立源", "attendee")}
    ex = extract(parse_text(page + "\n", doc_id="t"), nlp)
    posts = {(getattr(r.arg("member"), "text", ""), getattr(r.arg("organization"), "text", None), str(r.arg("role")))
             for r in ex.relations if r.kind == "membership"}
    assert ("张立源", "经济发展局", "局长") in posts


def test_meeting_a_visiting_party_is_a_meeting_not_the_hosts_visit(nlp: Language) -> None:
    page = "11月20日，社会文化司司长欧阳立会见到访的广东省副省长王立一行。教育及青年发展局局长龚立明列席会见。"
    assert events(nlp, page) == {("meeting", "--11-20", "欧阳立", "attendee"), ("meeting", "--11-20", "王立", "attendee"),
                                 ("meeting", "--11-20", "龚立明", "attendee")}


def test_observing_projects_is_a_visit_and_the_visitors_name_is_no_platform(nlp: Language) -> None:
    """X一行先后观摩了A公司…项目、B公司…项目: 观摩 opens a visit; 一行观摩了 is not part of a platform's name."""
    found = events(nlp, "5月6日，在宁陵，刘立新一行先后观摩了远航新材料有限公司年产2000吨生产项目、宁陵县政务服务平台建设项目。")
    assert {row for row in found if row[3] in ("leader", "visited")} >= {
        ("visit", "--05-06", "刘立新", "leader"),
        ("visit", "--05-06", "远航新材料有限公司", "visited"),
    }
    ex = extract(parse_text("刘立新一行观摩了宁陵县政务服务平台。\n", doc_id="t"), nlp)
    assert not [m for m in ex.mentions if "一行" in m.text]


def test_titled_names_listed_with_commas_before_a_delegation_are_led_by_the_first(nlp: Language) -> None:
    """A的职务甲，B的职务乙等一行调研X高新区: the first named leads; the zone is gone to, not visited."""
    found = events(
        nlp,
        "9月19日，远山区政协党组书记、主席赵立新，区政协副主席孙明等一行调研青石高新区，青石高新区党工委书记王强陪同。",
    )
    assert found == {
        ("visit", "--09-19", "赵立新", "leader"),
        ("visit", "--09-19", "孙明", "attendee"),
        ("visit", "--09-19", "王强", "attendee"),
    }


def test_who_sign_for_both_sides_attend_and_a_street_body_after_a_comma(nlp: Language) -> None:
    """A，B代表双方签约: both signers attend the signing; ",街道党工委书记C" keeps 街道 in the body, and
    居委会主任和居民代表 names no person (和 is a conjunction there)."""
    found = events(nlp, "7月11日，远山市政府和东方高速集团战略合作协议签约仪式举行。副市长樊立，东方高速集团董事李广进代表双方签约。")
    assert {("meeting", "--07-11", "樊立", "attendee"), ("meeting", "--07-11", "李广进", "attendee")} <= found
    text = "12月12日,南京西路街道召开推进会。区民政局局长贾立,街道党工委书记周惠,居委会主任和居民代表参加了会议。"
    ex = extract(parse_text(text + "\n", doc_id="t"), nlp)
    assert "街道党工委" in [m.text for m in ex.mentions if m.label == "GOV"]
    assert [m.text for m in ex.mentions if m.label == "PERSON"] == ["贾立", "周惠"]
    assert {("meeting", "--12-12", "周惠", "attendee"), ("meeting", "--12-12", "贾立", "attendee")} <= events(nlp, text)


def test_a_meeting_named_after_its_quoted_theme_and_a_list_closed_by_groups(nlp: Language) -> None:
    """召开了以“…”为主题的X推进会 holds X推进会; A，B以及各单位负责人和居民代表参加: A and B attend."""
    found = events(
        nlp,
        "12月12日,东关街道在社区学校召开了以“爱我美丽家园”为主题的基层自治建设推进会。区民政局局长贾立,"
        "街道办事处主任王明以及街道领导班子成员、各居民区党总支书记和居民代表参加了此次会议。",
    )
    assert found == {("meeting", "--12-12", "贾立", "attendee"), ("meeting", "--12-12", "王明", "attendee")}


def test_a_web_medium_in_a_byline_is_no_person(nlp: Language) -> None:
    """（黑龙江日报记者A 东北网记者B）: 东北网 is the second reporter's medium; 東北網…訊 is a medium."""
    text = "東北網12月25日訊(遠山日報記者劉立 東北網記者印蕾) 省人大常委會會議今天閉幕。"
    ex = extract(parse_text(text + "\n", doc_id="t"), nlp)
    assert [m.text for m in ex.mentions if m.label == "PERSON"] == ["刘立", "印蕾"]
    assert [m.text for m in ex.mentions if m.label == "ORG"] == ["东北网", "远山日报", "东北网"]
    assert authors(nlp, text) == {("刘立", "记者"), ("印蕾", "记者")}


def test_a_release_s_date_is_not_the_day_of_what_it_reports_recently_or_on_a_given_day(nlp: Language) -> None:
    """X在线1月20日讯（通讯员 甲）近日，…: the visit has no day; X网2月25日电 2月24日，…: the day given."""
    recent = events(nlp, "2021-01-20 来源：远航在线\n通讯员 李立\n远航在线1月20日讯（通讯员 李立）近日，市委常委曹立赴袁花镇调研。"
                         "曹立一行首先来到远航新材料有限公司走访。")
    assert {("visit", None, "曹立", "leader"), ("visit", None, "远航新材料有限公司", "visited")} <= recent
    assert not [row for row in recent if row[1]]
    given = events(nlp, "远航网南京2月25日电 2月24日，省委书记王立到东方科技有限公司调研。")
    assert given == {("visit", "--02-24", "王立", "leader"), ("visit", "--02-24", "东方科技有限公司", "visited")}


def test_a_party_received_for_talks_sits_in_them(nlp: Language) -> None:
    """接待X一行，并…进行了座谈: the party that came on the visit sits in the talks that follow, though
    the sentence that names the party names no meeting and the meeting is read from a later one."""
    found = events(
        nlp,
        "3月12日，州委常委、副州长林海带领州商务局局长孙平、州环保局局长吴越一行到集团公司考察。"
        "当晚，集团公司董事长周明接待林海一行，并在公司会议室进行了座谈。"
        "座谈会上，林海介绍了州里的发展情况。",
    )
    for member in ("孙平", "吴越"):
        assert ("visit", "--03-12", member, "attendee") in found
        assert ("meeting", "--03-12", member, "attendee") in found


def test_a_leader_who_comes_to_an_enterprise_visits_it(nlp: Language) -> None:
    """X来Y调研 (来, not 来到): Y is visited, by a name that ends before 来 and those who escort him."""
    found = events(nlp, "5月2日，临沭县委书记任立虎来山东常立集团调研重点项目建设情况，县委常委、纪委书记王立利，县政府顾问张立仕等陪同。")
    assert found == {
        ("visit", "--05-02", "任立虎", "leader"),
        ("visit", "--05-02", "山东常立集团", "visited"),
        ("visit", "--05-02", "王立利", "attendee"),
        ("visit", "--05-02", "张立仕", "attendee"),
    }


def test_a_party_going_on_to_places_visits_them(nlp: Language) -> None:
    """X、Y一行先后到甲、乙等企业 (no verb of inspection): the places are the day's visit's."""
    found = events(nlp, "3月4日，区委书记张立波深入重点企业调研。张立波、李立东一行先后到宏立纺织、远立药业等企业，与负责人交谈。")
    assert {("visit", "--03-04", "宏立纺织", "visited"), ("visit", "--03-04", "远立药业", "visited"),
            ("visit", "--03-04", "张立波", "leader")} <= found


def test_a_counted_list_of_key_enterprises_gone_to_is_visited(nlp: Language) -> None:
    """先后前往甲、乙…N家重点企业调研: every item of the counted list is visited, one of seven characters too."""
    found = events(nlp, "1月4日，区长董立实带队，先后前往宏立电缆、远驰拖拉机、鹤岗市立新水泥厂3家重点企业调研生产情况。")
    assert {("visit", "--01-04", name, "visited") for name in ("宏立电缆", "远驰拖拉机", "鹤岗市立新水泥厂")} <= found
    assert ("visit", "--01-04", "董立实", "leader") in found


def test_a_party_led_to_a_place_is_a_visit_named_for_it(nlp: Language) -> None:
    """甲带队，赴乙学习借鉴 (no verb of inspection): a visit to 乙 that 甲 leads; 陪同考察 names its hosts."""
    text = "12月9日，广元经开区党工委书记杨立章带队，赴重庆市璧山高新区学习借鉴先进经验。璧山高新区管委会副主任刘立鸣陪同考察。"
    found = events(nlp, text)
    assert {("visit", "--12-09", "杨立章", "leader"), ("visit", "--12-09", "刘立鸣", "attendee")} <= found
    ex = extract(parse_text(text + "\n", doc_id="t"), nlp)
    assert [e.label for e in ex.events if e.kind == "visit"] == ["杨立章赴重庆市璧山高新区"]


def test_a_multimedia_reporter_s_byline(nlp: Language) -> None:
    """（全媒体记者 王立杰）: the role is 全媒体记者 and 全媒体 is no name."""
    assert authors(nlp, "县委书记李明调研企业。（全媒体记者 王立杰）") == {("王立杰", "全媒体记者")}


def test_a_meeting_name_read_from_a_person_s_name(nlp: Language) -> None:
    """许立友就修改完善市委十四届五次全会…: the name is the person's (named so elsewhere on the page)
    and the meeting starts at its body."""
    ex = extract(parse_text("市委书记许立友主持召开市委常委会。许立友就修改完善市委十四届五次全会报告提出要求。\n", doc_id="t"), nlp)
    persons = [m.text for m in ex.mentions if m.label == "PERSON"]
    assert persons == ["许立友", "许立友"]
    assert "市委十四届五次全会" in [m.text for m in ex.mentions if m.label == "MEETING"]


def test_names_after_a_dateline_and_names_closing_the_page_are_its_authors(nlp: Language) -> None:
    """中国某某网讯（甲 乙）: the reporters of a dateline without a role word; 甲 乙 alone on the page's last
    line: its authors (a second name may be written with a space inside, 顾 立)."""
    assert authors(nlp, "远山网讯（贺立升 陈立亮）4月7日，远山镇召开人大会议。") == {("贺立升", ""), ("陈立亮", "")}
    assert authors(nlp, "会议由市长周立松主持。会议还研究了其他事项。\n\n张立君 顾 立") == {("张立君", ""), ("顾立", "")}


def test_a_verb_of_meeting_after_a_name_makes_no_summit(nlp: Language) -> None:
    """市委书记刘立峰会见…: 峰会 is no meeting name here; the meeting is the 会见 itself."""
    found = events(nlp, "5月8日，市委书记刘立峰会见了远航集团副总经理王立新一行。")
    assert ("meeting", "--05-08", "刘立峰", "attendee") in found
    ex = extract(parse_text("5月8日，市委书记刘立峰会见了远航集团副总经理王立新一行。\n", doc_id="t"), nlp)
    assert not any(m.label == "MEETING" for m in ex.mentions)


def test_an_enterprise_in_its_park_continues_the_visit_after_its_meeting(nlp: Language) -> None:
    """调研…，并召开推进会。在某园区X公司，甲了解…: the enterprise is visited on the day's visit."""
    found = events(nlp, "7月31日，市委书记王立东赴远山经济技术开发区调研招商引资工作，并召开工作推进会。"
                        "在生物园区青海春立生物科技有限公司，王立东详细了解产品研发情况。")
    assert ("visit", "--07-31", "青海春立生物科技有限公司", "visited") in found


def test_a_unit_in_brackets_closing_a_page_is_no_author(nlp: Language) -> None:
    assert authors(nlp, "与袁立军省长一道启动了仪式。（经济处）") == set()


def test_a_day_right_after_a_release_s_dateline_dates_the_event(nlp: Language) -> None:
    """某某网7月24日讯（甲）23日，…: the meeting is on the 23rd, in the release's month."""
    found = events(nlp, "远山网7月24日讯（周立磊）23日，远山市人大常委会召开第十三次会议。副主任许立贵主持会议。")
    assert ("meeting", "--07-23", "许立贵", "chair") in found


def test_credits_with_their_medium_spaced_roles_and_a_report_opening(nlp: Language) -> None:
    """（远山在线编辑：甲）, 记 者|乙, （责编：丙、丁）, （融媒体中心记者 戊 己）, 记者庚报道：…"""
    assert authors(nlp, "会议结束。\n（远山在线编辑：李立锋）") == {("李立锋", "编辑")}
    assert authors(nlp, "会议结束。\n记 者|吕立琼") == {("吕立琼", "记者")}
    assert authors(nlp, "会议结束。\n（责编：张立冬、刘立）") == {("张立冬", "责编"), ("刘立", "责编")}
    assert authors(nlp, "会议结束。\n（融媒体中心记者 房立君 贾立龙）") == {("房立君", "记者"), ("贾立龙", "记者")}
    assert authors(nlp, "记者邬立玲报道：8月31日，县长李立芬带领考察团来宜考察。") == {("邬立玲", "记者")}


def test_review_credits_multimedia_reporters_and_a_station_s_reporters(nlp: Language) -> None:
    """全媒体记者：甲, 二审：乙 丙, （山东台记者 丁 戊）: credits as written, a TV station's reporters."""
    assert authors(nlp, "会议结束。\n全媒体记者：田立\n二审：黄立民 熊立辉") == {("田立", "全媒体记者"), ("黄立民", "二审"), ("熊立辉", "二审")}
    assert authors(nlp, "齐鲁网11月24日讯（山东台记者 叶立 杨立山）今天，省政协召开会议。") == {("叶立", "记者"), ("杨立山", "记者")}


def test_a_source_line_with_its_time_and_a_reporter_after_a_dateline(nlp: Language) -> None:
    """稿源：某网 编辑：甲 2022-03-15 23:59, 某网3月16日讯记者 乙）…: the editor and the reporter."""
    assert authors(nlp, "会见远航集团总经理\n稿源：津滨网   编辑：高立翔   2022-03-15 23:59\n市委书记会见了客人。") == {("高立翔", "编辑")}
    assert authors(nlp, "会同新闻网3月16日讯记者 刘立）3月15日，县委书记杨立俐深入企业调研。") == {("刘立", "记者")}


def test_a_delegation_led_to_a_county_and_the_hosts_who_join_it(nlp: Language) -> None:
    """甲率考察团来某县考察调研 opens a visit led by 甲; 乙，丙、丁等参加 in the next sentence join it."""
    found = events(nlp, "2024年6月12日，远山市委常委、平川县委书记郑立萍率考察团来临河县考察调研。临河县委书记王立峰，"
                        "县领导岳立强、陈立勇等参加。郑立萍一行参观了山西远新能源科技有限公司。")
    assert {("visit", "2024-06-12", "郑立萍", "leader"), ("visit", "2024-06-12", "王立峰", "attendee"),
            ("visit", "2024-06-12", "陈立勇", "attendee"), ("visit", "2024-06-12", "山西远新能源科技有限公司", "visited")} <= found


def test_going_into_counties_then_into_listed_enterprises(nlp: Language) -> None:
    """甲深入某县、某县，调研…: the official goes out; 甲先后深入A、B等企业: each one named is visited."""
    found = events(nlp, "10月20日，副省长雷立维深入平川县、临河县，调研工业经济运行工作。雷立维先后深入远山矿业有限公司、"
                        "金立酒业有限公司等企业，详细了解生产经营情况。")
    assert {("visit", "--10-20", "雷立维", "leader"), ("visit", "--10-20", "远山矿业有限公司", "visited"),
            ("visit", "--10-20", "金立酒业有限公司", "visited")} <= found


def test_a_headline_with_a_list_mark_over_a_stay_of_two_days(nlp: Language) -> None:
    """A one-line headline holding a 、 over a paragraph opening 5月27—28日: a heading, and the visit is
    dated by the stay's first day."""
    found = events(nlp, "高立冬局长一行赴平川、临河调研\n\n 5月27—28日，市统计局局长高立冬赴平川县调研经济运行工作，"
                        "市统计局副局长杜立花参加调研。")
    assert ("visit", "--05-27", "高立冬", "leader") in found
    assert ("visit", "--05-27", "杜立花", "attendee") in found


def test_a_speech_of_an_earlier_visit_cited_is_no_visit(nlp: Language) -> None:
    """总书记来陕考察重要讲话: a speech cited, not a visit of the page."""
    found = events(nlp, "王立晓说，将深入学习贯彻习近平总书记来陕考察重要讲话重要指示，埋头苦干。")
    assert not any(kind == "visit" for kind, *_ in found)


def test_a_page_s_meta_line_credits_its_writers(nlp: Language) -> None:
    """时间:2021-10-19 作者:甲 乙 阅读: (a site's meta line): the writers, not the time or the count."""
    assert authors(nlp, "县委书记到企业调研\n\n时间:2021-10-19 作者:林立颖 杨立朝 阅读:\n\n10月18日，县委书记吴立调研。") == {
        ("林立颖", "作者"), ("杨立朝", "作者")}
    assert authors(nlp, "县委书记到企业调研\n\n时间:2021-10-19 浏览:35\n\n10月18日，县委书记吴立调研。") == set()


def test_credits_run_on_after_the_last_sentence(nlp: Language) -> None:
    """…妥善处置。 作者:甲 乙 编辑:丙 审核:丁 终审:戊 |: the credits the line runs on with, each with its role."""
    found = authors(nlp, "县委书记到企业调研\n\n10月18日，县委书记吴立调研。会议要求，要妥善处置。 作者:张立琪 丁立国 编辑:谭立玲 终审:缪立春 |")
    assert found == {("张立琪", "作者"), ("丁立国", "作者"), ("谭立玲", "编辑"), ("缪立春", "终审")}
    assert authors(nlp, "县委书记到企业调研\n\n10月18日，县委书记吴立调研。他说，作者要深入基层。") == set()


def test_a_reporter_s_role_right_before_the_name_and_a_dated_meta_line(nlp: Language) -> None:
    """作者:市融媒体中心记者甲 乙 … 发布时间:2026年01月23日 09:13:35, and 本报讯 记者甲报道: the reporters."""
    page = ("市政协召开常委会议\n\n作者:市融媒体中心记者张立媛 张立浩 来源:远山日报 编辑:布立赫 发布时间:2026年01月23日 09:13:35"
            "\n\n1月22日，市政协召开会议。")
    assert authors(nlp, page) == {("张立媛", "记者"), ("张立浩", "记者"), ("布立赫", "编辑")}
    assert ("解立婷", "记者") in authors(nlp, "本报讯 记者解立婷报道:3月25日,市人大常委会召开会议。主任吴立华主持。")


def test_a_stay_written_with_zhi_and_a_day_after_yu(nlp: Language) -> None:
    """4月24至25日，…: the stay's first day; 一行于5月29日访问…: the day after 于; a 日期： line stays apart."""
    assert ("visit", "--04-24", "刘立兵", "leader") in events(nlp, "4月24至25日，远山市委书记刘立兵率党政代表团来佛山考察交流。")
    found = events(nlp, "日期: 2023年05月30日\n\n聊城市市长张立顺一行於五月二十九日访问澳门中华总商会。")
    assert ("visit", "--05-29", "张立顺", "leader") in found


def test_a_party_that_goes_to_listed_trade_names_in_turn(nlp: Language) -> None:
    """甲一行分别到A食品、B药装、C乳业: a list whose items end with lines of business is a list of
    enterprises (common words for a stem, 九丰, 春光, included), each visited."""
    found = events(nlp, "12月31日，县委书记郭立深入企业调研。郭立一行分别到九丰食品、春光药装、辉山乳业，详细了解企业生产经营情况。")
    assert {("visit", "--12-31", "九丰食品", "visited"), ("visit", "--12-31", "春光药装", "visited"),
            ("visit", "--12-31", "辉山乳业", "visited")} <= found
