"""Mentions -> canonical entities. The only place where aliases merge.

Rules, in order (each merge is recorded with the rule that made it, for ``kg build --report``):
1. ``gazetteer``: a phrase matched from ``kg/patterns/gazetteer.jsonl`` takes that line's canonical
   name (several surface forms share an id: ``高新区`` -> ``郑州高新区``).
2. ``alias-file``: ``kg/patterns/aliases.jsonl`` (user-extensible) maps a surface form to a canonical.
3. ``district-scope``: bodies written without their district (``党工委``, ``管委会``, ``区人大工委``)
   or with the short district (``高新区党工委``) belong to the district the page is about; ``市``/``省``
   prefixes expand to the city and province of ``resolve.json``.
4. ``company-core``: a short enterprise name (``核净公司``, ``中远氨纶``) whose core is part of exactly one
   full name seen in the corpus (``河南核净洁净技术有限公司``) merges into it.
5. ``same-name``: persons merge by name across pages (the seeds name each official consistently).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, ModelError
from .records import ENTITY_LABELS, Entity, Extraction, Mention, Ref

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

    def key(self, doc_id: str, ref: Ref | None) -> str | None:
        if ref is None:
            return None
        return self.refs.get((doc_id, ref.label, ref.text))

    def report(self) -> str:
        lines = ["# Resolution report", "", "| page | surface | canonical | label | rule |", "|---|---|---|---|---|"]
        for merge in sorted(set(self.merges), key=lambda m: (m.doc_id, m.label, m.surface)):
            lines.append(f"| {merge.doc_id} | {merge.surface} | {merge.canonical} | {merge.label} | {merge.rule} |")
        lines.append("")
        lines.append("Page districts: " + ", ".join(f"{d}={v}" for d, v in sorted(self.districts.items())))
        return "\n".join(lines) + "\n"


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


def load_aliases(extra: Sequence[Path] = ()) -> dict[tuple[str, str], str]:
    """(label, alias) -> canonical from the shipped alias file and any user files."""
    files: list[Any] = [resources.files("kg") / "patterns" / "aliases.jsonl", *extra]
    out: dict[tuple[str, str], str] = {}
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
                out[(data["label"], data["alias"])] = data["canonical"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(f"{path}:{number}: alias lines need label, alias and canonical") from None
    return out


def page_district(mentions: Iterable[Mention], config: dict[str, Any] | None = None) -> str:
    """The district a page is about: the district most often named by its places, bodies and meetings."""
    config = config or _resolve_config()
    counts: Counter[str] = Counter()
    for mention in mentions:
        if mention.label in {"ADMIN", "GOV", "MEETING"}:
            for short, canonical in config["districts"].items():
                if mention.text.startswith(short) or mention.text.startswith(canonical):
                    counts[canonical] += 1
    return counts.most_common(1)[0][0] if counts else str(config["default_district"])


def district_names(district: str, config: dict[str, Any] | None = None) -> frozenset[str]:
    """The names a page may use for its district (郑州高新区: 高新区, 郑州高新区)."""
    config = config or _resolve_config()
    return frozenset({district, *(short for short, canonical in config["districts"].items() if canonical == district)})


class Resolver:
    def __init__(self, aliases: dict[tuple[str, str], str] | None = None) -> None:
        self.config = _resolve_config()
        self.gazetteer = load_gazetteer_canonicals()
        self.aliases = aliases if aliases is not None else load_aliases()
        self.merges: list[Merge] = []

    # -- one surface form --------------------------------------------------------------------------
    def canonical(self, doc_id: str, mention: Mention | Ref, district: str) -> str:
        label, text = mention.label, mention.text
        pid = getattr(mention, "pattern_id", None)
        if (label, text) in self.aliases:
            return self._merge(doc_id, text, self.aliases[(label, text)], label, "alias-file")
        context = self.config.get("context_places", {})
        if label == "ADMIN" and text in context:
            # 全区 on a 郑东新区 page is 郑东新区: a reference, resolved by the page, never an alias
            target = district if context[text] == "DISTRICT" else context[text]
            self.merges.append(Merge(doc_id, text, target, label, "page-context"))
            return target
        if pid and pid in self.gazetteer and self.gazetteer[pid][1] == label:
            name = self.gazetteer[pid][0]
            if label == "GOV":
                name = self._scope_body(name, district)
            return self._merge(doc_id, text, name, label, "gazetteer")
        if label in {"GOV", "MEETING"}:
            return self._merge(doc_id, text, self._scope_body(text, district), label, "district-scope")
        return text

    def _scope_body(self, text: str, district: str) -> str:
        cfg = self.config
        for short, canonical in cfg["districts"].items():
            if text.startswith(canonical):
                return text
            if text.startswith(short):
                return canonical + text[len(short) :]
        for place, canonical in cfg.get("context_places", {}).items():
            if text.startswith(place) and len(text) > len(place):  # 全区安委会 on a 郑东新区 page
                return (district if canonical == "DISTRICT" else canonical) + text[len(place) :]
        for prefix, canonical in cfg["prefixes"].items():
            if text.startswith(prefix) and not text.startswith(canonical):
                rest = text[len(prefix) :]
                if prefix == "区":
                    return district + rest
                return canonical + rest
        if text.startswith(tuple(cfg["district_bodies"])):
            return district + text
        return text

    def _merge(self, doc_id: str, surface: str, canonical: str, label: str, rule: str) -> str:
        if surface != canonical:
            self.merges.append(Merge(doc_id, surface, canonical, label, rule))
        return canonical

    # -- all documents -----------------------------------------------------------------------------
    def resolve(self, extractions: Sequence[Extraction]) -> Resolution:
        refs: dict[tuple[str, str, str], str] = {}
        districts: dict[str, str] = {}
        surface_to_name: dict[tuple[str, str, str], str] = {}
        for ex in extractions:
            district = ex.district  # decided once, by extract
            districts[ex.document.doc_id] = district
            for ref in _all_refs(ex):
                if ref.label not in ENTITY_LABELS or (ex.document.doc_id, ref.label, ref.text) in surface_to_name:
                    continue
                surface_to_name[(ex.document.doc_id, ref.label, ref.text)] = self.canonical(
                    ex.document.doc_id, ref, district
                )
        event_names = {
            (ex.document.doc_id, event.label): self.canonical(
                ex.document.doc_id, Ref("MEETING", event.label), districts[ex.document.doc_id]
            )
            for ex in extractions
            for event in ex.events
            if event.kind == "meeting"
        }
        company_map = self._company_cores({n for (d, l, s), n in surface_to_name.items() if l == "COMPANY"})
        entities: dict[str, dict[str, Any]] = {}
        mention_counts: Counter[str] = Counter()
        for ex in extractions:
            for m in ex.mentions:
                name = surface_to_name.get((ex.document.doc_id, m.label, m.text))
                if name is not None:
                    mention_counts[entity_key(m.label, company_map.get(name, name) if m.label == "COMPANY" else name)] += 1
        for (doc_id, label, surface), name in sorted(surface_to_name.items()):
            if label == "COMPANY" and name in company_map:
                self.merges.append(Merge(doc_id, surface, company_map[name], label, "company-core"))
                name = company_map[name]
            key = entity_key(label, name)
            refs[(doc_id, label, surface)] = key
            slot = entities.setdefault(key, {"label": label, "name": name, "aliases": set(), "docs": set()})
            if surface != name and surface not in self.config.get("context_places", {}):
                slot["aliases"].add(surface)
            slot["docs"].add(doc_id)
        built = {
            key: Entity(
                key=key,
                label=slot["label"],
                name=slot["name"],
                aliases=tuple(sorted(slot["aliases"])),
                doc_ids=tuple(sorted(slot["docs"])),
                mentions=mention_counts.get(key, 0),
            )
            for key, slot in sorted(entities.items())
        }
        return Resolution(built, refs, list(self.merges), districts, event_names)

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
    return Resolver(load_aliases(alias_files)).resolve(extractions)
