"""Mentions -> canonical entities. The only place where aliases merge.

Every page first gets its place (:func:`page_place_of`, from the page's own evidence: masthead,
dateline, the places and bodies it names; none when it names none: nothing defaults to a city).
Rules, in order (each merge is recorded with the rule that made it, for ``kg build --report``):
1. ``alias-file``: ``kg/patterns/aliases.jsonl`` and the user's ``--aliases`` files map a surface form
   to a canonical; a line with ``within`` (region data: ``patterns/regions/*.jsonl`` ships the seeds'
   own, ``投促中心`` within ``郑州高新区``) holds only on a page whose place is or lies in that place,
   and an ``ADMIN`` line with ``within`` declares a place the national gazetteer lacks.
2. ``page-context``: ``全区``, ``全县``, ``我市`` are the page's own district, county, city.
3. ``gazetteer``: a phrase matched from ``kg/patterns/gazetteer.jsonl`` takes that line's canonical.
4. ``place-gazetteer``: a place name takes its division's name (``新乡`` -> ``新乡市``; ``高新区`` on a
   郑州 page -> ``郑州高新区``), from the nationwide divisions of :mod:`kg.places`.
5. ``place-scope``: a body written without its place resolves within the page's place (``区委`` ->
   ``中共祥符区委`` on a 祥符区 page, ``市政府`` -> ``新乡市政府``, ``党工委`` -> ``新乡经开区党工委``);
   a body named with its place is completed (``新乡市委`` -> ``中共新乡市委``) and never cut. A local
   form on a page with no place stays as written and is listed as unresolved in the report.
6. ``title-government`` / ``place-government``: a post whose body is a place (``郑州市`` + ``副市长``)
   or is missing or the party committee for a government title (``副县长``) goes to that place's
   government; any other post on a place keeps person and title and leaves the body out (reported).
7. ``company-core``: a short enterprise name (``核净公司``, ``中远氨纶``) whose core is part of exactly one
   full name seen in the corpus (``河南核净洁净技术有限公司``) merges into it; ``page-enterprise``: a bare
   ``集团``/``集团公司`` is the group its page names most often.
8. ``same-name``: persons merge by name across pages (the seeds name each official consistently).
Traditional pages are read in Simplified (:mod:`kg.script`): the Simplified name is the canonical key,
so both scripts resolve to one resource; a name only written in Traditional keeps those characters
as its label (:attr:`Entity.label_text`).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, KgError, ModelError
from .places import GENERIC_ZONE_SHORTS, MASTHEAD, Gazetteer, PagePlace, Place, body_stem, page_place, towns_of, with_region
from .records import ENTITY_LABELS, Document, Entity, Extraction, Mention, PageFacts, Ref, Relation

KIND_OF_LABEL = {
    "PERSON": "person",
    "GOV": "organization",
    "COMPANY": "organization",
    "ORG": "organization",
    "ADMIN": "place",
    "SITE": "place",
    "PROGRAM": "program",
    "PROJECT": "project",
    "MEETING": "event",
}
COMPANY_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|公司)$")


@dataclass(frozen=True, slots=True)
class Merge:
    """One explained merge: which surface form became which canonical name, by which rule."""

    doc_id: str
    surface: str
    canonical: str
    label: str
    rule: str


@dataclass
class Resolution:
    entities: dict[str, Entity]
    refs: dict[tuple[str, str, str], str]  # (doc_id, label, surface) -> entity key
    merges: list[Merge] = field(default_factory=list)
    districts: dict[str, str] = field(default_factory=dict)  # doc_id -> the page's district
    event_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc_id, label) -> canonical
    places: dict[str, PagePlace] = field(default_factory=dict)  # doc_id -> the page's place and its evidence
    unresolved: list[Merge] = field(default_factory=list)  # local forms left as written, bodies left out
    post_bodies: dict[Relation, str | None] = field(default_factory=dict)  # membership -> body key, where not its ref's

    def key(self, doc_id: str, ref: Ref | None) -> str | None:
        if ref is None:
            return None
        return self.refs.get((doc_id, ref.label, ref.text))

    def body_key(self, doc_id: str, rel: Relation) -> str | None:
        """The entity key of a post's body: its organisation's, unless that is a place (see
        :meth:`Resolver._post_bodies`)."""
        if rel in self.post_bodies:
            return self.post_bodies[rel]
        body = rel.arg("organization")
        return self.key(doc_id, body) if isinstance(body, Ref) else None

    def report(self) -> str:
        """``report.md``: each page's place, every merge with its rule, what stayed unresolved.

        Every cell is escaped (:func:`markdown_cell`): page names come from file names and
        surfaces from the pages, so neither may break a column or carry markup."""

        def row(*cells: str) -> str:
            return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"

        lines = ["# Resolution report", "", "## Page places", "", "| page | place | evidence |", "|---|---|---|"]
        for doc_id, name in sorted(self.districts.items()):
            pp = self.places.get(doc_id)
            evidence = ", ".join(pp.evidence) if pp is not None else ""
            lines.append(row(doc_id, name or "(unresolved: the page names no place)", evidence))
        lines += ["", "## Merges", "", "| page | surface | canonical | label | rule |", "|---|---|---|---|---|"]
        for merge in sorted(set(self.merges), key=lambda m: (m.doc_id, m.label, m.surface)):
            lines.append(row(merge.doc_id, merge.surface, merge.canonical, merge.label, merge.rule))
        lines += ["", "## Unresolved", "", "| page | surface | title | label | why |", "|---|---|---|---|---|"]
        for merge in sorted(set(self.unresolved), key=lambda m: (m.doc_id, m.label, m.surface, m.canonical)):
            title = merge.canonical if merge.canonical != merge.surface else ""
            lines.append(row(merge.doc_id, merge.surface, title, merge.label, merge.rule))
        return "\n".join(lines) + "\n"


_MARKDOWN_ESCAPES = str.maketrans({
    "\\": "\\\\", "|": "\\|", "`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]",
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "\r": " ", "\t": " ",
})


def markdown_cell(text: str) -> str:
    """Text as one Markdown table cell, read literally: no column break (``|``), no HTML, no
    link, code or emphasis markup, one line."""
    return str(text).translate(_MARKDOWN_ESCAPES)


def entity_key(label: str, name: str) -> str:
    group = KIND_OF_LABEL.get(label, label.lower())
    return f"{group}:{name}"


def _load_json(name: str) -> Any:
    path = resources.files("kg") / "patterns" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot load ({exc})") from None


@functools.cache
def _resolve_config() -> dict[str, Any]:
    """``patterns/resolve.json``, read once per process (package data; callers only read it)."""
    data: dict[str, Any] = _load_json("resolve.json")
    return data


def load_gazetteer_canonicals() -> dict[str, tuple[str, str]]:
    """pattern id -> (canonical name, label), from the gazetteer lines."""
    out: dict[str, tuple[str, str]] = {}
    path = resources.files("kg") / "patterns" / "gazetteer.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            out.setdefault(data["id"], (data.get("canonical") or data["pattern"], data["label"]))
    return out


def page_place_of(doc: Document | None, mentions: Iterable[Mention], gaz: Gazetteer | None = None) -> PagePlace:
    """The place a page is about, from its own evidence (see :func:`kg.places.page_place`); the
    enterprises and institutions it names are left out (上海电气集团 says nothing of the page), but
    not its newspaper (洛阳日报记者 X: a masthead is evidence)."""
    mentions = list(mentions)
    if doc is None:
        text = "，".join(m.text for m in mentions if m.label in {"ADMIN", "GOV", "MEETING"})
        return page_place(text, gaz or region_gazetteer())
    gaz = gaz or region_gazetteer()
    exclude = [(m.start, m.end) for m in mentions
               if m.label in {"COMPANY", "ORG", "PERSON"} and not (m.label == "ORG" and (_only_places(m.text, gaz) or m.source == "media" or MASTHEAD.fullmatch(m.text)))]
    head = next((s.end for s in doc.sentences if s.kind == "heading"), 0)
    return page_place(doc.text, gaz, head=head, exclude=exclude)


def _only_places(text: str, gaz: Gazetteer) -> bool:
    """江苏省盐城市大丰区 read as an organisation (it 召开会议): a name made only of places is the
    page's evidence of its place, whatever its label."""
    covered, last = 0, (-1, -1)
    for start, end, _, full in gaz.scan(text):
        if (start, end) == last:
            continue  # another place of the same name
        if start != covered or not full:
            return False
        covered, last = end, (start, end)
    return covered == len(text) and covered > 0


