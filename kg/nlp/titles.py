"""The title grammar: a lexicon of Chinese official titles and ranks (``kg/patterns/titles.jsonl``)
compiled into the patterns that find titles, the names after them and the enterprises before them.

A title as written is ``MODIFIER* 副? HEAD SUFFIX?`` (常务副市长, 高级副总裁, 代区长, 县长助理), a civil-service rank
(一级巡视员, 三级调研员), a head valid only after a party unit (党组成员), or a contracted department
post (公安局长 = 公安局 + 局长, 组织部长 = 组织部 + 部长). Heads carry the domain they belong to
(party, government, enterprise, institution) and, for the heads of a government (市长, 县长), the
body they imply when none is written (市政府), the ends of the bodies they head (``"of"``: 局长 heads
a 局, so a bare 局长 takes the 局 its sentence named), and whether they are a post at all without a
body (``"needs_body"``: 政委, 副师长, 教授). Everything here is data: a user adds a title or a
department stem with a line of JSON, not a change to a regular expression.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..fileio import json_line

# what may not follow a head (委员会, 董事会, 主席团, 书记处, 书记员, 部长级); 会见, 会谈, 会晤, 会同 are
# the verb after a title (张立总经理会见…), not a body
_NOT_AFTER_HEAD = "(?![团台处员级]|会(?!见|谈|晤|同))"
# a rank written with its grade: 一级巡视员, 四级调研员, 二级高级警长 (grades beyond the lexicon too)
_GRADED_RANK = r"[一二三四五六七八九]级(?:高级)?(?:巡视员|调研员|主任科员|科员|警长|警员|法官|检察官)"
# a rank by level: 副处级干部, 副县级领导干部, 正厅级领导 (any level the lexicon does not list)
_LEVEL_RANK = r"[正副]?(?:省部|厅局|县处|乡科|省|厅|市|局|县|处|区|科|乡|镇)级(?:领导干部|干部|领导)"
_GOVERNMENT_BODY_ENDS = ("政协", "人大", "常委会", "政府", "委", "局", "办", "厅", "法院", "检察院", "街道", "镇", "乡", "工委", "管委会")
_ENTERPRISE_HEADS_BEFORE = ("董事长", "副董事长", "总经理", "总裁", "首席执行官", "总会计师", "总经济师",
                            "总工程师", "执行董事", "监事会主席", "监事长", "首席财务官", "首席技术官")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Contracted:
    unit: str  # 局
    title: str  # 局长
    stems: tuple[str, ...]
    party: frozenset[str]  # stems of party departments (组织部 belongs to the party committee)

    @property
    def written(self) -> str:
        """What follows the stem: 局长 shares its 局 with the unit (公安局长); 委 + 主任 does not."""
        return self.title if self.title.startswith(self.unit) else self.unit + self.title


@dataclass(frozen=True)
class TitleLexicon:
    modifiers: tuple[str, ...]
    heads: dict[str, str]  # head -> domain
    implies: dict[str, str]  # head -> implied body (市长 -> 市政府)
    ranks: tuple[str, ...]
    after: dict[str, tuple[str, ...]]  # head -> party units it must follow (成员 after 党组)
    contracted: tuple[Contracted, ...] = field(default=())
    suffixes: tuple[str, ...] = field(default=())  # after a head: 县长助理, 总经理助理
    heads_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # head -> the ends of the bodies it heads (局长: 局)
    needs_body: frozenset[str] = field(default=frozenset())  # heads that are no post without a body (负责人)

    def bodyless(self, title: str) -> bool:
        """Is ``title`` a post even where no body is named (县长, 副处级干部), unlike 负责人 or 副师长?"""
        head = self.head_of(title)
        return head is None or head.removeprefix("副") not in self.needs_body and head not in self.needs_body

    def suffix_re(self) -> str:
        return f"(?:{_alternation(self.suffixes)})?" if self.suffixes else ""

    # -- regular expressions --------------------------------------------------------------------
    def modifier_re(self) -> str:
        return f"(?:{_alternation(self.modifiers)}){{0,2}}副?" if self.modifiers else "副?"

    def rank_regex(self) -> str:
        """The civil-service and leadership ranks (一级调研员, 副处级干部, 县领导): posts with no body."""
        return f"(?:{_LEVEL_RANK}|{_GRADED_RANK}|{_alternation(self.ranks)})" if self.ranks else f"(?:{_LEVEL_RANK}|{_GRADED_RANK})"

    def title_regex(self) -> str:
        """Every title of the lexicon as one regular expression (longest forms first)."""
        ranks = f"(?:{_LEVEL_RANK}|{_GRADED_RANK}|{_alternation(self.ranks)})" if self.ranks else f"(?:{_LEVEL_RANK}|{_GRADED_RANK})"
        heads = _alternation(self.heads)
        parts = [ranks, f"{self.modifier_re()}(?:{heads}){self.suffix_re()}{_NOT_AFTER_HEAD}"]
        for head, units in self.after.items():
            behind = "|".join(f"(?<={re.escape(u)})" for u in units)
            parts.append(f"(?:{behind}){re.escape(head)}(?!单位)")
        return "|".join(parts)

    def contracted_regex(self) -> str:
        """公安局长, 市公安局长, 市委组织部长: a department stem and its unit's head, with the place
        or party committee that may stand before it (the body is then the whole prefix)."""
        alts = []
        for c in self.contracted:
            if c.stems:
                alts.append(f"(?:{_alternation(c.stems)}){re.escape(c.written)}")
        if not alts:
            return r"(?!x)x"
        return f"(?:(?:[省市区县][委府]?|中共[\\u4e00-\\u9fa5]{{1,4}}?[省市区县]委)?)(?:{'|'.join(alts)})(?![会团台处员级])"

    def after_title_lookbehind(self) -> str:
        """A lookbehind for "right after a title" (names follow their titles: 主任张红军)."""
        ends = set(self.heads) | set(self.ranks) | set(self.suffixes) | {"领导", "调研员", "巡视员", "科员"}
        ends |= {unit + head for head, units in self.after.items() for unit in units}  # 党组成员, not 成员单位
        ends |= {c.title for c in self.contracted}
        return "(?:" + "|".join(f"(?<={re.escape(e)})" for e in sorted(ends, key=lambda e: (-len(e), e))) + ")"

    def enterprise_lookahead(self) -> str:
        """A lookahead for "right before an enterprise post" (京东集团副总裁, 思维董事长)."""
        heads = _alternation(h for h in _ENTERPRISE_HEADS_BEFORE)
        party = "(?:党委|党组|党总支)(?:副?书记|委员|常委)"
        # not after a government body's own name (县政协党组书记, 市财政局党组成员: no enterprise)
        body = "".join(f"(?<!{b})" for b in _GOVERNMENT_BODY_ENDS)
        return f"{body}(?=(?:{party}、)?{self.modifier_re()}(?:{heads})|{party})"

    # -- reading a title --------------------------------------------------------------------------
    def head_of(self, title: str) -> str | None:
        """The lexicon head a title ends with (常务副市长 -> 市长, 县长助理 -> 县长), or None for a rank or unknown."""
        title = self.without_suffix(title)
        for head in sorted(self.heads, key=len, reverse=True):
            if title.endswith(head):
                return head
        return None

    def implied_body(self, title: str) -> str | None:
        head = self.head_of(title)
        if head is None:
            return None
        stripped = re.sub(f"^{self.modifier_re()}", "", self.without_suffix(title))
        return self.implies.get(head) if stripped == head else None

    def heads_body(self, title: str, body: str) -> bool:
        """Can ``title`` be the head of ``body`` by its name (副局长 of 某某局, 院长 of 某某医院)?"""
        head = self.head_of(title)
        ends = self.heads_of.get(head.removeprefix("副"), ()) or self.heads_of.get(head, ()) if head is not None else ()
        # a group or a corps (集团, 兵团) is no 团 a 团长 heads
        return any(body.endswith(e) and not body.endswith(("集团", "兵团")) for e in ends)

    def without_suffix(self, title: str) -> str:
        """县长助理 -> 县长: the head a suffixed title is the assistant of."""
        for suffix in self.suffixes:
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)]
        return title

    def split_contracted(self, text: str) -> tuple[str, str, bool] | None:
        """市公安局长 -> (市公安局, 局长, False); 组织部长 -> (组织部, 部长, True: a party department)."""
        for c in self.contracted:
            if text.endswith(c.written):
                prefix = text[: len(text) - len(c.written)]
                if any(prefix.endswith(s) for s in c.stems):
                    return prefix + c.unit, c.title, any(prefix.endswith(s) for s in c.party)
        return None


def _parse(rows: Iterable[tuple[str, dict[str, Any]]]) -> TitleLexicon:
    modifiers: list[str] = []
    heads: dict[str, str] = {}
    implies: dict[str, str] = {}
    ranks: list[str] = []
    after: dict[str, tuple[str, ...]] = {}
    contracted: list[Contracted] = []
    suffixes: list[str] = []
    heads_of: dict[str, tuple[str, ...]] = {}
    needs_body: set[str] = set()
    for where, row in rows:
        kind, text = row.get("kind"), row.get("text")
        if kind == "note":
            continue
        if kind == "contracted":
            unit, title, stems = row.get("unit"), row.get("title"), row.get("stems")
            if not (isinstance(unit, str) and isinstance(title, str) and isinstance(stems, list)):
                raise ModelError(f"{where}: a contracted line needs unit, title and stems")
            contracted.append(Contracted(unit, title, tuple(stems), frozenset(row.get("party") or ())))
            continue
        if not isinstance(text, str) or not text:
            raise ModelError(f"{where}: a {kind!r} line needs a 'text'")
        if kind == "modifier":
            modifiers.append(text)
        elif kind == "head":
            heads[text] = str(row.get("domain", ""))
            if row.get("implies"):
                implies[text] = str(row["implies"])
            if row.get("needs_body"):
                needs_body.add(text)
            if row.get("of") is not None:
                if not isinstance(row["of"], list) or not all(isinstance(u, str) and u for u in row["of"]):
                    raise ModelError(f"{where}: 'of' must be a list of body ends")
                heads_of[text] = tuple(row["of"])
        elif kind == "rank":
            ranks.append(text)
        elif kind == "suffix":
            suffixes.append(text)
        elif kind == "after":
            units = row.get("units")
            if not isinstance(units, list) or not units:
                raise ModelError(f"{where}: an 'after' line needs 'units'")
            after[text] = tuple(units)
        else:
            raise ModelError(f"{where}: unknown kind {kind!r} (modifier, head, rank, suffix, after, contracted, note)")
    return TitleLexicon(tuple(modifiers), heads, implies, tuple(ranks), after, tuple(contracted), tuple(suffixes), heads_of, frozenset(needs_body))


def read_lexicon(path: Path) -> TitleLexicon:
    """Read a title lexicon; a bad line is a ModelError naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read title lexicon ({exc.strerror})") from None
    rows: list[tuple[str, dict[str, Any]]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = json_line(line, f"{path}:{number}", ModelError)
        if not isinstance(row, dict):
            raise ModelError(f"{path}:{number}: a lexicon line must be a JSON object")
        rows.append((f"{path}:{number}", row))
    return _parse(rows)


@functools.cache
def title_lexicon() -> TitleLexicon:
    """The shipped lexicon (``kg/patterns/titles.jsonl``), read once per process."""
    return read_lexicon(Path(str(resources.files("kg") / "patterns" / "titles.jsonl")))
