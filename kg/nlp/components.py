"""Rule components that run after the statistical NER: ``kg_ruler`` and its pattern data.

Order of combination (and why): the trained model proposes PER/LOC/ORG spans first; the refiner
turns their MSRA labels into the graph's (ORG -> GOV/COMPANY/ORG, LOC -> ADMIN/SITE by suffix
rules read from ``patterns/refine.json``) and drops spans that cannot be what they claim (a person
without a surname, an organisation made of ordinary words); one-character names (``中`` of
``中美``) are kept as weak spans, since they are right as NER, and ``extract`` leaves them out of the
graph. Then the curated patterns (gazetteer phrases and
productive regular expressions from ``kg/patterns/*.jsonl``) are matched, and every overlap goes to
the longest span: patterns complete the names where the news-trained model is weakest
(``河南`` -> ``河南八六三软件股份有限公司``, ``区党工委`` -> ``高新区党工委``), while a longer model span
keeps what a short pattern would cut (``襄樊市委`` over ``市委``). On equal spans the gazetteer beats a
regex and a regex beats the model, so curated labels correct the model's.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelError
from .refine_rules import load_refine_rules
from ..fileio import json_line
from ..records import LABELS
from .features import token_columns
from .titles import title_lexicon

NAME_TAGS = {"nt", "ns", "nr", "nz", "j"}
PRIORITY = {"gazetteer": 3, "regex": 2, "model": 1, "model-weak": 0}
MODEL_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG", "GPE": "LOC", "FAC": "SITE", "NORP": "ORG"}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One line of a pattern file: a literal phrase or a regular expression, with a stable id."""

    label: str
    id: str
    phrase: str | None = None
    regex: re.Pattern[str] | None = None
    group: str | None = None  # the named group that is the entity (default: whole match)
    split: str | None = None  # split the group into several entities on this separator
    canonical: str | None = None
    # the text before this suffix ("" for the whole text) must hold a name, not only ordinary
    # words (核净公司, not 保险公司)
    name_before: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    label: str
    source: str  # "gazetteer" | "regex" | "model"
    pattern_id: str | None


def default_pattern_files() -> list[Path]:
    folder = resources.files("kg") / "patterns"
    # aliases.jsonl feeds the resolver and titles.jsonl the title grammar (kg/nlp/titles.py)
    return sorted(
        Path(str(p)) for p in folder.iterdir() if p.name.endswith(".jsonl") and p.name not in {"aliases.jsonl", "titles.jsonl"}
    )


def load_patterns(paths: Iterable[Path]) -> list[Pattern]:
    """Read and validate JSONL pattern files; a bad line is a ModelError naming file and line."""
    patterns: list[Pattern] = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ModelError(f"{path}: cannot read pattern file ({exc.strerror})") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            patterns.append(_parse_pattern(line, f"{path}:{number}"))
            key = (patterns[-1].label, patterns[-1].phrase or "")
            if patterns[-1].phrase and key in seen and seen[key] != patterns[-1].id:
                raise ModelError(f"{path}:{number}: phrase {patterns[-1].phrase!r} already has id {seen[key]!r}")
            seen[key] = patterns[-1].id
    return patterns


def _parse_pattern(line: str, where: str) -> Pattern:
    data: dict[str, Any] = json_line(line, where, ModelError)
    if not isinstance(data, dict):
        raise ModelError(f"{where}: a pattern line must be a JSON object")
    label, pattern, pid = data.get("label"), data.get("pattern"), data.get("id")
    if label not in LABELS:
        raise ModelError(f"{where}: unknown label {label!r} (one of {', '.join(LABELS)})")
    if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", pid):
        raise ModelError(f"{where}: 'id' must be a lowercase ASCII slug, got {pid!r}")
    canonical = data.get("canonical")
    if isinstance(pattern, str) and pattern:
        return Pattern(label, pid, phrase=pattern, canonical=canonical)
    if isinstance(pattern, dict) and isinstance(pattern.get("lexicon"), str):
        # {"lexicon": "titles"}: the title grammar compiled from kg/patterns/titles.jsonl
        lexicon = title_lexicon()
        regexes = {"titles": lexicon.title_regex, "contracted": lexicon.contracted_regex}
        if pattern["lexicon"] not in regexes:
            raise ModelError(f"{where}: unknown lexicon {pattern['lexicon']!r} (titles, contracted)")
        return Pattern(label, pid, regex=re.compile(regexes[pattern["lexicon"]]()), canonical=canonical)
    if isinstance(pattern, dict) and isinstance(pattern.get("regex"), str):
        source = pattern["regex"]
        # "after": "titles" puts the regex right after a title of the lexicon (主任张红军);
        # "before": "enterprise-titles" right before an enterprise post (京东集团副总裁)
        if pattern.get("after") == "titles":
            source = first_char_guard(source) + title_lexicon().after_title_lookbehind() + source
        elif pattern.get("after") is not None:
            raise ModelError(f"{where}: 'after' must be \"titles\"")
        if pattern.get("before") == "enterprise-titles":
            source = source + title_lexicon().enterprise_lookahead()
        elif pattern.get("before") is not None:
            raise ModelError(f"{where}: 'before' must be \"enterprise-titles\"")
        try:
            compiled = re.compile(source)
        except re.error as exc:
            raise ModelError(f"{where}: bad regex ({exc})") from None
        group = pattern.get("group")
        if group is not None and group not in compiled.groupindex:
            raise ModelError(f"{where}: regex has no group {group!r}")
        name_before = pattern.get("name_before")
        if name_before is not None and not isinstance(name_before, str):
            raise ModelError(f"{where}: 'name_before' must be a suffix string")
        return Pattern(label, pid, regex=compiled, group=group, split=pattern.get("split"), canonical=canonical,
                       name_before=name_before)
    raise ModelError(f"{where}: 'pattern' must be a phrase or {{\"regex\": ...}}")


