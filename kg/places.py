"""Places: the nationwide gazetteer of administrative divisions, and the place a page is about.

The divisions (34 provinces, ~350 cities, ~3,200 counties and districts, among them ~100 national and
provincial development zones with their short forms ``高新区``/``经开区``) come from the data file that
the maintained PyPI package ``jionlp`` ships (``jionlp/dictionary/china_location.zip``, Apache-2.0,
updated with the 民政部 changes). It is read directly, without importing ``jionlp`` itself (whose
import loads much more), once per process and only when a build first needs a place.

Region data a user writes (``--aliases`` files, and the shipped example ``patterns/regions/``) adds
places the national list lacks (``郑东新区`` within ``郑州市``): an ``ADMIN`` alias line with a
``within`` field declares its canonical as a place inside that parent.

:func:`page_place` infers the place a page is about from the page's own evidence only: its masthead
and dateline (``新乡日报``, ``叶县融媒体中心``), the places and the bodies it names in full, weighted
so that the most specific area the page names most wins. A page that names none has no place.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .records import Document, Mention

LEVELS = ("province", "city", "county")
# zone short forms that name a zone only together with its city (郑州 + 高新区)
GENERIC_ZONE_SHORTS = frozenset({"高新区", "经开区", "开发区", "新区", "综保区", "产业园", "示范区", "新城"})
ZONE_WORDS = re.compile(r"开发区|示范区|实验区|产业园|新城$|新区$|管委会$|行政委员会$|合作区$")
MASTHEAD = re.compile(r"(.{2,8}?)(?:日报|晚报|时报|新闻网|融媒体中心|融媒|电视台|广播电视台|发布|新闻中心|人民政府网|党政门户网|政府门户网|门户网站|门户网|公众号|客户端)")


@dataclass(frozen=True, slots=True, eq=False)
class Place:
    name: str  # canonical name: 新乡市, 祥符区, 郑州高新区
    level: str  # "province" | "city" | "county" (development zones are county level)
    parent: Place | None = None
    zone: bool = False  # a development zone (its bodies are 党工委, 管委会)
    code: str = ""

    def chain(self) -> tuple[Place, ...]:
        """This place and its ancestors, the most specific first."""
        out: list[Place] = []
        node: Place | None = self
        while node is not None:
            out.append(node)
            node = node.parent
        return tuple(out)

    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.chain())

    def at(self, level: str) -> Place | None:
        found = next((p for p in self.chain() if p.level == level), None)
        if found is None and level == "city":  # 重庆市 is a province-level city
            found = next((p for p in self.chain() if p.level == "province" and p.name.endswith("市")), None)
        return found


@dataclass
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    surfaces: dict[str, list[tuple[Place, bool]]] = field(default_factory=lambda: defaultdict(list))  # surface -> (place, full?)
    zone_shorts: dict[tuple[str, str], Place] = field(default_factory=dict)  # (city, 高新区) -> zone
    longest: int = 0
    stems: dict[str, str] = field(default_factory=dict)  # 楚雄彝族自治州 -> 楚雄州: the name its bodies are named with
    _common: frozenset[str] | None = None
    _ids: set[int] = field(default_factory=set)
    _prefixes: dict[str, int] = field(default_factory=dict)
    _indexed: int = -1
    _scans: dict[str, list[tuple[int, int, Place, bool]]] = field(default_factory=dict)  # text -> scan, last few
    _surfaces_of: dict[str, set[str]] | None = None  # place name -> the surfaces that name it
    _indexed_names: int = -1
    _chains: dict[tuple[str, ...], Place] = field(default_factory=dict)
    _chained: int = -1

    def by_chain(self, names: Sequence[str]) -> Place | None:
        """The place whose chain of names (most specific first, :meth:`Place.chain`) is ``names``."""
        if self._chained != len(self.places):  # (re)built when places were added
            self._chains = {}
            for place in self.places:
                self._chains.setdefault(tuple(p.name for p in place.chain()), place)
            self._chained = len(self.places)
        return self._chains.get(tuple(names))

    def common_words(self) -> frozenset[str]:
        """The names that are also frequent ordinary words (城区, 新建), computed once."""
        if self._common is None:
            self._common = frozenset(_common_words(set(self.surfaces)))
        return self._common

    def add(self, place: Place, *surfaces: str, full: bool = True) -> None:
        self._scans.clear()
        self._surfaces_of = None
        if id(place) not in self._ids:
            self._ids.add(id(place))
            self.places.append(place)
        for surface in surfaces:
            if len(surface) >= 2 and all(p is not place for p, _ in self.surfaces[surface]):
                self.surfaces[surface].append((place, full))
                self.longest = max(self.longest, len(surface))

    def unique_shorts(self) -> None:
        """A county's short form counts only when no other place has it (朝阳, 城关 do not)."""
        self._scans.clear()
        self._surfaces_of = None
        rank = {level: i for i, level in enumerate(LEVELS)}
        for surface, hits in list(self.surfaces.items()):
            if len(hits) > 1 and not any(full for _, full in hits):
                top = min(rank[p.level] for p, _ in hits)
                highest = [(p, full) for p, full in hits if rank[p.level] == top]
                if len(highest) == 1:
                    self.surfaces[surface] = highest  # 新乡 is 新乡市 before 新乡县
                else:
                    del self.surfaces[surface]
            elif len(hits) > 1:
                self.surfaces[surface] = [(p, full) for p, full in hits if full]

    def surfaces_naming(self, name: str) -> set[str]:
        """Every surface one of whose places is called ``name`` (an index built once, not a pass
        over all the surfaces for each page)."""
        if self._surfaces_of is None or self._indexed_names != len(self.surfaces):
            index: dict[str, set[str]] = defaultdict(set)
            for surface, hits in self.surfaces.items():
                for place, _ in hits:
                    index[place.name].add(surface)
            self._surfaces_of, self._indexed_names = dict(index), len(self.surfaces)
        return self._surfaces_of.get(name, set())

    def lookup(self, surface: str) -> list[Place]:
        return [p for p, _ in self.surfaces.get(surface, [])]

    def scan(self, text: str) -> list[tuple[int, int, Place, bool]]:
        """Every place name in ``text``, longest match first, left to right: (start, end, place, full).

        A page is scanned five times as it is read (its place, places the model missed, the
        institutions' places), so the last few texts' scans are kept (a character-by-character
        loop: 1.4 ms per 1,000 characters)."""
        found = self._scans.get(text)
        if found is None or self._indexed != len(self.surfaces):
            found = list(self._scan(text))
            if len(self._scans) >= 16:
                del self._scans[next(iter(self._scans))]
            self._scans[text] = found
        return found

    def _scan(self, text: str) -> Iterator[tuple[int, int, Place, bool]]:
        if self._indexed != len(self.surfaces):  # (re)built when surfaces were added
            self._prefixes = {}
            for surface in self.surfaces:
                self._prefixes[surface[:2]] = max(len(surface), self._prefixes.get(surface[:2], 0))
            self._indexed = len(self.surfaces)
        prefixes = self._prefixes
        i = 0
        while i < len(text):
            longest = prefixes.get(text[i : i + 2], 0)  # the longest name opening with these two
            for size in range(min(longest, len(text) - i), 1, -1):
                hits = self.surfaces.get(text[i : i + size])
                if hits:
                    for place, full in hits:
                        yield i, i + size, place, full
                    i += size
                    break
            else:
                i += 1

    def hits(self, text: str, exclude: Iterable[tuple[int, int]] = ()) -> Iterable[tuple[int, int, Place, bool]]:
        """:meth:`scan` less the names inside ``exclude`` spans (an enterprise's 上海电气集团 says
        where the enterprise is from, not where the page is) and a two-character county written as
        part of a title (代理县长 is no 理县)."""
        spans = list(exclude)
        for start, end, place, full in self.scan(text):
            if any(s <= start and end <= e for s, e in spans):
                continue
            if end - start == 2 and place.level == "county" and text[end : end + 1] in {"长", "委"}:
                continue
            if (end - start == 2 and place.level == "county" and text[start] in _CONJUNCTIONS and start > 0
                    and ("\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in "省市州盟在到赴于至从往抵"
                         or text[start - 1] in "》」”）)")):
                continue  # 园区和县现代农业, 《…请示》和县妇联《…》: the conjunction 和 before 县, no 和县
            yield start, end, place, full


