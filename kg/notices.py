"""Personnel notices: 任命/任/担任/当选/调任/免去 sentences read as dated post observations.

``任命李明为郑州高新区管委会副主任``, ``张红军同志当选为郑州高新区党工委书记``, ``赵毅调任…常务副主任``
and ``免去王强的郑州高新区管委会副主任职务`` name a person and a post the way a title chain does, but
with the name before the post, so the title-chain rules of :mod:`kg.extract` do not read them.
:func:`add_notices` adds one ``membership`` relation per (person, post) of such a sentence, with the
same arguments as a title-chain membership; its evidence rule says which notice it was
(``notice:appoint``, ``notice:elect``, ``notice:transfer``, ``notice:remove``), and
:mod:`kg.changes` turns those into ``kg:PostChange`` resources.

It runs after :meth:`kg.extract.Extractor.run` (one call in :func:`kg.extract.extract`) and only
reads the extractor's mentions, datelines and title splitting.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.records import Extraction, Mention, Ref, Relation

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract import Extractor

NOTICE_RULES = ("notice:appoint", "notice:elect", "notice:transfer", "notice:remove")
_POST_LABELS = {"GOV", "COMPANY", "ORG", "TITLE"}
_GAP = re.compile(r"^(?:、|兼|的|)(?:党组|党委)?$")  # 省政府 + 党组 + 副书记: the body's party unit, read by the chain
# (rule, text between the person and the post, text that must end right before the person or None)
_APPOINTED_BY = re.compile(r"(?:任命|决定|关于|同意|提名|推选|选举|聘任|聘请)$")  # 任命X为…, 关于X同志为…的决定
_AFTER_PERSON: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("notice:appoint", re.compile(r"^(?:同志)?为$"), _APPOINTED_BY),
    ("notice:remove", re.compile(r"^(?:同志)?(?:的)?$"), re.compile(r"免去$")),  # 免去X(的)…职务
    # 接受X同志请求辞去…职务; 乙因任职年龄到限辞去…职务 (the reason between the name and the cue)
    ("notice:remove", re.compile(r"^(?:同志)?(?:因[^，。；、]{1,10}?)?(?:请求|申请|要求)?辞去$"), None),
    ("notice:elect", re.compile(r"^(?:同志)?(?:再次|继续|连续|全票|高票|等额|顺利|正式)?当选(?:为)?$"), None),
    ("notice:transfer", re.compile(r"^(?:同志)?调任$"), None),
    # 甲此前担任X, 乙曾任Y: a post held before, read as the notices' posts are
    ("notice:appoint", re.compile(r"^(?:同志)?(?:此前|之前|曾|曾经|原|现|目前|先后)?(?:任|担任|出任|被任命为|拟任)$"), None),
)
CONFIDENCE = 0.85


def _chain(mentions: list[Mention], start: int, text: str) -> list[Mention]:
    """The body/title mentions that follow ``mentions[start]`` with only list marks between them."""
    chain: list[Mention] = []
    for mention in mentions[start:]:
        if mention.label not in _POST_LABELS:
            break
        if chain and not _GAP.match(text[chain[-1].end : mention.start]):
            break
        chain.append(mention)
    while chain and chain[-1].label != "TITLE":
        chain.pop()
    return chain


def _rule(before: str, between: str, after: str) -> str | None:
    for rule, pattern, opener in _AFTER_PERSON:
        if not pattern.match(between):
            continue
        if opener is not None and not opener.search(before):
            continue
        if rule == "notice:remove" and not re.match(r"的?职务", after):  # 免去X…局长(的)职务
            continue
        return rule
    return None


def notices(extractor: Extractor) -> list[Relation]:
    """The membership relations the notices of one document state."""
    doc = extractor.doc
    text = doc.text
    out: list[Relation] = []
    seen: set[tuple[object, ...]] = set()
    last_date: str | None = None
    for sent in doc.sentences:
        date = extractor.dateline[sent.index] if sent.index < len(extractor.dateline) else None
        last_date = date or last_date
        if sent.kind != "body":
            continue
        mentions = extractor.by_sentence.get(sent.index, [])
        # 选举甲为X政协副主席，乙为秘书长，丙、丁为常务委员: the clauses after an appointment or election go
        # on with it, and a bare post there is of the body the first clause named
        going_on: tuple[str, Ref | None] | None = None
        for i, person in enumerate(mentions):
            if person.label != "PERSON" or i + 1 >= len(mentions):
                continue
            chain = _chain(mentions, i + 1, text)
            if not chain:
                continue
            before = text[max(sent.start, person.start - 4) : person.start]
            between = text[person.end : chain[0].start]
            after = text[chain[-1].end : chain[-1].end + 3]
            rule = _rule(before, between, after)
            continued = None
            if rule is None and going_on is not None and re.fullmatch(r"(?:同志)?为", between):
                opening = _run(mentions, i, text, -1)[-1]  # the first name of this clause's list
                if re.search(r"[，；,;]$", text[max(sent.start, opening.start - 1) : opening.start]):
                    rule, continued = going_on[0], going_on[1]
            if rule is None:
                continue
            # 李强、赵明当选为县委副书记: the names listed before the last share its posts
            listed = _run(mentions, i, text, -1)
            for body, role in extractor._posts(chain, mentions[:i]):
                if body is None and len(chain) == 1:
                    # 李崇禧当选为政协X委员会主席，甲、乙当选为副主席: a bare head is of the last body of its
                    # kind the sentence named before it (主席, 副主席 of a 政协 or 委员会)
                    body = extractor._kin_body(role, mentions[:i]) or continued
                if rule in ("notice:appoint", "notice:elect") and body is not None and continued is None:
                    going_on = (rule, body)
                for member in reversed(listed):
                    args: tuple[tuple[str, Ref | str | None], ...] = (
                        ("member", Ref("PERSON", member.text)), ("organization", body), ("role", role), ("date", last_date),
                    )
                    if ("membership", args, rule) in seen:
                        continue
                    seen.add(("membership", args, rule))
                    out.append(Relation("membership", args, extractor.evidence(sent.index, rule, CONFIDENCE)))
    return out


def _run(mentions: list[Mention], index: int, text: str, step: int) -> list[Mention]:
    """The person at ``index`` and the persons joined to it by 、, walking back (step -1) or on (1)."""
    run = [mentions[index]]
    j = index + step
    while 0 <= j < len(mentions) and mentions[j].label == "PERSON":
        left, right = (mentions[j], run[-1]) if step < 0 else (run[-1], mentions[j])
        if text[left.end : right.start] != "、":
            break
        run.append(mentions[j])
        j += step
    return run


def listed_holders(extractor: Extractor) -> list[Relation]:
    """Posts written after their holders or with them named later: ``甲、乙、丙等区领导`` (each holds
    the rank), ``执行主席由甲、乙担任`` (each holds the title, of the body before it if any)."""
    doc = extractor.doc
    text = doc.text
    out: list[Relation] = []
    for sent in doc.sentences:
        if sent.kind != "body":
            continue
        mentions = extractor.by_sentence.get(sent.index, [])
        for i, m in enumerate(mentions[:-1]):
            nxt = mentions[i + 1]
            holders: list[Mention] = []
            posts: list[tuple[Ref | None, str]] = []
            if m.label == "PERSON" and nxt.label == "TITLE" and nxt.text.endswith("领导") and text[m.end : nxt.start] == "等":
                holders, posts, rule = _run(mentions, i, text, -1), [(None, nxt.text)], "rule:names-before-rank"
            elif m.label == "TITLE" and nxt.label == "PERSON" and text[m.end : nxt.start] == "由":
                holders = _run(mentions, i + 1, text, 1)
                if not text.startswith("担任", holders[-1].end):
                    continue
                posts, rule = list(extractor._posts([m], mentions[:i])), "rule:held-by"
            for body, role in posts:
                for member in sorted(holders, key=lambda h: h.start):
                    args: tuple[tuple[str, Ref | str | None], ...] = (
                        ("member", Ref("PERSON", member.text)), ("organization", body), ("role", role), ("date", None))
                    out.append(Relation("membership", args, extractor.evidence(sent.index, rule, CONFIDENCE)))
    return out


def add_notices(extractor: Extractor, extraction: Extraction) -> Extraction:
    """``extraction`` with the notices' memberships: a post the extractor already read from the same
    sentence keeps one relation, now carrying the notice's rule (so :mod:`kg.changes` knows it was an
    appointment, removal …); a post only the notice states is added after the extractor's relations."""
    found = notices(extractor) + listed_holders(extractor)
    if not found:
        return extraction

    def key(rel: Relation) -> tuple[object, ...]:
        return (rel.evidence.sentence, rel.arg("member"), rel.arg("organization"), rel.arg("role"))

    by_key = {key(rel): rel for rel in found}
    relations: list[Relation] = []
    for rel in extraction.relations:
        notice = by_key.pop(key(rel), None) if rel.kind == "membership" else None
        relations.append(replace(rel, evidence=notice.evidence) if notice is not None else rel)
    relations.extend(rel for rel in found if key(rel) in by_key)
    return replace(extraction, relations=tuple(relations))
