"""``kg eval graph``: entities and relations of the pipeline against hand-written gold annotations.

Gold format: ``tests/gold/README.md``. Entities are scored exact-span on the original page offsets
(per label); relations are scored as sets of tuples of canonical names per page, after mapping both
sides through the gold file's alias lines:
- membership: (person, body, title)
- participation: (month-day of the event, agent, role) for meetings; attendee tuples that the
  pipeline only implies from a chair/speaker role are not counted (gold marks attendance only where
  written)
- visit: (month-day, agent, role) for inspection visits
- author: (person, role); located_in: (item, place)
- post_any_body: (person, title) of every membership, whatever body it names (a looser figure: the
  title reached the right person even where the body is wrong or missing)
- post_resolved: membership, stricter: a body the pipeline left unresolved (``县委`` on a page
  that names no county, kept page-local) never matches, even where the gold maps its written form to a
  canonical the annotator knew from outside the page (a stricter figure for place-aware resolution)

Names on both sides are compared after the gold file's aliases and a light normalisation (Traditional
to Simplified, a leading 中共 and 人民政府/政府 ignored, full-width brackets), so that a page written in
Traditional characters or a body named 中共新乡市委 / 新乡市委 compares equal.

A gold file may open with a ``{"kind": "page", "split": "dev", "source": URL, ...}`` line. Pages are then
scored per split (``dev``, ``heldout``) as well as together; such a page scores the relation kinds in its
``relations`` list (default: membership, participation, visit, author: the development set does not
annotate located-in). A gold folder with a ``pages/`` subfolder is read with its own pages by default.
"""

from __future__ import annotations

import re

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .build import run_pipeline
from .errors import InputError
from .fileio import json_line
from .records import Extraction, Ref
from .resolve import Resolution, democratic_party_name
from .script import to_simplified

RELATION_KINDS = ("membership", "post_any_body", "post_resolved", "participation", "visit", "author", "located_in")
# Relation kinds a gold file with a "page" line scores unless it lists its own.
PAGE_RELATIONS = ("membership", "post_any_body", "post_resolved", "participation", "visit", "author")
# Label groups scored as one type (a body found as an organisation of the wrong kind still counts).
GROUPS = {"organisation": ("GOV", "COMPANY", "ORG"), "place": ("ADMIN", "SITE")}


def load_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json_line(line, f"{path}:{number}", InputError)
        if not isinstance(row, dict) or "kind" not in row:
            raise InputError(f"{path}:{number}: a gold line is an object with a 'kind'")
        rows.append(row)
    return rows


def _md(date: str | None) -> str:
    return date[-5:] if date else ""


class _Names:
    """Maps names on both sides onto the gold file's canonical names."""

    def __init__(self, gold: list[dict[str, Any]]) -> None:
        self.map: dict[str, str] = {}
        for row in gold:
            if row["kind"] == "alias":
                self.map[row["alias"]] = row["canonical"]
            elif row["kind"] == "entity" and row.get("canonical"):
                self.map.setdefault(row["text"], row["canonical"])
        for written, canonical in list(self.map.items()):
            # 國安會 in the gold, 国安会 in the graph: an alias written in Traditional maps both scripts
            self.map.setdefault(to_simplified(written), canonical)

    def __call__(self, name: str | None) -> str:
        if name is None:
            return ""
        if name not in self.map:
            # 中建八局党委 where the gold says 中建八局 = 中国建筑第八工程局有限公司: that company's 党委
            unit = next((c for c in _COMMITTEES if name.endswith(c) and name[: -len(c)] in self.map), None)
            if unit is not None:
                return normalise_name(self.map[name[: -len(unit)]] + unit)
        return normalise_name(self.map.get(name, name))