_CONJUNCTIONS = frozenset("和与及")


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "dictionary" / "china_location.zip"
    return path if path.is_file() else None


def _zone_name(full: str, short: str, city: Place | None) -> str:
    if city is not None and short in GENERIC_ZONE_SHORTS:
        return _short(city.name) + short
    return full


def body_stem(name: str) -> str:
    """The place name a body's name is made of: 楚雄州 for 楚雄彝族自治州 (中共楚雄州委, 楚雄州政府, as
    the prefecture's own news names them); any other place as it is."""
    return national().stems.get(name, name)


def _short(name: str) -> str:
    for suffix in ("特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "地区", "省", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@functools.cache
def national() -> Gazetteer:
    """The national gazetteer, read once per process (about 0.2 s)."""
    gaz = Gazetteer()
    path = _data_file()
    if path is None:
        return gaz
    with zipfile.ZipFile(path) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    stack: list[Place | None] = [None, None, None]
    county_shorts: list[tuple[Place, str]] = []
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        parts = line.strip().split("\t")
        name, code = parts[0], parts[1] if len(parts) > 1 else ""
        short = parts[2] if len(parts) > 2 else ""
        parent = stack[depth - 1] if depth else None
        if depth == 1 and parent is not None and name == parent.name:
            stack[1] = parent  # 北京市 is a province and its own city
            continue
        if name.startswith("市直辖") or not code:
            continue
        zone = depth == 2 and bool(ZONE_WORDS.search(name))
        city = parent if depth == 2 else None
        canonical = _zone_name(name, short, city) if zone else name
        place = Place(canonical, LEVELS[depth], parent, zone, code)
        stack[depth] = place
        gaz.add(place, canonical, name)
        if zone and city is not None:
            gaz.add(place, city.name + short, _short(city.name) + short)
            gaz.zone_shorts[(city.name, short)] = place
            if short not in GENERIC_ZONE_SHORTS and len(short) >= 3:
                gaz.add(place, short, full=False)
        elif short and short != name and len(short) >= 2 and not name.endswith(("海域", "群岛")):
            # (中沙 of 中沙群岛的岛礁及其海域 is as often 中国-沙特 as the islands: the islands' names only in full)
            if depth < 2:
                gaz.add(place, short, full=False)  # 新乡 = 新乡市, 河南 = 河南省
                if name.endswith("自治州"):
                    # 楚雄州 = 楚雄彝族自治州: the name its own news writes (巴州/巴音郭楞: both)
                    forms = [s if s.endswith("州") else s + "州" for s in short.split("/") if s]
                    gaz.add(place, *(f for f in forms if len(f) >= 3))
                    gaz.add(place, *(f for f in forms if len(f) < 3), full=False)
                    gaz.stems[name] = max(forms, key=len)
            else:
                county_shorts.append((place, short))
    common = _common_words({short for _, short in county_shorts})
    counties = [p.name for p in gaz.places if p.level == "county"]
    for place, short in county_shorts:
        if short not in common and not _names_many(short, place, counties):
            gaz.add(place, short, full=False)  # 余干 = 余干县, but 合作 is no 合作市
    _former_counties(gaz, path.parent / "china_location_change.txt")
    gaz.unique_shorts()
    return gaz


def _names_many(short: str, place: Place, counties: Sequence[str]) -> bool:
    """Is ``short`` a banner's contraction of one character and 旗 (阿旗 of 阿荣旗) that names as well
    every other banner so written (阿鲁科尔沁旗, 阿巴嘎旗)? Then it names none: the page that writes
    only 阿旗 stays unscoped rather than guessed. (Banners' Mongolian names share first syllables;
    a county's such contraction, 塔县 of 塔什库尔干, is in use for one county and stays.)"""
    if len(short) != 2 or short[-1] != "旗" or place.name.startswith(short):
        return False
    return sum(1 for name in counties if name[0] == short[0] and name.endswith(short[-1])) > 1


def _same(place: Place, other: Place | None) -> bool:
    """One county, under its name now or before a change (子长市 and 子长县 share their code)."""
    return other is not None and (place is other or bool(place.code) and place.code == other.code and place.level == other.level)


def _former_counties(gaz: Gazetteer, path: Path) -> None:
    """Counties under the names they had before a change (子长县, now 子长市; 平泉县, now 平泉市), from the
    change list the same package keeps: a page written before the change names them so. Each is a
    place of its own, named as it was, in the city it is in now, with the new place's code (its towns)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 10 or "=>" not in parts[7]:
            continue
        old, city_name, new = parts[6], parts[8], parts[9]
        if gaz.surfaces.get(old) or old == new:
            continue  # a name still in use (伊春区) stays the place it names now
        current = [p for p in gaz.lookup(new) if p.parent is not None and p.parent.name == city_name]
        if len(current) == 1:
            gaz.add(Place(old, "county", current[0].parent, False, current[0].code), old)


@functools.cache
def _towns_by_county() -> dict[str, tuple[str, ...]]:
    """The towns, townships and subdistricts (镇, 乡, 街道) of each county, by the county's code:
    read from the same data only when a page's county first needs them (43k names, not loaded with
    :func:`national`)."""
    path = _data_file()
    if path is None:
        return {}
    with zipfile.ZipFile(path) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    out: dict[str, list[str]] = defaultdict(list)
    county = ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth == 2:
            parts = line.strip().split("\t")
            county = parts[1] if len(parts) > 1 else ""
        elif depth == 3 and county:
            name = line.strip().split("\t")[0]
            if len(name) >= 3 and re.search(r"(?:镇|乡|街道)$", name):
                out[county].append(name)
    return {code: tuple(names) for code, names in out.items()}


def towns_of(county: Place | None) -> tuple[str, ...]:
    """The towns of a county-level place (德清县: 钟管镇, 新市镇, …); () for any other place."""
    if county is None or county.level != "county" or not county.code:
        return ()
    return _towns_by_county().get(county.code, ())


def _common_words(words: set[str]) -> set[str]:
    """The words of ``words`` that jieba's dictionary knows as frequent words other than place names
    (合作 vn 13478, 和平 nz 7998): a county's short form that is such a word says nothing of a place."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return set()
    path = Path(spec.origin).parent / "dict.txt"
    common: set[str] = set()
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word, _, rest = line.partition(" ")
                if word in words:
                    freq, _, tag = rest.strip().partition(" ")
                    if tag != "ns" and freq.isdigit() and int(freq) > 50:
                        common.add(word)
    except OSError:
        return set()
    return common


