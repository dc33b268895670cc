"""Experiment: does adapting the NER to government pages help the graph on pages it was not adapted on?

The shipped model learnt MSRA only. This script fine-tunes it on the dev pages' gold (their PERSON,
ADMIN and GOV/COMPANY/ORG mentions read as MSRA's PER, LOC and ORG) beside a sample of MSRA, then scores
the whole pipeline with each model on dev pages it did not train on:

- the dev pages (split "dev" only: the held-out pages are never read here) are split by a stable hash
  of their name into A (two thirds: training, a tenth of it spaCy's own dev set) and B (one third:
  scored, never trained on);
- `kg eval graph --model` scores B with the shipped model and with the adapted one, side by side.

Nothing here is shipped: the adapted model stays in the output folder. Run (one core, about 25 minutes
of training by default):

    OMP_NUM_THREADS=1 python benchmarks/ner_adapt.py --out /tmp/ner-adapt --minutes 25

Training needs MSRA in the cache (`kg eval ner --data msra-test` or `python -m kg.nlp.train` fetch it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ingest import parse_text  # noqa: E402
from kg.nlp.train import CONFIG_PATH, DEFAULT_CACHE, Record, to_docbin, train_ner  # noqa: E402

DEV = ROOT / "tests" / "gold" / "dev"
MODEL = ROOT / "kg" / "nlp" / "model"
LABELS = {"PERSON": "PER", "ADMIN": "LOC", "GOV": "ORG", "COMPANY": "ORG", "ORG": "ORG"}


def dev_pages() -> list[str]:
    """The stems of the dev set's pages whose split is dev (held-out pages are left out unread)."""
    stems = []
    for gold in sorted(DEV.glob("*.jsonl")):
        page = json.loads(gold.open(encoding="utf-8").readline())
        if page.get("kind") == "page" and page.get("split") == "dev":
            stems.append(gold.stem)
    return stems


def part(stem: str) -> str:
    """A or B by a stable hash of the page's name (not by how hard the page looks)."""
    return "B" if int(hashlib.sha1(stem.encode()).hexdigest(), 16) % 3 == 0 else "A"


def records(stem: str) -> list[Record]:
    """The page's body sentences in the text the model reads, with the gold's entities over them."""
    raw = (DEV / "pages" / f"{stem}.txt").read_text(encoding="utf-8")
    doc = parse_text(raw, doc_id=stem)
    where = {r: i for i, r in enumerate(doc.offsets)}  # raw offset -> normalised offset
    spans = []
    for line in (DEV / f"{stem}.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("kind") == "entity" and row["label"] in LABELS:
            start, end = where.get(row["start"]), where.get(row["end"] - 1)
            if start is not None and end is not None:
                spans.append((start, end + 1, LABELS[row["label"]]))
    out: list[Record] = []
    for sent in doc.sentences:
        if sent.kind != "body":
            continue
        inside = [(s - sent.start, e - sent.start, label) for s, e, label in spans if sent.start <= s and e <= sent.end]
        crossing = any(s < sent.end and sent.start < e and not (sent.start <= s and e <= sent.end) for s, e, _ in spans)
        if not crossing:
            out.append((doc.text[sent.start : sent.end], _non_overlapping(inside)))
    return out


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def gold_folder(stems: list[str], target: Path) -> Path:
    """A gold folder of the given pages (their jsonl and pages/), for `kg eval graph --gold`."""
    (target / "pages").mkdir(parents=True, exist_ok=True)
    for stem in stems:
        shutil.copy(DEV / f"{stem}.jsonl", target / f"{stem}.jsonl")
        shutil.copy(DEV / "pages" / f"{stem}.txt", target / "pages" / f"{stem}.txt")
    return target


def adapted_config(out: Path) -> Path:
    """ner.cfg with the three components sourced from the shipped model, a lower learning rate and
    more frequent evaluations (the pages' data is small)."""
    text = CONFIG_PATH.read_text(encoding="utf-8")
    for name in ("kg_char_features", "tok2vec", "ner"):
        text = text.replace(f"[components.{name}]\nfactory = \"{name}\"", f"[components.{name}]\nsource = \"{MODEL}\"")
    text = text.replace("learn_rate = 0.001", "learn_rate = 0.0003").replace("eval_frequency = 1000", "eval_frequency = 200")
    config = out / "adapt.cfg"
    config.write_text(text, encoding="utf-8")
    return config


def scores(model: str, gold: Path) -> dict[str, tuple[float, float]]:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "eval", "graph", "--gold", str(gold), "--model", model, "--json"],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    data = json.loads(result.stdout)
    split = data["splits"]["dev"]
    return {k: (v["p"], v["r"]) for k, v in list(split["entities"].items()) + list(split["relations"].items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=25.0)
    parser.add_argument("--msra", type=int, default=6000, help="MSRA training sentences beside the pages")
    parser.add_argument("--repeat", type=int, default=3, help="how many times the pages' sentences are repeated")
    parser.add_argument("--score-only", action="store_true", help="score an adapted model already in --out")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stems = dev_pages()
    a = [s for s in stems if part(s) == "A"]
    b = [s for s in stems if part(s) == "B"]
    print(f"dev pages: {len(stems)}; A (train) {len(a)}, B (scored) {len(b)}")
    best = out / "model-best"
    if not args.score_only:
        rng = random.Random(0)
        a_dev = set(rng.sample(a, max(1, len(a) // 10)))
        train = [r for s in a if s not in a_dev for r in records(s)] * args.repeat
        dev = [r for s in a_dev for r in records(s)]
        msra = list(DocBin().from_disk(DEFAULT_CACHE / "msra-train-seed0.spacy").get_docs(spacy.blank("zh").vocab))
        rng.shuffle(msra)
        bin_train = to_docbin(train)
        for doc in msra[: args.msra]:
            bin_train.add(doc)
        bin_train.to_disk(out / "train.spacy")
        to_docbin(dev).to_disk(out / "dev.spacy")
        print(f"training sentences: {len(train)} from the pages, {min(args.msra, len(msra))} from MSRA; spaCy dev {len(dev)}")
        best = train_ner(out, max_minutes=args.minutes, log_path=out / "train.log", config_path=adapted_config(out),
                         corpus={"train": out / "train.spacy", "dev": out / "dev.spacy"})
    gold = gold_folder(b, out / "gold-B")
    shipped, adapted = scores(str(MODEL), gold), scores(str(best), gold)
    print(f"{'B pages (' + str(len(b)) + ')':28s} {'shipped P / R':>16s} {'adapted P / R':>16s}")
    for key in ("PERSON", "COMPANY", "GOV", "ORG", "ADMIN", "membership", "post_any_body", "post_resolved", "visit"):
        if key in shipped:
            print(f"{key:28s} {shipped[key][0]:.3f} / {shipped[key][1]:.3f}   {adapted[key][0]:.3f} / {adapted[key][1]:.3f}")


if __name__ == "__main__":
    main()
