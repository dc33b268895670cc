"""Concurrent clients against `kg serve` (in-process, 127.0.0.1): how many requests fail (connection
reset or refused, 5xx) and the latency, for N clients that all start at once.

    python benchmarks/serve_concurrency.py --clients 100 --requests 10 --graph tests/fixtures/mini.ttl
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kg.serve import SparqlServer, make_server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backlog", type=int, default=None, help="listen backlog instead of the server's (5 was the old one)")
    parser.add_argument("--graph", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mini.ttl")
    args = parser.parse_args()
    if args.backlog is not None:
        SparqlServer.request_queue_size = args.backlog
    srv = make_server(args.graph, host="127.0.0.1", port=0, timeout=30.0, workers=args.workers)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    url = srv.url + "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    barrier = threading.Barrier(args.clients)
    latencies: list[float] = []
    failures: dict[str, int] = {}
    lock = threading.Lock()

    def client(_: int) -> None:
        barrier.wait()
        for _ in range(args.requests):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as resp:
                    resp.read()
                    outcome = None if resp.status == 200 else str(resp.status)
            except urllib.error.HTTPError as exc:
                outcome = str(exc.code)
            except (urllib.error.URLError, OSError) as exc:
                outcome = type(getattr(exc, "reason", exc)).__name__
            with lock:
                latencies.append(time.perf_counter() - started)
                if outcome:
                    failures[outcome] = failures.get(outcome, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        list(pool.map(client, range(args.clients)))
    seconds = time.perf_counter() - started
    srv.shutdown()
    srv.server_close()
    total = args.clients * args.requests
    failed = sum(failures.values())
    print(f"{args.clients} clients x {args.requests} requests, backlog {srv.request_queue_size}, "
          f"{args.workers} workers: {failed}/{total} failed {failures or ''} in {seconds:.1f} s; "
          f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
          f"p99 {sorted(latencies)[int(0.99 * (len(latencies) - 1))] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
