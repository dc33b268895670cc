"""Memory benchmark: peak RSS of `kg build` against corpus size, and what grows with the corpus.

The corpora are the page-like People's Daily (and other) corpora of benchmarks/scale.py, made at
run time from ../shared/benchmarks into a temporary folder (never copied into the repository).
Every build runs in its own subprocess (`kg.build.build`, what `kg build` runs, one process,
no cache), with a thread sampling its resident memory (/proc/self/statm) every 10 ms, so each
figure is that build's own. Per size and code version it prints:

- peak: the build's peak RSS (ru_maxrss);
- base: RSS once Python, kg's libraries and the model are loaded (what any build holds);
- the peak within each stage (nlp+extract with the pages read as it goes, resolve, graph, write:
  Turtle, store, HTML), from the samples and the stage timings;
- graph: the graph's own size in memory, measured apart (another subprocess parses kg.ttl into
  an rdflib Graph: its RSS after, less its RSS before), and its triples.

`--exports` also measures, on each build's output and with that build's code, two steps a user runs
after it, each in a subprocess of its own: the N-Triples and N-Quads exports (`write_formats(graph,
..., ["nt"])` on the graph read from the store) and `kg view` of the whole graph; printed as their peak RSS less
the RSS once the graph is read (the step's own working memory).

`--before REF` also builds every corpus with the code of git revision REF (exported with `git
archive` into a temporary folder), in the same run, so the two compare (memory does not drift with
the machine's load the way time does, but only compare figures of one run anyway).

    OMP_NUM_THREADS=1 python benchmarks/memory.py [--sizes 0.3,1,3] [--before main] [--data DIR]
        [--exports] [--json OUT]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from scale import DEFAULT_DATA, export_revision, make_corpus, machine  # noqa: E402

STAGES = ("nlp+extract", "resolve", "graph", "write")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE / 2**20


class Sampler(threading.Thread):
    """RSS every ``every`` seconds, as (seconds since start, MB)."""

    def __init__(self, every: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self.started = time.perf_counter()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((time.perf_counter() - self.started, _rss_mb()))
            time.sleep(self.every)


def worker_build(code: Path, corpus: Path, out: Path) -> dict[str, Any]:
    sys.path.insert(0, str(code))
    from kg.build import build
    from kg.nlp.pipeline import load_pipeline

    load_pipeline(None, ())  # start-up: libraries and model, what every build holds
    gc.collect()
    base = _rss_mb()
    sampler = Sampler()
    sampler.start()
    begun = time.perf_counter() - sampler.started
    result = build([corpus], out, jobs=1, cache=False)
    ended = time.perf_counter() - sampler.started
    sampler.stop.set()
    sampler.join()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    windows: dict[str, tuple[float, float]] = {}
    clock = begun
    for stage in STAGES[:-1]:
        seconds = result.timings.get(stage, 0.0) + (result.timings.get("ingest", 0.0) if stage == "nlp+extract" else 0.0)
        windows[stage] = (clock, clock + seconds)
        clock += seconds
    windows["write"] = (clock, ended)
    stages = {stage: max((mb for t, mb in sampler.samples if lo <= t <= hi), default=0.0)
              for stage, (lo, hi) in windows.items()}
    import kg

    return {"code": str(Path(kg.__file__).parent), "peak_mb": peak, "base_mb": base, "stages": stage_round(stages),
            "triples": result.triples, "documents": result.documents, "timings": stage_round(dict(result.timings)),
            "seconds": ended - begun}


def stage_round(stages: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 1) for k, v in stages.items()}


def worker_graph(code: Path, ttl: Path) -> dict[str, Any]:
    """The graph's own size: an rdflib Graph of kg.ttl, RSS after less RSS before."""
    sys.path.insert(0, str(code))
    import rdflib

    gc.collect()
    before = _rss_mb()
    graph = rdflib.Graph()
    graph.parse(ttl, format="turtle")
    gc.collect()
    return {"graph_mb": _rss_mb() - before, "triples": len(graph)}


def worker_export(code: Path, built: Path, kind: str) -> dict[str, Any]:
    """Peak RSS of one step after a build, less the RSS once the graph is read: ``nt``/``nq`` write
    that export, ``view`` runs ``kg view`` of the whole graph (as a user calls it)."""
    sys.path.insert(0, str(code))
    from kg.store import read_graph

    gc.collect()
    sampler = Sampler()
    sampler.start()
    started = time.perf_counter()
    if kind in ("nt", "nq"):
        from kg.export.formats import write_formats

        graph = read_graph(built)
        gc.collect()
        loaded = _rss_mb()
        write_formats(graph, built / f"{kind}-out", [kind])
    else:
        from click.testing import CliRunner

        from kg.cli import main as cli

        graph = read_graph(built)  # what kg view reads first, to set the baseline the same way
        gc.collect()
        loaded = _rss_mb()
        del graph
        result = CliRunner().invoke(cli, ["view", "--graph", str(built), "--out", str(built / "view.html")])
        if result.exit_code != 0:
            raise SystemExit(result.output)
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    peak = max(mb for _, mb in sampler.samples)
    return {"kind": kind, "loaded_mb": round(loaded, 1), "peak_mb": round(peak, 1), "own_mb": round(peak - loaded, 1),
            "seconds": round(seconds, 1)}