def normalise_name(name: str) -> str:
    """The form two names are compared in: Simplified, no 中共 prefix, 人民政府 as 政府 (and a place's
    人民法院, 人民检察院 as 法院, 检察院), ASCII brackets."""
    name = to_simplified(name).replace("（", "(").replace("）", ")").replace("人民政府", "政府")
    name = re.sub(r"(?<=[省市县区州旗级])人民(法院|检察院)", r"\1", name)
    name = re.sub(r"新区委(?!员)", "新区区委", name)  # 滨海新区委 and 滨海新区区委: one committee
    name = democratic_party_name(name)  # 民建邢台市委 and 民建邢台市委会: one party committee, as resolution names it
    name = name.replace("县县委", "县委")  # 夏县县委 and 夏县委: one county committee
    name = re.sub(r"(?<=自治区)(?:委员会|党委)$", "委", name)  # 广西壮族自治区党委 = 中共广西壮族自治区委员会
    # 澳门特别行政区政府新闻局 and 澳门新闻局: one bureau; 澳门特别行政区行政长官办公室 and 澳门行政长官办公室: one office
    name = re.sub(r"^(香港|澳门)特别行政区(?:政府(?=.)|(?=.)(?!政府$))", r"\1", name)
    name = re.sub(r"(?<=[省市县区]委)办$", "办公室", name)  # 澧县委办 and 澧县委办公室: one office
    name = re.sub(r"(?<=[镇乡])党委$", "委", name)  # 盘湾镇党委 and 中共盘湾镇委: one town committee
    if name.startswith("中共") and len(name) > 3:
        name = name[2:]
    return _AUTONOMOUS_COUNTY.sub(r"\1县", name)  # 秀山土家族苗族自治县 = 秀山县, as pages write it


_ETHNIC = ("土家|苗|侗|瑶|壮|回|彝|藏|蒙古|满|布依|白|哈尼|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|"
           "布朗|撒拉|毛南|仡佬|锡伯|普米|塔吉克|怒|鄂温克|保安|裕固|京|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|朝鲜|哈萨克|维吾尔")
_AUTONOMOUS_COUNTY = re.compile(rf"([\u4e00-\u9fa5]{{2}}?)(?:(?:{_ETHNIC})族)+自治县")


_COMMITTEES = ("党工委", "党委", "党组", "党总支", "党支部")


def fold_post(org: str, role: str) -> tuple[str, str]:
    """A post in an organisation's party committee in the gold README's form: (冀中装备集团, 党委副书记)
    is (冀中装备集团党委, 副书记), the committee the body and the title after it, as ``党工委委员`` is
    written (org 郑州高新区党工委, role 委员). Annotators wrote both forms; both mean one post."""
    for committee in _COMMITTEES:
        if org and role.startswith(committee) and len(role) > len(committee) and not org.endswith(committee):
            return org + committee, role[len(committee) :]
    return org, role


def _gold_sets(gold: list[dict[str, Any]], names: _Names) -> dict[str, set[tuple[str, ...]]]:
    sets: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    events = {row["id"]: row for row in gold if row["kind"] == "event"}
    for row in gold:
        kind = row["kind"]
        if kind == "membership":
            org, role = fold_post(names(row.get("org")), row.get("role") or "")
            sets["membership"].add((names(row["person"]), org, role))
            sets["post_resolved"].add((names(row["person"]), org, role))
            sets["post_any_body"].add((names(row["person"]), role))
        elif kind == "author":
            sets["author"].add((names(row["person"]), row.get("role") or ""))
        elif kind == "located_in":
            sets["located_in"].add((names(row["item"]), names(row["place"])))
        elif kind == "participation":
            event = events.get(row["event"], {})
            bucket = "visit" if event.get("type") == "visit" else "participation"
            sets[bucket].add((_md(event.get("date")), names(row["agent"]), row["role"]))
    return sets