def with_region(entries: Iterable[tuple[str, str, str]]) -> Gazetteer:
    """The national gazetteer plus region places: (surface, canonical, within) lines of ``ADMIN``
    alias files. A new canonical becomes a county-level place inside ``within``."""
    base = national()
    entries = list(entries)
    if not entries:
        return base
    gaz = Gazetteer(list(base.places), defaultdict(list, {k: list(v) for k, v in base.surfaces.items()}), dict(base.zone_shorts), base.longest,
                    dict(base.stems))
    gaz._ids = {id(p) for p in gaz.places}
    for surface, canonical, within in entries:
        known = gaz.lookup(canonical)
        parents = gaz.lookup(within)
        if known:
            place = known[0]
        elif parents:
            parent = parents[0]
            level = "county" if parent.level in {"city", "province"} else parent.level
            place = Place(canonical, level, parent, zone=bool(ZONE_WORDS.search(canonical)))
        else:
            continue
        gaz.add(place, canonical, surface)
        above = place.parent
        if place.zone and above is not None and surface in GENERIC_ZONE_SHORTS:
            gaz.zone_shorts[(above.name, surface)] = place
    return gaz


@dataclass(frozen=True, slots=True)
class PagePlace:
    """The place of a page and why: ``place`` is None when the page does not say."""

    place: Place | None
    evidence: tuple[str, ...] = ()
    named: tuple[Place, ...] = ()  # the counties and zones the page names, most named first

    @property
    def name(self) -> str:
        return self.place.name if self.place is not None else ""

    def at(self, level: str) -> Place | None:
        return self.place.at(level) if self.place is not None else None


ENTERPRISE_END = re.compile(r"(?:集团|股份有限公司|有限责任公司|有限公司|公司|控股|银行)$")


def _enterprise_stems(text: str, spans: list[tuple[int, int]], gaz: Gazetteer) -> set[str]:
    """``上海电气`` for an enterprise ``上海电气集团`` named on the page: the place and the words after
    it, without the legal ending."""
    stems: set[str] = set()
    for start, end in spans:
        name = ENTERPRISE_END.sub("", text[start:end])
        for size in range(min(gaz.longest, len(name) - 2), 1, -1):
            if name[:size] in gaz.surfaces:
                stems.add(name)
                break
    return stems


