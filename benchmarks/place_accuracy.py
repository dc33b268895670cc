"""Page-level place inference against the annotators' ``page.place`` of a development set.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/place_accuracy.py SPECS_DIR PAGES_DIR

A page counts as right when the inferred place is the annotated one or its last part
(``开封市祥符区`` ~ ``祥符区``; ``余干`` ~ ``余干县``; Traditional names compared in Simplified).
Prints one line a page and the accuracy; asserts nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.build import run_pipeline
from kg.script import to_simplified


def same(gold: str, got: str) -> bool:
    return bool(got) and (gold.endswith(got) or gold.endswith(got[:-1]) or got.startswith(gold))


def main() -> None:
    specs, pages = Path(sys.argv[1]), Path(sys.argv[2])
    result = run_pipeline([pages])
    assert result.resolution is not None
    right = total = 0
    for spec_path in sorted(specs.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        page = spec.get("page", spec)
        gold = to_simplified(page.get("place") or "")
        got = result.resolution.districts.get(spec_path.stem)
        if got is None:
            continue
        total += 1
        ok = same(gold, got) if gold else not got
        right += ok
        evidence = ", ".join(result.resolution.places[spec_path.stem].evidence)
        print(f"{'ok ' if ok else 'BAD'} {spec_path.stem}: annotated {gold or '-'}, inferred {got or '-'} ({evidence})")
    print(f"page place: {right}/{total} right")


if __name__ == "__main__":
    main()
