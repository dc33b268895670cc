"""Scale benchmark: `kg build` on page-like corpora of growing size, beside a jieba + rdflib recipe.

The corpora are made at run time from the public sets in ../shared/benchmarks (People's Daily,
CLUENER, Resume NER, DuIE; evaluation only: read here, written to a temporary folder, never copied
into the repository). Sentences are laid out as newspaper pages: a heading, paragraphs of a few
sentences wrapped at a column width (lines cut mid-word, as in the seeds), a byline; beyond the
sets' ~0.45M distinct characters the sentences are reused in a different order (seeded), so the
10M corpus repeats text (resolution sees the same names again, which is what an archive does).

Every build runs in its own subprocess (`kg.build.build`, what `kg build` runs), so its peak
memory (ru_maxrss of the largest of the process and its workers) and start-up are its own. Per
size it prints: the whole command's wall time, chars/s, peak RSS, time per stage (start-up =
interpreter + imports + model load; ingest; nlp+extract; resolve; graph; write = Turtle, store,
HTML), graph size, and the recipe's time on the same corpus in the same run (segment with
jieba.posseg, nr/ns/nt as entities, add triples to an rdflib graph, serialise Turtle; run before
and after kg's builds, the mean taken) as a ratio.
The fitted cost exponent is the slope of log(time) on log(size), with and without start-up.
`par` is the parallelism the machine gave around that build (two CPU loops against one, measured
just before and just after it): `--jobs 2` can only be faster when it is well above 1.
Options add: `--jobs 1,2` the speed-up of `kg build --jobs`; `--rebuild` the cache (unchanged
rebuild, pages cached but resolution/export rerun, one page added); `--stats` what `kg stats`
reads (Turtle vs store); `--companies N` company-core merging on N synthetic names; `--before REF`
each corpus also built with the code of git revision REF, right before this code's build (one
row more, marked), so the stages of the two compare within one run.

The default sizes are 0.3 and 1 million characters (about 1.5 minutes for both with the recipe);
3 and 10 take about 4 and 13 minutes each on one core here.

Timings on the shared 2-core machine drift by ~30% from hour to hour and the second core is often
busy with other work: the script first measures how much parallelism the machine gives right now
(two CPU loops against one). Only compare figures printed by one run.

    OMP_NUM_THREADS=1 python benchmarks/scale.py [--sizes 0.3,1,3,10] [--data DIR] [--jobs 1,2]
        [--rebuild] [--stats] [--companies 100000] [--before REF] [--json OUT]
        [--profile 0.3]  # cProfile of one kg build at that size (stderr), top functions
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# ../shared/benchmarks beside the repository (or beside a folder above it, for a git worktree)
DEFAULT_DATA = next((p / "shared" / "benchmarks" for p in REPO.parents if (p / "shared" / "benchmarks").is_dir()),
                    REPO.parent / "shared" / "benchmarks")
SETS = (
    "peoples_daily/test.jsonl",
    "peoples_daily/dev.jsonl",
    "cluener/dev.jsonl",
    "resume_ner/test.jsonl",
    "resume_ner/dev.jsonl",
    "duie/dev_org_person.jsonl",
)
PAGE_CHARS = 3000  # the seeds are 3-7k characters a page
COLUMN = 26  # characters per printed line
PERSON_LABELS = {"PER", "name", "NAME", "人物"}


# -- corpus ----------------------------------------------------------------------------------------
def load_sentences(data: Path) -> tuple[list[str], list[str]]:
    """All sentences of the sets found, and the person names they annotate (for bylines)."""
    sentences: list[str] = []
    names: list[str] = []
    for rel in SETS:
        path = data / rel
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["text"].strip()
            if len(text) >= 8:
                sentences.append(text)
            names += [text[s:e] for s, e, label in row.get("entities", []) if label in PERSON_LABELS and 2 <= e - s <= 4]
    return sentences, sorted(set(names))


def _wrap(text: str) -> str:
    return "\n".join(text[i : i + COLUMN] for i in range(0, len(text), COLUMN))


def make_corpus(data: Path, chars: int, out: Path) -> tuple[int, int]:
    """Write pages of about PAGE_CHARS characters into ``out`` until ``chars``; (pages, chars)."""
    sentences, names = load_sentences(data)
    if not sentences:
        raise SystemExit(f"{data}: no benchmark sentences found")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12)
    order = list(sentences)
    total = pages = cursor = 0
    while total < chars:
        page: list[str] = []
        size = 0
        heading = order[cursor % len(order)].rstrip("。！？；，").split("，")[0][:18]
        page.append(heading)
        size += len(heading)
        while size < PAGE_CHARS and total + size < chars:
            para = []
            for _ in range(rng.randint(2, 5)):
                cursor += 1
                if cursor % len(order) == 0:
                    rng.shuffle(order)  # the next pass reads the sentences in another order
                para.append(order[cursor % len(order)])
            text = "".join(para)
            page.append(_wrap(text))
            size += len(text)
        if names and pages % 2 == 0:
            page.append(f"记者 {names[rng.randrange(len(names))]}")
        body = "\n\n".join(page) + "\n"
        (out / f"p{pages:06d}.txt").write_text(body, encoding="utf-8")
        pages += 1
        total += size
    return pages, total


# -- workers (run in a subprocess each) ------------------------------------------------------------
def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # Linux reports kilobytes


def worker_kg(corpus: Path, out: Path, options: dict[str, Any], profile: bool) -> dict[str, Any]:
    sys.path.insert(0, str(options.pop("code", REPO)))  # --before: another revision's code
    started = time.perf_counter()
    from kg.build import build

    accepted = inspect.signature(build).parameters
    options = {k: v for k, v in options.items() if k in accepted}  # older builds lack jobs/cache
    if options.get("executor", "local") == "local" and not options.get("cache"):
        # timed as start-up (forked workers inherit it); a cached build loads it only if it must
        from kg.nlp.pipeline import load_pipeline

        load_pipeline(None, ())
    loaded = time.perf_counter() - started
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        result = prof.runcall(build, [corpus], out, **options)
        stats = pstats.Stats(prof, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(40)
    else:
        result = build([corpus], out, **options)
    wall = time.perf_counter() - started
    timings = dict(getattr(result, "timings", {}) or {})
    timings["start-up"] = loaded + timings.pop("load", 0.0)
    timings["write"] = wall - sum(timings.values())
    return {"seconds": wall, "peak_mb": _peak_mb(), "triples": result.triples, "documents": result.documents,
            "processed": getattr(result, "processed", None), "stages": timings}


def worker_recipe(corpus: Path, out: Path) -> dict[str, Any]:
    """The recipe: jieba.posseg, nr/ns/nt as entities, triples in rdflib, Turtle out."""
    started = time.perf_counter()
    import hashlib

    import jieba
    import jieba.posseg as pseg
    from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

    jieba.setLogLevel(60)
    jieba.initialize()
    ex = Namespace("https://recipe.example.org/")
    types = {"nr": ex.Person, "ns": ex.Place, "nt": ex.Organization}
    g = Graph()
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\n", "")
        article = ex[f"article/{path.stem}"]
        g.add((article, RDF.type, ex.Article))
        for word, flag in pseg.cut(text):
            cls = types.get(flag)
            if cls is None:
                continue
            node = URIRef(ex + "id/" + hashlib.sha1(f"{flag}|{word}".encode()).hexdigest()[:12])
            g.add((node, RDF.type, cls))
            g.add((node, RDFS.label, Literal(word, lang="zh")))
            g.add((node, ex.mentionedIn, article))
    out.mkdir(parents=True, exist_ok=True)
    g.serialize(destination=out / "recipe.ttl", format="turtle", encoding="utf-8")
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "triples": len(g)}


def run_worker(kind: str, corpus: Path, out: Path, options: dict[str, Any] | None = None,
               profile: bool = False) -> dict[str, Any]:
    args = [sys.executable, __file__, "--worker", kind, str(corpus), str(out), json.dumps(options or {})]
    if profile:
        args.append("--profile-worker")
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{kind} worker failed on {corpus}:\n{proc.stderr[-3000:]}")
    if profile:
        print(proc.stderr, file=sys.stderr)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    if "stages" in result:  # the interpreter's own start-up counts as start-up
        result["stages"]["start-up"] += wall - result["seconds"]
    result["seconds"] = wall  # what a user waits for: the whole command
    return result


# -- report ----------------------------------------------------------------------------------------
def time_stats(out: Path) -> dict[str, float]:
    """What ``kg stats`` reads: the Turtle parsed by rdflib, or the build's store (same triples)."""
    sys.path.insert(0, str(REPO))
    from kg import graphview
    from kg.store import store_graph

    started = time.perf_counter()
    parsed = graphview.load_graph(out / "kg.ttl")
    turtle = time.perf_counter() - started
    started = time.perf_counter()
    graph = store_graph(out / "store")
    store = time.perf_counter() - started
    assert len(graph) == len(parsed)
    started = time.perf_counter()
    graphview.stats(graphview.to_networkx(graph))
    return {"turtle": turtle, "store": store, "projection": time.perf_counter() - started}


