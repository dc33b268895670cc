"""Runs the per-document stage (nlp + extract) over a corpus: in this process, in N local
processes (``kg build --jobs N``), or on a Dask cluster (``--executor dask``), with the
per-document cache in front.

Whatever runs it, each document is extracted on its own by the same function
(:func:`extract_batch`), and the results come back in the documents' order, so resolution and
export (global, on the client) see exactly what a one-process build sees: the exports are the same
byte for byte. Documents are sent in batches, so a worker's start-up (loading the model) is paid
once per worker and the per-task overhead once per batch, not per page. The documents are read as
a stream and only a few batches are out at once; what comes back holds no page text.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import dataclasses
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import ExtractionCache, slim
from .errors import ExtractionError, KgError
from .records import Document, Extraction
from .resolve import RegionPlaces

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


def extract_batch(documents: Sequence[Document], model: str | None, patterns: tuple[Path, ...],
                  regions: RegionPlaces | None = None) -> list[Extraction]:
    """The per-document stage for a batch: nlp + extract, and what resolution and the graph need
    from the page's text (:func:`kg.resolve.page_facts`, its place read with the gazetteer of
    ``regions``, by default the shipped ones); each result without its page text, so none
    travels back or is kept.

    Loads the pipeline once per process (cached); this is what every executor runs."""
    from .extract import extract
    from .nlp.pipeline import load_pipeline
    from .resolve import page_facts

    nlp = load_pipeline(model, patterns)
    out: list[Extraction] = []
    with pinned_blas():
        for doc in documents:
            try:
                ex = extract(doc, nlp)
                out.append(slim(dataclasses.replace(ex, page=page_facts(doc, ex.mentions, regions))))
            except KgError:
                raise
            except Exception as exc:  # a bug on one page: say which page, in one line
                detail = str(exc).splitlines()[0] if str(exc) else ""
                raise ExtractionError(f"{doc.path}: extraction failed ({type(exc).__name__}: {detail})") from None
    return out


def batch_target(total_chars: int, workers: int, chars: int = 200_000) -> int:
    """Characters a batch holds: about ``chars``, less when the corpus is small, so that each
    worker gets at least 4 batches (and the workers finish together)."""
    return max(1, min(chars, total_chars // max(1, workers * 4)))


def _batches(documents: Sequence[Document], workers: int, chars: int = 200_000) -> list[list[Document]]:
    """Consecutive batches of about ``chars`` characters, at least 4 per worker when the corpus
    is small (so the workers finish together), never split inside a document."""
    target = batch_target(sum(len(d.raw) for d in documents), workers, chars)
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


class _Runner:
    """Where batches run: here, on local worker processes or on a Dask cluster. Started at the
    first batch (a build whose pages all come from the cache loads no model and forks nothing);
    ``window`` is how many batches may be out at once beyond the one being gathered."""

    def __init__(self, kind: str, jobs: int, model: str | None, patterns: tuple[Path, ...],
                 regions: RegionPlaces | None, scheduler: str | None) -> None:
        self.kind, self.jobs, self.model, self.patterns, self.regions = kind, jobs, model, patterns, regions
        self.scheduler = scheduler
        self.window = 0 if kind == "inline" else 2 * jobs
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None

    def submit(self, batch: list[Document]) -> Any:
        if self.kind == "inline":
            return extract_batch(batch, self.model, self.patterns, self.regions)
        if self.kind == "processes":
            if self._pool is None:
                self._pool = _start_pool(self.model, self.patterns, self.jobs)
            return self._pool.submit(_extract_args, (batch, self.model, self.patterns, self.regions))
        if self._client is None:
            self._client, self._cluster = _start_dask(self.scheduler, self.jobs)
            threads = sum(self._client.nthreads().values()) if self.scheduler else self.jobs
            self.window = 2 * max(1, threads)
        return self._client.submit(extract_batch, batch, model=self.model, patterns=self.patterns,
                                   regions=self.regions, pure=False)

    def result(self, handle: Any) -> list[Extraction]:
        if self.kind == "inline":
            return list(handle)
        try:
            return list(handle.result())
        except concurrent.futures.process.BrokenProcessPool:
            raise KgError(f"a worker process of --jobs {self.jobs} died before it returned its pages "
                          "(killed, or out of memory); nothing was written") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


@dataclass
class _Chunk:
    """Consecutive documents in input order: cached extractions (ready) and the batch of the
    others, sent out together and gathered in order."""

    slots: list[tuple[Extraction | None, Document | None, str | None]] = field(default_factory=list)
    batch: list[Document] = field(default_factory=list)
    size: int = 0
    handle: Any = None


def run_documents(
    documents: Iterable[Document],
    *,
    model: str | None,
    patterns: tuple[Path, ...],
    regions: RegionPlaces | None = None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache: ExtractionCache | None = None,
    progress: Progress | None = None,
    keep_documents: bool = True,
    total_chars: int | None = None,
    files: int | None = None,
) -> tuple[list[Extraction], StageReport]:
    """Every document's extraction, in the documents' order, and how they were obtained.

    ``documents`` is consumed as a stream: a page is read when a batch has room for it, and at
    most a few batches are out at once, so the pages are never all in memory. The extractions
    hold no page text (see :func:`kg.cache.slim`); ``keep_documents``: each carries its full
    document, as read (evaluation needs the text). ``total_chars`` (an estimate of the corpus'
    characters) sizes the batches, ``files`` (how many pages may come) decides whether worker
    processes are worth starting."""
    if executor not in EXECUTORS:
        raise KgError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    report = StageReport(jobs=jobs, executor=executor)
    if executor == "dask":
        kind, workers, chars = "dask", max(jobs, 2), 200_000
    elif jobs > 1 and (files is None or files > 1):
        kind, workers, chars = "processes", jobs, 200_000
    else:
        kind, workers, chars = "inline", 1, 20_000
    target = batch_target(total_chars, workers, chars) if total_chars is not None else chars
    runner = _Runner(kind, jobs, model, patterns, regions, scheduler)
    results: list[Extraction] = []
    out: deque[_Chunk] = deque()
    chunk = _Chunk()

    def gather(done: _Chunk) -> None:
        extracted = iter(runner.result(done.handle) if done.handle is not None else ())
        for ready, doc, key in done.slots:
            if ready is None:
                ex = next(extracted)
                if cache is not None and key is not None:
                    cache.store(key, ex)
                report.processed += 1
                ready = dataclasses.replace(ex, document=doc) if doc is not None else ex
            results.append(ready)
        if progress:
            progress(len(done.slots))

    def send(full: _Chunk) -> None:
        if full.batch:
            full.handle = runner.submit(full.batch)
            full.batch = []  # the runner holds the batch while it needs it
        out.append(full)
        while len(out) > runner.window:
            gather(out.popleft())

    try:
        for doc in documents:
            key = cache.key(doc) if cache is not None else None
            found = cache.lookup(key, doc.doc_id) if cache is not None and key is not None else None
            kept = doc if keep_documents else None
            if found is not None:
                report.cached += 1
                ready = dataclasses.replace(found, document=doc) if keep_documents else found
                if not out and not chunk.slots:  # nothing before it is still out: it is next
                    results.append(ready)
                    if progress:
                        progress(1)
                else:
                    chunk.slots.append((ready, None, key))
                continue
            chunk.slots.append((None, kept, key))
            chunk.batch.append(doc)
            chunk.size += len(doc.raw)
            if chunk.size >= target:
                send(chunk)
                chunk = _Chunk()
        if chunk.slots:
            send(chunk)
        while out:
            gather(out.popleft())
    finally:
        runner.close()
    if cache is not None:
        cache.prune()
    return results, report


def _start_pool(model: str | None, patterns: tuple[Path, ...], jobs: int) -> Any:
    """``jobs`` worker processes. On Linux they are forked after the model is loaded here, so they
    start in milliseconds and share its memory. A process pool from ``concurrent.futures``: a worker
    that dies (killed, out of memory) fails the build with ``BrokenProcessPool`` where
    ``multiprocessing.Pool`` waited for its result for ever."""
    methods = multiprocessing.get_all_start_methods()
    context: Any
    if "fork" in methods and sys.platform.startswith("linux"):
        from .nlp.pipeline import load_pipeline

        with pinned_blas():
            load_pipeline(model, patterns)  # inherited by the forked workers
        context = multiprocessing.get_context("fork")
    else:  # pragma: no cover - macOS / Windows: workers load the model themselves
        context = multiprocessing.get_context("spawn")
    return concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _extract_args(args: tuple[list[Document], str | None, tuple[Path, ...], RegionPlaces | None]) -> list[Extraction]:
    return extract_batch(*args)


def _start_dask(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    """A client of the Dask cluster at ``scheduler``, or of a local cluster of ``jobs``
    single-threaded worker processes (and that cluster, to close)."""
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
        if cluster is not None:
            cluster.close()
        raise KgError(f"{scheduler or 'local cluster'}: cannot connect to the Dask scheduler ({exc})") from None
    return client, cluster