def _predicted_sets(ex: Extraction, res: Resolution, names: _Names) -> dict[str, set[tuple[str, ...]]]:
    doc_id = ex.document.doc_id

    def name(ref: Ref | str | None) -> str:
        if not isinstance(ref, Ref):
            return ""
        key = res.key(doc_id, ref)
        entity = res.entities.get(key) if key else None
        return names(entity.name if entity else ref.text)

    events = {e.key: e for e in ex.events}
    sets: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for rel in ex.relations:
        if rel.kind == "membership":
            body = res.body_key(doc_id, rel)  # a place as body: its government, or left out
            entity = res.entities.get(body) if body else None
            org, role = fold_post(names(entity.name) if entity else "", str(rel.arg("role")))
            sets["membership"].add((name(rel.arg("member")), org, role))
            # an unresolved body (key ``GOV:县委@page``) is no body the gold can name
            local = body is not None and body.endswith("@" + doc_id)
            sets["post_resolved"].add((name(rel.arg("member")), "?" + org if local else org, role))
            sets["post_any_body"].add((name(rel.arg("member")), role))
        elif rel.kind == "author":
            sets["author"].add((name(rel.arg("person")), str(rel.arg("role"))))
        elif rel.kind == "located_in":
            sets["located_in"].add((name(rel.arg("item")), name(rel.arg("place"))))
        elif rel.kind == "participation":
            if rel.evidence.rule == "rule:implied-attendee":
                continue
            event = events.get(str(rel.arg("event")))
            if event is None:
                continue
            bucket = "visit" if event.kind == "visit" else "participation"
            sets[bucket].add((_md(event.date), name(rel.arg("agent")), str(rel.arg("role"))))
    return sets


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


class _Tally:
    """Counts of one group of pages (a split, or all of them)."""

    def __init__(self) -> None:
        self.pages = 0
        self.ent: dict[str, Counter[str]] = defaultdict(Counter)
        self.rel: dict[str, Counter[str]] = defaultdict(Counter)
        self.group: dict[str, Counter[str]] = defaultdict(Counter)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def result(self) -> dict[str, Any]:
        total = Counter[str]()
        for c in self.ent.values():
            total.update(c)
        return {
            "pages": self.pages,
            "entities": {label: _prf(c["tp"], c["fp"], c["fn"]) for label, c in sorted(self.ent.items())},
            "entities_micro": _prf(total["tp"], total["fp"], total["fn"]),
            "entity_groups": {g: _prf(c["tp"], c["fp"], c["fn"]) for g, c in self.group.items()},
            "relations": {k: _prf(self.rel[k]["tp"], self.rel[k]["fp"], self.rel[k]["fn"]) for k in RELATION_KINDS if k in self.rel},
            "errors": {k: v for k, v in self.errors.items() if v},
        }


def default_pages(gold_dir: Path) -> list[Path]:
    """The pages a gold folder is scored on when none are given: its own ``pages/``, else ``seeds/``."""
    own = gold_dir / "pages"
    return [own] if own.is_dir() else [Path("seeds")]