def _first_ranges(items: Any) -> list[tuple[int, int]] | None:
    """Code point ranges holding every character a match of a parsed regex can start with; None
    when that is not read off simply (an optional or empty start, a negated class, a category)."""
    for op, av in items:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero-width: the first character is the next item's (a necessary condition)
        if name == "LITERAL":
            return [(av, av)]
        if name == "IN":
            ranges = []
            for item, value in av:
                if str(item) == "LITERAL":
                    ranges.append((value, value))
                elif str(item) == "RANGE":
                    ranges.append(value)
                else:
                    return None
            return ranges
        if name == "SUBPATTERN":
            return _first_ranges(av[3]) if not av[1] & re.IGNORECASE else None
        if name == "BRANCH":
            out: list[tuple[int, int]] = []
            for branch in av[1]:
                found = _first_ranges(branch)
                if found is None:
                    return None
                out += found
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            return _first_ranges(av[2])
        return None
    return None


def first_char_guard(source: str) -> str:
    """A lookahead for the characters a match of ``source`` can start with (``""`` when unknown).

    Put before a long lookbehind (the title lexicon's, hundreds of alternatives) it makes the
    engine test one character at a position before the alternatives. It only asks what the
    regex asks anyway, so the matches are the same: 2.2x faster on the names after titles."""
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source)
    ranges = None if parsed.state.flags & re.IGNORECASE else _first_ranges(parsed)
    if not ranges:
        return ""
    return "(?=[" + "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "])"


class PatternMatcher:
    """Finds pattern candidates in a text: all phrases in one alternation, then each regex."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        self.by_id = {p.id: p for p in patterns if p.regex is not None}
        phrases = sorted({p.phrase for p in patterns if p.phrase}, key=lambda s: (-len(s), s))
        self._phrase_ids = {(p.phrase): p for p in patterns if p.phrase}
        self._phrases = re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None
        self._regexes = [p for p in patterns if p.regex is not None]

    def candidates(self, text: str) -> Iterator[Candidate]:
        if self._phrases is not None:
            pos = 0
            while True:
                match = self._phrases.search(text, pos)
                if not match:
                    break
                pattern = self._phrase_ids[match.group()]
                yield Candidate(match.start(), match.end(), pattern.label, "gazetteer", pattern.id)
                # overlapping phrases are found too (the resolver below keeps the longest)
                pos = match.start() + 1
        for pattern in self._regexes:
            assert pattern.regex is not None
            for match in pattern.regex.finditer(text):
                start, end = match.span(pattern.group or 0)
                if start == end:
                    continue
                if pattern.split:
                    offset = start
                    for part in text[start:end].split(pattern.split):
                        if part:
                            yield Candidate(offset, offset + len(part), pattern.label, "regex", pattern.id)
                        offset += len(part) + len(pattern.split)
                else:
                    yield Candidate(start, end, pattern.label, "regex", pattern.id)


def _merged_names(model: Candidate, patterns: list[Candidate]) -> bool:
    """Does a model span run two pattern names together (``中共河南省委河南省人民政府``)?"""
    inside = [p for p in patterns if model.start <= p.start and p.end <= model.end]
    inside.sort(key=lambda p: (p.start, -(p.end - p.start)))
    count, last_end = 0, -1
    for p in inside:
        if p.start >= last_end:
            count += 1
            last_end = p.end
    return count >= 2 and sum(p.end - p.start for p in inside) >= 0.8 * (model.end - model.start)


def select(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The longest span wins an overlap; on equal length the gazetteer beats a regex and a regex
    beats the model. Weak model spans (a place or organisation without a suffix that confirms it)
    only fill gaps that no pattern claims. Model spans reach here only after the refiner."""
    candidates = list(candidates)
    patterns = [c for c in candidates if not c.source.startswith("model")]
    candidates = [c for c in candidates if not c.source.startswith("model") or not _merged_names(c, patterns)]
    chosen: list[Candidate] = []
    taken: set[int] = set()
    ordered = sorted(
        candidates, key=lambda c: (c.source == "model-weak", -(c.end - c.start), -PRIORITY[c.source], c.start)
    )
    for cand in ordered:
        span = set(range(cand.start, cand.end))
        if span & taken:
            continue
        chosen.append(cand)
        taken |= span
    return sorted(chosen, key=lambda c: c.start)


