"""Organisation mentions by rules that hold on any page (issue 11): what the NER and the patterns
leave out or cut, read from the words around a name rather than from a list of names.

- ``bare_enterprises``: ``集团``, ``集团公司`` written alone (到访集团, 对集团未来) on a page that names a
  group are that enterprise (the resolver's ``page-enterprise`` rule links them to its full name);
- ``credit_units``: the unit a ``来源：`` line credits (``来源：区发展和改革委员会``) is a body or a
  medium, named in full up to the end of the credit;
- ``enterprise_organs``: an enterprise's organ read as a government body (``某集团董事局``,
  ``某集团金融委员会``) is the enterprise: the organ belongs to the post written after it.

- ``province_before_body``: ``甘肃省白银市市委``, ``新疆昌吉州党委``: the province written before a city's
  body is a place of its own, the body the city's;
- ``body_lead_words``: ``以下是商务局``: a copula or preposition the model read into a body is no part of it;
- ``bracketed_short_names``: ``香港旅游发展局（旅发局）``: the short form in brackets after a name is that
  organisation wherever the page writes it.

- ``enterprise_units``: ``某公司矿山工程机械研发中心``, ``某商会产业合作部``: an enterprise or institution
  followed by one of its units or lines of business, read as one name, is the enterprise;
- ``legal_names``: a name ending with a legal suffix (有限公司) that no pattern anchored, from the clause's
  start less the verbs and descriptions before it (``“开工一批”活动X有限公司``); a mention so ending
  is an enterprise whatever the model called it;
- ``town_before_enterprise``: ``某镇某水厂``: the town that opens an enterprise's name is a place of its own.

- ``enterprise_party_units``: ``某集团党委委员``: the enterprise and its party unit (``党委``, a body of
  its own before a party post); ``某集团党委理论学习中心组``: the unit named with its enterprise; a bare
  ``党委``/``集团党组`` heading an enterprise's chain (``党委书记、董事长某``) is the page's enterprise's
  (after the chains, which read these posts from the text); ``某某学院党委书记``: the institution and its unit;
- ``media_names``: a name ending as a medium does (融媒体中心, 日报社, 电视台) is an organisation, with
  the lone level before it (``区融媒体中心``);
- ``bank_branches``: ``中国银行`` + ``新乡`` + ``分行``: a bank's or an enterprise's branch in a place is
  one enterprise name;
- ``body_party_groups``: ``市财政局党组书记``: a body and its party group (党组, 党委) before a post are one
  body, as the chains read it (after the chains);
- ``place_before_leaders``: ``新安县领导王某``: the place before a collective ``县领导`` is a place (after
  the chains, like ``bare_enterprises``);
- ``congress_sessions``: ``县十五届人大四次会议``, ``市九届人大代表``: a people's congress named by its
  session, or with its term before 代表, is part of a meeting's name or a title, no body (a place
  before it stays);
- ``place_levels``: ``钟管`` + ``镇``, ``子长县`` + ``工业园区``: a place the model cut before its level or
  its zone is named in full;
- ``one_character_places``: ``来凤投资``, ``在漯发展``: the first character of the page's own county or
  city, after 来/在/赴 and before 投资, 发展 …, is that place (the usual one-character short form);
- ``bare_government``: ``昌吉州党委、政府``: a bare 政府 after a party committee and ``、`` is a body.

Each step takes and returns the page's mentions, sorted by position; :func:`apply` runs them all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from .places import PLACE_LEAD_WORDS, lead_to_cut, national
from .records import Document, Mention, Sentence

def _sorted(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _sentence_of(doc: Document, start: int) -> int | None:
    return next((s.index for s in doc.sentences if s.start <= start < s.end), None)


# 集团/集团公司 standing alone: after a clause mark or the start, a preposition, or a verb that takes
# an enterprise as its object; not 集团军, 集团化, nor the head of a longer name (集团有限公司)
_BARE_GROUP = re.compile(
    r"(?:(?<=[^\u4e00-\u9fa5])|^|(?<=[到在为对就及和与由向从把将被给让使了])"
    r"|(?<=到访|访问|代表|欢迎|感谢|支持|参观|走进|来到|深入|考察|调研|莅临|走访|服务|表示|希望|祝愿|相信|帮助|邀请|助力|推动))"
    r"(?P<word>集团公司|集团)(?![军化式作有股公内外各旗下成员])"
)


def bare_enterprises(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """A bare ``集团`` or ``集团公司`` on a page that names an enterprise is the page's group, each
    time it is written: an enterprise mention. A statistical guess that
    swallowed it (``集团香港总部``) gives way; any other mention keeps its text."""
    if not any(m.label == "COMPANY" for m in mentions):
        return list(mentions)
    text = doc.text
    weak = [m for m in mentions if m.source == "model-weak" and m.label in {"ORG", "ADMIN", "SITE"}]
    strong = [(m.start, m.end) for m in mentions if m not in weak]
    added: list[Mention] = []
    displaced: set[int] = set()
    for found in _BARE_GROUP.finditer(text):
        start, end = found.span("word")
        if any(s < end and start < e for s, e in strong):
            continue
        sentence = _sentence_of(doc, start)
        if sentence is None or doc.sentences[sentence].kind == "byline":
            continue
        displaced |= {id(m) for m in weak if m.start < end and start < m.end}
        added.append(Mention(doc.doc_id, sentence, start, end, found.group("word"), "COMPANY", "bare-enterprise", 0.75))
    if not added:
        return list(mentions)
    return _sorted([m for m in mentions if id(m) not in displaced] + added)


_GOV_UNIT_END = re.compile(
    r"(?:人民政府|政府|委员会|管委会|党工委|工委|人大常委会|政协|局|委|办|办公室|部|厅|署|中心|站|所|院|处|科|队)$")
_MEDIA_END = re.compile(r"(?:日报|晚报|时报|都市报|商报|报社|报|新闻网|网|在线|客户端|融媒体中心|新闻中心|电视台|广播电视台)$")
# "浙江在线1月20日讯", "映象网驻马店讯": the medium of a dateline (not 本报讯, 本网讯)
_DATELINE_MEDIUM = re.compile(
    r"(?:^|(?<=[\s】。！？”]))(?!本报|本网|本台|本站)(?P<unit>[\u4e00-\u9fff]{1,10}?(?:网|在线|日报|晚报|报|电视台|客户端))"
    r"(?:\d{1,2}月\d{1,2}日)?(?:驻[\u4e00-\u9fff]{2,6})?讯", re.M)
# what a 来源 line credits that is no unit's name
_NO_CREDIT = frozenset({"本站", "本网", "本报", "原创", "网络", "综合", "网友", "转载", "互联网", "未知", "其他"})
# "来源：经发局", "来源:鹤壁日报)": the credited unit runs to a space, a bracket or the line's end of
# the page as written (layout repair may run the next line into it)
_CREDIT = re.compile(r"(?:来源|來源|稿件来源|信息来源)\s*[:：]\s*(?P<unit>[\u4e00-\u9fff]{2,24})(?=[ \t\u3000)）】,，;；|｜]|$)", re.M)


# "县融媒体中心 张敏", "采写 | 区新闻中心 曾翠琼": a medium signing a line with its writers' names
_SIGNING_MEDIUM = re.compile(
    r"^(?:[^\n]*?[|｜:：]\s*)?(?P<unit>[\u4e00-\u9fff]{0,10}?(?:融媒体中心|新闻中心|日报社|日报|晚报|电视台|广播电视台))"
    r"(?:[ \t\u3000]+[\u4e00-\u9fff]{2,4})+[ \t\u3000]*$", re.M)


def credit_units(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """The unit a ``来源：`` credit names is a medium (``ORG``: 某某日报, 某某网) or a body (``GOV``:
    经发局, 区发展和改革委员会, 某市人民政府), in full: a mention inside it gives way; so is a medium
    that signs a line with its writers' names (``县融媒体中心 张敏``)."""
    added: list[Mention] = []
    credits = {m.span("unit") for m in _CREDIT.finditer(doc.raw)}
    # credits are read as written (a 来源 line's layout), datelines on the page's Simplified text (東北網…訊)
    found_all = [(f, True) for f in [*_CREDIT.finditer(doc.raw), *_SIGNING_MEDIUM.finditer(doc.raw)]]
    for found, raw in [*found_all, *((f, False) for f in _DATELINE_MEDIUM.finditer(doc.text))]:
        if raw:
            raw_start, raw_end = found.span("unit")
            start, end = bisect.bisect_left(doc.offsets, raw_start), bisect.bisect_left(doc.offsets, raw_end)
        else:
            start, end = found.span("unit")
        unit = doc.text[start:end]
        if not re.fullmatch(r"[\u4e00-\u9fa5]{2,24}", unit):
            continue
        label = "ORG" if _MEDIA_END.search(unit) else "GOV" if _GOV_UNIT_END.search(unit) else None
        if label is None and raw and found.span("unit") in credits and unit not in _NO_CREDIT and not any(
                m.start == start and m.end == end and m.label == "PERSON" for m in mentions):
            label = "ORG"  # 来源：海峡风, 来源：上海长宁: a credited account with no unit's ending is a medium
        if label is None:
            continue
        if any(m.start == start and m.end == end and m.label in {"GOV", "ORG"} for m in mentions):
            continue
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue  # a mention across the credit's end: leave the page as read
        sentence = _sentence_of(doc, start)
        if sentence is None:
            continue
        added.append(Mention(doc.doc_id, sentence, start, end, unit, label, "credit", 0.9))
    if not added:
        return list(mentions)
    kept = [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in added)]
    return _sorted(kept + added)