LOCAL_FORM = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[我全本该]))(区|县|市)(?=委|政府|长|人大|政协|党工委|管委会|纪委|$|[，。、])")


ZONE_FORM = re.compile(r"(?<![\u4e00-\u9fff])(?:党工委|管委会)")


def _kind(place: Place) -> str:
    if place.zone or place.name.endswith("区"):
        return "区"
    return "县" if place.name.endswith(("县", "旗")) else "市"


def local_forms(text: str) -> Counter[str]:
    """How often the page speaks as a 区, 县 or 市 without naming it: 区委书记, 全县, 我市, 市长."""
    forms = Counter(m.group(1) for m in LOCAL_FORM.finditer(text))
    forms["区"] += len(ZONE_FORM.findall(text))  # 党工委, 管委会 with no place: a zone speaking
    return forms


# a delegation that comes (衡南县党政代表团来我县, 率代表团莅临): the place before it is the visitors'
_COMING_DELEGATION = re.compile(r"(?:代表|考察|调研|参访|访问|学习)团(?:一行)?(?:先后)?(?:前来|来|莅临|到访)")
# 来我县, 莅临我区: the page speaks as the host, so the places the sentence names before are the guests'
_TO_US = re.compile(r"(?:来|莅临|到)我(?:县|区|市|旗|州|镇|乡)")
_PARTY_COMING = re.compile(r"一行(?:先后)?(?:前来|来(?!到|自)|莅临|到访)(?!我(?:集团|公司|会|院|校|行|厂|单位|中心))")  # (来我会: the host is no place)


# the centre and the province, then a city: 中央、省委和某市委, 省和某市 (the page's superiors, in a list)
_SUPERIOR_LIST = re.compile(r"(?:党中央|中央|省委|省政府|省)(?:、|和|及|与)$")


def _place_before(text: str, at: int, gaz: Gazetteer) -> bool:
    """Does a place's name end right before ``at`` (河南 of 河南省和郑州市: a named province, not the
    bare 省 of the page's superiors)?"""
    return any(p.level == "province" for size in (2, 3, 4) for p, _ in gaz.surfaces.get(text[max(0, at - size) : at], []))


