"""Doc -> Mention / EventRecord / Relation records, each with its evidence.

Rules read the sentence text around the entity spans the NLP stage found:
- posts: chains ``BODY TITLE(、BODY TITLE)* NAME(、NAME)*`` (stacked titles shared by several names);
- meetings: a MEETING span held here, or a meeting read from its verb (``召开X会``, ``X会在Y召开``,
  ``举行「…典礼」``, ``X会见Y``), opens the article's current event; role cues after each person name
  (kg/event_cues.py: 主持/组织召开 chair, 讲话/发言/汇报/致辞/作…报告 speaker, 出席/参加/陪同 attendee,
  带队/带领 leader) attach participants; names after their cue (``参加会见的还有：A、B``) attend;
  enterprises that report, sign or attend, and ``…等N家企业作典型发言``, take part;
- dates: the sentence's dateline (``8月17日，``), a day-only one (``17日下午，`` takes the month of the
  page's last dateline or of its date stamp), a relative one (``昨天上午`` from the page's date stamp);
- visits: 调研/走访/考察/视察/莅临/察看/来到/深入 (before a place only)/… open a visit with the visited
  enterprises and sites, or with no place yet when a delegation goes (``X一行莅临…调研``: X leads,
  the others named with ``等一行`` are the party); ``X M月D日在Y调研时`` is an earlier visit on its own
  date; a visit's party sits in a meeting of the same day only where the page says so (the sentence
  naming them names the meeting, or ``X一行…召开座谈会``); the dateline's reporter and those
  ``在…陪同下`` never lead, everyone named as the visit's subject goes on it, ``到我公司`` visits the
  page's own enterprise, ``来到…代表团`` is a session (a meeting), ``…调研，随后召开座谈会`` hands the
  next sentences to the meeting;
- located-in: ``X位于Y``, ``Y的X`` is not used (too loose); enterprises listed as 辖区企业 lie in the
  page's district (resolved later);
- programs: a program named in a sentence whose subject is a body or district it applies;
- authorship: bylines, and credit lines (``编辑：X``, ``采写 | 单位 X``, ``文/图 X``).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
import functools
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.language import Language

from .records import Byline, Document, EventRecord, Evidence, Extraction, Mention, Ref, Relation, Sentence
from .nlp.components import Refiner, load_refine_rules
from .ingest import BYLINE_ROLES, DATE, NEWSPAPERS
from .places import _whole_word, national, place_mentions
from .resolve import district_names, page_district
from .nlp.titles import title_lexicon
from .org_rules import TRADES as _TRADES

from .event_cues import (
    ANAPHORIC_MEETING, CUE_RE, DAY_ONLY, DELEGATION, HEARD, MEETING_AFTER_VERB, MEETING_BEFORE_VERB, MEETING_MEET,
    MEETING_WITH, MEETING_WORDS, NOT_HELD, OWN_COMPANY, ROLE_ON_MEETING, SESSION_AFTER, PAGE_DATE, ROLE_CUES, VISIT_CUES, VISIT_TARGET, cue_role,
    ACCOMPANIED, BYLINE_BEFORE, CITED_NAME, LISTED_AFTER, OBJECT_BEFORE, RECEIVES, RELATIVE_DAY, RELATIVE_OFFSET,
    LIST_FILLER, MEETING_SPOKEN_AT, PRESENCE_VERB,
)

# what may stand between the parts of a title chain: a list mark, a compound title (兼), a tense
# word (原董事长, 现任校长), a possessive (宝艺集团的董事长) or a party unit of the body before it
# (浙商银行股份有限公司党委书记)
TENSE = r"(?:原|现任|前任|时任|新任)"
_NOTICE_CUE = r"任命|免去|决定|提名|推选|选举|补选|增补|推举|聘任|聘请"
PARTY_UNIT = r"(?:党委|党组|党支部|党总支|纪委)"
_TITLE_NOTE_TEXT = r"[（(](?:挂职|兼|正处级|副处级|正县级|副县级|主持工作|正科级|副科级)[）)]"
_TITLE_NOTE = re.compile(_TITLE_NOTE_TEXT)
# what opens a list of the names that hold a title (出席会议的县领导有：甲、乙)
_NAMES_OPEN = r"(?:有|为|是)?[：:]|有"
_LOCAL_BODY = re.compile(r"委(?!员)|政府|人民政府|人大|政协|纪委|监委")
# a profile after a name (，男，汉族，1975年8月生，河南商丘人，) up to its current posts (现任)
_BIOGRAPHY = re.compile(r"(?:同志)?(?:[，,](?:[男女]|[\u4e00-\u9fa5]{1,4}族|\d{4}年(?:\d{1,2}月)?(?:出)?生|[\u4e00-\u9fa5]{2,8}人"
                        r"|[\u4e00-\u9fa5]{0,6}(?:学历|学位|党员|毕业)|\d{4}年\d{1,2}月(?:参加工作|入党)))*[，,]现任")
# a description between a person's posts and the name (县工商联主席、民营企业家X): no post, no break
_DESCRIPTION = re.compile(r"、(?:民营|知名|优秀|青年|著名|爱心)?企业家")
_PREDICATE_BEFORE_POST = r"(?:当选|当选为|担任|出任|兼任|升任|调任|改任|任命为|就任)$"
CHAIN_GAP = re.compile(rf"^(?:、|同志、|兼[\u4e00-\u9fa5]{{0,4}}|，|有关|的|{_TITLE_NOTE_TEXT}|{_NAMES_OPEN}|{_DESCRIPTION.pattern}|)(?:{PARTY_UNIT})?{TENSE}?$")
ORG_SPEAKER = re.compile(r"^[^，。；]{0,60}?(?:发言|汇报|介绍)")
ORG_ATTENDEE = re.compile(r"^(?:(?!正在|表示|介绍|要求|指出)[^。；]){0,80}?(?:参加|出席|参与|参会|列席|收听收看)")
_LIST_REACH = 400  # how far a list of titled names may run before its attendance verb
_LIST_STOP = re.compile(r"[。\n！？]")  # where such a list ends for good (its ； only ends a sentence)
THANKED_FOR_BEFORE = re.compile(r"对[^，。；对]{1,40}$")
THANKED_FOR_AFTER = re.compile(r"[^，。；]{0,20}?(?:表示|致以|致谢|深表)")
ORG_LIST_SPOKE = re.compile(r"企业名单|轮流发言")
MEETING_REFERENCE = re.compile(r"会议|会上|大会")
GENERIC_MEETING = re.compile(r"^(座谈会|视频会议)上")
GENERIC_MEETINGS = {"座谈会", "视频会议"}
SPEECH_OPENS = re.compile(r"(?:指出|强调|表示|要求|说)[：:]?\s*$")
PARK_SCOPE = re.compile(r"(?:服务范围内|园区内|内)的\s*\d*\s*家企业")
AGENT_LABELS = {"PERSON", "GOV", "COMPANY", "ORG"}
PLACE_LABELS = {"ADMIN", "SITE"}


# 今（20）日, 昨（19）日: the day of a Taiwan release, in brackets inside its first sentence
_BRACKETED_DAY = re.compile(r"(?:今|昨)[（(](\d{1,2})[）)]日")


def normalise_date(text: str, year: int | None) -> str | None:
    match = DATE.search(text)
    if not match:
        return None
    month, day = int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = int(match.group(1)) if match.group(1) else year
    return f"{y:04d}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"


# a post is held in a government body, a place's government, an enterprise or an institution
BODY_LABELS = frozenset({"GOV", "ADMIN", "COMPANY", "ORG"})
CHAIN_LABELS = BODY_LABELS | {"TITLE", "PERSON"}


_PARTY_TITLE = re.compile(r"(?:常务|第一|专职)?副?书记|委员|常委|成员")
_UNIT_END = re.compile(PARTY_UNIT + "$")


def _outside_party_unit(body: Ref | None, title: str) -> Ref | None:
    """浙商银行股份有限公司党委书记、董事长: a body read as one name with its party unit holds the
    party posts; any other post (董事长, 局长) is held in the body the unit belongs to."""
    unit = _UNIT_END.search(body.text) if body is not None else None
    if body is None or unit is None or unit.start() < 2 or _PARTY_TITLE.fullmatch(title):
        return body
    parent = body.text[: unit.start()]
    return Ref("COMPANY" if parent.endswith(("公司", "集团", "银行")) or _SOE_BUREAU.fullmatch(parent) else body.label, parent)


_TITLES = title_lexicon()
_ZONE_OF = re.compile(r"(.*?(?:开发区|高新区|经开区|集聚区|新区|园区|产业园|工业园|科技园|示范区|实验区))(?:党工委|管委会|工委)$")
_COLLECTIVE = re.compile(r"(?:[省市县区镇乡州盟旗]|示范区|新区|开发区|高新区|经开区|园区|街道|自治区|自治州)领导")  # the city's leaders, as a group: no rank a list closes with
# (a democratic party's 市委, 民建邢台市委, is no CPC committee: its 秘书长 is its own)
_PARTY_COMMITTEE = re.compile(r"^(?!民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)(?:.*(?:[省市区县州旗]委|党工委|党委))$")
_PLACE_PREFIX = re.compile(r"中共|[\u4e00-\u9fa5]{0,6}?[省市区县州旗镇乡](?!场)")  # 市委组织部, 县发改委; not 公安局, 市场监管局
_COMMITTEE_END = re.compile(r"(.*?)([省市区县州旗])委$")
_PARTY_END = re.compile(r"(.*?[省市区县州旗镇乡村])(?:党委|党工委)$")
_GOVERNMENT_END = re.compile(r"(.*?)(?:人民政府|政府|人大常委会|人大工委|政协工委|人大|政协|党工委|管委会|工委)$")
_LEADING_PLACE = re.compile(r"^(.*?[省市区县州旗])(?!委)")
# a place's party committee (县委, 临沭县委, 中共郑州市委): its place before 委
_PLACE_COMMITTEE = re.compile(r"(?:中共)?(.*[省市县区州旗盟])委")
# the departments of a party committee, written without it after its 常委、 (县委常委、宣传部部长)
_PARTY_DEPARTMENT = re.compile(r"组织部|宣传部|统战部|政法委|政研室|编办|编委办|网信办|巡察办|台办|外办|深改办|农办|督查室|机要局|保密局|老干部局")
# a government department written without its place after 、 (副县长、公安局局长; 纪委书记、监委主任)
_BARE_DEPARTMENT = re.compile(r"^(?!.*(?:领导小组|指挥部|工作组|专班))(?:.*(?:局|(?<![党工])委|办|办公室|中心|厅))$")


def _place_of(body: Ref | None) -> str:
    """The place part of a body, to scope a post written without one: 市委 -> 市, 郏县县委 -> 郏县,
    中共新乡市委 -> 新乡市, 市公安局 -> 市, 郑州市 -> 郑州市; "" when the body names no place (管委会,
    a company)."""
    if body is None or body.label not in {"GOV", "ADMIN"}:
        return ""
    name = body.text.removeprefix("中共")
    if body.label == "ADMIN":
        return name
    party = _PARTY_END.match(name)
    if party:
        return party.group(1)
    committee = _COMMITTEE_END.match(name)
    if committee:
        place, level = committee.groups()
        return place if place.endswith(level) else place + level
    government = _GOVERNMENT_END.match(name)
    if government:
        return government.group(1)
    leading = _LEADING_PLACE.match(name)
    return leading.group(1) if leading else ""


def _unspaced(gap: str) -> str:
    """A gap with the spaces a PDF column or a typesetter puts between title and name left out."""
    return re.sub(r"[ \u3000\t]+", "", gap)


def _bare_head(title: str) -> str:
    """The head of a title without its modifiers and 副 (县人大常委会副主任 and 副主任 share 主任)."""
    head = _TITLES.head_of(title) or ""
    return head.removeprefix("副")


def _ref(mention: Mention) -> Ref:
    return Ref(mention.label, mention.text)


def _office_ref(mention: Mention, mentions: list[Mention]) -> Ref:
    """A bare 办公室 is the office of the leading group or headquarters named before it in the
    sentence (党史学习教育领导小组各巡回指导组组长、办公室全体成员); any other mention is itself."""
    if mention.text != "办公室":
        return _ref(mention)
    groups = [m for m in mentions if m.label == "GOV" and m.end <= mention.start and m.text.endswith(("领导小组", "指挥部"))]
    return Ref("GOV", groups[-1].text + "办公室") if groups else _ref(mention)


@dataclass
class _Context:
    """What an article has established so far: its date and its current event."""

    date: str | None = None
    event: EventRecord | None = None
    events: list[EventRecord] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    seen: set[tuple[str, tuple[tuple[str, Ref | str | None], ...]]] = field(default_factory=set)


class Extractor:
    """Runs the rules over one document; one instance per document (it carries the article state)."""

    def __init__(self, doc: Document, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions = _post_mentions(doc, _enterprises_by_context(doc, sorted(mentions, key=lambda m: (m.start, m.end))))
        self.by_sentence: dict[int, list[Mention]] = {}
        self._by_start = sorted(self.mentions, key=lambda m: m.start)  # for lists read across sentences
        self._starts = [m.start for m in self._by_start]
        for mention in self.mentions:
            self.by_sentence.setdefault(mention.sentence, []).append(mention)
        self.ctx = _Context()
        self._sentence_bodies: dict[tuple[int, str], Ref] = {}  # (sentence, bare head) -> body
        self._last_body: dict[int, Ref] = {}  # sentence -> the enterprise or institution its last post named
        self._chain_body: dict[int, Ref] = {}  # sentence -> the body its last post named (not a party committee)
        self._anaphor_body: dict[int, Ref] = {}  # sentence -> the body 该会/该公司 before its posts stands for
        self.papers: dict[tuple[int, str], str] = {}  # (byline start, name) -> the newspaper it names
        self.leaders: dict[str, str] = {}  # visit event key -> leader's name
        self._opened: dict[int, EventRecord] = {}  # sentence -> the meeting it opens
        self._next_event: EventRecord | None = None  # the event the next sentence continues, set by a sentence
        self._heading_meeting: str | None = None  # the meeting the article's headline names
        self._cited_until: dict[int, int] = {}  # sentence -> end of an earlier visit it cites (王国生4月13日在焦作调研)
        self.dateline: list[str | None] = []
        self.district = Ref("ADMIN", page_district(self.mentions, doc))  # "" where the page names no place

    # -- evidence ------------------------------------------------------------------------------
    def evidence(self, sentence: int, rule: str, confidence: float) -> Evidence:
        sent = self.doc.sentences[sentence]
        raw_start, raw_end = self.doc.raw_span(sent.start, sent.end)
        return Evidence(self.doc.doc_id, sentence, sent.text, raw_start, raw_end, rule, confidence)

    def add(self, kind: str, args: Iterable[tuple[str, Ref | str | None]], sentence: int, rule: str, conf: float) -> None:
        args = tuple(args)
        key = (kind, args)
        if key in self.ctx.seen:
            return
        self.ctx.seen.add(key)
        self.ctx.relations.append(Relation(kind, args, self.evidence(sentence, rule, conf)))

    # -- driver --------------------------------------------------------------------------------
    def run(self) -> Extraction:
        for byline in self.doc.bylines:
            sentence = self._sentence_at(byline.start)
            role = "记者" if byline.role == "本报记者" else byline.role  # 文/图 本报记者 X: the paper's reporter
            self.add("author", [("person", Ref("PERSON", byline.name)), ("role", role)], sentence, "byline", 0.95)
            paper = self.papers.get((byline.start, byline.name))
            if paper and byline.role == "记者":  # 渝西都市报记者 涂燕: a reporter of that paper (通讯员 are not)
                self.add("membership", [("member", Ref("PERSON", byline.name)), ("organization", Ref("ORG", paper)),
                                        ("role", byline.role), ("date", None)], sentence, "byline-paper", 0.9)
        dates = self._sentence_dates()
        self.dateline = dates
        previous_date: str | None = None
        headline_date: str | None = None  # "8月17日 市长…调研" printed as the article's headline
        undated = False
        for sent in self.doc.sentences:
            if sent.kind == "byline":
                # an article ends with its byline; the next one has its own date and events
                self.ctx.event = None
                previous_date, self.ctx.date, headline_date, undated = self.ctx.date, None, None, False
                self._heading_meeting = None
                continue
            mentions = self.by_sentence.get(sent.index, [])
            if sent.kind == "heading":
                opening = next((m for m in mentions if m.label == "DATE" and DATE.search(m.text)), None)
                if opening is not None and not self.doc.text[sent.start : opening.start].strip():
                    headline_date = normalise_date(opening.text, self.doc.year)
            date = dates[sent.index] if sent.kind == "body" else None
            if date and sent.kind == "body" and _UNDATED_OPENING.search(sent.text):
                # "浙江在线1月20日讯 近日，…": the release's date is not the day of what it reports, nor
                # of the sentences after it until one gives a day
                self.ctx.date, undated = None, True
            elif date:
                self.ctx.date, undated = date, False
            elif undated:
                pass
            elif self.ctx.date is None and sent.kind == "heading":
                # "县政协十一届六次会议今日开幕" over "今天下午，…": a headline's event is of its article's date
                self.ctx.date = headline_date or next((d for d in dates[sent.index :] if d), None)
            elif self.ctx.date is None and sent.kind == "body":
                # a column printed before its dateline ("关注企业受灾情况" … "8月26日，…"): the
                # article's date is the next one on the page, else its headline's, else the previous article's
                self.ctx.date = next((d for d in dates[sent.index :] if d), None) or headline_date or previous_date
            if sent.kind == "heading":
                self._heading_meeting = self._meeting_named(sent.text, mentions) or self._heading_meeting
                if self.ctx.event is not None and SPEECH_OPENS.search(sent.text):
                    # "副市长周剑在签约仪式上指出" set apart from the words it opens: a speaker, not a title
                    self._participants(sent.index, sent.text, mentions)
                continue
            self._memberships(sent.index, mentions)
            self._meeting(sent.index, sent.text, mentions)
            self._visit(sent.index, sent.text, mentions)
            self._participants(sent.index, sent.text, mentions)
            if self._next_event is not None:
                self.ctx.event, self._next_event = self._next_event, None
            self._programs(sent.index, mentions)
        self._visit_then_meeting()
        self._presence_implied_by_words()
        self._located()
        return Extraction(
            self.doc, tuple(self.mentions), tuple(self.ctx.events), tuple(self.ctx.relations), self.district.text
        )

    def _sentence_dates(self) -> list[str | None]:
        """The dateline of each sentence: a date that opens it (``本报讯 8月1日，…``) or that is
        followed by a time of day or a comma; ``截至7月29日`` and ``8月15日前`` are not datelines."""
        out: list[str | None] = []
        for sent in self.doc.sentences:
            date = None
            for m in self.by_sentence.get(sent.index, []):
                if m.label != "DATE" or not DATE.search(m.text) or sent.kind != "body":
                    continue
                before = self.doc.text[sent.start : m.start]
                after = self.doc.text[m.end : m.end + 8]
                # "6月8日至9日，" / "3月13日-15日，": a stay of several days is dated by its first
                # an agency's dateline: "新华网南京2月25日电", "广西新闻网南宁1月10日讯"
                agency = re.fullmatch(r"\s*[\u4e00-\u9fa5]{2,12}", before) and re.match(r"电|讯", after)
                # "陈国基今日（9月27日）出席": a release's day, in brackets after 今日
                today = re.search(r"(?:今日|今天|昨日|昨天)[（(]$", before) and re.match(r"[）)]", after)
                # "一行於5月29日访问…": a date after 于 is the day of what the sentence reports
                on_day = re.search(r"[^将]\s*[于於]$", before) is not None
                if agency or today or on_day or re.fullmatch(r"\s*(?:本报讯)?\s*", before) or re.match(r"(?:(?:至|到|[-—－~～])\d{1,2}日)?(?:上午|下午|晚|，|,)", after):
                    if not re.search(r"截至|截止|至$|到$", before):
                        date = normalise_date(m.text, self.doc.year)
                        later = next((o for o in self.by_sentence.get(sent.index, []) if o.label == "DATE" and o.start > m.end), None) if agency else None
                        if later is not None and re.fullmatch(r"(?:电|讯)\s*(?:[（(][^）)]{0,40}[）)])?\s*", self.doc.text[m.end : later.start]):
                            # "新华网南京2月25日电 2月24日，…": the day of the event after the release's
                            date = normalise_date(later.text, self.doc.year) or date
                        day = _DAY_AFTER_RELEASE.match(self.doc.text, m.end) if agency and later is None else None
                        if day is not None and date is not None and int(day.group(1)) <= int(date[-2:]):
                            # "某某网7月24日讯（甲）23日，…": the day of the event, in the release's month
                            date = f"{date[:-2]}{int(day.group(1)):02d}"
                        if date is None and re.match(r"\d\d月", m.text):
                            # a timestamp run into the dateline ("…12:10:527月21日"): the month is its last digit
                            date = normalise_date(m.text[1:], self.doc.year)
                        break
            if date is None and sent.kind == "body":
                date = self._day_only_date(sent.text, next((d for d in reversed(out) if d), None))
            out.append(date)
        return out

    def _day_only_date(self, text: str, earlier: str | None) -> str | None:
        """``13日，…`` / ``17日下午，…``: a dateline that gives the day only takes its month from the
        page's last dateline, else from the page's own date (``2016/5/16``, ``日期：2022-11-24``),
        the month before when the day is later than the page's; ``1123日`` is ``11月23日``."""
        page = PAGE_DATE.search(self.doc.text)
        relative = RELATIVE_DAY.match(text)
        if relative and page:
            try:
                day0 = datetime.date(int(page.group(1)), int(page.group(2)), int(page.group(3)))
            except ValueError:
                return None
            when = day0 + datetime.timedelta(days=RELATIVE_OFFSET[relative.group(1)])
            return normalise_date(f"{when.month}月{when.day}日", self.doc.year)
        match = DAY_ONLY.match(text) or _BRACKETED_DAY.search(text)
        if not match:
            return None
        digits = match.group(1)
        if len(digits) >= 3:
            return normalise_date(f"{digits[:-2]}月{digits[-2:]}日", self.doc.year)
        day = int(digits)
        if earlier:
            month = int(earlier[-5:-3])
        else:
            if not page:
                return None
            month = int(page.group(2))
            if day > int(page.group(3)):
                month = month - 1 or 12
        return normalise_date(f"{month}月{day}日", self.doc.year)

    def _sentence_at(self, offset: int) -> int:
        for sent in self.doc.sentences:
            if sent.start <= offset < sent.end:
                return sent.index
        return len(self.doc.sentences) - 1

    # -- posts ---------------------------------------------------------------------------------
    def _memberships(self, sentence: int, mentions: list[Mention]) -> None:
        text = self.doc.text
        chain: list[Mention] = []
        for mention in mentions:
            if chain and not CHAIN_GAP.match(_unspaced(text[chain[-1].end : mention.start])):
                self._close_chain(sentence, chain)
                chain = []
            if mention.label in CHAIN_LABELS:
                chain.append(mention)
            else:
                self._close_chain(sentence, chain)
                chain = []
        self._close_chain(sentence, chain)
        self._appointments(sentence, mentions)

    def _appointments(self, sentence: int, mentions: list[Mention]) -> None:
        """Appointment and removal notices: ``任命张三（同志）为X县人民政府副县长、代理县长``,
        ``免去李四（同志）的X职务``, ``接受王五同志辞去X职务的请求``, ``张三同志任X``: the person holds
        (or held) each post of the title run after the cue, observed on the notice's date."""
        text = self.doc.text
        persons = [m for m in mentions if m.label == "PERSON"]
        for title in (m for m in mentions if m.label == "TITLE"):
            # 其他常委分别是甲、乙、丙: the title, then the names that hold it
            opened = re.match(r"分别(?:是|为)[：:]?", text[title.end : title.end + 4])
            if opened is None:
                continue
            run: list[Mention] = []
            for p in (p for p in persons if p.start >= title.end + opened.end()):
                if text[(run[-1].end if run else title.end + opened.end()) : p.start] not in ("", "、"):
                    break
                run.append(p)
            if run:
                chain = [title]
                if _TITLES.heads.get(_TITLES.head_of(title.text) or "") == "party" or title.text in ("常委", "委员"):
                    # (其他常委: of the party committee the sentence or the two before it named)
                    committees = [m for back in (sentence - 2, sentence - 1, sentence) for m in self.by_sentence.get(back, [])
                                  if m.label == "GOV" and _PARTY_COMMITTEE.search(m.text) and m.end <= title.start]
                    chain = committees[-1:] + chain
                self._add_posts(sentence, chain, run, "rule:title-then-names", 0.75)
        for person in persons:
            after = text[person.end : person.end + 8]
            listed = _listed_before(persons, person, text)
            first = listed[-1]  # 丙、丁为常务委员: the clause opens with the list's first name
            clause = re.split(r"[，。；,;]", text[max(0, first.start - 30) : first.start])[-1]
            sent_start = self.doc.sentences[sentence].start
            # 选举甲为县长，乙为县人大常委会副主任: a name opening a later clause of the same notice
            listed_on = not clause.strip() and (re.search(_NOTICE_CUE, text[sent_start : person.start]) is not None or (
                # 决定任命：甲为…；\n乙为…: a list of clauses the notice cue opened a few clauses before
                re.search(r"[；;：:]\s*$", text[max(0, sent_start - 3) : sent_start]) is not None
                and any(re.search(_NOTICE_CUE, s.text) for s in self.doc.sentences[max(0, sentence - 3) : sentence])))
            # 任命吕靖、李保庚、李超群三位同志为…: the count of the names listed may stand before 同志
            # 免除甲同志常务副县长一职: the post a removal names right after 同志
            cue = (re.match(r"(?:[两二三四五六七八九十]位(?=同志))?(?:同志)?(?:为|的|辞去|任|担任|兼任|[（(])", after)
                   or _POST_REMOVED.match(text, person.end))
            bio = _BIOGRAPHY.match(text, person.end)
            if bio is not None and not any(p.start < bio.end() and p.start > person.end for p in persons):
                # 张立，男，汉族，1975年生，现任县水利局副局长: a profile's current posts
                start = bio.end()
                stop = re.search(r"职务|[，。；,;（(]|同志", text[start : start + 60])
                end = start + (stop.start() if stop else 60)
                run = [m for m in mentions if start <= m.start and m.end <= end and m.label in BODY_LABELS | {"TITLE"}]
                if (run and run[-1].label == "TITLE" and run[0].start == start
                        and all(CHAIN_GAP.match(text[a.end : b.start]) for a, b in zip(run, run[1:]))):
                    self._add_posts(sentence, run, [person], "rule:profile", 0.8)
                continue
            if cue is None or (cue.group().endswith(("为", "的")) and not re.search(_NOTICE_CUE, clause) and not listed_on):
                continue
            if cue.group() == "同志" and not re.search(r"免除|免去|辞去", clause):
                continue  # (only _POST_REMOVED gives a bare 同志: a removal's post, in a removal)
            start = person.end + len(cue.group())
            closing = cue.group().endswith(("（", "("))  # 王立（县委书记）主持: the posts in brackets after a name
            stop = re.search(r"[）)]" if closing else r"职务|一职|[，。；,;（(]|同志", text[start : start + (30 if closing else 60)])
            if closing and stop is None:
                continue
            end = start + (stop.start() if stop else 60)
            run = [m for m in mentions if start <= m.start and m.end <= end and m.label in BODY_LABELS | {"TITLE"}]
            if not run or run[-1].label != "TITLE" or run[0].start != start or (closing and run[-1].end != end):
                continue
            if any(not CHAIN_GAP.match(text[a.end : b.start]) for a, b in zip(run, run[1:])):
                continue
            # 任命甲、乙、丙为X组成人员: the names listed before the last share its posts
            if closing:
                listed = [person]
            self._add_posts(sentence, run, listed[::-1], "rule:name-then-title" if closing else "rule:appointment", 0.85)

    def _close_chain(self, sentence: int, chain: list[Mention]) -> None:
        text = self.doc.text
        # split into runs: [title part][persons]; a chain may hold several such groups
        i = 0
        while i < len(chain):
            j = i
            while j < len(chain) and chain[j].label != "PERSON":
                j += 1
            k = j
            while k < len(chain) and chain[k].label == "PERSON" and (k == j or _unspaced(text[chain[k - 1].end : chain[k].start]) in ("、", "同志、")):
                k += 1
            titles = chain[i:j]
            persons = chain[j:k]
            if persons and titles and re.search(_PREDICATE_BEFORE_POST, text[max(0, titles[0].start - 3) : titles[0].start]):
                # 甲当选市政协主席，委员乙当选政协常委: posts a clause's verb gave the name before it are
                # not the next name's; the titles after the last comma are
                commas = [n for n in range(1, len(titles)) if _unspaced(text[titles[n - 1].end : titles[n].start]) == "，"]
                if commas:
                    titles = titles[commas[-1]:]
            named = chain[i - 1] if i > 0 and chain[i - 1].label == "PERSON" else None
            if (not persons and named is not None and titles and titles[-1].label == "TITLE"
                    and text[named.end : titles[0].start] == "，"
                    and re.match(r"[，。；、（(]|$", text[titles[-1].end : titles[-1].end + 1])):
                # 彭学华，丰城市剑声中学校长。: a name, then the posts it holds (appointment lists)
                self._add_posts(sentence, titles, [named], "rule:name-then-title", 0.8)
            elif (not persons and named is not None and len(titles) == 1 and titles[0].label == "TITLE"
                    and titles[0].start == named.end and _TITLES.heads.get(_TITLES.head_of(titles[0].text) or "") == "enterprise"):
                # 王立董事长指出: a name with its enterprise post after it, held in the enterprise the
                # article names (no post where none is named)
                self._add_posts(sentence, titles, [named], "rule:name-then-title", 0.75, need_body=True)
            elif (not persons and named is not None and len(titles) == 1 and titles[0].label == "TITLE"
                    and titles[0].start == named.end and re.fullmatch(r"(?:常务)?副?[省市县区州旗镇乡]长", titles[0].text)
                    and re.match(rf"[、，。；：（(\s“]|{_PERSON_AFTER_TITLE_CUE}|$", text[titles[0].end : titles[0].end + 4])):
                # 李明省长会见时, 王立县长指出: a name with its government's head written after it (the
                # title names its body: the page's province, county)
                self._add_posts(sentence, titles, [named], "rule:name-then-title", 0.75)
            elif (not persons and named is not None and len(titles) == 1 and titles[0].text == "书记" and titles[0].start == named.end
                    and re.match(rf"[“\"、，]|(?:的)?(?:讲话|指示|批示|要求)|{_PERSON_AFTER_TITLE_CUE}", text[titles[0].end : titles[0].end + 3])
                    and not self._titled_elsewhere(named, "书记")):
                # 按照某某书记“五个筑牢”的要求: a secretary cited by name, whose committee is not said
                self._add_posts(sentence, titles, [named], "rule:name-then-title", 0.6)
            elif (not persons and named is not None and len(titles) == 1 and titles[0].text == "总书记"
                    and titles[0].start == named.end):
                # 习近平总书记: the party's general secretary, whose body the title names (中共中央)
                self.add("membership", [("member", _ref(named)), ("organization", Ref("GOV", "中共中央")), ("role", "总书记"),
                                        ("date", self.ctx.date)], sentence, "rule:name-then-title", 0.8)
            if (persons and titles and titles[-1].label == "TITLE"
                    # 县领导及高新区领导甲、乙: two groups of leaders before one list, which holds which is not said
                    and not (_COLLECTIVE.fullmatch(titles[-1].text) and re.search(r"领导(?:及|和|与|、)$", text[max(0, titles[-1].start - 4) : titles[-1].start]))
                    and (not text[titles[-1].end : persons[0].start].strip() or _TITLE_NOTE.fullmatch(text, titles[-1].end, persons[0].start)
                         or _DESCRIPTION.fullmatch(text, titles[-1].end, persons[0].start)
                         or re.fullmatch(_NAMES_OPEN, _unspaced(text[titles[-1].end : persons[0].start])))):
                trailing = self._trailing_title(sentence, persons) if len(persons) > 1 else None
                if trailing is not None:
                    # 常务副区长王铮、袁景涛、王伟等分管项目县级领导: the first holds the title before the
                    # names, the others the rank the list closes with
                    self._add_posts(sentence, titles, persons[:1], "rule:title-chain", 0.9)
                    self._add_posts(sentence, [trailing], persons[1:], "rule:list-then-title", 0.8)
                else:
                    self._add_posts(sentence, titles, persons, "rule:title-chain", 0.9)
            i = max(k, j + 1) if k > i else i + 1

    def _titled_elsewhere(self, person: Mention, head: str) -> bool:
        """Does the page write ``person`` after a title ending in ``head`` (州委书记杨斌, 党工委书记、管委会主任某) elsewhere?
        Then 杨斌书记 names that post again, not one of its own."""
        text = self.doc.text
        return any(m.label == "PERSON" and m.text == person.text and m is not person
                   and re.search(rf"{head}(?:[、\u4e00-\u9fa5]{{0,12}})$", text[max(0, m.start - 20) : m.start])
                   for m in self.mentions)

    def _trailing_title(self, sentence: int, persons: list[Mention]) -> Mention | None:
        """The title a ``、`` list of names closes with after ``等`` (``A、B等分管项目县级领导``)."""
        last = persons[-1]
        after = re.match(r"等[\u4e00-\u9fa5]{0,8}?", self.doc.text[last.end : last.end + 10])
        if after is None:
            return None
        for m in self.by_sentence.get(sentence, []):
            if m.start > last.end and m.label == "TITLE" and m.start - last.end <= 9 and not _COLLECTIVE.fullmatch(m.text):
                gap = self.doc.text[last.end : m.start]
                if re.match(r"共[\d一二三四五六七八九十百]+(?:人|名)", self.doc.text[m.end : m.end + 6]):
                    return None  # 甲、乙等县人大常委会组成人员共27人: a head count of all named, no rank of the others
                return m if re.fullmatch(r"等[\u4e00-\u9fa5]{0,8}", gap) else None
        return None

    def _add_posts(self, sentence: int, titles: list[Mention], persons: list[Mention], rule: str, confidence: float,
                   need_body: bool = False) -> None:
        """One membership per post of ``titles`` and person; a post with no body is 0.2 less certain
        (``need_body``: none at all)."""
        earlier = [m for m in self.by_sentence.get(sentence, []) if m.end <= titles[0].start]
        # a name the NER did not read stands right before the title (DearAuto创始人, 招商地产总经理):
        # the post's body is that name, so no body named elsewhere is borrowed
        before = self.doc.text[max(0, titles[0].start - 1) : titles[0].start]
        unnamed = bool(re.fullmatch(r"[A-Za-z0-9]|[\u4e00-\u9fa5]", before)) and before not in _FUNCTION_CHARS and not any(
            m.end == titles[0].start for m in earlier)
        # (a body written in the chain itself, 、市委书记乙, is its own)
        anaphor = self._anaphor(sentence, titles[0]) if all(m.label == "TITLE" for m in titles) else None
        # 历届区政协主席甲: the past terms before the body are the post's (a former post, as 原 is)
        term = _TERM_BEFORE.search(self.doc.text, max(0, titles[0].start - 4), titles[0].start) if titles[0].label == "GOV" else None
        for body, role in self._posts(titles, earlier):
            role = term.group() + role if term is not None else role
            if anaphor is not None and (body is None or body.label == "GOV" and anaphor.label != "GOV"):
                body = anaphor  # 受到该会副理事长甲，理事乙、丙: the body 该会 stands for, over one borrowed
            if body is not None and body.label == "ADMIN" and _TITLES.heads.get(_TITLES.head_of(role) or "") == "enterprise":
                body = None  # 来到X公司、某镇，董事长甲: an enterprise post is no place's; the enterprise named is
            if body is None and _TITLES.heads.get(_TITLES.head_of(role) or "") == "enterprise" and not unnamed:
                # 董事长徐俊红就集团公司…: an enterprise post with no body is held in the enterprise
                # the last sentences named (not where a name the NER missed stands before it: DearAuto创始人)
                near = [m for m in self.mentions if m.label == "COMPANY" and m.end <= titles[0].start and m.sentence >= sentence - 2]
                body = _ref(near[-1]) if near else None
            if body is None and re.search(r"主席团$", self.doc.text[max(0, titles[0].start - 3) : titles[0].start]):
                # 大会主席团常务主席甲: the presidium of the session the page names before it
                sessions = list(_SESSION_NAME.finditer(self.doc.text, 0, titles[0].start))
                body = Ref("GOV", sessions[-1].group() + "主席团") if sessions else None
            if body is None and not unnamed:
                # 副主任邓华明、胡维英 after 县人大常委会副主任陈德汉: the same post's body in this sentence
                body = self._sentence_bodies.get((sentence, _bare_head(role)))
                if body is None and len(titles) == 1:
                    # 某某局召开会议，局长X讲话: a bare head of the last body of its kind the sentence names
                    # (not a party committee: 县委…，办公室主任 is no 县委 post)
                    # or of the sentence before (某某人大常委会召开会议。主任X主持), within the article
                    kin = self._kin_body(role, earlier)
                    for back in (sentence - 1, sentence - 2):
                        if kin is not None or back < 0 or self.doc.sentences[back].kind != "body":
                            break
                        kin = self._kin_body(role, self.by_sentence.get(back, []))
                    body = kin
            elif body is not None and _bare_head(role):
                self._sentence_bodies[(sentence, _bare_head(role))] = body
            if (body is None and not unnamed and (_bare_head(role) in _STAFF_HEADS or _CIVIL_RANK.fullmatch(role)) and sentence in self._chain_body
                    and re.search(r"(?:[，、]|[、，]?及|[、，]?以及|(?<=[\u4e00-\u9fa5])和)$", self.doc.text[max(0, titles[0].start - 3) : titles[0].start])):
                # 七师副师长甲、乙，总工程师丙 (…副主任甲、乙及秘书长丙; 副局长甲、二级调研员乙): a staff post or a
                # rank after the sentence's last chain is of its body
                body = self._chain_body[sentence]
            if (body is None and rule == "rule:appointment" and sentence in self._chain_body
                    and (_bare_head(role) in _STAFF_HEADS or role in ("常务委员", "委员", "常委"))):
                # 选举甲为X政协副主席，乙为秘书长，丙、丁为常务委员: the clauses after an election go on with
                # its body
                body = self._chain_body[sentence]
            if body is None and (need_body or (unnamed and _TITLES.head_of(role) is not None and not _RANK_RE.fullmatch(role))
                                 or not _TITLES.bodyless(role)):
                continue  # 政委, 副师长: no post until its body is known; nor one whose body is written but not read
            if body is not None and body.label in {"COMPANY", "ORG"} | ({"GOV"} if _UNIT_END.search(body.text) else set()):
                self._last_body[sentence] = body
            if body is not None and not _PARTY_COMMITTEE.search(body.text):
                self._chain_body[sentence] = body
            for person in persons:
                self.add(
                    "membership",
                    [("member", _ref(person)), ("organization", body), ("role", role), ("date", self.ctx.date)],
                    sentence,
                    rule,
                    confidence if body else round(confidence - 0.2, 2),
                )

    def _anaphor(self, sentence: int, title: Mention) -> Ref | None:
        """The body ``该会``/``该公司`` right before ``title`` stands for: the last organisation of its kind
        named before it (an institution for 会, an enterprise for 公司/集团, a body for 局), kept for the
        posts the same sentence lists after it (``该会副理事长甲，理事乙、丙``)."""
        text = self.doc.text
        found = _ANAPHOR.search(text, max(0, title.start - 4), title.start)
        if found is None or found.end() != title.start:
            if sentence in self._anaphor_body and re.search(r"[，、]$", text[max(0, title.start - 1) : title.start]):
                return self._anaphor_body[sentence]
            return None
        kind = found.group(1)
        labels = {"COMPANY"} if kind in {"公司", "集团"} else {"GOV"} if kind == "局" else {"ORG", "GOV"}
        before = [m for m in self.mentions if m.end <= found.start() and m.label in labels and m.text.endswith(kind)]
        if not before:
            return None
        self._anaphor_body[sentence] = _ref(before[-1])
        return self._anaphor_body[sentence]

    @staticmethod
    def _kin_body(role: str, mentions: Sequence[Mention]) -> Ref | None:
        """The last body of ``mentions`` that a bare ``role`` can head by its name (局长: a 局), not a
        party committee (县委…，办公室主任 is no 县委 post)."""
        kin: list[Ref] = []
        for m in mentions:
            if m.label not in {"GOV", "ORG", "COMPANY"}:
                continue
            if _TITLES.heads_body(role, m.text) and not _PARTY_COMMITTEE.search(m.text) and not m.text.endswith("纪委"):
                kin.append(_ref(m))
                continue
            parent = _UNIT_END.sub("", m.text) if m.text.endswith(("党委", "党组", "党总支")) else ""
            if len(parent) >= 2 and _TITLES.heads_body(role, parent) and not re.search(r"[省市县区州旗镇乡]$", parent):
                # 某大学党委书记甲、校长乙: the head of the unit whose party committee the sentence named
                label = "COMPANY" if re.search(r"公司|集团|银行", parent) else "ORG" if re.search(r"大学|学院|学校|医院", parent) else "GOV"
                kin.append(Ref(label, parent))
        return kin[-1] if kin else None

    def _posts(self, titles: list[Mention], earlier: Sequence[Mention] = ()) -> list[tuple[Ref | None, str]]:
        text = self.doc.text
        posts: list[tuple[Ref | None, str]] = []
        enterprise = any(_TITLES.heads.get(_TITLES.head_of(t.text) or "") == "enterprise" for t in titles if t.label == "TITLE")
        body: Ref | None = (self._anaphoric_company(titles[0]) or self._party_unit_of_last_body(titles[0], enterprise)
                            or self._deictic_body(titles[0]) or self._unit_of_last_company(titles[0]))
        party: Ref | None = None  # the last party committee of the chain (市委 of 市委常委、组织部长)
        company: Ref | None = None  # the last enterprise of the chain (来到X公司、某镇，董事长甲: X公司's)
        scope: Ref | None = None  # the last body, stated or implied (市政府 of 副市长、公安局长)
        previous: Mention | None = None
        for mention in titles:
            gap = text[previous.end : mention.start] if previous else ""
            if mention.label in BODY_LABELS:
                if gap == "兼" and mention.text == "办公室" and body is not None:
                    body = Ref("GOV", body.text + mention.text)  # 领导小组副组长兼办公室主任
                elif gap == "、" and mention.text in ("办公室", "办公厅") and (scope or party) is not None:
                    # 区委常委、办公室主任: the 区委's office; 县政协副主席、办公室主任: the 政协's;
                    # 省政协副秘书长、办公厅主任: the province's 政协's 办公厅
                    owner = scope or party
                    body = Ref(owner.label if owner.label != "ADMIN" else "GOV", owner.text + mention.text)  # type: ignore[union-attr]
                elif gap == "、" and mention.text in _OWN_UNITS and mention.text not in PARTY_UNIT and scope is not None:
                    body = Ref(mention.label, _UNIT_END.sub("", scope.text) + mention.text)  # X公司…、工会主席: the company's 工会
                elif gap == "、" and mention.text == "纪委" and scope is not None and (committee := _PLACE_COMMITTEE.fullmatch(scope.text)):
                    # 县委常委、纪委书记: the county's 纪委 (县纪委), no department of its 县委
                    body = Ref("GOV", committee.group(1) + mention.text)
                elif gap == "、" and re.fullmatch(PARTY_UNIT, mention.text) and scope is not None:
                    body = Ref("GOV", _UNIT_END.sub("", scope.text) + mention.text)  # X公司总经理、党委副书记: the company's 党委
                elif gap == "、" and mention.text in _UNIT_OFFICES and body is not None and _UNIT_COMMITTEE.match(body.text):
                    # X街道党工委书记、办事处主任; X村党支部书记、村委会主任: the same unit's office
                    body = Ref("GOV", _UNIT_COMMITTEE.match(body.text).group(1) + mention.text)  # type: ignore[union-attr]
                elif gap == "、" and mention.text in ("管委会", "党工委") and body is not None and _ZONE_OF.match(body.text):
                    # X开发区党工委副书记、管委会副主任: the same zone's committee
                    body = Ref("GOV", _ZONE_OF.match(body.text).group(1) + mention.text)  # type: ignore[union-attr]
                elif (gap == "、" and mention.label == "GOV" and party is not None and _PARTY_DEPARTMENT.fullmatch(mention.text)
                      and not _PLACE_PREFIX.match(mention.text)):
                    body = Ref("GOV", party.text + mention.text)  # 县委常委、宣传部部长: the 县委's 宣传部
                elif (gap == "、" and mention.label == "GOV" and scope is not None and _BARE_DEPARTMENT.search(mention.text)
                      and not _PLACE_PREFIX.match(mention.text) and _place_of(scope)):
                    # 开原市政协副主席、医保局局长: 开原市医保局; 县纪委书记、监委主任: 县监委 (scoped later)
                    body = Ref("GOV", _place_of(scope) + mention.text)
                elif (gap in ("、", "，") or body is None or previous is None or previous.label == "TITLE"
                      or (gap == "" and mention.label == "ADMIN" and body.label == "ADMIN")  # 铁岭市开原市: the inner place
                      or (gap == "" and mention.label == "GOV" and body.label == "ADMIN")  # 西工区 + 某街道党工委: the body
                      # 新疆兵团 + 第七师: the unit named inside the organisation (not a bare 党委 of it)
                      or (gap == "" and mention.label == "GOV" and body.label == "ORG" and mention.text not in _BARE_UNIT
                          and not re.fullmatch(PARTY_UNIT, mention.text))):
                    body = _ref(mention)
                    own = re.fullmatch(rf"({_OWN_ENTERPRISE})({PARTY_UNIT})", mention.text)
                    if own:  # 公司党委 read as one name: the page's own enterprise's (a bare 集团公司 is left to the resolver)
                        body = self._page_enterprise(own.group(1), own.group(2), mention.start) or body
                    listed = self._listed_place(mention, earlier) if previous is None else None
                    if listed is not None:
                        body = Ref("GOV", listed)  # 偃师区委书记甲，区委副书记乙: 偃师区's
                    if previous is None and mention.text in _UNIT_ANAPHORIC:
                        # X街道党工委书记甲、办事处主任乙: the office of the unit the sentence named
                        unit = next((u for u in (_UNIT_COMMITTEE.match(m.text) for m in reversed(earlier) if m.label in {"GOV", "ORG"}) if u), None)
                        if unit is not None:
                            body = Ref("GOV", unit.group(1) + mention.text)
                    if previous is None and mention.text in ("党委", "党组", "党总支") and not re.search(
                            r"[\u4e00-\u9fa5A-Za-z]$", text[max(0, mention.start - 1) : mention.start]):
                        # 某集团…，党委副书记、监事会主席X: a bare party unit opening a chain is the unit of the
                        # body the sentence's last post named, else of the article's enterprise
                        last = self._last_body.get(mention.sentence) or (self._article_company(mention) if enterprise else None)
                        if last is not None:
                            body = Ref("GOV", _UNIT_END.sub("", last.text) + mention.text)
                    unit_of = _UNIT_ANAPHOR.fullmatch(mention.text)
                    if unit_of:  # 某某局召开会议。局党组书记、局长X: the bureau just named
                        body = self._unit_anaphor(mention, unit_of.group(1), unit_of.group(2) or "") or body
                    if mention.text.removeprefix("区") in _BARE_ZONE_BODIES:
                        # 临港经开区党工委书记王立、管委会主任张华: the zone the sentence named before
                        zone = next((z.group(1) for z in (_ZONE_OF.match(m.text) for m in reversed(earlier)
                                                          if m.label == "GOV") if z), None)
                        if zone:
                            body = Ref("GOV", zone + mention.text.removeprefix("区"))
                if mention.label == "GOV" and _PARTY_COMMITTEE.search(mention.text):
                    party = body
                if body is not None and body.label == "COMPANY":
                    company = body
                scope = body
            elif mention.label == "TITLE":
                contracted = _TITLES.split_contracted(mention.text) if mention.pattern_id == "title-contracted" else None
                if contracted is not None:
                    # 公安局长 = 公安局 + 局长; 组织部长 of 市委常委、组织部长 is the 市委's 组织部
                    dept, role, in_party = contracted
                    if not _PLACE_PREFIX.match(dept):
                        owner = party if in_party and party is not None else scope
                        dept = (owner.text if in_party and owner is not None else _place_of(owner)) + dept
                    posts.append((Ref("GOV", dept), role))
                    previous = mention
                    continue
                implied = _TITLES.implied_body(mention.text)
                level = text[mention.start - 1 : mention.start]
                if implied is not None and implied.endswith("议会") and level in ("县", "市") and implied[0] != level:
                    implied = level + implied[1:]  # 縣議員 (Taiwan): the county's council, as 市议员 is the city's
                if implied is not None:
                    # 副市长: the city's government, even after 市委常委 (the party's body)
                    stated = previous is not None and gap == "" and previous.label in BODY_LABELS
                    if implied[0] not in "省市县区州旗镇乡盟":
                        scope = Ref("GOV", implied)  # 立法委员: the 立法院, wherever the page is
                    elif stated and body is not None and body.label == "ADMIN":
                        # 郏县县长: 郏县政府; 台中市议员: 台中市议会
                        scope = Ref("GOV", body.text + (implied[1:] if body.text.endswith(implied[0]) else implied))  # 开封 + 市长
                    elif body is not None and body.text.endswith("政府") and _place_of(body).endswith(implied[0]):
                        scope = body  # 县人民政府副县长、代理县长: both of that government
                    else:
                        # 祥符区委书记王彦涛，区长张红军: the place of the chain's body, else of the last
                        # body of that level named before in the sentence
                        place = _place_of(body)
                        if not place.endswith(implied[0]):
                            place = next((p for p in (_place_of(_ref(m)) for m in reversed(earlier) if m.label in {"GOV", "ADMIN"})
                                          if p.endswith(implied[0]) and len(p) > 1), "")
                        scope = Ref("GOV", (place + implied[1:]) if place.endswith(implied[0]) else implied)
                    posts.append((scope, mention.text))
                    previous = mention
                    continue
                if (body is None or gap) and _bare_head(mention.text) == "主席" and text[max(0, mention.start - 3) : mention.start] == "自治区":
                    body = Ref("GOV", "自治区政府")  # 自治区副主席: the region's government (its 政协 is written)
                if gap.startswith("兼") and len(gap) > 1 and body is not None:
                    # 领导小组副组长兼办公室主任: the office is the group's office
                    body = Ref("GOV", body.text + gap[1:])
                if body is None and _PARTY_TITLE.fullmatch(mention.text) and mention.text.endswith("常委"):
                    # 祥符区委书记王彦涛，…，常委、常务副区长李鹏锋: the committee named before
                    body = next((_ref(m) for m in reversed(earlier) if m.label == "GOV" and _PARTY_COMMITTEE.search(m.text)), None)
                unit = re.match(PARTY_UNIT, gap.lstrip("、，的"))
                # X公司党委书记、董事长: 书记 of X公司党委, then 董事长 of X公司 again; X公司董事长、党委书记
                # and 副县长、党组成员: the party unit of the body the chain holds (stated or implied)
                owner = (body if previous is not None and previous.label != "TITLE" else scope) if unit else None
                if unit and owner is not None and previous is not None:
                    posts.append((Ref("GOV", _UNIT_END.sub("", owner.text) + unit.group()), mention.text))
                elif (body is not None and body.label == "ADMIN" and company is not None
                      and _TITLES.heads.get(_TITLES.head_of(mention.text) or "") == "enterprise"):
                    posts.append((company, mention.text))  # an enterprise post is no place's
                else:
                    posts.append((_outside_party_unit(body, mention.text), mention.text))
            previous = mention
        return posts

    def _unit_of_last_company(self, first: Mention) -> Ref | None:
        """集团公司副总经济师甲、计划发展部副主任乙: a department's post (the unit read into the title)
        opening a chain after a list mark is of the enterprise the sentence's last post named."""
        if first.label != "TITLE" or not first.source.endswith("+unit") or self.doc.text[first.start - 1 : first.start] != "、":
            return None
        last = self._last_body.get(first.sentence)
        return last if last is not None and last.label == "COMPANY" else None

    def _party_unit_of_last_body(self, first: Mention, enterprise: bool = False) -> Ref | None:
        """天成集团党委委员、副总经理王刚，党委委员、财务总监李华: a chain that opens with a bare party
        unit (党委委员) continues the body of the sentence's previous chain."""
        text = self.doc.text
        unit = re.search(rf"(?:^|[，、；。：\s])({PARTY_UNIT})$", text[max(0, first.start - 4) : first.start])
        last = self._last_body.get(first.sentence)
        if first.label == "TITLE" and unit is not None and last is None and unit.group(1) == "党组":
            # 县人大常委会主任甲…，党组成员乙: the 党组 of the government body the sentence named before
            bodies = [m for m in self.by_sentence.get(first.sentence, []) if m.end <= first.start and m.label == "GOV"
                      and not _PARTY_COMMITTEE.search(m.text) and not _UNIT_END.search(m.text)]
            last = _ref(bodies[-1]) if bodies else None
        if first.label == "TITLE" and unit is not None and last is None and enterprise:
            # 某公司召开会议。党委书记、董事长X: the enterprise the article has just named, else the one
            # an enterprise's own news names throughout (its name recurs, no other as often)
            last = self._article_company(first)
        if first.label != "TITLE" or unit is None or last is None:
            return None
        parent = _UNIT_END.sub("", last.text)
        return Ref("GOV", parent + unit.group(1))

    def _listed_place(self, mention: Mention, earlier: Sequence[Mention]) -> str | None:
        """甲区委书记A，区委副书记、区长B，乙区委书记C: a bare 区委 (县政府, 区人大常委会) in a list of
        officials is of the district or county the list named last (nothing but posts and names between);
        a bare 街道党工委 (镇政府) after a street office (town) the sentence named is that unit's. The
        body's full name, or None."""
        unit = re.match(r"(街道|镇|乡)(?=党工委|党委|政府|人民政府|人大|办事处)", mention.text) if mention.label == "GOV" else None
        if unit is not None:
            # 某街道办事处主任甲、街道党工委副书记乙: the unit the list named last
            for m in reversed(earlier):
                named = re.match(rf"(.+?{unit.group(1)})(?:党工委|党委|政府|人民政府|人大|办事处)", m.text) if m.label in {"GOV", "ORG"} else None
                if named is not None and len(named.group(1)) > len(unit.group(1)):
                    return named.group(1)[: -len(unit.group(1))] + mention.text
            return None
        if mention.label != "GOV" or mention.text[:1] not in "区县" or not _LOCAL_BODY.match(mention.text[1:]):
            return None
        text = self.doc.text
        for m in reversed(earlier):
            if m.label not in {"GOV", "ADMIN"}:
                if m.label not in {"TITLE", "PERSON"}:
                    return None
                continue
            place = _place_of(_ref(m))
            if len(place) > 1 and place.endswith(mention.text[0]):
                between = text[m.end : mention.start]
                for o in earlier:
                    if m.end <= o.start and o.end <= mention.start:
                        between = between.replace(o.text, "")
                return place + mention.text[1:] if re.fullmatch(r"[，、；\s]*", between) else None
        return None

    def _article_company(self, first: Mention) -> Ref | None:
        """The enterprise a chain with an enterprise post and no body of its own is held in: the last
        one named in this or the two sentences before, else the page's own (named before ``first``
        and at least twice on the page, more often than any other)."""
        named = [m for m in self.mentions if m.label == "COMPANY"]
        before = [m for m in named if m.end <= first.start]
        near = [m for m in before if m.sentence >= first.sentence - 2]
        if near:
            return _ref(near[-1])
        counts = Counter(m.text for m in named).most_common(2)
        if (counts and counts[0][1] >= 2 and (len(counts) == 1 or counts[1][1] < counts[0][1])
                and any(m.text == counts[0][0] for m in before)):
            return Ref("COMPANY", counts[0][0])
        return None

    def _anaphoric_company(self, first: Mention) -> Ref | None:
        """公司总经理傅卫东: a bare 公司 (集团) before a title is the enterprise the article named last."""
        text = self.doc.text
        if first.label != "TITLE":
            return None
        # 集团党组书记、董事长吕军: the group's party unit, then the group itself
        found = re.search(rf"(?:^|(?<=[^\u4e00-\u9fa5])|(?<=[原任及和与由在]))({_OWN_ENTERPRISE})({PARTY_UNIT})?$",
                          text[max(0, first.start - 8) : first.start])
        if found is None:
            return None
        return self._page_enterprise(found.group(1), found.group(2), first.start - len(found.group()))

    def _deictic_body(self, first: Mention) -> Ref | None:
        """该局局长, 该委主任, 该公司董事长: the body of that kind the article has just named."""
        if first.label != "TITLE":
            return None
        found = re.search(rf"(?:该|本)({_UNIT_WORDS}|{_OWN_ENTERPRISE})({PARTY_UNIT})?$",
                          self.doc.text[max(0, first.start - 6) : first.start])
        if found is None:
            return None
        word, party = found.group(1), found.group(2) or ""
        if re.fullmatch(_OWN_ENTERPRISE, word):
            return self._page_enterprise(word, party or None, first.start)
        return self._unit_anaphor(first, word, party)

    def _unit_anaphor(self, mention: Mention, unit: str, party: str) -> Ref | None:
        """局党组, 院党委, 局 at the head of a chain: the last body of that kind named in this sentence or
        the two before (宜阳县人社局召开会议。局党组书记…), with the party unit written after it."""
        for back in (mention.sentence, mention.sentence - 1, mention.sentence - 2):
            if back < 0 or (back != mention.sentence and self.doc.sentences[back].kind != "body"):
                break
            kin = [m for m in self.by_sentence.get(back, []) if m.label in {"GOV", "ORG"} and m.end <= mention.start
                   and m.text.endswith(_UNIT_ENDS[unit]) and len(m.text) > len(unit) and not _UNIT_END.search(m.text)]
            if kin:
                return Ref("GOV" if party else kin[-1].label, kin[-1].text + party)
        return None

    def _page_enterprise(self, word: str, unit: str | None, at: int) -> Ref | None:
        """The enterprise a bare 公司/集团/集团公司 of the page means (and its party unit)."""
        best = self._page_company(word, at)
        if best is None:
            return None
        return Ref("GOV", best + unit) if unit else Ref("COMPANY", best)

    def _page_company(self, word: str, at: int) -> str | None:
        """The enterprise a bare 公司/集团 at ``at`` means: the page's own, the one it names most often
        (a group's news speaks of 集团), on a tie the last one named before."""
        named = [m for m in self.mentions if m.label == "COMPANY" and m.text != word
                 and ("集团" in m.text if word in ("集团", "集团公司") else m.text.endswith("公司"))]
        if not named:
            return None
        counts = Counter(m.text for m in named)
        order = {m.text: (m.end <= at, m.start if m.end <= at else -m.start) for m in named}
        return max(counts, key=lambda t: (counts[t], order[t]))

    # -- events --------------------------------------------------------------------------------
    def _new_event(self, kind: str, label: str, sentence: int, location: Ref | None, organizer: Ref | None, rule: str) -> EventRecord:
        for index, event in enumerate(self.ctx.events):
            if event.kind != kind or event.date != self.ctx.date:
                continue
            if event.label == label:
                self.ctx.event = event
                return event
            if kind == "meeting" and event.label in GENERIC_MEETINGS and label.endswith(event.label):
                # "座谈会上，…" earlier, named later ("召开“万人助万企”企业家座谈会"): one meeting
                named = EventRecord(event.key, kind, label, event.date, location or event.location, organizer or event.organizer, event.evidence)
                self.ctx.events[index] = named
                self.ctx.event = named
                return named
        key = f"{self.doc.doc_id}/e{len(self.ctx.events) + 1}"
        event = EventRecord(key, kind, label, self.ctx.date, location, organizer, self.evidence(sentence, rule, 0.85))
        self.ctx.events.append(event)
        self.ctx.event = event
        if kind == "meeting":
            self._opened[sentence] = event
        return event

    @staticmethod
    def _meeting_named(text: str, mentions: list[Mention]) -> str | None:
        """The meeting a headline names (县政协召开党组会议, 全县安全生产工作会议召开), if any."""
        named = next((m for m in mentions if m.label == "MEETING"), None)
        if named is not None:
            return named.text
        for pattern in (MEETING_AFTER_VERB, MEETING_BEFORE_VERB):
            match = pattern.search(text)
            if match and len(match.group("name")) >= 2:
                return match.group("name")
        return None

    def _held(self, sentence: int, meeting: Mention) -> bool:
        """Is the meeting reported as held here, rather than only named (迎接党的二十大胜利召开)?"""
        sent = self.doc.sentences[sentence]
        before = self.doc.text[sent.start : meeting.start]
        after = self.doc.text[meeting.end : sent.end]
        if re.search(r"迎接|筹备|将|即将|办好|承办|举办|争取", before):
            return False
        if re.match(r"(?:召开|举行|结束)后|精神|以来|部署|要求", after):
            return False  # 省视频会议召开后，我县随即召开…; 传达学习省委全会精神: an earlier meeting
        # "主持召开区政府第21次常务会议": the body that holds it may stand between the verb and the name
        bodies = [m for m in self.by_sentence.get(sentence, []) if m.label in {"GOV", "ADMIN", "ORG"} and m.end == meeting.start]
        if bodies:
            before = before[: len(before) - len(bodies[-1].text)]
        return bool(
            re.search(r"(?:召开|举行)$", before)
            # "市长王刚出席签约仪式": who attends or chairs it says it was held
            or re.search(r"(?:出席|参加|主持|列席)了?$", before)
            or re.match(r"(?:召开|举行|开幕|闭幕)(?!之|后)|上", after)
            or self.dateline[sentence]  # "9月30日上午，…安委会第三次全体（扩大）会议，…"
        )

    def _meeting(self, sentence: int, text: str, mentions: list[Mention]) -> None:
        meetings = [m for m in mentions if m.label == "MEETING" and self._held(sentence, m)]
        generic = GENERIC_MEETING.match(text)
        if not meetings and generic and (self.ctx.event is None or self.ctx.event.kind != "meeting"):
            self._new_event("meeting", generic.group(1), sentence, None, None, "rule:meeting-reference")
            return
        if not meetings and self._meeting_by_verb(sentence, text, mentions):
            return
        if not meetings:
            if self.ctx.event is None and self.ctx.events and MEETING_REFERENCE.search(text):
                # "…出席会议并讲话" after the byline of the article that named the meeting
                self.ctx.event = next((e for e in reversed(self.ctx.events) if e.kind == "meeting"), None)
            if (self.ctx.event is None or self.ctx.event.date != self.ctx.date) and ROLE_ON_MEETING.search(text):
                # "市政协召开党组会议" as the headline, "12日，王明主持会议。": the headline names the meeting
                self._new_event("meeting", self._heading_meeting or "会议", sentence, None, None, "rule:meeting-by-role")
            return
        meeting = meetings[0]
        local = meeting.start - self.doc.sentences[sentence].start
        before = text[:local]
        organizer = None
        # "X召开Y": the body or district just before 召开 organises
        if before.endswith(("召开", "举行")):
            agents = [m for m in mentions if m.end <= meeting.start and m.label in {"GOV", "ADMIN", "ORG"}]
            if agents:
                organizer = _ref(agents[-1])
        location = None
        places = [m for m in mentions if m.label == "SITE" and m.end <= meeting.start and "在" in text[:local]]
        if places:
            location = _ref(places[-1])
        # a district written right before the meeting name belongs to it ("郑州高新区2022年…推进会")
        label = meeting.text
        prior = [m for m in mentions if m.end == meeting.start and m.label in {"ADMIN", "GOV", "ORG"}]
        if prior:
            label = prior[-1].text + label
            if organizer is None:
                organizer = _ref(prior[-1])
        elif organizer is not None and (organizer.label == "ADMIN" or re.match(r"第|全体|扩大", label)):
            # "高新区召开2022年…推进会" is the district's meeting: name it as the other mentions do;
            # "郑州市安委会召开第三次全体（扩大）会议" needs its body to be a name at all
            label = organizer.text + label
        self._new_event("meeting", label, sentence, location, organizer, "rule:meeting-name")

    def _meeting_by_verb(self, sentence: int, text: str, mentions: list[Mention]) -> bool:
        """A meeting the NER did not name, read from its verb: ``召开（了）X会``, ``X会在Y召开``,
        ``举行「…典礼」``, ``X会见/拜会Y``. ``此次座谈会`` refers to the meeting under way."""
        for pattern in (MEETING_AFTER_VERB, MEETING_BEFORE_VERB, MEETING_SPOKEN_AT):
            for match in pattern.finditer(text):
                name = match.group("name")
                if NOT_HELD.search(text[max(0, match.start() - 6) : match.start("name")]) or len(name) < 2:
                    continue
                if ANAPHORIC_MEETING.match(name):
                    return False
                if name in {"会议", "大会"} and self.ctx.event is not None and self.ctx.event.kind == "meeting":
                    return False  # "会议以视频形式召开": the meeting under way, not another
                event = self._new_event("meeting", name, sentence, None, None, "rule:meeting-verb")
                if pattern is MEETING_AFTER_VERB:
                    self._holding_enterprise(sentence, text, mentions, event, match.start())
                return True
        meet = MEETING_MEET.search(text)
        if meet:
            start = self.doc.sentences[sentence].start
            persons = [m for m in mentions if m.label == "PERSON"]
            stop = re.search(r"[，。；]", text[meet.end() :])
            clause_end = meet.end() + stop.start() if stop else len(text)
            host = [p for p in persons if p.end - start <= meet.start()]
            guest = [p for p in persons if meet.end() <= p.start - start < clause_end]
            if host and guest:
                event = self._new_event("meeting", f"{host[-1].text}{meet.group()}{guest[0].text}", sentence, None, None, "rule:meeting-meet")
                for person in (host[-1], *guest):
                    self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:meeting-meet", 0.75)
                # "会见X公司总裁Y": the guest's enterprise takes part
                company = next((m for m in mentions if m.label == "COMPANY" and meet.end() <= m.start - start < guest[0].start - start), None)
                if company is not None:
                    self.add("participation", [("event", event.key), ("agent", _ref(company)), ("role", "participant_org")], sentence, "rule:meeting-meet", 0.7)
                return True
        talk = MEETING_WITH.search(text)
        if talk:
            # "A与B公司董事长C（举行）会谈/座谈": A hosts, those named between 与 and the verb are the guests
            start = self.doc.sentences[sentence].start
            clause = max(text.rfind(p, 0, talk.start()) for p in "，；。") + 1
            host = [m for m in mentions if m.label == "PERSON" and clause <= m.start - start and m.end - start <= talk.start()]
            if not host and not text[clause : talk.start()].strip():
                # "X到访…，与Y举行会谈": a clause that opens with 与 shares the sentence's subject
                signed = {b.start for b in self.doc.bylines}
                host = [m for m in mentions if m.label == "PERSON" and m.start not in signed and m.end - start <= clause][:1]
            guests = [m for m in mentions if m.label in {"PERSON", "COMPANY"} and talk.start("guest") <= m.start - start and m.end - start <= talk.end("guest")]
            if host and guests:
                event = self._new_event("meeting", f"{host[-1].text}与{talk.group('guest')}{talk.group('verb')}", sentence, None, None, "rule:meeting-with")
                for person in (host[-1], *guests):
                    role = "attendee" if person.label == "PERSON" else "participant_org"
                    self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", role)], sentence, "rule:meeting-with", 0.7)
                return True
            if re.search(r"举行|进行", talk.group()) and not NOT_HELD.search(text[clause : talk.start()]):
                # "海棠区与招商引资重点企业举行工作座谈": a meeting held between bodies; who sat in it
                # comes in the next sentences (…出席, …参加会议)
                subject = re.sub(r"^\s*(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚上?)?[，,]?", "", text[clause : talk.start()]).strip()
                if subject:
                    self._new_event("meeting", f"{subject}与{talk.group('guest')}{talk.group('verb')}", sentence, None, None, "rule:meeting-with")
                    return True
        return False

    def _visit(self, sentence: int, text: str, mentions: list[Mention]) -> None:
        # 会见了在云南考察投资环境的某集团董事长 / 会见了在云南考察投资环境的X一行: a visit cue inside a
        # clause that describes a guest (在…考察…的) tells who the guest is, not a visit of the page
        cues = [c for c in VISIT_CUES.finditer(text)
                if not (re.search(r"在[^，。；、]{0,8}$", text[: c.start()]) and re.match(r"[^，。；、]{0,10}的", text[c.end() :])
                        and re.search(r"会见|会谈|接见|欢迎", text[: c.start()]))
                and not (re.match(r"(?![时期间])[\u4e00-\u9fa5]{0,6}的", text[c.end() :]) and re.search(r"在[\u4e00-\u9fa5]{1,8}$", text[: c.start()]))
                # 总书记来陕考察重要讲话: the speech of an earlier visit, cited
                and not re.match(r"(?!时)[\u4e00-\u9fa5]{0,2}?(?:重要讲话|重要指示)", text[c.end() :])]
        event = self.ctx.event
        if not cues:
            # "在郑州宇光复合材料有限公司，面对面听取…" continues the visit under way
            first = mentions[0] if mentions else None
            base = self.doc.sentences[sentence].start
            firm = next((m for m in mentions if m.label == "COMPANY"), None)
            if (firm is not None and text.startswith("在") and firm.start - base > 1
                    and _PARK_LEAD.fullmatch(text, 1, firm.start - base)):
                first = firm  # 在甘河园区某某有限公司项目施工现场，…: the enterprise, in its park
                text = "在" + text[firm.start - base :]
            if event is not None and event.kind == "meeting" and first is not None and first.label == "COMPANY":
                # 赴开发区调研…，并召开工作推进会。在某某公司，…: the day's visit goes on after its meeting
                visits = [e for e in self.ctx.events if e.kind == "visit" and e.date == event.date]
                event = visits[-1] if visits and visits[-1].evidence.sentence == event.evidence.sentence else event
            if event is not None and event.kind == "visit" and first is not None and first.label in {"COMPANY", "ORG"} and text.startswith("在" + first.text):
                self.add("participation", [("event", event.key), ("agent", _ref(first)), ("role", "visited")], sentence, "rule:visit-continued", 0.7)
            return
        start = self.doc.sentences[sentence].start
        # the reporter of a dateline's byline ("（记者 王芳）3月5日，…") is no one on the visit
        signed = {b.start for b in self.doc.bylines}
        persons = [
            m for m in mentions
            if m.label == "PERSON" and m.start not in signed and not BYLINE_BEFORE.search(text[: m.start - start])
        ]
        # "A在B、C陪同下深入…": those who accompany are the party, never the one who leads
        escorts = [(a.start(), a.end()) for a in ACCOMPANIED.finditer(text)]
        # "省委书记王国生4月13日在焦作调研时…": an earlier visit on its own date, cited by this article
        cited_end = 0
        for person in persons:
            date = next((m for m in mentions if m.label == "DATE" and m.start == person.end), None)
            cited = date and next((c for c in cues if 0 <= c.start() - (date.end - start) <= 12 and re.match(r"在|到|赴", text[date.end - start :])), None)
            day = normalise_date(date.text, self.doc.year) if date else None
            if cited and day and day != self.ctx.date:
                current, self.ctx.date = self.ctx.date, day
                visit = self._new_event("visit", f"{person.text}{cited.group()}", sentence, None, None, "rule:visit-cited")
                self.add("participation", [("event", visit.key), ("agent", _ref(person)), ("role", "leader")], sentence, "rule:visit-cited", 0.7)
                self.ctx.date, self.ctx.event = current, event
                cited_end = cited.end()
        cues = [c for c in cues if c.start() >= cited_end]
        # "对X一行到集团公司考察表示热烈欢迎": a visit thanked for is the one under way, not a new one
        # that the one who thanks leads
        cues = [c for c in cues if not (THANKED_FOR_BEFORE.search(text[: c.start()]) and THANKED_FOR_AFTER.match(text[c.end() :]))]
        persons = [p for p in persons if p.start - start >= cited_end]
        if not cues:
            return
        cue = cues[0]
        session = next((m for m in mentions if m.label == "MEETING" and m.start - start == cue.end()), None)
        if session is not None or SESSION_AFTER.match(text, cue.end()):
            # "X来到…人大三次会议永城代表团，与代表们一起审议": one comes to a session, not on a visit
            opened = self._opened.get(sentence) or self.ctx.event
            if opened is not None and opened.kind == "meeting":
                for person in (p for p in persons if p.end - start <= cue.start()):
                    self.add("participation", [("event", opened.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:comes-to-meeting", 0.7)
            return
        targets = [
            m
            for m in mentions
            # a village or a community is visited as a place is (深入西山村, 来到绿园社区); a county, a town
            # or a zone is gone to (the development set's gold marks few of them visited)
            if (m.label in {"COMPANY", "ORG", "SITE"} or (m.label == "ADMIN" and m.text.endswith(("村", "社区"))))
            and m.start - start >= cited_end
            and (VISIT_TARGET.search(text[: m.start - start]) or (
                m.start - start > cue.start()
                # "…调研，南山集团董事长董强陪同": after the verb, the body of a post is a host's
                and not (re.search(r"[，；]", text[cue.end() : m.start - start])
                         and any(t.label == "TITLE" and 0 <= t.start - m.end <= 2 for t in mentions))
            ))
            and not text[m.end - start :].startswith(("会议室", "会场"))
            and not text[: m.start - start].endswith("代表")  # 代表市四大班子: on whose behalf, not where
            # "通过看工地、进车间、听汇报等方式": the ways of the visit, not places
            and not (re.search(r"通过[^，。；]*$", text[: m.start - start]) and re.match(r"[^，。；]*方式", text[m.end - start :]))
        ]
        # "到X公司和Y公司，察看…": names joined to a visited one are visited too
        for m in mentions:
            if m.label in {"COMPANY", "ORG"} and m not in targets and any(
                t.end <= m.start and re.fullmatch(r"、|和|及|以及|与", self.doc.text[t.end : m.start]) for t in targets
            ):
                targets.append(m)
        # "莅临我公司", "到集团考察": a bare 公司/集团 after the verb is the page's own enterprise
        own = None
        if not any(t.label == "COMPANY" for t in targets):
            bare = OWN_COMPANY.search(text, cited_end)
            name = self._page_company(bare.group(1), start + bare.start(1)) if bare else None
            own = Ref("COMPANY", name) if name else None
        before = [p for p in persons if p.end - start <= cue.start()]
        self._cited_until[sentence] = cited_end
        # the leader: the name before 一行/带队/率队 ("X一行莅临", "X带队到"), else the sentence's first name
        delegation = DELEGATION.search(text, cited_end, cue.start())
        leading = [p for p in persons if not any(a <= p.start - start < b for a, b in escorts)]
        leader = leading[0] if leading else None
        if delegation:
            # "A、B、C等一行" is led by the first named; "A带队/带领" by the name just before the word
            clause = max(text.rfind(p, cited_end, delegation.start()) for p in "，；") + 1
            while clause > cited_end + 1 and text[clause - 1] == "，" and any(p.end - start == clause - 1 for p in before):
                # "A的职务甲，B的职务乙等一行": titled names listed with commas are one party, led by the first
                clause = max(text.rfind(p, cited_end, clause - 1) for p in "，；") + 1
            named = [p for p in before if clause <= p.start - start and p.end - start <= delegation.start()]
            if named:
                leader = named[0] if delegation.group() == "一行" else named[-1]
        goes = leader in before and leader is not None and (delegation or re.search(r"到|赴|莅临", text[leader.end - start : cue.end()])
                                                        # 甲深入某县、某县，调研…; 甲率团来某县考察: in the leader's own clause
                                                        or re.match(r"[^，。；：]{0,20}?(?:深入|(?<![以未原年近从向历本后要])来)", text[leader.end - start : cue.end()]))
        # "县委书记…深入部分重点企业调研" (the name unread): the sentence still says an official goes out
        out = re.search(r"(?:深入|到|赴|走进)[^，。；]{0,8}?(?:企业|项目|一线|基层|园区|社区|村|工地|车间|现场)", text[cited_end : cues[-1].end() + 12])
        if not targets and not own and not goes and not (out and any(m.label == "TITLE" and m.end - start <= cues[-1].start() for m in mentions)):
            return  # a visit needs a place visited, or an official who goes there
        if event is None or event.kind != "visit" or event.date != self.ctx.date:
            # the same official's visit on the same day, reported twice on a page, is one visit
            # and a sentence that names no one goes on with the day's visit (一行人随后走进X公司)
            event = next(
                (
                    e for e in reversed(self.ctx.events)
                    if e.kind == "visit" and e.date == self.ctx.date and (leader is None or self.leaders.get(e.key) == leader.text)
                ),
                None,
            )
            if event is not None:
                self.ctx.event = event
        if event is None or event.kind != "visit" or event.date != self.ctx.date:
            where = targets[0] if targets else next(
                (m for m in mentions if m.label == "ADMIN" and m.start - start >= cue.end() and m.start - start - cue.end() <= 4), None)
            place = where.text if where else ""
            while where is not None and not targets:  # 重庆市 + 璧山高新区: the places written on
                where = next((m for m in mentions if m.label == "ADMIN" and m.start == where.end), None)
                place += where.text if where else ""
            label = f"{leader.text if leader else ''}{cue.group()}{place}"  # 甲赴重庆市璧山高新区: the place gone to
            event = self._new_event("visit", label, sentence, None, None, "rule:visit-cue")
            if leader:
                self.leaders[event.key] = leader.text
                self.add("participation", [("event", event.key), ("agent", _ref(leader)), ("role", "leader")], sentence, "rule:visit-subject", 0.8)
                if delegation and delegation.group() == "一行":
                    # "A、B、C等一行先后到…": the others named with the leader are the party
                    for person in before:
                        if person is not leader and person.end - start <= delegation.start():
                            self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:visit-party", 0.75)
        if leader is not None and self.leaders.get(event.key) == leader.text:
            # "A、B等调研组一行会同C、D到X调研": everyone named as the subject of the visit goes on it
            for person in before:
                if person is not leader and not OBJECT_BEFORE.search(text[: person.start - start]):
                    self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:visit-party", 0.7)
        for target in targets:
            self.add("participation", [("event", event.key), ("agent", _ref(target)), ("role", "visited")], sentence, "rule:visit-target", 0.8)
        self._delegation_enterprises(sentence, event, start + cue.start())
        if own is not None:
            self.add("participation", [("event", event.key), ("agent", own), ("role", "visited")], sentence, "rule:visit-own-company", 0.7)
        opened = self._opened.get(sentence)
        held = max(text.rfind("召开"), text.rfind("举行"))
        if opened is not None and held > cues[-1].start():
            # "X一行深入…调研，随后召开座谈会": the visit comes first and the meeting after it, so the
            # next sentences are said at the meeting (this one's party stays the visit's); the one the
            # sentence is about holds it unless someone else is named before the verb
            self._next_event = opened
            subject = leader if leader is not None and leader.end - start <= cue.start() else None
            if subject is not None and not any(subject.end <= p.start and p.end - start <= held for p in persons):
                if not re.search(r"由[^，。；]*$|主持", text[:held]):
                    self.add("participation", [("event", opened.key), ("agent", _ref(subject)), ("role", "chair")], sentence, "rule:visit-holds-meeting", 0.7)

    def _holding_enterprise(self, sentence: int, text: str, mentions: list[Mention], event: EventRecord, verb: int) -> None:
        """"X公司今日上午举行「…典礼」": the enterprise that holds the meeting, the subject of its
        clause with no one named between, takes part in it."""
        start = self.doc.sentences[sentence].start
        if re.match(rf"{PARTY_UNIT}|[^，。；]*理论学习", event.label):
            return  # 集团召开党委理论学习中心组学习会: its party committee's meeting
        before = [m for m in mentions if m.end - start <= verb and m.label in {"COMPANY", "PERSON", "GOV"}]
        if (before and before[-1].label == "COMPANY" and not any(m.label == "PERSON" for m in before)
                and not re.search(r"[。；]|与|和|到", text[before[-1].end - start : verb])):
            self.add("participation", [("event", event.key), ("agent", _ref(before[-1])), ("role", "participant_org")], sentence, "rule:enterprise-holds", 0.7)

    def _delegation_enterprises(self, sentence: int, event: EventRecord, cue: int) -> None:
        """"X公司处长甲和Y公司经理乙一行来县调研": the enterprises whose people lead or make up a
        visiting party, named before its verb with the posts this sentence gives them, take part in
        the visit (those who 陪同 it after the verb are its hosts)."""
        text = self.doc.text
        before = {
            m.text for m in self.by_sentence.get(sentence, [])
            if m.label == "PERSON" and m.end <= cue and not re.search(r"陪同|随同|陪伴", text[m.end : cue])
        }
        recent = []  # this sentence's relations: the last ones added
        for rel in reversed(self.ctx.relations):
            if rel.evidence.sentence != sentence:
                break
            recent.append(rel)
        party = before & {
            str(getattr(rel.arg("agent"), "text", ""))
            for rel in recent
            if rel.kind == "participation" and rel.arg("event") == event.key
            and rel.evidence.rule in {"rule:visit-subject", "rule:visit-party"}
        }
        for rel in recent:
            body = rel.arg("organization")
            member = rel.arg("member")
            if (rel.kind == "membership" and isinstance(body, Ref)
                    and body.label == "COMPANY" and getattr(member, "text", None) in party):
                self.add("participation", [("event", event.key), ("agent", body), ("role", "participant_org")], sentence, "rule:visit-delegation-enterprise", 0.7)

    def _participants(self, sentence: int, text: str, mentions: list[Mention]) -> None:
        event = self.ctx.event
        if event is None:
            return
        start = self.doc.sentences[sentence].start
        persons = [m for m in mentions if m.label == "PERSON"]
        bylines = {b.name for b in self.doc.bylines}
        listed = LISTED_AFTER.search(text)
        if listed:
            # "一同参加会见的还有：A、B…": a 会见 during a visit is a meeting they all sit in, too
            events = [event]
            if event.kind == "visit" and re.search(r"会见|会谈|座谈", listed.group()):
                events.append(self._new_event("meeting", re.sub(r"^.*?(会见|会谈|座谈).*$", r"\1", listed.group()), sentence, None, None, "rule:meeting-listed"))
                self.ctx.event = event
            for person in (p for p in persons if p.start - start >= listed.end()):
                for held in events:
                    self.add("participation", [("event", held.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:listed-after", 0.8)
        opened = self._opened.get(sentence)
        for index, person in enumerate(persons):
            local_end = person.end - start
            prefix = text[: person.start - start]
            if listed and person.start - start >= listed.end():
                continue
            if OBJECT_BEFORE.search(prefix) and RECEIVES.match(text[local_end:]):
                # 向陈建平颁发任命书: the one handed the certificate is there
                self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:receives", 0.75)
                continue
            if (
                person.start - start < self._cited_until.get(sentence, 0)
                or CITED_NAME.match(text[local_end:])
                or OBJECT_BEFORE.search(prefix)
                or BYLINE_BEFORE.search(prefix)
                or person.text in bylines
            ):
                continue  # cited, the object of the verb, or the reporter
            limit = len(text)
            for later in persons[index + 1 :]:
                if text[person.end - start : later.start - start] != "、":
                    limit = later.start - start
                    break
            stop = re.search(r"[；。]", text[local_end:])
            clause_end = local_end + stop.start() if stop else len(text)
            window = text[local_end:min(limit, clause_end)]
            roles = {self._cue_role(window, c) for c in CUE_RE.finditer(window)} - {""}
            if not roles:
                found = CUE_RE.search(text[local_end:clause_end])
                if found:
                    roles = {self._cue_role(text[local_end:clause_end], found)} - {""}
            if not roles and self._listed_before_attendance(person):
                roles = {"attendee"}
            if "由" in text[max(0, person.start - start - 12) : person.start - start] and "主持" in text[local_end:clause_end]:
                roles = {"chair"}
            if event.kind == "visit" and opened is not None and "chair" in roles:
                # "…先后走访了X、Y，并主持召开座谈会": he chairs the meeting the visit sentence opens
                self.add("participation", [("event", opened.key), ("agent", _ref(person)), ("role", "chair")], sentence, "rule:cue-chair", 0.8)
                roles.discard("chair")
            if event.kind == "visit":
                # on a visit, who speaks is a speaker (the host who 介绍/表示欢迎), except its leader, whose
                # words are the visit's own; a chair's role belongs to a meeting, here he attends
                roles = {r if r in {"leader", "speaker"} else "attendee" for r in roles}
                if self.leaders.get(event.key) == person.text:
                    roles -= {"attendee", "speaker"}  # the leader's own words do not make him one of his party
            for role in sorted(roles):
                self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", role)], sentence, f"rule:cue-{role}", 0.85)
            if roles & {"speaker", "chair", "leader"}:
                self.add("participation", [("event", event.key), ("agent", _ref(person)), ("role", "attendee")], sentence, "rule:implied-attendee", 0.8)
        for org in (m for m in mentions if m.label in {"GOV", "ADMIN", "ORG"}):
            if org.label == "ADMIN" and any(r.label in {"ADMIN", "GOV"} and r.start == org.end for r in mentions):
                continue  # 乐山市犍为县龙孔镇人民政府作交流发言: the places qualify the body that speaks
            agent = _office_ref(org, mentions)
            after = text[org.end - start :]
            clause_start = max(text.rfind(p, 0, org.start - start) for p in "，；：") + 1
            if re.search(r"(?:就|对|关于|在|向|听取)$", text[: org.start - start]) or HEARD.search(text[clause_start : org.start - start]):
                continue  # a topic (李四就区委…的工作汇报) or a place (在区管委会召开)
            spoke = ORG_SPEAKER.match(after)
            if any(clause_start <= p.start - start < org.start - start for p in persons):
                spoke = None  # the clause's speaker is the person before the body
            # "二七区、巩义市先后就…作交流发言": a body is the speaker when no person stands between
            if event.kind == "meeting" and spoke and not any(org.end <= p.start < org.end + spoke.end() for p in persons):
                self.add("participation", [("event", event.key), ("agent", agent), ("role", "speaker")], sentence, "rule:org-speaker", 0.7)
            elif (
                org.label == "GOV"
                and (present := ORG_ATTENDEE.match(after))
                # 区委书记… / 市人大常委会党组副书记… : a title after the body (its party unit between) is a person's post
                and not any(t.label in {"TITLE", "MEETING"} and 0 <= t.start - org.end <= (2 if t.label == "TITLE" else 0) for t in mentions)
                and not re.match(rf"{PARTY_UNIT}", after)
                and not any(org.end <= p.start < org.end + present.end() and p.start - org.end <= 8 for p in persons)
            ):  # 区政府办四级调研员常抗大…参加: the person attends; 自治区政协十三届一次会议: the meeting's name  # 区委书记…参加 is a person's title; 自治区政协十三届一次会议 the meeting's name
                self.add("participation", [("event", event.key), ("agent", agent), ("role", "attendee")], sentence, "rule:org-attendee", 0.7)
        if event.kind == "meeting":
            # "X公司、Y集团汇报…" / "X与Y签署合作协议": enterprises that report or sign take part
            # 签署/签订, or 签约 in the sentence that holds the signing (签约 alone also plans: 再签约X等项目)
            # "A与B签约" names its parties too; a zone or park signs as a party (X经开区与Y公司签署…)
            signing = re.search(r"(?<!的)(?:签署|签订)|与[^，。；]{1,16}?签约", text) or (re.search(r"签约", text) and sentence in self._opened)
            # 安徽 宿州 汴河新区 written together name one place: the last, read from where the run starts
            run_start: dict[int, int] = {}
            for m in mentions:
                glued = next((r for r in mentions if r.label == "ADMIN" and r.end == m.start), None) if m.label == "ADMIN" else None
                run_start[m.start] = run_start.get(glued.start, glued.start) if glued is not None else m.start
            for party in (m for m in mentions if m.label in {"COMPANY", "GOV", "ADMIN", "SITE"}):
                if party.label in {"ADMIN", "SITE"} and (
                    any(r.label == "ADMIN" and r.start == party.end for r in mentions) or _name_goes_on(self.doc.text, party.end)
                ):
                    continue  # a place that only qualifies the next one, or one a longer unread name starts with
                after = text[party.end - start :]
                spoke = ORG_SPEAKER.match(after)
                # X公司主要负责同志参加仪式; X公司总经理甲，Y集团董事长乙出席
                attends = bool(re.match(r"[^，。；]{0,12}?(?:参加|出席|参会)", after)) or self._listed_before_attendance(party)
                opening = run_start.get(party.start, party.start) - start
                signs = signing and (re.match(r"(?:、|与|和|分别与)", after) or re.search(r"(?:[、与和]|分别与)$", text[:opening]))
                if party.label in {"GOV", "ADMIN", "SITE"} and any(t.label == "TITLE" and 0 <= t.start - party.end <= 2 for t in mentions):
                    continue  # 、市政府副市长周剑: the body of a person's post, not a party
                if party.label in {"GOV", "ADMIN", "SITE"} and not signs:
                    continue  # a body that reports or attends is a speaker or attendee (below), not a party
                if (spoke and not any(party.end <= p.start < party.end + spoke.end() for p in persons)) or attends or signs:
                    self.add("participation", [("event", event.key), ("agent", _office_ref(party, mentions) if party.label == "GOV" else _ref(party)), ("role", "participant_org")], sentence, "rule:company-took-part", 0.7)
        if event.kind == "meeting" and (ORG_LIST_SPOKE.search(text) or re.search(r"等\s*\d*\s*家企业[^。；]{0,40}(?:发言|汇报|参加|参会)|企业[^。；]{0,8}汇报", text)):
            for company in (m for m in mentions if m.label == "COMPANY"):
                self.add("participation", [("event", event.key), ("agent", _ref(company)), ("role", "participant_org")], sentence, "rule:company-list", 0.8)

    def _listed_before_attendance(self, person: Mention) -> bool:
        """Whether ``person`` opens a list of titled names, run on across ，、 and ； (which also end a
        sentence here), that an attendance verb closes before the full stop (A；B处长C，D总经理E等出席):
        only names, their titles and bodies, and list words stand between the name and the verb."""
        text = self.doc.text
        window = min(len(text), person.end + _LIST_REACH)  # a list runs a few clauses, not a page
        stop = _LIST_STOP.search(text, person.end, window)
        end = stop.start() if stop else window
        verb = PRESENCE_VERB.search(text, person.end, end)
        if verb is None or CUE_RE.search(text, person.end, verb.start()):
            return False
        gap = list(text[person.end : verb.start()])
        first = bisect.bisect_left(self._starts, person.end - _LIST_REACH)
        for m in self._by_start[first : bisect.bisect_left(self._starts, verb.start())]:
            if m.label in {"PERSON", "TITLE", "GOV", "ORG", "COMPANY", "ADMIN", "SITE"} and m.end > person.end:
                for i in range(max(m.start, person.end), min(m.end, verb.start())):
                    gap[i - person.end] = ""
        return LIST_FILLER.sub("", "".join(gap)) == ""

    @staticmethod
    def _cue_role(window: str, cue: re.Match[str]) -> str:
        """The role a cue gives, or "" where the name only listened (听取了…汇报)."""
        role = cue_role(cue.group())
        if role == "speaker" and HEARD.search(window[: cue.start()]):
            return ""
        return role

    def _presence_implied_by_words(self) -> None:
        """The host and guest of a 会见 or 会谈 are there because they meet; when the page then
        gives their words (X表示, X介绍), they are the meeting's speakers, and their presence is
        only implied by that, as a chair's or a speaker's is."""
        spoke = {
            (rel.arg("event"), rel.arg("agent"))
            for rel in self.ctx.relations
            if rel.kind == "participation" and rel.arg("role") in {"speaker", "chair"}
        }
        for index, rel in enumerate(self.ctx.relations):
            if (
                rel.kind == "participation"
                and rel.evidence.rule in {"rule:meeting-meet", "rule:meeting-with", "rule:comes-to-meeting"}
                and rel.arg("role") == "attendee"
                and (rel.arg("event"), rel.arg("agent")) in spoke
            ):
                self.ctx.relations[index] = replace(rel, evidence=replace(rel.evidence, rule="rule:implied-attendee"))

    def _visit_then_meeting(self) -> None:
        """An inspection party that visits enterprises and then holds a meeting the same day sits in
        that meeting too (调研结束后…座谈会召开): its members attend both."""
        for visit in (e for e in self.ctx.events if e.kind == "visit"):
            meetings = [e for e in self.ctx.events if e.kind == "meeting" and e.date == visit.date and e.date]
            members = [
                rel
                for rel in list(self.ctx.relations)
                if rel.kind == "participation" and rel.arg("event") == visit.key and rel.arg("role") in {"attendee", "leader"}
            ]
            # only where the page puts the party in the meeting: the sentence that named them names
            # the meeting too ("…参加调研并座谈", "来到枫杨园区，召开座谈会")
            for meeting in meetings:
                # "X一行…随后召开座谈会": the sentence that opens the meeting puts the whole party in it, and
                # so does one between the visit and the meeting that names both ("接待X一行，并…进行了座谈")
                between = self.doc.sentences[visit.evidence.sentence : meeting.evidence.sentence]
                said = "一行" in self.doc.sentences[meeting.evidence.sentence].text or any(
                    "一行" in s.text and MEETING_WORDS.search(s.text) for s in between)
                for rel in members:
                    if not (said or MEETING_WORDS.search(self.doc.sentences[rel.evidence.sentence].text)):
                        continue
                    agent = rel.arg("agent")
                    if isinstance(agent, Ref) and rel.arg("role") == "attendee" and rel.evidence.rule != "rule:implied-attendee":
                        self.add("participation", [("event", meeting.key), ("agent", agent), ("role", "attendee")], rel.evidence.sentence, "rule:visit-then-meeting", 0.6)

    # -- located-in ----------------------------------------------------------------------------
    def _located(self) -> None:
        """What a page reports as its own lies in its district: every park, site and project it
        names, the enterprises its officials visit or meet, and enterprises named in a sentence
        about the district (``高新区企业培育效果凸显，格力、汉威…``). Enterprises listed as
        ``来自枫杨园区服务范围内的14家企业`` also lie in that park."""
        roles: dict[str, set[str]] = {}
        for rel in self.ctx.relations:
            agent = rel.arg("agent")
            if rel.kind == "participation" and isinstance(agent, Ref) and agent.label == "COMPANY":
                roles.setdefault(str(rel.arg("role")), set()).add(agent.text)
        local = set(roles.get("visited", set()))
        if "辖区" in self.doc.text:  # the page speaks of "its" enterprises: those it met are local
            local |= roles.get("participant_org", set())
        names = district_names(self.district.text)
        for sent in self.doc.sentences:
            mentions = self.by_sentence.get(sent.index, [])
            district_at = next((m.start for m in mentions if m.label == "ADMIN" and m.text in names), None)
            for company in (m for m in mentions if m.label == "COMPANY"):
                if district_at is not None and district_at < company.start:
                    local.add(company.text)
            park = PARK_SCOPE.search(sent.text)
            if park:
                site = next((m for m in mentions if m.label == "SITE" and m.end - sent.start == park.start()), None)
                if site is not None:
                    for company in (m for m in mentions if m.label == "COMPANY"):
                        self.add("located_in", [("item", _ref(company)), ("place", _ref(site))], sent.index, "rule:park-scope", 0.7)
        seen: set[str] = set()
        for mention in self.mentions:
            if not self.district.text:
                break  # a page that names no place: nothing is located by the page
            if mention.text in seen or mention.text == self.district.text or mention.text.endswith(("河", "湖", "高速", "大道")):
                continue  # rivers and trunk roads cross districts
            if mention.label in {"SITE", "PROJECT"} or (mention.label == "COMPANY" and mention.text in local):
                seen.add(mention.text)
                self.add("located_in", [("item", _ref(mention)), ("place", self.district)], mention.sentence, "rule:page-district", 0.5)

    # -- programs ------------------------------------------------------------------------------
    def _programs(self, sentence: int, mentions: list[Mention]) -> None:
        programs = [m for m in mentions if m.label == "PROGRAM"]
        if not programs:
            return
        agents = [m for m in mentions if m.label in {"GOV", "ADMIN"} and m.start < programs[0].start]
        if agents:
            for program in programs:
                self.add("program", [("program", _ref(program)), ("agent", _ref(agents[0])), ("relation", "applies")], sentence, "rule:program-subject", 0.6)
        elif self.ctx.event is not None:
            for program in programs:
                self.add("program", [("program", _ref(program)), ("agent", self.ctx.event.key), ("relation", "promotes")], sentence, "rule:program-event", 0.5)


# a body the NER missed, written right before its title (县总工会主席, 监委主任, 县委办主任, 市卫健委二级调研员):
# an optional place level, a short stem and a body's suffix; the mass organisations are ORG
_BODY_BEFORE_TITLE = re.compile(
    r"(?P<stem>(?:[省市县区州旗镇乡]|自治区)?[\u4e00-\u9fa5]{0,14}?)"
    r"(?:(?P<org>总工会|工会|妇联|团委|工商联|科协|残联|文联|侨联|红十字会|协会|商会|学会|联合会|公会|联社|信用社|合作社|大学|学院|中学|小学|学校|医院|卫生院)"
    r"|局|委|办|办公室|厅|部|中心|站|所|(?<=[^办])处|办事处|居委会|村委会|街道|党委|党组|党工委|工委|法院|检察院|委员会|管委会|党校|议会"
    r"|工业园区|产业集聚区|经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|产业园"
    r"|大队|支队|中队|庭|科|室|(?P<numbered>(?<![\u4e00-\u9fa5])(?:第?[一二三四五六七八九十〇零百]{1,4}师[一二三四五六七八九十〇零百]{1,4}团"
    r"|第?[一二三四五六七八九十〇零百]{1,4}[师团]))"
    r"|(?:巡视|巡察|督导|督查|指导|工作|调研|考察|检查|评估|验收|宣讲|专家|纪检监察|纪检)组|专班|领导小组|指挥部)"
)
# what a clause may open with before the body (会议由市卫健委主任…主持, 原县总工会主席)
_LEAD_IN = re.compile(rf"^(?:同志(?:兼任|担任|改任|任)|(?:兼任|担任|改任|任)(?=[省市县区州旗乡镇]|中共)|会议由|以下是|这是|就是|是|由|在|到|向|对|同|和|与|及|以及|其中|包括|陪同|邀请|请|并|{TENSE})+")
# a clause boundary, or the end of a word that no body name holds
def _listed_before(persons: Sequence[Mention], person: Mention, text: str) -> list[Mention]:
    """``person`` and the names joined to it by 、 before it, nearest first (甲、乙、丙为…: 丙, 乙, 甲)."""
    listed = [person]
    for other in reversed([p for p in persons if p.end <= person.start]):
        if text[other.end : listed[-1].start] != "、":
            break
        listed.append(other)
    return listed


# the park an enterprise of a visit sits in, written before it (在甘河园区…有限公司)
_PARK_LEAD = re.compile(r"[\u4e00-\u9fa5]{1,6}(?:园区|产业园|工业园|园)")
# the day of an event right after a release's dateline and its byline (…7月24日讯（甲）23日，…)
_DAY_AFTER_RELEASE = re.compile(r"(?:电|讯)\s*(?:[（(][^）)]{0,40}[）)])?\s*(\d{1,2})日(?:上午|下午|晚上?)?[，,]")
# a session of a people's congress or a CPPCC committee, named in full (某省第十二届人民代表大会第四次会议)
_SESSION_NAME = re.compile(r"[\u4e00-\u9fa5]{2,12}?第[一二三四五六七八九十]+届(?:人民代表大会|委员会)第[一二三四五六七八九十]+次(?:全体)?会议")
# (a numbered term, 十二届自治区政协主席, is as often the sitting committee's as a past one: no mark)
_TERM_BEFORE = re.compile(r"历届$")
# 该会, 该公司: a body named before, standing before its post (受到该会副理事长甲)
_ANAPHOR = re.compile(r"该(会|公司|集团|局)")
_CLAUSE_MARK = re.compile(r"[、，。；：:（(“”\s兼的由在]|[\u4e00-\u9fa5]*(?:召开|举行|出席|参加|主持|调研|走访|看望|会见|陪同)")
# a bare body right before its title whose unit (街道, 镇, 社区) is written, unlabelled, before it
_BARE_UNIT = frozenset({"党工委", "党委", "工委", "办事处", "管委会", "居委会", "村委会", "党总支", "党支部"})
_UNIT_PLACE = re.compile(r"[\u4e00-\u9fa5]{1,8}?(?:街道|镇|乡|社区|村)")
_ENTERPRISE_BEFORE_TITLE = re.compile(r"[\u4e00-\u9fa5]{2,20}?(?:集团|公司|银行)")
# a report of a day it does not give, after its release's dateline (…1月20日讯（通讯员 甲）近日，…)
_UNDATED_OPENING = re.compile(r"^[^，。]{0,40}?(?:讯|电)\s*(?:[（(][^）)]{0,40}[）)])?\s*(?:近日|日前|近期|前不久|前些天)")
# what a name with its post after it goes on with (王立董事长指出, 张华总经理一行, 李明董事长在会上表示)
_PERSON_AFTER_TITLE_CUE = r"指出|表示|强调|说|介绍|讲话|致辞|发言|主持|出席|一行|等|在|对|向|带领|率|陪同|参加|代表|作|要求|希望|认为|提出|感谢|欢迎|会见|热情|详细|就|一同|一道|一起|分别"
_PARTY_UNIT_END = re.compile(r"(?:党委|党工委|党支部|党总支|党组|政府|办|局|(?<!自治)委|科|室|厅)$")
_OWN_ENTERPRISE = r"集团公司|总公司|公司|集团"
# staff heads a body has beside its leaders (秘书长, 总工程师, 政委): written bare after them, of their body
_STAFF_HEADS = frozenset({"秘书长", "总工程师", "总经济师", "总会计师", "总审计师", "总法律顾问", "政委", "参谋长"})
# civil-service ranks, held in the body of the list they close (副局长甲、二级调研员乙)
_CIVIL_RANK = re.compile(r"(?:[一二三四]级)?(?:调研员|巡视员|主任科员|科员)|副(?:调研员|巡视员|主任科员)")
# 免除甲同志常务副县长一职: 同志, then the post a removal names
_POST_REMOVED = re.compile(r"同志(?=[\u4e00-\u9fa5]{2,24}?一职)")
# characters a bare title may follow without a name before it (在董事长X, 原总经理, 及副总经理)
_FUNCTION_CHARS = frozenset("在原任及和与兼的由为是了等将由向对请经")
# words that open with 长 (a department followed by one of them holds no 局长)
_LONG_WORD = re.compile(r"长(?:江|城|沙|春|安|征|期|效|远|足|三角|株潭|治|垣|葛|宁|寿|白|兴|丰|乐|岭|汀|海|清|顺|阳|武|子|泰|岛)")
# a body named by its unit alone after the page named it in full (局党组, 院党委, 委, 中心)
_UNIT_ENDS = {"局": ("局",), "厅": ("厅",), "委": ("委", "委员会"), "院": ("院",), "所": ("所",), "站": ("站",),
              "中心": ("中心",), "校": ("学校", "学", "校"), "办": ("办", "办公室")}
_UNIT_WORDS = "|".join(_UNIT_ENDS)
_UNIT_ANAPHOR = re.compile(rf"({_UNIT_WORDS})({PARTY_UNIT})?")
_OWN_UNITS = frozenset({"工会", "团委", "妇联", "纪委"})  # a body's own organisations, written bare after 、
_BARE_ZONE_BODIES = frozenset({"党工委", "管委会", "工委", "纪工委"})
# a section of an enterprise or an office, written between its body and the title
_ENTERPRISE_UNIT = re.compile(r"(?!.*办公室$)[\u4e00-\u9fa5]{1,8}?(?:部|中心|处|科|室|大区|事业部|事业群)")
# an enterprise's organ written before a post (董事局主席, 投资委员会副主席): part of the title
_ENTERPRISE_ORGAN = re.compile(r"董事局|董事会|监事会|[\u4e00-\u9fa5]{0,4}委员会|[\u4e00-\u9fa5]{0,4}事业群|事业部")
_SECTION = re.compile(r"(?!.*办公室$)[\u4e00-\u9fa5]{1,6}?[一二三四五六七八九十]?(?:科|室)")
_BODY_SECTION = re.compile(r"(.+?(?:办|局|委|厅|政府|中心))([\u4e00-\u9fa5]{1,6}?[一二三四五六七八九十]?(?:科|室))")
_SUB_UNIT = re.compile(r"(?:部|处|科|室|中心|大队|支队|中队|所|站|庭)$")
_STREET_COMMITTEE = re.compile(r"(.+街道)(?:党工委|党委)$")
# a street office's, town's, village's or community's party committee, and the offices of that unit
_UNIT_COMMITTEE = re.compile(r"(.+?(?:街道|镇|乡|村|社区))(?:党工委|党委|党总支|党支部)$")
_UNIT_OFFICES = frozenset({"办事处", "村委会", "居委会", "政府", "人民政府", "人大工委", "纪工委", "人大主席团", "武装部"})
# the bare bodies that, opening a chain, are of the street office or town the sentence named before
# (某街道党工委书记甲，党工委副书记、办事处主任乙): a bare 党委 is left to the sentence's last post
_UNIT_ANAPHORIC = frozenset({"办事处", "村委会", "居委会", "党工委", "人大工委", "纪工委"})
_GENERIC_BODY = re.compile(r"^(?:各|全|本|该|我|相关|有关|上级|乡镇|街道$)")


def _post_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The mentions the title chains read, completed where the NER leaves a post's parts out: a place
    ending with a party unit is a body, a department's head written with its unit once (经发局长), a
    name after a note (副县长（挂职）李明), a person read as an enterprise before his post (王立董事长),
    and the bodies missed right before their titles."""
    for step in (_titles_naming_units, _zone_words_cut, _party_unit_places, _unit_titles, _names_after_notes, _minority_names_after_titles, _names_listed_after_titled_name,
                 _persons_before_titles, _names_before_titles, _notice_names, _names_before_comrade, _bodies_before_titles):
        mentions = step(doc, mentions)
    return mentions


_UNIT_AFTER_TITLE = re.compile(r"工作部|办公室|工作处")


def _titles_naming_units(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """总经理工作部副主任, 董事长办公室主任: a title that names an enterprise's department (the
    department of its head's work) is part of the unit, not a post: the unit and the title after it
    are read as one unit post (as 计划发展部副主任)."""
    title_starts = {m.start for m in mentions if m.label == "TITLE"}
    drop = [m for m in mentions if m.label == "TITLE" and (unit := _UNIT_AFTER_TITLE.match(doc.text, m.end)) is not None
            and unit.end() in title_starts]
    return [m for m in mentions if m not in drop] if drop else mentions


_CUT_ZONE_WORD = re.compile(r"(?<![\u4e00-\u9fa5])(经|高)(?=(?:开区|新区)(?:党工委|管委会|工委|纪工委))")


def _zone_words_cut(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """经 + 开区党工委: a body the NER cut inside a zone's generic name (经开区, 高新区) starts with it."""
    out = list(mentions)
    changed = False
    for index, m in enumerate(out):
        if m.label not in {"GOV", "ORG"} or m.start == 0:
            continue
        found = _CUT_ZONE_WORD.match(doc.text, m.start - 1)
        if found is not None and m.text.startswith(("开区", "新区")) and not any(o.end > m.start - 1 and o.start < m.start for o in out):
            out[index] = replace(m, start=m.start - 1, text=doc.text[m.start - 1 : m.end], source=m.source + "+zone", pattern_id=None)
            changed = True
    return out if changed else mentions


def _party_unit_places(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """城关镇西街社区党委, 某州政办秘书二科 read as a place: a name ending with a party unit or an
    office's suffix is a body."""
    return [replace(m, label="GOV", source=m.source + "+party")
            if m.label == "ADMIN" and _PARTY_UNIT_END.search(m.text) and not m.source.startswith("gazetteer") else m
            for m in mentions]


def _unit_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """市府经发局长X: a department followed by 长 holds the head of its unit (局长), the unit's
    character written once for both; the title is read over it (the body keeps its name). An
    enterprise's 领导 before names is their post."""
    text = doc.text
    added: list[Mention] = []
    starts = {m.start for m in mentions}
    persons = {m.start for m in mentions if m.label == "PERSON"}
    for m in mentions:
        if (m.label == "GOV" and len(m.text) >= 3 and m.text[-1] in "局厅处科所站" and text[m.end : m.end + 1] == "长"
                and m.end not in starts and text[m.end - 1 : m.end + 1] in _TITLES.heads
                and not _LONG_WORD.match(text, m.end)):  # 教育部长江学者: 长江 is a word
            added.append(Mention(doc.doc_id, m.sentence, m.end - 1, m.end + 1, text[m.end - 1 : m.end + 1], "TITLE", "rule:unit-title", 0.8))
        elif m.label == "COMPANY" and text[m.end : m.end + 2] == "领导" and m.end + 2 in persons and m.end not in starts:
            # 中国石化领导甲、乙: the enterprise's leaders, a post of that enterprise (as 市领导 is a city's)
            added.append(Mention(doc.doc_id, m.sentence, m.end, m.end + 2, "领导", "TITLE", "rule:unit-title", 0.7))
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def _names_after_notes(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """副县长（挂职）李明: a name after the note that follows its title (the NER reads none there):
    two or three characters opening with a surname, ended by a list mark, a clause mark or a verb."""
    refiner = _refiner()
    text = doc.text
    taken = {(m.start) for m in mentions}
    added: list[Mention] = []
    for m in mentions:
        if m.label != "TITLE":
            continue
        note = _TITLE_NOTE.match(text, m.end)
        if note is None or note.end() in taken:
            continue
        for size in (3, 2):
            name = text[note.end() : note.end() + size]
            rest = text[note.end() + size : note.end() + size + 2]
            if refiner.is_name(name) and re.match(rf"[、，。；,（(]|{_PERSON_AFTER_TITLE_CUE}", rest):
                added.append(Mention(doc.doc_id, m.sentence, note.end(), note.end() + size, name, "PERSON", "rule:name-after-note", 0.7))
                break
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def _minority_names_after_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """旗长乌云陪同, 州长苏嘎尔布到: a Tibetan, Mongolian or Yi name (no Han surname, so the NER and
    the surname rules miss it) right after an official's title, ended by a list mark, a clause mark
    or a verb. The name is made of the name parts of ``refine.json`` (``minority_name_parts``)."""
    refiner = _refiner()
    if refiner.minority_name is None:
        return mentions
    text = doc.text
    added: list[Mention] = []
    cut: list[Mention] = []  # 布仁其 of 布仁其木格: a person the NER cut inside the name
    for m in mentions:
        if m.label != "TITLE":
            continue
        found = refiner.minority_name.match(text, m.end)
        if found is None or not re.match(rf"[、，。；,（(\s]|{_PERSON_AFTER_TITLE_CUE}|到|赴|深入", text[found.end() : found.end() + 4]):
            continue
        inside = [o for o in mentions if o.label != "TITLE" and o.start < found.end() and found.start() < o.end]
        if inside and not all(o.label == "PERSON" and o.start == found.start() and o.end < found.end() for o in inside):
            continue
        cut += inside
        added.append(Mention(doc.doc_id, m.sentence, found.start(), found.end(), found.group(), "PERSON", "rule:minority-name", 0.7))
    if not added:
        return mentions
    return sorted([m for m in mentions if m not in cut] + added, key=lambda m: (m.start, m.end))


def _names_listed_after_titled_name(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """副区长巴桑罗布、林涛: the names a ``、`` list runs on with after a name right after its title share
    that title, where the model read the first (or a rule found it) and missed the next ones: two or
    three characters that make a name, ended by a list or clause mark or a verb."""
    refiner = _refiner()
    text = doc.text
    covered = [(m.start, m.end) for m in mentions if m.label != "TITLE"]
    title_ends = {m.end for m in mentions if m.label == "TITLE"}
    added: list[Mention] = []
    for m in mentions:
        if m.label != "PERSON" or m.start not in title_ends:
            continue
        end = m.end
        while text[end : end + 1] == "、":
            item = next((f for size in (3, 2) if (f := _NAME_OF_SIZE[size].match(text, end + 1)) and refiner.is_name(f.group())
                         and re.match(rf"[、，。；,（(\s]|{_PERSON_AFTER_TITLE_CUE}", text[f.end() : f.end() + 4])), None)
            if item is None:
                break
            if not any(s < item.end() and item.start() < e for s, e in covered):
                added.append(Mention(doc.doc_id, m.sentence, item.start(), item.end(), item.group(), "PERSON", "rule:name-list", 0.7))
            end = item.end()
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


_NAME_OF_SIZE = {size: re.compile(rf"[\u4e00-\u9fa5]{{{size}}}") for size in (2, 3)}


def _persons_before_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """王立董事长指出: a name read as an enterprise only because an enterprise post follows it is a
    person when no name follows the post (万科董事长郁亮 keeps its enterprise): two or three
    characters opening with a surname."""
    refiner = _refiner()
    out: list[Mention] = []
    for index, m in enumerate(mentions):
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        if (m.label == "COMPANY" and m.pattern_id == "company-before-post" and len(m.text) <= 3 and refiner.is_name(m.text)
                and after is not None and after.label == "TITLE" and after.start == m.end
                and not any(o.label == "PERSON" and o.start == after.end for o in mentions)
                and re.match(r"[\u4e00-\u9fa5]{2,3}", doc.text[after.end : after.end + 3]) is not None
                and re.match(_PERSON_AFTER_TITLE_CUE, doc.text[after.end : after.end + 4]) is not None):
            m = replace(m, label="PERSON", source=m.source + "+person", pattern_id=None)
        out.append(m)
    return out


_NOT_IN_NAME_BEFORE_TITLE = re.compile(r"[委副务党局办部区县市省州镇乡村组会司团院厅处科长总董事政协人大记者的在和与及等为是]")
_HONORIFIC_HEADS = ("书记", "省长", "市长", "县长", "区长", "州长", "镇长", "乡长", "主席", "董事长", "总经理", "总裁",
                    "副董事长", "副总经理", "经理", "厂长", "特助", "课长", "协理", "总务")
# 泰新科技股份有限公司李定谦特助 (Taiwan's releases list a firm, a name, then the title): after 公司 too
_NAME_BEFORE_TITLE = re.compile(
    rf"(?:(?<=[、，。；：（(\s“])|(?<=公司)|(?<=按照)|(?<=根据)|^)([\u4e00-\u9fa5]{{2,3}}?)({'|'.join(_HONORIFIC_HEADS)})"
    rf"(?=[、，。；：（(\s“]|{_PERSON_AFTER_TITLE_CUE}|$)", re.M)


def _names_before_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """陈立书记、李明省长会见时: a name written before its title, between a list or clause mark and
    the title (the NER reads few names there, and may read neither): two or three characters opening
    with a surname, the title followed by a clause mark or a verb. The title is added where missing."""
    refiner = _refiner()
    text = doc.text
    covered = [(m.start, m.end) for m in mentions]
    titles = {(m.start, m.end) for m in mentions if m.label == "TITLE"}
    added: list[Mention] = []
    for found in _NAME_BEFORE_TITLE.finditer(text):
        start, cut, end = found.start(1), found.end(1), found.end(2)
        name = found.group(1)
        if (not refiner.is_name(name) or _NOT_IN_NAME_BEFORE_TITLE.search(name)
                or (refiner.dictionary_tag(name) or "nr")[:2] != "nr" or any(s < cut and start < e for s, e in covered)):
            continue  # 党委书记, 常务副市长: a body or a title's first words, no name
        sentence = next((x.index for x in doc.sentences if x.start <= start < x.end), None)
        if sentence is None or doc.sentences[sentence].kind != "body":
            continue
        if (cut, end) not in titles:
            if any(s < end and cut < e for s, e in covered):
                continue
            added.append(Mention(doc.doc_id, sentence, cut, end, found.group(2), "TITLE", "rule:name-before-title", 0.7))
        added.append(Mention(doc.doc_id, sentence, start, cut, found.group(1), "PERSON", "rule:name-before-title", 0.7))
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


_NOTICE_NAME = re.compile(r"(?:(?<=[；;：:，,\n])|^)([\u4e00-\u9fa5]{2,3}?)(?:同志)?为(?=(?:[省市县区州旗乡镇]|中共)[\u4e00-\u9fa5]{1,20}?"
                          r"(?:局|委|厅|院|办|室|政府|公司|中心|部|会|所|站)[\u4e00-\u9fa5]{0,6}?(?:长|主任|书记|委员|员|官|师))", re.M)


def _names_before_comrade(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """免除路正阳同志常务副县长一职: a name before 同志 is a person, whatever the model read (路 + 正阳,
    a county's name); the place stays where the page names it as a place."""
    refiner = _refiner()
    out = []
    for m in mentions:
        if (m.label in {"ADMIN", "ORG", "GOV"} and 2 <= len(m.text) <= 4 and doc.text.startswith("同志", m.end)
                and refiner.is_name(m.text) and not national().lookup(m.text)):
            m = replace(m, label="PERSON", source=m.source + "+comrade")
        out.append(m)
    return out


def _notice_names(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """决定任命：甲为县财政局局长；乙为县教育局局长: the names that open each clause of a notice
    (the NER reads few of them before 为): two or three characters opening with a surname, in a
    sentence whose notice cue (任命, 决定) comes before them."""
    refiner = _refiner()
    text = doc.text
    covered = [(m.start, m.end) for m in mentions]
    added: list[Mention] = []
    for sent in doc.sentences:
        if sent.kind != "body":
            continue
        cue = re.search(_NOTICE_CUE, sent.text)
        opening = sent.start + cue.end() if cue is not None else sent.start
        if cue is None and not any(re.search(_NOTICE_CUE, s.text) for s in doc.sentences[max(0, sent.index - 3) : sent.index]):
            continue  # 决定任命：甲为…；乙为…: the cue may open the list a few clauses before
        for found in _NOTICE_NAME.finditer(text, opening, sent.end):
            start, end = found.span(1)
            name = found.group(1)
            # 张华为…: 华为 read as an enterprise across the name and its 为 gives way
            split = [m for m in mentions if m.label == "COMPANY" and start < m.start < end and m.end == end + 1]
            if (not refiner.is_name(name) or (refiner.dictionary_tag(name) or "nr")[:2] != "nr"
                    or any(s < end and start < e for s, e in covered if (s, e) not in {(m.start, m.end) for m in split})):
                continue
            mentions = [m for m in mentions if m not in split]
            added.append(Mention(doc.doc_id, sent.index, start, end, name, "PERSON", "rule:notice-name", 0.7))
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def _bodies_before_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A body written right before its title that the NER did not find is a body: ``县总工会主席X``,
    ``县纪委书记、监委主任X`` (the 监委), ``县委办主任X`` (县委 + 办); a bare ``党工委`` written after a
    street office or town the NER did not find (``金谷园街道党工委书记X``) starts at that unit's name.
    Only the text between the title and the nearest clause mark or mention is read, so a verb or a
    name never runs into the body."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    changed = False
    for index, own in by_sentence.items():
        if any(m.label == "TITLE" for m in own):
            found = _sentence_bodies_before_titles(doc, own)
            if found is not own:
                by_sentence[index] = found
                changed = True
    if not changed:
        return mentions
    return sorted((m for own in by_sentence.values() for m in own), key=lambda m: (m.start, m.end))


def _sentence_bodies_before_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """:func:`_bodies_before_titles` within one sentence's mentions."""
    text = doc.text
    out = list(mentions)
    changed = False
    for title in mentions:
        if title.label != "TITLE" or title.source == "byline":
            continue
        sent = doc.sentences[title.sentence]
        before = [m for m in out if m.end <= title.start and m is not title]
        prev = max(before, key=lambda m: m.end) if before else None
        if prev is not None and prev.end == title.start:
            section = _BODY_SECTION.fullmatch(prev.text) if prev.label == "GOV" and not prev.text.endswith("办公室") else None
            if section is not None:
                # 州政办秘书二科 + 副科长: the office, and the section as part of the title
                cut = prev.start + section.end(1)
                out[out.index(prev)] = replace(prev, end=cut, text=text[prev.start : cut], source=prev.source + "-section", pattern_id=None)
                out[out.index(title)] = replace(title, start=cut, text=text[cut : title.end], source=title.source + "+unit")
                changed = True
                continue
            unit = _ORG_UNIT.fullmatch(prev.text) if prev.label in {"GOV", "ORG", "COMPANY"} else None
            if unit is not None and _org_unit_applies(doc, out, prev, unit):
                # 某集团董事局主席, 某商会产业合作部处长, (集团…、)投资管理部总经理: a unit inside an
                # enterprise or association is part of the title; the post is the organisation's
                cut = prev.start + unit.start("unit")
                if unit.group("org") and unit.group("org") not in _OWN_ENTERPRISE.split("|"):
                    label = "COMPANY" if re.search(r"集团|公司|银行", unit.group("org")) else "ORG"
                    out[out.index(prev)] = replace(prev, end=cut, text=text[prev.start : cut], label=label,
                                                   source=prev.source + "-unit", pattern_id=None)
                else:
                    out.remove(prev)  # 集团金融委员会: the bare 集团 is the page's group (read by the chain)
                out[out.index(title)] = replace(title, start=cut, text=text[cut : title.end], source=title.source + "+unit")
                changed = True
                continue
            if prev.label != "GOV" or prev.text not in _BARE_UNIT:
                continue
            # 金谷园街道 + 党工委: the unit's name before the bare committee
            target, end = prev, prev.start
        else:
            target, end = None, title.start
        lo = max(sent.start, max((m.end for m in before if m.end <= end and m.label != "PROGRAM"), default=sent.start))
        # a short quoted program inside a group's name (市“某某”第七指导组) is part of it
        window = re.sub(r"“[^“”，。]{1,10}”", lambda q: "文" * len(q.group()), text[lo:end])
        marks = list(_CLAUSE_MARK.finditer(window))
        start = lo + (marks[-1].end() if marks else 0)
        segment = window[start - lo :]
        lead = _LEAD_IN.match(segment)
        if lead:
            start, segment = start + lead.end(), segment[lead.end() :]
        if (segment and target is None and _TITLES.heads.get(_TITLES.head_of(title.text) or "") == "enterprise"
                and _ENTERPRISE_BEFORE_TITLE.fullmatch(segment) and not _refiner().company_boundary_in(segment)):
            # 某某产业集团合伙人X: an enterprise the NER missed before an enterprise post, with the place before it
            place = prev if prev is not None and prev.end == start and prev.label == "ADMIN" else None
            first = place.start if place is not None else start
            out = [m for m in out if m is not place]
            out.append(Mention(doc.doc_id, title.sentence, first, end, text[first:end], "COMPANY", "rule:body-before-title", 0.75))
            changed = True
            continue
        if (not segment or not re.fullmatch(r"[\u4e00-\u9fa5〇]+", segment) or _GENERIC_BODY.match(segment)
                or re.fullmatch(PARTY_UNIT, segment) or _ENTERPRISE_WORD.search(segment)):
            continue  # X局党组书记: the party unit of the body before, read by the chain; 公司/集团: an enterprise
        branch = _BRANCH.fullmatch(segment) if target is None and segment and prev is not None and prev.end == start else None
        if branch is not None and prev is not None:
            # 某银行 + 宜阳 + 支行行长, 某银行宜阳支行行长: a branch is named with its enterprise (the place inside)
            company = prev if prev.label == "COMPANY" else None
            if company is None and prev.label == "ADMIN":
                company = next((m for m in reversed(before) if m.end == prev.start and m.label == "COMPANY"), None)
                unread = re.search(r"(?:^|[，、。；：\s])([\u4e00-\u9fa5]{2,12}?(?:银行|公司|集团))$", text[max(sent.start, prev.start - 14) : prev.start])
                if company is None and unread is not None and not _refiner().company_boundary_in(unread.group(1)):
                    # 远航银行 + 河南省 + 分行: the bank the NER did not read, named by the branch
                    first = prev.start - len(unread.group(1))
                    company = Mention(doc.doc_id, title.sentence, first, prev.start, unread.group(1), "COMPANY", "rule:branch", 0.75)
            if company is not None:
                out = [m for m in out if m is not prev and m is not company]
                out.append(replace(company, end=end, text=text[company.start : end], source=company.source + "+branch", pattern_id=None))
                changed = True
                continue
        # 某集团金融委员会副主席、投资委员会副主席: the next organ of the same enterprise, after 、
        organ_after = (target is None and prev is not None and prev.label == "TITLE" and prev.source.endswith("+unit")
                       and prev.end == start - 1 and text[start - 1] == "、" and _ENTERPRISE_ORGAN.fullmatch(segment) is not None)
        bare_unit = _ORG_UNIT.fullmatch(segment) if target is None and segment else None
        if organ_after or (target is None and prev is not None and prev.end == start
                and (prev.label in {"COMPANY", "ORG"} and (_ENTERPRISE_UNIT.fullmatch(segment) or _ENTERPRISE_ORGAN.fullmatch(segment))
                     or prev.label == "GOV" and _SECTION.fullmatch(segment))) or (
                bare_unit is not None and not bare_unit.group("org") and _org_unit_applies(doc, out, start, bare_unit, title.sentence)):
            # 某公司规划部处长, 某州政办秘书二科副科长: a section inside the body is part of the title
            # (the post is the body's), as the gold writes it
            out[out.index(title)] = replace(title, start=start, text=text[start : title.end], source=title.source + "+unit")
            changed = True
            continue
        joined = prev if (prev is not None and target is None and prev.end == start and prev.label in {"GOV", "ADMIN", "ORG"}
                          and (re.search(r"[省市县区州旗]委$|政府$|[省市县区州旗]$", prev.text)
                               # 县公安局 + 交警大队大队长, 市公安局 + 政治部主任: a unit of the department
                               or prev.label == "GOV" and re.search(r"(?:局|厅|委员会|院)$", prev.text) is not None
                               and _SUB_UNIT.search(segment) is not None)) else None
        if target is not None:
            if not _UNIT_PLACE.fullmatch(segment):
                continue
            wide = replace(target, start=start, text=text[start : target.end], source=target.source + "+unit", pattern_id=None)
            out[out.index(target)] = wide
            changed = True
            continue
        section = _BODY_SECTION.fullmatch(segment) if joined is None and not segment.endswith("办公室") else None
        if section is not None and _BODY_BEFORE_TITLE.fullmatch(section.group(1)) is not None:
            # 州政办秘书二科副科长: the office is the body, its section part of the title
            cut = start + section.end(1)
            out.append(Mention(doc.doc_id, title.sentence, start, cut, text[start:cut], "GOV", "rule:body-before-title", 0.8))
            out[out.index(title)] = replace(title, start=cut, text=text[cut : title.end], source=title.source + "+unit")
            changed = True
            continue
        found = _BODY_BEFORE_TITLE.fullmatch(segment)
        bodies = [m for m in before if m.label in {"GOV", "COMPANY", "ORG"}]
        street = (segment in ("办事处", "居委会", "村委会") and text[start - 1 : start] == "、" and prev is not None and prev.end == start - 1
                  and bool(bodies) and start - bodies[-1].end <= 8 and bodies[-1].label in {"GOV", "ORG"}
                  and any((_STREET_COMMITTEE.search(b.text) is not None
                           or segment != "办事处" and _UNIT_COMMITTEE.search(b.text) is not None)
                          # 某街道党工委书记甲，党工委副书记、办事处主任乙: the bare 党工委 is the unit's
                          for b in (bodies[-1:] if bodies[-1].text not in ("党工委", "党委") else bodies)))
        # X公司党委副书记、纪委书记、工会主席: the company's own 工会 after a list mark
        own_unit = (segment in _OWN_UNITS and text[start - 1 : start] == "、" and bool(bodies) and start - bodies[-1].end <= 16)
        if own_unit and found is None:
            found = _BODY_BEFORE_TITLE.fullmatch("县" + segment)
        if found is None or (joined is None and not found.group("stem") and not found.group("numbered") and not street and not own_unit):
            continue  # 各乡、办事处主任: a bare suffix names no body of its own (X街道党工委书记、办事处主任 does)
        label = "ORG" if found.group("org") or (joined is not None and joined.label == "ORG") else "GOV"
        if joined is not None:
            out[out.index(joined)] = replace(joined, end=end, text=text[joined.start : end], label=label, source=joined.source + "+body",
                                             pattern_id=None)
        else:
            out = [m for m in out if not (start <= m.start and m.end <= end)]  # the program quoted in its name
            out.append(Mention(doc.doc_id, title.sentence, start, end, text[start:end], label, "rule:body-before-title", 0.8))
        changed = True
    return sorted(out, key=lambda m: (m.start, m.end)) if changed else mentions


_BRANCH = re.compile(r"[\u4e00-\u9fa5]{0,8}?(?:中心支行|分行|支行|分公司|营业部|分理处)")
# a unit inside an enterprise or an association, written between its name and a title
_ORG_UNIT = re.compile(r"(?P<org>(?:[\u4e00-\u9fa5A-Za-z（）()]{0,20}?(?:集团|公司|银行|商会|协会|联合会))?)"
                       r"(?P<unit>董事局|董事会|监事会|[\u4e00-\u9fa5]{1,8}?(?:委员会|部|事业群|事业部|大区))")


def _org_unit_applies(doc: Document, mentions: list[Mention], body: Mention | int, unit: re.Match[str], sentence: int = 0) -> bool:
    """Whether ``body`` (a name ending with a unit, right before a title; or the offset of such a
    text) is an organisation's unit that belongs to the title: named with its enterprise or
    association, or bare (投资管理部, 华北大区) in a sentence that names an enterprise before it;
    never a government's (县发改委, 组织部, 政治部)."""
    start = body if isinstance(body, int) else body.start
    sentence = sentence if isinstance(body, int) else body.sentence
    name = unit.group("unit")
    if name.endswith(("政治部", "党委", "纪委")) or _PARTY_DEPARTMENT.search(name):
        return False
    if _PLACE_PREFIX.match(name) and not name.endswith(("大区", "事业群", "事业部", "董事局", "董事会", "监事会")):
        return False
    if unit.group("org"):
        return not _PLACE_PREFIX.fullmatch(unit.group("org"))
    before = [m for m in mentions if m.sentence == sentence and m.end <= start]
    opening = doc.text[doc.sentences[sentence].start : start]
    named = any(m.label == "COMPANY" for m in before) or re.search(rf"(?:^|[^\u4e00-\u9fa5])(?:{_OWN_ENTERPRISE})", opening)
    return bool(named) and doc.text[start - 1 : start] in ("、", "，")


def _enterprises_by_context(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A name without a suffix the model read as an organisation (or a place) is an enterprise where
    the sentence says so: visited (来到华兰生物) in a sentence about enterprises or beside named
    companies, or listed with them (华兰生物、龙翔电气等企业)."""
    out: list[Mention] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for m in mentions:
        if m.label in {"ORG", "ADMIN"} and m.source == "model-weak" and not _placelike(doc.text, m):
            sent = doc.sentences[m.sentence]
            local = sent.text[: m.start - sent.start]
            companies = any(o.label == "COMPANY" for o in by_sentence[m.sentence])
            cue = VISIT_CUES.search(local)
            listed = re.match(r"(?:、[^，。；]{2,12})*等\s*\d*\s*家?(?:企业|公司)", doc.text[m.end : m.end + 30])
            signing = re.search(r"签约|签署|合作协议|战略合作", sent.text) and re.match(r"与|、|和", doc.text[m.end : m.end + 1])
            if (cue and (companies or "企业" in sent.text)) or listed or signing:
                m = replace(m, label="COMPANY")
        elif m.label in {"PROJECT", "SITE"} and _company_plant(m.text):
            m = replace(m, label="COMPANY")
        out.append(m)
    # 富士康 + 洛阳基地: an enterprise followed at once by a place and 基地 is its plant there
    joined: list[Mention] = []
    for m in out:
        last = joined[-1] if joined else None
        if last is not None and last.label == "COMPANY" and m.start < last.end:
            continue  # swallowed by the plant before
        plant = re.match(r"[\u4e00-\u9fa5]{2,3}(?:基地|工厂)", doc.text[m.end : m.end + 5]) if m.label == "COMPANY" else None
        if plant and _company_plant(m.text + plant.group()) and m.end + plant.end() <= doc.sentences[m.sentence].end:
            m = replace(m, end=m.end + plant.end(), text=m.text + plant.group())
        joined.append(m)
    return joined


# an enterprise's trade name (晶鑫科技, 恒润药业): a name and its line of business, with no legal suffix
# a province's short name may open the trade name (山东华泽纺织科技), and two lines of business may end it
_PROVINCE_SHORT = (r"山东|河南|河北|山西|江苏|浙江|安徽|福建|江西|湖北|湖南|广东|广西|海南|四川|贵州|云南|陕西|甘肃|青海"
                   r"|辽宁|吉林|黑龙江|内蒙古|宁夏|新疆|西藏|北京|天津|上海|重庆")
_TRADE_NAME = re.compile(
    r"(?:(?<=[、，：])|(?<=到|至|和|及|与|对|赴|在)|(?<=走进|来到|深入|走访|考察|调研|参观|观摩|察看|莅临)了?)"
    rf"(?P<name>(?P<stem>(?![县市区省镇乡])(?:{_PROVINCE_SHORT})?[\u4e00-\u9fa5]{{2,4}}?)(?:(?:{_TRADES})(?=(?:{_TRADES})))?(?:{_TRADES})(?:公司)?)"
    r"(?=[、，。；和及等与]|调研|考察|参观|走访|检查|观摩|指导|总经理|董事长|负责人|一期|二期|三期|项目|生产)"
)


def _adverb_opens(stem: str) -> bool:
    """Does ``stem`` open with a two-character adverb (持续, 不断, 进一步 …) in jieba's dictionary?"""
    from .nlp.features import tagged_words

    word, tag = tagged_words(stem)[0]
    return len(word) >= 2 and tag in ("d", "vd", "ad")


def _trade_names(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Enterprises named by trade name only (华星电子、恒润药业和金源食品), where the sentence visits
    (走访, 来到, 先后到 …) or names other enterprises: one enterprise each, over any place or weak
    organisation the model read inside (华星), and over a "person" the model guessed at its start
    (金龙 of 金龙铜业). A stem of ordinary words (数字科技, 生物医药) is an industry. A trade name found so
    is that enterprise wherever else the page writes it (到中瑞铝业一期)."""
    refiner = _refiner()
    strong = [m for m in mentions if m.label in {"PERSON", "GOV", "COMPANY", "TITLE", "MEETING"}
              or m.label == "ORG" and not m.source.startswith("model")]

    def free(start: int, end: int) -> bool:
        return not any(m.start < end and start < m.end and not (m.label == "PERSON" and m.source == "model"
                                                                and start <= m.start and m.end <= end)
                       for m in strong)

    added: list[Mention] = []
    for sent in doc.sentences:
        if sent.kind == "byline":
            continue
        context = bool(VISIT_CUES.search(sent.text) or "企业" in sent.text
                       or any(m.label == "COMPANY" and m.sentence == sent.index for m in mentions))
        for match in _TRADE_NAME.finditer(sent.text):
            if not context and not match.group("name").endswith(("集团", "控股")):
                continue  # a group is an enterprise wherever it is named; a line of business needs the context
            start, end = sent.start + match.start("name"), sent.start + match.end("name")
            if refiner.common_words_only(match.group("stem")) or not free(start, end) or _adverb_opens(match.group("stem")):
                continue  # 持续深化能源、化工等领域合作: an adverb opens a clause, not a trade name
            added.append(Mention(doc.doc_id, sent.index, start, end, match.group("name"), "COMPANY", "trade-name", 0.8))
    if not added:
        return mentions
    found = {(a.start, a.end) for a in added}
    for sent, name, start, end in _recurrences(doc, {a.text for a in added}):
        if (start, end) in found or sent.kind == "byline" or not free(start, end) or any(
                s < end and start < e for s, e in found):
            continue
        found.add((start, end))
        added.append(Mention(doc.doc_id, sent.index, start, end, name, "COMPANY", "trade-name", 0.75))
    kept = [m for m in mentions if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted(kept + added, key=lambda m: (m.start, m.end))


_NAME_TAGS = ("nt", "nr", "nz", "j")


def _placelike(text: str, m: Mention) -> bool:
    """来到德清, 前往钟管镇: a division's name (national gazetteer) or a name written before 镇, 乡,
    街道, 村 is a place whatever the sentence visits, never an enterprise."""
    return bool(national().lookup(m.text)) or re.match(r"镇|乡|街道|村|社区", text[m.end : m.end + 2]) is not None


def _company_plant(text: str) -> bool:
    """上汽乘用车郑州基地, 富士康郑州基地: an enterprise's name, a place and 基地/工厂 is the enterprise's
    plant there (an enterprise), not a project or a park (国家级研发基地, 中原科技城)."""
    if not text.endswith(("基地", "工厂")):
        return False
    from .nlp.features import tagged_words

    words = tagged_words(text)
    return len(words) >= 3 and words[-2][1] == "ns" and (words[0][1] or "x")[:2] in _NAME_TAGS


def _propagate_persons(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A name found as a person once (after a title, in a byline) is a person wherever it recurs;
    there it also displaces a statistical guess that swallowed it (``张红军带队`` as an organisation)."""
    names = {m.text for m in mentions if m.label == "PERSON" and not m.source.startswith("model")}
    names |= {b.name for b in doc.bylines}
    owner = _owner_map(doc, mentions)
    displaced: set[int] = set()
    added: list[Mention] = []
    for sent, name, start, end in _recurrences(doc, names):
        holders = {id(m): m for m in owner[start:end] if m is not None}
        if any(not m.source.startswith("model") or m.label == "PERSON" for m in holders.values()):
            continue
        displaced |= set(holders)
        for m in holders.values():
            for i in range(m.start, m.end):
                owner[i] = None
        person = Mention(doc.doc_id, sent.index, start, end, name, "PERSON", "propagated", 0.8)
        for i in range(start, end):
            owner[i] = person
        added.append(person)
    return [m for m in mentions if id(m) not in displaced] + added


def _owner_map(doc: Document, mentions: list[Mention]) -> list[Mention | None]:
    """The mention that covers each character of the page (the last one listed), or None."""
    owner: list[Mention | None] = [None] * (len(doc.text) + 1)
    for m in mentions:
        for i in range(m.start, m.end):
            owner[i] = m
    return owner


def _recurrences(doc: Document, names: set[str]) -> Iterator[tuple[Sentence, str, int, int]]:
    """Every occurrence of each name, sentence by sentence, the longer names first in a sentence."""
    for sent in doc.sentences:
        for name in sorted(names, key=len, reverse=True):
            for match in re.finditer(re.escape(name), sent.text):
                yield sent, name, sent.start + match.start(), sent.start + match.end()


# byline words that are posts (摄影 "photo by" and newspaper names are not)
_BYLINE_TITLE = re.compile("|".join(r for r in BYLINE_ROLES if r not in NEWSPAPERS and r != "摄影"))


def find_mentions(doc: Document, nlp: Language) -> list[Mention]:
    """Run the NLP pipeline sentence by sentence and collect entity mentions in document offsets."""
    mentions: list[Mention] = []
    texts = [s.text for s in doc.sentences]
    for sent, sdoc in zip(doc.sentences, nlp.pipe(texts, batch_size=64)):
        if sent.kind == "byline":
            continue
        for ent in sdoc.ents:
            if len(ent.text) < 2:
                continue  # 中 of 中美 is a place to NER, but no node of the graph
            source = ent.kb_id_ or "model"
            pid = ent.id_ or None
            mentions.append(
                Mention(
                    doc.doc_id,
                    sent.index,
                    sent.start + ent.start_char,
                    sent.start + ent.end_char,
                    ent.text,
                    ent.label_,
                    source if not pid else f"{source}:{pid}",
                    0.8 if source.startswith("model") else 1.0,
                    pid,
                )
            )
    signed = [(b.start, b.end) for b in doc.bylines]
    mentions = [m for m in mentions if not any(m.start < e and s < m.end for s, e in signed)]
    for byline in doc.bylines:
        sentence = next(s.index for s in doc.sentences if s.start <= byline.start < s.end)
        mentions.append(Mention(doc.doc_id, sentence, byline.start, byline.end, byline.name, "PERSON", "byline", 0.95))
    for sent in (s for s in doc.sentences if s.kind == "byline"):
        for paper in re.finditer("|".join(NEWSPAPERS), sent.text):
            start = sent.start + paper.start()
            mentions.append(Mention(doc.doc_id, sent.index, start, start + len(paper.group()), paper.group(), "ORG", "byline", 0.95))
        for role in _BYLINE_TITLE.finditer(sent.text):  # 记者, 通讯员: the signer's post
            start = sent.start + role.start()
            mentions.append(Mention(doc.doc_id, sent.index, start, start + len(role.group()), role.group(), "TITLE", "byline", 0.95))
    persons = _fill_name_lists(doc, _clean_persons(doc, _propagate_persons(doc, mentions)))
    return _media(doc, _body_boundaries(doc, _propagate_company_cores(doc, persons)))


_LEGAL_END = re.compile(r"(?:有限公司|有限责任公司|股份公司|集团公司|分公司|分行|支行|银行)$")


_PLANT = re.compile(r"[\u4e00-\u9fa5A-Za-z]{4,12}(?:分厂|厂)")


def _place_word(word: str) -> bool:
    """嘉义, 郑州: a division's name as written without its level (a division of the gazetteer, or a
    place word to jieba)."""
    from .nlp.features import jieba_pos_table

    return any(national().lookup(word + level) for level in ("", "县", "市", "区")) or jieba_pos_table().get(word) == "ns"


def _plant_cores(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """台积电嘉义厂 on a page that writes 台积电 alone too: a plant named by its enterprise and its place
    (厂) is that enterprise, which the page names wherever it writes that name (the plant's place is
    the place's own word). A plant whose enterprise the page never writes alone stays one name."""
    text = doc.text
    cores: dict[int, Mention] = {}
    for index, m in enumerate(mentions):
        plant = _PLANT.fullmatch(m.text) if m.label == "COMPANY" else None
        if plant is None:
            continue
        stem = re.sub(r"(?:县|市)?(?:分厂|厂)$", "", m.text)
        core = next((stem[:-size] for size in (2, 3) if len(stem) - size >= 2 and _place_word(stem[-size:])), None)
        if core is not None and text.count(core) > text.count(m.text):
            cores[index] = replace(m, end=m.start + len(core), text=core, source=m.source + "-plant", pattern_id=None)
    if not cores:
        return mentions
    out = [cores.get(i, m) for i, m in enumerate(mentions)]
    added: list[Mention] = []
    for sent, name, start, end in _recurrences(doc, {c.text for c in cores.values()}):
        if sent.kind == "byline" or any(o.start < end and start < o.end for o in out + added):
            continue
        added.append(Mention(doc.doc_id, sent.index, start, end, name, "COMPANY", "recurrence", 0.8))
    return sorted(out + added, key=lambda m: (m.start, m.end))


_GROUP_END = re.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司|股份公司|集团公司|公司)$|集团$|控股$")
# what may stand right before and after a short name written alone (支持华能, 华能将…, “华能”)
_SHORT_BEFORE = re.compile(r"(?:^|[，、。；：“”（(\s与和及同对在向是为了把被由到赴]|希望|支持|感谢|欢迎|会见|走访|考察|参观)$")
_GENERIC_GROUP = re.compile(r"^(?:该|本|我|各|全|这|此|其|原|母|子)?(?:集团|企业集团|产业集团)$|^[各该本我]")
_SUFFIX_AFTER_SHORT = re.compile(r"(?:控股)?(?:集团)?(?:股份有限公司|有限责任公司|有限公司|公司)?")
_SHORT_AFTER = re.compile(r"[，、。；：“”）)\s与和及同在将也已的是对为向把等]|$")


def _word_of_its_own(name: str, after: str) -> bool:
    """华能 + 全面贯彻: a name followed by a word of two characters or more (jieba), so not the opening
    of a longer name (华润 + 置 + 地 of 华润置地)."""
    from .nlp.features import tagged_words

    words = [word for word, _ in tagged_words(name + after)]
    return len(words) > 1 and words[0] == name and len(words[1]) >= 2


def _company_short_forms(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """中国华能集团有限公司, then 华能 alone (华能将持续…, 介绍了华能生产经营): the short name an enterprise
    named in full goes by is that enterprise wherever the page writes it before a clause mark or a
    function word, or after one and before a word of its own (not 华润 of 华润置地). The
    short name is the full name without its country, province or city and its legal or group suffix,
    two to four characters that are not only ordinary words (not 有色 of 中国有色集团, written in
    有色金属) and not a place."""
    text = doc.text
    refiner = _refiner()
    shorts: set[str] = set()
    for m in mentions:
        if m.label != "COMPANY":
            continue
        branch = re.search(r"(?:分行|支行|分公司)$", m.text)
        place = next((size for size in (2, 3) if branch and branch.start() - size > 0
                      and _place_word(m.text[branch.start() - size : branch.start()])), None)
        if branch is not None and place is not None:
            shorts.add(m.text[branch.start() - place :])  # 中国银行澳门分行, then 澳门分行: the branch
        if not _GROUP_END.search(m.text):
            continue
        core = _GROUP_END.sub("", m.text)
        lead = next((core[:size] for size in (3, 2) if len(core) > size + 1 and _place_word(core[:size])), None)
        core = core[len(lead):] if lead else core  # (中国 is a place word: 中国华能 -> 华能)
        if 2 <= len(core) <= 4 and not _place_word(core) and not refiner.common_words_only(core) and core != m.text:
            shorts.add(core)
        group = re.match(r"[\u4e00-\u9fa5]{2,8}?集团(?=[\u4e00-\u9fa5（(])", m.text)
        if group is not None and not _place_word(group.group()[:-2]):
            shorts.add(group.group())  # 正大集团桑田（上海）农业有限公司, then 正大集团: the group, written with its suffix
        if re.fullmatch(r"[\u4e00-\u9fa5]{2,8}集团", m.text) and not _GENERIC_GROUP.match(m.text):
            shorts.add(m.text)  # 绿地集团 read once: the same group wherever the page writes it
    if not shorts:
        return mentions
    added: list[Mention] = []
    replaced: list[Mention] = []
    for sent, name, start, end in _recurrences(doc, shorts):
        end += len(_SUFFIX_AFTER_SHORT.match(text, end).group())  # type: ignore[union-attr]  # 中冶 + 集团: the name with its suffix
        inside = [o for o in mentions + added if o.start < end and start < o.end]
        weak = all(start <= o.start and o.end <= end and (o.source == "model-weak" and o.label in {"ORG", "SITE"}
                                                           or o.label == "ADMIN" and (o.start, o.end) != (start, end))
                   for o in inside)  # (a statistical guess, or the place of 澳门分行, inside the name gives way)
        if (sent.kind == "byline" or end > sent.end or not weak
                or not (_SHORT_AFTER.match(text, end) or _SHORT_BEFORE.search(text[max(0, start - 2) : start])
                        and (text[start:end].endswith(("集团", "公司", "分行", "支行")) or _word_of_its_own(text[start:end], text[end : end + 6])))):
            continue
        replaced.extend(inside)
        added.append(Mention(doc.doc_id, sent.index, start, end, text[start:end], "COMPANY", "short-form", 0.7))
    if not added:
        return mentions
    return sorted([m for m in mentions if m not in replaced] + added, key=lambda m: (m.start, m.end))


def _company_recurrences(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """An enterprise the page names once by its legal or branch name (包商银行赤峰分行, found by a rule
    where the model read nothing) is that enterprise wherever else the page writes it, over the
    model's weaker reads inside it (a place, an organisation, a shorter company)."""
    names = {m.text for m in mentions if m.label == "COMPANY" and len(m.text) >= 6 and _LEGAL_END.search(m.text)}
    if not names:
        return mentions
    have = {(m.start, m.end) for m in mentions if m.label == "COMPANY"}
    added: list[Mention] = []
    for sent, name, start, end in _recurrences(doc, names):
        if (start, end) in have or sent.kind == "byline" or any(a.start < end and start < a.end for a in added):
            continue
        inside = [m for m in mentions if m.start < end and start < m.end]
        if any(not (start <= m.start and m.end <= end) or m.label in {"PERSON", "TITLE", "GOV"} for m in inside):
            continue  # a name the sentence reads otherwise (a longer name, a person, a body) stays
        added.append(Mention(doc.doc_id, sent.index, start, end, name, "COMPANY", "recurrence", 0.8))
    if not added:
        return mentions
    kept = [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in added)]
    return sorted(kept + added, key=lambda m: (m.start, m.end))


_MEDIA_NAME = r"[\u4e00-\u9fa5]{1,10}?(?:日报|晚报|时报|都市报|商报|新闻网|客户端|融媒体中心|新闻中心|广播电视台|电视台|网)"
# where a page names the medium that publishes it: a masthead line with its date, 某某报讯, (某某客户端)
_MEDIA = re.compile(
    rf"(?:^|(?<=\n))\s*(?P<head>{_MEDIA_NAME})\s*\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|(?<=据)(?P<via>{_MEDIA_NAME}|[\u4e00-\u9fa5]{{1,6}}?社)(?=报道|消息|讯)"
    rf"|(?:^|(?<=\n))\s*(?P<wire>{_MEDIA_NAME}|[\u4e00-\u9fa5]{{1,6}}?社)(?=[\u4e00-\u9fa5]{{0,4}}\d{{1,2}}月\d{{1,2}}日电)"
    r"|(?P<tell>[\u4e00-\u9fa5]{1,10}?(?:日报|晚报|时报|都市报|商报|报|网))讯"
    rf"|[（(](?P<paren>{_MEDIA_NAME})[）)]"
    rf"|(?<![\u4e00-\u9fa5])(?P<reporter>{_MEDIA_NAME})记者"
)


def _media(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The media a page names as its publisher (``中国网 2022-07-23``, ``信息时报讯``, ``（新周口客户端）``,
    ``广西新闻网记者``) are organisations, whatever their name."""
    # a statistical guess or a place inside the medium's name (东山 of 东山新闻客户端, 河南日报 of
    # 河南日报客户端) gives way to it; one across its end (中国网2022-07-23) too, when only a guess
    def yields(m: Mention, start: int, end: int) -> bool:
        guess = m.source.startswith(("model", "places")) and m.label in {"ORG", "ADMIN", "SITE"}
        return (start <= m.start and m.end <= end and guess) or m.source == "model-weak"

    added: list[Mention] = []
    for match in _MEDIA.finditer(doc.text):
        group = next(g for g in ("head", "via", "wire", "tell", "paren", "reporter") if match.group(g))
        start, end = match.span(group)
        if end - start < 3 or any(s < end and start < e for s, e in ((a.start, a.end) for a in added)) or any(
                m.start < end and start < m.end and not yields(m, start, end) for m in mentions
                if m.label in {"PERSON", "GOV", "ORG", "COMPANY"} or not m.source.startswith(("model", "places"))):
            continue
        mentions = [m for m in mentions if not (m.start < end and start < m.end and (yields(m, start, end) or start <= m.start and m.end <= end))]
        sentence = next((x for x in doc.sentences if x.start <= start < x.end), None)
        if sentence is None:
            continue
        added.append(Mention(doc.doc_id, sentence.index, start, end, doc.text[start:end], "ORG", "media", 0.9))
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def _fill_name_lists(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """梁庆伦、张洪明、赖增李、赵洁萍: a name the model missed between two names of one ``、`` list is
    a name too, when it is two or three characters opening with a surname."""
    refiner = _refiner()
    persons = [m for m in mentions if m.label == "PERSON"]
    added: list[Mention] = []
    for a, b in zip(persons, persons[1:]):
        if a.sentence != b.sentence or b.start - a.end > 12:
            continue
        gap = doc.text[a.end : b.start]
        parts = gap.split("、")
        if len(parts) < 3 or parts[0] or parts[-1]:
            continue
        names = parts[1:-1]
        if not all(re.fullmatch(r"[\u4e00-\u9fa5]{2,3}", n) and n[0] in refiner.surnames for n in names):
            continue
        at = a.end + 1
        for name in names:
            added.append(Mention(doc.doc_id, a.sentence, at, at + len(name), name, "PERSON", "list", 0.7))
            at += len(name) + 1
    if not added:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    added = [m for m in added if not any(s < m.end and m.start < e for s, e in taken)]
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


# the stem a development zone's name ends with before its 区 (先进制造业开发区, 产业集聚区, 高新区)
_ZONE_STEM = re.compile(r"(?:[\u4e00-\u9fa5]{0,8}?[省市县区旗])?[\u4e00-\u9fa5]{0,12}?(?:开发|集聚|高新|经开|园|新)$")
_ZONE_BODY = re.compile(r"^区(?:管委会|党工委|工委|管理委员会)")
# 十二届自治区政协, 新一届市政协: a session before the place is the body's term, not its name
# (县十七届人大常委会 keeps it: the place comes first)
_VERB_HEAD = re.compile(r"^[\u4e00-\u9fa5]{0,4}?(?:祝愿|祝贺|祝福|欢迎|感谢|支持|配合|希望|要求|恭贺)(?=新一届|第?[一二三四五六七八九十]{1,3}届|自治区|[省市县区])")
_SESSION_HEAD = re.compile(r"^(?:新一届|第?[一二三四五六七八九十]{1,3}届)(?=[省市县区州旗]|自治区|全国|人大|政协)")
# 市商务局, 县发改委, 区政府办: a local government department, whatever the model called it
_DEPARTMENT = re.compile(r"^(?:[省市县区州旗]|自治区)[\u4e00-\u9fa5]{1,10}?(?:局|委|办|厅|署|办公室)(?:党组|党委)?$")
_ENTERPRISE_WORD = re.compile(r"公司|集团|银行|股份|企业|厂")
_ZONE_WORD_END = re.compile(r"(?:开发区|高新区|经开区|产业集聚区|工业园区|示范区)$")
_GOV_TITLE_TAIL = re.compile(r"(局|委|办|厅|部)(副局?|副主|副书|副部|副厅|(?<=局)局|(?<=部)部)$")  # 县教育局局 + 长
_TITLE_RE = re.compile(_TITLES.title_regex())
_RANK_RE = re.compile(_TITLES.rank_regex())


_DEPARTMENT_END = re.compile(r"(?:部|办|办公室|局|委员会|中心|管委会|党工委)$")


def _join_adjacent_bodies(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A place or a committee written right before a department that names no place is one body:
    ``开原市`` + ``医保局`` is ``开原市医保局``, ``开原市委`` + ``统战部`` is ``开原市委统战部``."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and m.label == "GOV" and m.text == "资格审查委员会" and prev.label == "GOV"
                and prev.text.endswith("常委会") and doc.text[prev.end : m.start] == "代表"):
            # 县人大常委会 + 代表 + 资格审查委员会: the standing committee's credentials committee
            out[-1] = replace(prev, end=m.end, text=doc.text[prev.start : m.end], source=prev.source + "+joined")
            continue
        if (prev is not None and prev.end == m.start and prev.label == "ADMIN" and m.label == "GOV" and m.text[:1] in "市县区"
                and national().lookup(prev.text + m.text[0]) and not national().lookup(prev.text[:0] + m.text)):
            # 开原 + 市发改局: the place's short form and a body opening with its level
            out[-1] = replace(prev, end=m.end, text=doc.text[prev.start : m.end], label="GOV", source=prev.source + "+joined")
            continue
        if (prev is not None and prev.end == m.start and prev.sentence == m.sentence and m.label == "GOV"
                and _DEPARTMENT_END.search(m.text) and m.text[0] not in "省市县区州旗中"
                and not any(s == 0 and full for s, _, _, full in national().scan(m.text))
                and (prev.label == "ADMIN" and not prev.text.startswith(("全", "我"))
                     or prev.label == "GOV" and re.search(r"[省市县区州旗]委$|政府$", prev.text) is not None)):
            out[-1] = replace(prev, end=m.end, text=doc.text[prev.start : m.end], label="GOV", source=prev.source + "+joined")
            continue
        out.append(m)
    return out


# departments whose full names hold a 和 the model cuts at: what comes before it, and what after
_CUT_DEPARTMENT_RESTS = {"发展和": "改革", "住房和": "城乡", "人力资源和": "社会保障", "工业和": "信息化",
                         "文化和": "旅游", "自然资源和": "规划", "卫生和": "计划生育"}
_CUT_DEPARTMENT = re.compile("(?:" + "|".join(_CUT_DEPARTMENT_RESTS) + ")$")
_APPOINTED_HEAD = re.compile(r"^(?:同?志)?(?:任|兼任|担任|改任)(?=[省市县区州旗乡镇]|中共)")
# bodies and enterprises the model cuts or mislabels (read by _body_boundaries)
_FIELD_BEFORE_AND = re.compile(r"(?:^|(?<=[、，。；：\s])|(?<=包括)|(?<=还有)|(?<=以及))((?:(?![委局办部厅院会司处署和及与省市县州旗镇乡])[\u4e00-\u9fa5]){2,6})和$")
_BANK_END = re.compile(r"银行(?:[\u4e00-\u9fa5]{0,8}?(?:分行|支行|营业部))?$")
_COUNT_IN_NAME = re.compile(r"([\u4e00-\u9fa5A-Za-z]{2,}?)(?:\d+|[一二三四五六七八九十两几]{1,3})家")
_SOE_BUREAU = re.compile(r"中(?:国)?(?:建|铁|铁建|交|冶|水电|电建|能建|核)[一二三四五六七八九十]{1,3}局")
_DISCIPLINE_END = re.compile(r"(?:纪委监委|纪委|监委|纪工委)$")
_DISPATCHED_GROUP = re.compile(r"驻[^，。、；：\s]{2,20}?纪检(?:监察)?组")


def _body_boundaries(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Bodies cut or mislabelled by the model, by rules that hold for any place:
    ``叶县先进制造业开发区`` + ``区管委会`` is one body (a zone's 管委会 named after the zone's full
    name); ``十二届自治区政协`` is ``自治区政协``; a ``市商务局`` read as an enterprise is a government
    department; a ``新闻中心`` after a lone ``区`` is the ``区新闻中心``."""
    text = doc.text
    out: list[Mention] = []
    for m in mentions:
        verb = _VERB_HEAD.match(m.text) if m.label in {"GOV", "ORG"} else None
        if verb and len(m.text) - verb.end() >= 2:  # 衷心祝愿自治区政协: the wish, then the body
            m = replace(m, start=m.start + verb.end(), text=m.text[verb.end() :], source=m.source + "-verb")
        if m.label == "GOV" and "局" in m.text and not m.text.startswith(("中共", "省", "市", "县", "州", "旗")):
            # 政策研究和 + 区域发展局: a bureau named for two fields, cut by the model at its 和 (a list
            # or clause mark before the first field; no body's word inside it)
            first = _FIELD_BEFORE_AND.search(text, doc.sentences[m.sentence].start, m.start)
            if first is not None:
                m = replace(m, start=first.start(1), text=text[first.start(1) : m.end], source=m.source + "+dept")
        if m.label == "GOV" and _ZONE_BODY.match(m.text):
            sent = doc.sentences[m.sentence]
            stem = _ZONE_STEM.search(text[max(sent.start, m.start - 20) : m.start])
            if stem and stem.group():
                start = m.start - len(stem.group())
                m = replace(m, start=start, text=text[start : m.end], source=m.source + "+zone")
        elif m.label == "GOV" and _SESSION_HEAD.match(m.text):
            start = m.start + _SESSION_HEAD.match(m.text).end()  # type: ignore[union-attr]
            m = replace(m, start=start, text=text[start : m.end], source=m.source + "-session")
        elif m.label == "GOV" and _GOV_TITLE_TAIL.search(m.text):
            # 市发改局副局 + 长: the department, and the title the model cut into it
            cut = m.start + _GOV_TITLE_TAIL.search(m.text).start(2)  # type: ignore[union-attr]
            title = _TITLE_RE.match(text, cut)
            if title:
                out.append(replace(m, end=cut, text=text[m.start : cut], source=m.source + "-title"))
                out.append(Mention(doc.doc_id, m.sentence, cut, title.end(), title.group(), "TITLE", "regex:title", 0.9))
                continue
        elif m.label == "GOV" and m.text.endswith("政府") and text[m.end : m.end + 1] == "办" and text[m.end + 1 : m.end + 2] != "公":
            m = replace(m, end=m.end + 1, text=text[m.start : m.end + 1], source=m.source + "+office")  # 区政府办
        elif m.label in {"ORG", "COMPANY"} and m.source.startswith("model") and _ZONE_WORD_END.search(m.text) and not _ENTERPRISE_WORD.search(m.text):
            m = replace(m, label="ADMIN", source=m.source + "+zone")  # 濮阳高新技术产业开发区: a zone, not an organisation
        elif m.label in {"GOV", "ORG"} and _SOE_BUREAU.fullmatch(m.text):
            m = replace(m, label="COMPANY", source=m.source + "+enterprise")  # 中建八局, 中铁十四局: a group's engineering bureau
        elif m.label == "ORG" and _BANK_END.search(m.text) and "人民银行" not in m.text:
            m = replace(m, label="COMPANY", source=m.source + "+bank")  # 恒丰银行赤峰分行: a bank is an enterprise
        elif m.label == "COMPANY" and (count := _COUNT_IN_NAME.match(m.text)) is not None:
            m = replace(m, end=m.start + count.end(1), text=count.group(1), source=m.source + "-count")  # 亿利达 + 4家上市公司
        elif m.label == "COMPANY" and _DEPARTMENT.match(m.text) and not _ENTERPRISE_WORD.search(m.text):
            m = replace(m, label="GOV", source=m.source + "+department")
        if (m.label == "ADMIN" and len(m.text) >= 3 and m.text[-1] in "省市县区乡镇" and text[m.end : m.end + 1] == "长"
                and not any(o.label == "TITLE" and o.start <= m.end < o.end for o in mentions)):
            # 台中市长胡志强: 台中 and the title 市长, not the place 台中市 and a stray 长
            out.append(replace(m, end=m.end - 1, text=m.text[:-1], source=m.source + "-title"))
            out.append(Mention(doc.doc_id, m.sentence, m.end - 1, m.end + 1, text[m.end - 1 : m.end + 1], "TITLE", "regex:place-title", 0.9))
            continue
        appointed = _APPOINTED_HEAD.match(m.text) if m.label in {"GOV", "ORG"} else None
        if appointed and len(m.text) - appointed.end() >= 2:  # 同志任县委办公室: the notice's verb, then the body
            m = replace(m, start=m.start + appointed.end(), text=m.text[appointed.end() :], source=m.source + "-verb")
        dispatched = _DISPATCHED_GROUP.match(text, m.end) if m.label == "GOV" and _DISCIPLINE_END.search(m.text) else None
        if dispatched:  # 市纪委监委 + 驻市发改委纪检监察组: the group a discipline commission posts in a department
            m = replace(m, end=dispatched.end(), text=text[m.start : dispatched.end()], source=m.source + "+dept")
        joined = _CUT_DEPARTMENT.search(text[max(0, m.start - 5) : m.start]) if m.label in {"GOV", "ORG"} else None
        if joined and m.text.startswith(_CUT_DEPARTMENT_RESTS[joined.group()]):
            # 发展和 + 改革委员会: a department's full name the model cut at its 和
            start = m.start - len(joined.group())
            m = replace(m, start=start, text=text[start : m.end], label="GOV", source=m.source + "+dept")
        if (m.label in {"ORG", "GOV"} and m.start >= 1 and text[m.start - 1] in "区县市"
                and not re.match(r"[\u4e00-\u9fa5]", text[m.start - 2 : m.start - 1] or " ")
                and not m.text.startswith(("委", "政府", "人大", "政协"))):
            m = replace(m, start=m.start - 1, text=text[m.start - 1 : m.end], source=m.source + "+local")
        out.append(m)
    out = _join_adjacent_bodies(doc, sorted(out, key=lambda m: (m.start, m.end)))
    # a widened body swallows the mentions it now covers (叶县 of 叶县先进制造业开发区管委会)
    wide = [m for m in out if m.source.endswith(("+zone", "+local", "+dept"))]
    kept = [m for m in out if m in wide or not any(w.start <= m.start and m.end <= w.end and w is not m for w in wide)]
    return sorted(kept, key=lambda m: (m.start, m.end))


_CORE_SUFFIX = re.compile(r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|总公司|公司)$")


def _name_goes_on(text: str, end: int) -> bool:
    """中粮 + 粮谷, 太古 + 汇: a noun or a lone character right after a two-character short name
    continues another name."""
    from .nlp.features import tagged_words

    rest = re.match(r"[\u4e00-\u9fa5]{1,6}", text[end : end + 6])
    if rest is None:
        return False
    word, tag = tagged_words(rest.group())[0]
    return len(word) == 1 and word not in "对是在与和将的了为也就都已又还向从把被" or tag.startswith("n")


# the line of business a legal name carries before its suffix, which a short name drops
_INDUSTRY_END = re.compile(r"(?:科技|实业|发展|技术|新材料|电子|机械|能源|环保|智能|生物|医药|化工|建设|工程|投资|贸易|物流|电气|材料|装备|制造)+$")


_SUFFIX_AFTER_CORE = re.compile(r"集团公司|总公司|集团|公司(?!司)")


# words a group's name can be made of alone that name no one group (产业集团, 国际集团)
_GENERIC_GROUP_CORES = frozenset({"产业", "科技", "实业", "能源", "交通", "国际", "资本", "控股", "旅游", "文旅", "投资", "城投"})


def _propagate_company_cores(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """An enterprise named in full on a page is named by its core elsewhere on it (上海电气集团 …
    希望上海电气…): each later occurrence of the core (three characters or more) is that enterprise,
    where no pattern or person already holds the text. The resolver's company-core rule then links the
    short name to the full one."""
    cores: set[str] = set()
    trade_cores: set[str] = set()  # cores without the place before them (罗诗妮)
    for m in mentions:
        if m.label == "COMPANY":
            core = _CORE_SUFFIX.sub("", m.text)
            if core != m.text and len(core) >= 3:
                cores.add(core)
                stem = _INDUSTRY_END.sub("", core)
                if stem != core and len(stem) >= 4:
                    cores.add(stem)  # 辽宁兴东 for 辽宁兴东科技有限公司
            elif (len(core) == 2 and re.fullmatch(r"集团|总公司|集团公司|公司", m.text[2:]) and not national().lookup(core)
                  and not (_refiner().dictionary_tag(core) or "").startswith("v") and core not in _GENERIC_GROUP_CORES):
                cores.add(core)  # 中粮 for 中粮集团, 首钢 for 首钢总公司: a two-character name, as a whole word (not 发展 of 发展集团)
            elif m.source == "regex:company-list" and len(m.text) >= 3:
                # 九云科技、李大厨等企业: a trade name the page lists as an enterprise is that enterprise
                # where it is written again (在九云科技、李大厨等项目工地), over the model's place or person
                cores.add(m.text)
                trade_cores.add(m.text)
            if core != m.text:
                # 罗诗妮 for 浙江罗诗妮新材料有限公司, 亿康纺织 for 海宁市亿康纺织有限公司: without the place before it
                for size in (4, 3, 2):
                    rest = core[size:]
                    if len(rest) >= 3 and national().lookup(core[:size]):
                        cores.add(rest)
                        trade_cores.add(rest)
                        bare = _INDUSTRY_END.sub("", rest)
                        if bare != rest and len(bare) >= 3:
                            cores.add(bare)
                            trade_cores.add(bare)
                        break
    if not cores:
        return mentions
    owner = _owner_map(doc, mentions)
    displaced: set[int] = set()
    added: list[Mention] = []
    for sent, core, start, end in _recurrences(doc, cores):
        if len(core) == 2 and (doc.text[end : end + 2] in ("集团", "公司", "总公") or not _whole_word(doc.text, start, end)
                               or _name_goes_on(doc.text, end)):
            continue
        suffix = _SUFFIX_AFTER_CORE.match(doc.text, end)
        if suffix is not None:  # 石煤机 + 公司新厂区: the short name is written with its suffix
            end = suffix.end()
            core = doc.text[start:end]
        holders = {id(m): m for m in owner[start:end] if m is not None}
        if any(not m.source.startswith("model") or m.label == "COMPANY" or m.start < start or m.end > end
               # the model's "person" 罗诗妮 that is exactly the trade name of the page's 浙江罗诗妮新材料有限公司
               or m.label == "PERSON" and not (core in trade_cores and m.start == start and m.end == end)
               for m in holders.values()):
            continue
        displaced |= set(holders)
        company = Mention(doc.doc_id, sent.index, start, end, core, "COMPANY", "propagated", 0.7)
        for i in range(start, end):
            owner[i] = company
        added.append(company)
    return sorted([m for m in mentions if id(m) not in displaced] + added, key=lambda m: (m.start, m.end))


@functools.cache
def _person_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = load_refine_rules()
    before = sorted(rules.get("person_not_before", ()), key=len, reverse=True)
    within = rules.get("person_not_in", ())
    never = "(?!x)x"
    return (re.compile("|".join(map(re.escape, before)) or never), re.compile("|".join(map(re.escape, within)) or never))


_VERB_TAIL = frozenset("来到在说对将就为是了向与和赴率")


def _clean_persons(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Drop the model's false persons and complete its cut ones:
    - a place or name fragment: a "name" the next characters continue as a place or body
      (郑东 of 郑东热电厂, 郑东新 of 郑东新区, 郑新 of 郑新一体化), a "name" that begins a place or
      organisation named on the page, or one written right after a place (重庆江津);
    - a newspaper's short name (郑报) and a footer's words (豫公网安备 -> 安备), or a "name" followed
      by a registration number;
    - a surname with a title (张市长, 王书记): a way of naming someone, not a name;
    - a cut name: 程志 where the page names 程志明 is 程志明 when the text goes on with it, else dropped.
    Only the model's guesses are judged; names found after a title or in a byline stay."""
    text = doc.text
    not_before, not_in = _person_rules()
    # 何晶来我县: a name the page writes elsewhere, with the verb after it run in, is that name
    known = {m.text for m in mentions if m.label == "PERSON" and not (m.source.startswith("model") and m.text[-1] in _VERB_TAIL)}
    mentions = [Mention(m.doc_id, m.sentence, m.start, m.end - 1, m.text[:-1], m.label, m.source, m.confidence, m.pattern_id)
                if m.label == "PERSON" and m.source.startswith("model") and len(m.text) >= 3 and m.text[-1] in _VERB_TAIL
                and m.text[:-1] in known else m for m in mentions]
    names = {m.text for m in mentions if m.label == "PERSON"}
    places = {m.text for m in mentions if m.label in {"ADMIN", "GOV", "COMPANY", "ORG", "SITE"}}
    starts = {m.start: m for m in mentions if m.label in {"TITLE", "GOV", "ADMIN", "COMPANY", "ORG"}}
    ends = {m.end: m for m in mentions if m.label == "ADMIN"}
    out: list[Mention] = []
    for m in mentions:
        if m.label != "PERSON" or not m.source.startswith("model") and m.pattern_id != "person-after-title":
            out.append(m)
            continue
        if not m.source.startswith("model"):
            if not (len(m.text) == 2 and text[m.end : m.end + 1] in "及与" and (_refiner().dictionary_tag(m.text) or "nr")[:2] != "nr"):
                out.append(m)  # 司长甲、商务及经济发展局: a word before 及 the dictionary knows as no name is dropped
            continue
        after = text[m.end : m.end + 4]
        if len(m.text) == 3 and m.text[1:] in _TITLES.heads:
            continue  # 张市长, 王书记: a surname and a title, a way to name someone, not a name
        if (not_in.search(text[max(0, m.start - 4) : m.end + 2]) or re.match(r"\d{4}", after) or m.text.endswith("报")
                or (not_before.match(after) and m.end not in starts)
                or any(p != m.text and p.startswith(m.text) for p in places)
                or (m.start in ends and re.match(r"[、，和及与等]", after))):
            continue
        longer = sorted((n for n in names if len(n) > len(m.text) and n.startswith(m.text)), key=len)
        if longer:
            full = next((n for n in longer if text.startswith(n, m.start)), None)
            if full is None:
                continue  # a cut of a name the page writes in full elsewhere
            m = Mention(m.doc_id, m.sentence, m.start, m.start + len(full), full, m.label, m.source, m.confidence, m.pattern_id)
        out.append(m)
    return out


_BYLINE_ROLE_WORDS = r"本报记者|特约记者|见习记者|首席记者|全媒体记者|融媒体记者|融媒记者|记者|通讯员|实习生|摄影|摄"
_PAREN = re.compile(r"[（(]([^（）()\n]{2,40}?)[）)]")
_BYLINE_TOKEN = re.compile(
    rf"(?P<paper>[\u4e00-\u9fa5]{{2,8}}?(?:日报|晚报|都市报|时报|报社|报|电视台|台|融媒体中心|新闻网|网|在线|客户端))?(?P<role>{_BYLINE_ROLE_WORDS})"
    rf"|(?P<name>[\u4e00-\u9fa5](?:[ \u3000]?[\u4e00-\u9fa5]){{1,2}})(?=[\s\u3000]|$|{_BYLINE_ROLE_WORDS})"
    r"|(?P<space>[\s\u3000]+)|(?P<sep>[、，,/])"
)
_PAPER_BEFORE = re.compile(r"([\u4e00-\u9fa5]{2,8}?(?:日报|晚报|都市报|时报|报))讯\s*$")


@functools.cache
def _refiner() -> Refiner:
    return Refiner(load_refine_rules())


def _inline_bylines(doc: Document) -> list[tuple[Byline, str | None]]:
    """Bylines the layout does not set apart: ``（记者 吴瑕 通讯员 穗府信）`` after a dateline,
    ``（王志杰 贺甜）`` closing an article (names only: two persons, no post), and a name alone on the
    last line of an article. Each with the newspaper it names (渝西都市报记者 涂燕), if any."""
    text = doc.text
    taken = {(b.start, b.end) for b in doc.bylines}
    found: list[tuple[Byline, str | None]] = []
    for paren in _PAREN.finditer(text):
        inner, base = paren.group(1), paren.start(1)
        role: str | None = None
        paper = None
        before = _PAPER_BEFORE.search(text[max(0, paren.start() - 12) : paren.start()])
        names: list[tuple[str, str, int, int, str | None]] = []
        pos = 0
        ok = True
        for token in _BYLINE_TOKEN.finditer(inner):
            if token.start() != pos:
                ok = False
                break
            pos = token.end()
            if token.group("role"):
                role = "记者" if token.group("role") in {"本报记者", "特约记者", "见习记者", "首席记者", "融媒记者"} else token.group("role")
                paper = token.group("paper") or (before.group(1) if before else None)
            elif token.group("name"):
                name = re.sub(r"[ \u3000]", "", token.group("name"))
                if role is None and (not _refiner().is_name(name) or name[-1] in "处局科室办部委"):
                    ok = False  # without a role word, only names with a surname sign (穗府信 needs 通讯员; 经济处 is a unit)
                    break
                names.append((role or "", name, base + token.start(), base + token.end(), paper))
        if not ok or pos != len(inner) or not names:
            continue
        if not any(r for r, *_ in names):
            # names only: a signature that closes an article, right after its last sentence, or the
            # reporters after a dateline (中国隆回网讯（甲 乙）4月7日，…)
            if paren.start() > 0 and not re.search(r"[。！？”\n]\s*$|[讯电]\s*$", text[max(0, paren.start() - 3) : paren.start()]):
                continue
        for role_, name, start, end, paper_ in names:
            if (start, end) not in taken:
                found.append((Byline(role_, name, start, end), paper_))
    for row in re.finditer(r"[^\r\n]{2,80}", doc.raw):
        # each line of the page as written (layout repair may have run it into the sentence before)
        start, end = bisect.bisect_left(doc.offsets, row.start()), bisect.bisect_left(doc.offsets, row.end())
        have = taken | {(b.start, b.end) for b, _ in found}
        found.extend((b, None) for b in _credit_line(text[start:end], start) if (b.start, b.end) not in have)
        tail = _CREDIT_TAIL.search(text, start, end)
        if tail is not None:
            # …妥善处置。 作者:甲 乙 编辑:丙: the credits a page runs on after its last sentence, on its line
            credits = re.sub(r"[\s\u3000|｜丨]+$", "", text[tail.end() : end])  # (a page's closing bar, 终审：甲 |)
            found.extend((b, None) for b in _credit_line(credits, tail.end()) if (b.start, b.end) not in have)
    for said in [*_REPORTED_BY.finditer(text), *_DATELINE_REPORTER.finditer(text)]:
        # 记者邬玲玲报道：8月31日，…, 某网3月16日讯记者 刘海）: the reporter who opens the report
        start, end = said.span("name")
        if _refiner().is_name(said.group("name")) and (start, end) not in taken:
            found.append((Byline(said.group("role"), said.group("name"), start, end), None))
    last = max((b for b in doc.blocks if text[b.start : b.end].strip()), key=lambda b: b.start, default=None)
    for block in doc.blocks:
        line = text[block.start : block.end].strip()
        name = re.sub(r"[ \u3000]", "", line)
        if block is last and block.kind != "byline" and block.start > 0:
            # "张慧君 顾 辉" closing the page: the names of its authors, a space apart
            signed = _names_only(line, block.start + text[block.start : block.end].index(line[0]) if line else block.start)
            if len(signed) >= 2:
                found.extend((b, None) for b in signed if (b.start, b.end) not in taken)
                continue
        if block.kind != "byline" and 2 <= len(name) <= 3 and _refiner().is_name(name) and re.fullmatch(r"[\u4e00-\u9fa5 \u3000]+", line):
            # 翟宝宽 alone on the last line of an article: its author
            start = block.start + text[block.start : block.end].index(line[0])
            if block.start > 0 and (start, start + len(line)) not in taken:
                found.append((Byline("", name, start, start + len(line)), None))
    return found


# 会同新闻网3月16日讯记者 刘海）3月15日，…: the reporter right after a dateline, its bracket half lost
_DATELINE_REPORTER = re.compile(r"(?<=讯)[（(]?(?P<role>记者|通讯员)[ \u3000]*(?P<name>[\u4e00-\u9fa5]{2,3})[）)]")
_REPORTED_BY = re.compile(r"(?:^|(?<=[\n。讯]))[ \u3000]*(?P<role>记者|通讯员)[ \u3000]*(?P<name>[\u4e00-\u9fa5]{2,3}?)[ \u3000]*(?:报道|采写)[：:]")


def _names_only(line: str, base: int) -> list[Byline]:
    """The names of a line that holds only names with a surname sign, a space apart (``张慧君 顾 辉``)."""
    names: list[Byline] = []
    pos = 0
    for token in _BYLINE_TOKEN.finditer(line):
        if token.start() != pos or token.group("role") or token.group("sep"):
            return []
        pos = token.end()
        if token.group("name"):
            name = re.sub(r"[ \u3000]", "", token.group("name"))
            if not _refiner().is_name(name):
                return []
            names.append(Byline("", name, base + token.start(), base + token.end()))
    return names if pos == len(line) else []


# a credit line: "编辑：张小红", "采写 | 区新闻中心 曾翠琼", "（责任编辑：王小丽）", "文/图 孙立新",
# "编辑：A 审核：B": role words, each followed by an optional unit and the names it credits
_CREDIT_ROLES = (
    r"来源|责任编辑|值班编辑|编辑|编审|采写|撰稿|撰文|作者|文字|图片|摄影|摄像|视频|供稿|审核|审校|校对|初审|复审|终审|监制|"
    r"统筹|策划|本报记者|见习记者|全媒体记者|融媒体记者|记\s?者|通讯员|实习生|责编|[一二三]审|稿源|文|图|"
    r"发布时间|发布日期|时间|日期|阅读|浏览|点击"  # a page's meta line: 时间:2021-10-19 作者:甲 乙 阅读:
)
# where credits start after the last sentence of a line: a sentence end, a space, a writer's role and its colon
_CREDIT_TAIL = re.compile(r"(?<=[。！？”])[\s\u3000]*(?=(?:作者|编辑|责任编辑|责编|撰稿)\s*[：:])")
_NOT_A_WRITER = frozenset({"来源", "稿源", "发布时间", "发布日期", "时间", "日期", "阅读", "浏览", "点击"})
# the medium or unit a credit names right before its role (天水在线编辑：甲, 融媒体中心记者 甲)
_CREDIT_MEDIUM = r"(?:[\u4e00-\u9fa5]{2,8}?(?:在线|新闻网|网|日报|晚报|报)|[\u4e00-\u9fa5]{0,6}?(?:融媒体中心|新闻中心))"
_CREDIT_TOKEN = re.compile(
    rf"(?:{_CREDIT_MEDIUM})?(?P<role>(?:{_CREDIT_ROLES})(?:\s*[/／]\s*(?:{_CREDIT_ROLES}))*)\s*(?:[：:|｜丨/／]|(?=[\s\u3000])"
    r"|(?:(?<=记者)|(?<=通讯员))(?=[\u4e00-\u9fa5]))"  # 作者:市融媒体中心记者张媛 张浩: a reporter's role right before the name
    r"|(?P<sep>[\s\u3000、，,（）()【】\[\]]+|\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}(?::\d{2})?)|(?P<word>[\u4e00-\u9fa5·]+)"
)
_CREDIT_UNIT = re.compile(r"(?:中心|报社|日报|晚报|时报|电视台|融媒体|宣传部|办公室|网|站|社|台)$")


def _credit_line(line: str, base: int) -> list[Byline]:
    """The credits of a line that holds only credits (else none): each name with its role as written."""
    first = re.match(r"[\s\u3000（(【\[]*", line)
    pos = first.end() if first else 0
    role: str | None = None
    out: list[Byline] = []
    for token in _CREDIT_TOKEN.finditer(line, pos):
        if token.start() != pos:
            return []
        pos = token.end()
        if token.group("role"):
            role = re.sub(r"\s", "", token.group("role"))
            role = "记者" if role in {"本报记者", "见习记者"} else role
        elif token.group("word"):
            word = token.group("word")
            if role is None:
                return []
            if len(word) >= 3 and _CREDIT_UNIT.search(word):
                continue  # the unit the person signs for (区新闻中心)
            if not (2 <= len(word) <= 4 and _refiner().is_name(word)):
                return []
            if role not in _NOT_A_WRITER:  # a source credits its unit, not a writer; a date or a count no one
                out.append(Byline(role, word, base + token.start(), base + token.end()))
    return out if pos == len(line) else []


_INSTITUTION_AFTER_PLACE = re.compile(
    r"[^\W市县区省]{0,10}?(?:职业技术学院|职业学院|大学|学院|人民医院|中心医院|中医院|妇幼保健院|医院|卫生院|研究院|研究所|商会|协会|学会|高级中学|中学|小学|幼儿园)"
    r"(?![\u4e00-\u9fa5]{0,2}(?:路|街|站|校区|分院|附属))"
)


def _institutions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """An institution named in full after its place (湖南铁路科技职业技术学院, 东山区人民医院,
    铁西市工商联合商会) is one organisation, not a place and a fragment."""
    text = doc.text
    held = [(m.start, m.end) for m in mentions if m.label in {"PERSON", "GOV", "COMPANY", "TITLE"}]
    added: list[Mention] = []
    for start, end, place, full in national().scan(text):
        match = _INSTITUTION_AFTER_PLACE.match(text, end)
        if match is None or (not full and place.level == "county"):
            continue
        if _refiner().company_boundary_in(text[end : match.start() + len(match.group()) - 2]):
            continue  # 许昌市代表团访问香港中华总商会: a verb between the place and the institution
        stop = match.end()
        if any(s < stop and start < e for s, e in held) or any(s < stop and start < e for s, e in ((a.start, a.end) for a in added)):
            continue
        sentence = next((x for x in doc.sentences if x.start <= start and stop <= x.end), None)
        if sentence is None or sentence.kind == "byline":
            continue
        added.append(Mention(doc.doc_id, sentence.index, start, stop, text[start:stop], "ORG", "institution", 0.85))
    if not added:
        return mentions
    # 香港总商会午餐会: a meeting named after the institution that holds it keeps the rest of its name
    rests = [Mention(m.doc_id, m.sentence, a.end, m.end, text[a.end : m.end], "MEETING", m.source, m.confidence, m.pattern_id)
             for m in mentions if m.label == "MEETING" for a in added if a.start == m.start and m.end - a.end >= 2]
    kept = [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in added)]
    kept = [m for m in kept if not any(m.start < a.end and a.start < m.end for a in added)]
    return sorted(kept + added + rests, key=lambda m: (m.start, m.end))


def extract(doc: Document, nlp: Language) -> Extraction:
    """The extract stage for one document."""
    from . import org_rules
    from .notices import add_notices  # personnel notices (任命/免去/当选/调任), kept in their own module

    inline = _inline_bylines(doc)
    if inline:
        doc = replace(doc, bylines=tuple(sorted((*doc.bylines, *(b for b, _ in inline)), key=lambda b: b.start)))
    # + places the model missed, institutions after their place, enterprises by trade name
    mentions = _trade_names(doc, _institutions(doc, place_mentions(doc, find_mentions(doc, nlp))))
    extractor = Extractor(doc, org_rules.apply(doc, mentions))  # organisations by rules of any page
    extractor.papers = {(b.start, b.name): paper for b, paper in inline if paper}
    extraction = add_notices(extractor, extractor.run())
    # a bare 集团 is the page's group, and 宜阳县 of 宜阳县领导 a place: mentions added after the chains
    # and visits have read the page (they name the enterprise itself, and keep the title whole)
    finished = org_rules.bare_enterprises(doc, extraction.mentions)
    for step in (org_rules.enterprise_party_units, org_rules.body_party_groups, org_rules.place_before_leaders, _plant_cores,
                 _company_recurrences, _company_short_forms):
        finished = step(doc, finished)
    return replace(extraction, mentions=tuple(finished))