# an enterprise's organ: 董事局, 董事会, 监事会, a committee or department named by ordinary words
_ENTERPRISE_NAME = r".{2,30}?(?:集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)"
_ORGAN = re.compile(rf"(?P<firm>{_ENTERPRISE_NAME})(?P<organ>董事局|董事会|监事会|(?:[\u4e00-\u9fa5]{{2,4}})?委员会|事业群|事业部)$")


def enterprise_organs(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``正威集团董事局`` before ``主席``, ``某集团金融委员会`` before ``副主席``: an enterprise's organ
    read as a government body is the enterprise (the organ is part of the post, as the gold and the
    title chains read it); a bare committee right after that chain (``、投资委员会副主席``) is no body."""
    out: list[Mention] = []
    firm_end: int | None = None
    for m in _sorted(list(mentions)):
        organ = _ORGAN.fullmatch(m.text) if m.label in {"GOV", "ORG"} else None
        if organ is not None and not m.source.startswith("gazetteer"):
            cut = m.start + organ.end("firm")
            out.append(Mention(m.doc_id, m.sentence, m.start, cut, organ.group("firm"), "COMPANY", m.source + "-organ", m.confidence))
            firm_end = m.sentence
            continue
        if (firm_end == m.sentence and m.label == "GOV" and m.source.startswith("model") and m.text.endswith("委员会")
                and doc.text[m.start - 1 : m.start] == "、" and len(m.text) <= 7):
            continue  # 、投资委员会副主席: another organ of the same enterprise
        out.append(m)
    return out


def province_before_body(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """A body read with its province before its city (``甘肃省白银市市委``) is the province, a place,
    and the city's body; a province's own body (``河南省人民政府``) stays whole."""
    from .places import national

    gaz = national()
    out: list[Mention] = []
    for m in mentions:
        if m.label == "GOV" and not m.source.startswith("gazetteer"):
            first = next(iter(gaz.scan(m.text)), None)
            if first is not None and first[0] == 0 and first[2].level == "province" and first[1] < len(m.text) - 2:
                rest = next((hit for hit in gaz.scan(m.text[first[1] :]) if hit[0] == 0 and hit[2].level in {"city", "county"}), None)
                if rest is not None and rest[2].parent is not None and first[2] in rest[2].chain():
                    cut = m.start + first[1]
                    out.append(Mention(m.doc_id, m.sentence, m.start, cut, m.text[: first[1]], "ADMIN", m.source + "-province", m.confidence))
                    out.append(Mention(m.doc_id, m.sentence, cut, m.end, m.text[first[1] :], "GOV", m.source + "-province", m.confidence))
                    continue
        out.append(m)
    return out


_LEAD_WORDS = re.compile(r"^(?:以下是|这是|就是|即是|新任|现任|是|由|经|据|向|对|为|在)(?=[\u4e00-\u9fa5]{3})")


def body_lead_words(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``以下是商务及经济发展局``, ``其中柳树村``: the copula, preposition or conjunction the model read
    before a body or a place is cut off, unless it opens a word of the name (经济财政司, 对外友协,
    向阳街道, 为民服务中心, 和平村); so is the 新任 of a post just taken (新任陕西省人民政府副省长), whoever read it."""
    out: list[Mention] = []
    for m in mentions:
        pattern = _LEAD_WORDS if m.label in {"GOV", "ORG"} else PLACE_LEAD_WORDS if m.label in {"ADMIN", "SITE"} else None
        cut = lead_to_cut(pattern, m.text) if pattern is not None and (m.source.startswith("model") or m.text.startswith(("新任", "现任"))) else 0
        if cut:
            m = Mention(m.doc_id, m.sentence, m.start + cut, m.end, m.text[cut:], m.label, m.source + "-lead", m.confidence)
        out.append(m)
    return out


_BRACKETED = re.compile(r"[（(](?:简称|下称|以下简称)?[“\"]?(?P<short>[\u4e00-\u9fa5]{2,6})[”\"]?[）)]")


def _abbreviates(short: str, full: str) -> bool:
    """Are the characters of ``short`` those of ``full``, in order (旅发局 of 香港旅游发展局)?"""
    pos = 0
    for ch in short:
        pos = full.find(ch, pos) + 1
        if pos == 0:
            return False
    return short[0] in full[:4] or len(short) >= 3


def bracketed_short_names(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """An organisation followed by its short form in brackets (``香港旅游发展局（旅发局）``, ``（简称太古公司）``)
    names it by that short form everywhere on the page: each occurrence no mention holds is a mention
    of the organisation's label (the resolver's page-core and alias rules link the two)."""
    text = doc.text
    shorts: dict[str, str] = {}
    for m in mentions:
        if m.label not in {"GOV", "ORG", "COMPANY"}:
            continue
        found = _BRACKETED.match(text, m.end)
        if found is not None and _abbreviates(found.group("short"), m.text) and found.group("short") != m.text:
            shorts.setdefault(found.group("short"), m.label)
    if not shorts:
        return list(mentions)
    weak = {id(m) for m in mentions if m.source.startswith("model") and m.label != "PERSON" or m.label == "PERSON" and m.source == "model"}
    held = [(m.start, m.end) for m in mentions if id(m) not in weak]
    added: list[Mention] = []
    displaced: set[int] = set()
    for short, label in shorts.items():
        for found in re.finditer(re.escape(short), text):
            start, end = found.span()
            if any(s < end and start < e for s, e in held) or any(s < end and start < e for s, e in ((a.start, a.end) for a in added)):
                continue
            sentence = _sentence_of(doc, start)
            if sentence is None:
                continue
            displaced |= {id(m) for m in mentions if id(m) in weak and m.start < end and start < m.end}
            added.append(Mention(doc.doc_id, sentence, start, end, short, label, "bracketed-short", 0.8))
    if not added:
        return list(mentions)
    return _sorted([m for m in mentions if id(m) not in displaced] + added)


_INNER_END = re.compile(r"(?:集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|总公司|公司|集团)"
                        r"|(?P<org>商会|协会|学会|联合会|研究院|科学院|大学)")
_UNIT_WORD = re.compile(r"(?:中心|部|处|科|室|车间|厂区|基地|总部|事业部)$")


def _no_name_in(text: str) -> bool:
    """Does jieba's dictionary read ``text`` as words none of which is a name (ns, nr, nt, nz)?"""
    from .nlp.features import tagged_words

    return all(tag[:2] not in {"ns", "nr", "nt", "nz"} for _, tag in tagged_words(text))


_BRANCH_END = re.compile(r"(?:分公司|子公司|分厂|厂|分行|支行)$")


def enterprise_units(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``石煤机公司矿山工程机械研发中心`` -> ``石煤机公司``, ``中国国际商会产业合作部`` -> ``中国国际商会``:
    the enterprise (institution) and, after it, ordinary words only (a unit, a line of business): the
    name ends with the enterprise's suffix; the unit is part of a post or a place inside it."""
    out: list[Mention] = []
    for m in mentions:
        if m.label in {"COMPANY", "ORG", "GOV"} and m.source.startswith("model"):
            inner = [x for x in _INNER_END.finditer(m.text) if 2 <= x.start() and x.end() < len(m.text)]
            if inner:
                last = inner[-1]
                rest = m.text[last.end() :]
                unit = last.group("org") is not None
                # 某集团有限公司水电分公司, 某药材公司中药饮片厂: a branch or a factory of the enterprise is one
                if len(rest) >= 2 and _no_name_in(rest) and (not unit or _UNIT_WORD.search(rest)) and not _BRANCH_END.search(rest):
                    label = "ORG" if last.group("org") else "COMPANY"
                    cut = m.start + last.end()
                    m = Mention(m.doc_id, m.sentence, m.start, cut, m.text[: last.end()], label, m.source + "-unit", m.confidence)
        out.append(m)
    return out


_LEGAL = re.compile(r"股份有限公司|有限责任公司|有限公司")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9（）()·]+$")


def legal_names(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """An enterprise's legal name (…有限公司) no mention ends at: from the start of its clause, less the
    verbs, descriptions and particles before the name (the refiner's company boundaries), with at
    least four characters of name; places and weak guesses inside give way. A place or organisation
    mention ending with a legal suffix (新加坡某某投资有限公司 as a place) is an enterprise."""
    from .extract import _refiner

    refiner = _refiner()
    text = doc.text
    out = [Mention(m.doc_id, m.sentence, m.start, m.end, m.text, "COMPANY", m.source + "+legal", m.confidence, m.pattern_id)
           if m.label in {"ADMIN", "SITE", "ORG"} and _LEGAL.search(m.text) and m.text.endswith("公司") else m for m in mentions]
    ends = {m.end for m in out if m.label == "COMPANY"}
    strong = [m for m in out if m.label in {"PERSON", "GOV", "COMPANY", "TITLE", "MEETING", "ORG"} and not m.source.startswith("model")
              or m.label in {"GOV", "COMPANY", "TITLE"}]
    added: list[Mention] = []
    for found in _LEGAL.finditer(text):
        end = found.end()
        if end in ends or text[end : end + 1] in ("党", ):
            continue
        sentence = _sentence_of(doc, found.start())
        if sentence is None or doc.sentences[sentence].kind == "byline":
            continue
        lo = max(doc.sentences[sentence].start, found.start() - 30)
        head = re.search(r"[^\u4e00-\u9fa5A-Za-z0-9（）()·]([\u4e00-\u9fa5A-Za-z0-9（）()·]*)$", text[lo : found.start()])
        start = lo + head.start(1) if head else lo
        start += refiner.company_start(text[start:end])
        name = text[start:end]
        if found.start() - start < 4 or not _NAME_CHARS.match(name) or any(m.start < end and start < m.end for m in strong):
            continue
        added.append(Mention(doc.doc_id, sentence, start, end, name, "COMPANY", "legal-name", 0.8))
    if not added:
        return out
    kept = [m for m in out if not any(a.start <= m.start and m.end <= a.end for a in added)]
    return _sorted(kept + added)


_TOWN_HEAD = re.compile(r"^([\u4e00-\u9fa5]{2,4}?(?:镇|乡|街道))([\u4e00-\u9fa5]{2,4}?村)?(?=[\u4e00-\u9fa5]{3,})")


def town_before_enterprise(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``莲庄镇礼渠水厂``, ``莲庄镇莲庄村污水处理站``: an enterprise or a site the model read with the
    town (and village) before it is the town, the village (places) and the enterprise or site."""
    out: list[Mention] = []
    for m in mentions:
        town = _TOWN_HEAD.match(m.text) if m.label in {"COMPANY", "SITE"} and m.source.startswith("model") else None
        if town is not None and not _LEGAL.search(m.text):
            cut = m.start + town.end(1)
            out.append(Mention(m.doc_id, m.sentence, m.start, cut, town.group(1), "ADMIN", m.source + "-town", m.confidence))
            if town.group(2):
                out.append(Mention(m.doc_id, m.sentence, cut, m.start + town.end(2), town.group(2), "ADMIN", m.source + "-town", m.confidence))
                cut = m.start + town.end(2)
            out.append(Mention(m.doc_id, m.sentence, cut, m.end, doc.text[cut : m.end], m.label, m.source + "-town", m.confidence))
            continue
        out.append(m)
    return out


_HAN_TAIL = re.compile(r"[\u4e00-\u9fa5]*$")


def group_subsidiary(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``五矿二十三冶建设集团第四工程有限公司``: a firm whose name opens with an ordinal (第四工程有限公司),
    or a firm's legal name (正大集团桑田（上海）农业有限公司), written right after a group is that group's
    subsidiary, one enterprise with the group's name in it."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        ordinal = re.match(r"第[一二三四五六七八九十\d]{1,3}", m.text) and prev is not None and prev.text.endswith(("集团", "公司"))
        # 正大集团桑田（上海）农业有限公司: a firm with its legal name written right after a group is its subsidiary
        legal = _LEGAL.search(m.text) is not None and m.text.endswith("公司") and prev is not None and prev.text.endswith("集团")
        if (m.label == "COMPANY" and (ordinal or legal) and prev is not None
                and prev.label == "COMPANY" and prev.end == m.start):
            out[-1] = Mention(m.doc_id, m.sentence, prev.start, m.end, doc.text[prev.start : m.end], "COMPANY", m.source + "+group", m.confidence)
            continue
        if m.label == "COMPANY" and _LEGAL.search(m.text) and doc.text[max(0, m.start - 2) : m.start] == "集团" and (prev is None or prev.end <= m.start - 4):
            # 会见了正大集团桑田（上海）农业有限公司: a group no mention holds, written right before the firm
            from .extract import _refiner

            lo = max(doc.sentences[m.sentence].start, m.start - 12)
            lead = _HAN_TAIL.search(doc.text, lo, m.start).group()  # type: ignore[union-attr]  # (always matches)
            group = lead[_refiner().company_start(lead + m.text) :]
            if group.endswith("集团") and len(group) >= 4 and not (prev is not None and prev.end > m.start - len(group)):
                m = Mention(m.doc_id, m.sentence, m.start - len(group), m.end, group + m.text, "COMPANY", m.source + "+group", m.confidence)
        out.append(m)
    return out


_MEETING_OWNER = re.compile(r"(?:[省市县区镇乡旗]委|[省市县区镇乡旗]?人大|[省市县区镇乡旗]?政协|党委|党工委|全国)")


def person_before_meeting(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``许光友就修改完善市委十四届五次全会…``: a meeting name read from a name the page gives a person
    elsewhere holds that person, then a particle; the name is the person, and the meeting starts at
    its body (市委十四届五次全会), or is none."""
    names = sorted({m.text for m in mentions if m.label == "PERSON"}, key=len, reverse=True)
    out: list[Mention] = []
    for m in mentions:
        name = next((n for n in names if m.label == "MEETING" and m.text.startswith(n) and m.text[len(n) : len(n) + 1] in "就在对于主向"), None)
        if name is not None:
            out.append(Mention(m.doc_id, m.sentence, m.start, m.start + len(name), name, "PERSON", m.source + "-person", m.confidence))
            owner = _MEETING_OWNER.search(m.text, len(name))
            if owner is not None:
                out.append(Mention(m.doc_id, m.sentence, m.start + owner.start(), m.end, m.text[owner.start() :], m.label,
                                   m.source + "-person", m.confidence, m.pattern_id))
            continue
        out.append(m)
    return out


_CONGRESS_BODY = re.compile(r"(?:人大常委会|人大|政协)$")
_CONGRESS_ORGAN = re.compile(r"(?:委员会|办公室|办公厅)$")


def congress_organs(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``省人大常委会预算工作委员会``, ``省人大内务司法委员会``: a people's congress's (or a CPPCC's) own
    committee or office written right after it is one body, its organ, where the model read the organ
    with its first character lost (算工作委员会)."""
    text = doc.text
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == "GOV" and m.label == "GOV" and _CONGRESS_BODY.search(prev.text)
                and _CONGRESS_ORGAN.search(m.text) and 0 <= m.start - prev.end <= 1
                and re.fullmatch(r"[\u4e00-\u9fa5]?", text[prev.end : m.start]) and m.sentence == prev.sentence):
            out[-1] = Mention(m.doc_id, m.sentence, prev.start, m.end, text[prev.start : m.end], "GOV", prev.source + "+organ", prev.confidence)
            continue
        out.append(m)
    return out


_LIST_MARKS = frozenset("、，；：（(\n")


def department_lead(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``、住房建设局副巡视员甲``: the model's bureau (建设局) without the words of its name before it, up
    to the list mark: two to four characters of common nouns or verbal nouns (住房, 市场监管), no place,
    level, tense or function word."""
    from .nlp.features import tagged_words

    text = doc.text
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    for m in mentions:
        if (m.label == "GOV" and m.source.startswith("model") and re.search(r"[局委办]$", m.text) and not re.search(r"[省市县区州旗镇乡]", m.text[:1])
                and not any(s == 0 for s, _, _, _ in national().scan(m.text))):  # (贵州省委 is named in full)
            for size in (4, 3, 2):
                start = m.start - size
                lead = text[max(0, start) : m.start]
                if (start < 0 or text[start - 1 : start] not in _LIST_MARKS or not re.fullmatch(r"[\u4e00-\u9fa5]+", lead)
                        or re.search(r"[省市县区州旗镇乡村的了和与及在对为是等]|[现新原前时曾兼]任", lead)
                        or any(s < m.start and start < e for s, e in taken if (s, e) != (m.start, m.end))):
                    continue
                tags = [tag for _, tag in tagged_words(lead)]
                if all(tag.startswith("n") and tag[:2] not in {"nr", "ns"} or tag == "vn" for tag in tags):
                    m = Mention(m.doc_id, m.sentence, start, m.end, text[start : m.end], m.label, m.source + "+lead", m.confidence, m.pattern_id)
                break
        out.append(m)
    return out


def place_leaders(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``广西壮族自治区领导甲、乙``, ``重庆经开区领导甲``: a place written right before 领导 and the names is
    one collective title, the place's leaders, as ``县领导`` is (its holders have no body)."""
    text = doc.text
    out = list(mentions)
    for m in mentions:
        if m.label != "ADMIN" or not re.match(r"领导(?=[\u4e00-\u9fa5]{2,4}[、，等])|领导(?=[\u4e00-\u9fa5]{2,3}(?:出席|参加|陪同))", text[m.end : m.end + 8]):
            continue
        sentence = m.sentence
        end = m.end + 2
        if any(o.label == "TITLE" and o.end == end and _COLLECTIVE.fullmatch(o.text) for o in out):
            continue  # 新乡市领导甲: the city's leaders, read as 市领导 already
        # the model's place, and a title read inside it (经开区领导), give way to the whole
        start = min([m.start] + [o.start for o in out if o.label == "TITLE" and o.end == end])
        lead = [o for o in out if o.label == "ADMIN" and o.end == start]
        if lead and text[lead[0].end : start] == "":
            start = lead[0].start
        out = [o for o in out if not (start <= o.start and o.end <= end)]
        out.append(Mention(doc.doc_id, sentence, start, end, text[start:end], "TITLE", "place-leaders", 0.8))
    places = {o.end: o for o in out if o.label == "ADMIN"}
    for title in [o for o in out if o.label == "TITLE" and o.text.endswith("领导") and o.source != "place-leaders"]:
        place = places.get(title.start)
        if place is not None and not _COLLECTIVE.fullmatch(title.text):  # 重庆 + 经开区领导 (not 市 + 县领导)
            out = [o for o in out if o is not place and o is not title]
            out.append(Mention(doc.doc_id, title.sentence, place.start, title.end, text[place.start : title.end], "TITLE", "place-leaders", 0.8))
    return _sorted(out)


_TERM_BEFORE_BODY = re.compile(r"^(?:历届|[一二三四五六七八九十]{1,3}届)(?=[省市县区州旗](?:委|政府|人大|政协))")


def term_before_body(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``历届区政协主席甲``, ``十二届区政协主席乙``: a term written before a body is no part of its name
    (the body is 区政协); ``历届`` goes to the post (``Extractor._add_posts``: 历届主席, a former post)."""
    return _cut_gov_lead(mentions, _TERM_BEFORE_BODY, "-term")


def _cut_gov_lead(mentions: Sequence[Mention], lead: re.Pattern[str], tag: str) -> list[Mention]:
    """``mentions`` with what ``lead`` matches at the start of a government body's name cut off."""
    out: list[Mention] = []
    for m in mentions:
        found = lead.match(m.text) if m.label == "GOV" else None
        if found is not None:
            m = Mention(m.doc_id, m.sentence, m.start + found.end(), m.end, m.text[found.end() :], m.label, m.source + tag, m.confidence, m.pattern_id)
        out.append(m)
    return out


_NOTICE_VERB = re.compile(r"(?:免去|任命|提名|聘任|决定任命|同意任命)$")


def notice_name_before_place(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``免去卢炳椿泉州市人民政府副市长…职务``: after a notice's verb, a name written right before the
    place of its body (a division's full name) is a person, and the body starts at the place; a body
    read over the name (椿泉州市人民政府) is cut back to it."""
    from .extract import _refiner

    text = doc.text
    gaz = national()
    out: list[Mention] = []
    added: list[Mention] = []
    held = [(m.start, m.end) for m in mentions if m.label == "TITLE" or m.label == "PERSON" and not m.source.startswith("model")]
    for start, end, _place, full in gaz.scan(text):
        if not full:
            continue
        for size in (3, 2):
            name = text[max(0, start - size) : start]
            if (len(name) == size and _NOTICE_VERB.search(text[max(0, start - size - 4) : start - size])
                    and _refiner().is_name(name) and name[-1] not in "为的任"  # 任命张勇为滨海新区…: 为 is no name
                    and not any(s < start and start - size < e for s, e in held)):
                sentence = _sentence_of(doc, start)
                if sentence is not None:
                    added.append(Mention(doc.doc_id, sentence, start - size, start, name, "PERSON", "notice-name", 0.8))
                break
    if not added:
        return list(mentions)
    for m in mentions:
        person = next((a for a in added if m.start < a.end and a.start < m.end), None)
        if person is not None and m.label in {"GOV", "ORG", "ADMIN", "PERSON", "COMPANY"}:
            if m.label == "GOV" and m.end > person.end:
                out.append(Mention(m.doc_id, m.sentence, person.end, m.end, text[person.end : m.end], m.label, m.source + "-notice", m.confidence, m.pattern_id))
            continue  # the name's characters are the person's
        out.append(m)
    return _sorted(out + added)


_VILLAGE_COOPERATIVE = re.compile(r"^([\u4e00-\u9fa5]{1,4}村)([\u4e00-\u9fa5]{4,}专业合作社)$")


def village_before_cooperative(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``刘庄村颖绿农业种植专业合作社``: a farmers' cooperative named after the village it sits in is the
    village (a place) and the cooperative; a village's own collective (``东山村股份经济合作社``) keeps it."""
    out: list[Mention] = []
    for m in mentions:
        found = _VILLAGE_COOPERATIVE.match(m.text) if m.label == "COMPANY" else None
        if found is not None:
            cut = m.start + found.end(1)
            out.append(Mention(m.doc_id, m.sentence, m.start, cut, found.group(1), "ADMIN", m.source + "-village", m.confidence))
            m = Mention(m.doc_id, m.sentence, cut, m.end, found.group(2), m.label, m.source + "-village", m.confidence, m.pattern_id)
        out.append(m)
    return out


_COLLECTIVE = re.compile(r"^[省市县区州旗]领导$")


_UNIT = r"(?:党委|党组|纪委)"
_PARTY_POST = r"(?:常务|专职)?副?书记|委员|成员|常委"
_ENTERPRISE_POST = re.compile(r"董事长|总经理|总裁|董事|监事|经理")
_ENTERPRISE_TAIL = re.compile(r"(?:有限公司|有限责任公司|集团公司|公司|集团|银行|控股)$")


_FIRM_UNIT = re.compile(r"([\u4e00-\u9fa5]{2,10}?)(党委|党组)")
# a body's or a place's own word before its party unit: no enterprise (县委, 某局党组, 某镇党委)
_NOT_A_FIRM = re.compile(r"[省市县区州旗镇乡村局委办厅院所部处盟站队组会]$|政府|人大|政协|机关|街道|社区|学校|大学|医院|^(?:总?公司|集团(?:公司)?)$")
_INSTITUTION_UNIT = re.compile(r"(.{2,20}?(?:大学|学院|医院|研究院|研究所|学校|中学|小学))(党委|党总支|纪委)")


def enterprise_party_units(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """The party units of enterprises and institutions, as mentions of their own (see the module's list)."""
    text = doc.text
    if not any(m.label in {"COMPANY", "GOV"} for m in mentions):
        return list(mentions)
    starts = {m.start for m in mentions}
    out: list[Mention] = []
    added: list[Mention] = []
    for m in mentions:
        if m.label == "GOV" and not m.source.startswith("gazetteer"):
            own = _INSTITUTION_UNIT.fullmatch(m.text)
            if own is not None and re.match(_PARTY_POST, text[m.end : m.end + 4]):
                # 某某学院党委书记: the institution, and its party unit before the post
                cut = m.start + own.end(1)
                out.append(Mention(m.doc_id, m.sentence, m.start, cut, own.group(1), "ORG", m.source + "-party", m.confidence))
                added.append(Mention(doc.doc_id, m.sentence, cut, m.end, own.group(2), "GOV", "institution-party", 0.8))
                continue
            firm = _FIRM_UNIT.fullmatch(m.text) if m.source.startswith("model") else None
            chain = re.match(rf"(?:{_PARTY_POST})[、，]?[\u4e00-\u9fa5]{{0,4}}?(?:董事长|总经理|总裁)", text[m.end : m.end + 14])
            if firm is not None and chain is not None and not _NOT_A_FIRM.search(firm.group(1)):
                # 建工安装党委书记、董事长甲: a unit whose secretary also chairs it is an enterprise's, named
                # by its short name; the unit keeps the enterprise's name (a bare 党委 would be the page's
                # one enterprise committee)
                cut = m.start + firm.end(1)
                out.append(Mention(m.doc_id, m.sentence, m.start, cut, firm.group(1), "COMPANY", m.source + "-firm", m.confidence))
        if m.label == "COMPANY" and _ENTERPRISE_TAIL.search(m.text) and m.end not in starts:
            unit = re.match(_UNIT, text[m.end : m.end + 2])
            if unit is not None:
                end = m.end + unit.end()
                if m.text in ("集团", "公司", "集团公司"):
                    # 集团党组书记: the page's group's unit, one name
                    out.append(Mention(m.doc_id, m.sentence, m.start, end, text[m.start : end], "GOV", "enterprise-party", 0.75))
                    continue
                if re.match(_PARTY_POST, text[end : end + 4]):
                    out.append(m)  # X集团 + 党委 + 委员: the enterprise, and its unit before the post
                    added.append(Mention(doc.doc_id, m.sentence, m.end, end, unit.group(), "GOV", "enterprise-party", 0.8))
                    continue
                # X集团党委理论学习中心组, X集团党委要…: the enterprise's committee is the subject
                out.append(Mention(m.doc_id, m.sentence, m.start, end, text[m.start : end], "GOV", m.source + "+party", m.confidence))
                continue
        out.append(m)
    held = [(m.start, m.end) for m in out]
    for found in re.finditer(rf"(?:(?<=[^\u4e00-\u9fa5])|^|(?<=兼|开)){_UNIT}(?=(?:{_PARTY_POST})|理论学习|中心组|扩大会议|会议)", text):
        start, end = found.span()
        if any(s < end and start < e for s, e in held):
            continue
        sentence = _sentence_of(doc, start)
        if sentence is None:
            continue
        clause = re.split(r"[。；]", text[start : doc.sentences[sentence].end])[0]
        before = [m for m in out if m.sentence == sentence and m.end <= start]
        if not any(m.label == "COMPANY" for m in out) or not (_ENTERPRISE_POST.search(clause[:20]) or (before and before[-1].label == "COMPANY")
                or re.search(r"(?:董事长|总经理|总裁)兼$", text[max(0, start - 5) : start])):
            continue
        added.append(Mention(doc.doc_id, sentence, start, end, found.group(), "GOV", "enterprise-party", 0.75))
    return _sorted(out + added) if added else out


_MEDIA_TAIL = re.compile(r"(?:融媒体中心|新闻中心|广播电视台|电视台|日报社|报社|日报|晚报|都市报|新闻网|客户端)$")


def media_names(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``融媒体中心`` read as a place, ``某某日报社`` as a body: a medium is an organisation; a lone 区, 县
    or 市 right before it (after a clause mark or the line's start) is part of its name."""
    text = doc.text
    taken = {m.end for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        if m.label in {"ADMIN", "SITE", "GOV", "COMPANY"} and _MEDIA_TAIL.search(m.text) and not m.source.startswith("gazetteer"):
            start = m.start
            if text[start - 1 : start] in ("区", "县", "市") and start - 1 not in taken and not re.match(
                    r"[\u4e00-\u9fa5]", text[start - 2 : start - 1] or " "):
                start -= 1
            m = Mention(m.doc_id, m.sentence, start, m.end, text[start : m.end], "ORG", m.source + "+media", m.confidence)
        out.append(m)
    return out


def place_before_contracted_title(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``天津市国资委主任`` read as 天津 + the contracted title 市国资委主任: the title's level character
    ends the place written before it, so the place (天津市) is a mention of its own and the title
    (国资委主任) is of that place's department, not of the page's 市."""
    from .places import national

    text = doc.text
    taken = [(m.start, m.end) for m in mentions if m.pattern_id != "title-contracted"]
    out: list[Mention] = []
    gaz = None
    for m in mentions:
        if m.pattern_id == "title-contracted" and m.text[:1] in "省市县区州旗" and len(m.text) > 3:
            gaz = gaz or national()
            for size in (4, 3, 2):
                start = m.start - size
                name = text[start : m.start + 1] if start >= 0 else ""
                found = gaz.lookup(name) if re.fullmatch(r"[\u4e00-\u9fa5]+", name) else []
                if found and name == found[0].name and not any(s < m.start and start < e for s, e in taken):
                    out.append(Mention(m.doc_id, m.sentence, start, m.start + 1, name, "ADMIN", "place-before-title", 0.8))
                    m = Mention(m.doc_id, m.sentence, m.start + 1, m.end, m.text[1:], m.label, m.source + "-place", m.confidence, m.pattern_id)
                    break
        out.append(m)
    return _sorted(out) if len(out) != len(mentions) else out


_LATIN_LEAD = re.compile(r"[A-Za-z?？]+(?=[\u4e00-\u9fa5])")


def latin_lead(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``??h政协副主席`` (a character lost to a page's encoding): no government body's name opens with
    Latin letters joined to Chinese ones, so they are no part of it (an enterprise's may: TCL集团)."""
    return _cut_gov_lead(mentions, _LATIN_LEAD, "-latin")


_BRANCH = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)?(?:[\u4e00-\u9fa5]{0,6}?(?:省|市|县|区)?)(?:中心支行|分行|支行|分公司|营业部|分理处)")


def bank_branches(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``中国银行新乡分行``, ``某保险公司郑州分公司``: an enterprise, the place of its branch and the
    branch's word are one enterprise (the branch); the place inside gives way."""
    text = doc.text
    out: list[Mention] = []
    skip_until = -1
    for m in _sorted(list(mentions)):
        if m.start < skip_until:
            continue
        if m.label in {"COMPANY", "ORG"} and re.search(r"(?:银行|保险|证券|信用社|公司|集团)$", m.text):
            branch = _BRANCH.match(text, m.end)
            inside = [o for o in mentions if o is not m and branch is not None and m.end <= o.start and o.end <= branch.end()]
            if branch is not None and branch.end() > m.end and all(o.label == "ADMIN" for o in inside) and not any(
                    o.start < branch.end() < o.end for o in mentions):
                out.append(Mention(m.doc_id, m.sentence, m.start, branch.end(), text[m.start : branch.end()], "COMPANY",
                                   m.source + "+branch", m.confidence))
                skip_until = branch.end()
                continue
        out.append(m)
    return out


_GROUP_HOST = re.compile(r"(?:局|委|厅|办|政协|人大常委会|政府|法院|检察院|委员会)$")


def body_party_groups(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``市财政局`` + ``党组`` + ``书记``: the party group of a body, written between the body and its
    secretary's post, is named with the body (``市财政局党组``), as the title chains read the post's body."""
    text = doc.text
    starts = {m.start: m for m in mentions}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out: list[Mention] = []
    for m in mentions:
        unit = re.match(r"党组|党委", text[m.end : m.end + 2]) if m.label == "GOV" and _GROUP_HOST.search(m.text) else None
        after = starts.get(m.end + 2)
        if (unit is not None and after is not None and after.label == "TITLE" and m.end not in covered
                and m.end + 1 not in covered and re.fullmatch(r"(?:常务|专职)?副?书记", after.text)):
            # (党组成员 is a title of the lexicon: 市政府党组成员 keeps the body 市政府)
            m = Mention(m.doc_id, m.sentence, m.start, m.end + 2, text[m.start : m.end + 2], "GOV", m.source + "+group", m.confidence)
        out.append(m)
    return out


def place_before_leaders(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``宜阳县领导张某``, ``武汉市领导``: a collective title that shares its level with a place written
    before it is that place's leaders: the place (with its level) is a mention too. The title stays
    as written (``县领导``), so this runs after the title chains, over the finished mentions."""
    from .places import national

    gaz = national()
    text = doc.text
    out = list(mentions)
    taken = [(m.start, m.end) for m in mentions]
    for m in mentions:
        if m.label != "TITLE" or not _COLLECTIVE.match(m.text):
            continue
        for size in (4, 3, 2):
            start = m.start + 1 - size
            name = text[start : m.start + 1] if start >= 0 else ""
            if not name or not gaz.lookup(name):
                continue
            if any(s < m.start and start < e for s, e in taken):
                break
            out.append(Mention(doc.doc_id, m.sentence, start, m.start + 1, name, "ADMIN", "place-leaders", 0.85))
            break
    return _sorted(out)


_CONGRESS_SHORT = re.compile(r"^(?P<place>.*?)(?:第?[一二三四五六七八九十]{1,3}届)?人大$")


def congress_sessions(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``县十五届人大四次会议``, ``市九届人大代表``: the short ``人大`` before a session's number or 代表
    names the meeting or the title, not a body; the place written before it is a place."""
    from .places import national

    text = doc.text
    out: list[Mention] = []
    for m in mentions:
        found = _CONGRESS_SHORT.match(m.text) if m.label in {"GOV", "ORG"} and not m.source.startswith("gazetteer") else None
        session = re.match(r"第?[一二三四五六七八九十]{1,3}次(?:全体)?会议", text[m.end : m.end + 8]) is not None
        # 代表 after a congress of a term (市九届人大代表) or of a list of levels (市、县人大代表): a title's part;
        # 省人大代表 alone is a post in that congress, read by the chains
        deputy = text[m.end : m.end + 2] == "代表" and ("届" in m.text or text[m.start - 1 : m.start] == "、")
        if found is not None and (session or deputy):
            place = found.group("place")
            if len(place) >= 2 and national().lookup(place):
                out.append(Mention(m.doc_id, m.sentence, m.start, m.start + len(place), place, "ADMIN", m.source + "-session", m.confidence))
            continue
        out.append(m)
    return out


_ZONE_AFTER = re.compile(r"工业园区|工业园|经济技术开发区|经济开发区|开发区|产业集聚区|高新区|经开区")


def place_levels(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """A place the model cut before its level (``钟管`` of ``钟管镇``, ``外埔`` of ``外埔区``) or before the
    zone named after it (``子长县`` + ``工业园区``) is named in full, where nothing else holds the rest."""
    from .places import national

    gaz = national()
    text = doc.text
    by_start = {m.start: m for m in mentions}
    out: list[Mention] = []
    shifted: dict[int, Mention] = {}
    for m in mentions:
        after = by_start.get(m.end)
        if (after is not None and m.label == "ADMIN" and text[m.end : m.end + 1] in ("镇", "乡") and after.source.startswith("model")
                and after.label in {"SITE", "ORG", "COMPANY"} and len(after.text) >= 4 and len(m.text) >= 2):
            # 钟管 + 镇南舍工业园: the level is the place's, the park starts after it
            shifted[id(after)] = Mention(after.doc_id, after.sentence, after.start + 1, after.end, after.text[1:], after.label,
                                         after.source, after.confidence, after.pattern_id)
            after = None
        if m.label == "ADMIN" and m.source.startswith(("model", "places")) and after is None:
            zone = _ZONE_AFTER.match(text, m.end)
            level = text[m.end : m.end + 1]
            end = None
            if zone is not None and not re.match(r"[\u4e00-\u9fa5]?(?:管委会|党工委|工委)", text[zone.end() : zone.end() + 4]):
                end = zone.end()
            elif level in ("镇", "乡") and len(m.text) >= 2 and m.text[-1] not in "镇乡县区市省":
                end = m.end + 1
            elif text.startswith("街道", m.end) and len(m.text) >= 2 and m.text[-1] not in "镇乡县区市省街":
                end = m.end + 2  # 南西 + 街道
            elif level in ("区", "县", "市") and m.text[-1] not in "镇乡县区市省" and gaz.lookup(m.text + level):
                end = m.end + 1
            if end is not None:
                m = Mention(m.doc_id, m.sentence, m.start, end, text[m.start : end], "ADMIN", m.source + "+level", m.confidence)
        out.append(shifted.get(id(m), m))
    return out


_ONE_CHAR_CONTEXT = "(?:投资|发展|兴业|创业|考察|调研|开展|工作|落户|办厂|设厂|期间|参观|访问|观光|旅游)"


def one_character_places(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``来凤投资`` on a 凤阳县 page, ``在漯发展`` on a page of a county in 漯河市: a one-character short
    form of the page's own county or city, where a visit or an investment goes, is a place mention."""
    from .places import _short, national, page_place

    own = page_place(doc.text, national()).place
    if own is None:
        return list(mentions)
    initials = {_short(p.name)[0] for p in own.chain() if p.level in {"county", "city"} and not p.zone}
    if not initials:
        return list(mentions)
    text = doc.text
    pattern = re.compile(rf"(?<=[在来赴到驻留])[{''.join(sorted(initials))}](?={_ONE_CHAR_CONTEXT})")
    held = [(m.start, m.end) for m in mentions]
    added = []
    for found in pattern.finditer(text):
        start, end = found.span()
        sentence = _sentence_of(doc, start)
        if sentence is None or any(s < end and start < e for s, e in held):
            continue
        added.append(Mention(doc.doc_id, sentence, start, end, found.group(), "ADMIN", "one-character", 0.7))
    return _sorted(list(mentions) + added) if added else list(mentions)


_SHORT_PLACE_BEFORE = "在到赴来至与和及对是的从往向于驻留回、，。；：“（(《 \n"
_SHORT_PLACE_NOT_AFTER = "镇乡县区市村街路道州省旗盟"


def page_short_places(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``赴袁花开展`` on a page that names 袁花镇, ``在项城`` beside 项城市: a place the page names in full
    is also written without its level; such a bare name, after a particle or a clause mark and before
    no other level, is that place. A name the dictionary reads as an ordinary word (老城) is left."""
    from .nlp.features import jieba_pos_table

    table = jieba_pos_table()
    text = doc.text
    stems: set[str] = set()
    for m in mentions:
        if m.label != "ADMIN":
            continue
        found = re.fullmatch(r"([\u4e00-\u9fa5]{2,4}?)(?:街道|镇|乡|县|市|区)", m.text)
        if found is None or found.group(1)[-1] in _SHORT_PLACE_NOT_AFTER:
            continue
        stem = found.group(1)
        if table.get(stem, "ns")[:2] in {"ns", "nr", "nz", "nt"}:
            stems.add(stem)
    if not stems:
        return list(mentions)
    held = [(m.start, m.end) for m in mentions]
    added = []
    for stem in sorted(stems, key=len, reverse=True):
        for found in re.finditer(re.escape(stem), text):
            start, end = found.span()
            before, after = text[start - 1 : start], text[end : end + 1]
            if (start and before not in _SHORT_PLACE_BEFORE) or after in _SHORT_PLACE_NOT_AFTER or not after:
                continue
            if any(s < end and start < e for s, e in held):
                continue
            sentence = _sentence_of(doc, start)
            if sentence is None:
                continue
            held.append((start, end))
            added.append(Mention(doc.doc_id, sentence, start, end, stem, "ADMIN", "page-short-place", 0.7))
    return _sorted(list(mentions) + added) if added else list(mentions)


_BODY_OF_PLACE = re.compile(
    r"^(?:中共)?(?:[\u4e00-\u9fa5]{2,4}?[省市])?(?P<place>[\u4e00-\u9fa5]{2,6}?(?:高新区|经开区|开发区|新区|区|县))"
    r"(?:党工委|管委会|工委|委|人民政府|政府|人大|政协)")
_ZONE_WORD = re.compile(r"(?:高新区|经开区|开发区|新区)$")


def places_of_bodies(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``洛阳市老城区委`` then ``与老城区的合作``, ``金山高新区党工委`` beside ``调研金山高新区``: a district,
    county or zone the page names inside a body's name is a place where written alone (a zone read as
    its generic word only, 高新区, is named in full)."""
    from .places import national

    gaz = national()
    text = doc.text
    names: set[str] = set()
    for m in mentions:
        found = _BODY_OF_PLACE.match(m.text) if m.label == "GOV" else None
        if found is None:
            continue
        place = found.group("place")
        if _ZONE_WORD.search(place) and len(place) >= 5 or gaz.lookup(place):
            names.add(place)
    if not names:
        return list(mentions)
    out = list(mentions)
    for name in sorted(names, key=len, reverse=True):
        for found in re.finditer(re.escape(name), text):
            start, end = found.span()
            if text[end : end + 1] in ("委", "政", "党", "管", "人", "工") or text[start - 1 : start] in _SHORT_PLACE_NOT_AFTER:
                continue
            inside = [m for m in out if m.start < end and start < m.end]
            if any(not (start <= m.start and m.end <= end and m.label in {"ADMIN", "SITE"}) for m in inside):
                continue  # a mention across it (a body, an enterprise) holds it
            sentence = _sentence_of(doc, start)
            if sentence is None or any(m.start == start and m.end == end for m in inside):
                continue
            out = [m for m in out if m not in inside]
            out.append(Mention(doc.doc_id, sentence, start, end, name, "ADMIN", "body-place", 0.75))
    return _sorted(out)


_LEVEL_BEFORE_BODY = re.compile(r"(?:^|(?<=[^\u4e00-\u9fa5]))(?:街道|镇|乡)$")


def level_before_body(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``,街道党工委书记`` read as ``党工委``: a bare 街道, 镇 or 乡 right before a body, after a clause mark,
    is part of the body's name (``街道党工委``, the page's street's)."""
    text = doc.text
    ends = {m.end for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        if m.label == "GOV" and re.match(r"(?:党工委|党委|工委|纪工委|办事处|人大|政府)", m.text):
            lead = _LEVEL_BEFORE_BODY.search(text, max(0, m.start - 3), m.start)
            if lead is not None and not any(e > lead.start() and e <= m.start for e in ends):
                start = lead.start()
                m = Mention(m.doc_id, m.sentence, start, m.end, text[start : m.end], "GOV", m.source + "+level", m.confidence)
        out.append(m)
    return out


# also after 为 and 当选 in a notice (选举李立为政府乡长，王立当选政府副乡长)
_GOVERNMENT_BEFORE_HEAD = re.compile(r"(?:(?<=[、，,为])|(?<=当选))(?P<gov>(?:人民)?政府)(?=党组(?:副?书记|成员)|(?:常务)?副?(?:旗长|盟长|县长|市长|区长|州长|乡长|镇长|主席|秘书长))")


def bare_government(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``昌吉州党委、政府``: a bare 政府 (人民政府) right after a party committee and ``、`` is the
    government of the committee's place."""
    text = doc.text
    starts = {m.start for m in mentions}
    added: list[Mention] = []
    for m in mentions:
        if m.label == "GOV" and re.search(r"(?:党委|[省市县区州旗]委)$", m.text) and text[m.end : m.end + 1] == "、":
            found = re.match(r"(?:人民)?政府", text[m.end + 1 : m.end + 5])
            if found is not None and m.end + 1 not in starts:
                start = m.end + 1
                added.append(Mention(doc.doc_id, m.sentence, start, start + found.end(), found.group(), "GOV", "bare-government", 0.8))
    for found in _GOVERNMENT_BEFORE_HEAD.finditer(text):
        # 旗委副书记、政府旗长王强 (Inner Mongolia's usage): the government of the chain's place
        start = found.start("gov")
        if start not in starts and not any(m.start < found.end("gov") and start < m.end for m in mentions):
            sentence = _sentence_of(doc, start)
            if sentence is not None:
                added.append(Mention(doc.doc_id, sentence, start, found.end("gov"), found.group("gov"), "GOV", "bare-government", 0.8))
    return _sorted(list(mentions) + added) if added else list(mentions)


# lines of business that end a trade name (华星电子, 恒润药业, 金源食品)
TRADES = (r"科技|实业|控股|药业|制药|电子|电器|电气|食品|能源|新材料|智能|物流|机械|重工|化工|纺织|集团"
           r"|铝业|铜业|钢铁|钢业|煤业|矿业|纸业|乳业|酒业|置业|镁业|钛业|水泥|化纤|光电|光伏|新能源|生物|医疗|汽车|建材|环保|水务|燃气|热电"
           r"|电力|石化|传媒|牧业|农牧|粮油|粮谷|饲料|棉业|服饰|家居|材料|装备|精密|半导体|通信|软件|数码|股份"
           r"|工贸|商贸|菌业|玻璃|无纺布|陶瓷|包装|印务|鞋业|木业|茶业|种业|果业|渔业|锂业|硅业|冶炼|新能|光学|机电|电缆|塑业|塑胶")
_TRADE_ITEM = re.compile(rf"[\u4e00-\u9fa5]{{2,4}}?(?:{TRADES})")
_LIST_ITEM = re.compile(r"[\u4e00-\u9fa5]{2,8}")
# the verb of going before a list's first item (首先到华翔翔能、…): the item starts after it
_LIST_LEAD = re.compile(r".*(?:走访了?|来到了?|深入|察看了?|调研了?|考察了?|走进|前往|参观了?|[^得受达]到)")


def _listed_items(doc: Document) -> Iterator[tuple[Sentence, list[tuple[int, int]]]]:
    """Each run of three or more items joined by 、 in a body sentence, as (start, end) spans: the text
    between the marks, inside one clause (a clause mark or a bracket ends a run)."""
    for sent in doc.sentences:
        if sent.kind != "body" or "、" not in sent.text:
            continue
        pos = sent.start
        for clause in re.split(r"([，。；：！？“”（）()\s])", sent.text):
            items: list[tuple[int, int]] = []
            offset = pos
            for part in clause.split("、"):
                items.append((offset, offset + len(part)))
                offset += len(part) + 1
            pos += len(clause)
            if len(items) >= 3:
                yield sent, items


def _mostly_named(run: list[tuple[int, int]], named_spans: set[tuple[int, int]]) -> bool:
    """Whether at least two items of a list, and at least half of them, are already named (as
    enterprises, as people): the list's kind, which its other items then share."""
    named = sum(1 for it in run if it in named_spans)
    return named >= 2 and 2 * named >= len(run)


def enterprise_list_items(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``到华翔翔能、华慧新能源、艾华集团调研``: in a list joined by 、 whose other items are enterprises
    (at least two, and at least half of the list), an item no pattern named, or that the model read
    only in part or as another kind (华翔翔 as a person), is an enterprise too. Items are the text
    between 、 marks, inside one clause; the list's first item starts after the verb of going before
    it. A place the model read (中国白银城) stays a place: visits go to parks and sites as well."""
    text = doc.text
    by_start: dict[int, list[Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.start, []).append(m)
    companies = {(m.start, m.end) for m in mentions if m.label == "COMPANY"}
    added: list[Mention] = []
    dropped: set[int] = set()
    for sent, items in _listed_items(doc):
        # the first item is the company mention or name ending at its end; the last one the one
        # starting at its start (a verb before the first, a verb after the last are no part)
        first_s, first_e = items[0]
        opening = [m for m in mentions if m.end == first_e and m.start >= first_s and m.label == "COMPANY"]
        lead = _LIST_LEAD.match(text, first_s, first_e)
        items[0] = (opening[0].start, first_e) if opening else (lead.end(), first_e) if lead else (first_e, first_e)
        last_s, last_e = items[-1]
        closing = [m for m in by_start.get(last_s, []) if m.label == "COMPANY" and m.end <= last_e]
        items[-1] = (last_s, closing[0].end) if closing else (last_s, last_s)
        # an item ending with a line of business (九丰食品) counts as named, whatever its stem
        trades = companies | {it for it in items if _TRADE_ITEM.fullmatch(text[it[0] : it[1]])}
        if not (companies & set(items)) or not _mostly_named(items, trades):
            continue
        for start, end in items:
            if (start, end) in companies or not _LIST_ITEM.fullmatch(text[start:end]):
                continue
            inside = [m for m in mentions if m.start < end and start < m.end]
            if any(m.start < start or m.end > end or not m.source.startswith("model") or m.label == "COMPANY"
                   or m.label in {"ADMIN", "SITE"} and m.source == "model" for m in inside):
                continue  # a pattern's name, or a mention across the item's edge: leave the item alone
            dropped |= {id(m) for m in inside}
            added.append(Mention(doc.doc_id, sent.index, start, end, text[start:end], "COMPANY", "list-sibling", 0.7))
    if not added:
        return list(mentions)
    return _sorted([m for m in mentions if id(m) not in dropped] + added)


# an item that ends in a body's or a place's word is no name (县委、县政府 in a list of leaders)
_NOT_A_NAME_END = re.compile(r"[村庄镇乡县区市省州旗盟街道局委办厅院所站队部处组会司厂校园]$")
# the words after the last name of a list (奇军当选为…, 海英出席会议)
_AFTER_LISTED_NAME = re.compile(r"[\u4e00-\u9fa5]{2,6}?(?=当选|出席|参加|陪同|列席|主持|同志|一同|分别|在|为(?:常务委员|委员|常委)|及|等(?:领导|同志|人|参加|出席|陪同))")


def person_list_items(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """``于国强、秦岭峰、张世富、奇军当选为副主席``: in a list joined by 、 whose other items are people's
    names (at least two, and at least half of the list), an item nothing else reads is a name too,
    however rare its surname (奇, 折, 海) or long its name (额尔登图). The list's last item is the name
    before the word that follows it (当选, 出席, 等领导 …). An item read as anything but part of a name,
    or ending in a body's or a place's word, is left alone."""
    text = doc.text
    persons = {(m.start, m.end) for m in mentions if m.label == "PERSON"}
    added: list[Mention] = []
    dropped: set[int] = set()
    for sent, items in _listed_items(doc):
        first_s, first_e = items[0]
        opening = [m.start for m in mentions if m.label == "PERSON" and m.end == first_e and m.start >= first_s]
        items[0] = (opening[0], first_e) if opening else (first_e, first_e)
        last_s, last_e = items[-1]
        closing = [m.end for m in mentions if m.label == "PERSON" and m.start == last_s and m.end <= last_e]
        tail = _AFTER_LISTED_NAME.match(text, last_s, last_e)
        if tail and re.search(r"[一二三四五六七八九十两]+[位名]$", tail.group()):
            tail = None  # 李立群三位同志: a count, not the name's end
        # the model may stop short of a long name's end (巴图孟 of 巴图孟和当选): the words after it tell
        items[-1] = (last_s, max(closing + ([tail.end()] if tail else []), default=last_s))
        # 董明及开发区管委会、区委办、财政: an item holding another kind of mention ends the run of names
        runs: list[list[tuple[int, int]]] = [[]]
        for start, end in items:
            if any(m.label != "PERSON" and m.start < end and start < m.end for m in mentions):
                runs.append([])
            else:
                runs[-1].append((start, end))
        for start, end in (it for run in runs if _mostly_named(run, persons) for it in run):
            name = text[start:end]
            if (start, end) in persons or not re.fullmatch(r"[\u4e00-\u9fa5]{2,6}", name) or _NOT_A_NAME_END.search(name):
                continue
            inside = [m for m in mentions if m.start < end and start < m.end]
            if any(m.start < start or m.end > end or m.label != "PERSON" or not m.source.startswith("model") for m in inside):
                continue
            dropped |= {id(m) for m in inside}
            added.append(Mention(doc.doc_id, sent.index, start, end, name, "PERSON", "list-sibling", 0.7))
    if not added:
        return list(mentions)
    return _sorted([m for m in mentions if id(m) not in dropped] + added)


def apply(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """The rules that run before the title chains and visits read the page (not ``bare_enterprises``)."""
    out = list(mentions)
    for step in (latin_lead, place_before_contracted_title, credit_units, media_names, bank_branches, body_lead_words, province_before_body, enterprise_organs, enterprise_units, legal_names,
                 town_before_enterprise, bracketed_short_names, level_before_body, congress_sessions, place_levels,
                 bare_government, village_before_cooperative, group_subsidiary, person_before_meeting, notice_name_before_place, term_before_body, place_leaders, department_lead, congress_organs, one_character_places, page_short_places, places_of_bodies, enterprise_list_items, person_list_items):
        out = step(doc, out)
    return out