def visitor_spans(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """The spans of a page where the places named are a visiting delegation's, not the page's own,
    with the levels a guest there can be: the six characters before ``代表团来``, ``考察团莅临`` (any level) and, in
    a sentence that says ``来我县``, everything before it (places of the host's level: a county's
    guests are counties; the province or city above it that sends a leader is no guest), and the
    counties named before ``一行来`` (``甲县人大常委会主任乙一行来秀考察``). A page about
    a county that receives another county's leaders names the guests' county more often than its
    own; only its masthead and the rest of its text tell the host."""
    spans = [(max(0, m.start() - 6), m.start(), frozenset({"county", "city", "province"}))
             for m in _COMING_DELEGATION.finditer(text)]
    for sentence in re.finditer(r"[^。！？\n]+", text):
        us = _TO_US.search(sentence.group())
        if us and us.group()[-1] in "县区旗市州":
            levels = frozenset({"county"} if us.group()[-1] in "县区旗" else {"county", "city"})
            spans.append((sentence.start(), sentence.start() + us.start(), levels))
        elif (party := _PARTY_COMING.search(sentence.group())) is not None:
            # 某省甲县人大常委会主任乙一行来秀考察: the counties named before a party that comes are the guests'
            spans.append((sentence.start(), sentence.start() + party.start(), frozenset({"county"})))
    return spans


def page_place(
    text: str, gaz: Gazetteer | None = None, head: int = 0, exclude: Iterable[tuple[int, int]] = ()
) -> PagePlace:
    """The most specific administrative area the page names most, from its own text.

    Full names count 2, short forms (``新乡``) 1, a name in a masthead or dateline (``新乡日报``) or in
    the first ``head`` characters (the headline) 2 more; a county or zone counts for its city and
    province too. The province, then the city within it, then the county or zone within that, is the
    one with the highest score; a generic zone form (``高新区``) counts for the zone of the chosen
    city. A tie at a level stops there: the page stays at the level it is sure of, and a page that
    names no place has none."""
    gaz = gaz or national()
    mastheads = [(m.start(1), m.end(1)) for m in MASTHEAD.finditer(text)]
    exclude = list(exclude)
    guests = [(max([s] + [me for ms, me in mastheads if ms < e and s < me]), e, levels) for s, e, levels in visitor_spans(text)]
    visitors: set[Place] = set()
    for stem in _enterprise_stems(text, exclude, gaz):  # 上海电气 wherever 上海电气集团 is named
        exclude.extend((m.start(), m.end()) for m in re.finditer(re.escape(stem), text))
    by_span: dict[tuple[int, int], list[tuple[Place, bool]]] = defaultdict(list)
    for start, end, place, full in gaz.hits(text, exclude):
        if not full and not _whole_word(text, start, end):
            continue  # 创新平台 holds no 新平: a short form counts only as a whole word
        if not full and _SET_PHRASE.match(text, start):
            continue  # 与会来宾: guests, no 来宾市 (the set phrases place mentions leave out)
        if any(s <= start and end <= e and place.level in levels for s, e, levels in guests):
            visitors.add(place)
            continue
        by_span[(start, end)].append((place, full))

    def weight(start: int, end: int, full: bool) -> float:
        bonus = 2.0 if start < head or any(ms <= start and end <= me for ms, me in mastheads) else 0.0
        return (2.0 if full else 1.0) + bonus

    scores: defaultdict[Place, float] = defaultdict(float)
    ends: dict[int, tuple[list[tuple[Place, bool]], float]] = {}
    for (start, end), places in sorted(by_span.items()):
        w = weight(start, end, any(full for _, full in places))
        before = ends.get(start)
        if before is not None and any(p.parent is q for p, _ in places for q, _ in before[0]):
            w += before[1]  # 开封市祥符区: the city written as the county's path counts for the county
        ends[end] = (places, w)
        above = _SUPERIOR_LIST.search(text, max(0, start - 6), start)
        for place, _ in places:
            if above is not None and place.level == "city" and place.parent is not None and not _place_before(text, above.start(), gaz):
                # 落实中央、省委和吉林市委部署: a city cited with the centre and the province is the page's
                # superior (a county-level city's page, 蛟河), not its place: it counts for its province only
                scores[place.parent] += w / len(places)
                continue
            scores[place] += w / len(places)
    for place in [p for p in scores if any(node in visitors for node in p.chain())]:
        scores.pop(place, None)  # the guests' place (and the districts of a guest city) is not the page's
    if not scores:
        return PagePlace(None)

    def totals() -> defaultdict[Place, float]:
        out: defaultdict[Place, float] = defaultdict(float)
        for place, score in scores.items():
            for node in place.chain():
                out[node] += score
        return out

    def best(candidates: list[Place], score: defaultdict[Place, float]) -> Place | None:
        ranked = sorted(candidates, key=lambda p: (-score[p], p.name))
        if not ranked or (len(ranked) > 1 and score[ranked[0]] == score[ranked[1]]):
            return None
        return ranked[0]

    total = totals()
    province = best([p for p in total if p.level == "province"], total)
    city = best([p for p in total if p.level == "city" and (province is None or p.parent is province)], total)
    if city is None and province is not None and province.name.endswith("市"):
        city = province  # 重庆市: a municipality is its own city
    forms = local_forms(text)
    if city is not None:
        for (start, end), places in by_span.items():
            inside = [p for p, _ in places if p.parent is city]
            if len(places) > 1 and len(inside) == 1:
                # 郊区 (a name three cities' districts share) on a page about 佳木斯: that city's, in full
                scores[inside[0]] += weight(start, end, any(full for _, full in places)) * (1 - 1 / len(places))
        reach = _reach(by_span, len(text))
        for (city_name, short), zone in gaz.zone_shorts.items():
            if city_name != city.name or forms["县"] > max(forms["区"], 0):
                continue  # (经开区 on a page that speaks as a county, 县委书记到经开区: the county's own zone)
            for m in re.finditer(short, text):
                if reach[m.start()] < m.end():  # inside no longer name
                    scores[zone] += weight(m.start(), m.end(), False)
        total = totals()
    within = city or province
    counties = [p for p in total if p.level == "county" and (within is None or p.parent is within)]
    county = best(counties, total)
    if county is not None and city is not None and scores[county] <= scores[city] and forms[_kind(county)] <= forms["市"]:
        first = {p: start for (start, _), places in sorted(by_span.items(), reverse=True) for p, _ in places}
        if not (_kind(county) == "市" and scores[county] == scores[city] and first.get(county, len(text)) < first.get(city, len(text))):
            # the page names its city as much as the county, and speaks as the city (市委); but a
            # county-level city (神木市) that the page names first, as often as its city, is the
            # page's own: its 市委 and 市政府 are the county's
            county = None
    if county is None:
        for kind in ("县", "区"):
            if forms[kind] > forms["市"]:
                # the page speaks as a county (县委, 全县) naming one: that county, wherever it lies
                county = best([p for p in total if p.level == "county" and _kind(p) == kind], total)
                if county is not None:
                    city = county.at("city")
                    province = county.at("province")
                    break
    chosen = county or city or province
    levels = [p for p in (province, city, county) if p is not None]
    evidence = tuple(f"{p.name}={total[p]:g}" for i, p in enumerate(levels) if p not in levels[:i])
    if chosen is not None and chosen.level == "province" and not any(p.level == "province" for p in scores):
        chosen = None  # the province came only from a county or city whose own level is unsure
    named = tuple(sorted((p for p in total if p.level == "county"), key=lambda p: (-total[p], p.name)))
    return PagePlace(chosen, evidence, named)


def _after_parent(text: str, start: int, place: Place) -> bool:
    """``重庆江津``: a county's short form written right after its city or province."""
    for parent in place.chain()[1:]:
        for name in {parent.name, _short(parent.name)}:
            if len(name) >= 2 and text[max(0, start - len(name)) : start] == name:
                return True
    return False


def _whole_word(text: str, start: int, end: int, margin: int = 6) -> bool:
    """Whether no word of the clause crosses an edge of ``text[start:end]`` (jieba, on a window around it)."""
    lo = start
    while lo > 0 and start - lo < margin and text[lo - 1] not in "，。；、：,;:\n ":
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < margin and text[hi] not in "，。；、：,;:\n ":
        hi += 1
    from .nlp.features import jieba_tokenizer

    for _, s, e in jieba_tokenizer().tokenize(text[lo:hi]):
        s, e = s + lo, e + lo
        if s < start < e < end or start < s < end < e:
            return False  # a word across the name's edge: 创新|平台 has no 新平 (为安次 still has 安次)
    return True


def _word_bounds(text: str, offset: int) -> set[int]:
    """Word boundaries of a sentence, by jieba (the tokenizer the model's features already load)."""
    from .nlp.features import jieba_tokenizer

    out = {offset}
    for _, start, end in jieba_tokenizer().tokenize(text):
        out.update((offset + start, offset + end))
    return out


ZONE_AFTER_PLACE = re.compile(r"(?P<stem>[^\W市县区]{0,4}?)(?:高新技术产业开发区|经济技术开发区|经济开发区|高新技术开发区|产业集聚区|工业集中区|工业园区|产业园区|物流园区|工业园|产业园|高新区|经开区|开发区)")


# division names that are also plain words of any page (城区, 老城区, 新建, 郊区): never added alone
GENERIC_NAME = re.compile(r"^(?:[新老旧主]?城区|郊区|矿区|市中区|新市区|新建|兴业)$")
CONTEXT_WORDS = ("全区", "全县", "全市", "全省", "我区", "我县", "我市", "我省")


def place_mentions(doc: Document, mentions: Sequence[Mention], gaz: Gazetteer | None = None) -> list[Mention]:
    """``mentions`` with the places the model missed or mislabelled, from the gazetteer: a
    ``SITE`` or ``PERSON`` span that is exactly a division's full name or a city's or province's short
    form (``白城``, ``金华``) becomes ``ADMIN``, and so does a model's ``COMPANY`` that is exactly any
    division's name (``来到德清``); a division's name, a zone's short form
    (``经开区``) or a word for the page's own place (``全县``, ``我区``) that no mention covers is added.
    Names inside an enterprise (``上海电气集团``) are left to the enterprise."""
    gaz = gaz or national()
    out: list[Mention] = []
    # a county's short form (余干, 双城) only for the page's own county: elsewhere it is too often a word
    companies = [(m.start, m.end) for m in mentions if m.label in {"COMPANY", "ORG", "PERSON"}]
    own = page_place(doc.text, gaz, exclude=companies).place
    # ...or for a county the page also writes in full (永城 beside 永城市委)
    written = {place for _, _, place, full in gaz.scan(doc.text) if full and place.level == "county"}
    for m in mentions:
        hits = gaz.surfaces.get(m.text, [])
        model_company = m.label == "COMPANY" and m.source.startswith("model")  # 来到德清: a place, never a company
        weak = m.label in {"SITE", "PERSON"} or m.label == "ORG" and m.source.startswith("model")  # 宝丰 as an "organisation"
        if (model_company and hits) or weak and any(
            full or p.level != "county" or _same(p, own) or p in written or _after_parent(doc.text, m.start, p) for p, full in hits
        ):
            m = Mention(m.doc_id, m.sentence, m.start, m.end, m.text, "ADMIN", m.source + "+places", m.confidence, m.pattern_id)
        out.append(m)
    out = _place_into_body(doc.text, out, gaz)
    # a place the model read inside an enterprise's name (上海 of 上海电气, where 上海电气集团 is named)
    enterprises = [(m.start, m.end) for m in out if m.label in {"COMPANY", "ORG"}]
    stems = _enterprise_stems(doc.text, enterprises, gaz)
    inside = [(x.start(), x.end()) for stem in stems for x in re.finditer(re.escape(stem), doc.text)]
    out = [m for m in out if m.label != "ADMIN" or not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in inside)]
    taken = [(m.start, m.end) for m in out]
    starts = {m.start for m in out if m.label in {"GOV", "COMPANY", "ORG"}}
    bodies = {m.start: m for m in out if m.label == "GOV"}
    generic = "|".join(sorted(GENERIC_ZONE_SHORTS - {"新区", "新城", "产业园", "示范区", "开发区"}, key=len, reverse=True))
    common = gaz.common_words()
    companies = [(m.start, m.end) for m in out if m.label in {"COMPANY", "ORG", "PERSON"}]
    found: list[tuple[int, int, bool]] = [
        (s, e, True)
        for s, e, place, full in gaz.hits(doc.text, companies + inside)
        if (place.level != "county" or doc.text[s:e] not in common)
        and not GENERIC_NAME.match(doc.text[s:e])
        and (full or place.level != "county" or _same(place, own) or place in written or _after_parent(doc.text, s, place))
    ]
    found += [(m.start(), m.end(), False) for m in re.finditer("|".join(CONTEXT_WORDS) + "|" + generic, doc.text)]
    # a bare 开发区 standing alone (整个开发区的, ，开发区、各乡镇): the page's own zone, as 高新区 is
    found += [(m.start(), m.end(), False) for m in _BARE_ZONE.finditer(doc.text)]
    # a county's or city's zone named with its level only (到县产业园区调研): the page's own place's
    found += [(m.start(), m.end(), False) for m in _LEVEL_ZONE.finditer(doc.text)]
    # the towns of the page's own county (钟管镇 on a 德清县 page), loaded for that county only,
    # and of any county the page writes in full (莲庄镇 on a page about 宜阳县 in 洛阳市)
    for county in sorted(written | ({own} if own is not None else set()), key=lambda p: p.code):
        for town in towns_of(county):
            found += [(m.start(), m.end(), True) for m in re.finditer(re.escape(town), doc.text)]
    # a zone the gazetteer lacks, named in full after its city or county (滨州经济技术开发区,
    # 开原市经济开发区, 凤阳县工业园区)
    for start, end, place, _ in gaz.hits(doc.text):
        if place.level not in {"city", "county"}:
            continue
        zone = ZONE_AFTER_PLACE.match(doc.text, end)
        if zone and (not zone.group("stem") or _zone_word(zone.group("stem"))):  # not 渭南市 + 召开高新区
            found.append((start, zone.end(), False))
    # a zone the gazetteer lacks, named by a word of its own (天北新区, 龙河高新区): a stem jieba does
    # not know or knows as a place (not 城乡新区, 建设新区), written twice or where the model read the
    # zone's short form
    found += _named_zones(doc.text, {m.start for m in out if m.label == "ADMIN"})
    # a full name the gazetteer knows (许昌经济技术开发区) wins over the model's part of it (许昌)
    others = _Occupied(len(doc.text), [(m.start, m.end) for m in out if m.label not in {"ADMIN", "SITE"}])
    longer = [(s, e) for s, e, named in found if e - s >= 4 and not others.overlaps(s, e)]
    longer_set = set(longer)
    longer_reach = _reach(longer, len(doc.text))
    parts = {id(m) for m in out if m.label in {"ADMIN", "SITE"} and longer_reach[m.start] >= m.end
             and ((m.start, m.end) not in longer_set
                  or any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in longer))}
    if parts:
        out = [m for m in out if id(m) not in parts]
        taken = [(m.start, m.end) for m in out]
    # 兴平市食品工业园 read as a site: a zone named in full after its place is a place
    out = [Mention(m.doc_id, m.sentence, m.start, m.end, m.text, "ADMIN", m.source + "+zone", m.confidence, m.pattern_id)
           if m.label == "SITE" and (m.start, m.end) in longer_set else m for m in out]
    occupied = _Occupied(len(doc.text), taken)
    bounds: dict[int, set[int]] = {}
    for start, end, named in sorted(set(found), key=lambda f: (f[0], -f[1], f[2])):  # the longest name at a start
        town_body = end in bodies and _TOWN_BODY_OPENING.match(bodies[end].text) is not None
        if occupied.overlaps(start, end) or (end in starts and doc.text[start:end] not in CONTEXT_WORDS and not town_body):
            # 武汉市 before 蔡甸区人民政府 is part of the body's name (我区 before a name is not; nor is
            # 犍为县 before 龙孔镇人民政府, its town's body, as the model reads 屏山县 + 龙华镇人民政府)
            continue
        if doc.text[start - 1 : start] in "(（" and re.match(r"[)）](?:有限|股份|公司|分公司)", doc.text[end : end + 3]):
            continue  # 倍耐力轮胎(焦作)有限公司: the seat of an enterprise, inside its name
        sentence = next((s for s in doc.sentences if s.start <= start and end <= s.end), None)
        if sentence is None or sentence.kind == "byline":
            continue
        if sentence.index not in bounds:
            bounds[sentence.index] = _word_bounds(sentence.text, sentence.start)
        if named and (start not in bounds[sentence.index] or end not in bounds[sentence.index]):
            continue  # 回迁安置 holds no 迁安: a name must be whole words
        occupied.add(start, end)
        out.append(Mention(doc.doc_id, sentence.index, start, end, doc.text[start:end], "ADMIN", "places", 0.9))
    out = _communities(doc, out)
    # 中国特色社会主义, 海峡两岸: set phrases, no place the page is about or names as one
    out = [m for m in out if not (m.label == "ADMIN" and _SET_PHRASE.match(doc.text, m.start))]
    return sorted(out, key=lambda m: (m.start, m.end))


