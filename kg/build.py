"""build(): wires the stages, and writes the outputs as one set.

files -> ingest -> nlp -> extract -> resolve -> rdf -> exports. Every input document is read and
checked before anything is written; the exports are written into a new generation folder under
the output folder and made current in one rename, under a lock, so that a failed or killed build
leaves the previous complete set and two builds never interleave (see :mod:`kg.fileio`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from .cache import (CACHE_DIR, ExtractionCache, corpus_fingerprint, forget_manifest, pipeline_version, read_manifest,
                    write_manifest)
from .errors import InputError, OutputError
from .fileio import atomic_write, atomic_write_text, build_lock, clean_stale, new_generation, publish
from .ingest import Skipped, discover, stream_documents
from .pipeline_exec import run_documents
from .rdf import build_graph
from .records import Extraction
from .resolve import Resolution, region_places, resolve
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
    extractions: list[Extraction] = field(default_factory=list)  # run_pipeline's; build() keeps none
    skipped: list[Skipped] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage of run_pipeline
    processed: int = 0  # documents run through nlp + extract by this build
    fingerprint: str | None = None  # of everything the outputs depend on (with a cache)
    unchanged: bool = False  # the last build's outputs were kept: same inputs, outputs intact
    cached: int = 0  # documents whose extraction came from the cache

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
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
    keep_documents: bool = True,
    reuse: Callable[[str], BuildResult | None] | None = None,
    strict: bool = False,
) -> BuildResult:
    """All stages; nothing is written (except the extraction cache, if ``cache_dir``).

    The pages are streamed: read one at a time into the per-document stage (nlp + extract, on
    ``jobs`` local processes or, with ``executor="dask"``, on a Dask cluster at ``scheduler``, else
    a local one), which also reads from each page's text what resolution and the graph need
    (:class:`~kg.records.PageFacts`) and then drops the text and offset map. Resolution and the
    graph are built here, over all documents. ``keep_documents`` (evaluation needs the text): each
    extraction carries its full page as read; ``build`` passes False, so no page is kept.
    ``reuse(fingerprint)``, with a cache: a result to return instead of running the stages
    (``build`` gives the last build's, when nothing changed). A file that cannot be read is skipped
    and listed in the result (``strict``: an error instead).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = started

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    files, skipped = discover(paths)
    if strict and skipped:
        raise InputError(f"{skipped[0]} (--strict)")
    regions = region_places(aliases)  # the page's place is read in the per-document stage, with these
    lap("ingest")
    cache = ExtractionCache(cache_dir, pipeline_version(model, patterns, regions)) if cache_dir is not None else None
    fingerprint = None
    if cache is not None:
        settings = [base, *(_content_hash(Path(p)) for p in aliases)]
        fingerprint = corpus_fingerprint(cache, files, skipped, settings)  # file by file
        lap("ingest")
        kept = reuse(fingerprint) if reuse is not None else None
        if kept is not None:
            kept.timings = timings
            kept.seconds = time.perf_counter() - started
            return kept
    pages = stream_documents(files, skipped, strict=strict)  # read as the stage takes them
    with _progress_bar(len(files), progress) as step:
        extractions, stage = run_documents(pages, model=model, patterns=tuple(patterns), regions=regions, jobs=jobs,
                                           executor=executor, scheduler=scheduler, cache=cache, progress=step,
                                           keep_documents=keep_documents, total_chars=_chars_estimate(files),
                                           files=len(files))
    sentences = sum(len(ex.document.sentences) for ex in extractions)
    count = len(extractions)
    lap("nlp+extract")  # reading the pages included: they are read as the stage takes them
    resolution = resolve(extractions, aliases)  # each page's place was read in the per-document stage
    lap("resolve")
    graph = build_graph(extractions, resolution, base)  # article labels are the page as written
    lap("graph")
    entities = Counter(e.label for e in resolution.entities.values())
    return BuildResult(
        documents=count,
        sentences=sentences,
        entities=entities,
        triples=len(graph),
        seconds=time.perf_counter() - started,
        graph=graph,
        resolution=resolution,
        extractions=extractions,
        timings=timings,
        processed=stage.processed,
        cached=stage.cached,
        fingerprint=fingerprint,
        skipped=skipped,
    )


def _chars_estimate(files: Sequence[Path]) -> int:
    """The corpus' characters, from the files' sizes (3 bytes a character: UTF-8 Chinese); it
    only sizes the batches."""
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total // 3


def _content_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"unreadable {path}"  # resolve names the file and the reason


@contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A progress bar of pages on stderr, only when asked and stderr is a terminal."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="page", file=sys.stderr, leave=False, desc="nlp+extract") as bar:
        yield bar.update


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
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    progress: bool = False,
) -> BuildResult:
    """Build the graph of ``paths`` into ``out``: kg.ttl, kg.html, the store and extra formats.

    The whole set is written into a new generation folder and made current in one step (see
    :func:`kg.fileio.publish`); a second build into the same ``out`` meanwhile fails at once.
    ``jobs``/``executor``/``scheduler``: where the per-document stage runs (see run_pipeline);
    ``cache``: reuse and keep per-document extractions in ``out/.kg-cache``, and keep the last
    outputs as they are when nothing they depend on changed.
    """
    started = time.perf_counter()
    prepare_output(out)
    options = json.dumps([report, sorted(formats), store])
    with build_lock(out):
        clean_stale(out)
        if not cache:
            forget_manifest(out)

        def unchanged(fingerprint: str) -> BuildResult | None:
            kept = read_manifest(out, fingerprint + options)
            if kept is None:
                forget_manifest(out)  # the outputs are about to change
                return None
            summary = kept["summary"]
            return BuildResult(documents=summary["documents"], sentences=summary["sentences"],
                               entities=Counter(summary["entities"]), triples=summary["triples"], seconds=0.0,
                               outputs=[out / name for name in kept["outputs"]], cached=summary["documents"],
                               fingerprint=fingerprint, unchanged=True,
                               skipped=[Skipped(path, reason) for path, reason in summary.get("skipped", [])])

        result = run_pipeline(paths, model=model, patterns=patterns, aliases=aliases, base=base, strict=strict,
                              jobs=jobs, executor=executor, scheduler=scheduler,
                              cache_dir=out / CACHE_DIR if cache else None, progress=progress,
                              keep_documents=False, reuse=unchanged)
        if result.unchanged:
            result.seconds = time.perf_counter() - started
            return result
        graph = result.graph
        assert graph is not None
        result.extractions = []  # the records are not needed past the graph: their memory goes to the writers
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
        if result.fingerprint is not None:
            write_manifest(out, result.fingerprint + options, result.outputs,
                           {"documents": result.documents, "sentences": result.sentences,
                            "entities": dict(result.entities), "triples": result.triples,
                            "skipped": [[s.path, s.reason] for s in result.skipped]})
    result.seconds = time.perf_counter() - started
    return result


