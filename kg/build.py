"""build(): wires the stages, and writes the outputs as one set.

files -> ingest -> nlp -> extract -> resolve -> rdf -> exports. Every input document is read and
checked before anything is written; the exports are written into a new generation folder under
the output folder and made current in one rename, under a lock, so that a failed or killed build
leaves the previous complete set and two builds never interleave (see :mod:`kg.fileio`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import OutputError
from .fileio import atomic_write, atomic_write_text, build_lock, clean_stale, new_generation, publish
from .extract import extract
from .ingest import Skipped, read_documents
from .nlp.pipeline import load_pipeline
from .rdf import build_graph
from .records import Extraction
from .resolve import Resolution, resolve
from .vocab import DEFAULT_BASE


@dataclass
class BuildResult:
    documents: int
    sentences: int
    entities: Counter[str]
    triples: int
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    graph: Graph | None = None
    resolution: Resolution | None = None
    extractions: list[Extraction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        by_type = ", ".join(f"{label} {count}" for label, count in sorted(self.entities.items()))
        text = (
            f"{self.documents} documents, {self.sentences} sentences, entities: {by_type}; "
            f"{self.triples} triples in {self.seconds:.1f}s"
        )
        if self.skipped:
            listed = "; ".join(str(s) for s in self.skipped)
            text += f"\nskipped {len(self.skipped)} file{'' if len(self.skipped) == 1 else 's'}: {listed}"
        return text


def prepare_output(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: output folder is not writable")


def run_pipeline(
    paths: Sequence[str | Path],
    *,
    model: str | None = None,
    patterns: Sequence[Path] = (),
    aliases: Sequence[Path] = (),
    base: str = DEFAULT_BASE,
    strict: bool = False,
) -> BuildResult:
    """All stages in memory; nothing is written."""
    started = time.perf_counter()
    documents = read_documents(paths, strict=strict)
    nlp = load_pipeline(model, tuple(patterns))
    extractions = [extract(doc, nlp) for doc in documents]
    resolution = resolve(extractions, aliases)
    graph = build_graph(extractions, resolution, base)
    entities = Counter(e.label for e in resolution.entities.values())
    return BuildResult(
        documents=len(documents),
        sentences=sum(len(d.sentences) for d in documents),
        entities=entities,
        triples=len(graph),
        seconds=time.perf_counter() - started,
        graph=graph,
        resolution=resolution,
        extractions=extractions,
        skipped=list(documents.skipped),
    )


def build(
    paths: Sequence[str | Path],
    out: Path,
    *,
    model: str | None = None,
    patterns: Sequence[Path] = (),
    aliases: Sequence[Path] = (),
    base: str = DEFAULT_BASE,
    report: bool = False,
    formats: Sequence[str] = (),
    store: bool = True,
    strict: bool = False,
) -> BuildResult:
    """Build the graph of ``paths`` into ``out``: kg.ttl, kg.html, the store and extra formats.

    The whole set is written into a new generation folder and made current in one step (see
    :func:`kg.fileio.publish`); a second build into the same ``out`` meanwhile fails at once.
    """
    started = time.perf_counter()
    prepare_output(out)
    with build_lock(out):
        clean_stale(out)
        result = run_pipeline(paths, model=model, patterns=patterns, aliases=aliases, base=base, strict=strict)
        graph = result.graph
        assert graph is not None
        staging = new_generation(out)
        try:
            _write_set(staging, graph, result, report=report, formats=formats, store=store)
            names = publish(out, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        clean_stale(out)  # at rest: the current set and the one before it (and any set being served)
    order = ["kg.ttl", "kg.html", "report.md"]
    result.outputs = [out / name for name in order if name in names]
    result.outputs += [out / name for name in names if name not in order and name != "store"]
    if "store" in names:
        result.outputs.append(out / "store")
    result.seconds = time.perf_counter() - started
    return result


def _write_set(folder: Path, graph: Graph, result: BuildResult, *, report: bool, formats: Sequence[str],
               store: bool) -> None:
    """Every export of one build into ``folder`` (a fresh generation folder)."""
    ttl = folder / "kg.ttl"
    atomic_write(ttl, lambda tmp: graph.serialize(destination=tmp, format="turtle", encoding="utf-8"))
    from .export.html import write_html

    write_html(graph, folder / "kg.html")
    if report and result.resolution is not None:
        atomic_write_text(folder / "report.md", result.resolution.report())
    if formats:
        from .export.formats import write_formats

        write_formats(graph, folder, list(formats))
    if store:
        from .store import write_store

        write_store(ttl, folder)