class Refiner:
    """Turns the model's coarse labels into the graph's labels by suffix rules, and drops model
    spans that cannot be what they claim (a "person" without a surname,
    an "organisation" without an organisation's suffix). Rules are data: ``patterns/refine.json``."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.gov = tuple(rules.get("gov_suffixes", ()))
        self.company = tuple(rules.get("company_suffixes", ()))
        self.org = tuple(rules.get("org_suffixes", ()))
        self.admin = tuple(rules.get("admin_suffixes", ()))
        self.site = tuple(rules.get("site_suffixes", ()))
        self.stop = set(rules.get("not_entities", ()))
        self.false_suffixes = tuple(rules.get("false_suffixes", ()))
        self.generic = set(rules.get("generic_org_words", ()))
        self.surnames = set(rules.get("surnames", ""))
        self.compound = tuple(rules.get("compound_surnames", ()))
        self.not_in_names = set(rules.get("not_in_names", ""))
        self.transliteration = set(rules.get("transliteration", ""))
        # Tibetan, Mongolian and Yi names carry no Han surname (次仁, 巴特尔, 苏嘎尔布): one to three parts
        parts = sorted(rules.get("minority_name_parts", ()), key=len, reverse=True)
        self.minority_name = re.compile("(?:" + "|".join(map(re.escape, parts)) + "){1,3}") if parts else None
        boundaries = sorted(rules.get("company_left_boundaries", ()), key=len, reverse=True)
        # a project before an enterprise (建设项目大唐融合…有限公司) ends what came before, but a firm that
        # manages or consults on projects (某建设项目管理有限公司) keeps its 项目
        # (…企业发展集团, 企业管理有限公司: 企业 inside a name, before the firm's line of business)
        self.company_boundary = re.compile("|".join(
            re.escape(b) + (_PROJECT_TRADES if b.endswith("项目") else "(?!发展|管理|服务|咨询)" if b == "企业" else "")
            for b in boundaries)) if boundaries else None
        self.legal_suffix = tuple(sorted(rules.get("company_legal_suffixes", ()), key=len, reverse=True))
        strict = rules.get("strict_model_spans", True)
        # per coarse label ({"LOC": false, "ORG": true}) or one flag for all
        self.strict = {k: bool(v) for k, v in strict.items()} if isinstance(strict, dict) else {"LOC": bool(strict), "ORG": bool(strict)}

    def company_boundary_in(self, text: str) -> bool:
        """Does ``text`` hold a word that no enterprise name runs over (深入, 拜访, 我区)?"""
        return self.company_boundary is not None and self.company_boundary.search(text) is not None

    def is_name(self, text: str) -> bool:
        # 王伟说, 李明在: a function word ends the span; inside a given name it is a name (张向东)
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}|[\u4e00-\u9fff·•]{3,24}", text) or text[-1] in self.not_in_names:
            return False
        if "·" in text or "•" in text:  # 阿沛·阿旺晋美, 司马义·艾买提: a name in parts is a name
            return all(part for part in re.split("[·•]", text))
        if text.startswith(self.compound):
            return 3 <= len(text) <= 4
        if text[0] in self.surnames and len(text) <= 3:
            return True
        if self.minority_name is not None and self.minority_name.fullmatch(text):
            return True
        # a transliterated foreign name (克林顿, 叶利钦) is written in a small set of characters; two
        # such characters are as often a club or a city (纽卡, 萨拉) as a person, so not enough
        return len(text) >= 3 and all(ch in self.transliteration for ch in text)

    def classify(self, text: str, coarse: str) -> tuple[str, bool] | None:
        """(label, strong) for a model span, or None to drop it. A strong span has a form that
        confirms its label (a surname, an administrative or organisation suffix); a weak one is kept
        only where no pattern claims the text."""
        if text in self.stop or re.search(r"[\s“”‘’、，。：；（）()《》—…]", text):
            return None  # a span across punctuation: not a name
        if len(text) == 1:
            # 中 of 中美, 江 for 江泽民: right as NER, useless as graph nodes (extract drops them)
            if coarse == "LOC" or (coarse == "PERSON" and text in self.surnames):
                return ("ADMIN" if coarse == "LOC" else "PERSON"), False
            return None
        if coarse == "PERSON":
            return ("PERSON", True) if self.is_name(text) else None
        if coarse == "LOC":
            if text.endswith(self.admin):
                return "ADMIN", True
            if text.endswith(self.site):
                return "SITE", True
            return None if self.strict.get("LOC", True) else ("ADMIN", False)
        if coarse == "ORG":
            if text in self.generic or text.endswith(("功能厅", "大厅", "会议室", "会场")):
                return None  # a generic word (中心) or a room is not an organisation
            if text.endswith(self.company):
                return None if _NO_ENTERPRISE_NAME.fullmatch(text) else ("COMPANY", True)
            if text.endswith(self.gov) and not text.endswith(self.false_suffixes):
                return "GOV", True
            if text.endswith(self.org):
                return "ORG", True
            if self.strict.get("ORG", True) or self.common_words_only(text):
                return None
            if self.company_boundary is not None and any(len(b.group()) > 1 for b in self.company_boundary.finditer(text)):
                return None  # 武汉拜会: a verb inside, no organisation's name
            if _NOT_AN_ORGANISATION.search(text):
                return None  # 新区工作汇报, 市四大班子, 十九大和十九届: a report, a group or two things, not one body
            if text.endswith(self.site + _VENUES):
                return "SITE", False  # 凤阳宁国现代产业园, 国际大酒店: a place where things happen
            if self.dictionary_tag(text) == "ns":
                return "ADMIN", False  # 英国 in 设立英国、德国海外人才工作站: a country, not a body
            return "ORG", False
        return (coarse, True) if coarse in LABELS else None

    def company_start(self, text: str) -> int:
        """Where an enterprise name found by a pattern or the model really starts: after the last
        verb, deictic or description run into it (``…一行深入我区新乡立白实业有限公司`` ->
        ``新乡立白实业有限公司``, ``入园企业X公司`` -> ``X公司``). A word at the very start stays (和信公司),
        and at least two characters of name stay before the legal suffix."""
        if self.company_boundary is None:
            return 0
        from .features import jieba_pos_table, jieba_tokenizer

        suffix = next((s for s in self.legal_suffix if text.endswith(s)), "")
        core_end = len(text) - len(suffix)
        start = 0
        for found in self.company_boundary.finditer(text, 0, core_end):
            if found.start() == 0 and len(found.group()) == 1 and not (found.group() == "在" and core_end >= 6):
                continue  # 和信公司 keeps its 和; 在某园区某某公司 opens with a preposition
            if len(found.group()) == 1 and text[found.start() - 1] == found.group():
                continue  # 和和机械: a doubled character is a trade name, not a word before it
            remnant = text[start : found.start()].lstrip("了的")
            if len(found.group()) == 1 and len(remnant) == 1 and not self.company_boundary.fullmatch(remnant) and found.group() not in "到赴":
                # 县长李明为宏远科技: 为 ends what came before, but 祥和科技 keeps its 和 (祥 is no name),
                # and so does 走访了中和电气 (the particle before 中 ends what came before); a remnant that
                # is itself such a word (就是X公司) is no name
                start = found.start() - 1
                continue
            if text[found.start() - 1 : found.start()] in (")", "）"):
                continue  # 科尔尼(上海)企业咨询有限公司: the seat in brackets is inside the name
            if found.group() in ("和", "与") and found.start() >= 2 and _only_a_place(text[start : found.start()]):
                continue  # 沈阳和世泰钛业有限公司: a place and then 和 opens a trade name (no enterprise is joined to a bare place)
            if core_end - found.end() >= 2 or (found.end() == core_end and suffix == "集团公司"):
                start = found.end()  # 到集团公司: the group named before, by its generic name
        # a particle (走访考察了X公司, 已签约的X公司) also ends what came before, where the name after it
        # still holds a name of its own; verbs are not judged by the dictionary (开封 is also "to open")
        # the park or zone the enterprise sits in (仪陇经开区机械制造产业园E区中柏融通…有限公司): its
        # name starts after the park, where four characters of its own follow that are no park trade
        for zone in _PARK_BEFORE_NAME.finditer(text, start, core_end):
            if core_end - zone.end() >= 4 and not _PARK_TRADE.match(text, zone.end()):
                start = zone.end()
        if start < core_end - 4 and text[start] in "县市区" and jieba_tokenizer().lcut(text[start : start + 4], HMM=False)[0] == text[start]:
            start += 1  # 在县绿铭农业发展有限公司: the level of the page's own place, before the name
        table = jieba_pos_table()
        pos = start
        for word in jieba_tokenizer().lcut(text[start:core_end], HMM=False):
            pos += len(word)
            tag = table.get(word, "")
            rest = text[pos:core_end]
            if tag in {"ul", "uj"} and len(rest) >= 2 and not self.common_words_only(rest):
                start = pos
        return start

    @staticmethod
    def dictionary_tag(text: str) -> str | None:
        """jieba's dictionary tag of ``text`` when the dictionary knows it as one word."""
        from .features import jieba_pos_table

        return jieba_pos_table().get(text)

    @staticmethod
    @functools.lru_cache(maxsize=65536)
    def common_words_only(text: str) -> bool:
        """Is ``text`` made only of ordinary dictionary words (酒店, 党员志愿者服务队, 调研组)?

        A weak model span needs at least one word that jieba's dictionary tags as a name
        (nt/ns/nr/nz/j: 新华社, 北约, 东盟) or that the dictionary does not know at all as a whole."""
        from .features import tagged_words

        words = tagged_words(text)
        if len(words) == 1 and not words[0][1]:
            return False
        return all((tag or "x")[:2] not in NAME_TAGS for _, tag in words) and all(tag for word, tag in words if len(word) > 1)