def evaluate_graph(gold_dir: Path, paths: Sequence[str | Path] = (), *, model: str | None = None,
                   heldout_errors: bool = False) -> dict[str, Any]:
    """Run the pipeline on ``paths`` and score it against every gold file with a matching page.

    The error lines (which tuple was missed, which was spurious) of pages whose split is ``heldout``
    are left out unless ``heldout_errors``: held-out pages are scored, never debugged, and a listing
    that never holds their errors cannot show them by mistake. Their figures are always counted."""
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: gold folder not found")
    gold_files = {p.stem: p for p in sorted(gold_dir.glob("*.jsonl"))}
    if not gold_files:
        raise InputError(f"{gold_dir}: no gold .jsonl files")
    result = run_pipeline(list(paths) or default_pages(gold_dir), model=model)
    assert result.resolution is not None
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for ex in result.extractions:
        path = gold_files.get(ex.document.doc_id)
        if path is None:
            continue
        gold = load_gold(path)
        meta = next((row for row in gold if row["kind"] == "page"), None)
        kinds = tuple(meta.get("relations", PAGE_RELATIONS)) if meta else RELATION_KINDS
        groups = [tallies["all"]]
        if meta and meta.get("split"):
            groups.append(tallies[str(meta["split"])])
        hidden = bool(meta) and meta.get("split") == "heldout" and not heldout_errors  # type: ignore[union-attr]
        names = _Names(gold)
        gold_ents = {(r["start"], r["end"], r["label"]) for r in gold if r["kind"] == "entity"}
        labels = {label for _, _, label in gold_ents}
        pred_ents = set()
        for m in ex.mentions:
            if m.label in labels:
                s, e = ex.document.raw_span(m.start, m.end)
                pred_ents.add((s, e, m.label))
        gsets, psets = _gold_sets(gold, names), _predicted_sets(ex, result.resolution, names)
        for tally in groups:
            tally.pages += 1
            for label in labels:
                g = {x for x in gold_ents if x[2] == label}
                p = {x for x in pred_ents if x[2] == label}
                tally.ent[label].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
            for group, members in GROUPS.items():
                g2 = {(s, e) for s, e, lab in gold_ents if lab in members}
                p2 = {(s, e) for s, e, lab in pred_ents if lab in members}
                tally.group[group].update(tp=len(g2 & p2), fp=len(p2 - g2), fn=len(g2 - p2))
            for kind in kinds:
                g_rel, p_rel = gsets.get(kind, set()), psets.get(kind, set())
                tally.rel[kind].update(tp=len(g_rel & p_rel), fp=len(p_rel - g_rel), fn=len(g_rel - p_rel))
                if hidden:
                    continue
                tally.errors[kind].extend(f"{ex.document.doc_id} missed {x}" for x in sorted(g_rel - p_rel))
                tally.errors[kind].extend(f"{ex.document.doc_id} spurious {x}" for x in sorted(p_rel - g_rel))
    if not tallies["all"].pages:
        raise InputError(f"{gold_dir}: no gold file matches a page of the input")
    out = tallies.pop("all").result()
    if tallies:
        out["splits"] = {name: tally.result() for name, tally in sorted(tallies.items())}
    return out


def _row(name: str, scores: Sequence[dict[str, float] | None]) -> str:
    cells = "".join(
        f"{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}{int(s['tp'] + s['fn']):>6}" if s else f"{'-':>7}{'-':>7}{'-':>7}{'-':>6}"
        for s in scores
    )
    return f"{name:<16}{cells}"


def format_report(result: dict[str, Any]) -> str:
    """The tables; with splits, one column group per split (e.g. dev | heldout) and then all pages."""
    parts: list[tuple[str, dict[str, Any]]] = list(result.get("splits", {}).items())
    parts.append(("all", result))
    if len(parts) == 2 and parts[0][1]["pages"] == result["pages"]:
        parts = parts[1:]
    if len(parts) == 1:
        lines = [f"pages: {result['pages']}", ""]
    else:
        lines = ["pages: " + ", ".join(f"{name} {r['pages']}" for name, r in parts), ""]
        lines.append(f"{'':<16}" + "".join(f"{name:^27}" for name, _ in parts))
    head = "".join(f"{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}" for _ in parts)
    lines.append(f"{'entities':<16}{head}")
    labels = sorted({k for _, r in parts for k in r["entities"]})
    lines.extend(_row(k, [r["entities"].get(k) for _, r in parts]) for k in labels)
    lines.append(_row("micro", [r["entities_micro"] for _, r in parts]))
    lines.extend(_row(f"[{g}]", [r["entity_groups"].get(g) for _, r in parts]) for g in GROUPS)
    lines += ["", f"{'relations':<16}{head}"]
    kinds = [k for k in RELATION_KINDS if any(k in r["relations"] for _, r in parts)]
    lines.extend(_row(k, [r["relations"].get(k) for _, r in parts]) for k in kinds)
    return "\n".join(lines)