def _chain(place: Place) -> tuple[str, ...]:
    return tuple(p.name for p in place.chain())


def page_facts(doc: Document, mentions: Sequence[Mention], places: RegionPlaces | None = None) -> PageFacts:
    """Everything resolution and the graph read from a page's text, so the text can be dropped
    once the page is extracted: its place (read with the gazetteer of the region ``places``, by
    default the shipped ones: :func:`region_places`), the zone word written after each ADMIN
    mention, the Traditional form of its mentions, its title."""
    if places is None:
        places = region_places()
    pp = page_place_of(doc, mentions, gazetteer_of(places))
    zones = []
    for m in mentions:
        word = _ZONE_WORD.match(doc.text, m.end) if m.label == "ADMIN" else None
        if word is not None:
            zones.append(m.text + word.group())
    written: list[tuple[str, str, str]] = []
    if doc.script == "traditional":
        for m in mentions:
            original = doc.original(m.start, m.end)
            if original != m.text:
                written.append((m.label, m.text, original))
    return PageFacts(
        regions=regions_digest(places),
        place=_chain(pp.place) if pp.place is not None else None,
        evidence=pp.evidence,
        named=tuple(_chain(p) for p in pp.named),
        zones=tuple(zones),
        written=tuple(written),
        title=doc.title(),
    )


def page_district(mentions: Iterable[Mention], doc: Document | None = None) -> str:
    """The canonical name of the place a page is about, or ``""`` when the page does not say."""
    return page_place_of(doc, mentions).name


def district_names(district: str, config: dict[str, Any] | None = None) -> frozenset[str]:
    """The names a page may use for its place (郑州高新区: 高新区, 郑州高新区)."""
    if not district:
        return frozenset()
    gaz = region_gazetteer()
    names = {district, *gaz.surfaces_naming(district)}
    names |= {short for (city, short), zone in gaz.zone_shorts.items() if zone.name == district}
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class ScopedAlias:
    canonical: str
    within: str | None = None  # applies only on a page whose place is, or lies in, this place


