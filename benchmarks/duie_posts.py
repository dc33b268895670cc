"""Posts outside the seed pages: kg's memberships against DuIE 2.0's 董事长 / 校长 relations.

The seed gold measures memberships on the pages the rules were written from. DuIE 2.0's dev
subset in ../shared/benchmarks/duie/ (evaluation only, never copied) annotates, among others,
who is 董事长 (chairman) of an enterprise and 校长 (president) of a school: the same kind of fact
as kg's `org:Membership` (person, organisation, role). Each sentence is run through the whole
pipeline (ingest, NER, extract) as a one-sentence page, and its memberships whose role is one of
those predicates are compared with the gold triples (person, organisation, predicate):

- exact: kg's organisation is written exactly as DuIE's subject;
- loose: one of the two organisation names contains the other (`温氏股份` / `温氏股份公司`).

A membership with the right person and role but no organisation (a title with no body) is counted
as a miss. Sentences whose gold has none of the predicates still count: any membership kg reads
there with one of the roles is a false positive.

    OMP_NUM_THREADS=1 python benchmarks/duie_posts.py [--model PATH|none] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.evaluate_graph import _prf  # noqa: E402  (the P/R/F1 of kg eval graph)
from kg.extract import extract  # noqa: E402
from kg.ingest import parse_text  # noqa: E402
from kg.nlp.pipeline import load_pipeline  # noqa: E402
from kg.records import Ref  # noqa: E402

DATA = REPO.parent / "shared" / "benchmarks" / "duie" / "dev_org_person.jsonl"
PREDICATES = ("董事长", "校长")


def _text(ref: object) -> str:
    return ref.text if isinstance(ref, Ref) else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="print every miss and false hit")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"{args.data}: not found (the shared benchmarks are evaluation-only and not in the repository)")
    nlp = load_pipeline(args.model)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = {mode: {"tp": 0, "fp": 0, "fn": 0} for mode in ("exact", "loose")}
    errors: list[str] = []
    for index, row in enumerate(rows):
        gold = {(r["object"], r["subject"], r["predicate"]) for r in row["relations"] if r["predicate"] in PREDICATES}
        doc = parse_text(row["text"] + "\n", doc_id=f"duie-{index}")
        found = set()
        for rel in extract(doc, nlp).relations:
            role = str(rel.arg("role") or "")
            if rel.kind == "membership" and role in PREDICATES:
                found.add((_text(rel.arg("member")), _text(rel.arg("organization")), role))
        for mode in counts:
            def same(p: tuple[str, str, str], g: tuple[str, str, str]) -> bool:
                if p[0] != g[0] or p[2] != g[2] or not p[1]:
                    return False
                return p[1] == g[1] if mode == "exact" else (p[1] in g[1] or g[1] in p[1])

            matched = {g for g in gold if any(same(p, g) for p in found)}
            hits = {p for p in found if any(same(p, g) for g in gold)}
            counts[mode]["tp"] += len(matched)
            counts[mode]["fn"] += len(gold - matched)
            counts[mode]["fp"] += len(found - hits)
            if mode == "loose" and args.errors:
                errors += [f"miss {g}: {row['text'][:60]}" for g in sorted(gold - matched)]
                errors += [f"false {p}: {row['text'][:60]}" for p in sorted(found - hits)]
    print(f"DuIE 2.0 dev subset, {len(rows)} sentences, predicates {'/'.join(PREDICATES)}")
    print(f"{'match':<8}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}")
    for mode, c in counts.items():
        s = _prf(c["tp"], c["fp"], c["fn"])
        print(f"{mode:<8}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}{c['tp'] + c['fn']:>6}")
    for line in errors:
        print(line)


if __name__ == "__main__":
    main()
