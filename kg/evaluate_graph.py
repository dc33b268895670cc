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
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .build import run_pipeline
from .errors import InputError
from .records import Extraction, Ref
from .resolve import Resolution

RELATION_KINDS = ("membership", "participation", "visit", "author", "located_in")
# Label groups scored as one type (a body found as an organisation of the wrong kind still counts).
GROUPS = {"organisation": ("GOV", "COMPANY", "ORG"), "place": ("ADMIN", "SITE")}


def load_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
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

    def __call__(self, name: str | None) -> str:
        if name is None:
            return ""
        name = self.map.get(name, name)
        return name.replace("（", "(").replace("）", ")")


def _gold_sets(gold: list[dict[str, Any]], names: _Names) -> dict[str, set[tuple[str, ...]]]:
    sets: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    events = {row["id"]: row for row in gold if row["kind"] == "event"}
    for row in gold:
        kind = row["kind"]
        if kind == "membership":
            sets["membership"].add((names(row["person"]), names(row.get("org")), row.get("role") or ""))
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
            sets["membership"].add((name(rel.arg("member")), names(entity.name) if entity else "", str(rel.arg("role"))))
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


def evaluate_graph(gold_dir: Path, paths: Sequence[str | Path], *, model: str | None = None) -> dict[str, Any]:
    """Run the pipeline on ``paths`` and score it against every gold file with a matching page."""
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: gold folder not found")
    result = run_pipeline(paths, model=model)
    assert result.resolution is not None
    gold_files = {p.stem: p for p in sorted(gold_dir.glob("*.jsonl"))}
    if not gold_files:
        raise InputError(f"{gold_dir}: no gold .jsonl files")
    ent_counts: dict[str, Counter[str]] = defaultdict(Counter)
    rel_counts: dict[str, Counter[str]] = defaultdict(Counter)
    group_counts: dict[str, Counter[str]] = defaultdict(Counter)
    errors: dict[str, list[str]] = defaultdict(list)
    pages = 0
    for ex in result.extractions:
        path = gold_files.get(ex.document.doc_id)
        if path is None:
            continue
        pages += 1
        gold = load_gold(path)
        names = _Names(gold)
        gold_ents = {(r["start"], r["end"], r["label"]) for r in gold if r["kind"] == "entity"}
        labels = {label for _, _, label in gold_ents}
        pred_ents = set()
        for m in ex.mentions:
            if m.label in labels:
                s, e = ex.document.raw_span(m.start, m.end)
                pred_ents.add((s, e, m.label))
        for label in labels:
            g = {x for x in gold_ents if x[2] == label}
            p = {x for x in pred_ents if x[2] == label}
            ent_counts[label].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
        for group, members in GROUPS.items():
            g2 = {(s, e) for s, e, lab in gold_ents if lab in members}
            p2 = {(s, e) for s, e, lab in pred_ents if lab in members}
            group_counts[group].update(tp=len(g2 & p2), fp=len(p2 - g2), fn=len(g2 - p2))
        gsets, psets = _gold_sets(gold, names), _predicted_sets(ex, result.resolution, names)
        for kind in RELATION_KINDS:
            g_rel, p_rel = gsets.get(kind, set()), psets.get(kind, set())
            rel_counts[kind].update(tp=len(g_rel & p_rel), fp=len(p_rel - g_rel), fn=len(g_rel - p_rel))
            errors[kind].extend(f"{ex.document.doc_id} missed {x}" for x in sorted(g_rel - p_rel))
            errors[kind].extend(f"{ex.document.doc_id} spurious {x}" for x in sorted(p_rel - g_rel))
    if not pages:
        raise InputError(f"{gold_dir}: no gold file matches a page of the input")
    entities = {label: _prf(c["tp"], c["fp"], c["fn"]) for label, c in sorted(ent_counts.items())}
    total = Counter[str]()
    for c in ent_counts.values():
        total.update(c)
    relations = {kind: _prf(c["tp"], c["fp"], c["fn"]) for kind, c in rel_counts.items()}
    return {
        "pages": pages,
        "entities": entities,
        "entities_micro": _prf(total["tp"], total["fp"], total["fn"]),
        "entity_groups": {g: _prf(c["tp"], c["fp"], c["fn"]) for g, c in group_counts.items()},
        "relations": relations,
        "errors": {k: v for k, v in errors.items() if v},
    }


def format_report(result: dict[str, Any]) -> str:
    lines = [f"pages: {result['pages']}", "", f"{'entities':<16}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}"]

    def row(name: str, s: dict[str, float]) -> str:
        return f"{name:<16}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}{int(s['tp'] + s['fn']):>6}"

    lines.extend(row(k, v) for k, v in result["entities"].items())
    lines.append(row("micro", result["entities_micro"]))
    lines.extend(row(f"[{k}]", v) for k, v in result["entity_groups"].items())
    lines += ["", f"{'relations':<16}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}"]
    lines.extend(row(k, v) for k, v in result["relations"].items())
    return "\n".join(lines)
