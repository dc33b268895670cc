"""Cost of the place data and of Traditional conversion: prints figures, asserts nothing.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/places_bench.py [PAGES_DIR]

- the nationwide gazetteer (jionlp's divisions data), read once per process on first use;
- its common-word filter (jieba's dictionary), computed on the first page that adds place mentions;
- page_place() per page, and t2s conversion per character.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    started = time.perf_counter()
    from kg.places import national, page_place

    gaz = national()
    loaded = time.perf_counter() - started
    levels: dict[str, int] = {}
    for place in gaz.places:
        key = "zone" if place.zone else place.level
        levels[key] = levels.get(key, 0) + 1
    print(f"gazetteer: {len(gaz.places)} divisions {levels}, {len(gaz.surfaces)} surface forms, loaded in {loaded:.2f}s")
    started = time.perf_counter()
    gaz.common_words()
    print(f"common-word filter: {len(gaz.common_words())} names, {time.perf_counter() - started:.2f}s")
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("seeds")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if texts:
        started = time.perf_counter()
        for text in texts:
            page_place(text)
        per_page = (time.perf_counter() - started) / len(texts)
        print(f"page_place: {len(texts)} pages of {folder}, {per_page * 1000:.1f} ms a page")
        from kg.script import to_simplified

        started = time.perf_counter()
        chars = sum(len(to_simplified(text)) for text in texts)
        print(f"t2s: {chars / (time.perf_counter() - started):,.0f} chars/s (first call loads OpenCC)")


if __name__ == "__main__":
    main()
