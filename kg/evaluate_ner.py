"""Exact-span NER evaluation on public benchmark sets (`kg eval ner`).

Gold files are JSONL, one sentence a line: `{"text": ..., "entities": [[start, end, label], ...]}`
with character offsets (the format of ../shared/benchmarks and of the MSRA test file that
`kg.nlp.train` converts). Each benchmark names its types differently, so a *label map* sends OUR
labels (what the kg pipeline outputs: PERSON, GOV, COMPANY, ORG, ADMIN, SITE, TITLE, ... plus the
bare NER model's PER/LOC/ORG) to the gold labels of that set. Only gold labels some of our labels
map to are scored: a set's `book` or `game` entities say nothing about a government-news pipeline.
Predicted labels absent from the map are ignored.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from spacy.tokens import Doc

from kg.errors import InputError
from kg.fileio import json_line

Span = tuple[int, int, str]

_MSRA = {
    "PERSON": "PER", "ADMIN": "LOC", "SITE": "LOC", "GOV": "ORG", "COMPANY": "ORG", "ORG": "ORG",
    "PER": "PER", "LOC": "LOC",
}
BUILTIN_MAPS: dict[str, dict[str, str]] = {
    "msra": dict(_MSRA),
    "peoples_daily": dict(_MSRA),
    # CLUENER splits organisations into company / government; the bare model's ORG covers both,
    # so it has no single gold label here and is left out (its persons and places still score).
    "cluener": {
        "PERSON": "name", "COMPANY": "company", "GOV": "government", "TITLE": "position",
        "ADMIN": "address", "SITE": "address", "PER": "name", "LOC": "address",
    },
    "resume_ner": {
        "PERSON": "NAME", "GOV": "ORG", "COMPANY": "ORG", "ORG": "ORG", "TITLE": "TITLE",
        "ADMIN": "LOC", "SITE": "LOC", "PER": "NAME", "LOC": "LOC",
    },
}
# `--data` shortcuts that are not paths.
DATA_ALIASES = {"msra-test": "msra"}


@dataclass(frozen=True)
class GoldSentence:
    """One gold sentence: its text and exact entity spans (start, end_exclusive, label)."""

    text: str
    entities: tuple[Span, ...]


class NlpLike(Protocol):
    """What evaluation needs from a pipeline: spaCy's `pipe`."""

    def pipe(self, texts: Iterable[str], *, batch_size: int = ...) -> Iterable[Doc]: ...


def _parse_line(line: str, where: str) -> GoldSentence:
    row = json_line(line, where, InputError)
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise InputError(f"{where}: expected an object with a string 'text'")
    text = row["text"]
    raw = row.get("entities", [])
    if not isinstance(raw, list):
        raise InputError(f"{where}: 'entities' must be a list of [start, end, label]")
    spans: list[Span] = []
    for item in raw:
        ok = (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int)
              and isinstance(item[1], int) and isinstance(item[2], str))
        if not ok or not 0 <= item[0] < item[1] <= len(text):
            raise InputError(f"{where}: bad entity {item!r} (need [start, end, label] with "
                             f"0 <= start < end <= {len(text)})")
        spans.append((item[0], item[1], item[2]))
    return GoldSentence(text, tuple(spans))


def load_jsonl(path: Path | str) -> list[GoldSentence]:
    """Read a gold JSONL file; blank lines are skipped, anything else malformed is an InputError."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read gold file: {error}") from error
    sentences = [_parse_line(line, f"{path}, line {number}")
                 for number, line in enumerate(lines, start=1) if line.strip()]
    if not sentences:
        raise InputError(f"{path}: no sentences")
    return sentences


def map_name_for(data: Path | str) -> str:
    """The builtin map of a data set: an alias (`msra-test`), or the file's folder or name."""
    text = str(data)
    if text in DATA_ALIASES:
        return DATA_ALIASES[text]
    path = Path(text)
    for part in (path.parent.name, path.stem):
        for name in BUILTIN_MAPS:
            if part == name or part.startswith(name):
                return name
    raise InputError(f"{data}: cannot tell which label map applies; choose one of "
                     f"{', '.join(sorted(BUILTIN_MAPS))} (folder or file name, or 'msra-test')")