CORE_CHARS = "华科信达通恒泰瑞丰源鑫盛宏博创远航兴隆安康德力天海新中金龙凯鸿嘉吉祥美和昌明辉晨光"


def time_companies(count: int) -> None:
    """Company-core merging (kg.resolve) on ``count`` synthetic enterprise names."""
    sys.path.insert(0, str(REPO))
    from kg.resolve import Resolver

    rng = random.Random(7)
    names: set[str] = set()
    while len(names) < count:
        core = "".join(rng.choice(CORE_CHARS) for _ in range(rng.randint(2, 4)))
        names.add(rng.choice((f"郑州{core}科技有限公司", f"{core}公司", core, f"{core}实业股份有限公司", f"{core}集团")))
    started = time.perf_counter()
    merged = Resolver()._company_cores(names)
    print(f"company cores: {count} synthetic names, {len(merged)} merged, {time.perf_counter() - started:.2f}s")


def export_revision(ref: str, folder: Path) -> Path:
    """The files of git revision ``ref`` of this repository, in ``folder``."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def fit_exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(chars)."""
    if len(points) < 2:
        return None
    xs = [math.log(c) for c, _ in points]
    ys = [math.log(s) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def _spin(_: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return time.perf_counter() - started


def parallelism() -> float:
    """How many cores the machine gives us right now: the work two processes of a CPU loop get
    done in the time one takes, measured now (1.0 = the second core is busy with others' work)."""
    import multiprocessing

    one = _spin(0)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.perf_counter()
        pool.map(_spin, [0, 1])
        two = time.perf_counter() - started
    return 2 * one / two


def machine() -> str:
    load = os.getloadavg()
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, Python {sys.version.split()[0]}"


STAGES = ("start-up", "ingest", "nlp+extract", "resolve", "graph", "write")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the shared benchmark sets")
    parser.add_argument("--sizes", default="0.3,1", help="corpus sizes in millions of characters (0.3,1,3,10)")
    parser.add_argument("--jobs", default="1", help="kg build --jobs values to measure, e.g. 1,2")
    parser.add_argument("--no-recipe", action="store_true", help="skip the jieba + rdflib recipe")
    parser.add_argument("--rebuild", action="store_true", help="also time a second, cached build of each corpus")
    parser.add_argument("--profile", type=float, default=None, metavar="MCHARS",
                        help="print a cProfile of one kg build at this size (to stderr) and stop")
    parser.add_argument("--stats", action="store_true", help="also time what kg stats reads: Turtle vs the store")
    parser.add_argument("--companies", type=int, default=0, metavar="N",
                        help="also time company-core merging on N synthetic names (e.g. 100000)")
    parser.add_argument("--before", default=None, metavar="REF",
                        help="also build every corpus with the code of git revision REF, beside this one")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--worker", nargs=4, metavar=("KIND", "CORPUS", "OUT", "OPTIONS"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind, corpus, out, options = args.worker
        if kind == "kg":
            result = worker_kg(Path(corpus), Path(out), json.loads(options), args.profile_worker)
        else:
            result = worker_recipe(Path(corpus), Path(out))
        print(json.dumps(result))
        return

    if not args.data.is_dir():
        print(f"skipped: {args.data} not found (the shared benchmark sets are read at run time; pass --data DIR)")
        return
    sizes = [float(s) for s in (str(args.profile) if args.profile else args.sizes).split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"machine: {machine()}")
    print(f"parallelism available now (2 CPU loops vs 1): {parallelism():.2f}x")
    if args.companies:
        time_companies(args.companies)
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; data: {args.data}")
    tmp = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    rows: list[dict[str, Any]] = []
    try:
        before = export_revision(args.before, tmp / "before") if args.before else None
        for size in sizes:
            corpus = tmp / f"corpus-{size}"
            pages, chars = make_corpus(args.data, int(size * 1_000_000), corpus)
            if args.profile:
                run_worker("kg", corpus, tmp / "out-profile", {"store": False, "jobs": 1, "cache": False}, profile=True)
                return
            row: dict[str, Any] = {"mchars": size, "chars": chars, "pages": pages, "kg": {}}
            if not args.no_recipe:
                row["recipe"] = run_worker("recipe", corpus, tmp / f"recipe-{size}")
            for n in jobs:
                out = tmp / f"out-{size}-{n}"
                probe = parallelism()
                if before is not None and n == jobs[0]:  # right before this code's build: the same load
                    row["before"] = run_worker("kg", corpus, tmp / f"out-{size}-before",
                                               {"jobs": n, "cache": False, "code": str(before)})
                    row["before"]["label"] = args.before
                row["kg"][n] = run_worker("kg", corpus, out, {"jobs": n, "cache": False})
                row["kg"][n]["parallelism"] = (probe + parallelism()) / 2  # before and after the build
            if not args.no_recipe:  # again after kg's builds: the mean of the two runs brackets them
                second = run_worker("recipe", corpus, tmp / f"recipe-{size}")
                row["recipe"]["runs"] = [row["recipe"]["seconds"], second["seconds"]]
                row["recipe"]["seconds"] = sum(row["recipe"]["runs"]) / 2
            if args.rebuild:
                out = tmp / f"out-{size}-cache"
                row["first"] = run_worker("kg", corpus, out, {"jobs": jobs[0], "cache": True})
                row["again"] = run_worker("kg", corpus, out, {"jobs": jobs[0], "cache": True})
                (out / "kg.html").unlink()  # an output gone: every page from the cache, global stages rerun
                row["global"] = run_worker("kg", corpus, out, {"jobs": jobs[0], "cache": True})
                first_page = sorted(corpus.glob("*.txt"))[0]
                (corpus / "added.txt").write_text(first_page.read_text(encoding="utf-8")[::-1], encoding="utf-8")
                row["added"] = run_worker("kg", corpus, out, {"jobs": jobs[0], "cache": True})
                (corpus / "added.txt").unlink()
            if args.stats and jobs:
                row["stats"] = time_stats(tmp / f"out-{size}-{jobs[0]}")
            rows.append(row)
            print_row(row, jobs, first=len(rows) == 1)
            sys.stdout.flush()
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for n in jobs:
        exp = fit_exponent([(r["chars"], r["kg"][n]["seconds"]) for r in rows])
        net = fit_exponent([(r["chars"], r["kg"][n]["seconds"] - r["kg"][n]["stages"]["start-up"]) for r in rows])
        if exp is not None and net is not None:
            print(f"cost exponent, kg build --jobs {n}: {exp:.3f} (whole command), {net:.3f} (without start-up)")
    if len(jobs) > 1:
        for r in rows:
            base = r["kg"][jobs[0]]["seconds"]
            print(f"speed-up at {r['mchars']}M chars: " + ", ".join(f"--jobs {n} {base / r['kg'][n]['seconds']:.2f}x" for n in jobs[1:]))
    if not args.no_recipe:
        exp = fit_exponent([(r["chars"], r["recipe"]["seconds"]) for r in rows])
        if exp is not None:
            print(f"cost exponent, recipe: {exp:.3f}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))


def print_row(row: dict[str, Any], jobs: list[int], first: bool) -> None:
    if first:
        head = f"{'Mchars':>6} {'pages':>5} {'jobs':>4} {'seconds':>8} {'chars/s':>8} {'peak MB':>7} {'triples':>8}  "
        head += " ".join(f"{s:>11}" for s in STAGES) + f"  {'recipe s':>8} {'recipe c/s':>10} {'kg/recipe':>9} {'par':>4}"
        print(head)
    recipe = row.get("recipe")
    def build_line(n: int, r: dict[str, Any]) -> str:
        return (f"{row['mchars']:>6} {row['pages']:>5} {n:>4} {r['seconds']:>8.1f} {row['chars'] / r['seconds']:>8.0f} "
                f"{r['peak_mb']:>7.0f} {r['triples']:>8}  " + " ".join(f"{r['stages'].get(s, 0.0):>11.1f}" for s in STAGES))

    if "before" in row:
        print(build_line(jobs[0], row["before"]) + f"  (code of {row['before']['label']})")
    for n in jobs:
        r = row["kg"][n]
        line = build_line(n, r)
        if recipe:
            line += (f"  {recipe['seconds']:>8.1f} {row['chars'] / recipe['seconds']:>10.0f} "
                     f"{recipe['seconds'] / r['seconds']:>9.2f}")
        if "parallelism" in r:
            line += f" {r['parallelism']:>4.2f}"
        print(line)
    if "again" in row:
        first, again, glob, added = (row[k]["seconds"] for k in ("first", "again", "global", "added"))
        print(f"{'':>6} cache: first build {first:.1f}s; unchanged again {again:.1f}s ({first / again:.1f}x faster); "
              f"pages cached, resolve+export rerun {glob:.1f}s ({first / glob:.1f}x); one page added {added:.1f}s "
              f"({row['added']['processed']} page extracted)")
    if "stats" in row:
        st = row["stats"]
        print(f"{'':>6} kg stats input: parse kg.ttl {st['turtle']:.1f}s, read the store {st['store']:.1f}s "
              f"({st['turtle'] / st['store']:.1f}x); projection + stats {st['projection']:.1f}s")


if __name__ == "__main__":
    main()