# a town's or street's own body (龙孔镇人民政府, 高坪街道党工委)
_TOWN_BODY_OPENING = re.compile(r"[\u4e00-\u9fa5]{1,5}(?:镇|乡|街道)(?:人民政府|政府|党委|党工委|人大|办事处)")


# words read before a place's name that are no part of it (其中柳树村, 位于城关镇, 来到了金山高新区)
PLACE_LEAD_WORDS = re.compile(r"^(?:其中|包括|以及|还有|位于|地处|来自|前往|走进|深入|来到|赴|到|在|和|与|及|是|由|经|对|向|了)(?=[\u4e00-\u9fa5]{2})")


def lead_to_cut(lead_words: re.Pattern[str], name: str) -> int:
    """How many characters of ``name`` are a lead word read into it (其中柳树村: 2), none when the word
    opens a dictionary word of the name (和平村, 经济财政司, 向阳街道)."""
    from .nlp.features import jieba_pos_table

    lead = lead_words.match(name)
    return lead.end() if lead is not None and name[: lead.end() + 1] not in jieba_pos_table() else 0
_COMMUNITY = re.compile(
    r"(?:(?<=[、，：到和及与])|(?<=走访|来到|深入|走进|前往)了?)(?P<name>(?P<stem>[\u4e00-\u9fa5]{2,4}?)(?:社区|居委会|村))(?=[、，。；和及等调考走开])"
)