def _only_a_place(text: str) -> bool:
    """Is ``text`` exactly a division's name or short form (沈阳, 沈阳市)?"""
    from kg.places import national

    return bool(national().surfaces.get(text))


_PARK_BEFORE_NAME = re.compile(r"(?:经开区|高新区|开发区|产业园区|工业园区|产业园|工业园|园区)(?:[A-Z0-9]{1,2}区)?")
_PARK_TRADE = re.compile(r"投资|开发|建设|管理|运营|发展|服务|置业|实业|资产|控股|有限|股份|集团|公司|[（(]")

_JOINED_BODIES = re.compile(r"(.{2,}?(?:园|院|校|会|局|委|办|中心|公司|集团|厂|站|所|馆|部|队|社))[和与及](?=[县市区省].{2,})")


def _split_joined_bodies(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``阳光幼儿园和县社会福利院``: a model organisation that runs two bodies together over 和 (read as
    the county 和县) is two, each read on its own."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        joined = _JOINED_BODIES.match(text, start, end) if label == "ORG" else None
        if joined is None:
            out.append((start, end, label))
            continue
        out += [(start, joined.end(1), label), (joined.end(), end, label)]
    return out


_AFTER_TITLED_NAME = re.compile(r"[、，。；：,（(\s]|$|作|出席|参加|主持|讲话|致辞|发言|表示|指出|强调|介绍|陪同|一行|在|到|等|代表|就|对|向|说|带队|率")


class KgRuler:
    """Adds pattern entities to ``doc.ents`` and refines the model's labels (see module doc)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PatternMatcher([])
        self.refiner = Refiner({})

    def initialize(self, patterns: list[Pattern], rules: dict[str, Any]) -> None:
        """Load the data explicitly (not in the constructor), as spaCy components do."""
        self.matcher = PatternMatcher(patterns)
        self.refiner = Refiner(rules)

    def __call__(self, doc: Doc) -> Doc:
        text = token_columns(doc)[2]  # Doc.text builds a Token object per character
        cands: list[Candidate] = []
        unsure: list[Candidate] = []  # model names without a known surname (俸元春, 禤志明)
        for ent_start, ent_end, ent_label in _split_joined_bodies(text, [(e.start_char, e.end_char, e.label_) for e in doc.ents]):
            ent_text = text[ent_start:ent_end]
            # refine first, so that a model span that cannot be what it claims never wins an overlap
            coarse = MODEL_LABELS.get(ent_label, ent_label)
            found = self.refiner.classify(ent_text, coarse)
            if found is not None:
                label, strong = found
                cands.append(Candidate(ent_start, ent_end, label, "model" if strong else "model-weak", None))
            elif coarse == "PERSON" and ent_text not in self.refiner.stop and (
                re.fullmatch(r"[\u4e00-\u9fff]{3}", ent_text)
                # 杨何蓓茵: a Hong Kong name with the husband's surname before her own
                or re.fullmatch(r"[\u4e00-\u9fff]{4}", ent_text) and ent_text[0] in self.refiner.surnames and ent_text[1] in self.refiner.surnames
            ):
                unsure.append(Candidate(ent_start, ent_end, "PERSON", "model", None))
        for cand in self.matcher.candidates(text):
            found_text = text[cand.start : cand.end]
            if found_text in self.refiner.stop or not self._has_name(cand, found_text):
                continue
            if cand.label == "COMPANY" and cand.pattern_id == "company-list" and _NO_ENTERPRISE_NAME.fullmatch(found_text):
                continue  # 前往相关建筑公司、科技公司等企业: enterprises described by their trade alone name none
            if cand.label == "COMPANY" and cand.pattern_id == "company-before-post" and found_text.endswith(self.refiner.org):
                cand = Candidate(cand.start, cand.end, "ORG", cand.source, cand.pattern_id)  # 市工商联党组书记: a federation
            cands.append(cand)
        # 市政协副主席俸元春作报告: a three-character model name (or a four-character one of two surnames)
        # right after a title and before a list or clause mark or a verb is a name, whatever its
        # surname (the surname list cannot hold them all)
        title_ends = {c.end for c in cands if c.label == "TITLE"}
        cands += [c for c in unsure if c.start in title_ends and text[c.end - 1] not in self.refiner.not_in_names
                  and _AFTER_TITLED_NAME.match(text, c.end)]
        cands = [self._trim_company(text, c) for c in cands if not _level_in_chain(text, c)]
        cands = _people_lists(text, cands)
        cands += _place_body_overlaps(text, cands)
        # 董事长王峰作报告: the model's 王峰作 runs a name into the verb after it; a name read after a
        # title (whose end was checked against the words that follow names) starts there and wins
        titled = {(c.start, c.end) for c in cands if c.label == "PERSON" and c.pattern_id == "person-after-title"}
        cands = [c for c in cands if not (c.label == "PERSON" and c.source.startswith("model")
                                           and any(s == c.start and e == c.end - 1 for s, e in titled))]
        spans: list[Span] = []
        chosen = _join_place_bodies(text, _join_branches(text, _split_organiser(text, select(cands), cands)))
        for cand in _split_party_units(text, self._extend_generic_companies(text, chosen)):
            span = doc.char_span(cand.start, cand.end, label=cand.label, alignment_mode="expand")
            if span is None:
                continue
            if cand.pattern_id:
                span.id_ = cand.pattern_id
            span.kb_id_ = cand.source
            spans.append(span)
        doc.ents = _non_overlapping(spans)
        return doc

    def _extend_generic_companies(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """耐火材料厂 after 龙亭区汴和 is 汴和耐火材料厂: an enterprise name of ordinary words only takes
        the two or three characters before it that hold its name, when a place, 在/到 or punctuation
        stands before those."""
        out: list[Candidate] = []
        for index, cand in enumerate(chosen):
            name = text[cand.start : cand.end]
            suffix = next((s for s in self.refiner.legal_suffix if name.endswith(s)), "")
            if (cand.label == "COMPANY" and cand.source.startswith("model") and name not in _BARE_ENTERPRISE
                    and self.refiner.common_words_only(name[: len(name) - len(suffix)] or name)):
                previous = chosen[index - 1] if index else None
                for k in (2, 3):
                    start = cand.start - k
                    head = text[start : cand.start] if start >= 0 else ""
                    if not re.fullmatch(r"[\u4e00-\u9fa5]+", head) or (previous is not None and previous.end > start):
                        continue
                    if any(len(b.group()) > 1 for b in self.refiner.company_boundary.finditer(head)) if self.refiner.company_boundary else False:
                        continue  # a verb or a description (深入, 企业) is no part of a name
                    if head[-1] in "在到对就由把赴向从将被":
                        continue  # a preposition before it (并在集团公司): the name starts after it
                    before_ok = start == 0 or text[start - 1] in "，、。：；“（ \n" or text[start - 1] in "在到" or (
                        previous is not None and previous.end == start and previous.label == "ADMIN")
                    if before_ok:
                        cand = Candidate(start, cand.end, cand.label, cand.source, cand.pattern_id)
                        break
            out.append(cand)
        return out

    def _trim_company(self, text: str, cand: Candidate) -> Candidate:
        if cand.pattern_id == "gov-place-body":
            return _trim_place_body(text, cand)
        if cand.label != "COMPANY" or cand.source == "gazetteer":
            return cand
        cut = self.refiner.company_start(text[cand.start : cand.end])
        return Candidate(cand.start + cut, cand.end, cand.label, cand.source, cand.pattern_id) if cut else cand

    def _has_name(self, cand: Candidate, text: str) -> bool:
        pattern = self.matcher.by_id.get(cand.pattern_id or "")
        if pattern is None or pattern.name_before is None or not text.endswith(pattern.name_before):
            return True
        return not self.refiner.common_words_only(text[: len(text) - len(pattern.name_before)])


_SESSION = re.compile(r"第?[一二三四五六七八九十百\d]+[届次]")
# a weak organisation span the model read that names no one body: two joined by 和/与/及, a report or
# a work item (…工作汇报), a collective (四大班子, 代表团, 考察团), a plural (各部门)
_NOT_AN_ORGANISATION = re.compile(r".[和与及].|(?:汇报|报告|工作|班子|代表团|考察团|调研组|领导|部门|佳节|节日)$|^[各全本该]")
_VENUES = ("产业园", "工业园", "园区", "酒店", "宾馆", "饭店", "会展中心", "体育馆", "展览馆", "纪念馆")
_PROJECT_TRADES = "(?!管理|咨询|投资|建设|开发|策划|服务|代建)"
_BODIES = ("GOV", "ORG", "COMPANY")
# enterprises that a text describes but does not name: by a qualifier (相关建筑公司), by their trade alone
# (科技公司), or a list's end and its kind (国盾量子等公司)
_NO_ENTERPRISE_NAME = re.compile(r"(?:相关|有关|部分|多家|一些|各类|各|本地|当地|辖区|重点|骨干|龙头)[\u4e00-\u9fa5]*"
                                 r"|(?:科技|建筑|建设|工程|物流|贸易|商贸|电子|机械|化工|食品|医药|制造|投资|能源|环保)(?:有限)?公司"
                                 r"|.*等(?:[\d两二三四五六七八九十]+家)?(?:公司|企业)")
# an enterprise written by its kind alone (集团公司): the page's own, never widened into a name
_BARE_ENTERPRISE = frozenset({"集团", "集团公司", "公司", "总公司"})


def _people_lists(text: str, cands: list[Candidate]) -> list[Candidate]:
    """王强、李明等企业家代表: a list before 等企业 whose every item the model reads as a person's name
    lists people, not enterprises; where some items are not names (东方碳素、九云科技、李大厨等企业),
    the list is of enterprises and a name-like item (李大厨) is one too."""
    people = {(c.start, c.end) for c in cands if c.label == "PERSON" and c.source == "model"}
    listed = sorted((c for c in cands if c.pattern_id == "company-list"), key=lambda c: c.start)
    runs: list[list[Candidate]] = []
    for cand in listed:
        if runs and text[runs[-1][-1].end : cand.start] == "、":
            runs[-1].append(cand)
        else:
            runs.append([cand])
    drop = {id(c) for run in runs if all((c.start, c.end) in people for c in run) for c in run}
    return [c for c in cands if id(c) not in drop] if drop else cands


def _split_organiser(text: str, chosen: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """A body written before a meeting's session number is its own mention, as a body before a
    title is (全国政协八届五次会议 -> 全国政协 GOV + 八届五次会议 MEETING): the organiser becomes a node
    of its own. Only a session number (届, 次) marks the cut: 加中贸易理事会年会 stays one meeting."""
    out: list[Candidate] = []
    for cand in chosen:
        if cand.label == "MEETING":
            bodies = [b for b in cands if b.label in _BODIES and b.start == cand.start and b.end < cand.end
                      and _SESSION.match(text, b.end)]
            if bodies:
                body = max(bodies, key=lambda b: b.end)
                out.append(body)
                out.append(Candidate(body.end, cand.end, "MEETING", cand.source, cand.pattern_id))
                continue
        out.append(cand)
    return out


_BRANCH_END = ("中心", "分会", "分院", "分所")  # 中心 covers 分中心


def _join_branches(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """An institution followed at once by a city-named unit is one name, the branch
    (欧美同学会 + 郑州海创中心 -> 欧美同学会郑州海创中心). Government bodies are left apart: 市委市政府
    is two bodies."""
    out: list[Candidate] = []
    for cand in chosen:
        last = out[-1] if out else None
        if (
            last is not None and last.end == cand.start and last.label == "ORG" and cand.label == "ORG"
            and text[cand.start : cand.end].endswith(_BRANCH_END)
            and Refiner.dictionary_tag(_first_word(text[cand.start : cand.end])) == "ns"
        ):
            # a new name: neither part's gazetteer id (and canonical name) applies to it
            out[-1] = Candidate(last.start, cand.end, "ORG", "regex", "org-branch")
            continue
        out.append(cand)
    return out


_GENERIC_BODY = re.compile(r"(?:[省市县区州旗镇乡](?=委|人民政府|政府|人大|政协))?(?:委|人民政府|政府|人大常委会|人大|政协|党委|党工委|管委会)")


_PLACE_BODY = re.compile(r"(.*[省市县区州旗])(人民政府|人大常委会|政协)$")
_NOT_PLACE_TAGS = ("p", "c", "v", "u", "d", "r", "m", "f", "a", "nr", "q", "t")
# nouns jieba does not tag as verbs that say who acts for a body (陈春代表县人民政府), never a place's words
_NOT_PLACE_WORDS = frozenset({"代表", "关于", "会同", "联合", "委托", "受"})


def _trim_place_body(text: str, cand: Candidate) -> Candidate:
    """陈建平为竹山县人民政府 -> 竹山县人民政府, 并报送市人大常委会 -> 市人大常委会: a place's body found
    from the sentence start keeps only the place words before the body (jieba's dictionary: places,
    names it does not know, words ending in a level such as 市)."""
    from .features import jieba_pos_table, jieba_tokenizer

    found = _PLACE_BODY.match(text[cand.start : cand.end])
    if found is None:
        return cand
    table = jieba_pos_table()
    words = jieba_tokenizer().lcut(found.group(1), HMM=False)
    keep = 0
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        tag = table.get(word, "")
        before = words[index - 1] if index > 0 else ""
        if word == "和县" and before and not (table.get(before, "") == "ns" and len(before) > 1 or before[-1] in "省市"):
            keep += 1  # 邓建华和县人大常委会: 和 joins a name to 县人大常委会 (安徽省和县人大常委会 is the county's)
            break
        if word in _NOT_PLACE_WORDS or word[-1] not in "省市县区州旗" and (tag.startswith(_NOT_PLACE_TAGS) or (not tag and len(word) == 1)):
            break
        keep += len(word)
    cut = len(found.group(1)) - keep
    return Candidate(cand.start + cut, cand.end, cand.label, cand.source, cand.pattern_id) if cut else cand


_PARTY_UNIT_END = re.compile(r"(?:党委|党组|纪委|党总支|党支部)$")
_ENTERPRISE_END = ("集团", "公司", "银行", "控股", "股份")


def _split_party_units(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """上海电气集团党委 is the enterprise 上海电气集团 with its party unit: the enterprise is the
    mention (the party post's body is read from the text after it, as for 党委委员)."""
    out: list[Candidate] = []
    for cand in chosen:
        name = text[cand.start : cand.end]
        unit = _PARTY_UNIT_END.search(name) if cand.label == "GOV" else None
        if unit is not None and name[: unit.start()].endswith(_ENTERPRISE_END) and unit.start() >= 4:
            out.append(Candidate(cand.start, cand.start + unit.start(), "COMPANY", cand.source, None))
            continue
        out.append(cand)
    return out


def _place_body_overlaps(text: str, cands: list[Candidate]) -> list[Candidate]:
    """竹山县 (a place) and 县人民政府 (a body pattern) share the 县: together they are 竹山县人民政府."""
    ends = {c.end: c for c in cands if c.label == "ADMIN" and c.end - c.start >= 2}
    out = []
    for cand in cands:
        place = ends.get(cand.start + 1)
        if cand.label == "GOV" and place is not None and text[cand.start] in "省市县区州旗镇乡" and _GENERIC_BODY.fullmatch(text[cand.start : cand.end]):
            out.append(Candidate(place.start, cand.end, "GOV", "regex", "gov-place-body"))
    return out


def _join_place_bodies(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A place followed at once by a generic body is the place's body, one name: 竹山县 + 人民政府
    -> 竹山县人民政府, 郏县 + 县委 -> 郏县县委 (the level written twice), 新乡市 + 政协."""
    out: list[Candidate] = []
    for cand in chosen:
        last = out[-1] if out else None
        body = text[cand.start : cand.end]
        generic = _GENERIC_BODY.fullmatch(body)
        place_end = text[last.end - 1] if last is not None else ""
        if (last is not None and last.end == cand.start and last.label == "ADMIN" and cand.label == "GOV" and generic
                and (body[0] not in "省市县区州旗镇乡" or body[0] == place_end or place_end not in "省市县区州旗镇乡新")):
            out[-1] = Candidate(last.start, cand.end, "GOV", "regex", "gov-place-body")
            continue
        out.append(cand)
    return out


def _first_word(text: str) -> str:
    from .features import jieba_tokenizer

    return next(iter(jieba_tokenizer().cut(text, HMM=False)), "")


def _level_in_chain(text: str, cand: Candidate) -> bool:
    """Is an organisation word a level in a chain such as ``党工委—办事处党工委—社区党委`` (a kind
    of body, not a body)? A single dash joins the levels; a double one (``——``) is punctuation."""
    if cand.label not in ("GOV", "ORG"):
        return False
    before = text[cand.start - 2 : cand.start]
    after = text[cand.end : cand.end + 2]
    return (before.endswith("—") and not before.endswith("——")) or (after.startswith("—") and after != "——")


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    last_end = -1
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if span.start >= last_end:
            out.append(span)
            last_end = span.end
    return out


@Language.factory("kg_ruler")
def make_kg_ruler(nlp: Language, name: str) -> KgRuler:
    return KgRuler(nlp, name)