def _write_set(folder: Path, graph: Graph, result: BuildResult, *, report: bool, formats: Sequence[str],
               store: bool) -> None:
    """Every export of one build into ``folder`` (a fresh generation folder).

    In the order that keeps the peak memory low: the Turtle (streamed), then the store loaded from
    it in batches, then the page, whose timelines are read from that store (with ``store=False``
    from a scratch store, removed after) rather than from an in-memory copy of the whole graph, and
    whose projection is made once and kept only if a network format needs it too.
    """
    from .export.turtle import write_turtle  # rdflib's Turtle, byte for byte, 3-5x faster

    ttl = folder / "kg.ttl"
    atomic_write(ttl, lambda tmp: write_turtle(graph, tmp))
    from .export.formats import NETWORK_FORMATS

    view = _write_page(graph, folder, ttl, keep_store=store)
    if not any(fmt in NETWORK_FORMATS for fmt in formats):
        view = None  # its memory goes to the formats
    if report and result.resolution is not None:
        atomic_write_text(folder / "report.md", result.resolution.report())
    if formats:
        from .export.formats import write_formats

        write_formats(graph, folder, list(formats), view=view)


def _write_page(graph: Graph, folder: Path, ttl: Path, *, keep_store: bool) -> Any:
    """The store of ``ttl`` (``folder/store`` if ``keep_store``, else a scratch store in ``folder``,
    removed after), then kg.html with its timelines read from that store; returns the projection
    the page was drawn from."""
    from .export.html import write_html
    from .graphview import to_networkx
    from .store import open_store, write_store

    where = folder if keep_store else Path(tempfile.mkdtemp(prefix=".store-scratch-", dir=folder))
    try:
        opened = open_store(write_store(ttl, where))
        view = to_networkx(graph)
        write_html(graph, folder / "kg.html", store=opened, view=view)
        del opened  # closes RocksDB before its folder is renamed or removed
        return view
    finally:
        if not keep_store:
            shutil.rmtree(where, ignore_errors=True)
