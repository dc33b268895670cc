"""Runs the per-document stage (nlp + extract) over a corpus: in this process, in N local
processes (``kg build --jobs N``), or on a Dask cluster (``--executor dask``), with the
per-document cache in front.

Whatever runs it, each document is extracted on its own by the same function
(:func:`extract_batch`), and the results come back in the documents' order, so resolution and
export (global, on the client) see exactly what a one-process build sees: the exports are the same
byte for byte. Documents are sent in batches, so a worker's start-up (loading the model) is paid
once per worker and the per-task overhead once per batch, not per page.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import ExtractionCache, slim
from .errors import ExtractionError, KgError
from .records import Document, Extraction

EXECUTORS = ("local", "dask")


def available_cores() -> int:
    """The cores this process may run on (the default of ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def pinned_blas(threads: int = 1) -> Iterator[None]:
    """BLAS (OpenBLAS/MKL via numpy) limited to ``threads`` threads inside the block: the encoder's
    matrices are small, and N processes each spawning a thread per core only fight for cores."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        yield
        return
    with threadpool_limits(limits=threads, user_api="blas"):
        yield


def extract_batch(documents: Sequence[Document], model: str | None, patterns: tuple[Path, ...]) -> list[Extraction]:
    """The per-document stage for a batch: nlp + extract, each result without its page text.

    Loads the pipeline once per process (cached); this is what every executor runs."""
    from .extract import extract
    from .nlp.pipeline import load_pipeline

    nlp = load_pipeline(model, patterns)
    out: list[Extraction] = []
    with pinned_blas():
        for doc in documents:
            try:
                out.append(slim(extract(doc, nlp)))
            except KgError:
                raise
            except Exception as exc:  # a bug on one page: say which page, in one line
                detail = str(exc).splitlines()[0] if str(exc) else ""
                raise ExtractionError(f"{doc.path}: extraction failed ({type(exc).__name__}: {detail})") from None
    return out


def _batches(documents: Sequence[Document], workers: int, chars: int = 200_000) -> list[list[Document]]:
    """Consecutive batches of about ``chars`` characters, at least 4 per worker when the corpus
    is small (so the workers finish together), never split inside a document."""
    total = sum(len(d.raw) for d in documents)
    target = max(1, min(chars, total // max(1, workers * 4)))
    batches: list[list[Document]] = []
    current: list[Document] = []
    size = 0
    for doc in documents:
        current.append(doc)
        size += len(doc.raw)
        if size >= target:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


@dataclass
class StageReport:
    processed: int = 0  # documents extracted by this build
    cached: int = 0  # documents read from the cache
    jobs: int = 1
    executor: str = "local"


Progress = Callable[[int], None]


def run_documents(
    documents: Sequence[Document],
    *,
    model: str | None,
    patterns: tuple[Path, ...],
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache: ExtractionCache | None = None,
    progress: Progress | None = None,
) -> tuple[list[Extraction], StageReport]:
    """Every document's extraction, in the documents' order, and how they were obtained.

    The returned extractions carry their full documents (as read), cached or not."""
    if executor not in EXECUTORS:
        raise KgError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    report = StageReport(jobs=jobs, executor=executor)
    results: list[Extraction | None] = [None] * len(documents)
    todo: list[int] = []
    for number, doc in enumerate(documents):
        found = cache.get(doc) if cache is not None else None
        if found is None:
            todo.append(number)
        else:
            results[number] = found
    report.cached = len(documents) - len(todo)
    if progress and report.cached:
        progress(report.cached)
    pending = [documents[n] for n in todo]
    if pending:
        if executor == "dask":
            batches = _batches(pending, max(jobs, 2))
            done = _run_dask(batches, model, patterns, scheduler, jobs)
        elif jobs > 1 and len(pending) > 1:
            batches = _batches(pending, jobs)
            done = _run_processes(batches, model, patterns, jobs)
        else:
            batches = _batches(pending, 1, chars=20_000)
            done = (extract_batch(batch, model, patterns) for batch in batches)
        position = 0
        for batch, extracted in zip(batches, done):
            for doc, ex in zip(batch, extracted):
                if cache is not None:
                    cache.put(doc, ex)
                results[todo[position]] = _attach(ex, doc)
                position += 1
            if progress:
                progress(len(batch))
        report.processed = position
    if cache is not None:
        cache.prune()
    return [ex for ex in results if ex is not None], report


def _attach(extraction: Extraction, doc: Document) -> Extraction:
    import dataclasses

    return dataclasses.replace(extraction, document=doc)


def _run_processes(batches: list[list[Document]], model: str | None, patterns: tuple[Path, ...],
                   jobs: int) -> Iterator[list[Extraction]]:
    """Batches over ``jobs`` worker processes, results in order. On Linux the workers are forked
    after the model is loaded here, so they start in milliseconds and share its memory."""
    methods = multiprocessing.get_all_start_methods()
    context: Any
    if "fork" in methods and sys.platform.startswith("linux"):
        from .nlp.pipeline import load_pipeline

        with pinned_blas():
            load_pipeline(model, patterns)  # inherited by the forked workers
        context = multiprocessing.get_context("fork")
    else:  # pragma: no cover - macOS / Windows: workers load the model themselves
        context = multiprocessing.get_context("spawn")
    with context.Pool(processes=min(jobs, len(batches))) as pool:
        yield from pool.imap(_extract_args, [(batch, model, patterns) for batch in batches])


def _extract_args(args: tuple[list[Document], str | None, tuple[Path, ...]]) -> list[Extraction]:
    return extract_batch(*args)


def _run_dask(batches: list[list[Document]], model: str | None, patterns: tuple[Path, ...],
              scheduler: str | None, jobs: int) -> Iterator[list[Extraction]]:
    """Batches as tasks on a Dask cluster (``scheduler`` address), or on a local cluster of
    ``jobs`` single-threaded worker processes; results gathered in order on this client."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise KgError("--executor dask needs dask.distributed: pip install 'kg[dask]'") from None
    cluster: Any = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=30)
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise KgError(f"{scheduler or 'local cluster'}: cannot connect to the Dask scheduler ({exc})") from None
    try:
        futures = client.map(extract_batch, batches, model=model, patterns=patterns, pure=False)
        for future in futures:
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
