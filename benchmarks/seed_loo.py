"""Does in-domain data help the statistical NER? Leave-one-page-out fine-tuning on the seed gold.

For each seed page P: start from the base model (the shipped one, or `--base PATH`), fine-tune it
on the gold entities of the *other* four pages (mapped to the model's PER/LOC/ORG: PERSON -> PER,
ADMIN/SITE -> LOC, GOV/COMPANY/ORG -> ORG; every other label is outside) mixed with a fixed random
sample of MSRA training sentences (so it does not forget the news domain), then run the full kg
pipeline with that model on P alone and score P against its gold (`kg eval graph`'s scorer).
The summed counts over the five held-out pages are compared with the base model on the same
pages, in the same run. No model that saw a page is ever scored on it.

    OMP_NUM_THREADS=1 python benchmarks/seed_loo.py [--base PATH] [--epochs 4] [--msra 1500]
        [--repeat 3] [--work DIR] [--pages 000,001]

Takes about 5 minutes per page on one core with the defaults. Prints one table; `--json OUT`
also writes the counts.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from spacy.training import Example  # noqa: E402
from spacy.util import minibatch  # noqa: E402

from kg.evaluate_graph import GROUPS, _prf, evaluate_graph, load_gold  # noqa: E402
from kg.ingest import read_document  # noqa: E402
from kg.nlp.features import load_model  # noqa: E402
from kg.nlp.pipeline import MODEL_DIR  # noqa: E402
from kg.nlp.train import DEFAULT_CACHE, fetch_msra, read_bmes  # noqa: E402

SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "gold"
TO_MODEL = {"PERSON": "PER", "ADMIN": "LOC", "SITE": "LOC", "GOV": "ORG", "COMPANY": "ORG", "ORG": "ORG"}
Record = tuple[str, list[tuple[int, int, str]]]


def page_records(page: Path) -> list[Record]:
    """The page's sentences (normalised text, as the pipeline reads them) with their gold entities."""
    doc = read_document(page)
    first = {}  # raw offset -> first normalised index at or after it
    for i, raw in enumerate(doc.offsets[: len(doc.text)]):
        first.setdefault(raw, i)
    gold = [r for r in load_gold(GOLD / f"{page.stem}.jsonl") if r["kind"] == "entity" and r["label"] in TO_MODEL]
    spans = []
    for row in gold:
        inside = [i for i in range(len(doc.text)) if row["start"] <= doc.offsets[i] < row["end"]]
        if inside:
            spans.append((inside[0], inside[-1] + 1, TO_MODEL[row["label"]]))
    records = []
    for sent in doc.sentences:
        ents = sorted((s - sent.start, e - sent.start, lab) for s, e, lab in spans if sent.start <= s and e <= sent.end)
        records.append((doc.text[sent.start : sent.end], ents))
    return records


def fine_tune(base: Path, train: list[Record], out: Path, *, epochs: int, seed: int = 0) -> Path:
    nlp = load_model(base)
    optimizer = nlp.resume_training()
    rng = random.Random(seed)
    examples = []
    for text, ents in train:
        doc = nlp.make_doc(text)
        try:
            examples.append(Example.from_dict(doc, {"entities": ents}))
        except ValueError:
            continue
    for _ in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.1, losses=losses, annotates=["kg_char_features"])
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out


def counts(result: dict[str, Any]) -> dict[str, Counter[str]]:
    out = {"PERSON": Counter({k: result["entities"]["PERSON"][k] for k in ("tp", "fp", "fn")})}
    for group in GROUPS:
        out[f"[{group}]"] = Counter({k: result["entity_groups"][group][k] for k in ("tp", "fp", "fn")})
    return out


def f1(c: Counter[str]) -> float:
    return _prf(c["tp"], c["fp"], c["fn"])["f"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=MODEL_DIR)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--msra", type=int, default=1500, help="MSRA training sentences mixed in")
    parser.add_argument("--repeat", type=int, default=3, help="times each seed sentence is repeated")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-seed-loo"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--pages", default="", help="comma-separated page prefixes (default: all)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    pages = sorted(SEEDS.glob("*.txt"))
    chosen = [p for p in pages if not args.pages or p.name[:3] in args.pages.split(",")]
    records = {p.stem: page_records(p) for p in pages}
    msra = read_bmes(fetch_msra(args.cache)[0])
    random.Random(0).shuffle(msra)
    msra = msra[: args.msra]
    totals = {"base": {}, "loo": {}}
    rows = []
    for page in chosen:
        started = time.time()
        train = [r for p in pages if p != page for r in records[p.stem]] * args.repeat + msra
        model = fine_tune(args.base, train, args.work / page.stem, epochs=args.epochs)
        base = counts(evaluate_graph(GOLD, [page], model=str(args.base)))
        loo = counts(evaluate_graph(GOLD, [page], model=str(model)))
        for name, table in (("base", base), ("loo", loo)):
            for key, c in table.items():
                totals[name].setdefault(key, Counter()).update(c)
        rows.append((page.stem, base, loo, time.time() - started))
        print(f"{page.stem}: base {f1(base['[organisation]']):.3f} / loo {f1(loo['[organisation]']):.3f} "
              f"organisations ({time.time() - started:.0f} s)", file=sys.stderr)
    keys = list(totals["base"])
    print("| page | " + " | ".join(f"{k} base | {k} LOO" for k in keys) + " |")
    print("|---" * (1 + 2 * len(keys)) + "|")
    for stem, base, loo, _ in rows:
        print(f"| {stem[:3]} | " + " | ".join(f"{f1(base[k]):.3f} | {f1(loo[k]):.3f}" for k in keys) + " |")
    print("| all | " + " | ".join(f"{f1(totals['base'][k]):.3f} | {f1(totals['loo'][k]):.3f}" for k in keys) + " |")
    if args.json:
        args.json.write_text(json.dumps({n: {k: dict(c) for k, c in t.items()} for n, t in totals.items()}, indent=1))


if __name__ == "__main__":
    main()