def load_region_lines(extra: Sequence[Path] = ()) -> list[tuple[str, str, ScopedAlias]]:
    """(label, alias, scoped canonical) of the shipped alias file, the shipped region examples
    (``patterns/regions/*.jsonl``) and any user files."""
    base = resources.files("kg") / "patterns"
    files: list[Any] = [base / "aliases.jsonl"]
    regions = base / "regions"
    if regions.is_dir():
        files += sorted((f for f in regions.iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name)
    files += list(extra)
    out: list[tuple[str, str, ScopedAlias]] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read alias file ({exc})") from None
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                within = data.get("within")
                if within is not None and not isinstance(within, str):
                    raise TypeError
                out.append((str(data["label"]), str(data["alias"]), ScopedAlias(str(data["canonical"]), within)))
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
                raise InputError(
                    f"{path}:{number}: alias lines need label, alias and canonical (and 'within' a place name, if any)"
                ) from None
    return out


def load_aliases(extra: Sequence[Path] = ()) -> dict[tuple[str, str], str]:
    """(label, alias) -> canonical for the lines that hold on every page (no ``within``)."""
    return {(label, alias): scoped.canonical for label, alias, scoped in load_region_lines(extra) if scoped.within is None}


RegionPlaces = tuple[tuple[str, str, str], ...]


def region_places(extra: Sequence[Path] = ()) -> RegionPlaces:
    """The region places of the alias files (shipped and ``extra``): (surface, canonical, within)
    of every ``ADMIN`` line scoped to a place. Data, so that it can be sent to a worker that does
    not have the files."""
    return tuple(
        (alias, scoped.canonical, scoped.within)
        for label, alias, scoped in load_region_lines(extra)
        if label == "ADMIN" and scoped.within
    )


def regions_digest(places: RegionPlaces) -> str:
    """A short digest of a set of region places (what a page's place was read with)."""
    return hashlib.sha256(json.dumps(places, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@functools.cache
def gazetteer_of(places: RegionPlaces) -> Gazetteer:
    """The national gazetteer plus these region places (cached per set of places)."""
    return with_region(places)


@functools.cache
def _region_gazetteer(extra: tuple[Path, ...] = ()) -> Gazetteer:
    return gazetteer_of(region_places(extra))


def region_gazetteer(extra: Sequence[Path] = ()) -> Gazetteer:
    """The national gazetteer plus the region places of the alias files (cached per set of files)."""
    return _region_gazetteer(tuple(extra))


_TERM = re.compile(r"(?<=[省市县区州旗])第?[一二三四五六七八九十]{1,3}届(?=人大|政协|人民代表大会|党代会)")
# a CPPCC committee named with its term: 政协四川省第十一届委员会, 政协第十二届全国委员会, 某县政协第九届委员会,
# 中国人民政治协商会议某市第八届委员会 = 四川省政协, 全国政协, 某县政协, 某市政协
_CPPCC_TERM = re.compile(r"^(?:中国人民政治协商会议|政协)(?P<a>[\u4e00-\u9fa5]{2,12}?)?第[一二三四五六七八九十]{1,3}届(?P<b>全国)?委员会(?P<d>常务委员会)?$"
                         r"|^(?P<c>[\u4e00-\u9fa5]{2,12}?)政协第[一二三四五六七八九十]{1,3}届委员会(?P<e>常务委员会)?$")


def _cppcc_name(name: str) -> str:
    found = _CPPCC_TERM.match(name)
    if found is None:
        return name
    place = found.group("a") or found.group("b") or found.group("c")
    standing = "常委会" if found.group("d") or found.group("e") else ""  # 政协X第十届委员会常务委员会: X政协常委会
    return place + "政协" + standing if place else name


def _congress_name(name: str) -> str:
    """县十七届人大常委会 = 某县人大常委会 (the term is no part of the body); 人民代表大会 is named 人大;
    政协四川省第十一届委员会 = 四川省政协."""
    if name.endswith("主席团"):
        return name  # 某省第十二届人民代表大会第四次会议主席团: a session's presidium keeps its term and session
    name = _cppcc_name(_TERM.sub("", name))
    return name.replace("人民代表大会常务委员会", "人大常委会").replace("人民代表大会", "人大")


# a government department written with no place (财政局, 发改委, 政府办): the page's place's
_BARE_DEPARTMENT = re.compile(r"[\u4e00-\u9fa5]{1,6}?(?:局|委|办|办公室)")
# a party's, a village's or an enterprise's committee, a place's own, a branch of a higher bureau: not so
_NOT_A_DEPARTMENT = re.compile(r"政法委|纪委|编委|党|管委|常委|村委|居委|团委|工委|分局|[省市县区镇乡州旗盟村街]|集团|公司|中央|国务院|国家")
LOCAL_PREFIX = ("区", "县", "市", "省", "州", "旗", "盟")
# a place's own mass organisation or centre written with its level only (县总工会, 市妇联, 区融媒体中心):
# the page's place's, as a 县委 is
_LOCAL_ORG = re.compile(r"[区县市省镇乡]?(?:总工会|妇联|团委|工商联|科协|残联|文联|侨联|红十字会|[\u4e00-\u9fa5]{0,8}中心)")
CONTEXT_PLACES = {"全区": "区", "区内": "区", "我区": "区", "全县": "县", "县内": "县", "我县": "县", "全市": "市", "市内": "市", "我市": "市", "全省": "省", "我省": "省"}


ENTERPRISE_WORDS = re.compile(r"集团|公司|股份|银行|大学|学院|医院|研究院")
# bodies every county, city and province has, written without the place: the page's own
PLACE_BODIES = ("人大常委会", "人民政府", "政协", "纪委监委")
TEMPORARY_GROUP = re.compile(r"^第.{1,3}(?:巡回)?(?:指导|巡视|督导|巡察)组|^(?:巡回)?(?:指导|巡视|督导|巡察)组")


# a place's court and procuratorate written in full (县人民法院, 区人民检察院): one body with the short form
_PEOPLES_COURT = re.compile(r"(?<=[省市县区州旗])人民(法院|检察院)")


def party_committee(place: str, rest: str = "") -> str:
    """中共X委 for a place: 中共新乡市委, 中共祥符区委, 中共叶县县委 (a one-character county keeps 县);
    its organs too (中共新乡市委组织部), but not a group it sends (郑州市委第一巡回指导组)."""
    place = body_stem(place)  # 中共楚雄州委, not 中共楚雄彝族自治州委
    # 中共叶县县委 (a one-character county keeps 县); 中共滨海新区区委 (a 新区 is named with its 区委)
    core = place + ("县委" if len(place) == 2 and place.endswith("县") else "区委" if place.endswith("新区") else "委")
    if TEMPORARY_GROUP.match(rest):
        return core + rest
    return "中共" + core + rest


def local_place(pp: PagePlace, kind: str) -> Place | None:
    """The page's own 区, 县, 市 or 省 (the place that 区委, 县委, 市委, 省委 on this page belong to)."""
    place = pp.place
    if place is None:
        return None
    if kind == "省":
        return place.at("province")
    if kind == "州":  # 州委 on an 恩施 page: the autonomous prefecture's
        city = place.at("city")
        return city if city is not None and city.name.endswith("自治州") else None
    if kind == "盟":  # 盟委, 盟行政公署 on an 额济纳旗 page: 阿拉善盟's
        city = place.at("city")
        return city if city is not None and city.name.endswith("盟") else None
    if kind == "市":
        county = place.at("county")
        if county is not None and county.name.endswith("市"):
            return county  # 长垣市 page: 市委 is 中共长垣市委
        return place.at("city")
    county = place.at("county")
    if county is not None and _county_kind(county, kind):
        return county
    # a city page that names one county of that kind (东海县委书记 … 县长): that county
    city = place.at("city")
    others = [p for p in pp.named if _county_kind(p, kind) and (city is None or city in p.chain())]
    if county is None and len(others) == 1:
        return others[0]
    return None


def _special_region(pp: PagePlace) -> Place | None:
    """The special administrative region (澳门特别行政区, 香港特别行政区) the page's place lies in, if any."""
    region = local_place(pp, "省")
    return region if region is not None and region.name.endswith("特别行政区") else None


def _county_kind(county: Place, kind: str) -> bool:
    if kind == "区":
        return county.zone or county.name.endswith("区")
    return kind == "县" and county.name.endswith(("县", "旗")) or kind == "旗" and county.name.endswith("旗")


class Resolver:
    def __init__(self, aliases: dict[tuple[str, str], str] | None = None, alias_files: Sequence[Path] = ()) -> None:
        self.config = _resolve_config()
        self.gazetteer = load_gazetteer_canonicals()
        lines = load_region_lines(alias_files)
        self.aliases = aliases if aliases is not None else {(l, a): s.canonical for l, a, s in lines if s.within is None}
        self.scoped: dict[tuple[str, str], list[ScopedAlias]] = {}
        for label, alias, scoped in lines:
            if scoped.within is not None:
                self.scoped.setdefault((label, alias), []).append(scoped)
        self.regions = region_places(alias_files)
        self.regions_key = regions_digest(self.regions)
        self.places = gazetteer_of(self.regions)
        self.merges: list[Merge] = []
        self.unresolved: list[Merge] = []
        self.local: set[tuple[str, str, str]] = set()  # (page, label, surface) left as written: page-local
        self.dropped: list[Merge] = []
        self.page_places: dict[str, PagePlace] = {}
        self.page_towns: dict[str, tuple[str, ...]] = {}  # doc -> the towns of its county it names

    # -- one surface form --------------------------------------------------------------------------
    def canonical(self, doc_id: str, mention: Mention | Ref, pp: PagePlace | str) -> str:
        if isinstance(pp, str):  # a caller that knows only the place's name
            found = self.places.lookup(pp)
            pp = PagePlace(found[0] if found else None)
        label, text = mention.label, mention.text
        if label in {"GOV", "ORG"}:
            text = democratic_party_name(text)
        pid = getattr(mention, "pattern_id", None)
        if (label, text) in self.aliases:
            return self._merge(doc_id, text, self.aliases[(label, text)], label, "alias-file")
        names = pp.place.names() if pp.place is not None else frozenset()
        for scoped in self.scoped.get((label, text), []):
            if scoped.within in names:
                return self._merge(doc_id, text, scoped.canonical, label, "region-file")
        if label in {"GOV", "MEETING"} and names:
            for size in range(len(text) - 1, 1, -1):  # 开放创新工作领导小组办公室: the group's office
                for scoped in self.scoped.get(("GOV", text[:size]), []):
                    if scoped.within in names:
                        return self._merge(doc_id, text, scoped.canonical + text[size:], label, "region-file")
        if label == "ADMIN" and text in CONTEXT_PLACES:
            # 全区 on a 郑东新区 page is 郑东新区: a reference, resolved by the page, never an alias
            target = local_place(pp, CONTEXT_PLACES[text])
            if target is None:
                return self._unresolved(doc_id, text, label)
            self.merges.append(Merge(doc_id, text, target.name, label, "page-context"))
            return target.name
        if label == "ADMIN" and text in GENERIC_ZONE_SHORTS:
            # 高新区 is the zone of the page's city (郑州高新区 on a 郑州 page), whatever a pattern says
            zone = self._place_named(text, pp)
            if zone is None:
                return self._unresolved(doc_id, text, label)
            return self._merge(doc_id, text, zone.name, label, "place-gazetteer")
        if pid and pid in self.gazetteer and self.gazetteer[pid][1] == label:
            name = self.gazetteer[pid][0]
            if label == "GOV":
                name = self._scope_body(doc_id, name, pp)
            return self._merge(doc_id, text, name, label, "gazetteer")
        if label == "ADMIN":
            place = self._place_named(text, pp)
            if place is None and text[:1] in "县区市" and len(text) > 3 and _ZONE_NAME.search(text):
                # 县工业园区 on a 子长县 page: 子长县工业园区 (a zone named with its level only)
                return self._merge(doc_id, text, self._scope_body(doc_id, text, pp), label, "place-scope")
            return self._merge(doc_id, text, place.name, label, "place-gazetteer") if place is not None else text
        if label in {"GOV", "MEETING"} or (label == "ORG" and (text.startswith(PLACE_BODIES) or _LOCAL_ORG.fullmatch(text))):
            full = self._scope_body(doc_id, text, pp)
            return self._merge(doc_id, text, _congress_name(full) if label in {"GOV", "ORG"} else full, label, "place-scope")
        if label == "ORG" and _congress_name(text) != text:
            return self._merge(doc_id, text, self._scope_body(doc_id, _congress_name(text), pp), "GOV", "place-scope")
        return text

    def _place_named(self, text: str, pp: PagePlace) -> Place | None:
        """The place ``text`` names: 新乡 -> 新乡市; 高新区 on a 郑州 page -> 郑州高新区; a name two
        places share (鼓楼区) -> the one in the page's city or province."""
        city = pp.at("city")
        if city is not None and (city.name, text) in self.places.zone_shorts:
            return self.places.zone_shorts[(city.name, text)]
        found = self.places.lookup(text)
        if len(found) > 1 and pp.place is not None:
            mine = [p for p in found if set(p.names()) & set(pp.place.names()) - {p.name}]
            found = mine or found
        return found[0] if len(found) == 1 or (found and pp.place is not None and found[0].names() & pp.place.names()) else None

    def _leading_place(self, text: str, pp: PagePlace) -> tuple[Place, int] | None:
        """A place name that opens a body's name (新乡市委, 高新区党工委, 郑州经开区管委会)."""
        city = pp.at("city")
        for size in range(min(len(text) - 1, self.places.longest), 1, -1):
            head = text[:size]
            full = any(f for _, f in self.places.surfaces.get(head, [])) or (
                city is not None and (city.name, head) in self.places.zone_shorts
            )
            if not full:
                continue  # a short form opening a name (中原科技城) is no place of a body
            place = self._place_named(head, pp)
            if place is not None:
                return place, size
        return None

    def _scope_body(self, doc_id: str, text: str, pp: PagePlace) -> str:
        """A body's full name in the page's place: 区委 -> 中共祥符区委 on a 祥符区 page, 市政府 ->
        新乡市政府 on a 新乡 page, 党工委 -> 新乡经开区党工委 on a 新乡经开区 page, 新乡市委 ->
        中共新乡市委; a body already named in full stays as written. A local form on a page with no
        place stays as written and is reported unresolved."""
        if text.startswith("中共"):
            return text
        text = _cppcc_name(text)  # 政协四川省第十一届委员会: 四川省政协, never the page's 政协 of a place
        text = democratic_party_name(text)
        text = _GOVERNMENT_SHORT.sub(r"\1政府", text)  # 市府消防局 = 市政府消防局 (Taiwan, Hong Kong usage)
        # 南皮县人民政府 = 南皮县政府 (the form 县政府 resolves to): one government, one resource, whichever
        # way a sentence names it (the written form stays a label)
        text = text.replace("人民政府", "政府")
        text = _PEOPLES_COURT.sub(r"\1", text)  # 渝中区人民法院 = 渝中区法院 (区法院院长), as 人民政府 is 政府
        for size in (2, 3):
            # 陕西榆林市委, 新疆昌吉州党委: a province's short name before a place of that province
            provinces = [p for p, _ in self.places.surfaces.get(text[:size], []) if p.level == "province"]
            inner = self._leading_place(text[size:], PagePlace(provinces[0])) if len(provinces) == 1 else None
            if inner is not None and provinces[0] in inner[0].chain() and inner[0] is not provinces[0]:
                return self._scope_body(doc_id, text[size:], PagePlace(inner[0]))
        lead = self._leading_place(text, pp)
        if lead is not None and ENTERPRISE_WORDS.search(text[lead[1] :]):
            return text  # 上海电气集团党委: an enterprise's body, named as written
        if lead is not None:
            place, size = lead
            rest = text[size:]
            inner = self._leading_place(rest, PagePlace(place))
            if inner is not None and place in inner[0].chain():  # 开封市祥符区区委: the district's
                return self._scope_body(doc_id, rest, PagePlace(inner[0]))
            if rest.startswith("委") and not rest.startswith("委员"):
                return party_committee(place.name, rest[1:])
            if place.name.endswith(rest[:1]) and rest[1:2] == "委":  # 叶县县委, 祥符区区委
                return party_committee(place.name, rest[2:])
            if rest.startswith("党委") and place.name.endswith("自治州"):  # 昌吉州党委: 中共昌吉州委
                return party_committee(place.name, rest[2:])
            return body_stem(place.name) + rest
        for form, kind in CONTEXT_PLACES.items():
            if text.startswith(form) and len(text) > len(form):  # 全区安委会
                target = local_place(pp, kind)
                if target is None:
                    self._unresolved(doc_id, text, "GOV")
                    return text
                return body_stem(target.name) + text[len(form) :]
        if text.startswith(("特区政府", "特别行政区政府")):  # 特区政府 (行政长官's) on a 澳门 page: 澳门特别行政区政府
            region = _special_region(pp)
            if region is None:
                self._unresolved(doc_id, text, "GOV")
                return text
            return region.name + text[text.index("政府") :]
        if text.startswith("自治区") and len(text) > 3:  # 自治区政协 on a 广西 page: the region's
            region = local_place(pp, "省")
            if region is None:
                self._unresolved(doc_id, text, "GOV")
                return text
            return region.name + text[3:]
        for town in self.page_towns.get(doc_id, ()):
            stem = town[: -2 if town.endswith("街道") else -1]
            if len(stem) >= 2 and text.startswith(stem) and _TOWN_BODY_REST.fullmatch(text[len(stem) :]):
                return town + text[len(stem) :]  # 乌塘党委 on a page naming 乌塘镇: 乌塘镇党委
        level = "街道" if text.startswith("街道") else text[:1]
        if level in ("镇", "乡", "街道") and len(text) > len(level):
            # 镇党委, 镇政府, 街道办事处 on a page that names one town or street of its county: that one's
            towns = [t for t in self.page_towns.get(doc_id, ()) if t.endswith(level)]
            if len(towns) != 1:
                self._unresolved(doc_id, text, "GOV")
                return text
            return towns[0] + text[len(level) :]
        if text.startswith(LOCAL_PREFIX) and len(text) > 1:
            target = local_place(pp, text[0])
            if target is None:
                self._unresolved(doc_id, text, "GOV")
                return text
            rest = text[1:]
            if rest.startswith("委") and not rest.startswith("委员"):
                return party_committee(target.name, rest[1:])
            if rest.startswith("党委") and target.name.endswith("自治州"):  # 州党委: the prefecture's 州委
                return party_committee(target.name, rest[2:])
            if _ZONE_STEM_START.match(rest) and target.level == "city":
                return _short_name(target.name) + rest  # 市经济技术开发区 on a 滨州 page: 滨州经济技术开发区
            return body_stem(target.name) + rest
        if text.startswith(PLACE_BODIES) and pp.place is not None and not pp.place.zone:
            return body_stem(pp.place.name) + text  # 人大常委会 on a 宿州 page: 宿州市人大常委会
        if text.startswith(tuple(self.config["local_bodies"])):
            if pp.place is None:
                self._unresolved(doc_id, text, "GOV")
                return text
            return body_stem(pp.place.name) + text  # 疫情防控指挥部 on a 郑东新区 page: 郑东新区疫情防控指挥部
        if text.startswith(tuple(self.config["zone_bodies"])):
            zone = pp.at("county")
            if zone is None or not (zone.zone or zone.name.endswith("区")):
                self._unresolved(doc_id, text, "GOV")
                return text
            return zone.name + text
        department = text[:-2] if text.endswith("局党组") else text  # 商务局党组: the department's party group
        if (_BARE_DEPARTMENT.fullmatch(department) and not _NOT_A_DEPARTMENT.search(department) and pp.place is not None
                and not any(True for _ in self.places.scan(text))):
            region = _special_region(pp)
            if region is not None:
                return region.name + "政府" + text  # 新闻局 on a 澳门 page: 澳门特别行政区政府新闻局, its full name
            return body_stem(pp.place.name) + text  # 财政局 on a 宜阳县 page: 宜阳县财政局, as 县财政局 is
        if text.startswith(("政府", "人民政府")) and len(text) > 2 and pp.place is not None and not pp.place.zone:
            return body_stem(pp.place.name) + text  # 政府党组 (旗委常委、政府党组副书记): the page's place's
        return text

    def _unresolved(self, doc_id: str, text: str, label: str) -> str:
        self.unresolved.append(Merge(doc_id, text, text, label, "unresolved: not named in the page's place (or the page names none)"))
        self.local.add((doc_id, label, text))
        return text

    def _key(self, doc_id: str, label: str, surface: str, name: str) -> str:
        """The entity key of a resolved name. A local form left as written (县委 on a page that names
        no place) is that page's own body: two unknown counties' 县委 are not one resource."""
        key = entity_key(label, name)
        return f"{key}@{doc_id}" if (doc_id, label, name) in self.local else key

    def _merge(self, doc_id: str, surface: str, canonical: str, label: str, rule: str) -> str:
        if surface != canonical:
            self.merges.append(Merge(doc_id, surface, canonical, label, rule))
        return canonical

    # -- all documents -----------------------------------------------------------------------------
    def facts(self, ex: Extraction) -> PageFacts:
        """What the page's text says for resolution: read in the per-document stage (``ex.page``),
        or here from the text when that was read with other region places or not at all."""
        if ex.page is not None and ex.page.regions == self.regions_key:
            return ex.page
        doc = ex.document
        if not doc.text:
            raise KgError(f"{doc.path or doc.doc_id}: the page's text was dropped before its place was read")
        return page_facts(doc, ex.mentions, self.regions)

    def _page_place(self, doc_id: str, facts: PageFacts) -> PagePlace:
        """The facts' place names mapped back onto this resolver's gazetteer (the very places)."""

        def place(chain: tuple[str, ...]) -> Place:
            found = self.places.by_chain(chain)
            if found is None:
                raise KgError(f"{doc_id}: place {'/'.join(reversed(chain))} is not in the gazetteer it was read with")
            return found

        return PagePlace(place(facts.place) if facts.place is not None else None, facts.evidence,
                         tuple(place(c) for c in facts.named))

    def resolve(self, extractions: Sequence[Extraction]) -> Resolution:
        refs: dict[tuple[str, str, str], str] = {}
        districts: dict[str, str] = {}
        surface_to_name: dict[tuple[str, str, str], str] = {}
        written: dict[tuple[str, str, str], str] = {}  # (doc, label, surface) -> as written (Traditional)
        zone_words: dict[str, tuple[str, ...]] = {}  # doc -> ADMIN mention + the zone word after it
        for ex in extractions:
            doc = ex.document
            facts = self.facts(ex)
            pp = self._page_place(doc.doc_id, facts)
            self.page_places[doc.doc_id] = pp
            county = pp.at("county")
            own_towns = set(towns_of(county))
            # a page that names no county: the towns and streets it names in full are its own (乌塘镇党委书记甲
            #及镇长乙: 乌塘镇政府), as their full names are read
            self.page_towns[doc.doc_id] = tuple(sorted({m.text for m in ex.mentions if m.label == "ADMIN" and (
                m.text in own_towns if county is not None else _TOWN_NAME.fullmatch(m.text) is not None)}))
            districts[doc.doc_id] = pp.name
            zone_words[doc.doc_id] = facts.zones
            for label, text, original in facts.written:
                written.setdefault((doc.doc_id, label, text), original)
            for ref in _all_refs(ex):
                if ref.label not in ENTITY_LABELS or (doc.doc_id, ref.label, ref.text) in surface_to_name:
                    continue
                surface_to_name[(doc.doc_id, ref.label, ref.text)] = self.canonical(doc.doc_id, ref, pp)
        self._full_zone_names(surface_to_name, zone_words)
        for ex in extractions:
            # 来凤投资: a one-character short form is the page's own county or city of that initial
            pp = self.page_places[ex.document.doc_id]
            for m in ex.mentions:
                if m.source == "one-character" and pp.place is not None:
                    place = next((p for p in pp.place.chain() if p.level in {"county", "city"} and p.name.startswith(m.text)), None)
                    if place is not None:
                        surface_to_name[(ex.document.doc_id, m.label, m.text)] = place.name
                        self.merges.append(Merge(ex.document.doc_id, m.text, place.name, m.label, "page-initial"))
        event_names = {
            (ex.document.doc_id, event.label): self.canonical(
                ex.document.doc_id, Ref("MEETING", event.label), self.page_places[ex.document.doc_id]
            )
            for ex in extractions
            for event in ex.events
            if event.kind == "meeting"
        }
        post_bodies = self._post_bodies(extractions, surface_to_name)
        # an enterprise written by its kind alone (集团) is the page's own: never merged by its core into
        # an enterprise another page names
        company_map = self._company_cores({n for (d, l, s), n in surface_to_name.items() if l == "COMPANY" and n not in BARE_ENTERPRISE})
        page_cores = page_company_cores(surface_to_name)
        page_firms = page_enterprises(extractions, surface_to_name)
        for unit, unit_name in enterprise_committees(surface_to_name, page_cores, company_map).items():
            page_firms.setdefault(unit, unit_name)
        for (doc_id, label, surface), resolved in sorted(surface_to_name.items()):
            if (resolved == surface and (doc_id, surface) not in page_firms and surface not in company_map and (doc_id, surface) not in page_cores
                    and (label == "COMPANY" and surface in BARE_ENTERPRISE
                         or label == "GOV" and (_BARE_ENTERPRISE_UNIT.fullmatch(surface) or surface in _BARE_GOVERNMENT))):
                # 集团, 集团党委, 党委 on a page that names no group or body for it: that page's own, as written;
                # 集团公司 beside it is the same group (one page-local node, under the kind's bare word)
                kind = BARE_ENTERPRISE.get(surface, surface) if label == "COMPANY" else surface
                if (doc_id, label, kind) not in surface_to_name:
                    kind = surface
                self._unresolved(doc_id, kind, label)
                if kind != surface:
                    surface_to_name[(doc_id, label, surface)] = self._merge(doc_id, surface, kind, label, "page-enterprise")
        entities: dict[str, dict[str, Any]] = {}
        mention_counts: Counter[str] = Counter()
        for ex in extractions:
            for m in ex.mentions:
                name = surface_to_name.get((ex.document.doc_id, m.label, m.text))
                if name is not None and m.label in {"COMPANY", "GOV"}:
                    name = page_firms.get((ex.document.doc_id, m.text), name)
                if name is not None:
                    name = company_map.get(name, name) if m.label == "COMPANY" else name
                    mention_counts[self._key(ex.document.doc_id, m.label, m.text, name)] += 1
        for (doc_id, label, surface), name in sorted(surface_to_name.items()):
            if label in {"COMPANY", "GOV"} and (doc_id, surface) in page_firms:
                self.merges.append(Merge(doc_id, surface, page_firms[(doc_id, surface)], label, "page-enterprise"))
                name = page_firms[(doc_id, surface)]
            if label == "COMPANY" and name not in company_map and (doc_id, name) in page_cores:
                self.merges.append(Merge(doc_id, surface, page_cores[(doc_id, name)], label, "page-core"))
                name = page_cores[(doc_id, name)]
            if label == "COMPANY" and name in company_map:
                self.merges.append(Merge(doc_id, surface, company_map[name], label, "company-core"))
                name = company_map[name]
            key = self._key(doc_id, label, surface, name)
            refs[(doc_id, label, surface)] = key
            slot = entities.setdefault(
                key, {"label": label, "name": name, "aliases": set(), "docs": set(), "written": set(), "plain": False}
            )
            if surface != name and surface not in CONTEXT_PLACES:
                slot["aliases"].add(surface)
            as_written = written.get((doc_id, label, surface))
            if as_written:
                slot["aliases"].add(as_written)
                if surface == name:
                    slot["written"].add(as_written)
            elif surface == name:
                slot["plain"] = True  # written in Simplified on some page
            slot["docs"].add(doc_id)
        for (doc_id, label, name) in post_bodies.values():
            if label:  # a place's government, made from a 副市长 of 郑州市
                key = entity_key(label, name)
                slot = entities.setdefault(
                    key, {"label": label, "name": name, "aliases": set(), "docs": set(), "written": set(), "plain": True}
                )
                slot["docs"].add(doc_id)
        built = {
            key: Entity(
                key=key,
                label=slot["label"],
                name=slot["name"],
                aliases=tuple(sorted(a for a in slot["aliases"] if a != _label_of(slot))),
                doc_ids=tuple(sorted(slot["docs"])),
                mentions=mention_counts.get(key, 0),
                label_text=_label_of(slot),
            )
            for key, slot in sorted(entities.items())
        }
        bodies = {rel: (entity_key(label, name) if label else None) for rel, (_, label, name) in post_bodies.items()}
        return Resolution(
            built, refs, list(self.merges), districts, event_names, self.page_places, list(self.unresolved + self.dropped), bodies
        )

    def _full_zone_names(self, names: dict[tuple[str, str, str], str], zone_words: dict[str, tuple[str, ...]]) -> None:
        """宜宾临港经开区 named on the page, then 临港经开区党工委: the short form of a zone the
        gazetteer lacks is the page's zone named in full (bodies and places), when one full name
        ends with it; a place written right before a zone word (济源 + 示范区) names such a zone too,
        and a body opening with the zone word alone (示范区党工委) is that zone's. A 高新区 or 经开区 body
        still as written after all that is the page's city's (or county's) zone's (:func:`_own_zone`)."""
        zones: dict[str, set[str]] = {}
        for (doc_id, label, _), name in names.items():
            if label == "ADMIN" and _ZONE_NAME.search(name) and not _ZONE_WORD.fullmatch(name):
                zones.setdefault(doc_id, set()).add(name)  # (开发区 alone names no zone: it is the one looked for)
        for doc_id, words in zone_words.items():
            for word in words:
                if not self.places.lookup(word):
                    zones.setdefault(doc_id, set()).add(word)
        for key, name in list(names.items()):
            doc_id, label, surface = key
            bare = _ZONE_WORD.match(name) if label == "GOV" and name == surface else None
            if label == "ADMIN" and name == surface and _ZONE_WORD.fullmatch(name):
                bare = _ZONE_WORD.match(name)  # 开发区 alone on a page that names one zone: that zone
            only = zones.get(doc_id, set())
            if bare is not None and len(only) == 1 and next(iter(only)).endswith(bare.group()):
                self._settle(names, key, next(iter(only)) + name[bare.end() :], "page-zone")
        for key, name in list(names.items()):
            doc_id, label, surface = key
            if label == "GOV" and name == surface and surface in self.config["zone_bodies"] and (doc_id, label, surface) in self.local:
                # 管委会 on a page whose zone the gazetteer lacks but the page names in full: that zone's
                only = zones.get(doc_id, set())
                if len(only) == 1:
                    self._settle(names, key, next(iter(only)) + surface, "page-zone")
                continue
            lead = _ZONE_LEAD.match(name) if label in {"ADMIN", "GOV"} else None
            if lead is None or lead.group(1) in zones.get(doc_id, ()) or self.places.lookup(lead.group(1)):
                continue  # a zone the gazetteer or a region file knows is resolved by them
            full = [z for z in zones.get(doc_id, ()) if z.endswith(lead.group(1)) and len(z) > len(lead.group(1))]
            if len(full) == 1:
                names[key] = full[0] + lead.group(2)
                self.merges.append(Merge(doc_id, surface, names[key], label, "page-zone"))
        for key, name in list(names.items()):
            # 高新区管委会 still as written (no zone of that kind the page or the gazetteer names): the
            # page's city's or county's zone of that kind
            zone_body = _own_zone(name, self.page_places[key[0]]) if key[1] == "GOV" and name == key[2] else None
            if zone_body is not None:
                self._settle(names, key, zone_body, "page-own-zone")

    def _settle(self, names: dict[tuple[str, str, str], str], key: tuple[str, str, str], name: str, rule: str) -> None:
        """A name kept as written (and so page-local, reported unresolved) resolved after all: ``name``."""
        doc_id, label, surface = key
        names[key] = name
        self.local.discard(key)
        self.unresolved = [u for u in self.unresolved if (u.doc_id, u.label, u.surface) != key]
        self.merges.append(Merge(doc_id, surface, name, label, rule))

    def _post_bodies(
        self, extractions: Sequence[Extraction], names: dict[tuple[str, str, str], str]
    ) -> dict[Relation, tuple[str, str, str]]:
        """Posts whose organisation is a place, not a body (``集镇``, ``郑州市``): a government title
        of that place (``副市长`` of ``郑州市``) goes to the place's government (``郑州市政府``); any
        other title keeps the person and the title and leaves the body out. Value: (doc, label, name),
        label ``""`` when the body is left out."""
        out: dict[Relation, tuple[str, str, str]] = {}
        for ex in extractions:
            doc_id = ex.document.doc_id
            pp = self.page_places.get(doc_id, PagePlace(None))
            for rel in ex.relations:
                if rel.kind != "membership":
                    continue
                body = rel.arg("organization")
                role = str(rel.arg("role") or "")
                head = GOVERNMENT_TITLE.match(role)
                if head and (body is None or (isinstance(body, Ref) and body.label == "GOV")):
                    # 副县长 with no body, or chained after 县委 (县委常委、副县长): the county's government
                    current = names.get((doc_id, "GOV", body.text), body.text) if isinstance(body, Ref) else None
                    place = local_place(pp, head.group(1))
                    if place is not None and (current is None or current == party_committee(place.name)):
                        government = body_stem(place.name) + "政府"
                        self.merges.append(Merge(doc_id, current or role, government, "GOV", "title-government"))
                        out[rel] = (doc_id, "GOV", government)
                    elif place is None and current is None:
                        member = rel.arg("member")
                        who = member.text if isinstance(member, Ref) else ""
                        self.unresolved.append(Merge(doc_id, who, role, "GOV", "unresolved: the page names no place whose government this is"))
                    continue
                if isinstance(body, Ref) and body.label == "GOV" and _zone_body(names.get((doc_id, "GOV", body.text), body.text), role):
                    zone_body = _zone_body(names.get((doc_id, "GOV", body.text), body.text), role) or ""
                    self.merges.append(Merge(doc_id, body.text, zone_body, "GOV", "zone-body"))
                    out[rel] = (doc_id, "GOV", zone_body)
                    continue
                if isinstance(body, Ref) and body.label == "GOV" and _CONGRESS_CHAIR.fullmatch(role):
                    named = names.get((doc_id, body.label, body.text), body.text)
                    if named.endswith("人大"):  # 区人大主任: the chair of the congress's standing committee
                        self.merges.append(Merge(doc_id, body.text, named + "常委会", "GOV", "congress-chair"))
                        out[rel] = (doc_id, "GOV", named + "常委会")
                        continue
                if not isinstance(body, Ref) or body.label in BODY_LABELS:
                    continue
                named = names.get((doc_id, body.label, body.text), body.text)
                found = _zone_body(named, role) if body.label == "ADMIN" else None
                if found is not None:
                    zone_body = found
                    # 濮阳高新技术产业开发区主任: the zone's 管委会 (书记: its 党工委)
                    self.merges.append(Merge(doc_id, body.text, zone_body, "GOV", "zone-body"))
                    out[rel] = (doc_id, "GOV", zone_body)
                elif head and named.endswith(head.group(1)):
                    government = body_stem(named) + "政府"
                    self.merges.append(Merge(doc_id, body.text, government, "GOV", "place-government"))
                    out[rel] = (doc_id, "GOV", government)
                else:
                    why = "a place" if body.label in {"ADMIN", "SITE"} else f"a {body.label}"
                    self.dropped.append(Merge(doc_id, body.text, role, body.label, f"post body left out: {why}, not a body"))
                    out[rel] = (doc_id, "", "")
        return out

    def _company_cores(self, names: set[str]) -> dict[str, str]:
        """Short enterprise name -> the one full name that holds its core (see rule 4).

        Linear in the number of names (each core is looked up in an index of the full names'
        character bigrams, and the prefix test is a range of the sorted names), not quadratic:
        100k names take seconds, not hours. Same answers as comparing every pair.
        """
        full = sorted(n for n in names if _FULL_COMPANY.search(n))
        full_set = set(full)
        hosts_of = _SubstringIndex(full)
        ordered = sorted(names)
        out: dict[str, str] = {}
        for name in ordered:
            if name in full_set:
                continue
            core = COMPANY_SUFFIX.sub("", name)
            if len(core) < 2:
                continue
            hosts = hosts_of.find(core, limit=2)
            if len(hosts) == 1:
                out[name] = hosts[0]
            elif not hosts and name == core:
                longer = _with_prefix(ordered, core, exclude=name, limit=2)
                if len(longer) == 1:
                    out[name] = longer[0]  # 中远氨纶 = 中远氨纶公司
        return out


BODY_LABELS = frozenset({"GOV", "COMPANY", "ORG"})  # what a post's organisation may be
# a government title and the kind of place whose government it is: 副市长 of 郑州市 -> 郑州市政府
GOVERNMENT_TITLE = re.compile(r"^(?:常务)?(?:副|代理?)?(省|市|县|区|州|旗)长(?:助理)?$")


_ZONE_STEM_START = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区)")


def _own_zone(text: str, pp: PagePlace) -> str | None:
    """高新区管委会 on a 渭南 page whose zone the gazetteer lacks: the body of the page's city's (or
    county's) zone of that kind, named as its news names it (渭南高新区管委会, 玉山高新区党工委). A
    district's page names its city's zone. None where the page has no city or county, or is a zone."""
    short = next((s for s in ("高新区", "经开区") if text.startswith(s) and len(text) > len(s)), None)
    place = pp.place
    if short is None or place is None or place.zone or place.level not in ("city", "county"):
        return None
    if place.level == "county" and place.name.endswith("区"):
        place = pp.at("city")
    if place is None:
        return None
    if place.level == "county":  # 玉山县 -> 玉山高新区 (叶县 keeps its level: 叶县高新区)
        return (place.name[:-1] if len(place.name) >= 3 and place.name[-1] in "县市" else place.name) + text
    return _short_name(place.name) + text


def _short_name(place: str) -> str:
    from .places import _short

    return _short(place)


_DEMOCRATIC_PARTY = re.compile(r"^(民盟|民建|民进|民革|农工党|致公党|九三学社|台盟)([\u4e00-\u9fa5]{1,8}?[省市县区])委(?![会员])")


def democratic_party_name(name: str) -> str:
    """民盟铁岭市委 = 民盟铁岭市委会: a democratic party's committee, named as the party names it."""
    return _DEMOCRATIC_PARTY.sub(r"\1\2委会", name)
_TOWN_BODY_REST = re.compile(r"党委|党工委|政府|人大|纪委")  # 人民政府 is 政府 by then
_TOWN_NAME = re.compile(r"[\u4e00-\u9fa5]{2,6}(?:镇|乡|街道)")
_GOVERNMENT_SHORT = re.compile(r"^((?:[\u4e00-\u9fa5]{0,4}?)[市县])府(?![院])")
_CONGRESS_CHAIR = re.compile(r"(?:常务)?副?主任")
_ZONE_WORD = re.compile(r"(?:产城融合)?(?:示范区|开发区|高新区|经开区|实验区|新区)")
_ZONE_LEAD = re.compile(r"^(.{2,12}?(?:开发区|经开区|高新区|示范区|实验区|集聚区|新区))(.*)$")
_ZONE_NAME = re.compile(r"(?:开发区|示范区|实验区|集聚区|产业园区?|园区|新区|高新区|经开区)$")


def _zone_body(zone: str, role: str) -> str | None:
    """The body a post named after a zone is held in: 主任 of 濮阳高新技术产业开发区 -> its 管委会,
    书记 -> its 党工委; None where ``zone`` is no zone or the title no zone post."""
    if not _ZONE_NAME.search(zone):
        return None
    if _CONGRESS_CHAIR.fullmatch(role):
        return zone + "管委会"
    if re.fullmatch(r"(?:常务)?副?书记|(?:党工委)?委员", role):
        return zone + "党工委"
    return None


def _label_of(slot: dict[str, Any]) -> str:
    """rdfs:label: the name as the pages write it; a name only ever written in Traditional keeps
    its Traditional characters (the Simplified canonical becomes an altLabel)."""
    if slot["written"] and not slot["plain"]:
        return str(sorted(slot["written"])[0])
    return str(slot["name"])


_CORE_SUFFIX = re.compile(r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")


def page_company_cores(surface_to_name: dict[tuple[str, str, str], str]) -> dict[tuple[str, str], str]:
    """``page-core``: on one page, an enterprise named by the core of a full name the page also
    writes (海川重工 beside 海川重工集团), or by that name without the place before it (方大集团 beside
    辽宁方大集团), is that enterprise; a short name two full names share stays apart."""
    full: dict[tuple[str, str], set[str]] = {}
    names = {(doc_id, name) for (doc_id, label, _), name in surface_to_name.items() if label == "COMPANY"}
    for doc_id, name in names:
        core = _CORE_SUFFIX.sub("", name)
        if core != name and len(core) >= 2:
            full.setdefault((doc_id, core), set()).add(name)
    out = {key: next(iter(hosts)) for key, hosts in full.items() if len(hosts) == 1 and key in names}
    by_page: dict[str, set[str]] = {}
    for doc_id, name in names:
        by_page.setdefault(doc_id, set()).add(name)
    for doc_id, page_names in by_page.items():
        for name in page_names:
            # 方大集团 beside 辽宁方大集团: the full name with a place (or other short word) before it
            if (doc_id, name) in out or not _CORE_SUFFIX.search(name) or len(_CORE_SUFFIX.sub("", name)) < 2:
                continue
            hosts = {h for h in page_names if h != name and h.endswith(name) and len(h) - len(name) <= 4}
            if len(hosts) == 1:
                out[(doc_id, name)] = next(iter(hosts))
    return out


_ENTERPRISE_COMMITTEES = ("党委", "党组", "党总支", "党支部", "纪委", "工会")


def enterprise_committees(
    surface_to_name: dict[tuple[str, str, str], str], page_cores: dict[tuple[str, str], str], company_map: dict[str, str]
) -> dict[tuple[str, str], str]:
    """A committee of an enterprise written by its short name (方大集团党委 beside 辽宁方大集团, 海河集团党委
    beside 海河集团有限公司) is the committee of the enterprise that short name resolves to on its page."""
    out: dict[tuple[str, str], str] = {}
    for (doc_id, label, surface), name in surface_to_name.items():
        suffix = next((s for s in _ENTERPRISE_COMMITTEES if name.endswith(s) and len(name) > len(s) + 1), None)
        if label != "GOV" or suffix is None:
            continue
        head = name[: -len(suffix)]
        company = surface_to_name.get((doc_id, "COMPANY", head))
        if company is None:
            continue
        final = company_map.get(company) or page_cores.get((doc_id, company), company)
        if final != head:
            out[(doc_id, surface)] = final + suffix
    return out


# an enterprise written by its kind alone (到访集团, 集团公司领导): the page's own enterprise of that kind
BARE_ENTERPRISE = {"集团": "集团", "集团公司": "集团", "总公司": "公司", "公司": "公司"}
# a unit written bare (党委, 集团党委, 办公室) names a different body on every page that leaves it bare
# 政府 alone (政府乡长, 党委、政府) that no place resolved: the page's own government, never another page's
_BARE_GOVERNMENT = frozenset({"政府", "人民政府"})
_BARE_ENTERPRISE_UNIT = re.compile(r"(?:集团|集团公司|总公司|公司)?(?:党委|党组|纪委|党总支|党支部)|办公室|党政办公室|党政办|工会")


def page_enterprises(extractions: Sequence[Extraction], surface_to_name: dict[tuple[str, str, str], str]) -> dict[tuple[str, str], str]:
    """``page-enterprise``: on one page, a bare ``集团``/``集团公司`` (``公司``) is the group (company) the
    page names most often, on a tie the one it names last; a page that names none keeps the word."""
    out: dict[tuple[str, str], str] = {}
    for ex in extractions:
        doc_id = ex.document.doc_id
        bare = {m.text for m in ex.mentions if m.label == "COMPANY" and m.text in BARE_ENTERPRISE}
        units = {m.text for m in ex.mentions if m.label == "GOV" and m.source == "enterprise-party"}
        for m in ex.mentions:
            if m.label == "GOV" and m.source == "institution-party":
                # 某某学院 + 党委 + 书记: the unit of the institution written right before it
                host = next((o for o in ex.mentions if o.label == "ORG" and o.end == m.start), None)
                if host is not None:
                    out[(doc_id, m.text)] = surface_to_name.get((doc_id, "ORG", host.text), host.text) + m.text
        if not bare and not units:
            continue
        counts: Counter[str] = Counter()
        last: dict[str, int] = {}
        for m in ex.mentions:
            name = surface_to_name.get((doc_id, m.label, m.text))
            if m.label != "COMPANY" or m.text in BARE_ENTERPRISE or name is None:
                continue
            counts[name] += 1
            last[name] = m.start
        for word in bare:
            kind = BARE_ENTERPRISE[word]
            named = [n for n in counts if (kind in n if kind == "集团" else n.endswith("公司"))]
            if named:
                out[(doc_id, word)] = max(named, key=lambda n: (counts[n], last[n]))
        for unit in units:
            # 党委 heading an enterprise's chain, 集团党组: the unit of the page's enterprise (of that kind)
            word = unit[: -2]
            kind = BARE_ENTERPRISE.get(word, "")
            named = [n for n in counts if not kind or (kind in n if kind == "集团" else n.endswith("公司"))]
            if named:
                out[(doc_id, unit)] = max(named, key=lambda n: (counts[n], last[n])) + unit[-2:]
    return out


_FULL_COMPANY = re.compile(r"有限公司|有限责任公司|研究院$")


class _SubstringIndex:
    """Which of many strings contain a given string, through an index of their character bigrams:
    a query scans only the strings that hold its rarest bigram."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.postings: dict[str, list[int]] = {}
        for number, text in enumerate(texts):
            for gram in {text[i : i + 2] for i in range(len(text) - 1)}:
                self.postings.setdefault(gram, []).append(number)

    def find(self, query: str, limit: int) -> list[str]:
        """Up to ``limit`` texts holding ``query`` (len >= 2), in the texts' order."""
        grams = {query[i : i + 2] for i in range(len(query) - 1)}
        lists = [self.postings.get(gram, []) for gram in grams]
        found: list[str] = []
        for number in min(lists, key=len):
            if query in self.texts[number]:
                found.append(self.texts[number])
                if len(found) >= limit:
                    break
        return found


def _with_prefix(ordered: Sequence[str], prefix: str, *, exclude: str, limit: int) -> list[str]:
    """Up to ``limit`` names of the sorted ``ordered`` that start with ``prefix`` and end like a
    company (公司...), other than ``exclude``."""
    found: list[str] = []
    for number in range(bisect.bisect_left(ordered, prefix), len(ordered)):
        name = ordered[number]
        if not name.startswith(prefix):
            break
        if name != exclude and COMPANY_SUFFIX.search(name):
            found.append(name)
            if len(found) >= limit:
                break
    return found


def _all_refs(ex: Extraction) -> Iterable[Ref]:
    for mention in ex.mentions:
        yield _MentionRef(mention)
    for event in ex.events:
        for ref in (event.location, event.organizer):
            if ref is not None:
                yield ref
    for relation in ex.relations:
        for _, value in relation.args:
            if isinstance(value, Ref):
                yield value


class _MentionRef(Ref):
    """A Ref that remembers the gazetteer id of the mention it came from."""

    __slots__ = ("pattern_id",)

    def __init__(self, mention: Mention) -> None:
        super().__init__(mention.label, mention.text)
        object.__setattr__(self, "pattern_id", mention.pattern_id)


def resolve(extractions: Sequence[Extraction], alias_files: Sequence[Path] = ()) -> Resolution:
    """The resolve stage: every entity mention and relation argument gets a canonical entity key."""
    return Resolver(alias_files=alias_files).resolve(extractions)