def resolve_data(data: Path | str) -> Path:
    """A gold file path for `--data`: `msra-test` is the converted MSRA test file (fetched once)."""
    if str(data) == "msra-test":
        from kg.nlp.train import msra_test_jsonl  # pulls pip/zip code only when asked for

        return msra_test_jsonl()
    path = Path(data)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file")
    return path


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4)}


def score_spans(predicted: Sequence[set[Span]], gold: Sequence[set[Span]]) -> dict[str, Any]:
    """Exact-span micro and per-label P/R/F over already mapped predicted and gold span sets."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for pred_spans, gold_spans in zip(predicted, gold, strict=True):
        for span in pred_spans:
            n_pred[span[2]] += 1
        for span in gold_spans:
            n_gold[span[2]] += 1
        for span in pred_spans & gold_spans:
            tp[span[2]] += 1
    labels = {label: {**_prf(tp[label], n_pred[label], n_gold[label]), "n": n_gold[label]}
              for label in sorted(set(n_gold) | set(n_pred))}
    micro = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"micro": micro, "labels": labels}


def evaluate_ner(nlp: NlpLike, examples: Sequence[GoldSentence], label_map: dict[str, str], *,
                 batch_size: int = 256) -> dict[str, Any]:
    """Run `nlp.pipe` over the gold texts and score exact spans through `label_map`.

    Returns `{"micro": {p, r, f}, "labels": {GOLD: {p, r, f, n}}, "chars_per_s", "peak_mb"}`.
    Every gold label that is a value of the map is reported, even with no gold entity (n = 0).
    `peak_mb` is the process's peak resident set size (`resource.getrusage` ru_maxrss) after the
    run: it includes the loaded model and everything else the process holds, not only this run.
    """
    targets = set(label_map.values())
    texts = [example.text for example in examples]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    elapsed = max(time.perf_counter() - started, 1e-9)
    predicted = [{(ent.start_char, ent.end_char, label_map[ent.label_])
                  for ent in doc.ents if ent.label_ in label_map} for doc in docs]
    gold = [{span for span in example.entities if span[2] in targets} for example in examples]
    scores = score_spans(predicted, gold)
    for label in targets:
        scores["labels"].setdefault(label, {"p": 0.0, "r": 0.0, "f": 0.0, "n": 0})
    scores["labels"] = dict(sorted(scores["labels"].items()))
    scores["chars_per_s"] = round(sum(map(len, texts)) / elapsed, 1)
    scores["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return scores


def format_table(result: dict[str, Any]) -> str:
    """The human-readable form of an `evaluate_ner` result: one row per gold label, then micro."""
    rows = [f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}"]
    for label, s in result["labels"].items():
        rows.append(f"{label:<12} {s['p']:>6.3f} {s['r']:>6.3f} {s['f']:>6.3f} {s['n']:>6}")
    m = result["micro"]
    n_total = sum(s["n"] for s in result["labels"].values())
    rows.append(f"{'micro':<12} {m['p']:>6.3f} {m['r']:>6.3f} {m['f']:>6.3f} {n_total:>6}")
    rows.append(f"{result['chars_per_s']:,.0f} chars/s, peak RSS {result['peak_mb']:,.0f} MB")
    return "\n".join(rows)


def evaluate_data(nlp: NlpLike, data: Path | str, *, map_name: str | None = None,
                  limit: int | None = None) -> dict[str, Any]:
    """`kg eval ner` in one call: resolve `--data`, pick its label map, load, evaluate.

    The result is `evaluate_ner`'s plus `"data"` (the file read) and `"map"` (the map's name).
    """
    path = resolve_data(data)
    name = map_name or map_name_for(data)
    if name not in BUILTIN_MAPS:
        raise InputError(f"unknown label map {name!r}; choose one of {', '.join(sorted(BUILTIN_MAPS))}")
    gold = load_jsonl(path)
    result = evaluate_ner(nlp, gold[:limit] if limit else gold, BUILTIN_MAPS[name])
    return {**result, "data": str(path), "map": name}