def _communities(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Villages and communities named where a visit goes (到东街社区, 走访了张庄村、李家湾村): places,
    over a site or place the model read as their first part (东街). A stem of ordinary words
    (美丽乡村) is no village."""
    from .extract import _refiner

    refiner = _refiner()
    held = [m for m in mentions if m.label not in {"ADMIN", "SITE"}]
    added: list[Mention] = []
    for sent in doc.sentences:
        if sent.kind != "body":
            continue
        for match in _COMMUNITY.finditer(sent.text):
            start, end = sent.start + match.start("name"), sent.start + match.end("name")
            stem = match.group("stem")
            cut = lead_to_cut(PLACE_LEAD_WORDS, stem)
            if cut and len(stem) - cut >= 2:
                start, stem = start + cut, stem[cut:]  # 其中柳树村: 柳树村
            if refiner.common_words_only(stem) or any(m.start < end and start < m.end for m in held
                                                       if not (m.label == "PERSON" and m.source.startswith("model") and m.end == end)):
                continue  # 来到了李洼村: the model's "person" 李洼村 is the village
            added.append(Mention(doc.doc_id, sent.index, start, end, doc.text[start:end], "ADMIN", "places:community", 0.85))
    if not added:
        return mentions
    kept = [m for m in mentions if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted(kept + added, key=lambda m: (m.start, m.end))


_LEVEL_ZONE = re.compile(r"(?:(?<=[^\u4e00-\u9fa5])|^|(?<=[到在赴和与及、个全该本]))[县市](?:工业园区|产业园区|工业集中区|产业集聚区|工业园|产业园|经济开发区|经济技术开发区)")
_BARE_ZONE = re.compile(r"(?:(?<=[^\u4e00-\u9fa5])|^|(?<=[个全该本在到赴]))开发区(?![管党工建改])")
_SET_PHRASE = re.compile(r"中国(?:特色|式|梦|内地|传统|品牌|制造|智造|方案|故事|声音|精神|力量|速度|经验)|(?:海峡)?两岸"
                         # 各位来宾: guests, not 来宾市
                         r"|(?<=各位|与会|中外|尊敬|敬的|全体|的各|广大)来宾|来宾(?=们|朋友)")
_FUNCTION_CHARS = frozenset("了的地得把为在对好向给和与及是让将被从等会到由于也都就这那其各全本该我")
_NAMED_ZONE = re.compile(r"([\u4e00-\u9fa5]{2})(高新区|经开区|新区|开发区|产业集聚区)")
_FORMAL_ZONE = re.compile(r"高新技术产业开发区|经济技术开发区|高新技术开发区|经济开发区")
_HAN_STEM = re.compile(r"[^\W\d省市县区州旗]{2,4}")


def _zone_stem(stem: str, table: dict[str, str]) -> bool:
    """A zone's own word (中新苏滁): no function word, place level or digit, and no dictionary verb in it."""
    return bool(_HAN_STEM.fullmatch(stem)) and table.get(stem) in (None, "ns") and _zone_word(stem)


def _zone_word(stem: str) -> bool:
    """The word between a place and a zone's kind (滨州 + 临港 + 经开区): no function word and no
    dictionary verb (渭南市召开高新区… is the city holding a meeting)."""
    from .nlp.features import tagged_words

    return not _FUNCTION_CHARS.intersection(stem) and not any(tag[:1] == "v" for _, tag in tagged_words(stem))


def _named_zones(text: str, admin_starts: set[int]) -> list[tuple[int, int, bool]]:
    from .nlp.features import jieba_pos_table

    table = jieba_pos_table()
    hits = [(m.start(), m.end(), m.group()) for m in _NAMED_ZONE.finditer(text)
            if table.get(m.group(1)) in (None, "ns") and not _FUNCTION_CHARS.intersection(m.group(1))
            and _whole_word(text, m.start(), m.end())]  # not 为高新区, 发挥好高新区, 介绍了高新区
    counts = Counter(name for _, _, name in hits)
    named = [(s, e, False) for s, e, name in hits if counts[name] > 1 or s + 2 in admin_starts]
    # ...or by a longer word of its own (中新苏滁高新区), written the same way at least twice: the longest
    # stem of three or four characters, with no function word, place level or verb in it
    longer: list[tuple[int, int, str]] = []
    for m in _NAMED_ZONE.finditer(text):
        for size in (4, 3):
            start = m.start(2) - size
            stem = text[max(start, 0) : m.start(2)]
            if start >= 0 and _zone_stem(stem, table) and _whole_word(text, start, m.end()):
                longer.append((start, m.end(), stem + m.group(2)))
    twice = Counter(name for _, _, name in longer)
    for start, end, name in sorted(longer, key=lambda h: (h[1], h[0])):
        if twice[name] > 1 and not any(s < start and e == end for s, e, _ in named):
            named = [(s, e, f) for s, e, f in named if not (start < s and e == end)] + [(start, end, False)]
    # a zone's formal name (大柴湖经济开发区) is a zone written once: the longest stem of two to four
    # characters before it that holds no function word or place level and that jieba does not know
    # as an ordinary word (not 城乡, 建设)
    for zone in _FORMAL_ZONE.finditer(text):
        for size in (4, 3, 2):
            start = zone.start() - size
            stem = text[max(start, 0) : zone.start()]
            if (start >= 0 and _HAN_STEM.fullmatch(stem) and not _FUNCTION_CHARS.intersection(stem)
                    and table.get(stem) in (None, "ns") and _whole_word(text, start, zone.end())):
                named.append((start, zone.end(), False))
                break
    return named


def _place_into_body(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """``商丘市委``, where only ``市委`` was read: a place's full name whose level character opens a
    body right after it (商丘市 + 市委, 宝丰县 + 县政府) names that place's body, one mention."""
    bodies = {m.start: m for m in mentions if m.label == "GOV" and m.text[:1] in "省市县区"}
    if not bodies:
        return mentions
    grown: dict[int, Mention] = {}
    for start, end, place, full in gaz.hits(text):
        body = bodies.get(end - 1)
        if not full or body is None or text[end - 1] != body.text[0] or place.level not in {"province", "city", "county"}:
            continue
        if any(m.start < end - 1 and start < m.end for m in mentions if m is not body):
            continue  # another mention holds part of the place's name
        grown[id(body)] = Mention(body.doc_id, body.sentence, start, body.end, text[start : body.end], "GOV",
                                  body.source + "+place", body.confidence, body.pattern_id)
    return [grown.get(id(m), m) for m in mentions] if grown else mentions


def _reach(spans: Iterable[tuple[int, int]], length: int) -> list[int]:
    """``reach[i]``: the furthest end of a span that starts at or before ``i``, so that a span
    (start, end) lies inside one of ``spans`` exactly when ``reach[start] >= end``. Linear, where
    testing every span for every candidate was quadratic on long pages."""
    reach = [-1] * (length + 1)
    for s, e in spans:
        if 0 <= s <= length and e > reach[s]:
            reach[s] = e
    for i in range(1, length + 1):
        if reach[i - 1] > reach[i]:
            reach[i] = reach[i - 1]
    return reach


class _Occupied:
    """The characters some span already covers: whether a new span overlaps one, in its own length."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.mask = bytearray(length + 1)
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return end > start and any(self.mask[start:end])


__all__ = ["Gazetteer", "PagePlace", "Place", "body_stem", "national", "page_place", "place_mentions", "with_region"]
