"""A bounded fuzz run over ingest and extraction (patterns only): mutated seed pages and random
bytes. Prints how many inputs built, were refused (InputError) and crashed, and the time taken;
each crash is printed with its input so it can be kept as a regression test
(tests/test_robustness_properties.py).

    python benchmarks/fuzz_ingest.py --iterations 2000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import time
import traceback
from pathlib import Path

from kg.errors import InputError
from kg.extract import extract
from kg.ingest import decode, parse_text
from kg.nlp.pipeline import load_pipeline

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NOISE = ["\n", "\n\n", " ", "\u3000", "\r", "\r\n", "\t", "记者 ", "。", "，", "“", "”", "（", "０", "\x00",
         "\ufeff", "\u2028", "\x0c", "高新区", "有限公司", "管委会主任", "8月 1日", "54.6万"]


def mutate(rng: random.Random, text: str) -> bytes:
    chars = list(text[rng.randrange(0, max(1, len(text) - 400)):][: rng.randrange(1, 3000)])
    for _ in range(rng.randrange(1, 40)):
        op = rng.random()
        pos = rng.randrange(0, len(chars) + 1)
        if op < 0.4:
            chars[pos:pos] = list(rng.choice(NOISE))
        elif op < 0.7 and chars:
            del chars[pos : pos + rng.randrange(1, 20)]
        elif chars:
            chars[pos:pos] = chars[rng.randrange(0, len(chars)) :][: rng.randrange(1, 50)]
    encoding = rng.choice(["utf-8", "utf-8", "gb18030", "utf-16"])
    data = "".join(chars).encode(encoding, errors="replace")
    if rng.random() < 0.2 and data:  # flip bytes
        raw = bytearray(data)
        for _ in range(rng.randrange(1, 5)):
            raw[rng.randrange(0, len(raw))] = rng.randrange(256)
        data = bytes(raw)
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pages = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    nlp = load_pipeline("none")
    built = refused = crashed = 0
    started = time.perf_counter()
    for i in range(args.iterations):
        data = mutate(rng, rng.choice(pages)) if rng.random() < 0.8 else rng.randbytes(rng.randrange(0, 400))
        try:
            text, _ = decode(data, "fuzz.txt")
            doc = parse_text(text, doc_id="fuzz", path="fuzz.txt")
            assert len(doc.offsets) == len(doc.text) + 1
            for sentence in doc.sentences:
                assert doc.text[sentence.start : sentence.end] == sentence.text
            for mention in extract(doc, nlp).mentions:
                assert doc.text[mention.start : mention.end] == mention.text
            built += 1
        except InputError:
            refused += 1
        except Exception:  # noqa: BLE001 - a crash is what this run looks for
            crashed += 1
            print(f"CRASH at iteration {i}: input {data!r}")
            traceback.print_exc()
    seconds = time.perf_counter() - started
    print(f"{args.iterations} inputs (seed {args.seed}): {built} built, {refused} refused (InputError), "
          f"{crashed} crashed, in {seconds:.1f} s")


if __name__ == "__main__":
    main()