def run_worker(kind: str, *args: str) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    proc = subprocess.run([sys.executable, __file__, "--worker", kind, *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the shared benchmark sets")
    parser.add_argument("--sizes", default="0.3,1,3", help="corpus sizes in millions of characters")
    parser.add_argument("--before", default=None, metavar="REF", help="also build with the code of git revision REF")
    parser.add_argument("--exports", action="store_true", help="also measure the N-Triples export and kg view")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "build":
            print(json.dumps(worker_build(Path(rest[0]), Path(rest[1]), Path(rest[2]))))
        elif kind == "export":
            print(json.dumps(worker_export(Path(rest[0]), Path(rest[1]), rest[2])))
        else:
            print(json.dumps(worker_graph(Path(rest[0]), Path(rest[1]))))
        return
    if not args.data.is_dir():
        print(f"skipped: {args.data} not found (the shared benchmark sets are read at run time; pass --data DIR)")
        return
    print(f"machine: {machine()}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; data: {args.data}")
    tmp = Path(tempfile.mkdtemp(prefix="kg-memory-"))
    versions = {"this": REPO}
    rows: list[dict[str, Any]] = []
    try:
        if args.before:
            versions = {args.before: export_revision(args.before, tmp / "before"), "this": REPO}
        head = (f"{'Mchars':>6} {'pages':>5} {'code':>8} {'peak MB':>7} {'base MB':>7} "
                + " ".join(f"{s:>11}" for s in STAGES) + f" {'graph MB':>8} {'triples':>8} {'seconds':>7}")
        print(head)
        for size in (float(s) for s in args.sizes.split(",")):
            corpus = tmp / f"corpus-{size}"
            pages, chars = make_corpus(args.data, int(size * 1_000_000), corpus)
            row: dict[str, Any] = {"mchars": size, "chars": chars, "pages": pages, "builds": {}}
            for name, code in versions.items():
                out = tmp / f"out-{size}-{name}"
                row["builds"][name] = run_worker("build", str(code), str(corpus), str(out))
            last = tmp / f"out-{size}-this"
            row["graph"] = run_worker("graph", str(REPO), str(last / "kg.ttl"))
            for name, built in row["builds"].items():
                line = (f"{size:>6} {pages:>5} {name[:8]:>8} {built['peak_mb']:>7.0f} {built['base_mb']:>7.0f} "
                        + " ".join(f"{built['stages'][s]:>11.0f}" for s in STAGES)
                        + f" {row['graph']['graph_mb']:>8.0f} {built['triples']:>8}"
                        + f" {built['seconds']:>7.1f}")
                print(line)
            if args.exports:
                row["exports"] = {}
                for name, code in versions.items():
                    for kind in ("nt", "nq", "view"):
                        got = run_worker("export", str(code), str(tmp / f"out-{size}-{name}"), kind)
                        row["exports"][f"{name}/{kind}"] = got
                        print(f"{'':>6} {'':>5} {name[:8]:>8} {kind:>5}: peak {got['peak_mb']:.0f} MB, graph read "
                              f"{got['loaded_mb']:.0f} MB, the step's own {got['own_mb']:.0f} MB, {got['seconds']:.1f} s")
            sys.stdout.flush()
            rows.append(row)
            for name in versions:
                shutil.rmtree(tmp / f"out-{size}-{name}", ignore_errors=True)
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if len(rows) > 1:
        first, last_row = rows[0], rows[-1]
        span = (last_row["chars"] - first["chars"]) / 1e6
        for name in versions:
            grow = (last_row["builds"][name]["peak_mb"] - first["builds"][name]["peak_mb"]) / span
            above = [r["builds"][name]["peak_mb"] - r["builds"][name]["base_mb"] - r["graph"]["graph_mb"] for r in rows]
            print(f"{name}: peak grows {grow:.0f} MB per million characters; peak less base less graph: "
                  + ", ".join(f"{a:.0f}" for a in above) + " MB")
        graph_grow = (last_row["graph"]["graph_mb"] - first["graph"]["graph_mb"]) / span
        print(f"graph: grows {graph_grow:.0f} MB per million characters")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
